// SPDX-License-Identifier: GPL-2.0
/*
 * create: once the real runtime's create succeeds the container's init is waiting on runc's
 * exec.fifo to exec the entrypoint, which only `start` releases. That is when boxlock-runc binds
 * the container's cgroup with BL_BIND_ARM_AT_EXEC: the init's remaining steps are the runtime's
 * own, and the entrypoint's exec (its first instruction) arms the container. Only then does
 * create return 0. If anything fails, the container is deleted: it never starts unprotected.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "cgroup.h"
#include "cli.h"
#include "shim/container.h"
#include "shim/create.h"

#define STATE_MAX (1 << 20)

/* The runtime's command line for another command on container @a->id: its global options, then
 * @cmd and @extra. */
static char **runtime_argv(const char *runtime, char **argv, const struct bl_shim_args *a,
			   const char *cmd, const char *extra)
{
	char **v = calloc((size_t)a->cmd_index + 6, sizeof(*v));
	int n = 0;

	if (!v)
		return NULL;
	v[n++] = (char *)runtime;
	for (int i = 1; i <= a->cmd_index; i++) /* argv[1..cmd_index]: the global options */
		v[n++] = argv[i];
	v[n++] = (char *)cmd;
	if (extra)
		v[n++] = (char *)extra;
	v[n++] = (char *)a->id;
	return v;
}

void bl_shim_log(const struct bl_shim_args *a, const char *level, const char *msg)
{
	char when[64];
	struct timespec ts;
	struct tm tm;
	int fd;

	if (!a->log)
		return;
	/* runc's own log: appended to, created if missing, as runc opens it. */
	fd = open(a->log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	/* RFC 3339, as logrus writes it: containerd decodes "time" and drops a line it cannot. */
	snprintf(when, sizeof(when), "%04d-%02d-%02dT%02d:%02d:%02d.%09ldZ", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec);
	if (a->log_format && !strcmp(a->log_format, "json")) {
		json_t *line = json_pack("{s:s,s:s,s:s}", "level", level, "msg", msg, "time", when);
		char *text = line ? json_dumps(line, JSON_COMPACT) : NULL;

		if (text)
			dprintf(fd, "%s\n", text);
		free(text);
		json_decref(line);
	} else {
		dprintf(fd, "time=\"%s\" level=%s msg=\"", when, level);
		for (const char *p = msg; *p; p++)
			dprintf(fd, "%s%c", *p == '"' || *p == '\\' ? "\\" : "",
				*p == '\n' ? ' ' : *p);
		dprintf(fd, "\"\n");
	}
	close(fd);
}

/* The container's init: from --pid-file, else from `RUNTIME state ID`. */
static int init_pid(const char *runtime, char **argv, const struct bl_shim_args *a, int *pid)
{
	char **v, *out = NULL;
	json_t *state, *p;
	long n;
	int rc;

	if (a->pid_file) {
		FILE *f = fopen(a->pid_file, "re");

		if (!f) {
			bl_err("container %s: pid file %s: %s", a->id, a->pid_file,
			       strerror(errno));
			return -errno;
		}
		rc = fscanf(f, "%ld", &n);
		fclose(f);
		if (rc != 1 || n <= 0 || n > INT_MAX) {
			bl_err("container %s: pid file %s holds no pid", a->id, a->pid_file);
			return -EBADMSG;
		}
		*pid = (int)n;
		return 0;
	}
	v = runtime_argv(runtime, argv, a, "state", NULL);
	if (!v)
		return -ENOMEM;
	rc = bl_shim_capture(v, &out, STATE_MAX);
	free(v);
	if (rc) {
		bl_err("container %s: '%s state' failed (status %d)", a->id, runtime, rc);
		free(out);
		return rc < 0 ? rc : -EIO;
	}
	state = json_loads(out, 0, NULL);
	free(out);
	p = json_object_get(state, "pid");
	rc = json_is_integer(p) && json_integer_value(p) > 0 && json_integer_value(p) <= INT_MAX;
	if (rc)
		*pid = (int)json_integer_value(p);
	json_decref(state);
	if (!rc) {
		bl_err("container %s: '%s state' gives no pid", a->id, runtime);
		return -EBADMSG;
	}
	return 0;
}

static json_t *bundle_config(const struct bl_shim_args *a)
{
	const char *name = a->config ? a->config : "config.json";
	char path[PATH_MAX];
	json_error_t jerr;
	json_t *config;

	/* crun's --config names a file as given; runc's config is the bundle's config.json. */
	if (a->config && a->config[0] == '/')
		snprintf(path, sizeof(path), "%s", name);
	else
		snprintf(path, sizeof(path), "%s/%s", a->bundle ? a->bundle : ".", name);
	config = json_load_file(path, 0, &jerr);
	if (!json_is_object(config)) {
		bl_err("container %s: the bundle's %s cannot be read: %s", a->id, path, jerr.text);
		json_decref(config);
		return NULL;
	}
	return config;
}

/* Everything after the runtime's create: -errno on failure, reported with bl_err(). */
static int bind_created(const char *runtime, char **argv, const struct bl_shim_args *a,
			const struct bl_shim_config *cfg, struct bl_choice *choice, int *pid,
			char *cg, size_t cglen)
{
	struct bl_container_req req = { .id = a->id, .profile_dir = cfg->profiles };
	json_t *config;
	int err;

	err = init_pid(runtime, argv, a, pid);
	if (err)
		return err;
	err = bl_cgroup_of_pid(*pid, cg, cglen);
	if (err) {
		bl_err("container %s: cgroup of its init (pid %d): %s", a->id, *pid,
		       strerror(-err));
		return err;
	}
	config = bundle_config(a);
	if (!config)
		return -EINVAL;
	req.oci = config;
	req.cgroup = cg;
	err = bl_container_bind(&req, choice);
	json_decref(config);
	return err;
}

/* The container must not start: `RUNTIME delete --force ID` kills its init and removes it. */
static int delete_container(const char *runtime, char **argv, const struct bl_shim_args *a)
{
	char **v = runtime_argv(runtime, argv, a, "delete", "--force");
	int null, rc;

	if (!v)
		return -ENOMEM;
	null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	rc = bl_shim_spawn(v, null, null);
	if (null >= 0)
		close(null);
	free(v);
	return rc;
}

int bl_shim_create(const char *runtime, int argc, char **argv, const struct bl_shim_args *a,
		   const struct bl_shim_config *cfg)
{
	static const int held[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE };
	char cg[PATH_MAX] = "", msg[2048];
	struct bl_choice choice;
	int rc, err, pid = 0;

	(void)argc;
	argv[0] = (char *)runtime;
	rc = bl_shim_spawn(argv, -1, -1);
	if (rc < 0) {
		snprintf(msg, sizeof(msg), "boxlock-runc: cannot run %s: %s", runtime,
			 strerror(-rc));
		fprintf(stderr, "%s\n", msg);
		bl_shim_log(a, "error", msg);
		return 1;
	}
	if (rc)
		return rc; /* the runtime's create failed and said why */
	/* From here the container exists: a signal must not leave it created and unbound. */
	for (size_t i = 0; i < sizeof(held) / sizeof(held[0]); i++)
		signal(held[i], SIG_IGN);
	err = bind_created(runtime, argv, a, cfg, &choice, &pid, cg, sizeof(cg));
	if (!err) {
		snprintf(msg, sizeof(msg),
			 "boxlock: container %s bound to profile %s (%s), cgroup %s", a->id,
			 choice.profile, choice.why, cg);
		bl_shim_log(a, "info", msg);
		return 0;
	}
	rc = delete_container(runtime, argv, a);
	if (rc && pid > 0)
		kill(pid, SIGKILL); /* still the init, waiting: nobody has reaped it */
	snprintf(msg, sizeof(msg),
		 "boxlock-runc: container %s was not started: it cannot be bound (%s)%s", a->id,
		 bl_last_error[0] ? bl_last_error : strerror(-err),
		 rc ? "; deleting it failed too: delete it by hand before anything starts it" :
		      "; it was deleted");
	fprintf(stderr, "%s\n", msg);
	bl_shim_log(a, "error", msg);
	return 1;
}
