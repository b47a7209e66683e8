/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * The --summary table: how often each deciding code occurred, in a fixed
 * amount of memory, printed as text or JSON, and merged from the JSON
 * summaries of several machines.
 */
#include <err.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extern.h"
#include "ascii.h"

#define KEY_MAX		64	/* "550 4.7.1", "5.7.1@microsoft-s3150" */
#define SEEN_BITS	8	/* summary_add(): 256 keys' slots kept */

struct slot {
	char		 key[KEY_MAX];	/* the code as shown; "" = free */
	unsigned long	 count;		/* lines it decided */
	unsigned long	 cls[6];	/* of them, per class (domain, relay) */
};

struct summary {
	struct slot	 slot[SUMMARY_SLOTS]; /* open addressing */
	size_t		 used;		/* slots taken */
	unsigned long	 lines;		/* input lines */
	unsigned long	 coded;		/* lines with a code */
	unsigned long	 other;		/* lines whose code found no slot */
	unsigned long	 by_class[6];	/* lines per deciding class */
	int		 by;		/* enum summary_by, or -1 unknown yet */
	/*
	 * The slot of a recent code (and vendor), or reason, so that a line
	 * finds its row without making and hashing its key.  A reason is
	 * known by its address, a string of the knowledge base's or the
	 * program's own that never changes nor moves (as verdict_key()
	 * knows it).
	 */
	struct seen {
		struct smtp_code code;
		int		 reply;
		int		 by;
		const struct kb_entry *vendor;
		const char	*reason;	/* by reason */
		struct slot	*sl;		/* NULL: free */
	}		 seen[1 << SEEN_BITS];
};

/* One row of a summary being merged, kept until the whole is checked. */
struct row {
	char		 key[KEY_MAX];
	unsigned long	 count;
	unsigned long	 cls[6];	/* per class, rows by domain or relay */
};

/* The totals and rows of one JSON summary being merged. */
struct doc {
	unsigned long	 lines, coded, other, by_class[6];
	int		 by;		/* from "by", or -1 */
	int		 has_reason;	/* rows grouped by reason */
	int		 has_code;	/* rows grouped by code */
	int		 has_vendor;	/* rows with a vendor's key */
	int		 has_group;	/* rows by domain or relay: by + 1 */
	struct row	*rows;
	size_t		 nrows;
};

#define DOC_MAX		(16UL * 1024 * 1024)	/* bytes of one summary */

static const char *const by_names[] = {
	"code", "vendor", "reason", "domain", "relay"
};
#define NBY		(sizeof(by_names) / sizeof(by_names[0]))
#define GROUPED(by)	((by) == SUMMARY_DOMAIN || (by) == SUMMARY_RELAY)
#define NONE_KEY	SUMMARY_NONE	/* a line without recipient or host */
/* read_row() bits above those of its derived members (8 << i) */
#define G_DOMAIN	0x1000	/* read_row(): a row by domain, */
#define G_RELAY		0x2000	/* by relay, */
#define G_CLASSES	0x4000	/* with its classes */

/*
 * A text table that fits a width: the columns' widths follow their cells,
 * and when the line is too long the table gives up what matters least
 * first (wide spacing, then the flexible columns' length, then whole
 * columns), so that every line fits; a cut cell ends with an ellipsis.
 */
#define COLS_MAX	6
#define NUM_MAX		24	/* a count as text */

struct cells {
	const char	*cell[COLS_MAX];	/* text of each column */
	char		 num[COLS_MAX][NUM_MAX]; /* counts, as text */
};

struct table {
	int		 ncols;
	const char	*head[COLS_MAX];
	int		 right[COLS_MAX];	/* 1: numbers, aligned right */
	int		 w[COLS_MAX];		/* columns; 0: left out */
	int		 sep;			/* spaces between columns */
	struct cells	*rows;
	size_t		 nrows;
};

/* One step of giving up width: a column to shrink to min, or drop. */
struct step {
	int		 col;		/* -1: spacing down to one space */
	int		 min;		/* columns; 0: drop the column */
};

static unsigned	 hash(const char *);
static struct slot *slot_for(struct summary *, const char *);
static int	 cmp_slot(const void *, const void *);
static size_t	 sorted(const struct summary *, const struct slot **);
static int	 key_code(const char *, struct smtp_code *, int *,
		    const struct kb_entry **);
static int	 code_width(const char *);
static int	 lower8_plain(char *, const char *);
static void	 group_key(char *, const struct verdict *, enum summary_by);
static size_t	 unit(const char *, size_t, char *, size_t *, int *);
static size_t	 plain_run(const char *, size_t);
static int	 cols_of(const char *);
static void	 put_cell(FILE *, const char *, int, int);
static int	 table_width(const struct table *);
static void	 table_fit(struct table *, int, const struct step *, size_t);
static void	 table_print(FILE *, const struct table *);
static void	 code_row(struct cells *, const struct slot *);
static void	 group_row(struct cells *, const struct slot *);
static void	 totals(FILE *, const struct summary *, int);
static void	 make_key(char *, const struct smtp_code *, int,
		    const struct kb_entry *);
static struct seen *seen_for(struct summary *, const struct smtp_code *,
		    int, const struct kb_entry *);
static int	 check_key(const char *);
static int	 add(unsigned long *, unsigned long);
static int	 fail_at(struct jread *, unsigned long, unsigned long,
		    const char *, const char *);
static int	 read_classes(struct jread *, unsigned long *);
static int	 read_object(struct jread *);
static int	 read_group(struct jread *, char *, unsigned long *,
		    unsigned long *);
static int	 group_row_check(struct jread *, struct doc *, struct row *,
		    const char *, unsigned);
static int	 read_row(struct jread *, struct doc *);
static int	 read_codes(struct jread *, struct doc *);
static int	 read_doc(struct jread *, struct doc *);
static int	 check_doc(struct jread *, struct doc *);
static int	 apply_doc(struct summary *, struct jread *,
		    const struct doc *);

struct summary *
summary_new(void)
{
	struct summary	*s;

	/* Half a megabyte: calloc(3) takes it zeroed from the system. */
	s = xcalloc(1, sizeof(*s));
	s->by = -1;
	return s;
}

void
summary_free(struct summary *s)
{
	free(s);
}

static unsigned
hash(const char *k)
{
	unsigned	 h = 2166136261u;

	for (; *k != '\0'; k++)
		h = (h ^ (unsigned char)*k) * 16777619u;
	return h;
}

/* The slot of key, claimed if new; NULL when the table is full. */
static struct slot *
slot_for(struct summary *s, const char *key)
{
	size_t	 i, n;

	for (n = 0, i = hash(key) % SUMMARY_SLOTS; n < SUMMARY_SLOTS;
	    n++, i = (i + 1) % SUMMARY_SLOTS) {
		if (s->slot[i].key[0] == '\0') {
			if (s->used * 4 >= (size_t)SUMMARY_SLOTS * 3)
				return NULL;	/* keep probing short */
			memcpy(s->slot[i].key, key, strlen(key) + 1);
			s->used++;
			return &s->slot[i];
		}
		if (strcmp(s->slot[i].key, key) == 0)
			return &s->slot[i];
	}
	return NULL;
}

void
summary_lines(struct summary *s, unsigned long lines)
{
	s->lines += lines;
}

/*
 * The key of a code in the table: "550 4.7.1" when the reply's class and
 * the code's disagree, else just the code; "@key" of the vendor's entry
 * after it, the vendor's message being a finer group than the code.
 */
static void
make_key(char *key, const struct smtp_code *c, int reply,
    const struct kb_entry *vendor)
{
	size_t	 k;

	if (reply != 0 && reply / 100 != c->cls) {
		reply_put(key, reply)[0] = ' ';
		code_format(c, key + 4, KEY_MAX - 4);
	} else
		code_format(c, key, KEY_MAX);
	if (vendor != NULL && (k = strlen(key)) + strlen(vendor->key) + 2 <
	    KEY_MAX) {
		key[k] = '@';
		memcpy(key + k + 1, vendor->key, strlen(vendor->key) + 1);
	}
}

/*
 * Count n lines of one verdict under its key: the code, the vendor's
 * entry with --summary=vendor, the reason with --summary=reason.  A row
 * stands for its key alone, so that merged summaries print as the whole.
 */
void
summary_add(struct summary *s, enum summary_by by, const struct verdict *v,
    unsigned long n)
{
	const struct smtp_code	*c = &v->code;
	const struct kb_entry	*vendor = v->vendor != NULL ? v->vendor :
				    v->receiver;
	struct slot		*sl;
	struct seen		*seen = NULL;
	int			 cls = v->cls;
	char			 key[KEY_MAX];
	size_t			 k;
	int			 hit = 0;	/* seen has the slot */

	s->by = (int)by;
	s->coded += n;
	if (cls >= 0 && cls <= 5)
		s->by_class[cls] += n;
	/*
	 * By code or vendor, the key follows from code, reply, vendor; by
	 * reason, from the reason.
	 */
	if (by == SUMMARY_CODE || by == SUMMARY_VENDOR) {
		if (by == SUMMARY_CODE)
			vendor = NULL;
		seen = seen_for(s, c, v->reply, vendor);
		hit = seen->sl != NULL && seen->reply == v->reply &&
		    seen->vendor == vendor && seen->by == (int)by &&
		    memcmp(&seen->code, c, sizeof(*c)) == 0;
	} else if (by == SUMMARY_REASON) {
		seen = &s->seen[(unsigned)((uintptr_t)v->reason >> 3) *
		    2654435761u >> (32 - SEEN_BITS)];
		hit = seen->sl != NULL && seen->reason == v->reason &&
		    seen->by == (int)by;
	}
	if (hit)
		sl = seen->sl;
	else {
		/* The reason copied as snprintf(3) "%s" would, for less. */
		if (by == SUMMARY_REASON) {
			if ((k = strlen(v->reason)) >= sizeof(key))
				k = sizeof(key) - 1;
			memcpy(key, v->reason, k);
			key[k] = '\0';
		} else if (GROUPED(by))
			group_key(key, v, by);
		else
			make_key(key, c, v->reply, by == SUMMARY_VENDOR ?
			    vendor : NULL);
		if ((sl = slot_for(s, key)) == NULL) {
			s->other += n;
			return;
		}
		if (seen != NULL) {
			seen->code = *c;
			seen->reply = v->reply;
			seen->by = (int)by;
			seen->vendor = vendor;
			seen->reason = v->reason;
			seen->sl = sl;
		}
	}
	sl->count += n;
	if (cls >= 0 && cls <= 5)
		sl->cls[cls] += n;
}

/* Where summary_add() keeps the slot of a code, reply and vendor. */
static struct seen *
seen_for(struct summary *s, const struct smtp_code *c, int reply,
    const struct kb_entry *vendor)
{
	unsigned	 h;

	h = code_hash(c, reply) ^ (unsigned)((uintptr_t)vendor >> 4) *
	    2654435761u;
	return &s->seen[h >> (32 - SEEN_BITS)];
}

/*
 * The eight bytes at p lowered into key (lower8()) when all are
 * printable ASCII; 0 if not, nothing written.  Each test is made on a
 * byte's low seven bits, where adding cannot carry into the next byte:
 * at least 0x20, and not DEL (not zero after an exclusive or).
 */
static int
lower8_plain(char *key, const char *p)
{
	const uint64_t	 ones = 0x0101010101010101ULL;
	const uint64_t	 highs = 0x8080808080808080ULL;
	uint64_t	 x, lo;

	memcpy(&x, p, 8);
	lo = x & ~highs;
	if (((lo + 0x60 * ones) & ((lo ^ 0x7f * ones) + 0x7f * ones) & ~x &
	    highs) != highs)
		return 0;
	x = lower8(x);
	memcpy(key, &x, 8);
	return 1;
}

/*
 * The key of a line by recipient domain or remote host, in lower case,
 * as pflogsumm groups them; NONE_KEY when the line names none.  A name
 * longer than a key is cut, never inside a UTF-8 character.
 */
static void
group_key(char *key, const struct verdict *v, enum summary_by by)
{
	const char	*p;
	size_t		 n, i, len;
	unsigned	 cp, c;

	p = by == SUMMARY_DOMAIN ? v->li.rcpt : v->li.host;
	n = by == SUMMARY_DOMAIN ? v->li.rcptlen : v->li.hostlen;
	if (p != NULL)
		n = strnlen(p, n);	/* a NUL byte ends the name */
	if (p != NULL && by == SUMMARY_DOMAIN) {
		for (i = n; i > 0 && p[i - 1] != '@'; i--)
			continue;
		if (i == 0)
			p = NULL;	/* no domain: a local name */
		else {
			p += i;
			n -= i;
		}
	}
	/* A report's Remote-MTA may be "mx.example.org [192.0.2.1]". */
	if (p != NULL && by == SUMMARY_RELAY) {
		for (; n > 0 && (*p == '[' || *p == ' ' || *p == '\t'); n--)
			p++;
		for (i = 0; i < n && strchr(" \t[]()<>;,|", p[i]) == NULL; i++)
			continue;
		n = i;
	}
	while (p != NULL && n > 0 && strchr(">.,;:]", p[n - 1]) != NULL)
		n--;
	if (p == NULL || n == 0) {
		memcpy(key, NONE_KEY, sizeof(NONE_KEY));
		return;
	}
	if (n >= KEY_MAX)
		for (n = KEY_MAX - 1; n > 0 && (p[n] & 0xc0) == 0x80; n--)
			continue;
	/*
	 * Plain text only, so that the JSON of the row merges back.  Eight
	 * printable ASCII bytes at a time, the last eight read to the end
	 * (those before i were plain and are written the same again); an
	 * ASCII byte is taken here: through term_utf8(), the bytes of a
	 * domain cost 40 instructions each.
	 */
	for (i = 0; i < n; i += len) {
		if (n - i >= 8 && lower8_plain(key + i, p + i)) {
			len = 8;
			continue;
		}
		if (n - i < 8 && n >= 8 &&
		    lower8_plain(key + n - 8, p + n - 8)) {
			len = n - i;
			continue;
		}
		len = 1;
		c = (unsigned char)p[i];
		if (c < 0x80) {
			key[i] = c < 0x20 || c == 0x7f ? '?' :
			    c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') :
			    (char)c;
			continue;
		}
		len = term_utf8((const unsigned char *)p + i, n - i, &cp);
		if (len == 0 || cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
			key[i] = '?';
			len = 1;
		} else if (len == 1)
			key[i] = p[i] >= 'A' && p[i] <= 'Z' ?
			    (char)(p[i] - 'A' + 'a') : p[i];
		else
			memcpy(key + i, p + i, len);
	}
	key[n] = '\0';
}

static int
cmp_slot(const void *a, const void *b)
{
	const struct slot	*x = *(const struct slot *const *)a;
	const struct slot	*y = *(const struct slot *const *)b;

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return strcmp(x->key, y->key);
}

/* The used slots, most frequent first; returns their number. */
static size_t
sorted(const struct summary *s, const struct slot **out)
{
	size_t	 i, n = 0;

	for (i = 0; i < SUMMARY_SLOTS; i++)
		if (s->slot[i].key[0] != '\0')
			out[n++] = &s->slot[i];
	qsort(out, n, sizeof(const struct slot *), cmp_slot);
	return n;
}

size_t
summary_rows(const struct summary *s, const char **keys,
    unsigned long *counts, unsigned long (*cls)[6])
{
	const struct slot	**v;
	size_t			  i, n;

	v = xmalloc(sizeof(const struct slot *) * SUMMARY_SLOTS);
	n = sorted(s, v);
	for (i = 0; i < n; i++) {
		keys[i] = v[i]->key;
		counts[i] = v[i]->count;
		if (cls != NULL)
			memcpy(cls[i], v[i]->cls, sizeof(cls[i]));
	}
	free(v);
	return n;
}

void
summary_totals(const struct summary *s, struct summary_totals *t)
{
	t->by = s->by >= 0 ? by_names[s->by] : NULL;
	t->grouped = s->by >= 0 && GROUPED(s->by);
	t->lines = s->lines;
	t->coded = s->coded;
	t->other = s->other;
	memcpy(t->by_class, s->by_class, sizeof(t->by_class));
}

int
summary_key_code(const char *key, struct smtp_code *c, int *reply,
    const struct kb_entry **vendor)
{
	return key_code(key, c, reply, vendor);
}

/*
 * Parse a key back into its code and vendor entry (or NULL); *reply is
 * set for "550 4.7.1".
 */
static int
key_code(const char *key, struct smtp_code *c, int *reply,
    const struct kb_entry **vendor)
{
	struct code_error	 ce;
	const char		*sp = strchr(key, ' '), *at = strchr(key, '@');
	char			 code[KEY_MAX];

	*reply = 0;
	*vendor = at == NULL ? NULL : kb_lookup(at + 1);
	if (sp != NULL && (at == NULL || sp < at)) {
		*reply = atoi(key);
		key = sp + 1;
	}
	snprintf(code, sizeof(code), "%.*s", (int)(at == NULL ? strlen(key) :
	    (size_t)(at - key)), key);
	return code_parse(code, c, &ce);
}

/* The code part of a key: "5.7.1@microsoft-s3150" shows as "5.7.1". */
static int
code_width(const char *key)
{
	const char	*at = strchr(key, '@');

	return at == NULL ? (int)strlen(key) : (int)(at - key);
}

/* term_unit(), with a tab or a newline shown as ^I or ^J. */
static size_t
unit(const char *s, size_t n, char *buf, size_t *blen, int *cols)
{
	if (*s == '\t' || *s == '\n') {
		buf[0] = '^';
		buf[1] = *s == '\t' ? 'I' : 'J';
		*blen = 2;
		*cols = 2;
		return 1;
	}
	return term_unit(s, n, buf, blen, cols);
}

/*
 * The printable ASCII at the start of s[0..n), one column a byte and
 * shown as it is: most cells are all of it, and a call of unit() and of
 * fwrite(3) a byte was most of printing the table.
 */
static size_t
plain_run(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n && s[i] >= 0x20 && s[i] < 0x7f; i++)
		continue;
	return i;
}

/* Columns a text takes on a terminal, in its safe form. */
static int
cols_of(const char *s)
{
	char	 buf[TERM_UNIT_MAX];
	size_t	 n = strlen(s), i = plain_run(s, n), blen;
	int	 c, total = (int)i;

	while (i < n) {
		i += unit(s + i, n - i, buf, &blen, &c);
		total += c;
	}
	return total;
}

/*
 * One cell in w columns, in its safe form: padded (on the left when
 * right is set), or cut with an ellipsis when it is longer.  A negative
 * w is the last column: no padding after it.
 */
static void
put_cell(FILE *fp, const char *s, int w, int right)
{
	char	 buf[TERM_UNIT_MAX];
	size_t	 i, n = strlen(s), blen, step;
	int	 c, used = 0, last = w < 0, cols = cols_of(s);

	if (last)
		w = -w;
	if (cols > w) {
		/* The plain bytes that fit before the ellipsis, at once. */
		i = plain_run(s, n);
		if (i > (size_t)(w > 0 ? w - 1 : 0))
			i = (size_t)(w > 0 ? w - 1 : 0);
		fwrite(s, 1, i, fp);
		for (used = (int)i; i < n; i += step, used += c) {
			step = unit(s + i, n - i, buf, &blen, &c);
			if (used + c > w - 1)
				break;
			fwrite(buf, 1, blen, fp);
		}
		fputs("\xe2\x80\xa6", fp);	/* U+2026, the ellipsis */
		for (used++; !last && used < w; used++)
			fputc(' ', fp);
		return;
	}
	for (; right && cols < w; cols++)
		fputc(' ', fp);
	i = plain_run(s, n);
	fwrite(s, 1, i, fp);
	for (; i < n; i += step) {
		step = unit(s + i, n - i, buf, &blen, &c);
		fwrite(buf, 1, blen, fp);
	}
	for (; !last && cols < w; cols++)
		fputc(' ', fp);
}

/* The columns a line of the table takes. */
static int
table_width(const struct table *t)
{
	int	 i, n = 0, total = 0;

	for (i = 0; i < t->ncols; i++)
		if (t->w[i] > 0) {
			total += t->w[i];
			n++;
		}
	return total + (n > 1 ? (n - 1) * t->sep : 0);
}

/*
 * Column widths from the cells, then the steps that give up width, in
 * order, until a line fits in width (0: no limit).  What is still too
 * wide after the last step comes off the last column.
 */
static void
table_fit(struct table *t, int width, const struct step *st, size_t nst)
{
	size_t	 r, k;
	int	 i, c, over, last;

	t->sep = 2;
	for (i = 0; i < t->ncols; i++)
		t->w[i] = cols_of(t->head[i]);
	for (r = 0; r < t->nrows; r++)
		for (i = 0; i < t->ncols; i++)
			if ((c = cols_of(t->rows[r].cell[i])) > t->w[i])
				t->w[i] = c;
	if (width <= 0)
		return;
	for (k = 0; k < nst && (over = table_width(t) - width) > 0; k++) {
		if (st[k].col < 0)
			t->sep = 1;
		else if (st[k].min == 0)
			t->w[st[k].col] = 0;
		else if (t->w[st[k].col] > st[k].min)
			t->w[st[k].col] = t->w[st[k].col] - over > st[k].min ?
			    t->w[st[k].col] - over : st[k].min;
	}
	for (last = t->ncols - 1; last > 0 && t->w[last] == 0; last--)
		continue;
	if ((over = table_width(t) - width) > 0)
		t->w[last] = t->w[last] - over > 1 ? t->w[last] - over : 1;
}

static void
table_print(FILE *fp, const struct table *t)
{
	size_t	 r;
	int	 i, k, last, first;

	for (last = t->ncols - 1; last > 0 && t->w[last] == 0; last--)
		continue;
	for (r = 0; r <= t->nrows; r++) {
		for (i = 0, first = 1; i <= last; i++) {
			if (t->w[i] == 0)
				continue;
			for (k = 0; !first && k < t->sep; k++)
				fputc(' ', fp);
			first = 0;
			put_cell(fp, r == 0 ? t->head[i] :
			    t->rows[r - 1].cell[i], i == last ? -t->w[i] :
			    t->w[i], t->right[i]);
		}
		fputc('\n', fp);
	}
}

/* A row of the table by code, vendor or reason. */
static void
code_row(struct cells *row, const struct slot *sl)
{
	const struct kb_entry	*e, *vendor;
	struct smtp_code	 c;
	int			 reply, fb, cls, i;

	for (i = 0; i < COLS_MAX; i++)
		row->cell[i] = "";
	snprintf(row->num[0], NUM_MAX, "%lu", sl->count);
	row->cell[0] = row->num[0];
	if (sl->key[0] >= 'a' && sl->key[0] <= 'z') {
		row->cell[1] = sl->key;		/* grouped by reason */
		return;
	}
	snprintf(row->num[1], NUM_MAX, "%.*s", code_width(sl->key), sl->key);
	row->cell[1] = row->num[1];
	if (key_code(sl->key, &c, &reply, &vendor) == -1)
		return;
	/*
	 * A row stands for its key alone, so that a merged summary prints
	 * as the summary of the whole: the vendor's reading when the key
	 * names one (--summary=vendor), else the code's.
	 */
	e = vendor != NULL && vendor->kind == KIND_VENDOR ? vendor :
	    kb_resolve(&c, &fb);
	cls = reply != 0 ? reply / 100 : c.cls;
	row->cell[2] = cls == 5 ? "permanent" : cls == 4 ? "transient" :
	    cls == 3 ? "intermed." : cls == 2 ? "success" : "-";
	row->cell[3] = kb_reason(e, cls);
	row->cell[4] = vendor != NULL && !kb_generic(vendor) ?
	    vendor->vendor : "-";
	row->cell[5] = e != NULL ? e->title : "-";
}

/* A row of the table by domain or relay: the lines per class. */
static void
group_row(struct cells *row, const struct slot *sl)
{
	static const int	 cls[] = { 5, 4, 2 };
	size_t			 i;

	snprintf(row->num[0], NUM_MAX, "%lu", sl->count);
	row->cell[0] = row->num[0];
	for (i = 0; i < 3; i++) {
		snprintf(row->num[i + 1], NUM_MAX, "%lu", sl->cls[cls[i]] +
		    (cls[i] == 2 ? sl->cls[3] : 0));
		row->cell[i + 1] = row->num[i + 1];
	}
	row->cell[4] = strcmp(sl->key, NONE_KEY) == 0 ? "(none)" : sl->key;
}

/*
 * "458 lines, 245 explained: 170 permanent, 50 transient, 25 success",
 * wrapped at width (0: no limit) between its parts.
 */
static void
totals(FILE *fp, const struct summary *s, int width)
{
	static const int	 order[] = { 5, 4, 2, 3 };
	static const char *const words[] = {
		"", "", "success", "intermediate", "transient", "permanent"
	};
	char			 part[6][48];
	size_t			 i, np = 0, len;
	int			 col = 0;

	/* Bounce messages are counted by recipient, without lines. */
	if (s->lines > 0 || s->coded == 0)
		snprintf(part[np++], sizeof(part[0]), "%lu line%s,", s->lines,
		    s->lines == 1 ? "" : "s");
	snprintf(part[np++], sizeof(part[0]), s->coded == 0 ?
	    "none explained" : "%lu explained:", s->coded);
	for (i = 0; i < 4; i++)
		if (s->by_class[order[i]] != 0)
			snprintf(part[np++], sizeof(part[0]), "%lu %s,",
			    s->by_class[order[i]], words[order[i]]);
	if ((len = strlen(part[np - 1])) > 0 && part[np - 1][len - 1] == ',')
		part[np - 1][len - 1] = '\0';
	fputc('\n', fp);
	for (i = 0; i < np; i++) {
		len = strlen(part[i]);
		if (col > 0 && width > 0 && col + 1 + (int)len > width) {
			fputc('\n', fp);
			col = 0;
		} else if (col > 0) {
			fputc(' ', fp);
			col++;
		}
		fputs(part[i], fp);
		col += (int)len;
	}
	fputc('\n', fp);
}

/*
 * The table in width columns (0: no limit): by code and vendor, count,
 * code, class, reason, vendor and title; by reason, count and reason; by
 * domain or relay, count, the lines per class and the name.
 */
void
summary_print(FILE *fp, const struct summary *s, int width)
{
	static const struct step code_steps[] = {
		{ 4, 22 }, { 5, 30 }, { -1, 1 }, { 4, 12 }, { 5, 16 },
		{ 4, 0 }, { 2, 0 }, { 5, 8 }, { 5, 0 }, { 3, 0 }
	};
	static const struct step group_steps[] = {
		{ -1, 1 }, { 4, 16 }, { 3, 0 }, { 4, 12 }, { 2, 0 }
	};
	static const char *const code_heads[] = {
		"count", "code", "class", "reason", "vendor", "title"
	};
	const struct slot	**v;
	struct table		  t;
	size_t			  i, n;
	int			  grouped = s->by >= 0 && GROUPED(s->by);

	v = xmalloc(sizeof(const struct slot *) * SUMMARY_SLOTS);
	n = sorted(s, v);
	memset(&t, 0, sizeof(t));
	t.rows = xmalloc((n + 1) * sizeof(*t.rows));
	t.ncols = grouped ? 5 : n > 0 && v[0]->key[0] >= 'a' &&
	    v[0]->key[0] <= 'z' ? 2 : 6;
	for (i = 0; i < (size_t)t.ncols; i++)
		t.head[i] = code_heads[i];
	t.right[0] = 1;
	if (grouped) {
		t.head[1] = "permanent";
		t.head[2] = "transient";
		t.head[3] = "success";
		t.head[4] = by_names[s->by];
		t.right[1] = t.right[2] = t.right[3] = 1;
	} else if (t.ncols == 2)
		t.head[1] = "reason";
	for (i = 0; i < n; i++)
		if (grouped)
			group_row(&t.rows[i], v[i]);
		else
			code_row(&t.rows[i], v[i]);
	t.nrows = n;
	if (s->other > 0) {
		for (i = 0; i < COLS_MAX; i++)
			t.rows[n].cell[i] = "";
		snprintf(t.rows[n].num[0], NUM_MAX, "%lu", s->other);
		t.rows[n].cell[0] = t.rows[n].num[0];
		if (t.ncols == 6)
			t.rows[n].cell[1] = "other";
		t.rows[n].cell[t.ncols - 1] = t.ncols == 6 ? "(more distinct "
		    "codes than the table holds)" : "other (more than the "
		    "table holds)";
		t.nrows++;
	}
	if (grouped)
		table_fit(&t, width, group_steps, sizeof(group_steps) /
		    sizeof(group_steps[0]));
	else
		table_fit(&t, width, code_steps, t.ncols == 2 ? 0 :
		    sizeof(code_steps) / sizeof(code_steps[0]));
	if (t.ncols == 6 && t.w[4] > 22)
		t.w[4] = 22;	/* a long vendor name, cut even in a pipe */
	table_print(fp, &t);
	totals(fp, s, width);
	free(t.rows);
	free(v);
}

/* *a += b, or -1 if the sum does not fit. */
static int
add(unsigned long *a, unsigned long b)
{
	if (*a > ULONG_MAX - b)
		return -1;
	*a += b;
	return 0;
}

/*
 * A code row's key must be one smtpcode writes: parsed back and written
 * again, it comes out the same, so that no stray text, no out-of-range
 * reply and no unknown vendor entry slips into the table.  Returns 1 for
 * a key with a vendor's entry, 0 for a plain code, -1 if it is neither.
 */
static int
check_key(const char *key)
{
	const struct kb_entry	*vendor;
	struct smtp_code	 c;
	char			 again[KEY_MAX];
	int			 reply, cls;
	const char		*sp = strchr(key, ' ');

	/* A reply before the code is three digits, read without atoi(). */
	if (sp != NULL && (sp - key != 3 || strspn(key, "0123456789") != 3))
		return -1;
	if (key_code(key, &c, &reply, &vendor) == -1)
		return -1;
	if (strchr(key, '@') != NULL && (vendor == NULL ||
	    vendor->kind < KIND_VENDOR))
		return -1;
	cls = reply != 0 ? reply / 100 : c.cls;
	if (cls < 2 || cls > 5)
		return -1;
	make_key(again, &c, reply, vendor);
	if (strcmp(again, key) != 0)
		return -1;
	return vendor != NULL;
}

/* A problem with a key: the message points at the key. */
static int
fail_at(struct jread *j, unsigned long line, unsigned long col,
    const char *key, const char *what)
{
	j->line = line;
	j->col = col;
	return jread_fail(j, "\"%s\" %s", term_quote(key, 40), what);
}

/* "by_class": {"2": n, "3": n, "4": n, "5": n}, each once. */
static int
read_classes(struct jread *j, unsigned long *by_class)
{
	char		 name[8];
	unsigned	 seen = 0, n = 0;
	int		 cls, more;

	while ((more = jread_member(j, &n, name, sizeof(name))) == 1) {
		if (name[0] < '2' || name[0] > '5' || name[1] != '\0')
			return jread_fail(j, "unknown class \"%s\"",
			    term_quote(name, 8));
		cls = name[0] - '0';
		if (seen & 1u << cls)
			return jread_fail(j, "class %d given twice", cls);
		seen |= 1u << cls;
		if (jread_uint(j, &by_class[cls]) == -1)
			return -1;
	}
	return more;
}

/* A row's vendor or receiver: an object of strings, not used. */
static int
read_object(struct jread *j)
{
	char		 name[16];
	unsigned	 n = 0;
	int		 more;

	while ((more = jread_member(j, &n, name, sizeof(name))) == 1)
		if (jread_scalar(j) == -1)
			return -1;
	return more == -1 ? -1 : JREAD_OBJECT;
}

/* A row's name by domain or relay: a string, or null for none. */
static int
read_group(struct jread *j, char *name, unsigned long *line,
    unsigned long *col)
{
	if (jread_peek(j) == 'n') {
		if (jread_scalar(j) != JREAD_NULL)
			return jread_fail(j, "a name must be a string or null");
		memcpy(name, NONE_KEY, sizeof(NONE_KEY));
		return 0;
	}
	*line = j->line;
	*col = j->col + 1;
	if (jread_string(j, name, KEY_MAX) == -1)
		return -1;
	if (*name == '\0' || strcmp(name, NONE_KEY) == 0 || !term_plain(name))
		return fail_at(j, *line, *col, name, "is not a name smtpcode "
		    "counts");
	return 0;
}

/* A row by domain or relay: its classes add up to its count. */
static int
group_row_check(struct jread *j, struct doc *d, struct row *r,
    const char *name, unsigned seen)
{
	unsigned long	 sum = 0;
	int		 cls, by;

	by = seen & G_DOMAIN ? SUMMARY_DOMAIN : SUMMARY_RELAY;
	if (seen & 3)
		return jread_fail(j, "a row by %s with a code or reason",
		    by_names[by]);
	if (!(seen & G_CLASSES))
		return jread_fail(j, "a row by %s without \"by_class\"",
		    by_names[by]);
	for (cls = 2; cls <= 5; cls++)
		if (add(&sum, r->cls[cls]) == -1)
			return jread_fail(j, "counts larger than %lu",
			    ULONG_MAX);
	if (sum != r->count)
		return jread_fail(j, "the classes of a row add up to %lu, its "
		    "\"count\" says %lu", sum, r->count);
	if (d->has_group != 0 && d->has_group != by + 1)
		return jread_fail(j, "rows by domain and by relay mixed");
	d->has_group = by + 1;
	memcpy(r->key, name, KEY_MAX);
	d->nrows++;
	return 0;
}

/*
 * {"code": "550 4.7.1", "count": n, ...} or {"reason": "...", "count": n}.
 * The other members of a code row are what smtpcode derives from the
 * code: their types are checked, their values not used.
 */
static int
read_row(struct jread *j, struct doc *d)
{
	static const struct {
		const char	*name;
		int		 types;
	} derived[] = {
		{ "class", JREAD_NUMBER }, { "key", JREAD_STRING },
		{ "title", JREAD_STRING },
		{ "vendor", JREAD_OBJECT | JREAD_NULL },
		{ "receiver", JREAD_OBJECT | JREAD_NULL },
		{ "fallback", JREAD_BOOL },
	};
	char		 name[16], code[KEY_MAX], reason[KEY_MAX];
	struct row	*r;
	size_t		 i;
	unsigned long	 line = 0, col = 0;
	unsigned	 seen = 0, n = 0;
	int		 type, k, more;

	code[0] = reason[0] = '\0';
	if (d->nrows >= SUMMARY_SLOTS)
		return jread_fail(j, "more than %d codes", SUMMARY_SLOTS);
	r = &d->rows[d->nrows];
	memset(r->cls, 0, sizeof(r->cls));
	while ((more = jread_member(j, &n, name, sizeof(name))) == 1) {
		if (strcmp(name, "code") == 0 && !(seen & 1)) {
			seen |= 1;
			jread_peek(j);
			line = j->line;		/* where a bad key is */
			col = j->col + 1;
			if (jread_string(j, code, sizeof(code)) == -1)
				return -1;
		} else if (strcmp(name, "reason") == 0 && !(seen & 2)) {
			seen |= 2;
			jread_peek(j);
			if (!(seen & 1)) {
				line = j->line;
				col = j->col + 1;
			}
			if (jread_string(j, reason, sizeof(reason)) == -1)
				return -1;
		} else if (strcmp(name, "count") == 0 && !(seen & 4)) {
			seen |= 4;
			if (jread_uint(j, &r->count) == -1)
				return -1;
		} else if ((strcmp(name, "domain") == 0 ||
		    strcmp(name, "relay") == 0) && !(seen & (G_DOMAIN |
		    G_RELAY))) {
			seen |= name[0] == 'd' ? G_DOMAIN : G_RELAY;
			if (read_group(j, code, &line, &col) == -1)
				return -1;
		} else if (strcmp(name, "by_class") == 0 &&
		    !(seen & G_CLASSES)) {
			seen |= G_CLASSES;
			if (read_classes(j, r->cls) == -1)
				return -1;
		} else {
			for (i = 0; i < sizeof(derived) / sizeof(derived[0]);
			    i++)
				if (strcmp(name, derived[i].name) == 0)
					break;
			if (i == sizeof(derived) / sizeof(derived[0]))
				return jread_fail(j, "unknown member \"%s\"",
				    term_quote(name, sizeof(name)));
			if (seen & 8u << i)
				return jread_fail(j, "\"%s\" given twice",
				    name);
			seen |= 8u << i;
			if ((type = jread_peek(j) == '{' ? read_object(j) :
			    jread_scalar(j)) == -1)
				return -1;
			if (!(type & derived[i].types))
				return jread_fail(j, "\"%s\" of the wrong "
				    "type", name);
		}
	}
	if (more == -1)
		return -1;
	if (!(seen & 4))
		return jread_fail(j, "a code without its \"count\"");
	if (seen & (G_DOMAIN | G_RELAY))
		return group_row_check(j, d, r, code, seen);
	if (seen & G_CLASSES)
		return jread_fail(j, "\"by_class\" in a row by code or reason");
	if (seen & 1) {
		if ((k = check_key(code)) == -1)
			return fail_at(j, line, col, code,
			    "is not a code smtpcode counts");
		d->has_vendor |= k;
		d->has_code = 1;
		memcpy(r->key, code, sizeof(r->key));
	} else if (seen & 2) {
		if (!kbcheck_reason(reason) || seen > 7)
			return fail_at(j, line, col, reason,
			    "is not a bounce reason");
		d->has_reason = 1;
		memcpy(r->key, reason, sizeof(r->key));
	} else
		return jread_fail(j, "a row without \"code\" or \"reason\"");
	d->nrows++;
	return 0;
}

static int
read_codes(struct jread *j, struct doc *d)
{
	if (jread_expect(j, '[') == -1)
		return -1;
	if (jread_peek(j) == ']')
		return jread_expect(j, ']');
	do {
		if (read_row(j, d) == -1)
			return -1;
	} while (jread_more(j, ']') == 1);
	return j->failed ? -1 : 0;
}

/* One summary object, every member once, in any order. */
static int
read_doc(struct jread *j, struct doc *d)
{
	static const char *const members[] = {
		"schema", "by", "lines", "lines_with_codes",
		"other", "by_class", "codes", "type", NULL
	};
	char		 name[24], by[8], type[16];
	unsigned long	 version;
	unsigned	 seen = 0, n = 0;
	int		 m, rc, more;

	if (jread_peek(j) != '{')
		return jread_fail(j, "not a JSON summary: no '{' here");
	while ((more = jread_member(j, &n, name, sizeof(name))) == 1) {
		for (m = 0; members[m] != NULL; m++)
			if (strcmp(name, members[m]) == 0)
				break;
		if (members[m] == NULL)
			return jread_fail(j, "unknown member \"%s\"",
			    term_quote(name, sizeof(name)));
		if (seen & 1u << m)
			return jread_fail(j, "\"%s\" given twice", name);
		seen |= 1u << m;
		switch (m) {
		case 0:
			if ((rc = jread_uint(j, &version)) == 0 &&
			    version != 1)
				return jread_fail(j, "summary version %lu; "
				    "this smtpcode reads 1", version);
			break;
		case 1:
			if ((rc = jread_string(j, by, sizeof(by))) == -1)
				break;
			for (d->by = 0; d->by < (int)NBY; d->by++)
				if (strcmp(by, by_names[d->by]) == 0)
					break;
			if (d->by == (int)NBY)
				return jread_fail(j, "\"by\" must be code, "
				    "vendor, reason, domain or relay");
			break;
		case 2:
			rc = jread_uint(j, &d->lines);
			break;
		case 3:
			rc = jread_uint(j, &d->coded);
			break;
		case 4:
			rc = jread_uint(j, &d->other);
			break;
		case 5:
			rc = read_classes(j, d->by_class);
			break;
		case 6:
			rc = read_codes(j, d);
			break;
		default:
			if ((rc = jread_string(j, type, sizeof(type))) == 0 &&
			    strcmp(type, "summary") != 0)
				return jread_fail(j, "a JSON object of type "
				    "\"%s\", not a summary",
				    term_quote(type, sizeof(type)));
			break;
		}
		if (rc == -1)
			return -1;
	}
	if (more == -1)
		return -1;
	if ((seen & 0x81) != 0x81)
		return jread_fail(j, "not a summary: no \"schema\" and "
		    "\"type\"");
	if ((seen & 0x7d) != 0x7d)
		return jread_fail(j, "a summary needs \"lines\", "
		    "\"lines_with_codes\", \"other\", \"by_class\" and "
		    "\"codes\"");
	return 0;
}

/* The totals must be the sums of the rows; the grouping one of them. */
static int
check_doc(struct jread *j, struct doc *d)
{
	unsigned long	 rows = d->other, classes = 0;
	size_t		 i;
	int		 cls, by;

	for (i = 0; i < d->nrows; i++)
		if (add(&rows, d->rows[i].count) == -1)
			return jread_fail(j, "counts larger than %lu",
			    ULONG_MAX);
	for (cls = 2; cls <= 5; cls++)
		if (add(&classes, d->by_class[cls]) == -1)
			return jread_fail(j, "counts larger than %lu",
			    ULONG_MAX);
	if (rows != d->coded)
		return jread_fail(j, "the codes and \"other\" add up to %lu, "
		    "\"lines_with_codes\" says %lu", rows, d->coded);
	if (classes != d->coded)
		return jread_fail(j, "the classes add up to %lu, "
		    "\"lines_with_codes\" says %lu", classes, d->coded);
	/* Bounce messages count recipients, not lines: lines is 0. */
	if (d->lines < d->coded && d->lines != 0)
		return jread_fail(j, "more lines with codes (%lu) than "
		    "lines (%lu)", d->coded, d->lines);
	if (d->has_reason && d->has_code)
		return jread_fail(j, "rows by reason and by code mixed");
	if (d->has_group && (d->has_reason || d->has_code))
		return jread_fail(j, "rows by %s and by %s mixed",
		    by_names[d->has_group - 1], d->has_code ? "code" :
		    "reason");
	by = d->has_reason ? SUMMARY_REASON : d->has_vendor ?
	    SUMMARY_VENDOR : d->has_group ? d->has_group - 1 : -1;
	if (d->by == -1)
		d->by = by;
	else if (by != -1 && by != d->by)
		return jread_fail(j, "\"by\" is %s, the rows are by %s",
		    by_names[d->by], by_names[by]);
	else if ((d->by == SUMMARY_REASON || GROUPED(d->by)) && d->has_code)
		return jread_fail(j, "\"by\" is %s, the rows are by code",
		    by_names[d->by]);
	return 0;
}

/* Add a checked summary to s. */
static int
apply_doc(struct summary *s, struct jread *j, const struct doc *d)
{
	struct slot	*sl;
	size_t		 i;
	int		 cls;

	if (d->by != -1 && s->by != -1 && d->by != s->by)
		return jread_fail(j, "a summary by %s cannot be merged with "
		    "one by %s", by_names[d->by], by_names[s->by]);
	if (add(&s->lines, d->lines) == -1 || add(&s->coded, d->coded) == -1)
		return jread_fail(j, "merged counts larger than %lu",
		    ULONG_MAX);
	if (d->by != -1)
		s->by = d->by;
	for (cls = 2; cls <= 5; cls++)
		if (add(&s->by_class[cls], d->by_class[cls]) == -1)
			return jread_fail(j, "merged counts larger than %lu",
			    ULONG_MAX);
	if (add(&s->other, d->other) == -1)
		return jread_fail(j, "merged counts larger than %lu",
		    ULONG_MAX);
	for (i = 0; i < d->nrows; i++) {
		sl = slot_for(s, d->rows[i].key);
		if (add(sl != NULL ? &sl->count : &s->other,
		    d->rows[i].count) == -1)
			return jread_fail(j, "merged counts larger than %lu",
			    ULONG_MAX);
		for (cls = 2; sl != NULL && cls <= 5; cls++)
			if (add(&sl->cls[cls], d->rows[i].cls[cls]) == -1)
				return jread_fail(j, "merged counts larger "
				    "than %lu", ULONG_MAX);
	}
	return 0;
}

/*
 * Add the JSON summaries of in, one or more documents one after the
 * other (as a reducer receives them), to s.  Nothing of a document is
 * added unless all of it is right.  Returns 0, or -1 after a message
 * that names the file (name) and the position of the problem.
 */
int
summary_merge(struct summary *s, FILE *in, const char *name)
{
	struct jread	 j;
	struct doc	 d;
	int		 ndocs = 0, rc = 0;

	jread_init(&j, in, DOC_MAX);
	d.rows = xmalloc(SUMMARY_SLOTS * sizeof(*d.rows));
	for (;;) {
		jread_begin(&j);
		if (jread_peek(&j) == -1 && !j.failed)
			break;
		d.lines = d.coded = d.other = 0;
		memset(d.by_class, 0, sizeof(d.by_class));
		d.by = -1;
		d.has_reason = d.has_code = d.has_vendor = d.has_group = 0;
		d.nrows = 0;
		if (read_doc(&j, &d) == -1 || check_doc(&j, &d) == -1 ||
		    apply_doc(s, &j, &d) == -1) {
			rc = -1;
			break;
		}
		ndocs++;
	}
	free(d.rows);
	if (rc == -1 && j.ioerr != 0)
		msg(MSG_ERROR, name, 0, "%s", strerror(j.ioerr));
	else if (rc == -1)
		/* Line and column, and the program's name before them. */
		msg(MSG_ERROR, NULL, 0, "%s:%lu:%lu: %s", name, j.eline,
		    j.ecol, j.msg);
	else if (ndocs == 0) {
		msg(MSG_ERROR, name, 0, "empty; a JSON summary of smtpcode "
		    "--summary -T json was expected");
		rc = -1;
	}
	return rc;
}
