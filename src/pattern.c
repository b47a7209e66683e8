/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * One pass over a line for every phrase of wording and every receiver's
 * host name at once: a bit per pair of leading bytes says where a pattern
 * may start, and only there are the few patterns with that pair compared.
 */
#include <string.h>

#include "extern.h"

static int	 lc(int);
static int	 isalpha_(int);
static int	 isalnum_(int);
static const struct kb_pair *pair_find(unsigned);
static int	 same_ci(const char *, const char *, size_t);
static int	 fits(const char *, size_t, size_t, const struct kb_pattern *);
static int	 rank(const struct kb_wording *);
static int	 stronger(const struct kb_wording *, unsigned,
		    const struct kb_wording *, unsigned);

static int
lc(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static int
isalpha_(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
isalnum_(int c)
{
	return isalpha_(c) || (c >= '0' && c <= '9');
}

static const struct kb_pair *
pair_find(unsigned pair)
{
	size_t	 lo = 0, hi = kb_npairs, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (kb_pairs[mid].pair == pair)
			return &kb_pairs[mid];
		if (kb_pairs[mid].pair < pair)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* s[0..n) equals the lowercase t[0..n), ignoring the case of s. */
static int
same_ci(const char *s, const char *t, size_t n)
{
	size_t	 k;

	for (k = 0; k < n; k++)
		if (lc((unsigned char)s[k]) != (unsigned char)t[k])
			return 0;
	return 1;
}

/*
 * Does the pattern stand at s[i] as a whole: a phrase as whole words
 * ("user unknown", never "superuser unknownx"), a host fragment at the
 * start of a name's label ("mwinf" in "mwinf5c20", "google.com" in
 * "mx.google.com" but not in "notgoogle.com").
 */
static int
fits(const char *s, size_t len, size_t i, const struct kb_pattern *p)
{
	int	 before = i > 0 ? (unsigned char)s[i - 1] : ' ';
	int	 after = i + p->len < len ? (unsigned char)s[i + p->len] : ' ';

	if (len - i < p->len || !same_ci(s + i, p->text, p->len))
		return 0;
	if (p->kind == PAT_WORDING)
		return !isalpha_(before) && !isalpha_(after);
	if (isalnum_(before) || before == '_')
		return 0;
	return strchr(p->text, '.') == NULL ||
	    (!isalnum_(after) && after != '-');
}

/*
 * How much a phrase's cause outweighs others in the same text: a local
 * delivery agent's failure ("procmail: … No such user") is that, whatever
 * it quotes; the queue giving up ("mailbox is full: retry timeout
 * exceeded") only says how long the real cause lasted.
 */
static int
rank(const struct kb_wording *w)
{
	if (strcmp(w->reason, "mailererror") == 0)
		return 2;
	return strcmp(w->reason, "expired") == 0 ? 0 : 1;
}

/* Does phrase a (of length alen) decide rather than b? */
static int
stronger(const struct kb_wording *a, unsigned alen,
    const struct kb_wording *b, unsigned blen)
{
	if (rank(a) != rank(b))
		return rank(a) > rank(b);
	return alen > blen;
}

void
pattern_scan(const char *s, size_t len, struct pattern_hits *h)
{
	const struct kb_pair	*pr;
	const struct kb_pattern	*p;
	size_t			 i, k;
	unsigned		 pair;

	memset(h, 0, sizeof(*h));
	for (i = 0; i + 1 < len; i++) {
		pair = (unsigned)lc((unsigned char)s[i]) << 8 |
		    (unsigned)lc((unsigned char)s[i + 1]);
		if ((kb_pairbits[pair / 64] & (uint64_t)1 << (pair % 64)) == 0)
			continue;
		if ((pr = pair_find(pair)) == NULL)
			continue;
		for (k = 0; k < pr->count; k++) {
			p = &kb_patterns[pr->first + k];
			if (!fits(s, len, i, p))
				continue;
			/* The strongest phrase says the most; the first host. */
			if (p->kind == PAT_WORDING && (h->wording == NULL ||
			    stronger(&kb_wordings[p->index], p->len,
			    h->wording, h->wlen))) {
				h->wording = &kb_wordings[p->index];
				h->woff = i;
				h->wlen = p->len;
			} else if (p->kind == PAT_HOST && h->receiver == NULL)
				h->receiver = &kb_entries[p->index];
		}
	}
}
