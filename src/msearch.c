/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * Every occurrence of many patterns in a text, in a pass that skips.  The
 * text is probed every k bytes (the stride): a pattern of n >= k + 3
 * bytes that stands anywhere has, for the one of the k ways it can lie
 * against the probes, some probe whose four bytes lie inside it.  So each
 * pattern is indexed by k of its four-byte grams, one for each way, the
 * rarest among the grams that way offers (in the input's first bytes,
 * then among the patterns), and a probe whose gram's hash no pattern has
 * costs one bit test.  A pattern too short for the stride
 * is found through its rarest pair of bytes, looked for sixteen bytes at
 * a time.  The stride follows from the patterns, whatever they are.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "extern.h"
#include "ascii.h"

#define MS_MAXSTRIDE	4
#define MS_PAIRS	8	/* pairs the short patterns may be found by */
#define MS_WORDY	2	/* of them as common as two letters */
#define MS_WORDYSUM	150	/* commonness of such a pair */
#define MS_HASHBITS	15
#define MS_HASH(w)	((uint32_t)((w) * 2654435761u) >> (32 - MS_HASHBITS))
#define MS_ANY		0x100	/* a pair's second byte: any, or none */
#define MS_SHAREMAX	4096	/* bytes of a text found for every set */
#define MS_SAMPLE	16384	/* bytes of the input whose grams are counted */

struct ms_ent {
	uint32_t	 gram;		/* the four bytes, as gram() makes them */
	uint32_t	 chk;		/* four more of the pattern, the same */
	unsigned	 pat;		/* pattern index */
	unsigned short	 off;		/* where the gram stands in it */
	unsigned short	 coff;		/* and where chk does */
};

/* A pattern: what same() reads, in one place. */
struct ms_pat {
	const char	*text;		/* lowercase when it ignores case */
	unsigned	 len;
	unsigned char	 ci;		/* it ignores case */
};

struct msearch {
	int		 icase;		/* some pattern ignores case */
	unsigned char	 fold;		/* 0x20 when icase: see gram() */
	size_t		 npat;
	struct ms_pat	*pat;
	size_t		 stride;
	size_t		 nent;		/* long patterns' grams */
	struct ms_ent	*ent;		/* sorted by the hash of gram */
	unsigned	*head;		/* ent[head[h]..head[h + 1]) */
	uint64_t	 bits[(1 << MS_HASHBITS) / 64];
	size_t		 nshort;	/* patterns too short for the stride */
	size_t		 npair;		/* the pairs they are found by */
	unsigned	 pair[MS_PAIRS];	/* byte 1 | byte 2 << 8, folded */
	unsigned	 phead[MS_PAIRS + 1];	/* spat[phead[j]..] have pair j */
	unsigned	*spat;		/* short patterns by pair */
	int		 anypos;	/* more pairs than fit: try every byte */
	unsigned char	 first[256];	/* by folded byte: some pair starts so */
	unsigned	*soff;		/* by pattern: where its pair is */
};

static uint32_t	 gram(const struct msearch *, const unsigned char *);
static int	 same(const struct msearch *, unsigned, const unsigned char *);
static int	 common(int);
static int	 rarity(const struct msearch *, int);
static size_t	 pair_of(const struct msearch *, size_t, unsigned *);
static int	 pairs_fit(const struct msearch *, size_t);
static int	 by_hash(const void *, const void *);
static struct msearch *build(const struct ms_pat *, size_t);
static void	 count_sample(void);
static unsigned	 often(const struct msearch *, const unsigned char *);
static size_t	 check_at(const struct msearch *, size_t, size_t);
static void	 keep_hit(void *, unsigned, size_t);
static void	 gram_table(unsigned);
static int	 spans(unsigned, const char *, size_t, size_t);
static int	 derived_kept(unsigned, const char *, size_t, ms_hit_fn *,
		    void *);
static void	 try_short(const struct msearch *, const unsigned char *,
		    size_t, size_t, ms_hit_fn *, void *);
static void	 try_list(const struct msearch *, const unsigned char *,
		    size_t, size_t, size_t, size_t, ms_hit_fn *, void *);

/*
 * The four bytes at u as the index knows them.  Ignoring case, every
 * byte gets its 0x20: a letter's case is gone, and a few other bytes
 * meet ('[' and '{'), which only the comparison after tells apart.
 */
static uint32_t
gram(const struct msearch *m, const unsigned char *u)
{
	uint32_t	 w;

	memcpy(&w, u, 4);
	return m->icase ? w | 0x20202020u : w;
}

/*
 * Does pattern id stand at s, ignoring the case of s if it does?  Most
 * calls are hits of phrases twenty to forty bytes long: compared sixteen
 * bytes at a time, the last block overlapping the one before (folding a
 * byte twice changes nothing), or for shorter ones eight or four bytes
 * from each end.
 */
static int
same(const struct msearch *m, unsigned id, const unsigned char *s)
{
	const struct ms_pat	*pt = &m->pat[id];
	const unsigned char	*t = (const unsigned char *)pt->text;
	uint64_t		 x, y;
	uint32_t		 a, b;
	size_t			 k, n = pt->len;
	int			 ci = pt->ci;
#ifdef __SSE2__
	__m128i			 v, w, fold;

	if (n >= 16) {
		fold = _mm_setzero_si128();
		for (k = 0;; k += 16) {
			if (k + 16 > n)
				k = n - 16;
			v = _mm_loadu_si128((const __m128i *)(const void *)
			    (s + k));
			w = _mm_loadu_si128((const __m128i *)(const void *)
			    (t + k));
			if (ci)
				fold = _mm_and_si128(_mm_and_si128(
				    _mm_cmpgt_epi8(v, _mm_set1_epi8('A' - 1)),
				    _mm_cmplt_epi8(v, _mm_set1_epi8('Z' + 1))),
				    _mm_set1_epi8(0x20));
			if (_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_or_si128(v,
			    fold), w)) != 0xffff)
				return 0;
			if (k + 16 >= n)
				return 1;
		}
	}
#endif
	if (n >= 8) {
		for (k = 0;; k += 8) {
			if (k + 8 > n)
				k = n - 8;
			memcpy(&x, s + k, 8);
			memcpy(&y, t + k, 8);
			if ((ci ? lower8(x) : x) != y)
				return 0;
			if (k + 8 >= n)
				return 1;
		}
	}
	if (n >= 4) {
		memcpy(&a, s, 4);
		memcpy(&b, t, 4);
		if ((ci ? lower4(a) : a) != b)
			return 0;
		memcpy(&a, s + n - 4, 4);
		memcpy(&b, t + n - 4, 4);
		return (ci ? lower4(a) : a) == b;
	}
	for (k = 0; k < n; k++)
		if ((ci && s[k] >= 'A' && s[k] <= 'Z' ? s[k] | 0x20 : s[k]) !=
		    t[k])
			return 0;
	return 1;
}

/*
 * How common a byte is in a mail log, roughly: spaces, digits and
 * letters by their frequency in English, capitals less, then the
 * punctuation of addresses, dates and key=value fields, then the rest.
 */
static int
common(int c)
{
	static const char	 freq[] = "etaoinshrdlcumwfgypbvkjxqz";
	const char		*p;

	if (c == ' ')
		return 100;
	if (c >= '0' && c <= '9')
		return 85;
	if (c >= 'a' && c <= 'z' && (p = strchr(freq, c)) != NULL)
		return 92 - 2 * (int)(p - freq);
	if (c >= 'A' && c <= 'Z')
		return common(c | 0x20) - 30;
	if (c != '\0' && strchr(".:=-/[],_", c) != NULL)
		return 60;
	if (c != '\0' && strchr("<>()@;'\"", c) != NULL)
		return 45;
	return 20;
}

/* A letter found either way is as common as both its cases. */
static int
rarity(const struct msearch *m, int c)
{
	return m->icase && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) ?
	    common(c | 0x20) : common(c);
}

/*
 * Where pattern i's rarest pair of bytes stands in it, and the pair as
 * the scan compares it (folded; a pattern of one byte pairs it with any).
 */
static size_t
pair_of(const struct msearch *m, size_t i, unsigned *pair)
{
	const unsigned char	*t = (const unsigned char *)m->pat[i].text;
	size_t			 k, best = 0;

	if (m->pat[i].len < 2) {
		*pair = (unsigned)(t[0] | m->fold) | MS_ANY << 8;
		return 0;
	}
	for (k = 1; k + 1 < m->pat[i].len; k++)
		if (rarity(m, t[k]) + rarity(m, t[k + 1]) <
		    rarity(m, t[best]) + rarity(m, t[best + 1]))
			best = k;
	*pair = (unsigned)(t[best] | m->fold) |
	    (unsigned)(t[best + 1] | m->fold) << 8;
	return best;
}

/*
 * Can the patterns too short for stride k be found by their pairs,
 * sixteen bytes at a time: few pairs, and few of them common, as every
 * occurrence of one is a stop.
 */
static int
pairs_fit(const struct msearch *m, size_t k)
{
	unsigned	 seen[MS_PAIRS], pair;
	size_t		 i, j, n = 0, wordy = 0, at;

	for (i = 0; i < m->npat; i++) {
		if (m->pat[i].len >= k + 3)
			continue;
		at = pair_of(m, i, &pair);
		for (j = 0; j < n && seen[j] != pair; j++)
			continue;
		if (j < n)
			continue;
		if (n == MS_PAIRS)
			return 0;
		seen[n++] = pair;
		if (m->pat[i].len < 2 || rarity(m, m->pat[i].text[at]) +
		    rarity(m, m->pat[i].text[at + 1]) > MS_WORDYSUM)
			wordy++;
	}
	return wordy <= MS_WORDY;
}

static int
by_hash(const void *a, const void *b)
{
	const struct ms_ent	*x = a, *y = b;
	uint32_t		 hx = MS_HASH(x->gram), hy = MS_HASH(y->gram);

	if (hx != hy)
		return hx < hy ? -1 : 1;
	if (x->pat != y->pat)
		return x->pat < y->pat ? -1 : 1;
	return x->off < y->off ? -1 : x->off > y->off;
}

struct msearch *
ms_build(const char *const *text, const unsigned *len, size_t n, int icase)
{
	struct ms_pat	*pats;
	struct msearch	*m;
	size_t		 i;

	pats = xcalloc(n + 1, sizeof(*pats));
	for (i = 0; i < n; i++) {
		pats[i].text = text[i];
		pats[i].len = len[i];
		pats[i].ci = icase != 0;
	}
	m = build(pats, n);
	free(pats);
	return m;
}

/*
 * The index of the n patterns pats.  Of a pattern's grams, one the
 * input's first bytes hold less (often()) is chosen first, then one
 * fewer patterns share.
 */
static struct msearch *
build(const struct ms_pat *pats, size_t n)
{
	struct msearch	*m;
	struct ms_ent	*sorted, *e, swap;
	const unsigned char *t;
	uint16_t	*cnt;
	uint64_t	 b;
	size_t		 i, k, j, best, c, h, least, cost, w;
	unsigned	 pair, fill[MS_PAIRS];

	count_sample();
	m = xcalloc(1, sizeof(*m));
	m->npat = n;
	m->pat = xcalloc(n + 1, sizeof(*m->pat));
	for (i = 0; i < n; i++) {
		m->pat[i] = pats[i];
		m->pat[i].ci = pats[i].ci != 0;
		m->icase |= m->pat[i].ci;
	}
	m->fold = m->icase ? 0x20 : 0;
	/*
	 * The longest stride that leaves no pattern short; else 2 if the
	 * short ones' pairs fit (measured: looking for pairs costs about
	 * what a longer stride saves, but halving the probes pays), else 1.
	 */
	for (k = MS_MAXSTRIDE; k > 1; k--) {
		for (i = 0; i < n && pats[i].len >= k + 3; i++)
			continue;
		if (i == n)
			break;
	}
	if (k == 1 && pairs_fit(m, 2))
		k = 2;
	m->stride = k;
	/* How many patterns share each gram's hash: the rarer, the better. */
	cnt = xcalloc((size_t)1 << MS_HASHBITS, sizeof(*cnt));
	for (i = 0; i < n; i++)
		for (j = 0; j + 4 <= pats[i].len; j++) {
			h = MS_HASH(gram(m, (const unsigned char *)
			    pats[i].text + j));
			if (cnt[h] < UINT16_MAX)
				cnt[h]++;
		}
	m->ent = xcalloc(n * k + 1, sizeof(*m->ent));
	m->soff = xcalloc(n + 1, sizeof(*m->soff));
	m->spat = xcalloc(n + 1, sizeof(*m->spat));
	for (i = 0; i < n; i++) {
		t = (const unsigned char *)pats[i].text;
		if (pats[i].len < k + 3) {
			m->soff[i] = (unsigned)pair_of(m, i, &pair);
			for (j = 0; j < m->npair && m->pair[j] != pair; j++)
				continue;
			if (j == m->npair && m->npair < MS_PAIRS)
				m->pair[m->npair++] = pair;
			/* More pairs than fit: the scan tries every byte. */
			if (j < MS_PAIRS)
				m->phead[j + 1]++;
			m->nshort++;
			continue;
		}
		for (c = 0; c < k; c++) {
			best = c;
			least = SIZE_MAX;
			for (j = c; j + 4 <= pats[i].len && j <= USHRT_MAX;
			    j += k) {
				cost = (size_t)often(m, t + j) << 16 |
				    cnt[MS_HASH(gram(m, t + j))];
				if (cost < least) {
					best = j;
					least = cost;
				}
			}
			e = &m->ent[m->nent++];
			e->gram = gram(m, t + best);
			e->coff = (unsigned short)check_at(m, i, best);
			e->chk = gram(m, t + e->coff);
			e->pat = (unsigned)i;
			e->off = (unsigned short)best;
		}
	}
	free(cnt);
	m->head = xcalloc(((size_t)1 << MS_HASHBITS) + 1, sizeof(*m->head));
	for (i = 0; i < m->nent; i++) {
		h = MS_HASH(m->ent[i].gram);
		m->head[h + 1]++;
		m->bits[h / 64] |= (uint64_t)1 << (h % 64);
	}
	/*
	 * The scan reads head[h] and head[h + 1] only for a hash h some
	 * gram has: the sums are made over those alone (over every hash
	 * they were most of building a small index).
	 */
	for (c = 0, w = 0; w < sizeof(m->bits) / sizeof(m->bits[0]); w++)
		for (b = m->bits[w]; b != 0; b &= b - 1) {
			h = w * 64 + (size_t)__builtin_ctzll(b);
			m->head[h] = (unsigned)c;
			c += m->head[h + 1];
			m->head[h + 1] = (unsigned)c;
		}
	/*
	 * In by_hash() order: counted into place by hash (qsort(3) was a
	 * fifth of building), then the few of one hash put in order by
	 * pattern and place.  head[h] moves to the end of h while it
	 * fills, and back.
	 */
	sorted = xcalloc(m->nent + 1, sizeof(*sorted));
	for (i = 0; i < m->nent; i++)
		sorted[m->head[MS_HASH(m->ent[i].gram)]++] = m->ent[i];
	for (c = 0, w = 0; w < sizeof(m->bits) / sizeof(m->bits[0]); w++)
		for (b = m->bits[w]; b != 0; b &= b - 1) {
			h = w * 64 + (size_t)__builtin_ctzll(b);
			j = m->head[h];
			m->head[h] = (unsigned)c;
			c = j;
		}
	free(m->ent);
	m->ent = sorted;
	for (i = 1; i < m->nent; i++)
		for (j = i; j > 0 && by_hash(&m->ent[j - 1], &m->ent[j]) > 0;
		    j--) {
			swap = m->ent[j];
			m->ent[j] = m->ent[j - 1];
			m->ent[j - 1] = swap;
		}
	/*
	 * The short patterns, listed under the pair each is found by; or,
	 * at stride 1 with more pairs than fit, all in one list.
	 */
	for (j = 0; j < MS_PAIRS; j++)
		m->phead[j + 1] += m->phead[j];
	m->anypos = m->phead[MS_PAIRS] != m->nshort;
	for (j = 0; j < m->npair; j++)
		m->first[m->pair[j] & 0xff] = 1;
	memcpy(fill, m->phead, sizeof(fill));
	for (i = 0, c = 0; i < n; i++) {
		if (pats[i].len >= k + 3)
			continue;
		pair_of(m, i, &pair);
		for (j = 0; j < m->npair && m->pair[j] != pair; j++)
			continue;
		if (m->anypos)
			m->spat[c++] = (unsigned)i;
		else
			m->spat[fill[j]++] = (unsigned)i;
	}
	return m;
}

/*
 * The input's first MS_SAMPLE bytes, kept as they are read; when an
 * index is first made, their grams counted by hash, case folded.  A
 * pattern's rarest gram among the patterns may be common in a log
 * ("exam" of a phrase meets "example.com" at every address, "dela" meets
 * Postfix's "delay="), and each probe that meets it costs a mispredicted
 * branch and a cache miss in the index for nothing.  The grams chosen
 * change only which probes stop, never what is found.  A view that
 * makes no index (-o) never counts them.
 */
static char		 sampled[MS_SAMPLE];	/* the bytes, until counted */
static size_t		 nsampled;
static unsigned char	*sample;	/* the counts */

void
ms_sample(const char *s, size_t len)
{
	if (sample != NULL || nsampled >= MS_SAMPLE)
		return;
	if (len > MS_SAMPLE - nsampled)
		len = MS_SAMPLE - nsampled;
	memcpy(sampled + nsampled, s, len);
	nsampled += len;
}

/* The sample's grams counted, once some are kept. */
static void
count_sample(void)
{
	uint32_t	 w, h;
	size_t		 i;

	if (sample != NULL || nsampled == 0)
		return;
	sample = xcalloc((size_t)1 << MS_HASHBITS, 1);
	for (i = 0; i + 4 <= nsampled; i++) {
		memcpy(&w, sampled + i, 4);
		h = MS_HASH(w | 0x20202020u);
		if (sample[h] < UCHAR_MAX)
			sample[h]++;
	}
}

/* How often the four bytes at t stood in the sample, about. */
static unsigned
often(const struct msearch *m, const unsigned char *t)
{
	if (sample == NULL)
		return 0;
	/* Folded as the sample is (gram() has, when the index ignores case). */
	return sample[MS_HASH(gram(m, t) | 0x20202020u)];
}

/*
 * Where in pattern i the four bytes compared after its gram (at best)
 * stand: its first or its last four, whichever the input's first bytes
 * hold less, the last on a tie; not the gram's own.  Patterns that share
 * a gram mostly differ soon after it, and a pattern whose gram a log
 * holds for another reason (a prefix: "postfix/" and "postfix-") mostly
 * ends otherwise.
 */
static size_t
check_at(const struct msearch *m, size_t i, size_t best)
{
	const unsigned char	*t = (const unsigned char *)m->pat[i].text;
	size_t			 last = m->pat[i].len - 4;

	if (best == last)
		return 0;
	if (best == 0)
		return last;
	return often(m, t) < often(m, t + last) ? 0 : last;
}

/*
 * The short patterns whose pair may stand at t: those of every pair that
 * does (a byte alone and a pair may both), or every one when they have
 * more pairs than fit.
 */
static void
try_short(const struct msearch *m, const unsigned char *u, size_t len,
    size_t t, ms_hit_fn *fn, void *ctx)
{
	size_t		 j;
	unsigned	 b0, b1;

	if (m->anypos) {
		try_list(m, u, len, t, 0, m->nshort, fn, ctx);
		return;
	}
	b0 = u[t] | m->fold;
	b1 = t + 1 < len ? (unsigned)(u[t + 1] | m->fold) : MS_ANY;
	for (j = 0; j < m->npair; j++)
		if ((m->pair[j] & 0xff) == b0 &&
		    (m->pair[j] >> 8 == MS_ANY || m->pair[j] >> 8 == b1))
			try_list(m, u, len, t, m->phead[j], m->phead[j + 1],
			    fn, ctx);
}

/* The short patterns spat[lo..hi), each anchored at t. */
static void
try_list(const struct msearch *m, const unsigned char *u, size_t len,
    size_t t, size_t lo, size_t hi, ms_hit_fn *fn, void *ctx)
{
	size_t		 k, p;
	unsigned	 id;

	for (k = lo; k < hi; k++) {
		id = m->spat[k];
		if (t < m->soff[id])
			continue;
		p = t - m->soff[id];
		if (m->pat[id].len <= len - p && same(m, id, u + p))
			fn(ctx, id, p);
	}
}

void
ms_scan(const struct msearch *m, const char *s, size_t len, ms_hit_fn *fn,
    void *ctx)
{
	const unsigned char	*u = (const unsigned char *)s;
	const struct ms_ent	*e, *end;
	const uint64_t		*bits = m->bits;
	const struct ms_ent	*ent = m->ent;
	const unsigned		*head = m->head;
	const size_t		 k = m->stride;
	size_t			 i = 0, p, stop;
	uint32_t		 w, w2, h, fold;
#ifdef __SSE2__
	__m128i			 v0, v1, f, eq, a[MS_PAIRS], b[MS_PAIRS];
	unsigned		 mask;
	size_t			 j;
#endif

	fold = m->icase ? 0x20202020u : 0;
	/* What fn() might change, as far as the compiler knows, read once. */
	stop = m->nent > 0 && len >= 4 ? len - 3 : 0;
	for (i = 0; i < stop; i += k) {
		memcpy(&w, u + i, 4);
		w |= fold;
		h = MS_HASH(w);
		if ((bits[h / 64] & (uint64_t)1 << (h % 64)) == 0)
			continue;
		for (e = ent + head[h], end = ent + head[h + 1]; e < end;
		    e++) {
			/*
			 * The bounds are sums, not len - i: for that, the
			 * compiler kept a count down in the probe loop (12
			 * instructions a probe, 13 with it).
			 */
			if (e->gram != w || e->off > i)
				continue;
			p = i - e->off;
			/*
			 * Four more of its bytes, before the whole (folded by
			 * hand: gram() would read m->icase again, as fn()
			 * might have changed it for all the compiler knows).
			 */
			if (p + e->coff + 4 > len)
				continue;
			memcpy(&w2, u + p + e->coff, 4);
			if ((w2 | fold) == e->chk &&
			    p + m->pat[e->pat].len <= len &&
			    same(m, e->pat, u + p))
				fn(ctx, e->pat, p);
		}
	}
	if (m->nshort == 0)
		return;
	i = 0;
#ifdef __SSE2__
	/* Each pair is two comparisons, of the bytes and of the next. */
	if (!m->anypos) {
		f = _mm_set1_epi8((char)m->fold);
		for (j = 0; j < m->npair; j++) {
			a[j] = _mm_set1_epi8((char)(m->pair[j] & 0xff));
			b[j] = m->pair[j] >> 8 == MS_ANY ? _mm_setzero_si128() :
			    _mm_set1_epi8((char)(m->pair[j] >> 8));
		}
		for (; len >= 17 && i <= len - 17; i += 16) {
			v0 = _mm_or_si128(_mm_loadu_si128((const __m128i *)
			    (const void *)(u + i)), f);
			v1 = _mm_or_si128(_mm_loadu_si128((const __m128i *)
			    (const void *)(u + i + 1)), f);
			eq = _mm_setzero_si128();
			for (j = 0; j < m->npair; j++)
				eq = _mm_or_si128(eq, _mm_and_si128(
				    _mm_cmpeq_epi8(v0, a[j]),
				    m->pair[j] >> 8 == MS_ANY ?
				    _mm_cmpeq_epi8(b[j], b[j]) :
				    _mm_cmpeq_epi8(v1, b[j])));
			for (mask = (unsigned)_mm_movemask_epi8(eq); mask != 0;
			    mask &= mask - 1)
				try_short(m, u, len, i + (size_t)
				    __builtin_ctz(mask), fn, ctx);
		}
	}
#endif
	for (; i < len; i++)
		if (m->anypos || m->first[u[i] | m->fold])
			try_short(m, u, len, i, fn, ctx);
}

/*
 * Where a pattern too short to index is looked for alone: its byte
 * least common in a mail log, the last of equals.
 */
size_t
ms_anchor(const char *t, size_t n)
{
	size_t	 a = 0, k;

	for (k = 1; k < n; k++)
		if (common((unsigned char)t[k]) <= common((unsigned char)t[a]))
			a = k;
	return a;
}

/*
 * The first place of the n bytes at t in s, case as written, or
 * SIZE_MAX: t[a] (ms_anchor()) looked for by memchr(3), which the C
 * library does 32 bytes at a time, and the rest compared where it
 * stands.
 */
size_t
ms_find(const char *s, size_t len, const char *t, size_t n, size_t a)
{
	const char	*p, *end;
	size_t		 k, i;

	if (n == 0 || n > len)
		return n == 0 ? 0 : SIZE_MAX;
	/* The anchor of each place a match may start, 0 .. len - n. */
	end = s + (len - n) + a + 1;
	for (p = s + a; p < end &&
	    (p = memchr(p, t[a], (size_t)(end - p))) != NULL; p++) {
		i = (size_t)(p - s) - a;
		for (k = 0; k < n && s[i + k] == t[k]; k++)
			continue;
		if (k == n)
			return i;
	}
	return SIZE_MAX;
}

size_t
ms_stride(const struct msearch *m)
{
	return m->stride;
}

void
ms_free(struct msearch *m)
{
	if (m == NULL)
		return;
	free(m->pat);
	free(m->ent);
	free(m->head);
	free(m->spat);
	free(m->soff);
	free(m);
}

/*
 * One text, several sets.  Annotating a line looks in it for the vendor
 * phrases, the wording and the context's needles: the sets are
 * registered, and while one verdict is worked out (ms_open .. ms_close)
 * the first set asked for a text has every registered set found in one
 * pass over it, and the others are given the hits kept.
 */
struct ms_hit {
	unsigned	 pat;
	size_t		 pos;
};

static struct {
	const char *const *text;
	const unsigned	*len;
	size_t		 n;
	int		 icase;
} sets[MS_NSETS];
static struct msearch	*all;		/* every registered set */
static unsigned		 allsets;	/* bit s: set s is in it */
/*
 * Whose a hit is: by index pattern, the set and index of the first
 * pattern of its text, and the others of a text listed twice in extra[],
 * a chain; read together, as each hit is handed on.
 */
struct ms_who {
	unsigned	 set, idx;
	unsigned	 more;		/* the next in extra[], or UINT_MAX */
};
static struct ms_who	*who, *extra;
/* The hits in kept_s, by set: a set's consumer walks its own. */
static struct ms_hit	*kept[MS_NSETS];
static size_t		 nkept[MS_NSETS], keptsz[MS_NSETS];
static const char	*kept_s;
static size_t		 kept_len;
static int		 kept_valid, opened;
/*
 * By set: bit h of each hash h of four bytes that stand side by side in
 * some pattern, as written (a pattern that ignores case is lowercase: a
 * capital in it could not match); made when first asked.  A pattern
 * that spans the join of a cut has four such bytes across the join.
 */
#define MS_GRAMBITS	20
#define MS_GRAMHASH(w)	((uint32_t)((w) * 2654435761u) >> (32 - MS_GRAMBITS))
static uint64_t		*grams[MS_NSETS];
static unsigned char	 gramless[MS_NSETS];	/* a pattern under four */
/* The text ms_derive() names: t is from without the cuts. */
#define MS_MAXCUTS	16
static struct {
	const char	*t, *from;
	size_t		 len, fromlen;
	size_t		 n;		/* 0: none named */
	struct ms_cut	 cut[MS_MAXCUTS];
} derived;

void
ms_register(unsigned set, const char *const *text, const unsigned *len,
    size_t n, int icase)
{
	if (set >= MS_NSETS)
		return;
	sets[set].text = text;
	sets[set].len = len;
	sets[set].n = n;
	sets[set].icase = icase;
}

void
ms_share(unsigned which)
{
	struct ms_pat	*p;
	struct ms_who	*from, *w;
	size_t		 n = 0, s, i, j, u, tsz, h, *seen, nextra;

	if (all != NULL)
		return;
	for (s = 0; s < MS_NSETS; s++)
		if (which & 1u << s)
			n += sets[s].n;
	p = xcalloc(n + 1, sizeof(*p));
	from = xcalloc(n + 1, sizeof(*from));
	for (n = 0, s = 0; s < MS_NSETS; s++) {
		if (sets[s].text == NULL || (which & 1u << s) == 0)
			continue;
		allsets |= 1u << s;
		for (i = 0; i < sets[s].n; i++, n++) {
			p[n].text = sets[s].text[i];
			p[n].len = sets[s].len[i];
			p[n].ci = sets[s].icase != 0;
			from[n].set = (unsigned)s;
			from[n].idx = (unsigned)i;
			from[n].more = UINT_MAX;
		}
	}
	/*
	 * A text listed twice (a phrase that is both a vendor's and common
	 * wording, a needle named twice) is indexed once and its hits
	 * handed to each: index pattern u is who[u], the first of its
	 * text, whose chain leads to the others.
	 */
	who = xcalloc(n + 1, sizeof(*who));
	extra = xcalloc(n + 1, sizeof(*extra));
	/* The distinct texts so far, p[0..u), by hash: seen[h] - 1. */
	for (tsz = 64; tsz < 2 * n; tsz *= 2)
		continue;
	seen = xcalloc(tsz, sizeof(*seen));
	for (i = 0, u = 0, nextra = 0; i < n; i++) {
		for (h = p[i].ci, j = 0; j < p[i].len; j++)
			h = (h ^ (unsigned char)p[i].text[j]) * 16777619u;
		for (h &= tsz - 1; (s = seen[h]) != 0; h = (h + 1) & (tsz - 1))
			if (p[s - 1].len == p[i].len && p[s - 1].ci == p[i].ci &&
			    memcmp(p[s - 1].text, p[i].text, p[i].len) == 0)
				break;
		if (s != 0) {
			for (w = &who[s - 1]; w->more != UINT_MAX;
			    w = &extra[w->more])
				continue;
			w->more = (unsigned)nextra;
			extra[nextra++] = from[i];
			continue;
		}
		seen[h] = u + 1;
		who[u] = from[i];
		p[u++] = p[i];
	}
	free(seen);
	free(from);
	all = build(p, u);
	/* The index keeps pointers to the texts, not to this array. */
	free(p);
}

/* The table grams[set]. */
static void
gram_table(unsigned set)
{
	const unsigned char	*t;
	uint32_t		 w, h;
	size_t			 i, k, m;

	grams[set] = xcalloc((size_t)1 << (MS_GRAMBITS - 6), sizeof(uint64_t));
	for (i = 0; i < sets[set].n; i++) {
		t = (const unsigned char *)sets[set].text[i];
		m = sets[set].len[i];	/* read once: grams might alias it */
		if (m < 4)
			gramless[set] = 1;
		for (k = 0; k + 4 <= m; k++) {
			memcpy(&w, t + k, 4);
			h = MS_GRAMHASH(w);
			grams[set][h / 64] |= (uint64_t)1 << (h % 64);
		}
	}
}

/*
 * Might a pattern of set span t's join at j?  If one does, it holds one
 * of the three runs of four bytes across the join, as the set compares.
 */
static int
spans(unsigned set, const char *t, size_t len, size_t j)
{
	uint32_t	 w, h;
	size_t		 q;

	if (grams[set] == NULL)
		gram_table(set);
	if (gramless[set])
		return 1;
	for (q = j >= 3 ? j - 3 : 0; q < j && q + 4 <= len; q++) {
		memcpy(&w, t + q, 4);
		h = MS_GRAMHASH(sets[set].icase ? lower4(w) : w);
		if (grams[set][h / 64] & (uint64_t)1 << (h % 64))
			return 1;
	}
	return 0;
}

int
ms_merged(unsigned set)
{
	return set < MS_NSETS && all != NULL && (allsets & 1u << set) != 0;
}

void
ms_open(void)
{
	opened = all != NULL;
	kept_valid = 0;
	derived.n = 0;
}

void
ms_close(void)
{
	opened = kept_valid = 0;
	derived.n = 0;
}

void
ms_derive(const char *t, size_t tlen, const char *s, size_t slen,
    const struct ms_cut *cut, size_t n)
{
	size_t	 i;

	derived.n = 0;
	/*
	 * t is a buffer written anew: hits kept for what it held before
	 * (a copy of the same length, scanned) are not its hits.
	 */
	if (kept_s == t)
		kept_valid = 0;
	if (n > MS_MAXCUTS)
		return;
	for (i = 0; i < n; i++)
		if (cut[i].at >= cut[i].end || cut[i].end > slen ||
		    (i > 0 && cut[i].at < cut[i - 1].end))
			return;
	memcpy(derived.cut, cut, n * sizeof(*cut));
	derived.t = t;
	derived.len = tlen;
	derived.from = s;
	derived.fromlen = slen;
	derived.n = n;
}

/*
 * The hits of set in t, the text ms_derive() named, from those kept for
 * the text it was cut from: each hit clear of the cuts, moved back by
 * the bytes cut before it.  A hit of t is one of those or spans a join;
 * returns 0 when a pattern of the set might span one.
 */
static int
derived_kept(unsigned set, const char *t, size_t len, ms_hit_fn *fn,
    void *ctx)
{
	const struct ms_cut	*c = derived.cut;
	size_t			 i, k, j, pos, end, gone;

	if (derived.n == 0 || t != derived.t || len != derived.len ||
	    !kept_valid || kept_s != derived.from ||
	    kept_len != derived.fromlen)
		return 0;
	for (gone = 0, k = 0; k < derived.n; k++) {
		j = c[k].at - gone;	/* where t joins what the cut split */
		gone += c[k].end - c[k].at;
		if (j > 0 && j < len && spans(set, t, len, j))
			return 0;
	}
	for (i = 0; i < nkept[set]; i++) {
		pos = kept[set][i].pos;
		end = pos + sets[set].len[kept[set][i].pat];
		for (gone = 0, k = 0; k < derived.n && c[k].end <= pos; k++)
			gone += c[k].end - c[k].at;
		if (k < derived.n && c[k].at < end)
			continue;	/* the cut took some of it */
		fn(ctx, kept[set][i].pat, pos - gone);
	}
	return 1;
}

static void
keep_hit(void *ctx, unsigned pat, size_t pos)
{
	const struct ms_who	*w;
	unsigned		 set;

	(void)ctx;
	/* A text several sets list is in the index once: each is told. */
	for (w = &who[pat];; w = &extra[w->more]) {
		set = w->set;
		if (nkept[set] == keptsz[set]) {
			keptsz[set] = keptsz[set] == 0 ? 64 : keptsz[set] * 2;
			kept[set] = xrealloc(kept[set], keptsz[set] *
			    sizeof(*kept[set]));
		}
		kept[set][nkept[set]].pat = w->idx;
		kept[set][nkept[set]].pos = pos;
		nkept[set]++;
		if (w->more == UINT_MAX)
			break;
	}
}

int
ms_kept(unsigned set, const char *s, size_t len, ms_hit_fn *fn, void *ctx)
{
	size_t	 i;

	if (!opened || !kept_valid || set >= MS_NSETS ||
	    (allsets & 1u << set) == 0)
		return 0;
	if (kept_s != s || kept_len != len)
		return derived.n != 0 && derived_kept(set, s, len, fn, ctx);
	for (i = 0; i < nkept[set]; i++)
		fn(ctx, kept[set][i].pat, kept[set][i].pos);
	return 1;
}

int
ms_shared(unsigned set, const char *s, size_t len, ms_hit_fn *fn, void *ctx)
{
	/*
	 * A long text's hits are not kept: the sets' own passes keep no
	 * more than a line's first or nearby ones.
	 */
	if (!opened || set >= MS_NSETS || (allsets & 1u << set) == 0 ||
	    len > MS_SHAREMAX)
		return 0;
	if (!kept_valid || kept_s != s || kept_len != len) {
		/* Kept for the text s was cut from: no pass. */
		if (derived.n != 0 && derived_kept(set, s, len, fn, ctx))
			return 1;
		memset(nkept, 0, sizeof(nkept));
		ms_scan(all, s, len, keep_hit, NULL);
		kept_s = s;
		kept_len = len;
		kept_valid = 1;
	}
	return ms_kept(set, s, len, fn, ctx);
}
