/* SPDX-License-Identifier: GPL-2.0 */
/* boxlock daemon: binds containers to profiles as they start, and writes the event log. */
#ifndef BL_DAEMON_H
#define BL_DAEMON_H

#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include "pins.h"
#include "policy.h"

#define BL_RUN_DIR "/run/boxlock"
#define BL_DAEMON_PIDFILE BL_RUN_DIR "/daemon.pid"
#define BL_STATE_FILE BL_RUN_DIR "/containers.json"
#define BL_DEFAULT_LOG "/var/log/boxlock/events.json"
#define BL_FALLBACK_PROFILE "default"

struct bl_syslog;
struct bl_publish;

/* A container the daemon bound. */
struct bl_ctr {
	char id[65];
	char name[128];
	char image[256];
	char profile[BL_NAME_MAX];
	char cgroup[PATH_MAX];
	__u64 cgroup_id;
};

struct bl_daemon {
	struct bl_maps maps;
	struct bl_policy_set set;
	const char *profile_dir;
	const char *log_path;
	const char *docker_sock;
	const char *parents[8]; /* cgroups the runtime makes containers under: bound to default */
	int n_parents;
	bool use_docker;
	bool syslog;
	const char *syslog_to; /* --syslog-to; NULL: /dev/log */
	struct bl_syslog *syslog_out; /* syslog5424.h */
	const char *publish_url, *publish_buffer; /* --publish, --publish-buffer */
	struct bl_publish *publish; /* publish.h */
	FILE *log;
	pthread_mutex_t lock; /* the container table and the maps' bindings */
	struct bl_ctr *ctrs;
	size_t n_ctrs;
	__u64 canary_cgroup; /* its events are the daemon's own check, not logged */
	volatile bool stop;
	const char *metrics_addr; /* --metrics ADDR, NULL for none (metrics.h) */
	struct bl_metrics *metrics;
	struct bl_metrics_http *metrics_http;
};

/* containers.c: the container table, kept in the bindings map and in BL_STATE_FILE. */
int bl_ctr_bind_docker(struct bl_daemon *d, const char *id);
void bl_ctr_forget(struct bl_daemon *d, const char *id);
int bl_ctr_resync(struct bl_daemon *d);
void bl_ctr_gc(struct bl_daemon *d);
const struct bl_ctr *bl_ctr_by_cgroup(const struct bl_daemon *d, __u64 cgroup_id);
/* The container a cgroup path belongs to, by the id in its name: for events from a container
 * that died before it could be bound (it ran under its parent's `default`). */
const struct bl_ctr *bl_ctr_by_path(const struct bl_daemon *d, const char *cgroup_path);
/* Remembers a created container's name and image, so that its events name it from the start. */
int bl_ctr_note_created(struct bl_daemon *d, const char *id);
int bl_ctr_write_state(const struct bl_daemon *d);

/* canary.c: proves that the kernel enforces before the daemon says it does. */
int bl_canary(const struct bl_maps *m, __u64 *cgroup_id);

/* holds.c: an fd of every pinned link, so that a removed pin detaches nothing while it runs.
 * bl_holds_sync looks once (the daemon's start-up, before it says it enforces); the thread every
 * two seconds until d->stop. */
void bl_holds_sync(void);
void *bl_holds_thread(void *arg);

/* sd_notify.c: tells systemd (Type=notify) that the daemon enforces; 0 when not under systemd. */
int bl_sd_notify_ready(void);

/* eventlog.c: the ring buffer, drained into JSON lines. */
int bl_eventlog_run(struct bl_daemon *d);
/* Whether a daemon holds the pid file (and so owns the ring buffer). */
bool bl_daemon_running(void);

#endif /* BL_DAEMON_H */
