// SPDX-License-Identifier: GPL-2.0
/*
 * The command line's grammar (loader/cli.c): dispatch by exact name and unique prefix, the
 * errors for an ambiguous, unknown or missing name, global options anywhere before `--`; and
 * the real command table (loader/commands.c): what its synopses and options say agrees.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "cli.h"

/* What the last command called got. */
static struct {
	const char *called;
	int argc;
	char *argv[16];
} last;

static int record(const char *name, int argc, char **argv)
{
	last.called = name;
	last.argc = argc;
	for (int i = 0; i < argc && i < 16; i++)
		last.argv[i] = argv[i];
	return 0;
}

#define FAKE(fn)                                \
	static int fn(int argc, char **argv)    \
	{                                       \
		return record(#fn, argc, argv); \
	}
FAKE(do_load)
FAKE(do_loadall)
FAKE(do_status)
FAKE(do_stop)
FAKE(do_list)
FAKE(do_lint)
FAKE(do_bind)
FAKE(do_run)
FAKE(do_hidden)

static const struct bl_opt bind_opts[] = {
	{ .name = "cgroup", .arg = "PATH" },
	{ .name = "profile", .arg = "NAME" },
	{ .name = "arm-at-exec" },
	{},
};

static const struct bl_opt run_opts[] = {
	{ .name = "profile", .arg = "NAME" },
	{ .name = "keep-cgroup" },
	{},
};

static const struct bl_cmd obj_cmds[] = {
	{ .name = "list", .fn = do_list, .help = "list" },
	{ .name = "lint", .fn = do_lint, .help = "lint" },
	{},
};

static const struct bl_cmd table[] = {
	{ .name = "load", .fn = do_load, .help = "load" },
	{ .name = "loadall", .fn = do_loadall, .help = "load all" },
	{ .name = "status", .fn = do_status, .help = "status" },
	{ .name = "stop", .fn = do_stop, .help = "stop" },
	{ .name = "object", .cmds = obj_cmds, .help = "an object with commands" },
	{ .name = "bind", .fn = do_bind, .synopsis = "--cgroup PATH", .opts = bind_opts },
	{ .name = "run",
	  .fn = do_run,
	  .synopsis = "--profile NAME -- CMD",
	  .opts = run_opts,
	  .flags = BL_CMD_CMDLINE },
	{ .name = "__hidden", .fn = do_hidden, .help = "hidden", .flags = BL_CMD_HIDDEN },
	{},
};

static int reset(void **state)
{
	(void)state;
	memset(&last, 0, sizeof(last));
	bl_opts = (struct bl_opts){ .pin_dir = BL_DEFAULT_PIN_DIR };
	bl_exit_status = -1;
	return 0;
}

/* Sends stdout and stderr to /dev/null (the help and messages of what a test runs) and back;
 * cmocka's report stays on the terminal. */
static int saved_fds[2] = { -1, -1 };

static void quiet(bool on)
{
	fflush(stdout);
	fflush(stderr);
	if (on) {
		int null = open("/dev/null", O_WRONLY);

		saved_fds[0] = dup(1);
		saved_fds[1] = dup(2);
		assert_true(null >= 0 && saved_fds[0] >= 0 && saved_fds[1] >= 0);
		dup2(null, 1);
		dup2(null, 2);
		close(null);
	} else {
		dup2(saved_fds[0], 1);
		dup2(saved_fds[1], 2);
		close(saved_fds[0]);
		close(saved_fds[1]);
	}
}

/* Runs `boxlock WORDS...` through bl_main on the test table; returns its exit status. */
static int run_words(const char *first, ...)
{
	static char *argv[32];
	int argc = 0, rc;
	va_list ap;

	argv[argc++] = "boxlock";
	va_start(ap, first);
	for (const char *w = first; w && argc < 31; w = va_arg(ap, const char *))
		argv[argc++] = (char *)w;
	va_end(ap);
	argv[argc] = NULL;
	quiet(true);
	rc = bl_main(table, argc, argv);
	quiet(false);
	return rc;
}
#define BL(...) run_words(__VA_ARGS__, NULL)

static void assert_args(int argc, ...)
{
	va_list ap;

	assert_int_equal(last.argc, argc);
	va_start(ap, argc);
	for (int i = 0; i < argc; i++)
		assert_string_equal(last.argv[i], va_arg(ap, const char *));
	va_end(ap);
}

static void test_exact_name(void **state)
{
	(void)state;
	/* "load" is also a prefix of "loadall": the exact name wins. */
	assert_int_equal(BL("load"), 0);
	assert_string_equal(last.called, "do_load");
	assert_args(0);
	assert_int_equal(BL("loadall", "x"), 0);
	assert_string_equal(last.called, "do_loadall");
	assert_args(1, "x");
}

static void test_unique_prefix(void **state)
{
	(void)state;
	assert_int_equal(BL("sta", "a", "b"), 0);
	assert_string_equal(last.called, "do_status");
	assert_args(2, "a", "b");
	assert_int_equal(BL("o", "lis"), 0); /* object and command both abbreviated */
	assert_string_equal(last.called, "do_list");
	assert_int_equal(BL("obj", "lin", "f"), 0);
	assert_string_equal(last.called, "do_lint");
	assert_args(1, "f");
}

static void test_ambiguous(void **state)
{
	(void)state;
	assert_int_equal(BL("st"), 2); /* status, stop */
	assert_null(last.called);
	assert_int_equal(BL("loada"), 0);
	reset(NULL);
	assert_int_equal(BL("object", "l"), 2); /* list, lint */
	assert_null(last.called);
	assert_int_equal(BL("-j", "object", "li"), 2);
	assert_null(last.called);
}

static void test_unknown(void **state)
{
	(void)state;
	assert_int_equal(BL("frob"), 2);
	assert_int_equal(BL("object", "frob"), 2);
	assert_int_equal(BL("-j", "frob", "-v"), 2);
	assert_null(last.called);
	/* Hidden entries: exact name only. */
	assert_int_equal(BL("__h"), 2);
	assert_null(last.called);
	assert_int_equal(BL("__hidden"), 0);
	assert_string_equal(last.called, "do_hidden");
}

static void test_missing(void **state)
{
	(void)state;
	assert_int_equal(BL(NULL), 2);
	assert_int_equal(BL("-j"), 2);
	assert_int_equal(BL("object"), 2);
	assert_int_equal(BL("object", "-p"), 2);
	assert_null(last.called);
	assert_true(bl_opts.pretty);
}

static void test_help(void **state)
{
	(void)state;
	assert_int_equal(BL("-h"), 0);
	assert_int_equal(BL("object", "help"), 0);
	assert_int_equal(BL("object", "list", "--help"), 0);
	assert_int_equal(BL("status", "help"), 0);
	assert_int_equal(BL("bind", "-h", "--cgroup", "x"), 0);
	assert_int_equal(BL("--version"), 0);
	assert_int_equal(BL("status", "-V"), 0);
	assert_null(last.called);
	/* Below an object, "help" may be an operand. */
	assert_int_equal(BL("object", "list", "help"), 0);
	assert_string_equal(last.called, "do_list");
	assert_args(1, "help");
	assert_int_equal(BL("object", "help", "x"), 2);
}

static void test_globals_before(void **state)
{
	(void)state;
	assert_int_equal(BL("-j", "--verbose", "status", "a"), 0);
	assert_string_equal(last.called, "do_status");
	assert_args(1, "a");
	assert_true(bl_opts.json);
	assert_false(bl_opts.pretty);
	assert_true(bl_opts.verbose);
}

static void test_globals_after(void **state)
{
	(void)state;
	assert_int_equal(BL("status", "-j"), 0);
	assert_string_equal(last.called, "do_status");
	assert_args(0);
	assert_true(bl_opts.json);
	reset(NULL);
	assert_int_equal(BL("object", "list", "--pretty"), 0);
	assert_string_equal(last.called, "do_list");
	assert_args(0);
	assert_true(bl_opts.json && bl_opts.pretty);
}

static void test_globals_among_args(void **state)
{
	(void)state;
	assert_int_equal(BL("object", "-j", "lint", "a", "-v", "b", "-p"), 0);
	assert_string_equal(last.called, "do_lint");
	assert_args(2, "a", "b");
	assert_true(bl_opts.json && bl_opts.pretty && bl_opts.verbose);
	reset(NULL);
	/* A cluster of global letters; the command's own options stay, in order. */
	assert_int_equal(BL("bind", "--cgroup", "/cg", "-jv", "--arm-at-exec"), 0);
	assert_args(3, "--cgroup", "/cg", "--arm-at-exec");
	assert_true(bl_opts.json && bl_opts.verbose);
}

static void test_option_argument_is_not_global(void **state)
{
	(void)state;
	/* The word after an option that takes an argument is that argument, whatever it is. */
	assert_int_equal(BL("bind", "--cgroup", "-j", "--profile", "--pin-dir"), 0);
	assert_args(4, "--cgroup", "-j", "--profile", "--pin-dir");
	assert_false(bl_opts.json);
	assert_string_equal(bl_opts.pin_dir, BL_DEFAULT_PIN_DIR);
	/* ... by a unique prefix of its name too, as the command's getopt_long takes it. */
	assert_int_equal(BL("bind", "--cg", "-v"), 0);
	assert_args(2, "--cg", "-v");
	assert_false(bl_opts.verbose);
	/* --name=value carries its own argument: the next word is free. */
	assert_int_equal(BL("bind", "--cgroup=/x", "-v"), 0);
	assert_args(1, "--cgroup=/x");
	assert_true(bl_opts.verbose);
}

static void test_dashdash_stops(void **state)
{
	(void)state;
	/* A command that runs a command line gets the `--` and everything after it. */
	assert_int_equal(BL("run", "-j", "--profile", "x", "--", "cmd", "-j", "--pin-dir", "d"), 0);
	assert_string_equal(last.called, "do_run");
	assert_args(7, "--profile", "x", "--", "cmd", "-j", "--pin-dir", "d");
	assert_true(bl_opts.json);
	assert_string_equal(bl_opts.pin_dir, BL_DEFAULT_PIN_DIR);
	reset(NULL);
	/* Its CMD's first word ends the options just as well. */
	assert_int_equal(BL("run", "--profile", "x", "ls", "-v", "-j"), 0);
	assert_args(5, "--profile", "x", "ls", "-v", "-j");
	assert_false(bl_opts.json || bl_opts.verbose);
	reset(NULL);
	/* Any other command gets what follows `--`, word for word, without it. */
	assert_int_equal(BL("object", "list", "-p", "--", "-j", "--", "f"), 0);
	assert_args(3, "-j", "--", "f");
	assert_true(bl_opts.json && bl_opts.pretty);
}

static void test_pin_dir(void **state)
{
	(void)state;
	assert_int_equal(BL("--pin-dir", "/sys/fs/bpf/a", "status"), 0);
	assert_string_equal(bl_opts.pin_dir, "/sys/fs/bpf/a");
	assert_args(0);
	assert_int_equal(BL("status", "x", "--pin-dir", "/sys/fs/bpf/b"), 0);
	assert_string_equal(bl_opts.pin_dir, "/sys/fs/bpf/b");
	assert_args(1, "x");
	assert_int_equal(BL("object", "--pin-dir=/sys/fs/bpf/c", "list"), 0);
	assert_string_equal(bl_opts.pin_dir, "/sys/fs/bpf/c");
	assert_string_equal(last.called, "do_list");
	assert_int_equal(BL("--pin=/sys/fs/bpf/d", "status"), 0); /* unique prefix */
	assert_string_equal(bl_opts.pin_dir, "/sys/fs/bpf/d");
	reset(NULL);
	assert_int_equal(BL("status", "--pin-dir"), 2);
	assert_int_equal(BL("status", "--pin-dir="), 2);
	assert_int_equal(BL("--json=1", "status"), 2);
	assert_null(last.called);
}

static void test_bad_options(void **state)
{
	(void)state;
	/* Only global options stand before the object or between it and its command. */
	assert_int_equal(BL("--bogus", "status"), 2);
	assert_int_equal(BL("-x", "status"), 2);
	assert_int_equal(BL("object", "--bogus", "list"), 2);
	assert_null(last.called);
	/* After the command, its own parser judges what is not global. */
	assert_int_equal(BL("status", "--bogus", "-x", "-jx"), 0);
	assert_args(3, "--bogus", "-x", "-jx");
	assert_false(bl_opts.json);
	/* A prefix of a global option and of the command's is refused, never guessed... */
	reset(NULL);
	assert_int_equal(BL("bind", "--pr", "x"), 2);
	assert_int_equal(BL("--p", "status"), 2); /* --pretty, --pin-dir */
	assert_null(last.called);
	/* ... one that names one option is that option. */
	assert_int_equal(BL("--pre", "status"), 0);
	assert_true(bl_opts.pretty);
	assert_int_equal(BL("bind", "--prof", "x", "--verb"), 0);
	assert_args(2, "--prof", "x");
	assert_true(bl_opts.verbose);
}

/* Every global option of the table is understood: given alone, it changes something. */
static void test_every_global_acts(void **state)
{
	(void)state;
	for (const struct bl_opt *g = bl_global_opts; g->name; g++) {
		char opt[64], *argv[] = { "status", opt, "/x", NULL };
		struct bl_opts opts = { .pin_dir = BL_DEFAULT_PIN_DIR };
		struct bl_cmdline cl;

		snprintf(opt, sizeof(opt), "--%s", g->name);
		assert_int_equal(bl_cli_parse(table, g->arg ? 3 : 2, argv, &opts, &cl), 0);
		assert_int_equal(cl.argc, 1);
		if (!opts.json && !opts.verbose && !cl.help && !cl.version &&
		    !strcmp(opts.pin_dir, BL_DEFAULT_PIN_DIR))
			fail_msg("--%s changes nothing", g->name);
	}
}

static void test_compat_dispatch(void **state)
{
	char *argv[] = { "li", "a", NULL };

	(void)state;
	/* bl_dispatch() on an object's commands, as a command of its own would call it. */
	quiet(true);
	assert_int_equal(bl_dispatch("object", obj_cmds, 2, argv), -EINVAL);
	quiet(false);
	assert_int_equal(bl_exit_status, 2);
	argv[0] = "lis";
	assert_int_equal(bl_dispatch("object", obj_cmds, 2, argv), 0);
	assert_string_equal(last.called, "do_list");
	assert_args(1, "a");
}

/* The real table: synopses name exactly the options listed, help fits the help column, no
 * command option shares a name or letter with a global one, and run's CMD keeps its options. */
static bool synopsis_has(const char *syn, const char *opt)
{
	size_t len = strlen(opt);

	for (const char *p = strstr(syn, opt); p; p = strstr(p + 1, opt))
		if ((p == syn || strchr(" [{|", p[-1])) && (!p[len] || strchr(" ]}|=", p[len])))
			return true;
	return false;
}

static void check_entry(const struct bl_cmd *c)
{
	const char *syn = c->synopsis ? c->synopsis : "";
	char opt[64];

	assert_non_null(c->help);
	if (strlen(c->help) > 47) /* TEXT_WIDTH - HELP_COLUMN in cmd_help.c */
		fail_msg("%s: help line longer than 47: '%s'", c->name, c->help);
	assert_true((c->fn != NULL) != (c->cmds != NULL));
	for (const struct bl_opt *o = c->opts; o && o->name; o++) {
		snprintf(opt, sizeof(opt), "--%s", o->name);
		if (!synopsis_has(syn, opt))
			fail_msg("%s: synopsis '%s' lacks %s", c->name, syn, opt);
		if (o->short_name) {
			snprintf(opt, sizeof(opt), "-%c", o->short_name);
			assert_true(synopsis_has(syn, opt));
		}
		for (const struct bl_opt *g = bl_global_opts; g->name; g++) {
			assert_string_not_equal(g->name, o->name);
			assert_false(o->short_name && g->short_name == o->short_name);
		}
	}
	/* Every --word of the synopsis is an option of the entry (`--` alone is run's). */
	for (const char *p = strstr(syn, "--"); p; p = strstr(p + 2, "--")) {
		size_t len = strspn(p + 2, "abcdefghijklmnopqrstuvwxyz-");
		bool found = false;

		if (!len)
			continue;
		for (const struct bl_opt *o = c->opts; o && o->name; o++)
			found |= strlen(o->name) == len && !strncmp(o->name, p + 2, len);
		if (!found)
			fail_msg("%s: synopsis names --%.*s, not in its options", c->name, (int)len,
				 p + 2);
		p += len;
	}
}

static void test_real_table(void **state)
{
	int n = 0;

	(void)state;
	for (const struct bl_cmd *c = bl_commands; c->name; c++, n++) {
		if (c->cmds)
			for (const struct bl_cmd *s = c->cmds; s->name; s++)
				check_entry(s);
		else
			check_entry(c);
	}
	assert_true(n >= 15);
	for (const struct bl_opt *g = bl_global_opts; g->name; g++)
		assert_true(g->help && strlen(g->help) <= 47);
}

static void test_real_table_parse(void **state)
{
	char *run[] = { "run", "--profile", "x", "-j", "--", "sh", "-v", NULL };
	char *check[] = { "prof", "-p", "ch", "-j", "f.ini", "--pin-dir", "/p", NULL };
	char *runcmd[] = { "run", "--profile-file", "f", "ls", "-v", NULL };
	struct bl_cmdline cl;

	(void)state;
	assert_int_equal(bl_cli_parse(bl_commands, 7, run, &bl_opts, &cl), 0);
	assert_int_equal(cl.argc, 6);
	assert_null(cl.argv[6]); /* run execs CMD's words up to a NULL: none left over */
	assert_string_equal(cl.object->name, "run");
	assert_string_equal(cl.argv[3], "--");
	assert_string_equal(cl.argv[5], "-v");
	assert_true(bl_opts.json);
	assert_false(bl_opts.verbose);
	reset(NULL);
	assert_int_equal(bl_cli_parse(bl_commands, 7, check, &bl_opts, &cl), 0);
	assert_int_equal(cl.argc, 3);
	assert_null(cl.argv[3]);
	assert_string_equal(cl.object->name, "profile");
	assert_string_equal(cl.argv[2], "f.ini");
	assert_true(bl_opts.pretty);
	assert_string_equal(bl_opts.pin_dir, "/p");
	reset(NULL);
	assert_int_equal(bl_cli_parse(bl_commands, 5, runcmd, &bl_opts, &cl), 0);
	assert_int_equal(cl.argc, 5);
	assert_false(bl_opts.verbose);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_exact_name, reset),
		cmocka_unit_test_setup(test_unique_prefix, reset),
		cmocka_unit_test_setup(test_ambiguous, reset),
		cmocka_unit_test_setup(test_unknown, reset),
		cmocka_unit_test_setup(test_missing, reset),
		cmocka_unit_test_setup(test_help, reset),
		cmocka_unit_test_setup(test_globals_before, reset),
		cmocka_unit_test_setup(test_globals_after, reset),
		cmocka_unit_test_setup(test_globals_among_args, reset),
		cmocka_unit_test_setup(test_option_argument_is_not_global, reset),
		cmocka_unit_test_setup(test_dashdash_stops, reset),
		cmocka_unit_test_setup(test_pin_dir, reset),
		cmocka_unit_test_setup(test_bad_options, reset),
		cmocka_unit_test_setup(test_every_global_acts, reset),
		cmocka_unit_test_setup(test_compat_dispatch, reset),
		cmocka_unit_test_setup(test_real_table, reset),
		cmocka_unit_test_setup(test_real_table_parse, reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
