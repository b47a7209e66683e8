#!/bin/sh
# How well the bounce reader finds recipients and their status codes in
# the shared corpus of real bounces, when the checkout has ../shared
# beside it (SHARED=dir names another place).  Prints, per set, how many
# files give exactly the expected number of recipients, and how many give
# the expected status for every recipient: "strict" compares the Status:
# field, "text" also accepts the code when the diagnostic text holds it.
# Sisimai's made-up X.0.9NN statuses are not counted for status.
#
# usage: tests/mail-score.sh [mailtool]

LC_ALL=C
export LC_ALL
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
tool=${1:-tests/mailtool}
shared=${SHARED:-../shared}/corpus
if [ ! -d "$shared/dsn" ] || [ ! -d "$shared/sisimai" ]; then
	echo "mail-score: $shared is not there; skipped"
	exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mail-score.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM

# One set: $1 its name, $2 the directory, $3 an awk program that turns
# the expectation file into "file<TAB>count<TAB>status;status..." lines.
score() {
	"$tool" "$2"/*.eml > "$tmp/out" 2> "$tmp/err"
	awk -F '\t' "$3" "$4" > "$tmp/want"
	awk -F '\t' -v set="$1" -v verbose="${VERBOSE:-0}" '
	FILENAME == ARGV[1] {
		f = $1; sub(/:[0-9]+$/, "", f); sub(/.*\//, "", f)
		if ($4 == "") next
		n[f]++; st[f, n[f]] = $6; dg[f, n[f]] = $9
		next
	}
	{
		files++; f = $1; want = $2
		if (n[f] + 0 == want + 0) count++
		else if (verbose) printf "%s: count %s, want %s\n", f, n[f] + 0, want
		k = split($3, s, ";"); ok = 1; okt = 1; judged = 0
		for (i = 1; i <= k; i++) {
			if (s[i] ~ /^[45]\.0\.9[0-9][0-9]$/ || s[i] == "") continue
			if (s[i] == "(empty)") s[i] = ""
			judged = 1
			if (st[f, i] != s[i]) ok = 0
			if (st[f, i] != s[i] && index(dg[f, i], s[i]) == 0) okt = 0
		}
		if (!judged) { unjudged++; next }
		nj++
		if (ok) strict++
		if (okt) text++
		else if (verbose) printf "%s: status %s, want %s\n", f, st[f, 1], $3
	}
	END {
		printf "%s: %d files; recipients exact %d/%d; status strict %d/%d, with text %d/%d (%d without a real status)\n",
		    set, files, count, files, strict, nj, text, nj, unjudged
	}' "$tmp/out" "$tmp/want"
}

score dsn "$shared/dsn" 'NR > 1 { print $1 "\t" $2 "\t" $3 }' \
    "$shared/dsn/truth.tsv"
score sisimai "$shared/sisimai" 'NR > 1 {
	f = $1; sub(/.*\//, "", f)
	if (!(f in c)) order[++n] = f
	c[f]++; s[f] = s[f] (c[f] > 1 ? ";" : "") $4
}
END { for (i = 1; i <= n; i++) print order[i] "\t" c[order[i]] "\t" s[order[i]] }' \
    "$shared/sisimai/expected.tsv"
