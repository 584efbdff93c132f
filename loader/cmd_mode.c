// SPDX-License-Identifier: GPL-2.0
/* boxlock mode audit|enforce|learn [--profile NAME]: switch live, for the next syscall. */
#include <errno.h>
#include <string.h>
#include <bpf/bpf.h>
#include "cli.h"
#include "lock.h"
#include "names.h"
#include "pins.h"
#include "store.h"

/* Switches @id's mode (bl_store_set_mode) and says so. */
static int set_mode(const struct bl_maps *m, __u32 id, __u32 mode, json_t *changed)
{
	char name[BL_NAME_MAX];
	__u32 was;
	int err;

	err = bl_store_set_mode(m, id, mode, &was);
	if (err)
		return err;
	bl_store_name(m, id, name, sizeof(name));
	if (changed)
		json_array_append_new(changed,
				      json_pack("{s:s,s:s,s:s}", "profile", name, "from",
						bl_mode_name(was), "to", bl_mode_name(mode)));
	else
		bl_info("profile %s: %s -> %s", name, bl_mode_name(was), bl_mode_name(mode));
	return 0;
}

int bl_cmd_mode(int argc, char **argv)
{
	json_t *changed = bl_opts.json ? json_array() : NULL;
	const char *profile = NULL;
	struct bl_maps m;
	__u32 mode, id;
	int err, n = 0;

	if (argc == 3 && !strcmp(argv[1], "--profile"))
		profile = argv[2];
	else if (argc != 1)
		goto usage;
	mode = bl_mode_by_name(argv[0]);
	if (!mode)
		goto usage;

	err = bl_maps_open(&m);
	if (err)
		goto out;
	/* One lock around the look-ups and the switches: the profile found is the one switched,
	 * and "every profile" is every profile loaded at one moment. */
	err = bl_lock();
	if (err)
		goto out_maps;
	if (profile) {
		err = bl_store_find(&m, profile, &id);
		if (err)
			bl_err("mode: profile %s is not loaded", profile);
		else
			err = set_mode(&m, id, mode, changed);
		n = !err;
	} else {
		for (id = 0; id < BL_MAX_PROFILES && !err; id++) {
			struct bl_profile p;

			if (bpf_map_lookup_elem(m.profiles, &id, &p))
				continue;
			err = set_mode(&m, id, mode, changed);
			n += !err;
		}
	}
	bl_unlock();
	if (err)
		bl_err("mode: %s", strerror(-err));
	else if (bl_opts.json)
		bl_json_print(json_pack("{s:O}", "changed", changed));
	else if (!n)
		bl_info("no profile is loaded: nothing changed");
out_maps:
	bl_maps_close(&m);
out:
	json_decref(changed);
	return err;
usage:
	json_decref(changed);
	bl_err("usage: boxlock mode audit|enforce|learn [--profile NAME]");
	return -EINVAL;
}
