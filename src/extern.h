/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * Shared structures, enums and prototypes of smtpcode.
 */
#ifndef EXTERN_H
#define EXTERN_H

#include <stddef.h>
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
	const char	*body;		/* Markdown after the meta block */
	enum kb_kind	 kind;
	unsigned	 classes;	/* bit n set: class n occurs */
	enum kb_bounce	 bounce;
	int		 body_line;	/* line of the file where body starts */
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

/* kb.c */
/* Entry with exactly this key, or NULL; never freed by the caller. */
const struct kb_entry *kb_lookup(const char *);
/* Number of entries and the entry at index i (sorted by key). */
size_t	 kb_count(void);
const struct kb_entry *kb_at(size_t);
/* Reply or errno entry that the seed page spells as text ("4.2.0"). */
const struct kb_entry *kb_seed(const char *);
/* Does the space-separated list hold the word? */
int	 kb_list_has(const char *, const char *);

/* A code that some vendor entry matches on: the index of vendor lines. */
struct kb_vcode {
	const char	*code;		/* "550", "5.7.1" or "X.7.1" */
	unsigned	 entry;		/* index into kb_entries */
};

/* kb_data.c (generated) */
extern const struct kb_entry kb_entries[];
extern const size_t kb_nentries;
extern const struct kb_vcode kb_vcodes[];	/* sorted by code */
extern const size_t kb_nvcodes;

/* kbcheck.c: shared by kbgen and the runtime overlay */
/* Kind, reason and bounce names, for messages and output. */
const char *kb_kind_name(enum kb_kind);
const char *kb_bounce_name(enum kb_bounce);
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
	FMT_MARKDOWN		/* the entry as written */
};

/* render.c: how to draw a page */
struct render_opts {
	int		 ansi;		/* emit SGR sequences */
	int		 width;		/* wrap column, in characters */
};
/* Render Markdown text as a terminal page body; returns 0 or -1. */
int	 render_markdown(FILE *, const struct render_opts *, const char *);
/* Write text with control characters made visible. */
void	 render_safe(FILE *, const char *, size_t);
/* SGR colour for a class: green, yellow, red; "" for others. */
const char *render_class_colour(int);

/* explain.c: what a lookup shows */
struct explain_opts {
	struct render_opts ro;
	enum fmt	 fmt;
	int		 brief;		/* one line per code */
};
/*
 * Explain one code; typed is what the user wrote (or NULL), reply the
 * reply code it came with in a server's text (or 0).  Returns the class
 * that decides: the reply's when the two disagree.
 */
int	 explain_code(FILE *, const struct explain_opts *,
	    const struct smtp_code *, const char *, int);

/* json.c */
/* Write bytes as a quoted JSON string; invalid UTF-8 becomes U+FFFD. */
void	 json_string(FILE *, const char *, size_t);
/* The same for a NUL-terminated string. */
void	 json_str(FILE *, const char *);

/* xmalloc.c: allocators that never return NULL */
void	*xmalloc(size_t);
void	*xrealloc(void *, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);

#endif /* !EXTERN_H */
