/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * --list: the entries with their titles, grouped by kind and sorted by
 * the numbers of their codes (X.7.2 before X.7.10), optionally only those
 * that match a code prefix ("5.7", "X.1", "55", "4") or a vendor name.
 */
#include <ctype.h>
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extern.h"

#define FILTER_MAX	64	/* prefixes on one command line */

/* What one operand selects. */
enum ftype {
	F_DIGITS,		/* "4", "55", "550": replies, or a class */
	F_DOTTED,		/* "5.7", "X.1", "5.7.1", "5.X.X" */
	F_NAME			/* "vendor", "microsoft" */
};

struct filter {
	enum ftype	 type;
	char		 text[32];	/* digits, or the name in lower case */
	int		 comp[3];	/* class, subject, detail; -1: X */
	int		 ncomp;		/* components given */
};

struct row {
	const struct kb_entry *e;
	int		 num[3];	/* its code's numbers, for sorting */
};

static const char *const groups[KIND__MAX] = {
	"Classes", "Subjects", "Enhanced status codes", "Reply codes",
	"Not SMTP codes: operating-system error numbers", "Vendor messages",
	"Mail services known by their hosts"
};

static int	 parse_filter(const char *, struct filter *);
static int	 parse_dotted(const char *, struct filter *);
static int	 comp_match(const struct filter *, int, int);
static int	 class_match(int, unsigned);
static int	 code_match(const struct filter *, const char *, unsigned);
static int	 list_match(const struct filter *, const char *, unsigned);
static int	 has_word(const char *, const char *);
static int	 match(const struct filter *, const struct kb_entry *);
static int	 cmp_row(const void *, const void *);
static struct row *collect(const struct filter *, size_t, size_t *);
static void	 print_text(FILE *, const struct row *, size_t);
static void	 print_json(FILE *, const struct row *, size_t);
static void	 print_doc(FILE *, enum fmt, const struct row *, size_t);

static int
parse_dotted(const char *s, struct filter *f)
{
	char		*end;
	const char	*next;

	f->type = F_DOTTED;
	for (f->ncomp = 0; f->ncomp < 3; f->ncomp++) {
		if (*s == 'X' || *s == 'x') {
			f->comp[f->ncomp] = -1;
			next = s + 1;
		} else if (isdigit((unsigned char)*s)) {
			f->comp[f->ncomp] = (int)strtol(s, &end, 10);
			/* As in codes: no leading zero, at most 3 digits. */
			if ((next = end) - s > 3 || (*s == '0' && next - s > 1))
				return -1;
		} else
			return -1;
		if (*next == '\0') {
			f->ncomp++;
			return 0;
		}
		if (*next != '.')
			return -1;
		s = next + 1;
	}
	return -1;
}

/* 0, or -1 when the operand is neither a prefix nor a name. */
static int
parse_filter(const char *s, struct filter *f)
{
	size_t	 len = strlen(s), i;

	memset(f, 0, sizeof(*f));
	if (len == 0 || len >= sizeof(f->text))
		return -1;
	if (strspn(s, "0123456789") == len && len <= 3) {
		f->type = F_DIGITS;
		memcpy(f->text, s, len + 1);
		return 0;
	}
	if (strchr(s, '.') != NULL)
		return parse_dotted(s, f);
	if (strspn(s, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") != len)
		return -1;
	f->type = F_NAME;
	for (i = 0; i <= len; i++)
		f->text[i] = (char)tolower((unsigned char)s[i]);
	return 0;
}

/* Component i of the filter against a value of the entry (-1: X). */
static int
comp_match(const struct filter *f, int i, int v)
{
	if (i >= f->ncomp || f->comp[i] == -1)
		return 1;
	return v != -1 && f->comp[i] == v;
}

/* The class of a filter against the classes an entry occurs in. */
static int
class_match(int cls, unsigned bits)
{
	return cls == -1 || (cls >= 1 && cls <= 5 && (bits & (1u << cls)));
}

/* A dotted filter against one code of an entry ("5.7.1", "X.7.X"). */
static int
code_match(const struct filter *f, const char *key, unsigned bits)
{
	struct smtp_code	 c;
	struct code_error	 ce;

	if (code_parse(key, &c, &ce) == -1 || c.type == CODE_REPLY)
		return 0;
	if (c.cls != 0)
		bits = 1u << c.cls;
	return class_match(f->ncomp > 0 ? f->comp[0] : -1, bits) &&
	    comp_match(f, 1, c.type == CODE_CLASS ? -1 : c.subject) &&
	    comp_match(f, 2, c.type == CODE_ENHANCED ? c.detail : -1);
}

/* Any word of a list of codes matching the filter? */
static int
list_match(const struct filter *f, const char *list, unsigned bits)
{
	char	*copy, *w, *save;
	int	 hit = 0;

	copy = xstrdup(list);
	for (w = strtok_r(copy, " ", &save); w != NULL && !hit;
	    w = strtok_r(NULL, " ", &save))
		hit = f->type == F_DIGITS ?
		    strncmp(w, f->text, strlen(f->text)) == 0 :
		    code_match(f, w, bits);
	free(copy);
	return hit;
}

/* Does a word of s start with the lower-case name? */
static int
has_word(const char *s, const char *name)
{
	size_t	 i, n = strlen(name);
	const char *p;

	for (p = s; *p != '\0'; p++) {
		if (p > s && isalnum((unsigned char)p[-1]))
			continue;
		for (i = 0; i < n && tolower((unsigned char)p[i]) == name[i];
		    i++)
			continue;
		if (i == n)
			return 1;
	}
	return 0;
}

static int
match(const struct filter *f, const struct kb_entry *e)
{
	size_t	 len = strlen(f->text);

	if (f->type == F_NAME)
		return e->kind >= KIND_VENDOR && (strcmp(f->text,
		    "vendor") == 0 || strncmp(e->key, f->text, len) == 0 ||
		    has_word(e->vendor, f->text));
	if (e->kind == KIND_VENDOR)
		return f->type == F_DIGITS && len == 1 ?
		    class_match(f->text[0] - '0', e->classes) :
		    list_match(f, f->type == F_DIGITS ? e->replies :
		    e->enhanced, e->classes);
	if (e->kind == KIND_REPLY || e->kind == KIND_ERRNO)
		return f->type == F_DIGITS &&
		    strncmp(e->key, f->text, len) == 0;
	if (f->type == F_DIGITS)
		return len == 1 && (e->kind == KIND_CLASS ?
		    e->key[0] == f->text[0] :
		    class_match(f->text[0] - '0', e->classes));
	return code_match(f, e->key, e->classes);
}

static int
cmp_row(const void *a, const void *b)
{
	const struct row	*x = a, *y = b;
	int			 i;

	if (x->e->kind != y->e->kind)
		return x->e->kind < y->e->kind ? -1 : 1;
	for (i = 0; i < 3; i++)
		if (x->num[i] != y->num[i])
			return x->num[i] < y->num[i] ? -1 : 1;
	return strcmp(x->e->key, y->e->key);
}

/* The entries that any filter selects (all without one), sorted. */
static struct row *
collect(const struct filter *f, size_t nf, size_t *n)
{
	struct kb_iter		 it;
	struct row		*rows = NULL;
	struct smtp_code	 c;
	struct code_error	 ce;
	const struct kb_entry	*e;
	size_t			 i;

	memset(&it, 0, sizeof(it));
	*n = 0;
	while ((e = kb_next(&it)) != NULL) {
		for (i = 0; i < nf && !match(&f[i], e); i++)
			continue;
		if (nf > 0 && i == nf)
			continue;
		rows = xrealloc(rows, (*n + 1) * sizeof(*rows));
		memset(&rows[*n], 0, sizeof(rows[*n]));
		rows[*n].e = e;
		if (code_parse(e->key, &c, &ce) == 0) {
			rows[*n].num[0] = c.type == CODE_REPLY ? c.reply :
			    c.cls;
			rows[*n].num[1] = c.subject;
			rows[*n].num[2] = c.detail;
		}
		(*n)++;
	}
	if (*n > 0)
		qsort(rows, *n, sizeof(*rows), cmp_row);
	return rows;
}

/* Columns per group; with an overlay, where each entry comes from. */
static void
print_text(FILE *fp, const struct row *rows, size_t n)
{
	size_t	 i, j, k;
	int	 width;

	for (i = 0; i < n; i = j) {
		width = 0;
		for (j = i; j < n && rows[j].e->kind == rows[i].e->kind; j++)
			if ((int)strlen(rows[j].e->key) > width)
				width = (int)strlen(rows[j].e->key);
		if (i > 0)
			fputc('\n', fp);
		for (k = i; k < j; k++) {
			fprintf(fp, "%-*s  ", width, rows[k].e->key);
			term_write(fp, rows[k].e->title,
			    strlen(rows[k].e->title));
			if (overlay_dir() != NULL)
				fprintf(fp, "  [%s]", kb_is_local(rows[k].e) ?
				    rows[k].e->file : "built-in");
			fputc('\n', fp);
		}
	}
}

static void
print_json(FILE *fp, const struct row *rows, size_t n)
{
	struct page		 x;
	size_t			 i;

	for (i = 0; i < n; i++) {
		page_entry(&x, rows[i].e, NULL);
		render_json_lookup(fp, &x, 0);
		page_free(&x);
	}
}

/* Markdown, and HTML or man made from it. */
static void
print_doc(FILE *fp, enum fmt fmt, const struct row *rows, size_t n)
{
	FILE	*md;
	char	*buf = NULL;
	size_t	 len = 0, i;

	if ((md = open_memstream(&buf, &len)) == NULL)
		err(SC_ERROR, "open_memstream");
	for (i = 0; i < n; i++) {
		if (i == 0 || rows[i].e->kind != rows[i - 1].e->kind)
			fprintf(md, "%s## %s\n\n", i > 0 ? "\n" : "",
			    groups[rows[i].e->kind]);
		fprintf(md, "- `%s` ", rows[i].e->key);
		explain_md_escape(md, rows[i].e->title);
		if (kb_is_local(rows[i].e)) {
			fputs(" (", md);
			explain_md_escape(md, rows[i].e->file);
			fputc(')', md);
		}
		fputc('\n', md);
	}
	if (fclose(md) == EOF)
		err(SC_ERROR, "open_memstream");
	explain_doc(fp, fmt, "smtpcode-list", "SMTP status codes", buf);
	free(buf);
}

int
list_entries(FILE *fp, const struct explain_opts *o, int argc,
    char *argv[])
{
	struct filter	 f[FILTER_MAX];
	struct row	*rows;
	size_t		 n;
	int		 i;

	if (argc > FILTER_MAX) {
		warnx("--list takes at most %d prefixes", FILTER_MAX);
		return SC_ERROR;
	}
	for (i = 0; i < argc; i++)
		if (parse_filter(argv[i], &f[i]) == -1) {
			warnx("%s: not a code prefix (5.7, X.1, 55) or a "
			    "vendor name", argv[i]);
			return SC_ERROR;
		}
	rows = collect(f, (size_t)argc, &n);
	if (n > 0 && o->fmt == FMT_JSON)
		print_json(fp, rows, n);
	else if (n > 0 && o->fmt == FMT_TEXT)
		print_text(fp, rows, n);
	else if (n > 0)
		print_doc(fp, o->fmt, rows, n);
	free(rows);
	return explain_flush(fp, n > 0 ? SC_OK : SC_NOTFOUND);
}
