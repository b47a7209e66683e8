/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * libFuzzer target: the log scanner with a small buffer and reads of
 * random sizes, so that lines, codes and UTF-8 sequences are cut at
 * every place a pipe could cut them.  In annotate mode every input line
 * must come back unchanged, in order, with only explanation lines (which
 * start with a space) between them.
 *
 * Input: byte 0 sets the buffer size, bytes 1-4 seed the read sizes, the
 * rest is the log.  A space that starts a line becomes '|', so that the
 * log's lines and the explanations stay apart.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/extern.h"

int	 LLVMFuzzerTestOneInput(const unsigned char *, size_t);

static const char	*in;		/* the log */
static size_t		 inlen, inpos;
static unsigned		 rng;

/* read(2) over the log, a random 1 to 600 bytes at a time. */
static ssize_t
fuzz_read(int fd, void *buf, size_t n)
{
	size_t	 k;

	(void)fd;
	rng = rng * 1103515245u + 12345u;
	k = 1 + (rng >> 16) % 600;
	if (k > n)
		k = n;
	if (k > inlen - inpos)
		k = inlen - inpos;
	memcpy(buf, in + inpos, k);
	inpos += k;
	return (ssize_t)k;
}

/* The next line of s[*pos..n), without its newline; 0 at the end. */
static int
next_piece(const char *s, size_t n, size_t *pos, const char **p,
    size_t *len)
{
	const char	*nl;

	if (*pos >= n)
		return 0;
	*p = s + *pos;
	nl = memchr(*p, '\n', n - *pos);
	*len = nl == NULL ? n - *pos : (size_t)(nl - *p);
	*pos += *len + (nl != NULL);
	return 1;
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct scan_opts	 so;
	struct scan_result	 sr;
	struct explain_opts	 eo;
	char			*log, *out = NULL;
	const char		*a, *b;
	size_t			 i, n, outlen = 0, ip = 0, op = 0, alen, blen;
	FILE			*fp;

	if (size < 5 || size > 65536)
		return 0;
	scan_bufsz = 257 + (size_t)data[0] * 3;
	rng = (unsigned)data[1] | (unsigned)data[2] << 8 |
	    (unsigned)data[3] << 16 | (unsigned)data[4] << 24;
	n = size - 5;
	log = malloc(n + 1);
	memcpy(log, data + 5, n);
	for (i = 0; i < n; i++)
		if (log[i] == ' ' && (i == 0 || log[i - 1] == '\n'))
			log[i] = '|';
	in = log;
	inlen = n;
	inpos = 0;
	scan_sysread = fuzz_read;
	if ((fp = open_memstream(&out, &outlen)) == NULL)
		abort();
	memset(&eo, 0, sizeof(eo));
	eo.ro.width = 80;
	memset(&so, 0, sizeof(so));
	memset(&sr, 0, sizeof(sr));
	so.mode = SCAN_ANNOTATE;
	so.eo = &eo;
	so.out = fp;
	scan_fd(0, "fuzz", &so, &sr);
	fclose(fp);
	/* Each log line, then explanations, then the next log line. */
	while (next_piece(log, n, &ip, &a, &alen)) {
		do {
			if (!next_piece(out, outlen, &op, &b, &blen))
				abort();	/* a line went missing */
		} while (blen > 0 && b[0] == ' ');
		if (alen != blen || memcmp(a, b, alen) != 0)
			abort();	/* a line changed */
	}
	while (next_piece(out, outlen, &op, &b, &blen))
		if (blen == 0 || b[0] != ' ')
			abort();	/* a line came from nowhere */
	free(out);
	free(log);
	return 0;
}
