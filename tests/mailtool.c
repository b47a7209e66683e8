/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * Test driver for the bounce reader: one TSV line per recipient (one
 * line with empty recipient fields for a message that names none):
 * file, kind, format, recipient, action, status, remote_mta, diag_type,
 * diagnostic.  The file column is "path:N", N the message's number in
 * the file.  Operands are files, mailboxes or directories; none reads
 * standard input.
 */
#include <sys/stat.h>

#include <err.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "../src/extern.h"

static void	 field(const char *);
static void	 print(const struct mail_msg *, void *);

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
		putchar('\n');
	}
}

int
main(int argc, char *argv[])
{
	struct stat	 st;
	int		 i, fd, rc;

	rc = 0;
	if (argc < 2)
		return mail_read_fd(0, "-", print, NULL) == 0 ? 0 : 2;
	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			if (mail_read_dir(argv[i], print, NULL) == -1) {
				warn("%s", argv[i]);
				rc = 2;
			}
			continue;
		}
		if ((fd = open(argv[i], O_RDONLY)) == -1 ||
		    mail_read_fd(fd, argv[i], print, NULL) == -1) {
			warn("%s", argv[i]);
			rc = 2;
		}
		if (fd != -1)
			close(fd);
	}
	return rc;
}
