/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * The little of MIME a bounce reader needs: header fields and their
 * unfolding, Content-Type and its parameters, multipart splitting, the
 * base64 and quoted-printable transfer encodings, RFC 2047 words.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extern.h"

static size_t	 eol(const char *, size_t, size_t);
static int	 is_wsp(int);
static int	 hexval(int);
static int	 b64val(int);
static size_t	 b64_decode(const char *, size_t, char *);
static size_t	 qp_decode(const char *, size_t, char *, int);
static int	 word_decode(const char *, size_t, char *, size_t *);
static const char *word_end(const char *);
static int	 delimiter(const char *, size_t, const char *, size_t, int *);

static int
is_wsp(int c)
{
	return c == ' ' || c == '\t';
}

/* Offset just past the LF ending the line at off, or len. */
static size_t
eol(const char *buf, size_t len, size_t off)
{
	const char	*nl;

	if ((nl = memchr(buf + off, '\n', len - off)) == NULL)
		return len;
	return (size_t)(nl - buf) + 1;
}

size_t
mime_body(const char *buf, size_t len, size_t *hlen)
{
	size_t	 off, next;

	for (off = 0; off < len; off = next) {
		next = eol(buf, len, off);
		if (buf[off] == '\n' || (buf[off] == '\r' && off + 1 < len &&
		    buf[off + 1] == '\n')) {
			*hlen = off;
			return next;
		}
	}
	*hlen = len;
	return len;
}

/*
 * Unfolding turns each line break and the blanks around it into one
 * space, so a Diagnostic-Code folded over lines reads as one line.
 */
int
mime_field(const char *buf, size_t len, size_t *off, const char **name,
    size_t *nlen, char **value)
{
	size_t	 o, e, i, k, vo, ve, n;
	char	*v;

	for (o = *off; o < len; o = e) {
		e = eol(buf, len, o);
		for (i = o; i < e && buf[i] != ':' && buf[i] > ' ' &&
		    buf[i] < 127; i++)
			continue;
		/*
		 * RFC 5322's obsolete syntax (section 4.5.8) lets blanks
		 * stand between the name and the colon: "Status : 5.0.0",
		 * as some gateways write their delivery-status fields.
		 */
		for (k = i; k < e && is_wsp((unsigned char)buf[k]); k++)
			continue;
		if (i == o || k >= e || buf[k] != ':')
			continue;
		*name = buf + o;
		*nlen = i - o;
		vo = k + 1;
		/* Continuation lines begin with a blank. */
		while (e < len && is_wsp((unsigned char)buf[e]))
			e = eol(buf, len, e);
		ve = e;
		*off = e;
		v = xmalloc(ve - vo + 1);
		n = 0;
		for (i = vo; i < ve; i++) {
			if (buf[i] == '\r' || buf[i] == '\n' ||
			    is_wsp((unsigned char)buf[i])) {
				if (n > 0 && v[n - 1] != ' ')
					v[n++] = ' ';
				continue;
			}
			v[n++] = buf[i] == '\0' ? ' ' : buf[i];
		}
		while (n > 0 && v[n - 1] == ' ')
			n--;
		v[n] = '\0';
		*value = v;
		return 1;
	}
	*off = len;
	return 0;
}

char *
mime_header(const char *buf, size_t len, const char *want)
{
	const char	*name;
	size_t		 off, nlen, wlen;
	char		*v;

	wlen = strlen(want);
	off = 0;
	while (mime_field(buf, len, &off, &name, &nlen, &v)) {
		if (nlen == wlen && strncasecmp(name, want, wlen) == 0)
			return v;
		free(v);
	}
	return NULL;
}

void
mime_ctype(const char *v, char *buf, size_t n)
{
	size_t	 i;

	i = 0;
	while (*v == ' ')
		v++;
	for (; *v != '\0' && *v != ';' && *v != ' ' && i + 1 < n; v++)
		buf[i++] = (char)tolower((unsigned char)*v);
	buf[i] = '\0';
}

/* Parameters are "; name=value" or "; name="quoted value"". */
char *
mime_param(const char *v, const char *want)
{
	const char	*p, *q;
	size_t		 wlen, n;
	char		*r;

	wlen = strlen(want);
	for (p = strchr(v, ';'); p != NULL; p = strchr(p, ';')) {
		p++;
		while (*p == ' ')
			p++;
		if (strncasecmp(p, want, wlen) != 0)
			continue;
		q = p + wlen;
		while (*q == ' ')
			q++;
		if (*q != '=')
			continue;
		q++;
		while (*q == ' ')
			q++;
		r = xmalloc(strlen(q) + 1);
		n = 0;
		if (*q == '"') {
			for (q++; *q != '\0' && *q != '"'; q++) {
				if (*q == '\\' && q[1] != '\0')
					q++;
				r[n++] = *q;
			}
		} else
			for (; *q != '\0' && *q != ';' && *q != ' '; q++)
				r[n++] = *q;
		r[n] = '\0';
		return r;
	}
	return NULL;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static int
b64val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Characters outside the alphabet (line breaks) are skipped. */
static size_t
b64_decode(const char *s, size_t len, char *out)
{
	size_t		 i, n;
	unsigned long	 acc;
	int		 bits, v;

	acc = 0;
	bits = 0;
	n = 0;
	for (i = 0; i < len && s[i] != '='; i++) {
		if ((v = b64val((unsigned char)s[i])) < 0)
			continue;
		acc = ((acc << 6) | (unsigned long)v) & 0xffffff;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[n++] = (char)((acc >> bits) & 0xff);
		}
	}
	return n;
}

/*
 * Quoted-printable; in encoded words (hdr) '_' is a space.  A '='
 * followed by neither hex nor a line break is kept as it is.
 */
static size_t
qp_decode(const char *s, size_t len, char *out, int hdr)
{
	size_t	 i, j, n;
	int	 h, l;

	n = 0;
	for (i = 0; i < len; i++) {
		if (hdr && s[i] == '_') {
			out[n++] = ' ';
			continue;
		}
		if (s[i] != '=') {
			out[n++] = s[i];
			continue;
		}
		if (i + 2 < len && (h = hexval((unsigned char)s[i + 1])) >= 0 &&
		    (l = hexval((unsigned char)s[i + 2])) >= 0) {
			out[n++] = (char)(h * 16 + l);
			i += 2;
			continue;
		}
		/* A soft line break: '=', blanks, then the line end. */
		for (j = i + 1; j < len && is_wsp((unsigned char)s[j]); j++)
			continue;
		if (j < len && s[j] == '\r')
			j++;
		if (j < len && s[j] == '\n') {
			i = j;
			continue;
		}
		out[n++] = s[i];
	}
	return n;
}

char *
mime_decode(const char *s, size_t len, const char *cte, size_t *outlen)
{
	char	*out;
	size_t	 n;

	out = xmalloc(len + 1);
	if (cte != NULL && strncasecmp(cte, "base64", 6) == 0)
		n = b64_decode(s, len, out);
	else if (cte != NULL && strncasecmp(cte, "quoted-printable", 16) == 0)
		n = qp_decode(s, len, out, 0);
	else {
		memcpy(out, s, len);
		n = len;
	}
	out[n] = '\0';
	*outlen = n;
	return out;
}

/*
 * One "=?charset?E?text?=" word at s (len bytes up to the closing "?=");
 * decoded bytes go to out.  Charsets other than UTF-8 and ASCII are left
 * encoded: the reader keeps bytes and does not convert them.
 */
static int
word_decode(const char *s, size_t len, char *out, size_t *n)
{
	const char	*cs, *q1, *q2;
	size_t		 cslen;

	cs = s + 2;
	if ((q1 = memchr(cs, '?', len - 2)) == NULL)
		return 0;
	cslen = (size_t)(q1 - cs);
	if (memchr(cs, '*', cslen) != NULL)
		cslen = (size_t)((const char *)memchr(cs, '*', cslen) - cs);
	if (!((cslen == 5 && strncasecmp(cs, "utf-8", 5) == 0) ||
	    (cslen == 8 && strncasecmp(cs, "us-ascii", 8) == 0)))
		return 0;
	if ((size_t)(q1 - s) + 3 > len || q1[2] != '?')
		return 0;
	q2 = q1 + 3;
	if (q1[1] == 'B' || q1[1] == 'b')
		*n = b64_decode(q2, (size_t)(s + len - q2), out);
	else if (q1[1] == 'Q' || q1[1] == 'q')
		*n = qp_decode(q2, (size_t)(s + len - q2), out, 1);
	else
		return 0;
	return 1;
}

/* The "?=" closing an encoded word that begins at s, or NULL. */
static const char *
word_end(const char *s)
{
	const char	*q;

	if (s[0] != '=' || s[1] != '?')
		return NULL;
	if ((q = strchr(s + 2, '?')) == NULL || q[1] == '\0' || q[2] != '?')
		return NULL;
	return strstr(q + 3, "?=");
}

char *
mime_words(const char *s)
{
	const char	*p, *end, *gap;
	char		*out;
	size_t		 n, wn, len;
	int		 prev;

	len = strlen(s);
	out = xmalloc(len + 1);
	n = 0;
	prev = 0;
	gap = NULL;
	for (p = s; *p != '\0'; ) {
		if ((end = word_end(p)) != NULL &&
		    word_decode(p, (size_t)(end - p), out + n, &wn)) {
			/* Blanks between two encoded words vanish. */
			if (prev && gap != NULL)
				n -= (size_t)(p - gap);
			n += wn;
			p = end + 2;
			prev = 1;
			gap = p;
			continue;
		}
		if (*p != ' ' && *p != '\t')
			prev = 0;
		out[n++] = *p++;
	}
	out[n] = '\0';
	return out;
}

/*
 * Is the line at buf[0..len) "--boundary" (then blanks), or the closing
 * "--boundary--"?
 */
static int
delimiter(const char *buf, size_t len, const char *b, size_t blen,
    int *close)
{
	size_t	 i;

	if (len < blen + 2 || buf[0] != '-' || buf[1] != '-' ||
	    memcmp(buf + 2, b, blen) != 0)
		return 0;
	i = blen + 2;
	*close = 0;
	if (i + 1 < len && buf[i] == '-' && buf[i + 1] == '-') {
		*close = 1;
		i += 2;
	}
	for (; i < len; i++)
		if (!isspace((unsigned char)buf[i]))
			return 0;
	return 1;
}

/*
 * The line break before a delimiter belongs to it; a body without a
 * closing delimiter ends its last part at the end of the buffer.
 */
size_t
mime_split(const char *buf, size_t len, const char *b, struct mime_part *parts,
    size_t max)
{
	size_t	 off, e, start, n, blen, stop;
	int	 in, close;

	blen = strlen(b);
	if (blen == 0)
		return 0;
	n = 0;
	in = 0;
	start = 0;
	for (off = 0; off < len; off = e) {
		e = eol(buf, len, off);
		if (!delimiter(buf + off, e - off, b, blen, &close))
			continue;
		if (in && n < max) {
			stop = off;
			if (stop > start && buf[stop - 1] == '\n')
				stop--;
			if (stop > start && buf[stop - 1] == '\r')
				stop--;
			parts[n].p = buf + start;
			parts[n++].len = stop - start;
		}
		if (close || n >= max)
			return n;
		in = 1;
		start = e;
	}
	if (in && n < max && start < len) {
		parts[n].p = buf + start;
		parts[n++].len = len - start;
	}
	return n;
}
