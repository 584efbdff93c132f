/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-CPU scratch buffers for paths (4 KiB does not fit the 512-byte BPF stack).
 *
 * LSM programs run with migration disabled but, on a preemptible kernel (Debian's are built with
 * PREEMPT_DYNAMIC), not with preemption disabled: a second task can run a hook on this CPU while
 * the first still holds its buffer. So a buffer is claimed with a compare-and-swap, and a hook
 * that finds every slot busy fails closed instead of sharing one.
 */
#ifndef BL_SCRATCH_H
#define BL_SCRATCH_H

#include "maps.h"

static __always_inline struct bl_scratch *bl_scratch_try(__u32 i)
{
	struct bl_scratch *s = bpf_map_lookup_elem(&scratch, &i);

	if (s && __sync_val_compare_and_swap(&s->busy, 0, 1) == 0)
		return s;
	return NULL;
}

/* Written out, not looped: the 6.1 verifier takes a loop around cmpxchg for an infinite one. */
static __always_inline struct bl_scratch *bl_scratch_get(void)
{
	struct bl_scratch *s;

	_Static_assert(BL_SCRATCH_SLOTS == 4, "bl_scratch_get tries four slots");
	if ((s = bl_scratch_try(0)) || (s = bl_scratch_try(1)) || (s = bl_scratch_try(2)))
		return s;
	return bl_scratch_try(3);
}

static __always_inline void bl_scratch_put(struct bl_scratch *s)
{
	*(volatile __u32 *)&s->busy = 0;
}

#endif /* BL_SCRATCH_H */
