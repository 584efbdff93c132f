/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Finding the profile that governs the current task: its own entry in `contained` first (it
 * sticks to the task wherever it goes), else its cgroup or the nearest bound ancestor.
 */
#ifndef BL_POLICY_H
#define BL_POLICY_H

#include "maps.h"
#include <bpf/bpf_core_read.h>
#include <asm-generic/errno-base.h>

/* What a hook knows about the task once it is found to be contained. */
struct bl_task {
	__u64 cgroup_id;
	__u64 bound_cgroup_id;
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

/* Fills the profile part of @t from t->profile_id. */
static __always_inline void bl_task_profile(struct bl_task *t)
{
	t->prof = bpf_map_lookup_elem(&profiles, &t->profile_id);
	if (!t->prof) {
		/* A binding without its profile is a loader bug or a race we lost: deny, report. */
		t->no_profile = true;
		t->mode = BL_MODE_ENFORCE;
		t->slot = 0;
		t->flags = 0;
		return;
	}
	t->no_profile = false;
	t->mode = t->prof->mode;
	t->slot = t->prof->rules_slot;
	t->flags = t->prof->flags;
}

/*
 * Returns true and fills @t when the current task is in a bound cgroup or below one, whether or
 * not its container is armed (see bl_task_find). Tasks outside every binding return false.
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
	level = task->cgroups->dfl_cgrp->level;
	level = level < hi ? level : hi;

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
	t->bind_flags = b->flags;
	t->profile_id = b->profile_id;
	bl_task_profile(t);
	return true;
}

/*
 * Fills @t from the current task's entry in `contained`, if it has one: then its profile holds,
 * wherever the task now is. One hash lookup, which cannot miss spuriously (see maps.h).
 */
static __always_inline bool bl_task_contained(struct bl_task *t)
{
	__u64 key = bpf_get_current_task();
	struct bl_contained *c = bpf_map_lookup_elem(&contained, &key);

	if (!c)
		return false;
	t->cgroup_id = bpf_get_current_cgroup_id();
	t->bound_cgroup_id = c->bound_cgroup_id;
	t->bind_flags = c->flags;
	t->profile_id = c->profile_id;
	bl_task_profile(t);
	return true;
}

/*
 * Records the current task as contained under @t's binding; 0 or the map's -errno.
 *
 * An int, not the helper's long: the verifier turns map helpers into direct calls of the map's
 * ops, which return int on 6.1 (long from 6.4 on), so the upper half of the 64-bit result is not
 * a sign extension there: -EEXIST reads as 0x00000000ffffffef, and a 64-bit compare with -EEXIST
 * fails. Truncated to int, the result is right on every kernel.
 */
static __always_inline int bl_record_contained(const struct bl_task *t, __u64 flags)
{
	struct bl_contained c = {
		.profile_id = t->profile_id,
		.flags = t->bind_flags,
		.bound_cgroup_id = t->bound_cgroup_id,
		.armed_ns = bpf_ktime_get_boot_ns(),
	};
	__u64 key = bpf_get_current_task();

	return bpf_map_update_elem(&contained, &key, &c, flags);
}

/*
 * Whether the cgroup2 directory @kn is cgroup @id or below it: a cgroup2 directory's kernfs id
 * is its cgroup id. Deeper than the walk looks: not within.
 */
static __always_inline bool bl_kn_within(struct kernfs_node *kn, __u64 id)
{
	for (int i = 0; i < BL_MAX_CGROUP_DEPTH + 1; i++) {
		if (!kn)
			return false;
		if (BPF_CORE_READ(kn, id) == id)
			return true;
		kn = BPF_CORE_READ(kn, parent);
	}
	return false;
}

enum bl_task_state {
	BL_TASK_HOST, /* outside every binding, not contained: never touched */
	BL_TASK_SETUP, /* in a cgroup bound with BL_BIND_ARM_AT_EXEC, not armed yet */
	BL_TASK_CONTAINED, /* its profile holds */
};

/*
 * Where the current task stands; fills @t unless it is a host task. A task in a cgroup bound
 * without BL_BIND_ARM_AT_EXEC is contained at once, and recorded so that its profile follows it
 * out of the cgroup. Should that insert fail (the map is full), the cgroup still decides now and
 * the next hook call tries again: the task is judged all the same, only a later move away from
 * the cgroup would lose it (counted as map_full).
 */
static __always_inline enum bl_task_state bl_task_find(struct bl_task *t)
{
	int err;

	if (bl_task_contained(t))
		return BL_TASK_CONTAINED;
	if (!bl_task_binding(t))
		return BL_TASK_HOST;
	if (t->bind_flags & BL_BIND_ARM_AT_EXEC)
		return BL_TASK_SETUP;
	err = bl_record_contained(t, BPF_NOEXIST);
	if (err && err != -EEXIST /* recorded meanwhile */) {
		__u32 stat = BL_STAT_MAP_FULL;
		__u64 *n = bpf_map_lookup_elem(&stats, &stat);

		if (n)
			*n += 1;
	}
	return BL_TASK_CONTAINED;
}

/*
 * Returns true and fills @t when the current task is contained: recorded in `contained`, or in a
 * bound cgroup (or below one) whose container has started. Every hook but exec's starts here.
 */
static __always_inline bool bl_task_policy(struct bl_task *t)
{
	return bl_task_find(t) == BL_TASK_CONTAINED;
}

#endif /* BL_POLICY_H */
