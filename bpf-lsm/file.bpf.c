// SPDX-License-Identifier: GPL-2.0
/* file_open: the profile's file rules per access, and no way out of the container's cgroup. */
#include "unix.h"

/* Kernel-internal f_mode bits (include/linux/fs.h); macros, so not in BTF. */
#define FMODE_READ 0x1
#define FMODE_WRITE 0x2
#define CGROUP_SUPER_MAGIC 0x27e0eb
#define CGROUP2_SUPER_MAGIC 0x63677270

static __always_inline bool name_is(const char *name, const char *want, int len)
{
	for (int i = 0; i < len; i++)
		if (name[i] != want[i])
			return false;
	return true;
}

/*
 * Is @file a cgroup's process list (cgroup.procs, cgroup.threads, or v1's tasks)? Writing one
 * moves a task into that cgroup.
 */
static __always_inline bool is_cgroup_procs(struct file *file)
{
	unsigned long magic = BPF_CORE_READ(file, f_inode, i_sb, s_magic);
	char name[16] = {};

	if (magic != CGROUP2_SUPER_MAGIC && magic != CGROUP_SUPER_MAGIC)
		return false;
	bpf_probe_read_kernel_str(name, sizeof(name),
				  BPF_CORE_READ(file, f_path.dentry, d_name.name));
	return name_is(name, "cgroup.procs", 13) || name_is(name, "cgroup.threads", 15) ||
	       name_is(name, "tasks", 6);
}

/*
 * Is the cgroup directory holding @file the bound cgroup or below it? Walks the directory's
 * ancestors (a cgroup2 directory's inode number is its cgroup id). A cgroup v1 hierarchy has other
 * ids, so it is never "inside": a contained task writes no v1 process list.
 */
static __always_inline bool in_bound_subtree(const struct bl_task *t, struct file *file)
{
	struct dentry *d = BPF_CORE_READ(file, f_path.dentry, d_parent);

	if (BPF_CORE_READ(file, f_inode, i_sb, s_magic) != CGROUP2_SUPER_MAGIC)
		return false;
	for (int i = 0; i < BL_MAX_CGROUP_DEPTH + 1; i++) {
		struct dentry *up;

		if (!d)
			return false;
		if (BPF_CORE_READ(d, d_inode, i_ino) == t->bound_cgroup_id)
			return true;
		up = BPF_CORE_READ(d, d_parent);
		if (up == d)
			return false; /* the hierarchy's root */
		d = up;
	}
	return false;
}

SEC("lsm/file_open")
int BPF_PROG(bl_file_open, struct file *file, int ret)
{
	__u32 fmode, access = 0;
	struct bl_task t;

	if (!bl_enter(&t, BL_HOOK_FILE_OPEN, ret, &ret))
		return ret;

	fmode = file->f_mode;
	if (fmode & FMODE_READ)
		access |= BL_ACCESS_READ;
	if (fmode & FMODE_WRITE)
		access |= BL_ACCESS_WRITE;

	if ((access & BL_ACCESS_WRITE) && (t.flags & BL_PF(BL_PF_DENY_CGROUP_ESCAPE)) &&
	    is_cgroup_procs(file) && !in_bound_subtree(&t, file)) {
		struct bl_object obj = { .kind = BL_OBJ_PATH, .access = access };
		struct bl_scratch *s = bl_scratch_get();
		int err;

		if (s) {
			bl_path_lookup(s, &file->f_path, t.slot, &err);
			if (!err)
				obj.path = s->key.path;
		}
		ret = bl_judge(&t, BL_HOOK_CGROUP_MOVE,
			       t.prof ? t.prof->flag_rule[BL_PF_DENY_CGROUP_ESCAPE] : 0,
			       BL_REASON_RULE, &obj);
		if (s)
			bl_scratch_put(s);
		if (ret)
			return ret;
	}
	return bl_check_file(&t, BL_HOOK_FILE_OPEN, &file->f_path, file->f_inode, access);
}

/*
 * file_receive: a file passed in over SCM_RIGHTS (or pidfd_getfd) is judged like an open of it,
 * so a helper outside the container cannot hand in what the container may not open. A socket is
 * judged by its peer: a connection to a runtime socket is refused like a connect to it.
 */
SEC("lsm/file_receive")
int BPF_PROG(bl_file_receive, struct file *file, int ret)
{
	__u32 fmode, access = 0;
	struct bl_task t;
	umode_t mode;

	if (!bl_enter(&t, BL_HOOK_FILE_RECEIVE, ret, &ret))
		return ret;

	mode = BPF_CORE_READ(file, f_inode, i_mode);
	if ((mode & 0170000) == 0140000) { /* S_IFSOCK: judge the socket it is connected to */
		struct socket *sock = BPF_CORE_READ(file, private_data);
		struct sock *sk = BPF_CORE_READ(sock, sk);

		if (BPF_CORE_READ(sk, __sk_common.skc_family) != 1 /* AF_UNIX */)
			return 0;
		return bl_check_unix_peer(&t, BL_HOOK_FILE_RECEIVE,
					  BPF_CORE_READ((struct unix_sock *)sk, peer));
	}
	fmode = file->f_mode;
	if (fmode & FMODE_READ)
		access |= BL_ACCESS_READ;
	if (fmode & FMODE_WRITE)
		access |= BL_ACCESS_WRITE;
	return bl_check_file(&t, BL_HOOK_FILE_RECEIVE, &file->f_path, file->f_inode, access);
}
