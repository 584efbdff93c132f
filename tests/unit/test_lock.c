// SPDX-License-Identifier: GPL-2.0
/*
 * The lock on the pinned state (loader/lock.c), on a temporary directory standing in for the pin
 * directory: it excludes other processes and other threads, is reentrant in its holder, gives up
 * after its bound naming the holder's pid, and follows a directory that was replaced.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include "cli.h"
#include "lock.h"

static char dir[] = "/tmp/bl-test-lock.XXXXXX";

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	bl_opts.pin_dir = dir;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	rmdir(dir);
	return 0;
}

/*
 * Starts a child that calls bl_lock() waiting at most @timeout_ms, with its messages on @err_fd
 * (when not -1). Once it has the lock it writes a byte to @ready_fd (when not -1) and holds the
 * lock for @hold_ms. Its exit status is bl_lock()'s errno.
 */
static pid_t start_locker(unsigned int timeout_ms, unsigned int hold_ms, int ready_fd, int err_fd)
{
	pid_t pid = fork();
	int err;

	assert_true(pid >= 0);
	if (pid)
		return pid;
	if (err_fd >= 0)
		dup2(err_fd, STDERR_FILENO);
	bl_lock_timeout_ms = timeout_ms;
	err = bl_lock();
	if (!err) {
		if (ready_fd >= 0 && write(ready_fd, "x", 1) != 1)
			_exit(100);
		usleep(hold_ms * 1000);
	}
	_exit(-err);
}

/* What the child's bl_lock() returned. */
static int locker_result(pid_t pid)
{
	int status;

	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return -WEXITSTATUS(status);
}

/* What bl_lock() returns in a child that waits at most @timeout_ms; its messages in @msg. */
static int lock_in_child(unsigned int timeout_ms, char *msg, size_t len)
{
	int out[2];
	ssize_t n;
	pid_t pid;

	assert_int_equal(pipe(out), 0);
	pid = start_locker(timeout_ms, 0, -1, out[1]);
	close(out[1]);
	n = read(out[0], msg, len - 1);
	msg[n > 0 ? n : 0] = 0;
	close(out[0]);
	return locker_result(pid);
}

static void test_excludes_other_processes(void **state)
{
	char msg[512], want[64];

	(void)state;
	assert_int_equal(bl_lock(), 0);
	assert_int_equal(lock_in_child(300, msg, sizeof(msg)), -EBUSY);
	assert_non_null(strstr(msg, "another boxlock command holds the lock on"));
	assert_non_null(strstr(msg, dir));
	snprintf(want, sizeof(want), "(pid %d?)", (int)getpid());
	assert_non_null(strstr(msg, want));
	bl_unlock();
	assert_int_equal(lock_in_child(300, msg, sizeof(msg)), 0);
	assert_string_equal(msg, "");
}

static void test_reentrant_in_its_holder(void **state)
{
	char msg[512];

	(void)state;
	assert_int_equal(bl_lock(), 0);
	assert_int_equal(bl_lock(), 0); /* a writer calling another: no wait for itself */
	bl_unlock();
	assert_int_equal(lock_in_child(200, msg, sizeof(msg)), -EBUSY); /* still held once */
	bl_unlock();
	assert_int_equal(lock_in_child(200, msg, sizeof(msg)), 0);
}

static void test_waits_for_the_holder(void **state)
{
	int ready[2];
	pid_t pid;
	char c;

	(void)state;
	assert_int_equal(pipe(ready), 0);
	pid = start_locker(1000, 300, ready[1], -1);
	assert_int_equal(read(ready[0], &c, 1), 1);
	bl_lock_timeout_ms = 5000;
	assert_int_equal(bl_lock(), 0); /* got it once the other let go */
	bl_unlock();
	assert_int_equal(locker_result(pid), 0);
	close(ready[0]);
	close(ready[1]);
}

/* While the lock changes hands, a waiter waits past its bound: the bound is on one holder. */
static void test_bound_is_per_holder(void **state)
{
	int ready[2], go[2], status;
	pid_t first, second;
	char c;

	(void)state;
	assert_int_equal(pipe(ready), 0);
	assert_int_equal(pipe(go), 0);
	first = start_locker(1000, 400, ready[1], -1);
	assert_int_equal(read(ready[0], &c, 1), 1);
	second =
		fork(); /* blocked in flock(2): it wins when the first lets go, then holds 400 ms */
	assert_true(second >= 0);
	if (second == 0) {
		int fd = open(dir, O_RDONLY | O_DIRECTORY);

		if (write(go[1], "x", 1) != 1 || fd < 0 || flock(fd, LOCK_EX))
			_exit(1);
		usleep(400000);
		_exit(0);
	}
	assert_int_equal(read(go[0], &c, 1), 1);
	usleep(50000);
	bl_lock_timeout_ms = 600; /* less than the two holds together */
	assert_int_equal(bl_lock(), 0);
	bl_unlock();
	assert_int_equal(locker_result(first), 0);
	assert_int_equal(waitpid(second, &status, 0), second);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	close(ready[0]);
	close(ready[1]);
	close(go[0]);
	close(go[1]);
}

static int thread_result;

static void *lock_in_thread(void *arg)
{
	(void)arg;
	thread_result = bl_lock();
	if (!thread_result)
		bl_unlock();
	return NULL;
}

static void test_excludes_other_threads(void **state)
{
	pthread_t t;

	(void)state;
	bl_lock_timeout_ms = 200;
	assert_int_equal(bl_lock(), 0);
	assert_int_equal(pthread_create(&t, NULL, lock_in_thread, NULL), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_int_equal(thread_result, -EBUSY);
	bl_unlock();
	assert_int_equal(pthread_create(&t, NULL, lock_in_thread, NULL), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_int_equal(thread_result, 0);
}

static void test_missing_pin_dir(void **state)
{
	char missing[sizeof(dir) + 8];

	(void)state;
	snprintf(missing, sizeof(missing), "%s/none", dir);
	bl_opts.pin_dir = missing;
	assert_int_equal(bl_lock(), -ENOENT);
	bl_opts.pin_dir = dir;
}

/* `boxlock unload` removes the directory it holds locked, `boxlock load` makes a new one: a
 * waiter must end up holding the new one, or none, never the old one alone. */
static void test_follows_a_replaced_dir(void **state)
{
	char old[sizeof(dir) + 8];
	int ready[2], fd;
	pid_t pid;
	char c;

	(void)state;
	snprintf(old, sizeof(old), "%s.old", dir);
	assert_int_equal(pipe(ready), 0);
	assert_int_equal(bl_lock(), 0);
	pid = start_locker(5000, 1000, ready[1], -1);
	usleep(200000); /* the child waits on the directory it opened */
	assert_int_equal(rename(dir, old), 0);
	assert_int_equal(mkdir(dir, 0700), 0);
	bl_unlock();
	assert_int_equal(read(ready[0], &c, 1), 1);
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	assert_true(fd >= 0);
	assert_int_equal(flock(fd, LOCK_EX | LOCK_NB), -1); /* the child holds the new one */
	assert_int_equal(errno, EWOULDBLOCK);
	close(fd);
	assert_int_equal(locker_result(pid), 0);
	assert_int_equal(rmdir(old), 0);
	close(ready[0]);
	close(ready[1]);
}

static void test_removed_dir(void **state)
{
	char old[sizeof(dir) + 8];
	int out[2];
	pid_t pid;

	(void)state;
	snprintf(old, sizeof(old), "%s.old", dir);
	assert_int_equal(pipe(out), 0);
	assert_int_equal(bl_lock(), 0);
	pid = start_locker(5000, 0, -1, out[1]);
	usleep(200000);
	assert_int_equal(rename(dir, old), 0); /* as `boxlock unload` */
	bl_unlock();
	assert_int_equal(locker_result(pid), -ENOENT); /* not the removed directory's lock */
	assert_int_equal(rename(old, dir), 0);
	close(out[0]);
	close(out[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_excludes_other_processes),
		cmocka_unit_test(test_reentrant_in_its_holder),
		cmocka_unit_test(test_waits_for_the_holder),
		cmocka_unit_test(test_bound_is_per_holder),
		cmocka_unit_test(test_excludes_other_threads),
		cmocka_unit_test(test_missing_pin_dir),
		cmocka_unit_test(test_follows_a_replaced_dir),
		cmocka_unit_test(test_removed_dir),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
