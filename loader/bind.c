// SPDX-License-Identifier: GPL-2.0
/* Bindings: the map entry that puts a cgroup, and every cgroup below it, under a profile. */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <bpf/bpf.h>
#include "bind.h"
#include "cgroup.h"
#include "cli.h"
#include "lock.h"
#include "store.h"

/* Widens the levels the BPF side walks so that a binding at @level is seen. Done before the
 * binding is inserted: the other order would leave a moment where the binding is not found. */
static int widen_levels(const struct bl_maps *m, __u32 level)
{
	struct bl_settings s;
	__u32 zero = 0;

	if (bpf_map_lookup_elem(m->settings, &zero, &s))
		return -errno;
	if (!s.min_bound_level || level < s.min_bound_level)
		s.min_bound_level = level;
	if (level > s.max_bound_level)
		s.max_bound_level = level;
	if (bpf_map_update_elem(m->settings, &zero, &s, BPF_ANY))
		return -errno;
	return 0;
}

static int bind_cgroup(const struct bl_maps *m, const char *path, const char *profile, __u32 flags,
		       __u64 *id_out, __u32 *level_out)
{
	struct bl_binding b = { .flags = flags };
	struct bl_profile loaded;
	__u32 level;
	__u64 id;
	int err;

	err = bl_cgroup_resolve(path, &id, &level);
	if (err) {
		bl_err("bind: %s: %s", path,
		       err == -ENOTDIR ? "not a cgroup v2 directory" : strerror(-err));
		return err;
	}
	if (level == 0 || level > BL_MAX_CGROUP_DEPTH) {
		bl_err("bind: %s: level %u; boxlock binds cgroups at levels 1 to %d (the root "
		       "cgroup holds the host)",
		       path, level, BL_MAX_CGROUP_DEPTH);
		return -EINVAL;
	}
	err = bl_store_find(m, profile, &b.profile_id);
	/* The name and the entry: a set that failed after handing out its ids leaves a name with
	 * no entry, and a binding to it would deny everything (bl_no_profile). */
	if (!err && bpf_map_lookup_elem(m->profiles, &b.profile_id, &loaded))
		err = -ENOENT;
	if (err) {
		bl_err("bind: profile %s is not loaded ('boxlock profile load FILE')", profile);
		return err;
	}
	err = widen_levels(m, level);
	if (!err && bpf_map_update_elem(m->bindings, &id, &b, BPF_ANY))
		err = -errno;
	if (err) {
		bl_err("bind: %s: %s", path, strerror(-err));
		return err;
	}
	if (id_out)
		*id_out = id;
	if (level_out)
		*level_out = level;
	return 0;
}

/*
 * Under the lock: the profile found is still loaded when the binding goes in (a `profile unload`
 * checks for bindings under the same lock), and no other writer of settings can put back a
 * narrower level window read before this one widened it.
 */
int bl_bind_cgroup(const struct bl_maps *m, const char *path, const char *profile, __u32 flags,
		   __u64 *id_out, __u32 *level_out)
{
	int err = bl_lock();

	if (err)
		return err;
	err = bind_cgroup(m, path, profile, flags, id_out, level_out);
	bl_unlock();
	return err;
}

int bl_unbind_id(const struct bl_maps *m, __u64 id)
{
	int err = bl_lock();

	if (err)
		return err;
	/* The walk's level window is left wide: narrowing it is only an optimisation, and a
	 * narrower window that missed a binding would fail open. */
	if (bpf_map_delete_elem(m->bindings, &id))
		err = -errno;
	bl_unlock();
	return err;
}

void bl_unbind_stale(const struct bl_maps *m)
{
	__u64 key, next, *prev = NULL;
	char path[PATH_MAX];
	int err;

	/* Deleted under the lock on the pinned state, as every binding is: one writer at a time. A
	 * lock that cannot be had now leaves the stale bindings to the next round. */
	if (bl_lock())
		return;
	while (!bpf_map_get_next_key(m->bindings, prev, &next)) {
		key = next;
		err = bl_cgroup_path(key, path, sizeof(path));
		if (err == -ESTALE || err == -ENOENT) {
			bpf_map_delete_elem(m->bindings, &key);
			prev = NULL; /* start over: the iteration is undefined after a delete */
			continue;
		}
		prev = &key;
	}
	bl_unlock();
}
