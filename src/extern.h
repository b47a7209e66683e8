/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * Shared structures, enums and prototypes of smtpcode.
 */
#ifndef EXTERN_H
#define EXTERN_H

#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

/*
 * Exit statuses.  main() decides one from what the run found (see
 * exit_status() there); -x maps the worst class onto 0, 4 or 5.
 */
enum sc_status {
	SC_OK = 0,		/* something was explained */
	SC_NOTFOUND = 1,	/* no SMTP code found */
	SC_ERROR = 2,		/* usage, malformed code, I/O error */
	SC_TRANSIENT = 4,	/* -x: worst class was 4 */
	SC_PERMANENT = 5	/* -x: worst class was 5 */
};

/* What an entry explains; also the order of --list groups. */
enum kb_kind {
	KIND_CLASS,		/* 2.X.X, 4.X.X, 5.X.X */
	KIND_SUBJECT,		/* X.0.X ... X.7.X */
	KIND_ENHANCED,		/* X.S.D */
	KIND_REPLY,		/* three-digit reply */
	KIND_ERRNO,		/* 101, 111: not SMTP at all */
	KIND_VENDOR,		/* one provider's or MTA's message */
	KIND_RECEIVER,		/* a mail service, known by its hosts */
	KIND__MAX
};

enum kb_bounce {
	BOUNCE_NONE,		/* not a failure */
	BOUNCE_SOFT,		/* retry later */
	BOUNCE_HARD		/* do not retry */
};

/* One knowledge-base entry; all strings are NUL-terminated. */
struct kb_entry {
	const char	*key;		/* "X.1.1", "550", "5.X.X" */
	const char	*file;		/* source, e.g. "codes/X.1.1.md" */
	const char	*title;		/* one line, no Markdown */
	const char	*replies;	/* space-separated reply codes or "" */
	const char	*enhanced;	/* enhanced codes, spaced, or "" */
	const char	*reason;	/* Sisimai reason name */
	const char	*acts;		/* space-separated actor words */
	const char	*status;	/* registered, nonstandard, ... */
	const char	*seed;		/* other spellings, spaced, or "" */
	const char	*related;	/* space-separated keys */
	const char	*vendor;	/* who prints it (vendors) or "" */
	const char	*match;		/* phrases, "|"-separated, or "" */
	const char	*hosts;		/* space-separated domains or "" */
	const char	*source;	/* vendor's page of the facts, or "" */
	const char	*body;		/* Markdown after the meta block */
	enum kb_kind	 kind;
	unsigned	 classes;	/* bit n set: class n occurs */
	enum kb_bounce	 bounce;
	int		 body_line;	/* line of the file where body starts */
	const char	*meta;		/* the file before body: the meta block
					   as written */
};

/* A parsed SMTP code as a user or a log wrote it. */
enum code_type {
	CODE_REPLY,		/* "550": reply set */
	CODE_ENHANCED,		/* "5.1.1", "X.1.1": subject, detail set */
	CODE_SUBJECT,		/* "5.1", "X.7", "X.7.X": subject set */
	CODE_CLASS		/* "5.X.X" */
};

struct smtp_code {
	enum code_type	 type;
	int		 cls;		/* 2, 4, 5 (replies 1..5); 0 = any */
	int		 subject;	/* 0..999, -1 if none */
	int		 detail;	/* 0..999, -1 if none */
	int		 reply;		/* 100..599 for CODE_REPLY, else 0 */
	int		 suffix;	/* vendor sub-code as in "554.30", -1 */
};

/* Why code_parse() refused an operand. */
struct code_error {
	const char	*rule;		/* which rule is broken */
	char		 hint[32];	/* likely intended code, or "" */
};

/* code.c */
/* Parse a whole operand strictly; 0 on success, -1 with *err filled. */
int	 code_parse(const char *, struct smtp_code *, struct code_error *);
/* Is the operand shaped like a lone code (no spaces, only digits, dots, x)? */
int	 code_looks_like(const char *);
/* Write the code as users write it ("5.1.1", "550", "X.7") into buf. */
void	 code_format(const struct smtp_code *, char *, size_t);
#define CODE_PUT_MAX	16	/* bytes code_put() may write */
char	*code_put(const struct smtp_code *, char *);
unsigned code_hash(const struct smtp_code *, int);
char	*reply_put(char *, int);
/* Knowledge-base key of the code's own entry ("X.1.1", "550"). */
void	 code_key(const struct smtp_code *, char *, size_t);
/* A number for a code that orders and compares like the code, for tables. */
long	 code_number(const struct smtp_code *);
/* Worst-class exit status for -x: SC_OK, SC_TRANSIENT or SC_PERMANENT. */
int	 code_exit_class(int);

/* find.c */
/* One code found in free text; offsets are bytes into the text. */
struct found {
	struct smtp_code code;
	size_t		 off;		/* where the code starts */
	size_t		 len;		/* its length in bytes */
	int		 reply;		/* enhanced: reply it follows, or 0 */
	int		 paired;	/* reply: an enhanced code follows it */
};
/* Find codes in text[0..len); at most max stored; returns count found. */
size_t	 find_codes(const char *, size_t, struct found *, size_t);
/* The same for codes starting in [from, to); all of s is context. */
size_t	 find_codes_range(const char *, size_t, size_t, size_t,
	    struct found *, size_t);
/* The same, every digit looked at: the unit test's reference. */
size_t	 find_codes_plain(const char *, size_t, size_t, size_t,
	    struct found *, size_t);

/* line.c: what one log line says */
#define LINE_MAXCODES	64	/* codes kept per line */

enum role {
	ROLE_REPLY,		/* a reply code */
	ROLE_ENHANCED,		/* an enhanced code in a reply */
	ROLE_DSN		/* the MTA's status: dsn=, (#...) */
};

enum mta {
	MTA_UNKNOWN, MTA_POSTFIX, MTA_EXIM, MTA_SENDMAIL, MTA_QMAIL,
	MTA_OPENSMTPD, MTA_COURIER, MTA_EXCHANGE, MTA_HARAKA, MTA_PYTHON,
	MTA_NODEMAILER, MTA__MAX
};

struct line_info {
	struct found	 f[LINE_MAXCODES]; /* codes in order */
	enum role	 role[LINE_MAXCODES]; /* role of each */
	size_t		 n;		/* codes kept */
	int		 verdict;	/* index of the deciding code, or -1 */
	int		 cls;		/* the verdict's class */
	int		 disagree;	/* reply and enhanced classes differ */
	int		 status;	/* MTA's status set cls, not reply */
	size_t		 dropped;	/* codes found past LINE_MAXCODES */
	enum mta	 mta;		/* who wrote the line */
	const char	*rcpt;		/* recipient in the line, or NULL */
	size_t		 rcptlen;
	const char	*host;		/* remote host in the line, or NULL */
	size_t		 hostlen;
	const char	*stage;		/* SMTP stage ("RCPT TO"), or NULL */
	const struct kb_entry *vendor;	/* vendor entry that matched, or NULL */
	size_t		 base;		/* line offset of the last window */
	const char	*read;		/* the text line.c read last, */
	size_t		 readlen;	/* whose reading it would repeat: */
	int		 readall;	/* for all the context, or the stage */
};

/* What line_end() works out beyond the verdict. */
#define LINE_CONTEXT	0x01	/* MTA, recipient, host, stage */
#define LINE_VENDOR	0x02	/* the vendor entry */

/*
 * The same in pieces, for lines longer than the input buffer: begin,
 * add each window (codes starting in [from, to) of the window s, whose
 * first byte is at offset base of the line), then end with the last
 * window, from which the MTA, recipient, host and stage are taken when
 * the last argument asks for them.
 */
void	 line_begin(struct line_info *);
void	 line_add(struct line_info *, const char *, size_t, size_t, size_t,
	    size_t);
void	 line_end(struct line_info *, const char *, size_t, int);
/* Only the MTA, recipient, host and stage of a line. */
void	 line_context(struct line_info *, const char *, size_t);
/* Only the stage, for a view that shows no context. */
void	 line_stage(struct line_info *, const char *, size_t);
/* Index the needles now, and register them with msearch.c. */
void	 line_prepare(void);
/* "postfix", "exim", ...; NULL for MTA_UNKNOWN. */
const char *line_mta_name(enum mta);

/* verdict.c: one verdict for a unit of input */

/* What the verdict rests on beyond the code, for the notes of a page. */
#define VN_DISAGREE	0x01	/* reply and enhanced code differ in class */
#define VN_STATUS	0x02	/* MTA's status beats reply's class */
#define VN_WORDING	0x04	/* the reason comes from the wording */
#define VN_NOCODE	0x08	/* no code at all: judged from the wording */
#define VN_RECEIVER	0x10	/* the receiver is known by its hosts only */
#define VN_FALLBACK	0x20	/* the code has no entry of its own */
#define VN_FILTERED	0x40	/* "user unknown" after DATA, or X.2/X.7 */

/* Longest text whose repeated reply prefixes are taken out to classify. */
#define VERDICT_COPYMAX	8192

struct verdict {
	struct line_info li;		/* codes, roles, MTA, recipient, ... */
	int		 decided;	/* 1: there is something to explain */
	struct smtp_code code;		/* deciding code (or wording's) */
	int		 reply;		/* the reply it came with, or 0 */
	int		 cls;		/* the outcome's class, 2..5 */
	const struct kb_entry *entry;	/* the code's entry, or its fallback */
	const struct kb_entry *vendor;	/* a vendor's message, or NULL */
	const struct kb_entry *receiver; /* service by its hosts, or NULL */
	const struct kb_wording *wording; /* wording that decided, or NULL */
	const char	*reason;	/* bounce reason */
	const char	*bounce;	/* "hard", "soft" or "none" */
	const char	*acts;		/* space-separated actor words */
	unsigned	 notes;		/* VN_* */
	/*
	 * The line without its repeated codes, as decide() judged it: the
	 * stage's search may have read the recipient and host there, and
	 * they are printed after decide() returns.
	 */
	char		 copy[VERDICT_COPYMAX];
};

/* What verdict_end() works out: the same bits as line_end()'s. */
#define VERDICT_CONTEXT	LINE_CONTEXT	/* MTA, recipient, host, stage */
#define VERDICT_CLASSIFY LINE_VENDOR	/* vendor, wording, receiver */
/*
 * Only a text that no code decides is classified (its wording may name a
 * code): counting by code wants nothing else.
 */
#define VERDICT_UNDECIDED 0x04

/*
 * What a verdict's rendering depends on, as a cache key for ob_frag():
 * the brief line of annotation and the verdict part of JSON Lines.
 */
struct verdict_key {
	struct smtp_code code;
	int		 reply, cls;
	unsigned	 notes;
	const void	*vendor, *receiver, *wording;
	const char	*reason, *bounce, *acts;
};
void	 verdict_key(struct verdict_key *, const struct verdict *);
/* The verdict of a whole text (an operand, a line); 1 if decided. */
int	 verdict_text(struct verdict *, const char *, size_t);
/* The same, for a text whose SMTP stage its surroundings gave. */
int	 verdict_text_at(struct verdict *, const char *, size_t,
	    const char *);
/*
 * In pieces for the scanner: line_begin()/line_add() on v->li, then
 * verdict_end() with the last window of the line and what to work out.
 */
int	 verdict_end(struct verdict *, const char *, size_t, unsigned);
/* Before many verdict_end() with these bits: one pass a line. */
void	 verdict_share(unsigned);

/* scan.c: log mode */
enum scan_mode {
	SCAN_ANNOTATE,		/* every line, codes explained under it */
	SCAN_MATCHING,		/* only the lines with codes */
	SCAN_CODES,		/* only the codes (-o) */
	SCAN_JSON,		/* JSON Lines, one object per line with codes */
	SCAN_REASON,		/* -r: code, reason and verdict of each line */
	SCAN_SUMMARY		/* count for --summary, print nothing */
};

/* How --summary groups lines. */
enum summary_by {
	SUMMARY_CODE,		/* by deciding code (the fast default) */
	SUMMARY_VENDOR,		/* by code and the vendor message matched */
	SUMMARY_REASON,		/* by bounce reason */
	SUMMARY_DOMAIN,		/* by the recipient's domain */
	SUMMARY_RELAY		/* by the remote host */
};

/* What an input is read as: --log, --mail, or as its first bytes say. */
enum input_as {
	INPUT_AUTO,		/* a mail message if it starts like one */
	INPUT_LOG,		/* --log */
	INPUT_MAIL		/* --mail */
};

struct scan_opts {
	enum scan_mode	 mode;
	enum input_as	 input;		/* --log, --mail or neither */
	enum summary_by	 by;		/* --summary=… grouping */
	int		 line_buffered;	/* flush after every line */
	int		 safe;		/* a terminal: no raw controls */
	const char	*label;		/* name before each line, or NULL */
	const struct explain_opts *eo;	/* how to explain a code */
	FILE		*out;		/* where to write */
	struct summary	*sum;		/* table to count into, or NULL */
};

struct scan_result {
	unsigned long	 lines;		/* input lines read */
	unsigned long	 found;		/* lines with a code */
	int		 worst;		/* highest class seen, 0..5 */
	int		 error;		/* a read error happened */
};

/* Read fd to its end; name is for messages.  Returns 0, or -1 on error. */
int	 scan_fd(int, const char *, const struct scan_opts *,
	    struct scan_result *);
/*
 * Where the scanner's bytes come from: fill buf with up to size bytes,
 * return how many, 0 at the end, or -1 after reporting an error.
 */
typedef ssize_t (*scan_reader)(void *, char *, size_t);
/* The same as scan_fd() with bytes from a reader and its context. */
int	 scan_read(scan_reader, void *, const char *,
	    const struct scan_opts *, struct scan_result *);

/* bounce.c: the failed recipients of bounce messages, explained */
/* Read messages (one, or an mbox) from a reader; 0 or -1. */
int	 bounce_read(ssize_t (*)(void *, char *, size_t), void *,
	    const char *, const struct scan_opts *, struct scan_result *);
/* Read a Maildir or a folder of .eml files; 0 or -1. */
int	 bounce_dir(const char *, const struct scan_opts *,
	    struct scan_result *);

/* input.c: operands that name files */
enum operand {
	OPERAND_CODE,		/* "550", "5.1.1", "X.7": always a code */
	OPERAND_KEY,		/* an entry's key: "microsoft-s3150" */
	OPERAND_TEXT,		/* a pasted reply: searched for codes */
	OPERAND_FILE,		/* a log file, maybe gzip-compressed */
	OPERAND_STDIN		/* "-" */
};
/* What an operand is; call after overlay_setup(). */
enum operand input_classify(const char *);
/* Read a log file (plain or gzip) through the scanner; 0 or -1. */
int	 input_scan(const char *, const struct scan_opts *,
	    struct scan_result *);
/* Is an input with these first bytes read as mail (--mail, --log)? */
int	 input_is_mail(const struct scan_opts *, const char *, size_t);
/* Standard input, a log or mail as its first bytes say; 0 or -1. */
int	 input_stdin(const struct scan_opts *, struct scan_result *);
/* For tests only: the buffer size (more than 256) and read(2). */
extern size_t	 scan_bufsz;
extern ssize_t	 (*scan_sysread)(int, void *, size_t);

/* summary.c: the --summary table, in constant memory */
struct verdict;
#define SUMMARY_SLOTS	4096	/* distinct codes counted; more go to "other" */
struct summary;
/* A new, empty table; free with summary_free(). */
struct summary *summary_new(void);
void	 summary_free(struct summary *);
/* Count input lines, and lines decided by a code (reply or 0, class). */
void	 summary_lines(struct summary *, unsigned long);
void	 summary_add(struct summary *, enum summary_by,
	    const struct verdict *, unsigned long);
/* Print as a text table that fits a width (0: no limit). */
void	 summary_print(FILE *, const struct summary *, int);
/* The totals of a table, for render_json_summary(). */
struct summary_totals {
	const char	*by;		/* "code", "vendor", ... or NULL */
	unsigned long	 lines;		/* input lines */
	unsigned long	 coded;		/* lines with a code */
	unsigned long	 other;		/* lines whose code found no row */
	unsigned long	 by_class[6];	/* lines per deciding class */
	int		 grouped;	/* rows by domain or relay */
};
void	 summary_totals(const struct summary *, struct summary_totals *);
/* The key of a row by domain or relay for lines that name none. */
#define SUMMARY_NONE	"-"
/*
 * The rows, most frequent first, into keys, counts and (unless NULL)
 * counts per class (SUMMARY_SLOTS each); the keys point into the table.
 * Returns the number of rows.
 */
size_t	 summary_rows(const struct summary *, const char **,
	    unsigned long *, unsigned long (*)[6]);
/* A row's key parsed back: code, reply (or 0), vendor entry; 0 or -1. */
int	 summary_key_code(const char *, struct smtp_code *, int *,
	    const struct kb_entry **);
/*
 * Add the JSON summaries of a stream (one or more documents, any layout)
 * named name in messages; -1 after a message naming the problem's place.
 */
int	 summary_merge(struct summary *, FILE *, const char *);

/* kb.c */
/*
 * Entry with exactly this key, from the overlay if it has one, else
 * built in; NULL if none.  Never freed by the caller.
 */
const struct kb_entry *kb_lookup(const char *);
/* Number of entries and the entry at index i (sorted by key). */
size_t	 kb_count(void);
const struct kb_entry *kb_at(size_t);
/*
 * The entry that explains a code: its own, else its subject's, else its
 * class's (then *fallback is set); NULL if none.
 */
const struct kb_entry *kb_resolve(const struct smtp_code *, int *);
/* "hard", "soft" or "none" for a code of a class explained by an entry. */
const char *kb_bounce(const struct kb_entry *, int);
/* The bounce reason of a line decided in a class: 2xx is "delivered". */
int	 kb_generic(const struct kb_entry *);
const char *kb_reason(const struct kb_entry *, int);
/* Every entry in key order, overlay ones instead of built-in ones. */
struct kb_iter {
	size_t		 builtin;	/* next index into kb_entries */
	size_t		 local;		/* next index into the overlay */
};
/* Next entry of a walk started with a zeroed iterator, or NULL. */
const struct kb_entry *kb_next(struct kb_iter *);
/* The compiled-in entry with this key, or NULL, whatever the overlay. */
const struct kb_entry *kb_builtin(const char *);
/* Number of entries with the overlay, and is e from the overlay? */
size_t	 kb_total(void);
int	 kb_is_local(const struct kb_entry *);
/*
 * Take the overlay's table (sorted by key, owned by overlay.c, or NULL);
 * its entries are looked up before the built-in ones.
 */
void	 kb_overlay(const struct kb_entry *, size_t);
/* Number of overlay entries and the one at index i, sorted by key. */
size_t	 kb_local_count(void);
const struct kb_entry *kb_local_at(size_t);
/* Reply or errno entry that popular pages spell as text ("4.2.0"). */
const struct kb_entry *kb_seed(const char *);

/* A code that some vendor entry matches on: the index of vendor lines. */
struct kb_vcode {
	long		 num;		/* the code as code_number() */
	const char	*code;		/* "550", "5.7.1" or "X.7.1" */
	unsigned	 entry;		/* index into kb_entries */
	unsigned	 phrase;	/* its first phrase in kb_phrases */
	unsigned	 nphrase;	/* how many phrases and hosts it has */
	unsigned	 enhanced;	/* the entry lists enhanced codes */
};

/* A match phrase or host of a vendor entry, as the matcher wants it. */
struct kb_phrase {
	const char	*text;		/* lowercase */
	unsigned	 len;		/* bytes */
	unsigned	 host;		/* 1: a domain from "hosts" */
};

/*
 * A pattern that the one-pass matcher (pattern.c) looks for: a phrase of
 * wording that names a cause without a code, or a host-name fragment of
 * a receiver entry.  The generator sorts them by text.
 */
enum pat_kind {
	PAT_WORDING,		/* index into kb_wordings */
	PAT_HOST		/* index into kb_entries: a receiver */
};

struct kb_pattern {
	const char	*text;		/* lowercase */
	unsigned	 len;		/* bytes */
	unsigned	 kind;		/* enum pat_kind */
	unsigned	 index;		/* see enum pat_kind */
};

/* Wording that says what happened when no code does (codes/wording/). */
struct kb_wording {
	const char	*phrase;	/* lowercase, as matched */
	const char	*code;		/* code whose entry explains it */
	const char	*reason;	/* the reason it gives */
};

/* kb_data.c (generated) */
extern const struct kb_pattern kb_patterns[];	/* sorted by text */
extern const size_t kb_npatterns;
extern const struct kb_wording kb_wordings[];
extern const size_t kb_nwordings;
extern const struct kb_entry kb_entries[];
extern const size_t kb_nentries;
extern const struct kb_vcode kb_vcodes[];	/* sorted by code */
extern const size_t kb_nvcodes;
extern const struct kb_phrase kb_phrases[];
extern const size_t kb_nphrases;

/*
 * msearch.c: every occurrence of many patterns in a text, in one pass
 * that probes every few bytes.  The texts are kept, not copied; with
 * icase they are lowercase and ASCII letters of the text match either
 * case.  fn gets each occurrence once, not in order of position.
 */
struct msearch;
typedef void	 ms_hit_fn(void *, unsigned, size_t);
struct msearch	*ms_build(const char *const *, const unsigned *, size_t, int);
void		 ms_scan(const struct msearch *, const char *, size_t,
		    ms_hit_fn *, void *);
size_t		 ms_stride(const struct msearch *);
void		 ms_free(struct msearch *);
/*
 * The input's first bytes, as they are read: an index made after probes
 * for grams a log holds less (what is found is the same).
 */
void		 ms_sample(const char *, size_t);
/*
 * One short pattern, case as written, looked for alone: ms_anchor() once,
 * then ms_find() gives its first place in a text, or SIZE_MAX.
 */
size_t		 ms_anchor(const char *, size_t);
size_t		 ms_find(const char *, size_t, const char *, size_t, size_t);
/*
 * The sets the verdict engine looks for in one text, found in one pass
 * for all while a verdict is open (ms_open .. ms_close) and ms_share()
 * has merged them.  ms_shared() gives set's hits in s, scanning s for
 * every set if it was not yet; ms_kept() only if it was.  Both return 0,
 * doing nothing, outside a verdict, unmerged, or for another text.
 */
enum { MS_VENDOR, MS_WORDING, MS_CONTEXT, MS_NSETS };
void		 ms_register(unsigned, const char *const *, const unsigned *,
		    size_t, int);
void		 ms_share(unsigned);	/* bit 1 << MS_...: the sets */
int		 ms_merged(unsigned);	/* is set in what ms_share() made */
void		 ms_open(void);
void		 ms_close(void);
int		 ms_shared(unsigned, const char *, size_t, ms_hit_fn *, void *);
int		 ms_kept(unsigned, const char *, size_t, ms_hit_fn *, void *);
/*
 * A copy of the text with some bytes cut out (a reply's repeated code,
 * an address): ms_derive(t, tlen, s, slen, cut, n) says t is s without
 * s[cut[i].at..cut[i].end), the cuts in order, until the verdict closes
 * or the next call.  While s's hits are kept, ms_shared() and ms_kept()
 * give t's from them when no pattern of the set can span a join.
 */
struct ms_cut {
	size_t		 at, end;
};
void		 ms_derive(const char *, size_t, const char *, size_t,
		    const struct ms_cut *, size_t);

/* pattern.c: wording and receivers' hosts, in one pass over a line */
struct pattern_hits {
	const char	*prefer;	/* in: the code's own reason, or NULL */
	const struct kb_wording *wording; /* longest phrase found, or NULL */
	size_t		 woff;		/* where it starts */
	unsigned	 wlen;		/* its length */
	const struct kb_wording *agree;	/* longest phrase of reason prefer */
	size_t		 aoff;		/* where it starts */
	unsigned	 alen;		/* its length */
	const struct kb_entry *receiver; /* first receiver named, or NULL */
};
void	 pattern_scan(const char *, size_t, struct pattern_hits *);
void	 pattern_words(const char *, size_t, struct pattern_hits *);
/* Index the patterns now, and register them with msearch.c. */
void	 pattern_prepare(void);

/* wordgen.c: the generator's side of it */
/* Read and check a wording file; returns the number of problems. */
int	 wordgen_parse(const char *, const char *, size_t);
/* Write the pattern tables; returns the number of problems. */
int	 wordgen_emit(FILE *, const struct kb_entry *, size_t);

/* gen.c: what kbgen.c and wordgen.c share */
/* The whole file, NUL-terminated, caller frees; exits if unreadable. */
char	*gen_slurp(const char *, size_t *);
/* A string as a C literal. */
void	 gen_string(FILE *, const char *);


/* vendor.c */
/*
 * The vendor entry that best explains a line, given the offset of the
 * code that decides it, the code and the reply it came with (or 0);
 * NULL if none matches.
 */
const struct kb_entry *vendor_match(const char *, size_t, size_t,
	    const struct smtp_code *, int);
/* Index the phrases now, and register them with msearch.c. */
void	 vendor_prepare(void);

/* jread.c: a strict, streaming JSON reader */
struct jread {
	FILE		*fp;
	unsigned long	 max;		/* bytes a document may have */
	unsigned long	 used;		/* bytes of this document so far */
	unsigned long	 line, col;	/* position of the last byte read */
	unsigned long	 eline, ecol;	/* position of the problem */
	int		 ahead;		/* byte peeked at, or -2 */
	int		 failed;	/* msg holds the problem */
	int		 ioerr;		/* errno of a read error, or 0 */
	char		 msg[128];
};
#define JREAD_STRING	1
#define JREAD_NUMBER	2
#define JREAD_BOOL	4
#define JREAD_NULL	8
#define JREAD_OBJECT	16	/* of scalars: a row's vendor */
void	 jread_init(struct jread *, FILE *, unsigned long);
void	 jread_begin(struct jread *);
int	 jread_fail(struct jread *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/* Functions below return 0 (or a type), or -1 once anything failed. */
int	 jread_peek(struct jread *);	/* next byte after blanks, or -1 */
int	 jread_expect(struct jread *, int);
int	 jread_more(struct jread *, int);
int	 jread_member(struct jread *, unsigned *, char *, size_t);
int	 jread_string(struct jread *, char *, size_t);
int	 jread_uint(struct jread *, unsigned long *);
int	 jread_scalar(struct jread *);

/* term.c: what a terminal may be sent */
#define TERM_UNIT_MAX	16	/* bytes of one unit's safe form */
/* One valid UTF-8 sequence: its length and code point; 0 if invalid. */
size_t	 term_utf8(const unsigned char *, size_t, unsigned *);
/* The safe form of the next character or byte; returns bytes used. */
size_t	 term_unit(const char *, size_t, char *, size_t *, int *);
/* Write one line's text with controls and invalid UTF-8 made visible. */
void	 term_write(FILE *, const char *, size_t);
/* A string for a message: visible, one line, cut after n bytes. */
const char *term_quote(const char *, size_t);
/* Is the string text that shows as itself (no control, valid UTF-8)? */
int	 term_plain(const char *);

/* kbcheck.c: shared by kbgen and the runtime overlay */
/* Kind, reason and bounce names, for messages and output. */
const char *kbcheck_kind_name(enum kb_kind);
const char *kbcheck_bounce_name(enum kb_bounce);
/*
 * Parse and validate one entry file; on success fill *e with strings
 * owned by the caller (free with kbcheck_free) and return 0.  Problems are
 * reported through msg() as "path:line: message"; returns the number found.
 */
int	 kbcheck_parse(const char *, const char *, size_t, struct kb_entry *);
void	 kbcheck_free(struct kb_entry *);
/*
 * The rules over a whole set, for kbgen and the overlay alike: sorts the
 * entries by key and reports every key given twice and every related
 * key that names no entry of the set nor one that the function (or NULL)
 * finds.  Returns the number of problems.
 */
int	 kbcheck_set(struct kb_entry *, size_t,
	    const struct kb_entry *(*)(const char *));
/* Is r one of the bounce reason names (not a legacy alias)? */
int	 kbcheck_reason(const char *);

/* Output format of a lookup. */
enum fmt {
	FMT_TEXT,		/* page, plain or ANSI */
	FMT_MARKDOWN,		/* the entry as written */
	FMT_JSON,		/* one JSON object per code, one per line */
	FMT_HTML,		/* an HTML fragment per code (libcmark) */
	FMT_MAN,		/* a man(7) document per code */
	FMT__MAX
};

/* How the text renderer (render_text.c) draws a page. */
struct render_opts {
	int		 ansi;		/* emit SGR sequences */
	int		 width;		/* wrap column, in characters */
};

/* page.c: the page model, what one explanation shows in any format */
#define PAGE_FACTS	14		/* facts a page can have */
#define PAGE_NOTES	12		/* notes a page can have */

/* The kinds of note a page can carry; JSON names them. */
enum note_kind {
	NOTE_DIGITS,		/* a reply without an entry, by its digits */
	NOTE_UNREGISTERED,	/* an enhanced code without an entry */
	NOTE_REGISTRY,		/* a vendor explains it: the code's own title */
	NOTE_SUBCODE,		/* "554.30": the provider's sub-code */
	NOTE_DISAGREE,		/* reply and enhanced code differ in class */
	NOTE_STATUS,		/* the MTA's status set the class */
	NOTE_DOTTED,		/* some pages write this reply with dots */
	NOTE_MEANT,		/* a dotted spelling: did you mean reply N? */
	NOTE_WORDING,		/* the reason comes from the wording */
	NOTE_NOCODE,		/* no code: judged from the wording */
	NOTE_RECEIVER,		/* a mail service known by its hosts */
	NOTE_FILTERED,		/* "user unknown" read as a filter's answer */
	NOTE_OTHERS,		/* other codes of the text */
	NOTE_LOCAL,		/* a site's local note */
	NOTE__MAX
};

/* One fact under a title: "Reason", "userunknown". */
struct fact {
	const char	*name;		/* "Class", "Reason", ... */
	char		 value[256];	/* plain text */
};

struct page_note {
	enum note_kind	 kind;
	char		*md;		/* Markdown, owned by the page */
};

struct page {
	const struct kb_entry *entry;	/* the entry shown, or NULL */
	const struct kb_entry *general;	/* subject or class entry if no own */
	const struct kb_entry *seed;	/* reply a dotted spelling may mean */
	const struct kb_entry *registry; /* own entry, a vendor's shown */
	const struct kb_entry *receiver; /* service by its hosts, or NULL */
	const struct kb_wording *wording; /* wording that decided, or NULL */
	struct smtp_code code;		/* the code, when iscode */
	int		 iscode;	/* not an entry named by its key */
	const char	*input;		/* what was typed or found, or NULL */
	char		 norm[48];	/* normalized: "5.1.1", "X.1.1" */
	char		 label[48];	/* as shown: "550 5.1.1" */
	char		 title[128];	/* as shown */
	int		 cls;		/* deciding class 1..5; 0 none or any */
	int		 reply;		/* the reply it came with, or 0 */
	int		 disagree;	/* reply's and code's class differ */
	unsigned	 vn;		/* VN_* of the verdict, or 0 */
	const char	*stage;		/* the verdict's SMTP stage, or NULL */
	char		 others[128];	/* other codes of the text, or "" */
	const char	*reason;	/* bounce reason */
	const char	*bounce;	/* "hard", "soft" or "none" */
	const char	*acts;		/* space-separated actor words */
	const char	*kind;		/* "enhanced", "reply", "vendor", ... */
	const char	*status;	/* "registered", "nonstandard", ... */
	const char	*vendor;	/* who prints it, or NULL */
	struct fact	 facts[PAGE_FACTS];
	size_t		 nfacts;
	struct page_note notes[PAGE_NOTES];
	size_t		 nnotes;
	struct page	*meant;		/* the reply a dotted spelling means */
	const char	*local_note;	/* site's note as written, or NULL */
};

/* Class words by class digit: "success", "transient failure", ... */
extern const char *const page_class_words[6];
/* A page for a code, with the reply it came with (or 0) and the input. */
void	 page_code(struct page *, const struct smtp_code *, int,
	    const char *);
/* The same, explained by a vendor entry that matched its text. */
void	 page_vendor(struct page *, const struct smtp_code *, int,
	    const char *, const struct kb_entry *);
/* A page for an entry named by its key (input: as typed, or NULL). */
void	 page_entry(struct page *, const struct kb_entry *, const char *);
/* A page for a verdict. */
void	 page_verdict(struct page *, const struct verdict *, const char *);
/* The same without facts and notes, all a brief text line needs. */
void	 page_verdict_brief(struct page *, const struct verdict *,
	    const char *);
/* Free what a page owns (its notes and the page it means). */
void	 page_free(struct page *);
/* The entry whose text explains it (own or general), or NULL. */
const struct kb_entry *page_source(const struct page *);
/* The class -x turns into the exit status. */
int	 page_exit_class(const struct page *);
/* Actor words as a page shows them: "sender's admin, recipient". */
void	 page_acts_words(const char *, char *, size_t);
/* A status name as words for a page: "notsmtp", "not an SMTP code". */
const char *page_status_words(const char *);
/* "digits", "wording", ... for JSON. */
const char *page_note_name(enum note_kind);

/* explain.c: show a page in the chosen format */
struct explain_opts {
	struct render_opts ro;
	enum fmt	 fmt;
	int		 brief;		/* one line per code */
	const char	*prefix;	/* before a brief line, or NULL */
	int		 with_body;	/* JSON: include the entry's Markdown */
	int		 limit;		/* --search: results shown, 0 all */
};
/* Show a page (and the page it means); returns its class for -x. */
int	 explain_page(FILE *, const struct explain_opts *,
	    const struct page *);
/* Build a page for a code, a vendor's reading, an entry or a verdict,
 * show it and free it; each returns the class for -x. */
int	 explain_code(FILE *, const struct explain_opts *,
	    const struct smtp_code *, const char *, int);
int	 explain_vendor(FILE *, const struct explain_opts *,
	    const struct smtp_code *, const char *, int,
	    const struct kb_entry *);
int	 explain_key(FILE *, const struct explain_opts *,
	    const struct kb_entry *, const char *);
int	 explain_verdict(FILE *, const struct explain_opts *,
	    const struct verdict *, const char *);
/* Show a Markdown document in a format: markdown, html or man. */
void	 explain_doc(FILE *, enum fmt, const char *, const char *,
	    const char *);
/* Write text into Markdown so that it stays text. */
void	 explain_md_escape(FILE *, const char *);
/* Flush a listing's output; the exit status: rc, or SC_ERROR. */
int	 explain_flush(FILE *, int);

/* render_text.c: a page as text, plain or with ANSI styles */
/* Render Markdown text as a terminal page body; returns 0 or -1. */
int	 render_text_markdown(FILE *, const struct render_opts *,
	    const char *);
void	 render_text_page(FILE *, const struct render_opts *,
	    const struct page *);
/* One line: prefix, label, title, [class; bounce; reason; acts; vendor]. */
void	 render_text_brief(FILE *, const struct render_opts *, const char *,
	    const struct page *);

/* render_json.c: every JSON object, smtpcode(1)'s "JSON fields" */
struct mail_msg;
struct mail_rcpt;
/* A lookup (a page, its Markdown if asked), one line. */
void	 render_json_lookup(FILE *, const struct page *, int);
/* A search result: the entry's page, its score and snippet, one line. */
void	 render_json_search(FILE *, const struct page *, int, const char *);
/* A bounce's recipient (file, message, record, verdict or NULL). */
void	 render_json_recipient(FILE *, const char *, const struct mail_msg *,
	    const struct mail_rcpt *, const struct page *);
/* A message that is no bounce, as a recipient object without one. */
void	 render_json_message(FILE *, const char *, const struct mail_msg *);
/* A --summary table as one object that summary_merge() reads back. */
void	 render_json_summary(FILE *, const struct summary *);
struct outbuf;
/*
 * A JSON Lines object for a log line with codes: the file name (or NULL),
 * the line number, the line's text (or NULL when it was too long to hold)
 * and its verdict, into the log mode's output buffer.
 */
void	 render_json_line(struct outbuf *, const char *, unsigned long,
	    const char *, size_t, const struct verdict *);

/* render_html.c: HTML fragments through cmark_render_html() */
void	 render_html_page(FILE *, const struct page *);
/* An article with a title around a Markdown document. */
void	 render_html_doc(FILE *, const char *, const char *);
/* The head of a complete document with this title, and its end. */
void	 render_html_begin(FILE *, const char *);
void	 render_html_end(FILE *);
/* --site: DIR/KEY.html for every entry and DIR/index.html; 0 or -1. */
int	 render_html_site(const char *);

/* render_man.c: man(7) pages that pass mandoc -T lint */
void	 render_man_page(FILE *, const struct page *);
/* A page named name with a title around a Markdown document. */
void	 render_man_doc(FILE *, const char *, const char *, const char *);

/* list.c: --list */
/* List the entries matching any prefix (all without); exit status. */
int	 list_entries(FILE *, const struct explain_opts *, int, char *[]);

/* search.c: --search */
/* Rank the entries matching every word of the operands; exit status. */
int	 search_entries(FILE *, const struct explain_opts *, int, char *[]);

/* overlay.c: a site's own entries, read only when the user asks */
/* Load dir (--kb), else $SMTPCODE_KB, else nothing; -1 on errors. */
int	 overlay_setup(const char *);
/* The directory loaded, or NULL. */
const char *overlay_dir(void);

/* sandbox.c: what the process may still do once its setup is done */
/*
 * Keep writing (and with reads, opening files read-only), nothing else;
 * 1 if the restriction is in place, 0 where the system has none.
 */
int	 sandbox(int);

/*
 * pipe.c: a wider pipe to the reader of a long output; its size after,
 * or -1 if fd is no pipe or the system cannot tell
 */
int	 pipe_widen(int);

/* pager.c: pages on a terminal go through a pager */
/* Send stdout through the pager when it is a terminal; 1 if started. */
int	 pager_start(void);
/* Flush and close stdout, wait for the pager; returns rc. */
int	 pager_end(int);

/* note.c: a site's local notes, shown under the built-in page */
/* Is this file a local note (named after a code, no ```meta block)? */
int	 note_is_note(const char *, const char *, size_t);
/* Check and keep a note read from path; the number of problems. */
int	 note_add(const char *, const char *, size_t);
/* The note for what is explained: its code as written, else its entry. */
const char *note_for(const struct page *);
/* The same as a "## Local notes" section for the text page, or NULL. */
const char *note_section(const struct page *);
/* Print a starting note file for a code or key; SC_OK or SC_ERROR. */
int	 note_template(FILE *, const char *);

/* json.c */
/* Write bytes as a quoted JSON string; invalid UTF-8 becomes U+FFFD. */
void	 json_string(FILE *, const char *, size_t);
/*
 * The same escaping into a buffer of at least JSON_ESCAPE_MIN bytes:
 * returns the bytes written, sets the last argument to the bytes taken.
 */
#define JSON_ESCAPE_MIN	6	/* bytes: the longest escape of one unit */
size_t	 json_escape(char *, size_t, const char *, size_t, size_t *);
/* The same for a NUL-terminated string. */
void	 json_str(FILE *, const char *);
/* A space-separated list as a JSON array of strings. */
void	 json_words(FILE *, const char *);

/* msg.c: diagnostics about inputs, to one settable stream */
enum msg_level {
	MSG_OK,			/* nothing reported */
	MSG_WARNING,		/* reported; the input is still used */
	MSG_ERROR		/* the input, or part of it, is refused */
};
/* Send messages to fp from now on; NULL (the start) is standard error. */
void	 msg_output(FILE *);
/* The name before a message without a place: "smtpcode", "kbgen". */
void	 msg_progname(const char *);
/*
 * Report a problem: at file:line (line 0: the whole file; file NULL: the
 * run).  Raises the worst level seen, which only rises ("max wins").
 */
void	 msg(enum msg_level, const char *, int, const char *, ...)
	    __attribute__((format(printf, 4, 5)));
/* The worst level since the start or the last msg_reset(). */
enum msg_level msg_worst(void);
void	 msg_reset(void);
/* xmalloc.c: allocators that never return NULL */
void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);

/* mail.c, mime.c, dsn.c */
/* What a message is, as far as bounce handling cares. */
enum mail_kind {
	MAIL_BOUNCE,		/* a delivery failed (or no record) */
	MAIL_DELAY,		/* delivery delayed, still being retried */
	MAIL_AUTOREPLY,		/* vacation or out-of-office reply */
	MAIL_ARF,		/* feedback report (RFC 5965) */
	MAIL_OTHER		/* none (a success DSN keeps records) */
};

/* One recipient a report names; every string is owned by the record. */
struct mail_rcpt {
	char	*recipient;	/* Final-Recipient, or a text's address */
	char	*original;	/* Original-Recipient, or NULL */
	char	*action;	/* "failed", "delayed", ..., or NULL */
	char	*status;	/* Status: code as written ("5.1.1"), or NULL */
	char	*remote_mta;	/* Remote-MTA without "dns;", or NULL */
	char	*diag_type;	/* "smtp", "x-postfix", ..., or NULL */
	char	*diagnostic;	/* Diagnostic-Code, or a text's reply */
	int	 guessed;	/* diagnostic is the whole text */
	int	 textdiag;	/* diagnostic from the readable text */
	const char *stage;	/* static: the command refused ("DATA"), or NULL */
};

/* stage.c: the SMTP command ("DATA") the phrases around a reply name. */
const char *smtp_stage(const char *, size_t);
/* 1 for the stages after RCPT TO had accepted: DATA, its end, BDAT. */
int	 stage_after_rcpt(const char *);

/* casemem.c: a NUL-terminated needle in a buffer, ignoring ASCII case. */
const char *memcasemem(const char *, size_t, const char *);

/* One message read; mail_free() releases what it owns. */
struct mail_msg {
	enum mail_kind	 kind;
	const char	*format;	/* static: "rfc3464", "postfix", ... */
	const char	*file;		/* borrowed: the message's file */
	size_t		 index;		/* 1-based message number in the file */
	char		*subject;	/* RFC 2047 words decoded, or NULL */
	char		*from;		/* From: as written, or NULL */
	char		*reporting_mta;	/* Reporting-MTA, no "dns;", or NULL */
	struct mail_rcpt *rcpt;		/* nrcpt records, owned */
	size_t		 nrcpt;
	int		 truncated;	/* 1: the message was cut at MAIL_MAX */
};

/* Bytes of one message kept; the rest (a returned attachment) skipped. */
#define MAIL_MAX	((size_t)4 * 1024 * 1024)

/* One part of a multipart body, pointing into the caller's buffer. */
struct mime_part {
	const char	*p;		/* first byte of the part's headers */
	size_t		 len;		/* bytes */
};

/*
 * 1 if the start of a stream looks like a message: an mbox "From " line
 * or RFC 5322 header fields, one of them a field every message carries.
 */
int	 mail_looks_like(const char *, size_t);
/*
 * Read one message or an mbox from fd and call cb for each message; the
 * record passed is freed when cb returns.  Memory stays bounded by
 * MAIL_MAX whatever the mailbox size.  Returns 0, or -1 on a read error
 * (errno set, messages before it delivered).
 */
int	 mail_read_fd(int, const char *,
	    void (*)(const struct mail_msg *, void *), void *);
/* The same from a reader: fill buf, return bytes, 0 at the end, -1. */
int	 mail_read(ssize_t (*)(void *, char *, size_t), void *, const char *,
	    void (*)(const struct mail_msg *, void *), void *);
/*
 * A Maildir (cur/ and new/) or a folder of .eml files, in name order.
 * Returns 0, or -1 if the directory cannot be read (errno set).
 */
int	 mail_read_dir(const char *,
	    void (*)(const struct mail_msg *, void *), void *);
/* Parse one message held in memory into m (overwritten; mail_free it). */
void	 mail_parse(const char *, size_t, struct mail_msg *);
/* Free what m owns; m itself belongs to the caller. */
void	 mail_free(struct mail_msg *);

/*
 * Offset of the body of a header block: just after the first empty line,
 * or len if there is none.  *hlen gets the length of the header fields.
 */
size_t	 mime_body(const char *, size_t, size_t *);
/*
 * Next header field from *off in buf[0..len): 1 and the name (n, nlen,
 * pointing into buf) and the unfolded value (malloc'd, caller frees), or
 * 0 at the end.  Lines that are not fields are skipped.
 */
int	 mime_field(const char *, size_t, size_t *, const char **, size_t *,
	    char **);
/* Unfolded value of the first field called name, or NULL; caller frees. */
char	*mime_header(const char *, size_t, const char *);
/* "type/subtype" of a Content-Type value, lowercase, into buf of size n. */
void	 mime_ctype(const char *, char *, size_t);
/* Value of a Content-Type parameter, unquoted, or NULL; caller frees. */
char	*mime_param(const char *, const char *);
/*
 * Undo a Content-Transfer-Encoding (base64, quoted-printable; anything
 * else is copied).  Returns a NUL-terminated copy, caller frees; *outlen
 * gets its length.
 */
char	*mime_decode(const char *, size_t, const char *, size_t *);
/* RFC 2047 encoded words of ASCII-compatible charsets decoded; caller frees. */
char	*mime_words(const char *);
/*
 * Split a multipart body at its boundary: at most max parts into parts.
 * Returns the number found.
 */
size_t	 mime_split(const char *, size_t, const char *, struct mime_part *,
	    size_t);

/* dsn.c */
/* Add the recipients of a message/delivery-status body to m. */
void	 dsn_fields(const char *, size_t, struct mail_msg *);
/*
 * Find failed recipients and their replies in the human-readable text of
 * a bounce; adds records to m and returns the format name recognised
 * (static), or NULL.
 */
const char *dsn_text(const char *, size_t, struct mail_msg *);
/*
 * Recipients of an Amazon SES notification (JSON sent as mail); returns
 * "amazonses", or NULL if the text is not one.
 */
const char *dsn_json(const char *, size_t, struct mail_msg *);
/* Append a record for addr (copied) to m; returns it, or NULL if full. */
struct mail_rcpt *dsn_add(struct mail_msg *, const char *, size_t);
/* Free the strings one recipient record owns. */
void	 dsn_rcpt_free(struct mail_rcpt *);

#endif /* !EXTERN_H */
