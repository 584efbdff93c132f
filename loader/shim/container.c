// SPDX-License-Identifier: GPL-2.0
/* One container's cgroup bound to its profile, with every step that can fail failing the bind. */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include "bind.h"
#include "cgroup.h"
#include "cli.h"
#include "daemon/daemon.h"
#include "lock.h"
#include "profile_compile.h"
#include "shim/container.h"
#include "store.h"

#define MAX_CHAIN 16 /* profiles in an extends chain; the compiler allows fewer */

/* Docker's config.v2.json of the container, or NULL when it is not a Docker container. */
static int docker_config(const struct bl_container_req *r, json_t **out)
{
	char path[PATH_MAX];
	json_error_t jerr;

	*out = NULL;
	if (bl_docker_config_path(r->oci, r->id, path, sizeof(path)))
		return 0;
	if (access(path, F_OK) && errno == ENOENT)
		return 0; /* a hostname file where Docker keeps it, but no Docker container */
	*out = json_load_file(path, 0, &jerr);
	if (!*out || !json_is_object(*out)) {
		bl_err("container %s: Docker's config %s cannot be read: %s", r->id, path,
		       jerr.text);
		json_decref(*out);
		*out = NULL;
		return -EBADMSG;
	}
	return 0;
}

/*
 * Puts profile @name in force if the kernel does not have it, from the profile directory, with
 * the parents it extends that are not loaded either. Profiles loaded already are left as they
 * are (their mode may have been switched since).
 */
static int ensure_loaded(const struct bl_maps *m, const struct bl_container_req *r,
			 struct bl_policy_set *set, bool *compiled, const char *name)
{
	struct bl_policy *chain[MAX_CHAIN];
	struct bl_policy_set sub = { .v = chain };
	__u32 id;
	int err;

	if (!bl_store_find(m, name, &id))
		return 0;
	if (!*compiled) {
		err = bl_profile_dir_load(r->profile_dir, set);
		if (err) {
			bl_err("container %s: profile %s is not loaded, and the profiles in %s do "
			       "not compile",
			       r->id, name, r->profile_dir);
			return err;
		}
		*compiled = true;
	}
	for (const char *cur = name; cur && sub.n < MAX_CHAIN; cur = chain[sub.n - 1]->extends) {
		if (!bl_store_find(m, cur, &id))
			break;
		chain[sub.n] = bl_policy_set_find(set, cur);
		if (!chain[sub.n]) {
			bl_err("container %s: profile %s is not loaded, and %s has no profile of that "
			       "name",
			       r->id, cur, r->profile_dir);
			return -ENOENT;
		}
		sub.n++;
	}
	err = bl_store_set(m, &sub);
	if (err)
		bl_err("container %s: profile %s cannot be loaded from %s: %s", r->id, name,
		       r->profile_dir, strerror(-err));
	return err;
}

/* Refuses a cgroup that another container bound to a different profile. */
static int check_unshared(const struct bl_maps *m, const struct bl_container_req *r,
			  const char *name)
{
	struct bl_binding b;
	char had[BL_NAME_MAX];
	__u32 level, id;
	__u64 cg;
	int err;

	err = bl_cgroup_resolve(r->cgroup, &cg, &level);
	if (err) {
		bl_err("container %s: cgroup %s: %s", r->id, r->cgroup, strerror(-err));
		return err;
	}
	if (bpf_map_lookup_elem(m->bindings, &cg, &b))
		return 0;
	if (!bl_store_find(m, name, &id) && id == b.profile_id)
		return 0;
	bl_store_name(m, b.profile_id, had, sizeof(had));
	bl_err("container %s: cgroup %s is bound to profile %s already (shared with another "
	       "container?): it cannot also be under %s",
	       r->id, r->cgroup, had, name);
	return -EBUSY;
}

static int choose_and_bind(const struct bl_maps *m, const struct bl_container_req *r,
			   const json_t *docker, struct bl_choice *c)
{
	struct bl_policy_set set = {};
	bool compiled = false;
	int err;

	err = bl_profile_choose(r->oci, docker, NULL, c);
	if (err == -EAGAIN) {
		/* An image to match: against the profiles of the directory, as the daemon does. */
		err = bl_profile_dir_load(r->profile_dir, &set);
		if (err) {
			bl_err("container %s: its image cannot be matched: the profiles in %s do not "
			       "compile",
			       r->id, r->profile_dir);
			return err;
		}
		compiled = true;
		err = bl_profile_choose(r->oci, docker, &set, c);
	}
	if (err) {
		bl_err("container %s: %s", r->id, c->why);
		goto out;
	}
	err = ensure_loaded(m, r, &set, &compiled, c->profile);
	if (!err)
		err = check_unshared(m, r, c->profile);
	if (!err)
		err = bl_bind_cgroup(m, r->cgroup, c->profile, BL_BIND_ARM_AT_EXEC, NULL, NULL);
	if (!err)
		bl_unbind_stale(m); /* no daemon may be running to do it */
out:
	bl_policy_set_free(&set);
	return err;
}

int bl_container_bind(const struct bl_container_req *r, struct bl_choice *c)
{
	json_t *docker = NULL;
	struct bl_maps m;
	int err;

	memset(c, 0, sizeof(*c));
	err = docker_config(r, &docker);
	if (err)
		return err;
	err = bl_maps_open(&m);
	if (err) {
		bl_err("container %s: boxlock is not loaded ('boxlock load', or start the boxlock "
		       "service): the container cannot be bound",
		       r->id);
		goto out;
	}
	/*
	 * Creates of several containers at once (Docker starts them in parallel) would each find
	 * a profile missing and store it, and two stores of one name could take two ids: the
	 * control-plane lock (lock.h) is held from the lookup to the bind.
	 */
	err = bl_lock();
	if (!err) {
		err = choose_and_bind(&m, r, docker, c);
		bl_unlock();
	}
	bl_maps_close(&m);
out:
	json_decref(docker);
	return err;
}
