/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * Find SMTP codes in free text: a pasted server reply or a log line.
 * Enhanced codes are recognised by their shape and boundaries; bare
 * three-digit numbers only where the context makes them a reply code,
 * so that ports, counts and pids are not mistaken for codes.
 */
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "extern.h"

/*
 * The most members a list of replies may have ("250/251/252", "code in
 * {421, 450}"): people write a few.  Each member of a list looks at the
 * whole list, so a longer run of numbers, which is data, would make a
 * line of them quadratic.
 */
#define LIST_MAX	32

static int	 isdig(int);
static int	 isalnum_(int);
static int	 isspace_(int);
static int	 byte_is(int, int);
static int	 short_key(const char *, size_t);
static size_t	 digits(const char *, size_t, size_t);
static int	 small_number(const char *, size_t);
static size_t	 match_enhanced(const char *, size_t, size_t,
		    struct smtp_code *);
static size_t	 enhanced_at(const char *, size_t, size_t,
		    struct smtp_code *);
static size_t	 match_reply(const char *, size_t, size_t, int,
		    struct smtp_code *);
static int	 reply_context(const char *, size_t, size_t, size_t);
static int	 closes_after(const char *, size_t, size_t);
static int	 text_may_follow(int);
static int	 table_field(const char *, size_t, size_t, int);
static int	 opens_reply(const char *, size_t);
static int	 open_at(const char *, size_t);
static int	 awaited_reply(const char *, size_t);
static int	 after_reply(const char *, size_t, size_t);
static int	 marker_at(const char *, size_t, size_t);
static int	 text_after(const char *, size_t, size_t);
static int	 ipv4_at(const char *, size_t, size_t);
static int	 host_token(const char *, size_t, size_t);
static int	 newline_before(const char *, size_t);
static int	 reply_before(const char *, size_t);
static int	 field_before(const char *, size_t);
static int	 free_status(const char *, size_t, size_t, size_t, size_t, int,
		    int);
static int	 quote_opens(const char *, size_t, size_t);
static int	 reply_key(const char *, size_t);
static int	 status_key(const char *, size_t);
static int	 ends_with_ci(const char *, size_t, const char *);
static uint64_t	 start_mask(const char *, size_t, size_t, size_t, size_t,
			    uint64_t *);
static uint64_t	 digit_bits(const char *, size_t, size_t);
static size_t	 run_at(const char *, size_t, size_t);
static int	 isdig_before(const char *, size_t);
static void	 store(const char *, struct found *, size_t, size_t,
		    const struct smtp_code *, size_t, size_t);
static int	 joins(const char *, size_t, size_t);
static inline int header_field(const char *, size_t);
static int	 software_name(const char *, size_t);
static size_t	 client_sent(const char *, size_t);
static int	 client_header(const char *, size_t);
static int	 refusal_after(const char *, size_t, size_t);
static int	 plural_at(const char *, size_t, size_t);
static int	 name_part(const char *, size_t, size_t, size_t);
static int	 ends_with(const char *, size_t, const char *);
static int	 prose_reply(const char *, size_t, size_t, size_t);
static int	 prose_before(const char *, size_t);
static int	 prose_after(const char *, size_t, size_t, int);
static size_t	 word_before(const char *, size_t, char *, size_t);
static int	 in_list(const char *, const char *const *);
static int	 prose_code(const char *);
static int	 section_before(const char *, size_t);
static int	 words_follow(const char *, size_t, size_t);
static int	 isalpha_(int);
static int	 version_at(const char *, size_t, size_t, size_t);
static int	 named_version(const char *, size_t, size_t, size_t);
static int	 version_pair(const char *, size_t, size_t);
static int	 plus_joined(const char *, size_t, size_t, size_t);
static int	 report_count(const char *, size_t, size_t, size_t);
static int	 http_named(const char *, size_t, size_t, size_t);
static size_t	 first_http(const char *, size_t, size_t, size_t);
static int	 status_word(const char *, size_t);
static int	 bracket_reply(const char *, size_t, size_t, size_t);
static int	 count_after(const char *, size_t, size_t);
static int	 web_status(const char *, size_t, size_t, size_t);
static int	 seen_before(const char *, size_t, size_t);
static int	 attribute(const char *, size_t);
static int	 hash_at(const char *, size_t, size_t, size_t *);
static int	 slash_list(const char *, size_t, size_t);
static int	 code_set(const char *, size_t, size_t, size_t);
static int	 smtp_only(const char *);
static int	 value3(const char *);
static int	 bare_http(const char *, size_t, size_t, size_t);
static int	 bare_word_http(const char *, size_t, size_t, size_t);
static int	 anchored(const char *, size_t, size_t, size_t);
static int	 status_in(const char *, size_t, int);
static int	 isupper_(int);
static int	 http_phrase(const char *, size_t, size_t);
static int	 server_phrase(const char *, size_t, size_t);
static int	 data_phrase(const char *, size_t, size_t, size_t);
static int	 echoed_later(const char *, size_t, size_t, size_t);
static int	 starts_ci(const char *, size_t, size_t, const char *);
static int	 exit_status(const char *, size_t);
static int	 key_follows(const char *, size_t, size_t);
static int	 repeated(const char *, size_t, size_t, size_t);
static int	 cjk_at(const char *, size_t, size_t);
static int	 cjk_glued(const char *, size_t, size_t, size_t);
static void	 enhanced_of(struct smtp_code *, const int *);
static size_t	 match_escaped(const char *, size_t, size_t,
		    struct smtp_code *);
static size_t	 match_triple(const char *, size_t, size_t,
		    struct smtp_code *);
static int	 underscored(const char *, size_t, size_t);
static int	 comment_start(const char *, size_t);
static int	 words_around(const char *, size_t, size_t, size_t);
static int	 letter_at(const char *, size_t, size_t);
static int	 word_glued(const char *, size_t, size_t, size_t);
static int	 blank_after(const char *, size_t, size_t);
static int	 noun_http(const char *, size_t, size_t);
static int	 call_argument(const char *, size_t, size_t, size_t);
static int	 status_before(const char *, size_t, int);
static int	 smtp_exception(const char *, size_t);
static size_t	 call_start(const char *, size_t);

static int	 plain;		/* find_codes_plain() is running */
/* Of the text being read: "http" starts before http_from, or not yet. */
static size_t	 http_from;
static int	 http_seen;
/* Of the text being read: status_in()'s answer per class, -1 not asked. */
static int	 status_seen[10];

/*
 * The kind of each byte: an ASCII digit, lower-case or upper-case letter,
 * '_' or '<' (which word_is() counts in a word), and the small sets of
 * bytes the rules ask about.  The tests of a letter or an alphanumeric
 * byte are the finder's most frequent ones; one look-up in this table
 * makes each a single load, and a set's test too (strchr() over a string
 * before, thousands of times a megabyte).
 */
enum {
	BK_DIGIT = 1,
	BK_LOWER = 2,
	BK_UPPER = 4,
	BK_UNDER = 8,
	BK_LT = 16,
	BK_WORD = BK_DIGIT | BK_LOWER | BK_UPPER | BK_UNDER | BK_LT,
	BK_MARKER = 32,		/* of a transcript: "<<<", "-->", "==", "**" */
	BK_OPENS = 64,		/* a reply's text: a bracket, quote, '*', '\\' */
	BK_CLOSES = 128,	/* a member of a set: "{421, 450}", "(550)" */
	BK_STOPS = 256,		/* a value last on its line or before a stop */
	BK_JOINS = 512,		/* a reply to its status: joins() */
	BK_DASH = 1024,		/* '-', of a header's name with the letters */
	BK_HEADER = BK_DIGIT | BK_LOWER | BK_UPPER | BK_DASH
};

static const unsigned short byte_kind[256] = {
	['\n'] = BK_STOPS,
	['\r'] = BK_STOPS,
	[' '] = BK_JOINS,
	['"'] = BK_OPENS | BK_JOINS,
	['#'] = BK_JOINS,
	['\''] = BK_OPENS | BK_JOINS,
	['('] = BK_OPENS,
	[')'] = BK_CLOSES | BK_STOPS | BK_JOINS,
	['*'] = BK_MARKER | BK_OPENS,
	[','] = BK_CLOSES | BK_STOPS | BK_JOINS,
	['-'] = BK_MARKER | BK_JOINS | BK_DASH,
	['.'] = BK_STOPS,
	/* '0' to '9' */
	['0'] = BK_DIGIT, BK_DIGIT, BK_DIGIT, BK_DIGIT, BK_DIGIT, BK_DIGIT,
	BK_DIGIT, BK_DIGIT, BK_DIGIT, BK_DIGIT,
	[':'] = BK_JOINS,
	[';'] = BK_STOPS | BK_JOINS,
	['<'] = BK_LT | BK_MARKER | BK_OPENS,
	['='] = BK_MARKER,
	['>'] = BK_MARKER,
	/* 'A' to 'Z' */
	['A'] = BK_UPPER, BK_UPPER, BK_UPPER, BK_UPPER, BK_UPPER, BK_UPPER,
	BK_UPPER, BK_UPPER, BK_UPPER, BK_UPPER, BK_UPPER, BK_UPPER, BK_UPPER,
	BK_UPPER, BK_UPPER, BK_UPPER, BK_UPPER, BK_UPPER, BK_UPPER, BK_UPPER,
	BK_UPPER, BK_UPPER, BK_UPPER, BK_UPPER, BK_UPPER, BK_UPPER,
	['['] = BK_OPENS,
	['\\'] = BK_OPENS,
	[']'] = BK_CLOSES,
	['_'] = BK_UNDER | BK_JOINS,
	/* 'a' to 'z'; the 'b' of Python's bytes joins: "(550, b'5.1.1" */
	['a'] = BK_LOWER, BK_LOWER | BK_JOINS, BK_LOWER, BK_LOWER, BK_LOWER,
	BK_LOWER, BK_LOWER, BK_LOWER, BK_LOWER, BK_LOWER, BK_LOWER, BK_LOWER,
	BK_LOWER, BK_LOWER, BK_LOWER, BK_LOWER, BK_LOWER, BK_LOWER, BK_LOWER,
	BK_LOWER, BK_LOWER, BK_LOWER, BK_LOWER, BK_LOWER, BK_LOWER, BK_LOWER,
	['}'] = BK_CLOSES
};

static int
isdig(int c)
{
	return c >= '0' && c <= '9';
}

static int
isalnum_(int c)
{
	return (byte_kind[c & 0xff] & (BK_DIGIT | BK_LOWER | BK_UPPER)) != 0;
}

/* qmail writes its replies with '_' for every space. */
static int
isspace_(int c)
{
	return c == ' ' || c == '_';
}

/* Is c of one of the kinds of byte_kind[]? */
static int
byte_is(int c, int kinds)
{
	return (byte_kind[c & 0xff] & kinds) != 0;
}

/* Is the key that ends at s[eq] (an '=') shorter than three letters? */
static int
short_key(const char *s, size_t eq)
{
	size_t	 n = 0;

	while (n < eq && isalnum_((unsigned char)s[eq - n - 1]))
		n++;
	return n < 3;
}

/* Number of digits at s[i], at most 4 counted. */
static size_t
digits(const char *s, size_t len, size_t i)
{
	size_t	 n = 0;

	while (i + n < len && isdig((unsigned char)s[i + n]) && n < 4)
		n++;
	return n;
}

static int
ends_with(const char *s, size_t len, const char *suffix)
{
	size_t	 n = strlen(suffix);

	return len >= n && memcmp(s + len - n, suffix, n) == 0;
}

/*
 * The last answer of enhanced_at() while find_codes_range() reads a
 * text: the test of a reply looks for the enhanced code after it
 * ("550 5.1.1"), and the scan then comes to that code itself, which
 * was judged twice (6% of -o).  Never kept past the text it was for.
 */
static struct {
	const char		*s;
	size_t			 len, i, n;
	struct smtp_code	 c;
	int			 on;
} enh_memo;

static size_t
match_enhanced(const char *s, size_t len, size_t i, struct smtp_code *c)
{
	/* Most rules ask after any byte: a class digit and its dot first. */
	if (i + 1 >= len || s[i + 1] != '.' ||
	    (s[i] != '2' && s[i] != '4' && s[i] != '5'))
		return 0;
	if (enh_memo.on == 2 && s == enh_memo.s && len == enh_memo.len &&
	    i == enh_memo.i) {
		*c = enh_memo.c;
		return enh_memo.n;
	}
	if (enh_memo.on == 0)
		return enhanced_at(s, len, i, c);
	if ((enh_memo.n = enhanced_at(s, len, i, c)) > 0)
		enh_memo.c = *c;
	enh_memo.s = s;
	enh_memo.len = len;
	enh_memo.i = i;
	enh_memo.on = 2;
	return enh_memo.n;
}

/* class.subject.detail at s[i], not part of a longer dotted number. */
static size_t
enhanced_at(const char *s, size_t len, size_t i, struct smtp_code *c)
{
	size_t	 a, b, e, j;
	int	 prev = i > 0 ? (unsigned char)s[i - 1] : ' ', glued = 0;
	/*
	 * Most statuses follow their reply ("550 5.1.1", "550-5.1.1"); then
	 * the tests of what stands before the code below cannot refuse it
	 * (a section's number, a version, a key, a word glued to it), and
	 * only its shape and what follows it are tested.
	 */
	int	 reply = reply_before(s, i);

	/* A literal "\n" ends a line flattened into one: "Learn\n5.1.3". */
	if (prev == 'n' && newline_before(s, i))
		prev = ' ';
	/* Glued to a word only as a repeat of a code before it (below) */
	if (isalpha_(prev)) {
		glued = 1;
		prev = ' ';
	}
	/* "Mutt/2.2.1" and "nodemailer@4.7.0" are versions. */
	if ((!reply && (isalnum_(prev) || prev == '.' || prev == '/' ||
	    prev == '@')) || (s[i] != '2' && s[i] != '4' && s[i] != '5') ||
	    i + 1 >= len || s[i + 1] != '.')
		return 0;
	/* The shape first: class, subject and detail, no leading zeros. */
	if ((a = digits(s, len, i + 2)) == 0 || a > 3 ||
	    (a > 1 && s[i + 2] == '0'))
		return 0;
	j = i + 2 + a;
	if (j >= len || s[j] != '.')
		return 0;
	if ((b = digits(s, len, j + 1)) == 0 || b > 3 ||
	    (b > 1 && s[j + 1] == '0'))
		return 0;
	j += 1 + b;
	/*
	 * "1.2.3.4" and "5.1.1a" are not codes, nor a longer dotted name
	 * ("5.0.7.RELEASE" of a Java jar, a file "5.7.1.md"); "5.1.1." ends
	 * a sentence.
	 */
	if (j < len && (isalnum_((unsigned char)s[j]) ||
	    (s[j] == '.' && j + 1 < len &&
	    isalnum_((unsigned char)s[j + 1]))) &&
	    !word_glued(s, len, i, j))
		return 0;
	/* "4.3.0-pre1", "4.1.0-rc2": a release's tag after a dash */
	if (j + 2 < len && s[j] == '-' && s[j + 1] >= 'a' && s[j + 1] <= 'z') {
		for (e = j + 1; e < len && e - j <= 5 && s[e] >= 'a' &&
		    s[e] <= 'z'; e++)
			continue;
		if (e < len && isdig((unsigned char)s[e]))
			return 0;
	}
	/*
	 * "2.6.32-042stab", "2.4.24-2" and "5.3.2-2" are versions (a
	 * package's revision after the dash); "4.7.500-699" is a range, its
	 * end as long as the detail and above it.
	 */
	if (j + 1 < len && s[j] == '-' && isdig((unsigned char)s[j + 1])) {
		for (e = j + 1; e < len && isdig((unsigned char)s[e]); e++)
			continue;
		if (e - j - 1 != b || memcmp(s + j + 1, s + j - b, b) <= 0 ||
		    (e < len && (isalnum_((unsigned char)s[e]) ||
		    s[e] == '-' || s[e] == '.')))
			return 0;
	}
	/*
	 * "4.1.6_dsn" is a name; qmail's "_5.1.1_" has '_' on both sides,
	 * and a status that starts a string of its text has its words
	 * joined by '_' after it ("4.7.1_IP_Reputation_Greylisted/").
	 */
	if (j < len && s[j] == '_' && prev != '_' && !underscored(s, len, j))
		return 0;
	if (!reply && !free_status(s, len, i, j, a, prev, glued))
		return 0;
	memset(c, 0, sizeof(*c));
	c->type = CODE_ENHANCED;
	c->cls = s[i] - '0';
	c->subject = small_number(s + i + 2, a);
	c->detail = small_number(s + i + 3 + a, b);
	c->suffix = -1;
	return 3 + a + b;	/* "5.1.1": the whole code */
}

/*
 * Is a reply code and a space or dash just before s[i] ("550 5.1.1",
 * "550-5.1.1")?
 */
static int
reply_before(const char *s, size_t i)
{
	return i >= 4 && (s[i - 1] == ' ' || s[i - 1] == '-') &&
	    isdig((unsigned char)s[i - 2]) && isdig((unsigned char)s[i - 3]) &&
	    isdig((unsigned char)s[i - 4]) &&
	    (i == 4 || !isalnum_((unsigned char)s[i - 5]));
}

/*
 * For enhanced_at(), of a status s[i..j) whose subject has a digits and
 * which no reply precedes: do the words before it leave it a status?
 * prev is the byte before it ('n' of a literal "\n" and a letter read as
 * a space); glued, whether it was a letter.
 */
static int
free_status(const char *s, size_t len, size_t i, size_t j, size_t a,
    int prev, int glued)
{
	/* "section 4.2.1", "§ 4.5.3": a part of a document. */
	if ((prev == ' ' || prev == ':') && section_before(s, i))
		return 0;
	/* A dash may only join a reply to its code, as in "550-5.7.1". */
	if (prev == '-' && (i < 4 || !isdig((unsigned char)s[i - 2]) ||
	    !isdig((unsigned char)s[i - 3]) || !isdig((unsigned char)s[i - 4])))
		return 0;
	/* "V=4.5.1" is a version; "dsn=5.1.1" and "status=5.1.1" are codes. */
	if (prev == '=' && short_key(s, i - 1))
		return 0;
	/* "version 2.11.0" names software, not a status. */
	if (prev == ' ' && i >= 8 && (s[i - 2] | 0x20) == 'n' &&
	    (ends_with(s, i, "version ") || ends_with(s, i, "Version ")))
		return 0;
	/*
	 * RFC 3463 has eight subjects, 0 to 7: "Exim 4.96.2" is a version,
	 * not a status, unless a reply code or a status field's name stands
	 * just before it ("550 5.12.345", "Status: 5.9.9", "dsn=5.9.9").
	 */
	if ((a > 1 || s[i + 2] > '7') && !field_before(s, i))
		return 0;
	/* field_before() first: it is cheaper, and true of most codes */
	if (!field_before(s, i) && (version_at(s, len, i, j) ||
	    version_pair(s, len, i)))
		return 0;
	/*
	 * "go to5.7.8  https://…": a multi-line reply flattened without its
	 * line breaks glues a line's status to the word before it; only a
	 * status already seen in the text, standing free there, counts.
	 */
	return !glued || seen_before(s, i, j - i);
}

/* The value of the one to three digits at s. */
static int
small_number(const char *s, size_t n)
{
	int	 v = s[0] - '0';

	if (n > 1)
		v = v * 10 + (s[1] - '0');
	if (n > 2)
		v = v * 10 + (s[2] - '0');
	return v;
}

/* Keys whose value is a reply code in logs and programs' errors. */
static const char *const reply_keys[] = {
	"reject", "stat", "msg", "code", "reply", "response",
	"responsecode", "smtp_code", "smtpcode", "status_code", "data",
	"error_code", "errorcode", "statuscode", "replycode", NULL
};

/*
 * Words after which a number is a reply as in "SMTP error 550", "error
 * code 550" or "the server responded: 550", and markers of the server's
 * side of a session transcript ("S:", "<<<", "SMTP<<", "SERVER ->
 * CLIENT:"): after them even an intermediate 3xx reply is a reply.
 * Mail clients' translated error dialogs name the server in their own
 * language ("Erro de Servidor: 454", "Erreur du serveur : 554",
 * "Serverfehler: 550", "Serverantwort: 550 …").
 */
static const char *const reply_words[] = {
	"error", "code", "reply", "response", "responded", "said", "status",
	"answered", "replied", "returned", "s", "r", "server", "client",
	"smtp<<", "smtp<", "<<", "<<<", "<-",
	"servidor", "serveur", "serverfehler", "serverantwort", "serverfout",
	"serverantwoord", NULL
};

/*
 * Words before a colon that name a reply in libraries' transcripts and
 * errors: "Got: 334 …", "Expected: 250, Got: 553", "RCPT failed: 553".
 */
static const char *const got_words[] = {
	"got", "expected", "failed", NULL
};

/*
 * Words that name the reply a client waited for, in a bracketed note
 * after the one it got: "… 535 5.7.8 Bad credentials (require: 235)".
 */
static const char *const wait_words[] = {
	"require", "required", "expecting", "wanted", NULL
};

/* Nouns of things counted: "550 messages", "250 seconds", "421 MB". */
static const char *const counts[] = {
	"messages", "message", "mails", "emails", "users", "recipients",
	"results", "rows", "records", "items", "entries", "addresses",
	"requests", "bytes", "kb", "mb", "gb", "ms", "seconds", "secs",
	"minutes", "hours", "days", "times", "lines", "characters",
	"chars", "percent", "errors", "people", NULL
};

/* Names of the protocol, after which one of its values is a reply. */
static const char *const protocol_words[] = {
	"smtp", "esmtp", "lmtp", NULL
};

/* Words before a colon that name what follows as a port. */
static const char *const port_words[] = {
	"port", "ports", NULL
};

/* Verbs among reply_words, which prose also uses for HTTP's statuses. */
static const char *const reply_verbs[] = {
	"responded", "answered", "replied", "returned", NULL
};

static int	 word_is(const char *, size_t, size_t, const char *const *);
static int	 word_at(const char *, size_t, size_t, const char *);

/*
 * The last word word_is() read while find_codes_range() reads a text:
 * its length and where a word of a list may start in it.  Never kept
 * past the text it was for.
 */
static struct {
	const char	*s;
	size_t		 end, max, n;
	uint64_t	 starts;
	int		 on;
} word_memo;

/*
 * Is the word that ends at s[end] (exclusive) one of list, ignoring case?
 * A word is a run of letters, digits and '_' ("ERROR_CODE"); a marker
 * made of '<' is a word of its own.  "SMTP<<", "ERROR_CODE",
 * "SmtpStatusCode": a tail of the word counts too, after '<' or '_' or at
 * a change from lower to upper case, and a tail that starts with '<' (a
 * marker) always.  The places where a word of the list may start are
 * found as the word is read, a bit t of starts for end - t (max is at
 * most 40); each word of the list is tested there by its first byte
 * first, so none of them is measured (most fail on that byte).
 */
static int
word_is(const char *s, size_t end, size_t max, const char *const *list)
{
	uint64_t	 starts = 0;
	size_t		 n = 0, k, t;
	int		 kind, after = 0;	/* of the byte, the one after */

	/* The same word against another list: "said:" is tested as a
	 * key, a reply's name, a "got" and a port's name in turn. */
	if (word_memo.on && s == word_memo.s && end == word_memo.end &&
	    max == word_memo.max) {
		n = word_memo.n;
		starts = word_memo.starts;
	} else {
		while (n < end && n < max) {
			kind = byte_kind[(unsigned char)s[end - n - 1]];
			if ((kind & BK_WORD) == 0)
				break;
			if ((kind & (BK_UNDER | BK_LT)) || (after & BK_LT) ||
			    ((kind & BK_LOWER) && (after & BK_UPPER)))
				starts |= UINT64_C(1) << n;
			after = kind;
			n++;
		}
		/* never at end itself, after a last '_' or '<' */
		starts = (starts & ~UINT64_C(1)) | UINT64_C(1) << n;
		if (word_memo.on) {
			word_memo.s = s;
			word_memo.end = end;
			word_memo.max = max;
			word_memo.n = n;
			word_memo.starts = starts;
		}
	}
	if (n == 0 || n == max)
		return 0;
	for (; starts != 0; starts &= starts - 1) {
		t = (size_t)__builtin_ctzll(starts);
		for (k = 0; list[k] != NULL; k++)
			if (word_at(s, end - t, end, list[k]))
				return 1;
	}
	return 0;
}

/* Is s[p..end) the word w, ignoring the case of ASCII letters? */
static int
word_at(const char *s, size_t p, size_t end, const char *w)
{
	size_t	 x;

	if ((s[p] | 0x20) != (w[0] | 0x20))
		return 0;
	for (x = 1; w[x] != '\0' && p + x < end; x++)
		if ((s[p + x] | 0x20) != (w[x] | 0x20))
			return 0;
	return w[x] == '\0' && p + x == end;
}

/*
 * Is the word that ends at s[end] (exclusive) one of reply_keys, or a key
 * that names a code or a status?  Never a key that names HTTP
 * ("http_code", "httpStatus"), which is looked for last: both must hold,
 * and most keys are none of reply_keys.
 */
static int
reply_key(const char *s, size_t end)
{
	size_t	 k;

	if (!word_is(s, end, 20, reply_keys) && !status_key(s, end))
		return 0;
	for (k = end; k > 0 && end - k < 40 && (isalnum_((unsigned char)
	    s[k - 1]) || s[k - 1] == '_' || s[k - 1] == '-'); k--)
		if (end - k >= 3 && (s[k - 1] | 0x20) == 'h' &&
		    (s[k] | 0x20) == 't' && (s[k + 1] | 0x20) == 't' &&
		    (s[k + 2] | 0x20) == 'p')
			return 0;
	return 1;
}

/*
 * Any key that names a code or a status: "smtpstatus=552", and a long
 * name of a setting in camel case ("FailedWithSMTPCode=521").
 */
static int
status_key(const char *s, size_t end)
{
	size_t	 n = 0;

	if (end < 4 || ((s[end - 1] | 0x20) != 'e' &&
	    (s[end - 1] | 0x20) != 's'))
		return 0;
	while (n < end && n < 40 && isalnum_((unsigned char)s[end - n - 1]))
		n++;
	return n < 40 && ((n >= 4 && ends_with_ci(s, end, "code")) ||
	    (n >= 6 && ends_with_ci(s, end, "status")));
}

/* ends_with(), ignoring the case of ASCII letters. */
static int
ends_with_ci(const char *s, size_t len, const char *suffix)
{
	size_t	 n = strlen(suffix), k;

	if (len < n)
		return 0;
	for (k = 0; k < n; k++)
		if ((s[len - n + k] | 0x20) != (suffix[k] | 0x20))
			return 0;
	return 1;
}

/*
 * Is the number at s[i] the reply a client waited for, named by one of
 * wait_words after a bracket that opens a note: "(require: 235"?
 */
static int
awaited_reply(const char *s, size_t i)
{
	size_t	 k = i, n = 0;

	while (k > 0 && s[k - 1] == ' ')
		k--;
	if (k < 3 || s[k - 1] != ':' || !word_is(s, k - 1, 20, wait_words))
		return 0;
	k--;
	while (n < k && n < 20 && isalnum_((unsigned char)s[k - n - 1]))
		n++;
	return n < k && s[k - n - 1] == '(';
}

/*
 * Where a reply code may stand: 0 not there, 1 where words must follow it
 * ("said: 550 User unknown" but not "exceeded: 334"), 2 where the number
 * can only be a reply: a transcript marker or an arrow ("<<< 550",
 * "--> 220"), a key ("reject=550", "\"code\": 550", "(550, b'"), "SMTP
 * error 550", a DSN type ("smtp; 550"); 3 the start of a text or of a
 * flattened line (after "\n", "[nl]", "<CRLF>" or a list's bullet),
 * which is as strong unless the number looks unlike a reply (see
 * reply_context()).
 */
static int
opens_reply(const char *s, size_t i)
{
	int	 open = open_at(s, i);

	/* "100.0%\t550 Message rejected": a cell of tab-separated text */
	if (open == 0 && i > 0 && s[i - 1] == '\t')
		open = 1;
	return open;
}

/*
 * Does an arrow's '-' at s[p] follow a session trace's prefix, the
 * protocol's name, a colon and the connection's number ("smtps:1-")?
 */
static int
trace_arrow(const char *s, size_t p)
{
	static const char *const trace_words[] = {
		"smtp", "smtps", "lmtp", NULL
	};
	size_t	 t = p;

	while (t > 0 && isdig((unsigned char)s[t - 1]))
		t--;
	return t < p && t >= 2 && s[t - 1] == ':' &&
	    word_is(s, t - 1, 20, trace_words);
}

/*
 * Is the number at s[i] the reply a library got after the one it
 * expected ("Expected smtp code 250, got 552")?  "got" stands just
 * before it, and "expected" earlier on its line before a number that is
 * itself a reply SMTP sends (never "expected 200, got 500", HTTP's, nor
 * "expected 3 rows, got 250").
 */
static int
got_after_expected(const char *s, size_t i)
{
	size_t	 k = i, p, q, stop;

	while (k > 0 && s[k - 1] == ' ')
		k--;
	if (k < 4 || !ends_with_ci(s, k, "got") ||
	    isalnum_((unsigned char)s[k - 4]))
		return 0;
	stop = k > 72 ? k - 72 : 0;
	for (p = k - 3; p >= stop + 8; p--) {
		if (s[p - 1] == '\n')
			return 0;
		if (!ends_with_ci(s, p, "expected"))
			continue;
		for (q = p; q < k - 3 && !isdig((unsigned char)s[q]); q++)
			continue;
		return q + 3 < k - 3 && digits(s, k, q) == 3 &&
		    prose_code(s + q);
	}
	return 0;
}

/*
 * Where the reply after ", got " starts, when ", got " and a value SMTP
 * sends follow s[end] (0 otherwise): "expected 354, got 554".
 */
static size_t
got_after(const char *s, size_t len, size_t end)
{
	size_t	 j = end + 1;

	while (j < len && s[j] == ' ')
		j++;
	if (!starts_ci(s, len, j, "got ") || digits(s, len, j + 4) != 3 ||
	    !prose_code(s + j + 4))
		return 0;
	return j + 4;
}

static int
open_at(const char *s, size_t i)
{
	size_t	 k = i, t;
	int	 prev, before;

	while (k > 0 && (s[k - 1] == ' ' || s[k - 1] == '\t'))
		k--;
	if (k == 0 || newline_before(s, k) || ends_with(s, k, "[nl]") ||
	    ends_with(s, k, "<CRLF>"))
		return 3;
	prev = (unsigned char)s[k - 1];
	before = k >= 2 ? (unsigned char)s[k - 2] : ' ';
	switch (prev) {
	case '"':
		return quote_opens(s, i, k);
	case '(':
		/* Rust's optional value under a code's key: "code: Some(550)" */
		if (k == i && k >= 7 && ends_with(s, k - 1, "Some") &&
		    !isalnum_((unsigned char)s[k - 6]) && prose_code(s + i)) {
			for (t = k - 5; t > 0 && s[t - 1] == ' '; t--)
				continue;
			if (t > 1 && (s[t - 1] == ':' || s[t - 1] == '=')) {
				for (t--; t > 0 && s[t - 1] == ' '; t--)
					continue;
				if (reply_key(s, t))
					return 2;
			}
		}
		/* FALLTHROUGH */
	case '\'':
	case '`':
		return k == i || word_is(s, k, 20, reply_words) ? 1 : 0;
	case '<':
		/* "<< 334", "<<< 550", "SMTP< 530" */
		if (before == '<' || word_is(s, k, 20, reply_words))
			return 2;
		/* "< 250 CHUNKING": a lone marker of what was received */
		return k == i || k < 2 || before == ' ' || before == ']' ||
		    before == ':' ? 1 : 0;
	case '-':
	case '*':
		if (prev == '-' && before == '<')
			return 2;	/* "<- 250", "<-- 250" */
		/* "Mailserver response error -- 550 Sender …": a double
		 * dash after the name of a reply */
		if (prev == '-' && before == '-' && k < i && k >= 3) {
			size_t	 w = k - 2;

			while (w > 0 && s[w - 1] == ' ')
				w--;
			if (w < k - 2 && word_is(s, w, 20, reply_words))
				return 2;
		}
		/* "- 550 ip in prison": a bullet of a list of replies */
		if (k == i)
			return 0;
		/* "-- 451 Try again later": a comment's line (SQL, Lua) */
		if (prev == '-' && before == '-')
			return comment_start(s, k) ? 3 : 0;
		for (k--; k > 0 && s[k - 1] == ' '; k--)
			continue;
		return k == 0 || s[k - 1] == '\n' || newline_before(s, k) ?
		    3 : 0;
	case '\t':
		return 1;
	case '=':
		/* "reject=550", "code = 451", and a comparison in a program
		 * or its test: "code == 250", "smtpCode !== 421" */
		while (k > 1 && (s[k - 2] == '=' || s[k - 2] == '!'))
			k--;
		while (k > 1 && s[k - 2] == ' ')
			k--;
		/* a subscript by a code's key: assert got["code"] == 451 */
		if (k >= 4 && (s[k - 2] == ']' || s[k - 2] == ')') &&
		    (s[k - 3] == '"' || s[k - 3] == '\'') &&
		    reply_key(s, k - 3))
			return 2;
		/* a call of a function that names a code:
		 * smtp_error_code("u@example.com", server=s) == 553 */
		if (k >= 4 && s[k - 2] == ')' &&
		    (t = call_start(s, k - 2)) > 0 && reply_key(s, t))
			return 2;
		return reply_key(s, k - 1) ? 2 : 0;
	case ';':
		if (k < i && comment_start(s, k))
			return 3;	/* "; 250 Message accepted" */
		return ends_with_ci(s, k, "smtp;") ? 2 : 0;
	case '#':
	case '/':
		/* "//   553-fail. Refer to": a comment's line quoting a
		 * reply; never "#553", an issue's number */
		return k < i && comment_start(s, k) ? 3 : 0;
	case ':':
		/* "\"responseCode\": 535", "ERROR_CODE :550", "S: 354" */
		while (k > 1 && s[k - 2] == ' ')
			k--;
		/* and a quoted key of Python's dict: "{'code': 250, …}" */
		if (k >= 2 && (s[k - 2] == '"' || s[k - 2] == '\'') &&
		    reply_key(s, k - 2))
			return 2;
		if (exit_status(s, k - 1))
			return 0;
		if (reply_key(s, k - 1) || word_is(s, k - 1, 20, reply_words) ||
		    word_is(s, k - 1, 20, got_words))
			return 2;
		/* An exception of an SMTP library names it: "SMTPSenderRefused:
		 * 550", "smtplib.SMTPDataError: 554" */
		if (smtp_exception(s, k - 1))
			return 2;
		/* "said: 550", never "SHA384:256" or "file.c:308:", nor a
		 * port: "smtp port: 587 blocked" */
		return k < i && !word_is(s, k - 1, 20, port_words) ? 1 : 0;
	case '>':
		/* An arrow: "-> 250", "--> 220", "=> 421", ">> 250" */
		if (k < i && (before == '-' || before == '=' || before == '>'))
			return 2;
		/* A session trace glues its arrow to the protocol's name and
		 * the connection's number, as vmime's tracer writes what the
		 * server sent: "smtps:1->334 ", "smtp:2->250-SIZE 35882577" */
		if (k == i && before == '-' && k >= 2 && trace_arrow(s, k - 2))
			return 2;
		/* A key of Ruby's hash: "{:code=>550, …}" */
		if (before == '=' && k >= 2 && reply_key(s, k - 2))
			return 2;
		/* FALLTHROUGH */
	case ']':
		if (k < i && word_is(s, k, 20, reply_words))
			return 2;	/* "SMTP<< 220" */
		return k < i ? 1 : 0;
	case ')':
		/* "(executor-thread-25) 220 mx ESMTP": a log record's last
		 * field in brackets, as JavaMail's protocol log through
		 * java.util.logging writes a thread; words must follow */
		return k < i ? 1 : 0;
	case '_':
		/* qmail's "Remote_host_said:_550": after the name of a reply
		 * as after "said: 550", whatever follows */
		if (before == ':' && k >= 2 &&
		    word_is(s, k - 2, 20, reply_words))
			return 2;
		/* "mailbox._550_No_such_recipient/": a reply that starts a
		 * sentence of qmail's text; words must follow it */
		if (before == '.' && k >= 3 && s[k - 3] >= 'a' &&
		    s[k - 3] <= 'z')
			return 1;
		return before == ':' ? 1 : 0;
	default:
		/* Exchange's protocol log: a field of only '>' (what the
		 * server sent) or '<' (what it received) before the reply,
		 * ",>,354 Start mail input", ",<,250 2.0.0 OK"; words must
		 * follow it (never ",>,500,rows"), and the marker is a field
		 * of its own (never "<td>,250 employees") */
		if (prev == ',' && k == i && k >= 3 && s[k - 3] == ',' &&
		    (before == '>' || before == '<'))
			return 1;
		/* A typographic quote ("“535”") is prose: prose_reply() */
		if (prev >= 0x80 && k >= 3 && (unsigned char)s[k - 3] == 0xe2 &&
		    (unsigned char)s[k - 2] == 0x80 && (prev == 0x9c ||
		    prev == 0x98))
			return 0;
		/* "└──550-…": a drawing or arrow before a reply */
		if (prev >= 0x80)
			return 1;
		/* "SMTP error 550", "error code 550"; after a bare verb only
		 * the values SMTP sends ("returned 404" is HTTP's). */
		if (k < i && word_is(s, k, 20, reply_words))
			return (word_is(s, k, 20, reply_verbs) &&
			    !prose_code(s + i)) || exit_status(s, k) ||
			    noun_http(s, i, k) ? 0 : 2;
		/* The protocol's name before one of its values: "SMTP 250
		 * $size" in a program's own log; never "SMTP 587", a port. */
		if (k < i && word_is(s, k, 20, protocol_words) &&
		    prose_code(s + i))
			return 2;
		/* "5.7.1 554 Character set prohibited": a reply after a
		 * status of its class, as header_checks' text follows
		 * Postfix's own status; words must follow it */
		if (k < i && isdig(prev) && status_before(s, k, s[i]))
			return 1;
		/* "failed,5.1.1,550 User unknown": the same in the next
		 * field of a CSV row, as PowerMTA's accounting file writes
		 * dsnStatus then dsnDiag; words must follow it too */
		if (prev == ',' && k == i && k >= 2 &&
		    isdig((unsigned char)s[k - 2]) &&
		    status_before(s, k - 1, s[i]))
			return 1;
		/* "expected 250 but the server replied", "got 550 Denied":
		 * a value SMTP uses, words after it (never "got 550
		 * messages", a count) */
		if (k < i && prose_code(s + i) && word_is(s, k, 20, got_words))
			return 1;
		return 0;
	}
}

/*
 * Does the name of a status field or of a code's key and its '=' or ':'
 * stand before s[i] ("dsn=5.1.1", "Status: 5.9.9")?
 */
static int
field_before(const char *s, size_t i)
{
	static const char *const fields[] = { "status", "dsn", "stat", NULL };
	size_t	 k = i;

	while (k > 0 && s[k - 1] == ' ')
		k--;
	if (k == 0 || (s[k - 1] != '=' && s[k - 1] != ':'))
		return 0;
	return word_is(s, k - 1, 20, fields) || reply_key(s, k - 1);
}

/*
 * A reply after a double quote at s[k - 1]: a key's value ("C=\"250 …",
 * "data=\"220 …" strongly, any other key="451 Try …" if words follow) or
 * a quoted reply ("\"550 User unknown\"").
 */
static int
quote_opens(const char *s, size_t i, size_t k)
{
	int	 before = k >= 2 ? (unsigned char)s[k - 2] : ' ';

	if (k == i && before != '=' && before != ':' && before != ' ')
		return 1;
	if (before == '=')
		return reply_key(s, k - 2) || (k >= 3 && s[k - 3] == 'C' &&
		    (k == 3 || s[k - 4] == ' ')) ? 2 : k == i;
	return k == i;
}

/* Is there a literal "\n" (as in a flattened reply) just before s[i]? */
static int
newline_before(const char *s, size_t i)
{
	return i >= 2 && s[i - 1] == 'n' && s[i - 2] == '\\';
}

/*
 * What follows a three-digit number at s[end]: 2 an enhanced code, so
 * the number is a reply ("550 5.1.1", "550-5.1.1", "550 #5.1.0", Amazon
 * SES's "550-'5.7.1", "550; 5.7.515", "554;5.0.0"); 0 a transcript
 * marker after spaces, so the number is a pid or a counter ("308
 * SMTP<< 220", "292 == addr", "12345 S: 250"); 1 anything else.
 */
static int
after_reply(const char *s, size_t len, size_t end)
{
	struct smtp_code	 c;
	size_t			 j = end;

	if (j >= len)
		return 1;
	/* A tuple printed without its parenthesis: "554, b'5.0.0 Error";
	 * PHPMailer's ErrorInfo "…,530,5.7.0 SMTP server error": the reply
	 * and its status of the same class joined by a comma */
	if (s[j] == ',') {
		if (j + 1 < len && s[j + 1] == s[end - 3] &&
		    match_enhanced(s, len, j + 1, &c) > 0)
			return 2;
		if (j + 1 < len && s[j + 1] == ' ')
			j++;
		if (j + 1 < len && s[j + 1] == 'b')
			j++;
		if (j + 2 < len && (s[j + 1] == '\'' || s[j + 1] == '"') &&
		    match_enhanced(s, len, j + 2, &c) > 0)
			return 2;
		return 1;
	}
	/* "says: 554. 5.7.1" */
	if (s[j] == ';' || s[j] == ':' || (s[j] == '.' && j + 1 < len &&
	    s[j + 1] == ' ')) {
		if (j + 1 < len && s[j + 1] == ' ')
			j++;
		if (j + 1 < len && match_enhanced(s, len, j + 1, &c) > 0)
			return 2;
		return 1;
	}
	if (!isspace_((unsigned char)s[j]) && s[j] != '-')
		return 1;
	j++;
	if (j < len && (s[j] == '#' || s[j] == '\''))
		j++;
	if (j < len && match_enhanced(s, len, j, &c) > 0)
		return 2;
	if (s[end] != ' ')
		return 1;
	while (j < len && s[j] == ' ')
		j++;
	return marker_at(s, len, j) ? 0 : 1;
}

/*
 * A marker of a transcript or a log record at s[j]: an arrow or a run of
 * '<', '>', '=', '*' ("SMTP<<", "<<<", "-->", "==", "**"), a side
 * ("S:", "C:") or Exim's "LOG:".
 */
static int
marker_at(const char *s, size_t len, size_t j)
{
	size_t	 n = 0;

	if (len - j >= 6 && (memcmp(s + j, "SMTP<<", 6) == 0 ||
	    memcmp(s + j, "SMTP>>", 6) == 0))
		return 1;
	if (len - j >= 4 && memcmp(s + j, "LOG:", 4) == 0)
		return 1;
	if (len - j >= 2 && s[j] >= 'A' && s[j] <= 'Z' && s[j + 1] == ':')
		return 1;
	while (j + n < len && byte_is((unsigned char)s[j + n], BK_MARKER))
		n++;
	/* "<>" is the null sender: "550 <> Sender rejected" */
	if (n == 2 && s[j] == '<' && s[j + 1] == '>')
		return 0;
	return n >= 2 && (j + n == len || s[j + n] == ' ');
}

/*
 * Does what starts at s[j] read as the text of a reply: a word, an
 * address, a bracket or quote, a host's IPv4 address ("220 127.0.0.1
 * ESMTP"), or something shaped like a status code ("554 6.6.0 Error")?
 */
static int
text_after(const char *s, size_t len, size_t j)
{
	struct smtp_code code;
	int	 c;
	size_t	 a, b;

	if (j >= len)
		return 0;
	c = (unsigned char)s[j];
	if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 0x80 ||
	    byte_is(c, BK_OPENS))
		return 1;
	/* "550 ... denied": the text left out */
	if (c == '.' && j + 4 < len && s[j + 1] == '.' && s[j + 2] == '.' &&
	    s[j + 3] == ' ' && isalpha_((unsigned char)s[j + 4]))
		return 1;
	if (!isdig(c))
		return 0;
	if (ipv4_at(s, len, j) || host_token(s, len, j))
		return 1;
	/* "550 5\.1\.1" in a pattern */
	if (j + 1 < len && s[j + 1] == '\\' && match_escaped(s, len, j, &code))
		return 1;
	if (j + 1 >= len || s[j + 1] != '.' ||
	    (a = digits(s, len, j + 2)) == 0 || a > 3 ||
	    j + 2 + a >= len || s[j + 2 + a] != '.' ||
	    (b = digits(s, len, j + 3 + a)) == 0 || b > 3)
		return 0;
	j += 3 + a + b;
	return j == len || (!isalnum_((unsigned char)s[j]) && s[j] != '.');
}

/*
 * Does the second or third lower-case word after the number at s[end]
 * refuse, as a reply's text does ("599 custom reject", "567 relay
 * denied")?  Not the first, which a count's total is ("Total: 487
 * blocked", "spam: 467 rejected"); not before a plural, the noun of a
 * count ("487 custom blocked hosts"); nor after a port of SMTP or NNTP.
 */
static int
refusal_after(const char *s, size_t len, size_t end)
{
	static const char *const stems[] = {
		"reject", "refus", "denied", "deny", "block", "forbid", NULL
	};
	size_t	 j = end, w, k, n;

	/* The ports of SMTP and NNTP over TLS and of submission are
	 * blocked and refused too: "192.0.2.1: 465 refused" */
	if (end < 3 || memcmp(s + end - 3, "465", 3) == 0 ||
	    memcmp(s + end - 3, "563", 3) == 0 ||
	    memcmp(s + end - 3, "587", 3) == 0)
		return 0;
	for (w = 0; w < 3 && j < len && s[j] == ' '; w++) {
		for (j++, n = 0; j + n < len && s[j + n] >= 'a' &&
		    s[j + n] <= 'z'; n++)
			continue;
		if (n == 0)
			return 0;
		for (k = 0; w > 0 && stems[k] != NULL; k++)
			if (n >= strlen(stems[k]) &&
			    memcmp(s + j, stems[k], strlen(stems[k])) == 0)
				return !plural_at(s, len, j + n);
		j += n;
	}
	return 0;
}

/* A lower-case word of five letters or more ending in 's' after a space
 * at s[j]: "hosts", "messages". */
static int
plural_at(const char *s, size_t len, size_t j)
{
	size_t	 n;

	if (j >= len || s[j] != ' ')
		return 0;
	for (j++, n = 0; j + n < len && s[j + n] >= 'a' && s[j + n] <= 'z';
	    n++)
		continue;
	return n >= 5 && s[j + n - 1] == 's' &&
	    (j + n == len || !isalnum_((unsigned char)s[j + n]));
}

/*
 * A host's name that starts with a digit, as a container's hexadecimal
 * id, then a capitalised word: a greeting's "220 149d38f40f89 ESMTP
 * Postfix".  Eight hexadecimal digits or more, a letter among them;
 * never a size, a delay or a count ("10MB", "4h", "3c2b1a0d messages").
 */
static int
host_token(const char *s, size_t len, size_t j)
{
	size_t	 n, letters = 0;

	for (n = 0; j + n < len && (isdig((unsigned char)s[j + n]) ||
	    ((s[j + n] | 0x20) >= 'a' && (s[j + n] | 0x20) <= 'f')); n++)
		letters += !isdig((unsigned char)s[j + n]);
	return n >= 8 && letters > 0 && j + n + 1 < len && s[j + n] == ' ' &&
	    isupper_((unsigned char)s[j + n + 1]);
}

/* An IPv4 address at s[j], four numbers of one to three digits. */
static int
ipv4_at(const char *s, size_t len, size_t j)
{
	size_t	 n, k;

	for (k = 0; k < 4; k++) {
		if ((n = digits(s, len, j)) == 0 || n > 3)
			return 0;
		j += n;
		if (k < 3 && (j >= len || s[j++] != '.'))
			return 0;
	}
	return j == len || (!isalnum_((unsigned char)s[j]) &&
	    !(s[j] == '.' && j + 1 < len && isdig((unsigned char)s[j + 1])));
}

/*
 * Is the number at s[i..i+3) used as a reply code?  It is when an enhanced
 * code follows it, or when it stands where replies stand (see
 * opens_reply()) and what follows fits: words after most openings ("550
 * User unknown", "550-Go away"), anything but more digits after the
 * strong ones ("SMTP error 550", "(550, b'…", "smtp;550 : …").  Counts,
 * ports, sizes and pids fail: no such opening, nothing textual after
 * them, or a transcript marker after them.
 */
static int
reply_context(const char *s, size_t len, size_t i, size_t end)
{
	struct smtp_code code;
	size_t	 j = end;
	int	 next, open = -1, after;

	if (plus_joined(s, len, i, end))
		return 1;
	if ((after = after_reply(s, len, end)) == 0)
		return 0;
	/*
	 * SMTP defines no reply 200 to 209, 300 to 309 or 400 to 409, HTTP
	 * does: such a number without a reply's text after it ("code=401
	 * uid=") or with HTTP's own text ("400 Bad Request") is HTTP's.
	 * Test servers send them with text ("403 Sorry temp data error").
	 * An enhanced code after the number makes it a reply first.
	 */
	if (after == 1 && s[i + 1] == '0' && s[i] != '5' && (i == 0 ||
	    (s[i - 1] != '"' && s[i - 1] != '\'')) && (end + 1 >= len ||
	    s[end] != ' ' || !isalpha_((unsigned char)s[end + 1]) ||
	    key_follows(s, len, end + 1) || http_phrase(s, len, end + 1)))
		return 0;
	/*
	 * Without an enhanced code after it, a number is a reply only after
	 * an opening (opens_reply()), as a value SMTP sends (prose, a list,
	 * a table's cell, an anchor) or before a bracket, a comma or a brace
	 * (an argument, a tuple, a set, a reply written twice): each test
	 * below that takes a number asks one of these.  Most numbers of a
	 * log that are no reply (a cipher's 256, a port, a pid) fail all
	 * three and are refused here, before the search for "http" and the
	 * tests of a number's form; every test is pure, so the order is
	 * free, and the opening found is kept for below.
	 */
	if (after == 1 && !closes_after(s, len, end) &&
	    (open = opens_reply(s, i)) == 0 && !prose_code(s + i))
		return 0;
	/*
	 * After an opening that wants words after the number, the same
	 * holds unless a space, a dash, a quote, a colon, a backslash or
	 * a stop follows it ("(256/256 bits)").
	 */
	if (open == 1 && end < len && !text_may_follow((unsigned char)s[end]) &&
	    !prose_code(s + i))
		return 0;
	if (http_named(s, len, i, end))
		return 0;
	if (after == 2)
		return 1;
	/* "429 Too Many Requests", "422 Unprocessable Entity": HTTP's own
	 * words after a 4xx number SMTP does not send */
	if (s[i] == '4' && !prose_code(s + i) && end + 1 < len &&
	    s[end] == ' ' && http_phrase(s, len, end + 1))
		return 0;
	/* "\"200 OK\"", "'201 Created'": quoted, still HTTP's own words */
	if (s[i + 1] == '0' && s[i] != '5' && end + 1 < len &&
	    s[end] == ' ' && http_phrase(s, len, end + 1))
		return 0;
	/* "Status: 500 Internal Server Error": HTTP's own words; and
	 * "501 Not implemented", HTTP's words for that very status (SMTP's
	 * 501 is a syntax error, its "not implemented" is 502 or 504) */
	if (s[i] == '5' && s[i + 1] == '0' && end + 1 < len && s[end] == ' ' &&
	    (http_phrase(s, len, end + 1) || (s[i + 2] == '1' &&
	    end + 16 <= len && ends_with_ci(s, end + 16, "not implemented"))))
		return 0;
	/* "500: Internal server error.": the phrase of one of HTTP's 5xx
	 * statuses, in any case, after a colon too (a web page's title) */
	if (s[i] == '5' && s[i + 1] == '0' && server_phrase(s, len, end))
		return 0;
	/* "530 , 530 Error": a reply written twice */
	if (repeated(s, len, i, end))
		return 1;
	/* "250/251/252", "a bare 550/552 reply", a pattern's alternatives
	 * "(550|450|554)": a list of replies */
	if (((end < len && (s[end] == '/' || s[end] == '|')) || (i > 0 &&
	    (s[i - 1] == '/' || s[i - 1] == '|'))) && slash_list(s, len, i))
		return 1;
	/* A tuple: "(550, b'…')", "(552, EnhancedCode{…}"; never one whose
	 * next member is a number, as a row of a table "(211, 1, 'User …')"
	 * or a list "(250, 500)", which is one only as the set a code is
	 * tested in (below) */
	if (i > 0 && s[i - 1] == '(' && end < len && s[end] == ',') {
		j = end + 1 < len && s[end + 1] == ' ' ? end + 2 : end + 1;
		if (j >= len || !isdig((unsigned char)s[j]) ||
		    match_enhanced(s, len, j, &code) > 0)
			return 1;
	}
	/* "smtp_code in {421, 450, 550}": the set a code is tested in */
	if (end < len && byte_is((unsigned char)s[end], BK_CLOSES) &&
	    code_set(s, len, i, end))
		return 1;

	if (i > 0 && end < len && bracket_reply(s, len, i, end))
		return 1;
	if (report_count(s, len, i, end))
		return 0;
	if (anchored(s, len, i, end))
		return 1;
	/* "… 535 5.7.8 Bad credentials (require: 235)": the reply awaited,
	 * alone in its note; never "require: 250 items" */
	if (end < len && s[end] == ')' && prose_code(s + i) &&
	    awaited_reply(s, i))
		return 1;
	if (open < 0)
		open = opens_reply(s, i);
	if (open == 0)
		return prose_reply(s, len, i, end) || (end < len &&
		    (s[end] == ']' || s[end] == ')' || s[end] == ',') &&
		    call_argument(s, len, i, end));
	/* qmail's "mailbox._550_No_such_recipient/": the reply's sentence
	 * starts with a capital ("file._250_notes.txt" is a name) */
	if (open == 1 && i >= 2 && s[i - 1] == '_' && s[i - 2] == '.' &&
	    (end + 1 >= len || s[end] != '_' ||
	    !isupper_((unsigned char)s[end + 1])))
		return 0;
	/* "до 500 писем/день": a number between words of a sentence */
	if (open == 1 && words_around(s, len, i, end))
		return 0;
	/* "delay: 250 seconds", "250 messages sent": a count */
	if (open != 2 && count_after(s, len, end))
		return 0;
	/*
	 * RFC 5321 gives the second digit the values 0 to 5, and the only
	 * intermediate replies are 354 and AUTH's 334: "308 Connecting" is
	 * not a reply unless a key or a marker says so, nor "589 inet" at the
	 * start of a line (after an opening word, Exim's 599 is one).
	 */
	if (open != 2 && ((open == 3 && s[i + 1] > '5') ||
	    (s[i] == '3' && memcmp(s + i, "354", 3) != 0 &&
	    memcmp(s + i, "334", 3) != 0)))
		return 0;
	/* RFC 5321's second digits are 0 to 5: "Port -> 587" is a port,
	 * "used: 487 SMTP code" a count; a test server's 599 comes with a
	 * reply's text ("599 Local policy") or words that refuse ("599
	 * custom reject", as Exim's tests write it). */
	if (s[i + 1] > '5' && (end + 2 >= len || s[end] != ' ' ||
	    !isupper_((unsigned char)s[end + 1]) ||
	    s[end + 2] < 'a' || s[end + 2] > 'z') &&
	    !refusal_after(s, len, end))
		return 0;
	if (open == 1 && cjk_glued(s, len, i, end))
		return 1;
	/* "422" alone on its line, as a program prints a web API's status:
	 * only a value SMTP sends is a reply there */
	if (open == 3 && !prose_code(s + i) && blank_after(s, len, end))
		return 0;
	/* "Expected smtp code 250, got 552": the reply a library got after
	 * the one it expected, last on its line or before a stop */
	if (open == 1 && (end == len || byte_is((unsigned char)s[end],
	    BK_STOPS)) && got_after_expected(s, i))
		return 1;
	/* and the one it expected, before ", got": "expected 354, got 554" */
	if (open == 1 && end < len && s[end] == ',' &&
	    got_after_expected(s, got_after(s, len, end)))
		return 1;
	if (end == len)
		return (open >= 2 && !bare_http(s, len, i, end) &&
		    !bare_word_http(s, len, i, end)) ||
		    s[i - 1] == '"' || s[i - 1] == '<';
	next = (unsigned char)s[end];
	/* "221\.228" is an address with its dots escaped, not a reply. */
	if (next == '\\' && end + 1 < len && (s[end + 1] == '.' ||
	    s[end + 1] == '_' || isdig((unsigned char)s[end + 1])))
		return 0;
	/* got code \"530\", its quotes escaped inside a JSON string */
	if (next == '\\' && end + 1 < len && s[end + 1] == '"' &&
	    i >= 2 && s[i - 1] == '"' && s[i - 2] == '\\')
		return 1;
	/* "SMTP error 550." ends a sentence; "550.5" is a decimal. */
	if (open == 2 && next == '.')
		return end + 1 == len || s[end + 1] == ' ' ||
		    s[end + 1] == '\n';
	if (open == 2 && (web_status(s, len, i, end) ||
	    bare_http(s, len, i, end) || bare_word_http(s, len, i, end)))
		return 0;
	if (open >= 2)
		return !isalnum_(next) && next != '.' && next != '/';
	if (next == '"' || next == '>')
		return (s[i - 1] == '"' && !attribute(s, i - 1)) ||
		    s[i - 1] == '<';
	/* "grep '421'", "== '550'": alone in single quotes as in double */
	if (next == '\'')
		return s[i - 1] == '\'' && !attribute(s, i - 1);
	/* "bounces with permanent error (550: Invalid recipient)": in
	 * brackets after the name of a reply, the reply, a colon, its text */
	if (next == ':' && s[i - 1] == '(' && i >= 3 && s[i - 2] == ' ' &&
	    word_is(s, i - 2, 20, reply_words) && prose_code(s + i) &&
	    end + 2 < len && s[end + 1] == ' ')
		return !http_phrase(s, len, end + 2) &&
		    text_after(s, len, end + 2);
	if (!isspace_(next) && next != '-')
		return call_argument(s, len, i, end);
	/* Intermediate replies (334, 354) never end a transaction: in plain
	 * prose after a colon, a 3xx number is a count, not a reply. */
	if (s[i] == '3' && i >= 2 && (s[i - 2] == ':' || s[i - 2] == ']') &&
	    !data_phrase(s, len, i, end))
		return 0;
	j = end + 1;
	if (next == '-') {
		/* "250- 3nn byte chunk", "250-8BITMIME", "451-127.0.0.2 …" */
		if (j < len && s[j] == ' ')
			return j + 1 < len && s[j + 1] != ' ';
		if (j < len && isdig((unsigned char)s[j])) {
			while (j < len && isdig((unsigned char)s[j]))
				j++;
			return j < len && (s[j] == '.' ||
			    isalnum_((unsigned char)s[j]));
		}
		return j < len && (unsigned char)s[j] > ' ';
	}
	/* "550  previously bounced": spaces as some programs pad them */
	while (j < len && s[j] == ' ' && j - end < 4)
		j++;
	/* A quoted reply cut at the end of a line: "with message \"550 " */
	if (j == len)
		return s[i - 1] == '"' || s[i - 1] == '\'';
	/* "550 - Requested action", "554 : Client host rejected" */
	if ((s[j] == '-' || s[j] == ':') && j + 1 < len && s[j + 1] == ' ')
		j += 2;
	return text_after(s, len, j);
}

/*
 * For reply_context(): may c, after a number that an opening wanting
 * words precedes, start the reply's text or end it (the tests after
 * opens_reply() take no other byte there)?
 */
static int
text_may_follow(int c)
{
	return isspace_(c) || c == '-' || c == '"' || c == '>' || c == '\'' ||
	    c == ':' || c == '\\' || byte_is(c, BK_STOPS);
}

/*
 * For reply_context(): a bracket, a comma or a brace at s[end], or a
 * comma after a space ("530 , 530 Error").
 */
static int
closes_after(const char *s, size_t len, size_t end)
{
	return end < len && (byte_is((unsigned char)s[end], BK_CLOSES) ||
	    (s[end] == ' ' && end + 1 < len && s[end + 1] == ','));
}

/*
 * IIS writes a reply in its W3C log with '+' for every space:
 * "550+5.7.1+Unable+to+relay".  The reply and its status joined so,
 * the status followed by '+' too, is a reply.
 */
static int
plus_joined(const char *s, size_t len, size_t i, size_t end)
{
	struct smtp_code c;
	size_t	 n;

	if (end + 6 >= len || s[end] != '+' ||
	    (i > 0 && s[i - 1] != ' ' && s[i - 1] != '\t'))
		return 0;
	n = match_enhanced(s, len, end + 1, &c);
	return n > 0 && end + 1 + n < len && s[end + 1 + n] == '+' &&
	    c.cls == s[i] - '0';
}

/*
 * A number that HTTP's name comes with is HTTP's status: a key or a
 * word before it that says so ("http.status_code=400", "httpStatusCode:
 * 503", "HTTP status 500") or the address it came from after it
 * ("status code 500 from http://…").  A link before the number (a
 * flattened reply's "…?p=Unsolicited 550 5.7.1") names no key.
 */
static int
http_named(const char *s, size_t len, size_t i, size_t end)
{
	size_t	 k = i, t, e, words;
	int	 ch;

	if (end + 11 < len && memcmp(s + end, " from http", 10) == 0)
		return 1;
	/*
	 * Most texts name no HTTP before a number: then no word can.  What
	 * was looked at for a number before is not looked at again.
	 */
	if (!http_seen && i >= 4 && http_from < i - 3) {
		http_seen = first_http(s, len, http_from, i - 3) < i - 3;
		http_from = i - 3;
	}
	if (!http_seen)
		return 0;
	for (words = 0; words < 3 && k > 0; words++) {
		for (t = 0; k > 0 && t < 4; k--, t++) {
			ch = (unsigned char)s[k - 1];
			if (ch != ' ' && ch != ':' && ch != '=' && ch != '"' &&
			    ch != '\'')
				break;
		}
		if (t == 0 && words > 0)
			return 0;
		for (t = k; k > 0 && (isalnum_((unsigned char)s[k - 1]) ||
		    s[k - 1] == '_' || s[k - 1] == '.' || s[k - 1] == '-'); k--)
			continue;
		if (t == k || (k > 0 && s[k - 1] == '/'))
			return 0;
		/* "http" as a word of the key: never "https-gw.example" */
		for (e = t; k + 4 <= e; e--)
			if ((s[e - 1] | 0x20) == 'p' &&
			    ends_with_ci(s, e, "http") && (e - 4 == k ||
			    !isalpha_((unsigned char)s[e - 5])) &&
			    (e == t || s[e] < 'a' || s[e] > 'z'))
				return 1;
	}
	return 0;
}

/*
 * The first of the starts [from, to) where "http" stands, whatever its
 * case, or to, for http_named().  Its "tt" first: a pair of 't' is rare
 * in a log, and one load of sixteen bytes finds the pairs of fifteen
 * starts (the pair's second 't' may be the last byte); each pair is then
 * read whole.
 */
static size_t
first_http(const char *s, size_t len, size_t from, size_t to)
{
	size_t		 k = from, j;
#ifdef __SSE2__
	const __m128i	 f = _mm_set1_epi8(0x20), t = _mm_set1_epi8('t');
	unsigned	 tt;

	/* the pair's "p" is read too: a byte past the sixteen */
	for (; k < to && len >= 18 && k <= len - 18; k += 15) {
		tt = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_or_si128(
		    _mm_loadu_si128((const __m128i *)(const void *)(s + k +
		    1)), f), t));
		/* bit j: 't' at k + 1 + j and at k + 2 + j, j below 15 */
		for (tt &= tt >> 1; tt != 0; tt &= tt - 1) {
			j = k + (size_t)__builtin_ctz(tt);
			if (j >= to)
				return to;
			if ((s[j] | 0x20) == 'h' && (s[j + 3] | 0x20) == 'p')
				return j;
		}
	}
#endif
	for (j = k; j < to && j + 4 <= len; j++)
		if ((s[j] | 0x20) == 'h' && (s[j + 1] | 0x20) == 't' &&
		    (s[j + 2] | 0x20) == 't' && (s[j + 3] | 0x20) == 'p')
			return j;
	return to;
}

/* Totals of a summary of the log (pflogsumm): "    450   received" */
static const char *const report_words[] = {
	"received", "delivered", "forwarded", "deferred", "bounced",
	"rejected", "held", "discarded", "senders", "recipients", "reject",
	NULL
};

/*
 * A number alone at the start of its line, two spaces or more after it
 * and one of the words of a report's totals, is a count.
 */
static int
report_count(const char *s, size_t len, size_t i, size_t end)
{
	size_t	 k, n;

	for (k = i; k > 0 && s[k - 1] == ' '; k--)
		continue;
	if ((k > 0 && s[k - 1] != '\n') || end + 2 >= len ||
	    s[end] != ' ' || s[end + 1] != ' ')
		return 0;
	for (k = end; k < len && s[k] == ' '; k++)
		continue;
	for (n = k; n < len && s[n] >= 'a' && s[n] <= 'z'; n++)
		continue;
	if (n == k || (n < len && isalnum_((unsigned char)s[n])))
		return 0;
	return word_is(s, n, 40, report_words);
}

static size_t
match_reply(const char *s, size_t len, size_t i, int last,
    struct smtp_code *c)
{
	int	 prev = i > 0 ? (unsigned char)s[i - 1] : ' ';

	/* A literal "\n" joins the lines of a flattened multi-line reply. */
	if (prev == 'n' && i >= 2 && s[i - 2] == '\\')
		prev = ' ';
	/* find_codes_range() asks only at a run of exactly three digits
	 * whose first is 2 to 5. */
	if (isalnum_(prev) || prev == '.' || prev == '-')
		return 0;
	if (i + 4 < len && s[i + 3] == '.' && isdig((unsigned char)s[i + 4]))
		return 0;
	/*
	 * A multi-line reply flattened into one line repeats its code after
	 * a space: "554-No SMTP service 554-Bad DNS PTR 554 For details".
	 */
	if (!reply_context(s, len, i, i + 3) && !(last > 0 && prev == ' ' &&
	    i + 3 < len && (s[i + 3] == '-' || s[i + 3] == ' ') &&
	    value3(s + i) == last) && !table_field(s, len, i, last))
		return 0;
	memset(c, 0, sizeof(*c));
	c->type = CODE_REPLY;
	c->cls = s[i] - '0';
	c->reply = value3(s + i);
	c->subject = c->detail = c->suffix = -1;
	return 3;
}

/*
 * A row of a test's table that gives a log line and then its reply again
 * as a field of its own: {"… said: 452 4.2.2 Over quota", "soft", 452,
 * "mx"}.  The number follows a quoted field and is the reply last found.
 */
static int
table_field(const char *s, size_t len, size_t i, int last)
{
	if (last <= 0 || i < 3 || i + 3 >= len || s[i - 1] != ' ' ||
	    s[i - 2] != ',' || (s[i - 3] != '"' && s[i - 3] != '\''))
		return 0;
	if (s[i + 3] != ',' && s[i + 3] != '}' && s[i + 3] != ')')
		return 0;
	return value3(s + i) == last;
}

#ifdef __SSE2__
/*
 * The kinds of the sixteen bytes at b as three bit masks: digits, digits
 * 2 to 5, separators.  The bytes are moved so that '0' (for the digits)
 * or '2' (for 2 to 5) is -128, which makes a range of digits one signed
 * comparison; '.' and ',' differ in one bit only.
 */
static inline void
kinds_v(const char *b, unsigned *d, unsigned *c, unsigned *p)
{
	__m128i	 v, y;

	v = _mm_loadu_si128((const __m128i *)(const void *)b);
	y = _mm_add_epi8(v, _mm_set1_epi8((char)(0x80 - '0')));
	*d = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(y,
	    _mm_set1_epi8((char)(-128 + 10))));
	y = _mm_add_epi8(v, _mm_set1_epi8((char)(0x80 - '2')));
	*c = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(y,
	    _mm_set1_epi8((char)(-128 + 4))));
	*p = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(
	    _mm_or_si128(v, _mm_set1_epi8(2)), _mm_set1_epi8('.')),
	    _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
}

/*
 * kinds_v() of s[at..at+16) as if zeros followed s[0..len), len at
 * least 16: a block that crosses the end is read as the last sixteen
 * bytes, its masks moved down, so that no read passes the end.
 */
static inline void
kinds_end(const char *s, size_t len, size_t at, unsigned *d, unsigned *c,
    unsigned *p)
{
	unsigned	 sh;

	if (at + 16 <= len) {
		kinds_v(s + at, d, c, p);
		return;
	}
	if (at >= len) {
		*d = *c = *p = 0;
		return;
	}
	kinds_v(s + len - 16, d, c, p);
	sh = (unsigned)(16 - (len - at));
	*d >>= sh;
	*c >>= sh;
	*p >>= sh;
}
#endif

/*
 * The bytes of the block s[blk..blk+w), w at most 64, where a code may
 * start: a bit for each, a superset of what find_codes_range() looks at
 * closer.  This is the inner loop of log mode.  Only a run of digits
 * that starts with 2 to 5 and is one digit before a dot, a comma or a
 * backslash ("5.1.1", "{5, 1, 1}", "5\.1\.1") or three digits long
 * ("550") can be a code, so a log's timestamps, pids, queue ids, ports
 * and most of its addresses give no bit.  The run at from counts as
 * starting there.  Each kind of byte (digit, 2 to 5, separator) is
 * found sixteen bytes at a time (SSE2, on every x86-64) and kept as a
 * bit mask of the 64 bytes and the 16 after them, so a neighbour is a
 * shift of the mask rather than another load.  No read passes the end
 * of the text: its last blocks are read from its last sixteen bytes and
 * shifted, and a text shorter than that is copied, with zeros after it.
 * Elsewhere every digit is a candidate.
 */
static uint64_t
start_mask(const char *s, size_t len, size_t from, size_t blk, size_t w,
    uint64_t *digits)
{
#ifdef __SSE2__
	unsigned char	 pad[80];
	const char	*b = s + blk;
	unsigned	 d0, d1, d2, d3, dhi, c0, c1, c2, c3, p0, p1, p2, p3;
	unsigned	 chi, phi;
	uint64_t	 d, c, p, prev, next, three;
	uint64_t	 mask;

	*digits = 0;
	if (plain)
		return digit_bits(s, blk, w);
	if (len - blk >= sizeof(pad)) {
		/* Unrolled by hand: the compiler kept a loop of five. */
		kinds_v(b, &d0, &c0, &p0);
		kinds_v(b + 16, &d1, &c1, &p1);
		kinds_v(b + 32, &d2, &c2, &p2);
		kinds_v(b + 48, &d3, &c3, &p3);
		kinds_v(b + 64, &dhi, &chi, &phi);
	} else if (len >= 16) {
		/*
		 * A line's last block, read up to its end only, and only
		 * the sixteen bytes that hold its w bytes and the three
		 * after them, which a candidate's tests read: a line ends
		 * in its last block's first quarter as often as in its
		 * last.  A run of digits is measured by the masks only as
		 * far as a candidate's, three digits at most.
		 */
		kinds_end(s, len, blk, &d0, &c0, &p0);
		d1 = d2 = d3 = dhi = c1 = c2 = c3 = p1 = p2 = p3 = phi = 0;
		if (w + 3 > 16)
			kinds_end(s, len, blk + 16, &d1, &c1, &p1);
		if (w + 3 > 32)
			kinds_end(s, len, blk + 32, &d2, &c2, &p2);
		if (w + 3 > 48)
			kinds_end(s, len, blk + 48, &d3, &c3, &p3);
		if (w + 3 > 64)
			kinds_end(s, len, blk + 64, &dhi, &chi, &phi);
	} else {
		memset(pad, 0, sizeof(pad));
		memcpy(pad, s + blk, len - blk);
		b = (const char *)pad;
		kinds_v(b, &d0, &c0, &p0);
		d1 = d2 = d3 = dhi = c1 = c2 = c3 = p1 = p2 = p3 = phi = 0;
	}
	d = (uint64_t)d0 | (uint64_t)d1 << 16 | (uint64_t)d2 << 32 |
	    (uint64_t)d3 << 48;
	c = (uint64_t)c0 | (uint64_t)c1 << 16 | (uint64_t)c2 << 32 |
	    (uint64_t)c3 << 48;
	p = (uint64_t)p0 | (uint64_t)p1 << 16 | (uint64_t)p2 << 32 |
	    (uint64_t)p3 << 48;
	/* Not a digit before: at from, as if there were none. */
	prev = d << 1 | (blk > from && isdig((unsigned char)s[blk - 1]));
	/* A separator after, or exactly two more digits. */
	next = (p >> 1 | (uint64_t)phi << 63);
	three = (d >> 1 | (uint64_t)dhi << 63) & (d >> 2 | (uint64_t)dhi <<
	    62) & ~(d >> 3 | (uint64_t)dhi << 61);
	mask = c & ~prev & (next | three);
	*digits = d;
	return w < 64 ? mask & ((UINT64_C(1) << w) - 1) : mask;
#else
	(void)len;
	(void)from;
	*digits = 0;
	return digit_bits(s, blk, w);
#endif
}

/* A bit for each digit of s[blk..blk+w): a candidate each. */
static uint64_t
digit_bits(const char *s, size_t blk, size_t w)
{
	uint64_t	 mask = 0;
	size_t		 k;

	for (k = 0; k < w; k++)
		if (isdig((unsigned char)s[blk + k]))
			mask |= UINT64_C(1) << k;
	return mask;
}

/* The length of the run of digits at s[i]. */
static size_t
run_at(const char *s, size_t len, size_t i)
{
	size_t	 n = 0;

	while (i + n < len && isdig((unsigned char)s[i + n]))
		n++;
	return n;
}

size_t
find_codes(const char *s, size_t len, struct found *out, size_t max)
{
	return find_codes_range(s, len, 0, len, out, max);
}

/*
 * Codes that start in s[from..to); the whole of s[0..len) is context.
 * Returns how many were found, even past max; only max are stored.
 * Whole runs of digits are judged at once: a class is a run of one digit
 * followed by a dot, a reply a run of exactly three, so timestamps, pids
 * and queue ids are passed over without a closer look.
 */
size_t
find_codes_range(const char *s, size_t len, size_t from, size_t to,
    struct found *out, size_t max)
{
	struct smtp_code	 c;
	size_t			 blk, i, n = 0, m, run, next = from, w;
	uint64_t		 mask, d, rest;
	int			 last = 0, p, header = -1;

	http_from = 0;
	http_seen = 0;
	memset(status_seen, -1, sizeof(status_seen));
	enh_memo.on = 1;
	word_memo.on = 1;
	word_memo.s = NULL;
	for (blk = from; blk < to; blk += 64) {
		w = to - blk < 64 ? to - blk : 64;
		if ((mask = start_mask(s, len, from, blk, w, &d)) == 0)
			continue;
		/* A header's versions, also in what a client sent: asked
		 * once a candidate is seen. */
		if (header < 0 && (header = header_field(s, len) ||
		    client_header(s, len)) != 0) {
			enh_memo.on = word_memo.on = 0;
			return 0;
		}
		if (next > blk)		/* bytes already consumed */
			mask &= next - blk >= 64 ? 0 :
			    ~UINT64_C(0) << (next - blk);
		while (mask != 0) {
			p = __builtin_ctzll(mask);
			i = blk + (size_t)p;
			/*
			 * A run after a dot starts no code, as each test
			 * below says ("192.0.2.1", the 3 of "5.1.3"): a
			 * quarter of a log's candidates, passed over before
			 * their run is measured.  The rest of the run is
			 * no candidate (a digit before it), or one that
			 * each test refuses for that digit in plain mode.
			 */
			if (i > 0 && s[i - 1] == '.') {
				mask &= mask - 1;
				continue;
			}
			/*
			 * The run's length from the digits' mask while it
			 * ends inside the block: d is a mask of the bytes up
			 * to the text's end (zero without SSE2).
			 */
			rest = ~(d >> p);
			if (d != 0 && rest != 0 && (size_t)p +
			    (size_t)__builtin_ctzll(rest) < 64)
				run = (size_t)__builtin_ctzll(rest);
			else
				run = run_at(s, len, i);
			/* Cheap tests first: a class digit and its dot. */
			m = 0;
			if (run == 1 && i + 1 < len && s[i + 1] == '.' &&
			    (s[i] == '2' || s[i] == '4' || s[i] == '5') &&
			    (i == 0 || s[i - 1] != '.'))
				m = match_enhanced(s, len, i, &c);
			else if (run == 1 && i > 0 && s[i - 1] == '{' &&
			    i + 1 < len && s[i + 1] == ',')
				m = match_triple(s, len, i, &c);
			else if (run == 1 && i + 2 < len && s[i + 1] == '\\' &&
			    s[i + 2] == '.')
				m = match_escaped(s, len, i, &c);
			else if (run == 3 && s[i] >= '2' && s[i] <= '5' &&
			    (p > 0 || !isdig_before(s, i)))
				m = match_reply(s, len, i, last, &c);
			if (m > 0) {
				store(s, out, n, max, &c, i, m);
				if (c.type == CODE_REPLY)
					last = c.reply;
				n++;
			}
			next = i + (m > run ? m : run);
			if (next - blk >= 64)
				break;
			mask &= ~UINT64_C(0) << (next - blk);
		}
		/* Go on with the block that holds next. */
		if (next >= blk + 128)
			blk = from + (next - from) / 64 * 64 - 64;
	}
	enh_memo.on = word_memo.on = 0;
	return n;
}

/*
 * Every digit a candidate: what start_mask() must give the same codes
 * as, for the unit test to compare.
 */
size_t
find_codes_plain(const char *s, size_t len, size_t from, size_t to,
    struct found *out, size_t max)
{
	size_t	 n;

	plain = 1;
	n = find_codes_range(s, len, from, to, out, max);
	plain = 0;
	return n;
}

/* A digit just before s[i]: the run started in an earlier block. */
static int
isdig_before(const char *s, size_t i)
{
	return i > 0 && isdig((unsigned char)s[i - 1]);
}

/* Record a code; "550 5.1.1", "550-5.1.1", "550 #5.1.1" belong together. */
/*
 * Does the text between a reply and an enhanced code join them: "550
 * 5.1.1", "550-5.1.1", "550 #5.1.1", "(550, b'5.1.1", "(554): 5.7.1",
 * "550; 5.7.515"?
 */
static int
joins(const char *s, size_t from, size_t to)
{
	size_t	 k;

	if (to - from > 4)
		return 0;
	for (k = from; k < to; k++)
		if (!byte_is((unsigned char)s[k], BK_JOINS))
			return 0;
	return 1;
}

/*
 * A header field that names software or a format, whose dotted numbers
 * are versions: "X-Mailer: … 5.2.1", "X-Mailman-Version: 2.1.5".
 */
static inline int
header_field(const char *s, size_t len)
{
	size_t	 n, most = len < 64 ? len : 64;

	for (n = 0; n < most && byte_is((unsigned char)s[n], BK_HEADER); n++)
		continue;
	if (n == 0 || n == len || s[n] != ':')
		return 0;
	/*
	 * A header's name is written capitalised ("X-Mailer", "Version")
	 * or in parts ("x-mailer", "user-agent"); one lowercase word is a
	 * program's tag in a log ("mailer: error code 550").
	 */
	if (!isupper_((unsigned char)s[0]) && memchr(s, '-', n) == NULL)
		return 0;
	return software_name(s, n);
}

/* Does the header field's name s[0..n) name software or a format? */
static int
software_name(const char *s, size_t n)
{
	static const char *const words[] = {
		"version", "mailer", "agent", "software", "generator",
		"x-spam", "x-virus", "x-scanned", "x-amavis", NULL
	};
	size_t	 k, w, p, letters;

	/* Each word has five letters or more; a timestamp's "T10:" one. */
	for (k = 0, letters = 0; k < n; k++)
		letters += isalpha_((unsigned char)s[k]) != 0;
	if (letters < 5)
		return 0;
	/*
	 * A word of the name, not letters inside one: "X-Mailer" and
	 * "MailerVersion" name software; "EmailError:" and "MailError:"
	 * start a program's error, whose reply is read.
	 */
	for (k = 0; words[k] != NULL; k++) {
		w = strlen(words[k]);
		for (p = 0; p + w <= n; p++)
			if (ends_with_ci(s, p + w, words[k]) &&
			    name_part(s, n, p, p + w))
				return 1;
	}
	return 0;
}

/*
 * Where the text a client sent starts in a transcript that marks it
 * "CLIENT -> SERVER: " (PHPMailer's debug output): at the line's start
 * or after the timestamp PHPMailer writes before it, nineteen bytes and
 * a tab or space ("2026-12-01 10:00:05\tCLIENT -> SERVER: X-Mailer: …").
 * The client sends commands and a message, never a reply.  0 if none.
 */
static size_t
client_sent(const char *s, size_t len)
{
	static const char marker[] = "CLIENT -> SERVER: ";
	const size_t	 m = sizeof(marker) - 1;
	size_t		 k = 0;

	if (len > 20 + m && s[0] != 'C' && isdig((unsigned char)s[0]) &&
	    (s[19] == '\t' || s[19] == ' '))
		k = 20;
	if (len - k < m || s[k] != 'C' || memcmp(s + k, marker, m) != 0)
		return 0;
	return k + m;
}

/* A header field naming software in what a client sent:
 * "CLIENT -> SERVER: X-Mailer: ExampleMailer 5.2.1". */
static int
client_header(const char *s, size_t len)
{
	size_t	 k = client_sent(s, len);

	return k > 0 && header_field(s + k, len - k);
}

/*
 * Is s[p..e) a whole part of the name s[0..n): at its start or after a
 * '-' or a change from lower to upper case, and ending at its end, a '-'
 * or a capital?
 */
static int
name_part(const char *s, size_t n, size_t p, size_t e)
{
	if (p > 0 && s[p - 1] != '-' && !(isupper_((unsigned char)s[p]) &&
	    !isupper_((unsigned char)s[p - 1])))
		return 0;
	return e == n || s[e] == '-' || isupper_((unsigned char)s[e]);
}

static void
store(const char *s, struct found *out, size_t n, size_t max,
    const struct smtp_code *c, size_t i, size_t m)
{
	if (n >= max)
		return;
	out[n].code = *c;
	out[n].off = i;
	out[n].len = m;
	out[n].reply = out[n].paired = 0;
	if (n > 0 && c->type == CODE_ENHANCED &&
	    out[n - 1].code.type == CODE_REPLY && joins(s, out[n - 1].off + 3,
	    i)) {
		out[n].reply = out[n - 1].code.reply;
		out[n - 1].paired = 1;
	}
}

/* Is the word before s[i] (spaces and a ':' passed over) "section" or "§"? */
static int
section_before(const char *s, size_t i)
{
	char	 w[12];

	while (i > 0 && (s[i - 1] == ' ' || s[i - 1] == ':'))
		i--;
	if (i >= 2 && (unsigned char)s[i - 2] == 0xc2 &&
	    (unsigned char)s[i - 1] == 0xa7)
		return 1;
	/* Most codes follow another word: its last letter tells. */
	if (i == 0 || ((s[i - 1] | 0x20) != 'n' && (s[i - 1] | 0x20) != 's'))
		return 0;
	word_before(s, i, w, sizeof(w));
	return strcmp(w, "section") == 0 || strcmp(w, "sections") == 0;
}

/*
 * The word of letters that ends at s[k] (spaces before k passed over),
 * lower-cased into w; "" when there is none or it is too long.  Returns
 * where the word starts.
 */
static size_t
word_before(const char *s, size_t k, char *w, size_t wsz)
{
	size_t	 e, n;
	int	 c;

	while (k > 0 && s[k - 1] == ' ')
		k--;
	for (e = k; k > 0 && e - k < wsz; k--) {
		c = (unsigned char)s[k - 1];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
			break;
	}
	w[0] = '\0';
	if (e - k == 0 || e - k >= wsz || (k > 0 && isalnum_(
	    (unsigned char)s[k - 1])))
		return k;
	for (n = 0; n < e - k; n++)
		w[n] = (char)(s[k + n] | 0x20);
	w[n] = '\0';
	return k;
}

static int
in_list(const char *w, const char *const *list)
{
	size_t	 k;

	for (k = 0; list[k] != NULL; k++)
		if (strcmp(w, list[k]) == 0)
			return 1;
	return 0;
}

/*
 * Reply codes that prose names by number.  HTTP's statuses share the
 * shape (200 OK, 404, 429, 502), so only the values SMTP servers send
 * count: 2xx greetings and acknowledgements, 4xx from 421 up, 500-504,
 * 510-512, 521 and the 53x and 55x families.
 */
static int
prose_code(const char *s)
{
	int	 n = value3(s);

	switch (s[0]) {
	case '3':
		return n == 334 || n == 354;
	case '2':
		return n == 211 || n == 214 || n == 220 || n == 221 ||
		    n == 235 || (n >= 250 && n <= 252);
	case '4':
		return n == 421 || (n >= 450 && n <= 455) || n == 432;
	default:
		return (n >= 500 && n <= 504) || (n >= 510 && n <= 512) ||
		    n == 521 || (n >= 530 && n <= 535) || n == 538 ||
		    (n >= 550 && n <= 557);
	}
}

/*
 * How strongly the words before a number in prose make it a reply code:
 * 2 after a verb of replying or the name of a reply ("responded with
 * 550", "returns a 450", "SMTP 550", "code(s) [250]"), 1 after a verb of
 * getting or sending or an article ("I get 550", "Sent 554", "a 554"),
 * 0 otherwise; -1 when the words name HTTP, whose statuses look alike.
 * k is where the number or its opening quote starts.
 */
static int
prose_before(const char *s, size_t k)
{
	static const char *const strong[] = {
		"responded", "respond", "responds", "replied", "replies",
		"returned", "returns", "return", "returning", "answered",
		"answers", "smtp", "esmtp", "code", "codes", "error", "errors",
		"reply", "response", "status", "failure", "fail", NULL
	};
	static const char *const weak[] = {
		"get", "gets", "got", "getting", "receive", "receives",
		"received", "receiving", "send", "sends", "sent", "sending",
		"giving", "gives", "gave", "throws", "raised", "see", "saw",
		"causes", "caused",
		"a", "an", "the", "with", "back", "by", "for", NULL
	};
	static const char *const filler[] = {
		"a", "an", "the", "with", "back", "by", "for", "me", "us",
		"them", "was", "is", "like", NULL
	};
	/* "a hard 550", "the temporary 451": how final a reply is */
	static const char *const kinds[] = {
		"hard", "soft", "permanent", "temporary", "transient", NULL
	};
	static const char *const articles[] = { "a", "an", "the", NULL };
	char	 w1[16], w2[16];
	size_t	 a;
	int	 ctx = 0;

	/* "code(s) [250]": the plural written in brackets */
	if (k >= 4 && s[k - 1] == ' ' && ends_with(s, k - 1, "(s)"))
		k -= 4;
	a = word_before(s, k, w1, sizeof(w1));
	word_before(s, a, w2, sizeof(w2));
	if (strcmp(w1, "http") == 0 || strcmp(w2, "http") == 0)
		return -1;
	/* "(exit code 250)": a process's status */
	if (strcmp(w2, "exit") == 0 && (strcmp(w1, "status") == 0 ||
	    strcmp(w1, "code") == 0))
		return -1;
	/* "sending back 550": a reply sent back */
	if (in_list(w1, strong) || (in_list(w1, filler) &&
	    in_list(w2, strong)) || (strcmp(w1, "back") == 0 &&
	    in_list(w2, weak)))
		ctx = 2;
	else if (in_list(w1, weak) || ends_with_ci(s, k, "e.g. ") ||
	    (in_list(w1, kinds) && in_list(w2, articles)))
		ctx = 1;
	return ctx;
}

/*
 * Does what follows a number at s[end] in prose read as the rest of a
 * reply or a name for it?  1 for a reply's text ("550 Command rejected",
 * "554 (Internal server error)", "250 OK"), a noun of replies ("a 550
 * error", "550 reject") or, after strong words (ctx 2), the end of a
 * clause; 0 for a count ("550 messages", "550 MB").
 */
static int
prose_after(const char *s, size_t len, size_t end, int ctx)
{
	static const char *const nouns[] = {
		"error", "reject", "rejection", "rejected", "bounce",
		"response", "reply", "code", "means", NULL
	};
	static const char *const joins_[] = {
		"instead", "when", "but", "and", "or", "if", "is", "was",
		"temporary", "permanent", "from", "as", "at", "on", "in",
		"to", "for", "with", "after", NULL
	};
	char	 w[16], w2[16];
	size_t	 j = end, e, f, g, n;
	int	 c;

	if (j == len)
		return ctx == 2;
	c = (unsigned char)s[j];
	if (c != ' ')
		return ctx == 2 && strchr(".,;:!?)", c) != NULL &&
		    (j + 1 == len || s[j + 1] == ' ' || s[j + 1] == '\n');
	j++;
	if (j >= len)
		return ctx == 2;
	c = (unsigned char)s[j];
	/* "a 500 (Internal Server Error)": HTTP's words in brackets */
	if (c == '(' && http_phrase(s, len, j + 1))
		return 0;
	if (ctx >= 1 && (c == '(' || c == '"'))
		return 1;
	for (e = j; e < len && e - j < sizeof(w) - 1 &&
	    ((s[e] >= 'a' && s[e] <= 'z') || (s[e] >= 'A' && s[e] <= 'Z'));
	    e++)
		w[e - j] = (char)(s[e] | 0x20);
	if (e == j || (e < len && isalnum_((unsigned char)s[e])))
		return 0;
	w[e - j] = '\0';
	/* "a 553 not-logged-in response": a compound, then the noun */
	if (ctx >= 1 && e < len && s[e] == '-') {
		for (f = e; f < len && (isalpha_((unsigned char)s[f]) ||
		    s[f] == '-'); f++)
			continue;
		for (g = f + 1, n = 0; g < len && n < sizeof(w) - 1 &&
		    s[g] >= 'a' && s[g] <= 'z'; g++, n++)
			w2[n] = s[g];
		w2[n] = '\0';
		if (f < len && s[f] == ' ' && n > 0 && (g == len ||
		    !isalnum_((unsigned char)s[g])) && in_list(w2, nouns))
			return 1;
	}
	if (in_list(w, nouns) || (e - j == 2 && s[j] == 'O' &&
	    s[j + 1] == 'K'))
		return 1;
	/* "a bare 452 SMTP reply code", "550 ESMTP error": the protocol's
	 * name, then a noun of replies */
	if ((strcmp(w, "smtp") == 0 || strcmp(w, "esmtp") == 0) &&
	    e + 1 < len && s[e] == ' ') {
		for (j = e + 1, e = j; e < len && e - j < sizeof(w) - 1 &&
		    isalpha_((unsigned char)s[e]); e++)
			w[e - j] = (char)(s[e] | 0x20);
		w[e - j] = '\0';
		return (e == len || !isalnum_((unsigned char)s[e])) &&
		    in_list(w, nouns);
	}
	if (ctx == 0)
		return 0;
	/* A reply's text: "Command rejected", "OK"; never "MB" or "GB". */
	if ((c >= 'A' && c <= 'Z' && e - j >= 2 && s[j + 1] >= 'a' &&
	    s[j + 1] <= 'z') || strcmp(w, "ok") == 0)
		return 1;
	/* After strong words any text but a count: "responded with 550
	 * protocol deviation", never "returned 250 results". */
	return ctx == 2 && (in_list(w, joins_) || !in_list(w, counts));
}

/*
 * A reply code named in running prose: "the server responded with 550",
 * "I get 550 Command rejected", "returns a 450 temporary error", "getting
 * \"535\"", "code(s) [250]".  Only values SMTP uses, and only where the
 * words around the number say it is a reply; "got 550 messages", "port
 * 587", "550 MB" and HTTP's statuses are not.
 */
static int
prose_reply(const char *s, size_t len, size_t i, size_t end)
{
	size_t	 k = i, t;
	int	 ctx, close = 0;

	if (!prose_code(s + i))
		return 0;
	/* An opening quote or bracket, ASCII or typographic */
	if (k > 0 && strchr("\"'`[", s[k - 1]) != NULL && s[k - 1] != '\0') {
		close = s[k - 1] == '[' ? ']' : s[k - 1];
		k--;
	} else if (k > 0 && s[k - 1] == '#') {
		k--;		/* "SMTP error #553" */
	} else if (k >= 3 && (unsigned char)s[k - 3] == 0xe2 &&
	    (unsigned char)s[k - 2] == 0x80 &&
	    ((unsigned char)s[k - 1] == 0x9c ||
	    (unsigned char)s[k - 1] == 0x98)) {
		close = -1;
		k -= 3;
	}
	/*
	 * "“554 Client host rejected: Access denied”": a reply's text in
	 * typographic quotes, whatever stands before them, written as a
	 * sentence ("“250 Grand Avenue”", a street, is no reply).
	 */
	if (close == -1 && (k == 0 || !isalnum_((unsigned char)s[k - 1])) &&
	    end + 2 < len && s[end] == ' ' && isupper_((unsigned char)s[end +
	    1]) && s[end + 2] >= 'a' && s[end + 2] <= 'z') {
		for (t = end + 1; t < len && isalpha_((unsigned char)s[t]); t++)
			continue;
		if (t + 1 < len && s[t] == ' ' && s[t + 1] >= 'a' &&
		    s[t + 1] <= 'z')
			return 1;
	}
	if (k == 0 || s[k - 1] != ' ')
		return 0;
	if ((ctx = prose_before(s, k)) < 0)
		return 0;
	if (close == 0) {
		/* "… restrictions. 554 For explanation", "message - 450 Too
		 * many", "to SMTP server, 553 Relaying disallowed": a reply
		 * after a sentence, a dash or a comma; "failed 554-Reject
		 * due": a wrapped line of a multi-line reply. */
		if (s[i] != '2' && end + 2 < len && s[end + 1] >= 'A' &&
		    s[end + 1] <= 'Z' && s[end + 2] >= 'a' &&
		    s[end + 2] <= 'z' && ((s[end] == '-' &&
		    words_follow(s, len, end + 1)) || (s[end] == ' ' &&
		    k >= 4 && (s[k - 2] == '.' || s[k - 2] == ',' ||
		    (s[k - 2] == '-' &&
		    s[k - 3] == ' ' && isalpha_(s[k - 4]))))))
			return 1;
		return prose_after(s, len, end, ctx);
	}
	if (ctx == 0)
		return 0;
	if (close == -1)
		return end + 2 < len && (unsigned char)s[end] == 0xe2 &&
		    (unsigned char)s[end + 1] == 0x80 &&
		    ((unsigned char)s[end + 2] == 0x9d ||
		    (unsigned char)s[end + 2] == 0x99);
	return end < len && s[end] == close;
}

static int
isalpha_(int c)
{
	return (byte_kind[c & 0xff] & (BK_LOWER | BK_UPPER)) != 0;
}

/* A word at s[j], then a space and another word: the text of a reply. */
static int
words_follow(const char *s, size_t len, size_t j)
{
	while (j < len && isalpha_((unsigned char)s[j]))
		j++;
	return j + 1 < len && s[j] == ' ' && isalpha_((unsigned char)s[j + 1]);
}

/*
 * Is the dotted number at s[i..j) a version by the words around it?  A
 * key ending in "version" or the abbreviation "ver" before it
 * ("nrpeVersion: 4.1.0", "ver 2.1.3"), a build number after it ("5.6.2
 * Build 2227"), or a line holding nothing but a name and the number
 * ("WordPress: 5.0.1", "* Magento 2.2.6", "mail (2.2.1)") unless the name
 * is a status's
 * ("Status: 5.1.1", "Error 5.7.1").  The caller has made sure that no
 * reply code stands just before it.
 */
static int
version_at(const char *s, size_t len, size_t i, size_t j)
{
	size_t	 k = i, e, words = 0;

	/* "5.4.9 build 12", "5.4.9 (build)": a program's build */
	if (j + 6 <= len && s[j] == ' ' && (s[j + 1] | 0x20) == 'b' &&
	    memcmp(s + j + 2, "uild", 4) == 0)
		return 1;
	if (j + 7 <= len && s[j] == ' ' && s[j + 1] == '(' &&
	    (s[j + 2] | 0x20) == 'b' && memcmp(s + j + 3, "uild", 4) == 0)
		return 1;
	if (named_version(s, len, i, j))
		return 1;
	/* a tab parts a table's columns as spaces do: "PHP<TAB>5.6.40" */
	while (k > 0 && (s[k - 1] == ' ' || s[k - 1] == '\t'))
		k--;
	if (k >= 4 && ends_with_ci(s, k, "ver.") &&
	    (k == 4 || !isalpha_((unsigned char)s[k - 5])))
		return 1;
	/* "mail (2.2.1)": a name and its version in brackets; a table's
	 * cells: "| Relayd version | 2.1.1" */
	if (k > 0 && (s[k - 1] == ':' || s[k - 1] == '=' || s[k - 1] == '|' ||
	    s[k - 1] == ',' ||
	    (s[k - 1] == '(' && k == i && j < len && s[j] == ')')))
		for (k--; k > 0 && s[k - 1] == ' '; k--)
			continue;
	for (e = k; k > 0 && isalpha_((unsigned char)s[k - 1]); k--)
		continue;
	if (e == k)
		return 0;
	if ((e - k >= 7 && (ends_with_ci(s, e, "version") ||
	    ends_with_ci(s, e, "release"))) ||
	    (e - k == 3 && ends_with_ci(s, e, "ver")))
		return 1;
	/* "the installed version is 4.2.2" */
	if (((e - k == 2 && ends_with_ci(s, e, "is")) || (e - k == 3 &&
	    ends_with_ci(s, e, "was"))) && k > 8 && s[k - 1] == ' ' &&
	    ends_with_ci(s, k - 1, "version"))
		return 1;
	if (status_word(s, e))
		return 0;
	/* Only spaces, a full stop or a bracket after it on its line, or a
	 * commit's hash in brackets: "Relayd: 2.3.21 (1a2b3c4d5e)" */
	while (j < len && (s[j] == ' ' || s[j] == '.' || s[j] == ')' ||
	    s[j] == '\r'))
		j++;
	if (j < len && s[j] == '(' && hash_at(s, len, j + 1, &j))
		while (j < len && (s[j] == ' ' || s[j] == '\r'))
			j++;
	if (j < len && s[j] != '\n')
		return 0;
	/* At most three words before it, and maybe a bullet ("* ", "- ") */
	for (;;) {
		while (k > 0 && (s[k - 1] == ' ' || s[k - 1] == '\t'))
			k--;
		if (k == 0 || s[k - 1] == '\n')
			return 1;
		for (e = k; k > 0 && s[k - 1] != ' ' && s[k - 1] != '\t' &&
		    s[k - 1] != '\n' &&
		    !isdig((unsigned char)s[k - 1]); k--)
			continue;
		if (k > 0 && isdig((unsigned char)s[k - 1]))
			return 0;
		if (isalpha_((unsigned char)s[e - 1]) && (status_word(s, e) ||
		    ++words > 3))
			return 0;
	}
}

/*
 * "Adapter version: 1.4.0 and 2.0.0", "from 3.9.1 to 4.2.2": a dotted
 * number joined by "and", "or", "to" or a comma to one just before it
 * that is no status (a version: its class, a part or the words before
 * it say so) is a version too.  "5.1.1 and 5.1.2" are both statuses.
 * The one before is judged by its shape alone, never by another call
 * of match_enhanced(), so that a long list costs no more than its
 * length.
 */
static int
version_pair(const char *s, size_t len, size_t i)
{
	size_t	 k = i, e, dots = 0, part = 0, most = 0;

	if (k < 7 || s[k - 1] != ' ')
		return 0;
	k--;
	if (ends_with(s, k, " and"))
		k -= 4;
	else if (ends_with(s, k, " or") || ends_with(s, k, " to"))
		k -= 3;
	else if (s[k - 1] == ',')
		k--;
	else
		return 0;
	for (e = k; k > 0 && (isdig((unsigned char)s[k - 1]) ||
	    s[k - 1] == '.'); k--) {
		if (s[k - 1] == '.') {
			dots++;
			part = 0;
		} else if (++part > most)
			most = part;
	}
	if (e - k < 5 || dots < 2 || !isdig((unsigned char)s[k]) ||
	    !isdig((unsigned char)s[e - 1]))
		return 0;
	/* Shaped as a status: "5.1.1" is one unless its words make it a
	 * version ("version 2.1.0 and 2.2.0") */
	if (dots == 2 && most <= 3 && s[k + 1] == '.' && (s[k] == '2' ||
	    s[k] == '4' || s[k] == '5') && s[k + 2] <= '7' &&
	    !isdig((unsigned char)s[k + 3]))
		return version_at(s, len, k, e);
	return 1;
}

/* Words after a program's name and version: "Sidekiq 4.2.7 with …". */
static const char *const version_verbs[] = {
	"with", "on", "running", "started", "starting", "installed",
	"released", NULL
};

/* Commands of SMTP, which a status may follow in a transcript. */
static const char *const commands[] = {
	"helo", "ehlo", "mail", "rcpt", "data", "rset", "quit", "auth",
	"bdat", "starttls", NULL
};

/*
 * A program's name, a capital first, then the number and a word that
 * only a program's version takes: "Booting Sidekiq 4.2.7 with redis",
 * "PHP 5.6.24 running".  A name of a status field or of a command
 * keeps its code ("Status 5.1.1 from", "DATA 5.7.1 with").
 */
static int
named_version(const char *s, size_t len, size_t i, size_t j)
{
	size_t	 k, e, n;

	if (i < 3 || s[i - 1] != ' ' || j >= len || s[j] != ' ')
		return 0;
	for (e = k = i - 1; k > 0 && isalpha_((unsigned char)s[k - 1]); k--)
		continue;
	if (e - k < 2 || !isupper_((unsigned char)s[k]) ||
	    (k > 0 && !isspace_((unsigned char)s[k - 1]) && s[k - 1] != '(' &&
	    s[k - 1] != '"'))
		return 0;
	if (status_word(s, e) || word_is(s, e, 40, commands))
		return 0;
	/* the verb in lower case or capitalised: "Motion 4.0.1 Started" */
	n = j + 1 < len && isupper_((unsigned char)s[j + 1]) ? j + 2 : j + 1;
	for (; n < len && s[n] >= 'a' && s[n] <= 'z'; n++)
		continue;
	if (n == j + 1 || (n < len && isalnum_((unsigned char)s[n])))
		return 0;
	return word_is(s, n, 40, version_verbs);
}

/* Does the word that ends at s[e] name a reply or a status field? */
static int
status_word(const char *s, size_t e)
{
	static const char *const fields[] = {
		"status", "dsn", "stat", "reason", "result", "diagnostic",
		"smtp", "esmtp", "ndr", "enhanced", "exception", NULL
	};

	return word_is(s, e, 40, fields) || word_is(s, e, 40, reply_words) ||
	    word_is(s, e, 40, got_words) || reply_key(s, e);
}

/*
 * A reply code alone in brackets, in a code span or in a table's cell:
 * "error (554): …", "SMTP: [550] Sender refused", "`250` is what …",
 * "| 550 | Mailbox unavailable |".  Brackets need the name of a reply or
 * a status before them, a square one after a space; a code span or a
 * cell holds only values SMTP uses, and a cell a text in the next one.
 */
static int
bracket_reply(const char *s, size_t len, size_t i, size_t end)
{
	struct smtp_code code;
	size_t	 k = i - 1, j;
	int	 open = (unsigned char)s[i - 1];

	if (open == '(' || open == '[') {
		if (s[end] != (open == '(' ? ')' : ']'))
			return 0;
		/* "4.7.1 Rate limit exceeded (451)": a reply after its status */
		if (open == '(' && status_in(s, len, s[i]))
			return 1;
		if (open == '(' && echoed_later(s, len, i, end))
			return 1;
		/* "postfix/smtp[450]:" is a process id */
		if (k > 0 && s[k - 1] == ' ')
			k--;
		else if (open == '[')
			return 0;
		if (k > 0 && s[k - 1] == ':')
			k--;
		return status_word(s, k);
	}
	if (!prose_code(s + i))
		return 0;
	if (open == '`')
		return s[end] == '`' && prose_before(s, k) >= 0;
	while (k > 0 && s[k] == ' ')
		k--;
	if (s[k] != '|')
		return 0;
	for (j = end; j < len && s[j] == ' '; j++)
		continue;
	if (j == len || s[j] != '|')
		return 0;
	for (j++; j < len && s[j] == ' '; j++)
		continue;
	/* "| 421 | 4.4.5 | Service unavailable |": its status next */
	if (j < len && s[j] == s[i] && match_enhanced(s, len, j, &code) > 0)
		return 1;
	return j < len && isalpha_((unsigned char)s[j]);
}

/*
 * Does a lower-case noun of things counted follow the number at s[end]?
 * Only plurals count: "550 message rejected" is a reply.  A unit of size
 * counts in capitals too ("250 KB"): no reply's text starts so.
 */
static int
count_after(const char *s, size_t len, size_t end)
{
	char	 w[16];
	size_t	 j = end + 1, n;
	int	 upper = 0;

	if (end >= len || s[end] != ' ')
		return 0;
	for (n = 0; j + n < len && n < sizeof(w) - 1 &&
	    isalpha_((unsigned char)s[j + n]); n++) {
		upper |= isupper_((unsigned char)s[j + n]);
		w[n] = (char)(s[j + n] | 0x20);
	}
	if (n == 0 || (j + n < len && isalnum_((unsigned char)s[j + n])))
		return 0;
	w[n] = '\0';
	if (upper)
		return n == 2 && w[1] == 'b' && strchr("kmg", w[0]) != NULL;
	return strcmp(w, "message") != 0 && in_list(w, counts);
}

/* The code of class, subject and detail part[0..2]. */
static void
enhanced_of(struct smtp_code *c, const int *part)
{
	memset(c, 0, sizeof(*c));
	c->type = CODE_ENHANCED;
	c->cls = part[0];
	c->subject = part[1];
	c->detail = part[2];
	c->suffix = -1;
}

/*
 * An enhanced code written as Go's go-smtp and maddy write it in their
 * errors and sources: "EnhancedCode{5, 7, 1}", the three parts apart.
 */
static size_t
match_triple(const char *s, size_t len, size_t i, struct smtp_code *c)
{
	int	 part[3], k;
	size_t	 j = i, n;

	if (i < 13 || !ends_with(s, i - 1, "EnhancedCode") ||
	    (s[i] != '2' && s[i] != '4' && s[i] != '5'))
		return 0;
	for (k = 0; k < 3; k++) {
		if ((n = digits(s, len, j)) == 0 || n > 3 ||
		    (n > 1 && s[j] == '0'))
			return 0;
		for (part[k] = 0; n > 0; n--, j++)
			part[k] = part[k] * 10 + (s[j] - '0');
		if (k < 2) {
			if (j + 1 >= len || s[j] != ',')
				return 0;
			for (j++; j < len && s[j] == ' '; j++)
				continue;
		}
	}
	if (j >= len || s[j] != '}' || part[1] > 7)
		return 0;
	enhanced_of(c, part);
	return j + 1 - i;
}

/*
 * A status in a pattern, its dots escaped: "550 5\.1\.1" in a filter of
 * fail2ban or a program's regular expression.  Class, subject and detail
 * as in match_enhanced(); an address escaped so ("10\.5\.1\.2") goes on
 * with another escaped dot and is passed over.
 */
static size_t
match_escaped(const char *s, size_t len, size_t i, struct smtp_code *c)
{
	int	 part[3], k;
	size_t	 j = i, n;

	if ((i > 0 && (isalnum_((unsigned char)s[i - 1]) || s[i - 1] == '.' ||
	    s[i - 1] == '\\')) || (s[i] != '2' && s[i] != '4' && s[i] != '5'))
		return 0;
	for (k = 0; k < 3; k++) {
		if ((n = digits(s, len, j)) == 0 || n > 3 ||
		    (n > 1 && s[j] == '0') || (k == 0 && n > 1))
			return 0;
		for (part[k] = 0; n > 0; n--, j++)
			part[k] = part[k] * 10 + (s[j] - '0');
		if (k < 2) {
			if (j + 2 >= len || s[j] != '\\' || s[j + 1] != '.')
				return 0;
			j += 2;
		}
	}
	if (j < len && (isalnum_((unsigned char)s[j]) || s[j] == '\\' ||
	    s[j] == '.'))
		return 0;
	enhanced_of(c, part);
	return j - i;
}

/*
 * "status=500 remote_addr=…", Django's "(status_code=500 request=<…>)":
 * a web server's status among other keys, a bare number where a reply
 * would have its text.
 */
static int
web_status(const char *s, size_t len, size_t i, size_t end)
{
	size_t	 k;

	if (i < 7 || s[i - 1] != '=')
		return 0;
	if (ends_with(s, i - 1, "status"))
		k = i - 7;
	else if (i >= 12 && ends_with(s, i - 1, "status_code"))
		k = i - 12;
	else
		return 0;
	if (k > 0 && (isalnum_((unsigned char)s[k - 1]) || s[k - 1] == '_'))
		return 0;
	return end < len && s[end] == ' ' && key_follows(s, len, end + 1);
}

/*
 * A key's bare value that is no reply: nothing but the end of the text, a
 * comma or a closing bracket after it, and a number SMTP servers do not
 * send ("\"code\": 422,", "status: 429,"), or HTTP's 500 after a key as
 * generic as "code" or "status", as web APIs and error pages write their
 * failures ("{\"code\":500,\"msg\":…}", "(type=Internal Server Error,
 * status=500)").  SMTP's 500 (a command not recognised) seldom reaches a
 * program's error object; its 501 to 504 do ("(code: 501, response:
 * 5.1.3 …"), and so does a reply under its own key ("responseCode: 500",
 * "smtp_code=500") or with its text after it.
 */
static int
bare_http(const char *s, size_t len, size_t i, size_t end)
{
	size_t	 k = i, e;
	int	 n = value3(s + i);

	if (end < len && strchr(",)]}", s[end]) == NULL)
		return 0;
	if (end < len && s[end] == '\0')
		return 0;
	while (k > 0 && s[k - 1] == ' ')
		k--;
	if (k == 0 || (s[k - 1] != '=' && s[k - 1] != ':'))
		return 0;
	for (k--; k > 0 && s[k - 1] == ' '; k--)
		continue;
	if (k > 0 && (s[k - 1] == '"' || s[k - 1] == '\''))
		k--;
	if (!reply_key(s, k))
		return 0;
	if (!prose_code(s + i))
		return 1;
	if (n != 500)
		return 0;
	for (e = k; k > 0 && isalnum_((unsigned char)s[k - 1]); k--)
		continue;
	if (k > 0 && s[k - 1] == '_')
		return 0;
	return (e - k == 4 && ends_with_ci(s, e, "code")) ||
	    (e - k == 6 && ends_with_ci(s, e, "status"));
}

/*
 * A number after a word of reply and a colon that is HTTP's status, not
 * SMTP's reply: "server said: 429", "Final response: 505 Version Not
 * Supported", "Server responded: 500\"".  SMTP defines no 505 to 509;
 * HTTP's 410 to 431 (not SMTP's own 421 and 432) and the values both
 * share, 500 to 504 (then after a verb of replying), only when nothing
 * follows them but the end or a closing quote or bracket: a server sends
 * its text with a reply, and some send odd values so ("Remote host said:
 * 417 SPF error").  A status after the number (checked before) keeps it
 * a reply.
 */
static int
bare_word_http(const char *s, size_t len, size_t i, size_t end)
{
	static const char *const verbs[] = {
		"responded", "replied", "response", "said", NULL
	};
	size_t	 k = i, e = end;
	int	 n = value3(s + i);

	if (!((n >= 410 && n <= 431 && !prose_code(s + i)) ||
	    (n >= 500 && n <= 509)))
		return 0;
	while (k > 0 && s[k - 1] == ' ')
		k--;
	if (k == 0 || s[k - 1] != ':')
		return 0;
	for (k--; k > 0 && s[k - 1] == ' '; k--)
		continue;
	if (!word_is(s, k, 20, reply_words))
		return 0;
	if (n >= 505)
		return 1;
	if (n >= 500 && !word_is(s, k, 20, verbs))
		return 0;
	while (e < len && s[e] == ' ')
		e++;
	return e == len || (s[e] != '\0' && strchr("\"')]},", s[e]) != NULL);
}

/*
 * A reply anchored at the start of a pattern: preg_match("/^220/", …),
 * grep '^550', "^421[- ]", a pattern alone on its line ("^550[ \-].*",
 * also as a diff adds it): what a program tests a server's line against.
 * The caret must open the pattern (a slash, quote or bracket before it,
 * or nothing but blanks or a diff's '+' or '-' from the line's start),
 * so "2^250" and "[^250]" stay what they are; a value SMTP sends.
 */
static int
anchored(const char *s, size_t len, size_t i, size_t end)
{
	size_t	 t;
	int	 c;

	if (i < 1 || s[i - 1] != '^' || !prose_code(s + i))
		return 0;
	t = i - 1;
	if (t > 0 && (s[t - 1] == '+' || s[t - 1] == '-') &&
	    (t == 1 || s[t - 2] == '\n'))
		t--;
	while (t > 0 && (s[t - 1] == ' ' || s[t - 1] == '\t'))
		t--;
	if (t > 0 && s[t - 1] != '\n') {
		c = (unsigned char)s[i - 2];
		if (c != '/' && c != '"' && c != '\'' && c != '(' &&
		    c != '`')
			return 0;
	}
	if (end == len)
		return 1;
	c = (unsigned char)s[end];
	return !isalnum_(c) && c != '.' && c != '_';
}

/* Does a key and its '=' start at s[j]: "remote_addr=", "uid="? */
static int
key_follows(const char *s, size_t len, size_t j)
{
	size_t	 k;

	for (k = j; k < len && (isalpha_((unsigned char)s[k]) ||
	    s[k] == '_'); k++)
		continue;
	return k > j && k < len && s[k] == '=';
}

/* Does one of HTTP's reason phrases start at s[j]: "Bad Request", "OK"? */
static int
http_phrase(const char *s, size_t len, size_t j)
{
	static const char *const phrases[] = {
		"OK", "Created", "Accepted", "No Content", "Moved",
		"Found", "Not Modified", "Bad Request", "Unauthorized",
		"Payment Required", "Forbidden", "Not Found",
		"Method Not Allowed", "Not Acceptable", "Request Timeout",
		"Conflict", "Gone", "Internal Server Error", "Bad Gateway",
		"Service Unavailable", "Gateway Timeout", "Gateway Time-out",
		"Length Required", "Precondition Failed", "Payload Too Large",
		"Request Entity Too Large", "URI Too Long",
		"Unsupported Media Type", "Expectation Failed",
		"Misdirected Request", "Unprocessable Entity", "Locked",
		"Failed Dependency", "Upgrade Required", "Too Many Requests",
		"Request Header Fields Too Large",
		"Unavailable For Legal Reasons", "Enhance Your Calm", NULL
	};
	size_t	 k, n;

	if (j >= len || !isupper_((unsigned char)s[j]))
		return 0;
	for (k = 0; phrases[k] != NULL; k++) {
		if (phrases[k][0] != s[j])
			continue;
		n = strlen(phrases[k]);
		if (len - j >= n && memcmp(s + j, phrases[k], n) == 0 &&
		    (j + n == len || !isalpha_((unsigned char)s[j + n])))
			return 1;
	}
	return 0;
}

/*
 * Is the word that ends at s[k] "status" or "code" after "exit": "(exit
 * status 232; not expected)", "exit code: 250"?  A process's exit
 * status, never a reply.
 */
static int
exit_status(const char *s, size_t k)
{
	size_t	 e = k;

	while (k > 0 && isalpha_((unsigned char)s[k - 1]))
		k--;
	if (!((e - k == 6 && ends_with_ci(s, e, "status")) ||
	    (e - k == 4 && ends_with_ci(s, e, "code"))))
		return 0;
	if (k < 5 || s[k - 1] != ' ' || !ends_with_ci(s, k - 1, "exit"))
		return 0;
	return k == 5 || !isalpha_((unsigned char)s[k - 6]);
}

/* Does s[j..len) start with word (lower case), ignoring case? */
static int
starts_ci(const char *s, size_t len, size_t j, const char *word)
{
	size_t	 n = strlen(word), k;

	if (len - j < n)
		return 0;
	for (k = 0; k < n; k++)
		if (((unsigned char)s[j + k] | 0x20) != (unsigned char)word[k])
			return 0;
	return j + n == len || !isalpha_((unsigned char)s[j + n]);
}

/*
 * Does one of the phrases of HTTP's 5xx statuses follow the number that
 * ends at s[end], after a space or ": ", in any case?  SMTP's 50x are
 * syntax and sequence errors; none reads "Internal server error".
 */
static int
server_phrase(const char *s, size_t len, size_t end)
{
	static const char *const phrases[] = {
		"internal server error", "bad gateway", "service unavailable",
		"gateway timeout", "gateway time-out", NULL
	};
	size_t	 j = end, k;

	if (j < len && s[j] == ':')
		j++;
	if (j + 1 >= len || s[j] != ' ')
		return 0;
	for (k = 0; phrases[k] != NULL; k++)
		if (starts_ci(s, len, j + 1, phrases[k]))
			return 1;
	return 0;
}

/*
 * Is the number at s[i..end) a 354 followed by the words of that reply,
 * the invitation to send the message ("354 go ahead", "354 End data
 * with", "354 Enter message", "354 Start mail input"), or a 334 followed
 * by AUTH's challenge in base64 ("334 VXNlcm5hbWU6")?
 */
static int
data_phrase(const char *s, size_t len, size_t i, size_t end)
{
	static const char *const phrases[] = {
		"go ahead", "end data with", "enter message", "enter mail",
		"start mail input", NULL
	};
	size_t	 j = end, k;
	int	 up = 0, low = 0, other = 0;

	while (j < len && s[j] == ' ' && j - end < 3)
		j++;
	/* "334 VXNlcm5hbWU6": AUTH's challenge in base64, a word of a
	 * length divisible by four with both cases and a digit or a sign */
	if (memcmp(s + i, "334", 3) == 0) {
		for (k = j; k < len && (isalnum_((unsigned char)s[k]) ||
		    s[k] == '+' || s[k] == '/' || s[k] == '='); k++) {
			up |= isupper_((unsigned char)s[k]);
			low |= s[k] >= 'a' && s[k] <= 'z';
			other |= !isalpha_((unsigned char)s[k]);
		}
		return k - j >= 8 && (k - j) % 4 == 0 && up && low && other &&
		    blank_after(s, len, k);
	}
	if (memcmp(s + i, "354", 3) != 0)
		return 0;
	for (k = 0; phrases[k] != NULL; k++)
		if (starts_ci(s, len, j, phrases[k]))
			return 1;
	return 0;
}

/*
 * "(550) - Expected response code 250 but got code \"550\"": a number
 * in brackets before the message it sums up, after " - " or ": ", the
 * message giving the same number as a reply later on the line.
 */
static int
echoed_later(const char *s, size_t len, size_t i, size_t end)
{
	size_t	 j = end + 1;

	if (j + 3 >= len || s[j] != ' ' || (s[j + 1] != '-' &&
	    s[j + 1] != ':') || s[j + 2] != ' ')
		return 0;
	/* Within the next 256 bytes of the line; an echo in brackets again
	 * is no message, so this never calls itself. */
	for (j += 3; j + 3 <= len && j < end + 256 && s[j] != '\n'; j++)
		if (s[j] == s[i] && memcmp(s + j, s + i, 3) == 0 &&
		    s[j - 1] != '(' && !isdig((unsigned char)s[j - 1]) &&
		    (j + 3 == len || !isdig((unsigned char)s[j + 3])) &&
		    reply_context(s, len, j, j + 3))
			return 1;
	return 0;
}

/*
 * Is the number at s[i..end) written again just after a comma, and there
 * followed by a reply's text: "530 , 530 Error: authentication required"?
 */
static int
repeated(const char *s, size_t len, size_t i, size_t end)
{
	size_t	 j = end;

	if (j < len && s[j] == ' ')
		j++;
	if (j >= len || s[j] != ',')
		return 0;
	if (++j < len && s[j] == ' ')
		j++;
	return j + 5 <= len && memcmp(s + i, s + j, 3) == 0 &&
	    s[j + 3] == ' ' && isalpha_((unsigned char)s[j + 4]);
}

/* Does s[i..i+n) occur before i, with no letter or digit around it? */
static int
seen_before(const char *s, size_t i, size_t n)
{
	size_t	 k;

	for (k = 0; k + n < i; k++)
		if (s[k] == s[i] && memcmp(s + k, s + i, n) == 0 &&
		    (k == 0 || !isalnum_((unsigned char)s[k - 1])) &&
		    !isalnum_((unsigned char)s[k + n]) && s[k + n] != '.')
			return 1;
	return 0;
}

/*
 * Is the quote at s[q] the value of a key that names no reply, as in an
 * HTML attribute ("height=\"243\"", quoted-printable "height=3D\"243\"")?
 */
static int
attribute(const char *s, size_t q)
{
	size_t	 k = q;

	if (k >= 3 && s[k - 1] == 'D' && s[k - 2] == '3' && s[k - 3] == '=')
		k -= 2;
	if (k < 2 || s[k - 1] != '=')
		return 0;
	return !reply_key(s, k - 1) && isalpha_((unsigned char)s[k - 2]);
}

/*
 * Letters and digits, at least one digit, then ')' at s[j]: a commit's
 * hash in brackets.  *end is set after the ')'.
 */
static int
hash_at(const char *s, size_t len, size_t j, size_t *end)
{
	size_t	 k;
	int	 dig = 0;

	for (k = j; k < len && isalnum_((unsigned char)s[k]); k++)
		dig |= isdig((unsigned char)s[k]);
	if (!dig || k == j || k >= len || s[k] != ')')
		return 0;
	*end = k + 1;
	return 1;
}

/*
 * Is the number at s[i] one of two or more values SMTP uses, written
 * with slashes between them ("250/251") or with the bars of a pattern's
 * alternatives ("550|450"), one kind in a list, not all the same, and
 * nothing else glued around them?
 */
static int
slash_list(const char *s, size_t len, size_t i)
{
	size_t	 a = i, b = i, n = 1, k;
	int	 sep, same;

	sep = i > 0 && (s[i - 1] == '/' || s[i - 1] == '|') ? s[i - 1] :
	    s[i + 3];
	while (a >= 4 && s[a - 1] == sep && digits(s, len, a - 4) == 3 &&
	    (a == 4 || !isdig((unsigned char)s[a - 5])) && n <= LIST_MAX)
		a -= 4, n++;
	while (b + 7 <= len && s[b + 3] == sep && digits(s, len, b + 4) == 3 &&
	    n <= LIST_MAX)
		b += 4, n++;
	if (n < 2 || n > LIST_MAX || (a > 0 && (isalnum_((unsigned char)s[a - 1]) ||
	    s[a - 1] == '/' || s[a - 1] == '|' || s[a - 1] == '.')) ||
	    (b + 3 < len && (isalnum_((unsigned char)s[b + 3]) ||
	    s[b + 3] == '/' || s[b + 3] == '|' || s[b + 3] == '.')))
		return 0;
	/*
	 * A list names different replies: "(503/503)", the same number
	 * twice, is a pair such as sendmail's uid and gid after ctladdr=.
	 */
	for (same = 1, k = a; k <= b; k += 4)
		if (memcmp(s + k, s + a, 3) != 0)
			same = 0;
	if (same)
		return 0;
	for (; a <= b; a += 4)
		if (!prose_code(s + a))
			return 0;
	return 1;
}

/*
 * Is the number at s[i..end) a member of a set of values SMTP uses that
 * a program tests a code's variable against: "smtp_code in {421, 450,
 * 550}", "e.code not in (550, 551)", "code in [421, 450]"?  The name
 * before "in" must name a code, and a member must be one that only SMTP
 * uses, so that a web client's "status_code in (500, 502, 503)" stays
 * HTTP's.
 */
static int
code_set(const char *s, size_t len, size_t i, size_t end)
{
	size_t	 k = i, b = end, n = 1;
	int	 close, only = smtp_only(s + i);

	/* Back over the members before it to the opening bracket. */
	while (k > 0 && s[k - 1] != '{' && s[k - 1] != '(' &&
	    s[k - 1] != '[') {
		if (s[k - 1] == ' ')
			k--;
		if (k < 4 || s[k - 1] != ',' || digits(s, len, k - 4) != 3 ||
		    (k > 4 && isalnum_((unsigned char)s[k - 5])) ||
		    !prose_code(s + k - 4))
			return 0;
		only |= smtp_only(s + k - 4);
		k -= 4;
		if (++n > LIST_MAX)
			return 0;
	}
	if (k == 0)
		return 0;
	close = s[k - 1] == '{' ? '}' : s[k - 1] == '(' ? ')' : ']';
	/* On over the members after it to the closing bracket. */
	while (b < len && s[b] == ',') {
		if (++b < len && s[b] == ' ')
			b++;
		if (digits(s, len, b) != 3 || (b + 3 < len &&
		    isalnum_((unsigned char)s[b + 3])) || !prose_code(s + b))
			return 0;
		only |= smtp_only(s + b);
		b += 3;
		if (++n > LIST_MAX)
			return 0;
	}
	if (b >= len || s[b] != close || !only || !prose_code(s + i))
		return 0;
	/* Then " in " or " not in " and a name of a code before it. */
	for (k--; k > 0 && s[k - 1] == ' '; k--)
		continue;
	if (k < 3 || s[k - 1] != 'n' || s[k - 2] != 'i' || s[k - 3] != ' ')
		return 0;
	for (k -= 3; k > 0 && s[k - 1] == ' '; k--)
		continue;
	if (k >= 4 && ends_with(s, k, " not"))
		for (k -= 4; k > 0 && s[k - 1] == ' '; k--)
			continue;
	return reply_key(s, k);
}

/* The value of the three digits at s: "550" is 550. */
static int
value3(const char *s)
{
	return (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
}

/*
 * A value SMTP uses (see prose_code()) that HTTP does not: never 421,
 * 451 or 500 to 504, which HTTP's statuses share.
 */
static int
smtp_only(const char *s)
{
	int	 n = value3(s);

	return prose_code(s) && n != 421 && n != 451 && (n < 500 || n > 504);
}

static int
isupper_(int c)
{
	return c >= 'A' && c <= 'Z';
}

/*
 * Does the text hold an enhanced status code of class cls ('4', '5')?
 * The answer is kept for the rest of the text: asked at every bracketed
 * reply, a scan each time made a line of many of them quadratic.
 */
static int
status_in(const char *s, size_t len, int cls)
{
	struct smtp_code	 c;
	size_t			 k;
	int			*seen = &status_seen[(cls - '0') % 10];

	if (*seen >= 0)
		return *seen;
	for (k = 0; k + 4 < len; k++)
		if (s[k] == cls && s[k + 1] == '.' &&
		    (k == 0 || !isalnum_((unsigned char)s[k - 1])) &&
		    match_enhanced(s, len, k, &c) > 0)
			return *seen = 1;
	return *seen = 0;
}

/*
 * A character of East Asian text (an ideograph, kana, hangul or a
 * full-width sign, three bytes in UTF-8) at s[j]; never the box drawings
 * and arrows (U+2xxx) that some programs print before a reply.
 */
static int
cjk_at(const char *s, size_t len, size_t j)
{
	int	 c = j < len ? (unsigned char)s[j] : 0;

	return j + 2 < len && ((c >= 0xe3 && c <= 0xed) || c == 0xef) &&
	    ((unsigned char)s[j + 1] & 0xc0) == 0x80 &&
	    ((unsigned char)s[j + 2] & 0xc0) == 0x80;
}

/*
 * Chinese and Japanese write a number with no space on either side:
 * "返回代码550，如果…", "返500，501或421".
 * A value SMTP uses, glued to such text before it and followed by more
 * of it or by the end of the line, is a reply; never one followed by a
 * counter ("250封", "550件", "421秒"), which makes it a count.
 */
static int
cjk_glued(const char *s, size_t len, size_t i, size_t end)
{
	/*
	 * 封 个 個 条 條 次 秒 分 天 人 通 件 位 字 行
	 * 名 台 年 月 日 号 號 元 円 回 倍 頁 页 毫 小 時 时 万 千
	 * 百 ミ 種 种: letters, items, times, seconds, milliseconds
	 * and hours, people, mails, dates, money, pages, thousands, kinds
	 */
	static const char *const counters[] = {
		"\xe5\xb0\x81", "\xe4\xb8\xaa", "\xe5\x80\x8b",
		"\xe6\x9d\xa1", "\xe6\xa2\x9d", "\xe6\xac\xa1",
		"\xe7\xa7\x92", "\xe5\x88\x86", "\xe5\xa4\xa9",
		"\xe4\xba\xba", "\xe9\x80\x9a", "\xe4\xbb\xb6",
		"\xe4\xbd\x8d", "\xe5\xad\x97", "\xe8\xa1\x8c",
		"\xe5\x90\x8d", "\xe5\x8f\xb0", "\xe5\xb9\xb4",
		"\xe6\x9c\x88", "\xe6\x97\xa5", "\xe5\x8f\xb7",
		"\xe8\x99\x9f", "\xe5\x85\x83", "\xe5\x86\x86",
		"\xe5\x9b\x9e", "\xe5\x80\x8d", "\xe9\xa0\x81",
		"\xe9\xa1\xb5", "\xe6\xaf\xab", "\xe5\xb0\x8f",
		"\xe6\x99\x82", "\xe6\x97\xb6", "\xe4\xb8\x87",
		"\xe5\x8d\x83", "\xe7\x99\xbe", "\xe3\x83\x9f",
		"\xe7\xa8\xae", "\xe7\xa7\x8d", NULL
	};
	size_t	 k;

	if (i < 3 || !cjk_at(s, len, i - 3) || !prose_code(s + i))
		return 0;
	if (end == len || s[end] == '\n' || s[end] == '\r')
		return 1;
	if (!cjk_at(s, len, end))
		return 0;
	for (k = 0; counters[k] != NULL; k++)
		if (memcmp(s + end, counters[k], 3) == 0)
			return 0;
	return 1;
}

/*
 * Is the space-separated status at s[j] followed by qmail's text, its
 * spaces written '_': a word that starts a sentence or an address, then
 * '_' and more ("_IP_Reputation_Greylisted", "_<u@example.com>_no_such")?
 * A name after a status has neither ("4.1.6_dsn.example.test").
 */
static int
underscored(const char *s, size_t len, size_t j)
{
	size_t	 e;

	if (j + 2 >= len || s[j] != '_' || (!isupper_((unsigned char)s[j + 1])
	    && s[j + 1] != '<'))
		return 0;
	for (e = j + 1; e < len && e - j < 40 && s[e] != '_' &&
	    (unsigned char)s[e] > ' ' && s[e] != '"' && s[e] != '\''; e++)
		continue;
	return e + 1 < len && s[e] == '_' &&
	    (isalnum_((unsigned char)s[e + 1]) || s[e + 1] == '<');
}

/*
 * Does a comment's marker end at s[k - 1] ("//", "#", "##", "--", ";"),
 * alone at the start of its line but for indentation?  (Not '%', a
 * shell's prompt as often as TeX's or Erlang's comment.)  A comment
 * in a program or a configuration quotes a reply as a log does, at the
 * start of its own line: "//   553-fail. Refer to", "# 550 User unknown".
 */
static int
comment_start(const char *s, size_t k)
{
	size_t	 n = 0;
	int	 m = (unsigned char)s[k - 1];

	while (n < k && n < 4 && (unsigned char)s[k - n - 1] == m)
		n++;
	if (n == 4 || ((m == '/' || m == '-') && n != 2))
		return 0;
	k -= n;
	while (k > 0 && (s[k - 1] == ' ' || s[k - 1] == '\t'))
		k--;
	return k == 0 || s[k - 1] == '\n' || newline_before(s, k);
}

/*
 * A letter of an alphabet written in two bytes of UTF-8 (accented Latin,
 * Greek, Cyrillic, Armenian, Hebrew, Arabic) that starts at s[j].
 */
static int
letter_at(const char *s, size_t len, size_t j)
{
	int	 c = j < len ? (unsigned char)s[j] : 0;

	return j + 1 < len && c >= 0xc3 && c <= 0xdd &&
	    ((unsigned char)s[j + 1] & 0xc0) == 0x80;
}

/*
 * Is the number at s[i..end) a word of a sentence in an alphabet other
 * than ASCII's, its words on both sides ("до 500 писем/день", "up to 500
 * mails a day")?  Such a word before a number is no drawing or arrow,
 * the openings open_at() takes a non-ASCII byte for.
 */
static int
words_around(const char *s, size_t len, size_t i, size_t end)
{
	size_t	 k = i;

	while (k > 0 && s[k - 1] == ' ')
		k--;
	return k < i && k >= 2 && letter_at(s, len, k - 2) &&
	    end + 1 < len && s[end] == ' ' && letter_at(s, len, end + 1);
}

/*
 * Does an enhanced status of class cls ('4', '5') end at s[k - 1], a
 * whole word: "5.7.1" before "554 Character set prohibited"?
 */
static int
status_before(const char *s, size_t k, int cls)
{
	struct smtp_code c;
	size_t	 t = k;

	while (t > 0 && k - t < 9 && (isdig((unsigned char)s[t - 1]) ||
	    s[t - 1] == '.'))
		t--;
	if (t == k || s[t] != cls)
		return 0;
	return match_enhanced(s, k, t, &c) == k - t;
}

/*
 * HTTP's 4xx statuses that SMTP never sends (400 to 431 but SMTP's own
 * 421) after a noun that web APIs' errors use, ending at s[k]: "got
 * status 429 from the API", "Error 429 is", "[420 status code 420]"; the
 * protocol's name before the nouns keeps it a reply ("SMTP error 429"),
 * and so does "reply 422", a name of SMTP's.
 */
static int
noun_http(const char *s, size_t i, size_t k)
{
	static const char *const nouns[] = {
		"error", "code", "status", "response", NULL
	};
	int	 n = value3(s + i), words;

	if (n < 400 || n > 431 || prose_code(s + i) ||
	    !word_is(s, k, 20, nouns))
		return 0;
	for (words = 0; words < 2; words++) {
		while (k > 0 && (isalnum_((unsigned char)s[k - 1]) ||
		    s[k - 1] == '_'))
			k--;
		while (k > 0 && s[k - 1] == ' ')
			k--;
		if (word_is(s, k, 20, protocol_words))
			return 0;
		if (!word_is(s, k, 20, nouns))
			break;
	}
	return 1;
}

/*
 * An argument, alone or in brackets, of a call whose name ends in "Code",
 * "Command" or "Response", as a stack trace prints a transport's wanted
 * replies: "assertResponseCode(\"\", [ 354])", "command('RSET', 250)",
 * "executeCommand($cmd, array(250, 251))".  Only values SMTP alone
 * uses, so that "Response(500)", a web server's, stays a number.
 */
static int
call_argument(const char *s, size_t len, size_t i, size_t end)
{
	size_t	 k = i, t, e;
	int	 depth = 0;

	if (end >= len || (s[end] != ']' && s[end] != ')' && s[end] != ',') ||
	    !smtp_only(s + i))
		return 0;
	while (k > 0 && s[k - 1] == ' ')
		k--;
	if (k == 0 || (s[k - 1] != '[' && s[k - 1] != '(' && s[k - 1] != ','))
		return 0;
	for (t = k; t > 0 && k - t < 200; t--) {
		if (s[t - 1] == ')' || s[t - 1] == ']')
			depth++;
		else if ((s[t - 1] == '[' || s[t - 1] == '(') && depth > 0)
			depth--;
		else if (s[t - 1] == '(') {
			for (e = t - 1; e > 0 && isalnum_((unsigned char)
			    s[e - 1]); e--)
				continue;
			/* PHP's "array(250, 251)" inside the call */
			if (t - 1 - e == 5 && ends_with_ci(s, t - 1, "array"))
				continue;
			return (t - 1 - e >= 4 && ends_with_ci(s, t - 1, "code")) ||
			    (t - 1 - e >= 7 && ends_with_ci(s, t - 1,
			    "command")) || (t - 1 - e >= 8 &&
			    ends_with_ci(s, t - 1, "response"));
		}
	}
	return 0;
}

/* Nothing but blanks from s[j] to the end of its line. */
static int
blank_after(const char *s, size_t len, size_t j)
{
	while (j < len && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r'))
		j++;
	return j == len || s[j] == '\n';
}

/*
 * Is the status s[i..j) glued to a capitalised word after it, right
 * after a reply of its class and a space, a dash or a literal "\n":
 * "550\n5.7.1Unauthorized sender" as a server wrote it without its
 * space?  "score 5.1.1a" and "5.1.1Beta" alone stay what they are.
 */
static int
word_glued(const char *s, size_t len, size_t i, size_t j)
{
	size_t	 k = i;

	if (j + 2 >= len || !isupper_((unsigned char)s[j]) ||
	    s[j + 1] < 'a' || s[j + 1] > 'z')
		return 0;
	if (newline_before(s, k))
		k -= 2;
	else if (k > 0 && (s[k - 1] == ' ' || s[k - 1] == '-'))
		k--;
	else
		return 0;
	return k >= 3 && s[k - 3] == s[i] && isdig((unsigned char)s[k - 2]) &&
	    isdig((unsigned char)s[k - 1]) &&
	    (k == 3 || !isalnum_((unsigned char)s[k - 4]));
}

/*
 * Does the name that ends at s[end] (a class, with its module before a
 * dot) name an exception of an SMTP library: "SMTPSenderRefused",
 * "smtplib.SMTPDataError", "SmtpCommandException"?
 */
static int
smtp_exception(const char *s, size_t end)
{
	size_t	 k, n;

	/* The ending first: most names end otherwise, and it is cheaper
	 * than measuring the name. */
	if (!(ends_with_ci(s, end, "error") || ends_with_ci(s, end,
	    "exception") || ends_with_ci(s, end, "refused")))
		return 0;
	for (n = 0; n < end && n < 60 && (isalnum_((unsigned char)
	    s[end - n - 1]) || s[end - n - 1] == '_' || s[end - n - 1] == '.');
	    n++)
		continue;
	if (n < 9)
		return 0;
	for (k = end - n; k + 4 <= end; k++)
		if ((s[k] | 0x20) == 's' && (s[k + 1] | 0x20) == 'm' &&
		    (s[k + 2] | 0x20) == 't' && (s[k + 3] | 0x20) == 'p')
			return 1;
	return 0;
}

/*
 * Where the call whose ')' is s[c] opens: the index of its '(', or 0
 * when none is found within 200 bytes.
 */
static size_t
call_start(const char *s, size_t c)
{
	size_t	 t;
	int	 depth = 0;

	for (t = c + 1; t > 0 && c + 1 - t < 200; t--) {
		if (s[t - 1] == ')')
			depth++;
		else if (s[t - 1] == '(' && --depth == 0)
			return t - 1;
	}
	return 0;
}
