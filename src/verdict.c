/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * One verdict for a unit of input (an operand, a log line, a reply of
 * several lines): the code that decides, the outcome's class, the reason,
 * hard or soft, who acts, and what that rests on.  Evidence decides most
 * specific first: a vendor's own message, then wording that names a
 * cause, then the code's default; a text without a code but with such
 * wording is still explained.  Every view prints this and nothing else.
 */
#include <string.h>

#include "extern.h"

static int	 context_class(const char *, size_t);
static void	 first_mark(void *, unsigned, size_t);
static void	 classify(struct verdict *, const char *, size_t);
static void	 by_stage(struct verdict *, const char *, size_t);
static const char *stage_of(struct verdict *, const char *, size_t);
static size_t	 unaddress(const struct line_info *, const char *, size_t,
		    char *, size_t, size_t *, struct ms_cut *);
static int	 address_code(const struct smtp_code *);
static int	 address_wording(const struct kb_wording *);
static int	 late_wording(const struct verdict *,
		    const struct kb_wording *);
static int	 no_failure(const char *);
static int	 wording_code(const struct kb_wording *, struct smtp_code *);
static int	 phrase_of(const struct kb_entry *, const char *, size_t,
		    size_t);
static int	 decide(struct verdict *, const char *, size_t, unsigned,
		    const char *);
static void	 after_data(struct verdict *, const char *, size_t);
static void	 filtered(struct verdict *, const char *);
static size_t	 unrepeat(const struct line_info *, const char *, size_t,
		    char *, size_t, size_t *, struct ms_cut *, size_t *);

/*
 * Whether the view shows the context of the text decided (MTA,
 * recipient, host): one that does not (-r) needs only the stage.
 */
static int	 context_shown;

/*
 * An addressing code (X.1.x) already says whose address failed: "550
 * 5.1.7 No such domain" is the sender's domain, not the recipient's, so
 * wording about unknown users and hosts does not overrule it.
 */
static int
address_code(const struct smtp_code *c)
{
	return c->type == CODE_ENHANCED && c->subject == 1 && c->detail > 0;
}

static int
address_wording(const struct kb_wording *w)
{
	return strcmp(w->reason, "userunknown") == 0 ||
	    strcmp(w->reason, "hostunknown") == 0;
}

/*
 * Words that say the queue gave up ("Giving up on 192.0.2.30", qmail's
 * sign-off under every bounce) tell how long a failure lasted, not what
 * it was: a permanent reply that is not about delivery time keeps its
 * own reading, and so does a temporary one whose enhanced code names
 * another cause (qmail quoting "450 4.2.2 ... Mailbox Full" before "this
 * message has been in the queue too long": the mailbox stayed full).
 */
static int
late_wording(const struct verdict *v, const struct kb_wording *w)
{
	int	 other = v->code.type == CODE_ENHANCED &&
		    v->code.subject != 4 && v->code.subject != 0;

	return strcmp(w->reason, "expired") == 0 && ((v->cls == 5 &&
	    !(v->code.type == CODE_ENHANCED && v->code.subject == 4)) ||
	    (v->cls == 4 && other));
}

/*
 * The reading of a code that names no cause of failure: "delivered" for
 * a code the registry defines in the success class only (yahoo.co.jp's
 * qmail quotes "[#4.1.9]" before "this message has been in the queue
 * too long").  Such a code cannot say the failure was something else
 * than what the words say.
 */
static int
no_failure(const char *reason)
{
	return reason != NULL && strcmp(reason, "delivered") == 0;
}

/*
 * The code a phrase of wording is explained by, parsed once for the run
 * (half a thousand instructions each time): 0 and *c, or -1.
 */
static int
wording_code(const struct kb_wording *w, struct smtp_code *c)
{
	static struct smtp_code	*code;
	static signed char	*state;	/* by wording: 1 parsed, -1 bad */
	struct code_error	 ce;
	size_t			 i = (size_t)(w - kb_wordings);

	if (state == NULL) {
		state = xcalloc(kb_nwordings + 1, sizeof(*state));
		code = xcalloc(kb_nwordings + 1, sizeof(*code));
	}
	if (state[i] == 0)
		state[i] = code_parse(w->code, &code[i], &ce) == 0 ? 1 : -1;
	*c = code[i];
	return state[i] == 1 ? 0 : -1;
}

/*
 * Does s hold one of an entry's match phrases of min bytes or more?
 * Common wording and a phrase of the wording list weigh as the wording
 * list's phrases weigh each other, the longer saying more; only the
 * phrases that long are looked for.
 */
static int
phrase_of(const struct kb_entry *e, const char *s, size_t len, size_t min)
{
	char		 lc[128] = "";	/* all set: the analyzer cannot tell */
	const char	*p = e->match, *q;
	size_t		 n, i;

	while (*p != '\0') {
		while (*p == ' ' || *p == '|')
			p++;
		if ((q = strchr(p, '|')) == NULL)
			q = p + strlen(p);
		n = (size_t)(q - p);
		while (n > 0 && p[n - 1] == ' ')
			n--;
		if (n >= min && n < sizeof(lc)) {
			for (i = 0; i < n; i++)
				lc[i] = (char)(p[i] >= 'A' && p[i] <= 'Z' ?
				    p[i] | 0x20 : p[i]);
			lc[n] = '\0';
			if (memcasemem(s, len, lc) != NULL)
				return 1;
		}
		p = q;
	}
	return 0;
}

/*
 * The outcome's class of a text without a code: the MTA's own status
 * (Postfix status=, Exim's ** and ==, Sendmail stat=), else words that
 * say permanent or temporary; 0 if nothing says.  The first mark of the
 * list that stands anywhere decides.  The marks are found in one pass
 * (msearch.c), ignoring case: a search for each, eighteen passes over
 * the line, was most of the work on a line without a code whose words
 * name a failure ("SASL LOGIN authentication failed").
 */
static const struct {
	const char	*words;
	int		 cls;
} class_marks[] = {
	{ "status=bounced", 5 }, { "status=expired", 5 },
	{ "status=deferred", 4 }, { "status=sent", 2 },
	{ "stat=deferred", 4 }, { "stat=sent", 2 },
	{ " ** ", 5 }, { " == ", 4 }, { " defer (", 4 },
	{ "failed permanently", 5 }, { "permanent", 5 },
	{ "giving up", 5 }, { "not delivered", 5 },
	{ "temporar", 4 }, { "deferred", 4 }, { "will retry", 4 },
	{ "delayed", 4 }, { "try again later", 4 },
};
#define NCLASS_MARKS	(sizeof(class_marks) / sizeof(class_marks[0]))

/* A mark found: the first of the list wins. */
static void
first_mark(void *ctx, unsigned id, size_t pos)
{
	unsigned	*best = ctx;

	(void)pos;
	if (id < *best)
		*best = id;
}

static int
context_class(const char *s, size_t len)
{
	static struct msearch	*cms;
	static const char	*texts[NCLASS_MARKS];
	static unsigned		 lens[NCLASS_MARKS];
	unsigned		 best = NCLASS_MARKS;
	size_t			 i;

	if (cms == NULL) {
		for (i = 0; i < NCLASS_MARKS; i++) {
			texts[i] = class_marks[i].words;
			lens[i] = (unsigned)strlen(texts[i]);
		}
		cms = ms_build(texts, lens, NCLASS_MARKS, 1);
	}
	ms_scan(cms, s, len, first_mark, &best);
	return best < NCLASS_MARKS ? class_marks[best].cls : 0;
}

/*
 * Reason, bounce and who acts, from the best evidence: the vendor's
 * message, else the wording, else the code's entry.  A vendor entry
 * named generic- is common wording too, but it has a page of its own.
 */
static void
classify(struct verdict *v, const char *s, size_t len)
{
	struct pattern_hits	 h;
	struct smtp_code	 wc;
	const struct kb_entry	*we = NULL, *own = NULL;
	const char		*st;
	int			 fb, ownfb = 0, looked = 0, generic;

	/*
	 * An entry that only explains how an MTA frames its lines (Exim's
	 * "SMTP error from remote mail server") never hides what the
	 * remote server said.
	 */
	if (v->vendor != NULL && strcmp(v->vendor->reason, "undefined") == 0)
		v->vendor = NULL;
	/* Asked three times below: a vendor entry named generic-. */
	generic = v->vendor != NULL && kb_generic(v->vendor);
	/* A vendor's own message leaves nothing to the wording and hosts. */
	if (v->vendor != NULL && !generic)
		memset(&h, 0, sizeof(h));
	else {
		/* The code's own entry, looked up once for here and below. */
		if (v->decided) {
			own = kb_resolve(&v->code, &ownfb);
			looked = 1;
		}
		memset(&h, 0, sizeof(h));	/* pattern_scan() reads prefer */
		h.prefer = own != NULL ? kb_reason(own, v->cls) : NULL;
		/*
		 * Undecided, the text's receiver is never shown: a phrase
		 * must decide first (pattern_words()).
		 */
		if (v->decided)
			pattern_scan(s, len, &h);
		else
			pattern_words(s, len, &h);
	}
	/*
	 * A generic- entry is common wording with a page: a longer phrase
	 * that names another cause in the same text says more, and a
	 * delivery agent's failure is that whatever it quotes ("procmail:
	 * ... No such user").
	 */
	if (generic &&
	    h.wording != NULL && strcmp(h.wording->reason, "expired") != 0 &&
	    strcmp(h.wording->reason, v->vendor->reason) != 0 &&
	    (strcmp(h.wording->reason, "mailererror") == 0 ||
	    !phrase_of(v->vendor, s, len, h.wlen)))
		v->vendor = NULL;
	if (v->vendor == NULL || generic)
		v->receiver = h.receiver;
	if (v->vendor == NULL && h.wording != NULL &&
	    wording_code(h.wording, &wc) == 0 &&
	    !(v->decided && address_code(&v->code) &&
	    address_wording(h.wording)) &&
	    !(v->decided && late_wording(v, h.wording) &&
	    !no_failure(h.prefer))) {
		v->wording = h.wording;
		we = kb_resolve(&wc, &fb);
		if (!v->decided) {
			v->code = wc;
			v->reply = 0;
			if ((v->cls = context_class(s, len)) == 0)
				v->cls = wc.cls;
			v->notes |= VN_NOCODE;
			v->decided = 1;
		}
		v->notes |= VN_WORDING;
	}
	if (v->receiver != NULL && v->vendor == NULL)
		v->notes |= VN_RECEIVER;
	if (!v->decided)
		return;
	if (looked)
		fb = ownfb;	/* looked up above; the code is unchanged */
	else
		own = kb_resolve(&v->code, &fb);
	v->entry = own;
	if (fb)
		v->notes |= VN_FALLBACK;
	if (v->vendor != NULL) {
		v->reason = kb_reason(v->vendor, v->cls);
		v->bounce = kb_bounce(v->vendor, v->cls);
		v->acts = v->vendor->acts;
	} else if (v->wording != NULL) {
		v->reason = v->cls == 2 ? "delivered" : v->wording->reason;
		v->bounce = kb_bounce(we, v->cls);
		v->acts = we != NULL ? we->acts : "sender";
	} else {
		v->reason = kb_reason(v->entry, v->cls);
		v->bounce = kb_bounce(v->entry, v->cls);
		v->acts = v->entry != NULL ? v->entry->acts : "sender";
		if (v->code.type == CODE_REPLY && v->cls == 5)
			by_stage(v, s, len);
	}
	/*
	 * Refused at MAIL FROM, before any recipient was named: "does not
	 * exist" or "unknown domain" (in words, or read from X.1.0) is
	 * about the sender's address, which the server rejected.  An
	 * explicit X.1.x code has said whose address it was, and stays.
	 */
	if (v->vendor == NULL && v->cls == 5 && !address_code(&v->code) &&
	    (strcmp(v->reason, "userunknown") == 0 ||
	    strcmp(v->reason, "hostunknown") == 0) &&
	    (st = stage_of(v, s, len)) != NULL && strcmp(st, "MAIL FROM") == 0)
		v->reason = "rejected";
	after_data(v, s, len);
}

/*
 * Refused after DATA, when RCPT TO had already accepted the address:
 * words that call the user unknown then are what a filter on the
 * receiving side answers to the message (a per-user rule, a content
 * check that gives no cause), since the address was good a moment
 * before.  Sisimai reads it the same way (filtered).  An X.1.x code says
 * the address itself is bad and stays; so does a vendor's own message.
 */
static void
after_data(struct verdict *v, const char *s, size_t len)
{
	const char	*st;
	size_t		 i;

	if (v->cls != 5 || strcmp(v->reason, "userunknown") != 0 ||
	    (v->vendor != NULL && !kb_generic(v->vendor)))
		return;
	/* A report's "Status: 5.1.1" beside the reply counts as well. */
	for (i = 0; i < v->li.n; i++)
		if (address_code(&v->li.f[i].code))
			return;
	/* line.c knows the common phrases; stage.c knows more. */
	if ((st = stage_of(v, s, len)) == NULL)
		st = smtp_stage(s, len);
	/*
	 * Besides a refusal after DATA: the code itself says the mailbox
	 * exists and will not take the mail (X.2.x) or that a policy
	 * refused it (X.7.x), under words that deny the user: a rule
	 * answered, unless the refusal is known to be RCPT TO's, where the
	 * directory is consulted.
	 */
	if (stage_after_rcpt(st) ||
	    ((st == NULL || strcmp(st, "RCPT TO") != 0) &&
	    v->code.type == CODE_ENHANCED && (v->code.subject == 2 ||
	    v->code.subject == 7)))
		filtered(v, st);
}

/*
 * The page is the code's, not the "user unknown" wording's, whose title
 * would say the contrary; the note says why (page.c).
 */
static void
filtered(struct verdict *v, const char *stage)
{
	v->reason = "filtered";
	v->notes |= VN_FILTERED;
	v->li.stage = stage;
	v->vendor = NULL;
	/* The sender asks; the recipient's side knows what refused it. */
	v->acts = "sender recipient-admin";
}

/*
 * A bare 5xx reply says little, and its entry's reason is its commonest
 * meaning (550: the user is unknown).  Refused before any recipient was
 * named, at the greeting, HELO or MAIL FROM, it cannot be about the
 * recipient: the client was blocked or the sender rejected.
 */
static void
by_stage(struct verdict *v, const char *s, size_t len)
{
	const char	*st;

	if ((st = stage_of(v, s, len)) == NULL)
		return;
	if (strcmp(st, "greeting") == 0 || strcmp(st, "HELO") == 0 ||
	    strcmp(st, "EHLO") == 0)
		v->reason = "blocked";
	else if (strcmp(st, "MAIL FROM") == 0)
		v->reason = "rejected";
}

/* The SMTP stage the text names ("MAIL FROM"), found once; or NULL. */
static const char *
stage_of(struct verdict *v, const char *s, size_t len)
{
	if (v->li.stage != NULL)
		return v->li.stage;
	if (context_shown)
		line_context(&v->li, s, len);
	else
		line_stage(&v->li, s, len);
	return v->li.stage;
}

/*
 * A reply of several lines pasted or logged as one ("552-5.7.0 ... a
 * potential 552-5.7.0 security issue"): its repeated prefixes cut the
 * server's sentence, so wording and vendor phrases are looked for in a
 * copy without them.  Copies s to buf without each code that repeats
 * one before it, with its following space or hyphen; returns the new
 * length, or 0 when nothing repeats or the text does not fit.  *voff is
 * where the deciding code now stands; cuts[0..*ncut) what was cut (one
 * a code: LINE_MAXCODES at most).
 */
static size_t
unrepeat(const struct line_info *li, const char *s, size_t len,
    char *buf, size_t bufsz, size_t *voff, struct ms_cut *cuts,
    size_t *ncut)
{
	size_t	 i, k, o, from = 0, n = 0, cut = 0;
	int	 rep;

	if (li->n < 2 || len > bufsz || li->base != 0)
		return 0;
	*voff = li->verdict >= 0 ? li->f[li->verdict].off : 0;
	*ncut = 0;
	for (i = 1; i < li->n; i++) {
		o = li->f[i].off;
		if (o < from || o + li->f[i].len > len)
			continue;
		for (rep = 0, k = 0; k < i && !rep; k++)
			rep = li->f[k].len == li->f[i].len &&
			    memcmp(s + li->f[k].off, s + o, li->f[i].len) == 0;
		if (!rep)
			continue;
		memcpy(buf + n, s + from, o - from);
		n += o - from;
		from = o + li->f[i].len;
		if (from < len && (s[from] == '-' || s[from] == ' '))
			from++;
		cuts[*ncut].at = o;
		cuts[(*ncut)++].end = from;
		if ((int)i <= li->verdict)
			cut += from - o;
		if ((int)i == li->verdict)
			*voff = li->f[0].off;
	}
	if (from == 0)
		return 0;
	memcpy(buf + n, s + from, len - from);
	n += len - from;
	if (*voff >= cut && li->verdict >= 0 &&
	    *voff != li->f[0].off)
		*voff -= cut;
	return n;
}

/*
 * The refused address that many servers write between the code and
 * their sentence ("550 5.4.1 <a@example.org>: Recipient address
 * rejected: Access denied") cuts a vendor's message in two.  Copies s
 * to buf without "<...@...>:" right after the deciding code; returns
 * the new length, or 0 when there is none or it does not fit.  *voff
 * is where the deciding code stands, *cut what was cut.
 */
static size_t
unaddress(const struct line_info *li, const char *s, size_t len,
    char *buf, size_t bufsz, size_t *voff, struct ms_cut *cut)
{
	const struct found	*f;
	size_t			 a, b, at;

	if (li->verdict < 0 || li->base != 0 || len > bufsz)
		return 0;
	f = &li->f[li->verdict];
	if (f->off + f->len >= len)
		return 0;
	for (a = f->off + f->len; a < len && s[a] == ' '; a++)
		continue;
	if (a == f->off + f->len || a >= len || s[a] != '<')
		return 0;
	for (b = a + 1, at = 0; b < len && b - a < 256 && s[b] != '>' &&
	    s[b] != ' '; b++)
		if (s[b] == '@')
			at = b;
	if (b >= len || s[b] != '>' || at == 0 || b + 1 >= len ||
	    s[b + 1] != ':')
		return 0;
	for (b += 2; b < len && s[b] == ' '; b++)
		continue;
	memcpy(buf, s, a);
	memcpy(buf + a, s + b, len - b);
	*voff = f->off;
	cut->at = a;
	cut->end = b;
	return a + (len - b);
}

/*
 * Vendor phrases, wording and context in one pass over a line, for the
 * views that want all three (annotation, JSON Lines), or the first two
 * for those that classify without context (-r, most --summary views):
 * the indexes are made now and merged.  The first two merged did not
 * pay for -r while a vendor phrase of four bytes made their pass probe
 * every byte; with none so short it probes every second byte, as each
 * set's own pass does, and one pass replaces two.
 */
void
verdict_share(unsigned want)
{
	if ((want & VERDICT_CLASSIFY) == 0)
		return;
	vendor_prepare();
	pattern_prepare();
	if ((want & VERDICT_CONTEXT) == 0) {
		ms_share(1u << MS_VENDOR | 1u << MS_WORDING);
		return;
	}
	line_prepare();
	ms_share(1u << MS_VENDOR | 1u << MS_WORDING | 1u << MS_CONTEXT);
}

int
verdict_end(struct verdict *v, const char *s, size_t len, unsigned want)
{
	int	 decided;

	ms_open();
	decided = decide(v, s, len, want, NULL);
	ms_close();
	return decided;
}

/*
 * stage: the command the reply answered when what surrounds the text
 * says it (a bounce's transcript), for a text that does not; or NULL.
 */
static int
decide(struct verdict *v, const char *s, size_t len, unsigned want,
    const char *stage)
{
	const struct found	*f;
	char			*buf = v->copy;
	struct ms_cut		 cut[LINE_MAXCODES];
	size_t			 blen, voff, ncut;

	v->decided = 0;
	v->vendor = v->receiver = v->entry = NULL;
	v->wording = NULL;
	v->reason = "undefined";
	v->bounce = "none";
	v->acts = "";
	v->notes = 0;
	v->reply = v->cls = 0;
	context_shown = (want & VERDICT_CONTEXT) != 0;
	line_end(&v->li, s, len, (int)(want & (VERDICT_CONTEXT |
	    VERDICT_CLASSIFY)));
	if (v->li.stage == NULL)
		v->li.stage = stage;
	if (v->li.n > 0 && v->li.verdict >= 0) {
		f = &v->li.f[v->li.verdict];
		v->code = f->code;
		v->reply = f->reply;
		v->cls = v->li.cls;
		v->vendor = v->li.vendor;
		v->decided = 1;
		if (v->li.disagree)
			v->notes |= VN_DISAGREE;
		if (v->li.status)
			v->notes |= VN_STATUS;
	}
	if ((want & VERDICT_UNDECIDED) && !v->decided)
		want |= VERDICT_CLASSIFY;
	/*
	 * The copies are s less a few bytes: the phrases found in s, less
	 * those the cuts took, are most of what they hold (msearch.c).
	 */
	if ((want & VERDICT_CLASSIFY) && v->decided && v->vendor == NULL &&
	    (blen = unaddress(&v->li, s, len, buf, sizeof(v->copy), &voff,
	    cut)) > 0) {
		ms_derive(buf, blen, s, len, cut, 1);
		v->vendor = vendor_match(buf, blen, voff, &v->code, v->reply);
	}
	if ((want & VERDICT_CLASSIFY) &&
	    (blen = unrepeat(&v->li, s, len, buf, sizeof(v->copy), &voff, cut,
	    &ncut)) > 0) {
		ms_derive(buf, blen, s, len, cut, ncut);
		if (v->decided && v->vendor == NULL)
			v->vendor = vendor_match(buf, blen, voff, &v->code,
			    v->reply);
		classify(v, buf, blen);
		if ((v->notes & VN_NOCODE) && (want & VERDICT_CONTEXT))
			line_context(&v->li, s, len);
	} else if (want & VERDICT_CLASSIFY) {
		classify(v, s, len);
		if ((v->notes & VN_NOCODE) && (want & VERDICT_CONTEXT))
			line_context(&v->li, s, len);
	}
	else if (v->decided) {
		/* Counting by code: the code's own reading is enough. */
		v->entry = NULL;
	}
	return v->decided;
}

int
verdict_text(struct verdict *v, const char *s, size_t len)
{
	return verdict_text_at(v, s, len, NULL);
}

int
verdict_text_at(struct verdict *v, const char *s, size_t len,
    const char *stage)
{
	int	 decided;

	line_begin(&v->li);
	line_add(&v->li, s, len, 0, len, 0);
	ms_open();
	decided = decide(v, s, len, VERDICT_CONTEXT | VERDICT_CLASSIFY,
	    stage);
	ms_close();
	if (v->li.stage == NULL)	/* line_context() read the text again */
		v->li.stage = stage;
	return decided;
}

void
verdict_key(struct verdict_key *k, const struct verdict *v)
{
	memset(k, 0, sizeof(*k));	/* padding too: keys are memcmp'd */
	k->code = v->code;
	k->reply = v->reply;
	k->cls = v->cls;
	k->notes = v->notes;
	k->vendor = v->vendor;
	k->receiver = v->receiver;
	k->wording = v->wording;
	k->reason = v->reason;
	k->bounce = v->bounce;
	k->acts = v->acts;
}
