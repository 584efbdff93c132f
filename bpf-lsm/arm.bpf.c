// SPDX-License-Identifier: GPL-2.0
/*
 * The arm iterator: contains every task (thread) already running in a cgroup subtree, for a
 * binding made after its container started. User space names no task_struct pointer, which is
 * what `contained` is keyed by, so the kernel walks the tasks: user space writes the request
 * (arm_request), freezes the cgroup so that nothing in it forks meanwhile, reads the iterator to
 * its end, thaws (loader/arm.c).
 */
#include "report.h"

/* Deepest cgroup a task may be in below the root for the walk to place it. */
#define BL_ARM_WALK 64

/*
 * 1 when @task's default-hierarchy cgroup is @target or below it, 0 when not, -1 when the walk
 * could not tell (deeper than BL_ARM_WALK): a kernfs node's id is its cgroup's id.
 */
static __always_inline int in_subtree(struct task_struct *task, __u64 target)
{
	struct kernfs_node *kn = BPF_CORE_READ(task, cgroups, dfl_cgrp, kn);

	for (int i = 0; i < BL_ARM_WALK; i++) {
		if (!kn)
			return 0;
		if (BPF_CORE_READ(kn, id) == target)
			return 1;
		kn = BPF_CORE_READ(kn, parent);
	}
	return kn ? -1 : 0;
}

SEC("iter/task")
int bl_arm_iter(struct bpf_iter__task *ctx)
{
	struct task_struct *task = ctx->task;
	struct bl_arm_request *req;
	struct bl_contained c;
	__u32 zero = 0;
	__u64 key;
	int err; /* an int: see bl_record_contained (policy.h) */
	int in;

	if (!task)
		return 0; /* the end of the walk */
	req = bpf_map_lookup_elem(&arm_request, &zero);
	if (!req || !req->cgroup_id)
		return 0;
	in = in_subtree(task, req->cgroup_id);
	if (!in)
		return 0;
	if (in < 0) {
		req->failed++; /* cannot tell: the loader reports it, the cgroup stays frozen */
		return 0;
	}
	key = (__u64)task;
	if (req->move == BL_ARM_MOVE) {
		struct bl_contained *cur = bpf_map_lookup_elem(&contained, &key);

		/* One aligned 32-bit store: the task sees the old profile or the new, and is never
		 * without an entry. Tasks under another profile keep it (containment sticks). */
		if (cur && cur->profile_id == req->move_from) {
			cur->profile_id = req->profile_id;
			req->armed++;
		}
		return 0;
	}
	c.profile_id = req->profile_id;
	c.flags = req->flags;
	c.bound_cgroup_id = req->cgroup_id;
	c.armed_ns = req->armed_ns;
	/* A task contained already keeps its entry: its containment sticks. */
	err = bpf_map_update_elem(&contained, &key, &c, BPF_NOEXIST);
	if (err == -EEXIST)
		return 0;
	if (err) {
		req->failed++;
		bl_count(BL_STAT_MAP_FULL);
		return 0;
	}
	req->armed++;
	bl_count(BL_STAT_ARMED);
	return 0;
}
