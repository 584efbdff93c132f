// SPDX-License-Identifier: GPL-2.0
/*
 * bprm_check_security: exec allow and deny lists, judged on the file being executed (bprm->file),
 * so a symlink resolves to its target, and a script's interpreter is judged in its own call.
 * Also where a container is armed (BL_BIND_ARM_AT_EXEC): its first exec ends the runtime set-up.
 */
#include "path.h"

/*
 * Arms the task's process when this exec is the container's own: the binding arms at exec and the
 * task has left the host's mount namespace (runc's init re-executes itself in the host's namespace
 * before it sets the container up; that exec must not arm). After exec the task is its process's
 * only thread, so arming it arms the process. Returns 0, or the verdict when the arming could not
 * be recorded.
 */
static __always_inline int arm(const struct bl_task *t)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct bl_settings *cfg = bl_settings();
	__u64 *armed_at;

	if (!(t->bind_flags & BL_BIND_ARM_AT_EXEC) || !cfg)
		return 0;
	if (BPF_CORE_READ(task, nsproxy, mnt_ns, ns.inum) == cfg->host_mnt_ns)
		return 0;
	if (bpf_task_storage_get(&armed, task, 0, 0))
		return 0;
	armed_at = bpf_task_storage_get(&armed, task, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!armed_at) {
		/* Unarmed, the container would run without its profile. */
		struct bl_object none = {};

		return bl_fail_closed(t, BL_HOOK_EXEC, BL_REASON_MAP_FULL, BL_STAT_MAP_FULL, &none);
	}
	*armed_at = bpf_ktime_get_boot_ns();
	bl_count(BL_STAT_ARMED);
	return 0;
}

/*
 * The verdict on a fork whose child's arming state could not be recorded (the task storage
 * allocation failed). The child would be taken for its runtime's set-up and run outside its
 * profile, so the fork obeys the mode of the profile the parent runs under: denied in enforce
 * mode, allowed in audit mode, reported MAP_FULL in both. Denied with the judge's -EPERM, not
 * -ENOMEM: like every denial of boxlock's, its event says "denied, the syscall got EPERM", and
 * EPERM sends whoever sees "fork: Operation not permitted" to boxlock's events (reason map-full)
 * rather than to the host's memory. The event names no hook: boxlock.h has none for task_alloc.
 *
 * Only this path looks the binding up, the parent's (the current task's: the child inherits its
 * arming from it): the common path costs two task storage lookups and no more.
 */
static __always_inline int arming_lost(void)
{
	struct bl_object none = {};
	struct bl_task t;

	if (!bl_task_binding(&t)) {
		/*
		 * Armed, but under no binding: its cgroup was unbound (the container is gone, or
		 * the operator unbound it). The task is a host task now, which boxlock never
		 * touches: no profile applies to it or to its child, so the child loses nothing
		 * today. Should the cgroup be bound again, the binding arms what it finds there
		 * (`bind --arm-at-exec`, the daemon's per-container bindings). So the fork goes on;
		 * the failure is counted.
		 */
		bl_count(BL_STAT_MAP_FULL);
		return 0;
	}
	/* A binding whose profile is missing has no mode to obey: bl_task_binding enforces. */
	return bl_fail_closed(&t, BL_HOOK_NONE, BL_REASON_MAP_FULL, BL_STAT_MAP_FULL, &none);
}

/* task_alloc: a new process of an armed one is armed (threads share their leader's state). */
SEC("lsm/task_alloc")
int BPF_PROG(bl_task_alloc, struct task_struct *task, unsigned long clone_flags, int ret)
{
	struct task_struct *cur = bpf_get_current_task_btf();
	__u64 *parent, *child;

	/* Not bl_enter: what matters here is whether the parent is armed, which costs one task
	 * storage lookup; the policy is looked up only when arming fails. */
	if (ret)
		return ret;
	if (clone_flags & 0x00010000 /* CLONE_THREAD */)
		return 0;
	parent = bpf_task_storage_get(&armed, cur->group_leader, 0, 0);
	if (!parent)
		return 0;
	child = bpf_task_storage_get(&armed, task, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!child)
		return arming_lost();
	*child = *parent;
	return 0;
}

SEC("lsm/bprm_check_security")
int BPF_PROG(bl_bprm_check_security, struct linux_binprm *bprm, int ret)
{
	struct bl_task t;
	struct file *file;

	/* The binding, armed or not: this exec may be the one that arms the container. */
	if (!bl_enter_bound(&t, BL_HOOK_EXEC, ret, &ret))
		return ret;
	ret = arm(&t);
	if (ret)
		return ret;
	/* The exec that armed the container is judged too: it is the container's first. */
	if (!bl_task_armed(&t))
		return 0; /* the runtime's own exec, during set-up */
	file = bprm->file;
	return bl_check_file(&t, BL_HOOK_EXEC, &file->f_path, file->f_inode, BL_ACCESS_EXEC);
}
