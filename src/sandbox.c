/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * Once the overlay is loaded and the pager started, the process gives up
 * what it will not need, where the system offers a way: pledge(2) on
 * OpenBSD, a seccomp filter on Linux (x86-64 and arm64).  A lookup,
 * listing or search then only writes to the descriptors it has; a run
 * that reads logs, mail or summaries may also open files, read-only,
 * because it opens them one after another as it goes (a Maildir holds
 * any number of files).  No mode may create or change a file, start a
 * program or open a socket after this point.  The Makefile's feature
 * test defines HAVE_PLEDGE or HAVE_SECCOMP; without either this does
 * nothing.
 */
#define _GNU_SOURCE		/* O_TMPFILE, before any header */

#include "extern.h"

/* The sanitizers' runtime needs calls of its own (LeakSanitizer's). */
#if defined(__SANITIZE_ADDRESS__)
#define NO_SANDBOX
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NO_SANDBOX
#endif
#endif

#if HAVE_PLEDGE

#include <err.h>
#include <unistd.h>

int
sandbox(int reads)
{
	if (pledge(reads ? "stdio rpath" : "stdio", NULL) == -1)
		err(SC_ERROR, "pledge");
	return 1;
}

#elif HAVE_SECCOMP && (defined(__x86_64__) || defined(__aarch64__)) && \
    !defined(NO_SANDBOX)

#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <unistd.h>

#if defined(__x86_64__)
#define ARCH		AUDIT_ARCH_X86_64
#else
#define ARCH		AUDIT_ARCH_AARCH64
#endif

#define FILTER_MAX	128		/* instructions */
/* Open flags that would create, truncate or write: refused. */
#define OPEN_WRITES	(O_ACCMODE | O_CREAT | O_TRUNC | O_APPEND | \
			 (O_TMPFILE & ~O_DIRECTORY))

struct filter {
	struct sock_filter	 f[FILTER_MAX];
	unsigned short		 n;
};

static void	 emit(struct filter *, struct sock_filter);
static void	 allow(struct filter *, long);
static void	 allow_arg(struct filter *, long, int, unsigned,
		    const unsigned *, unsigned char);

static void
emit(struct filter *fl, struct sock_filter s)
{
	if (fl->n >= FILTER_MAX)
		errx(SC_ERROR, "sandbox: filter too long");
	fl->f[fl->n++] = s;
}

/* The call nr passes whatever its arguments. */
static void
allow(struct filter *fl, long nr)
{
	emit(fl, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
	    (unsigned)nr, 0, 1));
	emit(fl, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
	    SECCOMP_RET_ALLOW));
}

/*
 * The call nr passes when the low word of argument arg, masked, equals
 * one of the n values of want; else it fails with EPERM.
 */
static void
allow_arg(struct filter *fl, long nr, int arg, unsigned mask,
    const unsigned *want, unsigned char n)
{
	unsigned char	 i;

	emit(fl, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
	    (unsigned)nr, 0, n + 4));
	emit(fl, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
	    (unsigned)(offsetof(struct seccomp_data, args) +
	    sizeof(uint64_t) * (size_t)arg)));
	emit(fl, (struct sock_filter)BPF_STMT(BPF_ALU | BPF_AND | BPF_K,
	    mask));
	for (i = 0; i < n; i++)
		emit(fl, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ |
		    BPF_K, want[i], n - i, 0));
	emit(fl, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
	    SECCOMP_RET_ERRNO | EPERM));
	emit(fl, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
	    SECCOMP_RET_ALLOW));
}

int
sandbox(int reads)
{
	static const unsigned	 tty[] = { TCGETS, TIOCGWINSZ };
	static const unsigned	 rdonly = O_RDONLY;
	struct filter		 fl;
	struct sock_fprog	 prog;
	unsigned		 pid = (unsigned)getpid();

	fl.n = 0;
	/* Another architecture's numbers mean other calls: refused. */
	emit(&fl, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
	    offsetof(struct seccomp_data, arch)));
	emit(&fl, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
	    ARCH, 1, 0));
	emit(&fl, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
	    SECCOMP_RET_KILL_PROCESS));
	emit(&fl, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
	    offsetof(struct seccomp_data, nr)));
	/* Output, memory, signals, the end of the run, the pager's end. */
	allow(&fl, SYS_write);
	allow(&fl, SYS_writev);
	allow(&fl, SYS_read);
	allow(&fl, SYS_lseek);
	allow(&fl, SYS_close);
	allow(&fl, SYS_fstat);
	allow(&fl, SYS_newfstatat);
	allow(&fl, SYS_brk);
	allow(&fl, SYS_mmap);
	allow(&fl, SYS_munmap);
	allow(&fl, SYS_mremap);
	allow(&fl, SYS_madvise);
	allow(&fl, SYS_futex);
	allow(&fl, SYS_clock_gettime);
	allow(&fl, SYS_rt_sigaction);
	allow(&fl, SYS_rt_sigprocmask);
	allow(&fl, SYS_rt_sigreturn);
	allow(&fl, SYS_getpid);
	allow(&fl, SYS_gettid);
	/*
	 * glibc's qsort() sizes its buffer by sysconf(_SC_PHYS_PAGES),
	 * which asks sysinfo(2) and goes on with garbage if refused.
	 */
	allow(&fl, SYS_sysinfo);
	allow(&fl, SYS_wait4);
	allow(&fl, SYS_exit);
	allow(&fl, SYS_exit_group);
	/*
	 * abort() signals the process itself, and no other; so does a
	 * debugger such as valgrind passing on a SIGPIPE it caught.
	 */
	allow_arg(&fl, SYS_tgkill, 0, ~0u, &pid, 1);
	allow_arg(&fl, SYS_kill, 0, ~0u, &pid, 1);
	/* isatty() and the width of a terminal; no other ioctl. */
	allow_arg(&fl, SYS_ioctl, 1, ~0u, tty, 2);
	if (reads) {
		allow(&fl, SYS_getdents64);
		allow(&fl, SYS_fcntl);
		allow(&fl, SYS_pread64);
		allow_arg(&fl, SYS_openat, 2, OPEN_WRITES, &rdonly, 1);
#ifdef SYS_open
		allow_arg(&fl, SYS_open, 1, OPEN_WRITES, &rdonly, 1);
#endif
	}
	emit(&fl, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
	    SECCOMP_RET_ERRNO | EPERM));
	prog.len = fl.n;
	prog.filter = fl.f;
	/* Without it an unprivileged process may not install a filter. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) == -1) {
		warn("sandbox");	/* an older kernel: run as before */
		return 0;
	}
	return 1;
}

#else

int
sandbox(int reads)
{
	(void)reads;
	return 0;
}

#endif
