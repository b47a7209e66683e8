/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * What one log line says: its codes and their roles, the code that
 * decides the line's verdict, the MTA that wrote it, and where the line
 * gives them the recipient, the remote host and the SMTP stage.
 */
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "extern.h"

/* Text that identifies the program that wrote a line, first match wins. */
static const struct {
	enum mta	 mta;
	const char	*marker;
} markers[] = {
	{ MTA_POSTFIX, "postfix/" },
	{ MTA_POSTFIX, "postfix-" },
	{ MTA_EXIM, "exim[" },
	{ MTA_EXIM, " ** " },
	{ MTA_EXIM, " == " },
	{ MTA_EXIM, " => " },
	{ MTA_SENDMAIL, "sm-mta[" },
	{ MTA_SENDMAIL, "sendmail[" },
	{ MTA_SENDMAIL, "ruleset=" },
	{ MTA_QMAIL, "qmail" },
	{ MTA_QMAIL, "(#" },
	{ MTA_OPENSMTPD, "result=\"" },
	{ MTA_COURIER, "courier" },
	{ MTA_EXCHANGE, "RecipientStatus" },
	{ MTA_EXCHANGE, "SMTPSEND" },
	{ MTA_HARAKA, "haraka" },
	{ MTA_HARAKA, "Haraka" },
	{ MTA_PYTHON, "smtplib" },
	{ MTA_PYTHON, "SMTPRecipientsRefused" },
	{ MTA_PYTHON, "SMTPDataError" },
	{ MTA_PYTHON, "SMTPSenderRefused" },
	{ MTA_NODEMAILER, "responseCode" },
	{ MTA_NODEMAILER, "nodemailer" },
	{ MTA_NODEMAILER, "EENVELOPE" },
	{ MTA_POSTFIX, " dsn=" },
	{ MTA_SENDMAIL, " stat=" },
};

static const char *const mta_names[MTA__MAX] = {
	NULL, "postfix", "exim", "sendmail", "qmail", "opensmtpd", "courier",
	"exchange", "haraka", "python-smtplib", "nodemailer"
};

/* Phrases that name the SMTP stage a reply answered. */
static const struct {
	const char	*phrase;
	const char	*stage;
} stages[] = {
	{ "in reply to RCPT TO", "RCPT TO" },
	{ "in reply to MAIL FROM", "MAIL FROM" },
	{ "in reply to end of DATA", "end of DATA" },
	{ "in reply to DATA", "DATA" },
	{ "in reply to BDAT", "BDAT" },
	{ "in reply to EHLO", "EHLO" },
	{ "in reply to HELO", "HELO" },
	{ "in reply to STARTTLS", "STARTTLS" },
	{ "in reply to AUTH", "AUTH" },
	{ "initial server greeting", "greeting" },
	{ "after RCPT TO", "RCPT TO" },
	{ "after pipelined RCPT TO", "RCPT TO" },
	{ "after MAIL FROM", "MAIL FROM" },
	{ "after pipelined MAIL FROM", "MAIL FROM" },
	{ "after end of data", "end of DATA" },
	{ "after DATA", "DATA" },
	{ "after pipelined DATA", "DATA" },
	{ "after initial connection", "greeting" },

	{ "after HELO", "HELO" },
	{ "after EHLO", "EHLO" },
	{ "reject: RCPT from", "RCPT TO" },
	{ "reject: MAIL from", "MAIL FROM" },
	{ "reject: DATA from", "DATA" },
	{ "reject: END-OF-MESSAGE", "end of DATA" },
	{ "reject: CONNECT from", "greeting" },
	{ "reject: EHLO from", "EHLO" },
	{ "reject: HELO from", "HELO" },
	{ "check_rcpt", "RCPT TO" },
	{ "check_mail", "MAIL FROM" },
};

/* Keys whose text the context takes, after the markers and stages. */
enum {
	K_TO = 0, K_RCPT_TO, K_RCPT, K_STARS, K_EQUALS, K_HOST, K_SAID,
	K_RELAY, K_H, K__MAX
};
static const char *const keys[K__MAX] = {
	"to=<", "RCPT TO:<", "rcpt=<", " ** ", " == ", " host ", " said:",
	"relay=", " H="
};

#define REJECTED	"rejected RCPT <"	/* Exim, before the recipient */
#define REJLEN		(sizeof(REJECTED) - 1)
#define NMARKERS	(sizeof(markers) / sizeof(markers[0]))
#define NSTAGES		(sizeof(stages) / sizeof(stages[0]))
#define NNEEDLES	(NMARKERS + NSTAGES + K__MAX)
#define KEY(k)		(NMARKERS + NSTAGES + (k))

/*
 * Where each needle (marker, stage phrase, key) first stands in a line,
 * found in one pass for all (msearch.c).  A needle under SHORT bytes is
 * looked for alone, and only when asked: most lines are settled by the
 * longer ones (an earlier marker, "relay=" before " H="), and with none
 * so short the pass probes every second byte instead of every byte.
 */
#define SHORT		5
_Static_assert(NNEEDLES <= 64, "a needle's bit must fit in struct hits");

struct hits {
	const char	*s;		/* the line */
	size_t		 len;
	uint64_t	 seen;		/* bit i: needle i is in the line */
	uint64_t	 asked;		/* short needles looked for, by bit */
	size_t		 pos[NNEEDLES];	/* where it first is */
};

static const char	*needle(size_t);
static void		 make_index(void);
static void		 keep(struct hits *, size_t, size_t);
static void		 add_hit(void *, unsigned, size_t);
static void		 add_stage(void *, unsigned, size_t);
static void		 find_all(const char *, size_t, struct hits *);
static int		 has(struct hits *, size_t);
static void		 find_short(struct hits *, size_t);
static size_t		 first_of(struct hits *, size_t, size_t);
static int		 is_dsn(const char *, const struct found *);
static int		 weight(const struct found *);
static int		 outcome(const struct found *);
static void		 pair_across(struct line_info *, const char *, size_t,
			    size_t);
static void		 pick_verdict(struct line_info *);
static void		 take_until(const char *, size_t, struct hits *,
			    size_t, const char *, const char **, size_t *);
static size_t		 field_len(const char *, size_t, const char *);
static void		 find_context(const char *, size_t, struct line_info *,
			    struct hits *);

static size_t		 nlen[NNEEDLES];
static size_t		 anchor[NNEEDLES];	/* a short one's, ms_anchor() */
static unsigned		 longid[NNEEDLES];	/* by index pattern: needle */
static uint64_t		 shortbits;	/* bit i: needle i is short */
/*
 * The longer needles, case as written: their own index, made when first
 * needed (annotation finds them in the pass for every set).
 */
static struct msearch	*nms;
static const char	*ntexts[NNEEDLES];	/* registered for good */
static unsigned		 nlens[NNEEDLES];
static size_t		 nlong;
static int		 indexed;
/*
 * The stage phrases alone, for a view that shows no context (-r): none
 * is under ten bytes, so their pass probes every fourth byte.  Made when
 * first asked.
 */
static struct msearch	*sms;
static const char	*stexts[NSTAGES];
static unsigned		 slens[NSTAGES];

static const char *
needle(size_t i)
{
	if (i < NMARKERS)
		return markers[i].marker;
	if (i < NMARKERS + NSTAGES)
		return stages[i - NMARKERS].phrase;
	return keys[i - NMARKERS - NSTAGES];
}

static void
make_index(void)
{
	const char	*t;
	size_t		 i, n = 0;

	for (i = 0; i < NNEEDLES; i++) {
		t = needle(i);
		nlen[i] = strlen(t);
		if (nlen[i] < SHORT) {
			anchor[i] = ms_anchor(t, nlen[i]);
			shortbits |= (uint64_t)1 << i;
			continue;
		}
		ntexts[n] = t;
		nlens[n] = (unsigned)nlen[i];
		longid[n++] = (unsigned)i;
	}
	nlong = n;
	for (i = 0; i < NSTAGES; i++) {
		stexts[i] = stages[i].phrase;
		slens[i] = (unsigned)nlen[NMARKERS + i];
	}
	indexed = 1;
	ms_register(MS_CONTEXT, ntexts, nlens, n, 0);
}

void
line_prepare(void)
{
	if (!indexed)
		make_index();
}

/* Needle id at pos: kept if it is the first of its kind. */
static void
keep(struct hits *h, size_t id, size_t pos)
{
	if ((h->seen & (uint64_t)1 << id) && h->pos[id] <= pos)
		return;
	h->seen |= (uint64_t)1 << id;
	h->pos[id] = pos;
}

/* Longer needle pat, as the index of them all numbers it. */
static void
add_hit(void *ctx, unsigned pat, size_t pos)
{
	keep(ctx, longid[pat], pos);
}

/* Stage phrase pat, as sms numbers it. */
static void
add_stage(void *ctx, unsigned pat, size_t pos)
{
	keep(ctx, NMARKERS + pat, pos);
}

static void
find_all(const char *s, size_t len, struct hits *h)
{
	if (!indexed)
		make_index();
	h->s = s;
	h->len = len;
	h->seen = h->asked = 0;
	if (ms_shared(MS_CONTEXT, s, len, add_hit, h))
		return;
	if (nms == NULL)
		nms = ms_build(ntexts, nlens, nlong, 0);
	ms_scan(nms, s, len, add_hit, h);
}

/* Is needle i in the line?  A short one is looked for when first asked. */
static inline int
has(struct hits *h, size_t i)
{
	if (shortbits & ~h->asked & (uint64_t)1 << i)
		find_short(h, i);
	return (h->seen & (uint64_t)1 << i) != 0;
}

/*
 * The first needle of from..from + n in the list's order that the line
 * has, less from; n if none.  A short one is asked only while no longer
 * one before it is known to be there.
 */
static inline size_t
first_of(struct hits *h, size_t from, size_t n)
{
	uint64_t	 m, b;
	size_t		 first;

	m = (n < 64 ? ((uint64_t)1 << n) - 1 : ~(uint64_t)0) << from;
	b = h->seen & ~shortbits & m;
	first = b != 0 ? (size_t)__builtin_ctzll(b) : 64;
	for (b = shortbits & m & (first < 64 ? ((uint64_t)1 << first) - 1 :
	    ~(uint64_t)0); b != 0; b &= b - 1)
		if (has(h, (size_t)__builtin_ctzll(b)))
			return (size_t)__builtin_ctzll(b) - from;
	return first < 64 ? first - from : n;
}

static void
find_short(struct hits *h, size_t i)
{
	size_t	 at;

	h->asked |= (uint64_t)1 << i;
	if ((at = ms_find(h->s, h->len, needle(i), nlen[i], anchor[i])) ==
	    SIZE_MAX)
		return;
	h->seen |= (uint64_t)1 << i;
	h->pos[i] = at;
}

const char *
line_mta_name(enum mta m)
{
	return (unsigned)m < MTA__MAX ? mta_names[m] : NULL;
}

/* The MTA's own status field, as opposed to the remote server's reply. */
static int
is_dsn(const char *s, const struct found *f)
{
	size_t	 i = f->off;

	return (i >= 4 && memcmp(s + i - 4, "dsn=", 4) == 0) ||
	    (i >= 2 && (memcmp(s + i - 2, "(#", 2) == 0 ||
	    memcmp(s + i - 2, "[#", 2) == 0)) ||
	    (i >= 8 && memcmp(s + i - 8, "Status: ", 8) == 0);
}

/*
 * How much a code says: X.0.0 nothing but its class, X.S.0 and the
 * queue's "expired" (X.4.7) little, other enhanced codes the most.  A
 * reply code alone says about as much as a vague enhanced code.
 */
static int
weight(const struct found *f)
{
	const struct smtp_code	*c = &f->code;
	int			 w;

	if (c->type == CODE_REPLY)
		return 2;
	if (c->subject == 0 && c->detail == 0)
		w = 0;
	else if (c->detail == 0 || (c->subject == 4 && c->detail == 7))
		w = 1;
	else
		w = 2;
	return w * 2 + (f->reply != 0);
}

/* The class a found code stands for: its reply's, else its own. */
static int
outcome(const struct found *f)
{
	return f->reply != 0 ? f->reply / 100 : f->code.cls;
}

/*
 * The deciding code.  When the MTA wrote its own status (dsn=5.0.0),
 * only codes of that class may decide, so a weak local code gives way to
 * the remote server's specific one but a soft bounce stays soft.  Without
 * one, the first failure states the outcome: a greeting or a 354 before
 * it is history ("220 … 421 4.2.1"), and so is a later code of another
 * class ("550 4.4.7 QUEUE.Expired … [LED=450 4.4.316 …]").  When the
 * status and every reply disagree ("said: 451 (#5.1.1)"), the status
 * decides and the line says so.
 */
static void
pick_verdict(struct line_info *li)
{
	size_t	 i;
	int	 want = 0, best = -1, w, pass, dsn;

	for (i = 0; i < li->n && want == 0; i++)
		if (li->role[i] == ROLE_DSN)
			want = li->f[i].code.cls;
	dsn = want != 0;
	/*
	 * Without the MTA's status, a permanent failure anywhere in the
	 * unit is how it ended ("450 busy ... 551 not our customer"): a
	 * transient reply before it was only a step on the way.
	 */
	for (i = 0; i < li->n && !dsn && want < 5; i++)
		if (!li->f[i].paired && outcome(&li->f[i]) > want &&
		    outcome(&li->f[i]) >= 4)
			want = outcome(&li->f[i]);
	for (i = 0; i < li->n && want == 0; i++)
		if (!li->f[i].paired)
			want = outcome(&li->f[i]);
	li->verdict = -1;
	for (pass = 0; pass < 2 && li->verdict < 0; pass++)
		for (i = 0; i < li->n; i++) {
			if (li->f[i].paired)
				continue;
			if (pass == 0 && outcome(&li->f[i]) != want)
				continue;
			if (pass == 1 && li->role[i] != ROLE_DSN &&
			    li->f[i].code.cls != want)
				continue;
			if ((w = weight(&li->f[i])) > best) {
				best = w;
				li->verdict = (int)i;
			}
		}
	if (li->verdict < 0)
		return;
	i = (size_t)li->verdict;
	li->cls = outcome(&li->f[i]);
	li->disagree = li->f[i].reply != 0 &&
	    li->f[i].reply / 100 != li->f[i].code.cls;
	li->status = 0;
	if (li->cls != want) {
		/* The MTA's status is what happened to the message. */
		li->status = 1;
		li->cls = want;
	}
}

/*
 * The text after key (needle k) up to one of stop (at most three bytes,
 * or a NUL), or nothing.  Most keys asked are not in the line: those
 * are not a call.
 */
static inline void
take_until(const char *s, size_t len, struct hits *h, size_t k,
    const char *stop, const char **out, size_t *outlen)
{
	size_t	 at, n;

	if (!has(h, k))
		return;
	at = h->pos[k] + nlen[k];
	if ((n = field_len(s + at, len - at, stop)) == 0)
		return;
	*out = s + at;
	*outlen = n;
}

/*
 * The length of the field at p, rest bytes before the text's end, up to
 * a byte of stop: see take_until().  0 for none.
 */
static size_t
field_len(const char *p, size_t rest, const char *stop)
{
	size_t		 n = 0, max;
	char		 a, b, c;
#ifdef __SSE2__
	__m128i		 v, va, vb, vc, z;
	unsigned	 m;
#endif

	a = stop[0];
	b = a != '\0' ? stop[1] : '\0';
	c = b != '\0' ? stop[2] : '\0';
	/* Longer than 320 bytes is no field: stop looking at 321. */
	max = rest < 321 ? rest : 321;
#ifdef __SSE2__
	/* Sixteen bytes at a time while they lie in the text. */
	va = _mm_set1_epi8(a);
	vb = _mm_set1_epi8(b);
	vc = _mm_set1_epi8(c);
	z = _mm_setzero_si128();
	for (; n + 16 <= max; n += 16) {
		v = _mm_loadu_si128((const __m128i *)(const void *)(p + n));
		m = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(
		    _mm_cmpeq_epi8(v, va), _mm_cmpeq_epi8(v, vb)),
		    _mm_or_si128(_mm_cmpeq_epi8(v, vc), _mm_cmpeq_epi8(v, z))));
		if (m != 0) {
			n += (size_t)__builtin_ctz(m);
			max = n;	/* found: the loop below stops here */
			break;
		}
	}
#endif
	for (; n < max; n++)
		if (p[n] == a || p[n] == b || p[n] == c || p[n] == '\0')
			break;
	return n > 320 ? 0 : n;
}

static void
find_context(const char *s, size_t len, struct line_info *li,
    struct hits *h)
{
	const char	*p, *q;
	size_t		 i, n;

	take_until(s, len, h, KEY(K_TO), ">", &li->rcpt, &li->rcptlen);
	if (li->rcpt == NULL)
		take_until(s, len, h, KEY(K_RCPT_TO), ">", &li->rcpt,
		    &li->rcptlen);
	if (li->rcpt == NULL)
		take_until(s, len, h, KEY(K_RCPT), ">", &li->rcpt,
		    &li->rcptlen);
	/*
	 * Exim's refusal of a recipient, "rejected RCPT <x@example.org>":
	 * looked for apart, as every needle's bit is taken.
	 */
	for (q = s + REJLEN - 1; li->rcpt == NULL && q < s + len &&
	    (q = memchr(q, '<', (size_t)(s + len - q))) != NULL; q++) {
		p = q - (REJLEN - 1);	/* found by its '<', a rarer byte */
		if (memcmp(p, REJECTED, REJLEN) != 0)
			continue;
		if ((size_t)(s + len - p) <= sizeof(REJECTED))
			break;
		p += REJLEN;
		n = (size_t)(s + len - p);
		if ((q = memchr(p, '>', n)) != NULL && q > p && q - p <= 320) {
			li->rcpt = p;
			li->rcptlen = (size_t)(q - p);
		}
		break;
	}
	if (li->rcpt == NULL && li->mta == MTA_EXIM) {
		take_until(s, len, h, KEY(K_STARS), " ", &li->rcpt,
		    &li->rcptlen);
		if (li->rcpt == NULL)
			take_until(s, len, h, KEY(K_EQUALS), " ", &li->rcpt,
			    &li->rcptlen);
	}
	take_until(s, len, h, KEY(K_HOST), "[ ", &li->host, &li->hostlen);
	/* "the remote host said: 550 ..." names no host. */
	if (li->host != NULL && li->host[li->hostlen - 1] == ':')
		li->host = NULL;
	if (li->host == NULL || !has(h, KEY(K_SAID))) {
		li->host = NULL;
		take_until(s, len, h, KEY(K_RELAY), ",[ ", &li->host,
		    &li->hostlen);
	}
	if (li->host == NULL)
		take_until(s, len, h, KEY(K_H), " ", &li->host, &li->hostlen);
	if (li->host != NULL && (li->hostlen == 4 &&
	    memcmp(li->host, "none", 4) == 0))
		li->host = NULL;
	if ((i = first_of(h, NMARKERS, NSTAGES)) < NSTAGES)
		li->stage = stages[i].stage;
}

/* Only the counters and results: the code slots are filled as found. */
void
line_begin(struct line_info *li)
{
	li->n = 0;
	li->verdict = -1;
	li->cls = li->disagree = li->status = 0;
	li->dropped = 0;
	li->mta = MTA_UNKNOWN;
	li->rcpt = li->host = NULL;
	li->rcptlen = li->hostlen = 0;
	li->stage = NULL;
	li->vendor = NULL;
	li->read = NULL;	/* readlen and readall go with it */
}

void
line_add(struct line_info *li, const char *s, size_t len, size_t from,
    size_t to, size_t base)
{
	size_t	 i, n, first = li->n;

	li->base = base;
	if (li->n == LINE_MAXCODES) {
		/* Counted, not kept: the views say how many were left out. */
		li->dropped += find_codes_range(s, len, from, to, NULL, 0);
		return;
	}
	n = find_codes_range(s, len, from, to, li->f + li->n,
	    LINE_MAXCODES - li->n);
	if (n > LINE_MAXCODES - li->n) {
		li->dropped += n - (LINE_MAXCODES - li->n);
		n = LINE_MAXCODES - li->n;
	}
	li->n += n;
	for (i = first; i < li->n; i++) {
		li->role[i] = is_dsn(s, &li->f[i]) ? ROLE_DSN :
		    li->f[i].code.type == CODE_REPLY ? ROLE_REPLY :
		    ROLE_ENHANCED;
		li->f[i].off += base;
	}
	if (first > 0 && li->n > first)
		pair_across(li, s, base, first);
}

/*
 * A reply at the end of one window and its enhanced code at the start of
 * the next ("550" | " 5.1.1") belong together as they would in one piece:
 * the bytes between them, kept from the earlier window, join them.
 */
static void
pair_across(struct line_info *li, const char *s, size_t base, size_t first)
{
	struct found	*r = &li->f[first - 1], *e = &li->f[first];
	size_t		 k, end = r->off + 3;

	if (r->code.type != CODE_REPLY || r->paired ||
	    e->code.type != CODE_ENHANCED || e->reply != 0 || end < base ||
	    e->off < end || e->off - end > 4)
		return;
	for (k = end; k < e->off; k++)
		if (strchr(" -#'", s[k - base]) == NULL)
			return;
	e->reply = r->code.reply;
	r->paired = 1;
}

void
line_end(struct line_info *li, const char *s, size_t len, int want)
{
	const struct found	*v;

	if (li->n == 0)
		return;
	pick_verdict(li);
	if (li->verdict >= 0 && (want & LINE_VENDOR)) {
		v = &li->f[li->verdict];
		li->vendor = vendor_match(s, len, v->off >= li->base ?
		    v->off - li->base : 0, &v->code, v->reply);
	}
	if (want & LINE_CONTEXT)
		line_context(li, s, len);
}

/*
 * The MTA that wrote the line, the recipient, remote host and stage.
 * Read again, the same text gives the same (a verdict asks for the stage
 * after the line's context found none): it is not read twice.  No text
 * (NULL) says nothing.
 */
void
line_context(struct line_info *li, const char *s, size_t len)
{
	struct hits	 h;
	size_t		 i;

	if (s == NULL || (li->read == s && li->readlen == len && li->readall))
		return;
	li->read = s;
	li->readlen = len;
	li->readall = 1;
	find_all(s, len, &h);
	if ((i = first_of(&h, 0, NMARKERS)) < NMARKERS)
		li->mta = markers[i].mta;
	find_context(s, len, li, &h);
}

/*
 * The stage alone, as line_context() finds it, for a view that shows no
 * context (-r, --summary by reason): the markers, recipient and host are
 * not looked for.  Asked again for the same text, it is not read again.
 */
void
line_stage(struct line_info *li, const char *s, size_t len)
{
	struct hits	 h;
	size_t		 i;

	if (s == NULL || (li->read == s && li->readlen == len))
		return;
	li->read = s;
	li->readlen = len;
	li->readall = 0;
	if (!indexed)
		make_index();
	if (sms == NULL)
		sms = ms_build(stexts, slens, NSTAGES, 0);
	h.s = s;
	h.len = len;
	h.seen = h.asked = 0;
	ms_scan(sms, s, len, add_stage, &h);
	if ((i = first_of(&h, NMARKERS, NSTAGES)) < NSTAGES)
		li->stage = stages[i].stage;
}
