/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * The --summary table: how often each deciding code occurred, in a fixed
 * amount of memory, printed as text or JSON, and merged from the JSON
 * summaries of several machines.
 */
#include <err.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extern.h"

#define KEY_MAX		64	/* "550 4.7.1", "5.7.1@microsoft-s3150" */

struct slot {
	char		 key[KEY_MAX];	/* the code as shown; "" = free */
	unsigned long	 count;		/* lines it decided */
};

struct summary {
	struct slot	 slot[SUMMARY_SLOTS]; /* open addressing */
	size_t		 used;		/* slots taken */
	unsigned long	 lines;		/* input lines */
	unsigned long	 coded;		/* lines with a code */
	unsigned long	 other;		/* lines whose code found no slot */
	unsigned long	 by_class[6];	/* lines per deciding class */
	int		 by;		/* enum summary_by, or -1 unknown yet */
};

/* One row of a summary being merged, kept until the whole is checked. */
struct row {
	char		 key[KEY_MAX];
	unsigned long	 count;
};

/* The totals and rows of one JSON summary being merged. */
struct doc {
	unsigned long	 lines, coded, other, by_class[6];
	int		 by;		/* from "by", or -1 */
	int		 has_reason;	/* rows grouped by reason */
	int		 has_code;	/* rows grouped by code */
	int		 has_vendor;	/* rows with a vendor's key */
	struct row	*rows;
	size_t		 nrows;
};

#define DOC_MAX		(16UL * 1024 * 1024)	/* bytes of one summary */

static const char *const by_names[] = { "code", "vendor", "reason" };

static unsigned	 hash(const char *);
static struct slot *slot_for(struct summary *, const char *);
static int	 cmp_slot(const void *, const void *);
static size_t	 sorted(const struct summary *, const struct slot **);
static int	 key_code(const char *, struct smtp_code *, int *,
		    const struct kb_entry **);
static int	 code_width(const char *);
static void	 make_key(char *, const struct smtp_code *, int,
		    const struct kb_entry *);
static int	 check_key(const char *);
static int	 add(unsigned long *, unsigned long);
static int	 fail_at(struct jread *, unsigned long, unsigned long,
		    const char *, const char *);
static int	 read_classes(struct jread *, struct doc *);
static int	 read_object(struct jread *);
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

	s = xmalloc(sizeof(*s));
	memset(s, 0, sizeof(*s));
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
		key[0] = (char)('0' + reply / 100);
		key[1] = (char)('0' + reply / 10 % 10);
		key[2] = (char)('0' + reply % 10);
		key[3] = ' ';
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
	int			 cls = v->cls;
	char			 key[KEY_MAX];

	make_key(key, c, v->reply, by == SUMMARY_VENDOR ? vendor : NULL);
	if (by == SUMMARY_REASON)
		snprintf(key, sizeof(key), "%s", v->reason);
	s->by = (int)by;
	s->coded += n;
	if (cls >= 0 && cls <= 5)
		s->by_class[cls] += n;
	if ((sl = slot_for(s, key)) == NULL) {
		s->other += n;
		return;
	}
	sl->count += n;
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
    unsigned long *counts)
{
	const struct slot	**v;
	size_t			  i, n;

	v = xmalloc(sizeof(const struct slot *) * SUMMARY_SLOTS);
	n = sorted(s, v);
	for (i = 0; i < n; i++) {
		keys[i] = v[i]->key;
		counts[i] = v[i]->count;
	}
	free(v);
	return n;
}

void
summary_totals(const struct summary *s, struct summary_totals *t)
{
	t->by = s->by >= 0 ? by_names[s->by] : NULL;
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

void
summary_print(FILE *fp, const struct summary *s)
{
	const struct slot	**v;
	const struct kb_entry	 *e, *vendor;
	struct smtp_code	  c;
	size_t			  i, n;
	int			  reply, fb, cls;

	v = xmalloc(sizeof(const struct slot *) * SUMMARY_SLOTS);
	n = sorted(s, v);
	if (n > 0 && v[0]->key[0] >= 'a' && v[0]->key[0] <= 'z')
		fprintf(fp, "%8s  %s\n", "count", "reason");
	else
		fprintf(fp, "%8s  %-10s %-10s %-16s %-22s %s\n", "count",
		    "code", "class", "reason", "vendor", "title");
	for (i = 0; i < n; i++) {
		if (v[i]->key[0] >= 'a' && v[i]->key[0] <= 'z') {
			fprintf(fp, "%8lu  %s\n", v[i]->count, v[i]->key);
			continue;	/* grouped by reason */
		}
		if (key_code(v[i]->key, &c, &reply, &vendor) == -1)
			continue;
		/*
		 * A row stands for its key alone, so that a merged summary
		 * prints as the summary of the whole: the vendor's reading
		 * when the key names one (--summary=vendor), else the code's.
		 */
		e = vendor != NULL && vendor->kind == KIND_VENDOR ? vendor :
		    kb_resolve(&c, &fb);
		cls = reply != 0 ? reply / 100 : c.cls;
		fprintf(fp, "%8lu  %-10.*s %-10s %-16s %-22.22s ", v[i]->count,
		    code_width(v[i]->key), v[i]->key, cls == 5 ? "permanent" :
		    cls == 4 ? "transient" : cls == 3 ? "intermed." :
		    cls == 2 ? "success" : "-", kb_reason(e, cls),
		    vendor != NULL && strncmp(vendor->key, "generic-", 8) != 0 ?
		    vendor->vendor : "-");
		term_write(fp, e != NULL ? e->title : "-",
		    strlen(e != NULL ? e->title : "-"));
		fputc('\n', fp);
	}
	if (s->other > 0)
		fprintf(fp, "%8lu  %-10s (more distinct codes than the table "
		    "holds)\n", s->other, "other");
	fprintf(fp, "\n%lu lines, %lu explained: %lu success (2), %lu "
	    "intermediate (3), %lu transient (4), %lu permanent (5)\n",
	    s->lines, s->coded, s->by_class[2], s->by_class[3],
	    s->by_class[4], s->by_class[5]);
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

/* "classes": {"2": n, "3": n, "4": n, "5": n}, each once. */
static int
read_classes(struct jread *j, struct doc *d)
{
	char		 name[8];
	unsigned	 seen = 0;
	int		 cls;

	if (jread_expect(j, '{') == -1)
		return -1;
	if (jread_peek(j) == '}')
		return jread_expect(j, '}');
	do {
		if (jread_string(j, name, sizeof(name)) == -1 ||
		    jread_expect(j, ':') == -1)
			return -1;
		if (name[0] < '2' || name[0] > '5' || name[1] != '\0')
			return jread_fail(j, "unknown class \"%s\"",
			    term_quote(name, 8));
		cls = name[0] - '0';
		if (seen & 1u << cls)
			return jread_fail(j, "class %d given twice", cls);
		seen |= 1u << cls;
		if (jread_uint(j, &d->by_class[cls]) == -1)
			return -1;
	} while (jread_more(j, '}') == 1);
	return j->failed ? -1 : 0;
}

/* A row's vendor or receiver: an object of strings, not used. */
static int
read_object(struct jread *j)
{
	char	 name[16];

	if (jread_expect(j, '{') == -1)
		return -1;
	if (jread_peek(j) == '}')
		return jread_expect(j, '}') == -1 ? -1 : JREAD_OBJECT;
	do {
		if (jread_string(j, name, sizeof(name)) == -1 ||
		    jread_expect(j, ':') == -1)
			return -1;
		if (jread_scalar(j) == -1)
			return -1;
	} while (jread_more(j, '}') == 1);
	return j->failed ? -1 : JREAD_OBJECT;
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
	unsigned	 seen = 0;
	int		 type, k;

	code[0] = reason[0] = '\0';
	if (d->nrows >= SUMMARY_SLOTS)
		return jread_fail(j, "more than %d codes", SUMMARY_SLOTS);
	r = &d->rows[d->nrows];
	if (jread_expect(j, '{') == -1)
		return -1;
	do {
		if (jread_string(j, name, sizeof(name)) == -1 ||
		    jread_expect(j, ':') == -1)
			return -1;
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
	} while (jread_more(j, '}') == 1);
	if (j->failed)
		return -1;
	if (!(seen & 4))
		return jread_fail(j, "a code without its \"count\"");
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
	unsigned	 seen = 0;
	int		 m, rc;

	if (jread_peek(j) != '{')
		return jread_fail(j, "not a JSON summary: no '{' here");
	if (jread_expect(j, '{') == -1)
		return -1;
	do {
		if (jread_string(j, name, sizeof(name)) == -1 ||
		    jread_expect(j, ':') == -1)
			return -1;
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
			for (d->by = 0; d->by < 3; d->by++)
				if (strcmp(by, by_names[d->by]) == 0)
					break;
			if (d->by == 3)
				return jread_fail(j, "\"by\" must be code, "
				    "vendor or reason");
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
			rc = read_classes(j, d);
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
	} while (jread_more(j, '}') == 1);
	if (j->failed)
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
	if (d->lines < d->coded)
		return jread_fail(j, "more lines with codes (%lu) than "
		    "lines (%lu)", d->coded, d->lines);
	if (d->has_reason && d->has_code)
		return jread_fail(j, "rows by reason and by code mixed");
	by = d->has_reason ? SUMMARY_REASON : d->has_vendor ?
	    SUMMARY_VENDOR : -1;
	if (d->by == -1)
		d->by = by;
	else if (by != -1 && by != d->by)
		return jread_fail(j, "\"by\" is %s, the rows are by %s",
		    by_names[d->by], by_names[by]);
	else if (d->by == SUMMARY_REASON && d->has_code)
		return jread_fail(j, "\"by\" is reason, the rows are by code");
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
		d.has_reason = d.has_code = d.has_vendor = 0;
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
