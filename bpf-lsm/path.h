/* SPDX-License-Identifier: GPL-2.0 */
/* Looking a resolved path up in the profile's path rules. */
#ifndef BL_PATH_H
#define BL_PATH_H

#include "report.h"
#include "scratch.h"
#include <bpf/bpf_tracing.h>

/*
 * Resolves @path into @s->key and looks it up under @slot. Returns the longest matching rule, or
 * NULL with *@err set: 0 when no rule matches (allowed), -1 when the path could not be resolved.
 */
static __always_inline struct bl_path_rule *bl_path_lookup(struct bl_scratch *s,
							    const struct path *path, __u32 slot,
							    int *err)
{
	long len;

	*err = 0;
	len = bpf_d_path((struct path *)path, s->key.path, BL_PATH_BUF);
	if (len <= 0) {
		*err = -1; /* longer than PATH_MAX, or d_path failed */
		return NULL;
	}
	/* Rules are at most BL_RULE_PATH_MAX long, so matching the first bytes of a longer path
	 * finds exactly the rules that match the whole. */
	if (len > BL_RULE_PATH_MAX)
		len = BL_RULE_PATH_MAX;
	s->key.slot = slot;
	s->key.prefixlen = 32 + 8 * (__u32)len;
	return bpf_map_lookup_elem(&path_rules, &s->key);
}

#endif /* BL_PATH_H */
