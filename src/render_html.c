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
static void	 article(FILE *, const struct page *);
static void	 note(FILE *, const struct page_note *);

static void
note(FILE *fp, const struct page_note *n)
{
	fprintf(fp, "<aside class=\"smtpcode-note-%s\">\n",
	    page_note_name(n->kind));
	markdown(fp, n->md);
	fputs("</aside>\n", fp);
}

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
article(FILE *fp, const struct page *p)
{
	const struct kb_entry	*e = page_source(p);
	size_t			 i;

	fprintf(fp, "<article class=\"smtpcode\">\n<header>\n"
	    "<h1><code class=\"smtpcode-class%d\">", p->cls);
	escape(fp, p->label);
	fputs("</code> ", fp);
	escape(fp, p->title);
	fputs("</h1>\n", fp);
	if (p->nfacts > 0) {
		fputs("<dl class=\"smtpcode-facts\">\n", fp);
		for (i = 0; i < p->nfacts; i++) {
			fputs("<dt>", fp);
			escape(fp, p->facts[i].name);
			fputs("</dt><dd>", fp);
			escape(fp, p->facts[i].value);
			fputs("</dd>\n", fp);
		}
		fputs("</dl>\n", fp);
	}
	fputs("</header>\n", fp);
	for (i = 0; i < p->nnotes; i++)
		if (p->notes[i].kind != NOTE_LOCAL)
			note(fp, &p->notes[i]);
	if (e != NULL)
		markdown(fp, e->body);
	for (i = 0; i < p->nnotes; i++)	/* the site's own words, last */
		if (p->notes[i].kind == NOTE_LOCAL)
			note(fp, &p->notes[i]);
	fputs("</article>\n", fp);
}

/* The explanation, then the reply a dotted spelling may have meant. */
void
render_html_page(FILE *fp, const struct page *p)
{
	article(fp, p);
	if (p->meant != NULL)
		article(fp, p->meant);
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
