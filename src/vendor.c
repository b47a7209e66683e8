/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * Which vendor's message a line is: the vendor entries indexed under the
 * deciding code (and its reply) are tried against the line's text; the
 * entry whose phrases cover the most of the line wins, a phrase beats a
 * bare host name, an entry found by the enhanced code beats one found
 * only by the reply, and a vendor's own message beats the common wording
 * that many servers share (the generic- entries).  A line whose code no vendor entry lists costs one
 * binary search.
 */
#include <string.h>

#include "extern.h"

#define SCORE_PHRASE	1000	/* a phrase of the message matched */
#define SCORE_HOST	500	/* only a host name matched */
#define SCORE_ENHANCED	100	/* found by the enhanced code */
#define SCORE_GENERIC	(-300)	/* common wording: below any vendor's phrase */
#define VENDOR_BEFORE	256	/* bytes searched before the code */
#define VENDOR_AFTER	768	/* and after it */

struct matcher {
	const char	*s;		/* the line */
	size_t		 len;
	size_t		 from, to;	/* the part searched */
	uint64_t	 bloom[BLOOM_WORDS]; /* its letter pairs, once made */
	int		 have_bloom;
	const struct kb_entry *best;	/* best entry so far */
	int		 score;		/* its score */
	int		 specific;	/* the code says more than an MTA's frame */
};

static size_t	 lower_bound(long);
static int	 lower(int);
static int	 find_ci(const char *, size_t, const char *, size_t);
static void	 try_code(struct matcher *, long, int, int);

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* Does s[0..n) contain the lowercase needle, ignoring case? */
static int
find_ci(const char *s, size_t n, const char *needle, size_t m)
{
	size_t	 i, k;

	if (m == 0 || m > n)
		return 0;
	for (i = 0; i + m <= n; i++) {
		if (lower((unsigned char)s[i]) != needle[0])
			continue;
		for (k = 1; k < m &&
		    lower((unsigned char)s[i + k]) == needle[k]; k++)
			continue;
		if (k == m)
			return 1;
	}
	return 0;
}

/* The first row of kb_vcodes whose code is not less than num. */
static size_t
lower_bound(long num)
{
	size_t	 lo = 0, hi = kb_nvcodes, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (kb_vcodes[mid].num < num)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * The entries listed under num.  With only_plain, skip entries that list
 * enhanced codes: when the line has an enhanced code, such an entry is
 * tried under that code or is about another message.
 */
static void
try_code(struct matcher *m, long num, int bonus, int only_plain)
{
	const struct kb_vcode	*v;
	const struct kb_phrase	*p;
	size_t			 i, k;
	int			 phrases, hosts, score;

	for (i = lower_bound(num); i < kb_nvcodes && kb_vcodes[i].num == num;
	    i++) {
		v = &kb_vcodes[i];
		if (only_plain && v->enhanced)
			continue;
		/* The more of its phrases a line has, the surer the match. */
		phrases = hosts = 0;
		for (k = 0; k < v->nphrase; k++) {
			p = &kb_phrases[v->phrase + k];
			if (!m->have_bloom) {
				bloom_make(m->s + m->from, m->to - m->from,
				    m->bloom);
				m->have_bloom = 1;
			}
			if (!bloom_within(p->bloom, m->bloom) ||
			    !find_ci(m->s + m->from, m->to - m->from, p->text,
			    p->len))
				continue;
			if (p->host)
				hosts += (int)p->len;
			else
				phrases += (int)p->len;
		}
		/*
		 * An entry that only explains how an MTA frames its log lines
		 * (reason undefined) says less than a specific code does.
		 */
		if (m->specific &&
		    strcmp(kb_entries[v->entry].reason, "undefined") == 0)
			continue;
		if (phrases > 0)
			score = SCORE_PHRASE + phrases + bonus +
			    (strncmp(kb_entries[v->entry].key, "generic-", 8) == 0 ?
			    SCORE_GENERIC : 0);
		else if (hosts > 0)
			score = SCORE_HOST + hosts + bonus;
		else
			continue;
		if (score > m->score) {
			m->best = &kb_entries[v->entry];
			m->score = score;
		}
	}
}

const struct kb_entry *
vendor_match(const char *s, size_t len, size_t off, const struct smtp_code *c,
    int reply)
{
	struct matcher	 m;

	m.s = s;
	m.len = len;
	/* A message's own words stand near its code: look around it. */
	m.from = off > VENDOR_BEFORE ? off - VENDOR_BEFORE : 0;
	m.to = len - off > VENDOR_AFTER ? off + VENDOR_AFTER : len;
	m.have_bloom = 0;
	m.best = NULL;
	m.score = 0;
	m.specific = c->type == CODE_ENHANCED && c->detail != 0;
	try_code(&m, code_number(c), c->type == CODE_ENHANCED ?
	    SCORE_ENHANCED : 0, 0);
	if (reply != 0 && c->type == CODE_ENHANCED)
		try_code(&m, reply, 0, 1);
	return m.best;
}
