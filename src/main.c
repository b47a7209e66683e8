/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * smtpcode: explain SMTP status codes.  Options, operands, exit status.
 */
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "extern.h"

#define MAX_CODES	64	/* codes explained per input line */

enum colour { COLOUR_AUTO, COLOUR_ALWAYS, COLOUR_NEVER };

struct options {
	struct explain_opts eo;		/* how to show a code */
	enum colour	 colour;	/* --color */
	int		 width;		/* --width, 0 = terminal */
	int		 exit_class;	/* -x */
	int		 quiet;		/* -q */
	FILE		*out;		/* stdout, or /dev/null with -q */
};

/* What the run found; main turns it into the exit status. */
struct result {
	int		 found;		/* codes explained */
	int		 error;		/* usage, malformed code, I/O */
	int		 worst;		/* highest class seen, 0..5 */
};

static void	 usage(void) __attribute__((noreturn));
static void	 help(void);
static void	 version(void);
static int	 parse_width(const char *);
static void	 setup_output(struct options *);
static void	 note(struct result *, int);
static void	 do_operand(const struct options *, const char *,
		    struct result *);
static void	 do_text(const struct options *, const char *, size_t,
		    struct result *);
static void	 do_stream(const struct options *, FILE *, struct result *);
static int	 exit_status(const struct options *, const struct result *);

static const char synopsis[] =
    "usage: smtpcode [-bhqVx] [--color=when] [-w width] [code | text | -] ...\n";

static const struct option longopts[] = {
	{ "brief",	no_argument,		NULL,	'b' },
	{ "color",	required_argument,	NULL,	'C' },
	{ "colour",	required_argument,	NULL,	'C' },
	{ "exit-class",	no_argument,		NULL,	'x' },
	{ "help",	no_argument,		NULL,	'h' },
	{ "quiet",	no_argument,		NULL,	'q' },
	{ "version",	no_argument,		NULL,	'V' },
	{ "width",	required_argument,	NULL,	'w' },
	{ NULL,		0,			NULL,	0 }
};

static void
usage(void)
{
	fputs(synopsis, stderr);
	exit(SC_ERROR);
}

static void
help(void)
{
	fputs(synopsis, stdout);
	fputs("\nExplain SMTP status codes: reply codes (550), enhanced codes "
	    "(5.1.1),\nserver replies and mail-log lines.  With no operand, "
	    "or -, read lines\nfrom standard input and explain the codes in "
	    "each.\n\n"
	    "  -b, --brief          one line per code\n"
	    "      --color=WHEN     colour and bold: auto (default), always, "
	    "never\n"
	    "  -h, --help           show this help and exit\n"
	    "  -q, --quiet          print nothing; only the exit status "
	    "counts\n"
	    "  -V, --version        show the version and the number of "
	    "entries\n"
	    "  -w, --width=N        wrap pages at N columns (default: the "
	    "terminal's, or 80)\n"
	    "  -x, --exit-class     exit 4 or 5 for the worst class found, 0 "
	    "for 2xx/3xx\n\n"
	    "Exit status: 0 explained, 1 no SMTP code found, 2 usage error, "
	    "malformed\ncode or I/O error; with -x, 4 transient or 5 "
	    "permanent.\nNO_COLOR in the environment turns colour off.  "
	    "See smtpcode(1).\n", stdout);
}

static void
version(void)
{
	printf("smtpcode %s (%zu entries)\n", VERSION, kb_count());
}

static int
parse_width(const char *s)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0 || v < 20 || v > 1000) {
		warnx("width must be a number from 20 to 1000: %s", s);
		usage();
	}
	return (int)v;
}

static void
setup_output(struct options *opt)
{
	struct winsize	 ws;
	const char	*nc = getenv("NO_COLOR");
	int		 tty = isatty(STDOUT_FILENO);

	opt->eo.ro.ansi = opt->colour == COLOUR_ALWAYS ||
	    (opt->colour == COLOUR_AUTO && tty &&
	    (nc == NULL || *nc == '\0'));
	opt->eo.ro.width = opt->width;
	if (opt->width == 0) {
		opt->eo.ro.width = 80;
		if (tty && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
		    ws.ws_col >= 20)
			opt->eo.ro.width = ws.ws_col;
	}
	if (opt->eo.ro.width > 100)
		opt->eo.ro.width = 100;	/* long lines are hard to read */
	opt->out = stdout;
	if (opt->quiet && (opt->out = fopen("/dev/null", "w")) == NULL)
		err(SC_ERROR, "/dev/null");
}

static void
note(struct result *r, int cls)
{
	r->found++;
	if (cls > r->worst)
		r->worst = cls;
}

/* Codes in free text: one page (or line) per code found. */
static void
do_text(const struct options *opt, const char *s, size_t len,
    struct result *r)
{
	struct found	 f[MAX_CODES];
	size_t		 n, i;
	FILE		*fp = opt->out;

	n = find_codes(s, len, f, MAX_CODES);
	for (i = 0; i < n && i < MAX_CODES; i++) {
		if (f[i].paired)
			continue;	/* explained with its enhanced code */
		if (i > 0 && !opt->eo.brief)
			fputc('\n', fp);
		note(r, explain_code(fp, &opt->eo, &f[i].code, NULL,
		    f[i].reply));
	}
}

static void
do_operand(const struct options *opt, const char *arg, struct result *r)
{
	struct smtp_code	 c;
	struct code_error	 ce;
	const struct kb_entry	*seed;

	if (!code_looks_like(arg)) {
		do_text(opt, arg, strlen(arg), r);
		return;
	}
	if (code_parse(arg, &c, &ce) == -1) {
		/* "1.0.1" and "3.5.4" are the seed page's way of writing 101, 354. */
		if ((seed = kb_seed(arg)) == NULL) {
			if (ce.hint[0] != '\0')
				warnx("%s: %s: did you mean %s?", arg, ce.rule,
				    ce.hint);
			else
				warnx("%s: %s", arg, ce.rule);
			r->error = 1;
			return;
		}
		if (code_parse(seed->key, &c, &ce) == -1)
			errx(SC_ERROR, "%s: bad key in knowledge base",
			    seed->key);
	}
	note(r, explain_code(opt->out, &opt->eo, &c, arg, 0));
}

/* Read lines and explain the codes of each under it. */
static void
do_stream(const struct options *opt, FILE *in, struct result *r)
{
	struct explain_opts	 eo = opt->eo;
	struct options		 lo = *opt;
	char			*line = NULL;
	size_t			 cap = 0;
	ssize_t			 len;

	eo.brief = 1;
	lo.eo = eo;
	while ((len = getline(&line, &cap, in)) != -1) {
		fwrite(line, 1, (size_t)len, opt->out);
		do_text(&lo, line, (size_t)len, r);
	}
	if (ferror(in)) {
		warn("standard input");
		r->error = 1;
	}
	free(line);
}

/* 2 wins; then -x maps the worst class; then found or not. */
static int
exit_status(const struct options *opt, const struct result *r)
{
	if (r->error)
		return SC_ERROR;
	if (r->found == 0)
		return SC_NOTFOUND;
	return opt->exit_class ? code_exit_class(r->worst) : SC_OK;
}

int
main(int argc, char *argv[])
{
	struct options	 opt;
	struct result	 r;
	int		 ch, i;

	memset(&opt, 0, sizeof(opt));
	memset(&r, 0, sizeof(r));
	while ((ch = getopt_long(argc, argv, "bhqVw:x", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case 'b':
			opt.eo.brief = 1;
			break;
		case 'C':
			if (strcmp(optarg, "auto") == 0)
				opt.colour = COLOUR_AUTO;
			else if (strcmp(optarg, "always") == 0)
				opt.colour = COLOUR_ALWAYS;
			else if (strcmp(optarg, "never") == 0)
				opt.colour = COLOUR_NEVER;
			else {
				warnx("--color must be auto, always or never: "
				    "%s", optarg);
				usage();
			}
			break;
		case 'h':
			help();
			return SC_OK;
		case 'q':
			opt.quiet = 1;
			break;
		case 'V':
			version();
			return SC_OK;
		case 'w':
			opt.width = parse_width(optarg);
			break;
		case 'x':
			opt.exit_class = 1;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	setup_output(&opt);

	if (argc == 0)
		do_stream(&opt, stdin, &r);
	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "-") == 0)
			do_stream(&opt, stdin, &r);
		else {
			if (i > 0 && !opt.eo.brief)
				fputc('\n', opt.out);
			do_operand(&opt, argv[i], &r);
		}
	}
	if (fflush(stdout) == EOF || ferror(stdout)) {
		if (errno != EPIPE)
			warn("standard output");
		return SC_ERROR;
	}
	return exit_status(&opt, &r);
}
