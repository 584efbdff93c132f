// SPDX-License-Identifier: GPL-2.0
/* Probing the kernel before boxlock claims to enforce anything. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "kernel.h"

int bl_kernel_lsm_list(char *buf, size_t len)
{
	ssize_t n;
	int fd;

	fd = open(BL_LSM_FILE, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = 0;
	buf[strcspn(buf, "\n")] = 0;
	return 0;
}

int bl_kernel_check_lsm(void)
{
	char list[512], *tok, *save;
	int err;

	err = bl_kernel_lsm_list(list, sizeof(list));
	if (err) {
		bl_err("cannot read %s: %s (is securityfs mounted?)", BL_LSM_FILE, strerror(-err));
		return err;
	}
	for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
		if (!strcmp(tok, "bpf"))
			return 0;
	bl_err("the kernel does not run BPF LSM programs: 'bpf' is not in %s; add it to the kernel "
	       "command line (lsm=...,bpf; 'boxlock doctor' prints the line)",
	       BL_LSM_FILE);
	return -EOPNOTSUPP;
}
