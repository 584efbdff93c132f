// SPDX-License-Identifier: GPL-2.0
/*
 * boxlock doctor's runtime-parent check: for each container runtime present, the cgroup it puts
 * the containers it starts under, and whether those containers are bound before they run.
 *
 * The answer, in this order:
 *  - the runtime starts them through boxlock-runc (the shim checks found out): ok, each is bound
 *    at create, whatever its parent;
 *  - else the parent, or an ancestor below the root, is bound: warn. Its containers run under
 *    that binding's profile from their start, not under their own: the daemon gives a Docker
 *    container its own profile when it sees the container start (the daemon-only window), and
 *    follows no other runtime;
 *  - else warn: its containers run unbound. Docker's systemd driver puts them in system.slice,
 *    which holds the host's services and cannot be bound: there the fix is the shim or a parent
 *    of their own.
 * Warnings, never failures: enforcement itself is in place. The fix is the shim's command line
 * for that runtime (the *-shim checks above have the configuration files' form).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "boxlock.h"
#include "cgroup.h"
#include "doctor/cgnames.h"
#include "doctor/doctor.h"

#define CHECK "runtime-parent"
#define CGROOT BL_DOCTOR_CGROUP_DIR
#define SHIM BL_DOCTOR_SHIM_NAME
#define DOCKER_CONFIG "/etc/docker/daemon.json"
#define DOCKER_PID "/var/run/docker.pid"
#define CONTAINERS_CONFS                                                                   \
	{                                                                                  \
		"/etc/containers/containers.conf", "/usr/share/containers/containers.conf" \
	}

/* Where one runtime puts the containers it starts, and what to do about it. */
struct parent {
	const char *runtime; /* "docker", "containerd", "podman" */
	char how[128]; /* how the parent was found: "systemd cgroup driver", "namespace k8s.io" */
	char path[PATH_MAX]; /* the parent cgroup's directory */
	bool shim; /* the runtime starts these containers through boxlock-runc */
	bool daemon_follows; /* the boxlock daemon binds each as it starts (Docker's events) */
	bool unbindable; /* system.slice: binding it would bind the host's services */
	char fix[4 * PATH_MAX]; /* the shim's command line for this runtime */
	char fix_unbound[2 * PATH_MAX]; /* more, when the parent is not bound */
};

int doctor_containerd_namespaces(char names[][64], int max)
{
	DIR *dir = opendir(BL_DOCTOR_CONTAINERD_TASKS);
	struct dirent *de;
	int n = 0;

	if (!dir)
		return -errno;
	while (n < max && (de = readdir(dir))) {
		if (de->d_type != DT_DIR || de->d_name[0] == '.' || strlen(de->d_name) >= 64)
			continue;
		snprintf(names[n++], 64, "%s", de->d_name);
	}
	closedir(dir);
	return n;
}

static void report_parent(struct doctor *d, const struct parent *p)
{
	char bound[PATH_MAX], profile[BL_NAME_MAX], at[PATH_MAX + 8] = "";
	char fix[sizeof(p->fix) + sizeof(p->fix_unbound) + 2];
	json_t *c;
	int err;

	if (p->shim) {
		c = doctor_report(d, CHECK, V_OK, NULL,
				  "%s: bound by " SHIM
				  " at create (its containers go under %s, %s)",
				  p->runtime, p->path, p->how);
		json_object_set_new(c, "runtime", json_string(p->runtime));
		json_object_set_new(c, "parent", json_string(p->path));
		return;
	}
	err = doctor_binding_of(d, p->path, bound, sizeof(bound), profile, sizeof(profile));
	if (!err) {
		if (strcmp(bound, p->path))
			snprintf(at, sizeof(at), " (at %s)", bound);
		if (p->daemon_follows)
			c = doctor_report(d, CHECK, V_WARN, p->fix,
					  "%s: %s (%s) is bound to %s%s, but a container gets its "
					  "own profile only when the daemon sees it start "
					  "(daemon-only window): until then it runs under %s",
					  p->runtime, p->path, p->how, profile, at, profile);
		else
			c = doctor_report(
				d, CHECK, V_WARN, p->fix,
				"%s: %s (%s) is bound to %s%s: its containers run under %s, "
				"never under a profile of their own (the daemon follows "
				"only Docker's events)",
				p->runtime, p->path, p->how, profile, at, profile);
		json_object_set_new(c, "bound_to", json_string(profile));
		json_object_set_new(c, "bound_cgroup", json_string(bound));
	} else if (err == -ENOENT) {
		snprintf(fix, sizeof(fix), "%s%s%s", p->fix, p->fix_unbound[0] ? "\n" : "",
			 p->fix_unbound);
		c = doctor_report(d, CHECK, V_WARN, fix,
				  "%s: containers under %s (%s) run unbound%s", p->runtime, p->path,
				  p->how,
				  p->unbindable ? ": it holds the host's services, so it cannot be "
						  "bound" :
						  "");
	} else {
		c = doctor_report(
			d, CHECK, V_WARN, p->fix,
			"%s: cannot read the bindings (%s): cannot tell whether containers "
			"under %s (%s) are bound",
			p->runtime, d->maps_err ? d->maps_msg : strerror(-err), p->path, p->how);
	}
	json_object_set_new(c, "runtime", json_string(p->runtime));
	json_object_set_new(c, "parent", json_string(p->path));
}

/*
 * Docker: the cgroup driver from /info; the parent from daemon.json's cgroup-parent if set,
 * else /docker (cgroupfs) or system.slice (systemd). A --cgroup-parent on dockerd's command line
 * or on `docker run` is not seen: daemon.json is where a host's setting lives.
 */
static int docker_parent(struct doctor *d, struct parent *p)
{
	const char *driver = json_string_value(json_object_get(d->rt.docker_info, "CgroupDriver"));
	json_t *conf = json_load_file(DOCKER_CONFIG, 0, NULL);
	const char *set = json_string_value(json_object_get(conf, "cgroup-parent"));
	bool systemd = driver && !strcmp(driver, "systemd");
	char rel[PATH_MAX], own[PATH_MAX] = CGROOT;
	int err = 0;

	snprintf(p->how, sizeof(p->how), "%s cgroup driver%s%s", driver ? driver : "unknown",
		 set ? ", " DOCKER_CONFIG " cgroup-parent " : "", set ? set : "");
	if (systemd) {
		/* A slice's name: a-b.slice is a.slice/a-b.slice. */
		err = bl_cgname_slice_path(set ? set : "system.slice", rel, sizeof(rel));
		if (!err &&
		    snprintf(p->path, sizeof(p->path), CGROOT "/%s", rel) >= (int)sizeof(p->path))
			err = -ENAMETOOLONG;
		p->unbindable = !err && !strcmp(rel, "system.slice");
	} else if (set) {
		/* cgroupfs: a path, from the root if it starts with '/', else from dockerd's own
		 * cgroup. */
		if (set[0] != '/') {
			FILE *f = fopen(DOCKER_PID, "re");
			int pid = 0;

			if (!f || fscanf(f, "%d", &pid) != 1 ||
			    bl_cgroup_of_pid(pid, own, sizeof(own)))
				err = -ESRCH;
			if (f)
				fclose(f);
		}
		if (!err && snprintf(p->path, sizeof(p->path), "%s/%s", own,
				     set + (set[0] == '/')) >= (int)sizeof(p->path))
			err = -ENAMETOOLONG;
	} else {
		snprintf(p->path, sizeof(p->path), CGROOT "/docker");
	}
	json_decref(conf);
	return err;
}

static void check_docker(struct doctor *d)
{
	struct parent p = { .runtime = "docker",
			    .shim = d->rt.docker_shim,
			    .daemon_follows = true };

	if (!d->rt.docker)
		return;
	if (!d->rt.docker_info) {
		doctor_report(d, CHECK, V_WARN, NULL,
			      "docker: its API does not answer (see docker-shim): cannot tell its "
			      "cgroup driver, so not where its containers go");
		return;
	}
	if (docker_parent(d, &p)) {
		if (!p.shim) {
			doctor_report(d, CHECK, V_WARN, NULL,
				      "docker: cannot tell where its containers go (%s)", p.how);
			return;
		}
		snprintf(p.path, sizeof(p.path), "a parent it could not tell"); /* the shim binds */
	}
	snprintf(p.fix, sizeof(p.fix),
		 "make %s Docker's default runtime, which binds each container before it runs: "
		 "dockerd --add-runtime boxlock=%s --default-runtime boxlock (or in %s, see "
		 "docker-shim)",
		 d->shim, d->shim, DOCKER_CONFIG);
	if (p.unbindable)
		snprintf(
			p.fix_unbound, sizeof(p.fix_unbound),
			"without it, give containers a parent of their own and let the daemon bind "
			"it: \"cgroup-parent\": \"boxlock.slice\" in %s, and 'boxlock daemon "
			"--container-parent " CGROOT "/boxlock.slice'",
			DOCKER_CONFIG);
	else
		snprintf(p.fix_unbound, sizeof(p.fix_unbound),
			 "without it, let the daemon bind the parent to default: 'boxlock daemon "
			 "--container-parent %s' (" CGROOT "/docker is its default)",
			 p.path);
	report_parent(d, &p);
}

/*
 * containerd's own clients: each namespace's containers go under /NAMESPACE (ctr's and nerdctl's
 * default), the CRI's (namespace k8s.io) under kubelet's kubepods.slice (systemd driver) or
 * kubepods (cgroupfs). Docker's namespace, moby, is Docker's: reported above. The BinaryName
 * the containerd-shim check looks for is the CRI plugin's: it covers k8s.io only, as ctr and
 * nerdctl choose their runtime on each command line.
 */
static void check_containerd(struct doctor *d)
{
	char names[32][64];
	int n = doctor_containerd_namespaces(names, 32), reported = 0;

	if (!d->rt.containerd)
		return;
	for (int i = 0; i < n; i++) {
		struct parent p = { .runtime = "containerd" };

		if (!strcmp(names[i], "moby"))
			continue;
		snprintf(p.how, sizeof(p.how), "namespace %.63s", names[i]);
		if (!strcmp(names[i], "k8s.io")) {
			p.shim = d->rt.containerd_shim;
			snprintf(p.path, sizeof(p.path), CGROOT "/kubepods.slice");
			if (access(p.path, F_OK) && !access(CGROOT "/kubepods", F_OK))
				snprintf(p.path, sizeof(p.path), CGROOT "/kubepods");
			snprintf(p.fix, sizeof(p.fix),
				 "make %s the CRI's runc: BinaryName = \"%s\" under "
				 "[plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.runc."
				 "options] in /etc/containerd/config.toml, then 'systemctl restart "
				 "containerd' (see containerd-shim)",
				 d->shim, d->shim);
		} else {
			snprintf(p.path, sizeof(p.path), CGROOT "/%s", names[i]);
			snprintf(p.fix, sizeof(p.fix),
				 "start them through %s: 'ctr -n %s run --runc-binary %s ...' (the "
				 "CRI's BinaryName does not apply to ctr)",
				 d->shim, names[i], d->shim);
		}
		report_parent(d, &p);
		reported++;
	}
	if (!reported)
		doctor_report(d, CHECK, V_INFO, NULL,
			      "containerd: none of its own clients' containers (ctr, nerdctl, the "
			      "CRI) has run: no namespace but Docker's under %s%s%s; each "
			      "namespace's containers go under " CGROOT
			      "/NAMESPACE, the CRI's under "
			      "kubepods.slice",
			      BL_DOCTOR_CONTAINERD_TASKS, n < 0 && n != -ENOENT ? ": " : "",
			      n < 0 && n != -ENOENT ? strerror(-n) : "");
}

/* containers.conf's [engine] cgroup_manager, the first file that sets it; "" if none does. */
static void podman_cgroup_manager(char *buf, size_t len)
{
	static const char *const confs[] = CONTAINERS_CONFS;
	char line[4096], val[64];

	buf[0] = 0;
	for (size_t i = 0; i < sizeof(confs) / sizeof(confs[0]) && !buf[0]; i++) {
		FILE *f = fopen(confs[i], "re");

		while (f && fgets(line, sizeof(line), f))
			if (sscanf(line + strspn(line, " \t"), "cgroup_manager = \"%63[^\"]\"",
				   val) == 1)
				snprintf(buf, len, "%s", val);
		if (f)
			fclose(f);
	}
}

/*
 * podman: machine.slice with its systemd cgroup manager, libpod_parent with cgroupfs. Unset,
 * the manager is systemd when systemd is PID 1 (as podman's own default decides), else cgroupfs.
 */
static void check_podman(struct doctor *d)
{
	struct parent p = { .runtime = "podman", .shim = d->rt.podman_shim };
	char manager[64], init[32] = "";
	FILE *f;

	if (!d->rt.podman)
		return;
	podman_cgroup_manager(manager, sizeof(manager));
	if (!manager[0]) {
		f = fopen("/proc/1/comm", "re");
		if (f && !fgets(init, sizeof(init), f))
			init[0] = 0;
		if (f)
			fclose(f);
		snprintf(manager, sizeof(manager), "%s",
			 !strcmp(init, "systemd\n") ? "systemd" : "cgroupfs");
	}
	snprintf(p.how, sizeof(p.how), "%s cgroup manager", manager);
	snprintf(p.path, sizeof(p.path), CGROOT "/%s",
		 !strcmp(manager, "systemd") ? "machine.slice" : "libpod_parent");
	snprintf(p.fix, sizeof(p.fix),
		 "start them through %s: 'podman --runtime %s ...', or install boxlock's OCI hook "
		 "(see podman-shim)",
		 d->shim, d->shim);
	report_parent(d, &p);
}

void doctor_check_parents(struct doctor *d)
{
	check_docker(d);
	check_containerd(d);
	check_podman(d);
}
