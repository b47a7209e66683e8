/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * A log's annotation is twice the log: written into a pipe of the
 * system's default size (64 KB on Linux), each of the output buffer's
 * writes waits for the reader to empty the pipe, and the two processes
 * take turns.  A pipe of a megabyte, where the system lets its writer
 * ask for one, lets them run side by side.
 */
#define _GNU_SOURCE		/* F_SETPIPE_SZ */

#include <sys/stat.h>

#include <fcntl.h>

#include "extern.h"

#define PIPE_WANT	(1 << 20)	/* bytes */

int
pipe_widen(int fd)
{
#ifdef F_SETPIPE_SZ
	struct stat	 st;
	int		 now;

	if (fstat(fd, &st) == -1 || !S_ISFIFO(st.st_mode) ||
	    (now = fcntl(fd, F_GETPIPE_SZ)) == -1)
		return -1;
	/* Not granted (over the user's limit): the default does. */
	if (now < PIPE_WANT && fcntl(fd, F_SETPIPE_SZ, PIPE_WANT) != -1)
		now = fcntl(fd, F_GETPIPE_SZ);
	return now;
#else
	(void)fd;
	return -1;
#endif
}
