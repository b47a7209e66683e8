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
enum { OPT_KB = 256, OPT_LIST, OPT_SEARCH, OPT_NOPAGER, OPT_TEMPLATE,
    OPT_HELP, OPT_MAIL, OPT_LOG, OPT_SITE };

struct options {
	struct explain_opts eo;		/* how to show a code */
	enum colour	 colour;	/* --color */
	int		 colour_bare;	/* --color without a value */
	int		 width;		/* --width, 0 = terminal */
	int		 table_width;	/* --summary's, columns; 0 no limit */
	int		 exit_class;	/* -x */
	int		 quiet;		/* -q */
	FILE		*out;		/* stdout, or /dev/null with -q */
	enum scan_mode	 mode;		/* log mode: -m, -o, --summary */
	const char	*mode_opt;	/* the option that set it, or NULL */
	int		 filenames;	/* -H 1, -h 0, else -1: when several */
	int		 no_pager;	/* --no-pager */
	const char	*template;	/* --template: the code */
	const char	*site;		/* --site: the directory */
	int		 summary;	/* --summary */
	enum summary_by	 by;		/* --summary=code|vendor|reason|... */
	int		 merge;		/* --merge: operands are summaries */
	int		 line_buffered;	/* --line-buffered */
	const char	*kb;		/* --kb: local overlay directory */
	int		 list;		/* --list: operands are prefixes */
	int		 search;	/* --search: operands are words */
	int		 version;	/* -V, shown once --kb is loaded */
	enum input_as	 input;		/* --log, --mail: what inputs are */
};

/* What the run found; main turns it into the exit status. */
struct result {
	int		 found;		/* codes explained */
	int		 error;		/* usage, malformed code, I/O */
	int		 worst;		/* highest class seen, 0..5 */
};

static void	 usage(void) __attribute__((noreturn));
static void	 html_begin(const struct options *, int, char *[]);
static void	 suggest(const char *);
static size_t	 distance(const char *, size_t, const char *);
static void	 set_mode(struct options *, enum scan_mode, const char *);
static void	 conflicts(const struct options *, int, char *[],
		    const enum operand *);
static int	 want_pager(const struct options *, int, const enum operand *);
static int	 reads_input(const struct options *, int, const enum operand *);
static int	 reads_stream(const struct options *, int,
		    const enum operand *);
static void	 do_file(const struct options *, const char *, const char *,
		    struct summary *, struct result *);
static void	 help(void);
static void	 version(void);
static void	 kb_counts(void);
static int	 parse_width(const char *);
static int	 parse_count(const char *);
static enum fmt	 parse_format(const char *);
static enum summary_by parse_by(const char *);
static void	 set_colour(struct options *, const char *);
static int	 colour_word(const char *);
static int	 parse_options(struct options *, int, char *[]);
static void	 run(const struct options *, int, char *[],
		    const enum operand *, struct summary *, struct result *);
static const char *format_name(enum fmt);
static int	 do_mode(const struct options *, int, char *[]);
static void	 setup_output(struct options *);
static void	 note(struct result *, int);
static void	 do_operand(const struct options *, const char *,
		    struct result *);
static void	 do_text(const struct options *, const char *, size_t,
		    struct result *);
static void	 do_stream(const struct options *, struct summary *,
		    const char *, struct result *);
static void	 do_merge(const struct options *, int, char *[],
		    struct summary *, struct result *);
static int	 exit_status(const struct options *, const struct result *);

static const char synopsis[] =
    "usage: smtpcode [-bHhmoqrVx] [--color[=when]] [--kb=dir]\n"
    "                [--line-buffered] [--log | --mail] [--no-pager]\n"
    "                [--summary[=by]] [-T format] [-w width]\n"
    "                [code | text | file | -] ...\n"
    "       smtpcode --list [--kb=dir] [-T format] [prefix ...]\n"
    "       smtpcode --search [--kb=dir] [-n count] [-T format] word ...\n"
    "       smtpcode --merge [-T format] file ...\n"
    "       smtpcode --template code\n"
    "       smtpcode --site dir\n";

static const struct option longopts[] = {
	{ "brief",	no_argument,		NULL,	'b' },
	{ "color",	optional_argument,	NULL,	'C' },
	{ "colour",	optional_argument,	NULL,	'C' },
	{ "exit-class",	no_argument,		NULL,	'x' },
	{ "format",	required_argument,	NULL,	'T' },
	{ "help",	no_argument,		NULL,	OPT_HELP },
	{ "kb",		required_argument,	NULL,	OPT_KB },
	{ "list",	no_argument,		NULL,	OPT_LIST },
	{ "search",	no_argument,		NULL,	OPT_SEARCH },
	{ "site",	required_argument,	NULL,	OPT_SITE },
	{ "line-buffered", no_argument,		NULL,	'L' },
	{ "matching",	no_argument,		NULL,	'm' },
	{ "merge",	no_argument,		NULL,	'M' },
	{ "no-filename", no_argument,		NULL,	'h' },
	{ "no-pager",	no_argument,		NULL,	OPT_NOPAGER },
	{ "mail",	no_argument,		NULL,	OPT_MAIL },
	{ "log",	no_argument,		NULL,	OPT_LOG },
	{ "only-codes",	no_argument,		NULL,	'o' },
	{ "reason",	no_argument,		NULL,	'r' },
	{ "results",	required_argument,	NULL,	'n' },
	{ "summary",	optional_argument,	NULL,	'S' },
	{ "quiet",	no_argument,		NULL,	'q' },
	{ "template",	required_argument,	NULL,	OPT_TEMPLATE },
	{ "version",	no_argument,		NULL,	'V' },
	{ "width",	required_argument,	NULL,	'w' },
	{ "with-filename", no_argument,		NULL,	'H' },
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
	    "(5.1.1),\nserver replies, mail logs and log files (also .gz).  "
	    "With no operand,\nor -, read log lines from standard input and "
	    "explain the codes in each.\n\n"
	    "  -b, --brief          one line per code: class, verdict, reason, "
	    "who acts\n"
	    "      --color[=WHEN]   colour and bold: auto (default; also tty, "
	    "if-tty),\n"
	    "                       always (the same as no WHEN; also yes, "
	    "force),\n"
	    "                       never (also no, none)\n"
	    "  -T, --format=FORMAT  text (default), json, markdown, html or "
	    "man\n"
	    "  -H, --with-filename  log mode: put the file name before each "
	    "line\n"
	    "  -h, --no-filename    log mode: never put it there (the default "
	    "with one file)\n"
	    "      --help           show this help and exit\n"
	    "      --kb=DIR         add or replace entries with the *.md files "
	    "of DIR,\n"
	    "                       and show its local notes under the pages\n"
	    "      --line-buffered  flush the output after every input line\n"
	    "      --log            read files and standard input as logs, "
	    "even when\n"
	    "                       they start like a mail message\n"
	    "      --mail           read files and standard input as mail: "
	    "bounce\n"
	    "                       messages, an mbox, a Maildir; one verdict "
	    "per\n"
	    "                       failed recipient\n"
	    "      --list           list the codes, or those under each "
	    "prefix operand\n"
	    "  -m, --matching       log mode: print only the lines that have "
	    "codes\n"
	    "      --merge          add up JSON summaries given as operands\n"
	    "  -n, --results=N      --search: show at most N results\n"
	    "      --no-pager       do not send pages on a terminal through a "
	    "pager\n"
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
	    "                       (default), vendor, reason, domain (the "
	    "recipient's)\n"
	    "                       or relay (the remote host)\n"
	    "      --site=DIR       write every entry and an index as HTML "
	    "pages in DIR\n"
	    "      --template=CODE  print a local note to start from, for "
	    "--kb\n"
	    "  -V, --version        show the version and the number of "
	    "entries\n"
	    "  -w, --width=N        wrap pages at N columns, 20 to 1000 "
	    "(default: the\n"
	    "                       terminal's, at most 100, or 80)\n"
	    "  -x, --exit-class     exit 4 or 5 for the worst class found, 0 "
	    "for 2xx/3xx\n\n"
	    "An operand that is a code is always a code (write ./550 for a "
	    "file named\n550); an operand that names a file is read as a log.  "
	    "-m, -o, -r and\n--summary exclude one another.\n\n"
	    "Exit status: 0 explained, 1 no SMTP code found, 2 usage error, "
	    "malformed\ncode, missing file or I/O error; with -x, 4 transient "
	    "or 5 permanent.\nNO_COLOR in the environment, or TERM=dumb, turns "
	    "colour off; SMTPCODE_KB\nnames a directory as --kb does; "
	    "SMTPCODE_PAGER, else PAGER, else less -R\npages on a terminal.  "
	    "See smtpcode(1) and smtpcode-kb(5).\n", stdout);
}

static void
version(void)
{
	const struct kb_entry	*e;
	size_t			 i;

	printf("smtpcode %s (%zu entries)\n", VERSION, kb_total());
	kb_counts();
	if (overlay_dir() == NULL)
		return;
	printf("%s: %zu local entr%s\n", term_quote(overlay_dir(), 1024),
	    kb_local_count(), kb_local_count() == 1 ? "y" : "ies");
	for (i = 0; (e = kb_local_at(i)) != NULL; i++)
		printf("  %s %s, %s\n", e->key, term_quote(e->file, 1024),
		    kb_builtin(e->key) ? "replacing the built-in entry" :
		    "added");
}

/* What the built-in knowledge base holds, as the README states it. */
static void
kb_counts(void)
{
	size_t	 i, j, codes = 0, msgs = 0, recv = 0, hosts = 0, vendors = 0;

	for (i = 0; i < kb_nentries; i++) {
		if (kb_entries[i].kind == KIND_RECEIVER)
			recv++;
		else if (kb_entries[i].kind != KIND_VENDOR)
			codes++;
		else {
			msgs++;
			for (j = 0; j < i; j++)
				if (kb_entries[j].kind == KIND_VENDOR &&
				    strcmp(kb_entries[j].vendor,
				    kb_entries[i].vendor) == 0)
					break;
			vendors += j == i;
		}
	}
	for (i = 0; i < kb_npatterns; i++)
		hosts += kb_patterns[i].kind == PAT_HOST;
	printf("built in: %zu codes, %zu vendor messages from %zu vendors, "
	    "%zu mail services\nknown by %zu host patterns, %zu phrases of "
	    "wording\n", codes, msgs, vendors, recv, hosts, kb_nwordings);
}

/* --summary=code|vendor|reason|domain|relay; no argument means code. */
static enum summary_by
parse_by(const char *s)
{
	if (s == NULL || strcmp(s, "code") == 0)
		return SUMMARY_CODE;
	if (strcmp(s, "vendor") == 0)
		return SUMMARY_VENDOR;
	if (strcmp(s, "reason") == 0)
		return SUMMARY_REASON;
	if (strcmp(s, "domain") == 0)
		return SUMMARY_DOMAIN;
	if (strcmp(s, "relay") == 0)
		return SUMMARY_RELAY;
	warnx("--summary groups by code, vendor, reason, domain or relay: %s",
	    s);
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

/* -n: a count of results, 1 or more. */
static int
parse_count(const char *s)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0 || v < 1 ||
	    v > INT_MAX) {
		warnx("-n must be a number of results, 1 or more: %s", s);
		usage();
	}
	return (int)v;
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
	const char	*nc = getenv("NO_COLOR"), *term = getenv("TERM");
	const char	*cols;
	char		*end;
	long		 v;
	int		 tty = isatty(STDOUT_FILENO);

	/* A dumb terminal shows escape sequences as text, as GNU tools know. */
	opt->eo.ro.ansi = opt->colour == COLOUR_ALWAYS ||
	    (opt->colour == COLOUR_AUTO && tty &&
	    (nc == NULL || *nc == '\0') &&
	    (term == NULL || strcmp(term, "dumb") != 0));
	/*
	 * -w, else COLUMNS (as ls and man read it), else the terminal's.
	 * A table into a pipe is not cut without one of them; a page is
	 * wrapped at 80.
	 */
	opt->table_width = opt->width;
	if (opt->width == 0 && (cols = getenv("COLUMNS")) != NULL &&
	    (v = strtol(cols, &end, 10)) >= 20 && v <= 1000 && *end == '\0')
		opt->table_width = (int)v;
	if (opt->table_width == 0 && tty &&
	    ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		opt->table_width = ws.ws_col;
	opt->eo.ro.width = opt->width;
	if (opt->width == 0) {
		opt->eo.ro.width = opt->table_width != 0 ? opt->table_width :
		    80;
		if (opt->eo.ro.width > 100)
			opt->eo.ro.width = 100;	/* longer is hard to read */
	}
	opt->out = stdout;
	if (opt->quiet && (opt->out = fopen("/dev/null", "w")) == NULL)
		err(SC_ERROR, "/dev/null");
}

/* -T html is one document: its title is the command's operands. */
static void
html_begin(const struct options *opt, int argc, char *argv[])
{
	char	 title[256];
	size_t	 len;
	int	 i;

	len = (size_t)snprintf(title, sizeof(title), "smtpcode%s",
	    opt->list ? " --list" : opt->search ? " --search" : "");
	for (i = 0; i < argc && len < sizeof(title); i++)
		len += (size_t)snprintf(title + len, sizeof(title) - len,
		    " %s", argv[i]);
	render_html_begin(opt->out, title);
}

static void
note(struct result *r, int cls)
{
	r->found++;
	if (cls > r->worst)
		r->worst = cls;
}

/*
 * Free text, such as a pasted reply of several lines: one verdict, shown
 * as one page (or line), by the vendor's entry when the text matches one;
 * a text without a code is explained when its wording names a cause.
 */
static void
do_text(const struct options *opt, const char *s, size_t len,
    struct result *r)
{
	static struct verdict	 v;

	if (verdict_text(&v, s, len))
		note(r, explain_verdict(opt->out, &opt->eo, &v, NULL));
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
		/* "1.0.1" and "3.5.4": some pages write 101 and 354 so. */
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

/*
 * Log mode: read a file, or standard input when path is NULL, and
 * explain or count its codes; label is the name put before each line.
 */
static void
do_file(const struct options *opt, const char *path, const char *label,
    struct summary *sum, struct result *r)
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
	so.label = label;
	so.input = opt->input;
	if (path == NULL)
		input_stdin(&so, &sr);
	else
		input_scan(path, &so, &sr);
	r->found += (int)(sr.found > 0);
	if (sr.worst > r->worst)
		r->worst = sr.worst;
	r->error |= sr.error;
}

static void
do_stream(const struct options *opt, struct summary *sum, const char *label,
    struct result *r)
{
	if (isatty(STDIN_FILENO) && !opt->quiet)
		fputs("smtpcode: reading log lines from the terminal; paste "
		    "them or type codes,\nthen press Ctrl-D (smtpcode --help "
		    "shows the options)\n", stderr);
	do_file(opt, NULL, label, sum, r);
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

/*
 * An error decides first (2, whatever was found), then whether anything
 * was found (1 if not), then 0, or with -x the worst class.  Not the
 * largest number: 4 and 5 of -x are larger than an error's 2.
 */
static int
exit_status(const struct options *opt, const struct result *r)
{
	if (r->error)
		return SC_ERROR;
	if (r->found == 0)
		return SC_NOTFOUND;
	return opt->exit_class ? code_exit_class(r->worst) : SC_OK;
}

/* --color[=when] with the spellings GNU ls and grep accept. */
static void
set_colour(struct options *opt, const char *when)
{
	if (when == NULL || strcmp(when, "always") == 0 ||
	    strcmp(when, "yes") == 0 || strcmp(when, "force") == 0)
		opt->colour = COLOUR_ALWAYS;
	else if (strcmp(when, "auto") == 0 || strcmp(when, "tty") == 0 ||
	    strcmp(when, "if-tty") == 0)
		opt->colour = COLOUR_AUTO;
	else if (strcmp(when, "never") == 0 || strcmp(when, "no") == 0 ||
	    strcmp(when, "none") == 0)
		opt->colour = COLOUR_NEVER;
	else {
		warnx("--color must be auto, always or never: %s", when);
		usage();
	}
}

/* Is s a value of --color, typed after a space instead of "="? */
static int
colour_word(const char *s)
{
	static const char *const words[] = { "always", "never", "auto",
	    "yes", "no", "force", "tty", "if-tty", "none", NULL };
	size_t	 i;

	for (i = 0; words[i] != NULL; i++)
		if (strcmp(s, words[i]) == 0)
			return 1;
	return 0;
}

/* -m, -o, -r and --summary each choose what log mode prints: one only. */
static void
set_mode(struct options *opt, enum scan_mode mode, const char *name)
{
	if (opt->mode_opt != NULL && strcmp(opt->mode_opt, name) != 0) {
		warnx("%s and %s cannot be combined", opt->mode_opt, name);
		usage();
	}
	opt->mode = mode;
	opt->mode_opt = name;
}

/* Edit distance of s[0..n) and t, for "did you mean". */
static size_t
distance(const char *s, size_t n, const char *t)
{
	size_t	 row[64], i, j, diag, up, m = strlen(t);

	if (n >= 64 || m >= 64)
		return 64;
	for (j = 0; j <= m; j++)
		row[j] = j;
	for (i = 1; i <= n; i++) {
		diag = row[0];
		row[0] = i;
		for (j = 1; j <= m; j++) {
			up = row[j];
			row[j] = diag + (s[i - 1] != t[j - 1]);
			if (up + 1 < row[j])
				row[j] = up + 1;
			if (row[j - 1] + 1 < row[j])
				row[j] = row[j - 1] + 1;
			diag = up;
		}
	}
	return row[m];
}

/* After getopt's message about --bogus: the nearest long option. */
static void
suggest(const char *arg)
{
	const struct option	*o, *best = NULL;
	size_t			 n, d, bestd = 3;

	if (arg == NULL || strncmp(arg, "--", 2) != 0)
		return;
	arg += 2;
	n = strcspn(arg, "=");
	for (o = longopts; o->name != NULL; o++)
		if ((d = distance(arg, n, o->name)) < bestd ||
		    (best == NULL && d == bestd && d < n / 2)) {
			best = o;
			bestd = d;
		}
	if (best != NULL)
		fprintf(stderr, "smtpcode: did you mean --%s?\n", best->name);
}

/* Fill opt from the options; returns the index of the first operand. */
static int
parse_options(struct options *opt, int argc, char *argv[])
{
	int	 ch;

	while ((ch = getopt_long(argc, argv, "HT:Vbhmn:oqrw:x", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'C':
			opt->colour_bare = optarg == NULL;
			set_colour(opt, optarg);
			break;
		case 'L':
			opt->line_buffered = 1;
			break;
		case 'M':
			opt->merge = 1;
			break;
		case 'H':
			opt->filenames = 1;
			break;
		case 'S':
			set_mode(opt, SCAN_SUMMARY, "--summary");
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
			opt->filenames = 0;
			break;
		case 'm':
			set_mode(opt, SCAN_MATCHING, "-m");
			break;
		case 'n':
			opt->eo.limit = parse_count(optarg);
			break;
		case 'o':
			set_mode(opt, SCAN_CODES, "-o");
			break;
		case 'q':
			opt->quiet = 1;
			break;
		case 'r':
			set_mode(opt, SCAN_REASON, "-r");
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
		case OPT_MAIL:
			opt->input = INPUT_MAIL;
			break;
		case OPT_LOG:
			opt->input = INPUT_LOG;
			break;
		case OPT_LIST:
			opt->list = 1;
			break;
		case OPT_SEARCH:
			opt->search = 1;
			break;
		case OPT_NOPAGER:
			opt->no_pager = 1;
			break;
		case OPT_TEMPLATE:
			opt->template = optarg;
			break;
		case OPT_SITE:
			opt->site = optarg;
			break;
		case OPT_HELP:
			help();
			exit(explain_flush(stdout, SC_OK));
		default:
			if (optopt == 0)	/* an unknown long option */
				suggest(argv[optind - 1]);
			usage();
		}
	}
	return optind;
}

/*
 * Options that ask for two different things are refused, naming both,
 * unless the man page gives the pair a meaning: -b with -T json leaves
 * out the Markdown, -T json with -m or --summary writes JSON Lines or a
 * JSON table, -q with anything prints nothing.
 */
static void
conflicts(const struct options *opt, int argc, char *argv[],
    const enum operand *kind)
{
	const char	*f = format_name(opt->eo.fmt);
	const char	*other = NULL;
	int		 i;

	if (opt->list)
		other = "--list";
	else if (opt->search)
		other = "--search";
	else if (opt->merge)
		other = "--merge";
	if (opt->template != NULL && (other != NULL || opt->mode_opt != NULL ||
	    opt->version || argc > 0)) {
		warnx("--template and %s cannot be combined", other != NULL ?
		    other : opt->mode_opt != NULL ? opt->mode_opt :
		    opt->version ? "--version" : argv[0]);
		usage();
	}
	if (opt->site != NULL && opt->eo.fmt != FMT_TEXT &&
	    opt->eo.fmt != FMT_HTML) {
		warnx("--site and -T %s cannot be combined: the site is HTML",
		    f);
		usage();
	}
	if (opt->site != NULL && (other != NULL || opt->mode_opt != NULL ||
	    opt->version || opt->template != NULL || opt->eo.brief ||
	    argc > 0)) {
		warnx("--site and %s cannot be combined", other != NULL ?
		    other : opt->mode_opt != NULL ? opt->mode_opt :
		    opt->version ? "--version" : opt->template != NULL ?
		    "--template" : opt->eo.brief ? "-b" : argv[0]);
		usage();
	}
	if (opt->mode_opt != NULL && other != NULL &&
	    !(opt->merge && opt->summary)) {
		warnx("%s and %s cannot be combined", other, opt->mode_opt);
		usage();
	}
	if (opt->eo.brief && (opt->eo.fmt == FMT_MARKDOWN ||
	    opt->eo.fmt == FMT_HTML || opt->eo.fmt == FMT_MAN)) {
		warnx("-b and -T %s cannot be combined", f);
		usage();
	}
	if (opt->mode_opt != NULL && opt->eo.fmt != FMT_TEXT &&
	    (opt->eo.fmt != FMT_JSON || opt->mode == SCAN_CODES ||
	    opt->mode == SCAN_REASON)) {
		warnx("-T %s and %s cannot be combined", f, opt->mode_opt);
		usage();
	}
	if (opt->eo.limit > 0 && !opt->search) {
		warnx("-n counts the results of --search");
		usage();
	}
	/* "--color always": as in GNU tools the value needs its "=". */
	for (i = 0; opt->colour_bare && i < argc; i++)
		if (kind[i] == OPERAND_FILE && access(argv[i], F_OK) == -1 &&
		    colour_word(argv[i])) {
			warnx("--color takes its value after \"=\": "
			    "--color=%s", argv[i]);
			usage();
		}
	for (i = 0; opt->summary && !opt->merge && i < argc; i++)
		if (kind[i] != OPERAND_FILE && kind[i] != OPERAND_STDIN) {
			warnx("--summary and the code operand %s cannot be "
			    "combined: --summary counts the codes of logs",
			    argv[i]);
			usage();
		}
}

/* Pages, listings and search results on a terminal; never log mode. */
/*
 * Does the run open files from now on: logs, mail, summaries?  A lookup,
 * listing or search does not, nor a run that reads standard input only.
 */
static int
reads_input(const struct options *opt, int argc, const enum operand *kind)
{
	int	 i;

	if (opt->version || opt->list || opt->search)
		return 0;
	if (opt->merge)
		return 1;
	for (i = 0; i < argc; i++)
		if (kind[i] == OPERAND_FILE)
			return 1;
	return 0;
}

/* Does the run read a log or mail, from a file or standard input? */
static int
reads_stream(const struct options *opt, int argc, const enum operand *kind)
{
	int	 i;

	if (opt->version || opt->list || opt->search || opt->merge)
		return 0;
	for (i = 0; i < argc; i++)
		if (kind[i] == OPERAND_FILE || kind[i] == OPERAND_STDIN)
			return 1;
	return argc == 0;
}

static int
want_pager(const struct options *opt, int argc, const enum operand *kind)
{
	int	 i;

	if (opt->no_pager || opt->quiet || opt->line_buffered)
		return 0;
	if (opt->list || opt->search || opt->version)
		return opt->list || opt->search;
	if (argc == 0 || opt->merge || opt->summary)
		return 0;
	for (i = 0; i < argc; i++)
		if (kind[i] == OPERAND_FILE || kind[i] == OPERAND_STDIN)
			return 0;
	return 1;
}

/* Explain the operands, or read the logs; fills r. */
static void
run(const struct options *opt, int argc, char *argv[],
    const enum operand *kind, struct summary *sum, struct result *r)
{
	int	 i, files = 0, shown = 0, label;

	if (opt->merge) {
		do_merge(opt, argc, argv, sum, r);
		return;
	}
	for (i = 0; i < argc; i++)
		files += kind[i] == OPERAND_FILE || kind[i] == OPERAND_STDIN;
	label = opt->filenames == -1 ? files > 1 : opt->filenames;
	if (argc == 0)
		do_stream(opt, sum, label ? "(standard input)" : NULL, r);
	for (i = 0; i < argc; i++) {
		if (kind[i] == OPERAND_STDIN)
			do_stream(opt, sum, label ? "(standard input)" : NULL,
			    r);
		else if (kind[i] == OPERAND_FILE)
			do_file(opt, argv[i], label ? argv[i] : NULL, sum, r);
		else {
			if (shown++ > 0 && !opt->eo.brief)
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
	static enum operand *kind;	/* static: usage() may exit with it */
	int		 first, i, rc, html;

	memset(&opt, 0, sizeof(opt));
	memset(&r, 0, sizeof(r));
	opt.filenames = -1;
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
	kind = xmalloc(((size_t)argc + 1) * sizeof(*kind));
	for (i = 0; i < argc; i++)
		kind[i] = opt.list || opt.search || opt.merge ? OPERAND_TEXT :
		    input_classify(argv[i]);
	conflicts(&opt, argc, argv, kind);
	if (opt.template != NULL) {
		free(kind);
		return explain_flush(stdout, note_template(stdout,
		    opt.template));
	}
	if (opt.site != NULL) {
		free(kind);
		return render_html_site(opt.site) == 0 ? SC_OK : SC_ERROR;
	}
	if (opt.eo.fmt != FMT_TEXT) {
		/* One object or page per code, nothing between them. */
		opt.eo.with_body = !opt.eo.brief;
		opt.eo.brief = 1;
	}
	if (!opt.version && want_pager(&opt, argc, kind))
		pager_start();
	/* A log's views are long: a wider pipe to their reader. */
	if (reads_stream(&opt, argc, kind))
		(void)pipe_widen(STDOUT_FILENO);
	/* The overlay is loaded and the pager runs: only I/O from here. */
	(void)sandbox(reads_input(&opt, argc, kind));
	/* Only pages make a document: log mode refuses -T html. */
	html = opt.eo.fmt == FMT_HTML && !opt.version && (opt.list ||
	    opt.search);
	for (i = 0; opt.eo.fmt == FMT_HTML && !opt.version && i < argc; i++)
		html |= kind[i] < OPERAND_FILE;
	if (html)
		html_begin(&opt, argc, argv);
	if (opt.version || opt.list || opt.search) {
		free(kind);
		rc = do_mode(&opt, argc, argv);
		if (html)
			render_html_end(opt.out);
		return pager_end(explain_flush(stdout, rc));
	}
	if (opt.summary || opt.merge) {
		opt.mode = SCAN_SUMMARY;
		sum = summary_new();
	}
	run(&opt, argc, argv, kind, sum, &r);
	free(kind);
	/* A merge with a bad input prints no partial total. */
	if (sum != NULL && !(opt.merge && r.error)) {
		if (!opt.quiet && opt.eo.fmt == FMT_JSON)
			render_json_summary(opt.out, sum);
		else if (!opt.quiet)
			summary_print(opt.out, sum, opt.table_width);
	}
	if (sum != NULL)
		summary_free(sum);
	if (html)
		render_html_end(opt.out);
	rc = explain_flush(stdout, exit_status(&opt, &r));
	return pager_end(rc);
}
