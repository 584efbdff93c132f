// SPDX-License-Identifier: GPL-2.0
/*
 * bltry: makes one real syscall and reports how the kernel answered, for the guest tests.
 * Prints "OK" or the errno's name (EPERM, ENXIO, ...) and exits 0 for OK, 1 for EPERM, 2 for
 * any other error, 3 for bad usage. Static, so it runs inside a bare container too.
 *
 *   bltry open PATH r|w|rw           open(2)
 *   bltry serve-unix PATH            bind+listen a unix stream socket at PATH, then sleep
 *   bltry cgexec CGROUP_DIR CMD...   move into a cgroup v2 directory, then exec CMD
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static const char *errname(int e)
{
	switch (e) {
	case EPERM: return "EPERM";
	case EACCES: return "EACCES";
	case ENOENT: return "ENOENT";
	case ENXIO: return "ENXIO";
	case EINVAL: return "EINVAL";
	case EBUSY: return "EBUSY";
	case ECONNREFUSED: return "ECONNREFUSED";
	case ENETUNREACH: return "ENETUNREACH";
	case ENAMETOOLONG: return "ENAMETOOLONG";
	case EEXIST: return "EEXIST";
	case ENOSYS: return "ENOSYS";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	default: return NULL;
	}
}

/* Reports the result of a syscall that returned @ret (negative on failure, errno set). */
static int report(long ret)
{
	const char *name;
	int e = errno;

	if (ret >= 0) {
		puts("OK");
		return 0;
	}
	name = errname(e);
	if (name)
		puts(name);
	else
		printf("E%d\n", e);
	return e == EPERM ? 1 : 2;
}

static int do_open(int argc, char **argv)
{
	int flags, fd;

	if (argc != 2)
		return 3;
	if (!strcmp(argv[1], "r"))
		flags = O_RDONLY;
	else if (!strcmp(argv[1], "w"))
		flags = O_WRONLY;
	else if (!strcmp(argv[1], "rw"))
		flags = O_RDWR;
	else
		return 3;
	fd = open(argv[0], flags | O_CLOEXEC);
	if (fd >= 0)
		close(fd);
	return report(fd);
}

static int unix_addr(const char *path, struct sockaddr_un *sa)
{
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sa->sun_path))
		return -1;
	strcpy(sa->sun_path, path);
	return 0;
}

static int do_serve_unix(int argc, char **argv)
{
	struct sockaddr_un sa;
	int fd;

	if (argc != 1 || unix_addr(argv[0], &sa))
		return 3;
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	unlink(argv[0]);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(fd, 64))
		return report(-1);
	for (;;) {
		int c = accept(fd, NULL, NULL);

		if (c >= 0)
			close(c);
	}
}

static int do_cgexec(int argc, char **argv)
{
	char path[4096], pid[32];
	int fd, n;

	if (argc < 2)
		return 3;
	snprintf(path, sizeof(path), "%s/cgroup.procs", argv[0]);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	n = snprintf(pid, sizeof(pid), "%d\n", getpid());
	if (fd < 0 || write(fd, pid, n) != n) {
		fprintf(stderr, "bltry: cannot join %s: %s\n", argv[0], strerror(errno));
		return 3;
	}
	close(fd);
	execvp(argv[1], argv + 1);
	fprintf(stderr, "bltry: exec %s: %s\n", argv[1], strerror(errno));
	return 3;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(int, char **);
	} cmds[] = {
		{ "open", do_open },
		{ "serve-unix", do_serve_unix },
		{ "cgexec", do_cgexec },
	};

	if (argc < 2)
		goto usage;
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 2, argv + 2);
usage:
	fprintf(stderr, "usage: bltry open|serve-unix|cgexec ...\n");
	return 3;
}
