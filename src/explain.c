/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * What a lookup shows: build the page for a code, an entry or a verdict
 * (page.c) and hand it to the renderer of the chosen format.  The
 * renderers read the page and call nothing back here.
 */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extern.h"

static void	 as_written(FILE *, const struct kb_entry *);
static void	 markdown(FILE *, const struct page *);

static void
as_written(FILE *fp, const struct kb_entry *e)
{
	if (e->meta != NULL)
		fputs(e->meta, fp);
	fputs(e->body, fp);
}

/* The entry as written; a code without one gets its notes instead. */
static void
markdown(FILE *fp, const struct page *p)
{
	const struct kb_entry	*e = page_source(p);
	size_t			 i;

	if (e == NULL) {
		fprintf(fp, "# %s %s\n\n", p->label, p->title);
		for (i = 0; i < p->nnotes; i++)
			fprintf(fp, "%s\n", p->notes[i].md);
		return;
	}
	as_written(fp, e);
	if (p->meant != NULL)
		as_written(fp, p->meant->entry);
}

int
explain_page(FILE *fp, const struct explain_opts *o, const struct page *p)
{
	switch (o->fmt) {
	case FMT_JSON:
		render_json_lookup(fp, p, o->with_body);
		break;
	case FMT_MARKDOWN:
		markdown(fp, p);
		break;
	case FMT_HTML:
		render_html_page(fp, p);
		break;
	case FMT_MAN:
		render_man_page(fp, p);
		break;
	default:
		if (o->brief)
			render_text_brief(fp, &o->ro, o->prefix, p);
		else
			render_text_page(fp, &o->ro, p);
		break;
	}
	return page_exit_class(p);
}

int
explain_code(FILE *fp, const struct explain_opts *o,
    const struct smtp_code *c, const char *typed, int reply)
{
	struct page	 p;
	int		 cls;

	page_code(&p, c, reply, typed);
	cls = explain_page(fp, o, &p);
	page_free(&p);
	return cls;
}

int
explain_vendor(FILE *fp, const struct explain_opts *o,
    const struct smtp_code *c, const char *typed, int reply,
    const struct kb_entry *vendor)
{
	struct page	 p;
	int		 cls;

	page_vendor(&p, c, reply, typed, vendor);
	cls = explain_page(fp, o, &p);
	page_free(&p);
	return cls;
}

int
explain_key(FILE *fp, const struct explain_opts *o,
    const struct kb_entry *e, const char *typed)
{
	struct page	 p;
	int		 cls;

	page_entry(&p, e, typed);
	cls = explain_page(fp, o, &p);
	page_free(&p);
	return cls;
}

int
explain_verdict(FILE *fp, const struct explain_opts *o,
    const struct verdict *v, const char *input)
{
	struct page	 p;
	int		 cls;

	/* A brief text line reads neither facts nor notes. */
	if (o->brief && o->fmt == FMT_TEXT)
		page_verdict_brief(&p, v, input);
	else
		page_verdict(&p, v, input);
	cls = explain_page(fp, o, &p);
	page_free(&p);
	return cls;
}

void
explain_doc(FILE *fp, enum fmt f, const char *name, const char *title,
    const char *md)
{
	switch (f) {
	case FMT_HTML:
		render_html_doc(fp, title, md);
		break;
	case FMT_MAN:
		render_man_doc(fp, name, title, md);
		break;
	default:
		fputs(md, fp);
		break;
	}
}

/*
 * Markdown text that stays text, for the documents that listings and
 * search results hand to explain_doc(): punctuation that means markup is
 * escaped, controls are left out.
 */
void
explain_md_escape(FILE *fp, const char *s)
{
	for (; *s != '\0'; s++) {
		if (strchr("\\`*_[]<>&#!|~", *s) != NULL)
			fputc('\\', fp);
		if ((unsigned char)*s >= 0x20 || *s == '\t')
			fputc(*s, fp);
	}
}

int
explain_flush(FILE *fp, int rc)
{
	if (fflush(fp) == EOF || ferror(fp)) {
		if (errno != EPIPE)
			warn("standard output");
		return SC_ERROR;
	}
	return rc;
}
