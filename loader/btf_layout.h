/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Whether two BTF types are laid out alike: the same kinds, sizes, array lengths, and struct
 * members of the same names at the same offsets, all the way down. What tells a pinned map's
 * value type (as the kernel keeps its BTF) from a new object's when BL_ABI_VERSION was not bumped.
 * Pure: the caller brings both BTF objects.
 */
#ifndef BL_BTF_LAYOUT_H
#define BL_BTF_LAYOUT_H

#include <stddef.h>
#include <linux/types.h>

struct btf;

/*
 * 0 when type @a_id of @a (the pinned map's) and @b_id of @b (this binary's) are laid out alike;
 * 1 when not, with the first difference in @why, as "struct bl_profile: member 1 is 'flags' in
 * the pinned map, 'rules_slot' in this binary".
 */
int bl_btf_layout_diff(const struct btf *a, __u32 a_id, const struct btf *b, __u32 b_id, char *why,
		       size_t len);

#endif /* BL_BTF_LAYOUT_H */
