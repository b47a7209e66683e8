/*
 * Copyright (c) 2026 The smtpcode authors.  ISC licence, see LICENSE.
 *
 * libFuzzer target: the code grammar.  Any operand must parse or be
 * refused with a rule, and a parsed code must format and key within its
 * buffers, and parse again to the same code.
 */
#include <stdlib.h>
#include <string.h>

#include "../../src/extern.h"

int	 LLVMFuzzerTestOneInput(const unsigned char *, size_t);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct smtp_code	 c, again;
	struct code_error	 ce;
	char			*s, buf[32], key[32];

	s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	if (code_parse(s, &c, &ce) == 0) {
		code_format(&c, buf, sizeof(buf));
		code_key(&c, key, sizeof(key));
		if (code_parse(buf, &again, &ce) != 0 ||
		    code_number(&again) != code_number(&c))
			abort();	/* formatting must round-trip */
	} else if (ce.rule == NULL)
		abort();		/* a refusal always names its rule */
	(void)code_looks_like(s);
	free(s);
	return 0;
}
