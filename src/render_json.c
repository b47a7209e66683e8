/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * The JSON object that describes one code or entry.  Its field names are
 * an interface for scripts: smtpcode(1) documents every one, and they
 * change only by being added to.  Every string goes through json_str().
 */
#include <stdio.h>
#include <string.h>

#include "extern.h"

static void	 member(FILE *, const char *);
static void	 str_or_null(FILE *, const char *);
static void	 int_or_null(FILE *, int);
static void	 classes(FILE *, unsigned);

/* The separator and name of every member after the first. */
static void
member(FILE *fp, const char *name)
{
	fputc(',', fp);
	json_str(fp, name);
	fputc(':', fp);
}

static void
str_or_null(FILE *fp, const char *s)
{
	if (s == NULL || *s == '\0')
		fputs("null", fp);
	else
		json_str(fp, s);
}

static void
int_or_null(FILE *fp, int n)
{
	if (n == 0)
		fputs("null", fp);
	else
		fprintf(fp, "%d", n);
}

static void
classes(FILE *fp, unsigned bits)
{
	int	 c, first = 1;

	fputc('[', fp);
	for (c = 1; c <= 5; c++)
		if (bits & (1u << c)) {
			fprintf(fp, "%s%d", first ? "" : ",", c);
			first = 0;
		}
	fputc(']', fp);
}

void
json_explained(FILE *fp, const struct explained *x, int with_body)
{
	const struct kb_entry	*e = explain_source(x);
	const char		*bounce = explain_bounce(x);

	fputs("\"input\":", fp);
	json_str(fp, x->input != NULL ? x->input : x->label);
	member(fp, "code");
	json_str(fp, x->norm);
	member(fp, "reply");
	int_or_null(fp, x->reply);
	member(fp, "key");
	str_or_null(fp, x->entry != NULL ? x->entry->key : NULL);
	member(fp, "general");
	str_or_null(fp, x->entry == NULL && e != NULL ? e->key : NULL);
	member(fp, "kind");
	json_str(fp, explain_kind(x));
	member(fp, "class");
	int_or_null(fp, x->cls);
	member(fp, "classes");
	classes(fp, x->entry != NULL ? x->entry->classes :
	    x->cls > 0 ? 1u << x->cls : 0);
	member(fp, "title");
	json_str(fp, x->title);
	member(fp, "status");
	json_str(fp, x->entry != NULL ? x->entry->status : "nonstandard");
	member(fp, "fallback");
	fputs(x->entry == NULL ? "true" : "false", fp);
	member(fp, "reason");
	json_str(fp, kb_reason(e, x->cls));
	member(fp, "bounce");
	json_str(fp, bounce);
	member(fp, "retry");
	fputs(strcmp(bounce, "soft") == 0 ? "true" : "false", fp);
	member(fp, "acts");
	json_words(fp, e != NULL ? e->acts : "");
	member(fp, "replies");
	json_words(fp, e != NULL ? e->replies : "");
	member(fp, "enhanced");
	json_words(fp, e != NULL ? e->enhanced : "");
	member(fp, "related");
	json_words(fp, e != NULL ? e->related : "");
	member(fp, "vendor");
	str_or_null(fp, e != NULL ? e->vendor : NULL);
	member(fp, "did_you_mean");
	str_or_null(fp, x->seed != NULL && x->seed != x->entry ?
	    x->seed->key : NULL);
	member(fp, "source");
	str_or_null(fp, e != NULL ? e->file : NULL);
	member(fp, "local");
	fputs(kb_is_local(e) ? "true" : "false", fp);
	member(fp, "local_note");
	str_or_null(fp, note_for(x));
	member(fp, "markdown");
	str_or_null(fp, with_body && e != NULL ? e->body : NULL);
}

void
explain_json(FILE *fp, const struct smtp_code *c, int reply,
    const char *input, int with_body)
{
	struct explained	 x;

	explain_resolve(c, reply, input, &x);
	fputc('{', fp);
	json_explained(fp, &x, with_body);
	fputc('}', fp);
}
