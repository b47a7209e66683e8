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
 * The first place in h[0..hlen) where the NUL-terminated needle stands,
 * ignoring case, or NULL.  Sixteen starts are tried at once by the
 * needle's first and last bytes, each with 0x20 set on both sides: two
 * bytes equal but for case are equal so (and a few others, '@' and '`',
 * which the comparison after tells apart).  Looking for the first byte
 * alone stopped at every word for a needle that starts with a space or
 * a common letter; a verdict's class tests eighteen such needles on a
 * line without a code.
 */
const char *
memcasemem(const char *h, size_t hlen, const char *needle)
{
	size_t		 n = strlen(needle), i = 0;
	unsigned char	 c0, cn;
#ifdef __SSE2__
	__m128i		 f, l, up, a, b;
	unsigned	 mask, skip = 0;
#endif

	if (n == 0)
		return h;
	if (n > hlen)
		return NULL;
	c0 = (unsigned char)needle[0] | 0x20;
	cn = (unsigned char)needle[n - 1] | 0x20;
#ifdef __SSE2__
	if (hlen - n >= 15) {
		f = _mm_set1_epi8((char)c0);
		l = _mm_set1_epi8((char)cn);
		up = _mm_set1_epi8(0x20);
		/*
		 * Starts i .. i + 15 while both loads stay inside h; then the
		 * last sixteen starts, less those already tried.
		 */
		for (;; i += 16) {
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
	for (; i + n <= hlen; i++)
		if (((unsigned char)h[i] | 0x20) == c0 &&
		    ((unsigned char)h[i + n - 1] | 0x20) == cn &&
		    rest_same(h + i, needle, n))
			return h + i;
	return NULL;
}
