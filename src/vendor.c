/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * Which vendor's message a line is: the vendor entries indexed under the
 * deciding code (and its reply) are tried against the line's text; the
 * entry whose phrases cover the most of the line wins, a phrase beats a
 * bare host name, an entry found by the enhanced code beats one found
 * only by the reply, and a vendor's own message beats the common wording
 * that many servers share (the generic- entries).  A line whose code no
 * vendor entry lists costs one binary search; otherwise one pass over the
 * part of the line near the code finds every phrase at once.
 */
#include <stdlib.h>
#include <string.h>

#include "extern.h"

#define SCORE_PHRASE	1000	/* a phrase of the message matched */
#define SCORE_HOST	500	/* only a host name matched */
#define SCORE_ENHANCED	100	/* found by the enhanced code */
#define SCORE_GENERIC	(-300)	/* common wording: below any vendor's phrase */
#define VENDOR_BEFORE	256	/* bytes searched before the code */
#define VENDOR_AFTER	768	/* and after it */
#define FOUND_MAX	64	/* phrases listed a line; more: no list */
#define CAND_ROWS	256	/* rows of one code the candidate set holds */
/*
 * A phrase under SHORT bytes is looked for alone, when a row that lists
 * it is scored: in the one pass, a phrase of four bytes ("[cs0") made it
 * probe every byte instead of every second one.
 */
#define SHORT		5
/* Some row of a code is tried: bit (only_plain << 1 | specific). */
#define NEED(plain, spec)	(1u << ((plain) << 1 | (spec)))

struct matcher {
	const char	*s;		/* the line */
	size_t		 len;
	size_t		 from, to;	/* the part searched */
	int		 scanned;	/* found[] holds this line's phrases */
	uint64_t	 foundmask;	/* bit c % 64 of each phrase c found */
	unsigned	 flist[FOUND_MAX]; /* the canonical phrases found */
	size_t		 nfound;	/* how many; FOUND_MAX + 1: too many */
	const struct kb_entry *best;	/* best entry so far */
	int		 score;		/* its score */
	int		 specific;	/* code says more than an MTA frame */
};

/*
 * Every phrase of every vendor entry, each text once, in msearch.c's
 * index, so that one pass over the searched part of a line finds all
 * that occur: found[i] == generation when kb_phrases[i] is in the line.
 */
static unsigned		*found;		/* by canonical phrase */
static unsigned char	*framing;	/* by entry: reason undefined */
static unsigned char	*generic;	/* by entry: a generic- key */
static unsigned		*canon;		/* the first phrase of the same text */
static uint64_t		*rowmask;	/* by kb_vcodes row: its phrase bits */
static unsigned char	*rowshort;	/* by row: a phrase under SHORT bytes */
static unsigned		*nextshort;	/* by row: the first such from it on */
static unsigned		*revhead;	/* c's rows: revrows[revhead[c]..] */
static unsigned		*revrows;	/* rows by canonical phrase, sorted */
static unsigned		*rowend;	/* by row: past the last of its code */
static unsigned char	*rowtried;	/* by a code's first row: NEED_* bits */
static unsigned		*codefirst;	/* by hash: a code's first row + 1 */
static size_t		 ncodeslot;	/* its size, a power of two */
static unsigned		 generation;
/*
 * The canonical longer phrases: their own index, made when first needed
 * (annotation and -r find them in the pass for every set), and their
 * texts, registered with msearch.c.
 */
static struct msearch	*vms;
static const char	**vtexts;
static unsigned		*vlens;
static size_t		 nvtexts;
static unsigned		*vpat;		/* by vms pattern: its phrase */

static void	 index_phrases(void);
static void	 scan_phrases(struct matcher *);
static void	 found_phrase(void *, unsigned, size_t);
static void	 found_within(void *, unsigned, size_t);
static int	 phrase_in(struct matcher *, unsigned);
static size_t	 first_row(long);
static size_t	 code_slot(long);
static void	 try_code(struct matcher *, long, int, int);
static int	 candidates(struct matcher *, size_t, size_t, uint64_t *);
static void	 score_row(struct matcher *, size_t, int);
static int	 tried(const struct matcher *, size_t, int);

/* Built once, on the first line with a code some vendor entry lists. */
static void
index_phrases(void)
{
	size_t		 i, j, tsz;
	unsigned	 h, *lens, *seen;
	const char	**texts;

	found = xmalloc((kb_nphrases + 1) * sizeof(*found));
	memset(found, 0, (kb_nphrases + 1) * sizeof(*found));
	/*
	 * A text several entries list is compared once a line: canon[i] is
	 * the first phrase of its text, found through a hash of the texts
	 * (comparing each with all before it was half of a pasted text's
	 * lookup).
	 */
	canon = xmalloc((kb_nphrases + 1) * sizeof(*canon));
	for (tsz = 64; tsz < 2 * kb_nphrases; tsz *= 2)
		continue;
	seen = xcalloc(tsz, sizeof(*seen));
	for (i = 0; i < kb_nphrases; i++) {
		for (h = 2166136261u, j = 0; j < kb_phrases[i].len; j++)
			h = (h ^ (unsigned char)kb_phrases[i].text[j]) *
			    16777619u;
		for (h &= tsz - 1; (j = seen[h]) != 0; h = (h + 1) & (tsz - 1))
			if (kb_phrases[j - 1].len == kb_phrases[i].len &&
			    strcmp(kb_phrases[j - 1].text,
			    kb_phrases[i].text) == 0)
				break;
		if (j == 0)
			seen[h] = (unsigned)i + 1;
		canon[i] = j != 0 ? (unsigned)j - 1 : (unsigned)i;
	}
	free(seen);
	framing = xmalloc(kb_nentries + 1);
	generic = xmalloc(kb_nentries + 1);
	for (i = 0; i < kb_nentries; i++) {
		framing[i] = strcmp(kb_entries[i].reason, "undefined") == 0;
		generic[i] = kb_generic(&kb_entries[i]);
	}
	/*
	 * A row none of whose phrases is in the line scores nothing: one AND
	 * of its mask with the line's says so for most rows, where a code
	 * such as 550 lists about two hundred rows and six hundred phrases.
	 */
	rowmask = xmalloc((kb_nvcodes + 1) * sizeof(*rowmask));
	rowshort = xmalloc(kb_nvcodes + 1);
	for (i = 0; i < kb_nvcodes; i++) {
		rowmask[i] = 0;
		rowshort[i] = 0;
		for (j = 0; j < kb_vcodes[i].nphrase; j++) {
			h = kb_vcodes[i].phrase + (unsigned)j;
			if (kb_phrases[h].len < SHORT)
				rowshort[i] = 1;
			else
				rowmask[i] |= (uint64_t)1 << (canon[h] % 64);
		}
	}
	/*
	 * Where each code's rows end, and whether a call for it tries any
	 * row at all (the line's phrases are found only if one does).
	 */
	rowend = xmalloc((kb_nvcodes + 1) * sizeof(*rowend));
	rowtried = xmalloc(kb_nvcodes + 1);
	for (i = kb_nvcodes; i-- > 0; )
		rowend[i] = i + 1 < kb_nvcodes &&
		    kb_vcodes[i + 1].num == kb_vcodes[i].num ?
		    rowend[i + 1] : (unsigned)i + 1;
	memset(rowtried, 0, kb_nvcodes + 1);
	for (ncodeslot = 64; ncodeslot < 2 * kb_nvcodes; ncodeslot *= 2)
		continue;
	codefirst = xcalloc(ncodeslot, sizeof(*codefirst));
	for (i = 0; i < kb_nvcodes; i++) {
		if (i > 0 && kb_vcodes[i].num == kb_vcodes[i - 1].num)
			continue;
		for (h = (unsigned)code_slot(kb_vcodes[i].num);
		    codefirst[h] != 0; h = (h + 1) & (unsigned)(ncodeslot - 1))
			continue;
		codefirst[h] = (unsigned)i + 1;
	}
	/* The rows with a short phrase, row to row within each code. */
	nextshort = xmalloc((kb_nvcodes + 1) * sizeof(*nextshort));
	for (i = kb_nvcodes; i-- > 0; )
		nextshort[i] = rowshort[i] ? (unsigned)i : i + 1 < rowend[i] ?
		    nextshort[i + 1] : rowend[i];
	for (i = 0, j = 0; i < kb_nvcodes; i++) {
		if (i == 0 || kb_vcodes[i].num != kb_vcodes[i - 1].num)
			j = i;		/* the code's first row */
		rowtried[j] |= NEED(0, 0);
		if (!framing[kb_vcodes[i].entry])
			rowtried[j] |= NEED(0, 1);
		if (!kb_vcodes[i].enhanced)
			rowtried[j] |= NEED(1, 0);
		if (!kb_vcodes[i].enhanced && !framing[kb_vcodes[i].entry])
			rowtried[j] |= NEED(1, 1);
	}
	/* Which rows list each canonical phrase, in row order. */
	revhead = xmalloc((kb_nphrases + 2) * sizeof(*revhead));
	memset(revhead, 0, (kb_nphrases + 2) * sizeof(*revhead));
	for (i = 0; i < kb_nvcodes; i++)
		for (j = 0; j < kb_vcodes[i].nphrase; j++) {
			h = kb_vcodes[i].phrase + (unsigned)j;
			if (kb_phrases[h].len >= SHORT)
				revhead[canon[h] + 2]++;
		}
	for (i = 0; i < kb_nphrases; i++)
		revhead[i + 2] += revhead[i + 1];
	revrows = xmalloc((revhead[kb_nphrases + 1] + 1) * sizeof(*revrows));
	for (i = 0; i < kb_nvcodes; i++)
		for (j = 0; j < kb_vcodes[i].nphrase; j++) {
			h = kb_vcodes[i].phrase + (unsigned)j;
			if (kb_phrases[h].len >= SHORT)
				revrows[revhead[canon[h] + 1]++] = (unsigned)i;
		}
	/* The one pass's patterns: each text once. */
	texts = xcalloc(kb_nphrases + 1, sizeof(*texts));
	lens = xcalloc(kb_nphrases + 1, sizeof(*lens));
	vpat = xcalloc(kb_nphrases + 1, sizeof(*vpat));
	for (i = 0, j = 0; i < kb_nphrases; i++)
		if (kb_phrases[i].len >= SHORT && canon[i] == i) {
			texts[j] = kb_phrases[i].text;
			lens[j] = kb_phrases[i].len;
			vpat[j++] = (unsigned)i;
		}
	vtexts = texts;		/* kept for good */
	vlens = lens;
	nvtexts = j;
	ms_register(MS_VENDOR, texts, lens, j, 1);
}

void
vendor_prepare(void)
{
	if (found == NULL)
		index_phrases();
}

/* A phrase found by the one pass: noted once for the line. */
static void
found_phrase(void *ctx, unsigned pat, size_t pos)
{
	struct matcher	*m = ctx;
	unsigned	 id = vpat[pat];

	(void)pos;
	if (found[id] == generation)
		return;
	found[id] = generation;
	m->foundmask |= (uint64_t)1 << (id % 64);
	if (m->nfound < FOUND_MAX)
		m->flist[m->nfound] = id;
	if (m->nfound <= FOUND_MAX)
		m->nfound++;
}

/* A phrase found in the whole text: noted if within the part searched. */
static void
found_within(void *ctx, unsigned pat, size_t pos)
{
	struct matcher	*m = ctx;

	if (pos >= m->from && pos <= m->to &&
	    kb_phrases[vpat[pat]].len <= m->to - pos)
		found_phrase(ctx, pat, pos);
}

/*
 * One pass over s[from..to) for every phrase of SHORT bytes or more, or
 * the phrases kept from one pass over the whole text for every set.
 */
static void
scan_phrases(struct matcher *m)
{
	if (found == NULL)
		index_phrases();
	if (++generation == 0) {
		memset(found, 0, (kb_nphrases + 1) * sizeof(*found));
		generation = 1;
	}
	m->scanned = 1;
	m->foundmask = 0;
	m->nfound = 0;
	if (m->to - m->from < SHORT)
		return;
	if (ms_shared(MS_VENDOR, m->s, m->len, found_within, m))
		return;
	if (vms == NULL)
		vms = ms_build(vtexts, vlens, nvtexts, 1);
	ms_scan(vms, m->s + m->from, m->to - m->from, found_phrase, m);
}

/* Is kb_phrases[i] in the searched part of the line, ignoring case? */
static int
phrase_in(struct matcher *m, unsigned i)
{
	const struct kb_phrase	*p = &kb_phrases[i];

	if (p->len < SHORT)
		return memcasemem(m->s + m->from, m->to - m->from,
		    p->text) != NULL;
	if (!m->scanned)
		scan_phrases(m);
	return found[canon[i]] == generation;
}

/*
 * The first row of code num in kb_vcodes, or kb_nvcodes if it has none:
 * from a table by hash of every code's first row, made with the index.
 * A memo of the last answers and a binary search before missed on half
 * the lines of a bounce-heavy log, which asks for many codes.
 */
static size_t
first_row(long num)
{
	size_t	 h, r;

	for (h = code_slot(num); (r = codefirst[h]) != 0;
	    h = (h + 1) & (ncodeslot - 1))
		if (kb_vcodes[r - 1].num == num)
			return r - 1;
	return kb_nvcodes;
}

/* Where code num's search in codefirst[] starts. */
static size_t
code_slot(long num)
{
	return (size_t)((unsigned long)num * 0x9e3779b97f4a7c15ul >> 32) &
	    (ncodeslot - 1);
}

/*
 * The rows lo..hi (of one code) that list a phrase found in the line, as
 * bits of cand: from the phrases to their rows, where the rows of a code
 * such as 550 (194 rows, 650 phrases) are far more than a line has
 * phrases.  Returns 0 when the set is not made: too many of either.
 */
static int
candidates(struct matcher *m, size_t lo, size_t hi, uint64_t *cand)
{
	size_t		 k, r, n;
	unsigned	 c, row;

	if (m->nfound > FOUND_MAX || hi - lo > CAND_ROWS)
		return 0;
	memset(cand, 0, CAND_ROWS / 8);
	for (r = nextshort[lo]; r < hi; r = r + 1 < hi ? nextshort[r + 1] : hi)
		cand[(r - lo) / 64] |= (uint64_t)1 << ((r - lo) % 64);
	for (k = 0; k < m->nfound; k++) {
		c = m->flist[k];
		/* A phrase many codes list: its rows before lo skipped. */
		r = revhead[c];
		for (n = revhead[c + 1] - r; n > 0; ) {
			if (revrows[r + n / 2] < lo) {
				r += n / 2 + 1;
				n -= n / 2 + 1;
			} else
				n /= 2;
		}
		for (; r < revhead[c + 1]; r++) {
			row = revrows[r];
			if (row >= hi)
				break;	/* sorted: the rest come after */
			if (row >= lo)
				cand[(row - lo) / 64] |=
				    (uint64_t)1 << ((row - lo) % 64);
		}
	}
	return 1;
}

/*
 * The entries listed under num.  With only_plain, skip entries that list
 * enhanced codes: when the line has an enhanced code, such an entry is
 * tried under that code or is about another message.  An entry that
 * only explains how an MTA frames its log lines (reason undefined) says
 * less than a specific code does.  The rows are tried in their order, as
 * a later row wins only with a higher score.
 */
static void
try_code(struct matcher *m, long num, int bonus, int only_plain)
{
	uint64_t		 cand[CAND_ROWS / 64], bits;
	size_t			 i, w, lo = first_row(num), hi;

	if (lo == kb_nvcodes || kb_vcodes[lo].num != num ||
	    (rowtried[lo] & NEED(only_plain != 0, m->specific != 0)) == 0)
		return;
	hi = rowend[lo];
	if (!m->scanned)
		scan_phrases(m);
	if (!candidates(m, lo, hi, cand)) {
		/* Too many to list: every row, its mask first. */
		for (i = lo; i < hi; i++)
			if (tried(m, i, only_plain) &&
			    ((rowmask[i] & m->foundmask) != 0 || rowshort[i]))
				score_row(m, i, bonus);
		return;
	}
	for (w = 0; w < CAND_ROWS / 64; w++)
		for (bits = cand[w]; bits != 0; bits &= bits - 1) {
			i = lo + w * 64 + (size_t)__builtin_ctzll(bits);
			if (tried(m, i, only_plain))
				score_row(m, i, bonus);
		}
}

static int
tried(const struct matcher *m, size_t i, int only_plain)
{
	const struct kb_vcode	*v = &kb_vcodes[i];

	return !(only_plain && v->enhanced) &&
	    !(m->specific && framing[v->entry]);
}

/* How well row i's phrases cover the line; the best so far is kept. */
static void
score_row(struct matcher *m, size_t i, int bonus)
{
	const struct kb_vcode	*v = &kb_vcodes[i];
	const struct kb_phrase	*p;
	size_t			 k;
	int			 phrases, hosts, score;

	/* The more of its phrases a line has, the surer the match. */
	phrases = hosts = 0;
	for (k = 0; k < v->nphrase; k++) {
		p = &kb_phrases[v->phrase + k];
		if (!phrase_in(m, v->phrase + (unsigned)k))
			continue;
		if (p->host)
			hosts += (int)p->len;
		else
			phrases += (int)p->len;
	}
	if (phrases > 0)
		score = SCORE_PHRASE + phrases + bonus +
		    (generic[v->entry] ? SCORE_GENERIC : 0);
	else if (hosts > 0)
		score = SCORE_HOST + hosts + bonus;
	else
		return;
	if (score > m->score) {
		m->best = &kb_entries[v->entry];
		m->score = score;
	}
}

const struct kb_entry *
vendor_match(const char *s, size_t len, size_t off, const struct smtp_code *c,
    int reply)
{
	struct matcher	 m;

	m.s = s;
	m.len = len;
	/* A message's own words stand near its code: look around it. */
	m.from = off > VENDOR_BEFORE ? off - VENDOR_BEFORE : 0;
	m.to = len - off > VENDOR_AFTER ? off + VENDOR_AFTER : len;
	m.scanned = 0;
	if (found == NULL)
		index_phrases();
	m.best = NULL;
	m.score = 0;
	m.specific = c->type == CODE_ENHANCED && c->detail != 0;
	try_code(&m, code_number(c), c->type == CODE_ENHANCED ?
	    SCORE_ENHANCED : 0, 0);
	if (reply != 0 && c->type == CODE_ENHANCED)
		try_code(&m, reply, 0, 1);
	return m.best;
}
