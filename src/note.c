/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * Local notes: a file of the --kb directory named after a code or an
 * entry ("5.7.1.md", "X.7.1.md", "microsoft-s3150.md") that does not
 * begin with a ```meta block.  It is no entry of its own: its text is
 * shown under the page of that code as "Local notes", so that a site can
 * say who to call or what usually causes the code there without writing
 * a whole entry.
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extern.h"

#define NOTE_NAME_MAX	64	/* bytes of a note's key */

struct note {
	char		*key;		/* "5.7.1", "X.7.1", "550", a key */
	char		*file;		/* where it was read */
	char		*text;		/* the note as written */
	char		*md;		/* "## Local notes" and the text */
};

static struct note	*notes;
static size_t		 nnotes;

static int	 note_key(const char *, char *, size_t);
static char	*note_markdown(const char *, size_t);
static int	 valid_utf8(const char *, size_t);
static void	 note_free(void);
static const struct note *find(const char *);
static const struct note *find_for(const struct page *);

/*
 * A note is named after a code or an entry and does not begin with a
 * fenced block: an entry begins with ```meta, and any other file is an
 * entry gone wrong, which kbcheck_parse() reports.
 */
int
note_is_note(const char *path, const char *text, size_t len)
{
	char	 key[NOTE_NAME_MAX];
	size_t	 i = 0;

	if (note_key(path, key, sizeof(key)) == -1)
		return 0;
	while (i < len && (text[i] == ' ' || text[i] == '\t' ||
	    text[i] == '\n' || text[i] == '\r'))
		i++;
	if (len - i >= 3 && (memcmp(text + i, "```", 3) == 0 ||
	    memcmp(text + i, "~~~", 3) == 0))
		return 0;
	return 1;
}

/* The key a note file's name gives, or -1 if it names no code or entry. */
static int
note_key(const char *path, char *key, size_t sz)
{
	struct smtp_code	 c;
	struct code_error	 ce;
	const char		*base = strrchr(path, '/');
	size_t			 n;

	base = base == NULL ? path : base + 1;
	n = strlen(base);
	if (n > 3 && strcmp(base + n - 3, ".md") == 0)
		n -= 3;
	if (n == 0 || n >= sz)
		return -1;
	memcpy(key, base, n);
	key[n] = '\0';
	if (kb_builtin(key) != NULL)
		return 0;
	if (!code_looks_like(key) || code_parse(key, &c, &ce) == -1)
		return -1;
	code_format(&c, key, sz);
	return 0;
}

static int
valid_utf8(const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, k, more;

	while (i < len) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if (p[i] >= 0xc2 && p[i] <= 0xdf)
			more = 1;
		else if (p[i] >= 0xe0 && p[i] <= 0xef)
			more = 2;
		else if (p[i] >= 0xf0 && p[i] <= 0xf4)
			more = 3;
		else
			return 0;
		if (i + more >= len)
			return 0;
		for (k = 1; k <= more; k++)
			if ((p[i + k] & 0xc0) != 0x80)
				return 0;
		i += more + 1;
	}
	return 1;
}

/*
 * "## Local notes", then the note with its headings one level under
 * the page's sections, so that they stay inside the section's indent.
 */
static char *
note_markdown(const char *text, size_t len)
{
	static const char	 head[] = "## Local notes\n\n";
	const char		*p = text, *end = text + len, *nl;
	char			*md, *q;
	int			 fenced = 0;

	md = xmalloc(sizeof(head) + len * 2 + 2);
	memcpy(md, head, sizeof(head) - 1);
	q = md + sizeof(head) - 1;
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		nl = nl == NULL ? end : nl + 1;
		if (nl - p >= 3 && (memcmp(p, "```", 3) == 0 ||
		    memcmp(p, "~~~", 3) == 0))
			fenced = !fenced;
		if (!fenced && *p == '#') {
			while (p < nl && *p == '#')
				p++;
			memcpy(q, "###", 3);
			q += 3;
		}
		memcpy(q, p, (size_t)(nl - p));
		q += nl - p;
		p = nl;
	}
	if (q > md && q[-1] != '\n')
		*q++ = '\n';
	*q = '\0';
	return md;
}

static void
note_free(void)
{
	size_t	 i;

	for (i = 0; i < nnotes; i++) {
		free(notes[i].key);
		free(notes[i].file);
		free(notes[i].text);
		free(notes[i].md);
	}
	free(notes);
	notes = NULL;
	nnotes = 0;
}

int
note_add(const char *path, const char *text, size_t len)
{
	char	 key[NOTE_NAME_MAX];
	size_t	 i;
	int	 bad = 0, blank = 1;

	if (nnotes == 0)
		atexit(note_free);
	if (note_key(path, key, sizeof(key)) == -1)
		return 1;	/* note_is_note() said it was one */
	if (memchr(text, '\0', len) != NULL) {
		msg(MSG_ERROR, path, 1, "NUL byte in a local note (binary "
		    "file?)");
		bad++;
	} else if (!valid_utf8(text, len)) {
		msg(MSG_ERROR, path, 1, "a local note must be UTF-8");
		bad++;
	}
	for (i = 0; i < len; i++)
		if (text[i] != ' ' && text[i] != '\t' && text[i] != '\n' &&
		    text[i] != '\r')
			blank = 0;
	if (blank) {
		msg(MSG_ERROR, path, 1, "empty local note");
		bad++;
	}
	for (i = 0; bad == 0 && i < nnotes; i++)
		if (strcmp(notes[i].key, key) == 0) {
			msg(MSG_ERROR, path, 1, "a second local note for %s "
			    "(also in %s)", key, notes[i].file);
			bad++;
		}
	if (bad > 0)
		return bad;
	notes = xrealloc(notes, (nnotes + 1) * sizeof(*notes));
	notes[nnotes].key = xstrdup(key);
	notes[nnotes].file = xstrdup(path);
	notes[nnotes].text = xstrndup(text, len);
	notes[nnotes].md = note_markdown(text, len);
	nnotes++;
	return 0;
}

static const struct note *
find(const char *key)
{
	size_t	 i;

	for (i = 0; key != NULL && i < nnotes; i++)
		if (strcmp(notes[i].key, key) == 0)
			return &notes[i];
	return NULL;
}

/* The code as typed first ("5.7.1.md"), then its entry ("X.7.1.md"). */
static const struct note *
find_for(const struct page *x)
{
	const struct note	*n;

	if (nnotes == 0)
		return NULL;
	if (x->iscode && (n = find(x->norm)) != NULL)
		return n;
	return x->entry != NULL ? find(x->entry->key) : NULL;
}

const char *
note_for(const struct page *x)
{
	const struct note	*n = find_for(x);

	return n != NULL ? n->text : NULL;
}

const char *
note_section(const struct page *x)
{
	const struct note	*n = find_for(x);

	return n != NULL ? n->md : NULL;
}

int
note_template(FILE *fp, const char *arg)
{
	char	 key[NOTE_NAME_MAX];

	if (note_key(arg, key, sizeof(key)) == -1 || strchr(arg, '/') != NULL) {
		warnx("--template: %s is not a code or an entry's key", arg);
		return SC_ERROR;
	}
	fprintf(fp, "# %s at our site\n\n"
	    "Write here what your site knows about %s: what usually causes\n"
	    "it here, who to ask, and what to try first.  Save this file as\n"
	    "%s.md in the directory that --kb or SMTPCODE_KB names; it is\n"
	    "shown under the page of %s as \"Local notes\".  "
	    "See smtpcode-kb(5).\n",
	    key, key, key, key);
	return SC_OK;
}
