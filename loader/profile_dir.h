/* SPDX-License-Identifier: GPL-2.0 */
/* A directory of profiles (/etc/boxlock/profiles): every *.ini in it, compiled as one set. */
#ifndef BL_PROFILE_DIR_H
#define BL_PROFILE_DIR_H

#include "policy.h"

/* Compiles every *.ini of @dir into @set; on any error prints them all and changes nothing. */
int bl_profile_dir_load(const char *dir, struct bl_policy_set *set);

#endif /* BL_PROFILE_DIR_H */
