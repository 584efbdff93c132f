// SPDX-License-Identifier: GPL-2.0
/*
 * systemd's readiness notification, sd_notify(3)'s protocol without libsystemd: one datagram
 * "READY=1" to the unix socket $NOTIFY_SOCKET names. boxlock.service is Type=notify, so systemd
 * starts what is ordered after it (containerd, docker) once the daemon enforces, not as soon as
 * it has forked; a daemon that never gets there fails the unit's start, and docker with it.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include "cli.h"
#include "daemon.h"

int bl_sd_notify_ready(void)
{
	static const char msg[] = "READY=1";
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	size_t n;
	int fd, err = 0;

	if (!path || !*path)
		return 0; /* not run by systemd as Type=notify: nobody to tell */
	n = strlen(path);
	if ((path[0] != '/' && path[0] != '@') || n >= sizeof(sa.sun_path)) {
		bl_err("daemon: NOTIFY_SOCKET '%s' is not a unix socket address", path);
		return -EINVAL;
	}
	memcpy(sa.sun_path, path, n);
	if (sa.sun_path[0] == '@')
		sa.sun_path[0] = '\0'; /* an abstract socket */
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		err = -errno;
		bl_err("daemon: notify systemd: socket: %s", strerror(errno));
		return err;
	}
	if (sendto(fd, msg, sizeof(msg) - 1, MSG_NOSIGNAL, (struct sockaddr *)&sa,
		   (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n)) < 0) {
		err = -errno;
		bl_err("daemon: notify systemd at %s: %s", path, strerror(errno));
	}
	close(fd);
	return err;
}
