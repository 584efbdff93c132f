/* SPDX-License-Identifier: GPL-2.0 */
/* The boxlock command line: global options, the command table, dispatch, messages. */
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
 * (the default) makes boxlock exit 0 on success, 1 on failure. Usage errors the command line's
 * grammar catches (unknown option, object or command) set it to 2. */
extern int bl_exit_status;

/* One option of a command, or a global one: for help, for the docs check, and so that the
 * global options' extraction knows which words are another option's argument. */
struct bl_opt {
	const char *name; /* long name, without "--" */
	char short_name; /* 0 if none */
	const char *arg; /* its argument's name (e.g. "DIR"), NULL for a flag */
	const char *help; /* one line; global options only */
};

/* One `OBJECT [COMMAND]` entry; names match by unique prefix, as in bpftool. An object with
 * commands of its own (profile, container) has @cmds and no @fn. */
struct bl_cmd {
	const char *name;
	int (*fn)(int argc, char **argv); /* argv: the words after the command's name */
	const struct bl_cmd *cmds;
	const char *synopsis; /* the arguments, as boxlock(8) writes them */
	const char *help; /* one line */
	const struct bl_opt *opts; /* the command's options, ending with {} (NULL: none) */
	unsigned int flags; /* BL_CMD_* */
};

/* The command's operands are a command line of its own (run): global options end at its first
 * operand, and a `--` is passed on to it. */
#define BL_CMD_CMDLINE (1u << 0)
/* Matched by its exact name only, and never listed (__commands, for scripts). */
#define BL_CMD_HIDDEN (1u << 1)

/* commands.c: the table of every object and command, and the options of the whole program. */
extern const struct bl_cmd bl_commands[];
extern const struct bl_opt bl_global_opts[];

/* What the command line asks for once the global options are taken out of it. */
struct bl_cmdline {
	int argc; /* OBJECT [COMMAND] ARGS, in the order given */
	char **argv;
	const struct bl_cmd *object; /* the object named, if it names one */
	bool help; /* -h, --help */
	bool version; /* -V, --version */
};

/* Takes the global options (bl_global_opts) out of @argv (the words after the program's name),
 * wherever they stand before a `--` (or, for a BL_CMD_CMDLINE command, before its first
 * operand), sets @opts from them and compacts the rest of @argv in place, in @cl, ending it with
 * a NULL (@argv[@argc] must exist, as in main's argv). A word that is
 * the argument of a command's own option is never taken for a global option. Returns 0, or
 * -EINVAL with a message for a bad or ambiguous option. */
int bl_cli_parse(const struct bl_cmd *table, int argc, char **argv, struct bl_opts *opts,
		 struct bl_cmdline *cl);

/* The whole command line (@argv[0] is the program): options, help, version, dispatch. Returns
 * the exit status. */
int bl_main(const struct bl_cmd *table, int argc, char **argv);

/* Runs the entry of @cmds that @argv[0] names (exactly, or by a unique prefix), with the words
 * after it; an object's commands recursively. @what names the object whose commands @cmds are
 * (NULL for the top level, the table of objects); `OBJECT help` prints the object's commands. A missing, unknown or ambiguous name prints what @cmds has on stderr, sets
 * bl_exit_status to 2 and returns -EINVAL. */
int bl_dispatch(const char *what, const struct bl_cmd *cmds, int argc, char **argv);

/* Finds the entry @name names in @cmds: exact, else the one it is a prefix of. Returns NULL if
 * none does, or (with *@ambiguous set) if several do. Hidden entries match exactly only. */
const struct bl_cmd *bl_cmd_find(const struct bl_cmd *cmds, const char *name, bool *ambiguous);

/* cmd_help.c: the help text of @object (its commands, or itself), or of every entry of @table
 * if @object is NULL, and of the global options. */
void bl_usage(FILE *out, const struct bl_cmd *table, const struct bl_cmd *object);
/* The same on stdout, or as one JSON document in JSON mode. Returns 0. */
int bl_help(const struct bl_cmd *table, const struct bl_cmd *object);

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
int bl_cmd_profile_check(int argc, char **argv);
int bl_cmd_profile_show(int argc, char **argv);
int bl_cmd_profile_load(int argc, char **argv);
int bl_cmd_profile_unload(int argc, char **argv);
int bl_cmd_profile_list(int argc, char **argv);
int bl_cmd_profile_seccomp(int argc, char **argv);
int bl_cmd_profile_generate(int argc, char **argv);
int bl_cmd_profile_forget(int argc, char **argv);
int bl_cmd_bind(int argc, char **argv);
int bl_cmd_unbind(int argc, char **argv);
int bl_cmd_mode(int argc, char **argv);
int bl_cmd_events(int argc, char **argv);
int bl_cmd_run(int argc, char **argv);
int bl_cmd_doctor(int argc, char **argv);
int bl_cmd_daemon(int argc, char **argv);
int bl_cmd_container_list(int argc, char **argv);
int bl_cmd_container_learn(int argc, char **argv);
int bl_cmd_container_release(int argc, char **argv);
int bl_cmd_hook(int argc, char **argv);
int bl_cmd_help(int argc, char **argv);
int bl_cmd_version(int argc, char **argv);
int bl_cmd_commands(int argc, char **argv);

#endif /* BL_CLI_H */
