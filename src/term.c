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

static int	 width(unsigned);

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
	*cols = width(cp);
	return len;
}

/*
 * Columns a printable character takes: 2 for the East Asian wide and
 * full-width blocks (CJK, kana, Hangul, full-width forms, the emoji
 * blocks terminals draw wide), 0 for combining marks and zero-width
 * spaces, 1 otherwise.  A table of our own rather than wcwidth(3), which
 * follows the locale and answers -1 for all of it under LC_ALL=C.
 */
static int
width(unsigned cp)
{
	static const unsigned	 zero[][2] = {
		{ 0x0300, 0x036f }, { 0x200b, 0x200f }, { 0x20d0, 0x20ff },
		{ 0xfe00, 0xfe0f }, { 0xfe20, 0xfe2f },
	};
	static const unsigned	 wide[][2] = {
		{ 0x1100, 0x115f }, { 0x2329, 0x232a }, { 0x2e80, 0x303e },
		{ 0x3041, 0x33ff }, { 0x3400, 0x4dbf }, { 0x4e00, 0x9fff },
		{ 0xa000, 0xa4cf }, { 0xa960, 0xa97f }, { 0xac00, 0xd7a3 },
		{ 0xf900, 0xfaff }, { 0xfe10, 0xfe19 }, { 0xfe30, 0xfe6f },
		{ 0xff00, 0xff60 }, { 0xffe0, 0xffe6 }, { 0x1f300, 0x1f64f },
		{ 0x1f900, 0x1f9ff }, { 0x20000, 0x2fffd },
		{ 0x30000, 0x3fffd },
	};
	size_t	 i;

	if (cp < 0x300)
		return 1;
	for (i = 0; i < sizeof(zero) / sizeof(zero[0]); i++)
		if (cp >= zero[i][0] && cp <= zero[i][1])
			return 0;
	for (i = 0; i < sizeof(wide) / sizeof(wide[0]); i++)
		if (cp >= wide[i][0] && cp <= wide[i][1])
			return 2;
	return 1;
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
