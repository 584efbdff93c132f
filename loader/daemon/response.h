/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Responses ([profile] response = freeze | kill): after a denial the daemon freezes or kills the
 * container's cgroup (cgroup v2 cgroup.freeze, cgroup.kill), never a cgroup that holds the
 * daemon, PID 1, or more than one container.
 */
#ifndef BL_DAEMON_RESPONSE_H
#define BL_DAEMON_RESPONSE_H

#include <jansson.h>
#include <limits.h>
#include <stddef.h>
#include <linux/types.h>
#include "boxlock.h"

struct bl_daemon;

#define BL_FROZEN_FILE "/run/boxlock/frozen.json"

/* What bl_response_counters reports (for the metrics module), counted since the daemon started. */
struct bl_response_counters {
	__u64 freezes; /* cgroup.freeze written */
	__u64 kills; /* cgroup.kill written */
	__u64 refused; /* a target the safety rules refused */
	__u64 failed; /* the write, or finding the cgroup, failed */
	__u64 repeated; /* a container already frozen or killed: no second action */
};
void bl_response_counters(struct bl_response_counters *out);

/*
 * After the event @e, whose JSON is @j (with its "container" when known): acts when the profile
 * in force for e->profile_id says so, and adds "response" to @j. Called by the event thread only.
 */
void bl_response_on_event(struct bl_daemon *d, const struct bl_event *e, json_t *j);

/* response_target.c: the pure decision, for unit tests too. */
struct bl_response_where {
	const char *cgroup; /* the event's own cgroup, "/sys/fs/cgroup/..." */
	const char *bound; /* the bound cgroup that applied */
	const char *const *parents; /* the runtime's container parents */
	int n_parents;
	const char *const *keep; /* cgroups that must never be touched: the daemon's, PID 1's */
	const char *const *keep_what; /* what each is, for the message: "the daemon's cgroup" */
	int n_keep;
};
/*
 * The cgroup to act on in @out: the bound cgroup, or, when that is a container parent, the
 * event's cgroup's child directly under it. -EPERM with the reason in @why when the safety rules
 * refuse it (the root, an ancestor of or one of @keep, a container parent or an ancestor of one,
 * a cgroup not at or below the bound one); -ENOENT when a path is unknown.
 */
int bl_response_target(const struct bl_response_where *w, char *out, size_t len, char *why,
		       size_t why_len);

/* frozen.c: the record of frozen containers, BL_FROZEN_FILE, a JSON array of objects
 * {cgroup, id, name, profile, rule, hook, since}. Locked with flock against concurrent writers. */
int bl_frozen_add(json_t *record);
/* Removes the record of @cgroup; 0 when there was one, -ENOENT when not. */
int bl_frozen_remove(const char *cgroup);
/* Every record (a new reference), an empty array when there is none; NULL on error. */
json_t *bl_frozen_load(void);

#endif /* BL_DAEMON_RESPONSE_H */
