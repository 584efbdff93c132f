// SPDX-License-Identifier: GPL-2.0
/*
 * bltry: makes one real syscall and reports how the kernel answered, for the guest tests.
 * Prints "OK" or the errno's name (EPERM, ENXIO, ...) and exits 0 for OK, 1 for EPERM, 2 for
 * any other error, 3 for bad usage. Static, so it runs inside a bare container too.
 *
 *   bltry open PATH r|w|rw             open(2)
 *   bltry chroot-open DIR PATH r|w|rw  chroot(2) to DIR (a failure is reported as CHROOT-ERRNO),
 *                                      then open(2) PATH inside it
 *   bltry chroot-cwd-open DIR CWD PATH r|w|rw  chdir(CWD), chroot(DIR), no chdir: opens PATH
 *                                  relative to a cwd the new root does not reach
 *   bltry open-loop PATH r|w SECONDS   open(2) again and again for SECONDS; prints
 *                                      "denied=N allowed=N other=N" (EPERM, success, the rest)
 *   bltry readlink PATH                readlink(2)
 *   bltry unlink PATH                  unlink(2)
 *   bltry rename OLD NEW               rename(2)
 *   bltry rmdir PATH                   rmdir(2)
 *   bltry mkdir PATH                   mkdir(2)
 *   bltry truncate PATH                truncate(2) to 0 bytes
 *   bltry chmod PATH                   chmod(2) 0600
 *   bltry chown PATH                   chown(2) to the caller's own uid and gid
 *   bltry utimes PATH                  utimes(2) to now
 *   bltry link OLD NEW                 link(2)
 *   bltry symlink TARGET NEW           symlink(2)
 *   bltry setxattr PATH                setxattr(2) user.boxlock = "1"
 *   bltry removexattr PATH             removexattr(2) user.boxlock
 *   bltry creat PATH                   open(2) O_CREAT|O_EXCL|O_WRONLY
 *   bltry bpf-obj-get PATH r|w|rw      bpf(BPF_OBJ_GET) of a pinned object, with file_flags
 *   bltry bpf-fd-by-id map|prog|link ID  bpf(BPF_{MAP,PROG,LINK}_GET_FD_BY_ID)
 *   bltry exec PATH [ARG...]           fork, execve(2) PATH, report whether the exec succeeded
 *   bltry exec-fd PATH                 execveat(open(PATH, O_PATH), "", AT_EMPTY_PATH)
 *   bltry exec-memfd PATH              copy PATH into a memfd and fexecve(2) it
 *   bltry exec-ldso LDSO PATH [ARG...]  run PATH through the dynamic loader LDSO (which maps it
 *                                      itself); OK when PATH ran and exited 0, MAP-FAILED when
 *                                      the loader could not map it (its message has no errno:
 *                                      mmap-exec shows which), else the loader's message
 *   bltry mmap-exec PATH               mmap(2) PATH with PROT_READ|PROT_EXEC, MAP_PRIVATE
 *   bltry mprotect-exec PATH           mmap(2) PATH with PROT_READ, then mprotect(2) it
 *                                      PROT_READ|PROT_EXEC
 *   bltry mprotect-exec-anon           the same of a MAP_SHARED|MAP_ANONYMOUS mapping (a JIT's)
 *   bltry connect-unix PATH            connect(2) a unix stream socket
 *   bltry connect-opath PATH           open(PATH, O_PATH), connect to /proc/self/fd/N
 *   bltry connect-tcp ADDR PORT [LEN]  connect(2) over TCP, IPv4 or IPv6; LEN overrides the
 *                                      address length (24: a sockaddr_in6 without scope id)
 *   bltry sendto-fastopen ADDR PORT [LEN]  sendto(MSG_FASTOPEN) one byte: TCP Fast Open connects
 *   bltry sendto-udp ADDR PORT [LEN]   sendto(2) one byte from an unconnected UDP socket
 *   bltry sendto-udp-unspec ADDR PORT  the same from an IPv4 socket, sin_family AF_UNSPEC
 *   bltry sendmsg-udp ADDR PORT        sendmsg(2) one byte, msg_name set, unconnected UDP
 *   bltry io-uring-connect ADDR PORT [sqpoll]  io_uring IORING_OP_CONNECT over TCP (raw
 *                                      syscalls); sqpoll: submitted by the kernel's SQ thread
 *   bltry io-uring-sendmsg udp|fastopen ADDR PORT  io_uring IORING_OP_SENDMSG with msg_name:
 *                                      unconnected UDP, or TCP with MSG_FASTOPEN
 *   bltry listen ADDR PORT             bind(2) a TCP socket to ADDR:PORT (a failure is reported
 *                                      as BIND-ERRNO), then listen(2); PORT 0: listen unbound
 *   bltry udp-bind ADDR PORT           bind(2) a UDP socket to ADDR:PORT
 *   bltry serve-unix PATH              listen on a unix stream socket at PATH (forever)
 *   bltry serve-tcp ADDR PORT [fastopen]  listen on TCP (forever), with TCP_FASTOPEN
 *   bltry pass-fd LISTEN TARGET        on each connection to unix socket LISTEN, connect to
 *                                      unix socket TARGET and pass that socket over SCM_RIGHTS
 *   bltry recv-fd PATH                 connect to PATH, receive one fd: OK, or TRUNC if refused
 *   bltry mount SRC DIR TYPE [bind|remount|DATA]   mount(2)
 *   bltry umount DIR                   umount2(2)
 *   bltry fsmount TYPE DIR             fsopen, fsconfig, fsmount, move_mount: the new mount API
 *   bltry open-tree SRC DIR            open_tree(OPEN_TREE_CLONE) + move_mount: a bind, new API
 *   bltry pivot-root NEW PUT_OLD       pivot_root(2) in a new mount namespace
 *   bltry finit-module KO              finit_module(2)
 *   bltry init-module KO               init_module(2)
 *   bltry bpf-map-create               bpf(BPF_MAP_CREATE) of a small array
 *   bltry ptrace-attach PID            ptrace(PTRACE_ATTACH)
 *   bltry unshare-user                 unshare(CLONE_NEWUSER)
 *   bltry cgroup-move CGROUP_DIR       write this process's pid to CGROUP_DIR/cgroup.procs
 *   bltry clone3-into-cgroup CGROUP_DIR  clone3(CLONE_INTO_CGROUP) a child that exits at once
 *   bltry cap-sysadmin                 sethostname(2) in a new UTS namespace: a CAP_SYS_ADMIN check
 *   bltry cap-pacct                    acct(NULL): a CAP_SYS_PACCT check, which no shipped profile denies
 *   bltry seccomp-filter               seccomp(2) an allow-all filter without no_new_privs: the
 *                                      kernel checks CAP_SYS_ADMIN without auditing (EACCES)
 *   bltry forks N SECONDS              fork N children that sleep SECONDS: OK if every fork
 *                                      succeeded, else the first failure's errno
 *   bltry cgexec CGROUP_DIR CMD...     move into a cgroup v2 directory, then exec CMD
 *   bltry in-mntns CMD...              unshare(CLONE_NEWNS), then exec CMD (a container's view)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/bpf.h>
#include <linux/filter.h>
#include <linux/io_uring.h>
#include <linux/mount.h>
#include <linux/seccomp.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <sys/time.h>
#include <sys/xattr.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <signal.h>
#include <time.h>
#include <linux/types.h>
#include <unistd.h>

static const char *errname(int e)
{
	switch (e) {
	case EPERM:
		return "EPERM";
	case EACCES:
		return "EACCES";
	case ENOENT:
		return "ENOENT";
	case ENXIO:
		return "ENXIO";
	case EINVAL:
		return "EINVAL";
	case EBUSY:
		return "EBUSY";
	case EINPROGRESS:
		return "EINPROGRESS";
	case EAFNOSUPPORT:
		return "EAFNOSUPPORT";
	case ECONNREFUSED:
		return "ECONNREFUSED";
	case ENETUNREACH:
		return "ENETUNREACH";
	case ENAMETOOLONG:
		return "ENAMETOOLONG";
	case EEXIST:
		return "EEXIST";
	case ENOSYS:
		return "ENOSYS";
	case EOPNOTSUPP:
		return "EOPNOTSUPP";
	case ENOEXEC:
		return "ENOEXEC";
	case ENOTDIR:
		return "ENOTDIR";
	case ESRCH:
		return "ESRCH";
	default:
		return NULL;
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
	fd = open(argv[0], flags | O_CLOEXEC | O_NOCTTY); /* /proc/1/fd/0 may be a tty */
	if (fd >= 0)
		close(fd);
	return report(fd);
}

static int do_open_loop(int argc, char **argv)
{
	unsigned long denied = 0, allowed = 0, other = 0;
	int flags, fd;
	time_t end;

	if (argc != 3 || (strcmp(argv[1], "r") && strcmp(argv[1], "w")))
		return 3;
	flags = argv[1][0] == 'r' ? O_RDONLY : O_WRONLY;
	end = time(NULL) + atoi(argv[2]);
	while (time(NULL) < end) {
		fd = open(argv[0], flags | O_CLOEXEC | O_NOCTTY);
		if (fd >= 0) {
			allowed++;
			close(fd);
		} else if (errno == EPERM) {
			denied++;
		} else {
			other++;
		}
	}
	printf("denied=%lu allowed=%lu other=%lu\n", denied, allowed, other);
	return 0;
}

static int do_bpf_fd_by_id(int argc, char **argv)
{
	union bpf_attr attr;
	int cmd;
	long fd;

	if (argc != 2)
		return 3;
	memset(&attr, 0, sizeof(attr));
	if (!strcmp(argv[0], "map")) {
		cmd = BPF_MAP_GET_FD_BY_ID;
		attr.map_id = strtoul(argv[1], NULL, 10);
	} else if (!strcmp(argv[0], "prog")) {
		cmd = BPF_PROG_GET_FD_BY_ID;
		attr.prog_id = strtoul(argv[1], NULL, 10);
	} else if (!strcmp(argv[0], "link")) {
		cmd = BPF_LINK_GET_FD_BY_ID;
		attr.link_id = strtoul(argv[1], NULL, 10);
	} else {
		return 3;
	}
	fd = syscall(SYS_bpf, cmd, &attr, sizeof(attr));
	if (fd >= 0)
		close(fd);
	return report(fd);
}

static int do_readlink(int argc, char **argv)
{
	char buf[4096];

	if (argc != 1)
		return 3;
	return report(readlink(argv[0], buf, sizeof(buf)));
}

static int do_unlink(int argc, char **argv)
{
	return argc != 1 ? 3 : report(unlink(argv[0]));
}

static int do_rename(int argc, char **argv)
{
	return argc != 2 ? 3 : report(rename(argv[0], argv[1]));
}

static int do_truncate(int argc, char **argv)
{
	return argc != 1 ? 3 : report(truncate(argv[0], 0));
}

static int do_chmod(int argc, char **argv)
{
	return argc != 1 ? 3 : report(chmod(argv[0], 0600));
}

/* chown to the owner it has: a change the kernel allows any owner, so only boxlock refuses. */
static int do_chown(int argc, char **argv)
{
	return argc != 1 ? 3 : report(chown(argv[0], getuid(), getgid()));
}

static int do_utimes(int argc, char **argv)
{
	return argc != 1 ? 3 : report(utimes(argv[0], NULL));
}

static int do_link(int argc, char **argv)
{
	return argc != 2 ? 3 : report(link(argv[0], argv[1]));
}

static int do_symlink(int argc, char **argv)
{
	return argc != 2 ? 3 : report(symlink(argv[0], argv[1]));
}

static int do_setxattr(int argc, char **argv)
{
	return argc != 1 ? 3 : report(setxattr(argv[0], "user.boxlock", "1", 1, 0));
}

static int do_removexattr(int argc, char **argv)
{
	return argc != 1 ? 3 : report(removexattr(argv[0], "user.boxlock"));
}

static int do_rmdir(int argc, char **argv)
{
	return argc != 1 ? 3 : report(rmdir(argv[0]));
}

static int do_mkdir(int argc, char **argv)
{
	return argc != 1 ? 3 : report(mkdir(argv[0], 0700));
}

static int do_creat(int argc, char **argv)
{
	int fd;

	if (argc != 1)
		return 3;
	fd = open(argv[0], O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
	if (fd >= 0)
		close(fd);
	return report(fd);
}

static int do_bpf_obj_get(int argc, char **argv)
{
	union bpf_attr attr;
	long fd;

	if (argc != 2)
		return 3;
	memset(&attr, 0, sizeof(attr));
	attr.pathname = (__u64)(unsigned long)argv[0];
	if (!strcmp(argv[1], "r"))
		attr.file_flags = BPF_F_RDONLY;
	else if (!strcmp(argv[1], "w"))
		attr.file_flags = BPF_F_WRONLY;
	else if (strcmp(argv[1], "rw"))
		return 3;
	fd = syscall(SYS_bpf, BPF_OBJ_GET, &attr, sizeof(attr));
	if (fd >= 0)
		close(fd);
	return report(fd);
}

static int do_chroot_open(int argc, char **argv)
{
	if (argc != 3)
		return 3;
	if (chroot(argv[0]) || chdir("/")) {
		const char *name = errname(errno);

		printf("CHROOT-%s\n", name ? name : "E?");
		return 2;
	}
	return do_open(2, argv + 1);
}

/* chdir(CWD), chroot(DIR) and no chdir after it: PATH, relative, is opened from outside the root. */
static int do_chroot_cwd_open(int argc, char **argv)
{
	if (argc != 4)
		return 3;
	if (chdir(argv[1]) || chroot(argv[0])) {
		const char *name = errname(errno);

		printf("CHROOT-%s\n", name ? name : "E?");
		return 2;
	}
	return do_open(2, argv + 2);
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

static int do_connect_unix(int argc, char **argv)
{
	struct sockaddr_un sa;
	int fd;

	if (argc != 1 || unix_addr(argv[0], &sa))
		return 3;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return report(-1);
	return report(connect(fd, (struct sockaddr *)&sa, sizeof(sa)));
}

static int do_connect_opath(int argc, char **argv)
{
	char proc[64];
	int fd;

	if (argc != 1)
		return 3;
	fd = open(argv[0], O_PATH | O_CLOEXEC);
	if (fd < 0)
		return report(-1);
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	char *args[] = { proc };
	return do_connect_unix(1, args);
}

/* Fills @ss from ADDR and PORT; returns its length or 0. */
static socklen_t inet_addr_of(const char *addr, const char *port, struct sockaddr_storage *ss)
{
	struct sockaddr_in6 *s6 = (void *)ss;
	struct sockaddr_in *s4 = (void *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, addr, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons(atoi(port));
		return sizeof(*s4);
	}
	if (inet_pton(AF_INET6, addr, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(atoi(port));
		return sizeof(*s6);
	}
	return 0;
}

/* Fills @ss from ADDR, PORT and an optional LEN (argv[2]); returns the length to pass or 0. */
static socklen_t inet_dest(int argc, char **argv, struct sockaddr_storage *ss)
{
	socklen_t len;

	if (argc < 2 || argc > 3 || !(len = inet_addr_of(argv[0], argv[1], ss)))
		return 0;
	if (argc == 3)
		len = atoi(argv[2]);
	return len;
}

static int do_connect_tcp(int argc, char **argv)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd;

	if (!(len = inet_dest(argc, argv, &ss)))
		return 3;
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return report(-1);
	return report(connect(fd, (struct sockaddr *)&ss, len));
}

/* A TCP server's listen(2), on ADDR:PORT; port 0 listens without a bind (an ephemeral port). */
static int do_listen(int argc, char **argv)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, one = 1;

	if (argc != 2 || !(len = inet_addr_of(argv[0], argv[1], &ss)))
		return 3;
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return report(-1);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (atoi(argv[1]) && bind(fd, (struct sockaddr *)&ss, len)) {
		int e = errno;

		printf("BIND-");
		errno = e;
		return report(-1);
	}
	return report(listen(fd, 1));
}

static int do_udp_bind(int argc, char **argv)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd;

	if (argc != 2 || !(len = inet_addr_of(argv[0], argv[1], &ss)))
		return 3;
	fd = socket(ss.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return report(-1);
	return report(bind(fd, (struct sockaddr *)&ss, len));
}

/* TCP Fast Open: the connection is made by the send, with no connect(2). */
static int do_sendto_fastopen(int argc, char **argv)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd;

	if (!(len = inet_dest(argc, argv, &ss)))
		return 3;
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return report(-1);
	return report(sendto(fd, "x", 1, MSG_FASTOPEN, (struct sockaddr *)&ss, len));
}

static int do_sendto_udp(int argc, char **argv)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd;

	if (!(len = inet_dest(argc, argv, &ss)))
		return 3;
	fd = socket(ss.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return report(-1);
	return report(sendto(fd, "x", 1, 0, (struct sockaddr *)&ss, len));
}

/* udp_sendmsg takes a sockaddr_in whose sin_family is AF_UNSPEC as a destination. */
static int do_sendto_udp_unspec(int argc, char **argv)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd;

	if (argc != 2 || !(len = inet_addr_of(argv[0], argv[1], &ss)) || ss.ss_family != AF_INET)
		return 3;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return report(-1);
	ss.ss_family = AF_UNSPEC;
	return report(sendto(fd, "x", 1, 0, (struct sockaddr *)&ss, len));
}

static int do_sendmsg_udp(int argc, char **argv)
{
	struct sockaddr_storage ss;
	struct iovec iov = { .iov_base = "x", .iov_len = 1 };
	struct msghdr msg = { .msg_name = &ss, .msg_iov = &iov, .msg_iovlen = 1 };
	int fd;

	if (argc != 2 || !(msg.msg_namelen = inet_addr_of(argv[0], argv[1], &ss)))
		return 3;
	fd = socket(ss.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return report(-1);
	return report(sendmsg(fd, &msg, 0));
}

/*
 * One io_uring request, with raw syscalls (liburing's headers are not installed here): sets up
 * a ring, submits @sqe, waits for its completion and reports its result. With @sqpoll the
 * kernel's SQ thread, not this task, takes the request from the ring.
 */
static int uring_one(const struct io_uring_sqe *sqe, int sqpoll)
{
	struct io_uring_params p = { 0 };
	unsigned int *sq_tail, *sq_array, sq_mask, *cq_head, cq_mask, idx, flags;
	struct io_uring_sqe *sqes;
	struct io_uring_cqe *cqes;
	char *sq, *cq;
	int fd, res;

	if (sqpoll) {
		p.flags = IORING_SETUP_SQPOLL;
		p.sq_thread_idle = 2000;
	}
	fd = syscall(__NR_io_uring_setup, 4, &p);
	if (fd < 0)
		return report(-1);
	sq = mmap(NULL, p.sq_off.array + p.sq_entries * sizeof(unsigned int),
		  PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, IORING_OFF_SQ_RING);
	cq = mmap(NULL, p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe),
		  PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, IORING_OFF_CQ_RING);
	sqes = mmap(NULL, p.sq_entries * sizeof(struct io_uring_sqe), PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_POPULATE, fd, IORING_OFF_SQES);
	if (sq == MAP_FAILED || cq == MAP_FAILED || sqes == MAP_FAILED)
		return report(-1);
	sq_tail = (unsigned int *)(sq + p.sq_off.tail);
	sq_array = (unsigned int *)(sq + p.sq_off.array);
	sq_mask = *(unsigned int *)(sq + p.sq_off.ring_mask);
	cq_head = (unsigned int *)(cq + p.cq_off.head);
	cq_mask = *(unsigned int *)(cq + p.cq_off.ring_mask);
	cqes = (struct io_uring_cqe *)(cq + p.cq_off.cqes);

	idx = *sq_tail & sq_mask;
	sqes[idx] = *sqe;
	sq_array[idx] = idx;
	__atomic_store_n(sq_tail, *sq_tail + 1, __ATOMIC_RELEASE);
	flags = IORING_ENTER_GETEVENTS | (sqpoll ? IORING_ENTER_SQ_WAKEUP : 0);
	if (syscall(__NR_io_uring_enter, fd, sqpoll ? 0 : 1, 1, flags, NULL, 0) < 0)
		return report(-1);
	res = cqes[__atomic_load_n(cq_head, __ATOMIC_ACQUIRE) & cq_mask].res;
	if (res < 0) {
		errno = -res;
		return report(-1);
	}
	return report(0);
}

static int do_io_uring_connect(int argc, char **argv)
{
	struct io_uring_sqe sqe = { .opcode = IORING_OP_CONNECT };
	static struct sockaddr_storage ss;
	socklen_t len;
	int fd, sqpoll = argc == 3 && !strcmp(argv[2], "sqpoll");

	if ((argc == 3 && !sqpoll) || !(len = inet_dest(argc > 2 ? 2 : argc, argv, &ss)))
		return 3;
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return report(-1);
	sqe.fd = fd;
	sqe.addr = (unsigned long)&ss;
	sqe.off = len; /* addr2: the address length */
	return uring_one(&sqe, sqpoll);
}

static int do_io_uring_sendmsg(int argc, char **argv)
{
	struct io_uring_sqe sqe = { .opcode = IORING_OP_SENDMSG, .len = 1 };
	static struct sockaddr_storage ss;
	static struct iovec iov = { .iov_base = "x", .iov_len = 1 };
	static struct msghdr msg = { .msg_name = &ss, .msg_iov = &iov, .msg_iovlen = 1 };
	int fd, udp;

	if (argc != 3 || (strcmp(argv[0], "udp") && strcmp(argv[0], "fastopen")) ||
	    !(msg.msg_namelen = inet_addr_of(argv[1], argv[2], &ss)))
		return 3;
	udp = !strcmp(argv[0], "udp");
	fd = socket(ss.ss_family, (udp ? SOCK_DGRAM : SOCK_STREAM) | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return report(-1);
	sqe.fd = fd;
	sqe.addr = (unsigned long)&msg;
	sqe.msg_flags = udp ? 0 : MSG_FASTOPEN;
	return uring_one(&sqe, 0);
}

static int do_serve_tcp(int argc, char **argv)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, one = 1, qlen = 16;

	if (argc < 2 || argc > 3 || !(len = inet_addr_of(argv[0], argv[1], &ss)))
		return 3;
	if (argc == 3 && strcmp(argv[2], "fastopen"))
		return 3;
	fd = socket(ss.ss_family, SOCK_STREAM, 0);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (argc == 3 && setsockopt(fd, IPPROTO_TCP, TCP_FASTOPEN, &qlen, sizeof(qlen)))
		return report(-1);
	if (fd < 0 || bind(fd, (struct sockaddr *)&ss, len) || listen(fd, 64))
		return report(-1);
	for (;;) {
		int c = accept(fd, NULL, NULL);
		char data[64];

		if (c < 0)
			continue;
		/* Read what a Fast Open SYN carried: closing on unread data would reset the
		 * connection under the client's feet (ECONNRESET from its sendto). */
		if (recv(c, data, sizeof(data), MSG_DONTWAIT) < 0 && errno != EAGAIN)
			perror("bltry: serve-tcp: recv");
		close(c);
	}
}

static int listen_unix(const char *path)
{
	struct sockaddr_un sa;
	int fd;

	if (unix_addr(path, &sa))
		return -1;
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	unlink(path);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(fd, 64))
		return -1;
	return fd;
}

static int do_pass_fd(int argc, char **argv)
{
	struct sockaddr_un target;
	int lfd;

	if (argc != 2 || unix_addr(argv[1], &target))
		return 3;
	lfd = listen_unix(argv[0]);
	if (lfd < 0)
		return report(-1);
	for (;;) {
		char buf[CMSG_SPACE(sizeof(int))] = { 0 }, byte = 'x';
		struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
		struct msghdr msg = { .msg_iov = &iov,
				      .msg_iovlen = 1,
				      .msg_control = buf,
				      .msg_controllen = sizeof(buf) };
		struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);
		int c = accept(lfd, NULL, NULL), t;

		if (c < 0)
			continue;
		t = socket(AF_UNIX, SOCK_STREAM, 0);
		if (t >= 0 && !connect(t, (struct sockaddr *)&target, sizeof(target))) {
			cm->cmsg_level = SOL_SOCKET;
			cm->cmsg_type = SCM_RIGHTS;
			cm->cmsg_len = CMSG_LEN(sizeof(int));
			memcpy(CMSG_DATA(cm), &t, sizeof(int));
			sendmsg(c, &msg, 0);
		}
		if (t >= 0)
			close(t);
		close(c);
	}
}

static int do_recv_fd(int argc, char **argv)
{
	char buf[CMSG_SPACE(sizeof(int))] = { 0 }, byte;
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1, .msg_control = buf, .msg_controllen = sizeof(buf)
	};
	struct sockaddr_un sa;
	struct cmsghdr *cm;
	int fd;

	if (argc != 1 || unix_addr(argv[0], &sa))
		return 3;
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)))
		return report(-1);
	if (recvmsg(fd, &msg, 0) < 0)
		return report(-1);
	cm = CMSG_FIRSTHDR(&msg);
	if (cm && cm->cmsg_type == SCM_RIGHTS) {
		puts("OK");
		return 0;
	}
	/* The kernel drops a file an LSM refused and flags the message as truncated. */
	puts((msg.msg_flags & MSG_CTRUNC) ? "TRUNC" : "NOFD");
	return 1;
}

/* Forks and execs; the child reports a failed exec through a close-on-exec pipe. */
static int exec_and_report(int (*doexec)(char **argv), char **argv)
{
	int p[2], e = 0, status;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC))
		return report(-1);
	pid = fork();
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);

		dup2(fd, 1);
		doexec(argv);
		e = errno;
		if (write(p[1], &e, sizeof(e)) < 0)
			_exit(126);
		_exit(127);
	}
	close(p[1]);
	if (read(p[0], &e, sizeof(e)) == sizeof(e)) {
		waitpid(pid, &status, 0);
		errno = e;
		return report(-1);
	}
	waitpid(pid, &status, 0);
	return report(0);
}

static int exec_path(char **argv)
{
	return execv(argv[0], argv);
}

static int exec_fd(char **argv)
{
	static char *const args[] = { "bltry-exec-fd", NULL };
	int fd = open(argv[0], O_PATH);

	if (fd < 0)
		return -1;
	return syscall(SYS_execveat, fd, "", args, environ, AT_EMPTY_PATH);
}

static int exec_memfd(char **argv)
{
	static char *const args[] = { "bltry-memfd", NULL };
	int in = open(argv[0], O_RDONLY), fd = memfd_create("bltry", 0);
	char buf[65536];
	ssize_t n;

	if (in < 0 || fd < 0)
		return -1;
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(fd, buf, n) != n)
			return -1;
	return fexecve(fd, args, environ);
}

static int do_exec(int argc, char **argv)
{
	return argc < 1 ? 3 : exec_and_report(exec_path, argv);
}

static int do_exec_fd(int argc, char **argv)
{
	return argc != 1 ? 3 : exec_and_report(exec_fd, argv);
}

static int do_exec_memfd(int argc, char **argv)
{
	return argc != 1 ? 3 : exec_and_report(exec_memfd, argv);
}

/*
 * The loader reports a failed map of the program as "...: failed to map segment from shared
 * object" on stderr (glibc 2.36 drops the errno there) and exits 127; it makes no syscall of
 * ours to report, so its message is read.
 */
static int do_exec_ldso(int argc, char **argv)
{
	char msg[512] = "";
	int p[2], status;
	ssize_t n, len = 0;
	pid_t pid;

	if (argc < 2)
		return 3;
	if (pipe(p))
		return report(-1);
	pid = fork();
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);

		dup2(fd, 1);
		dup2(p[1], 2);
		execv(argv[0], argv);
		_exit(126);
	}
	close(p[1]);
	while ((n = read(p[0], msg + len, sizeof(msg) - 1 - len)) > 0)
		len += n;
	msg[len] = 0;
	waitpid(pid, &status, 0);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return report(0);
	if (strstr(msg, "Operation not permitted")) {
		errno = EPERM;
		return report(-1);
	}
	if (strstr(msg, "failed to map segment")) {
		puts("MAP-FAILED");
		return 1;
	}
	msg[strcspn(msg, "\n")] = 0;
	printf("FAILED: %s\n", msg);
	return 2;
}

static int do_mmap_exec(int argc, char **argv)
{
	int fd;
	void *m;

	if (argc != 1)
		return 3;
	fd = open(argv[0], O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return report(-1);
	m = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);
	return report(m == MAP_FAILED ? -1 : 0);
}

static int do_mprotect_exec(int argc, char **argv)
{
	int fd;
	void *m;

	if (argc != 1)
		return 3;
	fd = open(argv[0], O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return report(-1);
	m = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
	if (m == MAP_FAILED) {
		printf("MMAP-");
		return report(-1);
	}
	return report(mprotect(m, 4096, PROT_READ | PROT_EXEC));
}

static int do_mprotect_exec_anon(int argc, char **argv)
{
	void *m;

	(void)argv;
	if (argc != 0)
		return 3;
	m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED) {
		printf("MMAP-");
		return report(-1);
	}
	return report(mprotect(m, 4096, PROT_READ | PROT_EXEC));
}

static int do_mount(int argc, char **argv)
{
	unsigned long flags = 0;
	const char *data = NULL;

	if (argc < 3 || argc > 4)
		return 3;
	if (argc == 4 && !strcmp(argv[3], "bind"))
		flags = MS_BIND | MS_REC;
	else if (argc == 4 && !strcmp(argv[3], "remount"))
		flags = MS_REMOUNT;
	else if (argc == 4)
		data = argv[3];
	return report(mount(argv[0], argv[1], argv[2], flags, data));
}

static int do_umount(int argc, char **argv)
{
	return argc != 1 ? 3 : report(umount2(argv[0], 0));
}

static int do_fsmount(int argc, char **argv)
{
	int fs, mnt;

	if (argc != 2)
		return 3;
	fs = syscall(SYS_fsopen, argv[0], FSOPEN_CLOEXEC);
	if (fs < 0)
		return report(-1);
	if (syscall(SYS_fsconfig, fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0))
		return report(-1);
	mnt = syscall(SYS_fsmount, fs, FSMOUNT_CLOEXEC, 0);
	if (mnt < 0)
		return report(-1);
	return report(syscall(SYS_move_mount, mnt, "", AT_FDCWD, argv[1], MOVE_MOUNT_F_EMPTY_PATH));
}

static int do_open_tree(int argc, char **argv)
{
	int t;

	if (argc != 2)
		return 3;
	t = syscall(SYS_open_tree, AT_FDCWD, argv[0], OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
	if (t < 0)
		return report(-1);
	return report(syscall(SYS_move_mount, t, "", AT_FDCWD, argv[1], MOVE_MOUNT_F_EMPTY_PATH));
}

static int do_pivot_root(int argc, char **argv)
{
	if (argc != 2)
		return 3;
	if (unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
	    mount(argv[0], argv[0], NULL, MS_BIND, NULL))
		return report(-1);
	return report(syscall(SYS_pivot_root, argv[0], argv[1]));
}

static int do_finit_module(int argc, char **argv)
{
	int fd;

	if (argc != 1)
		return 3;
	fd = open(argv[0], O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return report(-1);
	return report(syscall(SYS_finit_module, fd, "", 0));
}

static int do_init_module(int argc, char **argv)
{
	static char img[16 << 20];
	ssize_t n;
	int fd;

	if (argc != 1)
		return 3;
	fd = open(argv[0], O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return report(-1);
	n = read(fd, img, sizeof(img));
	if (n <= 0)
		return report(-1);
	return report(syscall(SYS_init_module, img, (unsigned long)n, ""));
}

static int do_bpf_map_create(int argc, char **argv)
{
	union bpf_attr attr;

	(void)argv;
	if (argc)
		return 3;
	memset(&attr, 0, sizeof(attr));
	attr.map_type = BPF_MAP_TYPE_ARRAY;
	attr.key_size = 4;
	attr.value_size = 4;
	attr.max_entries = 1;
	return report(syscall(SYS_bpf, BPF_MAP_CREATE, &attr, sizeof(attr)));
}

static int do_ptrace_attach(int argc, char **argv)
{
	long r;

	if (argc != 1)
		return 3;
	r = ptrace(PTRACE_ATTACH, atoi(argv[0]), NULL, NULL);
	if (r == 0) {
		int e = errno, st;

		/* Detach needs the tracee stopped; left stopped, it would ignore all but SIGKILL. */
		waitpid(atoi(argv[0]), &st, __WALL);
		ptrace(PTRACE_DETACH, atoi(argv[0]), NULL, NULL);
		errno = e;
	}
	return report(r);
}

static int do_unshare_user(int argc, char **argv)
{
	(void)argv;
	return argc ? 3 : report(unshare(CLONE_NEWUSER));
}

static int do_cgroup_move(int argc, char **argv)
{
	char path[4096], pid[32];
	int fd, n;

	if (argc != 1)
		return 3;
	snprintf(path, sizeof(path), "%s/cgroup.procs", argv[0]);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return report(-1);
	n = snprintf(pid, sizeof(pid), "%d\n", getpid());
	return report(write(fd, pid, n) == n ? 0 : -1);
}

/* struct clone_args as of Linux 5.7 (CLONE_INTO_CGROUP); <linux/sched.h> clashes with <sched.h>. */
struct bl_clone_args {
	__u64 flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
	__u64 set_tid, set_tid_size, cgroup;
};
#define BL_CLONE_INTO_CGROUP 0x200000000ULL

static int do_clone3_into_cgroup(int argc, char **argv)
{
	struct bl_clone_args args = { .flags = BL_CLONE_INTO_CGROUP, .exit_signal = SIGCHLD };
	int fd, status;
	long pid;

	if (argc != 1)
		return 3;
	fd = open(argv[0], O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return report(-1);
	args.cgroup = (__u64)fd;
	pid = syscall(SYS_clone3, &args, sizeof(args));
	if (pid == 0)
		_exit(0);
	if (pid > 0)
		waitpid((pid_t)pid, &status, 0);
	return report(pid < 0 ? -1 : 0);
}

static int do_cap_sysadmin(int argc, char **argv)
{
	(void)argv;
	if (argc)
		return 3;
	return report(unshare(CLONE_NEWUTS));
}

/* acct(NULL): the kernel checks CAP_SYS_PACCT first, every call; off stays off. */
static int do_cap_pacct(int argc, char **argv)
{
	(void)argv;
	if (argc)
		return 3;
	return report(acct(NULL));
}

/* seccomp_prepare_filter: without no_new_privs, ns_capable_noaudit(CAP_SYS_ADMIN) or EACCES. */
static int do_seccomp_filter(int argc, char **argv)
{
	struct sock_filter allow = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	struct sock_fprog prog = { .len = 1, .filter = &allow };

	(void)argv;
	if (argc)
		return 3;
	return report(syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog));
}

/* The children close their output, so that whoever reads it sees its end when bltry exits. */
static int do_forks(int argc, char **argv)
{
	int n, secs, failed = 0, first = 0;

	if (argc != 2)
		return 3;
	n = atoi(argv[0]);
	secs = atoi(argv[1]);
	for (int i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid == 0) {
			close(0);
			close(1);
			close(2);
			sleep(secs);
			_exit(0);
		}
		if (pid < 0 && !failed++)
			first = errno;
	}
	if (failed)
		fprintf(stderr, "bltry: %d of %d forks failed\n", failed, n);
	errno = first;
	return report(failed ? -1 : 0);
}

static int do_in_mntns(int argc, char **argv)
{
	if (argc < 1)
		return 3;
	if (unshare(CLONE_NEWNS))
		return report(-1);
	execvp(argv[0], argv);
	return report(-1);
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
		{ "chroot-open", do_chroot_open },
		{ "chroot-cwd-open", do_chroot_cwd_open },
		{ "open-loop", do_open_loop },
		{ "readlink", do_readlink },
		{ "unlink", do_unlink },
		{ "rename", do_rename },
		{ "rmdir", do_rmdir },
		{ "truncate", do_truncate },
		{ "chmod", do_chmod },
		{ "chown", do_chown },
		{ "utimes", do_utimes },
		{ "link", do_link },
		{ "symlink", do_symlink },
		{ "setxattr", do_setxattr },
		{ "removexattr", do_removexattr },
		{ "mkdir", do_mkdir },
		{ "creat", do_creat },
		{ "bpf-obj-get", do_bpf_obj_get },
		{ "bpf-fd-by-id", do_bpf_fd_by_id },
		{ "exec", do_exec },
		{ "exec-fd", do_exec_fd },
		{ "exec-memfd", do_exec_memfd },
		{ "exec-ldso", do_exec_ldso },
		{ "mmap-exec", do_mmap_exec },
		{ "mprotect-exec", do_mprotect_exec },
		{ "mprotect-exec-anon", do_mprotect_exec_anon },
		{ "connect-unix", do_connect_unix },
		{ "connect-opath", do_connect_opath },
		{ "connect-tcp", do_connect_tcp },
		{ "listen", do_listen },
		{ "udp-bind", do_udp_bind },
		{ "sendto-fastopen", do_sendto_fastopen },
		{ "sendto-udp", do_sendto_udp },
		{ "sendto-udp-unspec", do_sendto_udp_unspec },
		{ "sendmsg-udp", do_sendmsg_udp },
		{ "io-uring-connect", do_io_uring_connect },
		{ "io-uring-sendmsg", do_io_uring_sendmsg },
		{ "serve-unix", do_serve_unix },
		{ "serve-tcp", do_serve_tcp },
		{ "pass-fd", do_pass_fd },
		{ "recv-fd", do_recv_fd },
		{ "mount", do_mount },
		{ "umount", do_umount },
		{ "fsmount", do_fsmount },
		{ "open-tree", do_open_tree },
		{ "pivot-root", do_pivot_root },
		{ "finit-module", do_finit_module },
		{ "init-module", do_init_module },
		{ "bpf-map-create", do_bpf_map_create },
		{ "ptrace-attach", do_ptrace_attach },
		{ "unshare-user", do_unshare_user },
		{ "cgroup-move", do_cgroup_move },
		{ "clone3-into-cgroup", do_clone3_into_cgroup },
		{ "cap-sysadmin", do_cap_sysadmin },
		{ "cap-pacct", do_cap_pacct },
		{ "seccomp-filter", do_seccomp_filter },
		{ "forks", do_forks },
		{ "in-mntns", do_in_mntns },
		{ "cgexec", do_cgexec },
	};

	if (argc < 2)
		goto usage;
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 2, argv + 2);
usage:
	fprintf(stderr, "usage: bltry COMMAND ARGS (see the comment at the top of bltry.c)\n");
	return 3;
}
