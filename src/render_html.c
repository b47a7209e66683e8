/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * HTML output: each explanation is one <article>, a header of our own
 * (the code, its title, the facts) and the Markdown rendered by libcmark's
 * cmark_render_html() in its safe default mode, in a complete document
 * with its character set and a small stylesheet.  A code in the text that
 * has an entry links to that entry's page, KEY.html, as --site writes.
 */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmark.h>

#include "extern.h"

static void	 escape(FILE *, const char *);
static const struct kb_entry *linked(const char *, size_t);
static void	 links(FILE *, const char *);
static void	 markdown(FILE *, const char *);
static FILE	*site_open(const char *, const char *, char **);
static int	 site_close(FILE *, char *);
static int	 site_page(const char *, const struct kb_entry *);
static int	 site_index(const char *);

/* Small, readable, and the class colours of the terminal. */
static const char style[] =
    "body{font-family:sans-serif;max-width:46em;margin:1em auto;"
    "padding:0 1em;line-height:1.45;color:#222}\n"
    "code{font-family:monospace;background:#f3f3f3;padding:0 .2em}\n"
    "pre code{display:block;padding:.5em;overflow-x:auto}\n"
    "h1 code{background:none}\n"
    ".smtpcode-class2{color:#17692b}.smtpcode-class4{color:#8a6100}\n"
    ".smtpcode-class5{color:#b0211b}\n"
    "dl.smtpcode-facts{display:grid;grid-template-columns:max-content auto;"
    "gap:.1em 1em}\n"
    "dl.smtpcode-facts dt{font-weight:bold}dl.smtpcode-facts dd{margin:0}\n"
    "aside{border-left:3px solid #bbb;padding-left:1em}\n"
    "a{color:#1a4f9c}nav{margin-bottom:1em}\n";
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

/* The entry a code span names ("X.7.1", "550", "5.7.1"), or NULL. */
static const struct kb_entry *
linked(const char *s, size_t n)
{
	const struct kb_entry	*e;
	struct smtp_code	 c;
	struct code_error	 ce;
	char			 word[48];
	size_t			 i;
	int			 fb;

	if (n == 0 || n >= sizeof(word))
		return NULL;
	for (i = 0; i < n; i++)
		if (strchr("abcdefghijklmnopqrstuvwxyzX0123456789.-", s[i]) ==
		    NULL)
			return NULL;
	memcpy(word, s, n);
	word[n] = '\0';
	if ((e = kb_lookup(word)) != NULL)
		return e;
	if (code_parse(word, &c, &ce) == -1 || (e = kb_resolve(&c, &fb)) ==
	    NULL || fb)
		return NULL;
	return e;
}

/*
 * cmark's HTML with each inline <code>KEY</code> that names an entry made
 * a link to its page; code blocks (<pre><code>) are left as they are.
 */
static void
links(FILE *fp, const char *html)
{
	const struct kb_entry	*e;
	const char		*p = html, *q, *end;

	while ((q = strstr(p, "<code>")) != NULL) {
		end = strstr(q + 6, "</code>");
		if (end == NULL)
			break;
		if ((q - html >= 5 && strncmp(q - 5, "<pre>", 5) == 0) ||
		    (e = linked(q + 6, (size_t)(end - q - 6))) == NULL) {
			fwrite(p, 1, (size_t)(end + 7 - p), fp);
			p = end + 7;
			continue;
		}
		fwrite(p, 1, (size_t)(q - p), fp);
		fputs("<a href=\"", fp);
		escape(fp, e->key);
		fputs(".html\">", fp);
		fwrite(q, 1, (size_t)(end + 7 - q), fp);
		fputs("</a>", fp);
		p = end + 7;
	}
	fputs(p, fp);
}

static void
markdown(FILE *fp, const char *md)
{
	cmark_node	*doc;
	char		*html;

	doc = cmark_parse_document(md, strlen(md), CMARK_OPT_VALIDATE_UTF8);
	html = cmark_render_html(doc, CMARK_OPT_DEFAULT);
	links(fp, html);
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

/* The start of a complete document: its character set, title and style. */
void
render_html_begin(FILE *fp, const char *title)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width\">\n"
	    "<title>", fp);
	escape(fp, title);
	fprintf(fp, "</title>\n<style>\n%s</style>\n</head>\n<body>\n",
	    style);
}

void
render_html_end(FILE *fp)
{
	fputs("</body>\n</html>\n", fp);
}

/* DIR/NAME.html opened for writing, its path in *path to pass on. */
static FILE *
site_open(const char *dir, const char *name, char **path)
{
	size_t	 n = strlen(dir) + strlen(name) + 7;
	FILE	*fp;

	*path = xmalloc(n);
	snprintf(*path, n, "%s/%s.html", dir, name);
	if ((fp = fopen(*path, "w")) == NULL) {
		warn("%s", *path);
		free(*path);
	}
	return fp;
}

/* Close a file site_open() gave: 0, or -1 after a warning. */
static int
site_close(FILE *fp, char *path)
{
	int	 rc = 0;

	if (fclose(fp) == EOF) {
		warn("%s", path);
		rc = -1;
	}
	free(path);
	return rc;
}

/* DIR/KEY.html: the entry's page, with a link back to the index. */
static int
site_page(const char *dir, const struct kb_entry *e)
{
	struct page	 p;
	FILE		*fp;
	char		*path, title[256];

	if ((fp = site_open(dir, e->key, &path)) == NULL)
		return -1;
	page_entry(&p, e, e->key);
	snprintf(title, sizeof(title), "%s %s", p.label, p.title);
	render_html_begin(fp, title);
	fputs("<nav><a href=\"index.html\">All codes</a></nav>\n", fp);
	render_html_page(fp, &p);
	render_html_end(fp);
	page_free(&p);
	return site_close(fp, path);
}

/* DIR/index.html: every entry, by kind, with its title. */
static int
site_index(const char *dir)
{
	static const char *const heads[] = {
		"Classes", "Subjects", "Enhanced status codes", "Reply codes",
		"Operating-system error numbers", "Vendor messages",
		"Mail services"
	};
	const struct kb_entry	*e;
	FILE			*fp;
	char			*path;
	size_t			 i, n = kb_count();
	int			 kind;

	if ((fp = site_open(dir, "index", &path)) == NULL)
		return -1;
	render_html_begin(fp, "smtpcode: SMTP status codes");
	fputs("<h1>SMTP status codes</h1>\n", fp);
	for (kind = 0; kind < (int)(sizeof(heads) / sizeof(heads[0]));
	    kind++) {
		fprintf(fp, "<h2>%s</h2>\n<ul>\n", heads[kind]);
		for (i = 0; i < n; i++) {
			if ((int)(e = kb_at(i))->kind != kind)
				continue;
			fputs("<li><a href=\"", fp);
			escape(fp, e->key);
			fputs(".html\"><code>", fp);
			escape(fp, e->key);
			fputs("</code></a> ", fp);
			escape(fp, e->title);
			fputs("</li>\n", fp);
		}
		fputs("</ul>\n", fp);
	}
	render_html_end(fp);
	return site_close(fp, path);
}

/*
 * --site DIR: every entry's page and an index, as a static site that
 * needs no server.  Returns 0, or -1 after a message.
 */
int
render_html_site(const char *dir)
{
	size_t	 i, n = kb_count();

	if (mkdir(dir, 0777) == -1 && errno != EEXIST) {
		warn("%s", dir);
		return -1;
	}
	for (i = 0; i < n; i++)
		if (site_page(dir, kb_at(i)) == -1)
			return -1;
	return site_index(dir);
}
