// SPDX-License-Identifier: GPL-2.0
/*
 * boxlock hook [--profiles DIR]: an OCI createRuntime hook, for runtimes that run hooks (podman,
 * CRI-O, containerd configured for them, runc itself). The runtime has created the container's
 * cgroup and namespaces but not yet pivoted or exec'd: the container's cgroup is bound, armed at
 * its first exec, before it runs an instruction of its own.
 *
 * The state arrives on stdin (runtime-spec "state"): id, pid, bundle, annotations. The profile is
 * the one the annotation io.boxlock.profile names, else the one whose images match the image
 * annotation, else `default`. Any failure fails the hook, and so the container's start.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <string.h>
#include "bind.h"
#include "cgroup.h"
#include "cli.h"
#include "daemon/daemon.h"
#include "pins.h"
#include "profile_compile.h"

#define STATE_MAX (1 << 20)

/* Image annotations, as the runtimes that run hooks set them. */
static const char *const image_keys[] = {
	"io.boxlock.image",
	"io.kubernetes.cri.image-name", /* containerd CRI */
	"io.kubernetes.cri-o.ImageName", /* CRI-O */
	"org.opencontainers.image.ref.name",
	NULL,
};

static const char *annotation(json_t *state, const char *key)
{
	return json_string_value(json_object_get(json_object_get(state, "annotations"), key));
}

/* Profiles are matched against the files of @dir (the daemon loaded the same set). */
static int choose(json_t *state, const char *dir, char *profile, size_t len)
{
	struct bl_policy_set set = { 0 };
	const struct bl_policy *p;
	const char *image = NULL, *want;

	want = annotation(state, "io.boxlock.profile");
	if (want) {
		snprintf(profile, len, "%s", want);
		return 0;
	}
	for (int i = 0; image_keys[i] && !image; i++)
		image = annotation(state, image_keys[i]);
	snprintf(profile, len, "%s", BL_FALLBACK_PROFILE);
	if (!image)
		return 0;
	/* A profile directory that does not compile leaves the container on `default`. */
	if (bl_profile_dir_load(dir, &set))
		return 0;
	p = bl_policy_set_match(&set, image);
	if (p)
		snprintf(profile, len, "%s", p->name);
	bl_policy_set_free(&set);
	return 0;
}

int bl_cmd_hook(int argc, char **argv)
{
	const char *dir = BL_DEFAULT_PROFILE_DIR;
	char cg[PATH_MAX], profile[BL_NAME_MAX];
	json_error_t jerr;
	struct bl_maps m;
	json_t *state, *pid;
	int err;

	if (argc == 2 && !strcmp(argv[0], "--profiles"))
		dir = argv[1];
	else if (argc) {
		bl_err("usage: boxlock hook [--profiles DIR] < state.json");
		return -EINVAL;
	}
	state = json_loadf(stdin, JSON_DISABLE_EOF_CHECK, &jerr);
	if (!state || !json_is_object(state)) {
		bl_err("hook: the OCI state on stdin is not a JSON object: %s (line %d)", jerr.text,
		       jerr.line);
		json_decref(state);
		return -EINVAL;
	}
	pid = json_object_get(state, "pid");
	if (!json_is_integer(pid) || json_integer_value(pid) <= 0 ||
	    json_integer_value(pid) > INT_MAX) {
		bl_err("hook: the OCI state has no valid pid");
		err = -EINVAL;
		goto out;
	}
	err = bl_cgroup_of_pid((int)json_integer_value(pid), cg, sizeof(cg));
	if (err) {
		bl_err("hook: cgroup of pid %lld: %s", (long long)json_integer_value(pid),
		       strerror(-err));
		goto out;
	}
	choose(state, dir, profile, sizeof(profile));
	err = bl_maps_open(&m);
	if (err)
		goto out;
	/* Not armed here: the process in the cgroup now is the runtime's init, mid set-up. */
	err = bl_bind_cgroup(&m, cg, profile, BL_BIND_ARM_AT_EXEC, NULL, NULL);
	if (!err)
		fprintf(stderr, "boxlock: container %s bound to profile %s (%s)\n",
			json_string_value(json_object_get(state, "id")), profile, cg);
	bl_maps_close(&m);
out:
	json_decref(state);
	return err;
}
