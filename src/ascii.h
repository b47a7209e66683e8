/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * ASCII letters lowered four or eight bytes at a time, for the pattern
 * matcher's comparisons and the summary's keys: inline, as both are on
 * the path of every line.
 */
#ifndef ASCII_H
#define ASCII_H

#include <stdint.h>

/*
 * ASCII capitals of a word get their 0x20 without a branch: the byte
 * plus 0x3f carries into bit 7 from 'A' on, plus 0x25 from past 'Z' on;
 * other bytes stay as they are.
 */
static inline uint32_t
lower4(uint32_t x)
{
	uint32_t	 h7 = x & 0x7f7f7f7fu;

	return x | ((h7 + 0x3f3f3f3fu) & ~(h7 + 0x25252525u) & ~x &
	    0x80808080u) >> 2;
}

/* lower4() of eight bytes. */
static inline uint64_t
lower8(uint64_t x)
{
	uint64_t	 h7 = x & 0x7f7f7f7f7f7f7f7fu;

	return x | ((h7 + 0x3f3f3f3f3f3f3f3fu) & ~(h7 + 0x2525252525252525u) &
	    ~x & 0x8080808080808080u) >> 2;
}

#endif
