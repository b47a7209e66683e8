#!/bin/sh
# Score smtpcode on a development set of real bounces with a peer's
# expectations: ../shared/corpus/sisimai/expected.tsv, one row per bounced
# recipient with the diagnostic text and the status, reply and reason that
# Sisimai's own test suite expects.  Each text is classified as one
# operand, as a user would paste it; the figures are printed, and with -v
# every row where the reason differs.
#
# usage: devset.sh smtpcode expected.tsv [-v]
#
# The pairs of reasons listed in devset-why.tsv beside this script are
# disagreements kept on purpose; the figures count them apart.
set -eu
bin=$1 tsv=$2 verbose=${3:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tail -n +2 "$tsv" | cut -f3,4,5,6 > "$tmp/rows"
: > "$tmp/got"
while IFS= read -r row; do
	text=$(printf '%s\n' "$row" | cut -f1)
	status=$(printf '%s\n' "$row" | cut -f2)
	reply=$(printf '%s\n' "$row" | cut -f3)
	reason=$(printf '%s\n' "$row" | cut -f4)
	out=$("$bin" -T json -- "$text" 2>/dev/null | head -1 |
	    jq -r '[.code // "", (.reply // "" | tostring),
	    .reason // ""] | @tsv' 2>/dev/null || true)
	[ -n "$out" ] || out="		"
	printf '%s\t%s\t%s\t%s\t%s\n' "$status" "$reply" "$reason" "$out" \
	    "$text" >> "$tmp/got"
done < "$tmp/rows"
grep -v '^#' "$(dirname "$0")/devset-why.tsv" | cut -f1,2 > "$tmp/why"
awk -F '\t' -v verbose="$verbose" -v why="$tmp/why" '
# Sisimai renamed some reasons and split others; a lenient match
# accepts a name from the same family.
function family(r) {
	if (r == "mesgtoobig" || r == "exceedlimit") return "emailtoolarge"
	if (r == "speeding" || r == "toomanyconn") return "ratelimited"
	if (r == "requireptr" || r == "badreputation") return "blocked"
	if (r == "authfailure" || r == "securityerror") return "policyviolation"
	if (r == "notcompliantrfc") return "contenterror"
	return r
}
BEGIN {
	while ((getline l < why) > 0) {
		split(l, w, "\t")
		kept[w[1] "\t" w[2]] = 1
	}
}
{
	n++
	if ($4 != "" && ($4 == $1 || index($4, "." ) == 0 && 0)) st++
	if ($1 == $4) st_ok++
	if ($5 != "" && $5 == $2) rp_ok++
	if ($2 != "") rp_n++
	if ($1 != "" && $1 !~ /\.0\.9[0-9][0-9]$/) st_n++
	if ($3 == $6) strict++
	if (family($3) == family($6)) lenient++
	if ($3 != $6 && (($3 "\t" $6) in kept)) deliberate++
	if ($6 != "") said++
	if (verbose != "" && $3 != $6)
		printf "%s\t%s\t%s\n", $3, $6, $7
}
END {
	printf "devset: %d rows; reason strict %d (%.0f%%), lenient %d (%.0f%%), " \
	    "strict or kept on purpose %d (%.0f%%); a reason given %d; " \
	    "status equal %d of %d; reply equal %d of %d\n", \
	    n, strict, 100 * strict / n, lenient, 100 * lenient / n, \
	    strict + deliberate, 100 * (strict + deliberate) / n, said, \
	    st_ok, st_n, rp_ok, rp_n
}' "$tmp/got"
