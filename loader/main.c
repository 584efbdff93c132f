// SPDX-License-Identifier: GPL-2.0
/*
 * boxlock: prevents container escapes with BPF LSM programs.
 * Usage: boxlock [OPTIONS] OBJECT [COMMAND] [ARGS]   (boxlock help; boxlock(8))
 * The grammar lives in cli.c and the command table in commands.c, where unit tests reach them.
 */
#include <stdarg.h>
#include <stdio.h>
#include <bpf/libbpf.h>
#include "cli.h"

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG && !bl_opts.verbose)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

int main(int argc, char **argv)
{
	libbpf_set_print(libbpf_print);
	return bl_main(bl_commands, argc, argv);
}
