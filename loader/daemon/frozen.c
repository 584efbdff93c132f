// SPDX-License-Identifier: GPL-2.0
/*
 * The record of frozen containers: the daemon adds one when it freezes a cgroup, `boxlock
 * container release` removes it. Both take an flock on a lock file beside it and replace the file
 * by rename, so that a reader never sees half a file and no writer's change is lost.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli.h"
#include "daemon/daemon.h"
#include "daemon/response.h"

#define FROZEN_LOCK BL_RUN_DIR "/frozen.lock"
#define FROZEN_TMP BL_FROZEN_FILE ".tmp"

static int lock_frozen(void)
{
	int fd;

	mkdir(BL_RUN_DIR, 0755);
	fd = open(FROZEN_LOCK, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	if (flock(fd, LOCK_EX)) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

json_t *bl_frozen_load(void)
{
	json_error_t jerr;
	json_t *a;

	if (access(BL_FROZEN_FILE, F_OK) && errno == ENOENT)
		return json_array();
	a = json_load_file(BL_FROZEN_FILE, 0, &jerr);
	if (!a || !json_is_array(a)) {
		bl_err("response: %s: %s", BL_FROZEN_FILE, a ? "not a JSON array" : jerr.text);
		json_decref(a);
		return NULL;
	}
	return a;
}

static int store(json_t *a)
{
	if (json_dump_file(a, FROZEN_TMP, JSON_INDENT(1) | JSON_SORT_KEYS))
		return -EIO;
	if (rename(FROZEN_TMP, BL_FROZEN_FILE))
		return -errno;
	return 0;
}

/* Drops the record of @cgroup from @a; whether there was one. */
static bool drop(json_t *a, const char *cgroup)
{
	bool found = false;
	size_t i;
	json_t *r;

	for (i = json_array_size(a); i-- > 0;) {
		r = json_array_get(a, i);
		if (!strcmp(json_string_value(json_object_get(r, "cgroup")) ?: "", cgroup)) {
			json_array_remove(a, i);
			found = true;
		}
	}
	return found;
}

int bl_frozen_add(json_t *record)
{
	const char *cg = json_string_value(json_object_get(record, "cgroup"));
	int fd, err;
	json_t *a;

	if (!cg)
		return -EINVAL;
	fd = lock_frozen();
	if (fd < 0)
		return fd;
	a = bl_frozen_load();
	err = a ? 0 : -EIO;
	if (!err) {
		drop(a, cg); /* one record per cgroup: the newest freeze */
		err = json_array_append(a, record) ? -ENOMEM : store(a);
	}
	json_decref(a);
	close(fd);
	return err;
}

int bl_frozen_remove(const char *cgroup)
{
	int fd, err;
	json_t *a;

	fd = lock_frozen();
	if (fd < 0)
		return fd;
	a = bl_frozen_load();
	err = a ? 0 : -EIO;
	if (!err)
		err = drop(a, cgroup) ? store(a) : -ENOENT;
	json_decref(a);
	close(fd);
	return err;
}
