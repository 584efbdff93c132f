/* SPDX-License-Identifier: GPL-2.0 */
/*
 * runc's command line as boxlock-runc reads it: the global options, the command, and create's
 * options and container id. Both runtimes it wraps are covered: runc (Go's flag package: -opt and
 * --opt, a value as the next word or after '=') and crun (argp: --opt=value, --opt value, -b DIR).
 * The command line itself is never rewritten: the real runtime gets it word for word.
 */
#ifndef BL_SHIM_ARGS_H
#define BL_SHIM_ARGS_H

#include <stdbool.h>
#include <stddef.h>

enum bl_shim_cmd {
	BL_SHIM_NONE = 0, /* no command: --version, --help, or nothing */
	BL_SHIM_CREATE, /* create: boxlock-runc binds the container before it returns */
	BL_SHIM_RUN, /* run: create and start in one, refused */
	BL_SHIM_RESTORE, /* restore: creates and starts from a checkpoint, refused */
	BL_SHIM_PASS, /* every other command: handed to the runtime as it is */
};

struct bl_shim_args {
	enum bl_shim_cmd cmd;
	const char *command; /* the command word, NULL with BL_SHIM_NONE */
	int cmd_index; /* its index in argv; argc when there is none */

	/* Global options (runc's, and crun's --cgroup-manager). */
	const char *root;
	const char *log;
	const char *log_format;
	const char *criu;
	const char *rootless;
	const char *cgroup_manager;
	bool debug;
	bool systemd_cgroup;

	/* create's options (runc's, and crun's --config and --no-subreaper). */
	const char *bundle; /* NULL: the current directory */
	const char *config; /* crun -f: the config file's name in the bundle; NULL: config.json */
	const char *pid_file;
	const char *console_socket;
	const char *preserve_fds;
	bool no_pivot;
	bool no_new_keyring;
	bool no_subreaper;
	const char *id; /* the container id */
};

/*
 * Reads @argv (@argc words, argv[0] being the first argument, not the program's name) into @a,
 * whose strings point into @argv. Returns 0, or -EINVAL with the reason in @err: a create whose
 * options lack a value or whose arguments are not exactly one container id. (A global option
 * missing its value is the runtime's usage error to report: BL_SHIM_NONE.)
 * A command word that is no runtime command, followed by a word that is one (an unknown global
 * option that took a value: the command cannot be told for sure), is also -EINVAL, so that a
 * create is never mistaken for something to pass through.
 */
int bl_shim_parse(int argc, char *const argv[], struct bl_shim_args *a, char *err, size_t errlen);

#endif /* BL_SHIM_ARGS_H */
