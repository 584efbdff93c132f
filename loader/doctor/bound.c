// SPDX-License-Identifier: GPL-2.0
/*
 * boxlock doctor: which binding holds a cgroup. A binding holds its cgroup and every cgroup
 * below it, so the answer is the cgroup's own binding or its nearest bound ancestor's; the root
 * cgroup cannot be bound (it holds the host).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <bpf/bpf.h>
#include "boxlock.h"
#include "doctor/doctor.h"
#include "store.h"

int doctor_binding_of(const struct doctor *d, const char *path, char *bound, size_t bound_len,
		      char *profile, size_t profile_len)
{
	const size_t root_len = strlen(BL_DOCTOR_CGROUP_DIR);
	char dir[PATH_MAX];
	struct bl_binding b;

	if (d->maps_err)
		return d->maps_err;
	if (snprintf(dir, sizeof(dir), "%s", path) >= (int)sizeof(dir))
		return -ENAMETOOLONG;
	/* From @path up to the first level below the root; a directory not made yet (a parent
	 * the runtime creates with its first container) has no binding, its ancestors may. */
	while (strlen(dir) > root_len && !strncmp(dir, BL_DOCTOR_CGROUP_DIR, root_len)) {
		struct stat st;
		char *slash;
		__u64 id;

		if (!stat(dir, &st)) {
			id = st.st_ino; /* a cgroup v2 directory's inode number is its id */
			if (!bpf_map_lookup_elem(d->maps.bindings, &id, &b)) {
				snprintf(bound, bound_len, "%s", dir);
				bl_store_name(&d->maps, b.profile_id, profile, profile_len);
				return 0;
			}
			if (errno != ENOENT)
				return -errno;
		}
		slash = strrchr(dir, '/');
		if (!slash)
			break;
		*slash = 0;
	}
	return -ENOENT;
}
