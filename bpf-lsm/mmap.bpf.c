// SPDX-License-Identifier: GPL-2.0
/*
 * mmap_file and file_mprotect: an exec allow-list covers mapping a file executable, not only
 * execve. Without them `/lib64/ld-linux-x86-64.so.2 /tmp/copy` runs a file no rule allows: the
 * kernel execs the (allowed) loader, and the loader maps the copy with PROT_EXEC itself. The file
 * is judged the way bprm_check_security judges the executable (bl_check_file, access exec), so a
 * shared library under an allowed directory maps, and a `deny` inside one is denied here too.
 * Only profiles with an allow-list are judged: a deny-only [exec] list stays an exec list (see
 * docs/limits.md), and every other contained task pays one flag test (and learn mode's profile
 * lookup: a learning profile learns what is mapped, judged or not). Anonymous executable
 * mappings (a JIT's) have no file to judge and are out of scope; host tasks return at bl_enter.
 */
#include "path.h"

#define BL_PROT_EXEC 0x4 /* <asm-generic/mman-common.h>, which vmlinux.h does not carry */
#define BL_VM_EXEC 0x4 /* <linux/mm.h> */
#define BL_S_PRIVATE (1 << 9) /* <linux/fs.h>: an fs-internal inode */

/*
 * Is @file one an exec rule judges? Not a kernel-internal one (S_PRIVATE, which the kernel marks
 * "bypass file security"): the shmem file behind a MAP_SHARED|MAP_ANONYMOUS mapping ("dev/zero")
 * and SysV shared memory. Those are anonymous memory, out of scope like MAP_ANONYMOUS itself; a
 * memfd is a file of its own and is judged (as "/memfd:NAME").
 */
static __always_inline bool judged_file(struct file *file)
{
	return file && !(BPF_CORE_READ(file, f_inode, i_flags) & BL_S_PRIVATE);
}

/*
 * 6.12's overlayfs maps the real (upper or lower) file into a mapping, a "backing file" whose
 * f_path is on overlayfs's private mount, which no walk places in the task's namespace; the path
 * the task opened is kept beside it (struct backing_file, fs/file_table.c; FMODE_BACKING,
 * include/linux/fs.h). 6.1 has neither: there the mapped file's f_path is the overlay path.
 */
#define BL_FMODE_BACKING (1u << 24)

struct backing_file___bl {
	struct file file;
	struct path user_path;
} __attribute__((preserve_access_index));

/* The path the task reached @file by: a backing file's user path, else its own. */
static __always_inline const struct path *user_path(struct file *file)
{
	if (bpf_core_type_exists(struct backing_file___bl) &&
	    (BPF_CORE_READ(file, f_mode) & BL_FMODE_BACKING))
		return (const struct path *)((char *)file +
					     bpf_core_field_offset(struct backing_file___bl,
								   user_path));
	return &file->f_path;
}

/* Does @t's profile restrict what may be executed? */
static __always_inline bool exec_allowlist(const struct bl_task *t)
{
	return t->flags & BL_PF(BL_PF_EXEC_ALLOWLIST);
}

/*
 * @prot is what the mapping gets (the kernel adds PROT_EXEC to a readable mapping under the
 * READ_IMPLIES_EXEC personality), @reqprot what the task asked for: @prot decides.
 */
SEC("lsm/mmap_file")
int BPF_PROG(bl_mmap_file, struct file *file, unsigned long reqprot, unsigned long prot,
	     unsigned long flags, int ret)
{
	struct bl_task t;

	if (ret)
		return ret;
	if (!(prot & BL_PROT_EXEC) || !judged_file(file))
		return 0; /* not executable, or anonymous: nothing an exec rule judges */
	if (!bl_enter(&t, BL_HOOK_MMAP_EXEC, ret, &ret))
		return ret;
	if (!exec_allowlist(&t))
		/* No rule judges it; learn mode still learns the libraries a program maps. */
		return bl_learning(&t) ?
			       bl_check_file_by(&t, BL_HOOK_MMAP_EXEC, &file->f_path, file->f_inode,
						BL_ACCESS_EXEC, BL_CHECK_LEARN_ONLY, 0) :
			       0;
	return bl_check_file(&t, BL_HOOK_MMAP_EXEC, &file->f_path, file->f_inode, BL_ACCESS_EXEC);
}

/*
 * mprotect(PROT_EXEC) of a mapping of a file that was mapped without it. file_mprotect is not a
 * sleepable hook, so bpf_d_path is not allowed here: the path is walked (bl_check_file_walked),
 * which gives the same name inside the task's mount namespace, up to BL_WALK_MAX bytes; a longer
 * one, or a file outside the namespace's mounts, cannot be judged and is denied.
 */
SEC("lsm/file_mprotect")
int BPF_PROG(bl_file_mprotect, struct vm_area_struct *vma, unsigned long reqprot,
	     unsigned long prot, int ret)
{
	struct bl_task t;
	struct file *file;

	if (ret)
		return ret;
	if (!(prot & BL_PROT_EXEC) || (BPF_CORE_READ(vma, vm_flags) & BL_VM_EXEC))
		return 0; /* not adding exec: what is mapped executable was judged when mapped */
	file = BPF_CORE_READ(vma, vm_file);
	if (!judged_file(file))
		return 0; /* anonymous: out of scope */
	if (!bl_enter(&t, BL_HOOK_MPROTECT_EXEC, ret, &ret))
		return ret;
	if (!exec_allowlist(&t))
		return bl_learning(&t) ?
			       bl_check_file_by(
				       &t, BL_HOOK_MPROTECT_EXEC, user_path(file),
				       BPF_CORE_READ(file, f_inode), BL_ACCESS_EXEC,
				       BL_CHECK_WALK | BL_CHECK_LEARN_ONLY | BL_CHECK_UNTYPED, 0) :
			       0;
	return bl_check_file_walked(&t, BL_HOOK_MPROTECT_EXEC, user_path(file),
				    BPF_CORE_READ(file, f_inode), BL_ACCESS_EXEC);
}
