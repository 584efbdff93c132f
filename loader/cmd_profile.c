// SPDX-License-Identifier: GPL-2.0
/* boxlock profile check|show|load|unload|list|seccomp */
#include <errno.h>
#include <string.h>
#include <bpf/bpf.h>
#include "cli.h"
#include "names.h"
#include "pins.h"
#include "profile_compile.h"
#include "policy.h"
#include "store.h"

/* Compiles @files as one set; on any error prints every message and returns non-zero. */
static int compile(int argc, char **argv, struct bl_policy_set *set)
{
	return bl_profiles_compile("profile", (const char *const *)argv,
				   argc > 0 ? (size_t)argc : 0, set);
}

static int do_check(int argc, char **argv)
{
	struct bl_policy_set set = {};
	int err = compile(argc, argv, &set);

	if (!err) {
		if (bl_opts.json)
			bl_json_print(json_pack("{s:i}", "ok", (int)set.n));
		else
			for (size_t i = 0; i < set.n; i++)
				bl_info("%s: ok (profile %s, %zu rules)", set.v[i]->file,
					set.v[i]->name, set.v[i]->n_rules);
	}
	bl_policy_set_free(&set);
	return err;
}

static int do_show(int argc, char **argv)
{
	struct bl_policy_set set = {};
	int err = compile(argc, argv, &set);

	for (size_t i = 0; !err && i < set.n; i++)
		err = bl_policy_print(set.v[i], stdout, bl_opts.json, bl_opts.pretty);
	bl_policy_set_free(&set);
	return err;
}

static int do_seccomp(int argc, char **argv)
{
	struct bl_policy_set set = {};
	FILE *out;
	int err;

	if (argc != 2) {
		bl_err("usage: boxlock profile seccomp PROFILE.ini OUT.json");
		return -EINVAL;
	}
	err = compile(1, argv, &set);
	if (err)
		goto done;
	out = !strcmp(argv[1], "-") ? stdout : fopen(argv[1], "we");
	if (!out) {
		err = -errno;
		bl_err("profile seccomp: %s: %s", argv[1], strerror(errno));
		goto done;
	}
	err = bl_policy_write_seccomp(set.v[0], out);
	if (out != stdout && fclose(out) && !err)
		err = -errno;
done:
	bl_policy_set_free(&set);
	return err;
}

static int do_load(int argc, char **argv)
{
	struct bl_policy_set set = {};
	struct bl_maps m;
	int err;

	err = compile(argc, argv, &set);
	if (err)
		return err; /* nothing in force was touched */
	err = bl_maps_open(&m);
	if (err)
		goto out;
	err = bl_store_set(&m, &set);
	if (!err) {
		json_t *names = json_array();

		for (size_t i = 0; i < set.n; i++) {
			json_array_append_new(names, json_string(set.v[i]->name));
			bl_info("profile %s: loaded from %s (%zu rules)", set.v[i]->name,
				set.v[i]->file, set.v[i]->n_rules);
		}
		if (bl_opts.json)
			bl_json_print(json_pack("{s:O}", "loaded", names));
		json_decref(names);
	}
	bl_maps_close(&m);
out:
	bl_policy_set_free(&set);
	return err;
}

static int do_unload(int argc, char **argv)
{
	struct bl_maps m;
	int err;

	if (argc != 1) {
		bl_err("usage: boxlock profile unload NAME");
		return -EINVAL;
	}
	err = bl_maps_open(&m);
	if (err)
		return err;
	err = bl_store_remove(&m, argv[0]);
	if (!err) {
		if (bl_opts.json)
			bl_json_print(json_pack("{s:s}", "unloaded", argv[0]));
		else
			bl_info("profile %s: unloaded", argv[0]);
	}
	bl_maps_close(&m);
	return err;
}

static int do_list(int argc, char **argv)
{
	json_t *list = json_array();
	struct bl_maps m;
	int err;

	(void)argv;
	if (argc) {
		bl_err("usage: boxlock profile list");
		return -EINVAL;
	}
	err = bl_maps_open(&m);
	if (err)
		goto out;
	for (__u32 id = 0; id < BL_MAX_PROFILES; id++) {
		char name[BL_NAME_MAX];
		struct bl_profile p;

		if (bpf_map_lookup_elem(m.profiles, &id, &p))
			continue;
		bl_store_name(&m, id, name, sizeof(name));
		json_array_append_new(list, json_pack("{s:s,s:i,s:s,s:i}", "name", name, "id",
						      (int)id, "mode", bl_mode_name(p.mode), "slot",
						      (int)p.rules_slot));
		bl_info("%-24s %s", name, bl_mode_name(p.mode));
	}
	if (bl_opts.json)
		bl_json_print(json_incref(list));
	bl_maps_close(&m);
out:
	json_decref(list);
	return err;
}

/* The entries of `boxlock profile` in the command table (commands.c). */
int bl_cmd_profile_check(int argc, char **argv)
{
	return do_check(argc, argv);
}

int bl_cmd_profile_show(int argc, char **argv)
{
	return do_show(argc, argv);
}

int bl_cmd_profile_load(int argc, char **argv)
{
	return do_load(argc, argv);
}

int bl_cmd_profile_unload(int argc, char **argv)
{
	return do_unload(argc, argv);
}

int bl_cmd_profile_list(int argc, char **argv)
{
	return do_list(argc, argv);
}

int bl_cmd_profile_seccomp(int argc, char **argv)
{
	return do_seccomp(argc, argv);
}
