// SPDX-License-Identifier: GPL-2.0
/*
 * boxlock container release ID|NAME|CGROUP: thaws a container that a response froze. Only a
 * cgroup with a record in BL_FROZEN_FILE is released: a container frozen by someone else (docker
 * pause) stays as it is. Drops the record, thaws, and waits until cgroup.events says "frozen 0".
 * The record goes first: thawed, the offender may be denied again at once, and the daemon's new
 * record of that second freeze must stay (removing "the" record after the thaw would remove it).
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "cgroup.h"
#include "cli.h"
#include "daemon/response.h"

#define THAW_WAIT_MS 30000 /* a frozen cgroup's tasks leave the freezer at their next schedule */

static const char *field(json_t *r, const char *key)
{
	return json_string_value(json_object_get(r, key)) ?: "";
}

/* Whether record @r is the one @arg names: its container id (or a prefix of 4 or more
 * characters), its name, or its cgroup (with or without /sys/fs/cgroup). */
static bool names(json_t *r, const char *arg, const char *real)
{
	const char *id = field(r, "id"), *cg = field(r, "cgroup");
	size_t n = strlen(arg);

	if (id[0] && n >= 4 && !strncmp(id, arg, n))
		return true;
	if (!strcmp(field(r, "name"), arg) || !strcmp(cg, arg) || (real && !strcmp(cg, real)))
		return true;
	return !strncmp(cg, "/sys/fs/cgroup", 14) && !strcmp(cg + 14 + (arg[0] != '/'), arg);
}

/* 0 once thawed; -EAGAIN when the daemon froze it again meanwhile (cgroup.freeze is 1 again). */
static int wait_thawed(const char *cg)
{
	struct timespec tick = { .tv_nsec = 50 * 1000 * 1000 };
	int v = -EINVAL;

	for (int ms = 0; ms <= THAW_WAIT_MS; ms += 50) {
		if (bl_cgroup_read_int(cg, "cgroup.freeze") == 1)
			return -EAGAIN;
		v = bl_cgroup_read_key(cg, "cgroup.events", "frozen");
		if (v <= 0)
			return v;
		nanosleep(&tick, NULL);
	}
	return -ETIMEDOUT;
}

int bl_cmd_container_release(int argc, char **argv)
{
	char real[PATH_MAX];
	json_t *list, *r, *hit = NULL;
	const char *cg;
	size_t i;
	int err;

	if (argc != 1) {
		bl_err("usage: boxlock container release ID|NAME|CGROUP");
		return -EINVAL;
	}
	list = bl_frozen_load();
	if (!list)
		return -EIO;
	json_array_foreach(list, i, r) {
		if (!names(r, argv[0], realpath(argv[0], real) ? real : NULL))
			continue;
		if (hit) {
			bl_err("container: release: '%s' names more than one frozen container (%s, "
			       "%s): give its cgroup",
			       argv[0], field(hit, "cgroup"), field(r, "cgroup"));
			json_decref(list);
			return -EINVAL;
		}
		hit = r;
	}
	if (!hit) {
		bl_err("container: release: '%s': no container that boxlock froze (none in %s)",
		       argv[0], BL_FROZEN_FILE);
		json_decref(list);
		return -ENOENT;
	}
	cg = field(hit, "cgroup");
	err = bl_frozen_remove(cg);
	if (err && err != -ENOENT) {
		bl_err("container: release: %s: cannot drop its record in %s: %s; not thawed", cg,
		       BL_FROZEN_FILE, strerror(-err));
		json_decref(list);
		return err;
	}
	err = bl_cgroup_write(cg, "cgroup.freeze", "0");
	if (err == -ENOENT) {
		/* The container is gone (removed while frozen): nothing to thaw, forgotten. */
		bl_err("container: release: %s: the cgroup is gone; record removed", cg);
		json_decref(list);
		return 0;
	}
	if (err) {
		/* Still frozen: the record goes back, so that list and release still find it. */
		if (bl_frozen_add(hit))
			bl_err("container: release: %s: frozen, and its record is lost", cg);
		bl_err("container: release: %s: %s", cg, strerror(-err));
		json_decref(list);
		return err;
	}
	err = wait_thawed(cg);
	if (err == -EAGAIN) {
		/* Thawed, denied again at once, frozen again: the daemon recorded that one. */
		bl_err("container: release: %s: thawed, then denied again and frozen again "
		       "('boxlock container list' says by what)",
		       cg);
		err = 0;
	} else if (err) {
		bl_err("container: release: %s: %s", cg,
		       err == -ETIMEDOUT ? "still frozen after 30 s (cgroup.events)" :
					   strerror(-err));
		json_decref(list);
		return err;
	}
	if (bl_opts.json)
		bl_json_print(json_pack("{s:s,s:s,s:b}", "released", cg, "name", field(hit, "name"),
					"frozen", 0));
	else
		printf("released %s%s%s\n", cg, field(hit, "name")[0] ? " " : "",
		       field(hit, "name"));
	json_decref(list);
	return 0;
}
