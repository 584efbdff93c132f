/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The names of the ABI's numbers (include/boxlock.h's tables), for every user-side part: events,
 * status, profile output, the command line. Pure: no BPF, no kernel.
 *
 * A name of a number outside its table is "unknown", never NULL; a lookup of a name that is not
 * in its table returns 0 (BL_HOOK_NONE, or no mode).
 */
#ifndef BL_NAMES_H
#define BL_NAMES_H

#include <linux/types.h>
#include "boxlock.h"

/* What events and status call hook @hook ("file_open", "cgroup_move"). */
const char *bl_hook_name(__u32 hook);
/* The BL_HOOK_* that events call @name, or BL_HOOK_NONE. */
__u32 bl_hook_by_name(const char *name);
/* The LSM hook whose program enforces @hook ("file_open" for cgroup_move); "" for none. */
const char *bl_hook_lsm(__u32 hook);
/* The hooks (bits 1 << BL_HOOK_*) that the program of LSM hook @lsm enforces; 0 if none. */
__u32 bl_hooks_of_lsm(const char *lsm);
/* The hooks (bits 1 << BL_HOOK_*) that enforce any of @rule_kinds (BL_RK_*, BL_PF() bits). */
__u32 bl_hooks_needed(__u32 rule_kinds);

const char *bl_reason_name(__u32 reason);
const char *bl_stat_name(__u32 stat);
/* A profile flag's name ("deny-mount"), as `profile show` prints it. */
const char *bl_flag_name(__u32 flag);
const char *bl_verdict_name(__u32 verdict);
const char *bl_mode_name(__u32 mode);
/* A BL_OP_* number's name ("unlink"), the event's "operation". */
const char *bl_file_op_name(__u32 op);
/* BL_MODE_* of @name ("audit", "enforce"), or 0. */
__u32 bl_mode_by_name(const char *name);
/* An enum bl_response's name ("freeze"), or "unknown". */
const char *bl_response_name(__u32 response);

#endif /* BL_NAMES_H */
