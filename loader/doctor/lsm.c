// SPDX-License-Identifier: GPL-2.0
/*
 * boxlock doctor: bpf in the active LSM list. When it is missing, the fix is the kernel command
 * line to boot with (the active list kept, bpf added), for GRUB and for systemd-boot.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "doctor/doctor.h"
#include "kernel.h"

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

bool doctor_check_lsm(struct doctor *d, bool securityfs)
{
	char list[512], want[600], src[4096], grub[4096], boot[4096], fix[16384];
	char *tok, *save, copy[512];
	int err;

	if (!securityfs) {
		doctor_report(d, "lsm", V_FAIL,
			      "mount securityfs (above), then run 'boxlock doctor' again",
			      "cannot read %s without securityfs", BL_LSM_FILE);
		return false;
	}
	err = bl_kernel_lsm_list(list, sizeof(list));
	if (err) {
		doctor_report(d, "lsm", V_FAIL, NULL, "cannot read %s: %s", BL_LSM_FILE,
			      strerror(-err));
		return false;
	}
	snprintf(copy, sizeof(copy), "%s", list);
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (!strcmp(tok, "bpf")) {
			doctor_report(d, "lsm", V_OK, NULL, "bpf is an active LSM (%s)", list);
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
	doctor_report(d, "lsm", V_FAIL, fix, "bpf is not an active LSM (%s is '%s')", BL_LSM_FILE,
		      list);
	return false;
}
