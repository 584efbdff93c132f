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
	__u32 profile_id;
	__u32 mode; /* enum bl_mode; enforce when the profile is missing (fail closed) */
	__u32 slot;
	__u32 flags;	   /* BL_PF_* of the profile */
	bool no_profile; /* bound, but its profile is not loaded: every hook denies */
};

/*
 * Returns true and fills @t when the current task is in a bound cgroup or below one. Host tasks,
 * outside every binding, return false and are never touched.
 *
 * The walk goes from the task's own level up to level 1 and stops at the first binding, so the
 * nearest binding wins. It only looks at levels where some binding exists (config), which keeps
 * the cost for host tasks to a lookup or two.
 */
static __always_inline bool bl_task_policy(struct bl_task *t)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct bl_binding *b;
	struct bl_profile *p;
	struct bl_settings *cfg;
	__u32 zero = 0, level, lo, hi;
	__u64 id;

	cfg = bpf_map_lookup_elem(&settings, &zero);
	if (!cfg)
		return false; /* an array's element 0 always exists */
	hi = cfg->max_bound_level;
	if (!hi)
		return false; /* nothing is bound */
	lo = cfg->min_bound_level;
	if (lo < 1)
		lo = 1; /* the root cgroup is the host's: never bound */

	level = BPF_CORE_READ(task, cgroups, dfl_cgrp, level);
	if (level > hi)
		level = hi;

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
	t->profile_id = b->profile_id;
	p = bpf_map_lookup_elem(&profiles, &t->profile_id);
	if (!p) {
		/* A binding without its profile is a loader bug or a race we lost: deny, report. */
		t->no_profile = true;
		t->mode = BL_MODE_ENFORCE;
		t->slot = 0;
		t->flags = 0;
		return true;
	}
	t->no_profile = false;
	t->mode = p->mode;
	t->slot = p->rules_slot;
	t->flags = p->flags;
	return true;
}

#endif /* BL_POLICY_H */
