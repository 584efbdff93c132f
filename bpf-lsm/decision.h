/* SPDX-License-Identifier: GPL-2.0 */
/* What every decision works with: the counters, and the object a decision is about. */
#ifndef BL_DECISION_H
#define BL_DECISION_H

#include "policy.h"

static __always_inline void bl_count(__u32 stat)
{
	__u64 *n = bpf_map_lookup_elem(&stats, &stat);

	if (n)
		*n += 1; /* per-CPU: no atomics needed */
}

/* The object a decision was about, carried into its event. */
struct bl_object {
	__u32 kind; /* enum bl_object_kind */
	__u32 access; /* hook-specific access bits */
	const char *path; /* kernel memory, NUL-terminated, or NULL */
	const char *fstype; /* kernel memory, NUL-terminated, or NULL */
	const __u8 *addr; /* 4 or 16 bytes, by family */
	__u32 cap;
	__u16 port;
	__u8 family;
	__u8 proto;
	/*
	 * Judge, count, but emit no event: the kernel asked without auditing (a capable check with
	 * CAP_OPT_NOAUDIT). A flag here, not a parameter of bl_judge: a BPF function takes at most
	 * five arguments, and bl_judge has them.
	 */
	bool no_event;
	/* Learn mode: the path is inside its filesystem (no mount was given), which no rule and
	 * no profile names: not learned. */
	bool path_in_fs;
	__u32 learn_details; /* BL_LEARNED_*, when not what the hook implies */
	struct inode *inode; /* the file's identity, recorded with a path it was learned by */
};

#endif /* BL_DECISION_H */
