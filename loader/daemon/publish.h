/* SPDX-License-Identifier: GPL-2.0 */
/*
 * --publish redis://HOST:PORT/STREAM (or redis+unix:///PATH/STREAM): every event line, in order,
 * to a Redis stream (XADD STREAM MAXLEN ~ N * event <json>). The event thread only copies the line
 * into a bounded FIFO (fifo.h); a thread of its own does the network, reconnecting with a backoff
 * capped at 1 s and keeping what it could not send, in order.
 */
#ifndef BL_PUBLISH_H
#define BL_PUBLISH_H

#include <stdbool.h>

struct bl_daemon;
struct bl_publish;

#define BL_PUBLISH_BUFFER_DEFAULT 10000

struct bl_publish_counters {
	unsigned long long sent; /* acknowledged by the server (XADD answered with an id) */
	unsigned long long queued; /* in the FIFO now */
	unsigned long long dropped; /* refused by a full FIFO, since the start */
	unsigned long long reconnects; /* connections made after the first */
	bool connected;
};

/* Parses URL and BUFFER (NULL: the default) and starts the publisher thread. 0 or -errno. */
int bl_publish_open(const char *url, const char *buffer, struct bl_publish **out);
/* From the event thread, after the log write: queues LINE, never blocks on the network. */
void bl_publish_event(struct bl_daemon *d, const char *line);
/* Tries to send what is queued for at most two seconds, then stops the thread and frees. */
void bl_publish_close(struct bl_daemon *d, struct bl_publish *p);
/* For the metrics module, at scrape time; all zero when not publishing. */
void bl_publish_counters(struct bl_publish_counters *out);

/* Split out for the unit tests. redis://HOST[:PORT]/STREAM[?maxlen=N] or
 * redis+unix:///PATH/STREAM[?maxlen=N]; host/path and stream into the buffers. */
struct bl_publish_target {
	char host[256]; /* empty for a unix socket */
	char path[108]; /* the unix socket, else empty */
	int port;
	char stream[256];
	unsigned long long maxlen; /* 0: no trimming */
};
int bl_publish_parse_url(const char *url, struct bl_publish_target *t);

#endif /* BL_PUBLISH_H */
