#!/bin/sh
# Test runner: unit tables, golden CLI cases, README and man page examples,
# knowledge-base lint, run against each binary named on the command line
# (the normal build and the sanitizer build).  Ends with "N passed, N failed".
#
# usage: tests/run.sh [-u unit-binary] smtpcode-binary ...

LC_ALL=C
export LC_ALL
unset NO_COLOR SMTPCODE_KB COLUMNS
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/smtpcode-test.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0
skip=0
units=

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); printf 'FAIL %s\n' "$*"; }
skipped() { skip=$((skip + 1)); printf 'SKIP %s\n' "$*"; }

while getopts u: opt; do
	case $opt in
	u) units="$units $OPTARG" ;;
	*) echo "usage: tests/run.sh [-u unit] smtpcode ..." >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || set -- ./smtpcode

# The unit binary prints "unit: N passed, N failed".
run_unit() {
	out=$("$1" tests 2>&1)
	printf '%s\n' "$out" | grep '^FAIL'
	p=$(printf '%s\n' "$out" | sed -n 's/^unit: \([0-9]*\) passed.*/\1/p')
	f=$(printf '%s\n' "$out" | sed -n 's/^unit: [0-9]* passed, \([0-9]*\) failed/\1/p')
	if [ -z "$p" ]; then
		bad "$1: did not finish: $out"
		return
	fi
	pass=$((pass + p))
	fail=$((fail + f))
}

# One golden case: NAME.args (one argument a line), optional NAME.in,
# NAME.env (VAR=value lines), NAME.rc (default 0), NAME.out (exact
# stdout), NAME.grep (lines stdout must contain), NAME.err (exact stderr;
# without it stderr must be empty).  Without --color=always in the
# arguments, stdout must hold no escape character.
run_cli() {
	bin=$1 case=$2
	name=${case%.args}
	set --
	while IFS= read -r arg || [ -n "$arg" ]; do
		set -- "$@" "$arg"
	done < "$case"
	input=/dev/null
	[ -f "$name.in" ] && input=$name.in
	envs=
	[ -f "$name.env" ] && envs=$(cat "$name.env")
	# shellcheck disable=SC2086
	env $envs "$bin" "$@" < "$input" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	want=0
	[ -f "$name.rc" ] && want=$(cat "$name.rc")
	[ "$rc" = "$want" ] || { bad "$name ($bin): exit $rc, want $want"; return; }
	if [ -f "$name.out" ]; then
		cmp -s "$tmp/out" "$name.out" ||
		    { bad "$name ($bin): stdout differs"; diff "$name.out" "$tmp/out" | head -10; return; }
	fi
	if [ -f "$name.grep" ]; then
		while IFS= read -r want_line; do
			grep -qF -- "$want_line" "$tmp/out" ||
			    { bad "$name ($bin): stdout lacks: $want_line"; return; }
		done < "$name.grep"
	fi
	if ! grep -q -- '--color=always' "$case" &&
	    [ "$(tr -cd '\033' < "$tmp/out" | wc -c)" -ne 0 ]; then
		bad "$name ($bin): escape sequence in plain output"
		return
	fi
	if [ -f "$name.err" ]; then
		sed "s|^$bin:|smtpcode:|;s|^[^ ]*/smtpcode:|smtpcode:|" "$tmp/err" > "$tmp/err2"
		cmp -s "$tmp/err2" "$name.err" ||
		    { bad "$name ($bin): stderr differs"; diff "$name.err" "$tmp/err2" | head -10; return; }
	elif [ -s "$tmp/err" ]; then
		bad "$name ($bin): unexpected stderr: $(head -3 "$tmp/err")"
		return
	fi
	ok
}

# Examples in a document: "$ command" lines, then the expected output up
# to the next "$ " line or the end of the block.  The block is delimited by
# lines matching $2 and $3; $4 is a sed script that unescapes the source.
run_examples() {
	bin=$1 doc=$2 opening=$3 closing=$4 unescape=$5
	mkdir -p "$tmp/bin"
	ln -sf "$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")" "$tmp/bin/smtpcode"
	awk -v opening="$opening" -v closing="$closing" -v dir="$tmp/ex" '
	    BEGIN { n = 0; inblock = 0 }
	    $0 ~ opening && !inblock { inblock = 1; next }
	    $0 ~ closing && inblock { inblock = 0; next }
	    inblock && /^\$ / { n++; f = sprintf("%s.%03d", dir, n);
		print substr($0, 3) > (f ".cmd"); printf "" > (f ".want"); next }
	    inblock && n > 0 { print > (sprintf("%s.%03d", dir, n) ".want") }
	' "$doc"
	found=0
	for cmd in "$tmp"/ex.*.cmd; do
		[ -f "$cmd" ] || continue
		found=1
		want=${cmd%.cmd}.want
		sed "$unescape" "$cmd" > "$cmd.sh"
		sed "$unescape" "$want" > "$want.u"
		(cd "$top" && PATH="$tmp/bin:$PATH" sh "$cmd.sh") > "$tmp/got" 2>&1
		if cmp -s "$tmp/got" "$want.u"; then ok; else
			bad "$doc example: $(cat "$cmd.sh")"
			diff "$want.u" "$tmp/got" | head -10
		fi
		rm -f "$cmd" "$want"
	done
	[ $found = 1 ] || bad "$doc: no examples found"
}

# Every registry and RFC code has an entry of its own, not a fallback.
run_registry() {
	bin=$1
	while read -r code; do
		case $code in '#'*|'') continue ;; esac
		out=$("$bin" -b "$code" 2>&1)
		case $out in
		*"Unregistered code"*|*"Non-standard reply code"*|"")
			bad "registry: $code has no entry of its own" ;;
		*) ok ;;
		esac
	done < tests/data/registry-codes.txt
}

# Every entry renders in every output format without a message.
run_render_all() {
	bin=$1
	for f in codes/*.md codes/vendor/*.md; do
		[ -f "$f" ] || continue
		key=$(basename "$f" .md)
		[ "$key" = README ] && continue
		for opts in "--color=never" "--color=always" "-b"; do
			"$bin" $opts "$key" > "$tmp/out" 2> "$tmp/err"
			rc=$?
			if [ $rc != 0 ] || [ -s "$tmp/err" ] || [ ! -s "$tmp/out" ]; then
				bad "render $key $opts: exit $rc $(head -2 "$tmp/err")"
			else
				ok
			fi
		done
	done
}

for u in $units; do
	run_unit "$u"
done

if [ -x ./kbgen ]; then
	# shellcheck disable=SC2046
	if ./kbgen -l $(ls codes/*.md codes/vendor/*.md 2>/dev/null | grep -v README) 2> "$tmp/lint"; then ok; else
		bad "knowledge-base lint:"; cat "$tmp/lint"
	fi
fi

for bin in "$@"; do
	for case in tests/cli/*.args; do
		run_cli "$bin" "$case"
	done
	run_examples "$bin" README.md '^```console$' '^```$' 's/x/x/'
	run_examples "$bin" man/smtpcode.1 '^\.Bd -literal' '^\.Ed' \
	    's/\\e/\\/g;s/\\-/-/g;s/\\(aq/'"'"'/g;s/\\&//g'
	run_registry "$bin"
	run_render_all "$bin"
done

if command -v mandoc > /dev/null 2>&1; then
	if mandoc -T lint -W warning man/smtpcode.1 > "$tmp/lint" 2>&1; then ok; else
		bad "mandoc -T lint man/smtpcode.1"; cat "$tmp/lint"
	fi
else
	skipped "mandoc lint: mandoc is not installed"
fi

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
