/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * HTML output: each explanation is one self-contained <article>, a header
 * of our own (the code, its title, the facts) and the Markdown rendered
 * by libcmark's cmark_render_html() in its safe default mode.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "extern.h"

static void	 escape(FILE *, const char *);
static void	 markdown(FILE *, const char *);
static void	 article(FILE *, const struct explained *);

/* Text as HTML: markup characters as entities, controls dropped. */
static void
escape(FILE *fp, const char *s)
{
	unsigned char	 c;

	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		if (c == '&')
			fputs("&amp;", fp);
		else if (c == '<')
			fputs("&lt;", fp);
		else if (c == '>')
			fputs("&gt;", fp);
		else if (c == '"')
			fputs("&quot;", fp);
		else if (c >= 0x20 && c != 0x7f)
			fputc(c, fp);
		else if (c == '\t' || c == '\n')
			fputc(' ', fp);
	}
}

static void
markdown(FILE *fp, const char *md)
{
	cmark_node	*doc;
	char		*html;

	doc = cmark_parse_document(md, strlen(md), CMARK_OPT_VALIDATE_UTF8);
	html = cmark_render_html(doc, CMARK_OPT_DEFAULT);
	fputs(html, fp);
	cmark_get_default_mem_allocator()->free(html);
	cmark_node_free(doc);
}

static void
article(FILE *fp, const struct explained *x)
{
	struct fact		 f[FACTS_MAX];
	const struct kb_entry	*e = explain_source(x);
	char			*note;
	size_t			 n, i;

	fprintf(fp, "<article class=\"smtpcode\">\n<header>\n"
	    "<h1><code class=\"smtpcode-class%d\">", x->cls);
	escape(fp, x->label);
	fputs("</code> ", fp);
	escape(fp, x->title);
	fputs("</h1>\n", fp);
	if ((n = explain_facts(x, f, FACTS_MAX)) > 0) {
		fputs("<dl class=\"smtpcode-facts\">\n", fp);
		for (i = 0; i < n; i++) {
			fputs("<dt>", fp);
			escape(fp, f[i].name);
			fputs("</dt><dd>", fp);
			escape(fp, f[i].value);
			fputs("</dd>\n", fp);
		}
		fputs("</dl>\n", fp);
	}
	fputs("</header>\n", fp);
	if ((note = explain_note(x)) != NULL)
		markdown(fp, note);
	free(note);
	if (e != NULL)
		markdown(fp, e->body);
	fputs("</article>\n", fp);
}

/* The explanation, then the reply a dotted spelling may have meant. */
void
render_html_entry(FILE *fp, const struct explained *x)
{
	struct explained	 s;

	article(fp, x);
	if (x->seed != NULL && x->seed != x->entry) {
		explain_entry(x->seed, &s);
		article(fp, &s);
	}
}

void
render_html_doc(FILE *fp, const char *title, const char *md)
{
	fputs("<article class=\"smtpcode\">\n<header>\n<h1>", fp);
	escape(fp, title);
	fputs("</h1>\n</header>\n", fp);
	markdown(fp, md);
	fputs("</article>\n", fp);
}
