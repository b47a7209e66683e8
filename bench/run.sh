#!/bin/sh
# make bench: log-mode throughput of every view on three generated logs,
# beside grep -oE (the same regular expression as always), rg -o when it
# is installed, and cat; then start-up latency against /bin/true, and a
# log twice the size to show linear time and flat memory.
# usage: [SMTPCODE=binary] bench/run.sh [megabytes] [runs]
# (default ./smtpcode, 200 MB, 3 runs; the logs are generated once into
# build-bench/ of the source tree, or $BENCH_DIR, and reused: a fixed
# name in a shared /tmp could be anyone's file)
#
# Each figure is the best of the runs: wall time (MB/s, ratio to grep)
# and user CPU time, which a loaded machine disturbs less.  Output goes
# through a pipe to cat, as a reader would take it: written to a file,
# annotation (twice the input) measured the disk, and GNU grep writing
# to /dev/null stops at the first match.
set -eu
cd "$(dirname "$0")/.."
mb=${1:-200}
runs=${2:-3}
dir=${BENCH_DIR:-build-bench}
bin=${SMTPCODE:-./smtpcode}	# another build to compare
mkdir -p "$dir"
tmp=$(mktemp "${TMPDIR:-/tmp}/smtpcode-bench.XXXXXX")
trap 'rm -f "$tmp"' EXIT
LC_ALL=C
export LC_ALL
re='[245]\.[0-9]{1,3}\.[0-9]{1,3}|\b[245][0-9][0-9]\b'

gen() {
	f=$dir/$2-$1.log
	# Written aside, then renamed: an interrupted run leaves no half log.
	if [ ! -s "$f" ]; then
		sh bench/genlog.sh "$1" "$2" > "$f.part"
		mv "$f.part" "$f"
	fi
	echo "$f"
}

# measure LOG LABEL COMMAND...: sets wall, user (seconds) and kb.
measure() {
	log=$1
	shift
	wall= user= kb=0
	i=0
	while [ "$i" -lt "$runs" ]; do
		i=$((i + 1))
		/usr/bin/time -f '%e %U %M' -o "$tmp" "$@" \
		    < "$log" | cat > /dev/null
		read -r w u k < "$tmp"
		if [ -z "$wall" ] || [ "$(echo "$w < $wall" | bc)" = 1 ]; then
			wall=$w
		fi
		if [ -z "$user" ] || [ "$(echo "$u < $user" | bc)" = 1 ]; then
			user=$u
		fi
		if [ "$k" -gt "$kb" ]; then kb=$k; fi
	done
}

# target MODE: the MB/s that issue 15 and SPEC section 7 ask of a mode
# (one core), or - for the other tools.
target() {
	case $1 in
	-o|--summary*) echo 1500 ;;
	-r) echo 700 ;;
	""|-m|"-T json") echo 500 ;;
	*) echo - ;;
	esac
}

# row LABEL BYTES GREPWALL GREPUSER [TARGET]: one line of the table.
row() {
	mbs=$(echo "scale=0; $2 / 1000000 / ($wall + 0.001)" | bc)
	ratio=$(echo "scale=2; $3 / ($wall + 0.001)" | bc)
	if [ "$(echo "$user < 0.02" | bc)" = 1 ]; then
		cpu=- cratio=-
	else
		cpu=$(echo "scale=0; $2 / 1000000 / $user" | bc)
		cratio=$(printf '%.2f' "$(echo "$4 / $user" | bc -l)")
	fi
	printf '| %-25s | %6.2f | %5s | %6.2f | %6s | %6.2f | %8s | %6s | %6s |\n' \
	    "$1" "$wall" "$mbs" "$user" "$cpu" "$ratio" "$cratio" "$kb" \
	    "${5:--}"
}

echo "machine: $(uname -srm), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: /cpu: /' || true
for kind in postfix mixed bounce; do
	log=$(gen "$mb" "$kind")
	bytes=$(wc -c < "$log")
	echo
	echo "$kind log: $bytes bytes, $(wc -l < "$log") lines"
	echo
	echo "| command                   | wall s |  MB/s | user s | MB/s u | x grep | x grep u | max KB | target |"
	echo "|---------------------------|--------|-------|--------|--------|--------|----------|--------|--------|"
	measure "$log" grep -oE "$re"
	gwall=$wall guser=$user
	row "grep -oE" "$bytes" "$gwall" "$guser"
	if command -v rg > /dev/null 2>&1; then
		measure "$log" rg -o "$re"
		row "rg -o" "$bytes" "$gwall" "$guser"
	fi
	measure "$log" cat
	row "cat" "$bytes" "$gwall" "$guser"
	for m in "" -m -o -r "-T json" --summary --summary=reason; do
		# shellcheck disable=SC2086
		measure "$log" "$bin" --color=never $m
		row "smtpcode ${m:-(annotate)}" "$bytes" "$gwall" "$guser" \
		    "$(target "$m")"
	done
done

# Start-up: 1000 runs of an operand against 1000 of /bin/true.
loop() {
	i=0
	while [ "$i" -lt 1000 ]; do
		"$@" > /dev/null
		i=$((i + 1))
	done
}
echo
for cmd in /bin/true "$bin 5.1.1"; do
	# shellcheck disable=SC2086
	set -- $cmd
	best=
	for _ in 1 2 3; do
		s=$(date +%s.%N)
		loop "$@"
		e=$(date +%s.%N)
		t=$(echo "$e - $s" | bc)
		if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then
			best=$t
		fi
	done
	printf 'start-up, 1000 runs of %-18s %6.3f s\n' "$cmd:" "$best"
	[ "$cmd" = /bin/true ] && truet=$best
done
printf '%s 5.1.1 / /bin/true: %.2f\n' "$bin" "$(echo "$best / $truet" | bc -l)"

# Twice the size: time grows linearly, memory does not.
echo
for m in "" "-T json"; do
	for size in "$mb" $((mb * 2)); do
		log=$(gen "$size" postfix)
		# shellcheck disable=SC2086
		measure "$log" "$bin" --color=never $m
		printf '%-8s %4d MB postfix log: wall %6.2f s, user %6.2f s (%s s/GB), max %s KB\n' \
		    "${m:-annotate}" "$size" "$wall" "$user" \
		    "$(echo "scale=2; $user * 1024 / $size" | bc)" "$kb"
	done
done
