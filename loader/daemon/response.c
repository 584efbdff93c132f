// SPDX-License-Identifier: GPL-2.0
/*
 * The response to a denial: on the event thread, right after the event's JSON is built, the
 * profile in force for the event's profile id (its entry in the kernel's profiles map, so a
 * profile loaded by `boxlock load` after the daemon started counts) says report, freeze or kill.
 * Freeze writes 1 to the container's cgroup.freeze and records it (frozen.c) until `boxlock
 * container release`; kill writes 1 to cgroup.kill. The kernel acts on neither: it denied
 * already; this stops what the container does next. Every refusal or failure is in the event.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include "cgroup.h"
#include "cli.h"
#include "daemon/daemon.h"
#include "daemon/response.h"
#include "names.h"

static struct bl_response_counters counters;

void bl_response_counters(struct bl_response_counters *out)
{
	out->freezes = __atomic_load_n(&counters.freezes, __ATOMIC_RELAXED);
	out->kills = __atomic_load_n(&counters.kills, __ATOMIC_RELAXED);
	out->refused = __atomic_load_n(&counters.refused, __ATOMIC_RELAXED);
	out->failed = __atomic_load_n(&counters.failed, __ATOMIC_RELAXED);
	out->repeated = __atomic_load_n(&counters.repeated, __ATOMIC_RELAXED);
}

#define COUNT(field) __atomic_fetch_add(&counters.field, 1, __ATOMIC_RELAXED)

/*
 * Cgroups killed already, by inode (a new cgroup of the same name is a new container): the
 * events its tasks queued before they died must not kill again. A ring: an old entry's cgroup
 * is long gone.
 */
static __u64 killed[64];
static unsigned int n_killed;

static bool was_killed(__u64 ino)
{
	for (unsigned int i = 0; i < sizeof(killed) / sizeof(killed[0]); i++)
		if (killed[i] == ino)
			return true;
	return false;
}

static double ms_since(__u64 ts_ns)
{
	struct timespec now;

	/* The BPF side stamps bpf_ktime_get_boot_ns(): CLOCK_BOOTTIME. */
	clock_gettime(CLOCK_BOOTTIME, &now);
	return ((double)now.tv_sec * 1e9 + (double)now.tv_nsec - (double)ts_ns) / 1e6;
}

static void put_response(json_t *j, const char *action, double ms, const char *cgroup,
			 const char *error)
{
	json_t *r = json_pack("{s:s}", "action", action);

	if (!r)
		return;
	if (ms >= 0)
		json_object_set_new(r, "ms", json_real(ms));
	if (cgroup && cgroup[0])
		json_object_set_new(r, "cgroup", json_string(cgroup));
	if (error && error[0])
		json_object_set_new(r, "error", json_string(error));
	json_object_set_new(j, "response", r);
}

static const char *jstr(json_t *j, const char *key)
{
	return json_string_value(json_object_get(j, key));
}

/* The record `container list` and `container release` read: who, why, when. */
static void record_freeze(const char *cgroup, json_t *j)
{
	json_t *c = json_object_get(j, "container"), *r;
	int err;

	r = json_pack("{s:s,s:s?,s:s?,s:s?,s:s?,s:s?,s:s?,s:I}", "cgroup", cgroup, "id",
		      jstr(c, "id"), "name", jstr(c, "name"), "profile", jstr(j, "profile"), "rule",
		      jstr(j, "rule"), "hook", jstr(j, "hook"), "since", jstr(j, "time"), "pid",
		      json_integer_value(json_object_get(j, "pid")));
	err = r ? bl_frozen_add(r) : -ENOMEM;
	if (err)
		bl_err("response: %s: frozen, but not recorded in %s: %s; 'boxlock container "
		       "release %s' will not find it",
		       cgroup, BL_FROZEN_FILE, strerror(-err), cgroup);
	json_decref(r);
}

/*
 * Whether a cgroup below @dir (not @dir itself) is bound to a profile of its own, other than
 * @own (the binding the event came from): then @dir holds another container, and freezing or
 * killing it would stop that one too (a runtime's slice taken for a container parent, a slice
 * an operator bound whole while its containers have their own bindings). 1 with its path in
 * @found; 0 when none is; 1 too when the tree cannot be read whole, or is deeper than any
 * runtime makes it: what cannot be checked is not acted on.
 */
static int holds_other_binding(int bindings, const char *dir, __u64 own, char *found, size_t len,
			       int depth)
{
	char sub[PATH_MAX];
	struct bl_binding b;
	struct dirent *de;
	struct stat st;
	int hit = 0;
	DIR *d;

	if (depth > 32 || !(d = opendir(dir))) {
		snprintf(found, len, "%s (%s)", dir,
			 depth > 32 ? "too deep to check" : strerror(errno));
		return 1;
	}
	while (!hit && (de = readdir(d))) {
		__u64 id;

		if (de->d_type != DT_DIR || !strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (snprintf(sub, sizeof(sub), "%s/%s", dir, de->d_name) >= (int)sizeof(sub) ||
		    stat(sub, &st)) {
			snprintf(found, len, "%s/%s (cannot be checked)", dir, de->d_name);
			hit = 1;
			break;
		}
		id = st.st_ino; /* a cgroup v2 directory's inode number is its cgroup id */
		if (id != own && !bpf_map_lookup_elem(bindings, &id, &b)) {
			snprintf(found, len, "%s", sub);
			hit = 1;
			break;
		}
		hit = holds_other_binding(bindings, sub, own, found, len, depth + 1);
	}
	closedir(d);
	return hit;
}

static int resolve_parents(const struct bl_daemon *d, char (*buf)[PATH_MAX], const char **out)
{
	int n = 0;

	for (int i = 0; i < d->n_parents && i < 8; i++)
		if (realpath(d->parents[i], buf[n]))
			out[n] = buf[n], n++;
	return n;
}

void bl_response_on_event(struct bl_daemon *d, const struct bl_event *e, json_t *j)
{
	static const char *const keep_what[] = { "the boxlock daemon's cgroup", "PID 1's cgroup" };
	char target[PATH_MAX], why[PATH_MAX * 2 + 128], keep_buf[2][PATH_MAX], found[PATH_MAX];
	char parent_buf[8][PATH_MAX];
	const char *parents[8], *keep[2] = { NULL, NULL };
	struct bl_response_where w = {};
	const char *action;
	struct bl_profile p;
	struct stat st;
	int err;

	if (bpf_map_lookup_elem(d->maps.profiles, &e->profile_id, &p)) {
		/* Unloaded since: no response is known, and guessing one could freeze for nothing. */
		COUNT(failed);
		put_response(j, "none", -1, NULL,
			     "the profile is no longer in the kernel: its response is unknown");
		return;
	}
	if (p.response == BL_RESPONSE_REPORT)
		return;
	action = p.response == BL_RESPONSE_KILL ? "kill" : "freeze";
	if (e->verdict != BL_VERDICT_DENIED && !(p.response_flags & BL_RESP_IN_AUDIT)) {
		put_response(j, "none", -1, NULL, NULL); /* audit, and response-in-audit = no */
		return;
	}
	if (!bl_cgroup_of_pid(getpid(), keep_buf[0], sizeof(keep_buf[0])))
		keep[0] = keep_buf[0];
	if (!bl_cgroup_of_pid(1, keep_buf[1], sizeof(keep_buf[1])))
		keep[1] = keep_buf[1];
	if (!keep[0]) {
		/* Without it every cgroup could hold the daemon: act on none. */
		COUNT(refused);
		put_response(j, "none", -1, NULL, "the daemon's own cgroup cannot be read");
		return;
	}
	w.cgroup = jstr(j, "cgroup");
	w.bound = jstr(j, "bound_cgroup");
	w.parents = parents;
	w.n_parents = resolve_parents(d, parent_buf, parents);
	w.keep = keep;
	w.keep_what = keep_what;
	w.n_keep = 2;
	err = bl_response_target(&w, target, sizeof(target), why, sizeof(why));
	if (err) {
		if (err == -EPERM)
			COUNT(refused);
		else
			COUNT(failed);
		bl_err("response: %s refused: %s", action, why);
		put_response(j, "none", -1, err == -EPERM ? NULL : w.cgroup, why);
		return;
	}
	if (stat(target, &st)) {
		COUNT(failed);
		snprintf(why, sizeof(why), "%s: %s", target, strerror(errno));
		put_response(j, "none", -1, target, why);
		return;
	}
	if (holds_other_binding(d->maps.bindings, target, e->bound_cgroup_id, found, sizeof(found),
				0)) {
		/* Cut, if it must be, at the end: the paths come first. */
		if (snprintf(why, sizeof(why),
			     "%s holds %s, bound to a profile of its own: another container, never "
			     "frozen or killed with this one",
			     target, found) >= (int)sizeof(why))
			why[sizeof(why) - 1] = 0;
		COUNT(refused);
		bl_err("response: %s refused: %s", action, why);
		put_response(j, "none", -1, NULL, why);
		return;
	}
	/* One action per container until released: its queued events must not pile up more. */
	if (p.response == BL_RESPONSE_FREEZE ? bl_cgroup_read_int(target, "cgroup.freeze") == 1 :
					       was_killed(st.st_ino)) {
		COUNT(repeated);
		put_response(j, "none", -1, target,
			     p.response == BL_RESPONSE_FREEZE ?
				     "already frozen: 'boxlock container release' thaws it" :
				     "already killed");
		return;
	}
	err = bl_cgroup_write(
		target, p.response == BL_RESPONSE_KILL ? "cgroup.kill" : "cgroup.freeze", "1");
	if (err) {
		COUNT(failed);
		snprintf(why, sizeof(why), "%s: writing %s: %s", target,
			 p.response == BL_RESPONSE_KILL ? "cgroup.kill" : "cgroup.freeze",
			 strerror(-err));
		bl_err("response: %s", why);
		put_response(j, "none", ms_since(e->ts_ns), target, why); /* none was taken */
		return;
	}
	put_response(j, action, ms_since(e->ts_ns), target, NULL);
	if (p.response == BL_RESPONSE_KILL) {
		COUNT(kills);
		killed[n_killed++ % (sizeof(killed) / sizeof(killed[0]))] = st.st_ino;
	} else {
		COUNT(freezes);
		record_freeze(target, j);
	}
}
