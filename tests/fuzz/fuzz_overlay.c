/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * libFuzzer target: an overlay entry of arbitrary bytes that the
 * validator accepts is shown in every format (text plain and styled,
 * brief, Markdown, JSON, HTML, man), and no output may hold a control
 * character but tab and newline, a C1 control or invalid UTF-8; styled
 * text may hold SGR sequences (ESC [ digits ; m) and nothing else.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/extern.h"

int	 LLVMFuzzerTestOneInput(const unsigned char *, size_t);

static FILE	*sink;

/* Abort unless s[0..n) is fit for a terminal. */
static void
check_output(const char *s, size_t n, int ansi)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i, len;
	unsigned		 cp;

	for (i = 0; i < n; i += len) {
		len = 1;
		if (p[i] == '\033' && ansi && i + 1 < n && p[i + 1] == '[') {
			for (len = 2; i + len < n && ((p[i + len] >= '0' &&
			    p[i + len] <= '9') || p[i + len] == ';'); len++)
				continue;
			if (i + len >= n || p[i + len] != 'm')
				abort();	/* not SGR */
			len++;
			continue;
		}
		if (p[i] == '\r' && i + 1 < n && p[i + 1] == '\n')
			continue;	/* a CRLF file, as written */
		if ((p[i] < 0x20 && p[i] != '\n' && p[i] != '\t') ||
		    p[i] == 0x7f)
			abort();
		if ((len = term_utf8(p + i, n - i, &cp)) == 0)
			abort();
		if (cp >= 0x80 && cp <= 0x9f)
			abort();
	}
}

static void
show(const struct kb_entry *e, enum fmt fmt, int ansi, int brief, int body)
{
	struct explain_opts	 eo;
	char			*out = NULL;
	size_t			 outlen = 0;
	FILE			*fp;

	if ((fp = open_memstream(&out, &outlen)) == NULL)
		abort();
	memset(&eo, 0, sizeof(eo));
	eo.fmt = fmt;
	eo.ro.ansi = ansi;
	eo.ro.width = 20 + ansi * 60;
	eo.brief = brief;
	eo.with_body = body;
	explain_key(fp, &eo, e, e->key);
	fclose(fp);
	check_output(out, outlen, ansi);
	free(out);
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static const char *const paths[] = {
		"fuzz/X.1.1.md", "fuzz/599.md",
		"fuzz/vendor/apple-5-1-1-user-unknown.md"
	};
	struct kb_entry		 e;
	int			 f;

	/* Messages about bad input are expected: into the sink. */
	if (sink == NULL) {
		if ((sink = fopen("/dev/null", "w")) == NULL)
			abort();
		msg_output(sink);
	}
	if (size < 1)
		return 0;
	msg_reset();
	f = kbcheck_parse(paths[data[0] % 3], (const char *)data + 1,
	    size - 1, &e);
	/* A refusal says why, and nothing is said of an entry taken. */
	if ((f != 0) != (msg_worst() == MSG_ERROR))
		abort();
	if (f != 0)
		return 0;
	show(&e, FMT_TEXT, 0, 0, 0);
	show(&e, FMT_TEXT, 1, 0, 0);
	show(&e, FMT_TEXT, 0, 1, 0);
	show(&e, FMT_MARKDOWN, 0, 1, 1);
	show(&e, FMT_JSON, 0, 1, 1);
	show(&e, FMT_HTML, 0, 1, 1);
	show(&e, FMT_MAN, 0, 1, 1);
	kbcheck_free(&e);
	return 0;
}
