/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * The local overlay: a site's own entries, read from the directory the
 * user names with --kb or SMTPCODE_KB, checked by the same kbcheck_parse()
 * that kbgen runs on the built-in ones, and looked up before them.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extern.h"

#define ENTRY_MAX	(1024L * 1024L)	/* bytes; a larger file is no entry */

static struct kb_entry	*entries;	/* sorted by key */
static size_t		 nentries;
static const char	*loaded;	/* the directory, or NULL */

static char	*join(const char *, const char *);
static void	 collect(const char *, int, char ***, size_t *);
static int	 slurp(const char *, char **, size_t *);
static int	 load_file(const char *);
static int	 cmp_entry(const void *, const void *);
static int	 cmp_key(const void *, const void *);
static int	 cmp_name(const void *, const void *);
static int	 check_set(void);
static int	 check_related(const struct kb_entry *);
static int	 meta_line(const struct kb_entry *, const char *);
static void	 unload(void);

static char *
join(const char *dir, const char *name)
{
	size_t	 n = strlen(dir), size;
	char	*p;

	while (n > 1 && dir[n - 1] == '/')
		n--;
	size = n + strlen(name) + 2;
	p = xmalloc(size);
	snprintf(p, size, "%.*s/%s", (int)n, dir, name);
	return p;
}

/* The *.md files of dir but README.md; a vendor/ below it as in codes/. */
static void
collect(const char *dir, int top, char ***names, size_t *n)
{
	DIR		*d;
	struct dirent	*de;
	char		*sub;
	size_t		 len;

	if ((d = opendir(dir)) == NULL) {
		if (!top && errno == ENOENT)
			return;
		err(SC_ERROR, "%s", dir);
	}
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len < 4 ||
		    strcmp(de->d_name + len - 3, ".md") != 0 ||
		    strcmp(de->d_name, "README.md") == 0)
			continue;
		*names = xrealloc(*names, (*n + 1) * sizeof(**names));
		(*names)[(*n)++] = join(dir, de->d_name);
	}
	closedir(d);
	if (top) {
		sub = join(dir, "vendor");
		collect(sub, 0, names, n);
		free(sub);
	}
}

/* Read a whole file; -1 with a message when it cannot be an entry. */
static int
slurp(const char *path, char **text, size_t *len)
{
	FILE		*fp;
	struct stat	 st;
	size_t		 n;

	*text = NULL;
	if ((fp = fopen(path, "rb")) == NULL || fstat(fileno(fp), &st) == -1) {
		warn("%s", path);
		if (fp != NULL)
			fclose(fp);
		return -1;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > ENTRY_MAX) {
		fprintf(stderr, "%s:1: %s\n", path, S_ISREG(st.st_mode) ?
		    "larger than 1 MB, not an entry" : "not a regular file");
		fclose(fp);
		return -1;
	}
	*text = xmalloc((size_t)st.st_size + 1);
	n = fread(*text, 1, (size_t)st.st_size + 1, fp);
	if (ferror(fp) || n > (size_t)st.st_size) {
		warnx("%s: read error or file changed while read", path);
		fclose(fp);
		free(*text);
		*text = NULL;
		return -1;
	}
	fclose(fp);
	*len = n;
	return 0;
}

/* Parse and check one file; the number of problems. */
static int
load_file(const char *path)
{
	struct kb_entry	 e;
	char		*text;
	size_t		 len = 0;
	int		 bad;

	if (slurp(path, &text, &len) == -1)
		return 1;
	if (note_is_note(path, text, len)) {
		/* No meta block: a local note, shown under the page. */
		bad = note_add(path, text, len);
		free(text);
		return bad;
	}
	if ((bad = kbcheck_parse(path, text, len, &e)) == 0) {
		entries = xrealloc(entries, (nentries + 1) * sizeof(*entries));
		entries[nentries++] = e;
	}
	free(text);
	return bad;
}

static int
cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct kb_entry *)a)->key,
	    ((const struct kb_entry *)b)->key);
}

static int
cmp_key(const void *key, const void *entry)
{
	return strcmp(key, ((const struct kb_entry *)entry)->key);
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Line of the meta block where key is given, for messages. */
static int
meta_line(const struct kb_entry *e, const char *key)
{
	const char	*p, *at;
	int		 line = 1;

	if (e->meta == NULL || (at = strstr(e->meta, key)) == NULL)
		return 1;
	for (p = e->meta; p < at; p++)
		line += *p == '\n';
	return line;
}

/* Every related key must name an entry, here or built in. */
static int
check_related(const struct kb_entry *e)
{
	char	*copy, *w, *save;
	int	 bad = 0;

	copy = xstrdup(e->related);
	for (w = strtok_r(copy, " ", &save); w != NULL;
	    w = strtok_r(NULL, " ", &save))
		if (kb_lookup(w) == NULL) {
			fprintf(stderr, "%s:%d: related key \"%s\" has no "
			    "entry\n", e->file, meta_line(e, "\nrelated:") + 1,
			    w);
			bad++;
		}
	free(copy);
	return bad;
}

/* Checks over the set, as kbgen makes them: no duplicate, no dangling. */
static int
check_set(void)
{
	size_t	 i;
	int	 bad = 0;

	if (nentries > 0)
		qsort(entries, nentries, sizeof(*entries), cmp_entry);
	for (i = 1; i < nentries; i++)
		if (strcmp(entries[i - 1].key, entries[i].key) == 0) {
			fprintf(stderr, "%s:1: duplicate code \"%s\" (also in "
			    "%s)\n", entries[i].file, entries[i].key,
			    entries[i - 1].file);
			bad++;
		}
	for (i = 0; i < nentries; i++)
		bad += check_related(&entries[i]);
	return bad;
}

static void
unload(void)
{
	size_t	 i;

	for (i = 0; i < nentries; i++)
		kbcheck_free(&entries[i]);
	free(entries);
	entries = NULL;
	nentries = 0;
}

void
overlay_setup(const char *dir)
{
	char	**names = NULL;
	size_t	  n = 0, i;
	int	  bad = 0;

	if (dir == NULL && ((dir = getenv("SMTPCODE_KB")) == NULL ||
	    *dir == '\0'))
		return;
	atexit(unload);
	collect(dir, 1, &names, &n);
	if (n > 0)
		qsort(names, n, sizeof(*names), cmp_name);
	for (i = 0; i < n; i++) {
		bad += load_file(names[i]);
		free(names[i]);
	}
	free(names);
	/* Every problem at once: the set is checked even after bad files. */
	bad += check_set();
	if (bad > 0)
		errx(SC_ERROR, "%s: %d problem%s in the local knowledge base",
		    dir, bad, bad == 1 ? "" : "s");
	loaded = dir;
}

const struct kb_entry *
overlay_lookup(const char *key)
{
	if (nentries == 0)
		return NULL;
	return bsearch(key, entries, nentries, sizeof(*entries), cmp_key);
}

size_t
overlay_count(void)
{
	return nentries;
}

const struct kb_entry *
overlay_at(size_t i)
{
	return i < nentries ? &entries[i] : NULL;
}

const char *
overlay_dir(void)
{
	return loaded;
}
