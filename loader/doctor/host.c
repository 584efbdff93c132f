// SPDX-License-Identifier: GPL-2.0
/*
 * boxlock doctor: the host's side of enforcement. The kernel (version, BTF, build options), the
 * filesystems boxlock works through (securityfs, bpffs, cgroup v2), root, and whether boxlock is
 * loaded with every link attached. bpf in the LSM list is lsm.c's.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/vfs.h>
#include <unistd.h>
#include <linux/magic.h>
#include <zlib.h>
#include "boxlock.skel.h"
#include "cli.h"
#include "doctor/doctor.h"
#include "pins.h"

#define BTF_FILE "/sys/kernel/btf/vmlinux"
#define SECURITYFS_DIR "/sys/kernel/security"
#define BPFFS_DIR "/sys/fs/bpf"
#define CGROUP_DIR BL_DOCTOR_CGROUP_DIR
#define MIN_MAJOR 6
#define MIN_MINOR 1

static int fs_magic(const char *path, __u64 *magic)
{
	struct statfs s;

	if (statfs(path, &s))
		return -errno;
	*magic = (__u64)s.f_type;
	return 0;
}

void doctor_check_kernel(struct doctor *d)
{
	unsigned int major = 0, minor = 0;
	struct utsname u;

	if (uname(&u)) {
		doctor_report(d, "kernel", V_FAIL, NULL, "uname: %s", strerror(errno));
		return;
	}
	snprintf(d->release, sizeof(d->release), "%s", u.release);
	if (sscanf(u.release, "%u.%u", &major, &minor) != 2 || major < MIN_MAJOR ||
	    (major == MIN_MAJOR && minor < MIN_MINOR))
		doctor_report(
			d, "kernel", V_FAIL,
			"boot Linux 6.1 or later (Debian 12: 'apt install linux-image-amd64', "
			"then reboot)",
			"Linux %s; boxlock needs 6.1 or later", u.release);
	else
		doctor_report(d, "kernel", V_OK, NULL, "Linux %s", u.release);
}

void doctor_check_btf(struct doctor *d)
{
	if (!access(BTF_FILE, R_OK))
		doctor_report(d, "btf", V_OK, NULL, "%s present", BTF_FILE);
	else
		doctor_report(d, "btf", V_FAIL,
			      "boot a kernel built with CONFIG_DEBUG_INFO_BTF=y (Debian 12's "
			      "linux-image-amd64 has it)",
			      "no %s (%s): the kernel has no BTF, which BPF LSM programs need",
			      BTF_FILE, strerror(errno));
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

void doctor_check_config(struct doctor *d)
{
	static const char *const names[] = { "CONFIG_BPF_LSM", "CONFIG_DEBUG_INFO_BTF",
					     "CONFIG_BPF_SYSCALL" };
	char vals[3][8], src[PATH_MAX];

	if (config_lookup(d->release, names, vals, 3, src, sizeof(src))) {
		doctor_report(
			d, "config", V_WARN, NULL,
			"no /boot/config-%s or /proc/config.gz: cannot read the kernel's build "
			"options (the lsm check below tells whether BPF LSM runs)",
			d->release);
		return;
	}
	for (int i = 0; i < 3; i++) {
		if (!strcmp(vals[i], "y"))
			continue;
		doctor_report(
			d, "config", V_FAIL,
			"boot a kernel built with CONFIG_BPF_LSM=y, CONFIG_DEBUG_INFO_BTF=y and "
			"CONFIG_BPF_SYSCALL=y (Debian 12's linux-image-amd64 has them)",
			"%s: %s is %s", src, names[i], vals[i][0] ? vals[i] : "not set");
		return;
	}
	doctor_report(d, "config", V_OK, NULL, "%s: CONFIG_BPF_LSM=y CONFIG_DEBUG_INFO_BTF=y", src);
}

bool doctor_check_securityfs(struct doctor *d)
{
	__u64 magic = 0;

	if (!fs_magic(SECURITYFS_DIR, &magic) && magic == SECURITYFS_MAGIC) {
		doctor_report(d, "securityfs", V_OK, NULL, "mounted on %s", SECURITYFS_DIR);
		return true;
	}
	doctor_report(d, "securityfs", V_FAIL,
		      "mount -t securityfs securityfs " SECURITYFS_DIR
		      " (systemd mounts it at boot; in /etc/fstab: "
		      "'securityfs " SECURITYFS_DIR " securityfs defaults 0 0')",
		      "not mounted on %s", SECURITYFS_DIR);
	return false;
}

void doctor_check_bpffs(struct doctor *d)
{
	__u64 magic = 0;

	if (!fs_magic(BPFFS_DIR, &magic) && magic == BPF_FS_MAGIC)
		doctor_report(d, "bpffs", V_OK, NULL, "mounted on %s", BPFFS_DIR);
	else
		doctor_report(d, "bpffs", V_FAIL,
			      "mount -t bpf bpf " BPFFS_DIR " (systemd mounts it at boot; in "
			      "/etc/fstab: 'bpf " BPFFS_DIR " bpf defaults 0 0')",
			      "no bpf filesystem on %s: boxlock pins its programs and maps there",
			      BPFFS_DIR);
}

void doctor_check_cgroup2(struct doctor *d)
{
	__u64 magic = 0;

	if (fs_magic(CGROUP_DIR, &magic)) {
		doctor_report(d, "cgroup2", V_FAIL, "mount -t cgroup2 cgroup2 " CGROUP_DIR,
			      "%s: %s", CGROUP_DIR, strerror(errno));
		return;
	}
	if (magic == CGROUP2_SUPER_MAGIC)
		doctor_report(d, "cgroup2", V_OK, NULL, "cgroup v2 (unified) on %s", CGROUP_DIR);
	else if (magic == TMPFS_MAGIC)
		doctor_report(
			d, "cgroup2", V_FAIL,
			"boot with the unified hierarchy: add 'systemd.unified_cgroup_hierarchy=1' "
			"to the kernel command line (and remove any "
			"'systemd.legacy_systemd_cgroup_controller'), then reboot",
			"%s is a cgroup v1 or hybrid hierarchy (tmpfs); boxlock binds cgroup v2 "
			"directories",
			CGROUP_DIR);
	else
		doctor_report(d, "cgroup2", V_FAIL, "mount -t cgroup2 cgroup2 " CGROUP_DIR,
			      "%s is not a cgroup v2 mount (filesystem magic 0x%llx)", CGROUP_DIR,
			      (unsigned long long)magic);
}

void doctor_check_loaded(struct doctor *d, json_t *root, bool before_load)
{
	/* Every program this kernel takes gets one pinned link, the arm iterator's under iter/. */
	int want = bl_links_expected();
	char links[128][64];
	int n;

	if (want < 0)
		want = sizeof(((struct boxlock *)0)->progs) / sizeof(struct bpf_program *) - 1;

	if (!bl_is_loaded() && before_load) {
		doctor_report(d, "loaded", V_INFO, NULL,
			      "not loaded yet (no pins under %s): the daemon loads it next",
			      bl_opts.pin_dir);
		json_object_set_new(root, "links", json_integer(0));
		return;
	}
	if (!bl_is_loaded()) {
		doctor_report(d, "loaded", V_FAIL, "boxlock load",
			      "boxlock is not loaded (no pins under %s)", bl_opts.pin_dir);
		json_object_set_new(root, "links", json_integer(0));
		return;
	}
	n = bl_links_list(links, 128);
	json_object_set_new(root, "links", json_integer(n < 0 ? 0 : n));
	json_object_set_new(root, "links_expected", json_integer(want));
	if (n < 0)
		doctor_report(d, "loaded", V_FAIL, NULL,
			      "pins under %s, but the links cannot be read: %s", bl_opts.pin_dir,
			      strerror(-n));
	else if (n < want)
		doctor_report(
			d, "loaded", V_FAIL, "boxlock load (attaches and pins what is missing)",
			"pinned under %s, but only %d of %d links: some hooks are not attached",
			bl_opts.pin_dir, n, want);
	else
		doctor_report(d, "loaded", V_OK, NULL, "pinned under %s, %d links attached",
			      bl_opts.pin_dir, n);
}

void doctor_check_privileges(struct doctor *d)
{
	if (geteuid() == 0)
		doctor_report(d, "root", V_OK, NULL, "running as root");
	else
		doctor_report(d, "root", V_WARN, "run boxlock as root",
			      "not root: loading, binding and some of these checks need root "
			      "(CAP_BPF, CAP_SYS_ADMIN)");
}
