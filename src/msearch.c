/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * Every occurrence of many patterns in a text, in a pass that skips.  The
 * text is probed every k bytes (the stride): a pattern of n >= k + 3
 * bytes that stands anywhere has, for the one of the k ways it can lie
 * against the probes, some probe whose four bytes lie inside it.  So each
 * pattern is indexed by k of its four-byte grams, one for each way, the
 * rarest among the grams that way offers, and a probe whose gram's hash
 * no pattern has costs one bit test.  A pattern too short for the stride
 * is found through its rarest byte, looked for sixteen bytes at a time.
 * The stride is the longest that leaves the short patterns few bytes to
 * be found by: it follows from the patterns, whatever they are.
 */
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "extern.h"

#define MS_MAXSTRIDE	4
#define MS_ANCHORS	8	/* bytes the short patterns may be found by */
#define MS_WORDY	0	/* of them common letters or digits */
#define MS_HASHBITS	16
#define MS_HASH(w)	((uint32_t)((w) * 2654435761u) >> (32 - MS_HASHBITS))

struct ms_ent {
	uint32_t	 gram;		/* the four bytes, as gram() makes them */
	uint32_t	 next;		/* the four after, or 0: fewer */
	unsigned	 pat;		/* pattern index */
	unsigned	 off;		/* where the gram stands in it */
};

struct msearch {
	int		 icase;		/* ASCII letters match either case */
	size_t		 npat;
	const char	**text;		/* lowercase when icase */
	unsigned	*len;
	size_t		 stride;
	size_t		 nent;		/* long patterns' grams */
	struct ms_ent	*ent;		/* sorted by the hash of gram */
	unsigned	*head;		/* ent[head[h]..head[h + 1]) */
	uint64_t	 bits[(1 << MS_HASHBITS) / 64];
	size_t		 nshort;
	unsigned char	 anchor[256];	/* a short pattern is found by it */
	unsigned char	 abyte[MS_ANCHORS]; /* the same bytes, as a list */
	size_t		 nanchor;	/* MS_ANCHORS + 1: use anchor[] */
	unsigned	 shead[257];	/* short patterns by anchor byte */
	unsigned	*spat;		/* their indices */
	unsigned	*soff;		/* by pattern: where its anchor is */
};

static uint32_t	 lower4(uint32_t);
static uint32_t	 gram(const struct msearch *, const unsigned char *);
static int	 same(const struct msearch *, const unsigned char *,
		    const char *, size_t);
static int	 common(int);
static int	 rarity(const struct msearch *, int);
static size_t	 anchor_of(const struct msearch *, size_t);
static int	 anchors_fit(const struct msearch *, size_t);
static int	 by_hash(const void *, const void *);
static void	 try_short(const struct msearch *, const unsigned char *,
		    size_t, size_t, ms_hit_fn *, void *);

/*
 * ASCII capitals of a word get their 0x20 without a branch: the byte
 * plus 0x3f carries into bit 7 from 'A' on, plus 0x25 from past 'Z' on;
 * other bytes stay as they are.
 */
static uint32_t
lower4(uint32_t x)
{
	uint32_t	 h7 = x & 0x7f7f7f7fu;

	return x | ((h7 + 0x3f3f3f3fu) & ~(h7 + 0x25252525u) & ~x &
	    0x80808080u) >> 2;
}

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

/* Does s[0..n) equal t, ignoring the case of s when icase? */
static int
same(const struct msearch *m, const unsigned char *s, const char *t,
    size_t n)
{
	uint32_t	 x, y;
	size_t		 k = 0;

	if (!m->icase) {
		for (; k < n; k++)
			if (s[k] != (unsigned char)t[k])
				return 0;
		return 1;
	}
	for (; n - k >= 4; k += 4) {
		memcpy(&x, s + k, 4);
		memcpy(&y, t + k, 4);
		if (lower4(x) != y)
			return 0;
	}
	for (; k < n; k++)
		if ((s[k] >= 'A' && s[k] <= 'Z' ? s[k] | 0x20 : s[k]) !=
		    (unsigned char)t[k])
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

/* Where pattern i's rarest byte stands in it. */
static size_t
anchor_of(const struct msearch *m, size_t i)
{
	size_t	 k, best = 0;

	for (k = 1; k < m->len[i]; k++)
		if (rarity(m, (unsigned char)m->text[i][k]) <
		    rarity(m, (unsigned char)m->text[i][best]))
			best = k;
	return best;
}

/*
 * Can the patterns too short for stride k be found by their anchors,
 * sixteen bytes at a time: few bytes, and few of them as common as
 * letters and digits, whose every occurrence is a stop.
 */
static int
anchors_fit(const struct msearch *m, size_t k)
{
	unsigned char	 seen[256];
	size_t		 i, n = 0, wordy = 0;
	int		 c;

	memset(seen, 0, sizeof(seen));
	for (i = 0; i < m->npat; i++) {
		if (m->len[i] >= k + 3)
			continue;
		c = (unsigned char)m->text[i][anchor_of(m, i)];
		if (!seen[c]) {
			n++;
			wordy += rarity(m, c) > 60;
		}
		seen[c] = 1;
		if (m->icase && c >= 'a' && c <= 'z' && !seen[c - 0x20]) {
			n++;
			wordy += rarity(m, c) > 60;
			seen[c - 0x20] = 1;
		}
	}
	return n <= MS_ANCHORS && wordy <= MS_WORDY;
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
	struct msearch	*m;
	uint16_t	*cnt;
	size_t		 i, k, j, best, c, h;
	unsigned	*fill;

	m = xcalloc(1, sizeof(*m));
	m->icase = icase;
	m->npat = n;
	m->text = xcalloc(n + 1, sizeof(*m->text));
	m->len = xcalloc(n + 1, sizeof(*m->len));
	for (i = 0; i < n; i++) {
		m->text[i] = text[i];
		m->len[i] = len[i];
	}
	for (k = MS_MAXSTRIDE; k > 1; k--)
		if (anchors_fit(m, k))
			break;
	m->stride = k;
	/* How many patterns share each gram's hash: the rarer, the better. */
	cnt = xcalloc((size_t)1 << MS_HASHBITS, sizeof(*cnt));
	for (i = 0; i < n; i++)
		for (j = 0; j + 4 <= len[i]; j++) {
			h = MS_HASH(gram(m, (const unsigned char *)text[i] +
			    j));
			if (cnt[h] < UINT16_MAX)
				cnt[h]++;
		}
	m->ent = xcalloc(n * k + 1, sizeof(*m->ent));
	m->soff = xcalloc(n + 1, sizeof(*m->soff));
	for (i = 0; i < n; i++) {
		if (len[i] < k + 3) {
			m->soff[i] = (unsigned)anchor_of(m, i);
			m->nshort++;
			continue;
		}
		for (c = 0; c < k; c++) {
			best = c;
			for (j = c; j + 4 <= len[i]; j += k)
				if (cnt[MS_HASH(gram(m, (const unsigned char *)
				    text[i] + j))] < cnt[MS_HASH(gram(m,
				    (const unsigned char *)text[i] + best))])
					best = j;
			m->ent[m->nent].gram = gram(m,
			    (const unsigned char *)text[i] + best);
			if (best + 8 <= len[i])
				m->ent[m->nent].next = gram(m,
				    (const unsigned char *)text[i] + best + 4);
			m->ent[m->nent].pat = (unsigned)i;
			m->ent[m->nent].off = (unsigned)best;
			m->nent++;
		}
	}
	free(cnt);
	if (m->nent > 0)
		qsort(m->ent, m->nent, sizeof(*m->ent), by_hash);
	m->head = xcalloc(((size_t)1 << MS_HASHBITS) + 1, sizeof(*m->head));
	for (i = 0; i < m->nent; i++) {
		h = MS_HASH(m->ent[i].gram);
		m->head[h + 1]++;
		m->bits[h / 64] |= (uint64_t)1 << (h % 64);
	}
	for (h = 0; h < (size_t)1 << MS_HASHBITS; h++)
		m->head[h + 1] += m->head[h];
	/* The short patterns, listed under each byte they are found by. */
	m->spat = xcalloc(2 * m->nshort + 1, sizeof(*m->spat));
	for (i = 0; i < n; i++) {
		if (len[i] >= k + 3)
			continue;
		c = (unsigned char)text[i][m->soff[i]];
		m->shead[c + 1]++;
		if (icase && c >= 'a' && c <= 'z')
			m->shead[c - 0x20 + 1]++;
	}
	for (c = 0; c < 256; c++)
		m->shead[c + 1] += m->shead[c];
	fill = xcalloc(256, sizeof(*fill));
	memcpy(fill, m->shead, 256 * sizeof(*fill));
	for (i = 0; i < n; i++) {
		if (len[i] >= k + 3)
			continue;
		c = (unsigned char)text[i][m->soff[i]];
		m->spat[fill[c]++] = (unsigned)i;
		if (icase && c >= 'a' && c <= 'z')
			m->spat[fill[c - 0x20]++] = (unsigned)i;
	}
	free(fill);
	for (c = 0; c < 256; c++) {
		if (m->shead[c + 1] == m->shead[c])
			continue;
		m->anchor[c] = 1;
		if (m->nanchor < MS_ANCHORS)
			m->abyte[m->nanchor] = (unsigned char)c;
		m->nanchor++;
	}
	return m;
}

/* The short patterns whose anchor is the byte at t. */
static void
try_short(const struct msearch *m, const unsigned char *u, size_t len,
    size_t t, ms_hit_fn *fn, void *ctx)
{
	size_t		 k, p;
	unsigned	 id;

	for (k = m->shead[u[t]]; k < m->shead[u[t] + 1]; k++) {
		id = m->spat[k];
		if (t < m->soff[id])
			continue;
		p = t - m->soff[id];
		if (m->len[id] <= len - p &&
		    same(m, u + p, m->text[id], m->len[id]))
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
	const size_t		 k = m->stride;
	size_t			 i = 0, p;
	uint32_t		 w, h, fold;
#ifdef __SSE2__
	__m128i			 v, eq, a[MS_ANCHORS];
	unsigned		 mask;
	size_t			 j;
#endif

	fold = m->icase ? 0x20202020u : 0;
	for (i = 0; m->nent > 0 && len >= 4 && i <= len - 4; i += k) {
		memcpy(&w, u + i, 4);
		w |= fold;
		h = MS_HASH(w);
		if ((bits[h / 64] & (uint64_t)1 << (h % 64)) == 0)
			continue;
		for (e = m->ent + m->head[h], end = m->ent + m->head[h + 1];
		    e < end; e++) {
			/* Patterns that share a gram mostly differ soon. */
			if (e->gram != w || e->off > i || (e->next != 0 &&
			    (len - i < 8 || gram(m, u + i + 4) != e->next)))
				continue;
			p = i - e->off;
			if (m->len[e->pat] <= len - p && same(m, u + p,
			    m->text[e->pat], m->len[e->pat]))
				fn(ctx, e->pat, p);
		}
	}
	if (m->nshort == 0)
		return;
	i = 0;
#ifdef __SSE2__
	if (m->nanchor <= MS_ANCHORS) {
		for (j = 0; j < m->nanchor; j++)
			a[j] = _mm_set1_epi8((char)m->abyte[j]);
		for (; len >= 16 && i <= len - 16; i += 16) {
			v = _mm_loadu_si128((const __m128i *)(const void *)
			    (u + i));
			eq = _mm_cmpeq_epi8(v, a[0]);
			for (j = 1; j < m->nanchor; j++)
				eq = _mm_or_si128(eq, _mm_cmpeq_epi8(v, a[j]));
			for (mask = (unsigned)_mm_movemask_epi8(eq); mask != 0;
			    mask &= mask - 1)
				try_short(m, u, len, i + (size_t)
				    __builtin_ctz(mask), fn, ctx);
		}
	}
#endif
	for (; i < len; i++)
		if (m->anchor[u[i]])
			try_short(m, u, len, i, fn, ctx);
}

size_t
ms_stride(const struct msearch *m)
{
	return m->stride;
}
