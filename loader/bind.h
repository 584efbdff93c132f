/* SPDX-License-Identifier: GPL-2.0 */
/* Binding a cgroup v2 directory (and everything below it) to a loaded profile. */
#ifndef BL_BIND_H
#define BL_BIND_H

#include <linux/types.h>
#include "pins.h"

/*
 * Binds the cgroup at @path to the loaded profile @profile with BL_BIND_* @flags, and returns its
 * id and level when @id and @level are not NULL. Errors are reported with bl_err() ("bind: ...").
 * Both functions take the lock on the pinned state (lock.h).
 */
int bl_bind_cgroup(const struct bl_maps *m, const char *path, const char *profile, __u32 flags,
		   __u64 *id, __u32 *level);
/* Removes the binding of cgroup @id; -ENOENT if it had none. Reports nothing but lock errors. */
int bl_unbind_id(const struct bl_maps *m, __u64 id);
/*
 * Removes the bindings of cgroups that no longer exist. Cgroup ids are never reused, so a stale
 * binding denies nothing to anyone, but thousands of containers later it would fill the map.
 */
void bl_unbind_stale(const struct bl_maps *m);

#endif /* BL_BIND_H */
