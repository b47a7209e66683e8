/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * Which entry explains a code: its own, else its subject's (RFC 3463 §2
 * asks clients to fall back on the subject for an unknown detail), else
 * its class's.
 */
#include <stdio.h>

#include "extern.h"

const struct kb_entry *
kb_resolve(const struct smtp_code *c, int *fallback)
{
	const struct kb_entry	*e;
	char			 key[32];

	*fallback = 0;
	code_key(c, key, sizeof(key));
	if ((e = kb_lookup(key)) != NULL || c->type == CODE_CLASS)
		return e;
	*fallback = 1;
	if (c->type == CODE_ENHANCED) {
		snprintf(key, sizeof(key), "X.%d.X", c->subject);
		if ((e = kb_lookup(key)) != NULL)
			return e;
	}
	if (c->cls >= 2) {
		snprintf(key, sizeof(key), "%d.X.X", c->cls == 3 ? 2 : c->cls);
		e = kb_lookup(key);
	}
	return e;
}

/*
 * "hard", "soft" or "none" for a code of class cls: the class decides
 * where there is one (4 retry, 5 do not); else the entry's usual verdict.
 */
const char *
kb_bounce(const struct kb_entry *e, int cls)
{
	if (cls == 2 || cls == 3)
		return "none";
	if (cls == 4)
		return "soft";
	if (cls == 5)
		return "hard";
	return e != NULL ? kb_bounce_name(e->bounce) : "none";
}

/* The bounce reason of a line decided in class cls: 2xx is "delivered". */
const char *
kb_reason(const struct kb_entry *e, int cls)
{
	if (cls == 2)
		return "delivered";
	return e != NULL ? e->reason : "undefined";
}
