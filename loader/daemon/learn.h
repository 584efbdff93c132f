/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `boxlock container learn`: one running container switched to a learning child of its profile
 * (`learn-<container>`: extends its profile, mode learn, no rules of its own), and back.
 *
 * The command does the switch itself, under the lock on the pinned state, rather than asking the
 * daemon: the binding, the move of every running task and the record are one step that either
 * happens or is undone, and its errors reach the operator's terminal. The daemon does not undo
 * it: it keeps any binding it finds on a running container (containers.c, kept()), and it stops
 * a learning whose --duration has run out (bl_learn_thread). Records are in BL_LEARN_STATE, which
 * outlives a daemon restart as the observations do (the pinned `learned` map).
 */
#ifndef BL_DAEMON_LEARN_H
#define BL_DAEMON_LEARN_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include "boxlock.h"
#include "pins.h"

#define BL_LEARN_STATE "/run/boxlock/learning.json"
#define BL_LEARN_DIR "/run/boxlock/learn" /* the children's profiles, learn-<name>.ini */
#define BL_LEARNED_DIR "/run/boxlock/learned" /* what an expired --duration generated */
#define BL_DAEMON_STATE "/run/boxlock/daemon.json" /* the running daemon's profile directory */
#define BL_LEARN_PREFIX "learn-"

/* One container that learns, or learned and waits for its profile to be generated. */
struct bl_learning {
	char id[65];
	char name[128];
	char image[256];
	char cgroup[PATH_MAX];
	__u64 cgroup_id;
	char profile[BL_NAME_MAX]; /* the profile it was bound to, and returns to */
	char learn_profile[BL_NAME_MAX]; /* the child */
	char profile_dir[PATH_MAX]; /* where the profile's file was compiled from */
	__u32 bind_flags; /* of its binding, kept for the way back */
	long long started; /* CLOCK_REALTIME seconds */
	long long until; /* when --duration ends it; 0: only --stop does */
	bool stopped; /* rebound to its profile already; the child stays until generated */
};

/* learn_state.c: the records, read and written whole (the writer holds the lock). */
int bl_learning_load(struct bl_learning **v, size_t *n);
int bl_learning_save(const struct bl_learning *v, size_t n);
/* The record of container @key (id, id prefix or name) in @v, or NULL. */
struct bl_learning *bl_learning_find(struct bl_learning *v, size_t n, const char *key);

/* learn.c */
struct bl_learn_start {
	const char *container; /* id, id prefix or name, as `container list` shows it */
	const char *profile_dir; /* NULL: the daemon's (BL_DAEMON_STATE), else the default */
	long long duration_s; /* 0: until --stop */
};
/* Switches the container to learning; fills @rec with what was recorded. */
int bl_learn_start(const struct bl_maps *m, const struct bl_learn_start *req,
		   struct bl_learning *rec);
/*
 * Stops the learning of container @key: rebinds it to its profile (every task moved back),
 * generates the profile from the child's observations into @out ("-": stdout), unloads the
 * child. A container that is gone is not rebound; its observations are still generated. The
 * profile is named by @out's file name (DIR/NAME.ini), on stdout after the container's image.
 * If the generator fails, the container stays rebound and the child loaded: stop again.
 */
int bl_learn_stop(const struct bl_maps *m, const char *key, const char *out);
/* The name a generated profile takes: the image's, without registry, tag or digest. */
void bl_learn_image_name(const char *image, const char *avoid, char *buf, size_t len);
/* Seconds from "90", "90s", "5m", "2h"; -EINVAL for anything else. */
long long bl_learn_parse_duration(const char *s);

/* The daemon's thread: stops every learning whose --duration has run out, into
 * BL_LEARNED_DIR/<container name>.ini. @arg is the daemon (struct bl_daemon). */
void *bl_learn_thread(void *arg);
/* Written by the daemon at start-up: the profile directory a learning child is compiled against. */
int bl_learn_write_daemon_state(const char *profile_dir);

#endif /* BL_DAEMON_LEARN_H */
