// SPDX-License-Identifier: GPL-2.0
/* The lock on the pinned state (see lock.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>
#include <linux/types.h>
#include "cli.h"
#include "lock.h"

#define NAP_MAX_US 20000 /* the longest pause between two tries of a held lock */

/*
 * Two minutes: `boxlock load` (and the daemon's start, which loads) holds the lock while the
 * kernel verifies every program, 20 s and more under emulation on a busy machine (learn mode's
 * recording made each program longer to verify), and such a holder is alive and progressing,
 * not stuck. Giving up on it sooner would fail a command for no reason; a holder that is really
 * stuck is still named, only later.
 */
unsigned int bl_lock_timeout_ms = 120000;

/* One thread of this process holds the lock at a time; that thread may take it again. */
static pthread_mutex_t in_process = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
/* Guarded by in_process: how many bl_lock() calls the holder has not paired yet, and the pin
 * directory's fd that carries the flock while that count is not 0. */
static unsigned int depth;
static int locked_dir = -1;

/* A child forked while the lock is held does not hold it (the canary's probe, run's CMD): it
 * starts with nothing held, and its copy of the fd goes without unlocking the parent's flock. */
static void forget_in_child(void)
{
	pthread_mutexattr_t attr;

	pthread_mutexattr_init(&attr);
	pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&in_process, &attr);
	pthread_mutexattr_destroy(&attr);
	if (locked_dir >= 0)
		close(locked_dir);
	locked_dir = -1;
	depth = 0;
}

static void register_fork_handler(void)
{
	pthread_atfork(NULL, NULL, forget_in_child);
}

static __u64 now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (__u64)ts.tv_sec * 1000 + (__u64)ts.tv_nsec / 1000000;
}

/* The pid that holds a flock on @fd's inode, from /proc/locks; 0 when it cannot be told. */
static int holder_pid(int fd)
{
	char line[256], kind[16];
	unsigned int maj, min;
	unsigned long ino;
	struct stat st;
	int pid = 0, p;
	FILE *f;

	if (fstat(fd, &st))
		return 0;
	f = fopen("/proc/locks", "re");
	if (!f)
		return 0;
	/* "1: FLOCK  ADVISORY  WRITE 1234 00:1c:5678 0 EOF"; waiters' lines read "1: -> FLOCK". */
	while (!pid && fgets(line, sizeof(line), f))
		if (sscanf(line, "%*d: %15s %*s %*s %d %x:%x:%lu", kind, &p, &maj, &min, &ino) ==
			    5 &&
		    !strcmp(kind, "FLOCK") && ino == st.st_ino && maj == major(st.st_dev) &&
		    min == minor(st.st_dev))
			pid = p;
	fclose(f);
	return pid;
}

/* Whether @fd is still the pin directory: `boxlock unload` removes the directory it held, and a
 * `boxlock load` since may have made a new one; a lock on the old one locks nothing. */
static bool is_pin_dir(int fd)
{
	struct stat by_fd, by_path;

	return !fstat(fd, &by_fd) && !stat(bl_opts.pin_dir, &by_path) &&
	       by_fd.st_dev == by_path.st_dev && by_fd.st_ino == by_path.st_ino;
}

/*
 * Flocks the pin directory, polling (a blocking flock cannot be bounded). The bound is per
 * holder: while the lock changes hands the writers ahead are making progress, and this one waits
 * its turn; one holder that keeps it for bl_lock_timeout_ms is taken as stuck. When the holder
 * cannot be told (no /proc/locks), the bound is on the whole wait.
 */
static int take_flock(void)
{
	useconds_t nap = 500;
	int fd, err, holder, pid;
	__u64 since;

	for (;;) {
		fd = open(bl_opts.pin_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0) {
			err = -errno;
			if (err == -ENOENT)
				bl_err("lock: %s does not exist: boxlock is not loaded (or was "
				       "unloaded meanwhile)",
				       bl_opts.pin_dir);
			else
				bl_err("lock: open %s: %s", bl_opts.pin_dir, strerror(-err));
			return err;
		}
		holder = 0;
		since = now_ms();
		while (flock(fd, LOCK_EX | LOCK_NB)) {
			if (errno != EWOULDBLOCK && errno != EINTR) {
				err = -errno;
				bl_err("lock: flock %s: %s", bl_opts.pin_dir, strerror(-err));
				close(fd);
				return err;
			}
			pid = holder_pid(fd);
			if (pid != holder) {
				holder = pid;
				if (pid)
					since = now_ms();
			}
			if (now_ms() - since >= bl_lock_timeout_ms) {
				if (holder)
					bl_err("lock: another boxlock command holds the lock on %s "
					       "(pid %d?); gave up after %g s",
					       bl_opts.pin_dir, holder,
					       bl_lock_timeout_ms / 1000.0);
				else
					bl_err("lock: another boxlock command holds the lock on %s; "
					       "gave up after %g s",
					       bl_opts.pin_dir, bl_lock_timeout_ms / 1000.0);
				close(fd);
				return -EBUSY;
			}
			usleep(nap);
			if (nap < NAP_MAX_US)
				nap *= 2;
		}
		if (is_pin_dir(fd)) {
			locked_dir = fd;
			return 0;
		}
		close(fd); /* replaced or removed while we waited: look again */
	}
}

int bl_lock(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	struct timespec until;
	int err;

	pthread_once(&once, register_fork_handler);

	/* Another thread of this process (the daemon's) may hold it: wait as for a process. */
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += bl_lock_timeout_ms / 1000;
	until.tv_nsec += (long)(bl_lock_timeout_ms % 1000) * 1000000;
	if (until.tv_nsec >= 1000000000) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000;
	}
	err = pthread_mutex_timedlock(&in_process, &until);
	if (err) {
		bl_err("lock: another thread of this process holds the lock on %s; gave up after "
		       "%g s",
		       bl_opts.pin_dir, bl_lock_timeout_ms / 1000.0);
		return err == ETIMEDOUT ? -EBUSY : -err;
	}
	if (!depth) {
		err = take_flock();
		if (err) {
			pthread_mutex_unlock(&in_process);
			return err;
		}
	}
	depth++;
	return 0;
}

void bl_unlock(void)
{
	if (!--depth) {
		/* Unlocked explicitly: a child forked meanwhile may still share the fd. */
		flock(locked_dir, LOCK_UN);
		close(locked_dir);
		locked_dir = -1;
	}
	pthread_mutex_unlock(&in_process);
}
