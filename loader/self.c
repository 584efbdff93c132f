// SPDX-License-Identifier: GPL-2.0
/* Recording boxlock's own state for self-protection (self.h, bpf-lsm/self.bpf.c). */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "boxlock.h"
#include "cli.h"
#include "self.h"

struct self_set {
	struct bl_self_key v[BL_MAX_SELF_OBJECTS];
	size_t n;
};

static int add(struct self_set *s, __u32 kind, __u32 dev, __u64 id)
{
	if (s->n == BL_MAX_SELF_OBJECTS) {
		bl_err("load: more than %d objects of boxlock's own to guard", BL_MAX_SELF_OBJECTS);
		return -E2BIG;
	}
	s->v[s->n++] = (struct bl_self_key){ .kind = kind, .dev = dev, .id = id };
	return 0;
}

/* The identity of @path as the kernel's inode sees it: i_sb->s_dev (major << 20 | minor). */
static int add_inode(struct self_set *s, const char *path)
{
	struct stat st;

	if (lstat(path, &st)) {
		bl_err("load: %s: %s", path, strerror(errno));
		return -errno;
	}
	return add(s, BL_SELF_INODE, (major(st.st_dev) << 20) | minor(st.st_dev), st.st_ino);
}

/* A pinned link: its id and its program's. Pins of other kinds under links/ and iter/ are
 * guarded by identity all the same. */
static int add_link(struct self_set *s, const char *path)
{
	struct bpf_link_info info;
	__u32 len = sizeof(info);
	int fd = bpf_obj_get(path), err = 0;

	if (fd < 0)
		return 0;
	memset(&info, 0, sizeof(info));
	if (!bpf_obj_get_info_by_fd(fd, &info, &len)) {
		err = add(s, BL_SELF_LINK, 0, info.id);
		if (!err)
			err = add(s, BL_SELF_PROG, 0, info.prog_id);
	}
	close(fd);
	return err;
}

/* @dir and everything in it. */
static int add_dir(struct self_set *s, const char *dir, bool links)
{
	char path[PATH_MAX];
	struct dirent *de;
	int err;
	DIR *d;

	err = add_inode(s, dir);
	if (err)
		return err;
	d = opendir(dir);
	if (!d)
		return -errno;
	while (!err && (de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) >= (int)sizeof(path)) {
			err = -ENAMETOOLONG;
			break;
		}
		err = add_inode(s, path);
		if (!err && links)
			err = add_link(s, path);
	}
	closedir(d);
	return err;
}

static bool in_set(const struct self_set *s, const struct bl_self_key *k)
{
	for (size_t i = 0; i < s->n; i++)
		if (!memcmp(&s->v[i], k, sizeof(*k)))
			return true;
	return false;
}

static int collect(struct self_set *s, struct bpf_object *obj)
{
	static const struct {
		const char *sub;
		bool links;
	} dirs[] = { { "maps", false }, { "links", true }, { "iter", true } };
	char path[PATH_MAX];
	struct bpf_program *prog;
	struct bpf_map *map;
	int err;

	err = add_inode(s, bl_opts.pin_dir);
	for (size_t i = 0; !err && i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", bl_opts.pin_dir, dirs[i].sub);
		err = add_dir(s, path, dirs[i].links);
	}
	/* Every map of the object, its constants (.rodata) included, and every program. */
	bpf_object__for_each_map(map, obj) {
		struct bpf_map_info info;
		__u32 len = sizeof(info);

		memset(&info, 0, sizeof(info));
		if (err || bpf_map__fd(map) < 0)
			continue;
		if (!bpf_obj_get_info_by_fd(bpf_map__fd(map), &info, &len))
			err = add(s, BL_SELF_MAP, 0, info.id);
	}
	bpf_object__for_each_program(prog, obj) {
		struct bpf_prog_info info;
		__u32 len = sizeof(info);

		memset(&info, 0, sizeof(info));
		if (err || bpf_program__fd(prog) < 0)
			continue;
		if (!bpf_obj_get_info_by_fd(bpf_program__fd(prog), &info, &len))
			err = add(s, BL_SELF_PROG, 0, info.id);
	}
	return err;
}

int bl_self_record(int self_fd, struct bpf_object *obj)
{
	struct bl_self_key key, next, *prev = NULL;
	struct self_set *s = calloc(1, sizeof(*s));
	__u32 one = 1;
	int err;

	if (!s)
		return -ENOMEM;
	err = collect(s, obj);
	for (size_t i = 0; !err && i < s->n; i++)
		if (bpf_map_update_elem(self_fd, &s->v[i], &one, BPF_ANY))
			err = -errno;
	if (err) {
		bl_err("load: cannot record boxlock's own state for its protection: %s",
		       strerror(-err));
		goto out;
	}
	/* What an earlier load recorded and is gone now (its old programs, links and pins). */
	while (!bpf_map_get_next_key(self_fd, prev, &next)) {
		key = next;
		prev = &key;
		if (!in_set(s, &key) && !bpf_map_delete_elem(self_fd, &key))
			prev = NULL; /* the walk starts over after a delete */
	}
out:
	free(s);
	return err;
}
