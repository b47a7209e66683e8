/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * Parse and validate one knowledge-base entry: its ```meta block and its
 * sections.  Used by kbgen at build time and by the overlay at run time,
 * so both apply exactly the same rules.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "extern.h"

/* The sections every entry has, in this order. */
static const char *const sections[] = {
	"Summary", "Causes", "Who must act", "What to do",
	"Server texts", "Related", "References"
};
#define NSECTIONS (sizeof(sections) / sizeof(sections[0]))

static const char *const kinds[KIND__MAX + 1] = {
	"class", "subject", "enhanced", "reply", "errno", "vendor",
	"receiver", NULL
};

static const char *const reasons[] = {
	"userunknown", "mailboxfull", "hostunknown", "hasmoved", "notaccept",
	"authfailure", "badreputation", "blocked", "contenterror",
	"emailtoolarge", "expired", "failedstarttls", "filtered",
	"mailererror", "networkerror", "norelaying", "notcompliantrfc",
	"policyviolation", "ratelimited", "rejected", "requireptr",
	"securityerror", "spamdetected", "suspend", "syntaxerror",
	"systemerror", "systemfull", "virusdetected", "delivered",
	"undefined", NULL
};

/* Names older Sisimai releases used, and the name each became. */
static const char *const reason_aliases[][2] = {
	{ "mesgtoobig", "emailtoolarge" },
	{ "exceedlimit", "emailtoolarge" },
	{ "toomanyconn", "ratelimited" },
	{ "speeding", "ratelimited" },
};

static const char *const actors[] = {
	"sender", "sender-admin", "recipient", "recipient-admin", "nobody",
	NULL
};

static const char *const statuses[] = {
	"registered", "registry-only", "experimental", "obsolete",
	"deprecated", "nonstandard", "notsmtp", NULL
};

static const char *const bounces[] = { "none", "soft", "hard", NULL };

/* Metadata keys; the order is that of the fields filled below. */
enum meta_key {
	M_CODE, M_KIND, M_TITLE, M_CLASSES, M_REPLIES, M_ENHANCED,
	M_REASON, M_BOUNCE, M_ACTS, M_STATUS, M_SEED, M_RELATED,
	M_VENDOR, M_MATCH, M_HOSTS, M_SOURCE, M__MAX
};

static const char *const keys[M__MAX] = {
	"code", "kind", "title", "classes", "replies", "enhanced",
	"reason", "bounce", "acts", "status", "seed", "related",
	"vendor", "match", "hosts", "source"
};

static const int required[M__MAX] = {
	1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 1, 0, 0, 0, 0
};

struct check {
	const char	*path;		/* file name for messages */
	int		 errors;	/* problems reported so far */
	char		*val[M__MAX];	/* metadata values, or NULL */
	int		 line[M__MAX];	/* where each key was given */
};

static void	 report(struct check *, int, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
static void	 check_bytes(struct check *, const char *, size_t);
static int	 word_in(const char *, const char *const *);
static void	 check_words(struct check *, enum meta_key,
		    const char *const *);
static void	 parse_meta_line(struct check *, const char *, size_t, int);
static void	 parse_meta(struct check *, cmark_node *);
static void	 check_values(struct check *, const char *);
static void	 check_reason(struct check *);
static void	 fill_entry(struct check *, struct kb_entry *);
static int	 check_inlines(struct check *, cmark_node *);
static void	 check_sections(struct check *, cmark_node *, int);
static int	 valid_key(const char *, enum kb_kind);
static int	 valid_name(const char *);
static void	 check_vendor(struct check *);
static void	 check_receiver(struct check *);
static unsigned	 class_bits(struct check *);

int
kbcheck_reason(const char *r)
{
	return word_in(r, reasons);
}

const char *
kbcheck_kind_name(enum kb_kind k)
{
	return (unsigned)k < KIND__MAX ? kinds[k] : "?";
}

const char *
kbcheck_bounce_name(enum kb_bounce b)
{
	return (unsigned)b <= BOUNCE_HARD ? bounces[b] : "?";
}

/* "path:line: message" through the diagnostics sink, which quotes it. */
static void
report(struct check *c, int line, const char *fmt, ...)
{
	va_list	 ap;
	char	 text[512];

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	msg(MSG_ERROR, c->path, line, "%s", text);
	c->errors++;
}

/*
 * An entry is text: UTF-8 without control characters but tab and line
 * ends, so that every format can show it as written.
 */
static void
check_bytes(struct check *c, const char *text, size_t len)
{
	const unsigned char	*p = (const unsigned char *)text;
	size_t			 i, n;
	unsigned		 cp;
	int			 line = 1;

	for (i = 0; i < len; i += n) {
		n = 1;
		if (p[i] == '\n')
			line++;
		else if (p[i] == '\r' && i + 1 < len && p[i + 1] == '\n')
			continue;
		else if (p[i] < 0x20 && p[i] != '\t') {
			report(c, line, "control character U+%04X; an entry "
			    "is text", p[i]);
			return;
		} else if ((n = term_utf8(p + i, len - i, &cp)) == 0) {
			report(c, line, "invalid UTF-8 byte 0x%02x", p[i]);
			return;
		} else if (cp == 0x7f || (cp >= 0x80 && cp <= 0x9f)) {
			report(c, line, "control character U+%04X; an entry "
			    "is text", cp);
			return;
		}
	}
}

static int
word_in(const char *w, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(w, *list) == 0)
			return 1;
	return 0;
}

/* Every space-separated word of key k must be one of list. */
static void
check_words(struct check *c, enum meta_key k, const char *const *list)
{
	char	*copy, *w, *save;

	if (c->val[k] == NULL)
		return;
	copy = xstrdup(c->val[k]);
	for (w = strtok_r(copy, " ", &save); w != NULL;
	    w = strtok_r(NULL, " ", &save))
		if (!word_in(w, list))
			report(c, c->line[k], "%s: unknown value \"%s\"",
			    keys[k], w);
	free(copy);
}

/* One "key: value" line of the meta block. */
static void
parse_meta_line(struct check *c, const char *s, size_t n, int line)
{
	const char	*colon, *v;
	size_t		 klen, vlen;
	int		 k;

	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	if (n == 0)
		return;
	if ((colon = memchr(s, ':', n)) == NULL) {
		report(c, line, "metadata line is not \"key: value\"");
		return;
	}
	klen = (size_t)(colon - s);
	for (k = 0; k < M__MAX; k++)
		if (strlen(keys[k]) == klen && memcmp(keys[k], s, klen) == 0)
			break;
	if (k == M__MAX) {
		report(c, line, "unknown metadata key \"%.*s\"", (int)klen, s);
		return;
	}
	for (v = colon + 1; v < s + n && *v == ' '; v++)
		continue;
	vlen = (size_t)(s + n - v);
	if (c->val[k] != NULL)
		report(c, line, "metadata key \"%s\" repeated (first on "
		    "line %d)", keys[k], c->line[k]);
	else if (vlen == 0)
		report(c, line, "metadata key \"%s\" has no value", keys[k]);
	else {
		c->val[k] = xstrndup(v, vlen);
		c->line[k] = line;
	}
}

static void
parse_meta(struct check *c, cmark_node *block)
{
	const char	*s, *nl;
	int		 line, k;

	s = cmark_node_get_literal(block);
	line = cmark_node_get_start_line(block) + 1;
	for (; s != NULL && *s != '\0'; s = nl + 1, line++) {
		if ((nl = strchr(s, '\n')) == NULL)
			nl = s + strlen(s);
		parse_meta_line(c, s, (size_t)(nl - s), line);
		if (*nl == '\0')
			break;
	}
	for (k = 0; k < M__MAX; k++)
		if (required[k] && c->val[k] == NULL)
			report(c, cmark_node_get_start_line(block),
			    "metadata key \"%s\" missing", keys[k]);
}

/* Is key a well-formed key for an entry of kind k? */
static int
valid_key(const char *key, enum kb_kind k)
{
	struct smtp_code	 sc;
	struct code_error	 ce;

	if (code_parse(key, &sc, &ce) == -1)
		return 0;
	switch (k) {
	case KIND_CLASS:
		return sc.type == CODE_CLASS;
	case KIND_SUBJECT:
		return sc.type == CODE_SUBJECT && sc.cls == 0 &&
		    strchr(key, 'X') == key && key[strlen(key) - 1] == 'X';
	case KIND_ENHANCED:
		return sc.type == CODE_ENHANCED && sc.cls == 0 &&
		    key[0] == 'X';
	case KIND_REPLY:
	case KIND_ERRNO:
		return sc.type == CODE_REPLY && sc.suffix == -1;
	default:
		return 0;
	}
}

/* Vendor keys are names: lowercase letters, digits and dashes. */
static int
valid_name(const char *key)
{
	return *key >= 'a' && *key <= 'z' &&
	    key[strspn(key, "abcdefghijklmnopqrstuvwxyz0123456789-")] == '\0';
}

/*
 * A vendor entry matches a line by one of its codes plus a phrase or a
 * host: it needs codes to index it by, and something to tell it apart.
 */
static void
check_vendor(struct check *c)
{
	struct smtp_code	 sc;
	struct code_error	 ce;
	char			*copy, *w, *save;
	int			 line = c->line[M_CODE];

	if (c->val[M_VENDOR] == NULL)
		report(c, line, "metadata key \"vendor\" missing");
	if (c->val[M_MATCH] == NULL && c->val[M_HOSTS] == NULL)
		report(c, line, "a vendor entry needs \"match\" or \"hosts\"");
	if (c->val[M_REPLIES] == NULL && c->val[M_ENHANCED] == NULL)
		report(c, line, "a vendor entry needs \"replies\" or "
		    "\"enhanced\" to be found by");
	if (c->val[M_MATCH] != NULL && (strstr(c->val[M_MATCH], "||") != NULL ||
	    c->val[M_MATCH][0] == '|' ||
	    c->val[M_MATCH][strlen(c->val[M_MATCH]) - 1] == '|'))
		report(c, c->line[M_MATCH], "match: empty phrase");
	if (c->val[M_ENHANCED] == NULL)
		return;
	copy = xstrdup(c->val[M_ENHANCED]);
	for (w = strtok_r(copy, " ", &save); w != NULL;
	    w = strtok_r(NULL, " ", &save))
		if (code_parse(w, &sc, &ce) == -1 || sc.type != CODE_ENHANCED)
			report(c, c->line[M_ENHANCED], "enhanced: \"%s\" is "
			    "not an enhanced code", w);
	free(copy);
}

/*
 * A receiver entry names who runs a mail service, found by its host
 * names alone, for replies that none of its messages explains: it has
 * hosts and a page to send users to, and no codes of its own.
 */
static void
check_receiver(struct check *c)
{
	int	 line = c->line[M_CODE];

	if (c->val[M_VENDOR] == NULL)
		report(c, line, "metadata key \"vendor\" missing");
	if (c->val[M_HOSTS] == NULL)
		report(c, line, "a receiver entry needs \"hosts\"");
	if (c->val[M_SOURCE] == NULL)
		report(c, line, "a receiver entry needs \"source\", the "
		    "page that its users are sent to");
	if (c->val[M_REPLIES] != NULL || c->val[M_ENHANCED] != NULL ||
	    c->val[M_MATCH] != NULL)
		report(c, line, "a receiver entry has no codes or phrases; "
		    "write a vendor entry for one of its messages");
}

static unsigned
class_bits(struct check *c)
{
	const char	*p;
	unsigned	 bits = 0;

	if (c->val[M_CLASSES] == NULL || strcmp(c->val[M_CLASSES], "none") == 0)
		return 0;
	for (p = c->val[M_CLASSES]; *p != '\0'; p++) {
		if (*p >= '2' && *p <= '5' && (p[1] == ' ' || p[1] == '\0'))
			bits |= 1u << (*p - '0');
		else if (*p != ' ') {
			report(c, c->line[M_CLASSES], "classes: expected "
			    "digits 2 to 5 or \"none\"");
			return bits;
		}
	}
	return bits;
}

/* A reason is one of Sisimai's names; a legacy name becomes the new one. */
static void
check_reason(struct check *c)
{
	size_t	 i;

	for (i = 0; i < sizeof(reason_aliases) / sizeof(reason_aliases[0]);
	    i++)
		if (strcmp(c->val[M_REASON], reason_aliases[i][0]) == 0) {
			free(c->val[M_REASON]);
			c->val[M_REASON] = xstrdup(reason_aliases[i][1]);
			return;
		}
	if (!word_in(c->val[M_REASON], reasons))
		report(c, c->line[M_REASON], "reason: unknown value \"%s\"",
		    c->val[M_REASON]);
}

static void
check_values(struct check *c, const char *base)
{
	const char	*key = c->val[M_CODE];
	int		 k;

	if (c->val[M_KIND] != NULL && !word_in(c->val[M_KIND], kinds))
		report(c, c->line[M_KIND], "kind: unknown value \"%s\"",
		    c->val[M_KIND]);
	if (c->val[M_REASON] != NULL)
		check_reason(c);
	if (c->val[M_BOUNCE] != NULL && !word_in(c->val[M_BOUNCE], bounces))
		report(c, c->line[M_BOUNCE], "bounce: unknown value \"%s\"",
		    c->val[M_BOUNCE]);
	if (c->val[M_STATUS] != NULL && !word_in(c->val[M_STATUS], statuses))
		report(c, c->line[M_STATUS], "status: unknown value \"%s\"",
		    c->val[M_STATUS]);
	check_words(c, M_ACTS, actors);
	if (c->val[M_TITLE] != NULL && strlen(c->val[M_TITLE]) > 80)
		report(c, c->line[M_TITLE], "title: longer than 80 characters");
	if (key == NULL || c->val[M_KIND] == NULL)
		return;
	if (base != NULL && strcmp(key, base) != 0)
		report(c, c->line[M_CODE], "code \"%s\" does not match the "
		    "file name \"%s.md\"", key, base);
	if (strcmp(c->val[M_KIND], "vendor") == 0 ||
	    strcmp(c->val[M_KIND], "receiver") == 0) {
		if (!valid_name(key))
			report(c, c->line[M_CODE], "vendor key \"%s\" must be "
			    "lowercase letters, digits and dashes", key);
		if (c->val[M_KIND][0] == 'v')
			check_vendor(c);
		else
			check_receiver(c);
		return;
	}
	for (k = M_VENDOR; k <= M_SOURCE; k++)
		if (c->val[k] != NULL)
			report(c, c->line[k], "\"%s\" is only for vendor "
			    "entries", keys[k]);
	for (k = 0; k < KIND__MAX; k++)
		if (strcmp(c->val[M_KIND], kinds[k]) == 0 &&
		    !valid_key(key, (enum kb_kind)k))
			report(c, c->line[M_CODE], "code \"%s\" is not a "
			    "valid key for kind %s", key, kinds[k]);
}

/* HTML and images cannot be shown on a terminal: refuse them. */
static int
check_inlines(struct check *c, cmark_node *top)
{
	cmark_iter		*it;
	cmark_event_type	 ev;
	cmark_node		*n;
	int			 words = 0;

	it = cmark_iter_new(top);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		n = cmark_iter_get_node(it);
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_HTML_BLOCK:
		case CMARK_NODE_HTML_INLINE:
			report(c, cmark_node_get_start_line(n),
			    "HTML is not allowed in an entry");
			break;
		case CMARK_NODE_IMAGE:
			report(c, cmark_node_get_start_line(n),
			    "images are not allowed in an entry");
			break;
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			words++;
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
	return words;
}

/* The blocks after the meta block: the seven sections, in order. */
static void
check_sections(struct check *c, cmark_node *n, int lastline)
{
	size_t	 next = 0, len;
	int	 content = 1, hline = 0, level;
	char	*title, *name, list[256];

	for (; n != NULL; n = cmark_node_next(n)) {
		if (cmark_node_get_type(n) != CMARK_NODE_HEADING ||
		    (level = cmark_node_get_heading_level(n)) > 2) {
			if (next == 0)
				report(c, cmark_node_get_start_line(n),
				    "text before the first section");
			content += check_inlines(c, n) > 0;
			continue;
		}
		if (level == 1) {
			report(c, cmark_node_get_start_line(n), "first-level "
			    "headings are not allowed (the title is metadata)");
			continue;
		}
		if (next > 0 && next <= NSECTIONS && content == 0)
			report(c, hline, "section \"%s\" is empty",
			    sections[next - 1]);
		title = cmark_render_commonmark(n, CMARK_OPT_DEFAULT, 0);
		title[strcspn(title, "\n")] = '\0';
		/* "## Name" as rendered; an empty heading renders as "##". */
		name = title + strspn(title, "# ");
		if (next >= NSECTIONS || strcmp(name, sections[next]) != 0)
			report(c, cmark_node_get_start_line(n), "unexpected "
			    "section \"%s\", expected \"## %s\"", name,
			    next < NSECTIONS ? sections[next] : "(none)");
		free(title);
		hline = cmark_node_get_start_line(n);
		content = 0;
		next++;
	}
	if (next > 0 && next <= NSECTIONS && content == 0)
		report(c, hline, "section \"%s\" is empty", sections[next - 1]);
	/* Every missing section in one message, not one per run. */
	if (next + 1 == NSECTIONS)
		report(c, lastline, "section \"## %s\" missing",
		    sections[next]);
	else if (next < NSECTIONS) {
		len = 0;
		for (; next < NSECTIONS && len < sizeof(list); next++)
			len += (size_t)snprintf(list + len, sizeof(list) - len,
			    " \"## %s\"%s", sections[next],
			    next + 2 < NSECTIONS ? "," : next + 1 < NSECTIONS ?
			    " and" : "");
		report(c, lastline, "sections%s missing", list);
	}
}

int
kbcheck_parse(const char *path, const char *text, size_t len,
    struct kb_entry *e)
{
	struct check	 c;
	cmark_node	*doc, *first;
	const char	*slash, *info, *p;
	char		*base;
	int		 k, lastline = 1, skip;

	memset(&c, 0, sizeof(c));
	memset(e, 0, sizeof(*e));
	c.path = path;
	for (p = text; p < text + len; p++)
		if (*p == '\n')
			lastline++;
	if (memchr(text, '\0', len) != NULL) {
		report(&c, 1, "NUL byte in entry (binary file?)");
		return c.errors;
	}
	check_bytes(&c, text, len);
	if (c.errors > 0)
		return c.errors;
	doc = cmark_parse_document(text, len, CMARK_OPT_VALIDATE_UTF8);
	first = cmark_node_first_child(doc);
	info = first == NULL ? NULL : cmark_node_get_fence_info(first);
	if (first == NULL || cmark_node_get_type(first) !=
	    CMARK_NODE_CODE_BLOCK || info == NULL ||
	    strcmp(info, "meta") != 0) {
		report(&c, first == NULL ? 1 : cmark_node_get_start_line(first),
		    "an entry must begin with a ```meta block");
		cmark_node_free(doc);
		return c.errors;
	}
	parse_meta(&c, first);
	slash = strrchr(path, '/');
	base = xstrdup(slash == NULL ? path : slash + 1);
	if (strlen(base) > 3 && strcmp(base + strlen(base) - 3, ".md") == 0)
		base[strlen(base) - 3] = '\0';
	check_values(&c, base);
	free(base);
	check_sections(&c, cmark_node_next(first), lastline);
	e->classes = class_bits(&c);

	/* The body is everything after the closing fence of the meta block. */
	e->body_line = cmark_node_get_end_line(first) + 1;
	for (p = text, skip = e->body_line - 1; skip > 0 && p < text + len;
	    skip--)
		p = (p = memchr(p, '\n', (size_t)(text + len - p))) == NULL ?
		    text + len : p + 1;
	cmark_node_free(doc);
	if (c.errors > 0) {
		for (k = 0; k < M__MAX; k++)
			free(c.val[k]);
		return c.errors;
	}
	e->body = xstrndup(p, (size_t)(text + len - p));
	e->meta = xstrndup(text, (size_t)(p - text));
	e->file = xstrdup(path);
	fill_entry(&c, e);
	return 0;
}

/* Hand the checked metadata over to the entry, which owns it from now on. */
static void
fill_entry(struct check *c, struct kb_entry *e)
{
	int	 k;

	e->key = c->val[M_CODE];
	e->title = c->val[M_TITLE];
	e->replies = c->val[M_REPLIES] ? c->val[M_REPLIES] : xstrdup("");
	e->enhanced = c->val[M_ENHANCED] ? c->val[M_ENHANCED] : xstrdup("");
	e->reason = c->val[M_REASON];
	e->acts = c->val[M_ACTS];
	e->status = c->val[M_STATUS];
	e->seed = c->val[M_SEED] ? c->val[M_SEED] : xstrdup("");
	e->related = c->val[M_RELATED];
	e->vendor = c->val[M_VENDOR] ? c->val[M_VENDOR] : xstrdup("");
	e->match = c->val[M_MATCH] ? c->val[M_MATCH] : xstrdup("");
	e->hosts = c->val[M_HOSTS] ? c->val[M_HOSTS] : xstrdup("");
	e->source = c->val[M_SOURCE] ? c->val[M_SOURCE] : xstrdup("");
	for (k = 0; k < KIND__MAX; k++)
		if (strcmp(c->val[M_KIND], kinds[k]) == 0)
			e->kind = (enum kb_kind)k;
	for (k = 0; bounces[k] != NULL; k++)
		if (strcmp(c->val[M_BOUNCE], bounces[k]) == 0)
			e->bounce = (enum kb_bounce)k;
	free(c->val[M_KIND]);
	free(c->val[M_BOUNCE]);
	free(c->val[M_CLASSES]);
}

void
kbcheck_free(struct kb_entry *e)
{
	free((char *)e->key);
	free((char *)e->file);
	free((char *)e->title);
	free((char *)e->replies);
	free((char *)e->enhanced);
	free((char *)e->reason);
	free((char *)e->acts);
	free((char *)e->status);
	free((char *)e->seed);
	free((char *)e->related);
	free((char *)e->vendor);
	free((char *)e->match);
	free((char *)e->hosts);
	free((char *)e->source);
	free((char *)e->body);
	free((char *)e->meta);
	memset(e, 0, sizeof(*e));
}

static int
cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct kb_entry *)a)->key,
	    ((const struct kb_entry *)b)->key);
}

/* Line of the meta block where a field is given, for messages. */
static int
meta_line(const struct kb_entry *e, const char *field)
{
	const char	*p, *at;
	int		 line = 1;

	if (e->meta == NULL || (at = strstr(e->meta, field)) == NULL)
		return 1;
	for (p = e->meta; p < at; p++)
		line += *p == '\n';
	return line;
}

/*
 * The rules over a whole set, the same for the generator and the
 * overlay: no key twice, and every related key names an entry of the set
 * or one that outside() knows (the built-in table for an overlay).
 */
int
kbcheck_set(struct kb_entry *e, size_t n,
    const struct kb_entry *(*outside)(const char *))
{
	struct kb_entry	 probe;
	char		*copy, *w, *save;
	size_t		 i;
	int		 bad = 0;

	if (n > 0)
		qsort(e, n, sizeof(*e), cmp_entry);
	for (i = 1; i < n; i++)
		if (strcmp(e[i - 1].key, e[i].key) == 0) {
			msg(MSG_ERROR, e[i].file, 1, "duplicate code \"%s\" "
			    "(also in %s)", e[i].key, e[i - 1].file);
			bad++;
		}
	memset(&probe, 0, sizeof(probe));
	for (i = 0; i < n; i++) {
		copy = xstrdup(e[i].related);
		for (w = strtok_r(copy, " ", &save); w != NULL;
		    w = strtok_r(NULL, " ", &save)) {
			probe.key = w;
			if (bsearch(&probe, e, n, sizeof(*e), cmp_entry) !=
			    NULL || (outside != NULL && outside(w) != NULL))
				continue;
			msg(MSG_ERROR, e[i].file, meta_line(&e[i],
			    "\nrelated:") + 1, "related key \"%s\" has no "
			    "entry", w);
			bad++;
		}
		free(copy);
	}
	return bad;
}
