// SPDX-License-Identifier: GPL-2.0
/* boxlock status: kernel support, what is attached and pinned, profiles, bindings, counters. */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "cgroup.h"
#include "arm.h"
#include "cli.h"
#include "kernel.h"
#include "names.h"
#include "pins.h"
#include "store.h"

static json_t *stats_json(const struct bl_maps *m)
{
	int ncpu = libbpf_num_possible_cpus();
	json_t *j = json_object();
	__u64 vals[ncpu > 0 ? ncpu : 1];

	for (__u32 i = 0; i < BL_STAT_COUNT; i++) {
		__u64 sum = 0;

		if (ncpu > 0 && !bpf_map_lookup_elem(m->stats, &i, vals))
			for (int c = 0; c < ncpu; c++)
				sum += vals[c];
		json_object_set_new(j, bl_stat_name(i), json_integer((json_int_t)sum));
	}
	return j;
}

/* Per-rule counters of the rule sets in force, busiest first in the plain output. */
static json_t *rule_hits_json(const struct bl_maps *m)
{
	int ncpu = libbpf_num_possible_cpus();
	struct bl_rule_key key, *prev = NULL;
	json_t *list = json_array();
	__u64 vals[ncpu > 0 ? ncpu : 1];

	while (ncpu > 0 && !bpf_map_get_next_key(m->rule_hits, prev, &key)) {
		char name[BL_NAME_MAX] = "?", text[BL_RULE_TEXT_MAX];
		__u64 sum = 0;

		prev = &key;
		if (bpf_map_lookup_elem(m->rule_hits, &key, vals))
			continue;
		for (int c = 0; c < ncpu; c++)
			sum += vals[c];
		for (__u32 id = 0; id < BL_MAX_PROFILES; id++) {
			struct bl_profile p;

			if (!bpf_map_lookup_elem(m->profiles, &id, &p) &&
			    p.rules_slot == key.slot) {
				bl_store_name(m, id, name, sizeof(name));
				break;
			}
		}
		bl_store_rule_text(m, key.slot, key.rule_id, text, sizeof(text));
		json_array_append_new(list, json_pack("{s:s,s:i,s:s,s:I}", "profile", name,
						      "rule_id", (int)key.rule_id, "rule", text,
						      "hits", (json_int_t)sum));
	}
	return list;
}

/* The capabilities `capable` lets by before it finds a task's profile: no loaded profile judges
 * them (cap_mask.h). Named ones only: the mask's bits past the last capability are set too. */
static json_t *cap_unjudged_json(const struct bl_maps *m)
{
	json_t *list;
	struct bl_settings s;
	__u32 zero = 0;

	if (bpf_map_lookup_elem(m->settings, &zero, &s))
		return json_null(); /* unknown, not "none" */
	list = json_array();
	for (unsigned int c = 0; c < BL_CAP_MAX; c++)
		if ((s.cap_unjudged >> c) & 1 && strcmp(bl_cap_name(c), "unknown"))
			json_array_append_new(list, json_string(bl_cap_name(c)));
	return list;
}

/* LSM hooks this kernel lacks (their programs are not loaded; profiles needing them refused). */
static json_t *missing_hooks_json(const struct bl_maps *m)
{
	json_t *list = json_array();
	struct bl_settings s;
	__u32 zero = 0;

	if (!bpf_map_lookup_elem(m->settings, &zero, &s))
		for (__u32 h = 0; h < BL_HOOK_COUNT; h++)
			if (s.missing_hooks & (1u << h))
				json_array_append_new(list, json_string(bl_hook_name(h)));
	return list;
}

static json_t *bindings_json(const struct bl_maps *m)
{
	json_t *list = json_array();
	__u64 key, *prev = NULL;
	struct bl_binding b;

	while (!bpf_map_get_next_key(m->bindings, prev, &key)) {
		char path[PATH_MAX], name[BL_NAME_MAX];

		prev = &key;
		if (bpf_map_lookup_elem(m->bindings, &key, &b))
			continue;
		if (bl_cgroup_path(key, path, sizeof(path)))
			snprintf(path, sizeof(path), "(gone)");
		bl_store_name(m, b.profile_id, name, sizeof(name));
		json_array_append_new(list, json_pack("{s:I,s:s,s:s}", "cgroup_id", (json_int_t)key,
						      "cgroup", path, "profile", name));
	}
	return list;
}

static json_t *profiles_json(const struct bl_maps *m)
{
	json_t *list = json_array();

	for (__u32 id = 0; id < BL_MAX_PROFILES; id++) {
		char name[BL_NAME_MAX];
		struct bl_profile p;

		if (bpf_map_lookup_elem(m->profiles, &id, &p))
			continue;
		bl_store_name(m, id, name, sizeof(name));
		json_array_append_new(list, json_pack("{s:s,s:s}", "name", name, "mode",
						      bl_mode_name(p.mode)));
	}
	return list;
}

static void print_plain(json_t *st)
{
	const char *key;
	size_t i;
	json_t *v;

	printf("kernel:    lsm=%s (bpf %s)\n", json_string_value(json_object_get(st, "lsm")),
	       json_is_true(json_object_get(st, "bpf_lsm")) ? "active" : "NOT active");
	printf("loaded:    %s (%s)\n", json_is_true(json_object_get(st, "loaded")) ? "yes" : "no",
	       json_string_value(json_object_get(st, "pin_dir")));
	printf("links:    ");
	json_array_foreach(json_object_get(st, "links"), i, v)
		printf(" %s", json_string_value(v));
	if (json_array_size(json_object_get(st, "missing_hooks"))) {
		printf("\nMISSING:  ");
		json_array_foreach(json_object_get(st, "missing_hooks"), i, v)
			printf(" %s", json_string_value(v));
		printf(" (hooks this kernel lacks: profiles needing them are refused)");
	}
	if (json_object_get(st, "pins")) {
		size_t n = json_array_size(json_object_get(st, "pins")), gone = 0;

		printf("\npins:     ");
		json_array_foreach(json_object_get(st, "pins"), i, v) {
			if (json_is_true(json_object_get(v, "present")))
				continue;
			printf(" MISSING:%s", json_string_value(json_object_get(v, "pin")));
			gone++;
		}
		if (!gone)
			printf(" all %zu present", n);
		else
			printf(" (%zu of %zu missing)", gone, n);
	}
	printf("\nprofiles: ");
	json_array_foreach(json_object_get(st, "profiles"), i, v)
		printf(" %s(%s)", json_string_value(json_object_get(v, "name")),
		       json_string_value(json_object_get(v, "mode")));
	printf("\nbindings:  %zu\n", json_array_size(json_object_get(st, "bindings")));
	printf("contained: %lld tasks\n",
	       (long long)json_integer_value(json_object_get(st, "contained_tasks")));
	json_array_foreach(json_object_get(st, "bindings"), i, v)
		printf("  %s -> %s\n", json_string_value(json_object_get(v, "cgroup")),
		       json_string_value(json_object_get(v, "profile")));
	printf("counters: ");
	json_object_foreach(json_object_get(st, "counters"), key, v)
		printf(" %s=%lld", key, (long long)json_integer_value(v));
	printf("\nrules that decided:\n");
	json_array_foreach(json_object_get(st, "rules"), i, v)
		printf("  %8lld  %s: %s\n",
		       (long long)json_integer_value(json_object_get(v, "hits")),
		       json_string_value(json_object_get(v, "profile")),
		       json_string_value(json_object_get(v, "rule")));
}

int bl_cmd_status(int argc, char **argv)
{
	char lsm[512] = "", links[64][64];
	json_t *st, *jl;
	struct bl_maps m;
	bool bpf_lsm;
	int n, err = 0, missing_pins = 0;

	(void)argv;
	if (argc) {
		bl_err("usage: boxlock status");
		return -EINVAL;
	}
	bl_kernel_lsm_list(lsm, sizeof(lsm));
	bpf_lsm = strstr(lsm, "bpf") != NULL;
	st = json_pack("{s:s,s:b,s:s,s:b}", "lsm", lsm, "bpf_lsm", bpf_lsm, "pin_dir",
		       bl_opts.pin_dir, "loaded", bl_is_loaded());
	jl = json_array();
	n = bl_links_list(links, 64);
	for (int i = 0; i < n; i++)
		json_array_append_new(jl, json_string(links[i]));
	json_object_set_new(st, "links", jl);
	if (bl_is_loaded()) {
		json_t *pins;

		/* A missing pin is a hook that detaches when its last holder (the daemon) goes, or
		 * a map the next load would recreate empty: said, and the exit status is 1. */
		missing_pins = bl_pins_check(&pins);
		json_object_set_new(st, "pins", pins);
		for (size_t i = 0; !bl_opts.json && missing_pins > 0 && i < json_array_size(pins);
		     i++) {
			json_t *p = json_array_get(pins, i);

			if (!json_is_true(json_object_get(p, "present")))
				bl_err("status: warning: pin %s/%s is missing ('boxlock load' pins "
				       "it again)",
				       bl_opts.pin_dir,
				       json_string_value(json_object_get(p, "pin")));
		}
	}
	if (bl_is_loaded()) {
		err = bl_maps_open(&m);
		if (!err) {
			json_object_set_new(st, "profiles", profiles_json(&m));
			json_object_set_new(st, "bindings", bindings_json(&m));
			json_object_set_new(st, "counters", stats_json(&m));
			json_object_set_new(st, "contained_tasks",
					    json_integer(bl_contained_count(&m, -1)));
			json_object_set_new(st, "rules", rule_hits_json(&m));
			json_object_set_new(st, "missing_hooks", missing_hooks_json(&m));
			json_object_set_new(st, "capabilities_unjudged", cap_unjudged_json(&m));
			bl_maps_close(&m);
		}
	}
	if (bl_opts.json)
		bl_json_print(st);
	else {
		print_plain(st);
		json_decref(st);
	}
	if (!err && missing_pins > 0)
		err = -ENOENT;
	return err;
}
