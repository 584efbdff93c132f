// SPDX-License-Identifier: GPL-2.0
/*
 * boxlock run --profile NAME [--cgroup-parent DIR] [--keep-cgroup] -- CMD...
 *
 * Runs CMD in a fresh cgroup v2 directory bound to a profile, under a seccomp filter made from the
 * profile's [syscalls]: the quickest way to try a profile without a container runtime. The cgroup
 * is bound before the child joins it and the filter is loaded before the child execs, so the
 * profile covers CMD's first instruction. Exits with CMD's exit status (128+N when signal N killed
 * it), 125 when boxlock itself fails, 126 when CMD cannot be executed, 127 when it is not found.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/magic.h>
#include "bind.h"
#include "cgroup.h"
#include "cli.h"
#include "lock.h"
#include "pins.h"
#include "profile_compile.h"
#include "policy.h"
#include "seccomp_filter.h"
#include "store.h"

#define RUN_DEFAULT_PARENT "/sys/fs/cgroup/boxlock.run"
#define EXIT_BOXLOCK 125 /* boxlock itself failed (as env(1) and docker run) */
#define EXIT_CANNOT_EXEC 126
#define EXIT_NOT_FOUND 127

struct run_opts {
	const char *profile;
	const char *profile_file;
	const char *parent;
	bool keep;
	char **cmd;
};

/* What the child tells the parent through a close-on-exec pipe when it fails before its exec;
 * end of file on the pipe means the exec succeeded. */
enum child_stage { STAGE_JOIN = 1, STAGE_NNP, STAGE_SECCOMP, STAGE_EXEC };

struct child_report {
	int stage;
	int err; /* positive errno */
};

static int parse(int argc, char **argv, struct run_opts *o)
{
	static const struct option lopts[] = {
		{ "profile", required_argument, NULL, 'P' },
		{ "profile-file", required_argument, NULL, 'f' },
		{ "cgroup-parent", required_argument, NULL, 'c' },
		{ "keep-cgroup", no_argument, NULL, 'k' },
		{},
	};
	int c;

	optind = 0;
	/* '+': options end at CMD's first word, so CMD's own options are left alone. */
	while ((c = getopt_long(argc + 1, argv - 1, "+", lopts, NULL)) != -1) {
		switch (c) {
		case 'P':
			o->profile = optarg;
			break;
		case 'f':
			o->profile_file = optarg;
			break;
		case 'c':
			o->parent = optarg;
			break;
		case 'k':
			o->keep = true;
			break;
		default:
			goto usage;
		}
	}
	if ((!o->profile && !o->profile_file) || optind >= argc + 1)
		goto usage;
	o->cmd = argv - 1 + optind;
	return 0;
usage:
	bl_err("usage: boxlock run --profile NAME|--profile-file FILE [--cgroup-parent DIR] "
	       "[--keep-cgroup] -- CMD [ARG...]");
	return -EINVAL;
}

/* The file of profile @name: in the system's profile directory, else ./profiles. */
static int find_profile_file(const char *name, char *buf, size_t len)
{
	static const char *const dirs[] = { BL_DEFAULT_PROFILE_DIR, "profiles" };

	if (!name[0] || strchr(name, '/') || name[0] == '.') {
		bl_err("run: '%s' is not a profile name (use --profile-file FILE for a file)",
		       name);
		return -EINVAL;
	}
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(buf, len, "%s/%s.ini", dirs[i], name);
		if (!access(buf, R_OK))
			return 0;
	}
	bl_err("run: profile %s: no %s/%s.ini or profiles/%s.ini (the [syscalls] filter needs the "
	       "file; --profile-file FILE names one)",
	       name, BL_DEFAULT_PROFILE_DIR, name, name);
	return -ENOENT;
}

/* The profile in the kernel: the one loaded already, else the file's, stored now. */
static int ensure_loaded(const struct bl_maps *m, const struct bl_policy_set *set, bool *loaded)
{
	const struct bl_policy *p = set->v[0];
	__u32 id;
	int err;

	*loaded = false;
	if (!bl_store_find(m, p->name, &id))
		return 0;
	err = bl_store_set(m, set);
	if (err) {
		bl_err("run: profile %s: cannot load %s: %s", p->name, p->file, strerror(-err));
		return err;
	}
	*loaded = true;
	if (!bl_opts.json)
		fprintf(stderr, "boxlock: run: profile %s loaded from %s\n", p->name, p->file);
	return 0;
}

/* Creates a new cgroup run-<pid> (run-<pid>.N if a kept one has that name) under @parent. */
static int make_cgroup(const char *parent, char *path, size_t len)
{
	int err;

	if (!bl_cgroup_in_v2(parent)) {
		bl_err("run: %s is not in a cgroup v2 mount (--cgroup-parent takes a directory such "
		       "as %s)",
		       parent, RUN_DEFAULT_PARENT);
		return -ENOTDIR;
	}
	err = bl_cgroup_mkdir_p(parent);
	if (err) {
		bl_err("run: cannot create %s: %s", parent, strerror(-err));
		return err;
	}
	for (int i = 0; i < 100; i++) {
		int n = i ? snprintf(path, len, "%s/run-%d.%d", parent, (int)getpid(), i) :
			    snprintf(path, len, "%s/run-%d", parent, (int)getpid());

		if (n < 0 || (size_t)n >= len) {
			bl_err("run: %s: path too long", parent);
			return -ENAMETOOLONG;
		}
		if (!mkdir(path, 0755))
			return 0;
		if (errno != EEXIST) {
			err = -errno;
			/* EROFS, EACCES: not a cgroup v2 directory we may create in. */
			bl_err("run: cannot create %s: %s (is %s in a writable cgroup v2 mount?)",
			       path, strerror(-err), parent);
			return err;
		}
	}
	bl_err("run: cannot find a free name for a cgroup under %s", parent);
	return -EEXIST;
}

/* Writes a report to the parent and ends the child. */
static void __attribute__((noreturn)) child_fail(int fd, int stage, int err, int status)
{
	struct child_report r = { .stage = stage, .err = err };

	if (write(fd, &r, sizeof(r)) != sizeof(r)) {
		/* The parent then sees the exit status alone. */
	}
	_exit(status);
}

/* The child: joins the bound cgroup, is filtered, then becomes CMD. */
static void __attribute__((noreturn))
child(const char *cgroup, scmp_filter_ctx filter, char **cmd, const sigset_t *mask, int fd)
{
	char procs[PATH_MAX + 16], pid[32];
	int cfd, n;

	snprintf(procs, sizeof(procs), "%s/cgroup.procs", cgroup);
	n = snprintf(pid, sizeof(pid), "%d\n", (int)getpid());
	cfd = open(procs, O_WRONLY | O_CLOEXEC);
	if (cfd < 0 || write(cfd, pid, n) != n)
		child_fail(fd, STAGE_JOIN, errno, EXIT_BOXLOCK);
	close(cfd);
	if (sigprocmask(SIG_SETMASK, mask, NULL))
		child_fail(fd, STAGE_EXEC, errno, EXIT_BOXLOCK);
	/* Needed to install a filter without CAP_SYS_ADMIN (which a profile may deny), and it
	 * keeps a setuid CMD from gaining what the profile takes away. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		child_fail(fd, STAGE_NNP, errno, EXIT_BOXLOCK);
	n = seccomp_load(filter);
	if (n)
		child_fail(fd, STAGE_SECCOMP, -n, EXIT_BOXLOCK);
	execvp(cmd[0], cmd);
	child_fail(fd, STAGE_EXEC, errno, errno == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_EXEC);
}

static const char *stage_text(int stage)
{
	switch (stage) {
	case STAGE_JOIN:
		return "cannot join the cgroup";
	case STAGE_NNP:
		return "cannot set no_new_privs";
	case STAGE_SECCOMP:
		return "cannot load the seccomp filter";
	default:
		return "cannot execute";
	}
}

/*
 * Waits for the child; SIGINT, SIGTERM, SIGHUP and SIGQUIT sent to boxlock go to the child. One
 * the kernel sent (SI_KERNEL: a terminal's ^C or hangup, sent to the whole foreground process
 * group) reached the child already and is not sent twice.
 */
static int wait_child(pid_t pid, const sigset_t *set, int *status)
{
	for (;;) {
		siginfo_t si;
		int sig = sigwaitinfo(set, &si);
		pid_t r;

		if (sig < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (sig != SIGCHLD) {
			if (si.si_code != SI_KERNEL)
				kill(pid, sig);
			continue;
		}
		r = waitpid(pid, status, WNOHANG);
		if (r == pid)
			return 0;
		if (r < 0 && errno != EINTR)
			return -errno;
	}
}

/*
 * Runs CMD in @cgroup and waits for it. Sets @reaped and @status (as from waitpid) once the child
 * is gone; returns 0, or -errno when CMD could not be started (the child's status then says 125,
 * 126 or 127).
 */
static int spawn(const struct run_opts *o, const char *cgroup, scmp_filter_ctx filter, pid_t *pidp,
		 bool *reaped, int *status)
{
	struct child_report rep = {};
	sigset_t set, old;
	int pfd[2], err;
	pid_t pid;
	ssize_t n;

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGQUIT);
	if (pipe2(pfd, O_CLOEXEC))
		return -errno;
	/* Blocked before the fork: a signal that comes before the child exists is forwarded once
	 * it does, and a child that exits at once still leaves its SIGCHLD pending. */
	if (sigprocmask(SIG_BLOCK, &set, &old)) {
		err = -errno;
		goto out_pipe;
	}
	/* An inherited SIG_IGN would reap the child behind our back (waitpid: ECHILD). */
	signal(SIGCHLD, SIG_DFL);
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		err = -errno;
		bl_err("run: fork: %s", strerror(errno));
		goto out_mask;
	}
	if (pid == 0) {
		close(pfd[0]);
		child(cgroup, filter, o->cmd, &old, pfd[1]);
	}
	*pidp = pid;
	close(pfd[1]);
	pfd[1] = -1;
	do
		n = read(pfd[0], &rep, sizeof(rep));
	while (n < 0 && errno == EINTR);
	err = wait_child(pid, &set, status);
	if (err) {
		bl_err("run: waiting for %s: %s", o->cmd[0], strerror(-err));
		goto out_mask;
	}
	*reaped = true;
	if (n == sizeof(rep)) {
		if (rep.stage == STAGE_JOIN)
			bl_err("run: %s: %s: %s", cgroup, stage_text(rep.stage), strerror(rep.err));
		else if (rep.stage == STAGE_EXEC)
			bl_err("run: %s: %s: %s", o->cmd[0], stage_text(rep.stage),
			       strerror(rep.err));
		else
			bl_err("run: %s: %s", stage_text(rep.stage), strerror(rep.err));
		err = -rep.err;
		if (!err)
			err = -EIO;
	}
out_mask:
	sigprocmask(SIG_SETMASK, &old, NULL);
out_pipe:
	close(pfd[0]);
	if (pfd[1] >= 0)
		close(pfd[1]);
	return err;
}

/* After CMD: the cgroup goes, then its binding. A cgroup still holding processes (CMD left
 * some behind) stays bound: they must not run on unconfined. */
static int cleanup(const struct bl_maps *m, const char *cgroup, __u64 id, const char *profile,
		   bool *removed)
{
	int err;

	*removed = false;
	if (bl_cgroup_populated(cgroup)) {
		bl_err("run: %s still holds processes CMD left behind: left in place and bound to "
		       "%s ('boxlock unbind --cgroup %s' and rmdir it once they are gone)",
		       cgroup, profile, cgroup);
		return -EBUSY;
	}
	err = bl_cgroup_remove_tree(cgroup);
	if (err) {
		bl_err("run: cannot remove %s: %s; it stays bound to %s", cgroup, strerror(-err),
		       profile);
		return err;
	}
	*removed = true;
	/* The cgroup is gone, so no task can be in it: only now is the binding dropped. */
	err = bl_unbind_id(m, id);
	if (err && err != -ENOENT) {
		bl_err("run: cannot remove the binding of cgroup %llu: %s", (unsigned long long)id,
		       strerror(-err));
		return err;
	}
	return 0;
}

int bl_cmd_run(int argc, char **argv)
{
	struct run_opts o = { .parent = RUN_DEFAULT_PARENT };
	struct bl_policy_set set = {};
	char file[PATH_MAX], cgroup[PATH_MAX];
	scmp_filter_ctx filter = NULL;
	bool loaded = false, reaped = false, removed = false;
	const struct bl_policy *p;
	int err, status = 0;
	size_t n_filtered = 0;
	struct bl_maps m;
	pid_t pid = 0;
	__u64 id = 0;

	bl_exit_status = EXIT_BOXLOCK;
	err = parse(argc, argv, &o);
	if (err)
		return err;
	if (!o.profile_file) {
		err = find_profile_file(o.profile, file, sizeof(file));
		if (err)
			return err;
		o.profile_file = file;
	}
	err = bl_profiles_compile("run", &o.profile_file, 1, &set);
	if (!err && set.n != 1) {
		bl_err("run: %s: expected one profile", o.profile_file);
		err = -EINVAL;
	}
	if (err)
		goto out_set;
	p = set.v[0];
	if (o.profile && strcmp(o.profile, p->name)) {
		bl_err("run: %s holds profile %s, not %s", o.profile_file, p->name, o.profile);
		err = -EINVAL;
		goto out_set;
	}
	err = bl_seccomp_build(p, &filter, &n_filtered);
	if (err)
		goto out_set;
	err = bl_maps_open(&m);
	if (err)
		goto out_filter;
	/* The look-up, the load and the bind as one: the profile found loaded is the one bound. Not
	 * held while CMD runs, which may be for days. */
	err = bl_lock();
	if (err)
		goto out_maps;
	err = ensure_loaded(&m, &set, &loaded);
	if (!err)
		err = make_cgroup(o.parent, cgroup, sizeof(cgroup));
	/* Bound before anything joins it, and without arming at exec: the profile holds from the
	 * child's first syscall in the cgroup. */
	if (!err && (err = bl_bind_cgroup(&m, cgroup, p->name, 0, &id, NULL)))
		rmdir(cgroup);
	bl_unlock();
	if (err)
		goto out_maps;

	err = spawn(&o, cgroup, filter, &pid, &reaped, &status);
	if (reaped) {
		/* CMD's status, or the child's 125, 126 or 127 if it failed before its exec. */
		if (WIFEXITED(status))
			bl_exit_status = WEXITSTATUS(status);
		else if (WIFSIGNALED(status))
			bl_exit_status = 128 + WTERMSIG(status);
	}

	/* A cleanup failure is reported but leaves CMD's exit status as it is. */
	if (!o.keep)
		cleanup(&m, cgroup, id, p->name, &removed);
	else if (!bl_opts.json)
		fprintf(stderr, "boxlock: run: kept %s (bound to profile %s)\n", cgroup, p->name);
	if (bl_opts.json && reaped && !err) {
		json_t *j = json_pack("{s:s,s:s,s:I,s:b,s:i,s:b,s:b,s:i,s:i}", "profile", p->name,
				      "cgroup", cgroup, "cgroup_id", (json_int_t)id, "removed",
				      removed, "pid", (int)pid, "profile_loaded", loaded,
				      "signaled", WIFSIGNALED(status), "exit_status",
				      bl_exit_status, "syscalls_filtered", (int)n_filtered);

		if (j && WIFSIGNALED(status))
			json_object_set_new(j, "signal", json_integer(WTERMSIG(status)));
		bl_json_print(j);
	}
out_maps:
	bl_maps_close(&m);
out_filter:
	seccomp_release(filter);
out_set:
	bl_policy_set_free(&set);
	return err;
}
