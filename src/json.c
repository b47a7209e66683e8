/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * JSON string escaping, shared by every JSON writer so that one function
 * decides how bytes from logs and entries become valid JSON.
 */
#include <stdio.h>
#include <string.h>

#include "extern.h"

static size_t	 utf8_len(const unsigned char *, size_t);

/* Length of a valid UTF-8 sequence at s, or 0 if it is not one. */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
	size_t	 len, i;
	unsigned cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and code points past U+10FFFF. */
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return len;
}

/*
 * Write s[0..n) as a quoted JSON string.  Invalid UTF-8 bytes become
 * U+FFFD so the output is always valid JSON whatever the input was.
 */
void
json_string(FILE *fp, const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i, len;

	fputc('"', fp);
	for (i = 0; i < n; i += len) {
		len = 1;
		switch (p[i]) {
		case '"':
			fputs("\\\"", fp);
			continue;
		case '\\':
			fputs("\\\\", fp);
			continue;
		case '\n':
			fputs("\\n", fp);
			continue;
		case '\r':
			fputs("\\r", fp);
			continue;
		case '\t':
			fputs("\\t", fp);
			continue;
		default:
			break;
		}
		if (p[i] < 0x20 || p[i] == 0x7f)
			fprintf(fp, "\\u%04x", p[i]);
		else if ((len = utf8_len(p + i, n - i)) == 0) {
			fputs("\\ufffd", fp);
			len = 1;
		} else
			fwrite(p + i, 1, len, fp);
	}
	fputc('"', fp);
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
