// SPDX-License-Identifier: GPL-2.0
/* Command dispatch by unique prefix, and the way boxlock talks to its operator. */
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include "cli.h"

struct bl_opts bl_opts = { .pin_dir = BL_DEFAULT_PIN_DIR };
char bl_last_error[1024];

int bl_dispatch(const char *what, const struct bl_cmd *cmds, int argc, char **argv)
{
	const struct bl_cmd *found = NULL;
	size_t len;

	if (argc < 1) {
		bl_err("%s: missing command", what);
		return -EINVAL;
	}
	len = strlen(argv[0]);
	for (const struct bl_cmd *c = cmds; c->name; c++) {
		if (!strcmp(c->name, argv[0]))
			return c->fn(argc - 1, argv + 1); /* an exact name beats prefixes */
		if (!strncmp(c->name, argv[0], len)) {
			if (found) {
				bl_err("%s: '%s' is ambiguous ('%s' or '%s')", what, argv[0],
				       found->name, c->name);
				return -EINVAL;
			}
			found = c;
		}
	}
	if (!found) {
		bl_err("%s: unknown command '%s'", what, argv[0]);
		return -EINVAL;
	}
	return found->fn(argc - 1, argv + 1);
}

void bl_err(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	memcpy(bl_last_error, buf, sizeof(bl_last_error));
	if (bl_opts.json) {
		bl_json_print(json_pack("{s:s}", "error", buf));
		return;
	}
	fprintf(stderr, "boxlock: %s\n", buf);
}

void bl_info(const char *fmt, ...)
{
	va_list ap;

	if (bl_opts.json)
		return; /* JSON mode prints one document per command, built by the command */
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

void bl_json_print(json_t *j)
{
	if (!j)
		return;
	json_dumpf(j, stdout, (bl_opts.pretty ? JSON_INDENT(2) : JSON_COMPACT) | JSON_SORT_KEYS);
	putchar('\n');
	fflush(stdout);
	json_decref(j);
}
