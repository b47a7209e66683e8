/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * The grammar of SMTP codes as an operand: RFC 5321 reply codes, RFC 3463
 * enhanced codes, and the partial forms people type.  Pure: no I/O.
 */
#include <stdio.h>
#include <string.h>

#include "extern.h"

/* One dotted field: digits, or a wildcard X. */
struct field {
	const char	*s;		/* start in the operand */
	size_t		 len;		/* bytes */
	int		 wild;		/* "X" or "x" */
	int		 value;		/* numeric value if not wild */
};

static int	 split(const char *, struct field *, int);
static int	 fail(struct code_error *, const char *);
static void	 hint_without_zeros(const struct field *, int,
		    struct code_error *);
static int	 parse_reply(const char *, struct smtp_code *,
		    struct code_error *);
static char	*put_num(char *, int);
static int	 parse_dotted(const struct field *, int, struct smtp_code *,
		    struct code_error *);

static int
fail(struct code_error *err, const char *rule)
{
	err->rule = rule;
	return -1;
}

int
code_looks_like(const char *s)
{
	int	 digits = 0;

	for (; *s != '\0'; s++) {
		if (*s >= '0' && *s <= '9')
			digits++;
		else if (*s != '.' && *s != 'x' && *s != 'X')
			return 0;
	}
	return digits > 0;
}

/* Split at dots into at most max fields; returns the count, or -1. */
static int
split(const char *s, struct field *f, int max)
{
	int	 n = 0;
	size_t	 i;

	for (;;) {
		if (n == max)
			return -1;
		f[n].s = s;
		f[n].len = strcspn(s, ".");
		f[n].wild = f[n].len == 1 && (*s == 'x' || *s == 'X');
		f[n].value = 0;
		for (i = 0; i < f[n].len && i < 4; i++)
			f[n].value = f[n].value * 10 + (s[i] - '0');
		s += f[n].len;
		n++;
		if (*s == '\0')
			return n;
		s++;
	}
}

/* Suggest the same code with leading zeros removed. */
static void
hint_without_zeros(const struct field *f, int n, struct code_error *err)
{
	size_t	 off = 0;
	int	 i;

	err->hint[0] = '\0';
	for (i = 0; i < n && off < sizeof(err->hint); i++) {
		if (f[i].wild)
			off += (size_t)snprintf(err->hint + off,
			    sizeof(err->hint) - off, "%sX", i ? "." : "");
		else
			off += (size_t)snprintf(err->hint + off,
			    sizeof(err->hint) - off, "%s%d", i ? "." : "",
			    f[i].value);
	}
}

static int
parse_reply(const char *s, struct smtp_code *c, struct code_error *err)
{
	size_t	 n = strlen(s);

	if (n < 3)
		return fail(err, "too short: a reply code has three digits, "
		    "an enhanced code three dotted fields");
	if (n > 3)
		return fail(err, "too long: a reply code has three digits");
	if (s[0] < '1' || s[0] > '5')
		return fail(err, "a reply code begins with 2, 3, 4 or 5 "
		    "(RFC 5321 section 4.2.1)");
	c->type = CODE_REPLY;
	c->cls = s[0] - '0';
	c->reply = (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
	return 0;
}

/* "5.1.1", "X.1.1", "5.1", "X.7", "5.X.X", "X.7.X" and "554.30". */
static int
parse_dotted(const struct field *f, int n, struct smtp_code *c,
    struct code_error *err)
{
	int	 i, zeros = 0;

	for (i = 0; i < n; i++) {
		if (f[i].len == 0)
			return fail(err, i == n - 1 ? "a code cannot end with "
			    "a dot" : "empty field between dots");
		if (!f[i].wild && strspn(f[i].s, "0123456789") < f[i].len)
			return fail(err, "each field between dots is a "
			    "number or a single X, as in 5.1.1 or 5.X.X");
		if (!f[i].wild && f[i].len > 1 && f[i].s[0] == '0')
			zeros = 1;
	}
	/* Yahoo writes "554.30": a reply code and a provider sub-code. */
	if (n == 2 && f[0].len == 3 && !f[1].wild && f[1].len <= 3 &&
	    !zeros) {
		char	 r[4];

		memcpy(r, f[0].s, 3);
		r[3] = '\0';
		if (parse_reply(r, c, err) == -1)
			return -1;
		c->suffix = f[1].value;
		return 0;
	}
	if (f[0].len != 1)
		return fail(err, "the class is one digit: 2, 4 or 5");
	if (!f[0].wild && f[0].value != 2 && f[0].value != 4 &&
	    f[0].value != 5)
		return fail(err, "the class must be 2, 4 or 5 "
		    "(RFC 3463 section 3.1)");
	for (i = 1; i < n; i++)
		if (!f[i].wild && f[i].len > 3)
			return fail(err, i == 1 ? "the subject has at most "
			    "three digits" : "the detail has at most three "
			    "digits");
	if (zeros) {
		hint_without_zeros(f, n, err);
		return fail(err, "leading zeros are not allowed "
		    "(RFC 3463 section 2)");
	}
	c->cls = f[0].wild ? 0 : f[0].value;
	if (n == 2) {
		if (f[1].wild)
			return fail(err, "the subject must be a number");
		c->type = CODE_SUBJECT;
		c->subject = f[1].value;
		return 0;
	}
	if (n != 3)
		return fail(err, "too many fields: an enhanced code is "
		    "class.subject.detail");
	if (f[1].wild) {
		if (!f[2].wild || f[0].wild)
			return fail(err, "only the class may be given when "
			    "the subject is X (as in 5.X.X)");
		c->type = CODE_CLASS;
		return 0;
	}
	c->subject = f[1].value;
	if (f[2].wild) {
		c->type = CODE_SUBJECT;
		return 0;
	}
	c->type = CODE_ENHANCED;
	c->detail = f[2].value;
	return 0;
}

int
code_parse(const char *s, struct smtp_code *c, struct code_error *err)
{
	struct field	 f[8];
	int		 n, i;

	memset(c, 0, sizeof(*c));
	c->subject = c->detail = c->suffix = -1;
	err->rule = NULL;
	err->hint[0] = '\0';
	if (*s == '\0')
		return fail(err, "empty code");
	if (s[strspn(s, "0123456789.xX")] != '\0')
		return fail(err, "a code has only digits, dots and X");
	if (strchr(s, '.') == NULL) {
		if (strchr(s, 'x') != NULL || strchr(s, 'X') != NULL)
			return fail(err, "a reply code is three digits, "
			    "as in 550; X may stand only for a field "
			    "between dots");
		return parse_reply(s, c, err);
	}
	if ((n = split(s, f, 8)) != -1)
		for (i = 0; i < n; i++)
			if (f[i].len == 0)
				return fail(err, i == n - 1 ? "a code cannot "
				    "end with a dot" : "empty field between "
				    "dots");
	if (n == -1 || n > 3)
		return fail(err, "too many fields: an enhanced code is "
		    "class.subject.detail");
	return parse_dotted(f, n, c, err);
}

/* Append the decimal digits of v (0..999) at p; returns the new end. */
static char *
put_num(char *p, int v)
{
	if (v >= 100)
		*p++ = (char)('0' + v / 100);
	if (v >= 10)
		*p++ = (char)('0' + v / 10 % 10);
	*p++ = (char)('0' + v % 10);
	return p;
}

/*
 * Without printf: log mode formats a code for every line that has one,
 * and the formatting must not cost more than finding it.
 */
void
code_format(const struct smtp_code *c, char *buf, size_t sz)
{
	char	 tmp[24], *p;

	p = code_put(c, tmp);
	*p = '\0';
	if (sz > 0) {
		if ((size_t)(p - tmp) >= sz)
			p = tmp + sz - 1;
		memcpy(buf, tmp, (size_t)(p - tmp));
		buf[p - tmp] = '\0';
	}
}

/*
 * The three digits of a reply, 100 to 999, at p, without a NUL: the
 * "%03d" that log mode writes for most lines.  Returns the end.
 */
char *
reply_put(char *p, int reply)
{
	*p++ = (char)('0' + reply / 100);
	*p++ = (char)('0' + reply / 10 % 10);
	*p++ = (char)('0' + reply % 10);
	return p;
}

/*
 * A hash of a code and the reply it came with, for the small caches of
 * log mode that remember what one code and reply make (-o's lines,
 * --summary's rows).
 */
unsigned
code_hash(const struct smtp_code *c, int reply)
{
	return ((unsigned)c->type * 31 + (unsigned)c->cls * 7 +
	    (unsigned)c->subject * 131 + (unsigned)c->detail * 17 +
	    (unsigned)c->reply + (unsigned)c->suffix * 1009 +
	    (unsigned)reply * 7919) * 2654435761u;
}

/*
 * The code as code_format() writes it, at p, which has room for
 * CODE_PUT_MAX bytes, without a NUL: -o writes it straight into its
 * output buffer.  Returns the end.
 */
char *
code_put(const struct smtp_code *c, char *p)
{
	if (c->type == CODE_REPLY) {
		p = reply_put(p, c->reply);
		if (c->suffix >= 0) {
			*p++ = '.';
			p = put_num(p, c->suffix);
		}
	} else {
		*p++ = c->cls == 0 ? 'X' : (char)('0' + c->cls);
		*p++ = '.';
		if (c->type == CODE_CLASS)
			*p++ = 'X';
		else
			p = put_num(p, c->subject);
		if (c->type != CODE_SUBJECT) {
			*p++ = '.';
			if (c->type == CODE_CLASS)
				*p++ = 'X';
			else
				p = put_num(p, c->detail);
		}
	}
	return p;
}

void
code_key(const struct smtp_code *c, char *buf, size_t sz)
{
	switch (c->type) {
	case CODE_REPLY:
		snprintf(buf, sz, "%03d", c->reply);
		break;
	case CODE_ENHANCED:
		snprintf(buf, sz, "X.%d.%d", c->subject, c->detail);
		break;
	case CODE_SUBJECT:
		snprintf(buf, sz, "X.%d.X", c->subject);
		break;
	case CODE_CLASS:
		snprintf(buf, sz, "%d.X.X", c->cls);
		break;
	}
}

int
code_exit_class(int cls)
{
	if (cls == 5)
		return SC_PERMANENT;
	if (cls == 4)
		return SC_TRANSIENT;
	return SC_OK;
}

/*
 * Reply 550 is 550; enhanced 5.7.1 is 5007001; X.7.1 is 7001.  Vendor
 * entries are indexed by this number so that a line's code is found by
 * comparing integers, not strings.
 */
long
code_number(const struct smtp_code *c)
{
	if (c->type == CODE_REPLY)
		return c->reply;
	return (long)c->cls * 1000000L + (long)(c->subject < 0 ? 0 :
	    c->subject) * 1000L + (c->detail < 0 ? 0 : c->detail);
}
