// SPDX-License-Identifier: GPL-2.0
/*
 * inode_permission: no way out of the container's cgroup subtree. Every cgroup move asks the
 * kernel for write permission on a cgroup's process list: a write to cgroup.procs or
 * cgroup.threads opens it for writing (may_open), then cgroup_procs_write_permission checks
 * cgroup_may_write() on the common ancestor of source and destination; clone3(CLONE_INTO_CGROUP)
 * opens no file, but cgroup_css_set_fork checks cgroup_may_write() on the destination and on that
 * ancestor (kernel/cgroup/cgroup.c, 6.1 and 6.12). cgroup_may_write() is inode_permission(the
 * cgroup.procs inode, MAY_WRITE). A contained task is refused any of them outside its bound
 * subtree, which covers every way to leave it. Reported as cgroup_move.
 */
#include "report.h"
#include <bpf/bpf_tracing.h>

#define MAY_WRITE 0x2 /* include/linux/fs.h; a macro, so not in BTF */
#define CGROUP_SUPER_MAGIC 0x27e0eb
#define CGROUP2_SUPER_MAGIC 0x63677270
#define BL_KN_NAME 16

static __always_inline bool name_is(const char *name, const char *want, int len)
{
	for (int i = 0; i < len; i++)
		if (name[i] != want[i])
			return false;
	return true;
}

/*
 * Is the cgroup directory @dir (a kernfs node) the bound cgroup or below it? A cgroup2
 * directory's kernfs id is its cgroup id. A cgroup v1 hierarchy has other ids, so it is never
 * "inside": a contained task writes no v1 process list. Deeper than the walk looks: outside.
 */
static __always_inline bool in_bound_subtree(const struct bl_task *t, struct kernfs_node *dir,
					     bool v2)
{
	return v2 && bl_kn_within(dir, t->bound_cgroup_id);
}

SEC("lsm/inode_permission")
int BPF_PROG(bl_inode_permission, struct inode *inode, int mask, int ret)
{
	struct bl_object obj = { .kind = BL_OBJ_NAME, .access = BL_ACCESS_WRITE };
	char name[BL_KN_NAME] = {};
	struct kernfs_node *kn;
	unsigned long magic;
	struct bl_task t;
	bool v2;

	/* Every path component's MAY_EXEC comes through here: two tests before anything else. */
	if (ret || !(mask & MAY_WRITE))
		return ret;
	magic = inode->i_sb->s_magic;
	if (magic != CGROUP2_SUPER_MAGIC && magic != CGROUP_SUPER_MAGIC)
		return 0;
	v2 = magic == CGROUP2_SUPER_MAGIC;

	if (!bl_enter(&t, BL_HOOK_CGROUP_MOVE, ret, &ret))
		return ret;
	if (!(t.flags & BL_PF(BL_PF_DENY_CGROUP_ESCAPE)) || !t.prof)
		return 0;
	bpf_core_read(&kn, sizeof(kn), &inode->i_private);
	if (!kn)
		return 0; /* cgroupfs's root inode only; never a process list */
	bpf_probe_read_kernel_str(name, sizeof(name), BPF_CORE_READ(kn, name));
	if (!name_is(name, "cgroup.procs", 13) && !name_is(name, "cgroup.threads", 15) &&
	    !name_is(name, "tasks", 6))
		return 0;
	kn = BPF_CORE_READ(kn, parent); /* the cgroup the move goes through */
	if (in_bound_subtree(&t, kn, v2))
		return 0;
	obj.path = BPF_CORE_READ(kn, name); /* the cgroup's directory name */
	return bl_judge(&t, BL_HOOK_CGROUP_MOVE, t.prof->flag_rule[BL_PF_DENY_CGROUP_ESCAPE],
			BL_REASON_RULE, &obj);
}
