/* SPDX-License-Identifier: GPL-2.0 */
/* Turning a match into a verdict, and reporting it. */
#ifndef BL_REPORT_H
#define BL_REPORT_H

#include "policy.h"
#include <asm-generic/errno-base.h>

static __always_inline void bl_count(__u32 stat)
{
	__u64 *n = bpf_map_lookup_elem(&stats, &stat);

	if (n)
		*n += 1; /* per-CPU: no atomics needed */
}

/* The object a decision was about, carried into its event. */
struct bl_object {
	__u32 kind;   /* enum bl_object_kind */
	__u32 access; /* hook-specific access bits */
	const char *path; /* kernel memory (a map value), NUL-terminated, or NULL */
};

/*
 * Reports a rule match (or a failure to decide) for @t and returns the hook's verdict: -EPERM in
 * enforce mode, 0 in audit mode. The verdict never depends on the event: a full ring buffer only
 * counts a lost event.
 */
static __always_inline int bl_judge(const struct bl_task *t, __u32 hook, __u32 rule_id,
				    __u32 reason, const struct bl_object *obj)
{
	bool enforce = t->mode != BL_MODE_AUDIT; /* an unknown mode enforces */
	struct bl_event *e;

	bl_count(enforce ? BL_STAT_DENIED : BL_STAT_AUDITED);

	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		bl_count(BL_STAT_EVENTS_LOST);
		goto out;
	}
	e->ts_ns = bpf_ktime_get_boot_ns();
	e->cgroup_id = t->cgroup_id;
	e->bound_cgroup_id = t->bound_cgroup_id;
	e->pid = bpf_get_current_pid_tgid() >> 32;
	e->tid = (__u32)bpf_get_current_pid_tgid();
	e->hook = hook;
	e->profile_id = t->profile_id;
	e->rules_slot = t->slot;
	e->rule_id = rule_id;
	e->mode = enforce ? BL_MODE_ENFORCE : BL_MODE_AUDIT;
	e->verdict = enforce ? BL_VERDICT_DENIED : BL_VERDICT_AUDITED;
	e->reason = reason;
	e->object_kind = obj->kind;
	e->access = obj->access;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	e->path[0] = 0;
	if (obj->path)
		bpf_probe_read_kernel_str(e->path, sizeof(e->path), obj->path);
	bpf_ringbuf_submit(e, 0);
out:
	return enforce ? -EPERM : 0;
}

/* A contained task that cannot be judged is denied (enforce) or reported (audit): never let by. */
static __always_inline int bl_fail_closed(const struct bl_task *t, __u32 hook, __u32 reason,
					  __u32 stat)
{
	struct bl_object none = {};

	bl_count(stat);
	return bl_judge(t, hook, 0, reason, &none);
}

#endif /* BL_REPORT_H */
