/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * The SMTP command a refusal answered, from the phrases MTAs write
 * around a reply.  The same words read differently by stage ("User
 * unknown" after DATA, when RCPT TO had been accepted, is a filter's
 * answer), and bounces and logs say the stage in words of their own:
 * Postfix's "(in reply to end of DATA command)", Exim's "after RCPT TO",
 * qmail-remote's "does not like recipient" and "failed on DATA command"
 * (qmail-remote.c), and others'.  line.c finds the commonest in its one
 * pass over every log line; this fuller list is for the few texts whose
 * reading depends on the stage.
 */
#include <string.h>

#include "extern.h"

static const char *find_ci(const char *, size_t, const char *);

/* Lowercase; where one phrase holds another, the longer comes first. */
static const struct {
	const char	*words;
	const char	*stage;
} phrases[] = {
	{ "in reply to end of data", "end of DATA" },
	{ "in reply to data", "DATA" },
	{ "in reply to bdat", "BDAT" },
	{ "in reply to rcpt to", "RCPT TO" },
	{ "in reply to mail from", "MAIL FROM" },
	{ "after end of data", "end of DATA" },
	{ "failed after i sent the message", "end of DATA" },
	{ "failed on data command", "DATA" },
	{ "reject: end-of-message", "end of DATA" },
	{ "reject: data from", "DATA" },
	{ "after pipelined data", "DATA" },
	{ "after data", "DATA" },
	{ "after pipelined rcpt to", "RCPT TO" },
	{ "after rcpt to", "RCPT TO" },
	{ "after rcpt command", "RCPT TO" },
	{ "our rcpt to", "RCPT TO" },		/* "did not like our ..." */
	{ "does not like recipient", "RCPT TO" },
	{ "most progress was rcpt to", "RCPT TO" },
	{ "[rcpt_to]", "RCPT TO" },
	{ "smtp:rcpt ", "RCPT TO" },
	{ "reject: rcpt from", "RCPT TO" },
	/* Postfix checks its recipient restrictions at RCPT TO. */
	{ "recipient address rejected", "RCPT TO" },
	{ "after pipelined mail from", "MAIL FROM" },
	{ "after mail from", "MAIL FROM" },
	{ "but sender was rejected", "MAIL FROM" },
	{ "reject: mail from", "MAIL FROM" },
};

/* The stage s names ("DATA", "RCPT TO", ...), or NULL. */
const char *
smtp_stage(const char *s, size_t len)
{
	size_t	 i;

	if (s == NULL)
		return NULL;
	for (i = 0; i < sizeof(phrases) / sizeof(phrases[0]); i++)
		if (find_ci(s, len, phrases[i].words) != NULL)
			return phrases[i].stage;
	return NULL;
}

/* The lowercase needle in s[0..len), either case of s's letters. */
static const char *
find_ci(const char *s, size_t len, const char *needle)
{
	size_t	 n = strlen(needle), i, k;
	int	 c;

	for (i = 0; i + n <= len; i++) {
		for (k = 0; k < n; k++) {
			c = (unsigned char)s[i + k];
			if (c >= 'A' && c <= 'Z')
				c |= 0x20;
			if (c != (unsigned char)needle[k])
				break;
		}
		if (k == n)
			return s + i;
	}
	return NULL;
}
