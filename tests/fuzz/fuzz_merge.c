/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * libFuzzer target: --merge.  Byte 0 chooses what the rest is.
 *
 * Even: a stream of JSON summaries, any bytes.  The reader must refuse it
 * or accept it; what it accepted, written out and merged again, must
 * come out the same (the writer and the reader agree).
 *
 * Odd: two logs A and B, split at the first 0xff byte, and a grouping
 * (bits 1-2 of byte 0).  Merging the summaries of A and of B must give
 * the summary of A and B together.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/extern.h"

int	 LLVMFuzzerTestOneInput(const unsigned char *, size_t);

static FILE		*sink;
static const char	*in;
static size_t		 inlen, inpos;

static ssize_t
mem_read(int fd, void *buf, size_t n)
{
	(void)fd;
	if (n > inlen - inpos)
		n = inlen - inpos;
	memcpy(buf, in + inpos, n);
	inpos += n;
	return (ssize_t)n;
}

/* The JSON summary of a log, as --summary=by -T json writes it. */
static char *
summarize(const char *log, size_t n, enum summary_by by, size_t *len)
{
	struct scan_opts	 so;
	struct scan_result	 sr;
	struct explain_opts	 eo;
	struct summary		*s = summary_new();
	char			*out = NULL;
	FILE			*fp;

	in = log;
	inlen = n;
	inpos = 0;
	scan_sysread = mem_read;
	memset(&eo, 0, sizeof(eo));
	memset(&so, 0, sizeof(so));
	memset(&sr, 0, sizeof(sr));
	so.mode = SCAN_SUMMARY;
	so.by = by;
	so.eo = &eo;
	so.out = sink;
	so.sum = s;
	scan_fd(0, "fuzz", &so, &sr);
	if ((fp = open_memstream(&out, len)) == NULL)
		abort();
	render_json_summary(fp, s);
	fclose(fp);
	summary_free(s);
	return out;
}

/* Merge the JSON texts; the merged summary as JSON, or NULL if refused. */
static char *
merge(const char *a, size_t alen, const char *b, size_t blen, size_t *len)
{
	struct summary	*s = summary_new();
	char		*out = NULL;
	FILE		*fp;
	int		 rc = 0;

	if ((fp = fmemopen((void *)a, alen, "r")) == NULL)
		abort();
	rc |= summary_merge(s, fp, "a");
	fclose(fp);
	if (b != NULL) {
		if ((fp = fmemopen((void *)b, blen, "r")) == NULL)
			abort();
		rc |= summary_merge(s, fp, "b");
		fclose(fp);
	}
	if (rc == 0) {
		if ((fp = open_memstream(&out, len)) == NULL)
			abort();
		render_json_summary(fp, s);
		fclose(fp);
	}
	summary_free(s);
	return out;
}

static void
same(const char *x, size_t xlen, const char *y, size_t ylen)
{
	if (x == NULL || y == NULL || xlen != ylen || memcmp(x, y, xlen) != 0)
		abort();
}

static void
raw(const unsigned char *data, size_t size)
{
	char	*once, *twice;
	size_t	 n1, n2;

	if (size == 0)
		return;		/* fmemopen wants a buffer */
	if ((once = merge((const char *)data, size, NULL, 0, &n1)) == NULL)
		return;
	twice = merge(once, n1, NULL, 0, &n2);
	same(once, n1, twice, n2);
	free(once);
	free(twice);
}

static void
round_trip(const unsigned char *data, size_t size, enum summary_by by)
{
	const unsigned char	*cut = memchr(data, 0xff, size);
	char			*both, *ja, *jb, *merged, *whole;
	size_t			 alen, blen, na, nb, nm, nw;

	alen = cut == NULL ? size : (size_t)(cut - data);
	blen = cut == NULL ? 0 : size - alen - 1;
	/* A ends its last line, so that A then B has the lines of both. */
	both = malloc(alen + 1 + blen);
	memcpy(both, data, alen);
	if (alen == 0 || both[alen - 1] != '\n')
		both[alen++] = '\n';
	if (blen > 0)
		memcpy(both + alen, cut + 1, blen);
	ja = summarize(both, alen, by, &na);
	jb = summarize(both + alen, blen, by, &nb);
	whole = summarize(both, alen + blen, by, &nw);
	merged = merge(ja, na, jb, nb, &nm);
	same(merged, nm, whole, nw);
	free(both);
	free(ja);
	free(jb);
	free(whole);
	free(merged);
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{

	/* Messages about bad input are expected: into the sink. */
	if (sink == NULL) {
		if ((sink = fopen("/dev/null", "w")) == NULL)
			abort();
		msg_output(sink);
	}
	if (size < 1 || size > 200000)
		return 0;
	if (data[0] % 2 == 0)
		raw(data + 1, size - 1);
	else
		round_trip(data + 1, size - 1, (enum summary_by)(data[0] >> 1
		    & 3) % 3);
	return 0;
}
