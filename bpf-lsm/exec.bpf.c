// SPDX-License-Identifier: GPL-2.0
/*
 * bprm_check_security: exec allow and deny lists, judged on the file being executed (bprm->file),
 * so a symlink resolves to its target, and a script's interpreter is judged in its own call.
 * Also where a container is armed (BL_BIND_ARM_AT_EXEC): its first exec ends the runtime set-up.
 * task_alloc and task_free keep `contained` (maps.h) in step with the tasks that exist.
 */
#include "path.h"

/*
 * Contains the exec'ing task when this exec is the container's own: the task has left the host's
 * mount namespace (runc's init re-executes itself in the host's namespace before it sets the
 * container up; that exec must not arm). The entry is the task's own (per thread): a later fork
 * or thread inherits it in task_alloc. Returns 1 when armed, 0 when this exec is the runtime's,
 * or the verdict when the arming could not be recorded.
 */
static __always_inline int arm(const struct bl_task *t)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct bl_settings *cfg = bl_settings();
	int err; /* see bl_record_contained: an int */

	if (!cfg)
		return 0; /* an array's element 0 always exists */
	if (BPF_CORE_READ(task, nsproxy, mnt_ns, ns.inum) == cfg->host_mnt_ns)
		return 0;
	err = bl_record_contained(t, BPF_NOEXIST);
	if (err && err != -EEXIST) {
		/* Unarmed, the container would run without its profile. */
		struct bl_object none = {};

		return bl_fail_closed(t, BL_HOOK_EXEC, BL_REASON_MAP_FULL, BL_STAT_MAP_FULL, &none);
	}
	bl_count(BL_STAT_ARMED);
	return 1;
}

/*
 * The verdict on a fork whose child could not be recorded as contained (the map is full). The
 * child would run outside its profile, so the fork obeys the mode of the profile the parent runs
 * under: denied in enforce mode, allowed in audit mode, reported MAP_FULL in both. Denied with the
 * judge's -EPERM, not -ENOMEM: like every denial of boxlock's, its event says "denied, the
 * syscall got EPERM", and EPERM sends whoever sees "fork: Operation not permitted" to boxlock's
 * events (reason map-full) rather than to the host's memory. The event names no hook: boxlock.h
 * has none for task_alloc.
 */
static __always_inline int containment_lost(const struct bl_contained *parent)
{
	struct bl_object none = {};
	struct bl_task t = {};

	t.cgroup_id = bpf_get_current_cgroup_id();
	t.bound_cgroup_id = parent->bound_cgroup_id;
	t.bind_flags = parent->flags;
	t.profile_id = parent->profile_id;
	bl_task_profile(&t); /* a missing profile has no mode to obey: enforced */
	return bl_fail_closed(&t, BL_HOOK_NONE, BL_REASON_MAP_FULL, BL_STAT_MAP_FULL, &none);
}

/*
 * task_alloc: the child (a process or a thread alike) of a contained task is contained under the
 * same profile. Not bl_enter: what matters is the parent's entry, one hash lookup; host forks pay
 * one more lookup, of the child's pointer, which finds nothing unless a task_free was missed
 * (its delete cannot fail but by recursion, see maps.h; or the program was not attached yet):
 * such a stale entry would contain a host task, so it goes.
 */
SEC("lsm/task_alloc")
int BPF_PROG(bl_task_alloc, struct task_struct *task, unsigned long clone_flags, int ret)
{
	__u64 cur = bpf_get_current_task(), child = (__u64)task;
	struct bl_contained *parent, entry;

	if (ret)
		return ret;
	parent = bpf_map_lookup_elem(&contained, &cur);
	if (!parent) {
		if (bpf_map_lookup_elem(&contained, &child))
			bpf_map_delete_elem(&contained, &child);
		return 0;
	}
	entry = *parent;
	if (bpf_map_update_elem(&contained, &child, &entry, BPF_ANY))
		return containment_lost(&entry);
	return 0;
}

/* task_free: the task_struct goes, and its pointer may be reused: its entry goes first. */
SEC("lsm/task_free")
int BPF_PROG(bl_task_free, struct task_struct *task)
{
	__u64 key = (__u64)task;

	if (bpf_map_lookup_elem(&contained, &key))
		bpf_map_delete_elem(&contained, &key);
	return 0;
}

SEC("lsm/bprm_check_security")
int BPF_PROG(bl_bprm_check_security, struct linux_binprm *bprm, int ret)
{
	enum bl_task_state state;
	struct bl_task t;
	struct file *file;
	__u32 interp;

	if (ret)
		return ret;
	/* The binding, armed or not: this exec may be the one that arms the container. */
	state = bl_task_find(&t);
	if (state == BL_TASK_HOST)
		return 0;
	if (!bl_enter_profile(&t, BL_HOOK_EXEC, &ret))
		return ret;
	if (state == BL_TASK_SETUP) {
		ret = arm(&t);
		if (ret <= 0)
			return ret; /* the runtime's own exec during set-up, or arming failed */
	}
	/* The exec that armed the container is judged too: it is the container's first. */
	file = bprm->file;
	/*
	 * A script's interpreter (#!, binfmt_misc) is checked in a round of its own, after
	 * bprm_change_interp gave bprm->interp a copy of its name: only the first round has interp
	 * == filename (alloc_bprm, fs/exec.c, 6.1 and 6.12). Learned as such.
	 */
	interp = bprm->interp != bprm->filename ? BL_LEARNED_INTERPRETER : 0;
	return bl_check_file_by(&t, BL_HOOK_EXEC, &file->f_path, file->f_inode, BL_ACCESS_EXEC, 0,
				interp);
}
