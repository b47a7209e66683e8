/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * libFuzzer target: the bounce reader over arbitrary bytes, as one
 * message in memory and as a stream (the mbox splitter and its quoting),
 * checking that every record it returns is well formed.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/extern.h"

int	 LLVMFuzzerTestOneInput(const unsigned char *, size_t);

static void	 check(const struct mail_msg *, void *);

static void
check(const struct mail_msg *m, void *arg)
{
	size_t	 i;

	(void)arg;
	if (m->kind > MAIL_OTHER || m->format == NULL)
		abort();
	for (i = 0; i < m->nrcpt; i++)
		if (m->rcpt[i].recipient == NULL)
			abort();	/* every record names someone */
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct mail_msg	 m;
	const char	*s = (const char *)data;
	int		 fd[2];

	(void)mail_looks_like(s, size);
	mail_parse(s, size, &m);
	check(&m, NULL);
	mail_free(&m);
	/* The stream reader, through a pipe while it is small enough. */
	if (size < 60000 && pipe(fd) == 0) {
		if (write(fd[1], s, size) != (ssize_t)size)
			abort();
		close(fd[1]);
		(void)mail_read_fd(fd[0], "fuzz", check, NULL);
		close(fd[0]);
	}
	return 0;
}
