// SPDX-License-Identifier: GPL-2.0
/*
 * The command line's grammar: global options taken from anywhere on the line, dispatch by unique
 * prefix through the command table (commands.c), and the way boxlock talks to its operator.
 */
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include "cli.h"

struct bl_opts bl_opts = { .pin_dir = BL_DEFAULT_PIN_DIR };
char bl_last_error[1024];
int bl_exit_status = -1;

/* A usage error of the grammar itself: the message (already given), then what @object has, or
 * the whole @table, on stderr (stdout keeps the one JSON document of JSON mode); exit status 2. */
static int usage_error(const struct bl_cmd *table, const struct bl_cmd *object)
{
	bl_usage(stderr, table, object);
	bl_exit_status = 2;
	return -EINVAL;
}

const struct bl_cmd *bl_cmd_find(const struct bl_cmd *cmds, const char *name, bool *ambiguous)
{
	const struct bl_cmd *found = NULL;
	size_t len = strlen(name);

	*ambiguous = false;
	if (!len)
		return NULL;
	for (const struct bl_cmd *c = cmds; c->name; c++) {
		if (!strcmp(c->name, name))
			return c; /* an exact name beats prefixes */
		if ((c->flags & BL_CMD_HIDDEN) || strncmp(c->name, name, len))
			continue;
		if (found)
			*ambiguous = true;
		found = c;
	}
	return *ambiguous ? NULL : found;
}

/* "profile: 'l' is ambiguous: load, list" */
static void report_ambiguous(const char *what, const struct bl_cmd *cmds, const char *name)
{
	char list[512] = "";
	size_t len = strlen(name), off = 0;

	for (const struct bl_cmd *c = cmds; c->name && off < sizeof(list); c++) {
		if ((c->flags & BL_CMD_HIDDEN) || strncmp(c->name, name, len))
			continue;
		off += snprintf(list + off, sizeof(list) - off, "%s%s", off ? ", " : "", c->name);
	}
	if (what)
		bl_err("%s: '%s' is ambiguous: %s", what, name, list);
	else
		bl_err("'%s' is ambiguous: %s", name, list);
}

/* Runs what @argv names among the entries of @table (@object NULL), or among @object's
 * commands. */
static int dispatch(const struct bl_cmd *table, const struct bl_cmd *object, int argc, char **argv)
{
	const struct bl_cmd *cmds = object ? object->cmds : table, *c;
	const char *what = object ? object->name : NULL;
	bool ambiguous;

	if (argc < 1) {
		if (what)
			bl_err("%s: missing command", what);
		else
			bl_err("missing object");
		return usage_error(table, object);
	}
	if (what && !strcmp(argv[0], "help")) {
		if (argc > 1) {
			bl_err("usage: boxlock %s help", what);
			return usage_error(table, object);
		}
		return bl_help(table, object);
	}
	c = bl_cmd_find(cmds, argv[0], &ambiguous);
	if (!c) {
		if (ambiguous)
			report_ambiguous(what, cmds, argv[0]);
		else if (what)
			bl_err("%s: unknown command '%s'", what, argv[0]);
		else
			bl_err("unknown object '%s'", argv[0]);
		return usage_error(table, object);
	}
	if (c->cmds)
		return dispatch(table, c, argc - 1, argv + 1);
	/* `OBJECT help` for an object without commands (status, bind...); not below an object,
	 * where "help" may be an operand (profile unload help unloads the profile "help"). */
	if (!object && argc == 2 && !strcmp(argv[1], "help"))
		return bl_help(table, c);
	return c->fn(argc - 1, argv + 1);
}

int bl_dispatch(const char *what, const struct bl_cmd *cmds, int argc, char **argv)
{
	const struct bl_cmd object = { .name = what, .cmds = cmds };

	return what ? dispatch(NULL, &object, argc, argv) : dispatch(cmds, NULL, argc, argv);
}

/* Looks @name (@len characters, no "--") up in @opts: an exact name is the one match; else every
 * name it is a prefix of. */
static int match_long(const struct bl_opt *opts, const char *name, size_t len,
		      const struct bl_opt **found)
{
	int n = 0;

	*found = NULL;
	for (const struct bl_opt *o = opts; o && o->name; o++) {
		if (strlen(o->name) == len && !strncmp(o->name, name, len)) {
			*found = o;
			return 1;
		}
		if (!strncmp(o->name, name, len)) {
			*found = o;
			n++;
		}
	}
	return n;
}

/* Appends to @list ("--pretty, --profile") the options of @opts that @name is a prefix of. */
static void list_prefixed(char *list, size_t size, const struct bl_opt *opts, const char *name,
			  size_t len)
{
	size_t off = strlen(list);

	for (const struct bl_opt *o = opts; o && o->name && off < size; o++)
		if (!strncmp(o->name, name, len))
			off += snprintf(list + off, size - off, "%s--%s", off ? ", " : "", o->name);
}

static const struct bl_opt *match_short(const struct bl_opt *opts, char c)
{
	for (const struct bl_opt *o = opts; o && o->name; o++)
		if (o->short_name && o->short_name == c)
			return o;
	return NULL;
}

static void set_global(const struct bl_opt *o, const char *val, struct bl_opts *opts,
		       struct bl_cmdline *cl)
{
	if (!strcmp(o->name, "json")) {
		opts->json = true;
	} else if (!strcmp(o->name, "pretty")) {
		opts->json = opts->pretty = true;
	} else if (!strcmp(o->name, "verbose")) {
		opts->verbose = true;
	} else if (!strcmp(o->name, "pin-dir")) {
		opts->pin_dir = val;
	} else if (!strcmp(o->name, "help")) {
		cl->help = true;
	} else if (!strcmp(o->name, "version")) {
		cl->version = true;
	}
}

/* "--name[=value]": a global option (taken), the command's (kept, with its argument), or an
 * error. @at_top: no command is named yet, so only global options can stand here. Returns the
 * number of words it used, which are kept if *@keep, or -EINVAL. */
static int take_long(const struct bl_opt *own, bool at_top, int argc, char **argv,
		     struct bl_opts *opts, struct bl_cmdline *cl, bool *keep)
{
	const char *word = argv[0], *name = word + 2, *eq = strchr(name, '=');
	size_t len = eq ? (size_t)(eq - name) : strlen(name);
	const struct bl_opt *global, *mine;
	int n_global, n_own;
	const char *val;

	n_global = match_long(bl_global_opts, name, len, &global);
	n_own = match_long(own, name, len, &mine);
	/* An exact name wins over prefixes (the global ones and a command's share no name); a
	 * prefix of a global option and of another option is refused, never guessed. */
	if (global && strlen(global->name) == len)
		n_own = 0;
	else if (mine && strlen(mine->name) == len)
		n_global = 0;
	if (n_global && n_global + n_own > 1) {
		char list[256] = "";

		list_prefixed(list, sizeof(list), bl_global_opts, name, len);
		list_prefixed(list, sizeof(list), own, name, len);
		bl_err("option '%.*s' is ambiguous: %s", (int)(len + 2), word, list);
		return -EINVAL;
	}
	*keep = !n_global;
	if (*keep) {
		if (at_top) {
			bl_err("unknown option '%s'", word);
			return -EINVAL;
		}
		/* The command's, or unknown: its own parser decides. Its argument goes with it. */
		return n_own == 1 && mine->arg && !eq && argc > 1 ? 2 : 1;
	}
	if (!global->arg) {
		if (eq) {
			bl_err("option '--%s' takes no argument", global->name);
			return -EINVAL;
		}
		set_global(global, NULL, opts, cl);
		return 1;
	}
	val = eq ? eq + 1 : argc > 1 ? argv[1] : NULL;
	if (!val || !*val) {
		bl_err("option '--%s' needs an argument (%s)", global->name, global->arg);
		return -EINVAL;
	}
	set_global(global, val, opts, cl);
	return eq ? 1 : 2;
}

/* "-abc": global flags if every letter is one; else the command's (kept). */
static int take_short(const struct bl_opt *own, bool at_top, int argc, char **argv,
		      struct bl_opts *opts, struct bl_cmdline *cl, bool *keep)
{
	const char *word = argv[0];
	const struct bl_opt *o;

	*keep = false;
	for (const char *p = word + 1; *p; p++) {
		o = match_short(bl_global_opts, *p);
		if (!o || o->arg)
			*keep = true;
	}
	if (!*keep) {
		for (const char *p = word + 1; *p; p++)
			set_global(match_short(bl_global_opts, *p), NULL, opts, cl);
		return 1;
	}
	if (at_top) {
		bl_err("unknown option '%s'", word);
		return -EINVAL;
	}
	o = word[2] ? NULL : match_short(own, word[1]);
	return o && o->arg && argc > 1 ? 2 : 1;
}

int bl_cli_parse(const struct bl_cmd *table, int argc, char **argv, struct bl_opts *opts,
		 struct bl_cmdline *cl)
{
	const struct bl_cmd *level = table; /* where the next operand is looked up, if anywhere */
	const struct bl_cmd *cmd = NULL; /* the command named, once it is */
	int n = 0;

	memset(cl, 0, sizeof(*cl));
	for (int i = 0; i < argc;) {
		char *word = argv[i];
		bool keep, ambiguous;
		int used;

		if (!strcmp(word, "--")) {
			/* The end of options: the rest is the command's, word for word. Only a
			 * command that runs a command line of its own needs the `--` itself. */
			if (cmd && (cmd->flags & BL_CMD_CMDLINE))
				argv[n++] = word;
			for (i++; i < argc; i++)
				argv[n++] = argv[i];
			break;
		}
		if (word[0] == '-' && word[1]) {
			bool at_top = !cmd && level; /* before the object, or its command */
			const struct bl_opt *own = cmd ? cmd->opts : NULL;

			if (word[1] == '-')
				used = take_long(own, at_top, argc - i, argv + i, opts, cl, &keep);
			else
				used = take_short(own, at_top, argc - i, argv + i, opts, cl, &keep);
			if (used < 0)
				return used;
			for (int k = 0; keep && k < used; k++)
				argv[n++] = argv[i + k];
			i += used;
			continue;
		}
		/* An operand: the object, the object's command, or the command's. */
		if (level) {
			const struct bl_cmd *c = bl_cmd_find(level, word, &ambiguous);

			if (level == table)
				cl->object = c;
			level = c ? c->cmds : NULL; /* unknown: dispatch will say so */
			if (c && !c->cmds)
				cmd = c;
		} else if (cmd && (cmd->flags & BL_CMD_CMDLINE)) {
			for (; i < argc; i++) /* CMD's first word: the rest is CMD's own */
				argv[n++] = argv[i];
			break;
		}
		argv[n++] = word;
		i++;
	}
	/* Commands that exec what they were given (run) read it up to a NULL, as main's argv. */
	argv[n] = NULL;
	cl->argc = n;
	cl->argv = argv;
	return 0;
}

int bl_main(const struct bl_cmd *table, int argc, char **argv)
{
	struct bl_cmdline cl;
	int err;

	bl_exit_status = -1;
	err = bl_cli_parse(table, argc - 1, argv + 1, &bl_opts, &cl);
	if (err) {
		bl_usage(stderr, table, NULL);
		return 2;
	}
	if (cl.version)
		return bl_cmd_version(0, NULL) ? 1 : 0;
	if (cl.help)
		return bl_help(table, cl.object);
	err = dispatch(table, NULL, cl.argc, cl.argv);
	if (bl_exit_status >= 0)
		return bl_exit_status;
	return err ? 1 : 0;
}

void bl_err(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	memcpy(bl_last_error, buf, sizeof(bl_last_error));
	if (bl_opts.json) {
		bl_json_print(json_pack("{s:s}", "error", buf));
		return;
	}
	fprintf(stderr, "boxlock: %s\n", buf);
}

void bl_info(const char *fmt, ...)
{
	va_list ap;

	if (bl_opts.json)
		return; /* JSON mode prints one document per command, built by the command */
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

void bl_json_print(json_t *j)
{
	if (!j)
		return;
	json_dumpf(j, stdout, (bl_opts.pretty ? JSON_INDENT(2) : JSON_COMPACT) | JSON_SORT_KEYS);
	putchar('\n');
	fflush(stdout);
	json_decref(j);
}
