/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * --search: rank the entries whose title, text and server texts hold
 * every word asked for.  A word matches the start of a word, whatever the
 * case ("greylist" finds "Greylisting"); entries with every word in their
 * title come first, then the others by score.  Only --search pays for
 * reading the entries' text; a lookup never does.
 *
 * People search with the words they know: a word or phrase of a group
 * of synonyms and spellings (blacklist, blocklist, denylist) matches any
 * of the group, and a code typed ("5.7.1") matches the entries that
 * carry it, its own entry first.
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
#define ALTS_MAX	12	/* other spellings of a word */
#define TERM_MAX	64	/* bytes of a phrase of the query */

/* Where a match is: the title counts most, references least. */
enum zone {
	Z_TITLE,		/* the entry's title */
	Z_TEXT,			/* summary, causes, advice */
	Z_SERVER,		/* server texts, vendor name and phrases */
	Z_MINOR,		/* related codes and references */
	Z_CODES,		/* the codes the entry carries */
	Z__MAX
};

static const int weight[Z__MAX] = { 30, 2, 6, 1, 8 };	/* per match */
static const int counted[Z__MAX] = { 1, 5, 3, 2, 1 };	/* matches that count */
static const int phrase_weight[Z__MAX] = { 40, 15, 15, 3, 0 };

/*
 * Words and phrases that mean the same to whoever searches, in lower
 * case.  A word matches the start of a word, so "greylist" also finds
 * "greylisting"; a typed word that is a member with an ending ("-s",
 * "-ed", "-ing") belongs to the group too.
 */
static const char *const synonyms[][ALTS_MAX] = {
	{ "blacklist", "blocklist", "denylist", "black list", "block list",
	  "deny list", "dnsbl", "rbl", NULL },
	{ "greylist", "graylist", "grey list", "gray list", "grey-list",
	  "gray-list", NULL },
	{ "over quota", "overquota", "quota exceeded", "exceeded quota",
	  "mailbox full", "mailbox is full", "storage is full",
	  "storage full", "mailboxfull", NULL },
	{ "bounce", "ndr", "non-delivery", "nondelivery", "non delivery",
	  "undeliverable", "delivery status notification", NULL },
	{ "spam", "junk", "unsolicited", NULL },
	{ "fail", "not pass", "hardfail", "softfail", NULL },
	{ "spf", "sender policy framework", NULL },
	{ "dkim", "domainkeys", NULL }
};
#define NSYNONYMS	(sizeof(synonyms) / sizeof(synonyms[0]))

struct buf {
	char		*s;		/* plain text, one block per line */
	size_t		 len;
	size_t		 cap;
};

struct query {
	char		*word[WORDS_MAX]; /* lower case */
	size_t		 len[WORDS_MAX];
	const char	*alt[WORDS_MAX][ALTS_MAX]; /* other spellings */
	size_t		 nalt[WORDS_MAX];
	int		 code[WORDS_MAX];	/* the word is a code */
	char		 key[WORDS_MAX][16];	/* a code's own entry */
	char		 joined[WORDS_MAX][TERM_MAX]; /* merged phrases */
	size_t		 n;
};

struct hit {
	const struct kb_entry *e;
	int		 titled;	/* every word is in the title */
	int		 own;		/* a code's own entry, searched for */
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
static size_t	 term_at(const struct buf *, size_t, const struct query *,
		    size_t);
static int	 in_group(const char *, size_t);
static void	 merge_phrases(struct query *);
static void	 expand(struct query *, size_t);
static void	 codes_of(FILE *, const struct kb_entry *);
static int	 phrase_at(const struct buf *, size_t, const struct query *);
static int	 count(const struct buf *, const struct query *, size_t);
static int	 count_typed(const struct buf *, const struct query *,
		    size_t);
static int	 words_score(const struct buf *, const char *);
static int	 score(const struct query *, const struct buf *, int *);
static int	 locate(const struct query *, const struct buf *, size_t *);
static char	*snippet(const struct buf *, size_t, size_t);
static int	 named(const struct query *, const struct kb_entry *);
static int	 group_of(const struct kb_entry *);
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
	/* The codes it carries, for a code typed as a search word. */
	if (e->kind < KIND_VENDOR) {
		add(&z[Z_CODES], e->key, strlen(e->key));
		add(&z[Z_CODES], " ", 1);
	}
	add(&z[Z_CODES], e->replies, strlen(e->replies));
	add(&z[Z_CODES], " ", 1);
	add(&z[Z_CODES], e->enhanced, strlen(e->enhanced));
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

/*
 * Length of a match of term k at offset i: the word as typed or one of
 * its other spellings; 0 when none.  A code must match a whole code, so
 * that 5.7.1 does not find 5.7.10.
 */
static size_t
term_at(const struct buf *b, size_t i, const struct query *q, size_t k)
{
	size_t	 l = 0, a, e;

	if (at(b, i, q->word[k], q->len[k]))
		l = q->len[k];
	for (a = 0; l == 0 && a < q->nalt[k]; a++)
		if (at(b, i, q->alt[k][a], strlen(q->alt[k][a])))
			l = strlen(q->alt[k][a]);
	if (l == 0 || !q->code[k])
		return l;
	e = i + l;
	if (e < b->len && (wordch((unsigned char)b->s[e]) ||
	    (b->s[e] == '.' && e + 1 < b->len &&
	    isdigit((unsigned char)b->s[e + 1]))))
		return 0;
	return l;
}

/* The synonym group of a word or phrase, or -1. */
static int
in_group(const char *w, size_t len)
{
	static const char *const endings[] = { "", "s", "ed", "ing", "er",
	    "ers", "ing", NULL };
	size_t	 g, m, ml, e;

	for (g = 0; g < NSYNONYMS; g++)
		for (m = 0; synonyms[g][m] != NULL; m++) {
			ml = strlen(synonyms[g][m]);
			if (ml > len || strncmp(w, synonyms[g][m], ml) != 0)
				continue;
			for (e = 0; endings[e] != NULL; e++)
				if (strcmp(w + ml, endings[e]) == 0)
					return (int)g;
		}
	return -1;
}

/* "over quota", typed as two words, is one term of its group. */
static void
merge_phrases(struct query *q)
{
	size_t	 k, j, span, len;
	char	 buf[TERM_MAX];

	for (k = 0; k < q->n; k++)
		for (span = 3; span >= 2; span--) {
			if (k + span > q->n)
				continue;
			for (j = k, len = 0; j < k + span; j++)
				len += q->len[j] + 1;
			if (len > sizeof(buf))
				continue;
			for (j = k, len = 0; j < k + span; j++) {
				if (j > k)
					buf[len++] = ' ';
				memcpy(buf + len, q->word[j], q->len[j]);
				len += q->len[j];
			}
			buf[len] = '\0';
			if (in_group(buf, strlen(buf)) == -1)
				continue;
			memcpy(q->joined[k], buf, strlen(buf) + 1);
			q->word[k] = q->joined[k];
			q->len[k] = strlen(buf);
			for (j = k + 1; j + span - 1 < q->n; j++) {
				q->word[j] = q->word[j + span - 1];
				q->len[j] = q->len[j + span - 1];
			}
			q->n -= span - 1;
			break;
		}
}

/* Other spellings of term k: its group's, or a code's own key. */
static void
expand(struct query *q, size_t k)
{
	struct smtp_code	 c;
	struct code_error	 ce;
	char			*p;
	size_t			 m;
	int			 g;

	if (code_looks_like(q->word[k]) && code_parse(q->word[k], &c,
	    &ce) == 0) {
		q->code[k] = 1;
		code_key(&c, q->key[k], sizeof(q->key[k]));
		memcpy(q->joined[k], q->key[k], strlen(q->key[k]) + 1);
		for (p = q->joined[k]; *p != '\0'; p++)
			*p = (char)tolower((unsigned char)*p);
		q->alt[k][q->nalt[k]++] = q->joined[k];
		return;
	}
	if ((g = in_group(q->word[k], q->len[k])) == -1)
		return;
	for (m = 0; synonyms[g][m] != NULL && q->nalt[k] < ALTS_MAX; m++)
		q->alt[k][q->nalt[k]++] = synonyms[g][m];
}

/* All the words in order from offset i, within one block. */
static int
phrase_at(const struct buf *b, size_t i, const struct query *q)
{
	size_t	 p = i, k, l = 0;

	for (k = 0; k < q->n; k++) {
		if (k > 0) {
			p += l;
			while (p < b->len && wordch((unsigned char)b->s[p]))
				p++;
			while (p < b->len && !wordch((unsigned char)b->s[p]) &&
			    b->s[p] != '\n')
				p++;
		}
		if (p >= b->len || (l = term_at(b, p, q, k)) == 0)
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
		n += k < q->n ? term_at(b, i, q, k) > 0 :
		    phrase_at(b, i, q);
	return n;
}

/* Matches of term k as typed, without its other spellings. */
static int
count_typed(const struct buf *b, const struct query *q, size_t k)
{
	size_t	 i;
	int	 n = 0;

	for (i = 0; i < b->len; i++)
		n += at(b, i, q->word[k], q->len[k]);
	return n;
}

/*
 * The words of a phrase typed as one term ("mailbox full"), each scored
 * as a word of its own, as they were before the phrase was recognised.
 */
static int
words_score(const struct buf *z, const char *phrase)
{
	const char	*w;
	size_t		 wl, i;
	int		 zi, c, total = 0;

	for (w = phrase; *w != '\0'; w += wl + (w[wl] == ' ')) {
		wl = strcspn(w, " ");
		for (zi = 0; zi < Z__MAX; zi++) {
			for (i = 0, c = 0; i < z[zi].len; i++)
				c += at(&z[zi], i, w, wl);
			total += weight[zi] * (c < counted[zi] ? c :
			    counted[zi]);
		}
	}
	return total;
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
			total += weight[zi] *
			    (c < counted[zi] ? c : counted[zi]);
			intitle += zi == Z_TITLE && c > 0;
		}
		if (any == 0)
			return -1;
	}
	/* The spelling typed counts again, a phrase typed as a phrase. */
	for (k = 0; k < q->n; k++) {
		if (strchr(q->word[k], ' ') != NULL)
			total += words_score(z, q->word[k]);
		for (zi = 0; q->nalt[k] > 0 && zi < Z__MAX; zi++) {
			c = count_typed(&z[zi], q, k);
			total += (strchr(q->word[k], ' ') != NULL ?
			    phrase_weight[zi] : weight[zi]) * (c < PHRASES_MAX ?
			    c : PHRASES_MAX);
		}
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

	/* The phrase, the first word as typed, then its other spellings. */
	for (pass = q->n > 1 ? 0 : 1; pass < 3; pass++)
		for (o = 0; o < sizeof(order) / sizeof(order[0]); o++) {
			b = &z[order[o]];
			for (i = 0; i < b->len; i++)
				if (pass == 0 ? phrase_at(b, i, q) : pass == 1 ?
				    at(b, i, q->word[0], q->len[0]) :
				    term_at(b, i, q, 0) > 0) {
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

/*
 * A wording entry for many servers ("generic-...") is named by its
 * phrases as much as by its title: when they hold every word, it ranks
 * with the entries whose title does ("blacklisted" finds the wording
 * "your ip is blacklisted" before one provider's block list).
 */
static int
named(const struct query *q, const struct kb_entry *e)
{
	struct buf	 b;
	const char	*p;
	size_t		 n, k;
	int		 all;

	if (!kb_generic(e) || *e->match == '\0')
		return 0;
	memset(&b, 0, sizeof(b));
	for (p = e->match; *p != '\0'; p += n + (p[n] != '\0')) {
		brk(&b);
		n = strcspn(p, "|");
		add(&b, p, n);
	}
	for (k = 0, all = 1; k < q->n && all; k++)
		all = count(&b, q, k) > 0;
	free(b.s);
	return all;
}

/* Among titles that hold every word: codes, common wording, vendors. */
static int
group_of(const struct kb_entry *e)
{
	if (e->kind < KIND_VENDOR)
		return 0;
	return kb_generic(e) ? 1 : 2;
}

static int
cmp_hit(const void *a, const void *b)
{
	const struct hit	*x = a, *y = b;

	if (x->own != y->own)
		return y->own - x->own;
	if (x->titled != y->titled)
		return y->titled - x->titled;
	/*
	 * Among titles that hold every word, the code's own entry comes
	 * before the wording of many servers and the vendors' messages.
	 */
	if (x->titled && group_of(x->e) != group_of(y->e))
		return group_of(x->e) - group_of(y->e);
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
	if (q->n == 0) {
		warnx("--search needs words to look for");
		return -1;
	}
	merge_phrases(q);
	for (i = 0; (size_t)i < q->n; i++)
		expand(q, (size_t)i);
	return 0;
}

/* " [550 5.7.26]": the codes an entry is sent with, if any. */
static void
codes_of(FILE *fp, const struct kb_entry *e)
{
	if (*e->replies == '\0' && *e->enhanced == '\0')
		return;
	fprintf(fp, " [%s%s%s]", e->replies, *e->replies != '\0' &&
	    *e->enhanced != '\0' ? " " : "", e->enhanced);
}

static void
print_text(FILE *fp, const struct hit *h, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		fprintf(fp, "%s ", h[i].e->key);
		term_write(fp, h[i].e->title, strlen(h[i].e->title));
		codes_of(fp, h[i].e);
		fputs("\n  ", fp);
		term_write(fp, h[i].snippet, strlen(h[i].snippet));
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
		render_json_search(fp, &x, h[i].score, h[i].snippet);
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
		explain_md_escape(md, h[i].e->title);
		fputs("**", md);
		codes_of(md, h[i].e);
		fputs(": ", md);
		explain_md_escape(md, h[i].snippet);
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
	size_t			 n = 0, i, pos, shown;
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
			h[n].titled = titled || named(&q, e);
			for (zi = 0, h[n].own = 0; (size_t)zi < q.n; zi++)
				h[n].own |= q.code[zi] &&
				    strcmp(q.key[zi], e->key) == 0;
			zi = locate(&q, z, &pos);
			h[n++].snippet = snippet(&z[zi], pos,
			    (size_t)(o->ro.width > 22 ? o->ro.width - 2 : 78));
		}
		for (zi = 0; zi < Z__MAX; zi++)
			free(z[zi].s);
	}
	if (n > 0)
		qsort(h, n, sizeof(*h), cmp_hit);
	shown = o->limit > 0 && (size_t)o->limit < n ? (size_t)o->limit : n;
	if (n > 0 && o->fmt == FMT_JSON)
		print_json(fp, h, shown);
	else if (n > 0 && o->fmt == FMT_TEXT)
		print_text(fp, h, shown);
	else if (n > 0)
		print_doc(fp, o->fmt, &q, h, shown);
	for (i = 0; i < n; i++)
		free(h[i].snippet);
	free(h);
	return explain_flush(fp, n > 0 ? SC_OK : SC_NOTFOUND);
}
