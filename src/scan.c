/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * Log mode: one pass over the input in a fixed buffer, no allocation per
 * line.  Each line is kept byte for byte (made safe on a terminal) and
 * its codes explained under it, or only its codes printed, or counted
 * for a summary, or written as a JSON Lines object.
 */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "extern.h"
#include "outbuf.h"

#define SCAN_BUFSZ	(1 << 20)	/* bytes; a longer line is windowed */
#define SCAN_KEEP	256	/* bytes carried between windows of a line */
#define ALSO_BITS	10	/* also(), -o: 1024 codes' lines kept */
#define ALSO_SLOTS	(1 << ALSO_BITS)
#define ALSO_TITLEMAX	256	/* a longer title is not kept */
#define REASON_FIXED	32	/* -r: bytes of a line but reason, bounce */
#define REASON_TEXTMAX	64	/* -r: a longer line is not kept */
#define REASON_BITS	11	/* -r: 2048 lines kept */

struct scan {
	const struct scan_opts *o;
	struct scan_result *r;
	struct verdict	 v;		/* the line being read, its verdict */
	unsigned long	 lineno;	/* 1-based number of that line */
	size_t		 base;		/* offset in the line of buf[0] */
	size_t		 scanned;	/* codes starting before it are found */
	size_t		 emitted;	/* bytes of the line written out */
	int		 shown;		/* matching mode: its text is shown */
	int		 labelled;	/* the file name is written before it */
	struct outbuf	 ob;		/* what goes to o->out */
	char		 buf[SCAN_BUFSZ];
};

/* A file descriptor as a scan_reader's context. */
struct fd_src {
	int		 fd;
	const char	*name;
};

static void	 echo(struct scan *, const char *, size_t);
static void	 label(struct scan *);
static ssize_t	 fd_read(void *, char *, size_t);
static void	 annotate(struct scan *);
static char	*reply_sp(char *, int);
static void	 also(struct outbuf *, const struct found *);
static void	 context(struct scan *, const char *);
static void	 print_codes(struct scan *);
static void	 render_brief(FILE *, const void *);
/* Not inlined: end_line() then kept more on its stack for every view. */
static void	 print_reason(struct scan *) __attribute__((noinline));
static void	 end_line(struct scan *, const char *, size_t, int);
static int	 by_code(struct scan *, const char *, size_t);
static void	 codes_line(struct scan *, const char *, size_t);
static void	 next_line(struct scan *);
static void	 long_window(struct scan *, size_t);
static void	 count(struct scan *);
static unsigned	 want(const struct scan_opts *);

/* "mail.log:" before a line, as grep -H writes it. */
static void
label(struct scan *sc)
{
	if (sc->o->label == NULL || sc->labelled)
		return;
	sc->labelled = 1;
	if (sc->o->safe)
		ob_safe(&sc->ob, sc->o->label, strlen(sc->o->label));
	else
		ob_puts(&sc->ob, sc->o->label);
	ob_putc(&sc->ob, ':');
}

/* Tests cut lines anywhere: a smaller buffer and their own read(2). */
size_t	 scan_bufsz = SCAN_BUFSZ;
ssize_t	 (*scan_sysread)(int, void *, size_t) = read;

/* Input bytes go out unchanged, except to a terminal. */
static void
echo(struct scan *sc, const char *s, size_t n)
{
	label(sc);
	if (sc->o->safe)
		ob_safe(&sc->ob, s, n);
	else
		ob_write(&sc->ob, s, n);
}

/* "postfix; to <a@example.org>; host mx.example.org; RCPT TO". */
static void
context(struct scan *sc, const char *prefix)
{
	const struct line_info	*li = &sc->v.li;
	struct outbuf		*ob = &sc->ob;
	int			 sep = 0;	/* "; " before the next part */

	if (li->mta == MTA_UNKNOWN && li->rcpt == NULL && li->host == NULL &&
	    li->stage == NULL)
		return;
	ob_puts(ob, prefix);
	if (li->mta != MTA_UNKNOWN) {
		ob_puts(ob, line_mta_name(li->mta));
		sep = 1;
	}
	/* Each literal whole, its length the compiler's: no strlen(3). */
	if (li->rcpt != NULL) {
		if (sep)
			ob_puts(ob, "; recipient ");
		else
			ob_puts(ob, "recipient ");
		ob_safe(ob, li->rcpt, li->rcptlen);
		sep = 1;
	}
	if (li->host != NULL) {
		if (sep)
			ob_puts(ob, "; host ");
		else
			ob_puts(ob, "host ");
		ob_safe(ob, li->host, li->hostlen);
		sep = 1;
	}
	if (li->stage != NULL) {
		if (sep)
			ob_puts(ob, "; in reply to ");
		else
			ob_puts(ob, "in reply to ");
		ob_puts(ob, li->stage);
	}
	ob_putc(ob, '\n');
}

/* The brief line of a verdict, as a page in the text view has it. */
static void
render_brief(FILE *fp, const void *arg)
{
	const struct scan	*sc = arg;
	struct explain_opts	 eo = *sc->o->eo;

	eo.brief = 1;
	eo.prefix = "  => ";
	explain_verdict(fp, &eo, &sc->v, NULL);
}

/*
 * "     also 550 5.1.1 Title" for another code of the line: it depends on
 * the code and its reply alone, and a bounce-heavy log has one on most
 * lines, so each is rendered once into a small cache and copied after.
 */
static void
also(struct outbuf *ob, const struct found *f)
{
	static struct also_line {
		struct smtp_code code;
		int		 reply;
		char		*text;		/* NULL: the slot is free */
		size_t		 len;
	}			 cache[ALSO_SLOTS];
	struct also_line	*a;
	const struct kb_entry	*e;
	char			 code[16];
	size_t			 start, tlen = 0;
	int			 fb;

	a = &cache[code_hash(&f->code, f->reply) >> (32 - ALSO_BITS)];
	if (a->text != NULL && a->reply == f->reply &&
	    memcmp(&a->code, &f->code, sizeof(a->code)) == 0) {
		ob_write(ob, a->text, a->len);
		return;
	}
	e = kb_resolve(&f->code, &fb);
	if (e != NULL)
		tlen = strlen(e->title);
	/* Room for the whole line, so that it can be copied from ob. */
	if (tlen <= ALSO_TITLEMAX && OUTBUF_SZ - ob->len < 64 + tlen *
	    TERM_UNIT_MAX)
		ob_flush(ob);
	start = ob->len;
	ob_puts(ob, "     also ");
	if (f->reply != 0)
		ob_write(ob, code, (size_t)(reply_sp(code, f->reply) - code));
	code_format(&f->code, code, sizeof(code));
	ob_puts(ob, code);
	if (e != NULL) {
		ob_putc(ob, ' ');
		ob_safe(ob, e->title, tlen);
	}
	ob_putc(ob, '\n');
	if (tlen > ALSO_TITLEMAX || ob->len < start)
		return;
	free(a->text);
	a->code = f->code;
	a->reply = f->reply;
	a->len = ob->len - start;
	a->text = xmalloc(a->len);
	memcpy(a->text, ob->buf + start, a->len);
}

/*
 * The verdict first, then the other codes of the line by their titles:
 * they tell its history, the verdict alone says what happened.
 */
static void
annotate(struct scan *sc)
{
	const struct line_info	*li = &sc->v.li;
	const struct verdict	*v = &sc->v;
	struct outbuf		*ob = &sc->ob;
	struct verdict_key	 key;
	size_t			 i, k, vi = (size_t)li->verdict;

	/* The brief line depends on the verdict only: rendered once. */
	verdict_key(&key, v);
	ob_frag(ob, &key, sizeof(key), render_brief, sc);
	context(sc, "     ");
	for (i = 0; i < li->n && li->verdict >= 0; i++) {
		if (i == vi || li->f[i].paired || memcmp(&li->f[i].code,
		    &li->f[vi].code, sizeof(struct smtp_code)) == 0)
			continue;
		for (k = 0; k < i; k++)
			if (!li->f[k].paired && k != vi &&
			    memcmp(&li->f[k].code, &li->f[i].code,
			    sizeof(struct smtp_code)) == 0)
				break;
		if (k < i)
			continue;	/* said once already */
		also(ob, &li->f[i]);
	}
	if (li->dropped > 0) {
		ob_puts(ob, "     and ");
		ob_uint(ob, li->dropped);
		ob_puts(ob, " more codes: a line keeps at most ");
		ob_uint(ob, LINE_MAXCODES);
		ob_puts(ob, "\n");
	}
}

/*
 * -o: the codes of the line, one per output line, as found.  A line's
 * text depends on its code and reply alone and a log repeats a few, so
 * each is formatted once into a small cache and copied after.
 */
static void
print_codes(struct scan *sc)
{
	static struct code_line {
		struct smtp_code code;
		int		 reply;
		size_t		 len;		/* 0: the slot is free */
		char		 text[4 + CODE_PUT_MAX + 1];
	}			 cache[ALSO_SLOTS];
	const struct line_info	*li = &sc->v.li;
	const struct found	*f;
	struct code_line	*a;
	struct outbuf		*ob = &sc->ob;
	char			*p;
	size_t			 i;

	for (i = 0; i < li->n; i++) {
		f = &li->f[i];
		if (f->paired)
			continue;
		if (sc->o->label != NULL) {	/* grep -o -H: a name a line */
			sc->labelled = 0;
			label(sc);
		}
		a = &cache[code_hash(&f->code, f->reply) >> (32 - ALSO_BITS)];
		if (a->len == 0 || a->reply != f->reply ||
		    memcmp(&a->code, &f->code, sizeof(a->code)) != 0) {
			p = a->text;
			if (f->reply != 0) {
				p = reply_put(p, f->reply);
				*p++ = ' ';
			}
			p = code_put(&f->code, p);
			*p++ = '\n';
			a->len = (size_t)(p - a->text);
			a->code = f->code;
			a->reply = f->reply;
		}
		if (OUTBUF_SZ - ob->len < sizeof(a->text))
			ob_flush(ob);
		memcpy(ob->buf + ob->len, a->text, sizeof(a->text));
		ob->len += a->len;
	}
}

/*
 * "%03d " of a reply at p, which has room for 16 bytes; returns the end.
 * By hand for 100 to 999: snprintf(3) was 3% of -r.
 */
static char *
reply_sp(char *p, int reply)
{
	if (reply >= 100 && reply <= 999) {
		p = reply_put(p, reply);
		*p++ = ' ';
		return p;
	}
	return p + snprintf(p, 16, "%03d ", reply);
}

/*
 * -r's line after the label, "550 5.1.1 userunknown hard\n", at p,
 * which has room for REASON_FIXED bytes more than the reason and the
 * bounce; returns the end.
 */
static char *
reason_put(const struct verdict *v, char *p)
{
	char	 code[16];
	size_t	 n;

	if (v->reply != 0)
		p = reply_sp(p, v->reply);
	code_format(&v->code, code, sizeof(code));
	n = strlen(code);
	/* No code in the line: the wording's code, bracketed as in -b. */
	if (v->notes & VN_NOCODE) {
		*p++ = '(';
		memcpy(p, code, n);
		p += n;
		*p++ = ')';
	} else {
		memcpy(p, code, n);
		p += n;
	}
	*p++ = ' ';
	n = strlen(v->reason);
	memcpy(p, v->reason, n);
	p += n;
	*p++ = ' ';
	n = strlen(v->bounce);
	memcpy(p, v->bounce, n);
	p += n;
	*p++ = '\n';
	return p;
}

/*
 * -r: "5.1.1 userunknown hard" for a script that wants only the verdict.
 * A line's text depends on its reply, code, reason and bounce alone (the
 * last two known by their address, strings of the knowledge base's or
 * the program's own, as verdict_key() knows them), and a log repeats a
 * few: each is made once into a small cache and copied after.
 */
static void
print_reason(struct scan *sc)
{
	static struct reason_line {
		struct smtp_code code;
		int		 reply;
		unsigned	 nocode;
		const char	*reason, *bounce;
		size_t		 len;		/* 0: the slot is free */
		char		 text[REASON_TEXTMAX];
	}			 cache[1 << REASON_BITS];
	const struct verdict	*v = &sc->v;
	struct reason_line	*a;
	char			*big;
	size_t			 need;
	unsigned		 nocode = v->notes & VN_NOCODE;

	label(sc);
	a = &cache[(code_hash(&v->code, v->reply) ^
	    (unsigned)(uintptr_t)v->reason ^
	    (unsigned)(uintptr_t)v->bounce * 31) * 2654435761u >>
	    (32 - REASON_BITS)];
	if (a->len != 0 && a->reason == v->reason && a->bounce == v->bounce &&
	    a->reply == v->reply && a->nocode == nocode &&
	    memcmp(&a->code, &v->code, sizeof(a->code)) == 0) {
		ob_write(&sc->ob, a->text, a->len);
		return;
	}
	need = strlen(v->reason) + strlen(v->bounce) + REASON_FIXED;
	if (need > sizeof(a->text)) {
		big = xmalloc(need);
		ob_write(&sc->ob, big, (size_t)(reason_put(v, big) - big));
		free(big);
		return;
	}
	a->len = (size_t)(reason_put(v, a->text) - a->text);
	a->code = v->code;
	a->reply = v->reply;
	a->nocode = nocode;
	a->reason = v->reason;
	a->bounce = v->bounce;
	ob_write(&sc->ob, a->text, a->len);
}

static void
count(struct scan *sc)
{
	int	 cls = sc->v.cls;

	sc->r->found++;
	if (cls == 3)
		cls = 2;	/* -x: intermediate counts as success */
	if (cls > sc->r->worst)
		sc->r->worst = cls;
	if (sc->o->sum != NULL)
		summary_add(sc->o->sum, sc->o->by, &sc->v, 1);
}

/*
 * What a view needs of a line's verdict.  Printing the codes needs
 * neither context nor classification; counting by code, only the
 * wording of a line without one.
 */
static unsigned
want(const struct scan_opts *o)
{
	if (o->mode == SCAN_CODES)
		return 0;
	if (o->mode == SCAN_SUMMARY && o->by == SUMMARY_CODE)
		return VERDICT_UNDECIDED;
	if (o->mode == SCAN_REASON || (o->mode == SCAN_SUMMARY &&
	    o->by != SUMMARY_DOMAIN && o->by != SUMMARY_RELAY))
		return VERDICT_CLASSIFY;
	return VERDICT_CONTEXT | VERDICT_CLASSIFY;
}

/* Reset for the next line. */
static void
next_line(struct scan *sc)
{
	sc->lineno++;
	sc->base = sc->scanned = sc->emitted = 0;
	sc->shown = sc->labelled = 0;
	line_begin(&sc->v.li);
}

/*
 * The line is complete: s[0..n) is its last window (without the
 * newline), which starts at offset sc->base of the line; nl says whether
 * a newline ended it.
 */
static void
end_line(struct scan *sc, const char *s, size_t n, int nl)
{
	const struct scan_opts	*o = sc->o;
	int			 coded;

	line_add(&sc->v.li, s, n, sc->scanned - sc->base, n, sc->base);
	if (o->mode == SCAN_CODES)
		codes_line(sc, s, n);
	else if (want(o) == VERDICT_UNDECIDED && by_code(sc, s, n))
		count(sc);
	else {
		if ((coded = verdict_end(&sc->v, s, n, want(o))) != 0)
			count(sc);
		if (o->mode == SCAN_ANNOTATE || (o->mode == SCAN_MATCHING &&
		    (coded || sc->shown))) {
			echo(sc, s + (sc->emitted - sc->base),
			    n - (sc->emitted - sc->base));
			if (nl || coded)
				ob_putc(&sc->ob, '\n');
			if (coded)
				annotate(sc);
		} else if (coded && o->mode == SCAN_JSON)
			render_json_line(&sc->ob, o->label, sc->lineno,
			    sc->base == 0 ? s : NULL, n, &sc->v);
		else if (coded && o->mode == SCAN_REASON)
			print_reason(sc);
	}
	if (o->line_buffered) {
		ob_flush(&sc->ob);
		fflush(o->out);
	}
	next_line(sc);
}

/*
 * The deciding code of a line, its reply and its class, for the views
 * that want nothing else of a line a code decides (--summary by code
 * and -q, which classify only a line no code decides): what
 * verdict_end() works out when nothing is asked of it, without its
 * resets and the pattern passes' bookkeeping.  0 when no code decides.
 */
static int
by_code(struct scan *sc, const char *s, size_t n)
{
	struct verdict		*v = &sc->v;
	const struct found	*f;

	if (v->li.n == 0)
		return 0;
	line_end(&v->li, s, n, 0);
	if (v->li.verdict < 0)
		return 0;
	f = &v->li.f[v->li.verdict];
	v->code = f->code;
	v->reply = f->reply;
	v->cls = v->li.cls;
	v->vendor = v->receiver = NULL;
	return 1;
}

/*
 * The codes of a line for -o, which line_add() found: the deciding
 * code's class alone is wanted (for the exit status), which is what
 * verdict_end() works out when nothing is asked of it, so a line
 * without a code is done at once.  (Through by_code(), which keeps the
 * code and reply that -o does not read, 0.4% more instructions.)
 */
static void
codes_line(struct scan *sc, const char *s, size_t n)
{
	struct line_info	*li = &sc->v.li;

	if (li->n > 0) {
		line_end(li, s, n, 0);
		if (li->verdict >= 0) {
			sc->v.cls = li->cls;
			count(sc);
			print_codes(sc);
		}
	}
}

/*
 * A line longer than the buffer: find its codes and pass on all but the
 * last SCAN_KEEP bytes, which stay as context for codes that cross into
 * the next window.
 */
static void
long_window(struct scan *sc, size_t n)
{
	const struct scan_opts	*o = sc->o;
	size_t			 had = sc->v.li.n;

	line_add(&sc->v.li, sc->buf, n, sc->scanned - sc->base,
	    n - SCAN_KEEP / 2, sc->base);
	sc->scanned = sc->base + n - SCAN_KEEP / 2;
	if (o->mode == SCAN_ANNOTATE || (o->mode == SCAN_MATCHING &&
	    (sc->shown || sc->v.li.n > had))) {
		if (o->mode == SCAN_MATCHING && !sc->shown && sc->base > 0) {
			label(sc);
			ob_puts(&sc->ob, "[...]");
		}
		sc->shown = 1;
		echo(sc, sc->buf + (sc->emitted - sc->base),
		    n - SCAN_KEEP - (sc->emitted - sc->base));
	}
	sc->emitted = sc->base + n - SCAN_KEEP;
	sc->base += n - SCAN_KEEP;
	memmove(sc->buf, sc->buf + n - SCAN_KEEP, SCAN_KEEP);
}

/* The reader of scan_fd(): read(2), restarted after a signal. */
static ssize_t
fd_read(void *ctx, char *buf, size_t size)
{
	const struct fd_src	*f = ctx;
	ssize_t	 got;

	while ((got = scan_sysread(f->fd, buf, size)) == -1 &&
	    errno == EINTR)
		continue;
	if (got == -1)
		warn("%s", f->name);
	return got;
}

int
scan_fd(int fd, const char *name, const struct scan_opts *o,
    struct scan_result *r)
{
	struct fd_src	 f;

	f.fd = fd;
	f.name = name;
	return scan_read(fd_read, &f, name, o, r);
}

int
scan_read(scan_reader rd, void *ctx, const char *name,
    const struct scan_opts *o, struct scan_result *r)
{
	static struct scan	 sc;
	size_t			 have = 0, start, len;
	ssize_t			 got;
	char			*nl;

	(void)name;	/* the reader reports its own errors */
	sc.o = o;
	sc.r = r;
	sc.lineno = 0;
	/* What every line is looked for, found in one pass. */
	verdict_share(want(o));
	ob_init(&sc.ob, o->out);
	next_line(&sc);
	for (;;) {
		got = rd(ctx, sc.buf + have, scan_bufsz - have);
		if (got == -1) {
			r->error = 1;
			break;
		}
		if (got == 0)
			break;
		len = have + (size_t)got;
		start = 0;
		while ((nl = memchr(sc.buf + start, '\n', len - start)) !=
		    NULL) {
			end_line(&sc, sc.buf + start,
			    (size_t)(nl - sc.buf) - start, 1);
			start = (size_t)(nl - sc.buf) + 1;
		}
		/* A closed pipe or a full disk: stop reading, main reports. */
		if (ferror(o->out)) {
			r->error = 1;
			break;
		}
		have = len - start;
		if (start > 0)
			memmove(sc.buf, sc.buf + start, have);
		else if (have == scan_bufsz) {
			long_window(&sc, have);
			have = SCAN_KEEP;
		}
	}
	if ((have > 0 || sc.base > 0) && !ferror(o->out))
		end_line(&sc, sc.buf, have, 0);
	ob_flush(&sc.ob);
	ob_frag_free();
	fflush(o->out);
	r->lines += sc.lineno - 1;
	if (o->sum != NULL)
		summary_lines(o->sum, sc.lineno - 1);
	return r->error ? -1 : 0;
}
