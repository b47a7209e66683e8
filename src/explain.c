/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * What a lookup shows: find the entry for a code, fall back to its class
 * and subject (RFC 3463 §2) or its digits (RFC 5321 §4.2.1) when it has
 * none, and print a page or a brief line.
 */
#include <stdio.h>
#include <string.h>

#include "extern.h"

/* What a code resolved to. */
struct lookup {
	const struct kb_entry *entry;	/* own entry, or NULL */
	const struct kb_entry *general;	/* subject or class entry if no own */
	char		 label[48];	/* the code as shown */
	int		 cls;		/* 1..5, or 0 when unknown or any */
};

static const char *const class_words[] = {
	"", "positive preliminary reply", "success", "intermediate reply",
	"transient failure", "permanent failure"
};

static const char *const reply_second[] = {
	"syntax", "information", "connections", "unspecified",
	"unspecified", "mail system"
};

static void	 resolve(const struct smtp_code *, struct lookup *);
static void	 styled(FILE *, const struct explain_opts *, const char *,
		    const char *);
static void	 header(FILE *, const struct explain_opts *,
		    const struct lookup *, const char *);
static void	 facts(FILE *, const struct explain_opts *,
		    const struct kb_entry *, int);
static void	 brief(FILE *, const struct explain_opts *,
		    const struct lookup *, const char *);
static void	 reply_digits(FILE *, const struct explain_opts *,
		    const struct smtp_code *);
static int	 decisive_class(const struct lookup *);
static void	 not_registered(FILE *, const struct explain_opts *,
		    const struct lookup *, const struct smtp_code *);
static void	 list_words(FILE *, const char *);
static void	 seed_note(FILE *, const struct explain_opts *,
		    const struct kb_entry *, const char *);

static void
resolve(const struct smtp_code *c, struct lookup *l)
{
	char	 key[32];

	memset(l, 0, sizeof(*l));
	code_format(c, l->label, sizeof(l->label));
	code_key(c, key, sizeof(key));
	l->cls = c->cls;
	l->entry = kb_lookup(key);
	if (l->entry != NULL && l->entry->kind == KIND_ERRNO)
		l->cls = 0;
	if (l->entry != NULL || c->type == CODE_CLASS)
		return;
	/* No entry of its own: explain it from the general one. */
	if (c->type == CODE_ENHANCED) {
		snprintf(key, sizeof(key), "X.%d.X", c->subject);
		l->general = kb_lookup(key);
	}
	if (l->general == NULL && c->cls >= 2) {
		snprintf(key, sizeof(key), "%d.X.X", c->cls == 3 ? 2 : c->cls);
		l->general = kb_lookup(key);
	}
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
list_words(FILE *fp, const char *s)
{
	size_t	 n;

	while (*s != '\0') {
		n = strcspn(s, " ");
		if (n > 6 && strncmp(s + n - 6, "-admin", 6) == 0)
			fprintf(fp, "%.*s's admin", (int)(n - 6), s);
		else
			fprintf(fp, "%.*s", (int)n, s);
		s += n;
		while (*s == ' ')
			s++;
		if (*s != '\0')
			fputs(", ", fp);
	}
}

/* Class, reason, verdict and actors of an entry, as one line. */
static void
facts(FILE *fp, const struct explain_opts *o, const struct kb_entry *e,
    int cls)
{
	const char	*verdict;

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
	verdict = cls == 4 ? "soft" : cls == 5 ? "hard" :
	    kb_bounce_name(e->bounce);
	if (cls == 2 || cls == 3)
		verdict = "none";
	fprintf(fp, "  Reason: %s (%s%s).", e->reason,
	    strcmp(verdict, "none") == 0 ? "no bounce" : verdict,
	    strcmp(verdict, "none") == 0 ? "" : " bounce");
	fputs(" Who acts: ", fp);
	list_words(fp, e->acts);
	fputs(".\n", fp);
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
header(FILE *fp, const struct explain_opts *o, const struct lookup *l,
    const char *title)
{
	if (o->ro.ansi)
		fputs("\033[1m", fp);
	styled(fp, o, render_class_colour(l->cls), l->label);
	if (o->ro.ansi)
		fputs("\033[1m", fp);
	fputc(' ', fp);
	render_safe(fp, title, strlen(title));
	if (o->ro.ansi)
		fputs("\033[0m", fp);
	fputc('\n', fp);
	facts(fp, o, l->entry != NULL ? l->entry : l->general, l->cls);
}

static void
brief(FILE *fp, const struct explain_opts *o, const struct lookup *l,
    const char *title)
{
	const struct kb_entry	*e = l->entry != NULL ? l->entry : l->general;

	styled(fp, o, render_class_colour(l->cls), l->label);
	fputc(' ', fp);
	render_safe(fp, title, strlen(title));
	if (e != NULL)
		fprintf(fp, " [%s; %s]", l->cls >= 1 && l->cls <= 5 ?
		    class_words[l->cls] : e->kind == KIND_ERRNO ?
		    "not an SMTP code" : "any class", e->reason);
	fputc('\n', fp);
}

/* RFC 5321 §4.2.1 gives each digit of a reply a meaning. */
static void
reply_digits(FILE *fp, const struct explain_opts *o,
    const struct smtp_code *c)
{
	char	 md[1024];
	int	 second = (c->reply / 10) % 10, third = c->reply % 10;

	snprintf(md, sizeof(md), "## Reading the digits\n\n"
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
	render_markdown(fp, &o->ro, md);
}

static void
not_registered(FILE *fp, const struct explain_opts *o,
    const struct lookup *l, const struct smtp_code *c)
{
	char	 md[256];

	snprintf(md, sizeof(md), "## Not registered\n\n%s is not in the IANA "
	    "registry. As RFC 3463 section 2 asks, it is explained from its "
	    "%s.\n", l->label, c->type == CODE_ENHANCED ? "class and subject" :
	    "class");
	render_markdown(fp, &o->ro, md);
}

/* "4.2.0" on the seed page means reply 420: show that entry too. */
static void
seed_note(FILE *fp, const struct explain_opts *o, const struct kb_entry *e,
    const char *typed)
{
	struct lookup	 l;

	memset(&l, 0, sizeof(l));
	l.entry = e;
	snprintf(l.label, sizeof(l.label), "%s", e->key);
	l.cls = e->kind == KIND_ERRNO ? 0 : e->key[0] - '0';
	if (o->brief) {
		fputs("  did you mean reply ", fp);
		snprintf(l.label, sizeof(l.label), "%s?", e->key);
		brief(fp, o, &l, e->title);
		return;
	}
	fprintf(fp, "\nDid you mean reply %s?  Some pages write reply codes "
	    "with dots, as %s.\n\n", e->key, typed);
	header(fp, o, &l, e->title);
	render_markdown(fp, &o->ro, e->body);
}

/*
 * The class for -x.  A code without one (errno 101, X.1.1) takes the
 * entry's verdict: soft counts as 4, hard as 5.
 */
static int
decisive_class(const struct lookup *l)
{
	const struct kb_entry	*e = l->entry != NULL ? l->entry : l->general;

	if (l->cls >= 2)
		return l->cls;
	if (e == NULL)
		return 0;
	return e->bounce == BOUNCE_HARD ? 5 : e->bounce == BOUNCE_SOFT ? 4 : 0;
}

int
explain_code(FILE *fp, const struct explain_opts *o,
    const struct smtp_code *c, const char *typed, int reply)
{
	struct lookup		 l;
	const struct kb_entry	*seed;
	char			 title[128], code[16];
	int			 disagree = 0;

	resolve(c, &l);
	if (reply != 0) {
		/* RFC 3463 §2: the reply code's class wins a disagreement. */
		disagree = reply / 100 != c->cls;
		code_format(c, code, sizeof(code));
		snprintf(l.label, sizeof(l.label), "%03d %s", reply, code);
		l.cls = reply / 100;
	}
	seed = typed == NULL ? NULL : kb_seed(typed);
	if (l.entry != NULL)
		snprintf(title, sizeof(title), "%s", l.entry->title);
	else if (c->type == CODE_REPLY)
		snprintf(title, sizeof(title), "Non-standard reply code");
	else
		snprintf(title, sizeof(title), "Unregistered code: %s",
		    l.general != NULL ? l.general->title : "unknown subject");
	if (o->brief) {
		brief(fp, o, &l, title);
		if (disagree)
			fprintf(fp, "  the reply's class %d wins over the "
			    "enhanced code's class %d\n", reply / 100, c->cls);
		if (seed != NULL && seed != l.entry)
			seed_note(fp, o, seed, typed);
		return decisive_class(&l);
	}
	header(fp, o, &l, title);
	if (disagree)
		fprintf(fp, "  The reply code says class %d and the enhanced "
		    "code class %d: the reply's class\n  wins (RFC 3463 "
		    "section 2).\n", reply / 100, c->cls);
	if (seed != NULL && seed == l.entry)
		fprintf(fp, "  Some pages write %s as %s.\n", l.label, typed);
	if (l.entry != NULL)
		render_markdown(fp, &o->ro, l.entry->body);
	else {
		if (c->type == CODE_REPLY)
			reply_digits(fp, o, c);
		else
			not_registered(fp, o, &l, c);
		if (l.general != NULL)
			render_markdown(fp, &o->ro, l.general->body);
	}
	if (seed != NULL && seed != l.entry)
		seed_note(fp, o, seed, typed);
	return decisive_class(&l);
}
