// SPDX-License-Identifier: GPL-2.0
/* Arming running processes through pidfds: the task storage map is keyed by a pidfd. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include "arm.h"
#include "lock.h"

/* Arms the processes listed in @dir/cgroup.procs and in every cgroup below; counts new ones. */
static int arm_dir(const struct bl_maps *m, const char *dir, __u64 now, int depth)
{
	char path[PATH_MAX];
	struct dirent *de;
	int n = 0, pid;
	FILE *f;
	DIR *d;

	if (depth > 64)
		return 0;
	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	f = fopen(path, "re");
	if (!f)
		return errno == ENOENT ? 0 : -errno;
	while (fscanf(f, "%d", &pid) == 1) {
		int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
		__u64 was;

		if (pidfd < 0)
			continue; /* gone already */
		if (bpf_map_lookup_elem(m->armed, &pidfd, &was) &&
		    !bpf_map_update_elem(m->armed, &pidfd, &now, BPF_NOEXIST))
			n++;
		close(pidfd);
	}
	fclose(f);
	d = opendir(dir);
	if (!d)
		return n;
	while ((de = readdir(d))) {
		int k;

		if (de->d_type != DT_DIR || de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		k = arm_dir(m, path, now, depth + 1);
		if (k > 0)
			n += k;
	}
	closedir(d);
	return n;
}

int bl_arm_cgroup(const struct bl_maps *m, const char *path)
{
	struct timespec ts;
	int total = 0, n, err;
	__u64 now;

	err = bl_lock(); /* `armed` is pinned state too: one lock for every writer */
	if (err)
		return err;
	clock_gettime(CLOCK_BOOTTIME, &ts);
	now = (__u64)ts.tv_sec * 1000000000ull + (__u64)ts.tv_nsec;
	for (int pass = 0; pass < 8; pass++) {
		n = arm_dir(m, path, now, 0);
		if (n < 0) {
			total = n;
			break;
		}
		total += n;
		if (!n)
			break;
	}
	bl_unlock();
	return total;
}
