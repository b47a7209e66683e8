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
static int	 rest_same(const char *, const char *, size_t);
static const char *by_first(const char *, size_t, const char *, size_t);
static int	 common_first(int);

static int
fold(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* Do the n bytes at p spell the needle, ignoring case? */
static int
rest_same(const char *p, const char *needle, size_t n)
{
	size_t	 k;

	for (k = 0; k < n; k++)
		if (fold((unsigned char)p[k]) != fold((unsigned char)needle[k]))
			return 0;
	return 1;
}

/*
 * Does a needle's first byte stand often in a text: a letter, a digit,
 * a space?  memchr(3), 32 bytes at a time, passes the others faster.
 */
static int
common_first(int c)
{
	c |= 0x20;
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' ';
}

/*
 * The first place in h[0..hlen) where the NUL-terminated needle stands,
 * ignoring case, or NULL.  Sixteen starts are tried at once by the
 * needle's first and last bytes, each with 0x20 set on both sides: two
 * bytes equal but for case are equal so (and a few others, '@' and '`',
 * which the comparison after tells apart).  Looking for the first byte
 * alone (memchr(3), below) stopped at every word for a needle that
 * starts with a space or a common letter, as the bounce reader's and
 * the verdict's words do; it stays for a needle that starts with a rare
 * byte ('[', '"').
 */
const char *
memcasemem(const char *h, size_t hlen, const char *needle)
{
	size_t		 n = strlen(needle);
#ifdef __SSE2__
	__m128i		 f, l, up, a, b;
	unsigned	 mask, skip = 0;
	size_t		 i;
#endif

	if (n == 0)
		return h;
	if (n > hlen)
		return NULL;
#ifdef __SSE2__
	if (hlen - n >= 15 && common_first((unsigned char)needle[0])) {
		f = _mm_set1_epi8((char)(needle[0] | 0x20));
		l = _mm_set1_epi8((char)(needle[n - 1] | 0x20));
		up = _mm_set1_epi8(0x20);
		/*
		 * Starts i .. i + 15 while both loads stay inside h; then the
		 * last sixteen starts, less those already tried.
		 */
		for (i = 0;; i += 16) {
			if (i > hlen - n - 15) {
				skip = i - (hlen - n - 15);
				if (skip >= 16)
					break;
				i = hlen - n - 15;
			}
			a = _mm_or_si128(_mm_loadu_si128((const __m128i *)
			    (const void *)(h + i)), up);
			b = _mm_or_si128(_mm_loadu_si128((const __m128i *)
			    (const void *)(h + i + n - 1)), up);
			mask = (unsigned)_mm_movemask_epi8(_mm_and_si128(
			    _mm_cmpeq_epi8(a, f), _mm_cmpeq_epi8(b, l))) &
			    (0xffffu << skip);
			for (; mask != 0; mask &= mask - 1)
				if (rest_same(h + i + __builtin_ctz(mask),
				    needle, n))
					return h + i + __builtin_ctz(mask);
		}
		return NULL;
	}
#endif
	return by_first(h, hlen, needle, n);
}

/*
 * A text too short for a block of sixteen starts, or a needle whose
 * first byte is rare (or any, without SSE2): that byte looked for in
 * either case by memchr(3), and the rest compared there.
 */
static const char *
by_first(const char *h, size_t hlen, const char *needle, size_t n)
{
	const char	*end, *p, *lo, *up = NULL;
	int		 c0, c1;

	c0 = fold((unsigned char)needle[0]);
	c1 = c0 >= 'a' && c0 <= 'z' ? c0 - ('a' - 'A') : c0;
	end = h + (hlen - n) + 1;	/* where the last start may be, past */
	lo = memchr(h, c0, (size_t)(end - h));
	if (c1 != c0)
		up = memchr(h, c1, (size_t)(end - h));
	while (lo != NULL || up != NULL) {
		p = lo != NULL && (up == NULL || lo < up) ? lo : up;
		if (rest_same(p, needle, n))
			return p;
		if (p == lo)
			lo = memchr(p + 1, c0, (size_t)(end - p - 1));
		else
			up = memchr(p + 1, c1, (size_t)(end - p - 1));
	}
	return NULL;
}
