/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * Every JSON object smtpcode writes, so that one file holds each field's
 * name and type.  The schema is an interface for scripts: smtpcode(1)
 * lists every field once, with its type and the objects that carry it;
 * fields change only by being added to.  Every top-level object begins
 * with "schema" and "type"; a field has one JSON type everywhere, or
 * null.  Every string goes through json_str().
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extern.h"
#include "outbuf.h"

#define JSON_SCHEMA	1	/* raised when a field changes meaning */

static void	 head(FILE *, const char *);
static void	 member(FILE *, const char *);
static void	 str_or_null(FILE *, const char *);
static void	 int_or_null(FILE *, int);
static void	 reply_or_null(FILE *, int);
static void	 classes(FILE *, unsigned);
static void	 vendor_obj(FILE *, const struct kb_entry *);
static void	 receiver_obj(FILE *, const struct kb_entry *);
static void	 page_members(FILE *, const struct page *, int);
static void	 summary_row(FILE *, const char *, unsigned long);
static void	 group_row(FILE *, const char *, const char *, unsigned long,
		    const unsigned long *);

/* "schema" and "type", first in every top-level object. */
static void
head(FILE *fp, const char *type)
{
	fprintf(fp, "{\"schema\":%d,\"type\":", JSON_SCHEMA);
	json_str(fp, type);
}

/*
 * The separator and name of every member after the first, in one write
 * when the name fits (this file's names all do).
 */
static void
member(FILE *fp, const char *name)
{
	char	 buf[64];
	size_t	 n = strlen(name), used, k;

	buf[0] = ',';
	buf[1] = '"';
	k = 2 + json_escape(buf + 2, sizeof(buf) - 4, name, n, &used);
	if (used < n) {
		fputc(',', fp);
		json_str(fp, name);
		fputc(':', fp);
		return;
	}
	buf[k++] = '"';
	buf[k++] = ':';
	fwrite(buf, 1, k, fp);
}

static void
str_or_null(FILE *fp, const char *s)
{
	if (s == NULL || *s == '\0')
		fputs("null", fp);
	else
		json_str(fp, s);
}

static void
int_or_null(FILE *fp, int n)
{
	if (n == 0)
		fputs("null", fp);
	else
		fprintf(fp, "%d", n);
}

/* A reply is a string of three digits, as servers write it. */
static void
reply_or_null(FILE *fp, int reply)
{
	if (reply == 0)
		fputs("null", fp);
	else
		fprintf(fp, "\"%03d\"", reply);
}

static void
classes(FILE *fp, unsigned bits)
{
	int	 c, first = 1;

	fputc('[', fp);
	for (c = 1; c <= 5; c++)
		if (bits & (1u << c)) {
			fprintf(fp, "%s%d", first ? "" : ",", c);
			first = 0;
		}
	fputc(']', fp);
}

/* {"key", "name", "title"} of a vendor's entry, or null. */
static void
vendor_obj(FILE *fp, const struct kb_entry *e)
{
	if (e == NULL) {
		fputs("null", fp);
		return;
	}
	fputs("{\"key\":", fp);
	json_str(fp, e->key);
	fputs(",\"name\":", fp);
	json_str(fp, e->vendor);
	fputs(",\"title\":", fp);
	json_str(fp, e->title);
	fputc('}', fp);
}

/* {"key", "name", "source"} of a receiver entry, or null. */
static void
receiver_obj(FILE *fp, const struct kb_entry *e)
{
	if (e == NULL) {
		fputs("null", fp);
		return;
	}
	fputs("{\"key\":", fp);
	json_str(fp, e->key);
	fputs(",\"name\":", fp);
	json_str(fp, e->vendor);
	fputs(",\"source\":", fp);
	str_or_null(fp, e->source);
	fputc('}', fp);
}

/* The members of a page, after "schema" and "type" or alone. */
static void
page_members(FILE *fp, const struct page *p, int with_body)
{
	const struct kb_entry	*e = page_source(p), *r = p->receiver;
	size_t			 i;

	if (r == NULL && e != NULL && e->kind == KIND_RECEIVER)
		r = e;
	json_str(fp, "input");
	fputc(':', fp);
	json_str(fp, p->input != NULL ? p->input : p->label);
	member(fp, "code");
	json_str(fp, p->norm);
	member(fp, "reply");
	reply_or_null(fp, p->reply);
	member(fp, "key");
	str_or_null(fp, p->entry != NULL ? p->entry->key : NULL);
	member(fp, "general");
	str_or_null(fp, p->entry == NULL && e != NULL ? e->key : NULL);
	member(fp, "kind");
	json_str(fp, p->kind);
	member(fp, "class");
	int_or_null(fp, p->cls);
	member(fp, "classes");
	classes(fp, p->entry != NULL ? p->entry->classes :
	    p->cls > 0 ? 1u << p->cls : 0);
	member(fp, "title");
	json_str(fp, p->title);
	member(fp, "status");
	json_str(fp, p->status);
	member(fp, "fallback");
	fputs(p->entry == NULL ? "true" : "false", fp);
	member(fp, "reason");
	json_str(fp, p->reason);
	member(fp, "bounce");
	json_str(fp, p->bounce);
	member(fp, "retry");	/* no failure, nothing to retry: null */
	fputs(strcmp(p->bounce, "none") == 0 ? "null" :
	    strcmp(p->bounce, "soft") == 0 ? "true" : "false", fp);
	member(fp, "acts");
	json_words(fp, p->acts);
	member(fp, "replies");
	json_words(fp, e != NULL ? e->replies : "");
	member(fp, "enhanced");
	json_words(fp, e != NULL ? e->enhanced : "");
	member(fp, "related");
	json_words(fp, e != NULL ? e->related : "");
	member(fp, "vendor");
	vendor_obj(fp, e != NULL && e->kind == KIND_VENDOR ? e : NULL);
	member(fp, "judged_from");
	json_str(fp, p->vn & VN_NOCODE ? "wording" :
	    p->vn & VN_WORDING ? "code and wording" : "code");
	member(fp, "wording");
	str_or_null(fp, p->wording != NULL ? p->wording->phrase : NULL);
	member(fp, "receiver");
	receiver_obj(fp, r);
	member(fp, "did_you_mean");
	str_or_null(fp, p->meant != NULL ? p->meant->entry->key : NULL);
	member(fp, "notes");
	fputc('[', fp);
	for (i = 0; i < p->nnotes; i++) {
		fputs(i > 0 ? ",{\"type\":" : "{\"type\":", fp);
		json_str(fp, page_note_name(p->notes[i].kind));
		fputs(",\"text\":", fp);
		json_str(fp, p->notes[i].md);
		fputc('}', fp);
	}
	fputc(']', fp);
	member(fp, "source");
	str_or_null(fp, e != NULL ? e->file : NULL);
	member(fp, "local");
	fputs(kb_is_local(e) ? "true" : "false", fp);
	member(fp, "local_note");
	str_or_null(fp, p->local_note);
	member(fp, "markdown");
	str_or_null(fp, with_body && e != NULL ? e->body : NULL);
}

void
render_json_lookup(FILE *fp, const struct page *p, int with_body)
{
	head(fp, "lookup");
	fputc(',', fp);
	page_members(fp, p, with_body);
	fputs("}\n", fp);
}

void
render_json_search(FILE *fp, const struct page *p, int score,
    const char *snippet)
{
	head(fp, "search");
	fputc(',', fp);
	page_members(fp, p, 0);
	member(fp, "score");
	fprintf(fp, "%d", score);
	member(fp, "snippet");
	json_str(fp, snippet);
	fputs("}\n", fp);
}

/*
 * JSON Lines (log mode -T json): one object of type "line" per log line
 * with codes, written into the log mode's output buffer.  What depends
 * only on the verdict is rendered once per distinct verdict and copied
 * after.
 */

static void	 jl_code(FILE *, const struct smtp_code *, int);
static void	 jl_verdict(FILE *, const void *);
static void	 jl_str_or_null(struct outbuf *, const char *, size_t,
		    const char *, size_t);
static void	 jl_found(struct outbuf *, const struct found *, enum role,
		    int);

/*
 * The compact object of a code that JSON Lines carries as "verdict":
 * code, reply (a string, or null), class, and with an entry key, title,
 * reason, bounce, fallback.
 */
static void
jl_code(FILE *fp, const struct smtp_code *c, int reply)
{
	const struct kb_entry	*e;
	char			 head[96], *p;
	int			 fb, cls = reply != 0 ? reply / 100 : c->cls;

	/*
	 * The code, reply and class in one piece: printf(3) and a call of
	 * stdio for each were half of rendering a verdict.
	 */
	p = stpcpy(head, "{\"code\":\"");
	p = stpcpy(code_put(c, p), "\",\"reply\":");
	if (reply >= 100 && reply <= 999) {
		*p++ = '"';
		p = stpcpy(reply_put(p, reply), "\"");
	} else if (reply != 0)
		p += snprintf(p, 16, "\"%03d\"", reply);
	else
		p = stpcpy(p, "null");
	p = stpcpy(p, ",\"class\":");
	if (cls > 0 && cls <= 9)
		*p++ = (char)('0' + cls);
	else if (cls > 0)
		p += snprintf(p, 16, "%d", cls);
	else
		p = stpcpy(p, "null");
	fwrite(head, 1, (size_t)(p - head), fp);
	if ((e = kb_resolve(c, &fb)) != NULL) {
		fputs(",\"key\":", fp);
		json_str(fp, e->key);
		fputs(",\"title\":", fp);
		json_str(fp, e->title);
		fputs(",\"reason\":", fp);
		json_str(fp, kb_reason(e, cls));
		fputs(",\"bounce\":\"", fp);
		fputs(kb_bounce(e, cls), fp);
		fputs(fb ? "\",\"fallback\":true" : "\",\"fallback\":false", fp);
	}
	fputc('}', fp);
}

/* --- Bounce messages ---------------------------------------------------- */

/*
 * One failed or delayed recipient of a bounce message: what the report
 * says, and the verdict (a page, or NULL when nothing decided).
 */
void
render_json_recipient(FILE *fp, const char *file, const struct mail_msg *m,
    const struct mail_rcpt *rc, const struct page *p)
{
	head(fp, "recipient");
	member(fp, "file");
	json_str(fp, file);
	member(fp, "message");
	fprintf(fp, "%zu", m->index);
	member(fp, "kind");
	json_str(fp, m->kind == MAIL_DELAY ? "delay" : "bounce");
	member(fp, "format");
	str_or_null(fp, m->format);
	member(fp, "recipient");
	str_or_null(fp, rc->recipient);
	member(fp, "action");
	str_or_null(fp, rc->action);
	member(fp, "status");
	str_or_null(fp, rc->status);
	member(fp, "remote_mta");
	str_or_null(fp, rc->remote_mta);
	member(fp, "stage");
	str_or_null(fp, p != NULL && p->stage != NULL ? p->stage : rc->stage);
	member(fp, "diagnostic");
	str_or_null(fp, rc->diagnostic);
	member(fp, "verdict");
	if (p == NULL)
		fputs("null", fp);
	else {
		fputc('{', fp);
		page_members(fp, p, 0);
		fputc('}', fp);
	}
	fputs("}\n", fp);
}

/*
 * A message that is no bounce: the same object with its kind
 * ("autoreply", "arf", "other") and no recipient or verdict.
 */
void
render_json_message(FILE *fp, const char *file, const struct mail_msg *m)
{
	head(fp, "recipient");
	member(fp, "file");
	json_str(fp, file);
	member(fp, "message");
	fprintf(fp, "%zu", m->index);
	member(fp, "kind");
	json_str(fp, m->kind == MAIL_AUTOREPLY ? "autoreply" :
	    m->kind == MAIL_ARF ? "arf" : "other");
	member(fp, "recipient");
	fputs("null", fp);
	member(fp, "verdict");
	fputs("null}\n", fp);
}

/* --- Summaries ---------------------------------------------------------- */

/* One row: a reason and its count, or a code, its count and its entry. */
static void
summary_row(FILE *fp, const char *key, unsigned long count)
{
	const struct kb_entry	*e, *vendor;
	struct smtp_code	 c;
	int			 reply, cls, fb = 0;

	if (key[0] >= 'a' && key[0] <= 'z') {	/* by reason */
		fputs("{\"reason\":", fp);
		json_str(fp, key);
		fprintf(fp, ",\"count\":%lu}", count);
		return;
	}
	fputs("{\"code\":", fp);
	json_str(fp, key);
	fprintf(fp, ",\"count\":%lu", count);
	/* The entry of the text table's row: the vendor's or the code's. */
	if (summary_key_code(key, &c, &reply, &vendor) == -1 ||
	    (e = vendor != NULL && vendor->kind == KIND_VENDOR ? vendor :
	    kb_resolve(&c, &fb)) == NULL) {
		fputc('}', fp);
		return;
	}
	cls = reply != 0 ? reply / 100 : c.cls;
	member(fp, "class");
	fprintf(fp, "%d", cls);
	member(fp, "key");
	json_str(fp, e->key);
	member(fp, "title");
	json_str(fp, e->title);
	member(fp, "reason");
	json_str(fp, kb_reason(e, cls));
	member(fp, "vendor");
	vendor_obj(fp, vendor != NULL && vendor->kind == KIND_VENDOR ?
	    vendor : NULL);
	member(fp, "receiver");
	receiver_obj(fp, vendor != NULL && vendor->kind == KIND_RECEIVER ?
	    vendor : NULL);
	member(fp, "fallback");
	fputs(fb ? "true}" : "false}", fp);
}

/*
 * A row by domain or relay: the name (null for lines that name none),
 * the count and the count per class.
 */
static void
group_row(FILE *fp, const char *by, const char *key, unsigned long count,
    const unsigned long *cls)
{
	fputc('{', fp);
	json_str(fp, by);
	fputc(':', fp);
	str_or_null(fp, strcmp(key, SUMMARY_NONE) == 0 ? NULL : key);
	fprintf(fp, ",\"count\":%lu,\"by_class\":{\"2\":%lu,\"3\":%lu,"
	    "\"4\":%lu,\"5\":%lu}}", count, cls[2], cls[3], cls[4], cls[5]);
}

/*
 * One object; each row on a line of its own, so that a person can read
 * it.  summary_merge() reads it back.
 */
void
render_json_summary(FILE *fp, const struct summary *s)
{
	struct summary_totals	 t;
	const char		**keys;
	unsigned long		 *counts, (*cls)[6];
	size_t			  i, n;

	keys = xmalloc(sizeof(*keys) * SUMMARY_SLOTS);
	counts = xmalloc(sizeof(*counts) * SUMMARY_SLOTS);
	cls = xmalloc(sizeof(*cls) * SUMMARY_SLOTS);
	n = summary_rows(s, keys, counts, cls);
	summary_totals(s, &t);
	head(fp, "summary");
	if (t.by != NULL) {
		member(fp, "by");
		json_str(fp, t.by);
	}
	fprintf(fp, ",\"lines\":%lu,\"lines_with_codes\":%lu,\"other\":%lu,"
	    "\"by_class\":{\"2\":%lu,\"3\":%lu,\"4\":%lu,\"5\":%lu},"
	    "\"codes\":[\n", t.lines, t.coded, t.other, t.by_class[2],
	    t.by_class[3], t.by_class[4], t.by_class[5]);
	for (i = 0; i < n; i++) {
		if (t.grouped)
			group_row(fp, t.by, keys[i], counts[i], cls[i]);
		else
			summary_row(fp, keys[i], counts[i]);
		fputs(i + 1 < n ? ",\n" : "\n", fp);
	}
	fputs("]}\n", fp);
	free(keys);
	free(counts);
	free(cls);
}

/* --- JSON Lines --------------------------------------------------------- */

/*
 * From "verdict" to "receiver": reason, bounce, retry, who acts, the
 * vendor's message and the mail service known by its hosts.
 */
static void
jl_verdict(FILE *fp, const void *arg)
{
	const struct verdict	*v = arg;

	fputs(",\"verdict\":", fp);
	jl_code(fp, &v->code, v->reply);
	fputs(",\"reason\":", fp);
	json_str(fp, v->reason);
	fputs(",\"bounce\":\"", fp);
	fputs(v->bounce, fp);
	fputs(strcmp(v->bounce, "soft") == 0 ? "\",\"retry\":true,\"acts\":" :
	    "\",\"retry\":false,\"acts\":", fp);
	json_words(fp, v->acts);
	fputs(v->notes & VN_NOCODE ? ",\"judged_from\":\"wording\",\"wording\":" :
	    v->notes & VN_WORDING ?
	    ",\"judged_from\":\"code and wording\",\"wording\":" :
	    ",\"judged_from\":\"code\",\"wording\":", fp);
	if (v->wording != NULL)
		json_str(fp, v->wording->phrase);
	else
		fputs("null", fp);
	member(fp, "vendor");
	vendor_obj(fp, v->vendor);
	member(fp, "receiver");
	receiver_obj(fp, v->receiver);
}

/*
 * A recipient or host as a JSON string, or null.  When it lies in a text
 * whose every byte JSON takes as it is (plain[0..plen)), so does it:
 * its bytes are copied without a look.
 */
static void
jl_str_or_null(struct outbuf *ob, const char *s, size_t n,
    const char *plain, size_t plen)
{
	uintptr_t	 a = (uintptr_t)s, p = (uintptr_t)plain;

	if (s == NULL)
		ob_write(ob, "null", 4);
	else if (plain != NULL && a >= p && a - p <= plen && n <= plen -
	    (a - p)) {
		ob_putc(ob, '"');
		ob_write(ob, s, n);
		ob_putc(ob, '"');
	} else
		ob_json(ob, s, n);
}

/*
 * One member of "codes", written straight into the buffer: the pieces
 * of a few bytes each went through a call apiece, and the code and the
 * offset through a copy of their own (a third of what JSON Lines adds
 * to annotation on the bounce-heavy log).
 */
static void
jl_found(struct outbuf *ob, const struct found *f, enum role role, int first)
{
#define ROLE(r)	{ "\",\"role\":\"" r "\",\"offset\":", \
	    sizeof("\",\"role\":\"" r "\",\"offset\":") - 1 }
	static const struct {
		char		 json[32];	/* copied whole */
		size_t		 len;
	} roles[] = { ROLE("reply"), ROLE("enhanced"), ROLE("dsn") };
#undef ROLE
	static const char	 obj[] = "{\"code\":\"";
	static const char	 reply[] = ",\"reply\":\"";
	static const char	 noreply[] = ",\"reply\":null}";
	char			*p = ob_room(ob, 128);

	/* Each piece copied with its NUL, which the next one covers. */
	if (!first)
		*p++ = ',';
	memcpy(p, obj, sizeof(obj));
	p = code_put(&f->code, p + sizeof(obj) - 1);
	memcpy(p, roles[role].json, sizeof(roles[role].json));
	p = uint_put(p + roles[role].len, f->off);
	if (f->reply >= 100 && f->reply <= 999) {
		memcpy(p, reply, sizeof(reply));
		p = reply_put(p + sizeof(reply) - 1, f->reply);
		*p++ = '"';
		*p++ = '}';
	} else if (f->reply != 0)
		p += snprintf(p, 32, ",\"reply\":\"%03d\"}", f->reply);
	else {
		memcpy(p, noreply, sizeof(noreply));
		p += sizeof(noreply) - 1;
	}
	ob_done(ob, p);
}

void
render_json_line(struct outbuf *ob, const char *file, unsigned long lineno,
    const char *text, size_t len, const struct verdict *v)
{
	const struct line_info	*li = &v->li;
	const char		*mta = line_mta_name(li->mta), *plain = NULL;
	struct verdict_key	 key;
	size_t			 i;

	if (file != NULL) {
		ob_puts(ob, "{\"schema\":1,\"type\":\"line\",\"file\":");
		ob_json_str(ob, file);
		ob_puts(ob, ",\"line\":");
	} else
		ob_puts(ob, "{\"schema\":1,\"type\":\"line\",\"line\":");
	ob_uint(ob, lineno);
	if (text != NULL) {
		ob_puts(ob, ",\"text\":");
		if (ob_json(ob, text, len) == len)
			plain = text;	/* all printable ASCII */
	}
	ob_puts(ob, ",\"mta\":");
	if (mta != NULL)
		ob_json_const(ob, mta);
	else
		ob_puts(ob, "null");
	ob_puts(ob, ",\"recipient\":");
	jl_str_or_null(ob, li->rcpt, li->rcptlen, plain, len);
	ob_puts(ob, ",\"remote_mta\":");
	jl_str_or_null(ob, li->host, li->hostlen, plain, len);
	ob_puts(ob, ",\"stage\":");
	if (li->stage != NULL)
		ob_json_const(ob, li->stage);
	else
		ob_puts(ob, "null");
	ob_puts(ob, v->notes & VN_DISAGREE ? ",\"disagree\":true" :
	    ",\"disagree\":false");
	verdict_key(&key, v);
	ob_frag(ob, &key, sizeof(key), jl_verdict, v);
	if (li->dropped == 0)
		ob_puts(ob, ",\"more_codes\":0,\"codes\":[");
	else {
		ob_puts(ob, ",\"more_codes\":");
		ob_uint(ob, li->dropped);
		ob_puts(ob, ",\"codes\":[");
	}
	for (i = 0; i < li->n; i++)
		jl_found(ob, &li->f[i], li->role[i], i == 0);
	ob_puts(ob, "]}\n");
}
