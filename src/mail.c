/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * Reading mail: one message, an mbox, a Maildir or a folder of .eml
 * files, each message walked part by part to find what kind of report
 * it is and which recipients it names.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "extern.h"

/* Nesting of multiparts followed; deeper parts are skipped. */
#define WALK_DEPTH	12
/* Parts of one multipart followed. */
#define WALK_PARTS	64
/* Forwarded reports followed inside one another. */
#define FORWARD_DEPTH	3
/* Bytes of human-readable text kept for the text-bounce rules. */
#define TEXT_MAX	((size_t)256 * 1024)

struct walk {
	struct mail_msg	*m;
	char		*text;		/* text/plain parts, NUL-terminated */
	size_t		 tlen;		/* bytes in text */
	char		*html;		/* text/html parts, tags removed */
	size_t		 hlen;		/* bytes in html */
	int		 report;	/* 1 delivery-status, 2 feedback */
	int		 ndsn;		/* delivery-status parts read */
	int		 arf;		/* a feedback-report part was read */
	const char	*inner;		/* first message/rfc822 part's body */
	size_t		 innerlen;
	char		*mdn;		/* a refusal's disposition fields */
	size_t		 mdnlen;
	int		 depth;		/* messages this one is nested in */
};

struct reader {
	char		*buf;		/* the message being read */
	size_t		 len;		/* bytes in buf */
	size_t		 cap;		/* bytes allocated to buf */
	int		 truncated;	/* bytes past MAIL_MAX were dropped */
	size_t		 count;		/* messages delivered */
	const char	*name;		/* file name for the records */
	void		(*cb)(const struct mail_msg *, void *);
	void		*arg;
};

static void	 walk(struct walk *, const char *, size_t, int);
static int	 refused_mdn(const char *, size_t);
static int	 rejected_reply(const char *, size_t);
static int	 walk_multipart(struct walk *, const char *, const char *,
		    size_t, int);
static char	*guess_boundary(const char *, size_t);
static size_t	 entity(const char *, size_t, char *);
static void	 add_text(char **, size_t *, const char *, size_t, int);
static void	 feedback(struct walk *, const char *, size_t);
static int	 bounce_like(const char *, size_t, const struct walk *);
static int	 autoreply_like(const char *, size_t, const char *);
static int	 delay_text(const char *, size_t);
static void	 decide(struct walk *, const char *, size_t);
static void	 failed_header(const char *, size_t, struct mail_msg *);
static int	 forwarded(struct walk *);
static int	 quoted(struct walk *);
static void	 returned_to(struct walk *);
static void	 add_addrs(struct mail_msg *, const char *);
static int	 adopt(struct mail_msg *, struct mail_msg *);
static void	 parse(const char *, size_t, struct mail_msg *, int);
static const char *dsn_format(const struct mail_msg *);
static int	 has_prefix(const char *, const char *);
static const char *find(const char *, size_t, const char *);
static void	 flush(struct reader *);
static void	 store(struct reader *, const char *, size_t);
static int	 read_one_dir(const char *, int,
		    void (*)(const struct mail_msg *, void *), void *);
static int	 namecmp(const void *, const void *);

static int
has_prefix(const char *s, const char *p)
{
	return s != NULL && strncasecmp(s, p, strlen(p)) == 0;
}

/* The first s in buf[0..len), or NULL; glibc's memmem is GNU-only. */
static const char *
find(const char *buf, size_t len, const char *s)
{
	size_t	 n, i;

	n = strlen(s);
	for (i = 0; i + n <= len; i++)
		if (buf[i] == s[0] && memcmp(buf + i, s, n) == 0)
			return buf + i;
	return NULL;
}

/*
 * The HTML entities a bounce's reply text uses (around addresses and
 * quotes) become their character in *c; returns the bytes consumed
 * beyond the '&'.  Others stay as they are.
 */
static size_t
entity(const char *p, size_t len, char *c)
{
	static const struct {
		const char	*name;
		char		 c;
	} ents[] = {
		{ "&lt;", '<' }, { "&gt;", '>' }, { "&amp;", '&' },
		{ "&quot;", '"' }, { "&#39;", '\'' }, { "&nbsp;", ' ' },
		{ NULL, 0 }
	};
	size_t	 i, n;

	for (i = 0; ents[i].name != NULL; i++) {
		n = strlen(ents[i].name);
		if (len >= n && strncasecmp(p, ents[i].name, n) == 0) {
			*c = ents[i].c;
			return n - 1;
		}
	}
	*c = '&';
	return 0;
}

/* --- One message ----------------------------------------------------- */

/*
 * Text goes to a bounded buffer; HTML (bounces that carry no plain text
 * part) loses its tags on the way, roughly: enough for the line rules.
 */
static void
add_text(char **dst, size_t *n, const char *p, size_t len, int html)
{
	size_t	 i, o;
	int	 intag;

	if (*n >= TEXT_MAX)
		return;
	if (len > TEXT_MAX - *n)
		len = TEXT_MAX - *n;
	*dst = xrealloc(*dst, *n + len + 2);
	o = *n;
	if (o > 0)
		(*dst)[o++] = '\n';
	intag = 0;
	for (i = 0; i < len; i++) {
		if (!html)
			(*dst)[o++] = p[i];
		else if (p[i] == '<') {
			intag = 1;
			/* <br> and block ends break lines. */
			if (i + 3 < len && (strncasecmp(p + i, "<br", 3) == 0 ||
			    strncasecmp(p + i, "</p", 3) == 0 ||
			    strncasecmp(p + i, "</d", 3) == 0 ||
			    strncasecmp(p + i, "</t", 3) == 0))
				(*dst)[o++] = '\n';
		} else if (p[i] == '>')
			intag = 0;
		else if (!intag && p[i] == '&')
			i += entity(p + i, len - i, &(*dst)[o++]);
		else if (!intag && p[i] != '\r')
			(*dst)[o++] = p[i] == '\n' ? ' ' : p[i];
	}
	(*dst)[o] = '\0';
	*n = o;
}

/* RFC 5965: the recipient the report is about, and its type. */
static void
feedback(struct walk *w, const char *p, size_t len)
{
	struct mail_rcpt	*r;
	char			*type, *rcpt, *a;

	w->arf = 1;
	type = mime_header(p, len, "Feedback-Type");
	rcpt = mime_header(p, len, "Original-Rcpt-To");
	a = rcpt;
	if (a != NULL && *a == '<')
		a++;
	if (a != NULL && (r = dsn_add(w->m, a, strcspn(a, ">"))) != NULL) {
		r->diag_type = xstrdup("arf");
		r->diagnostic = type;
		type = NULL;
	}
	free(type);
	free(rcpt);
}

/* "--xyz" at the start of a line: "xyz", or NULL; caller frees. */
static char *
guess_boundary(const char *p, size_t len)
{
	size_t	 o, e;

	for (o = 0; o < len; o = e + 1) {
		for (e = o; e < len && p[e] != '\n'; e++)
			continue;
		if (e - o > 3 && p[o] == '-' && p[o + 1] == '-' &&
		    p[o + 2] > ' ') {
			while (e > o + 2 && (p[e - 1] == '\r' ||
			    p[e - 1] == ' '))
				e--;
			return xstrndup(p + o + 2, e - o - 2);
		}
	}
	return NULL;
}

/* Returns 0 if the multipart has no boundary, or none that splits it. */
static int
walk_multipart(struct walk *w, const char *ct, const char *body, size_t len,
    int depth)
{
	struct mime_part	 parts[WALK_PARTS];
	char			*b, *rt;
	size_t			 i, n;

	if (ct == NULL || (b = mime_param(ct, "boundary")) == NULL)
		return 0;
	if ((rt = mime_param(ct, "report-type")) != NULL) {
		if (strcasecmp(rt, "delivery-status") == 0 ||
		    strcasecmp(rt, "global-delivery-status") == 0)
			w->report = 1;
		else if (strcasecmp(rt, "feedback-report") == 0)
			w->report = 2;
		free(rt);
	}
	n = mime_split(body, len, b, parts, WALK_PARTS);
	free(b);
	/*
	 * A boundary that matches no line (a relay rewrote one of them):
	 * take the first delimiter-like line of the body instead.
	 */
	if (n == 0 && (b = guess_boundary(body, len)) != NULL) {
		n = mime_split(body, len, b, parts, WALK_PARTS);
		free(b);
	}
	/*
	 * No delimiter at all (some reports declare a multipart and then
	 * write their parts as plain text): the body is read as text.
	 */
	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		walk(w, parts[i].p, parts[i].len, depth + 1);
	return 1;
}

/*
 * One entity: its headers, then by type.  The returned message
 * (message/rfc822, message/global, their -headers forms) is never read:
 * its addresses and codes are the sender's, not the report's.
 */
static void
walk(struct walk *w, const char *p, size_t len, int depth)
{
	char	 type[128];
	char	*ct, *cte, *body;
	size_t	 hlen, off, blen;

	if (depth > WALK_DEPTH)
		return;
	off = mime_body(p, len, &hlen);
	ct = mime_header(p, hlen, "Content-Type");
	mime_ctype(ct != NULL ? ct : "text/plain", type, sizeof(type));
	if (type[0] == '\0')
		strcpy(type, "text/plain");
	if (strncmp(type, "multipart/", 10) == 0) {
		/* Boundaries are found in the raw body, never decoded. */
		if (!walk_multipart(w, ct, p + off, len - off, depth))
			add_text(&w->text, &w->tlen, p + off, len - off, 0);
		free(ct);
		return;
	}
	free(ct);
	if ((strcmp(type, "message/rfc822") == 0 ||
	    strcmp(type, "message/global") == 0) && w->inner == NULL) {
		w->inner = p + off;
		w->innerlen = len - off;
	}
	if (strcmp(type, "message/rfc822") == 0 ||
	    strcmp(type, "message/global") == 0 ||
	    strcmp(type, "text/rfc822-headers") == 0 ||
	    strcmp(type, "message/global-headers") == 0 ||
	    strcmp(type, "message/partial") == 0)
		return;
	if (strcmp(type, "message/delivery-status") != 0 &&
	    strcmp(type, "message/global-delivery-status") != 0 &&
	    strcmp(type, "message/feedback-report") != 0 &&
	    strcmp(type, "message/disposition-notification") != 0 &&
	    strcmp(type, "text/plain") != 0 && strcmp(type, "text/html") != 0)
		return;
	cte = mime_header(p, hlen, "Content-Transfer-Encoding");
	body = mime_decode(p + off, len - off, cte, &blen);
	free(cte);
	if (strcmp(type, "text/plain") == 0)
		add_text(&w->text, &w->tlen, body, blen, 0);
	else if (strcmp(type, "text/html") == 0)
		add_text(&w->html, &w->hlen, body, blen, 1);
	else if (strcmp(type, "message/feedback-report") == 0)
		feedback(w, body, blen);
	else if (strcmp(type, "message/disposition-notification") == 0) {
		if (w->mdn == NULL && refused_mdn(body, blen)) {
			w->mdn = body;
			w->mdnlen = blen;
			body = NULL;
		}
	} else {
		w->ndsn++;
		dsn_fields(body, blen, w->m);
	}
	free(body);
}

/*
 * An MDN's Disposition says the message was deleted by an automatic
 * action ("automatic-action/MDN-sent-automatically; deleted"), which is
 * how a delivery agent's Sieve reject or quota refusal reports it.
 */
static int
refused_mdn(const char *p, size_t len)
{
	const char	*d, *e, *semi;

	if (len >= 12 && strncasecmp(p, "Disposition:", 12) == 0)
		d = p + 12;
	else if ((d = memcasemem(p, len, "\nDisposition:")) != NULL)
		d += 13;
	else
		return 0;
	e = memchr(d, '\n', len - (size_t)(d - p));
	if (e == NULL)
		e = p + len;
	while (d < e && (*d == ' ' || *d == '\t'))
		d++;
	if (e - d < 16 || strncasecmp(d, "automatic-action", 16) != 0 ||
	    (semi = memchr(d, ';', (size_t)(e - d))) == NULL)
		return 0;
	for (semi++; semi < e && *semi == ' '; semi++)
		continue;
	return e - semi >= 7 && strncasecmp(semi, "deleted", 7) == 0;
}

/* "Auto-Submitted: auto-replied (rejected)" among the top headers. */
static int
rejected_reply(const char *h, size_t hlen)
{
	char	*v;
	int	 yes;

	if ((v = mime_header(h, hlen, "Auto-Submitted")) == NULL)
		return 0;
	yes = memcasemem(v, strlen(v), "rejected") != NULL;
	free(v);
	return yes;
}

/*
 * Signs of a non-delivery report in the top headers: an empty
 * Return-Path, a mailer-daemon sender, the subjects MTAs use.
 */
static int
bounce_like(const char *h, size_t hlen, const struct walk *w)
{
	static const char *const subj[] = {
		"undeliver", "undelivered", "delivery status notification",
		"delivery failure", "failure notice", "returned mail",
		"mail delivery failed", "delivery has failed",
		"non-delivery", "nondeliverable", "delivery notification",
		"mail delivery system", "could not send message",
		"delivery problem", "message not delivered",
		"warning: could not send", "delayed mail", "rejected:",
		NULL
	};
	char	*v;
	size_t	 i;
	int	 yes;

	static const char *const text[] = {
		"could not be delivered", "was not delivered",
		"couldn't be delivered", "undeliverable",
		"delivery has failed", "delivery to the following recipient",
		"permanent error", "permanent fatal error", NULL
	};
	const char	*t;
	size_t		 tlen;

	if (w->report == 1 || w->ndsn > 0)
		return 1;
	/* The sentences of a bounce's text, whoever sent it. */
	t = w->tlen > 0 ? w->text : w->html;
	tlen = w->tlen > 0 ? w->tlen : w->hlen;
	if (tlen > 8192)
		tlen = 8192;
	for (i = 0; t != NULL && text[i] != NULL; i++)
		if (memcasemem(t, tlen, text[i]) != NULL)
			return 1;
	yes = 0;
	if ((v = mime_header(h, hlen, "From")) != NULL) {
		for (i = 0; v[i] != '\0'; i++)
			v[i] = (char)tolower((unsigned char)v[i]);
		yes = strstr(v, "mailer-daemon") != NULL ||
		    strstr(v, "postmaster") != NULL ||
		    strstr(v, "post_master@") != NULL ||	/* Verizon's */
		    strstr(v, "mail delivery") != NULL ||
		    strstr(v, "mdaemon@") != NULL;	/* MDaemon's own */
		free(v);
	}
	if (!yes && (v = mime_header(h, hlen, "Subject")) != NULL) {
		for (i = 0; v[i] != '\0'; i++)
			v[i] = (char)tolower((unsigned char)v[i]);
		for (i = 0; !yes && subj[i] != NULL; i++)
			yes = strstr(v, subj[i]) != NULL;
		free(v);
	}
	return yes;
}

/*
 * RFC 3834's Auto-Submitted: auto-replied, the X-Autoreply,
 * X-Autorespond and "Precedence: auto_reply" headers some vacation
 * programs add, and the subject prefixes of common mail clients.
 */
static int
autoreply_like(const char *h, size_t hlen, const char *subject)
{
	/* Subjects alone would catch "Vacation plans": prefixes only. */
	static const char *const subj[] = {
		"out of office", "automatic reply", "auto:", "autoreply",
		"auto-reply", "auto reply", "auto response", NULL
	};
	char	*v;
	size_t	 i;
	int	 yes;

	yes = 0;
	if ((v = mime_header(h, hlen, "Auto-Submitted")) != NULL) {
		yes = has_prefix(v, "auto-replied");
		free(v);
	}
	if (!yes && (v = mime_header(h, hlen, "X-Autoreply")) != NULL) {
		yes = 1;
		free(v);
	}
	if (!yes && (v = mime_header(h, hlen, "X-Autorespond")) != NULL) {
		yes = 1;
		free(v);
	}
	if (!yes && (v = mime_header(h, hlen, "Precedence")) != NULL) {
		yes = has_prefix(v, "auto_reply");
		free(v);
	}
	for (i = 0; !yes && subject != NULL && subj[i] != NULL; i++)
		yes = has_prefix(subject, subj[i]);
	return yes;
}

/* A text that says the delivery is still being tried. */
static int
delay_text(const char *t, size_t len)
{
	static const char *const marks[] = {
		"has not yet been delivered", "will continue trying",
		"will keep trying", "is delayed", "been delayed",
		"temporary failure report", "still trying",
		"Delivery delayed", "Delay reason", NULL
	};
	size_t	 i, n;

	n = len < 8192 ? len : 8192;
	for (i = 0; marks[i] != NULL; i++)
		if (find(t, n, marks[i]) != NULL)
			return 1;
	return 0;
}

/* The MTA behind RFC 3464 fields, from what the fields themselves say. */
static const char *
dsn_format(const struct mail_msg *m)
{
	size_t	 i;

	for (i = 0; i < m->nrcpt; i++)
		if (m->rcpt[i].diag_type != NULL &&
		    strcmp(m->rcpt[i].diag_type, "x-postfix") == 0)
			return "postfix";
	if (m->reporting_mta != NULL &&
	    strstr(m->reporting_mta, "amazonses.com") != NULL)
		return "amazonses";
	return "rfc3464";
}

static void
decide(struct walk *w, const char *h, size_t hlen)
{
	struct mail_msg	*m;
	const char	*t, *fmt, *a;
	size_t		 tlen, i, nd, nf, ns;

	m = w->m;
	t = w->tlen > 0 ? w->text : w->html;
	tlen = w->tlen > 0 ? w->tlen : w->hlen;
	if (w->report == 2 || w->arf) {
		m->kind = MAIL_ARF;
		m->format = "arf";
		return;
	}
	fmt = NULL;
	if (m->nrcpt == 0 && t != NULL && bounce_like(h, hlen, w)) {
		/*
		 * A delivery-status block pasted into the text, read from
		 * the start of the recipient's group (Action and Status may
		 * come before Final-Recipient).
		 */
		a = w->tlen > 0 ? w->text : w->html;
		if ((t = strstr(a, "\nFinal-Recipient:")) != NULL ||
		    (t = strstr(a, "\nFinal-recipient:")) != NULL) {
			while (t > a && !(t[-1] == '\n' && t[0] == '\n'))
				t--;
			dsn_fields(t + 1, strlen(t + 1), m);
		}
		t = w->tlen > 0 ? w->text : w->html;
	}
	/*
	 * Dovecot's LDA and Sieve, and Cyrus's Sieve, refuse a message
	 * after accepting it with an MDN (RFC 5429: disposition
	 * "deleted", sent automatically) and mark the reply
	 * "Auto-Submitted: auto-replied (rejected)"; its Final-Recipient
	 * is the refused recipient, the text says why.  A reader's
	 * receipt for a message deleted unread carries no such mark.
	 */
	if (m->nrcpt == 0 && w->mdn != NULL && rejected_reply(h, hlen)) {
		dsn_fields(w->mdn, w->mdnlen, m);
		for (i = 0; i < m->nrcpt; i++)
			if (m->rcpt[i].action == NULL)
				m->rcpt[i].action = xstrdup("failed");
	}
	if (m->nrcpt > 0) {
		if (t != NULL)
			fmt = dsn_text(t, tlen, m);
		m->format = fmt != NULL ? fmt : dsn_format(m);
		/*
		 * Any action but the four RFC 3464 names that are not a
		 * failure ("expired" from some senders, a missing Action)
		 * counts as one.
		 */
		for (i = nd = nf = ns = 0; i < m->nrcpt; i++) {
			a = m->rcpt[i].action;
			if (has_prefix(a, "delayed"))
				nd++;
			else if (has_prefix(a, "delivered") ||
			    has_prefix(a, "relayed") ||
			    has_prefix(a, "expanded"))
				ns++;
			else
				nf++;
		}
		m->kind = nf > 0 ? MAIL_BOUNCE : nd > 0 ? MAIL_DELAY :
		    MAIL_OTHER;
		return;
	}
	if (t != NULL && (fmt = dsn_json(t, tlen, m)) != NULL) {
		m->format = fmt;
		m->kind = MAIL_OTHER;
		for (i = 0; i < m->nrcpt; i++) {
			if (has_prefix(m->rcpt[i].action, "failed"))
				m->kind = MAIL_BOUNCE;
			else if (has_prefix(m->rcpt[i].diag_type, "arf"))
				m->kind = MAIL_ARF;
		}
		return;
	}
	if (bounce_like(h, hlen, w)) {
		fmt = t != NULL ? dsn_text(t, tlen, m) : NULL;
		/*
		 * The header names the addresses the text lists in a form
		 * of its own ("save to /file"): the text, read again,
		 * gives their reasons.
		 */
		if (m->nrcpt == 0) {
			failed_header(h, hlen, m);
			if (m->nrcpt > 0 && t != NULL)
				(void)dsn_text(t, tlen, m);
		}
		if (m->nrcpt == 0 && (forwarded(w) || quoted(w)))
			return;
		if (m->nrcpt == 0) {
			returned_to(w);
			if (m->nrcpt > 0 && t != NULL)
				(void)dsn_text(t, tlen, m);
		}
		m->format = fmt != NULL ? fmt : "text";
		m->kind = t != NULL && delay_text(t, tlen) ? MAIL_DELAY :
		    MAIL_BOUNCE;
		for (i = 0; i < m->nrcpt; i++)
			m->rcpt[i].action = xstrdup(m->kind == MAIL_DELAY ?
			    "delayed" : "failed");
		return;
	}
	if (quoted(w))
		return;
	if (autoreply_like(h, hlen, m->subject)) {
		m->kind = MAIL_AUTOREPLY;
		m->format = "autoreply";
		return;
	}
	m->kind = MAIL_OTHER;
	m->format = "none";
}

/*
 * Exim and Gmail list the failed addresses in X-Failed-Recipients: the
 * last resort when the text names none in a form the rules know.
 */
static void
failed_header(const char *h, size_t hlen, struct mail_msg *m)
{
	char	*v;

	if ((v = mime_header(h, hlen, "X-Failed-Recipients")) == NULL)
		return;
	add_addrs(m, v);
	free(v);
}

/*
 * A bounce that names no recipient but carries a message: a relay that
 * forwards the report it received (a content filter wraps it whole).
 * That message, read as one, gives the recipients if it is a bounce.
 * A bounce that names its own recipients never gets here, so the
 * original message a report returns is still never read.
 */
static int
forwarded(struct walk *w)
{
	struct mail_msg	 in;

	if (w->inner == NULL || w->depth >= FORWARD_DEPTH)
		return 0;
	parse(w->inner, w->innerlen, &in, w->depth + 1);
	return adopt(w->m, &in);
}

/*
 * A bounce forwarded inline, every line quoted ("> From: Mail Delivery
 * Subsystem", "> <<< 550 ..."): people send bounces on to whoever can
 * read them that way.  The quoted lines, one level of quoting taken
 * off, are read as a message of their own; a bounce there gives the
 * recipients.
 */
static int
quoted(struct walk *w)
{
	struct mail_msg	 in;
	const char	*t = w->text, *p, *e, *end;
	char		*u;
	size_t		 n = 0, lines = 0;

	if (t == NULL || w->tlen == 0 || w->depth >= FORWARD_DEPTH)
		return 0;
	u = xmalloc(w->tlen + 1);
	end = t + w->tlen;
	for (p = t; p < end; p = e + 1) {
		if ((e = memchr(p, '\n', (size_t)(end - p))) == NULL)
			e = end;
		if (*p != '>')
			continue;
		p++;
		if (p < e && *p == ' ')
			p++;
		memcpy(u + n, p, (size_t)(e - p));
		n += (size_t)(e - p);
		u[n++] = '\n';
		lines++;
	}
	/* A few quoted lines are a reply's quote, not a whole report. */
	if (lines < 5) {
		free(u);
		return 0;
	}
	parse(u, n, &in, w->depth + 1);
	free(u);
	return adopt(w->m, &in);
}

/*
 * A bounce that names no failed address at all (old Sendmail: a
 * transcript, then "----- Unsent message follows -----" and the
 * message): the returned message's own To: is all there is.  Taken from
 * its message/rfc822 part, else from the first header block after a
 * marker of the returned message in the text.
 */
static void
returned_to(struct walk *w)
{
	static const char *const marks[] = {
		"unsent message follows", "original message follows",
		"copy of the message", "returned message",
		"original message was", "copy of your message",
	};
	const char	*t = w->text, *p = NULL, *e, *end;
	char		*v;
	size_t		 i, hlen;

	if (w->inner != NULL) {
		(void)mime_body(w->inner, w->innerlen, &hlen);
		if ((v = mime_header(w->inner, hlen, "To")) != NULL) {
			add_addrs(w->m, v);
			free(v);
		}
		return;
	}
	if (t == NULL)
		return;
	for (i = 0; p == NULL && i < sizeof(marks) / sizeof(marks[0]); i++)
		p = memcasemem(t, w->tlen, marks[i]);
	if (p == NULL || (p = memchr(p, '\n', w->tlen - (size_t)(p - t))) ==
	    NULL)
		return;
	/* Its header block: up to the first empty line. */
	end = t + w->tlen;
	for (p++; p < end; p = e + 1) {
		if ((e = memchr(p, '\n', (size_t)(end - p))) == NULL)
			e = end;
		if (e == p || (e == p + 1 && *p == '\r'))
			break;
		if ((size_t)(e - p) > 3 && strncasecmp(p, "To:", 3) == 0) {
			v = xstrndup(p + 3, (size_t)(e - p - 3));
			add_addrs(w->m, v);
			free(v);
			return;
		}
	}
}

/* The addresses of a header value, "A <a@b>, c@d", as recipients. */
static void
add_addrs(struct mail_msg *m, const char *v)
{
	const char	*p = v, *q, *a, *b;

	while (*p != '\0') {
		q = p + strcspn(p, ",");
		a = memchr(p, '<', (size_t)(q - p));
		if (a != NULL && (b = memchr(a, '>', (size_t)(q - a))) != NULL)
			a++;
		else {
			for (a = p; a < q && (*a == ' ' || *a == '\t'); a++)
				continue;
			for (b = a; b < q && *b != ' ' && *b != '\t' &&
			    *b != '\r'; b++)
				continue;
		}
		if (b > a && memchr(a, '@', (size_t)(b - a)) != NULL)
			(void)dsn_add(m, a, (size_t)(b - a));
		p = *q == ',' ? q + 1 : q;
	}
}

/* The recipients of a bounce read inside this one become its own. */
static int
adopt(struct mail_msg *m, struct mail_msg *in)
{
	if (in->nrcpt == 0 || (in->kind != MAIL_BOUNCE &&
	    in->kind != MAIL_DELAY)) {
		mail_free(in);
		return 0;
	}
	free(m->rcpt);		/* records a group opened, then dropped */
	m->rcpt = in->rcpt;
	m->nrcpt = in->nrcpt;
	m->kind = in->kind;
	m->format = in->format;
	if (m->reporting_mta == NULL) {
		m->reporting_mta = in->reporting_mta;
		in->reporting_mta = NULL;
	}
	in->rcpt = NULL;
	in->nrcpt = 0;
	mail_free(in);
	return 1;
}

void
mail_parse(const char *buf, size_t len, struct mail_msg *m)
{
	parse(buf, len, m, 0);
}

static void
parse(const char *buf, size_t len, struct mail_msg *m, int depth)
{
	struct walk	 w;
	size_t		 hlen;
	char		*v;

	memset(m, 0, sizeof(*m));
	memset(&w, 0, sizeof(w));
	w.m = m;
	w.depth = depth;
	m->index = 1;
	(void)mime_body(buf, len, &hlen);
	if ((v = mime_header(buf, hlen, "Subject")) != NULL) {
		m->subject = mime_words(v);
		free(v);
	}
	m->from = mime_header(buf, hlen, "From");
	walk(&w, buf, len, 0);
	decide(&w, buf, hlen);
	free(w.text);
	free(w.html);
	free(w.mdn);
}

void
mail_free(struct mail_msg *m)
{
	size_t	 i;

	for (i = 0; i < m->nrcpt; i++)
		dsn_rcpt_free(&m->rcpt[i]);
	free(m->rcpt);
	free(m->subject);
	free(m->from);
	free(m->reporting_mta);
	memset(m, 0, sizeof(*m));
}

/* --- Recognising a message ------------------------------------------- */

int
mail_looks_like(const char *buf, size_t len)
{
	static const char *const known[] = {
		"from", "to", "subject", "date", "received", "return-path",
		"message-id", "mime-version", "delivered-to", "x-original-to",
		"content-type", "reply-to", "dkim-signature", NULL
	};
	size_t	 off, e, i, k, nfield, nknown;

	/* "From sender date": an mbox separator, not a sentence. */
	if (len >= 5 && memcmp(buf, "From ", 5) == 0) {
		for (e = 5; e < len && buf[e] != '\n'; e++)
			if (buf[e] == ':' && e > 5 &&
			    isdigit((unsigned char)buf[e - 1]))
				return 1;
		return 0;
	}
	nfield = nknown = 0;
	for (off = 0; off < len && nfield < 20; off = e) {
		for (e = off; e < len && buf[e] != '\n'; e++)
			continue;
		/* The peek cut the last line short: judge what came before. */
		if (e == len && off > 0)
			break;
		if (e < len)
			e++;
		if (buf[off] == '\n' || buf[off] == '\r')
			break;
		if (buf[off] == ' ' || buf[off] == '\t') {
			if (nfield == 0)
				return 0;
			continue;
		}
		for (i = off; i < e && buf[i] > ' ' && buf[i] < 127 &&
		    buf[i] != ':'; i++)
			continue;
		if (i == off || i >= e || buf[i] != ':')
			return 0;
		nfield++;
		for (k = 0; known[k] != NULL; k++)
			if (i - off == strlen(known[k]) &&
			    strncasecmp(buf + off, known[k], i - off) == 0)
				nknown++;
	}
	return nfield >= 2 && nknown >= 1;
}

/* --- Reading files --------------------------------------------------- */

static void
store(struct reader *r, const char *p, size_t n)
{
	if (r->len + n > MAIL_MAX) {
		r->truncated = 1;
		return;
	}
	/* Doubling keeps a long message from being copied line by line. */
	if (r->len + n + 1 > r->cap) {
		r->cap = r->cap == 0 ? 65536 : r->cap;
		while (r->len + n + 1 > r->cap)
			r->cap *= 2;
		r->buf = xrealloc(r->buf, r->cap);
	}
	memcpy(r->buf + r->len, p, n);
	r->len += n;
}

static void
flush(struct reader *r)
{
	struct mail_msg	 m;

	if (r->len == 0 && !r->truncated)
		return;
	mail_parse(r->buf != NULL ? r->buf : "", r->len, &m);
	m.file = r->name;
	m.index = ++r->count;
	m.truncated = r->truncated;
	r->cb(&m, r->arg);
	mail_free(&m);
	free(r->buf);
	r->buf = NULL;
	r->len = r->cap = 0;
	r->truncated = 0;
}

/*
 * An mbox is split at "From " lines that follow an empty line; ">From "
 * (and ">>From ", mboxrd) loses one '>'.  A stream that does not begin
 * with "From " is one message.  Lines are read in pieces of a fixed
 * size, so a huge line costs no more memory than a short one.
 */
/* The line splitter's state: an mbox is cut at "From " lines. */
struct lines {
	int		 bol;		/* the next byte starts a line */
	int		 blank;		/* the last line was empty */
	int		 mbox;		/* the stream began with "From " */
	int		 first;		/* nothing read yet */
};

static void	 line(struct reader *, struct lines *, const char *, size_t);
static int	 postmark(const char *, size_t);
static ssize_t	 fd_read(void *, char *, size_t);

/*
 * A whole mbox postmark, "From sender Www Mmm dd hh:mm:ss yyyy": where
 * messages were joined without the empty line between them, that line
 * still starts the next one (a "From " in a body is written ">From ").
 */
static int
postmark(const char *s, size_t n)
{
	size_t	 i = 5, k;

	while (i < n && s[i] != ' ' && s[i] != '\n')
		i++;
	if (i == 5 || i >= n || s[i] != ' ')
		return 0;
	while (i < n && s[i] == ' ')
		i++;
	/* "Thu Jul  2 12:05:05 2020": letters, letters, a day, a time. */
	for (k = 0; k < 3; k++, i++)
		if (i >= n || !isalpha((unsigned char)s[i]))
			return 0;
	if (i >= n || s[i++] != ' ')
		return 0;
	for (k = 0; k < 3; k++, i++)
		if (i >= n || !isalpha((unsigned char)s[i]))
			return 0;
	while (i < n && s[i] == ' ')
		i++;
	if (i >= n || !isdigit((unsigned char)s[i]))
		return 0;
	while (i < n && isdigit((unsigned char)s[i]))
		i++;
	return i + 9 < n && s[i] == ' ' && isdigit((unsigned char)s[i + 1]) &&
	    isdigit((unsigned char)s[i + 2]) && s[i + 3] == ':' &&
	    isdigit((unsigned char)s[i + 4]) &&
	    isdigit((unsigned char)s[i + 5]) && s[i + 6] == ':';
}

/* One line, or a piece of a long one, as it comes from the stream. */
static void
line(struct reader *r, struct lines *ls, const char *s, size_t n)
{
	size_t	 q = 0;

	if (ls->bol && ls->first && n >= 5 && strncmp(s, "From ", 5) == 0) {
		ls->mbox = 1;
		ls->first = 0;
		ls->bol = s[n - 1] == '\n';
		return;
	}
	ls->first = 0;
	if (ls->bol && ls->mbox && n >= 5 && strncmp(s, "From ", 5) == 0 &&
	    (ls->blank || postmark(s, n))) {
		flush(r);
		ls->bol = s[n - 1] == '\n';
		return;
	}
	if (ls->bol && ls->mbox && s[0] == '>') {
		while (q < n && s[q] == '>')
			q++;
		q = n - q >= 5 && strncmp(s + q, "From ", 5) == 0 ? 1 : 0;
	}
	store(r, s + q, n - q);
	if (ls->bol)
		ls->blank = s[0] == '\n' || (n > 1 && s[0] == '\r' &&
		    s[1] == '\n');
	else if (s[n - 1] == '\n')
		ls->blank = 0;
	ls->bol = s[n - 1] == '\n';
	if (!ls->bol)
		ls->blank = 0;
}

int
mail_read(ssize_t (*rd)(void *, char *, size_t), void *ctx,
    const char *name, void (*cb)(const struct mail_msg *, void *),
    void *arg)
{
	struct reader	 r;
	struct lines	 ls;
	char		 buf[8192], *nl;
	size_t		 have = 0, start, n;
	ssize_t		 got;
	int		 rc = 0;

	memset(&r, 0, sizeof(r));
	r.name = name;
	r.cb = cb;
	r.arg = arg;
	memset(&ls, 0, sizeof(ls));
	ls.bol = ls.blank = ls.first = 1;
	for (;;) {
		if ((got = rd(ctx, buf + have, sizeof(buf) - have)) < 0) {
			rc = -1;
			break;
		}
		if (got == 0)
			break;
		have += (size_t)got;
		start = 0;
		while ((nl = memchr(buf + start, '\n', have - start)) != NULL) {
			n = (size_t)(nl - buf) + 1 - start;
			line(&r, &ls, buf + start, n);
			start += n;
		}
		if (start == 0 && have == sizeof(buf)) {
			line(&r, &ls, buf, have);	/* a very long line */
			have = 0;
		} else {
			memmove(buf, buf + start, have - start);
			have -= start;
		}
	}
	if (have > 0)
		line(&r, &ls, buf, have);
	flush(&r);
	return rc;
}

static ssize_t
fd_read(void *ctx, char *buf, size_t size)
{
	ssize_t	 n;

	while ((n = read(*(int *)ctx, buf, size)) == -1 && errno == EINTR)
		continue;
	return n;
}

int
mail_read_fd(int fd, const char *name, void (*cb)(const struct mail_msg *,
    void *), void *arg)
{
	return mail_read(fd_read, &fd, name, cb, arg);
}

static int
namecmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Files of one directory in name order; only *.eml unless all. */
static int
read_one_dir(const char *dir, int all, void (*cb)(const struct mail_msg *,
    void *), void *arg)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 st;
	char		**names, *path;
	size_t		 n, i, len;
	int		 fd;

	if ((d = opendir(dir)) == NULL)
		return -1;
	names = NULL;
	n = 0;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		len = strlen(de->d_name);
		if (!all && (len < 4 ||
		    strcasecmp(de->d_name + len - 4, ".eml") != 0))
			continue;
		names = xrealloc(names, (n + 1) * sizeof(*names));
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof(*names), namecmp);
	for (i = 0; i < n; i++) {
		len = strlen(dir) + strlen(names[i]) + 2;
		path = xmalloc(len);
		snprintf(path, len, "%s/%s", dir, names[i]);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
		    (fd = open(path, O_RDONLY)) != -1) {
			(void)mail_read_fd(fd, path, cb, arg);
			close(fd);
		}
		free(path);
		free(names[i]);
	}
	free(names);
	return 0;
}

int
mail_read_dir(const char *path, void (*cb)(const struct mail_msg *, void *),
    void *arg)
{
	struct stat	 st;
	char		*sub;
	size_t		 len;
	int		 maildir, rc;

	len = strlen(path) + 5;
	sub = xmalloc(len);
	snprintf(sub, len, "%s/cur", path);
	maildir = stat(sub, &st) == 0 && S_ISDIR(st.st_mode);
	snprintf(sub, len, "%s/new", path);
	maildir |= stat(sub, &st) == 0 && S_ISDIR(st.st_mode);
	if (!maildir) {
		free(sub);
		return read_one_dir(path, 0, cb, arg);
	}
	snprintf(sub, len, "%s/cur", path);
	rc = read_one_dir(sub, 1, cb, arg);
	snprintf(sub, len, "%s/new", path);
	if (read_one_dir(sub, 1, cb, arg) == 0)
		rc = 0;
	free(sub);
	return rc == 0 || errno == ENOENT ? 0 : -1;
}
