// SPDX-License-Identifier: GPL-2.0
/*
 * boxlock-runc: an OCI runtime that is runc (or crun) plus boxlock. It takes runc's command line.
 * `create` runs the real runtime's create, then binds the new container's cgroup to its profile
 * while the container's init still waits to exec the entrypoint, and fails (deleting the
 * container) when it cannot: a container it creates never runs an instruction unbound. Every
 * other command is the real runtime's, exec'd in place. `run` and `restore`, which create and
 * start in one step, are refused. See README.md ("Container runtimes").
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include "cli.h"
#include "shim/args.h"
#include "shim/create.h"
#include "shim/runtime.h"

/* libbpf's warnings only; its debug output would land in the container's stderr. */
static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

/* Refuses with @msg on stderr and in the runtime's log, which containerd shows the user. */
static int refuse(const struct bl_shim_args *a, const char *msg)
{
	char line[PATH_MAX + 1300];

	snprintf(line, sizeof(line), "boxlock-runc: %s", msg);
	fprintf(stderr, "%s\n", line);
	if (a)
		bl_shim_log(a, "error", line);
	return 1;
}

int main(int argc, char **argv)
{
	const char *cfg_path = getenv("BOXLOCK_SHIM_CONFIG");
	char runtime[PATH_MAX], why[1024], msg[PATH_MAX + 1200];
	struct bl_shim_config cfg;
	struct bl_shim_args a;
	int err;

	libbpf_set_print(libbpf_print);
	err = bl_shim_parse(argc - 1, argv + 1, &a, why, sizeof(why));
	if (err) {
		snprintf(msg, sizeof(msg), "%s; refusing the command line", why);
		return refuse(&a, msg);
	}
	err = bl_shim_config_read(cfg_path && cfg_path[0] ? cfg_path : BL_SHIM_CONFIG, &cfg, why,
				  sizeof(why));
	if (!err)
		err = bl_shim_find_runtime(&cfg, runtime, sizeof(runtime), why, sizeof(why));
	if (err)
		return refuse(&a, why);

	switch (a.cmd) {
	case BL_SHIM_CREATE:
		return bl_shim_create(runtime, argc, argv, &a, &cfg);
	case BL_SHIM_RUN:
	case BL_SHIM_RESTORE:
		snprintf(msg, sizeof(msg),
			 "'%s' creates and starts a container in one step, which leaves no moment "
			 "to bind it before it runs: use 'create' then 'start' (as Docker, "
			 "containerd, podman and CRI-O do)",
			 a.command);
		return refuse(&a, msg);
	case BL_SHIM_NONE:
	case BL_SHIM_PASS:
		break;
	}
	/* exec, start, kill, delete, state...: the runtime's, in this very process. */
	argv[0] = runtime;
	execv(runtime, argv);
	snprintf(msg, sizeof(msg), "cannot run %s: %s", runtime, strerror(errno));
	return refuse(&a, msg);
}
