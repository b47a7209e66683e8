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

#include "extern.h"

static int	 fold(int);

static int
fold(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/*
 * The first place in h[0..hlen) where the NUL-terminated needle stands,
 * ignoring case, or NULL.  memchr(3) finds where its first byte stands,
 * in either case, and only there is the rest compared.
 */
const char *
memcasemem(const char *h, size_t hlen, const char *needle)
{
	size_t		 n = strlen(needle), k;
	const char	*end, *p, *lo, *up = NULL;
	int		 c0, c1;

	if (n == 0)
		return h;
	if (n > hlen)
		return NULL;
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
