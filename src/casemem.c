/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * One case-insensitive substring search for the bounce reader, the
 * verdict's wording tests and the vendor matcher, which each kept one of
 * their own.  ASCII case only: the texts searched for are English words
 * and header names, and a byte above 0x7f is compared as it is, whatever
 * the locale.
 */
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "extern.h"

static int	 fold(int);
static int	 isalpha_(int);
static int	 same_at(const char *, const char *, size_t);

static int
fold(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static int
isalpha_(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Do the n bytes at p equal the needle's, ignoring case? */
static int
same_at(const char *p, const char *needle, size_t n)
{
	size_t	 k;

	for (k = 0; k < n; k++)
		if (fold((unsigned char)p[k]) != fold((unsigned char)needle[k]))
			return 0;
	return 1;
}

/*
 * The first place in h[0..hlen) where the NUL-terminated needle stands,
 * ignoring case, or NULL.  A needle that begins with a letter has its
 * first two bytes looked for sixteen places at a time, each byte with
 * its 0x20 set (a letter's case gone, and a few other bytes met, which
 * the comparison after tells apart), and only there is the rest
 * compared: memchr(3), in two passes for the two cases, stopped at
 * every such letter (a bounce message's text is read for many words).
 * Other needles, a needle of one byte and the places too near the end
 * for a block, by memchr(3) for the first byte in either case, which
 * the C library does 32 bytes at a time.
 */
const char *
memcasemem(const char *h, size_t hlen, const char *needle)
{
	size_t		 n = strlen(needle), k;
	const char	*end, *p, *lo, *up = NULL;
	int		 c0, c1;
#ifdef __SSE2__
	__m128i		 a, b, f;
	unsigned	 mask;
	size_t		 i;
#endif

	if (n == 0)
		return h;
	if (n > hlen)
		return NULL;
#ifdef __SSE2__
	if (n >= 2 && hlen - n >= 15 && isalpha_(needle[0])) {
		f = _mm_set1_epi8(0x20);
		a = _mm_set1_epi8((char)(needle[0] | 0x20));
		b = _mm_set1_epi8((char)(needle[1] | 0x20));
		/* Starts i..i + 15 all may hold it: h[i + 16] is in bounds. */
		for (i = 0; i <= hlen - n - 15; i += 16) {
			mask = (unsigned)_mm_movemask_epi8(_mm_and_si128(
			    _mm_cmpeq_epi8(_mm_or_si128(_mm_loadu_si128(
			    (const __m128i *)(const void *)(h + i)), f), a),
			    _mm_cmpeq_epi8(_mm_or_si128(_mm_loadu_si128(
			    (const __m128i *)(const void *)(h + i + 1)), f),
			    b)));
			for (; mask != 0; mask &= mask - 1)
				if (same_at(h + i + __builtin_ctz(mask), needle,
				    n))
					return h + i + __builtin_ctz(mask);
		}
		h += i;
		hlen -= i;
		if (n > hlen)
			return NULL;
	}
#endif
	c0 = fold((unsigned char)needle[0]);
	c1 = c0 >= 'a' && c0 <= 'z' ? c0 - ('a' - 'A') : c0;
	end = h + (hlen - n) + 1;	/* where the last start may be, past */
	lo = memchr(h, c0, (size_t)(end - h));
	if (c1 != c0)
		up = memchr(h, c1, (size_t)(end - h));
	while (lo != NULL || up != NULL) {
		p = lo != NULL && (up == NULL || lo < up) ? lo : up;
		for (k = 1; k < n; k++)
			if (fold((unsigned char)p[k]) !=
			    fold((unsigned char)needle[k]))
				break;
		if (k == n)
			return p;
		if (p == lo)
			lo = memchr(p + 1, c0, (size_t)(end - p - 1));
		else
			up = memchr(p + 1, c1, (size_t)(end - p - 1));
	}
	return NULL;
}
