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
static int	 isspace_(int);
static int	 short_key(const char *, size_t);
static size_t	 digits(const char *, size_t, size_t);
static size_t	 match_enhanced(const char *, size_t, size_t,
		    struct smtp_code *);
static size_t	 match_reply(const char *, size_t, size_t, int,
		    struct smtp_code *);
static int	 reply_context(const char *, size_t, size_t, size_t);
static int	 opens_reply(const char *, size_t);
static int	 ends_with(const char *, size_t, const char *);

static int
isdig(int c)
{
	return c >= '0' && c <= '9';
}

static int
isalnum_(int c)
{
	return isdig(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* qmail writes its replies with '_' for every space. */
static int
isspace_(int c)
{
	return c == ' ' || c == '_';
}

/* Is the key that ends at s[eq] (an '=') shorter than three letters? */
static int
short_key(const char *s, size_t eq)
{
	size_t	 n = 0;

	while (n < eq && isalnum_((unsigned char)s[eq - n - 1]))
		n++;
	return n < 3;
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
	/* "V=4.5.1" is a version; "dsn=5.1.1" and "status=5.1.1" are codes. */
	if (prev == '=' && short_key(s, i - 1))
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

/* Keys whose value is a reply code in the logs of common MTAs. */
static const char *const reply_keys[] = {
	"reject=", "stat=", "C=\"", "msg=\"", "code=", "code=\"", "reply=",
	"response=", "responseCode=", "responseCode: ", "smtp_code=",
	"said: ", "reply: ", "error: ", "Error: ", "response was: ",
	"response: ", "Response: ", "smtp;", "smtp; ", "SMTP;", "SMTP; ",
	"-> ", NULL
};

/* Characters after which a reply code may stand, given text follows. */
static int
opens_reply(const char *s, size_t i)
{
	const char *const	*k;
	int			 prev;

	if (i == 0)
		return 1;
	prev = (unsigned char)s[i - 1];
	if (prev == '"' || prev == '<' || prev == '(' || prev == '\'' ||
	    prev == '\t' || (prev == 'n' && i >= 2 && s[i - 2] == '\\'))
		return 1;
	for (k = reply_keys; *k != NULL; k++)
		if (ends_with(s, i, *k))
			return 1;
	/* ": 550 text" and "] 503 text", as Exim and many others write. */
	return isspace_(prev) && i >= 2 && (s[i - 2] == ':' || s[i - 2] == ']');
}

/*
 * Is the number at s[i..i+3) used as a reply code?  It is when an enhanced
 * code follows it, or when it stands where replies stand (start of text,
 * after "said: ", "reject=", a colon, a quote) and words follow it, as in
 * "550 User unknown" or "550-Go away".  Counts, ports and sizes fail: no
 * such opening, or nothing textual after them.
 */
static int
reply_context(const char *s, size_t len, size_t i, size_t end)
{
	struct smtp_code	 c;
	size_t			 j = end;
	int			 next;

	if (j < len && (isspace_((unsigned char)s[j]) || s[j] == '-')) {
		j++;
		if (j < len && (s[j] == '#' || s[j] == '\''))
			j++;	/* "550 #5.1.0", Amazon SES's "550-'5.7.1" */
		if (j < len && match_enhanced(s, len, j, &c) > 0)
			return 1;
	}
	if (!opens_reply(s, i))
		return 0;
	if (end == len || s[end] == '"' || s[end] == '>')
		return i == 0 || s[i - 1] == '"' || s[i - 1] == '<' ||
		    s[i - 1] == '=';
	if (!isspace_((unsigned char)s[end]) && s[end] != '-')
		return 0;
	if (i == 0 && s[end] == ' ')
		return 1;	/* a pasted reply: "554 30 Sorry, …" */
	/* Intermediate replies (334, 354) never end a transaction: in plain
	 * prose after a colon, a 3xx number is a count, not a reply. */
	if (s[i] == '3' && i >= 2 && (s[i - 2] == ':' || s[i - 2] == ']'))
		return 0;
	if (s[end] == '-' && end + 2 < len && s[end + 1] == ' ' &&
	    s[end + 2] != ' ')
		return 1;	/* a continuation line: "250- 3nn byte chunk" */
	if (end + 1 >= len)
		return 0;
	next = (unsigned char)s[end + 1];
	return (next >= 'A' && next <= 'Z') || (next >= 'a' && next <= 'z') ||
	    next == '<' || next == '[' || next == '(' || next == '\'' ||
	    next == '"' || next >= 0x80;
}

static size_t
match_reply(const char *s, size_t len, size_t i, int last,
    struct smtp_code *c)
{
	int	 prev = i > 0 ? (unsigned char)s[i - 1] : ' ';

	/* A literal "\n" joins the lines of a flattened multi-line reply. */
	if (prev == 'n' && i >= 2 && s[i - 2] == '\\')
		prev = ' ';
	if (isalnum_(prev) || prev == '.' || prev == '-' ||
	    digits(s, len, i) != 3 || s[i] < '2' || s[i] > '5')
		return 0;
	if (i + 3 < len && s[i + 3] == '.')
		return 0;
	/*
	 * A multi-line reply flattened into one line repeats its code after
	 * a space: "554-No SMTP service 554-Bad DNS PTR 554 For details".
	 */
	if (!reply_context(s, len, i, i + 3) && !(last > 0 && prev == ' ' &&
	    i + 3 < len && (s[i + 3] == '-' || s[i + 3] == ' ') &&
	    (s[i] - '0') * 100 + (s[i + 1] - '0') * 10 + (s[i + 2] - '0') ==
	    last))
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
	int			 last = 0;

	for (i = 0; i < len; i++) {
		if (!isdig((unsigned char)s[i]))
			continue;
		if ((m = match_enhanced(s, len, i, &c)) == 0 &&
		    (m = match_reply(s, len, i, last, &c)) == 0) {
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
			    i - (out[n - 1].off + 3) <= 3) {
				out[n].reply = out[n - 1].code.reply;
				out[n - 1].paired = 1;
			}
		}
		if (c.type == CODE_REPLY)
			last = c.reply;
		n++;
		i += m - 1;
	}
	return n;
}
