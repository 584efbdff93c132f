/* SPDX-License-Identifier: GPL-2.0 */
/* Arming processes that are already running (see BL_BIND_ARM_AT_EXEC in include/boxlock.h). */
#ifndef BL_ARM_H
#define BL_ARM_H

#include <linux/types.h>
#include "pins.h"

/*
 * Contains every task (thread) in the bound cgroup at @path and below it under its binding: their
 * container's set-up is long over, so its profile applies to them whether or not they exec again.
 * Freezes the cgroup, runs the pinned arm iterator, thaws it (unless it was frozen before), so a
 * task forked during the walk cannot escape it. On failure the cgroup is left frozen and the
 * message says what to do. Returns the number contained, or -errno.
 */
int bl_arm_cgroup(const struct bl_maps *m, const char *path);

/*
 * Moves every task of the cgroup at @path and below that is contained under profile @from to
 * profile @to, the cgroup frozen meanwhile (as bl_arm_cgroup, and left frozen on failure): each
 * task is contained throughout and keeps the rest of its entry; tasks under another profile keep
 * theirs. The caller rebinds @path to @to first (under the lock, around both), so that what
 * starts later is armed under @to too. Returns the number moved, or -errno.
 */
int bl_arm_move(const struct bl_maps *m, const char *path, __u32 from, __u32 to);

/* How many tasks `contained` holds: all of them (@profile_id -1), or those under one profile. */
long bl_contained_count(const struct bl_maps *m, long profile_id);

#endif /* BL_ARM_H */
