// SPDX-License-Identifier: GPL-2.0
/*
 * blbench: boxlock's microbenchmarks. Tight loops of the syscalls boxlock's hooks see, timed with
 * CLOCK_MONOTONIC, one JSON line per benchmark. Static, so it runs in any cgroup or container.
 *
 *   blbench [-c CGROUP] [-C CPU] [-t MS] [-w MS] [-r REPS] [-s] [-l LABEL] [-i ROUND] BENCH...
 *
 *   -c CGROUP  run each benchmark in a child that first moves into cgroup v2 directory CGROUP;
 *              this process stays where it is (so -s can read the BPF stats even when CGROUP's
 *              profile denies bpf())
 *   -C CPU     pin the benchmark child (and what it forks) to this CPU (default 0; -1: no
 *              pinning). One CPU: a fork's child and a socket's peer never wait for another
 *              CPU to wake, which under an emulated, shared host CPU is the largest noise
 *   -t MS      length of one repetition (default 200)
 *   -w MS      warm-up before the first repetition, which also sets the iteration count
 *              (default: a quarter of -t). Under qemu TCG a fresh process forks and execs at
 *              about half speed for its first half second: give exec a warm-up of 800 or more
 *   -r REPS    repetitions; the line carries each one's ns/op and their median (default 3)
 *   -s         per-hook cost: turn on the kernel's BPF run-time stats (BPF_ENABLE_STATS) and add,
 *              per boxlock program (name bl_*), the calls and the run time the benchmark caused
 *   -l LABEL   copied into each line as "label" (no quotes or backslashes)
 *   -i ROUND   copied into each line as "round"
 *
 * Benchmarks (one loop iteration = one "op"):
 *   open1  open(O_RDONLY) + close of a file at path depth 1  (/blbench-file)
 *   open8  open(O_RDONLY) + close of a file at path depth 8  (/blbench/d2/d3/d4/d5/d6/d7/file)
 *   exec   fork + execve of this static binary with "noop" + waitpid
 *   unix   socket + connect to a unix stream listener (/tmp/blbench.sock) + accept + 2 close
 *   tcp    socket + connect to a 127.0.0.1 listener + accept + 2 close (SO_LINGER 0: no
 *          TIME_WAIT, so the loop never runs out of ports)
 *   cap    acct(NULL): checks CAP_SYS_PACCT with capable() on every call, then (accounting being
 *          off) only takes and drops a mutex; the cheapest syscall that reaches the capable hook
 *          every time. Needs the capability (root); a capability no shipped profile denies.
 *   stat   stat(2) of the depth-1 file: the control, a path walk that no boxlock hook sees
 *
 * Helpers for scripts/bench.sh (bulk operations a shell loop of `boxlock bind` would make too
 * slow under an emulated CPU; they write exactly the entry `boxlock bind` writes):
 *   blbench noop                          exit 0 (what the exec benchmark executes)
 *   blbench bind-like MAP SRC_CGROUP      read cgroup directories from stdin, one per line, and
 *                                         give each the binding of SRC_CGROUP (same level needed)
 *   blbench unbind MAP                    read cgroup directories from stdin and delete their
 *                                         bindings
 *   blbench count MAP                     the entries of a pinned hash map (e.g. `learned`), and
 *                                         its key, value and maximum sizes as the kernel has them
 * MAP is the pinned bindings map, /sys/fs/bpf/boxlock/maps/bindings.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <linux/bpf.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include "boxlock.h"

#define FILE_D1 "/blbench-file"
#define DIR_D8 "/blbench/d2/d3/d4/d5/d6/d7"
#define FILE_D8 DIR_D8 "/file"
#define UNIX_SOCK "/tmp/blbench.sock"
#define MAX_REPS 64
#define MAX_PROGS 64

static int rep_ms = 200;
static int pin_cpu;
static int warm_ms = -1;
static int reps = 3;
static bool want_stats;
static const char *cgroup_dir;
static const char *label = "";
static int round_no = -1;
static char self_exe[PATH_MAX];

static void die(const char *what)
{
	fprintf(stderr, "blbench: %s: %s\n", what, strerror(errno));
	exit(1);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* ---- the loops ---------------------------------------------------------------------------- */

/* State a benchmark sets up before its loop: listening sockets and their addresses. */
struct ctx {
	int lfd;
	struct sockaddr_storage addr;
	socklen_t addrlen;
};

static void op_open(struct ctx *c, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	(void)c;
	if (fd < 0)
		die(path);
	close(fd);
}

static void op_open1(struct ctx *c)
{
	op_open(c, FILE_D1);
}

static void op_open8(struct ctx *c)
{
	op_open(c, FILE_D8);
}

static void op_stat(struct ctx *c)
{
	struct stat st;

	(void)c;
	if (stat(FILE_D1, &st))
		die("stat " FILE_D1);
}

static void op_exec(struct ctx *c)
{
	int status;
	pid_t pid;

	(void)c;
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		char *argv[] = { self_exe, "noop", NULL };
		char *envp[] = { NULL };

		execve(self_exe, argv, envp);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status)) {
		errno = ECHILD;
		die("exec noop");
	}
}

static void op_connect(struct ctx *c)
{
	int fd = socket(c->addr.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0), afd;

	if (fd < 0)
		die("socket");
	if (connect(fd, (struct sockaddr *)&c->addr, c->addrlen))
		die("connect");
	afd = accept4(c->lfd, NULL, NULL, SOCK_CLOEXEC);
	if (afd < 0)
		die("accept");
	if (c->addr.ss_family == AF_INET) {
		/* RST instead of FIN: no TIME_WAIT on either side, no port exhaustion. */
		struct linger l = { .l_onoff = 1, .l_linger = 0 };

		setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
	}
	close(fd);
	close(afd);
}

static void op_cap(struct ctx *c)
{
	(void)c;
	if (syscall(SYS_acct, NULL))
		die("acct(NULL) (needs CAP_SYS_PACCT)");
}

static void setup_unix(struct ctx *c)
{
	struct sockaddr_un *sun = (struct sockaddr_un *)&c->addr;

	unlink(UNIX_SOCK);
	c->lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c->lfd < 0)
		die("socket");
	sun->sun_family = AF_UNIX;
	strcpy(sun->sun_path, UNIX_SOCK);
	c->addrlen = sizeof(*sun);
	if (bind(c->lfd, (struct sockaddr *)sun, c->addrlen) || listen(c->lfd, 64))
		die("listen " UNIX_SOCK);
}

static void setup_tcp(struct ctx *c)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)&c->addr;
	int one = 1;

	c->lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c->lfd < 0)
		die("socket");
	setsockopt(c->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin->sin_port = 0; /* any free port: the listener reports which */
	c->addrlen = sizeof(*sin);
	if (bind(c->lfd, (struct sockaddr *)sin, c->addrlen) || listen(c->lfd, 64) ||
	    getsockname(c->lfd, (struct sockaddr *)sin, &c->addrlen))
		die("listen tcp 127.0.0.1");
}

static const struct bench {
	const char *name;
	const char *what;
	void (*setup)(struct ctx *c);
	void (*op)(struct ctx *c);
} benches[] = {
	{ "open1", "open+close, path depth 1", NULL, op_open1 },
	{ "open8", "open+close, path depth 8", NULL, op_open8 },
	{ "exec", "fork+exec+wait of a static binary", NULL, op_exec },
	{ "unix", "unix stream connect+accept", setup_unix, op_connect },
	{ "tcp", "tcp connect+accept to 127.0.0.1", setup_tcp, op_connect },
	{ "cap", "acct(NULL): one capable(CAP_SYS_PACCT)", NULL, op_cap },
	{ "stat", "stat, no boxlock hook (control)", NULL, op_stat },
};
#define N_BENCHES (sizeof(benches) / sizeof(benches[0]))

/* ---- running one benchmark in a child ----------------------------------------------------- */

struct result {
	int reps;
	uint64_t iters; /* per repetition */
	uint64_t total_ops; /* warm-up included: what the BPF stats saw */
	double ns_per_op[MAX_REPS];
};

static void join_cgroup(const char *dir)
{
	char path[PATH_MAX];
	int fd;

	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, "0", 1) != 1)
		die(path);
	close(fd);
}

static uint64_t run_ops(const struct bench *b, struct ctx *c, uint64_t n)
{
	uint64_t t0 = now_ns();

	for (uint64_t i = 0; i < n; i++)
		b->op(c);
	return now_ns() - t0;
}

/* Warm up for warm_ms, growing the batch until it is timed well, to learn the op's cost; then
 * REPS repetitions of the iteration count that fills rep_ms. */
static void measure(const struct bench *b, struct result *r)
{
	struct ctx c = { .lfd = -1 };
	uint64_t n = 1, spent = 0, done = 0, t, target = (uint64_t)rep_ms * 1000000ull;
	uint64_t warm = warm_ms >= 0 ? (uint64_t)warm_ms * 1000000ull : target / 4;

	if (b->setup)
		b->setup(&c);
	while (spent < warm || !done) {
		t = run_ops(b, &c, n);
		spent += t;
		done += n;
		if (t < target / 64)
			n *= 2;
	}
	r->iters = (uint64_t)((double)target * (double)done / (double)spent);
	if (r->iters < 10)
		r->iters = 10;
	r->total_ops = done;
	r->reps = reps;
	for (int i = 0; i < reps; i++) {
		t = run_ops(b, &c, r->iters);
		r->ns_per_op[i] = (double)t / (double)r->iters;
		r->total_ops += r->iters;
	}
	if (c.lfd >= 0)
		close(c.lfd);
}

static void run_child(const struct bench *b, struct result *r)
{
	int p[2];
	pid_t pid;
	int status;

	if (pipe2(p, O_CLOEXEC))
		die("pipe");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		struct result cr = {};

		close(p[0]);
		if (pin_cpu >= 0) {
			cpu_set_t set;

			CPU_ZERO(&set);
			CPU_SET(pin_cpu, &set);
			if (sched_setaffinity(0, sizeof(set), &set))
				die("sched_setaffinity");
		}
		if (cgroup_dir)
			join_cgroup(cgroup_dir);
		measure(b, &cr);
		if (write(p[1], &cr, sizeof(cr)) != (ssize_t)sizeof(cr))
			_exit(1);
		_exit(0);
	}
	close(p[1]);
	if (read(p[0], r, sizeof(*r)) != (ssize_t)sizeof(*r)) {
		fprintf(stderr, "blbench: %s: the benchmark child failed\n", b->name);
		exit(1);
	}
	close(p[0]);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status))
		exit(1);
}

/* ---- BPF: program stats and the bindings map, through the raw syscall -------------------- */

static long sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(SYS_bpf, cmd, attr, sizeof(*attr));
}

struct prog_stat {
	char name[BPF_OBJ_NAME_LEN];
	__u32 id;
	__u64 cnt, ns;
};

/* Fills @st with every loaded program called bl_*; returns how many. */
static int prog_stats(struct prog_stat *st, int max)
{
	union bpf_attr a;
	__u32 id = 0;
	int n = 0;

	for (;;) {
		struct bpf_prog_info info;
		int fd;

		memset(&a, 0, sizeof(a));
		a.start_id = id;
		if (sys_bpf(BPF_PROG_GET_NEXT_ID, &a))
			break; /* ENOENT: no more */
		id = a.next_id;
		memset(&a, 0, sizeof(a));
		a.prog_id = id;
		fd = (int)sys_bpf(BPF_PROG_GET_FD_BY_ID, &a);
		if (fd < 0)
			continue; /* gone meanwhile */
		memset(&info, 0, sizeof(info));
		memset(&a, 0, sizeof(a));
		a.info.bpf_fd = (__u32)fd;
		a.info.info_len = sizeof(info);
		a.info.info = (__u64)(uintptr_t)&info;
		if (!sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &a) && !strncmp(info.name, "bl_", 3) &&
		    n < max) {
			memcpy(st[n].name, info.name, sizeof(st[n].name));
			st[n].name[BPF_OBJ_NAME_LEN - 1] = 0;
			st[n].id = id;
			st[n].cnt = info.run_cnt;
			st[n].ns = info.run_time_ns;
			n++;
		}
		close(fd);
	}
	return n;
}

static const struct prog_stat *stat_of(const struct prog_stat *st, int n, __u32 id)
{
	for (int i = 0; i < n; i++)
		if (st[i].id == id)
			return &st[i];
	return NULL;
}

/* The calls that reading the stats makes itself (bpf() and the capable checks behind it), found
 * by reading them twice in a row; subtracted from each benchmark's count. */
static struct prog_stat self_cost[MAX_PROGS];
static int n_self;

static void measure_self_cost(void)
{
	struct prog_stat a[MAX_PROGS];
	int na = prog_stats(a, MAX_PROGS);

	n_self = prog_stats(self_cost, MAX_PROGS);
	for (int i = 0; i < n_self; i++) {
		const struct prog_stat *p = stat_of(a, na, self_cost[i].id);

		if (p) {
			self_cost[i].cnt -= p->cnt;
			self_cost[i].ns -= p->ns;
		}
	}
}

static int map_get(const char *pin)
{
	union bpf_attr a;
	int fd;

	memset(&a, 0, sizeof(a));
	a.pathname = (__u64)(uintptr_t)pin;
	fd = (int)sys_bpf(BPF_OBJ_GET, &a);
	if (fd < 0)
		die(pin);
	return fd;
}

static __u64 cgroup_id(const char *dir)
{
	struct stat st;

	if (stat(dir, &st))
		die(dir);
	return st.st_ino; /* a cgroup v2 directory's inode number is its cgroup id */
}

static int map_op(int cmd, int fd, const void *key, void *val, __u64 flags)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.map_fd = (__u32)fd;
	a.key = (__u64)(uintptr_t)key;
	a.value = (__u64)(uintptr_t)val;
	a.flags = flags;
	return (int)sys_bpf(cmd, &a);
}

static int cmd_bind_like(const char *pin, const char *src)
{
	int fd = map_get(pin), n = 0;
	__u64 key = cgroup_id(src);
	struct bl_binding b;
	char line[PATH_MAX];

	if (map_op(BPF_MAP_LOOKUP_ELEM, fd, &key, &b, 0))
		die("bind-like: the source cgroup is not bound");
	while (fgets(line, sizeof(line), stdin)) {
		line[strcspn(line, "\n")] = 0;
		if (!line[0])
			continue;
		key = cgroup_id(line);
		if (map_op(BPF_MAP_UPDATE_ELEM, fd, &key, &b, BPF_ANY))
			die(line);
		n++;
	}
	printf("{\"bound\":%d}\n", n);
	return 0;
}

static int cmd_unbind(const char *pin)
{
	int fd = map_get(pin), n = 0;
	char line[PATH_MAX];
	__u64 key;

	while (fgets(line, sizeof(line), stdin)) {
		line[strcspn(line, "\n")] = 0;
		if (!line[0])
			continue;
		key = cgroup_id(line);
		if (map_op(BPF_MAP_DELETE_ELEM, fd, &key, NULL, 0) && errno != ENOENT)
			die(line);
		n++;
	}
	printf("{\"unbound\":%d}\n", n);
	return 0;
}

/*
 * Walks the keys of a pinned map: bpftool would format each of 10,000 entries of 352 bytes as
 * JSON, which takes long on an emulated CPU, for a count.
 */
static int cmd_count(const char *pin)
{
	unsigned char key[2][1024];
	struct bpf_map_info info;
	int fd = map_get(pin), cur = 0;
	long n = 0;
	union bpf_attr a;

	memset(&info, 0, sizeof(info));
	memset(&a, 0, sizeof(a));
	a.info.bpf_fd = (__u32)fd;
	a.info.info_len = sizeof(info);
	a.info.info = (__u64)(uintptr_t)&info;
	if (sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &a))
		die(pin);
	if (info.key_size > sizeof(key[0])) {
		errno = E2BIG;
		die(pin);
	}
	/* A NULL key asks for the first; the next key goes in the buffer the last one is not in. */
	for (const void *prev = NULL;; prev = key[cur], cur ^= 1) {
		if (map_op(BPF_MAP_GET_NEXT_KEY, fd, prev, key[cur], 0)) {
			if (errno == ENOENT)
				break;
			die(pin);
		}
		n++;
	}
	printf("{\"entries\":%ld,\"key_size\":%u,\"value_size\":%u,\"max_entries\":%u}\n", n,
	       info.key_size, info.value_size, info.max_entries);
	return 0;
}

/* ---- output ------------------------------------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void print_result(const struct bench *b, const struct result *r,
			 const struct prog_stat *before, int nb, const struct prog_stat *after,
			 int na)
{
	double sorted[MAX_REPS];
	bool first = true;

	memcpy(sorted, r->ns_per_op, sizeof(double) * (size_t)r->reps);
	qsort(sorted, (size_t)r->reps, sizeof(double), cmp_double);
	printf("{\"label\":\"%s\",", label);
	if (round_no >= 0)
		printf("\"round\":%d,", round_no);
	printf("\"bench\":\"%s\",\"what\":\"%s\",\"iters\":%llu,\"ns_per_op\":[", b->name, b->what,
	       (unsigned long long)r->iters);
	for (int i = 0; i < r->reps; i++)
		printf("%s%.1f", i ? "," : "", r->ns_per_op[i]);
	printf("],\"median_ns\":%.1f", r->reps % 2 ?
					       sorted[r->reps / 2] :
					       (sorted[r->reps / 2 - 1] + sorted[r->reps / 2]) / 2);
	if (want_stats) {
		printf(",\"total_ops\":%llu,\"hooks\":{", (unsigned long long)r->total_ops);
		for (int i = 0; i < na; i++) {
			__u64 cnt = after[i].cnt, ns = after[i].ns;
			const struct prog_stat *self = stat_of(self_cost, n_self, after[i].id);
			const struct prog_stat *prev = stat_of(before, nb, after[i].id);

			if (prev) {
				cnt -= prev->cnt;
				ns -= prev->ns;
			}
			if (self) { /* what reading the stats costs, not the benchmark */
				cnt = cnt > self->cnt ? cnt - self->cnt : 0;
				ns = ns > self->ns ? ns - self->ns : 0;
			}
			if (!cnt)
				continue;
			printf("%s\"%s\":{\"calls\":%llu,\"ns\":%llu}", first ? "" : ",",
			       after[i].name, (unsigned long long)cnt, (unsigned long long)ns);
			first = false;
		}
		printf("}");
	}
	printf("}\n");
	fflush(stdout);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: blbench [-c CGROUP] [-C CPU] [-t MS] [-w MS] [-r REPS] [-s] [-l LABEL]\n"
		"               [-i ROUND] BENCH...|all\n"
		"       blbench bind-like MAP SRC_CGROUP < cgroup dirs\n"
		"       blbench unbind MAP < cgroup dirs\n"
		"       blbench count MAP\n"
		"benchmarks:");
	for (size_t i = 0; i < N_BENCHES; i++)
		fprintf(stderr, " %s", benches[i].name);
	fprintf(stderr, "\n");
	exit(2);
}

static void make_files(void)
{
	char dir[] = DIR_D8;
	int fd;

	for (char *p = dir + 1;; p++) {
		if (*p == '/' || !*p) {
			char c = *p;

			*p = 0;
			if (mkdir(dir, 0755) && errno != EEXIST)
				die(dir);
			*p = c;
			if (!c)
				break;
		}
	}
	for (const char *f = FILE_D1;; f = FILE_D8) {
		fd = open(f, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
		if (fd < 0)
			die(f);
		close(fd);
		if (f == (const char *)FILE_D8)
			break;
	}
}

int main(int argc, char **argv)
{
	const struct bench *sel[N_BENCHES * 4];
	struct prog_stat before[MAX_PROGS], after[MAX_PROGS];
	int nsel = 0, c, stats_fd = -1;
	ssize_t len;

	if (argc >= 2 && !strcmp(argv[1], "noop"))
		_exit(0); /* first, so the exec benchmark measures exec and nothing else */
	if (argc == 4 && !strcmp(argv[1], "bind-like"))
		return cmd_bind_like(argv[2], argv[3]);
	if (argc == 3 && !strcmp(argv[1], "unbind"))
		return cmd_unbind(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "count"))
		return cmd_count(argv[2]);

	while ((c = getopt(argc, argv, "c:C:t:w:r:sl:i:")) != -1) {
		switch (c) {
		case 'c':
			cgroup_dir = optarg;
			break;
		case 'C':
			pin_cpu = atoi(optarg);
			break;
		case 't':
			rep_ms = atoi(optarg);
			break;
		case 'w':
			warm_ms = atoi(optarg);
			break;
		case 'r':
			reps = atoi(optarg);
			break;
		case 's':
			want_stats = true;
			break;
		case 'l':
			label = optarg;
			break;
		case 'i':
			round_no = atoi(optarg);
			break;
		default:
			usage();
		}
	}
	if (rep_ms < 1 || reps < 1 || reps > MAX_REPS || optind >= argc)
		usage();
	for (int i = optind; i < argc; i++) {
		bool found = false;

		for (size_t j = 0; j < N_BENCHES; j++) {
			if (!strcmp(argv[i], "all") || !strcmp(argv[i], benches[j].name)) {
				if (nsel < (int)(sizeof(sel) / sizeof(sel[0])))
					sel[nsel++] = &benches[j];
				found = true;
			}
		}
		if (!found)
			usage();
	}
	len = readlink("/proc/self/exe", self_exe, sizeof(self_exe) - 1);
	if (len <= 0)
		die("readlink /proc/self/exe");
	self_exe[len] = 0;
	make_files();

	if (want_stats) {
		union bpf_attr a;

		memset(&a, 0, sizeof(a));
		a.enable_stats.type = BPF_STATS_RUN_TIME;
		stats_fd = (int)sys_bpf(BPF_ENABLE_STATS, &a); /* on while the fd is open */
		if (stats_fd < 0)
			die("BPF_ENABLE_STATS");
		measure_self_cost();
	}
	for (int i = 0; i < nsel; i++) {
		struct result r = {};
		int nb = 0, na = 0;

		if (want_stats)
			nb = prog_stats(before, MAX_PROGS);
		run_child(sel[i], &r);
		if (want_stats)
			na = prog_stats(after, MAX_PROGS);
		print_result(sel[i], &r, before, nb, after, na);
	}
	if (stats_fd >= 0)
		close(stats_fd);
	return 0;
}
