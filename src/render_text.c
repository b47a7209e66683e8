/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * The text renderer: a page as text, plain or with ANSI styles.  The
 * title line and the facts under it are wrapped to the width like the
 * body, then come the notes and the entry's Markdown, walked through
 * libcmark's AST with public accessors only: wrapped paragraphs, hanging
 * list indents, and SGR styles kept on a stack so that nested emphasis
 * restores correctly.  Or the whole verdict on one line (-b).  With ANSI
 * the code is coloured by its class and the title is bold.
 */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include <cmark.h>

#include "extern.h"

#define WORD_MAX	1024	/* bytes buffered for one word */
#define STYLE_MAX	16	/* nesting depth of styles */
#define INDENT_STEP	2	/* columns per section or quote level */

struct out {
	FILE		*fp;
	int		 ansi;		/* emit SGR sequences */
	int		 width;		/* wrap column */
	int		 col;		/* current column */
	int		 indent;	/* left margin of new lines */
	int		 started;	/* anything written yet */
	int		 blank;		/* blank line owed before next block */
	int		 space;		/* space owed before next word */
	const char	*bullet;	/* marker for the next line, or NULL */
	char		 bulletbuf[16];	/* storage for numbered markers */
	char		 word[WORD_MAX]; /* the word being collected */
	size_t		 wlen;		/* its bytes */
	int		 wvis;		/* its visible width, columns */
	const char	*styles[STYLE_MAX]; /* active SGR parameters */
	int		 nstyles;	/* depth of the stack */
};

typedef int (*handler)(struct out *, cmark_node *);

struct handlers {
	handler		 enter;		/* 0 = skip the children */
	handler		 leave;
};

static const char *colour(int);
static void	 word_byte(struct out *, char, int);
static void	 word_run(struct out *, const char *, size_t);
static void	 word_sgr(struct out *, const char *);
static void	 flush_word(struct out *);
static void	 newline(struct out *);
static void	 start_block(struct out *);
static void	 put_text(struct out *, const char *);
static void	 style_push(struct out *, const char *);
static void	 style_pop(struct out *);
static int	 in_tight_list(cmark_node *);
static const struct handlers *handlers_for(cmark_node_type);

static int	 heading_enter(struct out *, cmark_node *);
static int	 heading_leave(struct out *, cmark_node *);
static int	 para_enter(struct out *, cmark_node *);
static int	 item_enter(struct out *, cmark_node *);
static int	 item_leave(struct out *, cmark_node *);
static int	 quote_enter(struct out *, cmark_node *);
static int	 quote_leave(struct out *, cmark_node *);
static int	 codeblock_enter(struct out *, cmark_node *);
static int	 rule_enter(struct out *, cmark_node *);
static int	 text_enter(struct out *, cmark_node *);
static int	 soft_enter(struct out *, cmark_node *);
static int	 hard_enter(struct out *, cmark_node *);
static int	 code_enter(struct out *, cmark_node *);
static int	 emph_enter(struct out *, cmark_node *);
static int	 strong_enter(struct out *, cmark_node *);
static int	 style_leave(struct out *, cmark_node *);
static int	 link_leave(struct out *, cmark_node *);

#define LINE_MAX_BYTES	2048	/* one logical line before wrapping */

struct line {
	char	 buf[LINE_MAX_BYTES];	/* text with SGR sequences */
	size_t	 len;			/* bytes used */
};

static void	 put(struct line *, const char *, size_t);
static void	 puts_(struct line *, const char *);
static void	 putsafe(struct line *, const char *);
static void	 styled(struct line *, const struct render_opts *,
		    const char *, const char *);
static void	 wrap(FILE *, const struct line *, int, int);
static size_t	 visible(const char *, size_t);
static void	 header(FILE *, const struct render_opts *,
		    const struct page *);
static const char *class_fact(const struct page *);
static void	 facts(FILE *, const struct render_opts *,
		    const struct page *);

/* Indexed by cmark_node_type; missing handlers do nothing. */
static const struct handlers table[CMARK_NODE_LAST_INLINE + 1] = {
	[CMARK_NODE_BLOCK_QUOTE] = { quote_enter, quote_leave },
	[CMARK_NODE_ITEM] = { item_enter, item_leave },
	[CMARK_NODE_CODE_BLOCK] = { codeblock_enter, NULL },
	[CMARK_NODE_HTML_BLOCK] = { codeblock_enter, NULL },
	[CMARK_NODE_PARAGRAPH] = { para_enter, NULL },
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

/* SGR colour for a class: green, yellow, red; "" for others. */
static const char *
colour(int cls)
{
	switch (cls) {
	case 2:
	case 3:
		return "32";
	case 4:
		return "33";
	case 5:
		return "31";
	default:
		return "";
	}
}

static void
word_byte(struct out *o, char c, int visible)
{
	if (o->wlen + 8 >= sizeof(o->word))
		flush_word(o);
	o->word[o->wlen++] = c;
	o->wvis += visible;
}

/* n bytes of one column each: word_byte() for each, a run at a time. */
static void
word_run(struct out *o, const char *s, size_t n)
{
	size_t	 take;

	while (n > 0) {
		if (o->wlen + 8 >= sizeof(o->word))
			flush_word(o);
		take = sizeof(o->word) - 8 - o->wlen;
		if (take > n)
			take = n;
		memcpy(o->word + o->wlen, s, take);
		o->wlen += take;
		o->wvis += (int)take;
		s += take;
		n -= take;
	}
}

static void
word_sgr(struct out *o, const char *params)
{
	if (!o->ansi)
		return;
	word_byte(o, '\033', 0);
	word_byte(o, '[', 0);
	while (*params != '\0')
		word_byte(o, *params++, 0);
	word_byte(o, 'm', 0);
}

static void
newline(struct out *o)
{
	fputc('\n', o->fp);
	o->col = 0;
}

/* Write the collected word, breaking the line first if it would not fit. */
static void
flush_word(struct out *o)
{
	int	 lead;

	if (o->wlen == 0)
		return;
	if (o->wvis > 0 && o->col > o->indent &&
	    o->col + o->space + o->wvis > o->width)
		newline(o);
	if (o->col == 0 && o->wvis > 0) {
		lead = o->indent;
		if (o->bullet != NULL)
			lead -= (int)strlen(o->bullet);
		fprintf(o->fp, "%*s%s", lead > 0 ? lead : 0, "",
		    o->bullet != NULL ? o->bullet : "");
		o->col = o->indent;
		o->bullet = NULL;
	} else if (o->space && o->wvis > 0) {
		fputc(' ', o->fp);
		o->col++;
	}
	fwrite(o->word, 1, o->wlen, o->fp);
	o->col += o->wvis;
	if (o->wvis > 0)
		o->space = 0;
	o->wlen = 0;
	o->wvis = 0;
}

static void
start_block(struct out *o)
{
	flush_word(o);
	if (o->col > 0)
		newline(o);
	if (o->blank && o->started)
		newline(o);
	o->blank = 1;
	o->space = 0;
	o->started = 1;
}

/* Collect words; control bytes are shown, not sent to the terminal. */
static void
put_text(struct out *o, const char *s)
{
	char		 buf[TERM_UNIT_MAX];
	size_t		 n, i, blen;
	int		 cols;
	unsigned char	 c;

	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		if (c == ' ' || c == '\n' || c == '\t') {
			flush_word(o);
			o->space = 1;
		} else if (c > 0x20 && c < 0x7f) {
			/* Printable ASCII, most of a page: a column a byte. */
			for (n = 1; (unsigned char)s[n] > 0x20 &&
			    (unsigned char)s[n] < 0x7f; n++)
				continue;
			word_run(o, s, n);
			s += n - 1;
		} else {
			/* Controls and invalid UTF-8 come out visible. */
			n = term_unit(s, strnlen(s, 4), buf, &blen, &cols);
			for (i = 0; i < blen; i++)
				word_byte(o, buf[i], i == 0 ? cols : 0);
			s += n - 1;
		}
	}
}

static void
style_push(struct out *o, const char *sgr)
{
	if (o->nstyles < STYLE_MAX)
		o->styles[o->nstyles] = sgr;
	o->nstyles++;
	word_sgr(o, sgr);
}

/* Reset, then restore the styles that are still open. */
static void
style_pop(struct out *o)
{
	int	 i;

	if (o->nstyles > 0)
		o->nstyles--;
	word_sgr(o, "0");
	for (i = 0; i < o->nstyles && i < STYLE_MAX; i++)
		word_sgr(o, o->styles[i]);
}

static int
in_tight_list(cmark_node *n)
{
	cmark_node	*item = cmark_node_parent(n), *list;

	if (item == NULL || cmark_node_get_type(item) != CMARK_NODE_ITEM)
		return 0;
	list = cmark_node_parent(item);
	return list != NULL && cmark_node_get_list_tight(list);
}

static int
heading_enter(struct out *o, cmark_node *n)
{
	int	 level = cmark_node_get_heading_level(n);

	flush_word(o);		/* the last word before it keeps its indent */
	o->indent = level <= 2 ? 0 : INDENT_STEP;
	o->blank = 1;
	start_block(o);
	style_push(o, "1");
	return 1;
}

static int
heading_leave(struct out *o, cmark_node *n)
{
	style_pop(o);
	flush_word(o);
	(void)n;
	o->indent = INDENT_STEP;
	o->blank = 0;		/* the section's text follows directly */
	return 1;
}

static int
para_enter(struct out *o, cmark_node *n)
{
	/* The first paragraph of an item goes on the bullet's line. */
	if (o->bullet != NULL && o->col == 0) {
		o->space = 0;
		return 1;
	}
	if (in_tight_list(n))
		o->blank = 0;
	start_block(o);
	return 1;
}

static int
item_enter(struct out *o, cmark_node *n)
{
	cmark_node	*list = cmark_node_parent(n);
	cmark_node	*prev;
	int		 num, i;

	if (list != NULL && cmark_node_get_list_tight(list))
		o->blank = 0;
	start_block(o);
	if (list != NULL &&
	    cmark_node_get_list_type(list) == CMARK_ORDERED_LIST) {
		num = cmark_node_get_list_start(list);
		for (prev = cmark_node_previous(n), i = 0; prev != NULL;
		    prev = cmark_node_previous(prev))
			i++;
		snprintf(o->bulletbuf, sizeof(o->bulletbuf), "%d. ", num + i);
	} else
		snprintf(o->bulletbuf, sizeof(o->bulletbuf), "- ");
	o->bullet = o->bulletbuf;
	o->indent += (int)strlen(o->bulletbuf);
	return 1;
}

static int
item_leave(struct out *o, cmark_node *n)
{
	(void)n;
	flush_word(o);
	o->indent -= (int)strlen(o->bulletbuf);
	if (o->indent < 0)
		o->indent = 0;
	o->bullet = NULL;
	o->blank = 1;
	return 1;
}

static int
quote_enter(struct out *o, cmark_node *n)
{
	(void)n;
	start_block(o);
	o->blank = 0;
	o->indent += INDENT_STEP;
	return 1;
}

static int
quote_leave(struct out *o, cmark_node *n)
{
	(void)n;
	flush_word(o);
	o->indent -= INDENT_STEP;
	return 1;
}

/* Literal lines, indented further, never wrapped. */
static int
codeblock_enter(struct out *o, cmark_node *n)
{
	const char	*s = cmark_node_get_literal(n), *nl;

	if (in_tight_list(n))
		o->blank = 0;
	start_block(o);
	for (; s != NULL && *s != '\0'; s = nl + 1) {
		if ((nl = strchr(s, '\n')) == NULL)
			nl = s + strlen(s);
		fprintf(o->fp, "%*s", o->indent + INDENT_STEP, "");
		term_write(o->fp, s, (size_t)(nl - s));
		newline(o);
		if (*nl == '\0')
			break;
	}
	return 0;
}

static int
rule_enter(struct out *o, cmark_node *n)
{
	int	 i;

	(void)n;
	start_block(o);
	for (i = o->indent; i < o->width; i++)
		fputc('-', o->fp);
	newline(o);
	return 0;
}

static int
text_enter(struct out *o, cmark_node *n)
{
	put_text(o, cmark_node_get_literal(n));
	return 0;
}

static int
soft_enter(struct out *o, cmark_node *n)
{
	(void)n;
	flush_word(o);
	o->space = 1;
	return 0;
}

static int
hard_enter(struct out *o, cmark_node *n)
{
	(void)n;
	flush_word(o);
	newline(o);
	return 0;
}

static int
code_enter(struct out *o, cmark_node *n)
{
	style_push(o, "36");
	put_text(o, cmark_node_get_literal(n));
	style_pop(o);
	return 0;
}

static int
emph_enter(struct out *o, cmark_node *n)
{
	(void)n;
	style_push(o, "4");
	return 1;
}

static int
strong_enter(struct out *o, cmark_node *n)
{
	(void)n;
	style_push(o, "1");
	return 1;
}

static int
style_leave(struct out *o, cmark_node *n)
{
	(void)n;
	style_pop(o);
	return 1;
}

/* Show the target after the text unless the text already is the target. */
static int
link_leave(struct out *o, cmark_node *n)
{
	const char	*url = cmark_node_get_url(n);
	cmark_node	*child = cmark_node_first_child(n);
	const char	*text = child == NULL ? NULL :
			    cmark_node_get_literal(child);

	if (url == NULL || *url == '\0' ||
	    (text != NULL && strcmp(text, url) == 0))
		return 1;
	put_text(o, " <");
	o->space = 0;
	put_text(o, url);
	put_text(o, ">");
	return 1;
}

int
render_text_markdown(FILE *fp, const struct render_opts *ro, const char *md)
{
	struct out		 o;
	cmark_node		*doc, *n;
	cmark_iter		*it;
	cmark_event_type	 ev;
	const struct handlers	*h;
	handler			 fn;

	memset(&o, 0, sizeof(o));
	o.fp = fp;
	o.ansi = ro->ansi;
	o.width = ro->width < 20 ? 20 : ro->width;
	o.indent = INDENT_STEP;
	o.started = 1;
	doc = cmark_parse_document(md, strlen(md), CMARK_OPT_VALIDATE_UTF8);
	it = cmark_iter_new(doc);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		n = cmark_iter_get_node(it);
		h = handlers_for(cmark_node_get_type(n));
		fn = ev == CMARK_EVENT_ENTER ? h->enter : h->leave;
		if (fn != NULL && fn(&o, n) == 0 && ev == CMARK_EVENT_ENTER &&
		    cmark_node_first_child(n) != NULL)
			cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
	}
	flush_word(&o);
	if (o.col > 0)
		newline(&o);
	cmark_iter_free(it);
	cmark_node_free(doc);
	return ferror(fp) ? -1 : 0;
}

static void
put(struct line *l, const char *s, size_t n)
{
	if (n > sizeof(l->buf) - 1 - l->len)
		n = sizeof(l->buf) - 1 - l->len;
	memcpy(l->buf + l->len, s, n);
	l->len += n;
	l->buf[l->len] = '\0';
}

static void
puts_(struct line *l, const char *s)
{
	put(l, s, strlen(s));
}

/*
 * Text from an entry or the input: control characters made visible.
 * The bytes between them go in runs, not one put() each (log mode's
 * brief lines spent more here than in the rest of their rendering).
 */
static void
putsafe(struct line *l, const char *s)
{
	char	 vis[3];
	size_t	 n;

	while (*s != '\0') {
		for (n = 0; (unsigned char)s[n] >= 0x20 && s[n] != 0x7f; n++)
			continue;
		if (n > 0) {
			put(l, s, n);
			s += n;
			continue;
		}
		vis[0] = '^';
		vis[1] = *s == 0x7f ? '?' : (char)(*s + '@');
		put(l, vis, 2);
		s++;
	}
}

static void
styled(struct line *l, const struct render_opts *ro, const char *sgr,
    const char *s)
{
	if (ro->ansi && *sgr != '\0') {
		puts_(l, "\033[");
		puts_(l, sgr);
		puts_(l, "m");
	}
	putsafe(l, s);
	if (ro->ansi && *sgr != '\0')
		puts_(l, "\033[0m");
}

/* Columns of s[0..n): SGR sequences take none, UTF-8 one a character. */
static size_t
visible(const char *s, size_t n)
{
	size_t	 i, cols = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '\033') {
			while (i < n && s[i] != 'm')
				i++;
			continue;
		}
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			cols++;
	}
	return cols;
}

/*
 * Write a logical line wrapped at width: words move to a new line
 * indented by indent columns; a word longer than a line stays whole.
 */
static void
wrap(FILE *fp, const struct line *l, int width, int indent)
{
	const char	*s = l->buf, *end = l->buf + l->len, *w;
	size_t		 col = 0, n, cols;
	int		 first = 1;

	/* The line's own indentation stays as it is. */
	for (; s < end && *s == ' '; s++, col++)
		fputc(' ', fp);
	while (s < end) {
		for (w = s; w < end && *w != ' '; w++)
			continue;
		n = (size_t)(w - s);
		cols = visible(s, n);
		if (!first && col + 1 + cols > (size_t)width) {
			fprintf(fp, "\n%*s", indent, "");
			col = (size_t)indent;
		} else if (!first) {
			fputc(' ', fp);
			col++;
		}
		fwrite(s, 1, n, fp);
		col += cols;
		first = 0;
		for (s = w; s < end && *s == ' '; s++)
			continue;
	}
	fputc('\n', fp);
}

static void
header(FILE *fp, const struct render_opts *ro, const struct page *p)
{
	struct line	 l;

	l.len = 0;
	l.buf[0] = '\0';
	if (ro->ansi)
		puts_(&l, "\033[1m");
	styled(&l, ro, colour(p->cls), p->label);
	if (ro->ansi)
		puts_(&l, "\033[1m");
	puts_(&l, " ");
	putsafe(&l, p->title);
	if (ro->ansi)
		puts_(&l, "\033[0m");
	wrap(fp, &l, ro->width, 2);
}

/* The page's Class fact ("not given; the code occurs in ..."), or NULL. */
static const char *
class_fact(const struct page *p)
{
	size_t	 i;

	for (i = 0; i < p->nfacts; i++)
		if (strcmp(p->facts[i].name, "Class") == 0)
			return p->facts[i].value;
	return NULL;
}

/* Class, reason, verdict and actors, as the lines under the title. */
static void
facts(FILE *fp, const struct render_opts *ro, const struct page *p)
{
	const struct kb_entry	*e = page_source(p);
	struct line		 l;
	const char		*cls;
	char			 buf[512];
	int			 none;

	l.len = 0;
	l.buf[0] = '\0';
	if (p->cls >= 1 && p->cls <= 5) {
		snprintf(buf, sizeof(buf), "  Class %d, ", p->cls);
		puts_(&l, buf);
		styled(&l, ro, colour(p->cls),
		    page_class_words[p->cls]);
		puts_(&l, p->cls == 4 ? ": retry later." : p->cls == 5 ?
		    ": do not retry unchanged." : ".");
		wrap(fp, &l, ro->width, 2);
	} else if (e != NULL && e->kind == KIND_ERRNO) {
		puts_(&l, "  Not an SMTP code: an operating-system error "
		    "number.");
		wrap(fp, &l, ro->width, 2);
	} else if ((cls = class_fact(p)) != NULL) {
		/* X.7.1, X.7: the classes the code occurs in. */
		puts_(&l, "  Class ");
		putsafe(&l, cls);
		puts_(&l, ".");
		wrap(fp, &l, ro->width, 2);
	}
	if (e == NULL)
		return;
	none = strcmp(p->bounce, "none") == 0;
	page_acts_words(p->acts, buf, sizeof(buf));
	l.len = 0;
	puts_(&l, "  Reason: ");
	putsafe(&l, p->reason);
	puts_(&l, none ? " (no bounce). Who acts: " : " (");
	if (!none) {
		puts_(&l, p->bounce);
		puts_(&l, " bounce). Who acts: ");
	}
	putsafe(&l, buf);
	puts_(&l, ".");
	wrap(fp, &l, ro->width, 2);
	if (p->vendor != NULL) {
		l.len = 0;
		puts_(&l, "  Vendor: ");
		putsafe(&l, p->vendor);
		puts_(&l, ".");
		wrap(fp, &l, ro->width, 2);
	}
	if (*e->replies == '\0' && *e->enhanced == '\0' &&
	    strcmp(e->status, "registered") == 0)
		return;
	l.len = 0;
	puts_(&l, " ");
	if (*e->replies != '\0') {
		puts_(&l, " Replies: ");
		putsafe(&l, e->replies);
		puts_(&l, ".");
	}
	if (*e->enhanced != '\0') {
		puts_(&l, " Enhanced codes: ");
		putsafe(&l, e->enhanced);
		puts_(&l, ".");
	}
	if (strcmp(e->status, "registered") != 0) {
		puts_(&l, " Status: ");
		putsafe(&l, page_status_words(e->status));
		puts_(&l, ".");
	}
	wrap(fp, &l, ro->width, 2);
}

void
render_text_page(FILE *fp, const struct render_opts *ro,
    const struct page *p)
{
	const struct kb_entry	*e = page_source(p);
	size_t			 i;

	header(fp, ro, p);
	facts(fp, ro, p);
	for (i = 0; i < p->nnotes; i++)
		if (p->notes[i].kind != NOTE_LOCAL)
			render_text_markdown(fp, ro, p->notes[i].md);
	if (e != NULL)
		render_text_markdown(fp, ro, e->body);
	for (i = 0; i < p->nnotes; i++)	/* the site's own words, last */
		if (p->notes[i].kind == NOTE_LOCAL)
			render_text_markdown(fp, ro, p->notes[i].md);
	if (p->meant != NULL) {
		fputc('\n', fp);
		render_text_page(fp, ro, p->meant);
	}
}

void
render_text_brief(FILE *fp, const struct render_opts *ro, const char *prefix,
    const struct page *p)
{
	const struct kb_entry	*e = page_source(p);
	struct line		 l;
	struct page		 m;
	char			 acts[256];
	int			 none;

	l.len = 0;
	l.buf[0] = '\0';
	if (prefix != NULL)
		puts_(&l, prefix);
	styled(&l, ro, colour(p->cls), p->label);
	puts_(&l, " ");
	putsafe(&l, p->title);
	if (e != NULL) {
		/* Class, verdict, reason, who acts: what scripts decide by. */
		none = strcmp(p->bounce, "none") == 0;
		puts_(&l, " [");
		puts_(&l, p->cls >= 1 && p->cls <= 5 ?
		    page_class_words[p->cls] : e->kind == KIND_ERRNO ?
		    "not an SMTP code" : "any class");
		puts_(&l, "; ");
		puts_(&l, none ? "no" : p->bounce);
		puts_(&l, " bounce; ");
		putsafe(&l, p->reason);
		if (!none) {
			page_acts_words(p->acts, acts, sizeof(acts));
			puts_(&l, "; acts: ");
			putsafe(&l, acts);
		}
		if (p->vendor != NULL) {
			puts_(&l, "; ");
			putsafe(&l, p->vendor);
		}
		if (p->vn & VN_NOCODE)
			puts_(&l, "; judged from the wording");
		puts_(&l, "]");
	}
	if (p->local_note != NULL)
		puts_(&l, " [local note]");
	fwrite(l.buf, 1, l.len, fp);
	fputc('\n', fp);
	if (p->disagree)
		fprintf(fp, "  the reply's class %d wins over the enhanced "
		    "code's class %d\n", p->reply / 100, p->code.cls);
	if (p->meant != NULL) {
		m = *p->meant;
		snprintf(m.label, sizeof(m.label), "%.40s?", p->meant->label);
		render_text_brief(fp, ro, "  did you mean reply ", &m);
	}
}
