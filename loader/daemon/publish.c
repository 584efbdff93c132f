// SPDX-License-Identifier: GPL-2.0
/*
 * The publisher (publish.h). Delivery is at least once: an XADD whose answer was lost with the
 * connection is sent again, so a consumer may see an event twice (same JSON, new stream id), never
 * out of order. The FIFO's entries stay in place while the thread sends them without the lock:
 * only this thread removes entries, and a full FIFO refuses new ones rather than evicting old.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <hiredis.h>
#include "cli.h"
#include "daemon.h"
#include "daemon/fifo.h"
#include "daemon/publish.h"

#define BATCH 64 /* XADDs pipelined in one round trip */
#define TIMEOUT_MS 1000 /* connect and each command: a dead server is noticed within it */
#define BACKOFF_MAX_MS 1000 /* so delivery resumes within about a second of the server's return */
#define FLUSH_MS 2000 /* at shutdown */

struct bl_publish {
	struct bl_publish_target t;
	struct bl_fifo fifo;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t thread;
	unsigned long long gap; /* dropped since the last gap marker was queued */
	struct bl_publish_counters n;
	bool stop;
	struct timespec flush_deadline;
};

static struct bl_publish *the_publisher;

void bl_publish_counters(struct bl_publish_counters *out)
{
	struct bl_publish *p = the_publisher;

	memset(out, 0, sizeof(*out));
	if (!p)
		return;
	pthread_mutex_lock(&p->lock);
	*out = p->n;
	out->queued = p->fifo.len;
	pthread_mutex_unlock(&p->lock);
}

static void now_plus(struct timespec *ts, long ms)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

static bool past(const struct timespec *ts)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec > ts->tv_sec || (now.tv_sec == ts->tv_sec && now.tv_nsec >= ts->tv_nsec);
}

static redisContext *connect_server(const struct bl_publish_target *t)
{
	struct timeval tv = { .tv_sec = TIMEOUT_MS / 1000, .tv_usec = TIMEOUT_MS % 1000 * 1000 };
	redisContext *c;

	c = t->path[0] ? redisConnectUnixWithTimeout(t->path, tv) :
			 redisConnectWithTimeout(t->host, t->port, tv);
	if (c && !c->err && redisSetTimeout(c, tv) == REDIS_OK)
		return c;
	if (c)
		redisFree(c);
	return NULL;
}

/* Sends lines[0..n) pipelined; returns how many, from the first, the server stored. *failed is
 * set when the connection is no longer usable (an I/O error, a timeout, an error reply). */
static size_t send_batch(struct bl_publish *p, redisContext *c, const char **lines, size_t n,
			 char *why, size_t why_sz)
{
	redisReply *r;
	size_t ok = 0;

	for (size_t i = 0; i < n; i++) {
		int rc = p->t.maxlen ?
				 redisAppendCommand(c, "XADD %s MAXLEN ~ %llu * event %s",
						    p->t.stream, p->t.maxlen, lines[i]) :
				 redisAppendCommand(c, "XADD %s * event %s", p->t.stream, lines[i]);
		if (rc != REDIS_OK)
			goto io;
	}
	for (; ok < n; ok++) {
		if (redisGetReply(c, (void **)&r) != REDIS_OK || !r)
			goto io;
		if (r->type == REDIS_REPLY_ERROR) {
			snprintf(why, why_sz, "XADD %.64s: %.160s", p->t.stream, r->str);
			freeReplyObject(r);
			return ok;
		}
		freeReplyObject(r);
	}
	why[0] = 0;
	return ok;
io:
	snprintf(why, why_sz, "%s", c->errstr[0] ? c->errstr : "connection lost");
	return ok;
}

/* Waits for ms, or less once the flush deadline of a stop has passed. Stopping does not cut the
 * wait short: a refused connection during the flush would otherwise spin. */
static void backoff(struct bl_publish *p, unsigned int ms)
{
	struct timespec until;

	now_plus(&until, ms);
	pthread_mutex_lock(&p->lock);
	while (!past(&until) && !(p->stop && past(&p->flush_deadline)))
		pthread_cond_timedwait(&p->wake, &p->lock, &until);
	pthread_mutex_unlock(&p->lock);
}

static void *publish_thread(void *arg)
{
	struct bl_publish *p = arg;
	unsigned int wait_ms = 50;
	const char *lines[BATCH];
	bool ever = false, warned = false;
	redisContext *c = NULL;
	char why[256] = "";
	size_t n, ok;

	for (;;) {
		pthread_mutex_lock(&p->lock);
		while (!p->fifo.len && !p->stop)
			pthread_cond_wait(&p->wake, &p->lock);
		if (p->stop && (!p->fifo.len || past(&p->flush_deadline))) {
			pthread_mutex_unlock(&p->lock);
			break;
		}
		n = p->fifo.len < BATCH ? p->fifo.len : BATCH;
		for (size_t i = 0; i < n; i++)
			lines[i] = bl_fifo_peek(&p->fifo, i);
		pthread_mutex_unlock(&p->lock);

		if (!c) {
			c = connect_server(&p->t);
			if (!c) {
				if (!warned)
					bl_err("publish: cannot reach %s:%d%s: keeping events, retrying",
					       p->t.path[0] ? p->t.path : p->t.host, p->t.port,
					       p->t.path[0] ? " (unix)" : "");
				warned = true;
				backoff(p, wait_ms);
				wait_ms = wait_ms * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS :
									 wait_ms * 2;
				continue;
			}
			pthread_mutex_lock(&p->lock);
			p->n.connected = true;
			if (ever)
				p->n.reconnects++;
			pthread_mutex_unlock(&p->lock);
			ever = true;
		}
		ok = send_batch(p, c, lines, n, why, sizeof(why));
		pthread_mutex_lock(&p->lock);
		bl_fifo_pop(&p->fifo, ok);
		p->n.sent += ok;
		if (why[0])
			p->n.connected = false;
		pthread_mutex_unlock(&p->lock);
		if (why[0]) {
			/* Whatever the cause, start afresh: the unanswered XADDs are still queued.
			 * Said once per outage, not at every retry. */
			if (!warned)
				bl_err("publish: %s: keeping %zu events, reconnecting", why,
				       n - ok);
			redisFree(c);
			c = NULL;
			warned = true;
			backoff(p, wait_ms);
			wait_ms = wait_ms * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : wait_ms * 2;
		} else {
			warned = false;
			wait_ms = 50;
		}
	}
	if (c)
		redisFree(c);
	return NULL;
}

int bl_publish_open(const char *url, const char *buffer, struct bl_publish **out)
{
	unsigned long cap = BL_PUBLISH_BUFFER_DEFAULT;
	struct bl_publish *p;
	char *end;
	int err;

	*out = NULL;
	if (buffer) {
		errno = 0;
		cap = strtoul(buffer, &end, 10);
		if (errno || end == buffer || *end || cap < 2 || cap > 10000000) {
			bl_err("publish: --publish-buffer '%s': expected a number of events, 2 to "
			       "10000000",
			       buffer);
			return -EINVAL;
		}
	}
	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	if ((err = bl_publish_parse_url(url, &p->t)) || (err = bl_fifo_init(&p->fifo, cap)))
		goto out;
	pthread_mutex_init(&p->lock, NULL);
	{
		pthread_condattr_t a;

		pthread_condattr_init(&a);
		pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
		pthread_cond_init(&p->wake, &a);
		pthread_condattr_destroy(&a);
	}
	err = -pthread_create(&p->thread, NULL, publish_thread, p);
	if (err) {
		bl_err("publish: cannot start its thread: %s", strerror(-err));
		bl_fifo_free(&p->fifo);
		goto out;
	}
	the_publisher = p;
	*out = p;
	return 0;
out:
	free(p);
	return err;
}

/* The marker a consumer sees where events were dropped, in the stream's order (and in the log,
 * which has every event, so its reader sees where the stream has a gap). */
static char *gap_marker(unsigned long long n, unsigned long long total)
{
	struct timespec ts;
	char *s = NULL;
	struct tm tm;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	if (asprintf(
		    &s,
		    "{\"dropped\":%llu,\"dropped_total\":%llu,\"kind\":\"daemon\","
		    "\"time\":\"%04d-%02d-%02dT%02d:%02d:%02d.%06ldZ\",\"what\":\"publish-dropped\"}",
		    n, total, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
		    tm.tm_sec, ts.tv_nsec / 1000) < 0)
		return NULL;
	return s;
}

/* Queues the gap marker when there is room for it and more; the caller holds the lock. Returns
 * the marker for the log (the caller frees it), NULL when none was queued. */
static char *queue_gap_locked(struct bl_publish *p, size_t room_needed)
{
	char *m;

	if (!p->gap || bl_fifo_room(&p->fifo) < room_needed)
		return NULL;
	m = gap_marker(p->gap, p->n.dropped);
	if (!m || bl_fifo_push(&p->fifo, m)) {
		free(m);
		return NULL;
	}
	p->gap = 0;
	return m;
}

static void log_marker(struct bl_daemon *d, char *m)
{
	if (!m)
		return;
	fprintf(d->log, "%s\n", m);
	fflush(d->log);
	free(m);
}

void bl_publish_event(struct bl_daemon *d, const char *line)
{
	struct bl_publish *p = d->publish;
	char *marker;

	if (!p)
		return;
	pthread_mutex_lock(&p->lock);
	/* Room for the marker and this event, or the marker would take the event's place. */
	marker = queue_gap_locked(p, 2);
	if (bl_fifo_push(&p->fifo, line)) {
		/* Full (or out of memory): this, the newest, is dropped (fifo.h says why). */
		p->n.dropped++;
		p->gap++;
	}
	pthread_cond_signal(&p->wake);
	pthread_mutex_unlock(&p->lock);
	log_marker(d, marker);
}

void bl_publish_close(struct bl_daemon *d, struct bl_publish *p)
{
	struct bl_publish_counters n;
	char *marker;

	if (!p)
		return;
	pthread_mutex_lock(&p->lock);
	marker = queue_gap_locked(p, 1);
	p->stop = true;
	now_plus(&p->flush_deadline, FLUSH_MS);
	pthread_cond_signal(&p->wake);
	pthread_mutex_unlock(&p->lock);
	log_marker(d, marker);
	pthread_join(p->thread, NULL);
	bl_publish_counters(&n);
	if (n.queued || n.dropped)
		bl_err("publish: stopped with %llu events unsent, %llu dropped (%llu sent)",
		       n.queued, n.dropped, n.sent);
	the_publisher = NULL;
	bl_fifo_free(&p->fifo);
	pthread_cond_destroy(&p->wake);
	pthread_mutex_destroy(&p->lock);
	free(p);
}
