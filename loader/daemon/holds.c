// SPDX-License-Identifier: GPL-2.0
/*
 * The daemon holds an fd of every pinned link (links/ and iter/) while it runs: a link lives while
 * anything holds it, so a pin removed while the daemon runs detaches nothing, and the hook keeps
 * enforcing until `boxlock load` pins it again (`boxlock status` names the missing pin). Every
 * two seconds the held set follows the pins: a pin replaced by `boxlock load` (an upgrade) is
 * held anew and the old link let go; a missing pin's link is kept, and said once. When boxlock is
 * unloaded (maps/settings gone), every link is let go, so that `boxlock unload` detaches.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include "cli.h"
#include "daemon.h"

#define MAX_HELD 128

struct held {
	char name[80]; /* links/<prog> or iter/<name> */
	int fd;
	__u32 id;
	bool seen; /* its pin was there at the last look */
	bool warned; /* its pin's absence was said */
};

static struct held held[MAX_HELD];
static size_t n_held;

static __u32 link_id(int fd)
{
	struct bpf_link_info info;
	__u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	return bpf_obj_get_info_by_fd(fd, &info, &len) ? 0 : info.id;
}

static void release_all(void)
{
	for (size_t i = 0; i < n_held; i++)
		close(held[i].fd);
	n_held = 0;
}

/* Holds the link pinned at @sub/@name: a new one, or the one that replaced what was held. */
static void hold(const char *sub, const char *name)
{
	char pin[PATH_MAX], key[80];
	int fd;
	__u32 id;

	snprintf(key, sizeof(key), "%s/%.60s", sub, name);
	snprintf(pin, sizeof(pin), "%s/%s", bl_opts.pin_dir, key);
	fd = bpf_obj_get(pin);
	if (fd < 0)
		return;
	id = link_id(fd);
	for (size_t i = 0; i < n_held; i++) {
		if (strcmp(held[i].name, key))
			continue;
		held[i].seen = true;
		if (held[i].warned)
			fprintf(stderr, "boxlock: daemon: pin %s is back\n", key);
		held[i].warned = false;
		if (held[i].id == id) {
			close(fd);
		} else { /* replaced (an upgrade): the old link may go now */
			close(held[i].fd);
			held[i].fd = fd;
			held[i].id = id;
		}
		return;
	}
	if (n_held == MAX_HELD) {
		close(fd);
		return;
	}
	held[n_held++] = (struct held){ .fd = fd, .id = id, .seen = true };
	snprintf(held[n_held - 1].name, sizeof(held[0].name), "%s", key);
}

static void sync_dir(const char *sub)
{
	char dir[PATH_MAX];
	struct dirent *de;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/%s", bl_opts.pin_dir, sub);
	d = opendir(dir);
	if (!d)
		return;
	while ((de = readdir(d)))
		if (de->d_name[0] != '.')
			hold(sub, de->d_name);
	closedir(d);
}

void bl_holds_sync(void)
{
	if (!bl_is_loaded()) {
		release_all(); /* unloaded: holding on would keep the hooks attached */
		return;
	}
	for (size_t i = 0; i < n_held; i++)
		held[i].seen = false;
	sync_dir("links");
	sync_dir("iter");
	for (size_t i = 0; i < n_held; i++) {
		if (held[i].seen || held[i].warned)
			continue;
		held[i].warned = true;
		fprintf(stderr,
			"boxlock: daemon: pin %s/%s is missing: the daemon holds its link, the hook "
			"stays attached; 'boxlock load' pins it again\n",
			bl_opts.pin_dir, held[i].name);
	}
}

void *bl_holds_thread(void *arg)
{
	struct bl_daemon *d = arg;

	while (!d->stop) {
		bl_holds_sync();
		for (int i = 0; i < 20 && !d->stop; i++)
			usleep(100000);
	}
	/* The daemon stops: the pins hold what they hold, as before it ran. */
	release_all();
	return NULL;
}
