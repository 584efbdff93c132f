/* SPDX-License-Identifier: GPL-2.0 */
/* Finding the profile that governs the current task: its cgroup, or the nearest bound ancestor. */
#ifndef BL_POLICY_H
#define BL_POLICY_H

#include "maps.h"
#include <bpf/bpf_core_read.h>

/* What a hook knows about the task once it is found to be contained. */
struct bl_task {
	__u64 cgroup_id;
	__u64 bound_cgroup_id;
	__u32 level; /* the task's cgroup level */
	__u32 bound_level; /* the binding's level */
	__u32 bind_flags; /* BL_BIND_* */
	__u32 profile_id;
	__u32 mode; /* enum bl_mode; enforce when the profile is missing (fail closed) */
	__u32 slot;
	__u32 flags; /* BL_PF() bits of the profile */
	bool no_profile; /* bound, but its profile is not loaded: every hook denies */
	struct bl_profile *prof; /* NULL when no_profile */
};

static __always_inline struct bl_settings *bl_settings(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&settings, &zero);
}

/*
 * Returns true and fills @t when the current task is in a bound cgroup or below one, whether or
 * not its container is armed (see bl_task_policy). Host tasks, outside every binding, return
 * false and are never touched.
 *
 * The walk goes from the task's own level up to level 1 and stops at the first binding, so the
 * nearest binding wins. It only looks at levels where some binding exists (settings), which keeps
 * the cost for host tasks to a lookup or two.
 */
static __always_inline bool bl_task_binding(struct bl_task *t)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct bl_settings *cfg = bl_settings();
	struct bl_binding *b;
	__u32 level, lo, hi;
	__u64 id;

	if (!cfg)
		return false; /* an array's element 0 always exists */
	hi = cfg->max_bound_level;
	if (!hi)
		return false; /* nothing is bound */
	lo = cfg->min_bound_level;
	if (lo < 1)
		lo = 1; /* the root cgroup is the host's: never bound */

	/* A direct load, not BPF_CORE_READ: the verifier knows the pointers, and a probe read
	 * per hook call doubled the cost for every task, host tasks included. */
	t->level = task->cgroups->dfl_cgrp->level;
	level = t->level < hi ? t->level : hi;

	for (int i = 0; i < BL_MAX_CGROUP_DEPTH; i++) {
		if (level < lo)
			return false;
		id = bpf_get_current_ancestor_cgroup_id(level);
		b = bpf_map_lookup_elem(&bindings, &id);
		if (b)
			goto found;
		level--;
	}
	return false;

found:
	t->cgroup_id = bpf_get_current_cgroup_id();
	t->bound_cgroup_id = id;
	t->bound_level = level;
	t->bind_flags = b->flags;
	t->profile_id = b->profile_id;
	t->prof = bpf_map_lookup_elem(&profiles, &t->profile_id);
	if (!t->prof) {
		/* A binding without its profile is a loader bug or a race we lost: deny, report. */
		t->no_profile = true;
		t->mode = BL_MODE_ENFORCE;
		t->slot = 0;
		t->flags = 0;
		return true;
	}
	t->no_profile = false;
	t->mode = t->prof->mode;
	t->slot = t->prof->rules_slot;
	t->flags = t->prof->flags;
	return true;
}

/*
 * True once the container's runtime set-up is over and its profile applies: always, unless the
 * binding arms at exec (BL_BIND_ARM_AT_EXEC); then once the task's process was armed, by the
 * container's first exec or by inheritance from its parent. Until then only the runtime's own
 * code runs in the cgroup: runc's init opening its state under /run and mounting the rootfs, or,
 * for `docker exec`, joining the namespaces and loading the seccomp filter before its exec.
 */
static __always_inline bool bl_task_armed(const struct bl_task *t)
{
	struct task_struct *task = bpf_get_current_task_btf();

	if (!(t->bind_flags & BL_BIND_ARM_AT_EXEC))
		return true;
	return bpf_task_storage_get(&armed, task->group_leader, 0, 0) != NULL;
}

/*
 * Returns true and fills @t when the current task is contained: in a bound cgroup (or below one)
 * whose container has started. Every hook but exec's starts here.
 */
static __always_inline bool bl_task_policy(struct bl_task *t)
{
	return bl_task_binding(t) && bl_task_armed(t);
}

#endif /* BL_POLICY_H */
