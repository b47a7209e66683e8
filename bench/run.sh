#!/bin/sh
# make bench: throughput of log mode against grep -E on the same file.
# usage: bench/run.sh [megabytes]   (default 200; the log is generated once
# into ${TMPDIR:-/tmp} and reused)
set -eu
cd "$(dirname "$0")/.."
mb=${1:-200}
log=${TMPDIR:-/tmp}/smtpcode-bench-$mb.log
[ -s "$log" ] || sh bench/genlog.sh "$mb" > "$log"
bytes=$(wc -c < "$log")
LC_ALL=C
export LC_ALL

# Best wall time of three runs, in seconds, and peak memory in KB.
measure() {
	best=
	for _ in 1 2 3; do
		/usr/bin/time -f '%e %M' -o "$log.time" "$@" < "$log" > "$log.out"
		read -r t kb < "$log.time"
		if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then
			best=$t
		fi
	done
	rm -f "$log.time" "$log.out"
	mbs=$(echo "scale=0; $bytes / 1000000 / ($best + 0.0001)" | bc)
	printf '%-58s %6.2f s %6s MB/s %7s KB\n' "$*" "$best" "$mbs" "$kb"
}

echo "log: $log, $bytes bytes, $(wc -l < "$log") lines"
measure ./smtpcode -o
measure ./smtpcode --summary
measure ./smtpcode --summary=vendor
measure ./smtpcode -r
measure ./smtpcode
measure grep -cE '[245][0-9][0-9][ -][245]\.[0-9]{1,3}\.[0-9]{1,3}|[245]\.[0-9]{1,3}\.[0-9]{1,3}'
measure grep -oE '[245]\.[0-9]{1,3}\.[0-9]{1,3}|\b[245][0-9][0-9]\b'
