/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * Lookups in the compiled-in knowledge base: a static table sorted by key,
 * searched in place, so start-up costs nothing however large it grows.
 * A local overlay, when the user loaded one, is asked first; the table is
 * never copied or merged.
 */
#include <stdlib.h>
#include <string.h>

#include "extern.h"

static int	 cmp_key(const void *, const void *);
static int	 kb_list_has(const char *, const char *);

static int
cmp_key(const void *key, const void *entry)
{
	return strcmp(key, ((const struct kb_entry *)entry)->key);
}

const struct kb_entry *
kb_lookup(const char *key)
{
	const struct kb_entry	*e;

	if ((e = overlay_lookup(key)) != NULL)
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
	l = overlay_at(it->local);
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

	for (i = 0; i < overlay_count(); i++)
		if (kb_builtin(overlay_at(i)->key) == NULL)
			n++;
	return n;
}

int
kb_is_local(const struct kb_entry *e)
{
	return e != NULL && overlay_lookup(e->key) == e;
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
kb_list_has(const char *list, const char *word)
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
	if ((e = kb_lookup(key)) == NULL || !kb_list_has(e->seed, typed))
		return NULL;
	/*
	 * A nonstandard reply that is only this enhanced code without its
	 * dots ("471" for 4.7.1) means nothing else: its page sends the
	 * reader back here, so offering it would go round in a circle.
	 */
	if (strcmp(e->status, "nonstandard") == 0 &&
	    kb_list_has(e->enhanced, typed))
		return NULL;
	return e;
}
