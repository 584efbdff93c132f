// SPDX-License-Identifier: GPL-2.0
/*
 * Arming what already runs: freeze the cgroup, run the arm iterator (bpf-lsm/arm.bpf.c) over every
 * task, thaw. `contained` is keyed by task_struct pointers, which only the kernel can name, hence
 * an iterator rather than a scan of cgroup.procs; and frozen tasks do not fork, so no child is
 * born during the walk to escape it.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include "arm.h"
#include "boxlock.h"
#include "cgroup.h"
#include "cli.h"
#include "lock.h"

/* How long a freeze may take: a task in an uninterruptible sleep freezes when it wakes. */
#define FREEZE_WAIT_MS 30000

static int freeze(const char *cg)
{
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	int err = bl_cgroup_write(cg, "cgroup.freeze", "1");

	if (err) {
		bl_err("arm: %s: cannot freeze it: %s", cg, strerror(-err));
		return err;
	}
	for (int ms = 0; ms < FREEZE_WAIT_MS; ms += 10) {
		if (bl_cgroup_read_key(cg, "cgroup.events", "frozen") == 1)
			return 0;
		nanosleep(&tick, NULL);
	}
	bl_err("arm: %s: not frozen after %d s (a task in an uninterruptible sleep?)", cg,
	       FREEZE_WAIT_MS / 1000);
	return -ETIMEDOUT;
}

/* Runs the pinned arm iterator to its end: the program runs once per task in read(). */
static int run_iterator(void)
{
	char path[PATH_MAX], buf[256];
	int link, iter, err = 0;
	ssize_t n;

	err = bl_arm_iter_path(path, sizeof(path));
	if (err)
		return err;
	link = bpf_obj_get(path);
	if (link < 0) {
		err = -errno;
		bl_err("arm: open %s: %s (run 'boxlock load')", path, strerror(-err));
		return err;
	}
	iter = bpf_iter_create(link);
	if (iter < 0) {
		err = -errno;
		bl_err("arm: start the arm iterator: %s", strerror(-err));
		goto out;
	}
	while ((n = read(iter, buf, sizeof(buf))) > 0)
		;
	if (n < 0) {
		err = -errno;
		bl_err("arm: run the arm iterator: %s", strerror(-err));
	}
	close(iter);
out:
	close(link);
	return err;
}

/* Runs request @req over the frozen subtree; returns the number of tasks it took or -errno. */
static int run_frozen(const struct bl_maps *m, struct bl_arm_request req)
{
	struct timespec ts;
	__u32 zero = 0;
	int err;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	req.armed_ns = (__u64)ts.tv_sec * 1000000000ull + (__u64)ts.tv_nsec;
	if (bpf_map_update_elem(m->arm_request, &zero, &req, BPF_ANY))
		return -errno;
	err = run_iterator();
	if (!err && bpf_map_lookup_elem(m->arm_request, &zero, &req))
		err = -errno;
	{
		struct bl_arm_request none = {};

		bpf_map_update_elem(m->arm_request, &zero, &none, BPF_ANY);
	}
	if (err)
		return err;
	if (req.failed) {
		bl_err("arm: %u task(s) could not be contained (map full, %d entries, or a cgroup "
		       "deeper than 64 levels)",
		       req.failed, BL_MAX_CONTAINED_TASKS);
		return -ENOSPC;
	}
	return (int)req.armed;
}

/*
 * Runs @req over every task of the cgroup at @path (id @id) and below, frozen. With @move the
 * request moves tasks between profiles; else it contains them under @path's binding.
 */
static int arm_cgroup(const struct bl_maps *m, const char *path, __u64 id,
		      struct bl_arm_request req)
{
	int was_frozen, n, err;

	req.cgroup_id = id;
	was_frozen = bl_cgroup_read_int(path, "cgroup.freeze");
	if (was_frozen < 0) {
		bl_err("arm: %s: cannot read cgroup.freeze: %s", path, strerror(-was_frozen));
		return was_frozen;
	}
	err = freeze(path);
	/* Even when the freeze timed out the walk runs: most tasks are frozen, and it arms them. */
	n = run_frozen(m, req);
	if (err || n < 0) {
		/*
		 * Fail closed: left frozen, nothing in it runs unprotected. Frozen rather than
		 * killed (cgroup.kill): a freeze can be undone once the cause is fixed, a kill of
		 * a running container cannot, and the operator chooses.
		 */
		bl_err("arm: %s is left frozen, its processes are not all contained: fix the "
		       "cause and run 'boxlock bind' again, or kill it (echo 1 > %s/cgroup.kill)",
		       path, path);
		return err ? err : n;
	}
	if (!was_frozen) {
		err = bl_cgroup_write(path, "cgroup.freeze", "0");
		if (err) {
			bl_err("arm: %s: armed, but cannot thaw it: %s", path, strerror(-err));
			return err;
		}
	}
	return n;
}

/*
 * Under the lock from the binding's lookup to the thaw: `arm_request` is one slot, and an
 * unbind or rebind between the lookup and the walk would arm under a stale profile.
 */
int bl_arm_cgroup(const struct bl_maps *m, const char *path)
{
	struct bl_arm_request req = {};
	struct bl_binding b;
	__u32 level;
	__u64 id;
	int n = bl_lock();

	if (n)
		return n;
	n = bl_cgroup_resolve(path, &id, &level);
	if (n)
		goto out;
	if (bpf_map_lookup_elem(m->bindings, &id, &b)) {
		bl_err("arm: %s is not bound", path);
		n = -ENOENT;
		goto out;
	}
	req.profile_id = b.profile_id;
	req.flags = b.flags;
	n = arm_cgroup(m, path, id, req);
out:
	bl_unlock();
	return n;
}

int bl_arm_move(const struct bl_maps *m, const char *path, __u32 from, __u32 to)
{
	struct bl_arm_request req = { .profile_id = to, .move = BL_ARM_MOVE, .move_from = from };
	__u32 level;
	__u64 id;
	int n = bl_lock();

	if (n)
		return n;
	n = bl_cgroup_resolve(path, &id, &level);
	if (!n)
		n = arm_cgroup(m, path, id, req);
	bl_unlock();
	return n;
}

long bl_contained_count(const struct bl_maps *m, long profile_id)
{
	__u64 key, *prev = NULL;
	struct bl_contained c;
	long n = 0;

	while (!bpf_map_get_next_key(m->contained, prev, &key)) {
		if (profile_id < 0 ||
		    (!bpf_map_lookup_elem(m->contained, &key, &c) && c.profile_id == profile_id))
			n++;
		prev = &key;
	}
	return n;
}
