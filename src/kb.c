/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * Lookups in the knowledge base: the compiled-in table, sorted by key and
 * searched in place so that start-up costs nothing however large it
 * grows, and the table of a local overlay, which overlay.c loads and hands
 * over and which is asked first.  Neither table is copied or merged.
 * Which entry explains a code is decided here too: its own, else its
 * subject's (RFC 3463 section 2 asks clients to fall back on the subject
 * for an unknown detail), else its class's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extern.h"

static const struct kb_entry *local;	/* the overlay's, sorted by key */
static size_t		 nlocal;

/*
 * kb_resolve()'s answers by code, forgotten when the overlay changes.
 * A bounce-heavy log names a few hundred codes: 64 slots missed one
 * lookup in eight there.
 */
#define RESOLVED_BITS	10
#define RESOLVED	(1 << RESOLVED_BITS)
static struct resolved {
	struct smtp_code	 code;
	const struct kb_entry	*e;
	int			 fallback;
	int			 valid;
} resolved[RESOLVED];

static int	 cmp_key(const void *, const void *);
static int	 list_has(const char *, const char *);
static const struct kb_entry *local_lookup(const char *);
static const struct kb_entry *resolve(const struct smtp_code *, int *);

static int
cmp_key(const void *key, const void *entry)
{
	return strcmp(key, ((const struct kb_entry *)entry)->key);
}

void
kb_overlay(const struct kb_entry *e, size_t n)
{
	local = e;
	nlocal = n;
	memset(resolved, 0, sizeof(resolved));
}

static const struct kb_entry *
local_lookup(const char *key)
{
	if (nlocal == 0)
		return NULL;
	return bsearch(key, local, nlocal, sizeof(local[0]), cmp_key);
}

const struct kb_entry *
kb_lookup(const char *key)
{
	const struct kb_entry	*e;

	if ((e = local_lookup(key)) != NULL)
		return e;
	return kb_builtin(key);
}

/*
 * Merge the two sorted tables on the fly: on equal keys the overlay's
 * entry is returned and the built-in one skipped.
 */
const struct kb_entry *
kb_next(struct kb_iter *it)
{
	const struct kb_entry	*b = NULL, *l;
	int			 d = 0;

	if (it->builtin < kb_nentries)
		b = &kb_entries[it->builtin];
	l = it->local < nlocal ? &local[it->local] : NULL;
	if (l != NULL && (b == NULL || (d = strcmp(l->key, b->key)) <= 0)) {
		it->local++;
		if (b != NULL && d == 0)
			it->builtin++;
		return l;
	}
	if (b != NULL)
		it->builtin++;
	return b;
}

const struct kb_entry *
kb_builtin(const char *key)
{
	return bsearch(key, kb_entries, kb_nentries, sizeof(kb_entries[0]),
	    cmp_key);
}

size_t
kb_total(void)
{
	size_t	 n = kb_nentries, i;

	for (i = 0; i < nlocal; i++)
		if (kb_builtin(local[i].key) == NULL)
			n++;
	return n;
}

int
kb_is_local(const struct kb_entry *e)
{
	return e != NULL && nlocal > 0 && e >= local && e < local + nlocal;
}

size_t
kb_local_count(void)
{
	return nlocal;
}

const struct kb_entry *
kb_local_at(size_t i)
{
	return i < nlocal ? &local[i] : NULL;
}

size_t
kb_count(void)
{
	return kb_nentries;
}

const struct kb_entry *
kb_at(size_t i)
{
	return i < kb_nentries ? &kb_entries[i] : NULL;
}

/* Does the space-separated list hold word? */
static int
list_has(const char *list, const char *word)
{
	size_t	 n = strlen(word);
	const char *p;

	for (p = list; (p = strstr(p, word)) != NULL; p += n)
		if ((p == list || p[-1] == ' ') &&
		    (p[n] == ' ' || p[n] == '\0'))
			return 1;
	return 0;
}

/*
 * Some pages write reply codes with dots ("4.2.0" for 420): the entry for
 * the reply with the same digits lists that spelling in its seed key.
 */
const struct kb_entry *
kb_seed(const char *typed)
{
	const struct kb_entry	*e;
	char			 key[4];

	if (strlen(typed) != 5 || typed[1] != '.' || typed[3] != '.')
		return NULL;
	key[0] = typed[0];
	key[1] = typed[2];
	key[2] = typed[4];
	key[3] = '\0';
	if ((e = kb_lookup(key)) == NULL || !list_has(e->seed, typed))
		return NULL;
	/*
	 * A nonstandard reply that is only this enhanced code without its
	 * dots ("471" for 4.7.1) means nothing else: its page sends the
	 * reader back here, so offering it would go round in a circle.
	 */
	if (strcmp(e->status, "nonstandard") == 0 &&
	    list_has(e->enhanced, typed))
		return NULL;
	return e;
}

const struct kb_entry *
kb_resolve(const struct smtp_code *c, int *fallback)
{
	struct resolved		*r;
	const struct kb_entry	*e;

	/* A log names a few codes over and over: each looked up once. */
	r = &resolved[((unsigned)c->type * 31 + (unsigned)c->cls * 7 +
	    (unsigned)c->subject * 131 + (unsigned)c->detail * 17 +
	    (unsigned)c->reply + (unsigned)c->suffix * 1009) * 2654435761u >>
	    (32 - RESOLVED_BITS)];
	if (r->valid && memcmp(&r->code, c, sizeof(*c)) == 0) {
		*fallback = r->fallback;
		return r->e;
	}
	e = resolve(c, fallback);
	r->code = *c;
	r->e = e;
	r->fallback = *fallback;
	r->valid = 1;
	return e;
}

static const struct kb_entry *
resolve(const struct smtp_code *c, int *fallback)
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
	return e != NULL ? kbcheck_bounce_name(e->bounce) : "none";
}

/* The bounce reason of a line decided in class cls: 2xx is "delivered". */
/*
 * Entries named generic- explain common wording ("User unknown") with a
 * page of their own; every other vendor entry is a vendor's own message,
 * which outranks wording.
 */
int
kb_generic(const struct kb_entry *e)
{
	return strncmp(e->key, "generic-", 8) == 0;
}

const char *
kb_reason(const struct kb_entry *e, int cls)
{
	if (cls == 2)
		return "delivered";
	return e != NULL ? e->reason : "undefined";
}
