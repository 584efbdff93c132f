/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Binding one container before it runs an instruction of its own: the profile chosen for it
 * (shim/choose.h), loaded from the profile directory if the kernel does not have it yet, bound to
 * the container's cgroup with BL_BIND_ARM_AT_EXEC. Shared by boxlock-runc and `boxlock hook`.
 */
#ifndef BL_SHIM_CONTAINER_H
#define BL_SHIM_CONTAINER_H

#include <jansson.h>
#include "shim/choose.h"

struct bl_container_req {
	const json_t *oci; /* the bundle's config.json (or the OCI state: its annotations) */
	const char *id; /* the container's id, as the runtime knows it */
	const char *cgroup; /* its cgroup v2 directory */
	const char *profile_dir; /* profiles to match images against and to load from */
};

/*
 * Chooses the container's profile into @c and binds its cgroup to it. Every failure is reported
 * with bl_err() and returned as -errno; then nothing was bound. A cgroup already bound to another
 * profile (two containers in one cgroup) is refused: one would run under the other's profile.
 */
int bl_container_bind(const struct bl_container_req *r, struct bl_choice *c);

#endif /* BL_SHIM_CONTAINER_H */
