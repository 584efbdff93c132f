// SPDX-License-Identifier: GPL-2.0
/* A profile's [syscalls] as a libseccomp filter: default allow, listed syscalls EPERM. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "seccomp_filter.h"

/* On an x86_64 host, 32-bit (int 0x80) and x32 syscalls are filtered too. Without them a
 * listed syscall made through another ABI would get the filter's bad-architecture action
 * (the process killed), so 32-bit programs could not run at all. */
static int add_compat_arches(scmp_filter_ctx ctx)
{
	static const uint32_t compat[] = { SCMP_ARCH_X86, SCMP_ARCH_X32 };
	int err;

	if (seccomp_arch_native() != SCMP_ARCH_X86_64)
		return 0;
	for (size_t i = 0; i < sizeof(compat) / sizeof(compat[0]); i++) {
		err = seccomp_arch_add(ctx, compat[i]);
		if (err && err != -EEXIST)
			return err;
	}
	return 0;
}

int bl_seccomp_build(const struct bl_policy *p, scmp_filter_ctx *out, size_t *n_rules)
{
	scmp_filter_ctx ctx;
	size_t n = 0;
	int err;

	ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (!ctx) {
		bl_err("run: seccomp: cannot create a filter (out of memory)");
		return -ENOMEM;
	}
	err = add_compat_arches(ctx);
	if (err) {
		bl_err("run: seccomp: cannot add the x86 and x32 ABIs: %s", strerror(-err));
		goto fail;
	}
	for (size_t i = 0; i < p->n_syscalls; i++) {
		/* The compiled list holds x86_64 numbers: by name to this machine's number. */
		char *name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_X86_64, p->syscalls[i]);
		int nr;

		if (!name) {
			bl_err("run: seccomp: profile %s: unknown x86_64 syscall %d", p->name,
			       p->syscalls[i]);
			err = -EINVAL;
			goto fail;
		}
		nr = seccomp_syscall_resolve_name(name);
		if (nr == __NR_SCMP_ERROR) {
			/* Not a syscall of this architecture: nothing to deny here. */
			free(name);
			continue;
		}
		/* A rule for a native number applies to every architecture of the filter; where
		 * the syscall does not exist in one, libseccomp leaves that one out. */
		err = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), nr, 0);
		if (err) {
			bl_err("run: seccomp: profile %s: cannot deny %s: %s", p->name, name,
			       strerror(-err));
			free(name);
			goto fail;
		}
		free(name);
		n++;
	}
	*out = ctx;
	if (n_rules)
		*n_rules = n;
	return 0;
fail:
	seccomp_release(ctx);
	return err;
}
