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

static int write_mask(int settings_fd, __u64 mask)
{
	struct bl_settings s;
	__u32 zero = 0;

	if (bpf_map_lookup_elem(settings_fd, &zero, &s))
		return -errno;
	if (s.cap_unjudged == mask)
		return 0;
	s.cap_unjudged = mask;
	if (bpf_map_update_elem(settings_fd, &zero, &s, BPF_ANY))
		return -errno;
	return 0;
}

int bl_cap_mask_clear(int settings_fd)
{
	int err = write_mask(settings_fd, 0);

	if (err)
		bl_err("cannot clear the capability mask in settings: %s", strerror(-err));
	return err;
}

void bl_cap_mask_update(int settings_fd, int profiles_fd)
{
	__u32 key, *prev = NULL;
	struct bl_profile p;
	__u64 unjudged = ~0ull;
	int err;

	for (;;) {
		if (bpf_map_get_next_key(profiles_fd, prev, &key)) {
			err = errno == ENOENT ? 0 : -errno; /* ENOENT: the last key */
			break;
		}
		prev = &key;
		if (!bpf_map_lookup_elem(profiles_fd, &key, &p))
			unjudged &= bl_cap_unjudged(&p, 1);
		else if (errno != ENOENT) { /* ENOENT: removed meanwhile, gone */
			err = -errno;
			break;
		}
	}
	if (!err)
		err = write_mask(settings_fd, unjudged);
	if (err)
		bl_err("warning: capability mask not updated (%s): every capability check finds the "
		       "task's profile while it is 0, and it keeps its last value otherwise, which was "
		       "exact for a superset of the profiles",
		       strerror(-err));
}
