/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * The page model: what one explanation shows, whatever the format.  A
 * code, an entry named by its key, or a verdict is resolved to the entry
 * that explains it (its own, its subject's or class's, a vendor's), and
 * its facts and typed notes are worked out once here; every renderer
 * (text and ANSI, HTML, man, JSON) prints a struct page and nothing else.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extern.h"

#define NOTE_MAX	2048	/* bytes of Markdown in one note */

const char *const page_class_words[6] = {
	"", "positive preliminary reply", "success", "intermediate reply",
	"transient failure", "permanent failure"
};

static const char *const reply_second[] = {
	"syntax", "information", "connections", "unspecified",
	"unspecified", "mail system"
};

static const char *const note_names[NOTE__MAX] = {
	"digits", "unregistered", "registry", "subcode", "disagree",
	"status", "dotted", "meant", "wording", "nocode", "receiver",
	"filtered", "others", "local"
};

static void	 resolve(struct page *, const struct smtp_code *, int,
		    const char *);
static int	 entry_class(const struct kb_entry *);
static void	 append(char *, size_t, size_t *, const char *, size_t);
static void	 copy(char *, size_t, const char *);
static void	 class_list(unsigned, char *, size_t);
static void	 add_fact(struct page *, const char *, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
static void	 add_note(struct page *, enum note_kind, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
static void	 finish(struct page *, int);
static void	 verdict_page(struct page *, const struct verdict *,
		    const char *, int);
static void	 facts(struct page *);
static void	 notes(struct page *);
static void	 verdict_notes(struct page *);
static void	 filtered_note(struct page *);

/* A status as users read it: "notsmtp" is no word for a page. */
const char *
page_status_words(const char *status)
{
	static const struct {
		const char	*name, *words;
	} w[] = {
		{ "nonstandard", "non-standard" },
		{ "notsmtp", "not an SMTP code" },
		{ "registry-only", "in the IANA registry, without RFC text" },
	};
	size_t	 i;

	for (i = 0; i < sizeof(w) / sizeof(w[0]); i++)
		if (strcmp(status, w[i].name) == 0)
			return w[i].words;
	return status;
}

const char *
page_note_name(enum note_kind k)
{
	return (unsigned)k < NOTE__MAX ? note_names[k] : "?";
}

/* The entry that explains a code, and how the page is titled. */
static void
resolve(struct page *p, const struct smtp_code *c, int reply,
    const char *input)
{
	const struct kb_entry	*e;
	char			 code[16];
	int			 fallback;

	memset(p, 0, sizeof(*p));
	p->code = *c;
	p->iscode = 1;
	p->input = input;
	code_format(c, p->label, sizeof(p->label));
	copy(p->norm, sizeof(p->norm), p->label);
	p->cls = c->cls;
	/* Without an entry of its own, it is explained from the general one. */
	e = kb_resolve(c, &fallback);
	if (fallback)
		p->general = e;
	else
		p->entry = e;
	if (p->entry != NULL && p->entry->kind == KIND_ERRNO)
		p->cls = 0;
	if (reply != 0) {
		/* RFC 3463 §2: the reply code's class wins a disagreement. */
		p->reply = reply;
		p->disagree = reply / 100 != c->cls;
		if (reply >= 100 && reply <= 999) {
			/* "%03d %s" without snprintf(3): code[] cut as there */
			reply_put(p->label, reply)[0] = ' ';
			code_format(c, p->label + 4, sizeof(code));
		} else {
			code_format(c, code, sizeof(code));
			snprintf(p->label, sizeof(p->label), "%03d %s", reply,
			    code);
		}
		p->cls = reply / 100;
	}
	p->seed = input == NULL ? NULL : kb_seed(input);
	if (p->entry != NULL)
		copy(p->title, sizeof(p->title), p->entry->title);
	else if (c->type == CODE_REPLY)
		snprintf(p->title, sizeof(p->title), "Non-standard reply code");
	else
		snprintf(p->title, sizeof(p->title), "Unregistered code: %s",
		    p->general != NULL ? p->general->title : "unknown subject");
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

/*
 * snprintf(buf + *len, sz - *len, "%.*s", n, s), *len < sz: as many
 * bytes as fit, always terminated, *len grown by n whatever fits.
 */
static void
append(char *buf, size_t sz, size_t *len, const char *s, size_t n)
{
	size_t	 k = n < sz - *len - 1 ? n : sz - *len - 1;

	memcpy(buf + *len, s, k);
	buf[*len + k] = '\0';
	*len += n;
}

/* snprintf(buf, sz, "%s", s), sz > 0, without the format's cost. */
static void
copy(char *buf, size_t sz, const char *s)
{
	size_t	 len = 0;

	append(buf, sz, &len, s, strlen(s));
}

/*
 * "sender-admin recipient" as "sender's admin, recipient".  Built by
 * append() rather than snprintf(3), which was 2% of annotation, the
 * same bytes cut at the same place.
 */
void
page_acts_words(const char *s, char *buf, size_t sz)
{
	size_t	 n, len = 0;

	buf[0] = '\0';
	while (*s != '\0' && len < sz) {
		n = strcspn(s, " ");
		if (n > 6 && strncmp(s + n - 6, "-admin", 6) == 0) {
			append(buf, sz, &len, s, n - 6);
			if (len < sz)
				append(buf, sz, &len, "'s admin", 8);
			else
				len += 8;
		} else
			append(buf, sz, &len, s, n);
		s += n;
		while (*s == ' ')
			s++;
		if (*s != '\0' && len < sz)
			append(buf, sz, &len, ", ", 2);
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
		len += (size_t)snprintf(buf + len, sz - len, "%d%s", c,
		    left > 1 ? ", " : left == 1 ? " or " : "");
	}
}

static void
add_fact(struct page *p, const char *name, const char *fmt, ...)
{
	va_list	 ap;

	if (p->nfacts >= PAGE_FACTS)
		return;
	p->facts[p->nfacts].name = name;
	va_start(ap, fmt);
	vsnprintf(p->facts[p->nfacts].value,
	    sizeof(p->facts[p->nfacts].value), fmt, ap);
	va_end(ap);
	p->nfacts++;
}

/* A note, as Markdown the page owns. */
static void
add_note(struct page *p, enum note_kind k, const char *fmt, ...)
{
	va_list	 ap;
	char	*md;

	if (p->nnotes >= PAGE_NOTES)
		return;
	md = xmalloc(NOTE_MAX);
	va_start(ap, fmt);
	vsnprintf(md, NOTE_MAX, fmt, ap);
	va_end(ap);
	p->notes[p->nnotes].kind = k;
	p->notes[p->nnotes].md = md;
	p->nnotes++;
}

/* The facts every format shows under the title. */
static void
facts(struct page *p)
{
	const struct kb_entry	*e = page_source(p);
	char			 buf[256];

	if (p->cls >= 1 && p->cls <= 5)
		add_fact(p, "Class", "%d, %s", p->cls,
		    page_class_words[p->cls]);
	else if (e != NULL && e->kind == KIND_ERRNO)
		add_fact(p, "Class", "none: an operating-system error number, "
		    "not an SMTP code");
	else if (e != NULL && e->classes != 0) {
		class_list(e->classes, buf, sizeof(buf));
		add_fact(p, "Class", "not given; the code occurs in class %s",
		    buf);
	}
	if (e == NULL)
		return;
	add_fact(p, "Reason", "%s", p->reason);
	add_fact(p, "Bounce", "%s%s", p->bounce, strcmp(p->bounce, "soft") ==
	    0 ? ": retry later" : strcmp(p->bounce, "hard") == 0 ?
	    ": do not retry unchanged" : "");
	page_acts_words(p->acts, buf, sizeof(buf));
	add_fact(p, "Who acts", "%s", buf);
	if (p->vn & VN_WORDING)
		add_fact(p, "Judged from", "%s", p->vn & VN_NOCODE ?
		    "the wording; the text has no code" :
		    "the code and the wording");
	if (*e->replies != '\0')
		add_fact(p, "Replies", "%s", e->replies);
	if (*e->enhanced != '\0')
		add_fact(p, "Enhanced codes", "%s", e->enhanced);
	add_fact(p, "Status", "%s", page_status_words(p->status));
	if (p->vendor != NULL)
		add_fact(p, "Vendor", "%s", p->vendor);
	if (p->entry == NULL)
		add_fact(p, "Explained from", "%s", e->key);
}

/* RFC 5321 §4.2.1 gives each digit of a reply a meaning. */
static void
notes(struct page *p)
{
	const struct smtp_code	*c = &p->code;
	int			 second = (c->reply / 10) % 10;

	if (p->entry == NULL && p->iscode && c->type == CODE_REPLY)
		add_note(p, NOTE_DIGITS, "## Reading the digits\n\n"
		    "No RFC defines reply %03d, so it is explained from its "
		    "digits as RFC 5321 section 4.2.1 describes them.\n\n"
		    "- First digit %d: %s.\n- Second digit %d: %s.\n"
		    "- Third digit %d: a finer distinction that only the "
		    "server's software defines.\n", c->reply, c->cls,
		    page_class_words[c->cls], second, second <= 5 ?
		    reply_second[second] : "no category is defined for it "
		    "(RFC 5321 uses 0 to 5)", c->reply % 10);
	else if (p->entry == NULL && p->iscode)
		add_note(p, NOTE_UNREGISTERED, "## Not registered\n\n%s is not "
		    "in the IANA registry. As RFC 3463 section 2 asks, it is "
		    "explained from its %s.\n", p->norm, c->type ==
		    CODE_ENHANCED ? "class and subject" : "class");
	if (p->registry != NULL) {
		/* "554.30" is explained by a vendor; its code is "554". */
		add_note(p, NOTE_REGISTRY, "The code's own meaning: %s (see "
		    "`smtpcode %s`).\n", p->registry->title,
		    p->registry->key[0] == 'X' ? p->norm : p->registry->key);
	}
	if (p->iscode && c->type == CODE_REPLY && c->suffix >= 0)
		add_note(p, NOTE_SUBCODE, "The \".%d\" is the provider's own "
		    "sub-code: RFC 5321 defines only the three digits before "
		    "it. Look for it in the provider's documentation.\n",
		    c->suffix);
	if (p->disagree)
		add_note(p, NOTE_DISAGREE, "The reply code says class %d and "
		    "the enhanced code class %d: the reply's class wins (RFC "
		    "3463 section 2).\n", p->reply / 100, c->cls);
	if (p->seed != NULL && p->seed == p->entry)
		add_note(p, NOTE_DOTTED, "Some pages write %s as %s.\n",
		    p->label, p->input);
	else if (p->seed != NULL)
		add_note(p, NOTE_MEANT, "Did you mean reply %s? Some pages "
		    "write reply codes with dots, as %s.\n", p->seed->key,
		    p->input);
	verdict_notes(p);
}

/*
 * Words that deny the user, read as a filter's answer (verdict.c,
 * after_data()): say why, since the words alone say otherwise.
 */
static void
filtered_note(struct page *p)
{
	const char	*st = p->stage;

	if (stage_after_rcpt(st))
		add_note(p, NOTE_FILTERED, "## Why filtered\n\nThe words "
		    "say the user is unknown, but the server said so in reply "
		    "to %s, after it had accepted the address at RCPT TO. A "
		    "refusal that comes only once the message is sent is the "
		    "answer of a filter or a rule on the receiving side, not "
		    "of its list of users: the address may well exist. Ask "
		    "the recipient or their postmaster what refused the "
		    "message.\n", strcmp(st, "DATA") == 0 ? "DATA" :
		    strcmp(st, "BDAT") == 0 ? "BDAT" : "the end of the "
		    "message data");
	else
		add_note(p, NOTE_FILTERED, "## Why filtered\n\nThe words "
		    "say the user is unknown, but code %s says %s. A rule on "
		    "the receiving side refused the message and answered in "
		    "those words; the address may well exist. Ask the "
		    "recipient or their postmaster what refused the "
		    "message.\n", p->norm, p->code.subject == 2 ? "the "
		    "mailbox exists and does not take the message" : "a "
		    "security or policy rule refused it");
}

/* What a verdict rests on beyond the code. */
static void
verdict_notes(struct page *p)
{
	const struct kb_entry	*r = p->receiver;

	if (p->vn & VN_FILTERED)
		filtered_note(p);
	else if (p->vn & VN_NOCODE)
		add_note(p, NOTE_NOCODE, "No code in the text: it is judged "
		    "from the wording \"%s\", which names this cause.\n",
		    p->wording->phrase);
	else if (p->vn & VN_WORDING)
		add_note(p, NOTE_WORDING, "The reason, %s, comes from the "
		    "wording \"%s\"; the code alone would say %s.\n", p->reason,
		    p->wording->phrase, kb_reason(page_source(p), p->cls));
	if (p->vn & VN_STATUS)
		add_note(p, NOTE_STATUS, "The server replied with class %d, "
		    "but the sending program's own status is class %d: the "
		    "message was treated as class %d.\n", p->reply != 0 ?
		    p->reply / 100 : p->code.cls, p->cls, p->cls);
	if ((p->vn & VN_RECEIVER) && r != NULL)
		add_note(p, NOTE_RECEIVER, "The reply comes from %s's mail "
		    "servers (its host names are in the text). This message "
		    "of theirs is not in the knowledge base, so the code's "
		    "general meaning is shown; %s's own page: %s. See also "
		    "`smtpcode %s`.\n", r->vendor, r->vendor, r->source,
		    r->key);
	if (p->others[0] != '\0')
		add_note(p, NOTE_OTHERS, "Other codes in the text: %s.\n",
		    p->others);
}

/*
 * Reason, bounce, actors, kind, status, facts and notes, once.  Not
 * full: a brief line's page, which shows neither facts nor notes (log
 * mode renders one for each distinct verdict: the facts' and notes'
 * formatting was a quarter of that).
 */
static void
finish(struct page *p, int full)
{
	const struct kb_entry	*e = page_source(p);
	static const char *const types[] = {
		"reply", "enhanced", "subject", "class"
	};

	if (p->reason == NULL)
		p->reason = kb_reason(e, p->cls);
	if (p->bounce == NULL)
		p->bounce = kb_bounce(e, p->cls);
	if (p->acts == NULL)
		p->acts = e != NULL ? e->acts : "";
	p->kind = p->entry != NULL ? kbcheck_kind_name(p->entry->kind) :
	    types[p->code.type];
	p->status = p->entry != NULL ? p->entry->status : "nonstandard";
	if (e != NULL && *e->vendor != '\0')
		p->vendor = e->vendor;
	else if (p->receiver != NULL)
		p->vendor = p->receiver->vendor;
	if (full) {
		facts(p);
		notes(p);
	}
	/* The site's own words come last, as a section of their own. */
	if ((p->local_note = note_for(p)) != NULL && full &&
	    p->nnotes < PAGE_NOTES) {
		p->notes[p->nnotes].kind = NOTE_LOCAL;
		p->notes[p->nnotes++].md = xstrdup(note_section(p));
	}
	if (p->seed != NULL && p->seed != p->entry) {
		p->meant = xmalloc(sizeof(*p->meant));
		page_entry(p->meant, p->seed, p->seed->key);
	}
}

void
page_code(struct page *p, const struct smtp_code *c, int reply,
    const char *input)
{
	resolve(p, c, reply, input);
	finish(p, 1);
}

void
page_vendor(struct page *p, const struct smtp_code *c, int reply,
    const char *input, const struct kb_entry *vendor)
{
	resolve(p, c, reply, input);
	p->registry = page_source(p);
	p->entry = vendor;
	p->general = p->seed = NULL;
	snprintf(p->title, sizeof(p->title), "%s", vendor->title);
	finish(p, 1);
}

void
page_entry(struct page *p, const struct kb_entry *e, const char *input)
{
	struct code_error	 ce;

	memset(p, 0, sizeof(*p));
	p->entry = e;
	p->iscode = code_parse(e->key, &p->code, &ce) == 0;
	p->input = input != NULL ? input : e->key;
	snprintf(p->norm, sizeof(p->norm), "%s", e->key);
	snprintf(p->label, sizeof(p->label), "%s", e->key);
	snprintf(p->title, sizeof(p->title), "%s", e->title);
	p->cls = entry_class(e);
	finish(p, 1);
}

void
page_verdict(struct page *p, const struct verdict *v, const char *input)
{
	verdict_page(p, v, input, 1);
}

void
page_verdict_brief(struct page *p, const struct verdict *v,
    const char *input)
{
	verdict_page(p, v, input, 0);
}

static void
verdict_page(struct page *p, const struct verdict *v, const char *input,
    int full)
{
	const struct found	*f;
	size_t			 i, len = 0;
	char			 code[24];

	resolve(p, &v->code, v->reply, input);
	if (v->vendor != NULL) {
		p->registry = page_source(p);
		p->entry = v->vendor;
		p->general = p->seed = NULL;
		copy(p->title, sizeof(p->title), v->vendor->title);
	}
	if (v->notes & VN_NOCODE) {
		p->reply = 0;
		p->disagree = 0;
		snprintf(p->label, sizeof(p->label), "(%.40s)", p->norm);
	}
	p->cls = v->cls;
	p->reason = v->reason;
	p->bounce = v->bounce;
	p->acts = v->acts;
	p->wording = v->wording;
	p->receiver = v->receiver;
	p->vn = v->notes;
	p->stage = v->li.stage;
	/* The codes that did not decide, once each. */
	for (i = 0; i < v->li.n && len + 20 < sizeof(p->others); i++) {
		f = &v->li.f[i];
		if (f->paired || (int)i == v->li.verdict ||
		    memcmp(&f->code, &v->code, sizeof(f->code)) == 0)
			continue;
		code_format(&f->code, code, sizeof(code));
		if (f->reply != 0) {
			memmove(code + 4, code, strlen(code) + 1);
			snprintf(code, 5, "%03d", f->reply);
			code[3] = ' ';
		}
		if (strstr(p->others, code) != NULL)
			continue;	/* a continuation line's repeat */
		len += (size_t)snprintf(p->others + len,
		    sizeof(p->others) - len, "%s%s", len > 0 ? ", " : "", code);
	}
	if (v->li.dropped > 0 && len + 40 < sizeof(p->others))
		snprintf(p->others + len, sizeof(p->others) - len,
		    "%sand %zu more (a text keeps at most %d codes)",
		    len > 0 ? ", " : "", v->li.dropped, LINE_MAXCODES);
	finish(p, full);
}

void
page_free(struct page *p)
{
	size_t	 i;

	for (i = 0; i < p->nnotes; i++)
		free(p->notes[i].md);
	if (p->meant != NULL) {
		page_free(p->meant);
		free(p->meant);
	}
	memset(p, 0, sizeof(*p));
}

const struct kb_entry *
page_source(const struct page *p)
{
	return p->entry != NULL ? p->entry : p->general;
}

/*
 * The class for -x.  A code without one (errno 101, X.1.1) takes the
 * entry's verdict: soft counts as 4, hard as 5.
 */
int
page_exit_class(const struct page *p)
{
	const struct kb_entry	*e = page_source(p);

	if (p->cls >= 2)
		return p->cls;
	if (e == NULL)
		return 0;
	return e->bounce == BOUNCE_HARD ? 5 : e->bounce == BOUNCE_SOFT ? 4 : 0;
}
