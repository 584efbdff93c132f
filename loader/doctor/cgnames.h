/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How container runtimes and systemd name cgroups: pure functions of the names, for boxlock
 * doctor's runtime-parent and unbound-containers checks (and their unit test).
 */
#ifndef BL_CGNAMES_H
#define BL_CGNAMES_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Whether @rel, a cgroup's path below the cgroup v2 root ("system.slice/docker-ID.scope", no
 * leading '/'), is named the way a runtime names the cgroup of one container:
 *   docker-ID.scope, libpod-ID.scope (systemd drivers; ID 64 hex digits),
 *   cri-containerd-ID.scope, crio-ID.scope (kubelet's systemd driver; crio-conmon-* is
 *     CRI-O's monitor, not a container),
 *   a directory named by 64 hex digits (Docker's cgroupfs driver: docker/ID, or under any
 *     --cgroup-parent; kubelet's cgroupfs driver: kubepods/.../podUID/ID),
 *   libpod_parent/libpod-ID (podman's cgroupfs driver; libpod-conmon-* is conmon),
 *   NAMESPACE/ID for a NAMESPACE of @namespaces (NULL-terminated, may be NULL): containerd's
 *     own clients (ctr, nerdctl) put a namespace's containers there.
 */
bool bl_cgname_is_container(const char *rel, const char *const *namespaces);

/*
 * systemd's path, below the cgroup root, of the slice unit @name: "a-b.slice" is
 * "a.slice/a-b.slice", "-.slice" (the root slice) is "". Returns 0, -EINVAL when @name is not a
 * slice's name (no ".slice", a '/', an empty part between dashes), -ENAMETOOLONG.
 */
int bl_cgname_slice_path(const char *name, char *buf, size_t len);

#endif /* BL_CGNAMES_H */
