/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * Build-time part of the pattern matcher: read the wording rules of
 * codes/wording/ with libcmark, check them, and write them with the host
 * names of the receiver entries as one sorted table of patterns that
 * pattern.c searches for in a single pass over a line.
 */
#include <cmark.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extern.h"

struct rule {
	char		*phrase;	/* lowercase */
	char		*code;		/* "5.1.1" */
	char		*reason;	/* a reason name */
};

struct pat {
	char		*text;		/* lowercase */
	unsigned	 kind;		/* enum pat_kind */
	unsigned	 index;
};

static struct rule *rules;
static size_t	 nrules;

static int	 heading(const char *, int, cmark_node *, char **, char **);
static int	 item(const char *, cmark_node *, const char *, const char *);
static void	 lower(char *);
static int	 cmp_pat(const void *, const void *);

static void
lower(char *s)
{
	for (; *s != '\0'; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s += 'a' - 'A';
}

/* "## 5.1.1 userunknown": the code that explains, and the reason. */
static int
heading(const char *path, int line, cmark_node *h, char **code,
    char **reason)
{
	struct smtp_code	 sc;
	struct code_error	 ce;
	cmark_node		*t = cmark_node_first_child(h);
	const char		*s;
	char			*copy, *sp;

	if (t == NULL || cmark_node_get_type(t) != CMARK_NODE_TEXT ||
	    cmark_node_next(t) != NULL) {
		msg(MSG_ERROR, path, line, "a heading is a code and a "
		    "reason, in plain text");
		return 1;
	}
	s = cmark_node_get_literal(t);
	copy = xstrdup(s);
	if ((sp = strchr(copy, ' ')) == NULL) {
		msg(MSG_ERROR, path, line, "\"%s\": a heading is a code "
		    "and a reason", s);
		free(copy);
		return 1;
	}
	*sp++ = '\0';
	if (code_parse(copy, &sc, &ce) == -1 || sc.type != CODE_ENHANCED ||
	    (sc.cls != 4 && sc.cls != 5)) {
		msg(MSG_ERROR, path, line, "\"%s\" is not an enhanced code "
		    "of class 4 or 5", copy);
		free(copy);
		return 1;
	}
	if (!kbcheck_reason(sp)) {
		msg(MSG_ERROR, path, line, "reason: unknown value \"%s\"",
		    sp);
		free(copy);
		return 1;
	}
	*code = xstrdup(copy);
	*reason = xstrdup(sp);
	free(copy);
	return 0;
}

/* "- `user unknown`": one phrase, a code span alone in its item. */
static int
item(const char *path, cmark_node *it, const char *code, const char *reason)
{
	cmark_node	*para = cmark_node_first_child(it), *span;
	const char	*s;
	int		 line = cmark_node_get_start_line(it);

	span = para != NULL ? cmark_node_first_child(para) : NULL;
	if (span == NULL || cmark_node_get_type(span) != CMARK_NODE_CODE ||
	    cmark_node_next(span) != NULL || cmark_node_next(para) != NULL) {
		msg(MSG_ERROR, path, line, "an item is one phrase in a code "
		    "span");
		return 1;
	}
	s = cmark_node_get_literal(span);
	if (strlen(s) < 6 || strlen(s) > 120 || s[0] == ' ' ||
	    s[strlen(s) - 1] == ' ') {
		msg(MSG_ERROR, path, line, "\"%s\": a phrase has 6 to 120 "
		    "bytes and no outer spaces", s);
		return 1;
	}
	if (code == NULL) {
		msg(MSG_ERROR, path, line, "a phrase before the first "
		    "heading");
		return 1;
	}
	rules = xrealloc(rules, (nrules + 1) * sizeof(*rules));
	rules[nrules].phrase = xstrdup(s);
	lower(rules[nrules].phrase);
	rules[nrules].code = xstrdup(code);
	rules[nrules].reason = xstrdup(reason);
	nrules++;
	return 0;
}

int
wordgen_parse(const char *path, const char *text, size_t len)
{
	cmark_node	*doc, *n, *it;
	char		*code = NULL, *reason = NULL;
	int		 bad = 0, level;

	doc = cmark_parse_document(text, len, CMARK_OPT_DEFAULT);
	for (n = cmark_node_first_child(doc); n != NULL;
	    n = cmark_node_next(n)) {
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_HEADING:
			if ((level = cmark_node_get_heading_level(n)) == 1)
				break;
			free(code);
			free(reason);
			code = reason = NULL;
			if (level != 2 || heading(path,
			    cmark_node_get_start_line(n), n, &code,
			    &reason) != 0)
				bad++;
			break;
		case CMARK_NODE_LIST:
			for (it = cmark_node_first_child(n); it != NULL;
			    it = cmark_node_next(it))
				bad += item(path, it, code, reason);
			break;
		case CMARK_NODE_PARAGRAPH:
			break;		/* prose for people */
		default:
			msg(MSG_ERROR, path, cmark_node_get_start_line(n),
			    "only headings, lists and paragraphs");
			bad++;
		}
	}
	free(code);
	free(reason);
	cmark_node_free(doc);
	return bad;
}

static int
cmp_pat(const void *a, const void *b)
{
	return strcmp(((const struct pat *)a)->text,
	    ((const struct pat *)b)->text);
}

/*
 * The wording rules and the receivers' host names as one table sorted by
 * text, which msearch.c indexes at run time; duplicates are an error.
 */
int
wordgen_emit(FILE *fp, const struct kb_entry *e, size_t n)
{
	struct pat	*p = NULL;
	size_t		 np = 0, i;
	char		*copy, *w, *save;
	int		 bad = 0;

	for (i = 0; i < nrules; i++) {
		p = xrealloc(p, (np + 1) * sizeof(*p));
		p[np].text = xstrdup(rules[i].phrase);
		p[np].kind = PAT_WORDING;
		p[np++].index = (unsigned)i;
	}
	for (i = 0; i < n; i++) {
		if (e[i].kind != KIND_RECEIVER)
			continue;
		copy = xstrdup(e[i].hosts);
		for (w = strtok_r(copy, " ", &save); w != NULL;
		    w = strtok_r(NULL, " ", &save)) {
			p = xrealloc(p, (np + 1) * sizeof(*p));
			p[np].text = xstrdup(w);
			lower(p[np].text);
			p[np].kind = PAT_HOST;
			p[np++].index = (unsigned)i;
		}
		free(copy);
	}
	if (np > 0)
		qsort(p, np, sizeof(*p), cmp_pat);
	for (i = 1; i < np; i++)
		if (strcmp(p[i - 1].text, p[i].text) == 0) {
			msg(MSG_ERROR, NULL, 0, "pattern \"%s\" is given twice",
			    p[i].text);
			bad++;
		}
	fputs("\nconst struct kb_wording kb_wordings[] = {\n", fp);
	for (i = 0; i < nrules; i++) {
		fputs("\t{ ", fp);
		gen_string(fp, rules[i].phrase);
		fputs(", ", fp);
		gen_string(fp, rules[i].code);
		fputs(", ", fp);
		gen_string(fp, rules[i].reason);
		fputs(" },\n", fp);
	}
	if (nrules == 0)
		fputs("\t{ \"\", \"\", \"\" }\n", fp);
	fprintf(fp, "};\nconst size_t kb_nwordings = %zu;\n", nrules);
	fputs("\nconst struct kb_pattern kb_patterns[] = {\n", fp);
	for (i = 0; i < np; i++) {
		fputs("\t{ ", fp);
		gen_string(fp, p[i].text);
		fprintf(fp, ", %zu, %u, %u },\n", strlen(p[i].text), p[i].kind,
		    p[i].index);
	}
	if (np == 0)
		fputs("\t{ \"\", 0, 0, 0 }\n", fp);
	fprintf(fp, "};\nconst size_t kb_npatterns = %zu;\n", np);
	for (i = 0; i < np; i++)
		free(p[i].text);
	free(p);
	return bad;
}
