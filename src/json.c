/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * JSON string escaping, shared by every JSON writer so that one function
 * decides how bytes from logs and entries become valid JSON.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "extern.h"
#include "outbuf.h"	/* the tests of bytes taken as they are */

static inline int plain8(const unsigned char *);

/* Are the eight bytes at p all taken as they are? */
static inline int
plain8(const unsigned char *p)
{
	return unplain8(p) == 0;
}

/*
 * s[0..n) escaped as the inside of a JSON string, into dst (cap bytes, at
 * least JSON_ESCAPE_MIN): returns the bytes written and sets *used to the
 * input bytes taken, which stops short when dst is nearly full but never
 * inside a character.  Invalid UTF-8 bytes become U+FFFD so the output is
 * always valid JSON whatever the input was; C1 controls are escaped too,
 * as a terminal showing the JSON would obey them.
 */
size_t
json_escape(char *dst, size_t cap, const char *s, size_t n, size_t *used)
{
	static const char	 hex[] = "0123456789abcdef";
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i, o = 0, len;
	unsigned		 cp, c;
#ifdef __SSE2__
	char			*out;
	size_t			 end;
	unsigned		 mask;
#endif

	for (i = 0; i < n && cap - o >= JSON_ESCAPE_MIN; i += len) {
#ifdef __SSE2__
		/*
		 * Sixteen bytes a step: printable ASCII but '"' and '\\'.
		 * Plain bytes keep o - i, so one bound says both that
		 * sixteen are left and that they fit.
		 */
		end = cap - o >= 16 + JSON_ESCAPE_MIN ?
		    i + (cap - o - JSON_ESCAPE_MIN) : 0;
		if (end > n)
			end = n;
		out = dst + (o - i);
		while (i + 16 <= end) {
			mask = unplain16(p + i);
			memcpy(out + i, p + i, 16);
			/*
			 * The plain bytes before the first that is not go
			 * with the block: one at a time, each went round the
			 * loops again (a third of JSON Lines' escaping).
			 */
			if (mask != 0) {
				i += (size_t)__builtin_ctz(mask);
				break;
			}
			i += 16;
		}
		o = (size_t)(out - dst) + i;
		/*
		 * Fewer than sixteen left: the block that ends the text, if
		 * all plain.  Its bytes before i are plain too, so they were
		 * copied as they are, just before dst + o.
		 */
		if (i < n && n - i < 16 && n >= 16 &&
		    cap - o >= 16 + JSON_ESCAPE_MIN &&
		    unplain16(p + n - 16) == 0) {
			memcpy(dst + o - (i - (n - 16)), p + n - 16, 16);
			o += n - i;
			i = n;
			break;
		}
#endif
		/* A log line is mostly plain ASCII: eight bytes a step. */
		while (n - i >= 8 && cap - o >= 8 + JSON_ESCAPE_MIN &&
		    plain8(p + i)) {
			memcpy(dst + o, p + i, 8);
			o += 8;
			i += 8;
		}
		/* The same with the eight bytes that end the text. */
		if (i < n && n - i < 8 && n >= 8 &&
		    cap - o >= 8 + JSON_ESCAPE_MIN && plain8(p + n - 8)) {
			memcpy(dst + o - (i - (n - 8)), p + n - 8, 8);
			o += n - i;
			i = n;
			break;
		}
		/* The last bytes, and short strings: a loop of their own. */
		while (i < n && cap - o >= JSON_ESCAPE_MIN && p[i] >= 0x20 &&
		    p[i] < 0x7f && p[i] != '"' && p[i] != '\\')
			dst[o++] = (char)p[i++];
		if (i == n || cap - o < JSON_ESCAPE_MIN)
			break;
		len = 1;
		c = p[i];
		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
			dst[o++] = (char)c;
			continue;
		}
		if (c == '"' || c == '\\' || c == '\n' || c == '\r' ||
		    c == '\t') {
			dst[o++] = '\\';
			dst[o++] = c == '\n' ? 'n' : c == '\r' ? 'r' :
			    c == '\t' ? 't' : (char)c;
			continue;
		}
		if (c < 0x20 || c == 0x7f)
			cp = c;
		else if ((len = term_utf8(p + i, n - i, &cp)) == 0) {
			cp = 0xfffd;
			len = 1;
		} else if (cp > 0x9f) {
			memcpy(dst + o, p + i, len);
			o += len;
			continue;
		}
		/* C0, DEL, C1 (as CSI) and invalid bytes: \uXXXX. */
		dst[o] = '\\';
		dst[o + 1] = 'u';
		dst[o + 2] = hex[cp >> 12 & 0xf];
		dst[o + 3] = hex[cp >> 8 & 0xf];
		dst[o + 4] = hex[cp >> 4 & 0xf];
		dst[o + 5] = hex[cp & 0xf];
		o += 6;
	}
	*used = i;
	return o;
}

/*
 * Write s[0..n) as a quoted JSON string, as json_escape() has it: quotes
 * and text in one fwrite(3) when they fit, as a verdict's strings do (a
 * call of stdio each cost a render about a hundred instructions).
 */
void
json_string(FILE *fp, const char *s, size_t n)
{
	char	 buf[1024];
	size_t	 used, k = 1;

	buf[0] = '"';
	for (;;) {
		/* Room kept for the closing quote. */
		k += json_escape(buf + k, sizeof(buf) - 1 - k, s, n, &used);
		s += used;
		n -= used;
		if (n == 0)
			break;
		fwrite(buf, 1, k, fp);
		k = 0;
	}
	buf[k++] = '"';
	fwrite(buf, 1, k, fp);
}

/* A NUL-terminated string as JSON. */
void
json_str(FILE *fp, const char *s)
{
	size_t	 n = 0;

	while (s[n] != '\0')
		n++;
	json_string(fp, s, n);
}

/* A space-separated list as a JSON array of strings. */
void
json_words(FILE *fp, const char *s)
{
	size_t	 n;
	int	 first = 1;

	fputc('[', fp);
	while (*s != '\0') {
		while (*s == ' ')
			s++;
		if ((n = strcspn(s, " ")) == 0)
			break;
		if (!first)
			fputc(',', fp);
		json_string(fp, s, n);
		first = 0;
		s += n;
	}
	fputc(']', fp);
}
