/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * Test driver for the bounce reader: one TSV line per recipient (one
 * line with empty recipient fields for a message that names none):
 * file, kind, format, recipient, action, status, remote_mta, diag_type,
 * diagnostic.  The file column is "path:N", N the message's number in
 * the file.  Operands are files, mailboxes or directories; none reads
 * standard input.  With -m, one line per message instead: file, kind,
 * format, number of recipients, reporting MTA, From, Subject; with -l,
 * whether each file's start looks like a message (1 or 0).
 */
#include <sys/stat.h>

#include <err.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "../src/extern.h"

static void	 field(const char *);
static void	 print(const struct mail_msg *, void *);
static void	 print_msg(const struct mail_msg *, void *);
static int	 looks(const char *);

static const char *const kinds[] = {
	"bounce", "delay", "autoreply", "arf", "other"
};

/* Tabs and line breaks would break the TSV: they become spaces. */
static void
field(const char *s)
{
	putchar('\t');
	for (; s != NULL && *s != '\0'; s++)
		putchar(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
}

static void
print(const struct mail_msg *m, void *arg)
{
	const struct mail_rcpt	*r;
	size_t			 i;

	(void)arg;
	for (i = 0; i == 0 || i < m->nrcpt; i++) {
		r = i < m->nrcpt ? &m->rcpt[i] : NULL;
		printf("%s:%zu", m->file, m->index);
		field(kinds[m->kind]);
		field(m->format);
		field(r != NULL ? r->recipient : NULL);
		field(r != NULL ? r->action : NULL);
		field(r != NULL ? r->status : NULL);
		field(r != NULL ? r->remote_mta : NULL);
		field(r != NULL ? r->diag_type : NULL);
		field(r != NULL ? r->diagnostic : NULL);
		field(r != NULL ? r->stage : NULL);
		putchar('\n');
	}
}

static void
print_msg(const struct mail_msg *m, void *arg)
{
	(void)arg;
	printf("%s:%zu", m->file, m->index);
	field(kinds[m->kind]);
	field(m->format);
	printf("\t%zu", m->nrcpt);
	field(m->reporting_mta);
	field(m->from);
	field(m->subject);
	putchar('\n');
}

static int
looks(const char *path)
{
	char	 buf[4096];
	ssize_t	 n;
	int	 fd;

	if ((fd = open(path, O_RDONLY)) == -1) {
		warn("%s", path);
		return 2;
	}
	n = read(fd, buf, sizeof(buf));
	close(fd);
	printf("%s\t%d\n", path, n > 0 && mail_looks_like(buf, (size_t)n));
	return 0;
}

int
main(int argc, char *argv[])
{
	struct stat	 st;
	void		(*cb)(const struct mail_msg *, void *);
	int		 i, fd, rc, ch;

	rc = 0;
	cb = print;
	while ((ch = getopt(argc, argv, "lm")) != -1) {
		switch (ch) {
		case 'l':
			cb = NULL;
			break;
		case 'm':
			cb = print_msg;
			break;
		default:
			fprintf(stderr,
			    "usage: mailtool [-l | -m] [file ...]\n");
			return 2;
		}
	}
	if (cb == NULL) {
		for (i = optind; i < argc; i++)
			rc |= looks(argv[i]);
		return rc;
	}
	if (optind >= argc)
		return mail_read_fd(0, "-", cb, NULL) == 0 ? 0 : 2;
	for (i = optind; i < argc; i++) {
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			if (mail_read_dir(argv[i], cb, NULL) == -1) {
				warn("%s", argv[i]);
				rc = 2;
			}
			continue;
		}
		if ((fd = open(argv[i], O_RDONLY)) == -1 ||
		    mail_read_fd(fd, argv[i], cb, NULL) == -1) {
			warn("%s", argv[i]);
			rc = 2;
		}
		if (fd != -1)
			close(fd);
	}
	return rc;
}
