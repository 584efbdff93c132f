/* SPDX-License-Identifier: GPL-2.0 */
/* Arming processes that are already running (see BL_BIND_ARM_AT_EXEC in include/boxlock.h). */
#ifndef BL_ARM_H
#define BL_ARM_H

#include "pins.h"

/*
 * Arms every process in the cgroup at @path and below it: their container's set-up is long over,
 * so its profile applies to them whether or not they exec again. Scans until a pass finds nothing
 * new, so a process forked during the scan is armed by inheritance or by the next pass. Returns
 * the number armed, or -errno.
 */
int bl_arm_cgroup(const struct bl_maps *m, const char *path);

#endif /* BL_ARM_H */
