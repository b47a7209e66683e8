#!/bin/sh
# Write a mixed mail log of about $1 megabytes (default 200) to stdout:
# Postfix, Exim, Sendmail, qmail and OpenSMTPD lines, most without codes,
# as a busy server logs them.  Deterministic: the same size gives the same
# bytes.
mb=${1:-200}
awk -v mb="$mb" '
BEGIN {
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
	srand(1)
	limit = mb * 1048576
	size = 0
	while (size < limit) {
		line = sprintf(t[int(rand() * n)], int(rand() * 60), int(rand() * 60), int(rand() * 30000) + 100, int(rand() * 250) + 1)
		print line
		size += length(line) + 1
	}
}'
