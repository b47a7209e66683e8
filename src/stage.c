/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * The SMTP command a refusal answered, from the phrases MTAs write
 * around a reply.  The same words read differently by stage ("User
 * unknown" after DATA, when RCPT TO had been accepted, is a filter's
 * answer), and bounces and logs say the stage in words of their own:
 * Postfix's "(in reply to end of DATA command)", Exim's "after RCPT TO",
 * qmail-remote's "does not like recipient" and "failed on DATA command"
 * (qmail-remote.c), Gmail's "(state 18)", and others'.  line.c finds the commonest in its one
 * pass over every log line; this fuller list is for the few texts whose
 * reading depends on the stage.
 */
#include <limits.h>
#include <string.h>

#include "extern.h"

static void	 first_hit(void *, unsigned, size_t);

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
	/*
	 * Gmail's older bounces end the remote's reply with the state its
	 * client was in: 17 and 18 are the message data ("550 550 Unknown
	 * user a@b (state 18).").
	 */
	{ "(state 17)", "DATA" },
	{ "(state 18)", "DATA" },
	{ "after pipelined mail from", "MAIL FROM" },
	{ "after mail from", "MAIL FROM" },
	{ "but sender was rejected", "MAIL FROM" },
	{ "reject: mail from", "MAIL FROM" },
};

/*
 * The stage s names ("DATA", "RCPT TO", ...), or NULL.  The text may be
 * a whole bounce of several kilobytes: the phrases are found in one pass
 * that skips (msearch.c), not one pass each, and the first phrase of the
 * list that stands anywhere in s decides, as before.
 */
const char *
smtp_stage(const char *s, size_t len)
{
	static struct msearch	*m;
	static const char	*texts[sizeof(phrases) / sizeof(phrases[0])];
	static unsigned		 lens[sizeof(phrases) / sizeof(phrases[0])];
	unsigned		 best = UINT_MAX;
	size_t			 i;

	if (s == NULL)
		return NULL;
	/* Built on first use: a lookup of a code never needs it. */
	if (m == NULL) {
		for (i = 0; i < sizeof(phrases) / sizeof(phrases[0]); i++) {
			texts[i] = phrases[i].words;
			lens[i] = (unsigned)strlen(phrases[i].words);
		}
		m = ms_build(texts, lens, i, 1);
	}
	ms_scan(m, s, len, first_hit, &best);
	return best == UINT_MAX ? NULL : phrases[best].stage;
}

/*
 * A refusal at DATA, at the end of the message data or at BDAT: the
 * recipients had been accepted at RCPT TO before it.
 */
int
stage_after_rcpt(const char *st)
{
	return st != NULL && (strcmp(st, "DATA") == 0 ||
	    strcmp(st, "end of DATA") == 0 || strcmp(st, "BDAT") == 0);
}

/* Keeps the smallest phrase index found. */
static void
first_hit(void *ctx, unsigned pat, size_t pos)
{
	unsigned	*best = ctx;

	(void)pos;
	if (pat < *best)
		*best = pat;
}
