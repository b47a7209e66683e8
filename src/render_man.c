/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * man(7) output, written from libcmark's syntax tree by our own walk:
 * cmark_render_man() of libcmark 0.30 writes \f[C] and .PP right after
 * .SH, which mandoc -T lint rejects.  Every line we write is either a
 * macro or text that cannot be taken for one, never blank and never
 * ending in white space, so the result passes mandoc -T lint -W warning.
 */
#include <assert.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "extern.h"

#ifndef RELEASE_DATE
#define RELEASE_DATE	"2026-11-30"
#endif

#define FONT_MAX	16	/* nesting depth of emphasis */
#define ITEM_MAX	32	/* nesting depth of list items */

struct roff {
	FILE		*fp;
	int		 bol;		/* at the start of an output line */
	int		 space;		/* a space is owed before more text */
	int		 upper;		/* upper-case letters (section names) */
	int		 code;		/* in a code span: "-" is a minus */
	int		 fresh;		/* after .SH, .SS or an item's tag */
	char		 fonts[FONT_MAX]; /* 'B' or 'I' per open style */
	int		 nfonts;	/* depth of that stack */
	int		 indent[ITEM_MAX]; /* tag width of open items, ens */
	int		 nitems;	/* depth of that stack */
};

typedef void (*handler)(struct roff *, cmark_node *);

struct handlers {
	handler		 enter;
	handler		 leave;
};

static void	 endline(struct roff *);
static void	 raw(struct roff *, const char *);
static void	 text(struct roff *, const char *);
static void	 utf8(struct roff *, const unsigned char **);
static void	 font(struct roff *);
static void	 font_push(struct roff *, char);
static void	 font_pop(struct roff *);
static int	 indent(const struct roff *);
static void	 block(struct roff *);
static void	 literal(struct roff *, const char *);
static void	 th_arg(struct roff *, const char *);
static void	 walk(struct roff *, const char *);
static void	 start(struct roff *, FILE *, const char *, const char *,
		    const char *);
static void	 page(FILE *, const struct page *);
static const struct handlers *handlers_for(cmark_node_type);

static void	 heading_enter(struct roff *, cmark_node *);
static void	 heading_leave(struct roff *, cmark_node *);
static void	 para_enter(struct roff *, cmark_node *);
static void	 end_enter(struct roff *, cmark_node *);
static void	 list_enter(struct roff *, cmark_node *);
static void	 list_leave(struct roff *, cmark_node *);
static void	 item_enter(struct roff *, cmark_node *);
static void	 item_leave(struct roff *, cmark_node *);
static void	 quote_enter(struct roff *, cmark_node *);
static void	 quote_leave(struct roff *, cmark_node *);
static void	 codeblock_enter(struct roff *, cmark_node *);
static void	 rule_enter(struct roff *, cmark_node *);
static void	 text_enter(struct roff *, cmark_node *);
static void	 soft_enter(struct roff *, cmark_node *);
static void	 hard_enter(struct roff *, cmark_node *);
static void	 code_enter(struct roff *, cmark_node *);
static void	 emph_enter(struct roff *, cmark_node *);
static void	 strong_enter(struct roff *, cmark_node *);
static void	 style_leave(struct roff *, cmark_node *);
static void	 link_leave(struct roff *, cmark_node *);

/* Indexed by cmark_node_type; missing handlers do nothing. */
static const struct handlers table[CMARK_NODE_LAST_INLINE + 1] = {
	[CMARK_NODE_BLOCK_QUOTE] = { quote_enter, quote_leave },
	[CMARK_NODE_LIST] = { list_enter, list_leave },
	[CMARK_NODE_ITEM] = { item_enter, item_leave },
	[CMARK_NODE_CODE_BLOCK] = { codeblock_enter, NULL },
	[CMARK_NODE_HTML_BLOCK] = { codeblock_enter, NULL },
	[CMARK_NODE_PARAGRAPH] = { para_enter, end_enter },
	[CMARK_NODE_HEADING] = { heading_enter, heading_leave },
	[CMARK_NODE_THEMATIC_BREAK] = { rule_enter, NULL },
	[CMARK_NODE_TEXT] = { text_enter, NULL },
	[CMARK_NODE_SOFTBREAK] = { soft_enter, NULL },
	[CMARK_NODE_LINEBREAK] = { hard_enter, NULL },
	[CMARK_NODE_CODE] = { code_enter, NULL },
	[CMARK_NODE_HTML_INLINE] = { code_enter, NULL },
	[CMARK_NODE_EMPH] = { emph_enter, style_leave },
	[CMARK_NODE_STRONG] = { strong_enter, style_leave },
	[CMARK_NODE_LINK] = { NULL, link_leave },
};

static const struct handlers *
handlers_for(cmark_node_type t)
{
	assert(t >= 0 && t <= CMARK_NODE_LAST_INLINE);
	return &table[t];
}

/* End the output line if one is open; an owed space is dropped. */
static void
endline(struct roff *r)
{
	if (!r->bol)
		fputc('\n', r->fp);
	r->bol = 1;
	r->space = 0;
}

/* Escape sequences on the current line: pay an owed space first. */
static void
raw(struct roff *r, const char *s)
{
	if (r->space && !r->bol)
		fputc(' ', r->fp);
	r->space = 0;
	fputs(s, r->fp);
	r->bol = 0;
}

/* One UTF-8 character as \[uXXXX]; C1 controls and bad bytes as "?". */
static void
utf8(struct roff *r, const unsigned char **pp)
{
	const unsigned char	*p = *pp;
	unsigned		 cp, len, i;

	len = p[0] >= 0xf0 ? 4 : p[0] >= 0xe0 ? 3 : p[0] >= 0xc0 ? 2 : 1;
	cp = len == 1 ? 0 : p[0] & (0x3f >> (len - 1));
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80) {
			len = 1;
			break;
		}
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if (len == 1 || cp < 0xa0 || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		fputc('?', r->fp);
	else
		fprintf(r->fp, "\\[u%04X]", cp);
	*pp = p + len;
}

/* Text: spaces collapse, a line never starts with a control character. */
static void
text(struct roff *r, const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;

	while (*p != '\0') {
		if (*p == ' ' || *p == '\t' || *p == '\n') {
			r->space = 1;
			p++;
			continue;
		}
		if (*p < 0x20 || *p == 0x7f) {
			p++;
			continue;
		}
		/* A line starting with . or ' would be a request. */
		if (r->bol && (*p == '.' || *p == '\''))
			raw(r, "\\&");
		else
			raw(r, "");
		if (*p >= 0x80)
			utf8(r, &p);
		else {
			if (*p == '\\')
				fputs("\\e", r->fp);
			else if (*p == '-' && r->code)
				fputs("\\-", r->fp);
			else
				fputc(r->upper ? toupper(*p) : *p, r->fp);
			p++;
		}
	}
}

/* Switch to the font of the open styles: roman, bold, italic or both. */
static void
font(struct roff *r)
{
	int	 i, b = 0, it = 0;

	for (i = 0; i < r->nfonts && i < FONT_MAX; i++) {
		b |= r->fonts[i] == 'B';
		it |= r->fonts[i] == 'I';
	}
	raw(r, b && it ? "\\f(BI" : b ? "\\fB" : it ? "\\fI" : "\\fR");
}

static void
font_push(struct roff *r, char f)
{
	if (r->nfonts < FONT_MAX)
		r->fonts[r->nfonts] = f;
	r->nfonts++;
	font(r);
}

static void
font_pop(struct roff *r)
{
	if (r->nfonts > 0)
		r->nfonts--;
	font(r);
}

/* Tag width of the innermost open item. */
static int
indent(const struct roff *r)
{
	return r->indent[(r->nitems < ITEM_MAX ? r->nitems : ITEM_MAX) - 1];
}

/* A new block: the paragraph macro its place needs, if any. */
static void
block(struct roff *r)
{
	endline(r);
	if (r->fresh)
		r->fresh = 0;
	else if (r->nitems > 0)
		fprintf(r->fp, ".IP \"\" %d\n", indent(r));
	else
		fputs(".PP\n", r->fp);
}

static void
heading_enter(struct roff *r, cmark_node *n)
{
	int	 level = cmark_node_get_heading_level(n);

	endline(r);
	fputs(level <= 2 ? ".SH\n" : ".SS\n", r->fp);
	r->upper = level <= 2;
}

static void
heading_leave(struct roff *r, cmark_node *n)
{
	(void)n;
	endline(r);
	r->upper = 0;
	r->fresh = 1;
}

static void
para_enter(struct roff *r, cmark_node *n)
{
	(void)n;
	block(r);
}

static void
end_enter(struct roff *r, cmark_node *n)
{
	(void)n;
	endline(r);
}

/* A list inside an item is shifted right by that item's indent. */
static void
list_enter(struct roff *r, cmark_node *n)
{
	(void)n;
	endline(r);
	if (r->nitems > 0)
		fprintf(r->fp, ".RS %d\n", indent(r));
	r->fresh = 0;
}

static void
list_leave(struct roff *r, cmark_node *n)
{
	(void)n;
	endline(r);
	if (r->nitems > 0)
		fputs(".RE\n", r->fp);
	r->fresh = 0;
}

static void
item_enter(struct roff *r, cmark_node *n)
{
	cmark_node	*list = cmark_node_parent(n), *prev;
	int		 num, width = 2;

	endline(r);
	if (list != NULL &&
	    cmark_node_get_list_type(list) == CMARK_ORDERED_LIST) {
		num = cmark_node_get_list_start(list);
		for (prev = cmark_node_previous(n); prev != NULL;
		    prev = cmark_node_previous(prev))
			num++;
		width = 4;
		fprintf(r->fp, ".IP %d. %d\n", num, width);
	} else
		fprintf(r->fp, ".IP \\(bu %d\n", width);
	if (r->nitems < ITEM_MAX)
		r->indent[r->nitems] = width;
	r->nitems++;
	r->fresh = 1;
}

static void
item_leave(struct roff *r, cmark_node *n)
{
	(void)n;
	endline(r);
	if (r->nitems > 0)
		r->nitems--;
	r->fresh = 0;
}

static void
quote_enter(struct roff *r, cmark_node *n)
{
	(void)n;
	block(r);
	fputs(".RS 4\n", r->fp);
	r->fresh = 1;
}

static void
quote_leave(struct roff *r, cmark_node *n)
{
	(void)n;
	endline(r);
	fputs(".RE\n", r->fp);
	r->fresh = 0;
}

/* Lines as they are, in no-fill mode; an empty one is "\&". */
static void
literal(struct roff *r, const char *s)
{
	const char	*nl;
	char		*line;

	for (; s != NULL && *s != '\0'; s = nl + 1) {
		if ((nl = strchr(s, '\n')) == NULL)
			nl = s + strlen(s);
		line = xstrndup(s, (size_t)(nl - s));
		r->code = 1;
		text(r, line);
		r->code = 0;
		if (r->bol)
			fputs("\\&", r->fp);
		r->bol = 0;
		endline(r);
		free(line);
		if (*nl == '\0')
			break;
	}
}

static void
codeblock_enter(struct roff *r, cmark_node *n)
{
	block(r);
	fputs(".RS 4\n.nf\n", r->fp);
	literal(r, cmark_node_get_literal(n));
	fputs(".fi\n.RE\n", r->fp);
}

static void
rule_enter(struct roff *r, cmark_node *n)
{
	(void)n;
	block(r);
	raw(r, "\\(em\\(em\\(em");
	endline(r);
}

static void
text_enter(struct roff *r, cmark_node *n)
{
	text(r, cmark_node_get_literal(n));
}

static void
soft_enter(struct roff *r, cmark_node *n)
{
	(void)n;
	endline(r);
}

static void
hard_enter(struct roff *r, cmark_node *n)
{
	(void)n;
	endline(r);
	fputs(".br\n", r->fp);
}

static void
code_enter(struct roff *r, cmark_node *n)
{
	font_push(r, 'B');
	r->code = 1;
	text(r, cmark_node_get_literal(n));
	r->code = 0;
	font_pop(r);
}

static void
emph_enter(struct roff *r, cmark_node *n)
{
	(void)n;
	font_push(r, 'I');
}

static void
strong_enter(struct roff *r, cmark_node *n)
{
	(void)n;
	font_push(r, 'B');
}

static void
style_leave(struct roff *r, cmark_node *n)
{
	(void)n;
	font_pop(r);
}

/* Show the target after the text unless the text already is the target. */
static void
link_leave(struct roff *r, cmark_node *n)
{
	const char	*url = cmark_node_get_url(n);
	cmark_node	*child = cmark_node_first_child(n);
	const char	*t = child == NULL ? NULL :
			    cmark_node_get_literal(child);

	if (url == NULL || *url == '\0' || (t != NULL && strcmp(t, url) == 0))
		return;
	text(r, " <");
	r->space = 0;
	text(r, url);
	text(r, ">");
}

static void
walk(struct roff *r, const char *md)
{
	cmark_node		*doc, *n;
	cmark_iter		*it;
	cmark_event_type	 ev;
	const struct handlers	*h;
	handler			 fn;

	doc = cmark_parse_document(md, strlen(md), CMARK_OPT_VALIDATE_UTF8);
	it = cmark_iter_new(doc);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		n = cmark_iter_get_node(it);
		h = handlers_for(cmark_node_get_type(n));
		fn = ev == CMARK_EVENT_ENTER ? h->enter : h->leave;
		if (fn != NULL)
			fn(r, n);
	}
	endline(r);
	cmark_iter_free(it);
	cmark_node_free(doc);
}

/* A quoted .TH argument: letters upper-cased, only safe characters. */
static void
th_arg(struct roff *r, const char *s)
{
	fputc('"', r->fp);
	for (; *s != '\0'; s++)
		if (isalnum((unsigned char)*s) || strchr(".-_ ", *s) != NULL)
			fputc(toupper((unsigned char)*s), r->fp);
	fputc('"', r->fp);
}

/* .TH and the NAME section: "name \- title". */
static void
start(struct roff *r, FILE *fp, const char *th, const char *name,
    const char *title)
{
	memset(r, 0, sizeof(*r));
	r->fp = fp;
	r->bol = 1;
	fputs(".TH ", fp);
	th_arg(r, th);
	fputs(" 7 " RELEASE_DATE " \"smtpcode " VERSION "\" \"SMTP status "
	    "codes\"\n.SH NAME\n", fp);
	text(r, name);
	raw(r, " \\- ");
	text(r, title);
	endline(r);
}

/* One explanation as a page: name, facts, notes, the entry's sections. */
static void
page(FILE *fp, const struct page *p)
{
	struct roff		 r;
	const struct kb_entry	*e = page_source(p);
	size_t			 i;

	start(&r, fp, p->label, p->label, p->title);
	if (p->nfacts > 0)
		fputs(".SH FACTS\n", fp);
	for (i = 0; i < p->nfacts; i++) {
		fputs(i == 0 ? ".TP 16\n" : ".TP\n", fp);
		font_push(&r, 'B');
		text(&r, p->facts[i].name);
		font_pop(&r);
		endline(&r);
		text(&r, p->facts[i].value);
		endline(&r);
	}
	for (i = 0; i < p->nnotes; i++)
		if (p->notes[i].kind != NOTE_LOCAL)
			walk(&r, p->notes[i].md);
	if (e != NULL)
		walk(&r, e->body);
	for (i = 0; i < p->nnotes; i++)	/* the site's own words, last */
		if (p->notes[i].kind == NOTE_LOCAL)
			walk(&r, p->notes[i].md);
}

void
render_man_page(FILE *fp, const struct page *p)
{
	page(fp, p);
	if (p->meant != NULL)
		page(fp, p->meant);
}

void
render_man_doc(FILE *fp, const char *name, const char *title,
    const char *md)
{
	struct roff	 r;

	start(&r, fp, name, name, title);
	walk(&r, md);
}
