// SPDX-License-Identifier: GPL-2.0
/*
 * boxlock daemon [--profiles DIR] [--log FILE] [--docker-socket PATH] [--container-parent DIR]...
 *                [--no-docker] [--syslog] [--syslog-to TO] [--publish URL] [--publish-buffer N]
 *                [--metrics ADDR]
 *
 * Start-up, in this order, so that nothing runs unprotected: load (or adopt what is pinned: the
 * new programs attach before the old detach), prove with the canary that the kernel enforces, load
 * every profile (all or nothing), bind the cgroups the runtime creates containers under to
 * `default`, then bind every running container to its own profile. After that it follows Docker's
 * events, binding containers as they start and forgetting them as they die, ends each
 * `container learn --duration` when its time is up (learn_timer.c), and drains the ring buffer
 * into the event log. While it runs it holds an fd of every pinned link (holds.c), so a
 * removed pin detaches nothing. Killed, it leaves every binding in force; restarted, it resyncs.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>
#include "bind.h"
#include "cli.h"
#include "daemon.h"
#include "daemon/learn.h"
#include "daemon/publish.h"
#include "daemon/syslog5424.h"
#include "daemon/reload.h"
#include "docker.h"
#include "lock.h"
#include "metrics.h"
#include "pins.h"
#include "profile_compile.h"
#include "store.h"

static struct bl_daemon *the_daemon;

static void on_signal(int sig)
{
	(void)sig;
	if (the_daemon)
		the_daemon->stop = true;
}

/* Every profile of the directory, put in force together; `default` must be one of them. */
static int load_profiles(struct bl_daemon *d)
{
	int err = bl_profile_dir_load(d->profile_dir, &d->set);

	if (err)
		return err;
	if (!bl_policy_set_find(&d->set, BL_FALLBACK_PROFILE)) {
		bl_err("daemon: %s has no %s.ini: containers without a profile of their own would "
		       "run unconfined",
		       d->profile_dir, BL_FALLBACK_PROFILE);
		return -ENOENT;
	}
	return bl_store_set(&d->maps, &d->set);
}

/* The runtime's parent cgroups carry `default` until each container gets its own binding, so
 * no container runs an instruction unconfined. Created if missing: the runtime reuses them. */
static int bind_parents(struct bl_daemon *d)
{
	for (int i = 0; i < d->n_parents; i++) {
		int err;

		if (mkdir(d->parents[i], 0755) && errno != EEXIST) {
			bl_err("daemon: %s: %s", d->parents[i], strerror(errno));
			return -errno;
		}
		err = bl_bind_cgroup(&d->maps, d->parents[i], BL_FALLBACK_PROFILE,
				     BL_BIND_ARM_AT_EXEC, NULL, NULL);
		/* Not armed here: a container may be mid set-up below it. The containers running
		 * already are armed one by one when the resync binds them. */
		if (err)
			return err;
	}
	return 0;
}

/* Under one lock: `default` is still the profile just loaded when the parents are bound to it. */
static int load_and_bind_parents(struct bl_daemon *d)
{
	int err = bl_lock();

	if (err)
		return err;
	err = load_profiles(d);
	if (!err)
		err = bind_parents(d);
	bl_unlock();
	return err;
}

static int on_docker_event(const char *action, const char *id, void *arg)
{
	struct bl_daemon *d = arg;

	if (!strcmp(action, "create"))
		bl_ctr_note_created(d, id);
	else if (!strcmp(action, "start"))
		bl_ctr_bind_docker(d, id);
	else if (!strcmp(action, "die") || !strcmp(action, "destroy"))
		bl_ctr_forget(d, id);
	return d->stop;
}

/* Follows Docker for as long as the daemon runs, through dockerd restarts. */
static void *docker_thread(void *arg)
{
	struct bl_daemon *d = arg;
	unsigned int wait_s = 1;
	bool lost = false;

	while (!d->stop) {
		if (bl_ctr_resync(d) == 0) {
			/* Docker restarted: its socket is a new inode. Storing the profiles again
			 * takes the identities of what they name afresh. */
			if (lost)
				bl_reload_store_current(d);
			lost = true;
			wait_s = 1;
			bl_docker_follow(d->docker_sock, on_docker_event, d, &d->stop);
		}
		bl_ctr_gc(d);
		for (unsigned int i = 0; i < wait_s * 10 && !d->stop; i++)
			usleep(100000);
		if (wait_s < 8)
			wait_s *= 2;
	}
	return NULL;
}

static int take_pidfile(void)
{
	char pid[32];
	int fd, n;

	mkdir(BL_RUN_DIR, 0755);
	fd = open(BL_DAEMON_PIDFILE, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	if (flock(fd, LOCK_EX | LOCK_NB)) {
		bl_err("daemon: another boxlock daemon is running (%s)", BL_DAEMON_PIDFILE);
		close(fd);
		return -EBUSY;
	}
	n = snprintf(pid, sizeof(pid), "%d\n", getpid());
	if (ftruncate(fd, 0) || write(fd, pid, n) != n) {
		close(fd);
		return -errno;
	}
	return fd; /* kept open: the lock says the daemon runs */
}

static int open_log(struct bl_daemon *d)
{
	char dir[PATH_MAX], *slash;

	snprintf(dir, sizeof(dir), "%s", d->log_path);
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = 0;
		mkdir(dir, 0750);
	}
	d->log = fopen(d->log_path, "ae");
	if (!d->log) {
		bl_err("daemon: log %s: %s", d->log_path, strerror(errno));
		return -errno;
	}
	return 0;
}

static int parse(struct bl_daemon *d, int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "profiles", required_argument, NULL, 'P' },
		{ "log", required_argument, NULL, 'l' },
		{ "docker-socket", required_argument, NULL, 's' },
		{ "container-parent", required_argument, NULL, 'c' },
		{ "no-docker", no_argument, NULL, 'n' },
		{ "syslog", no_argument, NULL, 'S' },
		{ "syslog-to", required_argument, NULL, 'T' },
		{ "publish", required_argument, NULL, 'R' },
		{ "publish-buffer", required_argument, NULL, 'B' },
		{ "metrics", required_argument, NULL, 'M' },
		{},
	};
	int c;

	optind = 0;
	while ((c = getopt_long(argc + 1, argv - 1, "", lopts, NULL)) != -1) {
		switch (c) {
		case 'P':
			d->profile_dir = optarg;
			break;
		case 'l':
			d->log_path = optarg;
			break;
		case 's':
			d->docker_sock = optarg;
			break;
		case 'c':
			if (d->n_parents == 8)
				goto usage;
			d->parents[d->n_parents++] = optarg;
			break;
		case 'n':
			d->use_docker = false;
			break;
		case 'S':
			d->syslog = true;
			break;
		case 'T':
			d->syslog = true;
			d->syslog_to = optarg;
			break;
		case 'R':
			d->publish_url = optarg;
			break;
		case 'B':
			d->publish_buffer = optarg;
			break;
		case 'M':
			if (bl_metrics_parse_addr(optarg, &(struct bl_metrics_addr){}))
				goto usage; /* said before anything loads */
			d->metrics_addr = optarg;
			break;
		default:
			goto usage;
		}
	}
	if (optind != argc + 1)
		goto usage;
	if (!d->n_parents && d->use_docker)
		d->parents[d->n_parents++] = "/sys/fs/cgroup/docker"; /* cgroupfs driver */
	return 0;
usage:
	bl_err("usage: boxlock daemon [--profiles DIR] [--log FILE] [--docker-socket PATH] "
	       "[--container-parent CGROUP_DIR]... [--no-docker] [--syslog] [--syslog-to TO] "
	       "[--publish URL] [--publish-buffer N] [--metrics ADDR]");
	return -EINVAL;
}

int bl_cmd_daemon(int argc, char **argv)
{
	struct bl_daemon d = {
		.profile_dir = BL_DEFAULT_PROFILE_DIR,
		.log_path = BL_DEFAULT_LOG,
		.docker_sock = BL_DOCKER_SOCKET,
		.use_docker = true,
		.lock = PTHREAD_MUTEX_INITIALIZER,
	};
	pthread_t docker, holds, learn, reload;
	bool reloading;
	int err, pidfd;

	err = parse(&d, argc, argv);
	if (err)
		return err;
	pidfd = take_pidfile();
	if (pidfd < 0)
		return pidfd;
	if ((err = open_log(&d)))
		goto out_pid;
	if ((err = bl_install()) || (err = bl_maps_open(&d.maps)))
		goto out_log;
	if ((err = bl_canary(&d.maps, &d.canary_cgroup)) || (err = load_and_bind_parents(&d)))
		goto out_maps;
	if (d.metrics_addr && (err = bl_metrics_start(&d, d.metrics_addr)))
		goto out_maps;
	bl_holds_sync();
	/* For `container learn`: which files the learning children are compiled against. */
	if (bl_learn_write_daemon_state(d.profile_dir))
		bl_err("daemon: cannot write %s: 'container learn' will need --profiles",
		       BL_DAEMON_STATE);
	if (d.syslog && (err = bl_syslog_open(d.syslog_to, &d.syslog_out)))
		goto out_maps;
	if (d.publish_url && (err = bl_publish_open(d.publish_url, d.publish_buffer, &d.publish)))
		goto out_maps;
	the_daemon = &d;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGHUP, bl_reload_on_sighup); /* reload the profile directory (reload.c) */
	fprintf(stderr, "boxlock: daemon enforcing: %zu profiles from %s, events to %s\n", d.set.n,
		d.profile_dir, d.log_path);
	/* A failed notification is logged, not fatal: systemd then times the start out, which
	 * keeps docker from starting, and a daemon run by hand enforces all the same. */
	bl_sd_notify_ready();
	if ((err = pthread_create(&holds, NULL, bl_holds_thread, &d))) {
		err = -err;
		goto out_maps;
	}
	if ((err = pthread_create(&learn, NULL, bl_learn_thread, &d))) {
		err = -err;
		d.stop = true;
		pthread_join(holds, NULL);
		goto out_maps;
	}
	if (d.use_docker && (err = pthread_create(&docker, NULL, docker_thread, &d))) {
		err = -err;
		d.stop = true;
		pthread_join(learn, NULL);
		pthread_join(holds, NULL);
		goto out_maps;
	}
	reloading = !(err = pthread_create(&reload, NULL, bl_reload_thread, &d));
	if (!reloading)
		bl_err("daemon: reload thread: %s: profile changes are not applied", strerror(err));
	err = bl_eventlog_run(&d);
	d.stop = true;
	if (reloading)
		pthread_join(reload, NULL);
	if (d.use_docker)
		pthread_join(docker, NULL);
	pthread_join(learn, NULL);
	pthread_join(holds, NULL);
	/* Stopping the daemon stops nothing in the kernel: bindings and programs stay pinned. */
	fprintf(stderr, "boxlock: daemon stopped; enforcement stays in force\n");
out_maps:
	bl_metrics_end(&d); /* before the maps it reads close, and before publish's counters go */
	bl_publish_close(&d, d.publish); /* a bounded flush; the event thread is done */
	bl_syslog_close(d.syslog_out);
	bl_maps_close(&d.maps);
	bl_policy_set_free(&d.set);
	free(d.ctrs);
out_log:
	fclose(d.log);
out_pid:
	close(pidfd);
	return err;
}
