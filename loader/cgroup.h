/* SPDX-License-Identifier: GPL-2.0 */
/* cgroup v2 directories and the ids the kernel knows them by. */
#ifndef BL_CGROUP_H
#define BL_CGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

/* A cgroup v2 directory's id (its inode number) and its level below the hierarchy's root. */
int bl_cgroup_resolve(const char *path, __u64 *id, __u32 *level);
/* The path of cgroup @id under the cgroup2 mount, or -errno (the cgroup may be gone). */
int bl_cgroup_path(__u64 id, char *buf, size_t len);
/* The cgroup v2 directory of process @pid, under /sys/fs/cgroup. */
int bl_cgroup_of_pid(int pid, char *path, size_t len);
/* mkdir -p: @path and every missing directory above it (mode 0755). */
int bl_cgroup_mkdir_p(const char *path);
/* Whether @path, or where it would be made (its deepest existing ancestor), is in cgroup v2. */
bool bl_cgroup_in_v2(const char *path);
/* Writes @val to the cgroup file @dir/@name ("cgroup.freeze"); 0 or -errno. */
int bl_cgroup_write(const char *dir, const char *name, const char *val);
/* The number after @key in a flat keyed file (@name "cgroup.events", @key "frozen"): the value,
 * -ENOENT if the key is not there, or -errno. */
int bl_cgroup_read_key(const char *dir, const char *name, const char *key);
/* The number a single-value cgroup file holds ("cgroup.freeze"), or -errno. */
int bl_cgroup_read_int(const char *dir, const char *name);
/* Whether the cgroup still holds a process, in it or below it ("populated 1" in cgroup.events).
 * When that cannot be read, it is taken as populated: removing its binding would fail open. */
bool bl_cgroup_populated(const char *path);
/* Removes the cgroup and the empty cgroups below it, deepest first; a moment of EBUSY while the
 * last task is reaped is waited out. */
int bl_cgroup_remove_tree(const char *path);

#endif /* BL_CGROUP_H */
