/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * Recipients of a bounce: the fields of an RFC 3464 delivery-status
 * body, and the human-readable texts of MTAs that send none (or send
 * one without the server's reply).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extern.h"

/* More recipients than this in one message are dropped. */
#define DSN_MAXRCPT	1000
/* Bytes of one diagnostic kept from a text. */
#define DSN_MAXDIAG	4096
/* Bytes of a whole text taken when no rule finds a recipient's reason. */
#define WHOLE_MAX	1024

struct line {
	const char	*p;		/* first byte after the indent */
	size_t		 len;		/* bytes, without the line break */
	size_t		 indent;	/* leading blanks */
};

static char	*after_semicolon(const char *);
static int	 per_rcpt(const char *, size_t);
static void	 drop_unnamed(struct mail_msg *);
static int	 inet_addr(const char *);
static int	 x400_reason(const char *);
static void	 rcpt_field(struct mail_rcpt *, const char *, size_t,
		    const char *);
static char	*first_word(const char *);
static char	*strip_angles(const char *);
static void	 set(char **, char *);
static int	 next_line(const char *, size_t, size_t *, struct line *);
static int	 is_addr_char(int);
static size_t	 addr_span(const char *, size_t);
static int	 domain_char(int);
static int	 summary_line(const struct line *, size_t *, size_t *);
static int	 second_addr(const char *, size_t, size_t, size_t, int,
		    size_t *);
static int	 rcpt_line(const struct line *, const struct line *,
		    size_t *, size_t *, size_t *, size_t *);
static int	 labelled(const struct line *, size_t *, size_t *, size_t *,
		    size_t *);
static int	 named(const struct line *, size_t *, size_t *, size_t *);
static int	 envelope_rcpt(const struct line *, size_t *, size_t *);
static size_t	 said_by(const struct line *, const char *);
static size_t	 rcpt_to(const char *, size_t, size_t *, size_t *, int *);
static int	 session_rcpt(const struct line *, size_t *, size_t *);
static int	 stop_line(const struct line *);
static int	 separator(const struct line *);
static int	 has_code(const char *, size_t);
static int	 reply_line(const struct line *);
static void	 append(char **, size_t *, const char *, size_t);
static struct mail_rcpt *find_rcpt(struct mail_msg *, const char *, size_t);
struct scan;
static void	 scan_reply(struct scan *, const struct line *);
static void	 scan_close(struct scan *);
static void	 scan_rcpt(struct scan *, const struct line *,
		    struct mail_rcpt *, size_t, size_t, size_t, size_t);
static void	 spread_reply(struct mail_msg *, size_t, const char *);
static const char *text_format(const char *, size_t);
static int	 starts(const struct line *, const char *);
static int	 agent_line(const struct line *);
static int	 framing(const struct line *);
static struct mail_rcpt *local_rcpt(struct mail_msg *, const struct line *,
		    size_t *, size_t *);
static int	 no_words(const char *);
static int	 readable(const struct line *);
static int	 guess_for(const struct mail_rcpt *);
static void	 whole_text(struct mail_msg *, const char *, size_t);
static char	*json_value(const char *, size_t, const char *);
static size_t	 reply_lines(const char *, size_t, size_t, size_t);
struct scan;
static const char *command_stage(const struct line *);
static void	 transcript(struct scan *, const struct line *);
static void	 stages(struct scan *);
static void	 said_to(struct scan *, const char *);

struct mail_rcpt *
dsn_add(struct mail_msg *m, const char *addr, size_t len)
{
	struct mail_rcpt	*r;

	if (m->nrcpt >= DSN_MAXRCPT)
		return NULL;
	m->rcpt = xrealloc(m->rcpt, (m->nrcpt + 1) * sizeof(*m->rcpt));
	r = &m->rcpt[m->nrcpt++];
	memset(r, 0, sizeof(*r));
	r->recipient = xstrndup(addr, len);
	return r;
}

/* Replace *dst by v (owned), freeing what was there. */
static void
set(char **dst, char *v)
{
	free(*dst);
	*dst = v;
}

/* "rfc822; a@b" -> "a@b"; a value without ';' is kept whole. */
static char *
after_semicolon(const char *v)
{
	const char	*p;

	if ((p = strchr(v, ';')) == NULL)
		p = v;
	else
		p++;
	while (*p == ' ')
		p++;
	return xstrdup(p);
}

/* "5.1.1 (comment)" -> "5.1.1". */
static char *
first_word(const char *v)
{
	size_t	 n;

	while (*v == ' ')
		v++;
	for (n = 0; v[n] != '\0' && v[n] != ' ' && v[n] != '('; n++)
		continue;
	return n == 0 ? NULL : xstrndup(v, n);
}

/* An address type's value "<a@b>" loses its brackets; result owned. */
static char *
strip_angles(const char *v)
{
	size_t	 n;
	char	*a;

	a = after_semicolon(v);
	n = strlen(a);
	if (n >= 2 && a[0] == '<' && a[n - 1] == '>') {
		memmove(a, a + 1, n - 2);
		a[n - 2] = '\0';
	}
	return a;
}

/*
 * The per-message group comes first, then one group per recipient; a
 * recipient field in a group that already names one starts a new record,
 * since some MTAs leave out the blank line between groups.
 */
void
dsn_fields(const char *buf, size_t len, struct mail_msg *m)
{
	struct mail_rcpt	*r;
	const char		*name;
	size_t			 off, nlen, e, fo, re, n, k;
	char			*v, *p;
	int			 final, seen_final, seen_orig;

	r = NULL;
	seen_final = seen_orig = 0;
	off = 0;
	while (off < len) {
		/* A blank line closes the group. */
		e = off;
		while (e < len && (buf[e] == ' ' || buf[e] == '\t' ||
		    buf[e] == '\r'))
			e++;
		if (e < len && buf[e] == '\n') {
			r = NULL;
			seen_final = seen_orig = 0;
			off = e + 1;
			continue;
		}
		e = off;
		while (e < len && buf[e] != '\n')
			e++;
		while (e < len && e + 1 < len && (buf[e + 1] == ' ' ||
		    buf[e + 1] == '\t')) {
			e++;
			while (e < len && buf[e] != '\n')
				e++;
		}
		if (e < len)
			e++;
		fo = 0;
		if (!mime_field(buf + off, e - off, &fo, &name, &nlen, &v)) {
			off = e;
			continue;
		}
		if (nlen == 15 && strncasecmp(name, "Diagnostic-Code", 15) == 0 &&
		    (re = reply_lines(buf, len, off, e)) > e) {
			/* The reply's own lines, unfolded: one line. */
			n = strlen(v);
			v = xrealloc(v, n + (re - e) + 2);
			v[n++] = ' ';
			for (k = e; k < re; k++)
				if (buf[k] != '\r' && buf[k] != '\n')
					v[n++] = buf[k];
				else if (n > 0 && v[n - 1] != ' ')
					v[n++] = ' ';
			while (n > 0 && v[n - 1] == ' ')
				n--;
			v[n] = '\0';
			e = re;
		}
		off = e;
		if (nlen == 13 && strncasecmp(name, "Reporting-MTA", 13) == 0) {
			if (m->reporting_mta == NULL)
				m->reporting_mta = after_semicolon(v);
		} else if ((nlen == 15 &&
		    strncasecmp(name, "Final-Recipient", 15) == 0) ||
		    (nlen == 18 &&
		    strncasecmp(name, "Original-Recipient", 18) == 0)) {
			final = name[0] == 'F' || name[0] == 'f';
			/* A second one of a kind starts the next record. */
			if (final ? seen_final : seen_orig) {
				r = NULL;
				seen_final = seen_orig = 0;
			}
			p = strip_angles(v);
			if (*p == '\0')
				free(p);
			else if (r == NULL &&
			    (r = dsn_add(m, p, strlen(p))) == NULL) {
				free(p);
				free(v);
				break;
			} else if (final) {
				seen_final = 1;
				set(&r->recipient, p);
			} else {
				seen_orig = 1;
				set(&r->original, p);
			}
		} else if (r != NULL)
			rcpt_field(r, name, nlen, v);
		else if (per_rcpt(name, nlen)) {
			/*
			 * Exim writes Action before Final-Recipient: the
			 * record opens now and gets its address below.
			 */
			if ((r = dsn_add(m, "", 0)) == NULL) {
				free(v);
				break;
			}
			rcpt_field(r, name, nlen, v);
		}
		free(v);
	}
	drop_unnamed(m);
}

/*
 * A reply of several lines copied into Diagnostic-Code without folding
 * ("smtp; 550-Please turn on ..." and then "550-..." and "550 ..." at
 * the start of the next lines): the end of its last line, or e when the
 * field [off, e) is not such a reply.
 */
static size_t
reply_lines(const char *buf, size_t len, size_t off, size_t e)
{
	const char	*c;
	size_t		 k;

	c = memchr(buf + off, ';', e - off);
	if (c == NULL)
		return e;
	for (c++; c < buf + e && *c == ' '; c++)
		continue;
	if (buf + e - c < 4 || (c[0] != '4' && c[0] != '5') ||
	    !isdigit((unsigned char)c[1]) || !isdigit((unsigned char)c[2]) ||
	    c[3] != '-')
		return e;
	while (e + 4 <= len && memcmp(buf + e, c, 3) == 0 &&
	    (buf[e + 3] == '-' || buf[e + 3] == ' ')) {
		for (k = e; k < len && buf[k] != '\n'; k++)
			continue;
		e = k < len ? k + 1 : len;
	}
	return e;
}

/* A field that belongs to a recipient's group, not the message's. */
static int
per_rcpt(const char *name, size_t nlen)
{
	return (nlen == 6 && (strncasecmp(name, "Action", 6) == 0 ||
	    strncasecmp(name, "Status", 6) == 0)) ||
	    (nlen == 10 && strncasecmp(name, "Remote-MTA", 10) == 0) ||
	    (nlen == 15 && strncasecmp(name, "Diagnostic-Code", 15) == 0);
}

/* Records whose group never named a recipient are no records. */
static void
drop_unnamed(struct mail_msg *m)
{
	struct mail_rcpt	*r;
	size_t			 i, k;
	char			*p;

	for (i = k = 0; i < m->nrcpt; i++) {
		/*
		 * A gateway's Final-Recipient may name the mailbox in its
		 * own world (an X.400 O/R address, a host-internal name
		 * without a domain); the Original-Recipient then says which
		 * Internet address the sender wrote, the one to act on.
		 */
		r = &m->rcpt[i];
		if (r->original != NULL && inet_addr(r->original) &&
		    !inet_addr(r->recipient)) {
			p = r->recipient;
			r->recipient = r->original;
			r->original = p;
		}
		if (m->rcpt[i].recipient[0] == '\0') {
			dsn_rcpt_free(&m->rcpt[i]);
			continue;
		}
		if (k != i)
			m->rcpt[k] = m->rcpt[i];
		k++;
	}
	m->nrcpt = k;
	if (k == 0) {
		free(m->rcpt);
		m->rcpt = NULL;
	}
}

/*
 * "local@domain.tld": one '@', something before it, a dot inside the
 * domain, no blank; what an Internet mail address looks like.
 */
static int
inet_addr(const char *a)
{
	const char	*at, *dot;

	if (strpbrk(a, " \t/") != NULL || (at = strchr(a, '@')) == NULL ||
	    at == a || strchr(at + 1, '@') != NULL)
		return 0;
	dot = strchr(at + 1, '.');
	return dot != NULL && dot > at + 1 && dot[1] != '\0';
}

/* One per-recipient field of a delivery-status group into r. */
static void
rcpt_field(struct mail_rcpt *r, const char *name, size_t nlen,
    const char *v)
{
	char	*p;

	if (nlen == 6 && strncasecmp(name, "Action", 6) == 0) {
		set(&r->action, first_word(v));
		for (p = r->action; p != NULL && *p != '\0'; p++)
			*p = (char)tolower((unsigned char)*p);
	} else if (nlen == 6 && strncasecmp(name, "Status", 6) == 0)
		set(&r->status, first_word(v));
	else if (nlen == 10 && strncasecmp(name, "Remote-MTA", 10) == 0)
		set(&r->remote_mta, after_semicolon(v));
	else if (nlen == 15 && strncasecmp(name, "Diagnostic-Code", 15) == 0) {
		if ((p = strchr(v, ';')) != NULL) {
			while (p > v && p[-1] == ' ')
				p--;
			set(&r->diag_type, xstrndup(v, (size_t)(p - v)));
			for (p = r->diag_type; *p != '\0'; p++)
				*p = (char)tolower((unsigned char)*p);
		}
		if (r->diagnostic != NULL && x400_reason(r->diag_type))
			return;		/* the X.400 gateway's own words stay */
		set(&r->diagnostic, after_semicolon(v));
		if (r->diagnostic[0] == '\0')
			set(&r->diagnostic, NULL);
	} else if (nlen == 23 &&
	    strncasecmp(name, "X400-Supplementary-Info", 23) == 0 &&
	    (r->diagnostic == NULL || x400_reason(r->diag_type))) {
		/*
		 * An X.400 gateway's Diagnostic-Code gives only the X.400
		 * reason and diagnostic numbers ("Reason 1
		 * (Unable-To-Transfer); Diagnostic -1 (Unknown)"); the
		 * SMTP server's reply, when there was one, is quoted here.
		 */
		while (*v == ' ' || *v == '"')
			v++;
		set(&r->diagnostic, xstrdup(v));
		p = r->diagnostic + strlen(r->diagnostic);
		while (p > r->diagnostic && (p[-1] == '"' || p[-1] == ' '))
			*--p = '\0';
		if (r->diagnostic[0] == '\0')
			set(&r->diagnostic, NULL);
		else
			set(&r->diag_type, xstrdup("x400-supplementary"));
	}
}

/* The type of an X.400 gateway's Diagnostic-Code: "Reason N (...)". */
static int
x400_reason(const char *type)
{
	return type != NULL && (strncmp(type, "reason ", 7) == 0 ||
	    strcmp(type, "x400-supplementary") == 0);
}

/* --- Human-readable bounces ------------------------------------------ */

static int
next_line(const char *buf, size_t len, size_t *off, struct line *l)
{
	size_t	 o, e;

	if ((o = *off) >= len)
		return 0;
	for (e = o; e < len && buf[e] != '\n'; e++)
		continue;
	*off = e < len ? e + 1 : len;
	if (e > o && buf[e - 1] == '\r')
		e--;
	l->indent = 0;
	while (o < e && (buf[o] == ' ' || buf[o] == '\t')) {
		o++;
		l->indent++;
	}
	while (e > o && (buf[e - 1] == ' ' || buf[e - 1] == '\t'))
		e--;
	l->p = buf + o;
	l->len = e - o;
	return 1;
}

static int
is_addr_char(int c)
{
	return isalnum(c) || (c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~.",
	    c) != NULL) || c >= 0x80;
}

/* A character of a host name, the domain of an address. */
static int
domain_char(int c)
{
	return isalnum(c) || c == '-' || c == '.' || c == '_' || c >= 0x80;
}

/*
 * The length of the address at p ("local@domain.tld"), or 0.  The local
 * part takes every character RFC 5322 allows an atom; the domain only
 * what a host name has.
 */
static size_t
addr_span(const char *p, size_t len)
{
	size_t	 i, at, dot;

	at = dot = 0;
	for (i = 0; i < len; i++) {
		if (p[i] == '@' && at == 0 && i > 0)
			at = i;
		else if (!is_addr_char((unsigned char)p[i]) ||
		    (at != 0 && !domain_char((unsigned char)p[i])))
			break;	/* in "'a@b'" a quote ends the domain */
		else if (at != 0 && p[i] == '.' && i > at + 1)
			dot = i;
	}
	while (i > 0 && p[i - 1] == '.')
		i--;
	if (at == 0 || dot == 0 || dot + 1 >= i || at + 1 >= i)
		return 0;
	return i;
}

static int
starts(const struct line *l, const char *s)
{
	size_t	 n;

	n = strlen(s);
	return l->len >= n && strncasecmp(l->p, s, n) == 0;
}

/*
 * Does this line name a recipient?  Forms seen in MTA texts, an address
 * first:
 *   <a@b>: reply...              (Postfix, qmail, Courier)
 *   <a@b> (expanded from <c@d>): reply...
 *   <a@b>                        (Sendmail, reason on the next lines)
 *   a@b: reply | "a@b": | a@b ... reply
 *   a@b                          (Exim, Gmail, Domino: alone, indented)
 *   * a@b | -- a@b               (a bulleted list; Mimecast)
 *   a@b on DATE | a@b (a@b)      (Exchange)
 *   a@b reply with a code        (Zoho)
 * or after a few words that say what it is:
 *   Recipient address: a@b       (Oracle Messaging Server)
 *   Unknown user: a@b | Could not be delivered to: <a@b>
 *   ... error delivering your mail to <a@b>.
 *   ... rejected recipient <a@b> (...). It responded ...: [550 ...]
 * The sender Exim names after "A message sent by" is not a recipient.
 * *ao and *alen locate the address, [*rest, *rend) the reason given.
 */
static int
rcpt_line(const struct line *l, const struct line *prev, size_t *ao,
    size_t *alen, size_t *rest, size_t *rend)
{
	const char	*p, *or = NULL;
	size_t		 i, n, len;
	int		 cmd = 0;

	p = l->p;
	len = l->len;
	*rend = len;
	if (prev != NULL && prev->len >= 7 &&
	    strncasecmp(prev->p + prev->len - 7, "sent by", 7) == 0)
		return 0;
	if (summary_line(l, ao, alen)) {
		*rest = 0;
		return 1;
	}
	i = 0;
	if (len > 2 && (p[0] == '*' || p[0] == '-') && p[1] == ' ')
		i = 2;
	else if (len > 3 && strncmp(p, "-- ", 3) == 0)
		i = 3;		/* Mimecast: "-- a@b" under its sentence */
	else if (len > 4 && strncmp(p, ">>> ", 4) == 0)
		cmd = i = 4;	/* only before "a@b <a@b>", below */
	else if (len > 2 && strncasecmp(p, "c=", 2) == 0 &&
	    (or = memcasemem(p, len, "SMTP=")) != NULL)
		i = (size_t)(or - p) + 5;	/* an X.400 O/R address */
	if (!cmd && i < len && (p[i] == '<' || p[i] == '"'))
		i++;
	if ((n = addr_span(p + i, len - i)) == 0)
		return !cmd && (named(l, ao, alen, rest) ||
		    labelled(l, ao, alen, rest, rend));
	*ao = i;
	*alen = n;
	i += n;
	/*
	 * Exchange 5.5 names a recipient it reached through its X.400
	 * core as "c=US;a= ;p=ORG;o=SITE;dda:SMTP=a@b; on DATE".
	 */
	if (or != NULL && i < len && p[i] == ';')
		i++;
	/*
	 * The address, then an address in angle brackets: written as a
	 * name and an address ("a@b <a@b>", Active!Hunter's list under
	 * ">>> "), or Exim's "a@b <c@d>: malformed address: ..." for an
	 * address it could not parse.  The first is the recipient.
	 */
	if (second_addr(p, len, i, *ao, cmd, &i)) {
		while (i < len && (p[i] == ':' || p[i] == ' '))
			i++;
		*rest = i;
		return 1;
	}
	if (cmd)
		return 0;
	if (*ao > 0 && (p[*ao - 1] == '<' || p[*ao - 1] == '"')) {
		if (i >= len || p[i] != (p[*ao - 1] == '<' ? '>' : '"'))
			return 0;
		i++;
		if (i + 15 < len &&
		    strncmp(p + i, " (expanded from", 15) == 0) {
			while (i < len && p[i] != ')')
				i++;
			if (i < len)
				i++;
		}
	}
	if (i == len) {
		*rest = len;
		return 1;
	}
	if (p[i] == ':' || (i + 3 <= len && strncmp(p + i, "...", 3) == 0) ||
	    (i + 4 <= len && strncmp(p + i, " ...", 4) == 0)) {
		while (i < len && (p[i] == ':' || p[i] == '.' || p[i] == ' '))
			i++;
		*rest = i;
		return 1;
	}
	/* MDaemon: "a@b - no such user here." */
	if (i + 4 < len && strncmp(p + i, " - ", 3) == 0 &&
	    isalpha((unsigned char)p[i + 3])) {
		*rest = i + 3;
		return 1;
	}
	/* "a@b [User unknown]": the reason in brackets after the address. */
	if (i + 3 < len && p[i] == ' ' && p[i + 1] == '[' &&
	    p[len - 1] == ']') {
		*rest = i + 2;
		*rend = len - 1;
		return 1;
	}
	/* Exchange: "a@b on 4/29/01 11:34:45 PM" or "a@b (a@b)". */
	if ((i + 5 < len && strncmp(p + i, " on ", 4) == 0 &&
	    isdigit((unsigned char)p[len - 1 - (p[len - 1] == 'M' ?
	    3 : 0)])) || (i + 2 < len &&
	    strncmp(p + i, " (", 2) == 0 && p[len - 1] == ')')) {
		*rest = len;
		return 1;
	}
	if (p[i] == ' ' && has_code(p + i, len - i)) {
		*rest = i + 1;
		return 1;
	}
	return 0;
}

/*
 * Sendmail's transcript sums up what became of an address in a line of
 * its own, the reply code first: "550 <a@b>... User unknown", "554
 * 5.0.0 <a@b>... Service unavailable".  Versions without DSN support
 * name the failed address only there.
 */
static int
summary_line(const struct line *l, size_t *ao, size_t *alen)
{
	const char	*p = l->p;
	size_t		 i, n, len = l->len;

	if (len < 12 || (p[0] != '4' && p[0] != '5') ||
	    !isdigit((unsigned char)p[1]) || !isdigit((unsigned char)p[2]) ||
	    p[3] != ' ')
		return 0;
	i = 4;
	if (p[i] == p[0] && p[i + 1] == '.') {
		for (i += 2; i < len && (isdigit((unsigned char)p[i]) ||
		    p[i] == '.'); i++)
			continue;
		if (i >= len || p[i] != ' ')
			return 0;
		i++;
	}
	if (i >= len || p[i] != '<')
		return 0;
	i++;
	if ((n = addr_span(p + i, len - i)) == 0 || i + n + 4 > len ||
	    strncmp(p + i + n, ">...", 4) != 0)
		return 0;
	*ao = i;
	*alen = n;
	return 1;
}

/*
 * After the address at [ao, i): " <x@y>", then the end of the line or a
 * colon.  After ">>> " (cmd), only the same address counts (the
 * client's own commands, ">>> RCPT To:<a@b>", are no list).  *end is
 * where the reason may start.
 */
static int
second_addr(const char *p, size_t len, size_t i, size_t ao, int cmd,
    size_t *end)
{
	size_t	 n;

	if (i + 3 >= len || p[i] != ' ' || p[i + 1] != '<')
		return 0;
	if ((n = addr_span(p + i + 2, len - i - 2)) == 0 ||
	    i + 2 + n >= len || p[i + 2 + n] != '>')
		return 0;
	if (cmd && (n != i - ao ||
	    strncasecmp(p + ao, p + i + 2, n) != 0))
		return 0;
	*end = i + 3 + n;
	return *end == len || p[*end] == ':';
}

/*
 * Exchange 2007 lists a recipient by its display name, the address in
 * parentheses: "Ann Lee (ann@example.com)", the reason on the next line.
 */
static int
named(const struct line *l, size_t *ao, size_t *alen, size_t *rest)
{
	const char	*p = l->p;
	size_t		 o, n;

	if (l->len < 8 || p[l->len - 1] != ')' || p[0] == '(')
		return 0;
	for (o = l->len - 1; o > 0 && p[o - 1] != '('; o--)
		continue;
	if (o < 3 || p[o - 2] != ' ' || memchr(p, ':', o) != NULL ||
	    memchr(p, '@', o) != NULL)
		return 0;
	if ((n = addr_span(p + o, l->len - 1 - o)) != l->len - 1 - o)
		return 0;
	*ao = o;
	*alen = n;
	*rest = l->len;
	return 1;
}

/*
 * A session transcript's line: the client's (">>> DATA", or " In:  DATA"
 * in the transcript Postfix's SMTP server mails to the postmaster) when
 * who is "In:", the server's ("<<< 550 ...", " Out: 550 ...") when it is
 * "Out:".  The offset of what was said, or 0.
 */
static size_t
said_by(const struct line *l, const char *who)
{
	size_t	 i, n;

	if (starts(l, strcmp(who, "In:") == 0 ? ">>> " : "<<< "))
		return 4;
	n = strlen(who);
	if (!starts(l, who))
		return 0;
	for (i = n; i < l->len && l->p[i] == ' '; i++)
		continue;
	return i > n && i < l->len ? i : 0;
}

/*
 * "RCPT TO: a@b" or "RCPT TO:<a@b>" at p: the address at [*ao, *ao +
 * *alen), *angle when it was in angle brackets; the offset after it (and
 * its '>'), or 0.
 */
static size_t
rcpt_to(const char *p, size_t len, size_t *ao, size_t *alen, int *angle)
{
	size_t	 i, n;

	if (len <= 8 || strncasecmp(p, "RCPT TO:", 8) != 0)
		return 0;
	for (i = 8; i < len && p[i] == ' '; i++)
		continue;
	*angle = i < len && p[i] == '<';
	i += (size_t)*angle;
	if ((n = addr_span(p + i, len - i)) == 0)
		return 0;
	*ao = i;
	*alen = n;
	i += n;
	if (*angle && (i >= len || p[i++] != '>'))
		return 0;
	return i;
}

/*
 * A recipient the client gave in a server's transcript: " In:  RCPT
 * TO:<a@b> ORCPT=rfc822;a@b" (Postfix's notice of a session's errors,
 * which names no recipient elsewhere).
 */
static int
session_rcpt(const struct line *l, size_t *ao, size_t *alen)
{
	size_t	 i, e;
	int	 angle;

	if (!starts(l, "In:") || (i = said_by(l, "In:")) == 0 ||
	    (e = rcpt_to(l->p + i, l->len - i, ao, alen, &angle)) == 0 ||
	    !angle || (i + e < l->len && l->p[i + e] != ' '))
		return 0;
	*ao += i;
	return 1;
}

/*
 * The envelope recipient written as a field of the bounce's own summary
 * of the message, alone on its line: "RCPT TO: a@b" or "RCPT TO:<a@b>"
 * (Apache James lists "MAIL FROM:", "RCPT TO:", "Subject:" and the size
 * under "Message details:").  A client's command in a transcript (">>>
 * RCPT To:<a@b>"), or one with the server's answer after it, is not.
 */
static int
envelope_rcpt(const struct line *l, size_t *ao, size_t *alen)
{
	size_t	 i;
	int	 angle;

	if ((i = rcpt_to(l->p, l->len, ao, alen, &angle)) == 0)
		return 0;
	while (i < l->len && l->p[i] == ' ')
		i++;
	return i == l->len;
}

/*
 * An address after a few words that call it a recipient or say the mail
 * could not be delivered to it.  A header field ("Delivered-To: a@b",
 * one word before the colon) does not count.
 */
static int
labelled(const struct line *l, size_t *ao, size_t *alen, size_t *rest,
    size_t *rend)
{
	static const char *const words[] = {
		"recipient", "user", "address", "mailbox", "deliver", NULL
	};
	static const char *const reasons[] = {
		"unknown", "invalid", "not ", "no such", "full", "disabled",
		NULL
	};
	const char	*p;
	size_t		 i, j, n, k;

	p = l->p;
	for (i = 0; i < l->len && p[i] != '@'; i++)
		continue;
	if (i == l->len || i == 0)
		return 0;
	while (i > 0 && is_addr_char((unsigned char)p[i - 1]))
		i--;
	/* Exim 2 and others quote it: "addressed to 'a@b',". */
	if (p[i] == '\'')
		i++;
	if ((n = addr_span(p + i, l->len - i)) == 0 || i < 3)
		return 0;
	/*
	 * Just before the address: "to ", ": ", "<", "to: <", or the
	 * word "recipient" itself ("rejected recipient <a@b>").
	 */
	j = i;
	if (p[j - 1] == '<' || p[j - 1] == '\'')
		j--;
	if (j < 2 || !((p[j - 1] == ' ' && (p[j - 2] == ':' ||
	    (j >= 3 && strncasecmp(p + j - 3, "to ", 3) == 0) ||
	    (j >= 10 && strncasecmp(p + j - 10, "recipient ", 10) == 0))) ||
	    p[j - 1] == ':'))
		return 0;
	for (k = 0; words[k] != NULL; k++)
		if (memcasemem(p, j, words[k]) != NULL)
			break;
	if (words[k] == NULL)
		return 0;
	/* One word before the colon: only "Recipient:" itself. */
	if (memchr(p, ' ', j - 1) == NULL && (j < 10 ||
	    strncasecmp(p, "recipient", 9) != 0))
		return 0;
	*ao = i;
	*alen = n;
	i += n;
	/* What closes it: "<a@b>.", "'a@b',", "[SMTP:a@b]", "(to a@b)". */
	while (i < l->len && p[i] != '\0' && strchr(">. :',])", p[i]) != NULL)
		i++;
	*rest = i;
	/* "Unknown user: a@b": the label is the reason. */
	for (k = 0; reasons[k] != NULL; k++)
		if (memcasemem(p, j, reasons[k]) != NULL && i == l->len) {
			*rest = 0;
			for (*rend = j; *rend > 0 && (p[*rend - 1] == ' ' ||
			    p[*rend - 1] == ':'); (*rend)--)
				continue;
			break;
		}
	return 1;
}

/* The returned message, or its headers, begins after this line. */
static int
stop_line(const struct line *l)
{
	static const char *const marks[] = {
		"--- Below this line is a copy of the message",
		"----- Original message -----",
		"------ This is a copy of the message",
		"------ This is a copy of your message",
		"----- Original Message -----",
		"Original message headers:",
		"Below is a copy of the original message",
		"----- Message header follows -----",
		"------- Returned Message --------",
		"--- Original message follows.",
		"The original message was:",
		"Message headers follow",
		"--- The header of the original message is following",
		"Original message follows",
		"|------------------------- Message text follows",
		NULL
	};
	size_t	 i;

	for (i = 0; marks[i] != NULL; i++)
		if (starts(l, marks[i]))
			return 1;
	/* A returned message set inline, with no marker. */
	return l->indent == 0 && (starts(l, "Return-Path: ") ||
	    starts(l, "Received: from ") || starts(l, "DKIM-Signature: "));
}

/* "----- Transcript of session follows -----", "=====", "*****". */
static int
separator(const struct line *l)
{
	return l->len >= 3 && (l->p[0] == '-' || l->p[0] == '=' ||
	    l->p[0] == '*' || l->p[0] == '|') && l->p[1] == l->p[0] &&
	    l->p[2] == l->p[0];
}

/* Does the text hold a reply code (550) or an enhanced code (5.1.1)? */
static int
has_code(const char *p, size_t len)
{
	size_t	 i;

	for (i = 0; i + 3 <= len; i++) {
		if (i > 0 && isalnum((unsigned char)p[i - 1]))
			continue;
		if ((p[i] == '4' || p[i] == '5') &&
		    isdigit((unsigned char)p[i + 1]) &&
		    isdigit((unsigned char)p[i + 2]) &&
		    (i + 3 == len || !isalnum((unsigned char)p[i + 3])))
			return 1;
		if ((p[i] == '4' || p[i] == '5') && p[i + 1] == '.' &&
		    isdigit((unsigned char)p[i + 2]))
			return 1;
	}
	return 0;
}

/*
 * A line that gives a server's reply apart from the recipient's own
 * lines: Exchange's "Remote Server returned '...'", a Sendmail or Courier
 * transcript's "<<< 550 ...", a line that starts with the code (Gmail).
 */
static int
reply_line(const struct line *l)
{
	size_t	 i;

	if (starts(l, "Remote Server returned") || starts(l, "<<< "))
		return has_code(l->p, l->len);
	/* Postfix's server transcript: " Out: 451 4.3.0 Error: ..." */
	if (starts(l, "Out:") && (i = said_by(l, "Out:")) > 0 &&
	    l->len - i >= 4 &&
	    (l->p[i] == '4' || l->p[i] == '5') &&
	    isdigit((unsigned char)l->p[i + 1]) &&
	    isdigit((unsigned char)l->p[i + 2]))
		return 1;
	return l->len >= 4 && (l->p[0] == '4' || l->p[0] == '5') &&
	    isdigit((unsigned char)l->p[1]) &&
	    isdigit((unsigned char)l->p[2]) &&
	    (l->p[3] == ' ' || l->p[3] == '-');
}

/* Append len bytes to a diagnostic, one space between pieces. */
static void
append(char **d, size_t *n, const char *p, size_t len)
{
	if (*n + len + 2 > DSN_MAXDIAG)
		return;
	*d = xrealloc(*d, *n + len + 2);
	if (*n > 0)
		(*d)[(*n)++] = ' ';
	memcpy(*d + *n, p, len);
	*n += len;
	(*d)[*n] = '\0';
}

static struct mail_rcpt *
find_rcpt(struct mail_msg *m, const char *a, size_t len)
{
	size_t	 i;

	for (i = 0; i < m->nrcpt; i++)
		if (strlen(m->rcpt[i].recipient) == len &&
		    strncasecmp(m->rcpt[i].recipient, a, len) == 0)
			return &m->rcpt[i];
	return NULL;
}

/* Which MTA wrote this text, from the sentences each one prints. */
static const char *
text_format(const char *buf, size_t len)
{
	static const struct {
		const char	*mark;
		const char	*format;
	} marks[] = {
		{ "This is the mail system at host", "postfix" },
		/* The notice of a session's errors Postfix's server mails. */
		{ "see the local mail logfile", "postfix" },
		{ "created automatically by mail delivery software", "exim" },
		{ "Transcript of session follows", "sendmail" },
		{ "The following addresses had permanent fatal errors",
		    "sendmail" },
		{ "This is the qmail-send program", "qmail" },
		{ "Delivery has failed to these recipients or", "exchange" },
		{ "did not reach some or all of the intended recipients",
		    "exchange" },
		{ "Remote Server returned", "exchange" },
		{ "Delivery to the following recipient", "gmail" },
		{ "Google tried to deliver your message", "gmail" },
		{ "Sorry, we were unable to deliver your message", "yahoo" },
		{ "running the Courier mail server", "courier" },
		{ "This is the MAILER-DAEMON, please DO NOT REPLY",
		    "opensmtpd" },
		{ "was not delivered to:", "domino" },
		{ "------- Failure Reasons", "domino" },
		{ "This report relates to a message you sent",
		    "messagingserver" },
		{ "An error occurred while trying to deliver the mail",
		    "amazonses" },
		{ NULL, NULL }
	};
	size_t	 i, n;

	n = len < 8192 ? len : 8192;
	for (i = 0; marks[i].mark != NULL; i++)
		if (memcasemem(buf, n, marks[i].mark) != NULL)
			return marks[i].format;
	return NULL;
}

/* Refusals a session transcript's "<<< " lines give, at most. */
#define TRANSCRIPT_MAX	16

/* Where the reading of a bounce's text stands. */
struct scan {
	struct mail_msg		*m;
	struct mail_rcpt	*cur;		/* record being read, or NULL */
	char			*d;		/* its reply so far */
	size_t			 n;		/* bytes in d */
	size_t			 indent;	/* of its recipient line */
	int			 nodiag;	/* it had no diagnostic */
	int			 add;		/* the text may add records */
	char			*reply;		/* a reply given apart */
	int			 want_next;	/* the reply is the next line */
	struct line		 prev;		/* last non-blank line */
	int			 have_prev;
	int			 prev_rcpt;	/* prev belonged to a record */
	int			 gap;		/* a blank line since prev */
	const char		*cmd;		/* the transcript's last ">>> " */
	struct said {
		const char	*stage;		/* what it answered */
		char		*reply;		/* "550 ...", owned */
	}			 said[TRANSCRIPT_MAX]; /* its "<<< " refusals */
	size_t			 nsaid;
	int			 open;		/* the last continues ("552-") */
	char			*sess[TRANSCRIPT_MAX]; /* " In:  RCPT TO:<a@b>" */
	size_t			 nsess;
};

/*
 * A reply given apart from the recipients: Gmail's "...the other server
 * returned was: 550 ...", "The response was:" or Mimecast's "Additional
 * information follows :" and the next line, or a line reply_line() knows.
 */
static void
scan_reply(struct scan *st, const struct line *l)
{
	const char	*q, *end;
	size_t		 k;

	if (st->reply != NULL)
		return;
	end = l->p + l->len;
	if (st->want_next) {
		/* Mimecast sets the line off with "-- ". */
		if (l->len > 3 && strncmp(l->p, "-- ", 3) == 0)
			st->reply = xstrndup(l->p + 3, l->len - 3);
		else if (l->len > 0)
			st->reply = xstrndup(l->p, l->len);
		return;
	}
	if ((q = memcasemem(l->p, l->len, "returned was:")) == NULL &&
	    (q = memcasemem(l->p, l->len, "The response was:")) == NULL &&
	    l->indent == 0 && l->len > 0 && l->p[l->len - 1] == ':')
		q = memcasemem(l->p, l->len, "Additional information follows");
	if (q != NULL) {
		q = (const char *)memchr(q, ':', (size_t)(end - q)) + 1;
		while (q < end && *q == ' ')
			q++;
		if (q < end)
			st->reply = xstrndup(q, (size_t)(end - q));
		else
			st->want_next = 1;
	} else if (reply_line(l)) {
		k = starts(l, "Out:") ? said_by(l, "Out:") : 0;
		st->reply = xstrndup(l->p + k, l->len - k);
	}
}

/* The record being read is complete: it keeps the reply if it had none. */
static void
scan_close(struct scan *st)
{
	struct mail_rcpt	*r = st->cur;
	size_t			 n;

	/* Postfix: "... said: 550 ... (in reply to end of DATA command)" */
	if (r != NULL && r->stage == NULL && st->d != NULL)
		r->stage = smtp_stage(st->d, st->n);
	if (r != NULL && st->d != NULL && st->nodiag &&
	    r->diagnostic == NULL) {
		set(&r->diagnostic, st->d);
		r->textdiag = 1;
		st->d = NULL;
	} else if (r != NULL && st->d != NULL && st->nodiag &&
	    has_code(st->d, st->n)) {
		/* Exchange: the sentence for users, then the server's code. */
		n = strlen(r->diagnostic);
		append(&r->diagnostic, &n, st->d, st->n);
	}
	free(st->d);
	st->d = NULL;
	st->n = 0;
	st->cur = NULL;
}

/*
 * A recipient line: a new record (or the DSN's record for the same
 * address), its reply starting with what the line says after the address.
 * Domino gives the reason on the line above a bare address; an
 * introduction ("...failed:", "the following...") is no reason.
 */
static void
scan_rcpt(struct scan *st, const struct line *l, struct mail_rcpt *r,
    size_t ao, size_t alen, size_t rest, size_t rend)
{
	const struct line	*pv;
	size_t			 i;
	int			 fresh, agent = 0;

	fresh = st->cur == NULL;
	scan_close(st);
	st->indent = l->indent;
	pv = &st->prev;
	/*
	 * Only a bare address takes the line right above it: a labelled
	 * one ("...delivering your mail to <a@b>.") or one after a blank
	 * line (qmail's "<a@b>:" under its apology) has its reason below.
	 */
	for (i = 0; i < ao && strchr("*- <\"", l->p[i]) != NULL; i++)
		continue;
	if (fresh && st->have_prev && !st->gap && !st->prev_rcpt &&
	    rest >= rend && i == ao && !separator(pv) &&
	    pv->p[pv->len - 1] != ':' &&
	    memcasemem(pv->p, pv->len, "following") == NULL)
		append(&st->d, &st->n, pv->p, pv->len);
	st->cur = r != NULL ? r : find_rcpt(st->m, l->p + ao, alen);
	if (st->cur == NULL && st->add)
		st->cur = dsn_add(st->m, l->p + ao, alen);
	/* A reason this text gave without a code can take one found later. */
	st->nodiag = st->cur != NULL && (st->cur->diagnostic == NULL ||
	    (st->cur->textdiag && !has_code(st->cur->diagnostic,
	    strlen(st->cur->diagnostic))));
	/*
	 * Sendmail's summary of an address follows the remote's reply to
	 * it ("<<< 550 Insecure Mail Relay" above "554 <a@b>... Remote
	 * protocol error"): the remote's own words come first.
	 */
	if (rest == 0 && isdigit((unsigned char)l->p[0]) && st->have_prev &&
	    !st->gap && pv->len > 4 && strncmp(pv->p, "<<< ", 4) == 0)
		append(&st->d, &st->n, pv->p + 4, pv->len - 4);
	/*
	 * The local delivery agent's complaint above it ("mail.local:
	 * unknown user: a" above "554 <a@b>... Service unavailable") says
	 * why; Sendmail's own line only says the agent failed.  It follows
	 * the reply, so the reply's code still leads.
	 */
	else if (rest == 0 && isdigit((unsigned char)l->p[0]) &&
	    st->have_prev && !st->gap && agent_line(pv))
		agent = 1;
	if (rest < rend)
		append(&st->d, &st->n, l->p + rest, rend - rest);
	if (agent)
		append(&st->d, &st->n, pv->p, pv->len);
}

/*
 * A program's own message, as a delivery agent writes it to Sendmail's
 * transcript: its name (a path or a word such as mail.local or procmail),
 * a colon, then words; not a label ending in a colon of its own.
 */
static int
agent_line(const struct line *l)
{
	size_t	 i;

	for (i = 0; i < l->len && i < 64 && (isalnum((unsigned char)l->p[i]) ||
	    strchr("._/-", l->p[i]) != NULL); i++)
		continue;
	return i > 1 && i + 2 < l->len && l->p[i] == ':' &&
	    l->p[i + 1] == ' ' && isalpha((unsigned char)l->p[i + 2]) &&
	    l->p[l->len - 1] != ':' && l->indent == 0;
}

/*
 * The reply found apart goes to a record without one (or, found by the
 * text, without a code) when it is the only record or the reply names
 * its address.
 */
static void
spread_reply(struct mail_msg *m, size_t first, const char *reply)
{
	struct mail_rcpt	*r;
	size_t			 i, n;

	for (i = 0; i < m->nrcpt; i++) {
		r = &m->rcpt[i];
		if (r->diagnostic != NULL && no_words(r->diagnostic) &&
		    (m->nrcpt == 1 || strstr(reply, r->recipient) != NULL))
			set(&r->diagnostic, NULL);
		if ((r->diagnostic == NULL || (i >= first &&
		    !has_code(r->diagnostic, strlen(r->diagnostic)))) &&
		    (m->nrcpt == 1 || strstr(reply, r->recipient) != NULL)) {
			n = r->diagnostic == NULL ? 0 : strlen(r->diagnostic);
			append(&r->diagnostic, &n, reply, strlen(reply));
		}
	}
}

/*
 * Each recipient line starts a record; the lines after it, up to a blank
 * line, a separator or the next recipient, are its reply, and a line
 * indented under the recipient line always continues it.  Recipients the
 * DSN fields gave are the list: then the text only fills in diagnostics
 * they lack.
 */
const char *
dsn_text(const char *buf, size_t len, struct mail_msg *m)
{
	struct scan	 st;
	struct line	 l;
	struct mail_rcpt *r;
	size_t		 off, ao, alen, rest, rend, first;

	memset(&st, 0, sizeof(st));
	st.m = m;
	st.add = m->nrcpt == 0;
	first = m->nrcpt;
	off = 0;
	while (next_line(buf, len, &off, &l) && !stop_line(&l)) {
		scan_reply(&st, &l);
		transcript(&st, &l);
		if ((r = local_rcpt(m, &l, &rest, &rend)) != NULL)
			scan_rcpt(&st, &l, r, 0, 0, rest, rend);
		else if (envelope_rcpt(&l, &ao, &alen)) {
			/* Its reason is given apart; the fields below are not. */
			scan_rcpt(&st, &l, NULL, ao, alen, l.len, l.len);
			scan_close(&st);
		} else if (st.add && session_rcpt(&l, &ao, &alen)) {
			if (st.nsess < TRANSCRIPT_MAX)
				st.sess[st.nsess++] = xstrndup(l.p + ao, alen);
		} else if ((st.cur == NULL || st.n == 0 ||
		    l.indent <= st.indent) &&
		    rcpt_line(&l, st.have_prev ? &st.prev : NULL, &ao, &alen,
		    &rest, &rend))
			scan_rcpt(&st, &l, NULL, ao, alen, rest, rend);
		else if (st.cur != NULL && ((l.len == 0 && st.n > 0) ||
		    separator(&l)))
			scan_close(&st);
		else if (st.cur != NULL && framing(&l))
			continue;
		else if (st.cur != NULL && l.len > 9 &&
		    strncmp(l.p, "(reason: ", 9) == 0 && l.p[l.len - 1] == ')')
			/* Sendmail: "(reason: 550 5.1.1 ...)" */
			append(&st.d, &st.n, l.p + 9, l.len - 10);
		else if (st.cur != NULL && l.len > 0)
			append(&st.d, &st.n, l.p, l.len);
		if (l.len > 0) {
			st.prev_rcpt = st.cur != NULL;
			st.prev = l;
			st.have_prev = 1;
			st.gap = 0;
		} else
			st.gap = 1;
	}
	scan_close(&st);
	if (st.reply != NULL)
		spread_reply(m, first, st.reply);
	free(st.reply);
	stages(&st);
	whole_text(m, buf, len);
	return text_format(buf, len);
}

/* The command of a transcript's client line, ">>> DATA"; or NULL. */
static const char *
command_stage(const struct line *l)
{
	static const struct {
		const char	*cmd;
		const char	*stage;
	} cmds[] = {
		{ "RCPT", "RCPT TO" }, { "MAIL", "MAIL FROM" },
		{ "DATA", "DATA" }, { "BDAT", "BDAT" },
		{ "EHLO", "EHLO" }, { "HELO", "HELO" },
		{ "STARTTLS", "STARTTLS" }, { "AUTH", "AUTH" },
	};
	struct line	 c;
	size_t		 i;

	if ((i = said_by(l, "In:")) == 0)
		return NULL;
	c.p = l->p + i;
	c.len = l->len - i;
	c.indent = 0;
	/* Sendmail shows the message's end as a line with a dot. */
	if (c.len == 1 && c.p[0] == '.')
		return "end of DATA";
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (starts(&c, cmds[i].cmd))
			return cmds[i].stage;
	return NULL;
}

/*
 * A session transcript (Sendmail's and Courier's ">>> DATA" then "<<<
 * 550 ...", Postfix's server's " In:  DATA" then " Out: 451 ..."): each
 * refusal the server gave, with the command it answered.
 * The lines of a reply of several lines ("<<< 552-5.7.0 ...", then "<<<
 * 552 5.7.0 ...") are one refusal.
 */
static void
transcript(struct scan *st, const struct line *l)
{
	struct said	*sd;
	const char	*c;
	size_t		 n, k;
	int		 more;

	if ((c = command_stage(l)) != NULL || said_by(l, "In:") > 0) {
		/* After QUIT, RSET, NOOP a refusal answers no delivery. */
		st->cmd = c;
		st->open = 0;
		return;
	}
	k = said_by(l, "Out:");
	if (st->cmd == NULL || k == 0 || l->len < k + 3 ||
	    (l->p[k] != '4' && l->p[k] != '5') ||
	    !isdigit((unsigned char)l->p[k + 1]) ||
	    !isdigit((unsigned char)l->p[k + 2])) {
		st->open = 0;
		return;
	}
	more = l->len > k + 3 && l->p[k + 3] == '-';
	sd = st->nsaid > 0 ? &st->said[st->nsaid - 1] : NULL;
	if (st->open && sd != NULL && strncmp(sd->reply, l->p + k, 3) == 0) {
		n = strlen(sd->reply);
		append(&sd->reply, &n, l->p + k, l->len - k);
	} else if (st->nsaid < TRANSCRIPT_MAX) {
		sd = &st->said[st->nsaid++];
		sd->stage = st->cmd;
		sd->reply = xstrndup(l->p + k, l->len - k);
	} else
		more = 0;
	st->open = more;
}

/*
 * A recipient the client gave in a server's transcript (" In:  RCPT
 * TO:<a@b>") failed when the server refused it: its record takes the
 * refusal that names its address, else the last one given after the
 * recipients were accepted (at DATA, at the end of the data), which ended
 * the delivery to all of them.  A recipient no refusal concerns (the
 * message was taken, the errors were others) is no failed recipient.
 */
static void
said_to(struct scan *st, const char *addr)
{
	struct mail_rcpt	*r;
	struct said		*sd, *late = NULL;
	size_t			 k;

	for (k = 0; k < st->nsaid; k++) {
		sd = &st->said[k];
		if (memcasemem(sd->reply, strlen(sd->reply), addr) != NULL) {
			late = sd;
			break;
		}
		if (stage_after_rcpt(sd->stage))
			late = sd;
	}
	if (late == NULL || find_rcpt(st->m, addr, strlen(addr)) != NULL ||
	    (r = dsn_add(st->m, addr, strlen(addr))) == NULL)
		return;
	r->diagnostic = xstrdup(late->reply);
	r->stage = late->stage;
}

/*
 * Each recipient whose text named no stage takes one from its own
 * diagnostic, else from the transcript refusal that names its address
 * or that its diagnostic quotes.  A diagnostic that is only the first
 * line of a reply of several ("552-5.7.0 ... a potential": Sendmail
 * keeps no more) takes the whole reply the transcript gives.
 */
static void
stages(struct scan *st)
{
	struct mail_rcpt	*r;
	const char		*d, *q;
	size_t			 i, k, n;

	for (k = 0; k < st->nsess; k++) {
		said_to(st, st->sess[k]);
		free(st->sess[k]);
	}
	st->nsess = 0;
	for (i = 0; i < st->m->nrcpt; i++) {
		r = &st->m->rcpt[i];
		d = r->diagnostic;
		n = d != NULL ? strlen(d) : 0;
		for (k = 0; k < st->nsaid && n > 4 && d[3] == '-'; k++)
			if (strlen(st->said[k].reply) > n &&
			    strncmp(st->said[k].reply, d, n) == 0) {
				set(&r->diagnostic,
				    xstrdup(st->said[k].reply));
				d = r->diagnostic;
				n = strlen(d);
				break;
			}
		if (r->stage == NULL && d != NULL)
			r->stage = smtp_stage(d, n);
		for (k = 0; k < st->nsaid && r->stage == NULL; k++) {
			q = st->said[k].reply;
			if ((r->recipient != NULL && memcasemem(q, strlen(q),
			    r->recipient) != NULL) || (d != NULL &&
			    (memcasemem(d, n, q) != NULL ||
			    strncmp(q, d, n) == 0)))
				r->stage = st->said[k].stage;
		}
	}
	for (k = 0; k < st->nsaid; k++)
		free(st->said[k].reply);
	st->nsaid = 0;
}

/*
 * Lines that frame a recipient's reason without being part of it: an
 * introduction ("For the following reason:", "The following text was
 * generated during the delivery attempt:", Domino's "because:"), Exim's
 * notes on where an address came from ("generated by a@b", "(generated
 * from a@b)") and Gmail's note on when it retries.
 */
static int
framing(const struct line *l)
{
	size_t	 i;

	if (starts(l, "generated by ") || starts(l, "(generated from "))
		return 1;
	/* Gmail's delay notice: when it will try again is no reason. */
	if (starts(l, "Message will be retried for "))
		return 1;
	/* A lone label ("because:") whose reason follows below it. */
	for (i = 0; i + 1 < l->len && isalpha((unsigned char)l->p[i]); i++)
		continue;
	if (i > 0 && i + 1 == l->len && l->p[i] == ':')
		return 1;
	return l->len > 0 && l->p[l->len - 1] == ':' &&
	    memcasemem(l->p, l->len, "following") != NULL;
}

/*
 * Exim's local deliveries: "pipe to |command" and "save to /file" name
 * the recipient the DSN gives as the command or the file, or the one
 * failed address of the message (X-Failed-Recipients).  The line is the
 * start of the reason: it says a local program or mailbox failed.
 */
static struct mail_rcpt *
local_rcpt(struct mail_msg *m, const struct line *l, size_t *rest,
    size_t *rend)
{
	const char	*p;
	size_t		 i, n, len;

	for (i = 0; i < l->len && (l->p[i] == '-' || l->p[i] == ' '); i++)
		continue;
	p = l->p + i;
	len = l->len - i;
	if (m->nrcpt == 0 || len < 9 || (strncmp(p, "pipe to ", 8) != 0 &&
	    strncmp(p, "save to ", 8) != 0))
		return NULL;
	*rest = i;
	for (*rend = l->len; *rend > i && (l->p[*rend - 1] == '-' ||
	    l->p[*rend - 1] == ' '); (*rend)--)
		continue;
	for (i = 0; i < m->nrcpt; i++) {
		n = strlen(m->rcpt[i].recipient);
		if (n > 0 && n <= len - 8 &&
		    strncmp(p + 8, m->rcpt[i].recipient, n) == 0)
			return &m->rcpt[i];
	}
	return m->nrcpt == 1 ? &m->rcpt[0] : NULL;
}

/* A diagnostic without a letter: an exit status ("X-Unix; 71"). */
static int
no_words(const char *s)
{
	for (; *s != '\0'; s++)
		if (isalpha((unsigned char)*s))
			return 0;
	return 1;
}

/*
 * A line of text a person can read: no control byte, and bytes above
 * ASCII only in well-formed UTF-8 sequences (a charset left undecoded
 * is noise, not words).
 */
static int
readable(const struct line *l)
{
	const unsigned char	*p = (const unsigned char *)l->p;
	size_t			 i, k, n;

	for (i = 0; i < l->len; i++) {
		if (p[i] < 0x20 && p[i] != '\t')
			return 0;
		if (p[i] < 0x80)
			continue;
		n = p[i] >= 0xf0 && p[i] <= 0xf4 ? 3 : p[i] >= 0xe0 &&
		    p[i] <= 0xef ? 2 : p[i] >= 0xc2 && p[i] <= 0xdf ? 1 : 0;
		if (n == 0 || n >= l->len - i)
			return 0;
		for (k = 1; k <= n; k++)
			if ((p[i + k] & 0xc0) != 0x80)
				return 0;
		i += n;
	}
	return 1;
}

/* A record with no reason and no Status more precise than its class. */
static int
guess_for(const struct mail_rcpt *r)
{
	const char	*s = r->status;

	return r->diagnostic == NULL && (s == NULL || (strlen(s) == 5 &&
	    strcmp(s + 1, ".0.0") == 0));
}

/*
 * The last resort for a message whose records no rule gave a reason: the
 * words of the whole text before the returned message, blank lines,
 * rules and lines with control bytes (an undecoded charset) left out.
 * Only for records whose Status (if any) says no more than the class;
 * they are marked, so that these words never outweigh a Status field.
 */
static void
whole_text(struct mail_msg *m, const char *buf, size_t len)
{
	struct line	 l;
	char		*d;
	size_t		 off, n, k;

	/* When some records have a reason, the text is about them. */
	for (k = 0; k < m->nrcpt; k++)
		if (m->rcpt[k].diagnostic != NULL)
			return;
	for (k = 0; k < m->nrcpt; k++)
		if (guess_for(&m->rcpt[k]))
			break;
	if (k == m->nrcpt)
		return;
	d = NULL;
	n = off = 0;
	while (n < WHOLE_MAX && next_line(buf, len, &off, &l) &&
	    !stop_line(&l)) {
		if (l.len == 0 || separator(&l) || starts(&l, "--") ||
		    starts(&l, "Content-"))
			continue;	/* rules, MIME boundaries and fields */
		if (readable(&l))
			append(&d, &n, l.p, l.len);
	}
	if (d == NULL)
		return;
	for (; k < m->nrcpt; k++)
		if (guess_for(&m->rcpt[k])) {
			m->rcpt[k].diagnostic = xstrdup(d);
			m->rcpt[k].guessed = 1;
		}
	free(d);
}

/* --- Amazon SES notifications ------------------------------------------ */

/*
 * The string value of "key" in json[0..len), unescaped simply (\" and
 * \\ lose their backslash), or NULL; caller frees.
 */
static char *
json_value(const char *json, size_t len, const char *key)
{
	const char	*p, *end;
	char		*v;
	size_t		 n;

	end = json + len;
	if ((p = memcasemem(json, len, key)) == NULL)
		return NULL;
	p += strlen(key);
	while (p < end && (*p == ' ' || *p == ':'))
		p++;
	if (p >= end || *p != '"')
		return NULL;
	v = xmalloc((size_t)(end - p));
	n = 0;
	for (p++; p < end && *p != '"'; p++) {
		if (*p == '\\' && p + 1 < end)
			p++;
		v[n++] = *p;
	}
	v[n] = '\0';
	return v;
}

/*
 * An SES notification sent by e-mail is JSON: "bouncedRecipients" holds
 * one object per recipient (emailAddress, action, status,
 * diagnosticCode), "delivery" a list of recipients and the reply.
 */
const char *
dsn_json(const char *text, size_t tlen, struct mail_msg *m)
{
	struct mail_rcpt	*r;
	const char		*p, *end, *o, *oe;
	char			*buf, *a, *v, *d;
	size_t			 len, i;

	if (memcasemem(text, tlen, "notificationType") == NULL)
		return NULL;
	/* Notifications come wrapped over lines: join them. */
	buf = xmalloc(tlen + 1);
	for (i = len = 0; i < tlen; i++)
		/* An SNS envelope escapes the notification's quotes. */
		if (text[i] != '\r' && text[i] != '\n' && !(text[i] == '\\' &&
		    i + 1 < tlen && text[i + 1] == '"'))
			buf[len++] = text[i];
	buf[len] = '\0';
	end = buf + len;
	if (memcasemem(buf, len, "\"notificationType\"") == NULL) {
		free(buf);
		return NULL;
	}
	if ((p = memcasemem(buf, len, "\"bouncedRecipients\"")) != NULL ||
	    (p = memcasemem(buf, len, "\"complainedRecipients\"")) != NULL) {
		if ((oe = memchr(p, ']', (size_t)(end - p))) == NULL)
			oe = end;
		for (o = p; (o = memchr(o, '{', (size_t)(oe - o))) != NULL;
		    o++) {
			if ((a = json_value(o, (size_t)(oe - o),
			    "\"emailAddress\"")) == NULL)
				break;
			r = dsn_add(m, a, strlen(a));
			free(a);
			if (r == NULL)
				break;
			r->action = json_value(o, (size_t)(oe - o),
			    "\"action\"");
			r->status = json_value(o, (size_t)(oe - o),
			    "\"status\"");
			if ((v = json_value(o, (size_t)(oe - o),
			    "\"diagnosticCode\"")) != NULL) {
				if ((d = strchr(v, ';')) != NULL) {
					r->diag_type = xstrndup(v,
					    (size_t)(d - v));
					r->diagnostic = after_semicolon(v);
					free(v);
				} else
					r->diagnostic = v;
			}
			if (p == memcasemem(buf, len,
			    "\"complainedRecipients\"")) {
				set(&r->diag_type, xstrdup("arf"));
				set(&r->diagnostic, json_value(buf, len,
				    "\"complaintFeedbackType\""));
			} else if (r->action == NULL)
				r->action = xstrdup("failed");
			if ((o = memchr(o, '}', (size_t)(oe - o))) == NULL)
				break;
		}
	} else if ((p = memcasemem(buf, len, "\"delivery\"")) != NULL &&
	    (p = memcasemem(p, (size_t)(end - p), "\"recipients\"")) != NULL) {
		if ((oe = memchr(p, ']', (size_t)(end - p))) == NULL)
			oe = end;
		v = json_value(p, (size_t)(end - p), "\"smtpResponse\"");
		o = memchr(p, '[', (size_t)(oe - p));
		while (o != NULL && o < oe &&
		    (o = memchr(o, '"', (size_t)(oe - o))) != NULL) {
			if ((a = memchr(o + 1, '"', (size_t)(oe - o - 1))) ==
			    NULL || (r = dsn_add(m, o + 1,
			    (size_t)(a - o - 1))) == NULL)
				break;
			r->action = xstrdup("delivered");
			if (v != NULL)
				r->diagnostic = xstrdup(v);
			o = a + 1;
		}
		free(v);
	}
	if (m->reporting_mta == NULL && (v = json_value(buf, len,
	    "\"reportingMTA\"")) != NULL) {
		m->reporting_mta = after_semicolon(v);
		free(v);
	}
	free(buf);
	return "amazonses";
}

/* The strings one recipient record owns (mail_free() calls it too). */
void
dsn_rcpt_free(struct mail_rcpt *r)
{
	free(r->recipient);
	free(r->original);
	free(r->action);
	free(r->status);
	free(r->remote_mta);
	free(r->diag_type);
	free(r->diagnostic);
}
