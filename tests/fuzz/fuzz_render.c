/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * libFuzzer target: an overlay entry of arbitrary bytes goes through the
 * same validation as a built-in one, and any Markdown is rendered as a
 * terminal page, plain and with styles, at a narrow and a wide width.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/extern.h"

int	 LLVMFuzzerTestOneInput(const unsigned char *, size_t);

static FILE	*sink;

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct kb_entry		 e;
	struct render_opts	 ro;
	char			*md;

	/* Messages about bad input are expected: into the sink. */
	if (sink == NULL) {
		if ((sink = fopen("/dev/null", "w")) == NULL)
			abort();
		msg_output(sink);
	}
	msg_reset();
	if (kbcheck_parse("fuzz/X.1.1.md", (const char *)data, size, &e) == 0) {
		/* An entry taken is taken without a message. */
		if (msg_worst() != MSG_OK)
			abort();
		kbcheck_free(&e);
	} else if (msg_worst() != MSG_ERROR)
		abort();		/* a refusal says why */
	md = malloc(size + 1);
	memcpy(md, data, size);
	md[size] = '\0';
	ro.ansi = 0;
	ro.width = 20;
	render_text_markdown(sink, &ro, md);
	ro.ansi = 1;
	ro.width = 100;
	render_text_markdown(sink, &ro, md);
	free(md);
	return 0;
}
