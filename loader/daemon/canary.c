// SPDX-License-Identifier: GPL-2.0
/*
 * The live canary: before the daemon says "enforcing", a throwaway cgroup is bound to a one-rule
 * profile and a child in it opens the file that rule denies. Only an EPERM from the kernel counts:
 * a kernel that lists bpf in its LSMs but does not run the programs fails here.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "bind.h"
#include "cli.h"
#include "daemon.h"
#include "lock.h"
#include "store.h"

#define CANARY_CGROUP "/sys/fs/cgroup/boxlock.canary"
#define CANARY_FILE BL_RUN_DIR "/canary"
#define CANARY_PROFILE "boxlock-canary"

static const char canary_ini[] =
	"[profile]\n"
	"name = " CANARY_PROFILE "\n"
	"description = the daemon's start-up check that the kernel enforces\n"
	"mode = enforce\n"
	"[files]\n"
	"deny = " CANARY_FILE "\n";

/* In a child: join the canary cgroup and try the denied open; exit 0 only on EPERM. */
static int probe(void)
{
	char pid[32];
	int fd, n;

	fd = open(CANARY_CGROUP "/cgroup.procs", O_WRONLY | O_CLOEXEC);
	n = snprintf(pid, sizeof(pid), "%d\n", getpid());
	if (fd < 0 || write(fd, pid, n) != n)
		_exit(2);
	close(fd);
	fd = open(CANARY_FILE, O_RDONLY | O_CLOEXEC);
	_exit(fd < 0 && errno == EPERM ? 0 : 1);
}

int bl_canary(const struct bl_maps *m, __u64 *cgroup_id)
{
	struct bl_policy_set set = { 0 };
	struct bl_policy *p = NULL;
	struct bl_diag diag = { 0 };
	int err, status = 0, fd;
	__u64 id = 0;
	pid_t child;

	mkdir(BL_RUN_DIR, 0755);
	fd = open(CANARY_FILE, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	if (fd >= 0)
		close(fd);
	if (mkdir(CANARY_CGROUP, 0755) && errno != EEXIST)
		return -errno;
	err = bl_policy_parse_string(canary_ini, "canary", &p, &diag);
	if (err || !p) {
		bl_diag_print(&diag, stderr);
		goto out;
	}
	set.v = &p;
	set.n = 1;
	/* Load, bind, probe, unbind, unload as one: no other writer sees the canary half made. */
	err = bl_lock();
	if (err)
		goto out;
	err = bl_store_set(m, &set);
	if (!err)
		err = bl_bind_cgroup(m, CANARY_CGROUP, CANARY_PROFILE, 0, &id, NULL);
	if (err)
		goto out_unlock;
	*cgroup_id = id;
	child = fork();
	if (child == 0)
		probe();
	if (child < 0 || waitpid(child, &status, 0) < 0)
		err = -errno;
	else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		err = -ENOTRECOVERABLE;
	bl_unbind_id(m, id);
	bl_store_remove(m, CANARY_PROFILE);
out_unlock:
	bl_unlock();
out:
	rmdir(CANARY_CGROUP);
	bl_policy_free(p);
	bl_diag_free(&diag);
	if (err == -ENOTRECOVERABLE)
		bl_err("canary: a task in a bound cgroup opened a denied file: the kernel does not "
		       "enforce boxlock's programs; refusing to claim enforcement");
	else if (err)
		bl_err("canary: could not run: %s", strerror(-err));
	return err;
}
