/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Compiling profiles for a command: files, or a directory of them (/etc/boxlock/profiles), as one
 * set so that `extends` resolve and images match, with every error reported the same way
 * (FILE:LINE: ... on stderr, or {"errors": [...]} in JSON mode). On error nothing is returned.
 */
#ifndef BL_PROFILE_COMPILE_H
#define BL_PROFILE_COMPILE_H

#include "policy.h"

/* Compiles @files (@n of them) into @set; @what names the command in messages ("run"). */
int bl_profiles_compile(const char *what, const char *const *files, size_t n,
			struct bl_policy_set *set);
/* Compiles every *.ini of @dir, in name order (image matching takes the first). */
int bl_profile_dir_load(const char *dir, struct bl_policy_set *set);
/* The same, and the errors (FILE:LINE: ...) also in @out, which the caller frees. */
int bl_profile_dir_load_diag(const char *dir, struct bl_policy_set *set, struct bl_diag *out);

#endif /* BL_PROFILE_COMPILE_H */
