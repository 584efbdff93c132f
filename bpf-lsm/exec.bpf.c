// SPDX-License-Identifier: GPL-2.0
/*
 * bprm_check_security: exec allow and deny lists, judged on the file being executed (bprm->file),
 * so a symlink resolves to its target, and a script's interpreter is judged in its own call.
 * Also where a container is armed (BL_BIND_ARM_AT_EXEC): its first exec ends the runtime set-up.
 */
#include "path.h"

/*
 * Records that the container in the task's cgroup has started, when this exec is the container's
 * own: the binding arms at exec and the task has left the host's mount namespace (runc's init
 * re-executes itself in the host's namespace before it sets the container up; that exec must not
 * arm). Returns 0, or the verdict when the arming could not be recorded.
 */
static __always_inline int arm(const struct bl_task *t)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct bl_settings *cfg = bl_settings();
	__u64 now, mnt_ns;
	long err;

	if (!(t->bind_flags & BL_BIND_ARM_AT_EXEC) || !cfg)
		return 0;
	mnt_ns = BPF_CORE_READ(task, nsproxy, mnt_ns, ns.inum);
	if (mnt_ns == cfg->host_mnt_ns || bpf_map_lookup_elem(&armed, &t->cgroup_id))
		return 0;
	now = bpf_ktime_get_boot_ns();
	err = bpf_map_update_elem(&armed, &t->cgroup_id, &now, BPF_NOEXIST);
	if (err && err != -EEXIST) {
		/* Unarmed, the container would run without its mount and capability rules. */
		struct bl_object none = {};

		return bl_fail_closed(t, BL_HOOK_EXEC, BL_REASON_MAP_FULL, BL_STAT_MAP_FULL, &none);
	}
	bl_count(BL_STAT_ARMED);
	return 0;
}

SEC("lsm/bprm_check_security")
int BPF_PROG(bl_bprm_check_security, struct linux_binprm *bprm, int ret)
{
	struct bl_task t;
	struct file *file;

	if (ret)
		return ret;
	if (!bl_task_policy(&t))
		return 0;
	if (t.no_profile)
		return bl_no_profile(&t, BL_HOOK_EXEC);
	ret = arm(&t);
	if (ret)
		return ret;
	file = bprm->file;
	return bl_check_file(&t, BL_HOOK_EXEC, &file->f_path, file->f_inode, BL_ACCESS_EXEC);
}
