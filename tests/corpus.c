/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * Score the code finder against a labelled corpus of log lines: a TSV with
 * columns source, mta, line, enhanced codes, reply codes (comma-separated,
 * in order).  Prints every line where the finder disagrees and a score.
 *
 * usage: corpus [-q] file.tsv
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/extern.h"

#define MAXF	64

static void	 field(char **, char **);
static void	 found_lists(const char *, size_t, char *, char *, size_t);

/* Split off the next TAB-separated field. */
static void
field(char **p, char **out)
{
	*out = *p;
	if ((*p = strchr(*p, '\t')) != NULL)
		*(*p)++ = '\0';
	else
		*p = *out + strlen(*out);
}

static void
found_lists(const char *s, size_t n, char *enh, char *rep, size_t sz)
{
	struct found	 f[MAXF];
	size_t		 k, i, eo = 0, ro = 0;
	char		 code[32];

	enh[0] = rep[0] = '\0';
	k = find_codes(s, n, f, MAXF);
	for (i = 0; i < k && i < MAXF; i++) {
		code_format(&f[i].code, code, sizeof(code));
		if (f[i].code.type == CODE_REPLY)
			ro += (size_t)snprintf(rep + ro, sz - ro, "%s%.3s",
			    ro ? "," : "", code);
		else
			eo += (size_t)snprintf(enh + eo, sz - eo, "%s%s",
			    eo ? "," : "", code);
		if (eo >= sz || ro >= sz)
			break;
	}
}

int
main(int argc, char *argv[])
{
	FILE	*fp;
	char	*buf = NULL, *p, *src, *mta, *line, *enh, *rep;
	char	 genh[4096], grep_[4096];
	size_t	 cap = 0;
	ssize_t	 len;
	int	 quiet = 0, total = 0, good = 0, first = 1;

	if (argc > 1 && strcmp(argv[1], "-q") == 0) {
		quiet = 1;
		argc--, argv++;
	}
	if (argc != 2 || (fp = fopen(argv[1], "r")) == NULL) {
		fprintf(stderr, "usage: corpus [-q] file.tsv\n");
		return 2;
	}
	while ((len = getline(&buf, &cap, fp)) != -1) {
		if (first) {
			first = 0;
			continue;
		}
		buf[strcspn(buf, "\n")] = '\0';
		p = buf;
		field(&p, &src);
		field(&p, &mta);
		field(&p, &line);
		field(&p, &enh);
		field(&p, &rep);
		found_lists(line, strlen(line), genh, grep_, sizeof(genh));
		total++;
		if (strcmp(genh, enh) == 0 && strcmp(grep_, rep) == 0) {
			good++;
			continue;
		}
		if (!quiet)
			printf("MISS %s\n  line: %.300s\n  want: [%s] [%s]\n"
			    "  got:  [%s] [%s]\n", src, line, enh, rep, genh,
			    grep_);
	}
	free(buf);
	fclose(fp);
	printf("corpus: %d of %d lines exactly right\n", good, total);
	return good == total ? 0 : 1;
}
