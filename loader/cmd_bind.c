// SPDX-License-Identifier: GPL-2.0
/* boxlock bind | unbind: put a cgroup (and everything below it) under a profile. */
#include <errno.h>
#include <getopt.h>
#include <string.h>
#include <bpf/bpf.h>
#include "cgroup.h"
#include "cli.h"
#include "pins.h"
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

static int parse(int argc, char **argv, const char **cgroup, const char **profile, bool need_prof,
		 __u32 *flags)
{
	static const struct option lopts[] = {
		{ "cgroup", required_argument, NULL, 'c' },
		{ "profile", required_argument, NULL, 'P' },
		{ "arm-at-exec", no_argument, NULL, 'a' },
		{},
	};
	int c;

	optind = 0;
	while ((c = getopt_long(argc + 1, argv - 1, "", lopts, NULL)) != -1) {
		if (c == 'c')
			*cgroup = optarg;
		else if (c == 'P')
			*profile = optarg;
		else if (c == 'a' && flags)
			*flags |= BL_BIND_ARM_AT_EXEC;
		else
			return -EINVAL;
	}
	if (!*cgroup || (need_prof && !*profile) || optind != argc + 1) {
		bl_err("usage: boxlock %s --cgroup PATH%s", need_prof ? "bind" : "unbind",
		       need_prof ? " --profile NAME [--arm-at-exec]" : "");
		return -EINVAL;
	}
	return 0;
}

int bl_cmd_bind(int argc, char **argv)
{
	const char *cgroup = NULL, *profile = NULL;
	struct bl_binding b = {};
	struct bl_maps m;
	__u32 level;
	__u64 id;
	int err;

	err = parse(argc, argv, &cgroup, &profile, true, &b.flags);
	if (err)
		return err;
	err = bl_cgroup_resolve(cgroup, &id, &level);
	if (err) {
		bl_err("bind: %s: %s", cgroup,
		       err == -ENOTDIR ? "not a cgroup v2 directory" : strerror(-err));
		return err;
	}
	if (level == 0 || level > BL_MAX_CGROUP_DEPTH) {
		bl_err("bind: %s: level %u; boxlock binds cgroups at levels 1 to %d (the root "
		       "cgroup holds the host)",
		       cgroup, level, BL_MAX_CGROUP_DEPTH);
		return -EINVAL;
	}
	err = bl_maps_open(&m);
	if (err)
		return err;
	err = bl_store_find(&m, profile, &b.profile_id);
	if (err) {
		bl_err("bind: profile %s is not loaded ('boxlock profile load FILE')", profile);
		goto out;
	}
	err = widen_levels(&m, level);
	if (!err && bpf_map_update_elem(m.bindings, &id, &b, BPF_ANY))
		err = -errno;
	if (err) {
		bl_err("bind: %s: %s", cgroup, strerror(-err));
		goto out;
	}
	if (bl_opts.json)
		bl_json_print(json_pack("{s:s,s:I,s:i,s:s}", "cgroup", cgroup, "cgroup_id",
					(json_int_t)id, "level", (int)level, "profile", profile));
	else
		bl_info("bound %s (cgroup id %llu) to profile %s", cgroup, (unsigned long long)id,
			profile);
out:
	bl_maps_close(&m);
	return err;
}

int bl_cmd_unbind(int argc, char **argv)
{
	const char *cgroup = NULL, *profile = NULL;
	struct bl_maps m;
	__u32 level;
	__u64 id;
	int err;

	err = parse(argc, argv, &cgroup, &profile, false, NULL);
	if (err)
		return err;
	err = bl_cgroup_resolve(cgroup, &id, &level);
	if (err) {
		bl_err("unbind: %s: %s", cgroup, strerror(-err));
		return err;
	}
	err = bl_maps_open(&m);
	if (err)
		return err;
	/* The walk's level window is left wide: narrowing it is only an optimisation, and a
	 * narrower window that missed a binding would fail open. */
	if (bpf_map_delete_elem(m.bindings, &id)) {
		err = -errno;
		bl_err("unbind: %s: %s", cgroup, err == -ENOENT ? "not bound" : strerror(-err));
	} else if (bl_opts.json) {
		bl_json_print(json_pack("{s:s,s:I}", "unbound", cgroup, "cgroup_id", (json_int_t)id));
	} else {
		bl_info("unbound %s", cgroup);
	}
	bl_maps_close(&m);
	return err;
}
