// SPDX-License-Identifier: GPL-2.0
/* boxlock container list: the containers the daemon bound, with their profile and mode. */
#include <errno.h>
#include <string.h>
#include <bpf/bpf.h>
#include "cli.h"
#include "daemon/daemon.h"
#include "names.h"
#include "pins.h"
#include "store.h"

static const char *mode_of(const struct bl_maps *m, const char *profile)
{
	struct bl_profile p;
	__u32 id;

	if (bl_store_find(m, profile, &id) || bpf_map_lookup_elem(m->profiles, &id, &p))
		return "?";
	return bl_mode_name(p.mode);
}

static int do_list(int argc, char **argv)
{
	json_error_t jerr;
	struct bl_maps m;
	json_t *list, *c;
	size_t i;
	int err;

	(void)argv;
	if (argc) {
		bl_err("usage: boxlock container list");
		return -EINVAL;
	}
	list = json_load_file(BL_STATE_FILE, 0, &jerr);
	if (!list) {
		list = json_array(); /* no daemon has run: no containers bound by image */
	}
	err = bl_maps_open(&m);
	if (err) {
		json_decref(list);
		return err;
	}
	if (!bl_opts.json)
		printf("%-12s  %-20s  %-28s  %-12s  %-7s  %s\n", "CONTAINER", "NAME", "IMAGE",
		       "PROFILE", "MODE", "CGROUP");
	json_array_foreach(list, i, c) {
		const char *profile = json_string_value(json_object_get(c, "profile"));
		const char *mode = mode_of(&m, profile ? profile : "");

		json_object_set_new(c, "mode", json_string(mode));
		if (!bl_opts.json)
			printf("%-12.12s  %-20s  %-28s  %-12s  %-7s  %s\n",
			       json_string_value(json_object_get(c, "id")),
			       json_string_value(json_object_get(c, "name")),
			       json_string_value(json_object_get(c, "image")), profile, mode,
			       json_string_value(json_object_get(c, "cgroup")));
	}
	if (bl_opts.json)
		bl_json_print(json_incref(list));
	json_decref(list);
	bl_maps_close(&m);
	return 0;
}

/* The entry of `boxlock container list` in the command table (commands.c). */
int bl_cmd_container_list(int argc, char **argv)
{
	return do_list(argc, argv);
}
