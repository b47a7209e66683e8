/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * Log mode writes millions of short pieces; through stdio each costs a
 * call and a lock.  Here they are copied into one buffer that goes out
 * whole.  Text that depends only on a verdict (the brief line, the JSON
 * verdict) is rendered once through the ordinary stream writers and then
 * copied, so it stays byte for byte what those writers print.
 */
#include <err.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extern.h"
#include "outbuf.h"

#define FRAG_SLOTS	4096	/* power of two; at most half are used */
#define FRAG_KEYMAX	512	/* bytes of a key */
#define RENDER_MAX	((size_t)64 * 1024)	/* bytes: see render() */
#define CONST_BITS	6	/* ob_json_const(): 64 strings kept */
#define CONST_SLOTS	(1 << CONST_BITS)
#define CONST_COPY	32	/* bytes: ob_json_const()'s copy of a short one */

struct frag {
	unsigned char	*key;		/* NULL: the slot is free */
	size_t		 keylen;	/* bytes */
	char		*text;		/* what the renderer wrote */
	size_t		 len;		/* bytes */
};

/* A string of the program's own and its JSON form, quotes included. */
struct json_const {
	const char	*s;		/* NULL: the slot is free */
	char		*json;
	size_t		 len;		/* bytes */
};

static struct json_const consts[CONST_SLOTS];
static struct frag	*frags;
static size_t		 nfrags;
static FILE		*rfp;		/* render()'s stream, */
static char		*rbuf;		/* what it holds */
static size_t		 rsize;		/* and how much */

static size_t	 safe_plain(const char *, size_t);
static uint64_t	 hash(const unsigned char *, size_t);
static const char *render(frag_render *, const void *, size_t *);
static void	 render_close(void);

void
ob_init(struct outbuf *ob, FILE *fp)
{
	ob->fp = fp;
	ob->len = 0;
}

void
ob_flush(struct outbuf *ob)
{
	if (ob->len > 0)
		fwrite(ob->buf, 1, ob->len, ob->fp);
	ob->len = 0;
}

void
ob_spill(struct outbuf *ob, const void *s, size_t n)
{
	ob_flush(ob);
	if (n > OUTBUF_SZ / 2) {
		fwrite(s, 1, n, ob->fp);
		return;
	}
	memcpy(ob->buf + ob->len, s, n);
	ob->len += n;
}

void
ob_uint(struct outbuf *ob, unsigned long v)
{
	ob_done(ob, uint_put(ob_room(ob, UINT_PUT_MAX), v));
}

/*
 * How many bytes at the start of s[0..n) term_write() passes as they
 * are: most recipients and hosts, copied whole.  They are the bytes
 * JSON takes as they are, and '"', '\\' and the tab besides.
 */
static size_t
safe_plain(const char *s, size_t n)
{
	size_t	 i = 0;

	for (;;) {
		i += json_plain(s + i, n - i);
		if (i == n || (s[i] != '"' && s[i] != '\\' && s[i] != '\t'))
			return i;
		i++;
	}
}

/*
 * term_write() into the buffer: runs of printable ASCII and tabs are
 * copied as they are, anything else goes through term_unit() as there.
 * The first run is found by safe_plain(): byte by byte, a recipient or
 * host cost about 160 instructions.
 */
void
ob_safe(struct outbuf *ob, const char *s, size_t n)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i = safe_plain(s, n), run, blen;
	char			 unit[TERM_UNIT_MAX];
	int			 cols;

	ob_write(ob, s, i);
	while (i < n) {
		for (run = i; run < n && ((u[run] >= 0x20 && u[run] < 0x7f) ||
		    u[run] == '\t'); run++)
			continue;
		if (run > i) {
			ob_write(ob, s + i, run - i);
			i = run;
			continue;
		}
		if (s[i] == '\n') {
			ob_write(ob, "^J", 2);
			i++;
			continue;
		}
		i += term_unit(s + i, n - i, unit, &blen, &cols);
		ob_write(ob, unit, blen);
	}
}

/*
 * json_string() into the buffer, in pieces that fit.  What JSON takes as
 * it is goes in one copy: the escaping's loops cost a recipient or host
 * about two hundred instructions.  Returns how many bytes that was.
 */
size_t
ob_json(struct outbuf *ob, const char *s, size_t n)
{
	size_t	 used, k = json_plain(s, n);

	ob_putc(ob, '"');
	ob_write(ob, s, k);
	s += k;
	n -= k;
	while (n > 0) {
		(void)ob_room(ob, 64);
		ob->len += json_escape(ob->buf + ob->len, OUTBUF_SZ - ob->len,
		    s, n, &used);
		s += used;
		n -= used;
	}
	ob_putc(ob, '"');
	return k;
}

void
ob_json_str(struct outbuf *ob, const char *s)
{
	ob_json(ob, s, strlen(s));
}

/*
 * One slot for each address's hash: two strings that share one take
 * turns, escaped again each time; never a different text.
 */
void
ob_json_const(struct outbuf *ob, const char *s)
{
	struct json_const	*c;
	char			*p;
	size_t			 n, used, o, sz;

	/* The address's high bits: its low ones set the slot's few. */
	c = &consts[(unsigned)(uintptr_t)s * 2654435761u >> (32 - CONST_BITS)];
	if (c->s != s) {
		n = strlen(s);
		free(c->json);
		/* Room for the longest escape of each byte, at once. */
		sz = n * JSON_ESCAPE_MIN + JSON_ESCAPE_MIN + 2;
		c->json = xmalloc(sz > CONST_COPY ? sz : CONST_COPY);
		c->json[0] = '"';
		o = 1 + json_escape(c->json + 1, n * JSON_ESCAPE_MIN +
		    JSON_ESCAPE_MIN, s, n, &used);
		c->json[o++] = '"';
		c->len = o;
		c->s = s;
	}
	/* A short one (an MTA's name, a stage) in one copy of fixed size. */
	if (c->len <= CONST_COPY) {
		p = ob_room(ob, CONST_COPY);
		memcpy(p, c->json, CONST_COPY);
		ob_done(ob, p + c->len);
	} else
		ob_write(ob, c->json, c->len);
}

/*
 * FNV-1a over eight bytes a step: a key is a verdict's fields, about
 * ninety bytes, hashed once for every line with codes.  A product moves
 * a word's bits up only; the high half folded down once at the end
 * brings them to the slot's bits (folded at each step, 30 instructions
 * more a line).
 */
static uint64_t
hash(const unsigned char *k, size_t n)
{
	uint64_t	 h = 14695981039346656037ULL, w;

	for (; n >= 8; k += 8, n -= 8) {
		memcpy(&w, k, 8);
		h = (h ^ w) * 1099511628211ULL;
	}
	while (n-- > 0)
		h = (h ^ *k++) * 1099511628211ULL;
	return h ^ h >> 32 ^ h >> 47;
}

static void
render_close(void)
{
	if (rfp == NULL)
		return;
	fclose(rfp);
	free(rbuf);
	rfp = NULL;
	rbuf = NULL;
	rsize = 0;
}

/*
 * One memory stream kept open for every render, each text read from
 * where the last one ended: a stream opened per text cost an 8 KB
 * calloc(3) (7% of annotating a bounce-heavy log).  Past RENDER_MAX
 * bytes it is closed and the next render opens a new one.
 * The text is valid until the next render.
 */
static const char *
render(frag_render *fn, const void *arg, size_t *len)
{
	size_t		 start;

	if (rfp != NULL && rsize > RENDER_MAX)
		render_close();
	if (rfp == NULL && (rfp = open_memstream(&rbuf, &rsize)) == NULL)
		err(SC_ERROR, "open_memstream");
	start = rsize;
	fn(rfp, arg);
	if (fflush(rfp) != 0)
		err(SC_ERROR, "open_memstream");
	*len = rsize - start;
	return rbuf + start;
}

/*
 * When the table is full, or the key too long, the text is rendered
 * every time: slower, never different.
 */
void
ob_frag(struct outbuf *ob, const void *key, size_t keylen, frag_render *fn,
    const void *arg)
{
	struct frag	*f = NULL;
	size_t		 i, len;
	const char	*text;

	if (frags == NULL) {
		frags = xmalloc(FRAG_SLOTS * sizeof(*frags));
		memset(frags, 0, FRAG_SLOTS * sizeof(*frags));
	}
	if (keylen <= FRAG_KEYMAX) {
		i = hash(key, keylen) & (FRAG_SLOTS - 1);
		for (; frags[i].key != NULL; i = (i + 1) & (FRAG_SLOTS - 1))
			if (frags[i].keylen == keylen &&
			    memcmp(frags[i].key, key, keylen) == 0) {
				ob_write(ob, frags[i].text, frags[i].len);
				return;
			}
		if (nfrags < FRAG_SLOTS / 2)
			f = &frags[i];
	}
	text = render(fn, arg, &len);
	ob_write(ob, text, len);
	if (f == NULL)
		return;
	f->key = xmalloc(keylen);
	memcpy(f->key, key, keylen);
	f->keylen = keylen;
	f->text = xmalloc(len + 1);
	memcpy(f->text, text, len);
	f->len = len;
	nfrags++;
}

void
ob_frag_free(void)
{
	size_t	 i;

	render_close();
	for (i = 0; i < CONST_SLOTS; i++) {
		free(consts[i].json);
		consts[i].json = NULL;
		consts[i].s = NULL;
	}
	if (frags == NULL)
		return;
	for (i = 0; i < FRAG_SLOTS; i++) {
		free(frags[i].key);
		free(frags[i].text);
	}
	free(frags);
	frags = NULL;
	nfrags = 0;
}
