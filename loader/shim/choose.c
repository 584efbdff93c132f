// SPDX-License-Identifier: GPL-2.0
/* The profile a container gets: annotations, Docker's labels and image, image annotations. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "daemon/daemon.h"
#include "shim/choose.h"

/* Image annotations, as the runtimes set them (podman sets none). */
static const char *const image_keys[] = {
	"io.boxlock.image",
	"io.kubernetes.cri.image-name", /* containerd's CRI */
	"io.kubernetes.cri-o.ImageName", /* CRI-O */
	"org.opencontainers.image.ref.name",
	NULL,
};

static const char *string_at(const json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

bool bl_profile_name_valid(const char *name)
{
	size_t len = strlen(name);

	if (!len || len >= BL_NAME_MAX)
		return false;
	return strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") ==
	       len;
}

const struct bl_policy *bl_profile_for_image(const struct bl_policy_set *set, const char *image)
{
	const struct bl_policy *p = bl_policy_set_match(set, image);
	const char *name = strrchr(image, '/');
	char full[300];

	if (p)
		return p;
	name = name ? name + 1 : image;
	if (strchr(name, ':') || strchr(image, '@'))
		return NULL;
	snprintf(full, sizeof(full), "%s:latest", image);
	return bl_policy_set_match(set, full);
}

/* A profile named by the operator: taken as it is, or refused when it cannot be a name. */
static int named(struct bl_choice *c, enum bl_choice_source src, const char *name, const char *key)
{
	c->source = src;
	if (!bl_profile_name_valid(name)) {
		snprintf(c->why, sizeof(c->why), "%s '%.64s' is not a profile name", key, name);
		return -EINVAL;
	}
	snprintf(c->profile, sizeof(c->profile), "%s", name);
	snprintf(c->why, sizeof(c->why), "%s", key);
	return 0;
}

int bl_profile_choose(const json_t *oci, const json_t *docker, const struct bl_policy_set *set,
		      struct bl_choice *c)
{
	const json_t *annotations = json_object_get(oci, "annotations");
	const json_t *dconfig = json_object_get(docker, "Config");
	const char *v, *image = NULL, *from = NULL;
	const struct bl_policy *p;

	memset(c, 0, sizeof(*c));
	v = string_at(annotations, BL_PROFILE_ANNOTATION);
	if (v)
		return named(c, BL_CHOICE_ANNOTATION, v, "annotation " BL_PROFILE_ANNOTATION);
	v = string_at(json_object_get(dconfig, "Labels"), BL_PROFILE_LABEL);
	if (v)
		return named(c, BL_CHOICE_LABEL, v, "Docker label " BL_PROFILE_LABEL);
	image = string_at(dconfig, "Image");
	if (image && image[0])
		from = "Docker";
	for (int i = 0; !from && image_keys[i]; i++) {
		image = string_at(annotations, image_keys[i]);
		if (image && image[0])
			from = image_keys[i];
	}
	if (from) {
		if (!set)
			return -EAGAIN;
		snprintf(c->image, sizeof(c->image), "%s", image);
		p = bl_profile_for_image(set, image);
		if (p) {
			c->source = BL_CHOICE_IMAGE;
			snprintf(c->profile, sizeof(c->profile), "%s", p->name);
			snprintf(c->why, sizeof(c->why), "image %.255s (%s)", image, from);
			return 0;
		}
	}
	c->source = BL_CHOICE_DEFAULT;
	snprintf(c->profile, sizeof(c->profile), "%s", BL_FALLBACK_PROFILE);
	if (from)
		snprintf(c->why, sizeof(c->why), "no profile's images match %.255s (%s)", image,
			 from);
	else
		snprintf(c->why, sizeof(c->why), "no profile named, no image");
	return 0;
}

int bl_docker_config_path(const json_t *oci, const char *id, char *path, size_t len)
{
	const json_t *mounts = json_object_get(oci, "mounts"), *m;
	char tail[128];
	size_t i;

	/* Docker's ids are 64 hex digits; anything else is not a name to build a path from. */
	if (strlen(id) != 64 || strspn(id, "0123456789abcdef") != 64)
		return -ENOENT;
	snprintf(tail, sizeof(tail), "/containers/%s/hostname", id);
	json_array_foreach(mounts, i, m) {
		const char *dst = string_at(m, "destination"), *src = string_at(m, "source");
		size_t n, t = strlen(tail);

		if (!dst || !src || strcmp(dst, "/etc/hostname") || src[0] != '/')
			continue;
		n = strlen(src);
		if (n <= t || strcmp(src + n - t, tail))
			continue;
		/* <root>/containers/<id>/ + config.v2.json */
		if (snprintf(path, len, "%.*sconfig.v2.json", (int)(n - strlen("hostname")), src) >=
		    (int)len)
			return -ENAMETOOLONG;
		return 0;
	}
	return -ENOENT;
}
