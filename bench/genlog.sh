#!/bin/sh
# Write a mail log of about $1 megabytes (default 200) to stdout, of one
# of three kinds ($2):
#   postfix  mostly Postfix traffic without codes, as a busy relay logs it
#            (the default, and the log earlier benchmarks used);
#   mixed    Postfix, Exim, Sendmail, qmail, OpenSMTPD, Exchange, Python
#            and Nodemailer lines in equal shares, about half with codes;
#   bounce   nearly every line a bounce or deferral quoting a server text
#            from the knowledge base's vendor entries (codes/vendor/*.md),
#            framed as Postfix, Exim or Sendmail log it.
# Deterministic for one awk: the same size and kind give the same bytes.
mb=${1:-200}
kind=${2:-postfix}
cd "$(dirname "$0")/.." || exit 1
case $kind in
postfix|mixed|bounce) ;;
*) echo "usage: genlog.sh [megabytes] [postfix|mixed|bounce]" >&2; exit 2 ;;
esac
# One server text a line; a % is doubled for sprintf.
texts=$(for f in codes/vendor/*.md; do
	awk '/^## Server texts/ { s = 1; next } /^## / { s = 0 }
	    s && /^- `/ { sub(/^- `/, ""); sub(/`.*$/, ""); gsub(/%/, "%%");
	    print }' "$f"
done)
printf '%s\n' "$texts" | awk -v mb="$mb" -v kind="$kind" '
{ vt[nv++] = $0 }
END {
	n = 0
	t[n++] = "Dec  1 10:%02d:%02d mx postfix/smtpd[%d]: connect from unknown[198.51.100.%d]"
	t[n++] = "Dec  1 10:%02d:%02d mx postfix/smtpd[%d]: disconnect from unknown[198.51.100.%d] ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5"
	t[n++] = "Dec  1 10:%02d:%02d mx postfix/cleanup[%d]: 4F2A%dC0: message-id=<20261201.abcdef@example.com>"
	t[n++] = "Dec  1 10:%02d:%02d mx postfix/qmgr[%d]: 4F2A%dC0: from=<news@example.com>, size=24510, nrcpt=1 (queue active)"
	t[n++] = "Dec  1 10:%02d:%02d mx postfix/smtp[%d]: 4F2A%dC0: to=<ann@example.net>, relay=mx.example.net[203.0.113.7]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 8812AB)"
	t[n++] = "Dec  1 10:%02d:%02d mx postfix/smtp[%d]: 4F2A%dC1: to=<bob@example.org>, relay=mx.example.org[203.0.113.8]:25, delay=3.1, delays=0.1/0/1.5/1.5, dsn=5.1.1, status=bounced (host mx.example.org[203.0.113.8] said: 550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown (in reply to RCPT TO command))"
	t[n++] = "Dec  1 10:%02d:%02d mx postfix/smtp[%d]: 4F2A%dC2: to=<eve@example.com>, relay=none, delay=300, delays=300/0/0/0, dsn=4.4.1, status=deferred (connect to mx.example.com[192.0.2.4]:25: Connection timed out)"
	t[n++] = "Dec  1 10:%02d:%02d mx postfix/smtpd[%d]: NOQUEUE: reject: RCPT from unknown[192.0.2.%d]: 554 5.7.1 <x@example.com>: Relay access denied; from=<a@example.net> to=<x@example.com> proto=ESMTP helo=<host>"
	t[n++] = "Dec  1 10:%02d:%02d mx postfix/anvil[%d]: statistics: max connection rate 2/60s for (smtp:192.0.2.%d) at Dec  1 09:58:01"
	t[n++] = "Dec  1 10:%02d:%02d mx postfix/smtpd[%d]: Anonymous TLS connection established from unknown[192.0.2.%d]: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)"
	t[n++] = "2026-12-01 10:%02d:%02d [%d] 1tX9%d-0001 <= news@example.com H=mail.example.com [192.0.2.30] P=esmtps X=TLS1.3:TLS_AES_256_GCM_SHA384:256 S=24510"
	t[n++] = "2026-12-01 10:%02d:%02d [%d] 1tX9%d-0001 ** carol@example.com R=dnslookup T=remote_smtp H=mx.example.com [192.0.2.30]: SMTP error from remote mail server after RCPT TO:<carol@example.com>: 550 5.2.1 Mailbox disabled"
	t[n++] = "2026-12-01 10:%02d:%02d [%d] 1tX9%d-0002 == dan@example.com R=dnslookup T=remote_smtp defer (-44) H=mx.example.com [192.0.2.31]: SMTP error from remote mail server after RCPT TO:<dan@example.com>: 451 4.7.1 Greylisted, please try again later"
	t[n++] = "2026-12-01 10:%02d:%02d [%d] 1tX9%d-0003 Completed"
	t[n++] = "Dec  1 10:%02d:%02d mx sm-mta[%d]: wB1A0%d: from=<a@example.com>, size=1500, class=0, nrcpts=1, msgid=<abc@example.com>, proto=ESMTP, daemon=MTA, relay=[192.0.2.8]"
	t[n++] = "Dec  1 10:%02d:%02d mx sm-mta[%d]: wB1A0%d: to=<u@example.com>, delay=00:00:01, mailer=esmtp, pri=120, relay=mx.example.com. [192.0.2.8], dsn=4.0.0, stat=Deferred: 421 4.3.2 Too many open connections"
	t[n++] = "Dec  1 10:%02d:%02d mx qmail: %d.485077 delivery %d: success: 203.0.113.8_accepted_message./Remote_host_said:_250_ok_1700000000_qp_1234/"
	t[n++] = "Dec  1 10:%02d:%02d mx smtpd[%d]: %d0a1b2c3d4e5f6 mta delivery evt=delivery result=\"Ok\" stat=\"250 2.0.0 Message accepted for delivery\""
	npostfix = n
	# The mixed log adds the other writers, half of them with codes.
	t[n++] = "Dec  1 10:%02d:%02d mx qmail: %d.113 delivery %d: failure: 192.0.2.9_does_not_like_recipient./Remote_host_said:_550_5.1.1_No_such_user_(#5.1.1)/Giving_up_on_192.0.2.9./"
	t[n++] = "Dec  1 10:%02d:%02d mx qmail: %d.114 starting delivery %d: msg 1234 to remote ann@example.net"
	t[n++] = "Dec  1 10:%02d:%02d mx smtpd[%d]: %d0a1b2c3d4e5f7 mta delivery evt=delivery rcpt=<u@example.com> result=\"PermFail\" stat=\"550 5.7.1 Message rejected as spam\""
	t[n++] = "2026-12-01T10:%02d:%02d.120Z,MBX%d,08DC%d,SMTPSEND.DNS.NonExistentDomain; nonexistent domain,RecipientStatus: 550 5.4.1 Recipient address rejected: Access denied"
	t[n++] = "2026-12-01T10:%02d:%02d.121Z,MBX%d,08DC%d,Connector Default,SMTP,RECEIVE,250 2.6.0 Queued mail for delivery"
	t[n++] = "[2026-12-01 10:%02d:%02d] worker-%d: smtplib.SMTPRecipientsRefused: {%d: (550, b\"5.1.1 The email account that you tried to reach does not exist.\")}"
	t[n++] = "[2026-12-01 10:%02d:%02d] worker-%d: job %d finished, 12 mails queued"
	t[n++] = "2026-12-01T10:%02d:%02d.000Z app[%d] nodemailer error job=%d code=EENVELOPE responseCode=553 response=\"553 5.7.1 Sender address rejected: not owned by user\""
	t[n++] = "2026-12-01T10:%02d:%02d.001Z app[%d] request %d completed in 12 ms"
	t[n++] = "Dec  1 10:%02d:%02d mx courieresmtpd[%d]: error,relay=::ffff:192.0.2.%d,from=<a@example.com>,to=<b@example.com>: 550 User unknown."
	t[n++] = "Dec  1 10:%02d:%02d mx haraka[%d]: [core] disconnect ip=192.0.2.%d rcpts=1/0/0 msgs=1/0/0 bytes=2048 lr=\"250 Queued\""
	# The bounce log frames the vendor texts.
	f[nf++] = "Dec  1 10:%02d:%02d mx postfix/smtp[%d]: 4F2A%dC1: to=<bob@example.org>, relay=mx.example.org[203.0.113.8]:25, delay=3.1, delays=0.1/0/1.5/1.5, dsn=5.0.0, status=bounced (host mx.example.org[203.0.113.8] said: %s (in reply to RCPT TO command))"
	f[nf++] = "Dec  1 10:%02d:%02d mx postfix/smtp[%d]: 4F2A%dC3: to=<ann@example.net>, relay=mx.example.net[203.0.113.9]:25, delay=8, delays=0.1/0/4/4, dsn=4.0.0, status=deferred (host mx.example.net[203.0.113.9] said: %s (in reply to end of DATA command))"
	f[nf++] = "2026-12-01 10:%02d:%02d [%d] 1tX9%d-0001 ** carol@example.com R=dnslookup T=remote_smtp H=mx.example.com [192.0.2.30]: SMTP error from remote mail server after RCPT TO:<carol@example.com>: %s"
	f[nf++] = "Dec  1 10:%02d:%02d mx sm-mta[%d]: wB1A0%d: to=<u@example.com>, delay=00:00:01, mailer=esmtp, pri=120, relay=mx.example.com. [192.0.2.8], dsn=5.0.0, stat=User unknown: %s"
	srand(1)
	limit = mb * 1048576
	size = 0
	while (size < limit) {
		r = rand()
		a = int(rand() * 60); b = int(rand() * 60)
		c = int(rand() * 30000) + 100; d = int(rand() * 250) + 1
		if (kind == "postfix")
			line = sprintf(t[int(r * npostfix)], a, b, c, d)
		else if (kind == "mixed")
			line = sprintf(t[int(r * n)], a, b, c, d)
		else if (r < 0.1)
			line = sprintf(t[int(r * 10 * npostfix)], a, b, c, d)
		else
			line = sprintf(f[int((r - 0.1) / 0.9 * nf)], a, b, c,
			    d, vt[int(rand() * nv)])
		print line
		size += length(line) + 1
	}
}'
