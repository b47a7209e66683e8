/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * Log mode's output: a large buffer of its own, written with one
 * fwrite(3) (one write(2)) when full, and a cache of text rendered once
 * per distinct key (a brief line, a JSON verdict).
 */
#ifndef OUTBUF_H
#define OUTBUF_H

#include <stdio.h>
#include <string.h>

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
/* The bytes as json_string() writes them, quotes included. */
void	 ob_json(struct outbuf *, const char *, size_t);
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

#endif
