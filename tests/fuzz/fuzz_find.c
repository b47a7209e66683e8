/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * libFuzzer target: the finder and the verdict engine (context, vendor,
 * wording and receiver matching) over arbitrary bytes (NUL bytes and
 * invalid UTF-8 included), and the page of the verdict in every format.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/extern.h"
#include "../../src/outbuf.h"

int	 LLVMFuzzerTestOneInput(const unsigned char *, size_t);

static FILE	*sink;
static struct outbuf	 ob;

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static struct verdict	 v;
	const struct line_info	*li = &v.li;
	struct explain_opts	 eo;
	const char		*s = (const char *)data;
	char			 code[32];
	size_t			 i;
	int			 f;

	if (sink == NULL && (sink = fopen("/dev/null", "w")) == NULL)
		abort();
	verdict_text(&v, s, size);
	for (i = 0; i < li->n; i++) {
		if (li->f[i].off + li->f[i].len > size)
			abort();	/* a code lies inside the line */
		/* The span is exactly the code as written, no byte more. */
		code_format(&li->f[i].code, code, sizeof(code));
		if (li->f[i].len != strlen(code) ||
		    memcmp(s + li->f[i].off, code, li->f[i].len) != 0)
			abort();
	}
	if (li->n > 0 && (!v.decided || li->verdict < 0 ||
	    (size_t)li->verdict >= li->n))
		abort();		/* codes found: one decides */
	if (v.decided) {
		memset(&eo, 0, sizeof(eo));
		eo.ro.width = 40;
		for (f = 0; f < FMT__MAX; f++) {
			eo.fmt = (enum fmt)f;
			eo.brief = f == FMT_TEXT && size % 2;
			explain_verdict(sink, &eo, &v, NULL);
		}
		/* The JSON Lines object, with the line and without it. */
		ob_init(&ob, sink);
		render_json_line(&ob, "f", 1, size % 3 ? s : NULL, size, &v);
		ob_flush(&ob);
		ob_frag_free();
	}
	if (li->rcpt != NULL)
		json_string(sink, li->rcpt, li->rcptlen);
	json_string(sink, s, size);
	term_write(sink, s, size);
	return 0;
}
