/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The daemon reloads its profile directory when it changes (inotify) or on SIGHUP, all or
 * nothing: a set that does not compile, has no `default` or cannot be stored leaves the set in
 * force as it was, and says why (a "reload-failed" event in the log, stderr, a counter). Built
 * for a Kubernetes ConfigMap volume, where the kubelet swaps the `..data` symlink in one rename.
 */
#ifndef BL_DAEMON_RELOAD_H
#define BL_DAEMON_RELOAD_H

#include <pthread.h>
#include <time.h>

struct bl_daemon;

/* How long the directory must be quiet before a reload: one kubelet update is several events. */
#define BL_RELOAD_DEBOUNCE_MS 200

struct bl_reload_counters {
	unsigned long long ok;
	unsigned long long failed;
	time_t last_ok_time; /* CLOCK_REALTIME seconds; 0: never since the daemon started */
	char last_error[512]; /* "" when the last reload succeeded */
};

/* For the metrics module, at scrape time. */
void bl_reload_counters(struct bl_reload_counters *out);
/* SIGHUP's handler: asks the reload thread for a reload (async-signal-safe). */
void bl_reload_on_sighup(int sig);
/* Reloads d->profile_dir now; 0 or -errno (the old set stays in force then). */
int bl_reload_now(struct bl_daemon *d);
/* Stores the set in force again (the docker thread's, after a dockerd restart), never between a
 * reload's store and its switch of d->set. */
int bl_reload_store_current(struct bl_daemon *d);
/* The thread: watches d->profile_dir until d->stop. @arg is the daemon. */
void *bl_reload_thread(void *arg);

#endif /* BL_DAEMON_RELOAD_H */
