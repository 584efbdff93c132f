// SPDX-License-Identifier: GPL-2.0
/* The learning records (BL_LEARN_STATE): a JSON array, written whole and renamed into place. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <jansson.h>
#include "cli.h"
#include "daemon/learn.h"

static void copy(char *dst, size_t len, json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));

	snprintf(dst, len, "%s", s ? s : "");
}

int bl_learning_load(struct bl_learning **v, size_t *n)
{
	json_error_t jerr;
	json_t *list, *o;
	size_t i;

	*v = NULL;
	*n = 0;
	list = json_load_file(BL_LEARN_STATE, 0, &jerr);
	if (!list)
		return access(BL_LEARN_STATE, F_OK) ? 0 : -EIO; /* none yet: no container learns */
	if (!json_is_array(list)) {
		json_decref(list);
		return -EIO;
	}
	*v = calloc(json_array_size(list) + 1, sizeof(**v));
	if (!*v) {
		json_decref(list);
		return -ENOMEM;
	}
	json_array_foreach(list, i, o) {
		struct bl_learning *r = &(*v)[(*n)++];

		copy(r->id, sizeof(r->id), o, "id");
		copy(r->name, sizeof(r->name), o, "name");
		copy(r->image, sizeof(r->image), o, "image");
		copy(r->cgroup, sizeof(r->cgroup), o, "cgroup");
		copy(r->profile, sizeof(r->profile), o, "profile");
		copy(r->learn_profile, sizeof(r->learn_profile), o, "learn_profile");
		copy(r->profile_dir, sizeof(r->profile_dir), o, "profile_dir");
		r->cgroup_id = (__u64)json_integer_value(json_object_get(o, "cgroup_id"));
		r->bind_flags = (__u32)json_integer_value(json_object_get(o, "bind_flags"));
		r->started = json_integer_value(json_object_get(o, "started"));
		r->until = json_integer_value(json_object_get(o, "until"));
		r->stopped = json_is_true(json_object_get(o, "stopped"));
	}
	json_decref(list);
	return 0;
}

int bl_learning_save(const struct bl_learning *v, size_t n)
{
	char tmp[] = BL_LEARN_STATE ".XXXXXX";
	json_t *list = json_array();
	int fd, err = 0;

	mkdir("/run/boxlock", 0755);
	for (size_t i = 0; i < n; i++) {
		const struct bl_learning *r = &v[i];

		json_array_append_new(
			list, json_pack("{s:s,s:s,s:s,s:s,s:I,s:s,s:s,s:s,s:i,s:I,s:I,s:b}", "id",
					r->id, "name", r->name, "image", r->image, "cgroup",
					r->cgroup, "cgroup_id", (json_int_t)r->cgroup_id, "profile",
					r->profile, "learn_profile", r->learn_profile,
					"profile_dir", r->profile_dir, "bind_flags",
					(int)r->bind_flags, "started", (json_int_t)r->started,
					"until", (json_int_t)r->until, "stopped", r->stopped));
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		err = -errno;
		goto out;
	}
	if (json_dumpfd(list, fd, JSON_INDENT(2)) || fsync(fd))
		err = -EIO;
	if (close(fd) && !err)
		err = -errno;
	if (!err && rename(tmp, BL_LEARN_STATE))
		err = -errno;
out:
	if (err) {
		unlink(tmp);
		bl_err("container learn: cannot write %s: %s", BL_LEARN_STATE, strerror(-err));
	}
	json_decref(list);
	return err;
}

struct bl_learning *bl_learning_find(struct bl_learning *v, size_t n, const char *key)
{
	size_t len = strlen(key);

	for (size_t i = 0; len && i < n; i++)
		if (!strcmp(v[i].name, key) || !strncmp(v[i].id, key, len))
			return &v[i];
	return NULL;
}
