/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * A pager for pages shown on a terminal, as git and man use one:
 * $SMTPCODE_PAGER, else $PAGER, else "less -R"; LESS=FRX when LESS is
 * not set, so that output shorter than the screen stays on it and less
 * exits at once.  An empty command or "cat" means no pager.
 */
#include <sys/wait.h>

#include <err.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "extern.h"

static pid_t	 pager_pid = -1;

static const char *pager_command(void);
static void	 pager_atexit(void);

/* The command to page with, or NULL for none. */
static const char *
pager_command(void)
{
	const char	*cmd;

	if ((cmd = getenv("SMTPCODE_PAGER")) == NULL &&
	    (cmd = getenv("PAGER")) == NULL)
		cmd = "less -R";
	while (*cmd == ' ' || *cmd == '\t')
		cmd++;
	if (*cmd == '\0' || strcmp(cmd, "cat") == 0)
		return NULL;
	return cmd;
}

int
pager_start(void)
{
	const char	*cmd;
	int		 fds[2];

	if (!isatty(STDOUT_FILENO) || (cmd = pager_command()) == NULL)
		return 0;
	if (pipe(fds) == -1) {
		warn("pipe");
		return 0;
	}
	fflush(stdout);
	switch (pager_pid = fork()) {
	case -1:
		warn("fork");
		close(fds[0]);
		close(fds[1]);
		return 0;
	case 0:
		if (dup2(fds[0], STDIN_FILENO) == -1)
			_exit(127);
		close(fds[0]);
		close(fds[1]);
		setenv("LESS", "FRX", 0);
		setenv("LV", "-c", 0);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		warn("/bin/sh");
		_exit(127);
	default:
		break;
	}
	if (dup2(fds[1], STDOUT_FILENO) == -1)
		err(SC_ERROR, "dup2");
	close(fds[0]);
	close(fds[1]);
	/* An exit on an error must wait for the pager too. */
	atexit(pager_atexit);
	/* The pager answers ^C and ^\; this process only waits for it. */
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	return 1;
}

static void
pager_atexit(void)
{
	pager_end(0);
}

int
pager_end(int rc)
{
	int	 status;

	if (pager_pid == -1)
		return rc;
	fflush(stdout);
	close(STDOUT_FILENO);
	while (waitpid(pager_pid, &status, 0) == -1 && errno == EINTR)
		continue;
	pager_pid = -1;
	return rc;
}
