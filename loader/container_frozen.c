// SPDX-License-Identifier: GPL-2.0
/*
 * `boxlock container list`'s frozen containers: the record says why (profile, rule, hook,
 * when), the cgroup's cgroup.events says whether it still is.
 */
#include <string.h>
#include "cgroup.h"
#include "container_frozen.h"
#include "daemon/response.h"

static json_t *record_of(json_t *records, const char *cgroup)
{
	size_t i;
	json_t *r;

	json_array_foreach(records, i, r)
		if (cgroup &&
		    !strcmp(json_string_value(json_object_get(r, "cgroup")) ?: "", cgroup))
			return r;
	return NULL;
}

void bl_frozen_annotate(json_t *list)
{
	json_t *records = bl_frozen_load(), *c, *r;
	size_t i;

	if (!records)
		return; /* bl_frozen_load said why */
	json_array_foreach(list, i, c) {
		r = record_of(records, json_string_value(json_object_get(c, "cgroup")));
		if (!r)
			continue;
		r = json_deep_copy(r);
		json_object_del(r, "cgroup");
		/* The truth is the kernel's: a record outlives a `docker unpause`. */
		json_object_set_new(
			r, "frozen",
			json_boolean(
				bl_cgroup_read_key(json_string_value(json_object_get(c, "cgroup")),
						   "cgroup.events", "frozen") == 1));
		json_object_set_new(c, "frozen", r);
	}
	/* Cgroups bound with `boxlock bind`, not containers the daemon knows: listed too. */
	json_array_foreach(records, i, r) {
		const char *cg = json_string_value(json_object_get(r, "cgroup"));
		bool listed = false;
		size_t k;

		json_array_foreach(list, k, c)
			if (cg &&
			    !strcmp(json_string_value(json_object_get(c, "cgroup")) ?: "", cg))
				listed = true;
		if (listed || !cg)
			continue;
		c = json_pack("{s:s,s:s,s:s,s:s,s:s}", "id", "-", "name", "-", "image", "-",
			      "profile", json_string_value(json_object_get(r, "profile")) ?: "?",
			      "cgroup", cg);
		r = json_deep_copy(r);
		json_object_del(r, "cgroup");
		json_object_set_new(
			r, "frozen",
			json_boolean(bl_cgroup_read_key(cg, "cgroup.events", "frozen") == 1));
		json_object_set_new(c, "frozen", r);
		json_array_append_new(list, c);
	}
	json_decref(records);
}

const char *bl_frozen_why(json_t *c)
{
	static char buf[512];
	json_t *f = json_object_get(c, "frozen");

	if (!f)
		return "";
	snprintf(buf, sizeof(buf), "  %s: %s %s",
		 json_is_true(json_object_get(f, "frozen")) ? "frozen" : "released outside boxlock",
		 json_string_value(json_object_get(f, "hook")) ?: "?",
		 json_string_value(json_object_get(f, "rule")) ?: "?");
	return buf;
}
