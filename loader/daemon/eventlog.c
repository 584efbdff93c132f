// SPDX-License-Identifier: GPL-2.0
/*
 * The event log: the daemon drains the ring buffer into JSON lines, one event per line, each
 * naming the container (id, name, image) when the cgroup is one it bound. The same lines go to
 * syslog (RFC 5424, syslog5424.h) with --syslog, and to a Redis stream with --publish.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include "cli.h"
#include "daemon.h"
#include "daemon/response.h"
#include "event.h"
#include "daemon/publish.h"
#include "daemon/syslog5424.h"
#include "metrics.h"

static int on_event(void *ctx, void *data, size_t len)
{
	struct bl_daemon *d = ctx;
	const struct bl_event *e = data;
	const struct bl_ctr *c;
	char *line;
	json_t *j;

	if (len < sizeof(*e) || (d->canary_cgroup && e->cgroup_id == d->canary_cgroup))
		return 0;
	j = bl_event_json(&d->maps, e);
	if (!j)
		return 0;
	pthread_mutex_lock(&d->lock);
	c = bl_ctr_by_cgroup(d, e->bound_cgroup_id);
	if (!c)
		c = bl_ctr_by_cgroup(d, e->cgroup_id);
	if (!c)
		c = bl_ctr_by_path(d, json_string_value(json_object_get(j, "cgroup")));
	if (c)
		json_object_set_new(j, "container",
				    json_pack("{s:s,s:s,s:s}", "id", c->id, "name", c->name,
					      "image", c->image));
	pthread_mutex_unlock(&d->lock);
	bl_response_on_event(d, e, j); /* freeze or kill, per the profile; adds "response" */
	line = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	if (line) {
		fprintf(d->log, "%s\n", line);
		fflush(d->log);
		if (d->syslog)
			bl_syslog_event(d->syslog_out, j);
		bl_publish_event(d, line);
		free(line);
	}
	bl_metrics_event(d, e, j);
	json_decref(j);
	return 0;
}

int bl_eventlog_run(struct bl_daemon *d)
{
	struct ring_buffer *rb;
	int err = 0;

	rb = ring_buffer__new(d->maps.events, on_event, d, NULL);
	if (!rb) {
		bl_err("daemon: events: %s", strerror(errno));
		return -errno;
	}
	while (!d->stop) {
		err = ring_buffer__poll(rb, 200);
		if (err < 0 && err != -EINTR) {
			bl_err("daemon: events: %s", strerror(-err));
			break;
		}
		err = 0;
	}
	ring_buffer__free(rb);
	return err;
}

bool bl_daemon_running(void)
{
	int fd = open(BL_DAEMON_PIDFILE, O_RDONLY | O_CLOEXEC);
	bool held;

	if (fd < 0)
		return false;
	/* The daemon holds an exclusive lock on its pid file for as long as it runs. */
	held = flock(fd, LOCK_SH | LOCK_NB) && errno == EWOULDBLOCK;
	close(fd);
	return held;
}
