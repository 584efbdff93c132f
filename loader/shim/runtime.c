// SPDX-License-Identifier: GPL-2.0
/* Finding the real runtime and running it as a child, its descriptors untouched. */
#define _GNU_SOURCE /* pipe2 */
#include <errno.h>
#include <fcntl.h>
#include <ini.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "shim/runtime.h"

struct reader {
	struct bl_shim_config *cfg;
	const char *file;
	char *err;
	size_t errlen;
};

/* Debian's inih passes no line number: messages name the setting instead. */
static int on_value(void *arg, const char *section, const char *key, const char *value)
{
	struct reader *r = arg;
	char *dst = NULL;

	if (!strcmp(section, "shim") && !strcmp(key, "runtime"))
		dst = r->cfg->runtime;
	else if (!strcmp(section, "shim") && !strcmp(key, "profiles"))
		dst = r->cfg->profiles;
	if (!dst) {
		snprintf(r->err, r->errlen,
			 "%s: unknown setting [%s] %s (expected [shim] runtime or profiles)",
			 r->file, section, key);
		return 0;
	}
	if (value[0] != '/' || strlen(value) >= PATH_MAX) {
		snprintf(r->err, r->errlen, "%s: [shim] %s must be an absolute path, found '%s'",
			 r->file, key, value);
		return 0;
	}
	memcpy(dst, value, strlen(value) + 1);
	return 1;
}

int bl_shim_config_read(const char *path, struct bl_shim_config *cfg, char *err, size_t errlen)
{
	struct reader r = { .cfg = cfg, .file = path, .err = err, .errlen = errlen };
	FILE *f;
	int rc;

	memset(cfg, 0, sizeof(*cfg));
	snprintf(cfg->profiles, sizeof(cfg->profiles), "%s", BL_SHIM_DEFAULT_PROFILES);
	err[0] = 0;
	f = fopen(path, "re");
	if (!f) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -errno;
	}
	rc = ini_parse_file(f, on_value, &r);
	fclose(f);
	if (rc && !err[0])
		snprintf(err, errlen, "%s:%d: not an INI line", path, rc);
	return rc ? -EINVAL : 0;
}

static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return !stat(a, &sa) && !stat(b, &sb) && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int bl_shim_find_runtime(const struct bl_shim_config *cfg, char *path, size_t len, char *err,
			 size_t errlen)
{
	const char *env = getenv("BOXLOCK_RUNTIME"), *pick = NULL, *from;
	static const char *const fallbacks[] = { "/usr/sbin/runc", "/usr/bin/runc", NULL };

	if (env && env[0]) {
		pick = env;
		from = "BOXLOCK_RUNTIME";
	} else if (cfg->runtime[0]) {
		pick = cfg->runtime;
		from = BL_SHIM_CONFIG;
	} else {
		for (int i = 0; fallbacks[i] && !pick; i++)
			if (!access(fallbacks[i], X_OK))
				pick = fallbacks[i];
		from = "the default";
		if (!pick) {
			snprintf(err, errlen,
				 "no runtime: neither /usr/sbin/runc nor /usr/bin/runc exists; set "
				 "[shim] runtime in %s or BOXLOCK_RUNTIME",
				 BL_SHIM_CONFIG);
			return -ENOENT;
		}
	}
	if (pick[0] != '/' || access(pick, X_OK)) {
		snprintf(err, errlen, "runtime %s (from %s) is not an executable absolute path",
			 pick, from);
		return -ENOENT;
	}
	if (same_file(pick, "/proc/self/exe")) {
		snprintf(err, errlen,
			 "runtime %s (from %s) is boxlock-runc itself: name the real runtime "
			 "(runc, crun)",
			 pick, from);
		return -ELOOP;
	}
	if (snprintf(path, len, "%s", pick) >= (int)len)
		return -ENAMETOOLONG;
	return 0;
}

/* In the child: the signals boxlock-runc ignores while it binds are the runtime's to handle. */
static void reset_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE };
	sigset_t none;

	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		signal(sigs[i], SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

static int wait_child(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}

int bl_shim_spawn(char *const argv[], int out_fd, int err_fd)
{
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (pid == 0) {
		reset_signals();
		if (out_fd >= 0 || err_fd >= 0) {
			int null = open("/dev/null", O_RDWR);

			if (null < 0)
				_exit(127);
			dup2(null, 0);
			dup2(out_fd >= 0 ? out_fd : null, 1);
			dup2(err_fd >= 0 ? err_fd : null, 2);
		}
		execv(argv[0], argv);
		_exit(127);
	}
	return wait_child(pid);
}

int bl_shim_capture(char *const argv[], char **out, size_t max)
{
	int fds[2], null, rc;
	size_t len = 0;
	char *buf;
	pid_t pid;

	*out = NULL;
	buf = calloc(1, max + 1);
	if (!buf)
		return -ENOMEM;
	if (pipe2(fds, O_CLOEXEC)) {
		free(buf);
		return -errno;
	}
	pid = fork();
	if (pid < 0) {
		rc = -errno;
		close(fds[0]);
		close(fds[1]);
		free(buf);
		return rc;
	}
	if (pid == 0) {
		reset_signals();
		null = open("/dev/null", O_RDWR);
		if (null < 0)
			_exit(127);
		dup2(null, 0);
		dup2(fds[1], 1);
		dup2(null, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	close(fds[1]);
	for (;;) {
		ssize_t n = read(fds[0], buf + len, max - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
		if (len == max)
			break; /* more than anyone asked for: cut, the parse will say */
	}
	close(fds[0]);
	buf[len] = 0;
	rc = wait_child(pid);
	*out = buf;
	return rc;
}
