// SPDX-License-Identifier: GPL-2.0
/*
 * The daemon's own counters, fed by the event loop (bl_metrics_event, one call per logged event)
 * and read by the scrape thread (bl_metrics_render). The event loop takes the mutex for one hash
 * lookup and an increment; the scrape takes it only to copy the counts: a series, once added, is
 * never changed but for its count nor freed while the daemon runs, so its label values are read
 * without the lock. The list of series never moves (its capacity is fixed at start).
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "daemon.h"
#include "metrics.h"
#include "daemon/publish.h"
#include "daemon/reload.h"
#include "daemon/response.h"

#define HASH_BUCKETS 16384 /* a power of two, above BL_METRICS_MAX_SERIES */
#define MAX_LABELS 5

struct series {
	struct series *next; /* in its hash bucket */
	__u64 count; /* under the mutex */
	const char *values[MAX_LABELS]; /* into the same allocation; immutable */
};

struct table {
	const char *name, *help;
	const char *labels[MAX_LABELS];
	size_t n_labels;
	struct series **list; /* BL_METRICS_MAX_SERIES slots, filled in order */
	size_t n; /* under the mutex */
	struct series *buckets[HASH_BUCKETS];
};

/* Seconds from a denial to the response's cgroup write: the goal is under 100 ms. */
static const double response_le[] = { 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
				      0.1,   0.25,   0.5,   1,	  2.5 };
#define N_LE (sizeof(response_le) / sizeof(response_le[0]))

struct bl_metrics {
	const struct bl_maps *maps;
	pthread_mutex_t lock;
	struct table events, responses;
	__u64 dropped; /* events not counted: their table was full */
	__u64 resp_buckets[N_LE + 1]; /* per bucket (the last: above every bound), not cumulated */
	double resp_sum;
	__u64 resp_count;
};

static __u64 hash(const char *const *v, size_t n)
{
	__u64 h = 1469598103934665603ull; /* FNV-1a, each value ended by its NUL */

	for (size_t i = 0; i < n; i++) {
		const char *s = v[i];

		do {
			h ^= (unsigned char)*s;
			h *= 1099511628211ull;
		} while (*s++);
	}
	return h;
}

static struct series *series_new(const char *const *v, size_t n)
{
	size_t len[MAX_LABELS], total = sizeof(struct series);
	struct series *s;
	char *p;

	for (size_t i = 0; i < n; i++)
		total += (len[i] = strlen(v[i]) + 1);
	s = calloc(1, total);
	if (!s)
		return NULL;
	p = (char *)(s + 1);
	for (size_t i = 0; i < n; i++) {
		memcpy(p, v[i], len[i]);
		s->values[i] = p;
		p += len[i];
	}
	return s;
}

/* Under the mutex: counts one for the series of @v; false when it could not (the table full,
 * no memory): the caller counts it as dropped. */
static bool table_inc(struct table *t, const char *const *v)
{
	size_t b = hash(v, t->n_labels) & (HASH_BUCKETS - 1);
	struct series *s;

	for (s = t->buckets[b]; s; s = s->next) {
		size_t i;

		for (i = 0; i < t->n_labels && !strcmp(s->values[i], v[i]); i++)
			;
		if (i == t->n_labels) {
			s->count++;
			return true;
		}
	}
	if (t->n == BL_METRICS_MAX_SERIES || !(s = series_new(v, t->n_labels)))
		return false;
	s->count = 1;
	s->next = t->buckets[b];
	t->buckets[b] = s;
	t->list[t->n++] = s;
	return true;
}

static void table_free(struct table *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->list[i]);
	free(t->list);
}

struct bl_metrics *bl_metrics_new(const struct bl_maps *maps)
{
	struct bl_metrics *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	m->maps = maps;
	pthread_mutex_init(&m->lock, NULL);
	m->events = (struct table){
		.name = "boxlock_events_total",
		.help = "Events logged (denials in enforce mode, would-be denials in audit mode).",
		.labels = { "profile", "rule", "hook", "verdict", "container" },
		.n_labels = 5,
	};
	m->responses = (struct table){
		.name = "boxlock_responses_total",
		.help = "Responses to denials (freeze, kill, none when refused or failed).",
		.labels = { "profile", "container", "action" },
		.n_labels = 3,
	};
	m->events.list = calloc(BL_METRICS_MAX_SERIES, sizeof(*m->events.list));
	m->responses.list = calloc(BL_METRICS_MAX_SERIES, sizeof(*m->responses.list));
	if (!m->events.list || !m->responses.list) {
		bl_metrics_free(m);
		return NULL;
	}
	return m;
}

void bl_metrics_free(struct bl_metrics *m)
{
	if (!m)
		return;
	table_free(&m->events);
	table_free(&m->responses);
	pthread_mutex_destroy(&m->lock);
	free(m);
}

static const char *str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

void bl_metrics_event(struct bl_daemon *d, const struct bl_event *e, json_t *j)
{
	struct bl_metrics *m = d->metrics;
	json_t *resp, *ms;
	const char *ctr;

	(void)e; /* the JSON is what the log says: the counts agree with it */
	if (!m || json_object_get(j, "kind")) /* the daemon's own events are not denials */
		return;
	ctr = str(json_object_get(j, "container"), "name");
	resp = json_object_get(j, "response");
	ms = json_object_get(resp, "ms");
	pthread_mutex_lock(&m->lock);
	if (!table_inc(&m->events, (const char *[]){ str(j, "profile"), str(j, "rule"),
						     str(j, "hook"), str(j, "verdict"), ctr }))
		m->dropped++;
	if (json_is_object(resp) &&
	    !table_inc(&m->responses,
		       (const char *[]){ str(j, "profile"), ctr, str(resp, "action") }))
		m->dropped++;
	if (json_is_number(ms)) {
		double s = json_number_value(ms) / 1000;
		size_t b = 0;

		while (b < N_LE && s > response_le[b])
			b++;
		m->resp_buckets[b]++;
		m->resp_sum += s;
		m->resp_count++;
	}
	pthread_mutex_unlock(&m->lock);
}

static void table_render(struct bl_mtext *w, const struct table *t, size_t n, const __u64 *counts)
{
	struct bl_mlabel l[MAX_LABELS];

	bl_mtext_family(w, t->name, "counter", t->help);
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < t->n_labels; k++)
			l[k] = (struct bl_mlabel){ t->labels[k], t->list[i]->values[k] };
		bl_mtext_u64(w, t->name, l, t->n_labels, counts[i]);
	}
}

static void histogram_render(struct bl_mtext *w, const __u64 *buckets, double sum, __u64 count)
{
	const char *name = "boxlock_response_seconds";
	__u64 cum = 0;
	char le[32];

	bl_mtext_family(w, name, "histogram",
			"Time from a denial to the response's write to the container's cgroup.");
	for (size_t b = 0; b <= N_LE; b++) {
		cum += buckets[b];
		if (b < N_LE)
			snprintf(le, sizeof(le), "%g", response_le[b]);
		else
			snprintf(le, sizeof(le), "+Inf");
		bl_mtext_u64(w, "boxlock_response_seconds_bucket", &(struct bl_mlabel){ "le", le },
			     1, cum);
	}
	bl_mtext_double(w, "boxlock_response_seconds_sum", NULL, 0, sum);
	bl_mtext_u64(w, "boxlock_response_seconds_count", NULL, 0, count);
}

/*
 * Counters other modules own, read through each one's getter at scrape time. One block per
 * module, a family per counter, each with its HELP and TYPE, e.g. for publish.h's
 *	struct bl_publish_counters pc;
 *	bl_publish_counters(&pc);
 *	bl_mtext_single(w, "boxlock_publish_sent_total", "counter", "Events sent to Redis.",
 *			pc.sent);
 * and for a labelled one bl_mtext_family() once, then bl_mtext_u64() per label set. A getter
 * copies its module's numbers under that module's own short lock, never this one.
 */
static void module_counters(struct bl_metrics *m, struct bl_mtext *w)
{
	struct bl_publish_counters pc;
	struct bl_reload_counters rc;
	struct bl_response_counters sc;
	static const char *const outcomes[] = { "freeze", "kill", "refused", "failed", "repeated" };
	__u64 n[5];

	(void)m;
	bl_publish_counters(&pc);
	bl_mtext_single(w, "boxlock_publish_sent_total", "counter",
			"Events the queue server acknowledged (--publish).", pc.sent);
	bl_mtext_single(w, "boxlock_publish_queued", "gauge",
			"Events waiting in the daemon for the queue server.", pc.queued);
	bl_mtext_single(w, "boxlock_publish_dropped_total", "counter",
			"Events refused by the daemon's full publish buffer.", pc.dropped);
	bl_mtext_single(w, "boxlock_publish_reconnects_total", "counter",
			"Connections to the queue server after the first.", pc.reconnects);
	bl_mtext_single(w, "boxlock_publish_connected", "gauge",
			"1 while the daemon is connected to the queue server.", pc.connected);

	bl_response_counters(&sc);
	n[0] = sc.freezes;
	n[1] = sc.kills;
	n[2] = sc.refused;
	n[3] = sc.failed;
	n[4] = sc.repeated;
	bl_mtext_family(
		w, "boxlock_response_outcomes_total", "counter",
		"What the daemon did after a denial under a freeze or kill response: froze, "
		"killed, refused (a target the safety rules forbid), failed, or nothing more "
		"(the container was already frozen or killed).");
	for (size_t i = 0; i < sizeof(outcomes) / sizeof(outcomes[0]); i++)
		bl_mtext_u64(w, "boxlock_response_outcomes_total",
			     &(struct bl_mlabel){ "outcome", outcomes[i] }, 1, n[i]);

	bl_reload_counters(&rc);
	bl_mtext_family(w, "boxlock_profile_reloads_total", "counter",
			"Reloads of the profile directory, by result (a failed one left the set in "
			"force unchanged).");
	bl_mtext_u64(w, "boxlock_profile_reloads_total", &(struct bl_mlabel){ "result", "ok" }, 1,
		     rc.ok);
	bl_mtext_u64(w, "boxlock_profile_reloads_total", &(struct bl_mlabel){ "result", "failed" },
		     1, rc.failed);
	bl_mtext_single(
		w, "boxlock_profile_reload_last_success_timestamp_seconds", "gauge",
		"When the profile directory was last reloaded whole (0: not since the daemon "
		"started).",
		(__u64)rc.last_ok_time);
	bl_mtext_family(w, "boxlock_profile_reload_failing", "gauge",
			"1 while the newest profile directory does not load (the old set stays in "
			"force); the label says why.");
	bl_mtext_u64(w, "boxlock_profile_reload_failing",
		     &(struct bl_mlabel){ "error", rc.last_error }, 1, rc.last_error[0] != 0);
}

int bl_metrics_render(struct bl_metrics *m, struct bl_mtext *w)
{
	__u64 *ev = malloc(BL_METRICS_MAX_SERIES * sizeof(*ev));
	__u64 *rs = malloc(BL_METRICS_MAX_SERIES * sizeof(*rs));
	__u64 buckets[N_LE + 1], dropped, resp_count;
	size_t n_ev, n_rs;
	double resp_sum;

	if (!ev || !rs) {
		free(ev);
		free(rs);
		return -ENOMEM;
	}
	/* The copy, under the lock the event loop takes; the formatting, without it. */
	pthread_mutex_lock(&m->lock);
	n_ev = m->events.n;
	n_rs = m->responses.n;
	for (size_t i = 0; i < n_ev; i++)
		ev[i] = m->events.list[i]->count;
	for (size_t i = 0; i < n_rs; i++)
		rs[i] = m->responses.list[i]->count;
	memcpy(buckets, m->resp_buckets, sizeof(buckets));
	resp_sum = m->resp_sum;
	resp_count = m->resp_count;
	dropped = m->dropped;
	pthread_mutex_unlock(&m->lock);

	bl_mtext_single(w, "boxlock_up", "gauge", "1 while the boxlock daemon serves metrics.", 1);
	bl_mtext_family(w, "boxlock_build_info", "gauge", "The daemon's version, as a label.");
	bl_mtext_u64(w, "boxlock_build_info", &(struct bl_mlabel){ "version", BOXLOCK_VERSION }, 1,
		     1);
	table_render(w, &m->events, n_ev, ev);
	table_render(w, &m->responses, n_rs, rs);
	histogram_render(w, buckets, resp_sum, resp_count);
	bl_mtext_single(w, "boxlock_metrics_series_dropped_total", "counter",
			"Events not counted in a labelled counter: it holds its maximum of label "
			"sets (10000) already.",
			dropped);
	bl_metrics_kernel(m->maps, w);
	module_counters(m, w);
	free(ev);
	free(rs);
	return w->err;
}

int bl_metrics_start(struct bl_daemon *d, const char *spec)
{
	int err;

	d->metrics = bl_metrics_new(&d->maps);
	if (!d->metrics) {
		bl_err("daemon: metrics: %s", strerror(ENOMEM));
		return -ENOMEM;
	}
	err = bl_metrics_serve(d->metrics, spec, &d->metrics_http);
	if (err) {
		bl_metrics_free(d->metrics);
		d->metrics = NULL;
	}
	return err;
}

void bl_metrics_end(struct bl_daemon *d)
{
	bl_metrics_stop(d->metrics_http); /* first: no scrape runs once it returns */
	d->metrics_http = NULL;
	bl_metrics_free(d->metrics);
	d->metrics = NULL;
}
