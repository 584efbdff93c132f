/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which profile a container gets, from what its runtime gives: pure code (JSON in, a name out),
 * shared by boxlock-runc and `boxlock hook`, unit-tested in tests/unit/test_shim.c.
 *
 * First that applies:
 *   1. the OCI annotation io.boxlock.profile (config.json's "annotations");
 *   2. Docker: the container's label io.boxlock.profile (config.v2.json's .Config.Labels);
 *   3. the image matched against the profiles' `images` patterns: Docker's .Config.Image, else
 *      the image annotations (io.boxlock.image, containerd's CRI, CRI-O's, the OCI ref name);
 *   4. `default`.
 */
#ifndef BL_SHIM_CHOOSE_H
#define BL_SHIM_CHOOSE_H

#include <jansson.h>
#include "policy.h"

#define BL_PROFILE_ANNOTATION "io.boxlock.profile"
#define BL_PROFILE_LABEL "io.boxlock.profile"

enum bl_choice_source {
	BL_CHOICE_ANNOTATION = 1,
	BL_CHOICE_LABEL,
	BL_CHOICE_IMAGE,
	BL_CHOICE_DEFAULT,
};

struct bl_choice {
	char profile[BL_NAME_MAX];
	enum bl_choice_source source;
	char image[256]; /* the image the choice looked at, "" if none */
	char why[384]; /* for messages: "annotation io.boxlock.profile", "image nginx:1 (Docker)" */
};

/*
 * Chooses the profile of the container whose bundle config is @oci (or an OCI state: both carry
 * "annotations"), with @docker its Docker config.v2.json or NULL. @set (the profile directory,
 * compiled) is needed only to match an image: when one must be matched and @set is NULL, returns
 * -EAGAIN and the caller compiles it and asks again. -EINVAL when an annotation or label names a
 * profile by a name no profile can have (the reason is in @c->why).
 */
int bl_profile_choose(const json_t *oci, const json_t *docker, const struct bl_policy_set *set,
		      struct bl_choice *c);

/*
 * The profile for @image: the first of @set whose `images` match the reference as given
 * ("nginx"), or as Docker completes it ("nginx:latest"); NULL when none does.
 */
const struct bl_policy *bl_profile_for_image(const struct bl_policy_set *set, const char *image);

/* Whether @name can be a profile's name: 1 to BL_NAME_MAX - 1 of [A-Za-z0-9._-]. */
bool bl_profile_name_valid(const char *name);

/*
 * Docker's config.v2.json for container @id, from its bundle config @oci: Docker bind-mounts
 * <data root>/containers/<id>/hostname on /etc/hostname, and config.v2.json is beside it. Fills
 * @path and returns 0, or -ENOENT when @oci has no such mount (not a Docker container).
 */
int bl_docker_config_path(const json_t *oci, const char *id, char *path, size_t len);

#endif /* BL_SHIM_CHOOSE_H */
