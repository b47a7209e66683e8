/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * The local overlay: a site's own entries, read from the directory the
 * user names with --kb or SMTPCODE_KB, checked by the same kbcheck_parse()
 * that kbgen runs on the built-in ones, and handed to kb.c, which looks
 * them up before the built-in ones.  This file only loads.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "extern.h"

#define ENTRY_MAX	(1024L * 1024L)	/* bytes; a larger file is no entry */
/*
 * Every run reads the whole overlay: bounded, so that a directory of
 * many or large files fails at once with a message instead of making
 * every lookup slow (the built-in base has a few hundred entries).
 */
#define OVERLAY_FILES	2000		/* entry files */
#define OVERLAY_BYTES	(16L * 1024L * 1024L) /* their bytes together */

static struct kb_entry	*entries;	/* sorted by key */
static size_t		 nentries;
static const char	*loaded;	/* the directory, or NULL */
static long		 total;		/* bytes read so far */

static char	*join(const char *, const char *);
static int	 collect(const char *, int, char ***, size_t *);
static int	 slurp(const char *, char **, size_t *);
static int	 load_file(const char *);
static int	 cmp_name(const void *, const void *);
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

/*
 * The *.md files of dir but README.md; a vendor/ below it as in codes/.
 * Returns -1 after a message if dir cannot be read or holds too many.
 */
static int
collect(const char *dir, int top, char ***names, size_t *n)
{
	DIR		*d;
	struct dirent	*de;
	char		*sub;
	size_t		 len;
	int		 rc = 0;

	if ((d = opendir(dir)) == NULL) {
		if (!top && errno == ENOENT)
			return 0;
		msg(MSG_ERROR, dir, 0, "%s", strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len < 4 ||
		    strcmp(de->d_name + len - 3, ".md") != 0 ||
		    strcmp(de->d_name, "README.md") == 0)
			continue;
		if (*n >= OVERLAY_FILES) {
			msg(MSG_ERROR, dir, 0, "more than %d entry files; a "
			    "local knowledge base holds at most %d",
			    OVERLAY_FILES, OVERLAY_FILES);
			rc = -1;
			break;
		}
		*names = xrealloc(*names, (*n + 1) * sizeof(**names));
		(*names)[(*n)++] = join(dir, de->d_name);
	}
	closedir(d);
	if (top && rc == 0) {
		sub = join(dir, "vendor");
		rc = collect(sub, 0, names, n);
		free(sub);
	}
	return rc;
}

/*
 * Read a whole file; -1 with a message when it cannot be an entry.  The
 * open does not wait (a FIFO or a device named *.md must not hang the
 * run); what it opened is then checked to be a regular file.
 */
static int
slurp(const char *path, char **text, size_t *len)
{
	struct stat	 st;
	size_t		 n = 0;
	ssize_t		 got = 0;
	int		 fd;

	*text = NULL;
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY)) == -1 ||
	    fstat(fd, &st) == -1) {
		msg(MSG_ERROR, path, 0, "%s", strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > ENTRY_MAX ||
	    total + st.st_size > OVERLAY_BYTES) {
		msg(MSG_ERROR, path, 1, "%s", !S_ISREG(st.st_mode) ?
		    "not a regular file" : st.st_size > ENTRY_MAX ?
		    "larger than 1 MB, not an entry" :
		    "the local knowledge base passes 16 MB here");
		close(fd);
		return -1;
	}
	*text = xmalloc((size_t)st.st_size + 1);
	/* One byte more than fstat said: a file that grew is refused. */
	while (n <= (size_t)st.st_size && (got = read(fd, *text + n,
	    (size_t)st.st_size + 1 - n)) != 0) {
		if (got == -1 && errno == EINTR)
			continue;
		if (got == -1)
			break;
		n += (size_t)got;
	}
	if (got == -1 || n > (size_t)st.st_size) {
		msg(MSG_ERROR, path, 0, "read error or file changed while "
		    "read");
		close(fd);
		free(*text);
		*text = NULL;
		return -1;
	}
	close(fd);
	total += st.st_size;
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

	/* The name is shown by --list, pages and JSON: text only. */
	if (!term_plain(path)) {
		msg(MSG_ERROR, path, 1, "a control character or invalid "
		    "UTF-8 in the file name");
		return 1;
	}
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
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
unload(void)
{
	size_t	 i;

	kb_overlay(NULL, 0);
	for (i = 0; i < nentries; i++)
		kbcheck_free(&entries[i]);
	free(entries);
	entries = NULL;
	nentries = 0;
}

/*
 * Load the overlay of dir, or of SMTPCODE_KB when dir is NULL.  Returns
 * 0, or -1 after the messages: main decides whether to go on without it.
 */
int
overlay_setup(const char *dir)
{
	char	**names = NULL;
	size_t	  n = 0, i;
	int	  bad = 0;

	if (dir == NULL && ((dir = getenv("SMTPCODE_KB")) == NULL ||
	    *dir == '\0'))
		return 0;
	if (*dir == '\0') {
		msg(MSG_ERROR, NULL, 0, "--kb needs the name of a directory");
		return -1;
	}
	atexit(unload);
	if (collect(dir, 1, &names, &n) == -1)
		bad = -1;
	if (n > 0)
		qsort(names, n, sizeof(*names), cmp_name);
	for (i = 0; i < n; i++) {
		if (bad >= 0)
			bad += load_file(names[i]);
		free(names[i]);
	}
	free(names);
	if (bad == -1)
		goto fail;
	/* Every problem at once: the set is checked even after bad files. */
	bad += kbcheck_set(entries, nentries, kb_builtin);
	if (bad > 0) {
		msg(MSG_ERROR, dir, 0, "%d problem%s in the local knowledge "
		    "base", bad, bad == 1 ? "" : "s");
		goto fail;
	}
	loaded = dir;
	kb_overlay(entries, nentries);
	return 0;
fail:
	unload();
	return -1;
}

const char *
overlay_dir(void)
{
	return loaded;
}
