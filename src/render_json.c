/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * The JSON object that describes one code or entry.  Its field names are
 * an interface for scripts: smtpcode(1) documents every one, and they
 * change only by being added to.  Every string goes through json_str().
 */
#include <stdio.h>
#include <string.h>

#include "extern.h"
#include "outbuf.h"

static void	 member(FILE *, const char *);
static void	 str_or_null(FILE *, const char *);
static void	 int_or_null(FILE *, int);
static void	 classes(FILE *, unsigned);

/* The separator and name of every member after the first. */
static void
member(FILE *fp, const char *name)
{
	fputc(',', fp);
	json_str(fp, name);
	fputc(':', fp);
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

void
render_json_page(FILE *fp, const struct page *p, int with_body)
{
	const struct kb_entry	*e = page_source(p);
	size_t			 i;

	fputs("\"input\":", fp);
	json_str(fp, p->input != NULL ? p->input : p->label);
	member(fp, "code");
	json_str(fp, p->norm);
	member(fp, "reply");
	int_or_null(fp, p->reply);
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
	member(fp, "retry");
	fputs(strcmp(p->bounce, "soft") == 0 ? "true" : "false", fp);
	member(fp, "acts");
	json_words(fp, p->acts);
	member(fp, "replies");
	json_words(fp, e != NULL ? e->replies : "");
	member(fp, "enhanced");
	json_words(fp, e != NULL ? e->enhanced : "");
	member(fp, "related");
	json_words(fp, e != NULL ? e->related : "");
	member(fp, "vendor");
	str_or_null(fp, p->vendor);
	member(fp, "judged_from");
	json_str(fp, p->vn & VN_NOCODE ? "wording" :
	    p->vn & VN_WORDING ? "code and wording" : "code");
	member(fp, "wording");
	str_or_null(fp, p->wording != NULL ? p->wording->phrase : NULL);
	member(fp, "receiver");
	str_or_null(fp, p->receiver != NULL ? p->receiver->key : NULL);
	member(fp, "did_you_mean");
	str_or_null(fp, p->meant != NULL ? p->meant->entry->key : NULL);
	member(fp, "notes");
	fputc('[', fp);
	for (i = 0; i < p->nnotes; i++) {
		fputs(i > 0 ? ",{\"kind\":" : "{\"kind\":", fp);
		json_str(fp, page_note_name(p->notes[i].kind));
		fputs(",\"markdown\":", fp);
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

/*
 * JSON Lines (log mode -T json): one object of type "line" per log line
 * with codes, written into the log mode's output buffer.  What depends
 * only on the verdict is rendered once per distinct verdict and copied
 * after.
 */

/* What the verdict part of a line depends on, as a cache key. */
struct jl_key {
	struct smtp_code code;
	int		 reply;
	unsigned	 notes;
	const void	*vendor, *receiver, *wording;
	const char	*reason, *bounce, *acts;
};

static void	 jl_code(FILE *, const struct smtp_code *, int);
static void	 jl_verdict(FILE *, const void *);
static void	 jl_str_or_null(struct outbuf *, const char *, size_t);

/*
 * The compact object of a code that JSON Lines carries as "verdict":
 * code, reply (a string, or null), class, and with an entry key, title,
 * reason, bounce, fallback.
 */
static void
jl_code(FILE *fp, const struct smtp_code *c, int reply)
{
	const struct kb_entry	*e;
	char			 code[16];
	int			 fb, cls = reply != 0 ? reply / 100 : c->cls;

	code_format(c, code, sizeof(code));
	fprintf(fp, "{\"code\":\"%s\"", code);
	if (reply != 0)
		fprintf(fp, ",\"reply\":\"%03d\"", reply);
	else
		fputs(",\"reply\":null", fp);
	if (cls > 0)
		fprintf(fp, ",\"class\":%d", cls);
	else
		fputs(",\"class\":null", fp);
	if ((e = kb_resolve(c, &fb)) != NULL) {
		fputs(",\"key\":", fp);
		json_str(fp, e->key);
		fputs(",\"title\":", fp);
		json_str(fp, e->title);
		fputs(",\"reason\":", fp);
		json_str(fp, kb_reason(e, cls));
		fprintf(fp, ",\"bounce\":\"%s\",\"fallback\":%s",
		    kb_bounce(e, cls), fb ? "true" : "false");
	}
	fputc('}', fp);
}

/*
 * From "verdict" to "receiver": reason, bounce, retry, who acts, the
 * vendor's message and the mail service known by its hosts.
 */
static void
jl_verdict(FILE *fp, const void *arg)
{
	const struct verdict	*v = arg;
	const struct kb_entry	*vd = v->vendor, *rc = v->receiver;

	fputs(",\"verdict\":", fp);
	jl_code(fp, &v->code, v->reply);
	fputs(",\"reason\":", fp);
	json_str(fp, v->reason);
	fprintf(fp, ",\"bounce\":\"%s\",\"retry\":%s,\"acts\":", v->bounce,
	    strcmp(v->bounce, "soft") == 0 ? "true" : "false");
	json_words(fp, v->acts);
	fprintf(fp, ",\"judged_from\":\"%s\",\"wording\":",
	    v->notes & VN_NOCODE ? "wording" : v->notes & VN_WORDING ?
	    "code and wording" : "code");
	if (v->wording != NULL)
		json_str(fp, v->wording->phrase);
	else
		fputs("null", fp);
	fputs(",\"vendor\":", fp);
	if (vd != NULL) {
		fputs("{\"key\":", fp);
		json_str(fp, vd->key);
		fputs(",\"name\":", fp);
		json_str(fp, vd->vendor);
		fputs(",\"title\":", fp);
		json_str(fp, vd->title);
		fputc('}', fp);
	} else
		fputs("null", fp);
	fputs(",\"receiver\":", fp);
	if (rc != NULL) {
		fputs("{\"key\":", fp);
		json_str(fp, rc->key);
		fputs(",\"name\":", fp);
		json_str(fp, rc->vendor);
		fputs(",\"source\":", fp);
		if (*rc->source != '\0')
			json_str(fp, rc->source);
		else
			fputs("null", fp);
		fputc('}', fp);
	} else
		fputs("null", fp);
}

static void
jl_str_or_null(struct outbuf *ob, const char *s, size_t n)
{
	if (s != NULL)
		ob_json(ob, s, n);
	else
		ob_puts(ob, "null");
}

void
render_json_line(struct outbuf *ob, const char *file, unsigned long lineno,
    const char *text, size_t len, const struct verdict *v)
{
	static const char *const roles[] = { "reply", "enhanced", "dsn" };
	const struct line_info	*li = &v->li;
	const char		*mta = line_mta_name(li->mta);
	struct jl_key		 key;
	size_t			 i;
	char			 code[16], num[8];

	ob_puts(ob, "{\"schema\":1,\"type\":\"line\",");
	if (file != NULL) {
		ob_puts(ob, "\"file\":");
		ob_json_str(ob, file);
		ob_putc(ob, ',');
	}
	ob_puts(ob, "\"line\":");
	ob_uint(ob, lineno);
	if (text != NULL) {
		ob_puts(ob, ",\"text\":");
		ob_json(ob, text, len);
	}
	ob_puts(ob, ",\"mta\":");
	jl_str_or_null(ob, mta, mta != NULL ? strlen(mta) : 0);
	ob_puts(ob, ",\"recipient\":");
	jl_str_or_null(ob, li->rcpt, li->rcptlen);
	ob_puts(ob, ",\"remote_mta\":");
	jl_str_or_null(ob, li->host, li->hostlen);
	ob_puts(ob, ",\"stage\":");
	jl_str_or_null(ob, li->stage, li->stage != NULL ?
	    strlen(li->stage) : 0);
	ob_puts(ob, v->notes & VN_DISAGREE ? ",\"disagree\":true" :
	    ",\"disagree\":false");
	memset(&key, 0, sizeof(key));
	key.code = v->code;
	key.reply = v->reply;
	key.notes = v->notes;
	key.vendor = v->vendor;
	key.receiver = v->receiver;
	key.wording = v->wording;
	key.reason = v->reason;
	key.bounce = v->bounce;
	key.acts = v->acts;
	ob_frag(ob, &key, sizeof(key), jl_verdict, v);
	ob_puts(ob, ",\"more_codes\":");
	ob_uint(ob, li->dropped);
	ob_puts(ob, ",\"codes\":[");
	for (i = 0; i < li->n; i++) {
		code_format(&li->f[i].code, code, sizeof(code));
		ob_puts(ob, i ? ",{\"code\":\"" : "{\"code\":\"");
		ob_puts(ob, code);
		ob_puts(ob, "\",\"role\":\"");
		ob_puts(ob, roles[li->role[i]]);
		ob_puts(ob, "\",\"offset\":");
		ob_uint(ob, li->f[i].off);
		if (li->f[i].reply != 0) {
			snprintf(num, sizeof(num), "%03d", li->f[i].reply);
			ob_puts(ob, ",\"reply\":\"");
			ob_puts(ob, num);
			ob_puts(ob, "\"}");
		} else
			ob_puts(ob, ",\"reply\":null}");
	}
	ob_puts(ob, "]}\n");
}
