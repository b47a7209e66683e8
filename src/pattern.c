/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * One pass over a line for every phrase of wording and every receiver's
 * host name at once (msearch.c), then the phrases found are weighed.
 */
#include <stdlib.h>
#include <string.h>

#include "extern.h"

static int	 isalpha_(int);
static int	 isalnum_(int);
static int	 fits(const char *, size_t, size_t, const struct kb_pattern *);
static int	 rank(const struct kb_wording *);
static void	 make_tables(void);
static void	 add_hit(void *, unsigned, size_t);
static void	 add_part(void *, unsigned, size_t);
static void	 make_words(void);
static void	 word_fits(void *, unsigned, size_t);
static void	 take_all(const char *, size_t, struct pattern_hits *);
static int	 by_pos(const void *, const void *);
static void	 take(const char *, size_t, size_t, unsigned,
		    struct pattern_hits *);
static int	 stronger(const struct kb_wording *, unsigned,
		    const struct kb_wording *, unsigned);

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

/*
 * Does the pattern stand at s[i] as a whole: a phrase as whole words
 * ("user unknown", never "superuser unknownx"), a host fragment at the
 * start of a name's label ("mwinf" in "mwinf5c20", "google.com" in
 * "mx.google.com" but not in "notgoogle.com").  Its bytes are there,
 * in either case: msearch.c compared them all where it found them (in
 * the text, or clear of the cuts in the one it was cut from), so they
 * are not compared again.
 */
static int
fits(const char *s, size_t len, size_t i, const struct kb_pattern *p)
{
	int	 before = i > 0 ? (unsigned char)s[i - 1] : ' ';
	int	 after = i + p->len < len ? (unsigned char)s[i + p->len] : ' ';

	if (len - i < p->len)
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
	/*
	 * A phrase that another one begins with says less: "retry time not
	 * reached" is in "retry time not reached for any host after a long
	 * failure period", which decides.
	 */
	if (alen > blen && strncmp(a->phrase, b->phrase, blen) == 0)
		return 1;
	if (blen > alen && strncmp(b->phrase, a->phrase, alen) == 0)
		return 0;
	if (rank(a) != rank(b))
		return rank(a) > rank(b);
	return alen > blen;
}

/*
 * The patterns are found by msearch.c's one pass, not in order of
 * position; they are weighed here in the order a scan from the left
 * meets them (by position, then by pattern), as which phrase decides
 * among equals, and which host, depends on it.
 */
struct phit {
	size_t		 pos;
	unsigned	 pat;
};

#define CHUNK		4096	/* bytes of text whose hits are held */

/*
 * Every pattern: their texts, registered with msearch.c, and their own
 * index, made when first needed (annotation finds them in the pass for
 * every set).
 */
static struct msearch	*pms;
static const char	**ptexts;
static unsigned		*plens;
static size_t		 maxlen;	/* the longest pattern's bytes */
/*
 * The wording alone, for texts no code decides: no phrase is under six
 * bytes, so its pass probes every third byte where pms, with hosts of
 * five, probes every second.  wpat[i]: kb_patterns index of pattern i.
 */
static struct msearch	*wms;
static unsigned		*wpat;
static struct phit	*hits;
static size_t		 nhits, hitsz;

static void
make_tables(void)
{
	const char	**texts;
	unsigned	*lens;
	size_t		 i;

	texts = xcalloc(kb_npatterns + 1, sizeof(*texts));
	lens = xcalloc(kb_npatterns + 1, sizeof(*lens));
	for (i = 0; i < kb_npatterns; i++) {
		texts[i] = kb_patterns[i].text;
		lens[i] = kb_patterns[i].len;
		if (lens[i] > maxlen)
			maxlen = lens[i];
	}
	ptexts = texts;		/* kept for good */
	plens = lens;
	ms_register(MS_WORDING, texts, lens, kb_npatterns, 1);
}

static void
make_words(void)
{
	const char	**texts;
	unsigned	*lens;
	size_t		 i, n = 0;

	texts = xcalloc(kb_npatterns + 1, sizeof(*texts));
	lens = xcalloc(kb_npatterns + 1, sizeof(*lens));
	wpat = xcalloc(kb_npatterns + 1, sizeof(*wpat));
	for (i = 0; i < kb_npatterns; i++)
		if (kb_patterns[i].kind == PAT_WORDING) {
			texts[n] = kb_patterns[i].text;
			lens[n] = kb_patterns[i].len;
			wpat[n++] = (unsigned)i;
		}
	wms = ms_build(texts, lens, n, 1);
	free(texts);	/* the index keeps the texts, not the array */
	free(lens);
}

void
pattern_prepare(void)
{
	if (ptexts == NULL)
		make_tables();
}

static void
add_hit(void *ctx, unsigned pat, size_t pos)
{
	(void)ctx;
	if (nhits == hitsz) {
		hitsz = hitsz == 0 ? 64 : hitsz * 2;
		hits = xrealloc(hits, hitsz * sizeof(*hits));
	}
	hits[nhits].pos = pos;
	hits[nhits].pat = pat;
	nhits++;
}

static int
by_pos(const void *a, const void *b)
{
	const struct phit	*x = a, *y = b;

	if (x->pos != y->pos)
		return x->pos < y->pos ? -1 : 1;
	return x->pat < y->pat ? -1 : x->pat > y->pat;
}

/* Hits of one part of the text: those that start in it, in place. */
struct chunk {
	size_t		 from, to;
};

static void
add_part(void *ctx, unsigned pat, size_t pos)
{
	const struct chunk	*c = ctx;

	if (c->from + pos < c->to)
		add_hit(NULL, pat, c->from + pos);
}

/* The hits found, weighed in the order a scan from the left meets them. */
static void
take_all(const char *s, size_t len, struct pattern_hits *h)
{
	struct phit	 t;
	size_t		 i, k;

	/* Found nearly in order: a few moves, or a sort when many. */
	if (nhits > 32)
		qsort(hits, nhits, sizeof(*hits), by_pos);
	else
		for (i = 1; i < nhits; i++) {
			t = hits[i];
			for (k = i; k > 0 && by_pos(&hits[k - 1], &t) > 0; k--)
				hits[k] = hits[k - 1];
			hits[k] = t;
		}
	for (i = 0; i < nhits; i++)
		take(s, len, hits[i].pos, hits[i].pat, h);
}

/* Pattern p found at s[i]: weighed if it stands there as a whole. */
static void
take(const char *s, size_t len, size_t i, unsigned pat,
    struct pattern_hits *h)
{
	const struct kb_pattern	*p = &kb_patterns[pat];

	if (!fits(s, len, i, p))
		return;
	/* The strongest phrase says the most; the first host. */
	if (p->kind == PAT_WORDING && h->prefer != NULL &&
	    strcmp(kb_wordings[p->index].reason, h->prefer) == 0 &&
	    p->len > h->alen) {
		h->agree = &kb_wordings[p->index];
		h->aoff = i;
		h->alen = p->len;
	}
	if (p->kind == PAT_WORDING && (h->wording == NULL ||
	    stronger(&kb_wordings[p->index], p->len,
	    h->wording, h->wlen))) {
		h->wording = &kb_wordings[p->index];
		h->woff = i;
		h->wlen = p->len;
	} else if (p->kind == PAT_HOST && h->receiver == NULL)
		h->receiver = &kb_entries[p->index];
}

/* A text and whether a phrase of wording stands in it as a whole. */
struct wtext {
	const char	*s;
	size_t		 len;
	int		 fits;
};

static void
word_fits(void *ctx, unsigned pat, size_t pos)
{
	struct wtext	*w = ctx;

	if (!w->fits && fits(w->s, w->len, pos, &kb_patterns[wpat[pat]]))
		w->fits = 1;
}

/*
 * pattern_scan() for a text no code decides: a receiver's host counts
 * only once a phrase of wording decides, so the wording is looked for
 * first, alone, and the whole scan made only if a phrase stands there;
 * else nothing is found.  Making wms costs what about five thousand
 * such texts save: where pms is made anyway (the sets not merged), the
 * first WORDS_LATE have the whole scan instead.
 */
#define WORDS_LATE	1024
void
pattern_words(const char *s, size_t len, struct pattern_hits *h)
{
	static unsigned	 asked;
	struct wtext	 w;

	if (wms == NULL && (pms != NULL || !ms_merged(MS_WORDING)) &&
	    asked++ < WORDS_LATE) {
		pattern_scan(s, len, h);
		return;
	}
	if (wms == NULL)
		make_words();
	w.s = s;
	w.len = len;
	w.fits = 0;
	ms_scan(wms, s, len, word_fits, &w);
	if (w.fits)
		pattern_scan(s, len, h);
	else {
		w.s = h->prefer;
		memset(h, 0, sizeof(*h));
		h->prefer = w.s;
	}
}

void
pattern_scan(const char *s, size_t len, struct pattern_hits *h)
{
	const char	*prefer = h->prefer;
	struct chunk	 c;
	size_t		 a;
	int		 kept;

	memset(h, 0, sizeof(*h));
	h->prefer = prefer;
	if (ptexts == NULL)
		make_tables();
	nhits = 0;
	/*
	 * From the pass for every set, when the views that want it have
	 * merged them (kept from annotation's if it was made): then pms is
	 * not made.
	 */
	if ((kept = ms_shared(MS_WORDING, s, len, add_hit, NULL)) != 0)
		take_all(s, len, h);
	/*
	 * Else a part at a time, each with the longest pattern's length
	 * more, keeping what starts in it: as many hits as a part holds.
	 */
	if (!kept && pms == NULL)
		pms = ms_build(ptexts, plens, kb_npatterns, 1);
	for (a = 0; !kept && a < len; a += CHUNK) {
		c.from = a;
		c.to = len - a > CHUNK ? a + CHUNK : len;
		ms_scan(pms, s + a, len - c.to > maxlen ? c.to + maxlen - a :
		    len - a, add_part, &c);
		take_all(s, len, h);
		nhits = 0;
	}
	/*
	 * Two kinds of evidence outweigh one: a phrase that agrees with the
	 * code's own reason ("5.2.2 ... Mailbox Full") decides over a longer
	 * one that does not ("Invalid Address"), unless that one outranks it.
	 */
	if (h->agree != NULL && h->agree != h->wording &&
	    rank(h->agree) >= rank(h->wording)) {
		h->wording = h->agree;
		h->woff = h->aoff;
		h->wlen = h->alen;
	}
}
