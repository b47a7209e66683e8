/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * Bounce messages: every failed or delayed recipient that mail.c finds
 * becomes one verdict, from the report's Status field and the remote
 * server's words together, and is shown as a page, a line, a JSON
 * object or a count.  The returned original message is never read for
 * codes: mail.c does not hand it over.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extern.h"

#define TEXT_MAX	8192	/* bytes of status and diagnostic judged */

struct bounce {
	const struct scan_opts *o;
	struct scan_result *r;
	const char	*name;		/* file or "standard input" */
	struct verdict	 v;
	struct verdict	 alt;		/* the remote's words judged alone */
};

static void	 message(const struct mail_msg *, void *);
static void	 recipient(struct bounce *, const struct mail_msg *,
		    const struct mail_rcpt *);
static void	 not_bounce(struct bounce *, const struct mail_msg *);
static void	 field(FILE *, const char *, const char *);
static void	 json_record(struct bounce *, const struct mail_msg *,
		    const struct mail_rcpt *);
static void	 judge(struct bounce *, const struct mail_rcpt *);
static int	 weak_status(const char *);
static int	 failed(const char *);
static void	 gave_up(struct verdict *, const struct mail_rcpt *);
static int	 program_summary(const char *);

/* "name value" on the recipient's lines, made safe. */
static void
field(FILE *fp, const char *name, const char *value)
{
	if (value == NULL)
		return;
	fprintf(fp, "  %s: ", name);
	term_write(fp, value, strlen(value));
	fputc('\n', fp);
}

static void
json_record(struct bounce *b, const struct mail_msg *m,
    const struct mail_rcpt *rc)
{
	struct page	 p;

	if (!b->v.decided) {
		render_json_recipient(b->o->out, b->name, m, rc, NULL);
		return;
	}
	page_verdict(&p, &b->v, NULL);
	render_json_recipient(b->o->out, b->name, m, rc, &p);
	page_free(&p);
}

/* "5.0.0", "4.0.0" or none: a status that says no more than the class. */
static int
weak_status(const char *s)
{
	return s == NULL || (strlen(s) == 5 && strcmp(s + 1, ".0.0") == 0);
}

/*
 * A status that names no cause: X.0.0, or X.5.0 ("other or undefined
 * protocol status"), which Sendmail writes for a remote reply that came
 * without an enhanced code of its own.
 */
static int
vague_status(const char *s)
{
	return weak_status(s) || (strlen(s) == 5 && strcmp(s + 1, ".5.0") == 0);
}

/*
 * Sendmail's summary of a delivery to a program ("554 \"|exec procmail
 * ...\"... Service unavailable", after a .forward or an alias that pipes
 * the mail): the address is the command, and the reply code and words
 * are Sendmail's own rendering of the program's exit status, not a
 * server's answer.  Whatever they read as, the delivery program failed.
 */
static int
program_summary(const char *d)
{
	size_t	 i;

	if (strlen(d) < 8 || (d[0] != '4' && d[0] != '5') ||
	    !isdigit((unsigned char)d[1]) || !isdigit((unsigned char)d[2]) ||
	    d[3] != ' ')
		return 0;
	i = 4;
	if (d[i] == d[0] && d[i + 1] == '.') {
		while (d[i] != '\0' && d[i] != ' ')
			i++;
		if (d[i] == ' ')
			i++;
	}
	if (d[i] == '"')
		i++;
	return d[i] == '|' && strstr(d + i, "... ") != NULL;
}

/*
 * The verdict of one recipient.  "Status: 5.1.1" is the report's own
 * status, and the text can say more; but the Status field is the
 * reporting MTA's summary, while the diagnostic holds the remote's own
 * words.  When those words alone name a cause (a vendor's message, or
 * wording the knowledge base knows) and the verdict of both together
 * rests on the Status code only, or on common wording that the Status
 * code matched, the remote's words decide the reason; a vendor's own
 * entry matched with the Status code stays.  A diagnostic
 * that is only the bounce's whole text (no reply was found in it) adds
 * nothing to a Status more precise than its class.
 */
static void
judge(struct bounce *b, const struct mail_rcpt *rc)
{
	struct verdict	*v = &b->v, *a = &b->alt;
	const char	*diag = rc->diagnostic, *stage = rc->stage;
	char		 text[TEXT_MAX], code[16];
	int		 n;

	/*
	 * "Status: 5.1.1" has said the address is bad: the remote's words
	 * read alone must not become a filter's answer for the stage.
	 */
	if (rc->status != NULL && strncmp(rc->status + 1, ".1.", 3) == 0 &&
	    strcmp(rc->status + 4, "0") != 0)
		stage = NULL;

	if (rc->guessed && !weak_status(rc->status))
		diag = NULL;
	n = snprintf(text, sizeof(text), "%s%s%s%s",
	    rc->status != NULL ? "Status: " : "",
	    rc->status != NULL ? rc->status : "",
	    rc->status != NULL && diag != NULL ? " " : "",
	    diag != NULL ? diag : "");
	if (n < 0)
		n = 0;
	if ((size_t)n >= sizeof(text))
		n = (int)sizeof(text) - 1;
	verdict_text_at(v, text, (size_t)n, rc->stage);
	if (v->decided && v->cls >= 4 && diag != NULL &&
	    program_summary(diag)) {
		v->reason = "mailererror";
		return;
	}
	/*
	 * "Diagnostic-Code: X-Unix; ..." is the exit of the program the
	 * local delivery agent ran (a pipe, procmail).  When its words
	 * carry no reply code and name no cause ("temporary failure", an
	 * exit status), that program failed, whatever status the MTA gave
	 * it; a cause it names ("Disk quota exceeded") stays the reason.
	 */
	if (v->decided && v->cls >= 4 && v->vendor == NULL &&
	    v->wording == NULL && diag != NULL && rc->diag_type != NULL &&
	    strcmp(rc->diag_type, "x-unix") == 0 &&
	    (!verdict_text_at(a, diag, strlen(diag), stage) ||
	    (a->notes & VN_NOCODE))) {
		v->reason = "mailererror";
		return;
	}
	/*
	 * A vendor's own message outranks wording, but it is matched with
	 * the code it comes with: beside a Status that names no cause
	 * ("Status: 5.0.0" over Yahoo's "554 delivery error: dd ..."), the
	 * reply read alone finds it.
	 */
	if (v->decided && diag != NULL && !rc->guessed &&
	    vague_status(rc->status) && (v->vendor == NULL ||
	    kb_generic(v->vendor)) &&
	    verdict_text_at(a, diag, strlen(diag), stage) &&
	    a->vendor != NULL && !kb_generic(a->vendor) &&
	    a->cls == v->cls) {
		*v = *a;
		return;
	}
	if (!v->decided || rc->status == NULL || diag == NULL ||
	    rc->guessed || v->wording != NULL || (v->vendor != NULL &&
	    !kb_generic(v->vendor)))
		return;
	code_format(&v->code, code, sizeof(code));
	if (strcmp(code, rc->status) != 0)
		return;		/* the text's own code decided */
	if (!verdict_text_at(a, diag, strlen(diag), stage))
		return;
	/*
	 * A status that names no cause gives way to the remote's own
	 * reply of the same class ("Status: 5.0.0" beside "554 Transaction
	 * failed"): the reply's reading says more.
	 */
	if (vague_status(rc->status) && !(a->notes & VN_NOCODE) &&
	    a->cls == v->cls && strcmp(a->reason, "undefined") != 0) {
		*v = *a;
		return;
	}
	/*
	 * Of another class ("Status: 4.0.0" beside "550 ... Client host
	 * blocked"), the reply still names the cause when a vendor's
	 * message or known wording reads it: the reason is the reply's,
	 * while the Status (the reporting MTA's word on whether it was
	 * final) keeps the code and the class.
	 */
	if (vague_status(rc->status) && !(a->notes & VN_NOCODE) &&
	    (a->vendor != NULL || a->wording != NULL) &&
	    strcmp(a->reason, "undefined") != 0) {
		v->vendor = a->vendor;
		v->wording = a->wording;
		v->reason = a->reason;
		v->acts = a->acts;
		if (a->wording != NULL)
			v->notes |= VN_WORDING;
		return;
	}
	if ((a->wording == NULL && a->vendor == NULL) ||
	    strcmp(a->reason, v->reason) == 0)
		return;
	if (!(a->notes & VN_NOCODE)) {
		if (a->cls == v->cls)
			*v = *a;
		return;
	}
	/* Words without a code: the Status code stays, they give the cause. */
	v->vendor = a->vendor;
	v->wording = a->wording;
	v->reason = v->cls == 2 ? "delivered" : a->reason;
	if (a->cls == v->cls)
		v->bounce = a->bounce;
	v->acts = a->acts;
	v->notes |= VN_WORDING;
}

/*
 * A recipient reported failed under a transient Status (4.x.x): the
 * reporting MTA kept retrying a temporary failure and then gave up.
 * When the reading is that the remote could not be reached and the
 * words say the attempts timed out ("connect to ...: Connection timed
 * out"), what ended the delivery is the queue's time running out: the
 * message expired.  Other transient causes the words name (a full
 * mailbox, too many connections, a lookup failure) stay.
 */
static void
gave_up(struct verdict *v, const struct mail_rcpt *rc)
{
	struct pattern_hits	 h;

	if (!v->decided || v->cls != 4 || rc->status == NULL ||
	    rc->status[0] != '4' || rc->diagnostic == NULL ||
	    rc->action == NULL || strncmp(rc->action, "failed", 6) != 0 ||
	    strcmp(v->reason, "networkerror") != 0)
		return;
	memset(&h, 0, sizeof(h));
	pattern_scan(rc->diagnostic, strlen(rc->diagnostic), &h);
	if (h.wording != NULL && strcmp(h.wording->reason, "expired") == 0)
		v->reason = "expired";
}

/* Not delivered: any action but those RFC 3464 names for a success. */
static int
failed(const char *action)
{
	return action == NULL || (strcmp(action, "delivered") != 0 &&
	    strcmp(action, "relayed") != 0 &&
	    strcmp(action, "expanded") != 0);
}

/* One failed or delayed recipient: its verdict, shown as asked. */
static void
recipient(struct bounce *b, const struct mail_msg *m,
    const struct mail_rcpt *rc)
{
	const struct scan_opts	*o = b->o;
	struct explain_opts	 eo = *o->eo;
	FILE			*fp = o->out;
	char			 code[16];
	int			 cls;

	judge(b, rc);
	gave_up(&b->v, rc);
	/* The recipient of the report, not an address quoted in its text. */
	b->v.li.rcpt = rc->recipient;
	b->v.li.rcptlen = rc->recipient != NULL ? strlen(rc->recipient) : 0;
	if (rc->remote_mta != NULL) {
		b->v.li.host = rc->remote_mta;
		b->v.li.hostlen = strlen(rc->remote_mta);
	}
	if (b->v.decided) {
		b->r->found++;
		cls = b->v.cls == 3 ? 2 : b->v.cls;
		if (cls > b->r->worst)
			b->r->worst = cls;
		if (o->sum != NULL)
			summary_add(o->sum, o->by, &b->v, 1);
	}
	switch (o->mode) {
	case SCAN_SUMMARY:
		return;
	case SCAN_JSON:
		json_record(b, m, rc);
		return;
	case SCAN_CODES:
		if (b->v.decided && b->v.li.n > 0) {
			code_format(&b->v.code, code, sizeof(code));
			fprintf(fp, "%s\n", code);
		}
		return;
	case SCAN_REASON:
		term_write(fp, rc->recipient != NULL ? rc->recipient : "-",
		    strlen(rc->recipient != NULL ? rc->recipient : "-"));
		code_format(&b->v.code, code, sizeof(code));
		if (b->v.decided)
			fprintf(fp, " %s %s %s\n", code, b->v.reason,
			    b->v.bounce);
		else
			fputs(" - undefined -\n", fp);
		return;
	default:
		break;
	}
	term_write(fp, rc->recipient != NULL ? rc->recipient :
	    "(recipient not named)", strlen(rc->recipient != NULL ?
	    rc->recipient : "(recipient not named)"));
	fputs(":", fp);
	if (eo.brief || o->mode == SCAN_MATCHING) {
		eo.brief = 1;
		eo.prefix = " ";
		if (b->v.decided)
			explain_verdict(fp, &eo, &b->v, NULL);
		else
			fputs(" no code or known wording in the report\n", fp);
		return;
	}
	fputc('\n', fp);
	field(fp, "Action", rc->action);
	field(fp, "Status", rc->status);
	field(fp, "Remote MTA", rc->remote_mta);
	field(fp, "Diagnostic", rc->diagnostic);
	fputc('\n', fp);
	if (b->v.decided)
		explain_verdict(fp, &eo, &b->v, NULL);
	else
		fputs("No code or known wording in the report.\n", fp);
	fputc('\n', fp);
}

/* A message that is no bounce says what it is instead. */
static void
not_bounce(struct bounce *b, const struct mail_msg *m)
{
	FILE		*fp = b->o->out;
	const char	*what = m->kind == MAIL_AUTOREPLY ? "an automatic "
			    "reply (out of office or vacation)" :
			    m->kind == MAIL_ARF ? "a feedback report (ARF): a "
			    "recipient marked a message as spam or abuse" :
			    "not a bounce message";

	if (b->o->mode == SCAN_SUMMARY || b->o->mode == SCAN_CODES ||
	    b->o->mode == SCAN_REASON)
		return;		/* only verdicts in the scripts' views */
	if (b->o->mode == SCAN_JSON) {
		render_json_message(fp, b->name, m);
		return;
	}
	term_write(fp, b->name, strlen(b->name));
	fprintf(fp, ": message %zu is %s", m->index, what);
	if (m->subject != NULL) {
		fputs(" (Subject: ", fp);
		term_write(fp, m->subject, strlen(m->subject));
		fputc(')', fp);
	}
	fputs("\n", fp);
}

static void
message(const struct mail_msg *m, void *arg)
{
	struct bounce	*b = arg;
	size_t		 i, shown = 0;

	for (i = 0; i < m->nrcpt; i++) {
		if (m->kind == MAIL_ARF)
			break;
		if (!failed(m->rcpt[i].action))
			continue;	/* delivered, relayed, expanded */
		recipient(b, m, &m->rcpt[i]);
		shown++;
	}
	if (shown == 0)
		not_bounce(b, m);
	if (b->o->line_buffered)
		fflush(b->o->out);
}

int
bounce_read(ssize_t (*rd)(void *, char *, size_t), void *ctx,
    const char *name, const struct scan_opts *o, struct scan_result *r)
{
	static struct bounce	 b;

	b.o = o;
	b.r = r;
	b.name = name;
	if (mail_read(rd, ctx, name, message, &b) == -1) {
		r->error = 1;
		return -1;
	}
	return 0;
}

int
bounce_dir(const char *path, const struct scan_opts *o,
    struct scan_result *r)
{
	static struct bounce	 b;

	b.o = o;
	b.r = r;
	b.name = path;
	if (mail_read_dir(path, message, &b) == -1) {
		r->error = 1;
		return -1;
	}
	return 0;
}
