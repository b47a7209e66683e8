/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * A 1024-bit set of the letter pairs in a text, ignoring case.  Vendor
 * phrases carry theirs in the generated table; a log line's is made only
 * when a vendor could match it, and a phrase whose pairs are not all in
 * the line's set is skipped without a search.
 */
#include <stdint.h>
#include <string.h>

#include "extern.h"

static int	 lower(int);

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

void
bloom_make(const char *s, size_t n, uint64_t b[BLOOM_WORDS])
{
	size_t		 i;
	unsigned	 h;

	memset(b, 0, BLOOM_WORDS * sizeof(b[0]));
	for (i = 1; i < n; i++) {
		h = ((unsigned)lower((unsigned char)s[i - 1]) * 131u +
		    (unsigned)lower((unsigned char)s[i])) & (BLOOM_BITS - 1);
		b[h >> 6] |= (uint64_t)1 << (h & 63);
	}
}

