#!/bin/sh
# Rewrite the golden stdout of CLI cases from the current ./smtpcode, run
# from the top of the tree as tests/run.sh runs them, and show what
# changed.  Review the diff before committing: a golden is only as good as
# the reading it got.  With -p, the golden pages of every format
# (tests/pages/NAME.out_*) are rewritten instead.
#
# usage: tests/regen.sh [case.out ...]    (default: every case with a .out)
#        tests/regen.sh -p
LC_ALL=C
export LC_ALL
unset NO_COLOR SMTPCODE_KB COLUMNS
cd "$(dirname "$0")/.." || exit 2
if [ "$1" = -p ]; then
	sh tests/pages.sh -w ./smtpcode
	git diff --stat -- tests/pages 2>/dev/null
	git diff -- tests/pages 2>/dev/null
	git status --short -- tests/pages 2>/dev/null | grep '^??'
	exit 0
fi
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
git diff --stat -- tests/cli 2>/dev/null
git diff -- tests/cli 2>/dev/null
