// SPDX-License-Identifier: GPL-2.0
/* Compiling profiles, one file or a directory, and reporting every error the same way. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "profile_compile.h"

static void report(const char *what, const char *const *files, size_t n, const struct bl_diag *diag,
		   int err)
{
	if (bl_opts.json) {
		json_t *errs = json_array();

		for (size_t i = 0; i < diag->n; i++)
			json_array_append_new(errs, json_string(diag->msgs[i]));
		if (!diag->n)
			json_array_append_new(errs, json_string(strerror(-err)));
		bl_json_print(json_pack("{s:o}", "errors", errs));
		return;
	}
	bl_diag_print(diag, stderr);
	if (!diag->n) /* a failure with no message of its own (out of memory) */
		bl_err("%s: %s: %s", what, n == 1 ? files[0] : "profiles", strerror(-err));
}

int bl_profiles_compile(const char *what, const char *const *files, size_t n,
			struct bl_policy_set *set)
{
	struct bl_diag diag = {};
	int err;

	if (!n) {
		bl_err("%s: name at least one profile file", what);
		return -EINVAL;
	}
	err = bl_policy_set_load(files, n, NULL, set, &diag);
	if (err || diag.n) {
		err = err ? err : -EINVAL;
		report(what, files, n, &diag, err);
		bl_policy_set_free(set);
	}
	bl_diag_free(&diag);
	return err;
}

int bl_profile_dir_load(const char *dir, struct bl_policy_set *set)
{
	return bl_profile_dir_load_diag(dir, set, NULL);
}

int bl_profile_dir_load_diag(const char *dir, struct bl_policy_set *set, struct bl_diag *out)
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

		/* Dot names are not profiles: a kubelet ConfigMap volume keeps its versions in
		 * `..2026_12_02_...` and `..data` (the visible *.ini are links through `..data`),
		 * an editor its swap files. */
		if (files && ents[i]->d_name[0] != '.' && len > 4 &&
		    !strcmp(ents[i]->d_name + len - 4, ".ini") &&
		    asprintf(&files[n], "%s/%s", dir, ents[i]->d_name) > 0)
			n++;
		free(ents[i]);
	}
	free(ents);
	if (!files)
		return -ENOMEM;
	err = bl_policy_set_load((const char *const *)files, n, dir, set, &diag);
	if (err || diag.n) {
		err = err ? err : -EINVAL;
		report("profiles", (const char *const *)files, n, &diag, err);
		bl_policy_set_free(set);
	}
	for (size_t i = 0; i < n; i++)
		free(files[i]);
	free(files);
	if (out) {
		*out = diag; /* the caller's to free */
		return err;
	}
	bl_diag_free(&diag);
	return err;
}
