#!/bin/sh
# Words about how the project was made must not reach users: render every
# entry (the keys of "smtpcode --list") as text, HTML, man and JSON, and
# print each entry and format whose output holds one of them.  Exits 1
# when something was found, 0 when all is clean.
#
# usage: tests/words.sh [smtpcode-binary]    (default ./smtpcode)
#
# tests/run.sh runs it in make check.
LC_ALL=C
export LC_ALL
unset NO_COLOR SMTPCODE_KB COLUMNS
cd "$(dirname "$0")/.." || exit 2
bin=${1:-./smtpcode}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/smtpcode-words.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM

# Extended regular expressions, matched without regard to case.
cat > "$tmp/words" <<'WORDS'
seed page
the seed
seed's
Status: notsmtp
codes/[A-Za-z0-9._/-]*\.md
codes/vendor
Source: codes
plecko
fact sheet
WORDS

"$bin" --list | awk 'NF { print $1 }' > "$tmp/keys" || exit 2
[ -s "$tmp/keys" ] || { echo "words.sh: $bin --list printed nothing" >&2; exit 2; }
found=0
while IFS= read -r key; do
	for fmt in text html man json; do
		"$bin" --no-pager -T "$fmt" "$key" > "$tmp/out" 2>&1
		if [ "$fmt" = json ]; then
			# The "source" members name the file on purpose; the
			# text members are what users read.
			sed 's/"source":"[^"]*"//g' "$tmp/out" > "$tmp/out2"
			mv "$tmp/out2" "$tmp/out"
		fi
		if grep -n -i -E -f "$tmp/words" "$tmp/out" > "$tmp/hits"; then
			found=1
			sed "s|^|$key -T $fmt: |" "$tmp/hits" | cut -c1-200
		fi
	done
done < "$tmp/keys"
[ "$found" = 0 ] && echo "words.sh: no entry shows how the project was made"
exit $found
