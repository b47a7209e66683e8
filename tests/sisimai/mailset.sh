#!/bin/sh
# Score the bounce-message reader and the verdict engine together on a
# development set of real bounces: every .eml file beside expected.tsv is
# read as mail (smtpcode -T json FILE), and the reason of each failed
# recipient, in the order the bounce lists them, is compared with what
# Sisimai's test suite expects.  Prints the figures; -v every difference.
#
# usage: mailset.sh smtpcode expected.tsv [-v]
set -eu
bin=$1 tsv=$2 verbose=${3:-}
dir=$(dirname "$tsv")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tail -n +2 "$tsv" | cut -f1,2,6 | while IFS= read -r row; do
	f=$(printf '%s\n' "$row" | cut -f1)
	printf '%s\n' "$(basename "$f")"
done | sort -u > "$tmp/files"
: > "$tmp/got"
while IFS= read -r f; do
	[ -f "$dir/$f" ] || continue
	"$bin" --mail -T json "$dir/$f" 2>/dev/null | jq -r --arg f "$f" \
	    'select(.recipient != null or .verdict != null) |
	    [$f, (.verdict.reason // "")] | @tsv' 2>/dev/null |
	    awk -F '\t' '{ n[$1]++; print $1 "\t" n[$1] "\t" $2 }' \
	    >> "$tmp/got" || true
done < "$tmp/files"
tail -n +2 "$tsv" | awk -F '\t' '{ n = split($1, p, "/");
    print p[n] "\t" $2 "\t" $6 }' > "$tmp/want"
awk -F '\t' -v verbose="$verbose" -v why="$(dirname "$0")/devset-why.tsv" '
BEGIN {
	while ((getline l < why) > 0) {
		if (l ~ /^#/) continue
		split(l, w, "\t"); kept[w[1] "\t" w[2]] = 1
	}
}
NR == FNR { got[$1 "\t" $2] = $3; next }
{
	n++
	k = $1 "\t" $2
	if (k in got) found++
	if (got[k] == $3) ok++
	else if (($3 "\t" got[k]) in kept) kept_n++
	else if (verbose != "") printf "%s\t%s\t%s\n", $3, got[k], k
}
END {
	printf "mailset: %d recipients; found %d; reason strict %d (%.0f%%), " \
	    "strict or kept on purpose %d (%.0f%%)\n", n, found, ok,
	    100 * ok / n, ok + kept_n, 100 * (ok + kept_n) / n
}' "$tmp/got" "$tmp/want"
