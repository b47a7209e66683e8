#!/bin/sh
# Test runner: unit tables, golden CLI cases, README and man page examples,
# knowledge-base lint, run against each binary named on the command line
# (the normal build and the sanitizer build).  Ends with "N passed, N failed".
#
# usage: tests/run.sh [-V] [-u unit-binary] smtpcode-binary ...
#
# -V runs every binary under valgrind: a memory error or a leak fails the
# case.

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
valgrind=

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); printf 'FAIL %s\n' "$*"; }
skipped() { skip=$((skip + 1)); printf 'SKIP %s\n' "$*"; }

while getopts Vu: opt; do
	case $opt in
	V) valgrind=1 ;;
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
# without it stderr must be empty).  Without --color, --color=always (or
# yes, force) in the arguments, stdout must hold no escape character.
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
	if ! grep -qE -- '^--colou?r(=always|=yes|=force)?$' "$case" &&
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

# Every entry renders in every output format without a message; its
# markdown is the file as written.  JSON and man output of all entries at
# once go through jq and mandoc when they are installed.
run_render_all() {
	bin=$1
	keys=
	for f in codes/*.md codes/vendor/*.md; do
		[ -f "$f" ] || continue
		key=$(basename "$f" .md)
		[ "$key" = README ] && continue
		keys="$keys $key"
		for opts in "--color=never" "--color=always" "-b" "-Thtml"; do
			"$bin" $opts "$key" > "$tmp/out" 2> "$tmp/err"
			rc=$?
			if [ $rc != 0 ] || [ -s "$tmp/err" ] || [ ! -s "$tmp/out" ]; then
				bad "render $key $opts: exit $rc $(head -2 "$tmp/err")"
			else
				ok
			fi
			[ "$opts" = --color=never ] || continue
			# Only the title and section headings start a line at column 0.
			stray=$(awk 'NR > 1 && /^[^ ]/ && !/^(Summary|Causes|Who must act|What to do|Server texts|Related|References|Not registered|Reading the digits)$/' "$tmp/out" | head -1)
			if [ -z "$stray" ]; then ok; else
				bad "render $key: text out of its indent: $stray"
			fi
		done
		if "$bin" -T markdown "$key" 2>&1 | cmp -s - "$f"; then ok; else
			bad "render $key -T markdown: not the file as written"
		fi
	done
	# shellcheck disable=SC2086
	check_json "$bin" "every entry" $keys
	# shellcheck disable=SC2086
	check_man "$bin" "every entry" $keys
}

# smtpcode -T json ARGS must exit 0 and print one valid object per line.
check_json() {
	bin=$1 what=$2
	shift 2
	"$bin" -T json "$@" > "$tmp/json" 2> "$tmp/err"
	rc=$?
	if [ $rc != 0 ] || [ -s "$tmp/err" ]; then
		bad "JSON of $what: exit $rc $(head -2 "$tmp/err")"
		return
	fi
	if ! command -v jq > /dev/null 2>&1; then
		skipped "JSON of $what through jq: jq is not installed"
		return
	fi
	if jq -e . "$tmp/json" > /dev/null 2>&1 &&
	    [ "$(jq -c 'select(type == "object" and (.code | type) ==
	    "string")' "$tmp/json" | wc -l)" -eq "$(wc -l < "$tmp/json")" ]
	then ok; else
		bad "JSON of $what: not one valid object per line"
		jq . "$tmp/json" 2>&1 > /dev/null | head -3
	fi
}

# smtpcode -T man ARGS must pass mandoc -T lint -W warning.
check_man() {
	bin=$1 what=$2
	shift 2
	"$bin" -T man "$@" > "$tmp/man.7" 2> "$tmp/err"
	rc=$?
	if [ $rc != 0 ] || [ -s "$tmp/err" ]; then
		bad "man page of $what: exit $rc $(head -2 "$tmp/err")"
	elif ! command -v mandoc > /dev/null 2>&1; then
		skipped "man page of $what through mandoc: mandoc is not installed"
	elif mandoc -T lint -W warning "$tmp/man.7" > "$tmp/lint" 2>&1; then
		ok
	else
		bad "man page of $what: mandoc -T lint -W warning"
		head -5 "$tmp/lint"
	fi
}

# Fallbacks, pairs and seed spellings in every format; listings too.
run_formats() {
	bin=$1
	set -- 5.1.99 599 554.30 4.2.0 1.1.1 X.7 5.X.X 5.1 \
	    "550 4.7.1 Try again later"
	check_json "$bin" "fallbacks" "$@"
	check_man "$bin" "fallbacks" "$@"
	check_json "$bin" "every kind of Markdown" --kb tests/overlay/markup 599
	check_man "$bin" "every kind of Markdown" --kb tests/overlay/markup 599
	for f in html markdown; do
		if "$bin" -T $f "$@" > "$tmp/out" 2> "$tmp/err" &&
		    [ -s "$tmp/out" ] && [ ! -s "$tmp/err" ]; then ok; else
			bad "$f of fallbacks: $(head -2 "$tmp/err")"
		fi
	done
	for mode in --list "--search mailbox"; do
		# shellcheck disable=SC2086
		check_man "$bin" "$mode" $mode
		"$bin" -T json $mode > "$tmp/json" 2> "$tmp/err"
		if ! command -v jq > /dev/null 2>&1; then
			skipped "JSON of $mode: jq is not installed"
		elif [ -s "$tmp/json" ] && [ ! -s "$tmp/err" ] &&
		    jq -e . "$tmp/json" > /dev/null 2>&1; then ok; else
			bad "JSON of $mode: not valid"
		fi
	done
}

# Every view of the same lines names the same reason and vendor: the
# page lines of annotate, -r, JSON Lines and --summary=reason.
run_views() {
	bin=$1 in=tests/cli/verdict-views.in
	if ! command -v jq > /dev/null 2>&1; then
		skipped "views: jq is not installed"
		return
	fi
	"$bin" -T json < "$in" | jq -r '.reason' > "$tmp/v-json"
	"$bin" -r < "$in" | awk '{ print $(NF - 1) }' > "$tmp/v-r"
	"$bin" < "$in" | sed -n 's/^  => .* \[[^;]*; [^;]*; \([a-z]*\);.*/\1/p' \
	    > "$tmp/v-ann"
	"$bin" --summary=reason < "$in" | awk 'NF == 2 && $1 ~ /^[0-9]+$/ \
	    { for (i = 0; i < $1; i++) print $2 }' | sort > "$tmp/v-sum"
	sort "$tmp/v-json" > "$tmp/v-json-sorted"
	"$bin" -T json < "$in" | jq -r '(.vendor // .receiver).name // "-"' > "$tmp/v-vj"
	"$bin" < "$in" | sed -n 's/^  => .*; \([^;]*\)\]$/\1/p' > "$tmp/v-va"
	if [ -s "$tmp/v-json" ] && cmp -s "$tmp/v-json" "$tmp/v-r" &&
	    cmp -s "$tmp/v-json" "$tmp/v-ann" &&
	    cmp -s "$tmp/v-json-sorted" "$tmp/v-sum" &&
	    [ "$(grep -vc '^-$' "$tmp/v-vj")" -gt 0 ] &&
	    grep -v '^-$' "$tmp/v-vj" | while IFS= read -r name; do
		grep -qxF "$name" "$tmp/v-va" || exit 1; done; then ok; else
		bad "views of $in disagree on reason or vendor"
		paste "$tmp/v-json" "$tmp/v-r" "$tmp/v-ann"
	fi
}

# A reply of three continuation lines, pasted as one operand, is one
# verdict: one brief line, Gmail's.
run_one_reply() {
	bin=$1
	"$bin" -b "$(printf '%s\n%s\n%s' \
	    '550-5.7.1 [192.0.2.9] Our system has detected that this message is' \
	    '550-5.7.1 likely unsolicited mail. To reduce the amount of spam sent' \
	    '550 5.7.1 to Gmail, this message has been blocked. gsmtp')" \
	    > "$tmp/one" 2>&1
	if [ "$(wc -l < "$tmp/one")" -eq 1 ] && grep -q Gmail "$tmp/one"; then
		ok
	else
		bad "a three-line Gmail reply is not one verdict"; cat "$tmp/one"
	fi
}

# Pages fit the width: at -w 60 and -w 40 no line of any entry's page
# (header and facts included), of partial codes, of a pasted reply or of
# the golden pages' inputs (every kind of note), plain or styled, is
# longer than the width, unless it is one word that cannot be broken (a
# URL).  Partial codes and vendor pages keep the Class line.
run_width() {
	bin=$1 esc=$(printf '\033')
	for w in 60 40; do
		{
		{ "$bin" --list | awk '{ print $1 }' | grep -v '^$'
		  printf '%s\n' X.7 5.7 4.4.9 5.12.345 599 \
		    '550 5.7.1 Service unavailable; client host [192.0.2.1] blocked using zen.spamhaus.org'
		} | while read -r key; do
			"$bin" -w $w "$key" 2>/dev/null
		done
		for case in tests/pages/*.args; do
			set --
			while IFS= read -r arg || [ -n "$arg" ]; do
				set -- "$@" "$arg"
			done < "$case"
			envs=
			[ -f "${case%.args}.env" ] && envs=$(cat "${case%.args}.env")
			# shellcheck disable=SC2086
			env $envs "$bin" -w $w "$@" 2>/dev/null
			# shellcheck disable=SC2086
			env $envs "$bin" -w $w --color=always "$@" 2>/dev/null |
			    sed "s/$esc\\[[0-9;]*m//g"
		done
		} | awk -v w=$w '{ c = $0; gsub(/[\200-\277]/, "", c) }
		    length(c) > w { t = $0; sub(/^ *(- )?/, "", t);
		    if (t ~ / /) { print; n++ } } END { exit n > 0 }' \
		    > "$tmp/wide"
		if [ $? -eq 0 ]; then ok; else
			bad "pages wider than $w columns at -w $w:"
			head -5 "$tmp/wide"
		fi
	done
	for key in X.7.1 X.7 5.7 microsoft-s3150 4.4.9; do
		if "$bin" -w 60 "$key" | sed -n 2,3p | grep -q '^  Class '; then ok
		else bad "the page of $key has no Class line"; fi
	done
}

# One schema: a lookup, a search result, JSON Lines records, summaries by
# code and by reason and a bounce's recipients.  Every top-level object
# begins with "schema" and "type", and a field name, at any depth, has one
# JSON type in all of them (null goes with any).  No fixed field list:
# new fields are checked as they come.
run_json_schema() {
	bin=$1 d=$tmp/schema
	if ! command -v jq > /dev/null 2>&1; then
		skipped "JSON schema: jq is not installed"
		return
	fi
	mkdir -p "$d"
	"$bin" -T json 5.1.1 "550 4.7.1 Try again later" 554.30 > "$d/lookup"
	"$bin" -T json --search mailbox > "$d/search"
	"$bin" -T json < tests/cli/verdict-views.in > "$d/line"
	"$bin" --summary -T json < tests/cli/verdict-views.in > "$d/summary"
	"$bin" --summary=reason -T json < tests/cli/verdict-views.in \
	    > "$d/reason"
	"$bin" --summary=vendor -T json < tests/cli/verdict-views.in \
	    > "$d/vendor"
	"$bin" -T json tests/mail/gmail.eml tests/mail/autoreply.eml \
	    > "$d/recipient"
	for f in lookup search line summary reason vendor recipient; do
		if [ ! -s "$d/$f" ] || ! jq -e . "$d/$f" > /dev/null 2>&1
		then
			bad "JSON schema: no valid $f output"
			return
		fi
		# The JSON Lines writer moves to the schema on its own branch.
		if [ $f = line ] && ! jq -e 'has("schema")' "$d/$f" \
		    > /dev/null; then
			skipped "JSON schema: JSON Lines records have no schema yet"
		elif jq -e '(keys_unsorted[0:2] == ["schema", "type"]) and
		    (.schema | type) == "number" and (.type | type) == "string"' \
		    "$d/$f" | grep -qvx true; then
			bad "JSON schema: a $f object does not begin with" \
			    "schema and type"
		else
			ok
		fi
	done
	for f in lookup search line summary reason vendor recipient; do
		jq -r --arg src "$f" '.. | objects | to_entries[] |
		    select(.value != null) |
		    "\(.key) \(.value | type) \($src)"' "$d/$f"
	done | sort -u > "$d/types"
	awk '{ t[$1] = t[$1] " " $2 "(" $3 ")"; n[$1 " " $2] = 1 }
	    END { for (k in n) { split(k, a, " "); c[a[1]]++ }
		for (f in c) if (c[f] > 1) { print f ":" t[f]; bad = 1 }
		exit bad }' "$d/types" > "$d/clash"
	if [ $? -eq 0 ]; then ok; else
		bad "JSON schema: fields with more than one type:"
		head -10 "$d/clash"
	fi
	# The man page lists every field once, a lookup's first and in
	# their order.
	sed -n '/^\.Ss JSON fields/,/^\.S[sh] /s/^\.It Cm \([a-z_]*\)$/\1/p' \
	    man/smtpcode.1 > "$d/doc"
	for f in lookup search line summary reason vendor recipient; do
		jq -r '.. | objects | keys[]' "$d/$f"
	done | grep -v '^[0-9]' | sort -u > "$d/used"
	jq -r 'keys_unsorted[]' "$d/lookup" | awk '!seen[$0]++' > "$d/order"
	if sort "$d/doc" | cmp -s - "$d/used" &&
	    [ "$(sort "$d/doc" | uniq -d)" = "" ] &&
	    sed -n '/^input$/,/^markdown$/p' "$d/doc" |
	    cmp -s - "$(sed '1,2d' "$d/order" > "$d/order2"; echo "$d/order2")"
	then ok; else
		bad "JSON fields differ from the man page's list (< man, > program)"
		sort "$d/doc" | diff - "$d/used" | head -10
	fi
}

# Golden pages per format (tests/pages.sh), which ends with "pages: N
# passed, N failed".
run_pages() {
	out=$(sh tests/pages.sh "$1" 2>&1)
	printf '%s\n' "$out" | grep -v '^pages: ' | head -20
	p=$(printf '%s\n' "$out" | sed -n 's/^pages: \([0-9]*\) passed.*/\1/p')
	f=$(printf '%s\n' "$out" | sed -n 's/^pages: [0-9]* passed, \([0-9]*\) failed/\1/p')
	if [ -z "$p" ]; then
		bad "$1: tests/pages.sh did not finish"
		return
	fi
	pass=$((pass + p))
	fail=$((fail + f))
}

# "Did you mean" never goes round in a circle: when a dotted spelling
# (4.7.1) offers reply 471, the page of 471 must not send the reader
# back to 4.7.1 ("really enhanced code 4.7.1" in its title).  Every reply
# entry's dotted spelling is tried.
run_circles() {
	bin=$1
	if ! command -v jq > /dev/null 2>&1; then
		skipped "did-you-mean circles: jq is not installed"
		return
	fi
	"$bin" --list | awk '$1 ~ /^[0-9][0-9][0-9]$/ { print $1 }' |
	    while read -r r; do
		d=$(echo "$r" | sed 's/\(.\)\(.\)\(.\)/\1.\2.\3/')
		meant=$("$bin" -T json "$d" 2> /dev/null | jq -r '.did_you_mean')
		[ "$meant" = "$r" ] || continue
		"$bin" -T json "$r" | jq -r '.title' |
		    grep -E "(^|[^\"])$(echo "$d" | sed 's/\./\\./g')" |
		    sed "s/^/$d -> $r -> /"
	    done > "$tmp/circles"
	if [ -s "$tmp/circles" ]; then
		bad "did you mean goes round in a circle:"; head -5 "$tmp/circles"
	else
		ok
	fi
	# The circle of the issue, and a reading that differs, still offered.
	case $("$bin" -b 4.7.1 4.4.9) in
	*"reply 471"*) bad "4.7.1 still offers reply 471" ;;
	*"did you mean reply 449"*) ok ;;
	*) bad "4.4.9 no longer offers reply 449" ;;
	esac
}

# The --summary table fits -w and COLUMNS at 60 and 40 columns, long
# vendor names and titles cut with an ellipsis; its totals are words;
# domain and relay group logs and bounce messages, and merge back.
run_summary() {
	bin=$1
	awk 'BEGIN {
		split("550 5.7.1 Service unavailable; client host [192.0.2.9] " \
		    "blocked using b.barracudacentral.org|421 4.7.0 try " \
		    "again later|452 4.2.2 Mailbox full|550 5.1.1 <u@x> " \
		    "Recipient address rejected: User unknown", t, "|")
		for (i = 0; i < 40; i++)
			printf "Dec  7 mx postfix/smtp[%d]: to=<u%d@d%d.example.org>, " \
			    "relay=mx%d.example.net[192.0.2.1]:25, status=x " \
			    "(host mx said: %s)\n", i, i, i % 3, i % 2, t[i % 4 + 1]
	}' > "$tmp/sum.log"
	for w in 60 40; do
		for by in code vendor reason domain relay; do
			for how in "-w $w" "COLUMNS=$w"; do
				case $how in
				-w*) "$bin" --summary=$by $how "$tmp/sum.log" ;;
				*) env "$how" "$bin" --summary=$by "$tmp/sum.log" ;;
				esac > "$tmp/sum.out"
				if awk -v w=$w '{ c = $0; gsub(/[\200-\277]/, "", c) }
				    length(c) > w { n++ } END { exit n > 0 }' \
				    "$tmp/sum.out"; then ok; else
					bad "--summary=$by $how: wider than $w"
					head -3 "$tmp/sum.out"
				fi
			done
		done
	done
	# On a terminal of 50 columns, without -w or COLUMNS.
	if command -v script > /dev/null 2>&1; then
		script -qec "stty cols 50; $bin --no-pager --summary=vendor \
		    $tmp/sum.log" /dev/null < /dev/null 2>&1 | tr -d '\r' \
		    > "$tmp/pty"
		if grep -q '^count' "$tmp/pty" && awk '{ c = $0;
		    gsub(/\033\[[0-9;]*m/, "", c); gsub(/[\200-\277]/, "", c) }
		    length(c) > 50 { n++ } END { exit n > 0 }' "$tmp/pty"
		then ok; else
			bad "--summary on a 50-column terminal:"
			head -3 "$tmp/pty"
		fi
	fi
	"$bin" --summary=vendor -w 100 "$tmp/sum.log" > "$tmp/sum.out"
	if grep -q 'Barracuda Reputation .*…' "$tmp/sum.out" &&
	    grep -q '^40 lines, 40 explained: 20 permanent, 20 transient$' \
	    "$tmp/sum.out"; then ok; else
		bad "--summary=vendor: no ellipsis or totals not in words:"
		cat "$tmp/sum.out"
	fi
	got=$("$bin" --summary=domain tests/data/exim.log | tr -s ' ' |
	    tr '\n' '|')
	case $got in
	*"2 1 1 0 example.org|"*"1 1 0 0 example.com|"*"1 0 1 0 example.net|"*"5 lines, 4 explained: 2 permanent, 2 transient|") ok ;;
	*) bad "--summary=domain of an Exim log: $got" ;;
	esac
	got=$("$bin" --summary=relay /work/none tests/mail/maildir 2> /dev/null |
	    tr -s ' ' | tr '\n' '|')
	case $got in
	*" 2 2 0 0 "*"2 explained: 2 permanent|") ok ;;
	*) bad "--summary=relay of a Maildir: $got" ;;
	esac
	for by in domain relay; do
		"$bin" --summary=$by -T json "$tmp/sum.log" > "$tmp/s1.json"
		"$bin" --summary=$by -T json tests/data/exim.log > "$tmp/s2.json"
		cat "$tmp/sum.log" tests/data/exim.log > "$tmp/both.log"
		"$bin" --summary=$by "$tmp/both.log" > "$tmp/whole"
		"$bin" --merge "$tmp/s1.json" "$tmp/s2.json" > "$tmp/merged"
		if cmp -s "$tmp/whole" "$tmp/merged"; then ok; else
			bad "--merge of two summaries by $by differs from the whole"
			diff "$tmp/whole" "$tmp/merged" | head -5
		fi
	done
	"$bin" --summary=domain -T json tests/data/exim.log > "$tmp/d.json"
	"$bin" --summary=relay -T json tests/data/exim.log > "$tmp/r.json"
	if ! "$bin" --merge "$tmp/d.json" "$tmp/r.json" > /dev/null 2>&1
	then ok; else bad "--merge of summaries by domain and by relay"; fi
}

# -T html is a complete document; --site writes a page per entry and an
# index, every link of which leads to a written file; Chromium (headless)
# opens the index and a few pages and finds their titles.
run_site() {
	bin=$1
	"$bin" -T html 5.1.1 > "$tmp/page.html"
	if grep -q '^<!DOCTYPE html>' "$tmp/page.html" &&
	    grep -q '<meta charset="utf-8">' "$tmp/page.html" &&
	    grep -q '<style>' "$tmp/page.html" &&
	    grep -q '<a href="X.1.2.html"><code>X.1.2</code></a>' \
	    "$tmp/page.html" && tail -1 "$tmp/page.html" | grep -q '</html>'
	then ok; else bad "-T html is not a complete document with links"; fi
	rm -rf "$tmp/site"
	if ! "$bin" --site "$tmp/site" 2> "$tmp/err"; then
		bad "--site: $(cat "$tmp/err")"
		return
	fi
	n=$(ls "$tmp/site" | wc -l)
	if [ "$n" -eq $(($("$bin" --list | grep -c .) + 1)) ]; then ok
	else bad "--site wrote $n files"; fi
	# Every link inside the site names a file that was written.
	grep -oh 'href="[^"]*"' "$tmp/site"/*.html | sed 's/^href="//;s/"$//' |
	    grep -v '://\|^mailto:\|^#' | sort -u | while read -r href; do
		[ -f "$tmp/site/$href" ] || echo "$href"
	done > "$tmp/broken"
	if [ ! -s "$tmp/broken" ]; then ok; else
		bad "--site: broken links: $(head -5 "$tmp/broken" | tr '\n' ' ')"
	fi
	chromium=$(command -v chromium || command -v chromium-browser)
	if [ -z "$chromium" ]; then
		skipped "--site in a browser: chromium is not installed (sh tools/install-deps.sh --test)"
		return
	fi
	for page in index:'smtpcode: SMTP status codes' \
	    X.1.1:'X.1.1 Bad destination mailbox address' \
	    550:'550 Requested action not taken: mailbox unavailable' \
	    microsoft-s3150:'microsoft-s3150 Outlook.com refuses'; do
		file=${page%%:*}
		want=${page#*:}
		timeout 60 "$chromium" --headless --disable-gpu --no-sandbox \
		    --user-data-dir="$tmp/chromium" --dump-dom \
		    "file://$tmp/site/$file.html" > "$tmp/dom" 2> /dev/null
		if grep -qF "<title>$want" "$tmp/dom" &&
		    grep -q '</body>' "$tmp/dom"; then ok; else
			bad "chromium: $file.html has no title \"$want\""
		fi
	done
	timeout 60 "$chromium" --headless --disable-gpu --no-sandbox \
	    --user-data-dir="$tmp/chromium" --window-size=800,1000 \
	    --screenshot="$tmp/shot.png" "file://$tmp/site/X.7.1.html" \
	    > /dev/null 2>&1
	if [ -s "$tmp/shot.png" ] &&
	    [ "$(head -c 4 "$tmp/shot.png" | tail -c 3)" = PNG ]; then ok
	else bad "chromium: no screenshot of X.7.1.html"; fi
}

# tests/search.tests: each key must be among the first N results.
run_search() {
	bin=$1
	tab=$(printf '\t')
	while IFS="$tab" read -r n query keys; do
		case $n in '#'*|'') continue ;; esac
		# shellcheck disable=SC2086
		first=$("$bin" --search $query | awk -v n="$n" \
		    '/^[^ ]/ && ++k <= n { print $1 }')
		for key in $keys; do
			if printf '%s\n' "$first" | grep -qx -- "$key"; then ok
			else
				bad "search \"$query\": $key not in the first" \
				    "$n:" $first
			fi
		done
	done < tests/search.tests
	# -n N keeps the first N results, in text and JSON.
	if [ "$("$bin" --search -n 2 mailbox full | grep -c '^[^ ]')" = 2 ] &&
	    [ "$("$bin" --search -n 3 -T json spam | grep -c .)" = 3 ] &&
	    [ "$("$bin" --search spam | grep -c '^[^ ]')" -gt 3 ]; then ok
	else bad "--search -n N does not keep N results"; fi
}

# Every group of --list is in numeric order (X.7.2 before X.7.10), and
# a prefix keeps only its codes.
run_list_order() {
	bin=$1
	for prefix in "" 5.7 4 55 X.1 vendor; do
		# shellcheck disable=SC2086
		"$bin" --list $prefix > "$tmp/list" 2>&1
		if awk '
		    function num(k,  a, n, i) {
			n = split(k, a, ".")
			if (n == 1)
				return k + 0
			for (i = 1; i <= 3; i++)
				if (i > n || a[i] == "X")
					a[i] = -1
			return a[1] * 1000000 + a[2] * 1000 + a[3]
		    }
		    function before(x, y) {
			if (x ~ /^[0-9X]/)
				return num(x) < num(y)
			return x < y
		    }
		    NF == 0 { prev = ""; next }
		    prev != "" && !before(prev, $1) {
			print prev " before " $1
			bad = 1
		    }
		    { prev = $1 }
		    END { exit bad }' "$tmp/list"; then ok; else
			bad "--list $prefix: out of order"
		fi
	done
	"$bin" --list 5.7 | awk 'NF && $1 !~ /^X\.7\./ && $1 ~ /^[0-9X]/' \
	    > "$tmp/extra"
	"$bin" --list 55 | awk 'NF && $1 !~ /^55[0-9]$/ && $1 ~ /^[0-9X]/' \
	    >> "$tmp/extra"
	if [ ! -s "$tmp/extra" ]; then ok; else
		bad "--list 5.7 or 55 shows other codes: $(head -3 "$tmp/extra")"
	fi
}

# Completion scripts: every long option of --help, valid syntax, and
# bash and fish offering formats and codes.
run_completions() {
	bin=$1
	for opt in $("$bin" --help | sed -n 's/^  .. *\(--[a-z-]*\).*/\1/p;s/^ *\(--[a-z-]*\).*/\1/p' | sort -u); do
		for f in completions/smtpcode.bash completions/_smtpcode \
		    completions/smtpcode.fish; do
			name=${opt#--}
			if grep -q -- "$name" "$f"; then ok; else
				bad "$f lacks $opt"
			fi
		done
	done
	for sh in bash zsh fish; do
		case $sh in
		bash) f=completions/smtpcode.bash ;;
		zsh) f=completions/_smtpcode ;;
		fish) f=completions/smtpcode.fish ;;
		esac
		if ! command -v $sh > /dev/null 2>&1; then
			skipped "$f: $sh is not installed"
		elif $sh -n "$f"; then ok; else
			bad "$f: $sh -n"
		fi
	done
	got=$(PATH="$tmp/bin:$PATH" bash -c '. completions/smtpcode.bash
	    COMP_WORDS=(smtpcode --format = j); COMP_CWORD=3; _smtpcode
	    echo "${COMPREPLY[*]}"
	    COMP_WORDS=(smtpcode X.7.1); COMP_CWORD=1; _smtpcode
	    echo "${COMPREPLY[*]}"
	    COMP_WORDS=(smtpcode 5.7.2); COMP_CWORD=1; _smtpcode
	    echo "${COMPREPLY[*]}"
	    COMP_WORDS=(smtpcode --summary = v); COMP_CWORD=3; _smtpcode
	    echo "${COMPREPLY[*]}"
	    COMP_WORDS=(smtpcode --merge tests/cli/merge-a); COMP_CWORD=2
	    _smtpcode; echo "${COMPREPLY[*]}"' 2>&1)
	case $got in
	"json"*"X.7.1 X.7.10"*"5.7.2 5.7.20"*"vendor"*"tests/cli/merge-a.json"*) ok ;;
	*) bad "bash completion: $got" ;;
	esac
	if command -v fish > /dev/null 2>&1; then
		got=$(PATH="$tmp/bin:$PATH" fish -c 'source completions/smtpcode.fish
		    complete -C"smtpcode -T ma"; complete -C"smtpcode X.2.2"
		    complete -C"smtpcode 5.7.2"; complete -C"smtpcode --merge tests/cli/merge-a"' 2>&1)
		case $got in
		*markdown*"X.2.2	"*"5.7.2	"*"tests/cli/merge-a.json"*) ok ;;
		*) bad "fish completion: $got" ;;
		esac
	fi
}

# make install and uninstall honour DESTDIR and PREFIX.
run_install() {
	d="$tmp/destdir"
	if make -s install DESTDIR="$d" PREFIX=/opt/sc > /dev/null 2>&1 &&
	    [ -x "$d/opt/sc/bin/smtpcode" ] &&
	    [ -f "$d/opt/sc/share/man/man5/smtpcode-kb.5" ] &&
	    [ -f "$d/opt/sc/share/bash-completion/completions/smtpcode" ] &&
	    [ -f "$d/opt/sc/share/zsh/site-functions/_smtpcode" ] &&
	    [ -f "$d/opt/sc/share/fish/vendor_completions.d/smtpcode.fish" ]
	then ok; else
		bad "make install DESTDIR PREFIX"
	fi
	make -s uninstall DESTDIR="$d" PREFIX=/opt/sc > /dev/null 2>&1
	if [ -z "$(find "$d" -type f)" ]; then ok; else
		bad "make uninstall left: $(find "$d" -type f | head -3)"
	fi
}

# Output errors, closed pipes, terminals and hostile input.
run_io() {
	bin=$1
	"$bin" 5.1.1 > /dev/full 2> "$tmp/err"
	if [ $? = 2 ] && grep -q 'No space left on device' "$tmp/err"; then ok
	else bad "$bin: a full disk is not reported with status 2"; fi
	"$bin" --list 2> "$tmp/err" | head -1 > /dev/null
	if [ ! -s "$tmp/err" ]; then ok; else bad "$bin --list | head -1: $(cat "$tmp/err")"; fi
	yes 'dsn=5.1.1' | "$bin" 2> "$tmp/err" | head -1 > /dev/null
	if [ ! -s "$tmp/err" ]; then ok; else bad "$bin: yes | smtpcode | head -1: $(cat "$tmp/err")"; fi
	# With SIGPIPE ignored the write fails instead: it must still end.
	(trap '' PIPE; yes 'dsn=5.1.1' 2> /dev/null | timeout 60 "$bin" 2> "$tmp/err" | head -1 > /dev/null)
	if [ ! -s "$tmp/err" ]; then ok; else bad "$bin: ignored SIGPIPE: $(cat "$tmp/err")"; fi
	head -c 20000000 /dev/zero | "$bin" -o > "$tmp/out" 2> "$tmp/err"
	if [ $? = 1 ] && [ ! -s "$tmp/out" ] && [ ! -s "$tmp/err" ]; then ok
	else bad "$bin: 20 MB of NUL bytes: not status 1 and silence"; fi
	{ head -c 20000000 /dev/zero | tr '\0' 'x'; printf ' 550 5.1.1 end'; } |
	    "$bin" -o > "$tmp/out" 2> "$tmp/err"
	if [ $? = 0 ] && [ "$(cat "$tmp/out")" = "550 5.1.1" ]; then ok
	else bad "$bin: a 20 MB line without newline: $(head -c 200 "$tmp/out")"; fi
	{ head -c 3000000 /dev/zero | tr '\0' 'y'; printf ' dsn=4.4.1\n'; } |
	    "$bin" | wc -c > "$tmp/out"
	if [ "$(cat "$tmp/out")" -gt 3000010 ]; then ok
	else bad "$bin: a 3 MB line was not kept whole"; fi
	# --line-buffered: a line's explanation comes out before the input
	# ends, as tail -f needs (the timeout only guards against a hang).
	rm -f "$tmp/fin" "$tmp/fout"
	mkfifo "$tmp/fin" "$tmp/fout"
	"$bin" --line-buffered < "$tmp/fin" > "$tmp/fout" &
	pid=$!
	exec 3> "$tmp/fin" 4< "$tmp/fout"
	echo 'dsn=5.1.1' >&3
	got=$(timeout 30 sh -c 'read -r a; read -r b; echo "$b"' <&4)
	exec 3>&- 4<&-
	wait $pid
	case $got in
	*"=> 5.1.1"*) ok ;;
	*) bad "$bin --line-buffered: nothing before the end of input" ;;
	esac
	if ! command -v script > /dev/null 2>&1; then
		skipped "terminal: script(1) is not installed"
		return
	fi
	# On a terminal, escape sequences from the input are shown, not sent.
	script -qec "printf 'x \033]52;c;aGk=\007 \033[2J dsn=5.1.1\\n' | $bin" \
	    /dev/null > "$tmp/tty" 2>&1
	if grep -q '\^\[\]52' "$tmp/tty" && ! grep -q "$(printf '\033\\]52')" "$tmp/tty"
	then ok; else bad "$bin: escape sequences reach the terminal raw"; fi
}

# File operands: a code stays a code when a file has its name; ./550 is
# the file.  A missing file is reported after the others are read.
run_files() {
	bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
	mkdir -p "$tmp/files"
	printf 'dsn=4.2.2\n' > "$tmp/files/550"
	got=$(cd "$tmp/files" && "$bin" -b 550 2>&1)
	case $got in
	"550 Requested action"*) ok ;;
	*) bad "$1: a file named 550 took the code's place: $got" ;;
	esac
	got=$(cd "$tmp/files" && "$bin" -o ./550 2>&1)
	if [ "$got" = "4.2.2" ]; then ok; else bad "$1 ./550: $got"; fi
	got=$(cd "$tmp/files" && "$bin" -o missing.log ./550 2>&1; echo "exit $?")
	case $got in
	*"missing.log: No such file"*"4.2.2"*"exit 2") ;;
	"4.2.2"*"missing.log: No such file"*"exit 2") ;;
	*) bad "$1: a missing file among others: $got"; return ;;
	esac
	ok
}

# The pager, under a real terminal (script(1)): used for pages, not for
# log mode, not with --no-pager, not when stdout is no terminal; LESS=FRX
# lets less exit at once on short output.
run_pager() {
	bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
	if ! command -v script > /dev/null 2>&1; then
		skipped "pager: script(1) is not installed"
		return
	fi
	pg="sed s/^/paged:/"
	for c in "SMTPCODE_PAGER='$pg' $bin -b 5.1.1|paged:" \
	    "PAGER='$pg' $bin --list 5.1|paged:" \
	    "SMTPCODE_PAGER='$pg' PAGER=false $bin -b 5.1.1|paged:" \
	    "SMTPCODE_PAGER='$pg' $bin --color=never --no-pager -b 5.1.1|5.1.1" \
	    "SMTPCODE_PAGER=cat $bin --color=never -b 5.1.1|5.1.1" \
	    "SMTPCODE_PAGER='$pg' $bin tests/data/mail.log|Dec" \
	    "printf 'dsn=5.1.1\\n' | SMTPCODE_PAGER='$pg' $bin|dsn=5.1.1" \
	    "SMTPCODE_PAGER='$pg' $bin -b 5.1.1 | cat|5.1.1" \
	    "SMTPCODE_PAGER='env' $bin -b 5.1.1|LESS=FRX" \
	    "LESS=X SMTPCODE_PAGER='env' $bin -b 5.1.1|LESS=X"; do
		want=${c##*|}
		cmd=${c%|*}
		script -qec "$cmd" /dev/null < /dev/null > "$tmp/pty" 2>&1
		if grep -q "^$want" "$tmp/pty"; then ok; else
			bad "pager: $cmd: want a line starting with $want:" \
			    "$(head -2 "$tmp/pty")"
		fi
	done
	if command -v less > /dev/null 2>&1; then
		script -qec "unset PAGER SMTPCODE_PAGER LESS; TERM=xterm timeout --foreground 20 $bin -b 5.1.1; echo exit \$?" \
		    /dev/null < /dev/null > "$tmp/pty" 2>&1
		if grep -q 'Bad destination' "$tmp/pty" &&
		    grep -q 'exit 0' "$tmp/pty"; then ok; else
			bad "pager: less -R with LESS=FRX did not exit on short output"
		fi
	fi
	# Plain smtpcode on a terminal says what it waits for.
	script -qec "$bin < /dev/tty" /dev/null < /dev/null > "$tmp/pty" 2>&1
	if grep -q 'reading log lines from the terminal' "$tmp/pty"; then ok
	else bad "smtpcode on a terminal: no word of what it waits for"; fi
	# TERM=dumb: no colour on a terminal.
	script -qec "TERM=dumb $bin --no-pager -b 5.1.1" /dev/null < /dev/null \
	    > "$tmp/pty" 2>&1
	if grep -q '5.1.1' "$tmp/pty" && ! grep -q "$(printf '\033')" "$tmp/pty"
	then ok; else bad "TERM=dumb: colour on a terminal"; fi
	script -qec "TERM=xterm $bin --no-pager -b 5.1.1" /dev/null < /dev/null \
	    > "$tmp/pty" 2>&1
	if grep -q "$(printf '\033')" "$tmp/pty"; then ok
	else bad "TERM=xterm: no colour on a terminal"; fi
}

# bash completion of a file name through readline, with Debian's
# bash-completion loaded, in a tmux session.
run_bash_completion() {
	bc=/usr/share/bash-completion/bash_completion
	if ! command -v tmux > /dev/null 2>&1 || [ ! -f "$bc" ]; then
		skipped "bash completion under tmux: tmux or bash-completion missing"
		return
	fi
	sock="smtpcode-test-$$"
	tmux -L "$sock" -f /dev/null new-session -d -x 150 -y 20 \
	    "env -i HOME=$tmp PATH=$tmp/bin:/usr/bin:/bin TERM=xterm PS1='$ ' bash --norc --noprofile" ||
	    { skipped "bash completion under tmux: no session"; return; }
	tmux -L "$sock" send-keys ". $bc; . completions/smtpcode.bash; cd $top; clear" Enter
	sleep 1
	tmux -L "$sock" send-keys "smtpcode tests/data/mail.log.1" Tab
	tmux -L "$sock" send-keys C-a "# " Enter
	tmux -L "$sock" send-keys "smtpcode --merge tests/cli/merge-" Tab Tab
	sleep 1
	tmux -L "$sock" capture-pane -p > "$tmp/pane"
	tmux -L "$sock" kill-server
	if grep -q 'smtpcode tests/data/mail.log.1.gz' "$tmp/pane"; then ok
	else bad "bash completion of a file name: $(tr '\n' ' ' < "$tmp/pane")"; fi
	if grep -q 'merge-a.json' "$tmp/pane"; then ok
	else bad "bash completion after --merge: $(tr '\n' ' ' < "$tmp/pane")"; fi
}

# Hostile input: overlays that hang or forge messages, write errors in
# every mode, oversized operands, --merge of streams, UTF-8 on a terminal.
run_hostile() {
	bin=$1
	# A FIFO named like an entry must not block the run.
	rm -rf "$tmp/kbfifo"
	mkdir -p "$tmp/kbfifo"
	mkfifo "$tmp/kbfifo/X.1.1.md"
	timeout 20 "$bin" --kb "$tmp/kbfifo" 5.1.1 > "$tmp/out" 2> "$tmp/err"
	if [ $? = 2 ] && grep -q 'X.1.1.md:1: not a regular file' "$tmp/err"
	then ok; else bad "$bin: a FIFO in the overlay: $(head -2 "$tmp/err")"; fi
	# A newline in a file name cannot forge a second "file:line:" message.
	rm -rf "$tmp/kbnl"
	mkdir -p "$tmp/kbnl"
	cp tests/overlay/good/X.1.1.md "$tmp/kbnl/$(printf 'a\nforged.md:1: fake.md')"
	"$bin" --kb "$tmp/kbnl" 5.1.1 > "$tmp/out" 2> "$tmp/err"
	if [ $? = 2 ] && ! grep -q '^forged' "$tmp/err" &&
	    grep -q 'a^Jforged.md:1: fake.md:1: a control character' "$tmp/err"; then ok
	else bad "$bin: a newline in an overlay file name: $(cat "$tmp/err")"; fi
	# An overlay of too many files fails at once, and says why.
	rm -rf "$tmp/kbmany"
	mkdir -p "$tmp/kbmany"
	i=0
	while [ $i -le 2000 ]; do : > "$tmp/kbmany/e$i.md"; i=$((i + 1)); done
	"$bin" --kb "$tmp/kbmany" 5.1.1 > "$tmp/out" 2> "$tmp/err"
	if [ $? = 2 ] && grep -q 'at most 2000' "$tmp/err"; then ok
	else bad "$bin: 2001 overlay files: $(head -2 "$tmp/err")"; fi
	rm -rf "$tmp/kbmany"
	# Every mode reports a write error with status 2.
	for args in --help --version --list "--search mailbox" 5.1.1; do
		# shellcheck disable=SC2086
		"$bin" $args > /dev/full 2> "$tmp/err"
		if [ $? = 2 ] && grep -q 'No space left on device' "$tmp/err"
		then ok; else bad "$bin $args > /dev/full: not reported"; fi
		# shellcheck disable=SC2086
		"$bin" $args >&- 2> "$tmp/err"
		if [ $? = 2 ] && [ -s "$tmp/err" ]; then ok
		else bad "$bin $args >&-: not reported"; fi
		# A reader gone, SIGPIPE ignored: status 2, quietly.
		# shellcheck disable=SC2086
		(trap '' PIPE; { sleep 1; "$bin" $args 2> "$tmp/err"
		    echo $? > "$tmp/rc"; } | true)
		if [ "$(cat "$tmp/rc")" = 2 ] && [ ! -s "$tmp/err" ]; then ok
		else bad "$bin $args into a closed pipe: exit $(cat "$tmp/rc")"; fi
	done
	# --merge from a closed standard input names the real error.
	"$bin" --merge - <&- > "$tmp/out" 2> "$tmp/err"
	if [ $? = 2 ] && [ ! -s "$tmp/out" ] &&
	    grep -q 'standard input: Bad file descriptor' "$tmp/err"; then ok
	else bad "$bin --merge - <&-: $(cat "$tmp/err")"; fi
	# A 128 KB operand is not echoed whole.
	"$bin" "5.$(head -c 131000 /dev/zero | tr '\0' '1')" > "$tmp/out" \
	    2> "$tmp/err"
	if [ $? = 2 ] && [ "$(wc -c < "$tmp/err")" -lt 300 ]; then ok
	else bad "$bin: a 128 KB operand: $(wc -c < "$tmp/err") bytes of message"; fi
	run_pipeline "$bin"
	if ! command -v script > /dev/null 2>&1; then
		skipped "UTF-8 on a terminal: script(1) is not installed"
		return
	fi
	# UTF-8 passes whole; C1 controls and invalid bytes are shown.
	printf 'user\342\200\231s \344\275\240\345\245\275 \360\237\230\200 \302\233 \233 \340\233 dsn=5.1.1\n' \
	    > "$tmp/utf8.in"
	script -qec "$bin < $tmp/utf8.in" /dev/null > "$tmp/tty" 2>&1
	if grep -qF "$(printf 'user\342\200\231s \344\275\240\345\245\275 \360\237\230\200 \\u009b \\x9b \\xe0\\x9b')" "$tmp/tty" &&
	    ! grep -q "$(printf '\302\233')" "$tmp/tty"; then ok
	else bad "$bin: UTF-8 on a terminal: $(od -c "$tmp/tty" | head -3)"; fi
}

# A real GNU parallel pipeline: a log cut into blocks, each summarised
# as JSON by its own job, merged, equals the summary of the whole log.
run_pipeline() {
	bin=$1
	if ! command -v parallel > /dev/null 2>&1; then
		skipped "parallel pipeline: GNU parallel is not installed"
		return
	fi
	awk 'BEGIN {
		split("550 5.1.1 user unknown|421 4.7.0 try again later|" \
		    "550 5.7.1 Service unavailable; client host blocked|" \
		    "250 2.0.0 Ok: queued|452 4.2.2 Mailbox full|" \
		    "554 5.7.1 <a@example.org>: Relay access denied|" \
		    "no code at all here|550 4.7.1 deferred by policy", t, "|")
		for (i = 0; i < 6000; i++)
			printf "Dec  7 host postfix/smtp[%d]: to=<u%d@example.org>, " \
			    "status=x (host mx said: %s)\n", i, i % 97, t[i % 8 + 1]
	}' > "$tmp/big.log"
	# The program's own JSON, pretty-printed or not, merges back.
	"$bin" --summary=vendor -T json < "$tmp/big.log" > "$tmp/s.json"
	"$bin" --merge -T json "$tmp/s.json" "$tmp/s.json" > "$tmp/m.json"
	if command -v jq > /dev/null 2>&1; then
		jq . "$tmp/m.json" > "$tmp/mp.json"
	else
		cp "$tmp/m.json" "$tmp/mp.json"
	fi
	if "$bin" --merge -T json "$tmp/mp.json" > "$tmp/again.json" &&
	    cmp -s "$tmp/m.json" "$tmp/again.json"; then ok
	else bad "$bin: --merge of its own merged JSON differs"; fi
	for by in code vendor reason domain relay; do
		parallel --pipe --block 40k -j 4 -k \
		    "$bin --summary=$by -T json" < "$tmp/big.log" |
		    "$bin" --merge - > "$tmp/merged" 2> "$tmp/err"
		"$bin" --summary=$by < "$tmp/big.log" > "$tmp/whole"
		if [ ! -s "$tmp/err" ] && cmp -s "$tmp/merged" "$tmp/whole" &&
		    [ "$(grep -c . "$tmp/whole")" -gt 2 ]; then ok
		else
			bad "$bin: parallel --pipe, --summary=$by, --merge"
			diff "$tmp/whole" "$tmp/merged" | head -5
			head -3 "$tmp/err"
		fi
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

# Every log view of every sample log prints exactly what the goldens in
# tests/speed/out hold, byte for byte: they were made by the binary before
# the log mode was made fast (tests/speed/regen.sh), so a speed change
# that alters one byte of any view fails here.
run_speed_golden() {
	bin=$1
	. tests/speed/modes.sh
	for in in tests/cli/*.in tests/speed/gen-*.log; do
		base=$(basename "$in")
		i=0
		for m in $modes; do
			i=$((i + 1))
			# shellcheck disable=SC2086
			"$bin" $(echo "$m" | tr , ' ') < "$in" > "$tmp/speed" 2>&1
			if cmp -s "$tmp/speed" "tests/speed/out/$base.$i"; then
				ok
			else
				bad "$base, $m ($bin): output differs from the golden"
				diff "tests/speed/out/$base.$i" "$tmp/speed" | head -6
			fi
		done
	done
}

# Under valgrind, a wrapper stands in for each binary.  Without vgdb:
# its pipes in /tmp are removed at the end, which the sandbox refuses.
if [ -n "$valgrind" ]; then
	mkdir -p "$tmp/vg"
	n=0
	for bin in "$@"; do
		n=$((n + 1))
		real=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
		printf '#!/bin/sh\nexec valgrind -q --vgdb=no --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect "%s" "$@"\n' \
		    "$real" > "$tmp/vg/$n-smtpcode"
		chmod +x "$tmp/vg/$n-smtpcode"
		set -- "$@" "$tmp/vg/$n-smtpcode"
		shift
	done
fi

for bin in "$@"; do
	for case in tests/cli/*.args; do
		run_cli "$bin" "$case"
	done
	run_examples "$bin" README.md '^```console$' '^```$' 's/x/x/'
	run_examples "$bin" man/smtpcode.1 '^\.Bd -literal' '^\.Ed' \
	    's/\\e/\\/g;s/\\-/-/g;s/\\(aq/'"'"'/g;s/\\&//g'
	run_registry "$bin"
	run_io "$bin"
	run_hostile "$bin"
	run_render_all "$bin"
	run_formats "$bin"
	run_json_schema "$bin"
	run_views "$bin"
	run_width "$bin"
	run_pages "$bin"
	run_one_reply "$bin"
	run_search "$bin"
	run_circles "$bin"
	run_summary "$bin"
	run_list_order "$bin"
	run_completions "$bin"
	run_speed_golden "$bin"
	run_files "$bin"
	run_pager "$bin"
done
run_bash_completion
run_site "$1"
run_install

# The sandbox (src/sandbox.c) is in place in a lookup and a log run, when
# the build found seccomp and strace can watch it; and it lets every mode
# that the suite ran work.
if ! make -n -B src/sandbox.o 2>/dev/null | grep -q 'HAVE_SECCOMP=1'; then
	skipped "sandbox: the build found no seccomp"
elif ! command -v strace > /dev/null 2>&1 ||
    ! strace -o /dev/null true > /dev/null 2>&1; then
	skipped "sandbox: strace cannot run here"
else
	for args in 550 tests/cli/verdict-views.in; do
		strace -o "$tmp/strace" -e trace=prctl ./smtpcode "$args" \
		    > /dev/null 2>&1
		if grep -q 'PR_SET_SECCOMP.* = 0' "$tmp/strace"; then ok; else
			bad "sandbox: no seccomp filter in smtpcode $args"
		fi
	done
fi

# No import cycle in src/: which object uses which, from nm.
if ! ls src/*.o > /dev/null 2>&1 || ! command -v nm > /dev/null 2>&1; then
	skipped "imports: no object files or no nm"
elif sh tools/imports.sh > "$tmp/imports" 2>&1; then
	ok
else
	bad "imports: a cycle in src/"
	head -5 "$tmp/imports"
fi

# The finder against the shared corpus of labelled real log lines, when
# the project's checkout has it beside it (CI does; a clone alone need not).
shared=../shared/corpus/log-lines.tsv
if [ ! -f "$shared" ]; then
	skipped "corpus score: $shared is not there"
elif [ ! -x tests/corpus ]; then
	skipped "corpus score: tests/corpus is not built"
elif tests/corpus "$shared" > "$tmp/corpus" 2>&1; then
	ok
	tail -1 "$tmp/corpus"
else
	bad "corpus score: $(tail -1 "$tmp/corpus")"
	head -20 "$tmp/corpus"
fi

# A scorer's figures on a peer's expectations, printed; a fall of the
# strict reason agreement below FLOOR percent fails.
# usage: score_floor NAME SCRIPT FLOOR
score_floor() {
	if [ ! -f "$devset" ] || ! command -v jq > /dev/null 2>&1; then
		skipped "$1: $devset or jq is not there"
		return
	fi
	"$2" ./smtpcode "$devset" > "$tmp/$1"
	tail -1 "$tmp/$1"
	pct=$(sed -n 's/.*reason strict [0-9]* (\([0-9]*\)%).*/\1/p' \
	    "$tmp/$1")
	if [ "${pct:-0}" -ge "$3" ]; then ok; else
		bad "$1: reason agreement fell below $3%"
	fi
}

# The reasons of a peer's test suite as a development set (the texts as
# operands), and the same expectations per failed recipient reading the
# bounce messages themselves; then the reader's recipients and statuses.
devset=../shared/corpus/sisimai/expected.tsv
score_floor devset tests/sisimai/devset.sh 85
score_floor mailset tests/sisimai/mailset.sh 85
[ -f "$devset" ] && [ -x tests/mailtool ] &&
    sh tests/mail-score.sh tests/mailtool 2>&1 | tail -4

# Agreement with Sisimai (Debian's libsisimai-perl), when installed: over
# the server texts of the vendor entries and, when it is there, the shared
# corpus.  Every disagreement must be a pair explained in why.tsv.
if ! perl -MSisimai -e 1 2> /dev/null; then
	skipped "sisimai: libsisimai-perl is not installed"
else
	awk '/^## Server texts/ { f = 1; next } /^## / { f = 0 }
	    f && /^- `/ { sub(/^- `/, ""); sub(/`.*$/, ""); print }' \
	    codes/vendor/*.md > "$tmp/texts"
	[ -f "$shared" ] && awk -F'\t' 'NR > 1 && ($4 != "" || $5 != "") \
	    { print $3 }' "$shared" >> "$tmp/texts"
	perl tests/sisimai/compare.pl ./smtpcode "$tmp/texts" > "$tmp/sis"
	tail -1 "$tmp/sis"
	grep -v '^#' "$tmp/sis" | cut -f1,2 | sort -u > "$tmp/pairs"
	grep -v '^#' tests/sisimai/why.tsv | cut -f1,2 | sort -u > "$tmp/known"
	if [ -z "$(comm -23 "$tmp/pairs" "$tmp/known")" ]; then ok; else
		bad "sisimai: disagreements not explained in tests/sisimai/why.tsv:"
		comm -23 "$tmp/pairs" "$tmp/known" | while IFS= read -r p; do
			grep -F "$p" "$tmp/sis" | head -2
		done
	fi
fi

# Each fuzz target over its saved corpus: inputs that once found bugs
# stay as regression tests.
for t in code find render scan overlay merge; do
	if [ ! -x "build-fuzz/fuzz_$t" ]; then
		skipped "fuzz_$t: no libFuzzer build (clang with libclang-rt needed)"
	elif build-fuzz/fuzz_$t tests/fuzz/corpus/$t/* > "$tmp/fuzz" 2>&1; then
		ok
	else
		bad "fuzz_$t over tests/fuzz/corpus/$t"; tail -20 "$tmp/fuzz"
	fi
done

if command -v mandoc > /dev/null 2>&1; then
	for m in man/smtpcode.1 man/smtpcode-kb.5; do
		if mandoc -T lint -W warning "$m" > "$tmp/lint" 2>&1; then ok
		else bad "mandoc -T lint $m"; cat "$tmp/lint"; fi
	done
else
	skipped "mandoc lint: mandoc is not installed"
fi

# Every vendor and receiver entry names the vendor's page its facts were
# checked against (codes/audit/ records what was checked).
nosrc=$(grep -L '^source: ' $(grep -l '^kind: \(vendor\|receiver\)' \
    codes/vendor/*.md))
if [ -z "$nosrc" ]; then ok; else
	bad "vendor entries without a source page: $nosrc"
fi

# A reply at the end of a 1 MiB window and its enhanced code at the start
# of the next stay one code; more than 64 codes in a line are counted.
{ head -c 1048443 /dev/zero | tr '\0' x; echo ' 550 5.1.1 User unknown'; } \
    > "$tmp/long.in"
if [ "$(./smtpcode -o < "$tmp/long.in")" = "550 5.1.1" ]; then ok; else
	bad "a reply and its code across the window boundary: $(./smtpcode -o \
	    < "$tmp/long.in" | tr '\n' ' ')"
fi
awk 'BEGIN { for (i = 0; i < 70; i++) printf "550 5.1.1 x "; print "" }' |
    ./smtpcode > "$tmp/many"
if grep -q 'and 76 more codes: a line keeps at most 64' "$tmp/many"; then ok
else bad "more than 64 codes in a line: $(tail -1 "$tmp/many")"; fi

# A message or an mbox compressed with gzip is read as mail, exactly as
# the plain file is (the same records, the same exit status).
for f in box.mbox postfix.eml; do
	gzip -c "tests/mail/$f" > "$tmp/$f.gz"
	./smtpcode -T json "tests/mail/$f" > "$tmp/gz.want"
	want=$?
	./smtpcode -T json "$tmp/$f.gz" > "$tmp/gz.got"
	got=$?
	sed "s|tests/mail/$f|F|" "$tmp/gz.want" > "$tmp/gz.want2"
	sed "s|$tmp/$f.gz|F|" "$tmp/gz.got" > "$tmp/gz.got2"
	if [ "$want" = "$got" ] && grep -q '"recipient":"' "$tmp/gz.got2" &&
	    cmp -s "$tmp/gz.want2" "$tmp/gz.got2"; then ok
	else bad "gzip-compressed $f is not read as the plain file is"; fi
done

# No rendered page says how the project was made (tests/words.sh).
if sh tests/words.sh ./smtpcode > "$tmp/words" 2>&1; then ok; else
	bad "words about how the project was made:"; head -5 "$tmp/words"
fi

# The bounce-message reader's own cases (tests/mail.sh), counted here so
# that the last line of the run counts everything.
if [ -x tests/mailtool ] && [ -x build-san/mailtool ]; then
	sh tests/mail.sh tests/mailtool build-san/mailtool > "$tmp/mail" 2>&1
	grep -v '^mail: [0-9]* passed' "$tmp/mail"
	set -- $(sed -n 's/^mail: \([0-9]*\) passed, \([0-9]*\) failed.*/\1 \2/p' \
	    "$tmp/mail")
	if [ $# -eq 2 ]; then
		pass=$((pass + $1))
		fail=$((fail + $2))
	else
		bad "tests/mail.sh did not finish"; tail -5 "$tmp/mail"
	fi
else
	skipped "mail: tests/mailtool is not built"
fi

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
