/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * A strict, streaming JSON reader (RFC 8259) for the small documents
 * smtpcode reads back, such as --merge's summaries: values are pulled one
 * at a time by a caller that knows the schema, so nothing is built that
 * the caller does not keep.  Every string is checked UTF-8 and un-escaped
 * into a bounded buffer; numbers are read as non-negative integers only;
 * a document may not exceed a byte limit.  The first problem stops the
 * reader with a message that names the line and column.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "extern.h"

static int	 next(struct jread *);
static int	 peek(struct jread *);
static int	 hex4(struct jread *, unsigned *);
static int	 put_utf8(char *, size_t, size_t *, unsigned);
static int	 literal(struct jread *, const char *);

void
jread_init(struct jread *j, FILE *fp, unsigned long max)
{
	memset(j, 0, sizeof(*j));
	j->fp = fp;
	j->max = max;
	j->line = 1;
	j->col = 0;
	j->ahead = -2;
}

/* The first problem wins; later ones follow from it. */
int
jread_fail(struct jread *j, const char *fmt, ...)
{
	va_list	 ap;

	if (j->failed)
		return -1;
	j->failed = 1;
	j->eline = j->line;
	j->ecol = j->col + (j->ahead >= 0);	/* at the byte peeked at */
	va_start(ap, fmt);
	vsnprintf(j->msg, sizeof(j->msg), fmt, ap);
	va_end(ap);
	return -1;
}

/* A new document starts: its byte budget starts again. */
void
jread_begin(struct jread *j)
{
	j->used = 0;
}

/* The next byte, or -1 at the end (or after a failure). */
static int
next(struct jread *j)
{
	int	 c;

	if (j->failed)
		return -1;
	if (j->ahead != -2) {
		c = j->ahead;
		j->ahead = -2;
	} else {
		c = getc(j->fp);
		if (c == EOF) {
			if (ferror(j->fp)) {
				j->ioerr = errno == 0 ? EIO : errno;
				jread_fail(j, "%s", strerror(j->ioerr));
			}
			return -1;
		}
		if (++j->used > j->max) {
			jread_fail(j, "document larger than %lu bytes",
			    j->max);
			return -1;
		}
	}
	if (c == '\n') {
		j->line++;
		j->col = 0;
	} else if ((c & 0xc0) != 0x80)
		j->col++;	/* columns count characters */
	return c;
}

static int
peek(struct jread *j)
{
	unsigned long	 line = j->line, col = j->col;
	int		 c;

	if (j->ahead != -2)
		return j->ahead;
	c = next(j);
	j->line = line;		/* not consumed yet */
	j->col = col;
	j->ahead = c;
	return c;
}

/* Skip white space; the next byte, not consumed, or -1 at the end. */
int
jread_peek(struct jread *j)
{
	int	 c;

	while ((c = peek(j)) == ' ' || c == '\t' || c == '\n' || c == '\r')
		next(j);
	return c;
}

/* The byte c must come next, after white space. */
int
jread_expect(struct jread *j, int c)
{
	int	 got = jread_peek(j);

	if (got != c) {
		next(j);
		if (got == -1)
			return jread_fail(j, "expected '%c', found the end", c);
		return jread_fail(j, "expected '%c'", c);
	}
	next(j);
	return 0;
}

/*
 * After a member or an element: 1 if a ',' says another follows, 0 if
 * close ('}' or ']') ends the container, -1 otherwise.
 */
int
jread_more(struct jread *j, int close)
{
	int	 c = jread_peek(j);

	if (c == ',') {
		next(j);
		return 1;
	}
	if (c == close) {
		next(j);
		return 0;
	}
	next(j);
	return jread_fail(j, "expected ',' or '%c'", close);
}

/*
 * The members of an object, one call each: the first call reads the '{'.
 * Each returns 1 with the next member's name in buf and its ':' read, so
 * the caller reads the value; 0 once the '}' is read; -1 on a problem.
 * *n is the caller's count of calls, 0 before the first.
 */
int
jread_member(struct jread *j, unsigned *n, char *buf, size_t size)
{
	if ((*n)++ == 0) {
		if (jread_expect(j, '{') == -1)
			return -1;
		if (jread_peek(j) == '}')
			return jread_expect(j, '}');
	} else if (jread_more(j, '}') != 1)
		return j->failed ? -1 : 0;
	if (jread_string(j, buf, size) == -1 || jread_expect(j, ':') == -1)
		return -1;
	return 1;
}

static int
hex4(struct jread *j, unsigned *v)
{
	int	 i, c;

	*v = 0;
	for (i = 0; i < 4; i++) {
		c = next(j);
		if (c >= '0' && c <= '9')
			*v = *v * 16 + (unsigned)(c - '0');
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			*v = *v * 16 + (unsigned)((c | 0x20) - 'a' + 10);
		else
			return jread_fail(j, "bad \\u escape");
	}
	return 0;
}

static int
put_utf8(char *buf, size_t size, size_t *n, unsigned cp)
{
	unsigned char	 u[4];
	size_t		 len;

	if (cp < 0x80)
		u[0] = (unsigned char)cp, len = 1;
	else if (cp < 0x800) {
		u[0] = (unsigned char)(0xc0 | cp >> 6);
		u[1] = (unsigned char)(0x80 | (cp & 0x3f));
		len = 2;
	} else if (cp < 0x10000) {
		u[0] = (unsigned char)(0xe0 | cp >> 12);
		u[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		u[2] = (unsigned char)(0x80 | (cp & 0x3f));
		len = 3;
	} else {
		u[0] = (unsigned char)(0xf0 | cp >> 18);
		u[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
		u[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		u[3] = (unsigned char)(0x80 | (cp & 0x3f));
		len = 4;
	}
	if (*n + len >= size)
		return -1;
	memcpy(buf + *n, u, len);
	*n += len;
	return 0;
}

/*
 * A string, un-escaped into buf (NUL-terminated, at most size - 1
 * bytes); a longer one, a NUL, a control character or invalid UTF-8 is
 * an error.
 */
int
jread_string(struct jread *j, char *buf, size_t size)
{
	size_t		 n = 0, len;
	unsigned	 cp, lo;
	int		 c;

	if (jread_expect(j, '"') == -1)
		return -1;
	for (;;) {
		if ((c = next(j)) == -1)
			return jread_fail(j, "unterminated string");
		if (c == '"')
			break;
		if (c < 0x20)
			return jread_fail(j, "control character in a string");
		if (c != '\\') {
			if (n + 1 >= size)
				return jread_fail(j, "string longer than %zu "
				    "bytes", size - 1);
			buf[n++] = (char)c;
			continue;
		}
		switch (c = next(j)) {
		case '"':
		case '\\':
		case '/':
			cp = (unsigned)c;
			break;
		case 'b':
			cp = '\b';
			break;
		case 'f':
			cp = '\f';
			break;
		case 'n':
			cp = '\n';
			break;
		case 'r':
			cp = '\r';
			break;
		case 't':
			cp = '\t';
			break;
		case 'u':
			if (hex4(j, &cp) == -1)
				return -1;
			if (cp >= 0xdc00 && cp <= 0xdfff)
				return jread_fail(j, "lone low surrogate");
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (next(j) != '\\' || next(j) != 'u' ||
				    hex4(j, &lo) == -1 || lo < 0xdc00 ||
				    lo > 0xdfff)
					return jread_fail(j, "lone high "
					    "surrogate");
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				    (lo - 0xdc00);
			}
			break;
		default:
			return jread_fail(j, "bad escape in a string");
		}
		if (cp == 0)
			return jread_fail(j, "NUL in a string");
		if (put_utf8(buf, size, &n, cp) == -1)
			return jread_fail(j, "string longer than %zu bytes",
			    size - 1);
	}
	buf[n] = '\0';
	/* Raw bytes must be UTF-8 as RFC 8259 requires. */
	for (c = 0; c < (int)n; c += (int)len)
		if ((len = term_utf8((const unsigned char *)buf + c,
		    n - (size_t)c, &cp)) == 0)
			return jread_fail(j, "invalid UTF-8 in a string");
	return 0;
}

/*
 * A number that must be a non-negative integer no larger than
 * ULONG_MAX: a sign, a fraction or an exponent is an error.
 */
int
jread_uint(struct jread *j, unsigned long *v)
{
	int	 c = jread_peek(j), digits = 0;

	*v = 0;
	if (c == '-') {
		next(j);
		return jread_fail(j, "negative number");
	}
	if (c < '0' || c > '9') {
		next(j);
		return jread_fail(j, "expected a number");
	}
	while ((c = peek(j)) >= '0' && c <= '9') {
		next(j);
		if (digits++ == 1 && *v == 0)
			return jread_fail(j, "number with a leading zero");
		if (*v > (ULONG_MAX - (unsigned long)(c - '0')) / 10)
			return jread_fail(j, "number larger than %lu",
			    ULONG_MAX);
		*v = *v * 10 + (unsigned long)(c - '0');
	}
	if (c == '.' || c == 'e' || c == 'E') {
		next(j);
		return jread_fail(j, "not an integer");
	}
	return 0;
}

static int
literal(struct jread *j, const char *word)
{
	for (; *word != '\0'; word++)
		if (next(j) != *word)
			return jread_fail(j, "expected a JSON value");
	return 0;
}

/*
 * A scalar whose value is not needed: its type, one of the JREAD_*
 * bits, or -1.  Strings are checked as jread_string() checks them.
 */
int
jread_scalar(struct jread *j)
{
	char		 buf[1024];
	unsigned long	 v;

	switch (jread_peek(j)) {
	case '"':
		return jread_string(j, buf, sizeof(buf)) == -1 ? -1 :
		    JREAD_STRING;
	case 't':
		return literal(j, "true") == -1 ? -1 : JREAD_BOOL;
	case 'f':
		return literal(j, "false") == -1 ? -1 : JREAD_BOOL;
	case 'n':
		return literal(j, "null") == -1 ? -1 : JREAD_NULL;
	default:
		return jread_uint(j, &v) == -1 ? -1 : JREAD_NUMBER;
	}
}
