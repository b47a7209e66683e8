/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * --search: rank the entries whose title, text and server texts hold
 * every word asked for.  A word matches the start of a word, whatever the
 * case ("greylist" finds "Greylisting"); entries with every word in their
 * title come first, then the others by score.  Only --search pays for
 * reading the entries' text; a lookup never does.
 */
#include <ctype.h>
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extern.h"

#define WORDS_MAX	16	/* words in a query */
#define LEAD		24	/* bytes of context before a match */
#define PHRASES_MAX	3	/* phrase matches that count, per zone */

/* Where a match is: the title counts most, references least. */
enum zone {
	Z_TITLE,		/* the entry's title */
	Z_TEXT,			/* summary, causes, advice */
	Z_SERVER,		/* server texts, vendor name and phrases */
	Z_MINOR,		/* related codes and references */
	Z__MAX
};

static const int weight[Z__MAX] = { 30, 2, 6, 1 };	/* per match */
static const int counted[Z__MAX] = { 1, 5, 3, 2 };	/* matches that count */
static const int phrase_weight[Z__MAX] = { 40, 15, 15, 3 };

struct buf {
	char		*s;		/* plain text, one block per line */
	size_t		 len;
	size_t		 cap;
};

struct query {
	char		*word[WORDS_MAX]; /* lower case */
	size_t		 len[WORDS_MAX];
	size_t		 n;
};

struct hit {
	const struct kb_entry *e;
	int		 titled;	/* every word is in the title */
	int		 score;
	char		*snippet;	/* plain text around a match */
};

static void	 add(struct buf *, const char *, size_t);
static void	 brk(struct buf *);
static enum zone section(const char *);
static const char *strip_marker(const char *, struct buf *);
static void	 fill(const struct kb_entry *, struct buf *);
static int	 wordch(int);
static int	 at(const struct buf *, size_t, const char *, size_t);
static int	 phrase_at(const struct buf *, size_t, const struct query *);
static int	 count(const struct buf *, const struct query *, size_t);
static int	 score(const struct query *, const struct buf *, int *);
static int	 locate(const struct query *, const struct buf *, size_t *);
static char	*snippet(const struct buf *, size_t, size_t);
static int	 cmp_hit(const void *, const void *);
static int	 parse_query(int, char *[], struct query *);
static void	 print_text(FILE *, const struct hit *, size_t);
static void	 print_json(FILE *, const struct hit *, size_t);
static void	 print_doc(FILE *, enum fmt, const struct query *,
		    const struct hit *, size_t);

static void
add(struct buf *b, const char *s, size_t n)
{
	if (b->s == NULL || b->len + n + 2 > b->cap) {
		b->cap = (b->len + n + 2) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
	if (n > 0)
		memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

/* End a block: a paragraph, a list item, a heading. */
static void
brk(struct buf *b)
{
	if (b->len > 0 && b->s[b->len - 1] != '\n')
		add(b, "\n", 1);
}

static enum zone
section(const char *title)
{
	if (strncmp(title, "Server texts", 12) == 0)
		return Z_SERVER;
	if (strncmp(title, "Related", 7) == 0 ||
	    strncmp(title, "References", 10) == 0)
		return Z_MINOR;
	return Z_TEXT;
}

/* Skip a list marker, a heading's #s or a quote's >; a block starts. */
static const char *
strip_marker(const char *s, struct buf *b)
{
	const char	*p = s;

	while (*p >= '0' && *p <= '9')
		p++;
	if ((p > s && (*p == '.' || *p == ')') && p[1] == ' ') ||
	    (p == s && strchr("-*+>", *p) != NULL && p[1] == ' ')) {
		brk(b);
		return p + 2;
	}
	if (*s == '#') {
		brk(b);
		return s + strspn(s, "# ");
	}
	return s;
}

/* The entry as plain text, zone by zone, without Markdown's marks. */
static void
fill(const struct kb_entry *e, struct buf *z)
{
	const char	*line, *nl, *p;
	enum zone	 cur = Z_TEXT;
	size_t		 n;

	add(&z[Z_TITLE], e->title, strlen(e->title));
	for (line = e->body; *line != '\0'; line = *nl ? nl + 1 : nl) {
		nl = line + strcspn(line, "\n");
		line += strspn(line, " \t");
		if (strncmp(line, "## ", 3) == 0) {
			cur = section(line + 3);
			continue;
		}
		if (line == nl || strncmp(line, "```", 3) == 0) {
			brk(&z[cur]);
			continue;
		}
		line = strip_marker(line, &z[cur]);
		if (z[cur].len > 0 && z[cur].s[z[cur].len - 1] != '\n')
			add(&z[cur], " ", 1);
		for (p = line; p < nl; p += n + (p + n < nl))
			add(&z[cur], p, n = strcspn(p, "`*\n"));
	}
	/* A vendor's name and phrases are what its servers print. */
	brk(&z[Z_SERVER]);
	add(&z[Z_SERVER], e->vendor, strlen(e->vendor));
	for (p = e->match; *p != '\0'; p += n + (p[n] != '\0')) {
		brk(&z[Z_SERVER]);
		n = strcspn(p, "|");
		add(&z[Z_SERVER], p, n);
	}
}

static int
wordch(int c)
{
	return isalnum(c) || c >= 0x80;
}

/* Does the word start at offset i, at the start of a word of the text? */
static int
at(const struct buf *b, size_t i, const char *w, size_t wl)
{
	size_t	 k;

	if (i > 0 && wordch((unsigned char)b->s[i - 1]) &&
	    wordch((unsigned char)w[0]))
		return 0;
	if (b->len - i < wl)
		return 0;
	for (k = 0; k < wl; k++)
		if (tolower((unsigned char)b->s[i + k]) != w[k])
			return 0;
	return 1;
}

/* All the words in order from offset i, within one block. */
static int
phrase_at(const struct buf *b, size_t i, const struct query *q)
{
	size_t	 p = i, k;

	for (k = 0; k < q->n; k++) {
		if (k > 0) {
			p += q->len[k - 1];
			while (p < b->len && wordch((unsigned char)b->s[p]))
				p++;
			while (p < b->len && !wordch((unsigned char)b->s[p]) &&
			    b->s[p] != '\n')
				p++;
		}
		if (p >= b->len || !at(b, p, q->word[k], q->len[k]))
			return 0;
	}
	return 1;
}

/* Matches of word k, or of the whole phrase when k is q->n. */
static int
count(const struct buf *b, const struct query *q, size_t k)
{
	size_t	 i;
	int	 n = 0;

	for (i = 0; i < b->len; i++)
		n += k < q->n ? at(b, i, q->word[k], q->len[k]) :
		    phrase_at(b, i, q);
	return n;
}

/* The entry's score, or -1 when a word is missing from it. */
static int
score(const struct query *q, const struct buf *z, int *titled)
{
	size_t	 k;
	int	 zi, c, any, total = 0, intitle = 0;

	for (k = 0; k < q->n; k++) {
		for (zi = 0, any = 0; zi < Z__MAX; zi++) {
			c = count(&z[zi], q, k);
			any += c;
			total += weight[zi] * (c < counted[zi] ? c : counted[zi]);
			intitle += zi == Z_TITLE && c > 0;
		}
		if (any == 0)
			return -1;
	}
	for (zi = 0; q->n > 1 && zi < Z__MAX; zi++) {
		c = count(&z[zi], q, q->n);
		total += phrase_weight[zi] * (c < PHRASES_MAX ? c :
		    PHRASES_MAX);
	}
	*titled = (size_t)intitle == q->n;
	return total;
}

/*
 * Where to show the match: the phrase, else the first word, in the server
 * texts, else the text, else the references.  Returns the zone.
 */
static int
locate(const struct query *q, const struct buf *z, size_t *pos)
{
	static const int order[] = { Z_SERVER, Z_TEXT, Z_MINOR };
	const struct buf	*b;
	size_t			 i, o;
	int			 pass;

	for (pass = q->n > 1 ? 0 : 1; pass < 2; pass++)
		for (o = 0; o < sizeof(order) / sizeof(order[0]); o++) {
			b = &z[order[o]];
			for (i = 0; i < b->len; i++)
				if (pass == 0 ? phrase_at(b, i, q) :
				    at(b, i, q->word[0], q->len[0])) {
					*pos = i;
					return order[o];
				}
		}
	*pos = 0;
	return Z_TEXT;
}

/* At most width bytes of the block around pos, cut at spaces, with "..."
   where it was cut. */
static char *
snippet(const struct buf *b, size_t pos, size_t width)
{
	size_t	 bs = pos, be = pos, s, e;
	char	*out;

	if (b->len == 0)
		return xstrdup("");
	while (bs > 0 && b->s[bs - 1] != '\n')
		bs--;
	be += strcspn(b->s + pos, "\n");
	s = pos > bs + LEAD ? pos - LEAD : bs;
	while (s > bs && s < pos && b->s[s - 1] != ' ')
		s++;
	width = width > 26 ? width - 6 : 20;
	e = be - s > width ? s + width : be;
	while (e < be && e > pos && b->s[e] != ' ')
		e--;
	while (e < be && e > s && ((unsigned char)b->s[e] & 0xc0) == 0x80)
		e--;
	while (s < e && ((unsigned char)b->s[s] & 0xc0) == 0x80)
		s++;
	out = xmalloc(e - s + 7);
	snprintf(out, e - s + 7, "%s%.*s%s", s > bs ? "..." : "",
	    (int)(e - s), b->s + s, e < be ? "..." : "");
	return out;
}

static int
cmp_hit(const void *a, const void *b)
{
	const struct hit	*x = a, *y = b;

	if (x->titled != y->titled)
		return y->titled - x->titled;
	/*
	 * Among titles that hold every word, the code's own entry comes
	 * before the vendors' messages that use it.
	 */
	if (x->titled && (x->e->kind == KIND_VENDOR) != (y->e->kind ==
	    KIND_VENDOR))
		return (x->e->kind == KIND_VENDOR) - (y->e->kind == KIND_VENDOR);
	if (x->score != y->score)
		return y->score - x->score;
	return strcmp(x->e->key, y->e->key);
}

/* The words of every operand, in lower case; -1 when there is none. */
static int
parse_query(int argc, char *argv[], struct query *q)
{
	char	*w, *save, *p;
	int	 i;

	memset(q, 0, sizeof(*q));
	for (i = 0; i < argc; i++)
		for (w = strtok_r(argv[i], " \t\n", &save); w != NULL;
		    w = strtok_r(NULL, " \t\n", &save)) {
			if (q->n == WORDS_MAX) {
				warnx("--search takes at most %d words",
				    WORDS_MAX);
				return -1;
			}
			for (p = w; *p != '\0'; p++)
				*p = (char)tolower((unsigned char)*p);
			q->word[q->n] = w;
			q->len[q->n++] = strlen(w);
		}
	if (q->n == 0)
		warnx("--search needs words to look for");
	return q->n == 0 ? -1 : 0;
}

static void
print_text(FILE *fp, const struct hit *h, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		fprintf(fp, "%s ", h[i].e->key);
		render_safe(fp, h[i].e->title, strlen(h[i].e->title));
		fputs("\n  ", fp);
		render_safe(fp, h[i].snippet, strlen(h[i].snippet));
		fputc('\n', fp);
	}
}

static void
print_json(FILE *fp, const struct hit *h, size_t n)
{
	struct page		 x;
	size_t			 i;

	for (i = 0; i < n; i++) {
		page_entry(&x, h[i].e, NULL);
		fputc('{', fp);
		render_json_page(fp, &x, 0);
		fprintf(fp, ",\"score\":%d,\"snippet\":", h[i].score);
		json_str(fp, h[i].snippet);
		fputs("}\n", fp);
		page_free(&x);
	}
}

/* Markdown, and HTML or man made from it. */
static void
print_doc(FILE *fp, enum fmt fmt, const struct query *q,
    const struct hit *h, size_t n)
{
	FILE	*md;
	char	*buf = NULL, title[256];
	size_t	 len = 0, i, tl;

	if ((md = open_memstream(&buf, &len)) == NULL)
		err(SC_ERROR, "open_memstream");
	for (i = 0; i < n; i++) {
		fprintf(md, "- `%s` **", h[i].e->key);
		md_escape(md, h[i].e->title);
		fputs("**: ", md);
		md_escape(md, h[i].snippet);
		fputc('\n', md);
	}
	if (fclose(md) == EOF)
		err(SC_ERROR, "open_memstream");
	tl = (size_t)snprintf(title, sizeof(title), "Entries matching");
	for (i = 0; i < q->n && tl < sizeof(title); i++)
		tl += (size_t)snprintf(title + tl, sizeof(title) - tl, " %s",
		    q->word[i]);
	explain_doc(fp, fmt, "smtpcode-search", title, buf);
	free(buf);
}

int
search_entries(FILE *fp, const struct explain_opts *o, int argc,
    char *argv[])
{
	struct query		 q;
	struct kb_iter		 it;
	struct buf		 z[Z__MAX];
	struct hit		*h = NULL;
	const struct kb_entry	*e;
	size_t			 n = 0, i, pos;
	int			 s, titled = 0, zi;

	if (parse_query(argc, argv, &q) == -1)
		return SC_ERROR;
	memset(&it, 0, sizeof(it));
	while ((e = kb_next(&it)) != NULL) {
		memset(z, 0, sizeof(z));
		fill(e, z);
		/* A class or subject entry is rarely the answer itself. */
		if ((s = score(&q, z, &titled)) > 0 &&
		    (e->kind == KIND_CLASS || e->kind == KIND_SUBJECT))
			s = (s + 1) / 2;
		if (s >= 0) {
			h = xrealloc(h, (n + 1) * sizeof(*h));
			h[n].e = e;
			h[n].score = s;
			h[n].titled = titled;
			zi = locate(&q, z, &pos);
			h[n++].snippet = snippet(&z[zi], pos,
			    (size_t)(o->ro.width > 22 ? o->ro.width - 2 : 78));
		}
		for (zi = 0; zi < Z__MAX; zi++)
			free(z[zi].s);
	}
	if (n > 0)
		qsort(h, n, sizeof(*h), cmp_hit);
	if (n > 0 && o->fmt == FMT_JSON)
		print_json(fp, h, n);
	else if (n > 0 && o->fmt == FMT_TEXT)
		print_text(fp, h, n);
	else if (n > 0)
		print_doc(fp, o->fmt, &q, h, n);
	for (i = 0; i < n; i++)
		free(h[i].snippet);
	free(h);
	return explain_flush(fp, n > 0 ? SC_OK : SC_NOTFOUND);
}
