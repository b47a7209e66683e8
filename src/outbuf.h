/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * Log mode's output: a large buffer of its own, written with one
 * fwrite(3) (one write(2)) when full, and a cache of text rendered once
 * per distinct key (a brief line, a JSON verdict).
 */
#ifndef OUTBUF_H
#define OUTBUF_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define OUTBUF_SZ	((size_t)128 * 1024)	/* bytes */

struct outbuf {
	FILE	*fp;			/* where a full buffer goes */
	size_t	 len;			/* bytes held in buf */
	char	 buf[OUTBUF_SZ];
};

/* Text a renderer writes to a stream, kept by key by ob_frag(). */
typedef void	 frag_render(FILE *, const void *);

void	 ob_init(struct outbuf *, FILE *);
/* Hand what is held to the stream (not fflush(3): the caller does). */
void	 ob_flush(struct outbuf *);
/* ob_write() when the bytes do not fit in what is left. */
void	 ob_spill(struct outbuf *, const void *, size_t);
void	 ob_uint(struct outbuf *, unsigned long);
/* The bytes as render_safe() writes them: for a terminal. */
void	 ob_safe(struct outbuf *, const char *, size_t);
/*
 * The bytes as json_string() writes them, quotes included; returns how
 * many at the start JSON took as they are (n: all printable ASCII).
 */
size_t	 ob_json(struct outbuf *, const char *, size_t);
void	 ob_json_str(struct outbuf *, const char *);
/*
 * The same for a string of the program's own tables (an MTA's name, an
 * SMTP stage), which never changes nor moves: escaped the first time,
 * copied after, known by its address as verdict_key() knows its own.
 */
void	 ob_json_const(struct outbuf *, const char *);
/*
 * What fn(fp, arg) writes, when it depends on nothing but the key's
 * bytes: rendered the first time, copied after.
 */
void	 ob_frag(struct outbuf *, const void *, size_t, frag_render *,
	    const void *);
/* Free the cache of ob_frag(). */
void	 ob_frag_free(void);

/*
 * Bytes, the common case inline: a literal's length and copy are then
 * worked out by the compiler.
 */
static inline void
ob_write(struct outbuf *ob, const void *s, size_t n)
{
	if (n > OUTBUF_SZ - ob->len) {
		ob_spill(ob, s, n);
		return;
	}
	memcpy(ob->buf + ob->len, s, n);
	ob->len += n;
}

static inline void
ob_puts(struct outbuf *ob, const char *s)
{
	ob_write(ob, s, strlen(s));
}

/*
 * Where to write n bytes at most (n at most OUTBUF_SZ), for a caller
 * that puts a field's pieces straight into the buffer; ob_done() keeps
 * what it wrote.
 */
static inline char *
ob_room(struct outbuf *ob, size_t n)
{
	if (n > OUTBUF_SZ - ob->len)
		ob_flush(ob);
	return ob->buf + ob->len;
}

static inline void
ob_done(struct outbuf *ob, const char *end)
{
	ob->len = (size_t)(end - ob->buf);
}

#define UINT_PUT_MAX	24	/* bytes of room uint_put() needs */

/*
 * v in decimal at p, which has room for UINT_PUT_MAX bytes; returns the
 * end.  The digits are made backwards in a pad, two at a time from a
 * table, and moved in one fixed copy, which the compiler does in two
 * loads and two stores.
 */
static inline char *
uint_put(char *p, unsigned long v)
{
	static const char	 pairs[] =
	    "00010203040506070809101112131415161718192021222324252627282930"
	    "31323334353637383940414243444546474849505152535455565758596061"
	    "6263646566676869707172737475767778798081828384858687888990919293"
	    "949596979899";
	char			 d[2 * UINT_PUT_MAX], *q = d + UINT_PUT_MAX;
	size_t			 n;

	for (; v >= 100; v /= 100) {
		q -= 2;
		memcpy(q, pairs + v % 100 * 2, 2);
	}
	if (v >= 10) {
		q -= 2;
		memcpy(q, pairs + v * 2, 2);
	} else
		*--q = (char)('0' + v);
	n = (size_t)(d + UINT_PUT_MAX - q);
	memcpy(p, q, UINT_PUT_MAX);
	return p + n;
}

/* One byte, the common case inline. */
static inline void
ob_putc(struct outbuf *ob, int c)
{
	if (ob->len == OUTBUF_SZ)
		ob_flush(ob);
	ob->buf[ob->len++] = (char)c;
}

/*
 * The bytes JSON takes as they are (printable ASCII but '"' and '\\'),
 * tested many at a time, for json_escape() and for the log views, which
 * copy a text's plain start whole.  Inline: ob_safe() looks for a run
 * of every recipient and host through them.
 */

/*
 * The bytes of the eight at p that JSON does not take as they are, by
 * their high bits.  Each test is made on a byte's low seven bits, where
 * adding cannot carry into the next byte: at least 0x20, and not DEL,
 * '"' nor '\\' (not zero after an exclusive or); a byte with its high
 * bit set is never taken.
 */
static inline uint64_t
unplain8(const unsigned char *p)
{
	const uint64_t	 ones = 0x0101010101010101ULL;
	const uint64_t	 highs = 0x8080808080808080ULL;
	uint64_t	 x, lo;

	memcpy(&x, p, 8);
	lo = x & ~highs;
	return ((lo + 0x60 * ones) & ((lo ^ 0x7f * ones) + 0x7f * ones) &
	    ((lo ^ '"' * ones) + 0x7f * ones) &
	    ((lo ^ '\\' * ones) + 0x7f * ones) & ~x & highs) ^ highs;
}

#ifdef __SSE2__
/*
 * The same for the sixteen bytes at p, as a mask: those below 0x20, DEL
 * and bytes above it (all of them below 0x21 once one is added, as
 * signed bytes), '"' and '\\'.  The bytes it takes are found, and the
 * mask turned over: a comparison the other way costs the compiler one
 * more to turn it.
 */
static inline unsigned
unplain16(const unsigned char *p)
{
	__m128i	 v, ok;

	v = _mm_loadu_si128((const __m128i *)(const void *)p);
	ok = _mm_andnot_si128(_mm_or_si128(
	    _mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
	    _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))),
	    _mm_cmpgt_epi8(_mm_add_epi8(v, _mm_set1_epi8(1)),
	    _mm_set1_epi8(0x20)));
	return (unsigned)_mm_movemask_epi8(ok) ^ 0xffffu;
}
#endif

/*
 * How many bytes JSON takes as they are at the start of s[0..n): a log
 * line's text, recipient and host mostly, which are then copied whole.
 * The last block is read to the text's end, its bytes before i skipped.
 */
static inline size_t
json_plain(const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0;
	uint64_t		 m8;
#ifdef __SSE2__
	unsigned		 m;

	if (n >= 16) {
		for (; i + 16 < n; i += 16)
			if ((m = unplain16(p + i)) != 0)
				return i + (size_t)__builtin_ctz(m);
		m = unplain16(p + n - 16) >> (i - (n - 16));
		return m == 0 ? n : i + (size_t)__builtin_ctz(m);
	}
#endif
	if (n >= 8) {
		for (; i + 8 < n; i += 8)
			if ((m8 = unplain8(p + i)) != 0)
				return i + (size_t)__builtin_ctzll(m8) / 8;
		m8 = unplain8(p + n - 8) >> 8 * (i - (n - 8));
		return m8 == 0 ? n : i + (size_t)__builtin_ctzll(m8) / 8;
	}
	while (i < n && p[i] >= 0x20 && p[i] < 0x7f && p[i] != '"' &&
	    p[i] != '\\')
		i++;
	return i;
}

#endif
