// SPDX-License-Identifier: GPL-2.0
/* file_open: the profile's file rules per access. */
#include "unix.h"

/* Kernel-internal f_mode bits (include/linux/fs.h); macros, so not in BTF. */
#define FMODE_READ 0x1
#define FMODE_WRITE 0x2

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

	/*
	 * An open for writing of a cgroup's process list asked inode_permission(MAY_WRITE) first
	 * (may_open), where cgroup.bpf.c refused it outside the binding: not judged twice here.
	 */
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
