// SPDX-License-Identifier: GPL-2.0
/* Reading runc's (and crun's) command line without changing a word of it. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "shim/args.h"

enum kind { FLAG, VALUE };

struct opt {
	const char *name;
	char short_name; /* 0: none */
	enum kind kind;
	size_t off; /* of the bool (FLAG) or const char * (VALUE) in struct bl_shim_args */
};

#define V(n, s, f)                                            \
	{                                                     \
		n, s, VALUE, offsetof(struct bl_shim_args, f) \
	}
#define F(n, s, f)                                           \
	{                                                    \
		n, s, FLAG, offsetof(struct bl_shim_args, f) \
	}

static const struct opt global_opts[] = {
	V("root", 0, root),
	V("log", 0, log),
	V("log-format", 0, log_format),
	V("criu", 0, criu),
	V("rootless", 0, rootless),
	V("cgroup-manager", 0, cgroup_manager), /* crun */
	F("debug", 0, debug),
	F("systemd-cgroup", 0, systemd_cgroup),
	{},
};

static const struct opt create_opts[] = {
	V("bundle", 'b', bundle),
	V("config", 'f', config), /* crun */
	V("pid-file", 0, pid_file),
	V("console-socket", 0, console_socket),
	V("preserve-fds", 0, preserve_fds),
	F("no-pivot", 0, no_pivot),
	F("no-new-keyring", 0, no_new_keyring),
	F("no-subreaper", 0, no_subreaper), /* crun */
	{},
};

#undef V
#undef F

/* Commands that make and start a container, and the ones that only act on one that exists. */
static const char *const starting_cmds[] = { "create", "run", "restore", NULL };
static const char *const passing_cmds[] = {
	"checkpoint", "delete", "events", "exec",   "kill",	"list", "pause", "ps",	 "resume",
	"spec",	      "start",	"state",  "update", "features", "help", "h",	 "init", NULL,
};

static bool in(const char *const *list, const char *word)
{
	for (; *list; list++)
		if (!strcmp(*list, word))
			return true;
	return false;
}

/* Whether @arg is an option word: "-x", "--name", "-name=v"; not "-" nor "--". */
static bool is_option(const char *arg)
{
	return arg[0] == '-' && arg[1] && strcmp(arg, "--");
}

/*
 * Matches the option word @arg against @opts; sets *@value to the text after '=' (or, for a short
 * option with its value attached as argp allows, "-bDIR", after the letter), else NULL. A word
 * with one dash and a long name is the long option, as Go's flag package reads it. NULL when
 * @arg is not one of @opts.
 */
static const struct opt *match(const struct opt *opts, const char *arg, const char **value)
{
	const char *name = arg[1] == '-' ? arg + 2 : arg + 1;
	size_t len = strcspn(name, "=");
	const struct opt *o;

	*value = name[len] == '=' ? name + len + 1 : NULL;
	for (o = opts; o->name; o++)
		if (strlen(o->name) == len && !strncmp(o->name, name, len))
			return o;
	if (arg[1] == '-')
		return NULL;
	for (o = opts; o->name; o++) {
		if (!o->short_name || o->short_name != name[0])
			continue;
		if (len == 1)
			return o;
		if (o->kind == VALUE && !*value) {
			*value = name + 1;
			return o;
		}
	}
	return NULL;
}

static bool flag_value(const char *v)
{
	return !v || !(!strcmp(v, "false") || !strcmp(v, "False") || !strcmp(v, "FALSE") ||
		       !strcmp(v, "f") || !strcmp(v, "F") || !strcmp(v, "0"));
}

/*
 * Reads the option at argv[*i] into @a. Unknown options are taken as flags: a value they took as
 * the next word shows up as an extra argument, which the callers refuse where it matters.
 * Returns 0, or -EINVAL when a value is missing.
 */
static int take_option(const struct opt *opts, int argc, char *const argv[], int *i,
		       struct bl_shim_args *a, char *err, size_t errlen)
{
	const char *value;
	const struct opt *o = match(opts, argv[*i], &value);

	if (!o)
		return 0;
	if (o->kind == FLAG) {
		*(bool *)((char *)a + o->off) = flag_value(value);
		return 0;
	}
	if (!value) {
		if (*i + 1 >= argc) {
			snprintf(err, errlen, "option %s needs a value", argv[*i]);
			return -EINVAL;
		}
		value = argv[++*i];
	}
	*(const char **)((char *)a + o->off) = value;
	return 0;
}

static bool later_starting_word(int argc, char *const argv[], int from)
{
	for (int i = from; i < argc; i++)
		if (in(starting_cmds, argv[i]))
			return true;
	return false;
}

/* create's options and its one argument, the container id. */
static int parse_create(int argc, char *const argv[], struct bl_shim_args *a, char *err,
			size_t errlen)
{
	int n_args = 0, err_code;
	bool options = true;

	for (int i = a->cmd_index + 1; i < argc; i++) {
		if (options && !strcmp(argv[i], "--")) {
			options = false;
			continue;
		}
		if (options && is_option(argv[i])) {
			err_code = take_option(create_opts, argc, argv, &i, a, err, errlen);
			if (err_code)
				return err_code;
			continue;
		}
		if (n_args++ == 0)
			a->id = argv[i];
	}
	if (n_args != 1) {
		snprintf(err, errlen,
			 "%s takes one container id, found %d argument%s (an option it does "
			 "not know that takes a value?)",
			 a->command, n_args, n_args == 1 ? "" : "s");
		return -EINVAL;
	}
	if (!a->id[0]) {
		snprintf(err, errlen, "%s: the container id is empty", a->command);
		return -EINVAL;
	}
	return 0;
}

int bl_shim_parse(int argc, char *const argv[], struct bl_shim_args *a, char *err, size_t errlen)
{
	int i, rc;

	memset(a, 0, sizeof(*a));
	err[0] = 0;
	a->cmd_index = argc;
	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		if (!is_option(argv[i]))
			break;
		rc = take_option(global_opts, argc, argv, &i, a, err, errlen);
		if (rc) {
			/* The last word, lacking its value: the runtime's usage error to report. */
			a->cmd = BL_SHIM_NONE;
			err[0] = 0;
			return 0;
		}
	}
	if (i >= argc) {
		a->cmd = BL_SHIM_NONE;
		return 0;
	}
	a->command = argv[i];
	a->cmd_index = i;
	if (!strcmp(a->command, "create")) {
		a->cmd = BL_SHIM_CREATE;
		return parse_create(argc, argv, a, err, errlen);
	}
	if (!strcmp(a->command, "run")) {
		a->cmd = BL_SHIM_RUN;
		return 0;
	}
	if (!strcmp(a->command, "restore")) {
		a->cmd = BL_SHIM_RESTORE;
		return 0;
	}
	a->cmd = BL_SHIM_PASS;
	if (!in(passing_cmds, a->command) && later_starting_word(argc, argv, i + 1)) {
		snprintf(err, errlen,
			 "cannot tell the command: '%s' is none, and a container is created "
			 "further on (an unknown global option that takes a value?)",
			 a->command);
		return -EINVAL;
	}
	return 0;
}
