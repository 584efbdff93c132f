// SPDX-License-Identifier: GPL-2.0
/* cgroup v2 ids: a directory's inode number is the id bpf_get_current_cgroup_id() returns. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>
#include <linux/magic.h>
#include "cgroup.h"

/* Counts the path components of @p ("/" has none). */
static __u32 depth_of(const char *p)
{
	__u32 n = 0;

	for (; *p; p++)
		if (*p == '/' && p[1] && p[1] != '/')
			n++;
	return n;
}

/*
 * Finds the cgroup2 mount that holds @real and returns, in @level, how deep @real is in the
 * hierarchy: its depth below the mount point plus the depth of the mount's own root within the
 * hierarchy (mountinfo's fourth field; "/" unless the mount is a sub-tree or namespaced).
 */
static int level_of(const char *real, __u32 *level)
{
	char line[4096], root[PATH_MAX], mnt[PATH_MAX], fstype[64];
	size_t best = 0;
	int err = -ENOENT;
	FILE *f;

	f = fopen("/proc/self/mountinfo", "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		char *sep = strstr(line, " - ");
		size_t len;

		if (!sep || sscanf(line, "%*s %*s %*s %4095s %4095s", root, mnt) != 2 ||
		    sscanf(sep + 3, "%63s", fstype) != 1 || strcmp(fstype, "cgroup2"))
			continue;
		len = strlen(mnt);
		if (strncmp(real, mnt, len) || (real[len] && real[len] != '/' && len > 1))
			continue;
		if (len < best)
			continue;
		best = len;
		*level = depth_of(root) + depth_of(real + (len > 1 ? len : 0));
		err = 0;
	}
	fclose(f);
	return err;
}

int bl_cgroup_resolve(const char *path, __u64 *id, __u32 *level)
{
	char real[PATH_MAX];
	struct statfs sfs;
	struct stat st;
	int err;

	if (!realpath(path, real))
		return -errno;
	if (statfs(real, &sfs))
		return -errno;
	if (sfs.f_type != CGROUP2_SUPER_MAGIC)
		return -ENOTDIR; /* not a cgroup v2 directory */
	if (stat(real, &st))
		return -errno;
	err = level_of(real, level);
	if (err)
		return err;
	*id = st.st_ino;
	return 0;
}

int bl_cgroup_path(__u64 id, char *buf, size_t len)
{
	struct {
		struct file_handle fh;
		__u64 id;
	} h = { .fh = { .handle_bytes = sizeof(__u64), .handle_type = 0xfe /* FILEID_KERNFS */ } };
	char link[64];
	int mfd, fd;
	ssize_t n;

	memcpy(h.fh.f_handle, &id, sizeof(id));
	mfd = open("/sys/fs/cgroup", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (mfd < 0)
		return -errno;
	fd = open_by_handle_at(mfd, &h.fh, O_RDONLY | O_CLOEXEC);
	close(mfd);
	if (fd < 0)
		return -errno;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = 0;
	return 0;
}

int bl_cgroup_of_pid(int pid, char *path, size_t len)
{
	char file[64], line[PATH_MAX];
	int err = -ENOENT;
	FILE *f;

	snprintf(file, sizeof(file), "/proc/%d/cgroup", pid);
	f = fopen(file, "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "0::", 3))
			continue; /* cgroup v1 lines: not boxlock's hierarchy */
		line[strcspn(line, "\n")] = 0;
		if (snprintf(path, len, "/sys/fs/cgroup%s", line + 3) >= (int)len)
			err = -ENAMETOOLONG;
		else
			err = 0;
		break;
	}
	fclose(f);
	return err;
}

int bl_cgroup_mkdir_p(const char *path)
{
	char buf[PATH_MAX];
	size_t len = strlen(path);

	if (len >= sizeof(buf))
		return -ENAMETOOLONG;
	memcpy(buf, path, len + 1);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(buf, 0755) && errno != EEXIST)
		return -errno;
	return 0;
}

bool bl_cgroup_in_v2(const char *path)
{
	char buf[PATH_MAX];
	struct statfs sfs;
	char *slash;

	snprintf(buf, sizeof(buf), "%s", path);
	while (statfs(buf, &sfs)) {
		slash = strrchr(buf, '/');
		if (errno != ENOENT || !slash || slash == buf)
			return false;
		*slash = 0;
	}
	return sfs.f_type == CGROUP2_SUPER_MAGIC;
}

int bl_cgroup_write(const char *dir, const char *name, const char *val)
{
	char path[PATH_MAX];
	int fd, err = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, val, strlen(val)) < 0)
		err = -errno;
	close(fd);
	return err;
}

int bl_cgroup_read_key(const char *dir, const char *name, const char *key)
{
	char path[PATH_MAX], k[64];
	int v, found = -ENOENT;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (fscanf(f, "%63s %d", k, &v) == 2)
		if (!strcmp(k, key))
			found = v;
	fclose(f);
	return found;
}

int bl_cgroup_read_int(const char *dir, const char *name)
{
	char path[PATH_MAX];
	int v = -EINVAL;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	if (fscanf(f, "%d", &v) != 1)
		v = -EINVAL;
	fclose(f);
	return v;
}

bool bl_cgroup_populated(const char *path)
{
	return bl_cgroup_read_key(path, "cgroup.events", "populated") != 0;
}

int bl_cgroup_remove_tree(const char *path)
{
	char sub[PATH_MAX];
	struct dirent *de;
	int err = 0;
	DIR *d;

	d = opendir(path);
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		if (de->d_type != DT_DIR || !strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name) >= (int)sizeof(sub))
			err = -ENAMETOOLONG;
		else
			err = bl_cgroup_remove_tree(sub);
		if (err)
			break;
	}
	closedir(d);
	if (err)
		return err;
	/* The last task leaves its cgroup as it is reaped; a moment of EBUSY is possible. */
	for (int i = 0; i < 50; i++) {
		if (!rmdir(path))
			return 0;
		if (errno != EBUSY)
			return -errno;
		usleep(10000);
	}
	return -EBUSY;
}
