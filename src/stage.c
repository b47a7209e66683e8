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

static void	 keep_first(void *, unsigned, size_t);

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
#define NPHRASES	(sizeof(phrases) / sizeof(phrases[0]))

/* The first phrase of the table found in a text. */
struct first {
	size_t	 idx;
};

static void
keep_first(void *arg, unsigned i, size_t off)
{
	struct first	*f = arg;

	(void)off;
	if (i < f->idx)
		f->idx = i;
}

/*
 * The stage s names ("DATA", "RCPT TO", ...), or NULL.  One pass of the
 * many-pattern search for all phrases: the verdict asks this of every
 * log line whose words deny a user and whose stage line.c did not find.
 */
const char *
smtp_stage(const char *s, size_t len)
{
	static struct msearch	*ms;
	static const char	*texts[NPHRASES];
	static unsigned		 lens[NPHRASES];
	struct first		 f;
	size_t			 i;

	if (s == NULL)
		return NULL;
	if (ms == NULL) {
		for (i = 0; i < NPHRASES; i++) {
			texts[i] = phrases[i].words;
			lens[i] = (unsigned)strlen(texts[i]);
		}
		ms = ms_build(texts, lens, NPHRASES, 1);
	}
	f.idx = NPHRASES;
	ms_scan(ms, s, len, keep_first, &f);
	return f.idx < NPHRASES ? phrases[f.idx].stage : NULL;
}
