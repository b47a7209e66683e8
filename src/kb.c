/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * Lookups in the compiled-in knowledge base: a static table sorted by key,
 * searched in place, so start-up costs nothing however large it grows.
 */
#include <stdlib.h>
#include <string.h>

#include "extern.h"

static int	 cmp_key(const void *, const void *);

static int
cmp_key(const void *key, const void *entry)
{
	return strcmp(key, ((const struct kb_entry *)entry)->key);
}

const struct kb_entry *
kb_lookup(const char *key)
{
	return bsearch(key, kb_entries, kb_nentries, sizeof(kb_entries[0]),
	    cmp_key);
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
int
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
 * The seed page writes reply codes with dots ("4.2.0" for 420): the entry
 * for the reply with the same digits lists that spelling in its seed key.
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
	return e;
}
