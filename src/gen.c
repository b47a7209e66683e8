/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * What the generator's two halves (kbgen.c for the entries, wordgen.c
 * for the wording and host patterns) both need: a whole input file, and
 * strings written as C literals.
 */
#include <err.h>
#include <stdio.h>

#include "extern.h"

/* The whole file, NUL-terminated; a file that cannot be read ends kbgen. */
char *
gen_slurp(const char *path, size_t *len)
{
	FILE	*fp;
	char	*buf = NULL;
	size_t	 cap = 0, n;

	if ((fp = fopen(path, "rb")) == NULL)
		err(1, "%s", path);
	*len = 0;
	do {
		if (*len + 4096 > cap)
			buf = xrealloc(buf, cap = cap * 2 + 4096);
		n = fread(buf + *len, 1, cap - *len - 1, fp);
		*len += n;
	} while (n > 0);
	if (ferror(fp))
		err(1, "%s", path);
	fclose(fp);
	buf[*len] = '\0';
	return buf;
}

/*
 * A C string literal.  Bytes outside printable ASCII become octal escapes
 * of three digits, so that no following digit is read into one.
 */
void
gen_string(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(fp, "\\%c", *s);
		else if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
			fprintf(fp, "\\%03o", (unsigned char)*s);
		else
			fputc(*s, fp);
	}
	fputc('"', fp);
}
