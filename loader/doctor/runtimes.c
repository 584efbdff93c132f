// SPDX-License-Identifier: GPL-2.0
/*
 * boxlock doctor: the container runtimes. Which runtimes' sockets are there (information), then
 * whether each runtime installed starts its containers through boxlock-runc (or the OCI hook):
 * one that does not could start a container unbound.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "daemon/docker.h"
#include "doctor/doctor.h"

void doctor_check_sockets(struct doctor *d)
{
	static const struct {
		const char *name, *path;
	} sockets[] = {
		{ "docker", "/run/docker.sock" },
		{ "containerd", "/run/containerd/containerd.sock" },
		{ "podman", "/run/podman/podman.sock" },
		{ "crio", "/run/crio/crio.sock" },
	};

	for (size_t i = 0; i < sizeof(sockets) / sizeof(sockets[0]); i++) {
		struct stat st;

		if (!stat(sockets[i].path, &st) && S_ISSOCK(st.st_mode))
			doctor_report(d, sockets[i].name, V_INFO, NULL, "socket %s present",
				      sockets[i].path);
		else
			doctor_report(d, sockets[i].name, V_INFO, NULL, "no socket at %s",
				      sockets[i].path);
	}
}

/*
 * Container runtimes that could start a container unbound: one that boxlock-runc (or the OCI
 * hook) does not create binds only when the daemon sees it start, after its first instructions,
 * or never (a cgroup outside every bound parent). Warnings: enforcement itself is in place.
 */
#define SHIM_NAME BL_DOCTOR_SHIM_NAME
#define CONTAINERD_CONFIG "/etc/containerd/config.toml"
#define CONTAINERS_CONF "/etc/containers/containers.conf"

static const char *const hook_dirs[] = { "/usr/share/containers/oci/hooks.d",
					 "/etc/containers/oci/hooks.d", NULL };

/* Where boxlock-runc is: beside this boxlock, else where `make install` puts it. */
static void shim_path(char *buf, size_t len)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *slash;

	if (n > 0) {
		self[n] = 0;
		slash = strrchr(self, '/');
		if (slash) {
			snprintf(buf, len, "%.*s/" SHIM_NAME, (int)(slash - self), self);
			if (!access(buf, X_OK))
				return;
		}
	}
	snprintf(buf, len, "/usr/local/sbin/" SHIM_NAME);
}

static bool names_shim(const char *path)
{
	const char *base = path ? strrchr(path, '/') : NULL;

	return path && !strcmp(base ? base + 1 : path, SHIM_NAME);
}

static bool executable(const char *const *paths)
{
	for (; *paths; paths++)
		if (!access(*paths, X_OK))
			return true;
	return false;
}

static void check_docker_runtime(struct doctor *d, const char *shim)
{
	const char *def, *path;
	char fix[3 * PATH_MAX];
	struct stat st;
	json_t *info;
	int err;

	if (stat(BL_DOCKER_SOCKET, &st) || !S_ISSOCK(st.st_mode)) {
		doctor_report(d, "docker-shim", V_INFO, NULL, "no Docker socket at %s",
			      BL_DOCKER_SOCKET);
		return;
	}
	d->rt.docker = true;
	err = bl_docker_get(BL_DOCKER_SOCKET, "/info", &info);
	if (err) {
		doctor_report(d, "docker-shim", V_WARN, NULL,
			      "Docker's API at %s does not answer (%s): cannot tell whether its "
			      "containers start through " SHIM_NAME,
			      BL_DOCKER_SOCKET, strerror(-err));
		return;
	}
	def = json_string_value(json_object_get(info, "DefaultRuntime"));
	path = json_string_value(
		json_object_get(json_object_get(json_object_get(info, "Runtimes"), def), "path"));
	d->rt.docker_info = info; /* the runtime-parent check reads its cgroup driver */
	d->rt.docker_shim = names_shim(path);
	if (d->rt.docker_shim) {
		doctor_report(
			d, "docker-shim", V_OK, NULL,
			"Docker's default runtime %s is %s: containers are bound before they run "
			"(unless started with another --runtime)",
			def, path);
	} else {
		snprintf(fix, sizeof(fix),
			 "in /etc/docker/daemon.json set\n"
			 "  \"runtimes\": {\"boxlock\": {\"path\": \"%s\"}},\n"
			 "  \"default-runtime\": \"boxlock\"\n"
			 "then 'systemctl restart docker' (or run dockerd with "
			 "--add-runtime boxlock=%s --default-runtime boxlock)",
			 shim, shim);
		doctor_report(
			d, "docker-shim", V_WARN, fix,
			"Docker's default runtime is %s (%s), not " SHIM_NAME ": its containers "
			"run their first instructions unbound (with the systemd cgroup driver, or "
			"a --cgroup-parent outside the bound parent, until the daemon binds them)",
			def ? def : "unknown", path ? path : "no path");
	}
}

/* Whether a line of @path that is not a comment holds both @a and @b. */
static bool file_has_line(const char *path, const char *a, const char *b)
{
	char line[4096];
	bool found = false;
	FILE *f = fopen(path, "re");

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		const char *p = line + strspn(line, " \t");

		found = *p != '#' && strstr(p, a) && strstr(p, b);
	}
	fclose(f);
	return found;
}

static void check_containerd_runtime(struct doctor *d, const char *shim)
{
	static const char *const bins[] = { "/usr/bin/containerd", "/usr/local/bin/containerd",
					    NULL };
	char fix[3 * PATH_MAX];

	if (!executable(bins) && access(CONTAINERD_CONFIG, F_OK)) {
		doctor_report(d, "containerd-shim", V_INFO, NULL, "containerd is not installed");
		return;
	}
	d->rt.containerd = true;
	d->rt.containerd_shim = file_has_line(CONTAINERD_CONFIG, "BinaryName", SHIM_NAME);
	if (d->rt.containerd_shim) {
		doctor_report(d, "containerd-shim", V_OK, NULL,
			      "%s: the runc runtime's BinaryName is " SHIM_NAME, CONTAINERD_CONFIG);
		return;
	}
	snprintf(fix, sizeof(fix),
		 "in %s (version = 2) set\n"
		 "  [plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.runc.options]\n"
		 "    BinaryName = \"%s\"\n"
		 "then 'systemctl restart containerd'; with ctr: 'ctr run --runc-binary %s ...'",
		 CONTAINERD_CONFIG, shim, shim);
	doctor_report(
		d, "containerd-shim", V_WARN, fix,
		"no BinaryName naming " SHIM_NAME " in %s: containers that Kubernetes' CRI "
		"starts through containerd run unbound (ctr and nerdctl name their runtime on "
		"each command line; Docker names its own)",
		CONTAINERD_CONFIG);
}

/* Whether @path is an OCI hook file that runs `boxlock hook` at createRuntime. */
static bool is_boxlock_hook(const char *path)
{
	json_t *j = json_load_file(path, 0, NULL), *hook = json_object_get(j, "hook"), *v;
	const char *exe = json_string_value(json_object_get(hook, "path"));
	const char *base = exe ? strrchr(exe, '/') : NULL;
	bool args = false, stage = false;
	size_t i;

	json_array_foreach(json_object_get(hook, "args"), i, v)
		args |= json_is_string(v) && !strcmp(json_string_value(v), "hook");
	json_array_foreach(json_object_get(j, "stages"), i, v)
		stage |= json_is_string(v) && !strcmp(json_string_value(v), "createRuntime");
	json_decref(j);
	return exe && !strcmp(base ? base + 1 : exe, "boxlock") && args && stage;
}

static bool podman_hook(char *found, size_t len)
{
	for (int i = 0; hook_dirs[i]; i++) {
		struct dirent *de;
		DIR *dir = opendir(hook_dirs[i]);

		while (dir && (de = readdir(dir))) {
			size_t n = strlen(de->d_name);

			if (n < 6 || strcmp(de->d_name + n - 5, ".json"))
				continue;
			snprintf(found, len, "%s/%s", hook_dirs[i], de->d_name);
			if (is_boxlock_hook(found)) {
				closedir(dir);
				return true;
			}
		}
		if (dir)
			closedir(dir);
	}
	return false;
}

/* containers.conf's [engine] runtime = "NAME", with NAME = [... boxlock-runc ...]. */
static bool podman_runtime(void)
{
	char line[4096], name[128] = "";
	FILE *f = fopen(CONTAINERS_CONF, "re");

	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		const char *p = line + strspn(line, " \t");

		if (sscanf(p, "runtime = \"%127[^\"]\"", name) == 1)
			break;
		name[0] = 0;
	}
	fclose(f);
	return name[0] && (names_shim(name) || file_has_line(CONTAINERS_CONF, name, SHIM_NAME));
}

static void check_podman_runtime(struct doctor *d, const char *shim)
{
	static const char *const bins[] = { "/usr/bin/podman", "/usr/local/bin/podman", NULL };
	char hook[PATH_MAX + 256], fix[4 * PATH_MAX];

	if (!executable(bins)) {
		doctor_report(d, "podman-shim", V_INFO, NULL, "podman is not installed");
		return;
	}
	d->rt.podman = true;
	if (podman_hook(hook, sizeof(hook))) {
		d->rt.podman_shim = true;
		doctor_report(d, "podman-shim", V_OK, NULL,
			      "%s runs 'boxlock hook' at createRuntime for every container", hook);
		return;
	}
	if (podman_runtime()) {
		d->rt.podman_shim = true;
		doctor_report(d, "podman-shim", V_OK, NULL, "%s: podman's runtime is " SHIM_NAME,
			      CONTAINERS_CONF);
		return;
	}
	snprintf(fix, sizeof(fix),
		 "install the OCI hook: 'make install' puts packaging/oci-hooks.d/boxlock.json in "
		 "/etc/containers/oci/hooks.d; or make %s podman's runtime: in %s\n"
		 "  [engine]\n  runtime = \"boxlock\"\n"
		 "  [engine.runtimes]\n  boxlock = [\"%s\"]\n"
		 "(or 'podman --runtime %s')",
		 shim, CONTAINERS_CONF, shim, shim);
	doctor_report(d, "podman-shim", V_WARN, fix,
		      "podman has neither boxlock's OCI hook (in %s or %s) nor " SHIM_NAME
		      " as its "
		      "runtime: its containers run unbound",
		      hook_dirs[0], hook_dirs[1]);
}

void doctor_check_shims(struct doctor *d)
{
	shim_path(d->shim, sizeof(d->shim));
	check_docker_runtime(d, d->shim);
	check_containerd_runtime(d, d->shim);
	check_podman_runtime(d, d->shim);
}
