// SPDX-License-Identifier: GPL-2.0
/*
 * The daemon's containers: each running container's cgroup bound to the profile whose `images`
 * match its image, else to `default`. The bindings live in the kernel; the table here only names
 * them (id, image) for events and `boxlock container list`, and is written to BL_STATE_FILE.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include "arm.h"
#include "bind.h"
#include "cgroup.h"
#include "cli.h"
#include "daemon.h"
#include "docker.h"
#include "lock.h"
#include "shim/choose.h"
#include "store.h"

static struct bl_ctr *find(struct bl_daemon *d, const char *id)
{
	for (size_t i = 0; i < d->n_ctrs; i++)
		if (!strcmp(d->ctrs[i].id, id))
			return &d->ctrs[i];
	return NULL;
}

const struct bl_ctr *bl_ctr_by_cgroup(const struct bl_daemon *d, __u64 cgroup_id)
{
	for (size_t i = 0; i < d->n_ctrs; i++)
		if (d->ctrs[i].cgroup_id == cgroup_id)
			return &d->ctrs[i];
	return NULL;
}

const struct bl_ctr *bl_ctr_by_path(const struct bl_daemon *d, const char *cgroup_path)
{
	const char *base = strrchr(cgroup_path, '/');

	/* Docker names a container's cgroup after its id (docker/ID, docker-ID.scope). */
	for (size_t i = 0; base && i < d->n_ctrs; i++)
		if (strstr(base, d->ctrs[i].id))
			return &d->ctrs[i];
	return NULL;
}

/* Fills @slot from Docker's view of container @c (not yet bound: cgroup_id 0). */
static void describe(struct bl_daemon *d, struct bl_ctr *slot, const struct bl_container *c);

int bl_ctr_note_created(struct bl_daemon *d, const char *id)
{
	struct bl_container c;
	struct bl_ctr *v;
	int err;

	err = bl_docker_inspect(d->docker_sock, id, &c);
	if (err)
		return err;
	pthread_mutex_lock(&d->lock);
	if (!find(d, c.id)) {
		v = realloc(d->ctrs, (d->n_ctrs + 1) * sizeof(*v));
		if (v) {
			d->ctrs = v;
			describe(d, &d->ctrs[d->n_ctrs++], &c);
		} else {
			err = -ENOMEM;
		}
	}
	pthread_mutex_unlock(&d->lock);
	return err;
}

int bl_ctr_write_state(const struct bl_daemon *d)
{
	char tmp[] = BL_STATE_FILE ".XXXXXX";
	json_t *list = json_array();
	int fd, err = 0;
	FILE *f;

	for (size_t i = 0; i < d->n_ctrs; i++) {
		const struct bl_ctr *c = &d->ctrs[i];

		json_array_append_new(list, json_pack("{s:s,s:s,s:s,s:s,s:s,s:I}", "id", c->id,
						      "name", c->name, "image", c->image, "profile",
						      c->profile, "cgroup", c->cgroup, "cgroup_id",
						      (json_int_t)c->cgroup_id));
	}
	/* Written whole and renamed into place: a reader sees the old list or the new one. */
	fd = mkstemp(tmp);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		err = -errno;
		goto out;
	}
	json_dumpf(list, f, JSON_INDENT(2));
	if (fclose(f) || rename(tmp, BL_STATE_FILE))
		err = -errno;
out:
	if (err)
		unlink(tmp);
	json_decref(list);
	return err;
}

static void describe(struct bl_daemon *d, struct bl_ctr *slot, const struct bl_container *c)
{
	const struct bl_policy *p = bl_profile_for_image(&d->set, c->image);

	memset(slot, 0, sizeof(*slot));
	snprintf(slot->id, sizeof(slot->id), "%.64s", c->id);
	snprintf(slot->name, sizeof(slot->name), "%.127s",
		 c->name[0] == '/' ? c->name + 1 : c->name);
	snprintf(slot->image, sizeof(slot->image), "%.255s", c->image);
	snprintf(slot->profile, sizeof(slot->profile), "%.63s", p ? p->name : BL_FALLBACK_PROFILE);
}

/*
 * A container boxlock-runc (or `boxlock hook`) bound before it ran keeps that binding: the
 * profile it chose (by annotation or label, which the daemon does not see) is read back for the
 * table, and nothing is armed, as every process of the container descends from its armed
 * entrypoint or is a `docker exec` that its own exec arms (arming that one now, mid set-up,
 * would judge its set-up). Returns 0 when kept, 1 when the container has no binding of its own,
 * -errno when its cgroup cannot be read.
 */
static int kept(struct bl_daemon *d, struct bl_ctr *slot, const char *cg)
{
	struct bl_binding b;
	__u32 level;
	__u64 id;
	int err;

	err = bl_cgroup_resolve(cg, &id, &level);
	if (err)
		return err;
	if (bpf_map_lookup_elem(d->maps.bindings, &id, &b))
		return 1;
	bl_store_name(&d->maps, b.profile_id, slot->profile, sizeof(slot->profile));
	slot->cgroup_id = id;
	return 0;
}

/* Binds one container (by docker id) to its profile. Called with d->lock held. */
static int bind_one(struct bl_daemon *d, const char *id)
{
	struct bl_container c;
	struct bl_ctr *slot;
	char cg[PATH_MAX];
	__u32 level;
	__u64 cgid;
	int err;

	err = bl_docker_inspect(d->docker_sock, id, &c);
	if (err)
		return err;
	if (!c.pid)
		return -ESRCH; /* not running (any more) */
	err = bl_cgroup_of_pid(c.pid, cg, sizeof(cg));
	if (err)
		return err;
	slot = find(d, c.id);
	if (!slot) {
		struct bl_ctr *v = realloc(d->ctrs, (d->n_ctrs + 1) * sizeof(*v));

		if (!v)
			return -ENOMEM;
		d->ctrs = v;
		slot = &d->ctrs[d->n_ctrs++];
	}
	describe(d, slot, &c);
	snprintf(slot->cgroup, sizeof(slot->cgroup), "%.4095s", cg);
	err = kept(d, slot, cg);
	if (err <= 0) {
		if (err)
			d->n_ctrs--;
		return err;
	}
	/* Armed at exec, so that `docker exec` can set its process up (join the namespaces,
	 * load the seccomp filter) before the profile holds it. What runs already is armed now:
	 * Docker reports a container started once runc has exec'd its entrypoint, so every
	 * process in its cgroup is the container's own (armed by its first exec already, unless
	 * it started before boxlock did). */
	err = bl_lock(); /* the binding and the arming as one: no unbind comes between */
	if (!err) {
		err = bl_bind_cgroup(&d->maps, cg, slot->profile, BL_BIND_ARM_AT_EXEC, &cgid,
				     &level);
		if (!err) {
			int n = bl_arm_cgroup(&d->maps, cg);

			err = n < 0 ? n : 0;
		}
		bl_unlock();
	}
	if (err) {
		d->n_ctrs--;
		return err;
	}
	slot->cgroup_id = cgid;
	return 0;
}

int bl_ctr_bind_docker(struct bl_daemon *d, const char *id)
{
	const struct bl_ctr *c;
	int err;

	pthread_mutex_lock(&d->lock);
	err = bind_one(d, id);
	c = err ? NULL : find(d, id);
	if (c) {
		bl_ctr_write_state(d);
		fprintf(stderr, "boxlock: container %.12s (%s, image %s) bound to profile %s\n",
			c->id, c->name, c->image, c->profile);
	} else if (err != -ESRCH && err != -ENOENT) { /* not gone already (a short --rm run) */
		fprintf(stderr, "boxlock: container %.12s: cannot bind: %s\n", id, strerror(-err));
	}
	pthread_mutex_unlock(&d->lock);
	return err;
}

/* Drops the binding of a container that is gone (its processes' arming goes with them). */
static void forget_at(struct bl_daemon *d, size_t i)
{
	bl_unbind_id(&d->maps, d->ctrs[i].cgroup_id);
	d->ctrs[i] = d->ctrs[--d->n_ctrs];
}

void bl_ctr_forget(struct bl_daemon *d, const char *id)
{
	pthread_mutex_lock(&d->lock);
	for (size_t i = 0; i < d->n_ctrs; i++) {
		if (strncmp(d->ctrs[i].id, id, strlen(id)))
			continue;
		forget_at(d, i);
		bl_ctr_write_state(d);
		break;
	}
	pthread_mutex_unlock(&d->lock);
}

int bl_ctr_resync(struct bl_daemon *d)
{
	json_t *ids, *id;
	size_t i;
	int err;

	err = bl_docker_running(d->docker_sock, &ids);
	if (err)
		return err;
	pthread_mutex_lock(&d->lock);
	/* Containers that stopped while nobody listened. */
	for (i = 0; i < d->n_ctrs;) {
		bool running = false;
		size_t j;

		json_array_foreach(ids, j, id)
			running |= !strcmp(json_string_value(id), d->ctrs[i].id);
		if (running)
			i++;
		else
			forget_at(d, i);
	}
	pthread_mutex_unlock(&d->lock);
	json_array_foreach(ids, i, id)
		bl_ctr_bind_docker(d, json_string_value(id));
	json_decref(ids);
	pthread_mutex_lock(&d->lock);
	bl_ctr_write_state(d);
	pthread_mutex_unlock(&d->lock);
	return 0;
}

/*
 * Bindings of cgroups that no longer exist. Cgroup ids are never reused, so a stale binding
 * denies nothing to anyone, but 1000 containers later it would still fill the map.
 */
void bl_ctr_gc(struct bl_daemon *d)
{
	char path[PATH_MAX];

	pthread_mutex_lock(&d->lock);
	bl_unbind_stale(&d->maps);
	for (size_t i = 0; i < d->n_ctrs;) {
		if (bl_cgroup_path(d->ctrs[i].cgroup_id, path, sizeof(path)))
			d->ctrs[i] = d->ctrs[--d->n_ctrs];
		else
			i++;
	}
	bl_ctr_write_state(d);
	pthread_mutex_unlock(&d->lock);
}
