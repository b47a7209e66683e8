/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * What a lookup shows: find the entry for a code, fall back to its class
 * and subject (RFC 3463 §2) or its digits (RFC 5321 §4.2.1) when it has
 * none, and print a page or a brief line, or hand what was found to the
 * writer of another format (JSON, Markdown, HTML, man).
 */
#include <err.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extern.h"

#define NOTE_MAX	2048	/* bytes of Markdown notes for one code */

typedef void (*show_fn)(FILE *, const struct explain_opts *,
    const struct explained *);

static const char *const class_words[] = {
	"", "positive preliminary reply", "success", "intermediate reply",
	"transient failure", "permanent failure"
};

static const char *const reply_second[] = {
	"syntax", "information", "connections", "unspecified",
	"unspecified", "mail system"
};

static void	 resolve(const struct smtp_code *, struct explained *);
static int	 entry_class(const struct kb_entry *);
static void	 styled(FILE *, const struct explain_opts *, const char *,
		    const char *);
static void	 acts_words(const char *, char *, size_t);
static void	 class_list(unsigned, char *, size_t);
static void	 header(FILE *, const struct explain_opts *,
		    const struct explained *);
static void	 facts(FILE *, const struct explain_opts *,
		    const struct kb_entry *, int);
static void	 brief(FILE *, const struct explain_opts *,
		    const struct explained *);
static void	 add_fact(struct fact *, size_t *, size_t, const char *,
		    const char *, ...) __attribute__((format(printf, 5, 6)));
static void	 addf(char *, size_t *, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
static void	 digits_md(const struct explained *, char *, size_t);
static void	 unregistered_md(const struct explained *, char *, size_t);
static int	 decisive_class(const struct explained *);
static void	 seed_note(FILE *, const struct explain_opts *,
		    const struct kb_entry *, const char *);
static void	 page(FILE *, const struct explain_opts *,
		    const struct explained *);
static int	 show(FILE *, const struct explain_opts *,
		    const struct explained *);
static void	 as_written(FILE *, const struct kb_entry *);
static void	 show_json(FILE *, const struct explain_opts *,
		    const struct explained *);
static void	 show_markdown(FILE *, const struct explain_opts *,
		    const struct explained *);
static void	 show_html(FILE *, const struct explain_opts *,
		    const struct explained *);
static void	 show_man(FILE *, const struct explain_opts *,
		    const struct explained *);

/* Writers of the formats other than text, indexed by enum fmt. */
static const show_fn formats[FMT__MAX] = {
	[FMT_MARKDOWN] = show_markdown,
	[FMT_JSON] = show_json,
	[FMT_HTML] = show_html,
	[FMT_MAN] = show_man,
};

static void
resolve(const struct smtp_code *c, struct explained *x)
{
	const struct kb_entry	*e;
	int			 fallback;

	memset(x, 0, sizeof(*x));
	x->code = *c;
	x->iscode = 1;
	code_format(c, x->label, sizeof(x->label));
	snprintf(x->norm, sizeof(x->norm), "%s", x->label);
	x->cls = c->cls;
	/* Without an entry of its own, it is explained from the general one. */
	e = kb_resolve(c, &fallback);
	if (fallback)
		x->general = e;
	else
		x->entry = e;
	if (x->entry != NULL && x->entry->kind == KIND_ERRNO)
		x->cls = 0;
}

void
explain_resolve(const struct smtp_code *c, int reply, const char *input,
    struct explained *x)
{
	char	 code[16];

	resolve(c, x);
	x->input = input;
	if (reply != 0) {
		/* RFC 3463 §2: the reply code's class wins a disagreement. */
		x->reply = reply;
		x->disagree = reply / 100 != c->cls;
		code_format(c, code, sizeof(code));
		snprintf(x->label, sizeof(x->label), "%03d %s", reply, code);
		x->cls = reply / 100;
	}
	x->seed = input == NULL ? NULL : kb_seed(input);
	if (x->entry != NULL)
		snprintf(x->title, sizeof(x->title), "%s", x->entry->title);
	else if (c->type == CODE_REPLY)
		snprintf(x->title, sizeof(x->title), "Non-standard reply code");
	else
		snprintf(x->title, sizeof(x->title), "Unregistered code: %s",
		    x->general != NULL ? x->general->title :
		    "unknown subject");
}

/* The one class an entry occurs in, or 0 for several or none. */
static int
entry_class(const struct kb_entry *e)
{
	int	 c, found = 0;

	if (e->kind == KIND_ERRNO)
		return 0;
	if (e->kind == KIND_REPLY || e->kind == KIND_CLASS)
		return e->key[0] - '0';
	for (c = 1; c <= 5; c++) {
		if ((e->classes & (1u << c)) == 0)
			continue;
		if (found != 0)
			return 0;
		found = c;
	}
	return found;
}

void
explain_entry(const struct kb_entry *e, struct explained *x)
{
	struct code_error	 ce;

	memset(x, 0, sizeof(*x));
	x->entry = e;
	x->iscode = code_parse(e->key, &x->code, &ce) == 0;
	x->input = e->key;
	snprintf(x->norm, sizeof(x->norm), "%s", e->key);
	snprintf(x->label, sizeof(x->label), "%s", e->key);
	snprintf(x->title, sizeof(x->title), "%s", e->title);
	x->cls = entry_class(e);
}

const struct kb_entry *
explain_source(const struct explained *x)
{
	return x->entry != NULL ? x->entry : x->general;
}

/* The class of the code decides where it has one (4 retry, 5 do not). */
const char *
explain_bounce(const struct explained *x)
{
	return kb_bounce(explain_source(x), x->cls);
}

const char *
explain_kind(const struct explained *x)
{
	static const char *const types[] = {
		"reply", "enhanced", "subject", "class"
	};

	if (x->entry != NULL)
		return kb_kind_name(x->entry->kind);
	return types[x->code.type];
}

static void
styled(FILE *fp, const struct explain_opts *o, const char *sgr,
    const char *s)
{
	if (o->ro.ansi && *sgr != '\0')
		fprintf(fp, "\033[%sm", sgr);
	render_safe(fp, s, strlen(s));
	if (o->ro.ansi && *sgr != '\0')
		fputs("\033[0m", fp);
}

/* "sender-admin recipient" as "sender's admin, recipient". */
static void
acts_words(const char *s, char *buf, size_t sz)
{
	size_t	 n, len = 0;

	buf[0] = '\0';
	while (*s != '\0' && len < sz) {
		n = strcspn(s, " ");
		if (n > 6 && strncmp(s + n - 6, "-admin", 6) == 0)
			len += snprintf(buf + len, sz - len, "%.*s's admin",
			    (int)(n - 6), s);
		else
			len += snprintf(buf + len, sz - len, "%.*s", (int)n, s);
		s += n;
		while (*s == ' ')
			s++;
		if (*s != '\0' && len < sz)
			len += snprintf(buf + len, sz - len, ", ");
	}
}

/* Class bits as "2, 4 or 5". */
static void
class_list(unsigned bits, char *buf, size_t sz)
{
	size_t	 len = 0;
	int	 c, left = 0;

	for (c = 1; c <= 5; c++)
		left += (bits & (1u << c)) != 0;
	buf[0] = '\0';
	for (c = 1; c <= 5 && len < sz; c++) {
		if ((bits & (1u << c)) == 0)
			continue;
		left--;
		len += snprintf(buf + len, sz - len, "%d%s", c,
		    left > 1 ? ", " : left == 1 ? " or " : "");
	}
}

/* Class, reason, verdict and actors of an entry, as one line. */
static void
facts(FILE *fp, const struct explain_opts *o, const struct kb_entry *e,
    int cls)
{
	const char	*verdict;
	char		 acts[256];

	fputs("  ", fp);
	if (cls >= 1 && cls <= 5) {
		fprintf(fp, "Class %d, ", cls);
		styled(fp, o, render_class_colour(cls), class_words[cls]);
		fputs(cls == 4 ? ": retry later" : cls == 5 ?
		    ": do not retry unchanged" : "", fp);
		fputs(".\n", fp);
	} else if (e != NULL && e->kind == KIND_ERRNO)
		fputs("Not an SMTP code: an operating-system error number.\n",
		    fp);
	if (e == NULL)
		return;
	verdict = kb_bounce(e, cls);
	fprintf(fp, "  Reason: %s (%s%s).", kb_reason(e, cls),
	    strcmp(verdict, "none") == 0 ? "no bounce" : verdict,
	    strcmp(verdict, "none") == 0 ? "" : " bounce");
	acts_words(e->acts, acts, sizeof(acts));
	fprintf(fp, " Who acts: %s.\n", acts);
	if (*e->vendor != '\0') {
		fputs("  Vendor: ", fp);
		render_safe(fp, e->vendor, strlen(e->vendor));
		fputs(".\n", fp);
	}
	if (*e->replies == '\0' && *e->enhanced == '\0' &&
	    strcmp(e->status, "registered") == 0)
		return;
	fputs(" ", fp);
	if (*e->replies != '\0')
		fprintf(fp, " Replies: %s.", e->replies);
	if (*e->enhanced != '\0')
		fprintf(fp, " Enhanced codes: %s.", e->enhanced);
	if (strcmp(e->status, "registered") != 0)
		fprintf(fp, " Status: %s.", e->status);
	fputc('\n', fp);
}

static void
add_fact(struct fact *f, size_t *n, size_t max, const char *name,
    const char *fmt, ...)
{
	va_list	 ap;

	if (*n >= max)
		return;
	f[*n].name = name;
	va_start(ap, fmt);
	vsnprintf(f[*n].value, sizeof(f[*n].value), fmt, ap);
	va_end(ap);
	(*n)++;
}

size_t
explain_facts(const struct explained *x, struct fact *f, size_t max)
{
	const struct kb_entry	*e = explain_source(x);
	const char		*b = explain_bounce(x);
	size_t			 n = 0;
	char			 buf[256];

	if (x->cls >= 1 && x->cls <= 5)
		add_fact(f, &n, max, "Class", "%d, %s", x->cls,
		    class_words[x->cls]);
	else if (e != NULL && e->kind == KIND_ERRNO)
		add_fact(f, &n, max, "Class", "none: an operating-system "
		    "error number, not an SMTP code");
	else if (e != NULL && e->classes != 0) {
		class_list(e->classes, buf, sizeof(buf));
		add_fact(f, &n, max, "Class", "not given; the code occurs in "
		    "class %s", buf);
	}
	if (e == NULL)
		return n;
	add_fact(f, &n, max, "Reason", "%s", kb_reason(e, x->cls));
	add_fact(f, &n, max, "Bounce", "%s%s", b, strcmp(b, "soft") == 0 ?
	    ": retry later" : strcmp(b, "hard") == 0 ?
	    ": do not retry unchanged" : "");
	acts_words(e->acts, buf, sizeof(buf));
	add_fact(f, &n, max, "Who acts", "%s", buf);
	if (*e->replies != '\0')
		add_fact(f, &n, max, "Replies", "%s", e->replies);
	if (*e->enhanced != '\0')
		add_fact(f, &n, max, "Enhanced codes", "%s", e->enhanced);
	add_fact(f, &n, max, "Status", "%s", x->entry != NULL ? e->status :
	    "nonstandard");
	if (*e->vendor != '\0')
		add_fact(f, &n, max, "Vendor", "%s", e->vendor);
	if (x->entry == NULL)
		add_fact(f, &n, max, "Explained from", "%s", e->key);
	add_fact(f, &n, max, "Source", "%s", e->file);
	return n;
}

static void
header(FILE *fp, const struct explain_opts *o, const struct explained *x)
{
	if (o->ro.ansi)
		fputs("\033[1m", fp);
	styled(fp, o, render_class_colour(x->cls), x->label);
	if (o->ro.ansi)
		fputs("\033[1m", fp);
	fputc(' ', fp);
	render_safe(fp, x->title, strlen(x->title));
	if (o->ro.ansi)
		fputs("\033[0m", fp);
	fputc('\n', fp);
	facts(fp, o, explain_source(x), x->cls);
}

static void
brief(FILE *fp, const struct explain_opts *o, const struct explained *x)
{
	const struct kb_entry	*e = explain_source(x);
	const char		*b;
	char			 acts[256];

	if (o->prefix != NULL)
		fputs(o->prefix, fp);
	styled(fp, o, render_class_colour(x->cls), x->label);
	fputc(' ', fp);
	render_safe(fp, x->title, strlen(x->title));
	if (e != NULL) {
		/* Class, verdict, reason and who acts: what a script decides by. */
		b = explain_bounce(x);
		fprintf(fp, " [%s; %s%s; %s", x->cls >= 1 && x->cls <= 5 ?
		    class_words[x->cls] : e->kind == KIND_ERRNO ?
		    "not an SMTP code" : "any class", strcmp(b, "none") == 0 ?
		    "no" : b, " bounce", kb_reason(e, x->cls));
		if (strcmp(b, "none") != 0) {
			acts_words(e->acts, acts, sizeof(acts));
			fprintf(fp, "; acts: %s", acts);
		}
		if (*e->vendor != '\0') {
			fputs("; ", fp);
			render_safe(fp, e->vendor, strlen(e->vendor));
		}
		fputc(']', fp);
	}
	if (note_for(x) != NULL)
		fputs(" [local note]", fp);
	fputc('\n', fp);
}

/* RFC 5321 §4.2.1 gives each digit of a reply a meaning. */
static void
digits_md(const struct explained *x, char *md, size_t sz)
{
	const struct smtp_code	*c = &x->code;
	int			 second = (c->reply / 10) % 10;
	int			 third = c->reply % 10;

	snprintf(md, sz, "## Reading the digits\n\n"
	    "No RFC defines reply %03d, so it is explained from its digits "
	    "as RFC 5321 section 4.2.1 describes them.\n\n"
	    "- First digit %d: %s.\n"
	    "- Second digit %d: %s.\n"
	    "- Third digit %d: a finer distinction that only the server's "
	    "software defines.\n\n%s",
	    c->reply, c->cls, class_words[c->cls], second,
	    second <= 5 ? reply_second[second] : "no category is defined "
	    "for it (RFC 5321 uses 0 to 5)", third,
	    c->suffix >= 0 ? "The part after the dot is the provider's own "
	    "sub-code; look for it in the provider's documentation.\n" : "");
}

static void
unregistered_md(const struct explained *x, char *md, size_t sz)
{
	snprintf(md, sz, "## Not registered\n\n%s is not in the IANA "
	    "registry. As RFC 3463 section 2 asks, it is explained from its "
	    "%s.\n", x->label, x->code.type == CODE_ENHANCED ?
	    "class and subject" : "class");
}

/* Append to a NOTE_MAX buffer; what does not fit is dropped. */
static void
addf(char *md, size_t *len, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	if (*len >= NOTE_MAX - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(md + *len, NOTE_MAX - *len, fmt, ap);
	va_end(ap);
	if (n > 0)
		*len += (size_t)n;
	if (*len > NOTE_MAX - 1)
		*len = NOTE_MAX - 1;
}

char *
explain_note(const struct explained *x)
{
	char	*md = xmalloc(NOTE_MAX);
	size_t	 len;

	md[0] = '\0';
	if (x->entry == NULL && x->iscode && x->code.type == CODE_REPLY)
		digits_md(x, md, NOTE_MAX);
	else if (x->entry == NULL && x->iscode)
		unregistered_md(x, md, NOTE_MAX);
	len = strlen(md);
	if (len > 0)
		addf(md, &len, "\n");
	if (x->disagree)
		addf(md, &len, "The reply code says class %d and the enhanced "
		    "code class %d: the reply's class wins (RFC 3463 section "
		    "2).\n\n", x->reply / 100, x->code.cls);
	if (x->seed != NULL && x->seed == x->entry)
		addf(md, &len, "Some pages write %s as %s.\n\n", x->label,
		    x->input);
	else if (x->seed != NULL)
		addf(md, &len, "Did you mean reply %s? Some pages write reply "
		    "codes with dots, as %s.\n\n", x->seed->key, x->input);
	if (len == 0) {
		free(md);
		return NULL;
	}
	return md;
}

/* "4.2.0" on the seed page means reply 420: show that entry too. */
static void
seed_note(FILE *fp, const struct explain_opts *o, const struct kb_entry *e,
    const char *typed)
{
	struct explained	 s;

	explain_entry(e, &s);
	if (o->brief) {
		fputs("  did you mean reply ", fp);
		snprintf(s.label, sizeof(s.label), "%s?", e->key);
		brief(fp, o, &s);
		return;
	}
	fprintf(fp, "\nDid you mean reply %s?  Some pages write reply codes "
	    "with dots, as %s.\n\n", e->key, typed);
	header(fp, o, &s);
	render_markdown(fp, &o->ro, e->body);
}

/*
 * The class for -x.  A code without one (errno 101, X.1.1) takes the
 * entry's verdict: soft counts as 4, hard as 5.
 */
static int
decisive_class(const struct explained *x)
{
	const struct kb_entry	*e = explain_source(x);

	if (x->cls >= 2)
		return x->cls;
	if (e == NULL)
		return 0;
	return e->bounce == BOUNCE_HARD ? 5 : e->bounce == BOUNCE_SOFT ? 4 : 0;
}

/* The page of the text format. */
static void
page(FILE *fp, const struct explain_opts *o, const struct explained *x)
{
	char	 md[NOTE_MAX];

	header(fp, o, x);
	if (x->registry != NULL)
		fprintf(fp, "  The code's own meaning: %s (see smtpcode %s).\n",
		    x->registry->title, x->norm);
	if (x->iscode && x->code.type == CODE_REPLY && x->code.suffix >= 0)
		fprintf(fp, "  The \".%d\" is the provider's own sub-code; "
		    "RFC 5321 defines only the three\n  digits before it.\n",
		    x->code.suffix);
	if (x->disagree)
		fprintf(fp, "  The reply code says class %d and the enhanced "
		    "code class %d: the reply's class\n  wins (RFC 3463 "
		    "section 2).\n", x->reply / 100, x->code.cls);
	if (x->seed != NULL && x->seed == x->entry)
		fprintf(fp, "  Some pages write %s as %s.\n", x->label,
		    x->input);
	if (x->entry != NULL)
		render_markdown(fp, &o->ro, x->entry->body);
	else {
		if (x->code.type == CODE_REPLY)
			digits_md(x, md, sizeof(md));
		else
			unregistered_md(x, md, sizeof(md));
		render_markdown(fp, &o->ro, md);
		if (x->general != NULL)
			render_markdown(fp, &o->ro, x->general->body);
	}
	if (x->seed != NULL && x->seed != x->entry)
		seed_note(fp, o, x->seed, x->input);
	if (note_section(x) != NULL)	/* the site's own words, last */
		render_markdown(fp, &o->ro, note_section(x));
}

static int
show(FILE *fp, const struct explain_opts *o, const struct explained *x)
{
	if ((unsigned)o->fmt < FMT__MAX && formats[o->fmt] != NULL) {
		formats[o->fmt](fp, o, x);
		return decisive_class(x);
	}
	if (!o->brief) {
		page(fp, o, x);
		return decisive_class(x);
	}
	brief(fp, o, x);
	if (x->disagree)
		fprintf(fp, "  the reply's class %d wins over the "
		    "enhanced code's class %d\n", x->reply / 100, x->code.cls);
	if (x->seed != NULL && x->seed != x->entry)
		seed_note(fp, o, x->seed, x->input);
	return decisive_class(x);
}

int
explain_code(FILE *fp, const struct explain_opts *o,
    const struct smtp_code *c, const char *typed, int reply)
{
	struct explained	 x;

	explain_resolve(c, reply, typed, &x);
	return show(fp, o, &x);
}

int
explain_vendor(FILE *fp, const struct explain_opts *o,
    const struct smtp_code *c, const char *typed, int reply,
    const struct kb_entry *vendor)
{
	struct explained	 x;

	explain_resolve(c, reply, typed, &x);
	x.registry = explain_source(&x);
	x.entry = vendor;
	x.general = x.seed = NULL;
	snprintf(x.title, sizeof(x.title), "%s", vendor->title);
	return show(fp, o, &x);
}

int
explain_key(FILE *fp, const struct explain_opts *o,
    const struct kb_entry *e, const char *typed)
{
	struct explained	 x;

	explain_entry(e, &x);
	x.input = typed;
	return show(fp, o, &x);
}

static void
as_written(FILE *fp, const struct kb_entry *e)
{
	if (e->meta != NULL)
		fputs(e->meta, fp);
	fputs(e->body, fp);
}

static void
show_json(FILE *fp, const struct explain_opts *o, const struct explained *x)
{
	fputc('{', fp);
	json_explained(fp, x, o->with_body);
	fputs("}\n", fp);
}

/* The entry as written; a code without one gets its notes instead. */
static void
show_markdown(FILE *fp, const struct explain_opts *o,
    const struct explained *x)
{
	const struct kb_entry	*e = explain_source(x);
	char			*note;

	(void)o;
	if (e == NULL) {
		fprintf(fp, "# %s %s\n\n", x->label, x->title);
		if ((note = explain_note(x)) != NULL)
			fputs(note, fp);
		free(note);
		return;
	}
	as_written(fp, e);
	if (x->seed != NULL && x->seed != x->entry)
		as_written(fp, x->seed);
}

static void
show_html(FILE *fp, const struct explain_opts *o, const struct explained *x)
{
	(void)o;
	render_html_entry(fp, x);
}

static void
show_man(FILE *fp, const struct explain_opts *o, const struct explained *x)
{
	(void)o;
	render_man_entry(fp, x);
}

void
explain_doc(FILE *fp, enum fmt f, const char *name, const char *title,
    const char *md)
{
	switch (f) {
	case FMT_HTML:
		render_html_doc(fp, title, md);
		break;
	case FMT_MAN:
		render_man_doc(fp, name, title, md);
		break;
	default:
		fputs(md, fp);
		break;
	}
}

int
explain_flush(FILE *fp, int rc)
{
	if (fflush(fp) == EOF || ferror(fp)) {
		if (errno != EPIPE)
			warn("standard output");
		return SC_ERROR;
	}
	return rc;
}
