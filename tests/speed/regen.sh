#!/bin/sh
# Goldens for the log-mode equivalence test: every log view of every
# tests/cli/*.in and tests/speed/gen-*.log, as the given binary prints it.
# Run only when a view's output is meant to change; the test exists to
# show that speed work changes no byte.
# usage: sh tests/speed/regen.sh [./smtpcode]
set -eu
cd "$(dirname "$0")/../.."
bin=${1:-./smtpcode}
. tests/speed/modes.sh
for in in tests/cli/*.in tests/speed/gen-*.log; do
	base=$(basename "$in")
	i=0
	for m in $modes; do
		i=$((i + 1))
		# shellcheck disable=SC2086
		"$bin" $(echo "$m" | tr , ' ') < "$in" > "tests/speed/out/$base.$i" 2>&1 || true
	done
done
