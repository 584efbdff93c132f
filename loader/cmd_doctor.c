// SPDX-License-Identifier: GPL-2.0
/*
 * boxlock doctor [--before-load]: what this host lacks for boxlock to enforce, each with the exact
 * fix. Exits 0 when everything enforcement needs is in place, 1 otherwise. Checks that only inform
 * (container runtimes' sockets) never fail. --before-load is the check boxlock.service runs before
 * its daemon, which is what loads boxlock: nothing pinned yet is then information, not a failure
 * (pins that are there but incomplete still fail).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/vfs.h>
#include <unistd.h>
#include <linux/magic.h>
#include <zlib.h>
#include <dirent.h>
#include "boxlock.skel.h"
#include "cli.h"
#include "daemon/docker.h"
#include "kernel.h"
#include "pins.h"

#define BTF_FILE "/sys/kernel/btf/vmlinux"
#define SECURITYFS_DIR "/sys/kernel/security"
#define BPFFS_DIR "/sys/fs/bpf"
#define CGROUP_DIR "/sys/fs/cgroup"
#define MIN_MAJOR 6
#define MIN_MINOR 1

enum verdict { V_OK, V_FAIL, V_WARN, V_INFO };

static const char *const verdict_names[] = { "ok", "FAIL", "warn", "info" };

struct doctor {
	json_t *checks;
	int failed;
	char release[65];
};

/* Records one check. @fix is NULL when there is nothing to do. */
static void report(struct doctor *d, const char *name, enum verdict v, const char *fix,
		   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void report(struct doctor *d, const char *name, enum verdict v, const char *fix,
		   const char *fmt, ...)
{
	char detail[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	if (v == V_FAIL)
		d->failed++;
	json_array_append_new(d->checks, json_pack("{s:s,s:s,s:s,s:s?}", "name", name, "status",
						   verdict_names[v], "detail", detail, "fix", fix));
}

static int fs_magic(const char *path, __u64 *magic)
{
	struct statfs s;

	if (statfs(path, &s))
		return -errno;
	*magic = (__u64)s.f_type;
	return 0;
}

static void check_kernel(struct doctor *d)
{
	unsigned int major = 0, minor = 0;
	struct utsname u;

	if (uname(&u)) {
		report(d, "kernel", V_FAIL, NULL, "uname: %s", strerror(errno));
		return;
	}
	snprintf(d->release, sizeof(d->release), "%s", u.release);
	if (sscanf(u.release, "%u.%u", &major, &minor) != 2 || major < MIN_MAJOR ||
	    (major == MIN_MAJOR && minor < MIN_MINOR))
		report(d, "kernel", V_FAIL,
		       "boot Linux 6.1 or later (Debian 12: 'apt install linux-image-amd64', "
		       "then reboot)",
		       "Linux %s; boxlock needs 6.1 or later", u.release);
	else
		report(d, "kernel", V_OK, NULL, "Linux %s", u.release);
}

static void check_btf(struct doctor *d)
{
	if (!access(BTF_FILE, R_OK))
		report(d, "btf", V_OK, NULL, "%s present", BTF_FILE);
	else
		report(d, "btf", V_FAIL,
		       "boot a kernel built with CONFIG_DEBUG_INFO_BTF=y (Debian 12's "
		       "linux-image-amd64 has it)",
		       "no %s (%s): the kernel has no BTF, which BPF LSM programs need", BTF_FILE,
		       strerror(errno));
}

/* Finds "NAME=" in the kernel's build configuration; sets @val to its value ("" if unset). */
static int config_lookup(const char *release, const char *const names[], char vals[][8], int n,
			 char *src, size_t srclen)
{
	char path[PATH_MAX], line[512];
	gzFile f;

	/* gzopen reads an uncompressed file as is. */
	snprintf(path, sizeof(path), "/boot/config-%s", release);
	f = gzopen(path, "rb");
	if (!f) {
		snprintf(path, sizeof(path), "/proc/config.gz");
		f = gzopen(path, "rb");
	}
	if (!f)
		return -ENOENT;
	snprintf(src, srclen, "%s", path);
	for (int i = 0; i < n; i++)
		vals[i][0] = 0;
	while (gzgets(f, line, sizeof(line))) {
		for (int i = 0; i < n; i++) {
			size_t len = strlen(names[i]);

			if (!strncmp(line, names[i], len) && line[len] == '=') {
				snprintf(vals[i], sizeof(vals[i]), "%s", line + len + 1);
				vals[i][strcspn(vals[i], "\n")] = 0;
			}
		}
	}
	gzclose(f);
	return 0;
}

static void check_config(struct doctor *d)
{
	static const char *const names[] = { "CONFIG_BPF_LSM", "CONFIG_DEBUG_INFO_BTF",
					     "CONFIG_BPF_SYSCALL" };
	char vals[3][8], src[PATH_MAX];

	if (config_lookup(d->release, names, vals, 3, src, sizeof(src))) {
		report(d, "config", V_WARN, NULL,
		       "no /boot/config-%s or /proc/config.gz: cannot read the kernel's build "
		       "options (the lsm check below tells whether BPF LSM runs)",
		       d->release);
		return;
	}
	for (int i = 0; i < 3; i++) {
		if (!strcmp(vals[i], "y"))
			continue;
		report(d, "config", V_FAIL,
		       "boot a kernel built with CONFIG_BPF_LSM=y, CONFIG_DEBUG_INFO_BTF=y and "
		       "CONFIG_BPF_SYSCALL=y (Debian 12's linux-image-amd64 has them)",
		       "%s: %s is %s", src, names[i], vals[i][0] ? vals[i] : "not set");
		return;
	}
	report(d, "config", V_OK, NULL, "%s: CONFIG_BPF_LSM=y CONFIG_DEBUG_INFO_BTF=y", src);
}

static bool check_securityfs(struct doctor *d)
{
	__u64 magic = 0;

	if (!fs_magic(SECURITYFS_DIR, &magic) && magic == SECURITYFS_MAGIC) {
		report(d, "securityfs", V_OK, NULL, "mounted on %s", SECURITYFS_DIR);
		return true;
	}
	report(d, "securityfs", V_FAIL,
	       "mount -t securityfs securityfs " SECURITYFS_DIR
	       " (systemd mounts it at boot; in /etc/fstab: "
	       "'securityfs " SECURITYFS_DIR " securityfs defaults 0 0')",
	       "not mounted on %s", SECURITYFS_DIR);
	return false;
}

/*
 * @line with every lsm= (and BOOT_IMAGE=, initrd=, which the boot loader adds itself) dropped and
 * "lsm=@lsm" added: what the kernel command line should hold. It goes before a "--", after which
 * arguments are init's, not the kernel's.
 */
static void with_lsm(const char *line, const char *lsm, char *out, size_t len)
{
	char copy[4096], *tok, *save;
	bool placed = false;
	size_t n = 0;

#define PUT(...) (n += snprintf(out + n, n < len ? len - n : 0, __VA_ARGS__))
	snprintf(copy, sizeof(copy), "%s", line);
	out[0] = 0;
	for (tok = strtok_r(copy, " \t\n", &save); tok; tok = strtok_r(NULL, " \t\n", &save)) {
		if (!placed && !strcmp(tok, "--")) {
			PUT("%slsm=%s", n ? " " : "", lsm);
			placed = true;
		}
		if (!placed && (!strncmp(tok, "lsm=", 4) || !strncmp(tok, "BOOT_IMAGE=", 11) ||
				!strncmp(tok, "initrd=", 7)))
			continue;
		PUT("%s%s", n ? " " : "", tok);
	}
	if (!placed)
		PUT("%slsm=%s", n ? " " : "", lsm);
#undef PUT
}

/* The first line of @path (trailing newline dropped), or -errno. */
static int read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "re");

	if (!f)
		return -errno;
	if (!fgets(buf, (int)len, f))
		buf[0] = 0;
	fclose(f);
	buf[strcspn(buf, "\n")] = 0;
	return 0;
}

/* GRUB_CMDLINE_LINUX's value in /etc/default/grub, quotes removed; "" if it is not there. */
static void grub_cmdline(char *buf, size_t len)
{
	char line[4096];
	FILE *f;

	buf[0] = 0;
	f = fopen("/etc/default/grub", "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *v;
		size_t n;

		if (strncmp(line, "GRUB_CMDLINE_LINUX=", 19))
			continue;
		v = line + 19;
		v[strcspn(v, "\n")] = 0;
		n = strlen(v);
		if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
			v[n - 1] = 0;
			v++;
		}
		snprintf(buf, len, "%s", v);
	}
	fclose(f);
}

static bool check_lsm(struct doctor *d, bool securityfs)
{
	char list[512], want[600], src[4096], grub[4096], boot[4096], fix[16384];
	char *tok, *save, copy[512];
	int err;

	if (!securityfs) {
		report(d, "lsm", V_FAIL,
		       "mount securityfs (above), then run 'boxlock doctor' again",
		       "cannot read %s without securityfs", BL_LSM_FILE);
		return false;
	}
	err = bl_kernel_lsm_list(list, sizeof(list));
	if (err) {
		report(d, "lsm", V_FAIL, NULL, "cannot read %s: %s", BL_LSM_FILE, strerror(-err));
		return false;
	}
	snprintf(copy, sizeof(copy), "%s", list);
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (!strcmp(tok, "bpf")) {
			report(d, "lsm", V_OK, NULL, "bpf is an active LSM (%s)", list);
			return true;
		}
	}
	/* The list in force, kept in its order, with bpf last. */
	snprintf(want, sizeof(want), "%s%sbpf", list, list[0] ? "," : "");
	grub_cmdline(grub, sizeof(grub));
	with_lsm(grub, want, grub, sizeof(grub));
	if (read_line("/etc/kernel/cmdline", src, sizeof(src)) &&
	    read_line("/proc/cmdline", src, sizeof(src)))
		src[0] = 0;
	with_lsm(src, want, boot, sizeof(boot));
	snprintf(fix, sizeof(fix),
		 "add 'lsm=%s' to the kernel command line (the active list kept, bpf added), "
		 "then reboot.\n"
		 "GRUB: in /etc/default/grub set\n"
		 "  GRUB_CMDLINE_LINUX=\"%s\"\n"
		 "(and drop any lsm= from GRUB_CMDLINE_LINUX_DEFAULT), then run 'update-grub' "
		 "and reboot.\n"
		 "systemd-boot: put this line in /etc/kernel/cmdline\n"
		 "  %s\n"
		 "then run 'kernel-install add %s /boot/vmlinuz-%s' (rewrites the boot entry; "
		 "'bootctl update' only updates the loader) and reboot.",
		 want, grub, boot, d->release, d->release);
	report(d, "lsm", V_FAIL, fix, "bpf is not an active LSM (%s is '%s')", BL_LSM_FILE, list);
	return false;
}

static void check_bpffs(struct doctor *d)
{
	__u64 magic = 0;

	if (!fs_magic(BPFFS_DIR, &magic) && magic == BPF_FS_MAGIC)
		report(d, "bpffs", V_OK, NULL, "mounted on %s", BPFFS_DIR);
	else
		report(d, "bpffs", V_FAIL,
		       "mount -t bpf bpf " BPFFS_DIR " (systemd mounts it at boot; in "
		       "/etc/fstab: 'bpf " BPFFS_DIR " bpf defaults 0 0')",
		       "no bpf filesystem on %s: boxlock pins its programs and maps there",
		       BPFFS_DIR);
}

static void check_cgroup2(struct doctor *d)
{
	__u64 magic = 0;

	if (fs_magic(CGROUP_DIR, &magic)) {
		report(d, "cgroup2", V_FAIL, "mount -t cgroup2 cgroup2 " CGROUP_DIR, "%s: %s",
		       CGROUP_DIR, strerror(errno));
		return;
	}
	if (magic == CGROUP2_SUPER_MAGIC)
		report(d, "cgroup2", V_OK, NULL, "cgroup v2 (unified) on %s", CGROUP_DIR);
	else if (magic == TMPFS_MAGIC)
		report(d, "cgroup2", V_FAIL,
		       "boot with the unified hierarchy: add 'systemd.unified_cgroup_hierarchy=1' "
		       "to the kernel command line (and remove any "
		       "'systemd.legacy_systemd_cgroup_controller'), then reboot",
		       "%s is a cgroup v1 or hybrid hierarchy (tmpfs); boxlock binds cgroup v2 "
		       "directories",
		       CGROUP_DIR);
	else
		report(d, "cgroup2", V_FAIL, "mount -t cgroup2 cgroup2 " CGROUP_DIR,
		       "%s is not a cgroup v2 mount (filesystem magic 0x%llx)", CGROUP_DIR,
		       (unsigned long long)magic);
}

static void check_loaded(struct doctor *d, json_t *root, bool before_load)
{
	/* Every program the binary carries gets one pinned link, the arm iterator's under iter/. */
	const int want = sizeof(((struct boxlock *)0)->progs) / sizeof(struct bpf_program *) - 1;
	char links[128][64];
	int n;

	if (!bl_is_loaded() && before_load) {
		report(d, "loaded", V_INFO, NULL,
		       "not loaded yet (no pins under %s): the daemon loads it next",
		       bl_opts.pin_dir);
		json_object_set_new(root, "links", json_integer(0));
		return;
	}
	if (!bl_is_loaded()) {
		report(d, "loaded", V_FAIL, "boxlock load",
		       "boxlock is not loaded (no pins under %s)", bl_opts.pin_dir);
		json_object_set_new(root, "links", json_integer(0));
		return;
	}
	n = bl_links_list(links, 128);
	json_object_set_new(root, "links", json_integer(n < 0 ? 0 : n));
	json_object_set_new(root, "links_expected", json_integer(want));
	if (n < 0)
		report(d, "loaded", V_FAIL, NULL, "pins under %s, but the links cannot be read: %s",
		       bl_opts.pin_dir, strerror(-n));
	else if (n < want)
		report(d, "loaded", V_FAIL, "boxlock load (attaches and pins what is missing)",
		       "pinned under %s, but only %d of %d links: some hooks are not attached",
		       bl_opts.pin_dir, n, want);
	else
		report(d, "loaded", V_OK, NULL, "pinned under %s, %d links attached",
		       bl_opts.pin_dir, n);
}

static void check_privileges(struct doctor *d)
{
	if (geteuid() == 0)
		report(d, "root", V_OK, NULL, "running as root");
	else
		report(d, "root", V_WARN, "run boxlock as root",
		       "not root: loading, binding and some of these checks need root "
		       "(CAP_BPF, CAP_SYS_ADMIN)");
}

static void check_runtimes(struct doctor *d)
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
			report(d, sockets[i].name, V_INFO, NULL, "socket %s present",
			       sockets[i].path);
		else
			report(d, sockets[i].name, V_INFO, NULL, "no socket at %s",
			       sockets[i].path);
	}
}

/*
 * Container runtimes that could start a container unbound: one that boxlock-runc (or the OCI
 * hook) does not create binds only when the daemon sees it start, after its first instructions,
 * or never (a cgroup outside every bound parent). Warnings: enforcement itself is in place.
 */
#define SHIM_NAME "boxlock-runc"
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
		report(d, "docker-shim", V_INFO, NULL, "no Docker socket at %s", BL_DOCKER_SOCKET);
		return;
	}
	err = bl_docker_get(BL_DOCKER_SOCKET, "/info", &info);
	if (err) {
		report(d, "docker-shim", V_WARN, NULL,
		       "Docker's API at %s does not answer (%s): cannot tell whether its "
		       "containers start through " SHIM_NAME,
		       BL_DOCKER_SOCKET, strerror(-err));
		return;
	}
	def = json_string_value(json_object_get(info, "DefaultRuntime"));
	path = json_string_value(
		json_object_get(json_object_get(json_object_get(info, "Runtimes"), def), "path"));
	if (names_shim(path)) {
		report(d, "docker-shim", V_OK, NULL,
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
		report(d, "docker-shim", V_WARN, fix,
		       "Docker's default runtime is %s (%s), not " SHIM_NAME ": its containers "
		       "run their first instructions unbound (with the systemd cgroup driver, or "
		       "a --cgroup-parent outside the bound parent, until the daemon binds them)",
		       def ? def : "unknown", path ? path : "no path");
	}
	json_decref(info);
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
		report(d, "containerd-shim", V_INFO, NULL, "containerd is not installed");
		return;
	}
	if (file_has_line(CONTAINERD_CONFIG, "BinaryName", SHIM_NAME)) {
		report(d, "containerd-shim", V_OK, NULL,
		       "%s: the runc runtime's BinaryName is " SHIM_NAME, CONTAINERD_CONFIG);
		return;
	}
	snprintf(fix, sizeof(fix),
		 "in %s (version = 2) set\n"
		 "  [plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.runc.options]\n"
		 "    BinaryName = \"%s\"\n"
		 "then 'systemctl restart containerd'; with ctr: 'ctr run --runc-binary %s ...'",
		 CONTAINERD_CONFIG, shim, shim);
	report(d, "containerd-shim", V_WARN, fix,
	       "no BinaryName naming " SHIM_NAME " in %s: containers that containerd's own "
	       "clients start (Kubernetes' CRI, nerdctl, ctr) run unbound (Docker names its "
	       "runtime itself)",
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
		report(d, "podman-shim", V_INFO, NULL, "podman is not installed");
		return;
	}
	if (podman_hook(hook, sizeof(hook))) {
		report(d, "podman-shim", V_OK, NULL,
		       "%s runs 'boxlock hook' at createRuntime for every container", hook);
		return;
	}
	if (podman_runtime()) {
		report(d, "podman-shim", V_OK, NULL, "%s: podman's runtime is " SHIM_NAME,
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
	report(d, "podman-shim", V_WARN, fix,
	       "podman has neither boxlock's OCI hook (in %s or %s) nor " SHIM_NAME " as its "
	       "runtime: its containers run unbound",
	       hook_dirs[0], hook_dirs[1]);
}

static void check_shims(struct doctor *d)
{
	char shim[PATH_MAX];

	shim_path(shim, sizeof(shim));
	check_docker_runtime(d, shim);
	check_containerd_runtime(d, shim);
	check_podman_runtime(d, shim);
}

static void print_plain(const struct doctor *d)
{
	for (size_t i = 0; i < json_array_size(d->checks); i++) {
		json_t *c = json_array_get(d->checks, i);
		const char *fix = json_string_value(json_object_get(c, "fix"));

		printf("%-5s %-15s %s\n", json_string_value(json_object_get(c, "status")),
		       json_string_value(json_object_get(c, "name")),
		       json_string_value(json_object_get(c, "detail")));
		if (!fix)
			continue;
		/* The fix, indented under its check, one line at a time. */
		printf("%-21s fix: ", "");
		for (const char *p = fix; *p; p++) {
			putchar(*p);
			if (*p == '\n')
				printf("%-21s      ", "");
		}
		putchar('\n');
	}
	if (d->failed)
		printf("%d problem%s: boxlock cannot enforce on this host until %s fixed\n",
		       d->failed, d->failed == 1 ? "" : "s", d->failed == 1 ? "it is" : "they are");
	else
		printf("everything boxlock needs to enforce is in place\n");
}

int bl_cmd_doctor(int argc, char **argv)
{
	struct doctor d = { .checks = json_array() };
	bool before_load = false;
	json_t *root;
	bool sfs;

	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--before-load")) {
			before_load = true;
		} else {
			json_decref(d.checks);
			bl_err("usage: boxlock doctor [--before-load]");
			return -EINVAL;
		}
	}
	root = json_object();
	check_kernel(&d);
	check_btf(&d);
	check_config(&d);
	sfs = check_securityfs(&d);
	check_lsm(&d, sfs);
	check_bpffs(&d);
	check_cgroup2(&d);
	check_privileges(&d);
	check_loaded(&d, root, before_load);
	check_runtimes(&d);
	check_shims(&d);
	if (bl_opts.json) {
		json_object_set(root, "checks", d.checks);
		json_object_set_new(root, "ok", json_boolean(!d.failed));
		json_object_set_new(root, "failed", json_integer(d.failed));
		bl_json_print(root);
	} else {
		print_plain(&d);
		json_decref(root);
	}
	json_decref(d.checks);
	return d.failed ? -EOPNOTSUPP : 0;
}
