// SPDX-License-Identifier: GPL-2.0
/* The capabilities no loaded profile judges: computed from the profiles map (cap_mask.h). */
#include <errno.h>
#include <string.h>
#include <bpf/bpf.h>
#include "cap_mask.h"
#include "cli.h"

__u64 bl_cap_unjudged(const struct bl_profile *v, size_t n)
{
	__u64 judged = 0;

	for (size_t i = 0; i < n; i++) {
		if (v[i].mode != BL_MODE_ENFORCE && v[i].mode != BL_MODE_AUDIT)
			return 0; /* learn mode records every capability used; unknown: judge all */
		judged |= v[i].cap_deny;
	}
	return ~judged;
}

static int write_mask(const struct bl_maps *m, __u64 mask)
{
	struct bl_settings s;
	__u32 zero = 0;

	if (bpf_map_lookup_elem(m->settings, &zero, &s))
		return -errno;
	if (s.cap_unjudged == mask)
		return 0;
	s.cap_unjudged = mask;
	if (bpf_map_update_elem(m->settings, &zero, &s, BPF_ANY))
		return -errno;
	return 0;
}

int bl_cap_mask_clear(const struct bl_maps *m)
{
	int err = write_mask(m, 0);

	if (err)
		bl_err("cannot clear the capability mask in settings: %s", strerror(-err));
	return err;
}

void bl_cap_mask_update(const struct bl_maps *m)
{
	static struct bl_profile v[BL_MAX_PROFILES];
	__u32 key, *prev = NULL;
	size_t n = 0;
	int err;

	for (;;) {
		if (bpf_map_get_next_key(m->profiles, prev, &key)) {
			err = errno == ENOENT ? 0 : -errno; /* ENOENT: the last key */
			break;
		}
		prev = &key;
		if (n == BL_MAX_PROFILES) {
			err = -E2BIG;
			break;
		}
		if (!bpf_map_lookup_elem(m->profiles, &key, &v[n]))
			n++;
		else if (errno != ENOENT) { /* ENOENT: removed meanwhile, gone */
			err = -errno;
			break;
		}
	}
	if (!err)
		err = write_mask(m, bl_cap_unjudged(v, n));
	if (err)
		bl_err("store: warning: capability mask not updated (%s): every capability check "
		       "finds the task's profile, slower and as strict",
		       strerror(-err));
}
