/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * The terminal filter: text read from logs, overlays and summaries may
 * hold bytes that drive a terminal (ESC, C1 controls such as CSI 0x9b)
 * or that are not UTF-8 at all.  Valid UTF-8 passes unchanged; every
 * control and every invalid byte is shown in a visible, ASCII form, so
 * that nothing read from a file reaches a terminal raw.
 */
#include <stdio.h>
#include <string.h>

#include "extern.h"

#define QUOTE_SLOTS	4	/* term_quote() results alive at once */
#define QUOTE_MAX	1024	/* input bytes a quote shows at most */

/*
 * Length of the valid UTF-8 sequence at s (at most n bytes) and its code
 * point in *cp; 0 for an invalid byte (a stray continuation, an overlong
 * form, a surrogate, past U+10FFFF, or cut short).
 */
size_t
term_utf8(const unsigned char *s, size_t n, unsigned *cp)
{
	size_t	 len, i;
	unsigned c;

	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, c = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, c = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, c = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	*cp = c;
	return len;
}

/*
 * The next unit of s[0..n): its safe form in buf (at least TERM_UNIT_MAX
 * bytes) with *blen bytes and *cols columns; returns the input bytes it
 * covers (at least 1).  Tab and newline are the caller's business and
 * come back as themselves.
 */
size_t
term_unit(const char *s, size_t n, char *buf, size_t *blen, int *cols)
{
	const unsigned char	*p = (const unsigned char *)s;
	unsigned		 cp;
	size_t			 len;

	if (p[0] == '\t' || p[0] == '\n' ||
	    (p[0] >= 0x20 && p[0] < 0x7f)) {
		buf[0] = (char)p[0];
		*blen = 1;
		*cols = 1;
		return 1;
	}
	if (p[0] < 0x20 || p[0] == 0x7f) {	/* C0 and DEL: ^[ and ^? */
		buf[0] = '^';
		buf[1] = p[0] == 0x7f ? '?' : (char)(p[0] + '@');
		*blen = 2;
		*cols = 2;
		return 1;
	}
	if ((len = term_utf8(p, n, &cp)) == 0) {
		/* Not UTF-8: the byte in hex, as \x9b. */
		*blen = (size_t)snprintf(buf, TERM_UNIT_MAX, "\\x%02x", p[0]);
		*cols = (int)*blen;
		return 1;
	}
	if (cp <= 0x9f) {		/* C1, UTF-8 encoded: \u009b */
		*blen = (size_t)snprintf(buf, TERM_UNIT_MAX, "\\u%04x", cp);
		*cols = (int)*blen;
		return len;
	}
	memcpy(buf, p, len);
	*blen = len;
	*cols = 1;
	return len;
}

void
term_write(FILE *fp, const char *s, size_t n)
{
	char	 buf[TERM_UNIT_MAX];
	size_t	 i, blen;
	int	 cols;

	for (i = 0; i < n; ) {
		if (s[i] == '\n') {	/* one line's text: no newline in it */
			fputs("^J", fp);
			i++;
			continue;
		}
		i += term_unit(s + i, n - i, buf, &blen, &cols);
		fwrite(buf, 1, blen, fp);
	}
}

/*
 * s made fit for a message: controls, newlines and invalid bytes shown
 * visibly, and cut after max bytes (never inside a character) with "...".
 * The result lives until QUOTE_SLOTS more calls.
 */
const char *
term_quote(const char *s, size_t max)
{
	static char	 slots[QUOTE_SLOTS][QUOTE_MAX * 6 + 8];
	static int	 next;
	char		*out = slots[next], buf[TERM_UNIT_MAX];
	size_t		 i, n = strlen(s), o = 0, blen, step;
	int		 cols;

	next = (next + 1) % QUOTE_SLOTS;
	if (max > QUOTE_MAX)
		max = QUOTE_MAX;
	for (i = 0; i < n; i += step) {
		if (s[i] == '\n' || s[i] == '\t') {
			buf[0] = '^';
			buf[1] = s[i] == '\n' ? 'J' : 'I';
			blen = 2;
			step = 1;
		} else
			step = term_unit(s + i, n - i, buf, &blen, &cols);
		if (i + step > max)
			break;
		memcpy(out + o, buf, blen);
		o += blen;
	}
	if (i < n) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
	return out;
}

/* Does s show as itself: no control character, no invalid UTF-8? */
int
term_plain(const char *s)
{
	char	 buf[TERM_UNIT_MAX];
	size_t	 n = strlen(s), i, step, blen;
	int	 cols;

	for (i = 0; i < n; i += step) {
		if (s[i] == '\n' || s[i] == '\t')
			return 0;
		step = term_unit(s + i, n - i, buf, &blen, &cols);
		if (blen != step || memcmp(buf, s + i, step) != 0)
			return 0;
	}
	return 1;
}
