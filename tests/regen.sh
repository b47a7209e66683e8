#!/bin/sh
# Rewrite the golden stdout of CLI cases from the current ./smtpcode, run
# from the top of the tree as tests/run.sh runs them.  Review the diff
# (git diff tests/cli) before committing: a golden is only as good as the
# reading it got.
#
# usage: tests/regen.sh [case.out ...]    (default: every case with a .out)
LC_ALL=C
export LC_ALL
unset NO_COLOR SMTPCODE_KB COLUMNS
cd "$(dirname "$0")/.." || exit 2
[ $# -gt 0 ] || set -- $(cd tests/cli && ls ./*.out)
for out in "$@"; do
	name=tests/cli/$(basename "$out" .out)
	set --
	while IFS= read -r arg || [ -n "$arg" ]; do
		set -- "$@" "$arg"
	done < "$name.args"
	input=/dev/null
	[ -f "$name.in" ] && input=$name.in
	envs=
	[ -f "$name.env" ] && envs=$(cat "$name.env")
	# shellcheck disable=SC2086
	env $envs ./smtpcode "$@" < "$input" > "$name.out" 2> /dev/null
done
