/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * Unit tests: the code grammar and the finder from tables of inputs and
 * expected results, the invariants of the compiled-in table, and what the
 * sandbox still lets a run open.
 */
#include <sys/wait.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../src/extern.h"
#include "../src/outbuf.h"

static int	 passed, failed;

static void	 check(const char *, int, const char *, const char *);
static void	 describe(const char *, char *, size_t);
static void	 describe_found(const char *, char *, size_t);
static void	 run_table(const char *,
		    void (*)(const char *, char *, size_t));
static void	 kb_invariants(void);
static void	 term_cases(void);
static int	 sandboxed(int, int);
static void	 sandbox_cases(void);
static void	 ms_hit(void *, unsigned, size_t);
static void	 msearch_cases(void);
static void	 finder_cases(void);
static void	 stage_cases(void);
static void	 find_cases(void);
static void	 casemem_cases(void);
static void	 pipe_cases(void);
static size_t	 random_pair(unsigned *, const char *, size_t, char *,
		    char *, size_t *);
static void	 context_cases(void);
static void	 line_stage_cases(void);
static void	 json_cases(void);

static void
check(const char *where, int line, const char *got, const char *want)
{
	if (strcmp(got, want) == 0) {
		passed++;
		return;
	}
	failed++;
	printf("FAIL %s:%d: got \"%s\", want \"%s\"\n", where, line, got, want);
}

/* code_parse() result as "type code" or "error: rule -> hint". */
static void
describe(const char *in, char *buf, size_t sz)
{
	static const char *const types[] = {
		"reply", "enhanced", "subject", "class"
	};
	struct smtp_code	 c;
	struct code_error	 e;
	char			 code[32];

	if (code_parse(in, &c, &e) == -1) {
		snprintf(buf, sz, "error: %s%s%s", e.rule,
		    e.hint[0] != '\0' ? " -> " : "", e.hint);
		return;
	}
	code_format(&c, code, sizeof(code));
	snprintf(buf, sz, "%s %s", types[c.type], code);
}

/* find_codes() result as the codes found, space-separated. */
static void
describe_found(const char *in, char *buf, size_t sz)
{
	struct found	 f[16];
	size_t		 n, i, off = 0;
	char		 code[32];
	char		*text = strdup(in), *p;

	/*
	 * The table writes a TAB inside a line as \t; a literal \n stays two
	 * characters, as logs that flatten multi-line replies write it.
	 */
	for (p = text; (p = strstr(p, "\\t")) != NULL; )
		memmove(p + 1, p + 2, strlen(p + 2) + 1), *p = '\t';
	n = find_codes(text, strlen(text), f, 16);
	buf[0] = '\0';
	for (i = 0; i < n && i < 16 && off < sz; i++) {
		code_format(&f[i].code, code, sizeof(code));
		off += (size_t)snprintf(buf + off, sz - off, "%s%s",
		    i ? " " : "", code);
	}
	if (n == 0)
		snprintf(buf, sz, "-");
	free(text);
}

/* Lines "input<TAB>expected"; blank lines and # comments are skipped. */
static void
run_table(const char *path, void (*fn)(const char *, char *, size_t))
{
	FILE	*fp;
	char	 line[4096], got[512], *tab;
	int	 lineno = 0;

	if ((fp = fopen(path, "r")) == NULL) {
		printf("FAIL %s: cannot open\n", path);
		failed++;
		return;
	}
	while (fgets(line, sizeof(line), fp) != NULL) {
		lineno++;
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if ((tab = strrchr(line, '\t')) == NULL) {
			printf("FAIL %s:%d: no TAB\n", path, lineno);
			failed++;
			continue;
		}
		*tab = '\0';
		fn(line, got, sizeof(got));
		check(path, lineno, got, tab + 1);
	}
	fclose(fp);
}

/* The table must be non-empty and strictly sorted for bsearch. */
static void
kb_invariants(void)
{
	size_t	 i;
	char	 n[32];

	snprintf(n, sizeof(n), "%s", kb_count() > 0 ? "non-empty" : "empty");
	check("kb", 0, n, "non-empty");
	for (i = 1; i < kb_count(); i++)
		if (strcmp(kb_at(i - 1)->key, kb_at(i)->key) >= 0)
			check("kb", (int)i, kb_at(i)->key, "sorted after the "
			    "previous key");
	for (i = 0; i < kb_count(); i++)
		check("kb lookup", (int)i,
		    kb_lookup(kb_at(i)->key) == kb_at(i) ? "found" :
		    "not found", "found");
}

/*
 * The terminal filter and the JSON escaper: UTF-8 passes whole (a
 * continuation byte 0x80-0x9f included), controls and invalid bytes are
 * shown, C1 controls never pass raw.
 */
static void
term_cases(void)
{
	static const struct {
		const char	*in, *tty, *json;
	} t[] = {
		{ "user\342\200\231s", "user\342\200\231s",
		    "\"user\342\200\231s\"" },
		{ "\344\275\240\345\245\275 \360\237\230\200",
		    "\344\275\240\345\245\275 \360\237\230\200",
		    "\"\344\275\240\345\245\275 \360\237\230\200\"" },
		{ "a\033[2Jb\a", "a^[[2Jb^G", "\"a\\u001b[2Jb\\u0007\"" },
		{ "\302\233x", "\\u009bx", "\"\\u009bx\"" },
		{ "\233x", "\\x9bx", "\"\\ufffdx\"" },
		{ "\340\233x", "\\xe0\\x9bx", "\"\\ufffd\\ufffdx\"" },
		{ "\377\233", "\\xff\\x9b", "\"\\ufffd\\ufffd\"" },
		{ "\342\200", "\\xe2\\x80", "\"\\ufffd\\ufffd\"" },
		{ "\355\240\200", "\\xed\\xa0\\x80",
		    "\"\\ufffd\\ufffd\\ufffd\"" },
		{ "x\177\n", "x^?^J", "\"x\\u007f\\n\"" },
	};
	char	*buf;
	size_t	 i, len;
	FILE	*fp;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		if ((fp = open_memstream(&buf, &len)) == NULL)
			abort();
		term_write(fp, t[i].in, strlen(t[i].in));
		fclose(fp);
		check("term_write", (int)i, buf, t[i].tty);
		free(buf);
		if ((fp = open_memstream(&buf, &len)) == NULL)
			abort();
		json_str(fp, t[i].in);
		fclose(fp);
		check("json_string", (int)i, buf, t[i].json);
		free(buf);
	}
	check("term_quote", 0, term_quote("abc\ndef", 5), "abc^Jd...");
	check("term_quote", 1, term_quote("\342\200\231\342\200\231", 4),
	    "\342\200\231...");
}

/*
 * The output buffer's shortcuts against what they stand for: the log
 * views' ob_json() and ob_json_const() against json_string(), json_plain()
 * against a look at each byte, and ob_safe() against term_write(), on
 * random texts of plain bytes and of the bytes escaped (quotes, tabs,
 * controls, DEL, UTF-8 whole and cut), of every length up to 70 and at
 * every alignment.
 */
static void
json_cases(void)
{
	static const char *const bits[] = {
		"a", "Z", " ", "~", "0", "@", "\"", "\\", "\n", "\t", "\037",
		"\177", "\200", "\377", "\302\233", "\342\200\231", "\342",
		"abcdefgh", "<bob@example.org>", NULL
	};
	static struct outbuf	 ob;
	char			 text[160], msg[300], *t, *want, *got;
	char			 want2[32], got2[UINT_PUT_MAX + 2];
	unsigned long		 v;
	size_t			 nb, tl, k, set, i, wlen, glen;
	unsigned		 seed = 11;
	int			 bad = 0;
	FILE			*wf, *gf;

	for (nb = 0; bits[nb] != NULL; nb++)
		continue;
	/* Eight texts of each length at each of sixteen alignments. */
	for (tl = 0; tl <= 70 && !bad; tl++)
		for (set = 0; set < 16 * 8 && !bad; set++) {
			t = text + set % 16;
			/* Mostly plain, so that the shortcuts have a run. */
			for (i = 0; i < tl; i += k) {
				seed = seed * 1103515245 + 12345;
				k = 1;
				if ((seed >> 16) % 4 != 0)
					t[i] = (char)('a' + (seed >> 20) % 26);
				else {
					k = strlen(bits[(seed >> 8) % nb]);
					memcpy(t + i, bits[(seed >> 8) % nb], k);
				}
			}
			t[tl] = '\0';
			for (k = 0; k < tl && t[k] >= 0x20 && t[k] < 0x7f &&
			    t[k] != '"' && t[k] != '\\'; k++)
				continue;
			if (json_plain(t, tl) != k)
				bad = 1;
			if ((wf = open_memstream(&want, &wlen)) == NULL ||
			    (gf = open_memstream(&got, &glen)) == NULL)
				abort();
			json_string(wf, t, tl);
			json_string(wf, t, tl);
			term_write(wf, t, tl);
			ob_init(&ob, gf);
			if (ob_json(&ob, t, tl) != k)
				bad = 1;
			ob_json_const(&ob, t);	/* no NUL in t: a table's */
			ob_safe(&ob, t, tl);
			ob_flush(&ob);
			ob_frag_free();
			fclose(wf);
			fclose(gf);
			if (!bad && (wlen != glen ||
			    memcmp(want, got, wlen) != 0))
				bad = 2;
			free(want);
			free(got);
			if (bad)
				snprintf(msg, sizeof(msg), "%s of \"%.*s\" "
				    "(%zu bytes at %zu)", bad == 1 ?
				    "json_plain" : "ob_json or ob_safe",
				    (int)tl, t, tl, set % 16);
		}
	check("output shortcuts", (int)tl, bad ? msg : "ok", "ok");
	/* Numbers as "%lu": each up to 2000, then one of every length. */
	for (k = 0, v = 0, bad = 0; !bad; v = k < 2000 ? k : v > ULONG_MAX /
	    10 ? ULONG_MAX : v * 10 + 9) {
		snprintf(want2, sizeof(want2), "%lu", v);
		*uint_put(got2, v) = '\0';
		if (strcmp(want2, got2) != 0)
			bad = 1;
		if (v == ULONG_MAX)
			break;
		k++;
	}
	check("uint_put", 0, bad ? got2 : "ok", "ok");
}

/* msearch_cases(): the hits of one scan, as a bit per (pattern, byte). */
#define MS_TPAT		40
#define MS_TLEN		160
static unsigned char	 ms_got[MS_TPAT][MS_TLEN];

static void
ms_hit(void *ctx, unsigned pat, size_t pos)
{
	(void)ctx;
	if (pat < MS_TPAT && pos < MS_TLEN)
		ms_got[pat][pos]++;
}

/*
 * The code finder's filter of candidates (64 bytes at a time)
 * against every digit looked at: random texts of digits, dots, commas,
 * dashes, braces and words, cut anywhere (a range may start inside a
 * run of digits), must give the same codes where they are.
 */
static void
finder_cases(void)
{
	static const char *const bits[] = {
		"2", "4", "5", "5", "0", "1", "9", "550", "451", "5.1.1",
		"4.7.0", ".", ",", "-", " ", " ", "{", "}", ":", "=", "#",
		"dsn=", "said: ", "EnhancedCode", "{5, 1, 1}", "{4,7,0}",
		"1.2.3.4",
		"a", "Z", "_", "\\n", "version ", "http", NULL
	};
	struct found	 a[32], b[32];
	char		 text[300], msg[400];
	unsigned	 seed = 7;
	size_t		 set, nb, tl, k, from, to, na, nb2, i;
	int		 bad;

	for (nb = 0; bits[nb] != NULL; nb++)
		continue;
	for (set = 0, bad = 0; set < 4000 && !bad; set++) {
		for (tl = 0;;) {
			seed = seed * 1103515245 + 12345;
			k = strlen(bits[(seed >> 16) % nb]);
			if (tl + k >= sizeof(text) - 1 || (seed >> 8) % 61 == 0)
				break;
			memcpy(text + tl, bits[(seed >> 16) % nb], k);
			tl += k;
		}
		seed = seed * 1103515245 + 12345;
		from = tl > 0 ? (seed >> 16) % (tl + 1) : 0;
		seed = seed * 1103515245 + 12345;
		to = from + (tl > from ? (seed >> 16) % (tl - from + 1) : 0);
		if (set % 3 == 0)
			from = 0, to = tl;
		na = find_codes_range(text, tl, from, to, a, 32);
		nb2 = find_codes_plain(text, tl, from, to, b, 32);
		for (i = 0; i < na && i < 32 && na == nb2 && !bad; i++)
			bad = a[i].off != b[i].off || a[i].len != b[i].len ||
			    a[i].reply != b[i].reply ||
			    a[i].paired != b[i].paired ||
			    memcmp(&a[i].code, &b[i].code,
			    sizeof(a[i].code)) != 0;
		if (na != nb2)
			bad = 1;
		if (bad)
			snprintf(msg, sizeof(msg), "%zu/%zu codes in "
			    "[%zu, %zu) of \"%.*s\"", na, nb2, from, to,
			    (int)tl, text);
	}
	check("finder filter", (int)set, bad ? msg : "ok", "ok");
}

/*
 * msearch.c against the plain search it stands for: random patterns of
 * one to fifteen bytes over a few letters and punctuation (so that
 * grams, pairs and strides meet, and at stride 1 more pairs than fit),
 * either case or exact, in random texts: every occurrence once.  The
 * indexes are made with a sample of such text (ms_sample()), so that
 * the grams chosen and the bytes checked after them follow it.
 */
static void
msearch_cases(void)
{
	static const char	 abc[] = "abAB[= (.";
	char			 pat[MS_TPAT][16], text[MS_TLEN], msg[400];
	char			 sample[2048];
	const char		*pp[MS_TPAT];
	unsigned		 len[MS_TPAT], seed = 1;
	struct msearch		*m;
	size_t			 set, t, i, k, pos, n, tl, bad;
	int			 icase, want, c;

	for (k = 0; k < sizeof(sample); k++) {
		seed = seed * 1103515245 + 12345;
		sample[k] = abc[(seed >> 16) % (sizeof(abc) - 1)];
	}
	ms_sample(sample, sizeof(sample));
	for (set = 0; set < 120; set++) {
		icase = set % 2;
		n = 1 + set % MS_TPAT;
		for (i = 0; i < n; i++) {
			seed = seed * 1103515245 + 12345;
			/* Short, mixed or long sets: every stride. */
			len[i] = set % 3 == 0 ? 1 + (seed >> 16) % 4 :
			    set % 3 == 1 ? 1 + (seed >> 16) % 14 :
			    7 + (seed >> 16) % 9;
			for (k = 0; k < len[i]; k++) {
				seed = seed * 1103515245 + 12345;
				c = abc[(seed >> 16) % (sizeof(abc) - 1)];
				pat[i][k] = (char)(icase && c >= 'A' &&
				    c <= 'Z' ? c | 0x20 : c);
			}
			pat[i][len[i]] = '\0';
			pp[i] = pat[i];
		}
		m = ms_build(pp, len, n, icase);
		for (bad = 0, t = 0; t < 20 && !bad; t++) {
			seed = seed * 1103515245 + 12345;
			tl = (seed >> 16) % MS_TLEN;
			for (k = 0; k < tl; k++) {
				seed = seed * 1103515245 + 12345;
				text[k] = abc[(seed >> 16) % (sizeof(abc) - 1)];
			}
			memset(ms_got, 0, sizeof(ms_got));
			ms_scan(m, text, tl, ms_hit, NULL);
			for (i = 0; i < n && !bad; i++)
				for (pos = 0; pos < tl && !bad; pos++) {
					for (want = pos + len[i] <= tl, k = 0;
					    want && k < len[i]; k++)
						want = (icase && text[pos + k] >=
						    'A' && text[pos + k] <= 'Z' ?
						    (text[pos + k] | 0x20) :
						    text[pos + k]) == pat[i][k];
					if (ms_got[i][pos] != want) {
						snprintf(msg, sizeof(msg),
						    "set %zu stride %zu: \"%s\" "
						    "at %zu of \"%.*s\": %d", set,
						    ms_stride(m), pat[i], pos,
						    (int)tl, text, ms_got[i][pos]);
						bad = 1;
					}
				}
		}
		check("msearch", (int)set, bad ? msg : "ok", "ok");
		ms_free(m);
	}
}

/*
 * A random needle of 1 to maxn bytes in pat and a random text of under
 * MS_TLEN bytes in text (*tl), both over the alphabet abc; returns the
 * needle's length.
 */
static size_t
random_pair(unsigned *seed, const char *abc, size_t maxn, char *pat,
    char *text, size_t *tl)
{
	size_t	 n, k, na = strlen(abc);

	*seed = *seed * 1103515245 + 12345;
	n = 1 + (*seed >> 16) % maxn;
	for (k = 0; k < n; k++) {
		*seed = *seed * 1103515245 + 12345;
		pat[k] = abc[(*seed >> 16) % na];
	}
	pat[n] = '\0';
	*seed = *seed * 1103515245 + 12345;
	*tl = (*seed >> 16) % MS_TLEN;
	for (k = 0; k < *tl; k++) {
		*seed = *seed * 1103515245 + 12345;
		text[k] = abc[(*seed >> 16) % na];
	}
	return n;
}

/*
 * ms_find() against the plain search it stands for: random patterns of
 * one to four bytes, case as written, in random texts of every length up
 * to MS_TLEN, so that a hit lands in every place of a block of sixteen
 * and of the last block that overlaps the one before.
 */
static void
find_cases(void)
{
	char			 pat[8], text[MS_TLEN], msg[400];
	unsigned		 seed = 7;
	size_t			 set, n, tl, got, want;

	for (set = 0; set < 2000; set++) {
		n = random_pair(&seed, "abA=( ", 4, pat, text, &tl);
		for (want = 0; want + n <= tl &&
		    memcmp(text + want, pat, n) != 0; want++)
			continue;
		if (want + n > tl)
			want = SIZE_MAX;
		got = ms_find(text, tl, pat, n, ms_anchor(pat, n));
		if (got != want) {
			snprintf(msg, sizeof(msg), "\"%s\" in \"%.*s\": %zu, "
			    "not %zu", pat, (int)tl, text, got, want);
			check("ms_find", (int)set, msg, "ok");
			return;
		}
	}
	check("ms_find", (int)set, "ok", "ok");
}

/*
 * memcasemem() against the plain search it stands for: random needles of
 * one to eight bytes in random texts of every length up to MS_TLEN, from
 * bytes that meet when 0x20 is set ('@' and '`', '[' and '{', a byte
 * above 0x7f and its fold), so that the sixteen-at-once test's false
 * starts are met, a hit lands in every place of a block, and the last
 * block overlaps the one before.  Each text is a copy of its own length,
 * for the sanitizers to catch a read past it.
 */
static void
casemem_cases(void)
{
	char			 pat[16], text[MS_TLEN], msg[400], *t;
	unsigned		 seed = 11;
	const char		*got;
	size_t			 set, n, tl, k, want;

	for (set = 0; set < 20000; set++) {
		n = random_pair(&seed, "aAbB@`[{ \xc3\xe3", 8, pat, text,
		    &tl);
		for (want = 0; want + n <= tl; want++) {
			for (k = 0; k < n && (text[want + k] == pat[k] ||
			    (isalpha((unsigned char)pat[k]) &&
			    (text[want + k] | 0x20) == (pat[k] | 0x20))); k++)
				continue;
			if (k == n)
				break;
		}
		t = xmalloc(tl + 1);
		memcpy(t, text, tl);
		got = memcasemem(t, tl, pat);
		if ((got == NULL ? SIZE_MAX : (size_t)(got - t)) !=
		    (want + n <= tl ? want : SIZE_MAX)) {
			snprintf(msg, sizeof(msg), "\"%s\" in \"%.*s\": %td, "
			    "not %zu", pat, (int)tl, text, got == NULL ? -1 :
			    got - t, want);
			free(t);
			check("memcasemem", (int)set, msg, "ok");
			return;
		}
		free(t);
	}
	check("memcasemem", (int)set, "ok", "ok");
}

/*
 * pipe_widen(): a pipe grows to a megabyte where the system has a way
 * (Linux); a file is left alone.
 */
static void
pipe_cases(void)
{
	char	 got[64];
	long	 max;
	int	 fd[2], n;
	FILE	*f;

	if (pipe(fd) == -1) {
		check("pipe_widen", 0, "pipe(2) failed", "ok");
		return;
	}
	n = pipe_widen(fd[1]);
	/* Linux grants a megabyte unless its administrator set less. */
	max = 0;
	if ((f = fopen("/proc/sys/fs/pipe-max-size", "r")) != NULL) {
		if (fscanf(f, "%ld", &max) != 1)
			max = 0;
		fclose(f);
	}
	snprintf(got, sizeof(got), "%s", max < 1 << 20 ? (n == -1 ||
	    n > 0 ? "ok" : "zero") : n >= 1 << 20 ? "ok" : "not widened");
	check("pipe_widen", 1, got, "ok");
	close(fd[0]);
	close(fd[1]);
	if ((f = tmpfile()) != NULL) {
		n = pipe_widen(fileno(f));
		check("pipe_widen", 2, n == -1 ? "ok" : "a file widened", "ok");
		fclose(f);
	}
}

/*
 * line_context(): the MTA is the first marker of the list that a line
 * has, whether it is long or short (" ** ", "(#"), and a key is taken
 * where it first stands; near forms of the short ones are not them.
 */
static void
context_cases(void)
{
	static const struct {
		const char	*text, *want;
	} t[] = {
		{ "2026-12-01 10:00:00 1tXa-0001 ** ann@example.org "
		    "R=dnslookup T=remote_smtp H=mx.example.org [192.0.2.7]: "
		    "550 5.1.1 no such user", "exim ann@example.org "
		    "mx.example.org" },
		/* " ** " comes before "sm-mta[" in the list. */
		{ "mx sm-mta[42]: x ** bob@example.net said", "exim "
		    "bob@example.net -" },
		/* "postfix/" before " == ". */
		{ "mx postfix/smtp[1]: to=<a@example.com> == relay=mx.example."
		    "com[192.0.2.1]:25", "postfix a@example.com "
		    "mx.example.com" },
		{ "delivery 3: failure: Sorry,_no_mailbox_here (#5.1.1)/",
		    "qmail - -" },
		/* The first of two keys; near forms of the short needles. */
		{ "to=<first@example.org> to=<second@example.org> H=h1",
		    "- first@example.org h1" },
		{ "x =* y to= <c@example.org> (* H =mx.example.org", "- - -" },
		{ "x (#", "qmail - -" },
		{ " H=", "- - -" },
		{ "", "- - -" },
	};
	struct line_info	 li;
	char			 got[256];
	size_t			 i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		line_begin(&li);
		line_context(&li, t[i].text, strlen(t[i].text));
		snprintf(got, sizeof(got), "%s %.*s %.*s",
		    li.mta != MTA_UNKNOWN ? line_mta_name(li.mta) : "-",
		    li.rcpt != NULL ? (int)li.rcptlen : 1,
		    li.rcpt != NULL ? li.rcpt : "-",
		    li.host != NULL ? (int)li.hostlen : 1,
		    li.host != NULL ? li.host : "-");
		check("line_context", (int)i, got, t[i].want);
	}
}

/*
 * line_stage() names the stage line_context() names, from the stage
 * phrases' own index: the first of the list the text has, wherever it
 * stands, case as written; near forms are not the phrases.  Asked again
 * for the same text, the stage stays.
 */
static void
line_stage_cases(void)
{
	static const char *const t[] = {
		"postfix/smtp[1]: to=<a@example.org>, status=bounced (host "
		    "mx.example.org[192.0.2.1] said: 550 5.1.1 no such user "
		    "(in reply to RCPT TO command))",
		/* "in reply to MAIL FROM" comes first in the list. */
		"after RCPT TO: 552 full; in reply to MAIL FROM command",
		"1tXa-0001 ** b@example.net: SMTP error from remote mail "
		    "server after pipelined DATA: 554 refused",
		"NOQUEUE: reject: RCPT from unknown[198.51.100.4]: 554 5.7.1",
		"sm-mta[9]: ruleset=check_mail, arg1=<c@example.com>",
		"after RCPT T 550", "IN REPLY TO RCPT TO", "check_rcp",
		"x after HELO", "after HELO", "",
	};
	struct line_info	 a, b;
	size_t			 i, n;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		n = strlen(t[i]);
		line_begin(&a);
		line_context(&a, t[i], n);
		line_begin(&b);
		line_stage(&b, t[i], n);
		line_stage(&b, t[i], n);
		check("line_stage", (int)i, b.stage != NULL ? b.stage : "-",
		    a.stage != NULL ? a.stage : "-");
	}
}

/*
 * smtp_stage() finds its phrases in one pass: the first phrase of its
 * list that stands anywhere decides, wherever in the text it stands,
 * either case, up to the text's last byte.
 */
static void
stage_cases(void)
{
	static const struct {
		const char	*text, *want;
	} t[] = {
		{ "550 5.1.1 user unknown (in reply to RCPT TO command)",
		    "RCPT TO" },
		/* "in reply to end of data" comes first in the list. */
		{ "after RCPT TO: 550 no; IN REPLY TO END OF DATA",
		    "end of DATA" },
		{ "host x said: 554 rejected (in reply to DATA", "DATA" },
		{ "smtp;550 [RCPT_TO] refused", "RCPT TO" },
		/* '{' and '[' meet in the index, not in the comparison. */
		{ "smtp;550 {rcpt_to} refused", "-" },
		{ "after rcpt t", "-" },
		{ "", "-" },
	};
	const char	*st;
	size_t		 i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		st = smtp_stage(t[i].text, strlen(t[i].text));
		check("smtp_stage", (int)i, st != NULL ? st : "-", t[i].want);
	}
}

/*
 * In a child: under the sandbox (reads or not), what does an open of
 * /dev/null with these flags give?  "open" or "refused"; "none" where
 * there is no sandbox.
 */
static int
sandboxed(int reads, int flags)
{
	pid_t	 pid;
	int	 status, fd;

	if ((pid = fork()) == -1)
		return -1;
	if (pid == 0) {
		if (sandbox(reads) == 0)
			_exit(3);
		if ((fd = open("/dev/null", flags)) != -1)
			_exit(0);
		_exit(errno == EPERM ? 1 : 2);
	}
	if (waitpid(pid, &status, 0) == -1 || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* What each kind of run may still open once its setup is done. */
static void
sandbox_cases(void)
{
	static const char *const said[] = { "open", "refused", "error",
	    "none" };
	static const struct {
		int		 reads, flags;
		const char	*want;
	} t[] = {
		{ 0, O_RDONLY, "refused" },
		{ 1, O_RDONLY, "open" },
		{ 1, O_WRONLY, "refused" },
		{ 1, O_RDONLY | O_CREAT, "refused" },
		{ 1, O_RDONLY | O_TRUNC, "refused" },
	};
	size_t	 i;
	int	 r;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		r = sandboxed(t[i].reads, t[i].flags);
		if (r == 3)
			continue;	/* no sandbox in this build */
		check("sandbox", (int)i, r >= 0 && r <= 3 ? said[r] :
		    "lost", t[i].want);
	}
}

int
main(int argc, char *argv[])
{
	const char	*dir = argc > 1 ? argv[1] : "tests";
	char		 path[1024];

	snprintf(path, sizeof(path), "%s/grammar.tests", dir);
	run_table(path, describe);
	snprintf(path, sizeof(path), "%s/find.tests", dir);
	run_table(path, describe_found);
	kb_invariants();
	term_cases();
	json_cases();
	msearch_cases();
	finder_cases();
	find_cases();
	casemem_cases();
	pipe_cases();
	stage_cases();
	context_cases();
	line_stage_cases();
	sandbox_cases();
	printf("unit: %d passed, %d failed\n", passed, failed);
	return failed > 0;
}
