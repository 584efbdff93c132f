// SPDX-License-Identifier: GPL-2.0
/* Loading a directory of profiles as one set, so that extends resolve and images match. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "profile_dir.h"

int bl_profile_dir_load(const char *dir, struct bl_policy_set *set)
{
	struct bl_diag diag = { 0 };
	struct dirent **ents;
	char **files;
	size_t n = 0;
	int k, err;

	k = scandir(dir, &ents, NULL, alphasort); /* sorted: image matching takes the first */
	if (k < 0) {
		bl_err("profiles: %s: %s", dir, strerror(errno));
		return -errno;
	}
	files = calloc((size_t)k + 1, sizeof(*files));
	for (int i = 0; i < k; i++) {
		size_t len = strlen(ents[i]->d_name);

		if (files && len > 4 && !strcmp(ents[i]->d_name + len - 4, ".ini") &&
		    asprintf(&files[n], "%s/%s", dir, ents[i]->d_name) > 0)
			n++;
		free(ents[i]);
	}
	free(ents);
	if (!files)
		return -ENOMEM;
	err = bl_policy_set_load((const char *const *)files, n, dir, set, &diag);
	if (err || diag.n) {
		bl_diag_print(&diag, stderr);
		err = err ? err : -EINVAL;
	}
	for (size_t i = 0; i < n; i++)
		free(files[i]);
	free(files);
	bl_diag_free(&diag);
	return err;
}
