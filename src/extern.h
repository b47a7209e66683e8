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

/* Exit statuses; "max wins" except that -x maps classes onto 0/4/5. */
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
	const char	*key;		/* lookup key: "X.1.1", "550", "5.X.X" */
	const char	*file;		/* source, e.g. "codes/X.1.1.md" */
	const char	*title;		/* one line, no Markdown */
	const char	*replies;	/* space-separated reply codes or "" */
	const char	*enhanced;	/* space-separated enhanced codes or "" */
	const char	*reason;	/* Sisimai reason name */
	const char	*acts;		/* space-separated actor words */
	const char	*status;	/* registered, nonstandard, ... */
	const char	*seed;		/* space-separated other spellings or "" */
	const char	*related;	/* space-separated keys */
	const char	*vendor;	/* who prints it (vendor entries) or "" */
	const char	*match;		/* phrases, "|"-separated, or "" */
	const char	*hosts;		/* space-separated domains or "" */
	const char	*source;	/* vendor's page the facts are from, or "" */
	const char	*body;		/* Markdown after the meta block */
	enum kb_kind	 kind;
	unsigned	 classes;	/* bit n set: class n occurs */
	enum kb_bounce	 bounce;
	int		 body_line;	/* line of the file where body starts */
	const char	*meta;		/* the file before body: the meta block
					   as written; NULL in old tables */
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
	int		 cls;		/* 2, 4, 5 (1..5 for replies); 0 = any */
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
	int		 reply;		/* enhanced: the reply it follows, or 0 */
	int		 paired;	/* reply: an enhanced code follows it */
};
/* Find codes in text[0..len); at most max stored; returns count found. */
size_t	 find_codes(const char *, size_t, struct found *, size_t);
/* The same for codes starting in [from, to); all of s is context. */
size_t	 find_codes_range(const char *, size_t, size_t, size_t,
	    struct found *, size_t);

/* line.c: what one log line says */
#define LINE_MAXCODES	64	/* codes kept per line */

enum role {
	ROLE_REPLY,		/* a reply code */
	ROLE_ENHANCED,		/* an enhanced code in a reply */
	ROLE_DSN		/* the MTA's own status: dsn=, (#...), Status: */
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
	enum mta	 mta;		/* who wrote the line */
	const char	*rcpt;		/* recipient in the line, or NULL */
	size_t		 rcptlen;
	const char	*host;		/* remote host in the line, or NULL */
	size_t		 hostlen;
	const char	*stage;		/* SMTP stage ("RCPT TO"), or NULL */
	const struct kb_entry *vendor;	/* vendor entry that matched, or NULL */
	size_t		 base;		/* line offset of the last window */
};

/* What line_end() works out beyond the verdict. */
#define LINE_CONTEXT	0x01	/* MTA, recipient, host, stage */
#define LINE_VENDOR	0x02	/* the vendor entry */

/* Find the codes of a line and decide its verdict; pointers into s. */
void	 line_analyze(const char *, size_t, struct line_info *);
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
/* "postfix", "exim", ...; NULL for MTA_UNKNOWN. */
const char *line_mta_name(enum mta);

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
	SUMMARY_REASON		/* by bounce reason */
};

struct scan_opts {
	enum scan_mode	 mode;
	enum summary_by	 by;		/* --summary=… grouping */
	int		 line_buffered;	/* flush after every line */
	int		 safe;		/* output is a terminal: no raw controls */
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
/* For tests only: the buffer size (more than 256) and the reader. */
extern size_t	 scan_bufsz;
extern ssize_t	 (*scan_read)(int, void *, size_t);

/* summary.c: the --summary table, in constant memory */
#define SUMMARY_SLOTS	4096	/* distinct codes counted; more go to "other" */
struct summary;
/* A new, empty table; free with summary_free(). */
struct summary *summary_new(void);
void	 summary_free(struct summary *);
/* Count input lines, and lines decided by a code (reply or 0, class). */
void	 summary_lines(struct summary *, unsigned long);
void	 summary_add(struct summary *, enum summary_by,
	    const struct smtp_code *, int, int, const struct kb_entry *,
	    unsigned long);
/* Print as a text table, or as JSON that summary_merge() reads back. */
void	 summary_print(FILE *, const struct summary *);
void	 summary_json(FILE *, const struct summary *);
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
const char *kb_reason(const struct kb_entry *, int);
/* A compact JSON object for a code: code, reply, class, title, reason. */
void	 kb_code_json(FILE *, const struct smtp_code *, int);
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
/* Reply or errno entry that the seed page spells as text ("4.2.0"). */
const struct kb_entry *kb_seed(const char *);

/* A code that some vendor entry matches on: the index of vendor lines. */
#define BLOOM_BITS	1024	/* size of a letter-pair set */
#define BLOOM_WORDS	(BLOOM_BITS / 64)

struct kb_vcode {
	long		 num;		/* the code as a number, see code_number() */
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
	uint64_t	 bloom[BLOOM_WORDS]; /* letter pairs, see bloom.c */
};

/* kb_data.c (generated) */
extern const struct kb_entry kb_entries[];
extern const size_t kb_nentries;
extern const struct kb_vcode kb_vcodes[];	/* sorted by code */
extern const size_t kb_nvcodes;
extern const struct kb_phrase kb_phrases[];
extern const size_t kb_nphrases;

/* bloom.c: letter-pair sets that let the vendor matcher skip searches */
void	 bloom_make(const char *, size_t, uint64_t[BLOOM_WORDS]);
int	 bloom_within(const uint64_t[BLOOM_WORDS], const uint64_t[BLOOM_WORDS]);

/* vendor.c */
/*
 * The vendor entry that best explains a line, given the offset of the
 * code that decides it, the code and the reply it came with (or 0);
 * NULL if none matches.
 */
const struct kb_entry *vendor_match(const char *, size_t, size_t,
	    const struct smtp_code *, int);

/* jsonread.c: a strict, streaming JSON reader */
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
void	 jread_init(struct jread *, FILE *, unsigned long);
void	 jread_begin(struct jread *);
int	 jread_fail(struct jread *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/* Functions below return 0 (or a type), or -1 once anything failed. */
int	 jread_peek(struct jread *);	/* next byte after blanks, or -1 */
int	 jread_expect(struct jread *, int);
int	 jread_more(struct jread *, int);
int	 jread_string(struct jread *, char *, size_t);
int	 jread_uint(struct jread *, unsigned long *);
int	 jread_scalar(struct jread *);

/* termsafe.c: what a terminal may be sent */
#define TERM_UNIT_MAX	16	/* bytes of one unit's safe form */
/* One valid UTF-8 sequence: its length and code point; 0 if invalid. */
size_t	 utf8_decode(const unsigned char *, size_t, unsigned *);
/* The safe form of the next character or byte; returns bytes used. */
size_t	 term_unit(const char *, size_t, char *, size_t *, int *);
/* Write one line's text with controls and invalid UTF-8 made visible. */
void	 render_safe(FILE *, const char *, size_t);
/* A string for a message: visible, one line, cut after n bytes. */
const char *term_quote(const char *, size_t);
/* Is the string text that shows as itself (no control, valid UTF-8)? */
int	 term_plain(const char *);

/* kbcheck.c: shared by kbgen and the runtime overlay */
/* Kind, reason and bounce names, for messages and output. */
const char *kb_kind_name(enum kb_kind);
const char *kb_bounce_name(enum kb_bounce);
/* Is the word one of the bounce reasons an entry may give? */
int	 kb_reason_known(const char *);
/*
 * Parse and validate one entry file; on success fill *e with strings
 * owned by the caller (free with kbcheck_free) and return 0.  Problems are
 * printed as "path:line: message" to stderr; returns the number found.
 */
int	 kbcheck_parse(const char *, const char *, size_t, struct kb_entry *);
void	 kbcheck_free(struct kb_entry *);

/* Output format of a lookup. */
enum fmt {
	FMT_TEXT,		/* page, plain or ANSI */
	FMT_MARKDOWN,		/* the entry as written */
	FMT_JSON,		/* one JSON object per code, one per line */
	FMT_HTML,		/* an HTML fragment per code (libcmark) */
	FMT_MAN,		/* a man(7) document per code */
	FMT__MAX
};

/* render.c: how to draw a page */
struct render_opts {
	int		 ansi;		/* emit SGR sequences */
	int		 width;		/* wrap column, in characters */
};
/* Render Markdown text as a terminal page body; returns 0 or -1. */
int	 render_markdown(FILE *, const struct render_opts *, const char *);
/* SGR colour for a class: green, yellow, red; "" for others. */
const char *render_class_colour(int);

/* explain.c: what a lookup shows */
struct explain_opts {
	struct render_opts ro;
	enum fmt	 fmt;
	int		 brief;		/* one line per code */
	const char	*prefix;	/* printed before a brief line, or NULL */
	int		 with_body;	/* JSON: include the entry's Markdown */
};
/*
 * Explain one code; typed is what the user wrote (or NULL), reply the
 * reply code it came with in a server's text (or 0).  Returns the class
 * that decides: the reply's when the two disagree.
 */
int	 explain_code(FILE *, const struct explain_opts *,
	    const struct smtp_code *, const char *, int);

/* A code, or an entry by itself, resolved to what explains it. */
struct explained {
	const struct kb_entry *entry;	/* its own entry, or NULL */
	const struct kb_entry *general;	/* subject or class entry if no own */
	const struct kb_entry *seed;	/* reply a dotted spelling may mean */
	struct smtp_code code;		/* the code, when iscode */
	int		 iscode;	/* not an entry named by its key */
	const char	*input;		/* what was typed or found, or NULL */
	char		 norm[48];	/* normalized: "5.1.1", "550", "X.1.1" */
	char		 label[48];	/* as shown: "550 5.1.1" */
	char		 title[128];	/* as shown */
	int		 cls;		/* deciding class 1..5; 0 none or any */
	int		 reply;		/* the reply it came with, or 0 */
	int		 disagree;	/* the reply's class and the code's differ */
	const struct kb_entry *registry; /* code's own entry when a vendor's explains */
};

/* One line of the facts under a title, for HTML and man pages. */
struct fact {
	const char	*name;		/* "Class", "Reason", ... */
	char		 value[256];	/* plain text */
};
#define FACTS_MAX	12		/* facts an explanation can have */

/* Resolve a code; reply: the reply it came with or 0; input as typed. */
void	 explain_resolve(const struct smtp_code *, int, const char *,
	    struct explained *);
/* Describe an entry by itself, as --list, --search and key lookups do. */
void	 explain_entry(const struct kb_entry *, struct explained *);
/*
 * Explain a code by the vendor entry that matched the text it came in
 * (its registry meaning is mentioned); returns the deciding class.
 */
int	 explain_vendor(FILE *, const struct explain_opts *,
	    const struct smtp_code *, const char *, int,
	    const struct kb_entry *);
/* Show an entry named by its key (vendor entries); returns the class. */
int	 explain_key(FILE *, const struct explain_opts *,
	    const struct kb_entry *, const char *);
/* The entry whose text explains it (own or general), or NULL. */
const struct kb_entry *explain_source(const struct explained *);
/* "hard", "soft" or "none", the class of the code deciding. */
const char *explain_bounce(const struct explained *);
/* The kind of what is explained: "enhanced", "reply", ... */
const char *explain_kind(const struct explained *);
/* Fill up to max facts; returns how many. */
size_t	 explain_facts(const struct explained *, struct fact *, size_t);
/* Markdown notes (fallback, class disagreement, seed) or NULL; free it. */
char	*explain_note(const struct explained *);
/* Show a Markdown document in a format: markdown, html or man. */
void	 explain_doc(FILE *, enum fmt, const char *, const char *,
	    const char *);
/* Flush a listing's output; the exit status: rc, or SC_ERROR. */
int	 explain_flush(FILE *, int);

/* render_json.c */
/*
 * Write one JSON object for a code, without a newline: the fields listed
 * in smtpcode(1).  reply is the reply code the code came with (or 0),
 * input what the user typed or the scanner found (or NULL); with_body
 * adds the entry's Markdown.
 */
void	 explain_json(FILE *, const struct smtp_code *, int, const char *,
	    int);
/* The same object's members without the braces, for callers adding more. */
void	 json_explained(FILE *, const struct explained *, int);

/* render_html.c: HTML fragments through cmark_render_html() */
void	 render_html_entry(FILE *, const struct explained *);
/* An article with a title around a Markdown document. */
void	 render_html_doc(FILE *, const char *, const char *);

/* render_man.c: man(7) pages that pass mandoc -T lint */
void	 render_man_entry(FILE *, const struct explained *);
/* A page named name with a title around a Markdown document. */
void	 render_man_doc(FILE *, const char *, const char *, const char *);

/* list.c: --list */
/* List the entries matching any prefix (all without); exit status. */
int	 list_entries(FILE *, const struct explain_opts *, int, char *[]);
/* Write text into Markdown so that it stays text. */
void	 md_escape(FILE *, const char *);

/* search.c: --search */
/* Rank the entries matching every word of the operands; exit status. */
int	 search_entries(FILE *, const struct explain_opts *, int, char *[]);

/* overlay.c: a site's own entries, read only when the user asks */
/* Load dir (--kb), else $SMTPCODE_KB, else nothing; -1 on errors. */
int	 overlay_setup(const char *);
/* Entry of the overlay with this key, or NULL. */
const struct kb_entry *overlay_lookup(const char *);
/* Number of overlay entries and the one at index i, sorted by key. */
size_t	 overlay_count(void);
const struct kb_entry *overlay_at(size_t);
/* The directory loaded, or NULL. */
const char *overlay_dir(void);

/* json.c */
/* Write bytes as a quoted JSON string; invalid UTF-8 becomes U+FFFD. */
void	 json_string(FILE *, const char *, size_t);
/* The same for a NUL-terminated string. */
void	 json_str(FILE *, const char *);
/* A space-separated list as a JSON array of strings. */
void	 json_words(FILE *, const char *);

/* xmalloc.c: allocators that never return NULL */
void	*xmalloc(size_t);
void	*xrealloc(void *, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);

#endif /* !EXTERN_H */
