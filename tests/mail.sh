#!/bin/sh
# The bounce reader's tests: mailtool over each fixture in tests/mail/
# against its expected TSV (NAME.eml -> NAME.out; box.mbox, the maildir/
# folder), the per-message view (messages.out), message recognition
# (looks.out), a mailbox far above the per-message limit, and fuzz_mail
# over its saved corpus.  Run for each mailtool binary named.  Ends with
# "mail: N passed, N failed".
#
# usage: tests/mail.sh mailtool ...

LC_ALL=C
export LC_ALL
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/smtpcode-mail.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); printf 'FAIL %s\n' "$*"; }

# compare NAME GOLDEN: $tmp/out against the golden file.
compare() {
	if cmp -s "$tmp/out" "$2"; then
		ok
	else
		bad "$1: output differs from $2"
		diff "$2" "$tmp/out" | head -10
	fi
}

[ $# -gt 0 ] || set -- tests/mailtool
for bin in "$@"; do
	for f in tests/mail/*.eml; do
		"$bin" "$f" > "$tmp/out" 2>&1
		compare "$bin $f" "${f%.eml}.out"
	done
	# The folder read as a folder of .eml files, in name order.
	for f in tests/mail/*.eml; do cat "${f%.eml}.out"; done > "$tmp/want"
	"$bin" tests/mail > "$tmp/out" 2>&1
	compare "$bin tests/mail" "$tmp/want"
	"$bin" tests/mail/box.mbox > "$tmp/out" 2>&1
	compare "$bin box.mbox" tests/mail/box.out
	"$bin" tests/mail/maildir > "$tmp/out" 2>&1
	compare "$bin maildir" tests/mail/maildir.out
	"$bin" -m tests/mail/*.eml tests/mail/box.mbox > "$tmp/out" 2>&1
	compare "$bin -m" tests/mail/messages.out
	"$bin" -l tests/mail/*.eml tests/mail/box.mbox tests/mail/*.txt \
	    > "$tmp/out" 2>&1
	compare "$bin -l" tests/mail/looks.out

	# A mailbox of many messages, one with a 6 MB attachment: every
	# message is read, the big one cut at the limit and still parsed.
	awk 'BEGIN {
		for (i = 1; i <= 300; i++) {
			print "From MAILER-DAEMON Mon Dec  7 10:00:00 2026"
			print "From: MAILER-DAEMON@mx.example.net"
			print "Subject: Undelivered Mail Returned to Sender"
			print ""
			print "This is the mail system at host mx.example.net."
			print ""
			print "<user" i "@example.com>: host mx.example.com said: 550 5.1.1 unknown"
			print ""
			if (i == 150)
				for (j = 0; j < 100000; j++)
					print "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB"
			print ""
		}
	}' > "$tmp/big.mbox"
	"$bin" "$tmp/big.mbox" > "$tmp/out" 2>&1
	n=$(grep -c '	bounce	postfix	user[0-9]*@example.com	failed' "$tmp/out")
	if [ "$n" = 300 ]; then ok; else
		bad "$bin big mbox: $n of 300 recipients"
		head -3 "$tmp/out"
	fi
done

if [ ! -x build-fuzz/fuzz_mail ]; then
	printf 'SKIP fuzz_mail: no libFuzzer build\n'
elif build-fuzz/fuzz_mail tests/fuzz/corpus/mail/* > "$tmp/fuzz" 2>&1; then
	ok
else
	bad "fuzz_mail over tests/fuzz/corpus/mail"; tail -20 "$tmp/fuzz"
fi

echo "mail: $pass passed, $fail failed"
[ "$fail" = 0 ]
