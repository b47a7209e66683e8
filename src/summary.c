/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * The --summary table: how often each deciding code occurred, in a fixed
 * amount of memory, printed as text or JSON, and merged from the JSON
 * summaries of several machines.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extern.h"

#define KEY_MAX		64	/* "550 4.7.1", "5.7.1@microsoft-s3150" */

struct slot {
	char		 key[KEY_MAX];	/* the code as shown; "" = free */
	unsigned long	 count;		/* lines it decided */
	const char	*reason;	/* the verdicts' reason, or NULL */
	const struct kb_entry *vendor;	/* the verdicts' vendor, or NULL */
	int		 mixed;		/* 1: reasons differ, 2: vendors too */
};

struct summary {
	struct slot	 slot[SUMMARY_SLOTS]; /* open addressing */
	size_t		 used;		/* slots taken */
	unsigned long	 lines;		/* input lines */
	unsigned long	 coded;		/* lines with a code */
	unsigned long	 other;		/* lines whose code found no slot */
	unsigned long	 by_class[6];	/* lines per deciding class */
};

static unsigned	 hash(const char *);
static struct slot *slot_for(struct summary *, const char *);
static int	 cmp_slot(const void *, const void *);
static size_t	 sorted(const struct summary *, const struct slot **);
static int	 key_code(const char *, struct smtp_code *, int *,
		    const struct kb_entry **);
static int	 code_width(const char *);
static void	 json_code(FILE *, const struct slot *);
static int	 merge_line(struct summary *, const char *);
static unsigned long number_after(const char *, const char *);

struct summary *
summary_new(void)
{
	struct summary	*s;

	s = xmalloc(sizeof(*s));
	memset(s, 0, sizeof(*s));
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
 * Count n lines of one verdict.  A row by code also keeps the reason and
 * vendor its lines were given, so that its columns say what the verdicts
 * said ("several" where they differ), as --summary=reason counts them.
 */
void
summary_add(struct summary *s, enum summary_by by, const struct verdict *v,
    unsigned long n)
{
	const struct smtp_code	*c = &v->code;
	const struct kb_entry	*vendor = v->vendor != NULL ? v->vendor :
				    v->receiver;
	struct slot		*sl;
	size_t			 k;
	int			 reply = v->reply, cls = v->cls;
	char			 key[KEY_MAX];

	/* "550 4.7.1" when the classes disagree, else just the code. */
	if (reply != 0 && reply / 100 != c->cls) {
		key[0] = (char)('0' + reply / 100);
		key[1] = (char)('0' + reply / 10 % 10);
		key[2] = (char)('0' + reply % 10);
		key[3] = ' ';
		code_format(c, key + 4, sizeof(key) - 4);
	} else
		code_format(c, key, sizeof(key));
	/* The vendor's message is a finer group than the code. */
	if (by == SUMMARY_VENDOR && vendor != NULL && (k = strlen(key)) +
	    strlen(vendor->key) + 2 < sizeof(key)) {
		key[k] = '@';
		memcpy(key + k + 1, vendor->key, strlen(vendor->key) + 1);
	}
	if (by == SUMMARY_REASON)
		snprintf(key, sizeof(key), "%s", v->reason);
	s->coded += n;
	if (cls >= 0 && cls <= 5)
		s->by_class[cls] += n;
	if ((sl = slot_for(s, key)) == NULL) {
		s->other += n;
		return;
	}
	if (sl->count == 0) {
		sl->reason = v->reason;
		sl->vendor = vendor;
	} else {
		if (sl->reason == NULL || strcmp(sl->reason, v->reason) != 0)
			sl->mixed |= 1;
		if (sl->vendor != vendor)
			sl->mixed |= 2;
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
		if (vendor == NULL && !(v[i]->mixed & 2))
			vendor = v[i]->vendor;
		e = vendor != NULL && vendor->kind == KIND_VENDOR ? vendor :
		    kb_resolve(&c, &fb);
		cls = reply != 0 ? reply / 100 : c.cls;
		fprintf(fp, "%8lu  %-10.*s %-10s %-16s %-22.22s ", v[i]->count,
		    code_width(v[i]->key), v[i]->key, cls == 5 ? "permanent" :
		    cls == 4 ? "transient" : cls == 3 ? "intermed." :
		    cls == 2 ? "success" : "-", v[i]->mixed & 1 ? "(several)" :
		    v[i]->reason != NULL ? v[i]->reason : kb_reason(e, cls),
		    v[i]->mixed & 2 ? "(several)" : vendor != NULL &&
		    strncmp(vendor->key, "generic-", 8) != 0 ?
		    vendor->vendor : "-");
		render_safe(fp, e != NULL ? e->title : "-",
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

static void
json_code(FILE *fp, const struct slot *sl)
{
	const struct kb_entry	*e, *vendor;
	struct smtp_code	 c;
	int			 reply, fb = 0;

	if (sl->key[0] >= 'a' && sl->key[0] <= 'z') {	/* by reason */
		fputs("{\"reason\":", fp);
		json_str(fp, sl->key);
		fprintf(fp, ",\"count\":%lu}", sl->count);
		return;
	}
	fputs("{\"code\":", fp);
	json_str(fp, sl->key);
	fprintf(fp, ",\"count\":%lu", sl->count);
	if (key_code(sl->key, &c, &reply, &vendor) == -1 ||
	    (e = vendor != NULL ? vendor : kb_resolve(&c, &fb)) == NULL) {
		fputc('}', fp);
		return;
	}
	fprintf(fp, ",\"class\":%d,\"key\":", reply ? reply / 100 : c.cls);
	json_str(fp, e->key);
	fputs(",\"title\":", fp);
	json_str(fp, e->title);
	fputs(",\"reason\":", fp);
	json_str(fp, kb_reason(e, reply ? reply / 100 : c.cls));
	fputs(",\"vendor\":", fp);
	if (vendor != NULL)
		json_str(fp, vendor->vendor);
	else
		fputs("null", fp);
	fprintf(fp, ",\"fallback\":%s}", fb ? "true" : "false");
}

/*
 * One object; each code on a line of its own, so that --merge can read
 * summaries back without a general JSON parser.
 */
void
summary_json(FILE *fp, const struct summary *s)
{
	const struct slot	**v;
	size_t			  i, n;

	v = xmalloc(sizeof(const struct slot *) * SUMMARY_SLOTS);
	n = sorted(s, v);
	fprintf(fp, "{\"smtpcode_summary\":1,\"lines\":%lu,\"lines_with_codes\""
	    ":%lu,\"other\":%lu,\"classes\":{\"2\":%lu,\"3\":%lu,\"4\":%lu,"
	    "\"5\":%lu},\"codes\":[\n", s->lines, s->coded, s->other,
	    s->by_class[2], s->by_class[3], s->by_class[4], s->by_class[5]);
	for (i = 0; i < n; i++) {
		json_code(fp, v[i]);
		fputs(i + 1 < n ? ",\n" : "\n", fp);
	}
	fputs("]}\n", fp);
	free(v);
}

static unsigned long
number_after(const char *line, const char *key)
{
	const char	*p = strstr(line, key);

	return p == NULL ? 0 : strtoul(p + strlen(key), NULL, 10);
}

/* One line of a JSON summary; -1 if it is not one of ours. */
static int
merge_line(struct summary *s, const char *line)
{
	struct slot	*sl;
	char		 key[KEY_MAX];
	const char	*p;
	size_t		 n;
	int		 i;

	if (strncmp(line, "{\"smtpcode_summary\":1,", 22) == 0) {
		s->lines += number_after(line, "\"lines\":");
		s->coded += number_after(line, "\"lines_with_codes\":");
		s->other += number_after(line, "\"other\":");
		for (i = 2; i <= 5; i++) {
			snprintf(key, sizeof(key), "\"%d\":", i);
			s->by_class[i] += number_after(line, key);
		}
		return 0;
	}
	if (strncmp(line, "{\"code\":\"", 9) == 0)
		p = line + 9;
	else if (strncmp(line, "{\"reason\":\"", 11) == 0)
		p = line + 11;
	else
		return strcmp(line, "]}") == 0 || *line == '\0' ? 0 : -1;
	if ((n = strcspn(p, "\"")) == 0 || n >= KEY_MAX)
		return -1;
	memcpy(key, p, n);
	key[n] = '\0';
	if ((sl = slot_for(s, key)) == NULL)
		s->other += number_after(line, "\"count\":");
	else
		sl->count += number_after(line, "\"count\":");
	return 0;
}

/* Add a JSON summary written by summary_json(); -1 on a foreign file. */
int
summary_merge(struct summary *s, FILE *in)
{
	char	*line = NULL;
	size_t	 cap = 0;
	int	 rc = 0, seen = 0;

	while (getline(&line, &cap, in) != -1) {
		line[strcspn(line, "\r\n")] = '\0';
		if (merge_line(s, line) == -1) {
			rc = -1;
			break;
		}
		seen = 1;
	}
	free(line);
	return seen ? rc : -1;
}
