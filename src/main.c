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


enum colour { COLOUR_AUTO, COLOUR_ALWAYS, COLOUR_NEVER };

/* Long options without a short form. */
enum { OPT_KB = 256, OPT_LIST, OPT_SEARCH };

struct options {
	struct explain_opts eo;		/* how to show a code */
	enum colour	 colour;	/* --color */
	int		 width;		/* --width, 0 = terminal */
	int		 exit_class;	/* -x */
	int		 quiet;		/* -q */
	FILE		*out;		/* stdout, or /dev/null with -q */
	enum scan_mode	 mode;		/* log mode: -m, -o, --summary */
	int		 summary;	/* --summary */
	enum summary_by	 by;		/* --summary=code|vendor|reason */
	int		 merge;		/* --merge: operands are summaries */
	int		 line_buffered;	/* --line-buffered */
	const char	*kb;		/* --kb: local overlay directory */
	int		 list;		/* --list: operands are prefixes */
	int		 search;	/* --search: operands are words */
	int		 version;	/* -V, shown once --kb is loaded */
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
static enum fmt	 parse_format(const char *);
static enum summary_by parse_by(const char *);
static void	 set_colour(struct options *, const char *);
static int	 parse_options(struct options *, int, char *[]);
static void	 run(const struct options *, int, char *[], struct summary *,
		    struct result *);
static const char *format_name(enum fmt);
static int	 do_mode(const struct options *, int, char *[]);
static void	 setup_output(struct options *);
static void	 note(struct result *, int);
static void	 do_operand(const struct options *, const char *,
		    struct result *);
static void	 do_text(const struct options *, const char *, size_t,
		    struct result *);
static void	 do_stream(const struct options *, struct summary *,
		    struct result *);
static void	 do_merge(const struct options *, int, char *[],
		    struct summary *, struct result *);
static int	 exit_status(const struct options *, const struct result *);

static const char synopsis[] =
    "usage: smtpcode [-bhmoqrVx] [--color=when] [--kb=dir] [--line-buffered]\n"
    "                [--summary[=by]] [-T format] [-w width] [code | text | -] ...\n"
    "       smtpcode --list [--kb=dir] [-T format] [prefix ...]\n"
    "       smtpcode --search [--kb=dir] [-T format] word ...\n"
    "       smtpcode --merge [-T format] file ...\n";

static const struct option longopts[] = {
	{ "brief",	no_argument,		NULL,	'b' },
	{ "color",	required_argument,	NULL,	'C' },
	{ "colour",	required_argument,	NULL,	'C' },
	{ "exit-class",	no_argument,		NULL,	'x' },
	{ "format",	required_argument,	NULL,	'T' },
	{ "help",	no_argument,		NULL,	'h' },
	{ "kb",		required_argument,	NULL,	OPT_KB },
	{ "list",	no_argument,		NULL,	OPT_LIST },
	{ "search",	no_argument,		NULL,	OPT_SEARCH },
	{ "line-buffered", no_argument,		NULL,	'L' },
	{ "matching",	no_argument,		NULL,	'm' },
	{ "merge",	no_argument,		NULL,	'M' },
	{ "only-codes",	no_argument,		NULL,	'o' },
	{ "reason",	no_argument,		NULL,	'r' },
	{ "summary",	optional_argument,	NULL,	'S' },
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
	    "  -b, --brief          one line per code: class, verdict, reason, who acts\n"
	    "      --color=WHEN     colour and bold: auto (default), always, "
	    "never\n"
	    "  -T, --format=FORMAT  text (default), json, markdown, html or "
	    "man\n"
	    "  -h, --help           show this help and exit\n"
	    "      --kb=DIR         add or replace entries with the *.md files "
	    "of DIR\n"
	    "      --line-buffered  flush the output after every input line\n"
	    "      --list           list the codes, or those under each "
	    "prefix operand\n"
	    "  -m, --matching       log mode: print only the lines that have "
	    "codes\n"
	    "      --merge          add up JSON summaries given as operands\n"
	    "  -o, --only-codes     log mode: print only the codes, one per "
	    "line\n"
	    "  -q, --quiet          print nothing; only the exit status "
	    "counts\n"
	    "  -r, --reason         log mode: print the deciding code, reason "
	    "and verdict\n"
	    "                       of each line that has codes\n"
	    "      --search         rank the entries that hold every word of "
	    "the operands\n"
	    "      --summary[=BY]   log mode: print a table instead of the "
	    "lines, by code\n"
	    "                       (default), vendor or reason\n"
	    "  -V, --version        show the version and the number of "
	    "entries\n"
	    "  -w, --width=N        wrap pages at N columns (default: the "
	    "terminal's, or 80)\n"
	    "  -x, --exit-class     exit 4 or 5 for the worst class found, 0 "
	    "for 2xx/3xx\n\n"
	    "Exit status: 0 explained, 1 no SMTP code found, 2 usage error, "
	    "malformed\ncode or I/O error; with -x, 4 transient or 5 "
	    "permanent.\nNO_COLOR in the environment turns colour off; "
	    "SMTPCODE_KB names a\ndirectory as --kb does.  See "
	    "smtpcode(1).\n", stdout);
}

static void
version(void)
{
	const struct kb_entry	*e;
	size_t			 i;

	printf("smtpcode %s (%zu entries)\n", VERSION, kb_total());
	if (overlay_dir() == NULL)
		return;
	printf("%s: %zu local entr%s\n", term_quote(overlay_dir(), 1024),
	    overlay_count(), overlay_count() == 1 ? "y" : "ies");
	for (i = 0; (e = overlay_at(i)) != NULL; i++)
		printf("  %s %s, %s\n", e->key, term_quote(e->file, 1024),
		    kb_builtin(e->key) ? "replacing the built-in entry" :
		    "added");
}

/* --summary=code|vendor|reason; no argument means code. */
static enum summary_by
parse_by(const char *s)
{
	if (s == NULL || strcmp(s, "code") == 0)
		return SUMMARY_CODE;
	if (strcmp(s, "vendor") == 0)
		return SUMMARY_VENDOR;
	if (strcmp(s, "reason") == 0)
		return SUMMARY_REASON;
	warnx("--summary groups by code, vendor or reason: %s", s);
	usage();
}

static const char *const format_names[FMT__MAX] = {
	"text", "markdown", "json", "html", "man"
};

static const char *
format_name(enum fmt f)
{
	return format_names[f];
}

static enum fmt
parse_format(const char *s)
{
	int	 f;

	for (f = 0; f < FMT__MAX; f++)
		if (strcmp(s, format_names[f]) == 0)
			return (enum fmt)f;
	warnx("--format must be text, json, markdown, html or man: %s", s);
	usage();
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

/*
 * Codes in free text, such as a pasted reply: one page (or line) per
 * code found, a reply and its enhanced code together, and the code that
 * decides explained by the vendor's entry when the text matches one.
 */
static void
do_text(const struct options *opt, const char *s, size_t len,
    struct result *r)
{
	static struct line_info	 li;
	const struct found	*f;
	size_t			 i;
	int			 shown = 0;

	line_analyze(s, len, &li);
	for (i = 0; i < li.n; i++) {
		f = &li.f[i];
		if (f->paired)
			continue;	/* explained with its enhanced code */
		if (shown++ > 0 && !opt->eo.brief)
			fputc('\n', opt->out);
		if ((int)i == li.verdict && li.vendor != NULL)
			note(r, explain_vendor(opt->out, &opt->eo, &f->code,
			    NULL, f->reply, li.vendor));
		else
			note(r, explain_code(opt->out, &opt->eo, &f->code, NULL,
			    f->reply));
	}
}

static void
do_operand(const struct options *opt, const char *arg, struct result *r)
{
	struct smtp_code	 c;
	struct code_error	 ce;
	const struct kb_entry	*seed;

	/* Vendor entries have names, not codes: "smtpcode microsoft-s3150". */
	if ((seed = kb_lookup(arg)) != NULL && seed->kind >= KIND_VENDOR) {
		note(r, explain_key(opt->out, &opt->eo, seed, arg));
		return;
	}
	if (!code_looks_like(arg)) {
		do_text(opt, arg, strlen(arg), r);
		return;
	}
	if (code_parse(arg, &c, &ce) == -1) {
		/* "1.0.1" and "3.5.4" are the seed page's way of writing 101, 354. */
		if ((seed = kb_seed(arg)) == NULL) {
			/* A pasted megabyte is not echoed whole. */
			if (ce.hint[0] != '\0')
				warnx("%s: %s: did you mean %s?",
				    term_quote(arg, 40), ce.rule, ce.hint);
			else
				warnx("%s: %s", term_quote(arg, 40), ce.rule);
			r->error = 1;
			return;
		}
		if (code_parse(seed->key, &c, &ce) == -1)
			errx(SC_ERROR, "%s: bad key in knowledge base",
			    seed->key);
	}
	/* "554.30": the provider's sub-code may name its own message. */
	if (c.suffix >= 0 && (seed = vendor_match(arg, strlen(arg), 0, &c,
	    0)) != NULL) {
		note(r, explain_vendor(opt->out, &opt->eo, &c, arg, 0, seed));
		return;
	}
	note(r, explain_code(opt->out, &opt->eo, &c, arg, 0));
}

/* Log mode: read standard input, explain or count its codes. */
static void
do_stream(const struct options *opt, struct summary *sum, struct result *r)
{
	struct scan_opts	 so;
	struct scan_result	 sr;

	memset(&so, 0, sizeof(so));
	memset(&sr, 0, sizeof(sr));
	if (opt->eo.fmt != FMT_TEXT && opt->eo.fmt != FMT_JSON) {
		warnx("log mode writes text or json, not %s",
		    format_name(opt->eo.fmt));
		r->error = 1;
		return;
	}
	so.mode = opt->quiet ? SCAN_SUMMARY : opt->mode;
	/* JSON Lines: one object per line that has codes. */
	if (opt->eo.fmt == FMT_JSON && (so.mode == SCAN_ANNOTATE ||
	    so.mode == SCAN_MATCHING))
		so.mode = SCAN_JSON;
	so.by = opt->by;
	so.eo = &opt->eo;
	so.out = opt->out;
	so.sum = sum;
	so.line_buffered = opt->line_buffered || isatty(STDOUT_FILENO);
	so.safe = isatty(STDOUT_FILENO);
	scan_fd(STDIN_FILENO, "standard input", &so, &sr);
	r->found += (int)(sr.found > 0);
	if (sr.worst > r->worst)
		r->worst = sr.worst;
	r->error |= sr.error;
}

/* --merge: the operands are JSON summaries, "-" standard input. */
static void
do_merge(const struct options *opt, int argc, char *argv[],
    struct summary *sum, struct result *r)
{
	FILE		*fp;
	const char	*name;
	int		 i;

	(void)opt;
	for (i = 0; i < argc; i++) {
		name = strcmp(argv[i], "-") == 0 ? "standard input" : argv[i];
		fp = strcmp(argv[i], "-") == 0 ? stdin : fopen(argv[i], "r");
		if (fp == NULL) {
			warn("%s", term_quote(name, 200));
			r->error = 1;
			continue;
		}
		if (summary_merge(sum, fp, name) == -1)
			r->error = 1;
		else
			r->found++;
		if (fp != stdin)
			fclose(fp);
	}
}

/* The modes that explain no operand: -V, --list, --search. */
static int
do_mode(const struct options *opt, int argc, char *argv[])
{
	if (opt->list && opt->search) {
		warnx("--list and --search cannot be combined");
		usage();
	}
	if (opt->version) {
		version();
		return explain_flush(stdout, SC_OK);
	}
	if (opt->list)
		return list_entries(opt->out, &opt->eo, argc, argv);
	return search_entries(opt->out, &opt->eo, argc, argv);
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

/* --color=auto|always|never. */
static void
set_colour(struct options *opt, const char *when)
{
	if (strcmp(when, "auto") == 0)
		opt->colour = COLOUR_AUTO;
	else if (strcmp(when, "always") == 0)
		opt->colour = COLOUR_ALWAYS;
	else if (strcmp(when, "never") == 0)
		opt->colour = COLOUR_NEVER;
	else {
		warnx("--color must be auto, always or never: %s", when);
		usage();
	}
}

/* Fill opt from the options; returns the index of the first operand. */
static int
parse_options(struct options *opt, int argc, char *argv[])
{
	int	 ch;

	while ((ch = getopt_long(argc, argv, "T:Vbhmoqrw:x", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'C':
			set_colour(opt, optarg);
			break;
		case 'L':
			opt->line_buffered = 1;
			break;
		case 'M':
			opt->merge = 1;
			break;
		case 'S':
			opt->summary = 1;
			opt->by = parse_by(optarg);
			break;
		case 'T':
			opt->eo.fmt = parse_format(optarg);
			break;
		case 'V':
			opt->version = 1;
			break;
		case 'b':
			opt->eo.brief = 1;
			break;
		case 'h':
			help();
			exit(explain_flush(stdout, SC_OK));
		case 'm':
			opt->mode = SCAN_MATCHING;
			break;
		case 'o':
			opt->mode = SCAN_CODES;
			break;
		case 'q':
			opt->quiet = 1;
			break;
		case 'r':
			opt->mode = SCAN_REASON;
			break;
		case 'w':
			opt->width = parse_width(optarg);
			break;
		case 'x':
			opt->exit_class = 1;
			break;
		case OPT_KB:
			opt->kb = optarg;
			break;
		case OPT_LIST:
			opt->list = 1;
			break;
		case OPT_SEARCH:
			opt->search = 1;
			break;
		default:
			usage();
		}
	}
	return optind;
}

/* Explain the operands, or read standard input; fills r. */
static void
run(const struct options *opt, int argc, char *argv[], struct summary *sum,
    struct result *r)
{
	int	 i;

	if (opt->merge) {
		do_merge(opt, argc, argv, sum, r);
		return;
	}
	if (argc == 0)
		do_stream(opt, sum, r);
	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "-") == 0)
			do_stream(opt, sum, r);
		else {
			if (i > 0 && !opt->eo.brief)
				fputc('\n', opt->out);
			do_operand(opt, argv[i], r);
		}
	}
}

int
main(int argc, char *argv[])
{
	struct options	 opt;
	struct result	 r;
	struct summary	*sum = NULL;
	int		 first;

	memset(&opt, 0, sizeof(opt));
	memset(&r, 0, sizeof(r));
	first = parse_options(&opt, argc, argv);
	argc -= first;
	argv += first;
	if (opt.merge && argc == 0) {
		warnx("--merge needs summary files");
		usage();
	}
	setup_output(&opt);
	/* A broken SMTPCODE_KB still lets -V say what is built in. */
	if (overlay_setup(opt.kb) == -1 && (!opt.version || opt.kb != NULL))
		return SC_ERROR;
	if (opt.eo.fmt != FMT_TEXT) {
		/* One object or page per code, nothing between them. */
		opt.eo.with_body = !opt.eo.brief;
		opt.eo.brief = 1;
	}
	if (opt.version || opt.list || opt.search)
		return do_mode(&opt, argc, argv);
	if (opt.summary || opt.merge) {
		opt.mode = SCAN_SUMMARY;
		sum = summary_new();
	}
	run(&opt, argc, argv, sum, &r);
	/* A merge with a bad input prints no partial total. */
	if (sum != NULL && !(opt.merge && r.error)) {
		if (!opt.quiet && opt.eo.fmt == FMT_JSON)
			summary_json(opt.out, sum);
		else if (!opt.quiet)
			summary_print(opt.out, sum);
	}
	if (sum != NULL)
		summary_free(sum);
	return explain_flush(stdout, exit_status(&opt, &r));
}
