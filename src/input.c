/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * Operands that name files: which operand is a file, and reading a file
 * (plain, or compressed with gzip as rotated logs are) into the log
 * scanner.  zlib reads a plain file unchanged, so one reader serves both.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "extern.h"

#define PEEK_LOOK	1024	/* bytes that say mail or log */
#define PEEK_MAX	(PEEK_LOOK + 16 * 1024)	/* read ahead: and a sample */
#define GZ_BUFSZ	(128 * 1024)	/* zlib's input buffer */

/*
 * One input being read: standard input (read(2) as the bytes come, so
 * that tail -f output flows line by line) or a file (through zlib, which
 * reads a plain file unchanged).  Its first bytes are read ahead to
 * decide between a log and mail, and as a sample of its text for the
 * pattern indexes (msearch.c), then handed on before the rest.
 */
struct input {
	gzFile		 gz;		/* a file, or NULL for standard input */
	int		 fd;		/* standard input's descriptor */
	const char	*name;		/* for messages */
	char		 peek[PEEK_MAX]; /* the first bytes, read ahead */
	size_t		 npeek;
	size_t		 off;		/* peek bytes handed on */
	int		 eof;		/* first read ended it: a tty's ^D */
};

static ssize_t	 input_read(void *, char *, size_t);
static ssize_t	 input_get(struct input *, char *, size_t);
static int	 input_run(struct input *, const struct scan_opts *,
		    struct scan_result *);
static int	 has_space(const char *);

static int
has_space(const char *s)
{
	for (; *s != '\0'; s++)
		if (isspace((unsigned char)*s))
			return 1;
	return 0;
}

/*
 * A code stays a code even when a file of that name exists ("./550" is
 * the file), and an entry's key stays a key.  Then an existing file,
 * text with a space, a path with a slash, text with a code in it, and
 * last a word that can only be a file name, so that a missing file is
 * reported rather than searched for codes.
 */
enum operand
input_classify(const char *arg)
{
	struct stat	 st;
	struct found	 f;

	if (strcmp(arg, "-") == 0)
		return OPERAND_STDIN;
	if (code_looks_like(arg))
		return OPERAND_CODE;
	if (kb_lookup(arg) != NULL)
		return OPERAND_KEY;
	if (*arg != '\0' && stat(arg, &st) == 0)
		return OPERAND_FILE;
	if (*arg == '\0' || has_space(arg))
		return OPERAND_TEXT;
	if (strchr(arg, '/') != NULL)
		return OPERAND_FILE;
	if (find_codes(arg, strlen(arg), &f, 1) > 0)
		return OPERAND_TEXT;
	return OPERAND_FILE;
}

/*
 * The hook for bounce messages: a file that begins like a mail message
 * (an mbox "From " line, or header fields) will be read as one by a
 * module of its own.  Until then every file is read as a log.
 */
/* Is the input a mail message, as the options force or its start says? */
int
input_is_mail(const struct scan_opts *o, const char *buf, size_t len)
{
	if (o->input != INPUT_AUTO)
		return o->input == INPUT_MAIL;
	return mail_looks_like(buf, len);
}

/*
 * One read from the source: a single read(2) on standard input, not a
 * full buffer; zlib's on a file.  -1 after a message on an error.
 */
static ssize_t
input_get(struct input *in, char *buf, size_t size)
{
	const char	*msg;
	ssize_t		 got;
	int		 n, zerr;

	if (in->gz == NULL) {
		while ((got = read(in->fd, buf, size)) == -1 &&
		    errno == EINTR)
			continue;
		if (got == -1)
			warn("%s", in->name);
		return got;
	}
	if (size > INT_MAX)
		size = INT_MAX;
	if ((n = gzread(in->gz, buf, (unsigned)size)) >= 0)
		return n;
	msg = gzerror(in->gz, &zerr);
	if (zerr == Z_ERRNO)
		warn("%s", in->name);
	else
		warnx("%s: %s", in->name, msg);
	return -1;
}

/* The reader handed on: the bytes peeked at first, then the stream. */
static ssize_t
input_read(void *ctx, char *buf, size_t size)
{
	struct input	*in = ctx;
	size_t		 n;

	if (in->off < in->npeek) {
		n = in->npeek - in->off;
		if (n > size)
			n = size;
		memcpy(buf, in->peek + in->off, n);
		in->off += n;
		return (ssize_t)n;
	}
	if (in->eof)
		return 0;
	return input_get(in, buf, size);
}

/* Peek, then read the input as mail or as a log, as its start says. */
static int
input_run(struct input *in, const struct scan_opts *o,
    struct scan_result *r)
{
	ssize_t	 got;

	if ((got = input_get(in, in->peek, sizeof(in->peek))) < 0) {
		r->error = 1;
		return -1;
	}
	in->npeek = (size_t)got;
	in->off = 0;
	in->eof = got == 0;
	ms_sample(in->peek, in->npeek);
	if (got > 0 && input_is_mail(o, in->peek, in->npeek < PEEK_LOOK ?
	    in->npeek : PEEK_LOOK))
		return bounce_read(input_read, in, in->name, o, r);
	return scan_read(input_read, in, in->name, o, r);
}

int
input_stdin(const struct scan_opts *o, struct scan_result *r)
{
	struct input	 in;

	memset(&in, 0, sizeof(in));
	in.fd = STDIN_FILENO;
	in.name = "standard input";
	return input_run(&in, o, r);
}

int
input_scan(const char *path, const struct scan_opts *o,
    struct scan_result *r)
{
	struct input	 in;
	struct stat	 st;
	int		 fd, zerr, rc;

	memset(&in, 0, sizeof(in));
	in.name = path;
	if ((fd = open(path, O_RDONLY)) == -1) {
		if (errno == ENOENT && strchr(path, '/') == NULL)
			warnx("%s: %s (nor a code or an entry)", path,
			    strerror(errno));
		else
			warn("%s", path);
		r->error = 1;
		return -1;
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		/* A Maildir or a folder of .eml files. */
		close(fd);
		if (o->input == INPUT_LOG) {
			warnx("%s: Is a directory", path);
			r->error = 1;
			return -1;
		}
		return bounce_dir(path, o, r);
	}
	if ((in.gz = gzdopen(fd, "rb")) == NULL) {
		warnx("%s: out of memory", path);
		close(fd);
		r->error = 1;
		return -1;
	}
	gzbuffer(in.gz, GZ_BUFSZ);
	rc = input_run(&in, o, r);
	if ((zerr = gzclose(in.gz)) != Z_OK && zerr != Z_BUF_ERROR) {
		warnx("%s: %s", path, zerr == Z_ERRNO ? strerror(errno) :
		    "close error");
		r->error = 1;
		rc = -1;
	}
	return rc;
}
