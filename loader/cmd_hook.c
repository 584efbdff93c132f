// SPDX-License-Identifier: GPL-2.0
/*
 * boxlock hook [--profiles DIR]: an OCI createRuntime hook, for runtimes that run hooks (podman,
 * CRI-O, containerd configured for them, runc itself). The runtime has created the container's
 * cgroup and namespaces but not yet pivoted or exec'd: the container's cgroup is bound, armed at
 * its first exec, before it runs an instruction of its own.
 *
 * The state arrives on stdin (runtime-spec "state"): id, pid, bundle, annotations. The profile is
 * chosen as boxlock-runc chooses it (loader/shim/choose.h), from the bundle's config.json (the
 * state's own annotations when it cannot be read), and loaded from DIR if the kernel lacks it.
 * Any failure fails the hook, and so the container's start.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include "cgroup.h"
#include "cli.h"
#include "shim/container.h"

/* The bundle's config.json, or the state itself (it carries the same annotations). */
static json_t *config_of(json_t *state)
{
	const char *bundle = json_string_value(json_object_get(state, "bundle"));
	char path[PATH_MAX];
	json_t *config;

	if (bundle && snprintf(path, sizeof(path), "%s/config.json", bundle) < (int)sizeof(path)) {
		config = json_load_file(path, 0, NULL);
		if (json_is_object(config))
			return config;
		json_decref(config);
	}
	return json_incref(state);
}

int bl_cmd_hook(int argc, char **argv)
{
	struct bl_container_req req = { .profile_dir = BL_DEFAULT_PROFILE_DIR };
	struct bl_choice choice;
	char cg[PATH_MAX];
	json_error_t jerr;
	json_t *state, *pid, *config = NULL;
	int err;

	if (argc == 2 && !strcmp(argv[0], "--profiles"))
		req.profile_dir = argv[1];
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
	req.id = json_string_value(json_object_get(state, "id"));
	if (!req.id || !req.id[0]) {
		bl_err("hook: the OCI state has no container id");
		err = -EINVAL;
		goto out;
	}
	err = bl_cgroup_of_pid((int)json_integer_value(pid), cg, sizeof(cg));
	if (err) {
		bl_err("hook: cgroup of pid %lld: %s", (long long)json_integer_value(pid),
		       strerror(-err));
		goto out;
	}
	req.cgroup = cg;
	config = config_of(state);
	req.oci = config;
	/* Not armed here: the process in the cgroup now is the runtime's init, mid set-up. */
	err = bl_container_bind(&req, &choice);
	if (!err)
		fprintf(stderr, "boxlock: container %s bound to profile %s (%s; %s)\n", req.id,
			choice.profile, choice.why, cg);
out:
	json_decref(config);
	json_decref(state);
	return err;
}
