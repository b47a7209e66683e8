/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * Diagnostics about input files, as mandoc's mandoc_msg(): every message
 * has a level and a place and goes to one settable stream, so that the
 * generator, the overlay loader, the summary reader, the fuzz targets and
 * the tests share one format and can capture it without touching stderr.
 */
#include <stdarg.h>
#include <stdio.h>

#include "extern.h"

static FILE		*out;		/* NULL: standard error */
static const char	*prog = "smtpcode";
static enum msg_level	 worst = MSG_OK;

void
msg_output(FILE *fp)
{
	out = fp;
}

void
msg_progname(const char *name)
{
	prog = name;
}

enum msg_level
msg_worst(void)
{
	return worst;
}

void
msg_reset(void)
{
	worst = MSG_OK;
}

/*
 * "file:line: text" for a place in an input, as compilers write it;
 * "prog: file: text" for a whole file or directory; "prog: text" for
 * the run.  A warning says so before the text.  The file name and the
 * text may hold bytes from the input: both are made visible and cut.
 */
void
msg(enum msg_level level, const char *file, int line, const char *fmt, ...)
{
	FILE	*fp = out != NULL ? out : stderr;
	va_list	 ap;
	char	 text[1024];

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (level > worst)
		worst = level;
	if (file != NULL && line > 0)
		fprintf(fp, "%s:%d: ", term_quote(file, 1024), line);
	else if (file != NULL)
		fprintf(fp, "%s: %s: ", prog, term_quote(file, 1024));
	else
		fprintf(fp, "%s: ", prog);
	fprintf(fp, "%s%s\n", level == MSG_WARNING ? "warning: " : "",
	    term_quote(text, sizeof(text)));
}
