/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * A page as text: the title line and the facts under it, wrapped to the
 * width like the body, then the notes and the entry's Markdown through
 * render_markdown(); or the whole verdict on one line (-b).  With ANSI
 * the code is coloured by its class and the title is bold.
 */
#include <stdio.h>
#include <string.h>

#include "extern.h"

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

/* Text from an entry or the input: control characters made visible. */
static void
putsafe(struct line *l, const char *s)
{
	char	 vis[3];

	for (; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f) {
			vis[0] = '^';
			vis[1] = *s == 0x7f ? '?' : (char)(*s + '@');
			put(l, vis, 2);
		} else
			put(l, s, 1);
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
	styled(&l, ro, render_class_colour(p->cls), p->label);
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
		styled(&l, ro, render_class_colour(p->cls),
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
			render_markdown(fp, ro, p->notes[i].md);
	if (e != NULL)
		render_markdown(fp, ro, e->body);
	for (i = 0; i < p->nnotes; i++)	/* the site's own words, last */
		if (p->notes[i].kind == NOTE_LOCAL)
			render_markdown(fp, ro, p->notes[i].md);
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
	styled(&l, ro, render_class_colour(p->cls), p->label);
	puts_(&l, " ");
	putsafe(&l, p->title);
	if (e != NULL) {
		/* Class, verdict, reason and who acts: what a script decides by. */
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
