/* SPDX-License-Identifier: GPL-2.0 */
/* cgroup v2 directories and the ids the kernel knows them by. */
#ifndef BL_CGROUP_H
#define BL_CGROUP_H

#include <stddef.h>
#include <linux/types.h>

/* A cgroup v2 directory's id (its inode number) and its level below the hierarchy's root. */
int bl_cgroup_resolve(const char *path, __u64 *id, __u32 *level);
/* The path of cgroup @id under the cgroup2 mount, or -errno (the cgroup may be gone). */
int bl_cgroup_path(__u64 id, char *buf, size_t len);
/* The cgroup v2 directory of process @pid, under /sys/fs/cgroup. */
int bl_cgroup_of_pid(int pid, char *path, size_t len);

#endif /* BL_CGROUP_H */
