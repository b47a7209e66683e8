#!/bin/sh
# Golden pages per output format, as mandoc's regress suite keeps one
# file per output mode: for every tests/pages/NAME.args (one argument a
# line; NAME.env holds VAR=value lines), the page in each format is
# compared byte for byte with NAME.out_text, .out_ansi, .out_html,
# .out_man and .out_json.  The inputs between them carry every kind of
# note a page can have.  Prints "FAIL ..." lines and, last,
# "pages: N passed, N failed".
#
# usage: tests/pages.sh [-w] smtpcode-binary
#        -w writes the golden files instead (tests/regen.sh -p does it)

LC_ALL=C
export LC_ALL
unset NO_COLOR SMTPCODE_KB COLUMNS
write=
[ "$1" = -w ] && { write=1; shift; }
bin=${1:-./smtpcode}
cd "$(dirname "$0")/.." || exit 2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/smtpcode-pages.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0

for case in tests/pages/*.args; do
	name=${case%.args}
	set --
	while IFS= read -r arg || [ -n "$arg" ]; do
		set -- "$@" "$arg"
	done < "$case"
	envs=
	[ -f "$name.env" ] && envs=$(cat "$name.env")
	for fmt in text ansi html man json; do
		case $fmt in
		text) opts="--color=never" ;;
		ansi) opts="--color=always" ;;
		*) opts="-T $fmt" ;;
		esac
		# shellcheck disable=SC2086
		env $envs "$bin" --no-pager $opts "$@" < /dev/null \
		    > "$tmp/out" 2> "$tmp/err"
		rc=$?
		if [ -n "$write" ]; then
			cp "$tmp/out" "$name.out_$fmt"
			continue
		fi
		if [ $rc -ne 0 ] || [ -s "$tmp/err" ]; then
			fail=$((fail + 1))
			echo "FAIL $name.out_$fmt: exit $rc $(head -1 "$tmp/err")"
		elif cmp -s "$tmp/out" "$name.out_$fmt"; then
			pass=$((pass + 1))
		else
			fail=$((fail + 1))
			echo "FAIL $name.out_$fmt differs"
			diff "$name.out_$fmt" "$tmp/out" | head -10
		fi
	done
done
# Every note of a page appears in every format: the first words of each
# note's text (from the JSON page) are found in the text, ANSI, HTML and
# man pages once markup is taken out.
esc=$(printf '\033')
plain() {
	sed -e "s/$esc\\[[0-9;]*m//g" -e 's/<[^>]*>//g' \
	    -e 's/&quot;/"/g;s/&lt;/</g;s/&gt;/>/g;s/&#39;/'"'"'/g;s/&amp;/\&/g' \
	    -e 's/\\f[BIRPC]//g;s/\\f(CR//g;s/\\f\[[A-Z]*\]//g' \
	    -e 's/\\-/-/g;s/\\(aq/'"'"'/g;s/\\(dq/"/g;s/\\(lq/"/g;s/\\(rq/"/g' \
	    -e 's/\\&//g;s/\\e/\\/g;s/^\.[A-Za-z]* *//' "$1" |
	    tr '\n' ' ' | tr -s ' '
}
for case in tests/pages/*.args; do
	name=${case%.args}
	[ -n "$write" ] && break
	command -v jq > /dev/null 2>&1 || break
	jq -r '.notes[].text | split("\n") | map(select(test("^#|^$") | not))
	    | .[0] | gsub("[`*_]"; "") | split(" ") | .[0:5] | join(" ")' \
	    "$name.out_json" > "$tmp/probes"
	while IFS= read -r probe; do
		for fmt in text ansi html man; do
			if plain "$name.out_$fmt" | grep -qiF -- "$probe"; then
				pass=$((pass + 1))
			else
				fail=$((fail + 1))
				echo "FAIL $name.out_$fmt lacks the note \"$probe\""
			fi
		done
	done < "$tmp/probes"
done
[ -n "$write" ] && exit 0
echo "pages: $pass passed, $fail failed"
[ $fail -eq 0 ]
