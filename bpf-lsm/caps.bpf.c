// SPDX-License-Identifier: GPL-2.0
/*
 * capable: the profile's denied capabilities, in every user namespace (a capability a container
 * holds in a namespace it created is denied like one in the host's). The capability LSM runs
 * first, so this only sees checks the task would otherwise pass.
 */
#include "report.h"
#include <bpf/bpf_tracing.h>

#define CAP_OPT_NOAUDIT 0x2 /* include/linux/security.h */

SEC("lsm/capable")
int BPF_PROG(bl_capable, const struct cred *cred, struct user_namespace *ns, int cap,
	     unsigned int opts, int ret)
{
	struct bl_object obj = { .kind = BL_OBJ_CAP };
	struct bl_task t;

	if (!bl_enter(&t, BL_HOOK_CAPABLE, ret, &ret))
		return ret;
	if (cap < 0 || cap >= BL_CAP_MAX || !t.prof)
		return 0;
	obj.cap = cap;
	if (!((t.prof->cap_deny >> cap) & 1))
		return bl_allowed(&t, BL_HOOK_CAPABLE, &obj); /* every check passed, NOAUDIT too */
	/* The kernel asks without auditing (heuristics such as the OOM killer's, or seccomp's "may
	 * this task install a filter"): the verdict stands and it and its rule are counted, but
	 * like the kernel's own audit, no event. */
	obj.no_event = opts & CAP_OPT_NOAUDIT;
	return bl_judge(&t, BL_HOOK_CAPABLE, t.prof->cap_rule[cap & (BL_CAP_MAX - 1)],
			BL_REASON_RULE, &obj);
}
