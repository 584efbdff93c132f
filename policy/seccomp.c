// SPDX-License-Identifier: GPL-2.0
/*
 * [syscalls] as a Docker/OCI seccomp profile: allow everything, fail the listed syscalls with
 * EPERM. The architectures are Docker's for an x86_64 host (x86_64, with x86 and x32 as its
 * sub-architectures); a name that does not exist on one of them is skipped by the runtime there.
 */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int bl_policy_write_seccomp(const struct bl_policy *p, FILE *out)
{
	json_t *root = NULL, *names, *rule, *arch;
	char **v = calloc(p->n_syscalls + 1, sizeof(*v));
	int err = -ENOMEM;
	size_t n = 0;

	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < p->n_syscalls; i++) {
		v[n] = blp_syscall_name(p->syscalls[i]);
		if (!v[n])
			goto out;
		n++;
	}
	/* Sorted by name, as people read and diff these files. */
	qsort(v, n, sizeof(*v), cmp_name);
	names = json_array();
	for (size_t i = 0; names && i < n; i++)
		if (json_array_append_new(names, json_string(v[i])))
			goto out_names;
	rule = json_pack("{s:o,s:s,s:i}", "names", names, "action", "SCMP_ACT_ERRNO", "errnoRet",
			 EPERM);
	names = NULL;
	arch = json_pack("[{s:s,s:[s,s]}]", "architecture", "SCMP_ARCH_X86_64", "subArchitectures",
			 "SCMP_ARCH_X86", "SCMP_ARCH_X32");
	if (!rule || !arch) {
		json_decref(rule);
		json_decref(arch);
		goto out;
	}
	/* An empty [syscalls] still makes a valid profile: it allows everything. */
	root = json_pack("{s:s,s:o,s:[o]}", "defaultAction", "SCMP_ACT_ALLOW", "archMap", arch,
			 "syscalls", rule);
	if (!root)
		goto out;
	err = 0;
	if (json_dumpf(root, out, JSON_INDENT(2)) || fputc('\n', out) == EOF)
		err = -EIO;
	goto out;
out_names:
	json_decref(names);
out:
	json_decref(root);
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
	return err;
}
