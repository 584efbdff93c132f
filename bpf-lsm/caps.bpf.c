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
	struct bl_settings *cfg = bl_settings();
	struct bl_task t;

	if (ret)
		return ret; /* an earlier program denied: boxlock only adds denials (bl_enter) */
	/*
	 * A capability no loaded profile judges is allowed for every task before the cgroup walk:
	 * the walk could only end in bl_allowed (no cap_deny bit, no learn mode: it returns 0) or,
	 * for a binding whose profile is missing, a denial. The loader keeps the second impossible
	 * while a bit is set: a profile that is bound or contains tasks cannot be removed, a bind
	 * needs the profile's entry, not only its name (a set that failed half-way can leave a
	 * name without one), and every change to the profiles clears the mask first (struct
	 * bl_settings). What the walk would also do, record a task of a freshly bound cgroup in
	 * `contained`, the task's next other hook call does before it can do anything with the
	 * capability beyond this check.
	 */
	if (cfg && cap >= 0 && cap < BL_CAP_MAX && ((cfg->cap_unjudged >> cap) & 1))
		return 0;
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
