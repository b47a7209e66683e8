/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * One pass over a line for every phrase of wording and every receiver's
 * host name at once: a bit per pair of leading bytes says where a pattern
 * may start, and only there are the few patterns with that pair compared.
 */
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "extern.h"

/* Filled once by make_tables(); a pair is two bytes. */
static uint32_t	 pairrow[65536];	/* kb_pairs index + 1 of a pair */

static int	 lc(int);
static int	 isalpha_(int);
static int	 isalnum_(int);
static const struct kb_pair *pair_find(unsigned);
static int	 same_ci(const char *, const char *, size_t);
static int	 fits(const char *, size_t, size_t, const struct kb_pattern *);
static int	 rank(const struct kb_wording *);
static void	 make_tables(void);
static void	 try_at(const char *, size_t, size_t, struct pattern_hits *);
static uint32_t	 quad(const unsigned char *);
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

/*
 * The kb_pairs row of a pair: a table lookup, where a binary search cost
 * a tenth of the scan at the seven or so word starts a line tries.
 */
static const struct kb_pair *
pair_find(unsigned pair)
{
	return pairrow[pair] == 0 ? NULL : &kb_pairs[pairrow[pair] - 1];
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
 * Bytes that may start a pattern at a position (a pattern's first byte,
 * either case) after a byte that does not glue a word to it: fits()
 * refuses a pattern after a letter, so only word starts are tried.
 */
static unsigned char	 starts[256], gluing[256], lctab[256];
static uint64_t		 shortbits[65536 / 64];	/* pairs of short patterns */
static uint64_t		 quadbits[65536 / 64];	/* hashes of four bytes */
static int		 tables_made;
static int		 letters_only;	/* every pattern starts with a letter */
static uint32_t		*pw0, *pw1;	/* bytes 0..3 and 4..7 of patterns */

#define QUAD(w)		((uint32_t)((w) * 2654435761u) >> 16)

static uint32_t
quad(const unsigned char *u)
{
	return (uint32_t)lctab[u[0]] | (uint32_t)lctab[u[1]] << 8 |
	    (uint32_t)lctab[u[2]] << 16 | (uint32_t)lctab[u[3]] << 24;
}

/*
 * A second sieve: a pattern of four bytes or more can stand only where
 * the hash of the four bytes there is one of theirs.
 */
static void
make_tables(void)
{
	const struct kb_pattern	*p;
	const unsigned char	*t;
	unsigned		 c, h;
	size_t			 i, w;

	for (c = 0; c < 256; c++) {
		lctab[c] = (unsigned char)lc((int)c);
		gluing[c] = (unsigned char)isalpha_((int)c);
		/* The four words of pairs that begin with this byte. */
		w = (size_t)lc((int)c) * 4;
		starts[c] = (kb_pairbits[w] | kb_pairbits[w + 1] |
		    kb_pairbits[w + 2] | kb_pairbits[w + 3]) != 0;
	}
	pw0 = xmalloc((kb_npatterns + 1) * sizeof(*pw0));
	pw1 = xmalloc((kb_npatterns + 1) * sizeof(*pw1));
	for (i = 0; i < kb_npatterns; i++) {
		t = (const unsigned char *)kb_patterns[i].text;
		pw0[i] = kb_patterns[i].len >= 4 ? quad(t) : 0;
		pw1[i] = kb_patterns[i].len >= 8 ? quad(t + 4) : 0;
	}
	for (i = 0; i < kb_npairs; i++)
		pairrow[kb_pairs[i].pair & 0xffff] = (uint32_t)(i + 1);
	letters_only = 1;
	for (c = 0; c < 256; c++)
		if (starts[c] && !gluing[c])
			letters_only = 0;
	for (i = 0; i < kb_npatterns; i++) {
		p = &kb_patterns[i];
		t = (const unsigned char *)p->text;
		if (p->len < 4) {
			/* One byte long: every pair it may start. */
			for (c = 0; c < 256; c++) {
				h = (unsigned)t[0] << 8 |
				    (p->len > 1 ? t[1] : c);
				shortbits[h / 64] |= (uint64_t)1 << (h % 64);
			}
			continue;
		}
		h = QUAD(quad(t));
		quadbits[h / 64] |= (uint64_t)1 << (h % 64);
	}
	tables_made = 1;
}

/* The patterns that may start at s[i], a word start, into h. */
static void
try_at(const char *s, size_t len, size_t i, struct pattern_hits *h)
{
	const unsigned char	*u = (const unsigned char *)s;
	const struct kb_pair	*pr;
	const struct kb_pattern	*p;
	size_t			 k;
	unsigned		 pair, h4;
	uint32_t		 w0;

	pair = (unsigned)lctab[u[i]] << 8 | lctab[u[i + 1]];
	if ((kb_pairbits[pair / 64] & (uint64_t)1 << (pair % 64)) == 0)
		return;
	if ((shortbits[pair / 64] & (uint64_t)1 << (pair % 64)) == 0 &&
	    (len - i < 4 || (h4 = QUAD(quad(u + i)),
	    (quadbits[h4 / 64] & (uint64_t)1 << (h4 % 64)) == 0)))
		return;
	if ((pr = pair_find(pair)) == NULL)
		return;
	w0 = len - i >= 4 ? quad(u + i) : 0;
	for (k = 0; k < pr->count; k++) {
		p = &kb_patterns[pr->first + k];
		/* Most that share a pair differ in their next few bytes. */
		if ((pw0[pr->first + k] != 0 && pw0[pr->first + k] != w0) ||
		    (pw1[pr->first + k] != 0 && len - i >= 8 &&
		    pw1[pr->first + k] != quad(u + i + 4)) ||
		    !fits(s, len, i, p))
			continue;
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
}

void
pattern_scan(const char *s, size_t len, struct pattern_hits *h)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i = 0;
	const char		*prefer = h->prefer;
#ifdef __SSE2__
	__m128i			 v, x;
	unsigned		 am, cand, carry = 0;
	size_t			 k;
#endif

	memset(h, 0, sizeof(*h));
	h->prefer = prefer;
	if (!tables_made)
		make_tables();
#ifdef __SSE2__
	/*
	 * Sixteen bytes at a time: when every pattern starts with a letter,
	 * a word start is a letter after a byte that is not one.
	 */
	for (; letters_only && i + 16 < len; i += 16) {
		v = _mm_loadu_si128((const __m128i *)(const void *)(u + i));
		/* 'a'..'z' (either case) become -128..-103, nothing else. */
		x = _mm_add_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)),
		    _mm_set1_epi8(0x80 - 'a'));
		am = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(x,
		    _mm_set1_epi8(-128 + 26)));
		cand = am & ~(am << 1 | carry) & 0xffff;
		carry = am >> 15;
		while (cand != 0) {
			k = (size_t)__builtin_ctz(cand);
			cand &= cand - 1;
			if (starts[u[i + k]])
				try_at(s, len, i + k, h);
		}
	}
#endif
	for (; i + 1 < len; i++) {
		if (!starts[u[i]] || (i > 0 && gluing[u[i - 1]]))
			continue;
		try_at(s, len, i, h);
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
