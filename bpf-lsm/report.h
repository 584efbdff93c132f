/* SPDX-License-Identifier: GPL-2.0 */
/* Entering a hook (bl_enter), and the one judge: turning a match into a verdict, reporting it. */
#ifndef BL_REPORT_H
#define BL_REPORT_H

#include "learn.h"
#include <asm-generic/errno-base.h>

static __always_inline void count_rule(__u32 slot, __u32 rule_id)
{
	struct bl_rule_key k = { .slot = slot, .rule_id = rule_id };
	__u64 one = 1, *n;

	n = bpf_map_lookup_elem(&rule_hits, &k);
	if (n)
		*n += 1; /* this CPU's counter */
	else
		bpf_map_update_elem(&rule_hits, &k, &one, BPF_NOEXIST);
}

/*
 * The one judge: every verdict of every hook comes from here. Reports a rule match (or a failure
 * to decide) for @t and returns the hook's verdict: -EPERM in enforce mode, 0 in audit mode. It
 * counts the verdict (denied or audited), the rule behind it (@rule_id, 0 when none decided), and
 * emits the event unless @obj->no_event. The verdict never depends on the event: a full ring
 * buffer only counts a lost event.
 */
static __noinline int bl_judge(const struct bl_task *t, __u32 hook, __u32 rule_id, __u32 reason,
			       const struct bl_object *obj)
{
	struct bl_profile *prof;
	struct bl_event *e;
	__u32 mode;
	bool enforce;

	if (!t || !obj)
		return -EPERM; /* cannot happen; the verifier wants the check */
	/*
	 * The mode comes from the profile's map entry, read here, not from t->mode. 6.1's verifier
	 * does not carry precision back through a load from the caller's stack by pointer (t is
	 * one): a caller that reached this call once with t->mode the constant ENFORCE (a missing
	 * profile) and once with the profile's mode got the second path pruned as "equivalent",
	 * the audit branch was never seen and was hard-wired away, and task_alloc denied forks in
	 * audit mode. A value fresh from a map is unknown on every path. A missing profile has no
	 * mode to obey: enforced. An unknown mode enforces. Touching boxlock's own state
	 * (BL_REASON_SELF) is denied in every mode: an argument, which the verifier tracks.
	 *
	 * Learn mode: the profile's own rules are audited (and what they let by is learned); the
	 * rules it inherits (ids 1..inherited_rules, numbered first) and every decision no rule
	 * took (a failure to decide) keep the ancestors' mode, so an escape `default` denies stays
	 * denied while the container is learned.
	 */
	prof = bpf_map_lookup_elem(&profiles, &t->profile_id);
	enforce = true;
	mode = BL_MODE_ENFORCE;
	if (reason != BL_REASON_SELF && prof) {
		mode = prof->mode;
		if (mode == BL_MODE_AUDIT)
			enforce = false;
		else if (mode == BL_MODE_LEARN)
			enforce = prof->inherited_mode == BL_MODE_ENFORCE &&
				  (reason != BL_REASON_RULE || rule_id <= prof->inherited_rules);
	}
	if (!enforce && mode == BL_MODE_LEARN && reason == BL_REASON_RULE &&
	    rule_id > prof->inherited_rules && hook != BL_HOOK_MOUNT /* mount.bpf.c learns it */)
		bl_learn(t, hook, obj); /* only an own rule stood in its way: learned */
	bl_count(enforce ? BL_STAT_DENIED : BL_STAT_AUDITED);
	if (rule_id)
		count_rule(t->slot, rule_id);
	if (obj->no_event)
		goto out;

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
	/* The profile's mode (learn says learn); the verdict says what became of it. */
	e->mode = mode == BL_MODE_LEARN ? BL_MODE_LEARN : enforce ? BL_MODE_ENFORCE : BL_MODE_AUDIT;
	e->verdict = enforce ? BL_VERDICT_DENIED : BL_VERDICT_AUDITED;
	e->reason = reason;
	e->object_kind = obj->kind;
	e->access = obj->access;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	e->family = obj->family;
	e->proto = obj->proto;
	e->port = obj->port;
	e->cap = obj->cap;
	__builtin_memset(e->addr, 0, sizeof(e->addr));
	if (obj->addr)
		bpf_probe_read_kernel(e->addr, obj->family == 4 ? 4 : 16, obj->addr);
	e->fstype[0] = 0;
	if (obj->fstype)
		bpf_probe_read_kernel_str(e->fstype, sizeof(e->fstype), obj->fstype);
	e->path[0] = 0;
	if (obj->path)
		bpf_probe_read_kernel_str(e->path, sizeof(e->path), obj->path);
	bpf_ringbuf_submit(e, 0);
out:
	/*
	 * Two constants, not arithmetic on @enforce: 6.12 checks that an LSM program's return lies
	 * in [-MAX_ERRNO, 0], and clang turns `enforce ? -EPERM : 0` into a negation, whose result
	 * the verifier cannot bound. The empty asm keeps the two returns apart.
	 */
	if (enforce) {
		asm volatile("" ::: "memory");
		return -EPERM;
	}
	return 0;
}

/* A contained task that cannot be judged is denied (enforce) or reported (audit): never let by. */
static __always_inline int bl_fail_closed(const struct bl_task *t, __u32 hook, __u32 reason,
					  __u32 stat, const struct bl_object *obj)
{
	bl_count(stat);
	return bl_judge(t, hook, 0, reason, obj);
}

/* Denies a task whose binding has no profile (bl_task_binding enforces then: mode unknown). */
static __always_inline int bl_no_profile(const struct bl_task *t, __u32 hook)
{
	struct bl_object none = {};

	return bl_fail_closed(t, hook, BL_REASON_NO_PROFILE, BL_STAT_NO_PROFILE, &none);
}

/* The end of every hook's entry: a task whose profile is missing cannot be judged by its rules. */
static __always_inline bool bl_enter_profile(const struct bl_task *t, __u32 hook, int *verdict)
{
	if (!t->no_profile)
		return true;
	*verdict = bl_no_profile(t, hook);
	return false;
}

/*
 * How every hook starts ("enter, decide, report"): returns true when the hook has to decide for
 * @t, a contained task whose profile is loaded. Otherwise the hook is done and returns *@verdict:
 *  - @ret, unchanged, when an earlier BPF program on this hook denied: boxlock only adds denials;
 *  - 0 for a task outside every binding, or in its runtime's set-up (bl_task_find). Host tasks
 *    cost what bl_task_find costs them and nothing more: this is every syscall's hot path;
 *  - the judge's verdict, reason NO_PROFILE, for a binding whose profile is missing: its mode is
 *    unknown then, so it is enforced (denied and reported), never let by.
 * @verdict may point at @ret: `if (!bl_enter(&t, BL_HOOK_X, ret, &ret)) return ret;`.
 */
static __always_inline bool bl_enter(struct bl_task *t, __u32 hook, int ret, int *verdict)
{
	*verdict = ret;
	if (ret || !bl_task_policy(t))
		return false;
	return bl_enter_profile(t, hook, verdict);
}

#endif /* BL_REPORT_H */
