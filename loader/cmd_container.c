// SPDX-License-Identifier: GPL-2.0
/* boxlock container list: the containers the daemon bound, with their profile and mode
 * ("learning" while `container learn` holds one). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include "cli.h"
#include "daemon/daemon.h"
#include "container_frozen.h"
#include "daemon/learn.h"
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

/*
 * What the kernel binds the container's cgroup to, which is what holds it: the daemon's table
 * may be older (`container learn` rebinds without it). Its own entry when not bound.
 */
static void live_profile(const struct bl_maps *m, json_t *c)
{
	__u64 id = (__u64)json_integer_value(json_object_get(c, "cgroup_id"));
	char name[BL_NAME_MAX];
	struct bl_binding b;

	if (!id || bpf_map_lookup_elem(m->bindings, &id, &b))
		return;
	bl_store_name(m, b.profile_id, name, sizeof(name));
	json_object_set_new(c, "profile", json_string(name));
}

/* A container that learns says so, and under which child, until when. */
static bool learning(const struct bl_learning *v, size_t n, json_t *c)
{
	const char *id = json_string_value(json_object_get(c, "id"));
	const char *profile = json_string_value(json_object_get(c, "profile"));

	for (size_t i = 0; id && profile && i < n; i++) {
		if (strcmp(v[i].id, id) || strcmp(v[i].learn_profile, profile))
			continue;
		json_object_set_new(c, "learning",
				    json_pack("{s:s,s:s,s:I,s:I}", "profile", v[i].profile,
					      "learn_profile", v[i].learn_profile, "started",
					      (json_int_t)v[i].started, "until",
					      (json_int_t)v[i].until));
		return true;
	}
	return false;
}

static int do_list(int argc, char **argv)
{
	struct bl_learning *learns = NULL;
	size_t n_learns = 0;
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
		printf("%-12s  %-20s  %-28s  %-12s  %-8s  %s\n", "CONTAINER", "NAME", "IMAGE",
		       "PROFILE", "MODE", "CGROUP");
	bl_learning_load(&learns, &n_learns); /* none readable: none shown learning */
	bl_frozen_annotate(list);
	json_array_foreach(list, i, c) {
		const char *profile, *mode;

		live_profile(&m, c);
		profile = json_string_value(json_object_get(c, "profile"));
		mode = learning(learns, n_learns, c) ? "learning" :
						       mode_of(&m, profile ? profile : "");

		if (json_is_true(json_object_get(json_object_get(c, "frozen"), "frozen")))
			mode = "frozen";
		json_object_set_new(c, "mode", json_string(mode));
		if (!bl_opts.json)
			printf("%-12.12s  %-20s  %-28s  %-12s  %-8s  %s%s\n",
			       json_string_value(json_object_get(c, "id")),
			       json_string_value(json_object_get(c, "name")),
			       json_string_value(json_object_get(c, "image")), profile, mode,
			       json_string_value(json_object_get(c, "cgroup")), bl_frozen_why(c));
	}
	if (bl_opts.json)
		bl_json_print(json_incref(list));
	json_decref(list);
	free(learns);
	bl_maps_close(&m);
	return 0;
}

/* The entry of `boxlock container list` in the command table (commands.c). */
int bl_cmd_container_list(int argc, char **argv)
{
	return do_list(argc, argv);
}
