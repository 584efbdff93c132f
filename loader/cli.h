/* SPDX-License-Identifier: GPL-2.0 */
/* The boxlock command line: global options, command tables, messages. */
#ifndef BL_CLI_H
#define BL_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include <jansson.h>

#define BL_DEFAULT_PIN_DIR "/sys/fs/bpf/boxlock"
#define BL_DEFAULT_PROFILE_DIR "/etc/boxlock/profiles"

struct bl_opts {
	bool json; /* -j: machine-readable output */
	bool pretty; /* -p: indented JSON */
	bool verbose; /* -v: libbpf debug output */
	const char *pin_dir; /* --pin-dir */
};

extern struct bl_opts bl_opts;

/* A command whose exit status is not just success or failure (run: its CMD's) sets this; -1
 * (the default) makes boxlock exit 0 on success, 1 on failure. */
extern int bl_exit_status;

/* One `OBJECT COMMAND` entry; names match by unique prefix, as in bpftool. */
struct bl_cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
};

int bl_dispatch(const char *what, const struct bl_cmd *cmds, int argc, char **argv);

/* Errors go to stderr as text, or as {"error": ...} on stdout in JSON mode. */
void bl_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The last message bl_err() reported: boxlock-runc repeats it in the runtime's log. */
extern char bl_last_error[1024];
void bl_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints @j (and drops the reference) on stdout, pretty with -p. */
void bl_json_print(json_t *j);

/* Commands, one file each. */
int bl_cmd_load(int argc, char **argv);
int bl_cmd_unload(int argc, char **argv);
int bl_cmd_status(int argc, char **argv);
int bl_cmd_profile(int argc, char **argv);
int bl_cmd_bind(int argc, char **argv);
int bl_cmd_unbind(int argc, char **argv);
int bl_cmd_mode(int argc, char **argv);
int bl_cmd_events(int argc, char **argv);
int bl_cmd_run(int argc, char **argv);
int bl_cmd_doctor(int argc, char **argv);
int bl_cmd_daemon(int argc, char **argv);
int bl_cmd_container(int argc, char **argv);
int bl_cmd_hook(int argc, char **argv);

#endif /* BL_CLI_H */
