// SPDX-License-Identifier: GPL-2.0
/* boxlock bind | unbind: put a cgroup (and everything below it) under a profile. */
#include <errno.h>
#include <getopt.h>
#include <string.h>
#include "arm.h"
#include "bind.h"
#include "cgroup.h"
#include "cli.h"
#include "lock.h"
#include "pins.h"
#include "store.h"

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
	struct bl_maps m;
	__u32 flags = 0, level;
	__u64 id;
	int err;

	err = parse(argc, argv, &cgroup, &profile, true, &flags);
	if (err)
		return err;
	err = bl_maps_open(&m);
	if (err)
		return err;
	/* The binding and the arming of what runs in it as one: no unbind comes between. */
	err = bl_lock();
	if (err)
		goto out;
	err = bl_bind_cgroup(&m, cgroup, profile, flags, &id, &level);
	/* Processes already in the cgroup are past any set-up: the profile holds them now. */
	if (!err && (flags & BL_BIND_ARM_AT_EXEC) && (err = bl_arm_cgroup(&m, cgroup)) < 0)
		bl_err("bind: %s: cannot arm its processes: %s", cgroup, strerror(-err));
	bl_unlock();
	if (err < 0)
		goto out;
	err = 0;
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
	err = bl_unbind_id(&m, id);
	if (err) {
		bl_err("unbind: %s: %s", cgroup, err == -ENOENT ? "not bound" : strerror(-err));
	} else if (bl_opts.json) {
		bl_json_print(
			json_pack("{s:s,s:I}", "unbound", cgroup, "cgroup_id", (json_int_t)id));
	} else {
		bl_info("unbound %s", cgroup);
	}
	bl_maps_close(&m);
	return err;
}
