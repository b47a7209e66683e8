/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * Find SMTP codes in free text: a pasted server reply or a log line.
 * Enhanced codes are recognised by their shape and boundaries; bare
 * three-digit numbers only where the context makes them a reply code,
 * so that ports, counts and pids are not mistaken for codes.
 */
#include <string.h>

#include "extern.h"

static int	 isdig(int);
static int	 isalnum_(int);
static size_t	 digits(const char *, size_t, size_t);
static size_t	 match_enhanced(const char *, size_t, size_t,
		    struct smtp_code *);
static size_t	 match_reply(const char *, size_t, size_t,
		    struct smtp_code *);
static int	 reply_context(const char *, size_t, size_t, size_t);
static int	 ends_with(const char *, size_t, const char *);

static int
isdig(int c)
{
	return c >= '0' && c <= '9';
}

static int
isalnum_(int c)
{
	return isdig(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    c == '_';
}

/* Number of digits at s[i], at most 4 counted. */
static size_t
digits(const char *s, size_t len, size_t i)
{
	size_t	 n = 0;

	while (i + n < len && isdig((unsigned char)s[i + n]) && n < 4)
		n++;
	return n;
}

static int
ends_with(const char *s, size_t len, const char *suffix)
{
	size_t	 n = strlen(suffix);

	return len >= n && memcmp(s + len - n, suffix, n) == 0;
}

/* class.subject.detail at s[i], not part of a longer dotted number. */
static size_t
match_enhanced(const char *s, size_t len, size_t i, struct smtp_code *c)
{
	size_t	 a, b, j;
	int	 prev = i > 0 ? (unsigned char)s[i - 1] : ' ';

	/* A dash may only join a reply to its code, as in "550-5.7.1". */
	if (prev == '-' && (i < 4 || !isdig((unsigned char)s[i - 2]) ||
	    !isdig((unsigned char)s[i - 3]) || !isdig((unsigned char)s[i - 4])))
		return 0;
	if (isalnum_(prev) || prev == '.' ||
	    (s[i] != '2' && s[i] != '4' && s[i] != '5') ||
	    i + 1 >= len || s[i + 1] != '.')
		return 0;
	/* "version 2.11.0" names software, not a status. */
	if (ends_with(s, i, "version ") || ends_with(s, i, "Version "))
		return 0;
	if ((a = digits(s, len, i + 2)) == 0 || a > 3 ||
	    (a > 1 && s[i + 2] == '0'))
		return 0;
	j = i + 2 + a;
	if (j >= len || s[j] != '.')
		return 0;
	if ((b = digits(s, len, j + 1)) == 0 || b > 3 ||
	    (b > 1 && s[j + 1] == '0'))
		return 0;
	j += 1 + b;
	/* "1.2.3.4" and "5.1.1a" are not codes; "5.1.1." ends a sentence. */
	if (j < len && (isalnum_((unsigned char)s[j]) ||
	    (s[j] == '.' && j + 1 < len && isdig((unsigned char)s[j + 1]))))
		return 0;
	memset(c, 0, sizeof(*c));
	c->type = CODE_ENHANCED;
	c->cls = s[i] - '0';
	c->subject = 0;
	for (j = i + 2; j < i + 2 + a; j++)
		c->subject = c->subject * 10 + (s[j] - '0');
	c->detail = 0;
	for (j = i + 3 + a; j < i + 3 + a + b; j++)
		c->detail = c->detail * 10 + (s[j] - '0');
	c->suffix = -1;
	return 3 + a + b - 1;
}

/*
 * Is the number at s[i..i+3) used as a reply code?  It is when an enhanced
 * code follows it, when it opens the text, or when a log's wording says
 * so ("said: 550", "reject=550", "stat=550").
 */
static int
reply_context(const char *s, size_t len, size_t i, size_t end)
{
	struct smtp_code	 c;
	size_t			 j = end;

	if (j < len && (s[j] == ' ' || s[j] == '-')) {
		j++;
		if (j < len && s[j] == '#')
			j++;
		if (j < len && match_enhanced(s, len, j, &c) > 0)
			return 1;
	}
	if (j < len && s[end] != ' ' && s[end] != '-' && s[end] != '"' &&
	    s[end] != ',' && s[end] != ';' && s[end] != ')')
		return 0;
	while (i > 0 && s[i - 1] == ' ')
		i--;
	return i == 0 || ends_with(s, i, "said:") || ends_with(s, i, "=") ||
	    ends_with(s, i, "=\"") || ends_with(s, i, "#") ||
	    ends_with(s, i, "error:") || ends_with(s, i, "Error:") ||
	    ends_with(s, i, "reply:") || ends_with(s, i, "\\n");
}

static size_t
match_reply(const char *s, size_t len, size_t i, struct smtp_code *c)
{
	int	 prev = i > 0 ? (unsigned char)s[i - 1] : ' ';

	if (isalnum_(prev) || prev == '.' || prev == '-' ||
	    digits(s, len, i) != 3 || s[i] < '2' || s[i] > '5')
		return 0;
	if (i + 3 < len && s[i + 3] == '.')
		return 0;
	if (!reply_context(s, len, i, i + 3))
		return 0;
	memset(c, 0, sizeof(*c));
	c->type = CODE_REPLY;
	c->cls = s[i] - '0';
	c->reply = (s[i] - '0') * 100 + (s[i + 1] - '0') * 10 + (s[i + 2] - '0');
	c->subject = c->detail = c->suffix = -1;
	return 3;
}

size_t
find_codes(const char *s, size_t len, struct found *out, size_t max)
{
	struct smtp_code	 c;
	size_t			 i, n = 0, m;

	for (i = 0; i < len; i++) {
		if (!isdig((unsigned char)s[i]))
			continue;
		if ((m = match_enhanced(s, len, i, &c)) == 0 &&
		    (m = match_reply(s, len, i, &c)) == 0) {
			while (i + 1 < len && isdig((unsigned char)s[i + 1]))
				i++;
			continue;
		}
		if (n < max) {
			out[n].code = c;
			out[n].off = i;
			out[n].len = m;
			out[n].reply = out[n].paired = 0;
			/* "550 5.1.1", "550-5.1.1", "550 #5.1.1" belong together. */
			if (n > 0 && c.type == CODE_ENHANCED &&
			    out[n - 1].code.type == CODE_REPLY &&
			    i - (out[n - 1].off + 3) <= 2) {
				out[n].reply = out[n - 1].code.reply;
				out[n - 1].paired = 1;
			}
		}
		n++;
		i += m - 1;
	}
	return n;
}
