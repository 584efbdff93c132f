// SPDX-License-Identifier: GPL-2.0
/* Syscall names of [syscalls], checked against libseccomp's table for x86_64. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <seccomp.h>
#include "internal.h"

/*
 * The closest known name within two edits, for "a typo?". The x86_64 names are read from
 * libseccomp once and kept for the life of the process (single-threaded use, as the CLI).
 */
static const char *suggest(const char *word)
{
	static char *names[BLP_SYSCALL_NR_MAX];
	static size_t n;

	if (!n) {
		for (int nr = 0; nr < BLP_SYSCALL_NR_MAX; nr++) {
			char *name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_X86_64, nr);

			if (name)
				names[n++] = name;
		}
	}
	return blp_suggest(word, (const char *const *)names, n);
}

int blp_syscall_parse(const char *tok, int *nr, char *err, size_t errlen)
{
	const char *hint = NULL;
	char q[80];
	bool ok = tok[0] != '\0' && strlen(tok) < 64;
	int n = -1;

	for (const char *c = tok; ok && *c; c++)
		ok = islower((unsigned char)*c) || isdigit((unsigned char)*c) || *c == '_';
	if (ok)
		n = seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86_64, tok);
	/* A negative number is a syscall of another architecture (or none at all). */
	if (n >= 0 && n < BLP_SYSCALL_NR_MAX) {
		*nr = n;
		return 0;
	}
	if (ok)
		hint = suggest(tok);
	if (hint)
		snprintf(err, errlen,
			 "unknown syscall, found '%s', expected an x86_64 syscall name "
			 "such as '%s' (a typo?)",
			 blp_quote(q, sizeof(q), tok), hint);
	else
		snprintf(err, errlen,
			 "unknown syscall, found '%s', expected an x86_64 syscall name in lower "
			 "case, like kexec_load",
			 blp_quote(q, sizeof(q), tok));
	return -EINVAL;
}

char *blp_syscall_name(int nr)
{
	return seccomp_syscall_resolve_num_arch(SCMP_ARCH_X86_64, nr);
}
