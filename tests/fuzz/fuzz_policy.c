// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the profile parser and compiler: any bytes, as a profile, must give a
 * compiled profile or errors, never a crash, a leak or undefined behaviour. What compiles is
 * printed (plain, JSON, seccomp) to /dev/null, which walks every entry the compiler made.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "names.h"

static void exercise(struct bl_policy *p, FILE *null)
{
	(void)bl_hooks_needed(bl_policy_rule_kinds(p));
	bl_policy_print(p, null, false, false);
	bl_policy_print(p, null, true, true);
	bl_policy_write_seccomp(p, null);
	bl_policy_free(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null;
	struct bl_policy *p = NULL;
	struct bl_diag d = {};
	struct blp_src *s = NULL;
	char *text;

	if (!null)
		null = fopen("/dev/null", "w");
	if (!null)
		abort();
	text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';

	/* The public entry point: the text up to its first NUL. */
	if (!bl_policy_parse_string(text, "fuzz.ini", &p, &d))
		exercise(p, null);
	bl_diag_print(&d, null);
	bl_diag_free(&d);

	/* Every byte, NULs included, as a file's contents reach the reader. */
	if (!blp_src_parse(text, size, "fuzz.ini", &s, &d) && !blp_compile(&s, 1, &p, &d))
		exercise(p, null);
	blp_src_free(s);
	bl_diag_free(&d);
	free(text);
	return 0;
}
