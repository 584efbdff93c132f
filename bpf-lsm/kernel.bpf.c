// SPDX-License-Identifier: GPL-2.0
/*
 * Reaching into the kernel: module loading, bpf(), ptrace, user namespaces. Each is one profile
 * switch (BL_PF_DENY_*); a denied switch refuses every call of its hook from the container.
 */
#include "report.h"
#include <bpf/bpf_tracing.h>

#define PTRACE_MODE_ATTACH 0x02 /* include/linux/ptrace.h */
#define PTRACE_MODE_NOAUDIT 0x04

/*
 * The whole of a switch hook: the verdict of switch @flag for the current task, @ret when an
 * earlier program denied, or 0 when the task is not contained or the switch allows.
 */
static __always_inline int switch_verdict(int ret, __u32 hook, __u32 flag, __u32 access,
					  const char *name)
{
	struct bl_object obj = { .kind = BL_OBJ_NAME, .access = access, .path = name };
	struct bl_task t;

	if (!bl_enter(&t, hook, ret, &ret))
		return ret;
	if (!(t.flags & BL_PF(flag)) || !t.prof)
		return 0;
	/*
	 * @flag is each caller's constant, so this is one load. A bound, not a mask: BL_PF_COUNT
	 * is no power of two (a mask of it named flag_rule[0], the exec allow-list's rule, in the
	 * event of every denial here once the ninth flag came).
	 */
	return bl_judge(&t, hook, flag < BL_PF_COUNT ? t.prof->flag_rule[flag] : 0, BL_REASON_RULE,
			&obj);
}

SEC("lsm/kernel_module_request")
int BPF_PROG(bl_kernel_module_request, char *kmod_name, int ret)
{
	return switch_verdict(ret, BL_HOOK_MODULE_REQUEST, BL_PF_DENY_MODULES, 0, kmod_name);
}

/* init_module/finit_module, kexec, firmware and policy loads: none comes from a container. */
SEC("lsm/kernel_read_file")
int BPF_PROG(bl_kernel_read_file, struct file *file, enum kernel_read_file_id id, bool contents,
	     int ret)
{
	return switch_verdict(ret, BL_HOOK_KERNEL_READ_FILE, BL_PF_DENY_MODULES, id, NULL);
}

SEC("lsm/kernel_load_data")
int BPF_PROG(bl_kernel_load_data, enum kernel_load_data_id id, bool contents, int ret)
{
	return switch_verdict(ret, BL_HOOK_KERNEL_LOAD_DATA, BL_PF_DENY_MODULES, id, NULL);
}

/* Every bpf() command: a container has no business with BPF, least of all with boxlock's own
 * maps and programs (reached only through bpf(): BPF_OBJ_GET, *_GET_FD_BY_ID). */
SEC("lsm/bpf")
int BPF_PROG(bl_bpf, int cmd, union bpf_attr *attr, unsigned int size, int ret)
{
	return switch_verdict(ret, BL_HOOK_BPF, BL_PF_DENY_BPF, cmd, NULL);
}

/*
 * Whether @child is a task of the caller's own container: contained under the same binding. The
 * entry is per thread (maps.h), so the pointer of whichever thread the kernel checks finds it.
 * A task of another container, a host task or a kernel thread is outside; so is a task of the
 * container's cgroup that its runtime has not armed yet (a `docker exec` in set-up): denied
 * too, which errs on the closed side.
 */
static __always_inline bool in_own_container(const struct bl_task *t, struct task_struct *child)
{
	__u64 key = (__u64)child;
	struct bl_contained *c = bpf_map_lookup_elem(&contained, &key);

	if (c)
		return c->bound_cgroup_id == t->bound_cgroup_id;
	/*
	 * Not recorded yet: in a binding that does not arm at exec, every task of the subtree is
	 * contained, recorded at its first hook; one that has not reached a hook yet is the
	 * container's all the same. Under an arm-at-exec binding an unrecorded task is the
	 * runtime's (runc's init, whose /proc/PID/exe is the host's runc): outside.
	 */
	if (t->bind_flags & BL_BIND_ARM_AT_EXEC)
		return false;
	return bl_kn_within(BPF_CORE_READ(child, cgroups, dfl_cgrp, kn), t->bound_cgroup_id);
}

/*
 * Every ptrace_may_access() and mm_access() of a contained task, kernel/ptrace.c: attaching
 * (ptrace, /proc/PID/mem writes, process_vm_*, pidfd_getfd) to any process, and reads
 * (PTRACE_MODE_READ) of a process outside its container: /proc/PID/root, cwd, exe and fd/N
 * (proc_fd_access_allowed, proc_root_link, proc_cwd_link, fs/proc/fd.c) lead to the host's
 * files; environ, mem, maps, map_files, ns/ and setns() through a pidfd read its memory or join
 * its namespaces. The kernel never asks about the caller's own thread group
 * (__ptrace_may_access returns before the LSM), so /proc/self is never judged; reads of the
 * container's own processes (ps, top) are left alone. A read the kernel makes without auditing
 * (PTRACE_MODE_NOAUDIT: the wchan and stack fields of /proc/PID/stat, which ps reads for every
 * process) is denied like the others, and those fields read 0, but not reported, as for capable.
 */
SEC("lsm/ptrace_access_check")
int BPF_PROG(bl_ptrace_access_check, struct task_struct *child, unsigned int mode, int ret)
{
	struct bl_object obj = { .kind = BL_OBJ_NAME, .access = mode, .path = child->comm };
	struct bl_task t;

	if (!bl_enter(&t, BL_HOOK_PTRACE, ret, &ret))
		return ret;
	if (!(t.flags & BL_PF(BL_PF_DENY_PTRACE)) || !t.prof)
		return 0;
	if (!(mode & PTRACE_MODE_ATTACH) && in_own_container(&t, child))
		return 0;
	obj.no_event = mode & PTRACE_MODE_NOAUDIT;
	return bl_judge(&t, BL_HOOK_PTRACE, t.prof->flag_rule[BL_PF_DENY_PTRACE], BL_REASON_RULE,
			&obj);
}

/* PTRACE_TRACEME: the same as being attached to, asked for by the tracee. */
SEC("lsm/ptrace_traceme")
int BPF_PROG(bl_ptrace_traceme, struct task_struct *parent, int ret)
{
	return switch_verdict(ret, BL_HOOK_PTRACE, BL_PF_DENY_PTRACE, 0, NULL);
}

SEC("lsm/userns_create")
int BPF_PROG(bl_userns_create, const struct cred *cred, int ret)
{
	return switch_verdict(ret, BL_HOOK_USERNS, BL_PF_DENY_USERNS, 0, NULL);
}
