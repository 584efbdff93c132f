// SPDX-License-Identifier: GPL-2.0
/*
 * Reloading the profile directory while the daemon runs (reload.h).
 *
 * A Kubernetes ConfigMap volume changes like this: the kubelet writes the new files into a fresh
 * `..2026_12_02_...` directory, points `..data_tmp` at it and renames `..data_tmp` over `..data`;
 * the visible `default.ini` is a link to `..data/default.ini`, so every file changes in that one
 * rename. Links of files added or removed follow, and the old version's directory goes. Each
 * step is an event on the directory: the reload waits until it has been quiet for
 * BL_RELOAD_DEBOUNCE_MS, then compiles the whole directory and stores it in one bl_store_set (all
 * or nothing, each profile switched in one map update: store.h).
 *
 * What a reload does not do, on purpose, as `boxlock profile load` does not either: it removes no
 * profile. One that the new set lacks stays in the kernel, for the cgroups still bound to it (an
 * unloaded profile would deny their tasks everything, and `profile unload` refuses while it is
 * bound); new containers are no longer matched to it, and the "reloaded" event names it under
 * "kept". The learning children (`learn-NAME`, compiled from /run/boxlock/learn, not from this
 * directory) are not in the set, so a reload leaves them as they are; a set that would replace
 * one (a file naming a profile learn-*) is refused. A child holds its parent's rules as compiled
 * when the learning began (compile.c flattens `extends`): a reload that changes the parent
 * reaches the container when the learning stops and it returns to the parent.
 *
 * A reload stores each profile with the mode its file says, as `profile load` does: a mode set
 * by `boxlock mode` since is replaced by the file's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/inotify.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include <jansson.h>
#include "cli.h"
#include "daemon.h"
#include "daemon/learn.h"
#include "daemon/publish.h"
#include "daemon/reload.h"
#include "daemon/syslog5424.h"
#include "event.h"
#include "profile_compile.h"
#include "store.h"

/* Held around every store of a whole set, so that no store of the old set (the docker thread's,
 * after a dockerd restart) comes between a reload's store and its swap of d->set. Outermost:
 * taken with neither d->lock nor the pin lock held. */
static pthread_mutex_t set_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t counters_lock = PTHREAD_MUTEX_INITIALIZER;
static struct bl_reload_counters counters;
static volatile sig_atomic_t hup;

void bl_reload_counters(struct bl_reload_counters *out)
{
	pthread_mutex_lock(&counters_lock);
	*out = counters;
	pthread_mutex_unlock(&counters_lock);
}

void bl_reload_on_sighup(int sig)
{
	(void)sig;
	hup = 1;
}

static long long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000LL + t.tv_nsec / 1000000;
}

/* One daemon event, a JSON line in the event log as the kernel's are (and syslog with --syslog). */
static void log_daemon_event(struct bl_daemon *d, const char *what, json_t *j)
{
	struct timespec t;
	char when[64];
	char *line;

	clock_gettime(CLOCK_REALTIME, &t);
	/* The kernel's events' format: their boot time plus when the boot began; here 0 plus now. */
	bl_event_time(0, t.tv_sec * 1000000000LL + t.tv_nsec, when, sizeof(when));
	json_object_set_new(j, "kind", json_string("daemon"));
	json_object_set_new(j, "what", json_string(what));
	json_object_set_new(j, "time", json_string(when));
	json_object_set_new(j, "profiles_dir", json_string(d->profile_dir));
	line = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	if (d->syslog)
		bl_syslog_event(d->syslog_out, j);
	json_decref(j);
	if (!line)
		return;
	/* The event thread writes the same stream: one line at a time. */
	flockfile(d->log);
	fprintf(d->log, "%s\n", line);
	fflush(d->log);
	funlockfile(d->log);
	bl_publish_event(d, line); /* the fleet sees a node's failed reload too */
	free(line);
}

static int failed(struct bl_daemon *d, int err, const char *why, const struct bl_diag *diag)
{
	json_t *errs = json_array();

	for (size_t i = 0; diag && i < diag->n; i++)
		json_array_append_new(errs, bl_json_text(diag->msgs[i])); /* may quote any byte */
	bl_err("daemon: reload of %s failed, the profiles in force stay: %s", d->profile_dir, why);
	pthread_mutex_lock(&counters_lock);
	counters.failed++;
	snprintf(counters.last_error, sizeof(counters.last_error), "%s", why);
	pthread_mutex_unlock(&counters_lock);
	log_daemon_event(d, "reload-failed",
			 json_pack("{s:o,s:o,s:s}", "error", bl_json_text(why), "errors", errs,
				   "errno", strerrorname_np(-err) ? strerrorname_np(-err) : "?"));
	return err;
}

/* The set's problems that the compiler does not see; 0 or -errno with @why filled. */
static int check_set(const struct bl_daemon *d, const struct bl_policy_set *set, char *why,
		     size_t len)
{
	for (size_t i = 0; i < set->n; i++) {
		if (!strncmp(set->v[i]->name, BL_LEARN_PREFIX, strlen(BL_LEARN_PREFIX))) {
			snprintf(why, len,
				 "%s: profile %s: names starting with '%s' are container learn's",
				 set->v[i]->file, set->v[i]->name, BL_LEARN_PREFIX);
			return -EINVAL;
		}
	}
	if (!bl_policy_set_find(set, BL_FALLBACK_PROFILE)) {
		snprintf(why, len,
			 "%s: no %s.ini: containers without a profile of their own would run "
			 "unconfined",
			 d->profile_dir, BL_FALLBACK_PROFILE);
		return -ENOENT;
	}
	return 0;
}

/* The names of @old that @new lacks: still in the kernel after the reload (see the top). */
static json_t *kept_names(const struct bl_policy_set *old, const struct bl_policy_set *new)
{
	json_t *kept = json_array();

	for (size_t i = 0; i < old->n; i++)
		if (!bl_policy_set_find(new, old->v[i]->name))
			json_array_append_new(kept, json_string(old->v[i]->name));
	return kept;
}

int bl_reload_now(struct bl_daemon *d)
{
	struct bl_policy_set set = {};
	struct bl_diag diag = {};
	long long t0 = now_ms();
	char why[512];
	json_t *names, *kept;
	int err;

	/* Compiled with no lock held: it reads files only, and may take a while. */
	err = bl_profile_dir_load_diag(d->profile_dir, &set, &diag);
	if (err) {
		snprintf(why, sizeof(why), "%s",
			 diag.n ? diag.msgs[0] :
				  (bl_last_error[0] ? bl_last_error : strerror(-err)));
		failed(d, err, why, &diag);
		bl_diag_free(&diag);
		return err;
	}
	bl_diag_free(&diag);
	err = check_set(d, &set, why, sizeof(why));
	if (err) {
		failed(d, err, why, NULL);
		bl_policy_set_free(&set);
		return err;
	}
	pthread_mutex_lock(&set_lock);
	bl_last_error[0] = 0;
	err = bl_store_set(&d->maps, &set); /* takes the pin lock (lock.h) */
	if (!err) {
		struct bl_policy_set old;

		/* containers.c reads d->set under d->lock to match images. */
		pthread_mutex_lock(&d->lock);
		old = d->set;
		d->set = set;
		pthread_mutex_unlock(&d->lock);
		set = old;
	}
	pthread_mutex_unlock(&set_lock);
	if (err) {
		snprintf(why, sizeof(why), "%s: %s", d->profile_dir,
			 bl_last_error[0] ? bl_last_error : strerror(-err));
		failed(d, err, why, NULL);
		bl_policy_set_free(&set);
		return err;
	}
	/* @set is the old set now. d->set is only replaced by this thread: read without d->lock. */
	names = json_array();
	for (size_t i = 0; i < d->set.n; i++)
		json_array_append_new(names, json_string(d->set.v[i]->name));
	kept = kept_names(&set, &d->set);
	bl_policy_set_free(&set);
	pthread_mutex_lock(&counters_lock);
	counters.ok++;
	counters.last_ok_time = time(NULL);
	counters.last_error[0] = 0;
	pthread_mutex_unlock(&counters_lock);
	fprintf(stderr, "boxlock: daemon: reloaded %zu profiles from %s in %lld ms\n", d->set.n,
		d->profile_dir, now_ms() - t0);
	log_daemon_event(d, "reloaded",
			 json_pack("{s:o,s:o,s:I}", "profiles", names, "kept", kept, "ms",
				   (json_int_t)(now_ms() - t0)));
	return 0;
}

/* The docker thread's store of the set in force (reload.h's set_lock: see above). */
int bl_reload_store_current(struct bl_daemon *d)
{
	int err;

	pthread_mutex_lock(&set_lock);
	err = bl_store_set(&d->maps, &d->set);
	pthread_mutex_unlock(&set_lock);
	return err;
}

#define WATCH_MASK                                                                               \
	(IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_CLOSE_WRITE | IN_DELETE_SELF | \
	 IN_MOVE_SELF)

/* Whether an event names what the set is made of: a profile file, or the kubelet's swap. */
static bool relevant(const struct inotify_event *ev)
{
	size_t len = ev->len ? strlen(ev->name) : 0;

	if (ev->mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED | IN_Q_OVERFLOW))
		return true;
	if (!len)
		return false;
	return !strcmp(ev->name, "..data") ||
	       (ev->name[0] != '.' && len > 4 && !strcmp(ev->name + len - 4, ".ini"));
}

/* Reads what is queued; true when any of it is relevant. Sets *@wd to -1 when the watch went. */
static bool drain(int fd, int *wd)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	bool any = false;
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		for (char *p = buf; p < buf + n;) {
			const struct inotify_event *ev = (const struct inotify_event *)p;

			any |= relevant(ev);
			if (ev->mask & (IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF)) {
				if (*wd >= 0 && !(ev->mask & IN_IGNORED))
					inotify_rm_watch(fd, *wd);
				*wd = -1;
			}
			p += sizeof(*ev) + ev->len;
		}
	}
	return any;
}

void *bl_reload_thread(void *arg)
{
	struct bl_daemon *d = arg;
	long long due = 0; /* when to reload; 0: nothing pending */
	bool warned = false;
	int fd, wd = -1;

	fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (fd < 0)
		/* SIGHUP still reloads; said, as a directory nobody watches is a surprise. */
		bl_err("daemon: reload: inotify: %s: changes to %s need SIGHUP", strerror(errno),
		       d->profile_dir);
	while (!d->stop) {
		struct pollfd p = { .fd = fd, .events = POLLIN };

		if (fd >= 0 && wd < 0) {
			wd = inotify_add_watch(fd, d->profile_dir, WATCH_MASK | IN_ONLYDIR);
			if (wd >= 0 && warned)
				due = now_ms(); /* the directory is back: what is in it now? */
			if (wd < 0 && !warned)
				bl_err("daemon: reload: cannot watch %s: %s (retrying)",
				       d->profile_dir, strerror(errno));
			warned = wd < 0;
		}
		if (poll(&p, fd >= 0 ? 1 : 0, 100) > 0 && drain(fd, &wd))
			due = now_ms() + BL_RELOAD_DEBOUNCE_MS;
		if (hup) {
			hup = 0;
			due = now_ms();
		}
		if (due && now_ms() >= due) {
			due = 0;
			bl_reload_now(d);
		}
	}
	if (fd >= 0)
		close(fd);
	return NULL;
}
