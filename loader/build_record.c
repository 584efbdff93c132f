// SPDX-License-Identifier: GPL-2.0
/* The pinned record of the BPF object last loaded (see build_record.h). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include "boxlock.build.h" /* BL_BPF_BUILD_ID, written by the Makefile beside the skeleton */
#include "build_record.h"
#include "cli.h"

#define ID_LEN 64 /* hex digits of a SHA-256 */

_Static_assert(sizeof(BL_BPF_BUILD_ID) == ID_LEN + 1, "BL_BPF_BUILD_ID: a SHA-256 in hex");

static int record_path(char *buf, size_t len, const char *pin_dir)
{
	int n = snprintf(buf, len, "%s/maps/build", pin_dir);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

bool bl_build_record_matches(const char *pin_dir)
{
	struct bpf_map_info info = {};
	__u32 info_len = sizeof(info), zero = 0;
	char path[PATH_MAX], id[ID_LEN];
	bool same = false;
	int fd;

	if (record_path(path, sizeof(path), pin_dir))
		return false;
	fd = bpf_obj_get(path);
	if (fd < 0)
		return false;
	/* A map of another shape there is no record of ours: the full check runs. */
	if (!bpf_obj_get_info_by_fd(fd, &info, &info_len) && info.type == BPF_MAP_TYPE_ARRAY &&
	    info.key_size == sizeof(zero) && info.value_size == ID_LEN &&
	    !bpf_map_lookup_elem(fd, &zero, id))
		same = !memcmp(id, BL_BPF_BUILD_ID, ID_LEN);
	close(fd);
	return same;
}

int bl_build_record_write(const char *pin_dir)
{
	LIBBPF_OPTS(bpf_map_create_opts, opts, .map_flags = BPF_F_RDONLY_PROG);
	char path[PATH_MAX];
	__u32 zero = 0;
	int fd, err;

	err = record_path(path, sizeof(path), pin_dir);
	if (err)
		return err;
	fd = bpf_obj_get(path);
	if (fd < 0 && errno == ENOENT) {
		fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "build", sizeof(zero), ID_LEN, 1, &opts);
		if (fd >= 0 && bpf_obj_pin(fd, path)) {
			close(fd);
			fd = -1;
		}
	}
	if (fd < 0 || bpf_map_update_elem(fd, &zero, BL_BPF_BUILD_ID, BPF_ANY))
		err = -errno;
	if (fd >= 0)
		close(fd);
	if (err)
		bl_err("load: record the loaded object in %s: %s", path, strerror(-err));
	return err;
}
