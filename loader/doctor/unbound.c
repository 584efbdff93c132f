// SPDX-License-Identifier: GPL-2.0
/*
 * boxlock doctor's unbound-containers check: running containers that no binding holds right now.
 * It walks the cgroup v2 tree for populated cgroups named as runtimes name a container's
 * (cgnames.h) with no binding on them or above them. A bound cgroup's subtree is not walked (the
 * binding holds all of it), nor a container's own (its cgroups are the container's). A warning:
 * such a container runs unconfined, but enforcement itself is in place.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <linux/magic.h>
#include <bpf/bpf.h>
#include "boxlock.h"
#include "cgroup.h"
#include "doctor/cgnames.h"
#include "doctor/doctor.h"

#define CHECK "unbound-containers"
#define CGROOT BL_DOCTOR_CGROUP_DIR
/*
 * Bounds on the walk. Runtimes put containers at most four levels down (kubelet's
 * kubepods.slice/kubepods-QOS.slice/kubepods-QOS-podUID.slice/cri-containerd-ID.scope); a host
 * with more cgroups than MAX_VISITED is told the walk stopped, never that all is well.
 */
#define MAX_DEPTH 8
#define MAX_VISITED 100000
#define MAX_LISTED 5 /* in the plain detail; the JSON lists up to MAX_JSON */
#define MAX_JSON 1000
#define MAX_NAMESPACES 32

struct walk {
	const struct doctor *d;
	const char *ns[MAX_NAMESPACES + 1]; /* containerd's namespaces, NULL-terminated */
	json_t *found; /* paths of the unbound containers' cgroups */
	size_t n_found;
	unsigned int visited;
	bool cut; /* stopped at MAX_VISITED */
	int err; /* a binding that could not be read: -errno */
};

/* @path's cgroup is bound itself (its ancestors were looked at on the way down). */
static bool is_bound(struct walk *w, const struct stat *st)
{
	struct bl_binding b;
	__u64 id = st->st_ino; /* a cgroup v2 directory's inode number is its id */

	if (!bpf_map_lookup_elem(w->d->maps.bindings, &id, &b))
		return true;
	if (errno != ENOENT && !w->err)
		w->err = -errno;
	return false;
}

/* Looks at every cgroup below @path (@rel: its path below the root, "" for the root). */
static void walk(struct walk *w, const char *path, const char *rel, int depth)
{
	DIR *dir = opendir(path);
	struct dirent *de;

	while (dir && (de = readdir(dir))) {
		char sub[PATH_MAX], sub_rel[PATH_MAX];
		struct stat st;

		if (de->d_type != DT_DIR || de->d_name[0] == '.')
			continue;
		if (w->visited++ >= MAX_VISITED) {
			w->cut = true;
			break;
		}
		if (snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name) >= (int)sizeof(sub) ||
		    snprintf(sub_rel, sizeof(sub_rel), "%s%s%s", rel, rel[0] ? "/" : "",
			     de->d_name) >= (int)sizeof(sub_rel))
			continue; /* deeper than PATH_MAX: no runtime puts a container there */
		if (fstatat(dirfd(dir), de->d_name, &st, AT_SYMLINK_NOFOLLOW) || is_bound(w, &st))
			continue;
		if (bl_cgname_is_container(sub_rel, w->ns)) {
			if (!bl_cgroup_populated(sub))
				continue;
			if (w->n_found++ < MAX_JSON)
				json_array_append_new(w->found, json_string(sub));
			continue;
		}
		if (depth < MAX_DEPTH)
			walk(w, sub, sub_rel, depth + 1);
	}
	if (dir)
		closedir(dir);
}

void doctor_check_unbound(struct doctor *d)
{
	char names[MAX_NAMESPACES][64], list[1024] = "", fix[2 * PATH_MAX];
	struct walk w = { .d = d, .found = json_array() };
	struct statfs sfs;
	size_t i, len = 0;
	json_t *c, *v;
	int n;

	if (d->maps_err == -ENOENT) {
		doctor_report(d, CHECK, V_INFO, NULL,
			      "boxlock is not loaded: no bindings to look for containers outside");
		goto out;
	}
	if (d->maps_err) {
		doctor_report(d, CHECK, V_WARN, NULL,
			      "cannot read the bindings (%s): cannot tell which containers run "
			      "unbound",
			      d->maps_msg);
		goto out;
	}
	if (statfs(CGROOT, &sfs) || sfs.f_type != CGROUP2_SUPER_MAGIC) {
		doctor_report(d, CHECK, V_INFO, NULL,
			      "no cgroup v2 on " CGROOT " (see cgroup2): no containers to look at");
		goto out;
	}
	n = doctor_containerd_namespaces(names, MAX_NAMESPACES);
	for (int k = 0; k < n; k++)
		w.ns[k] = names[k];
	walk(&w, CGROOT, "", 1);
	if (w.err) {
		doctor_report(d, CHECK, V_WARN, NULL,
			      "cannot read the bindings (%s): cannot tell which containers run "
			      "unbound",
			      strerror(-w.err));
		goto out;
	}
	if (!w.n_found) {
		c = doctor_report(d, CHECK, V_OK, NULL,
				  "no running container outside a binding (%u cgroups looked at%s)",
				  w.visited > MAX_VISITED ? MAX_VISITED : w.visited,
				  w.cut ? "; the walk stopped there, the rest is unchecked" : "");
		json_object_set_new(c, "count", json_integer(0));
		goto out;
	}
	json_array_foreach(w.found, i, v) {
		if (i == MAX_LISTED)
			break;
		len += (size_t)snprintf(list + len, len < sizeof(list) ? sizeof(list) - len : 0,
					"%s%s", i ? ", " : "", json_string_value(v));
	}
	snprintf(fix, sizeof(fix),
		 "bind each to its profile, arming what runs in it already: boxlock bind --cgroup "
		 "CGROUP --profile PROFILE --arm-at-exec (e.g. 'boxlock bind --cgroup %s --profile "
		 "default --arm-at-exec'); or restart them through " BL_DOCTOR_SHIM_NAME
		 " (see runtime-parent and the *-shim checks)",
		 json_string_value(json_array_get(w.found, 0)));
	c = doctor_report(d, CHECK, V_WARN, fix, "%zu running container%s under no binding: %s%s%s",
			  w.n_found, w.n_found == 1 ? "" : "s", list,
			  w.n_found > MAX_LISTED ? ", ..." : "",
			  w.cut ? " (the walk stopped early: there may be more)" : "");
	json_object_set_new(c, "count", json_integer((json_int_t)w.n_found));
	json_object_set(c, "cgroups", w.found);
out:
	json_decref(w.found);
}
