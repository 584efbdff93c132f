/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Prometheus metrics of the daemon (`boxlock daemon --metrics ADDR`, docs/metrics.md): counters
 * of the events the event loop logs, kept here under a short mutex; what the kernel counts and
 * holds (the pinned `stats` map, bindings, profiles, rules, map usage), read at scrape time; served
 * as GET /metrics by libmicrohttpd on its own thread (metrics_http.c).
 */
#ifndef BL_METRICS_H
#define BL_METRICS_H

#include <limits.h>
#include <stdbool.h>
#include <sys/un.h>
#include <jansson.h>
#include "boxlock.h"
#include "pins.h"
#include "metrics_text.h"

/* Label sets a labelled counter keeps; events of further ones count in
 * boxlock_metrics_series_dropped_total instead, so a flood of names cannot eat the daemon. */
#define BL_METRICS_MAX_SERIES 10000

struct bl_daemon;
struct bl_metrics;
struct bl_metrics_http;

/* Where to serve: "HOST:PORT" (an IPv4 literal), "[IPV6]:PORT", or "unix:/ABSOLUTE/PATH". */
struct bl_metrics_addr {
	int family; /* AF_INET, AF_INET6, AF_UNIX */
	char host[64];
	unsigned short port;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
};

/* metrics.c */
/* For the daemon: serves metrics on @spec (d->metrics, d->metrics_http), or -errno, said. */
int bl_metrics_start(struct bl_daemon *d, const char *spec);
void bl_metrics_end(struct bl_daemon *d);
struct bl_metrics *bl_metrics_new(const struct bl_maps *maps);
void bl_metrics_free(struct bl_metrics *m);
/* Counts one logged event (the JSON the log got): events_total, responses_total and
 * response_seconds. Does nothing when the daemon serves no metrics (d->metrics NULL). */
void bl_metrics_event(struct bl_daemon *d, const struct bl_event *e, json_t *j);
/* Everything, in the text format, into @w; 0 or -ENOMEM. The scrape thread calls it. */
int bl_metrics_render(struct bl_metrics *m, struct bl_mtext *w);

/* metrics_kernel.c: what the pinned maps say now. A map that cannot be read is named in
 * boxlock_kernel_read_errors, never shown as zeros. */
void bl_metrics_kernel(const struct bl_maps *maps, struct bl_mtext *w);

/* metrics_http.c */
int bl_metrics_parse_addr(const char *s, struct bl_metrics_addr *a);
/* A listening socket for @a (a unix socket: mode 0660, a stale one replaced, a live one
 * refused with -EADDRINUSE); the fd or -errno. */
int bl_metrics_listen(const struct bl_metrics_addr *a);
/* Serves @m on @spec from a thread of libmicrohttpd's into *@out: 0 or -errno, said. */
int bl_metrics_serve(struct bl_metrics *m, const char *spec, struct bl_metrics_http **out);
void bl_metrics_stop(struct bl_metrics_http *h);

#endif /* BL_METRICS_H */
