/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * JSON string escaping, shared by every JSON writer so that one function
 * decides how bytes from logs and entries become valid JSON.
 */
#include <stdio.h>
#include <string.h>

#include "extern.h"


/*
 * Write s[0..n) as a quoted JSON string.  Invalid UTF-8 bytes become
 * U+FFFD so the output is always valid JSON whatever the input was;
 * C1 controls are escaped too, as a terminal showing the JSON would
 * obey them.
 */
void
json_string(FILE *fp, const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i, len;
	unsigned		 cp;

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
		else if ((len = term_utf8(p + i, n - i, &cp)) == 0) {
			fputs("\\ufffd", fp);
			len = 1;
		} else if (cp >= 0x80 && cp <= 0x9f)
			fprintf(fp, "\\u%04x", cp);	/* C1, as CSI */
		else
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
