// SPDX-License-Identifier: GPL-2.0
/*
 * The daemon's side of `container learn --duration`: once a second it reads the records, and
 * stops each learning whose time has run out as `--stop` would, writing the generated profile
 * to BL_LEARNED_DIR/<container name>.ini (the profile is named after the container). Records outlive the daemon, so a learning that ran out
 * while no daemon ran is stopped at its next start. A stop that fails (the generator failed, a
 * task still runs under the child) is said and tried again a minute later; the container goes
 * on learning meanwhile (or, once rebound, its observations wait).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "daemon.h"
#include "daemon/learn.h"

#define RETRY_S 60

struct attempt {
	char id[65];
	long long next;
};

static struct attempt attempts[64];

/* Whether @id may be tried at @now (and, if so, not again before RETRY_S). */
static bool may_try(const char *id, long long now)
{
	struct attempt *free_slot = NULL;

	for (size_t i = 0; i < sizeof(attempts) / sizeof(attempts[0]); i++) {
		if (!attempts[i].id[0]) {
			free_slot = free_slot ? free_slot : &attempts[i];
			continue;
		}
		if (strcmp(attempts[i].id, id))
			continue;
		if (now < attempts[i].next)
			return false;
		attempts[i].next = now + RETRY_S;
		return true;
	}
	if (free_slot) {
		snprintf(free_slot->id, sizeof(free_slot->id), "%s", id);
		free_slot->next = now + RETRY_S;
	}
	return true;
}

static void expire(struct bl_daemon *d)
{
	struct bl_learning *v = NULL;
	struct timespec now;
	size_t n = 0;

	clock_gettime(CLOCK_REALTIME, &now);
	if (bl_learning_load(&v, &n))
		return;
	for (size_t i = 0; i < n && !d->stop; i++) {
		char out[PATH_MAX];

		if (!v[i].until || now.tv_sec < v[i].until || !may_try(v[i].id, now.tv_sec))
			continue;
		/* Named after the container (a profile's name is its file's), but never after
		 * the profile it extends or a learning child. */
		mkdir(BL_LEARNED_DIR, 0755);
		snprintf(out, sizeof(out), "%s/%.54s%s.ini", BL_LEARNED_DIR, v[i].name,
			 !strncmp(v[i].name, v[i].profile, sizeof(v[i].name)) ||
					 !strncmp(v[i].name, BL_LEARN_PREFIX,
						  strlen(BL_LEARN_PREFIX)) ?
				 "-learned" :
				 "");
		fprintf(stderr, "boxlock: container %s: --duration is over, learning stops\n",
			v[i].name);
		if (bl_learn_stop(&d->maps, v[i].id, out))
			fprintf(stderr,
				"boxlock: container %s: learning not stopped; tried again in "
				"%d s\n",
				v[i].name, RETRY_S);
	}
	free(v);
}

void *bl_learn_thread(void *arg)
{
	struct bl_daemon *d = arg;

	while (!d->stop) {
		expire(d);
		for (int i = 0; i < 10 && !d->stop; i++)
			usleep(100000);
	}
	return NULL;
}
