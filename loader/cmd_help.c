// SPDX-License-Identifier: GPL-2.0
/* boxlock help [OBJECT], version and __commands: what the command table says, for people
 * (text), for programs (-j) and for the docs check (scripts/check-cli-docs.sh). */
#include <errno.h>
#include <string.h>
#include "boxlock.h"
#include "cli.h"

/* The Makefile's BOXLOCK_VERSION, the one place the version is written. */
#ifndef BOXLOCK_VERSION
#error "BOXLOCK_VERSION is set by the Makefile (-DBOXLOCK_VERSION=...)"
#endif

#define HELP_COLUMN 32 /* where the one-line descriptions start */
#define TEXT_WIDTH 79 /* a help line is at most TEXT_WIDTH - HELP_COLUMN (test_cli.c) */

/* Prints @words (space-separated), each after a space, from column @col; wraps before
 * TEXT_WIDTH to column @indent. Returns the column it ends at. */
static int print_wrapped(FILE *out, const char *words, int col, int indent)
{
	while (*words) {
		size_t len = strcspn(words, " ");

		if (col > indent && col + 1 + (int)len > TEXT_WIDTH)
			col = fprintf(out, "\n%*s", indent, "") - 1;
		else
			col += fprintf(out, " ");
		col += fprintf(out, "%.*s", (int)len, words);
		words += len;
		words += strspn(words, " ");
	}
	return col;
}

/* "  profile check FILE...         validate profiles; ..." */
static void print_entry(FILE *out, const char *object, const struct bl_cmd *c)
{
	int col = fprintf(out, "  %s%s%s", object ? object : "", object ? " " : "", c->name);

	if (c->synopsis)
		col = print_wrapped(out, c->synopsis, col, col + 1);
	if (col >= HELP_COLUMN - 1) {
		fputc('\n', out);
		col = 0;
	}
	fprintf(out, "%*s%s\n", HELP_COLUMN - col, "", c->help);
}

static void print_entries(FILE *out, const char *object, const struct bl_cmd *cmds)
{
	for (const struct bl_cmd *c = cmds; c->name; c++) {
		if (c->flags & BL_CMD_HIDDEN)
			continue;
		if (c->cmds)
			print_entries(out, c->name, c->cmds);
		else
			print_entry(out, object, c);
	}
}

static void print_globals(FILE *out)
{
	fprintf(out, "Options, anywhere before `--` (long ones may be abbreviated):\n");
	for (const struct bl_opt *o = bl_global_opts; o->name; o++) {
		int col = 0;

		if (o->short_name)
			col = fprintf(out, "  -%c, --%s", o->short_name, o->name);
		else
			col = fprintf(out, "  --%s %s", o->name, o->arg);
		fprintf(out, "%*s%s\n", HELP_COLUMN - col, "", o->help);
	}
}

void bl_usage(FILE *out, const struct bl_cmd *table, const struct bl_cmd *object)
{
	if (!object) {
		fprintf(out, "Usage: boxlock [OPTIONS] OBJECT [COMMAND] [ARGS]\n"
			     "       boxlock OBJECT help\n\n");
		print_entries(out, NULL, table);
	} else if (object->cmds) {
		fprintf(out, "Usage: boxlock [OPTIONS] %s COMMAND [ARGS]\n\n", object->name);
		print_entries(out, object->name, object->cmds);
	} else {
		int col = fprintf(out, "Usage: boxlock [OPTIONS] %s", object->name);

		if (object->synopsis)
			print_wrapped(out, object->synopsis, col, col + 1);
		fprintf(out, "\n\n  %s\n", object->help);
	}
	fputc('\n', out);
	print_globals(out);
}

/* One array entry per command: "command" (its full name), "synopsis", "help", "options". */
static void json_entries(json_t *arr, const char *object, const struct bl_cmd *cmds)
{
	for (const struct bl_cmd *c = cmds; c->name; c++) {
		char name[128], synopsis[512];
		json_t *opts;

		if (c->flags & BL_CMD_HIDDEN)
			continue;
		if (c->cmds) {
			json_entries(arr, c->name, c->cmds);
			continue;
		}
		snprintf(name, sizeof(name), "%s%s%s", object ? object : "", object ? " " : "",
			 c->name);
		snprintf(synopsis, sizeof(synopsis), "%s%s%s", name, c->synopsis ? " " : "",
			 c->synopsis ? c->synopsis : "");
		opts = json_array();
		for (const struct bl_opt *o = c->opts; o && o->name; o++) {
			char buf[64];

			snprintf(buf, sizeof(buf), "--%s", o->name);
			json_array_append_new(opts, json_string(buf));
			if (o->short_name) {
				snprintf(buf, sizeof(buf), "-%c", o->short_name);
				json_array_append_new(opts, json_string(buf));
			}
		}
		json_array_append_new(arr,
				      json_pack("{s:s,s:s,s:s,s:o}", "command", name, "synopsis",
						synopsis, "help", c->help, "options", opts));
	}
}

static json_t *json_globals(void)
{
	json_t *arr = json_array();

	for (const struct bl_opt *o = bl_global_opts; o->name; o++) {
		char lng[64], shrt[3] = { '-', o->short_name, 0 };

		snprintf(lng, sizeof(lng), "--%s", o->name);
		json_array_append_new(arr, json_pack("{s:s,s:s?,s:s?,s:s}", "name", lng, "short",
						     o->short_name ? shrt : NULL, "argument",
						     o->arg, "help", o->help));
	}
	return arr;
}

int bl_help(const struct bl_cmd *table, const struct bl_cmd *object)
{
	json_t *cmds;

	if (!bl_opts.json) {
		bl_usage(stdout, table, object);
		return 0;
	}
	cmds = json_array();
	if (!object) {
		json_entries(cmds, NULL, table);
	} else if (object->cmds) {
		json_entries(cmds, object->name, object->cmds);
	} else {
		const struct bl_cmd one[] = { *object, {} };

		json_entries(cmds, NULL, one);
	}
	bl_json_print(json_pack("{s:o,s:o}", "commands", cmds, "options", json_globals()));
	return 0;
}

int bl_cmd_help(int argc, char **argv)
{
	const struct bl_cmd *object;
	bool ambiguous;

	if (argc == 0)
		return bl_help(bl_commands, NULL);
	object = argc == 1 ? bl_cmd_find(bl_commands, argv[0], &ambiguous) : NULL;
	if (!object) {
		if (argc == 1)
			bl_err("help: %s object '%s'", ambiguous ? "ambiguous" : "unknown",
			       argv[0]);
		else
			bl_err("usage: boxlock help [OBJECT]");
		bl_usage(stderr, bl_commands, NULL);
		bl_exit_status = 2;
		return -EINVAL;
	}
	return bl_help(bl_commands, object);
}

int bl_cmd_version(int argc, char **argv)
{
	(void)argv;
	if (argc) {
		bl_err("usage: boxlock version");
		return -EINVAL;
	}
	if (bl_opts.json)
		bl_json_print(
			json_pack("{s:s,s:i}", "version", BOXLOCK_VERSION, "abi", BL_ABI_VERSION));
	else
		printf("boxlock %s (ABI %d)\n", BOXLOCK_VERSION, BL_ABI_VERSION);
	return 0;
}

/* "cmd<TAB>NAME<TAB>SYNOPSIS", "opt<TAB>NAME<TAB>-x|--long", "global<TAB>-x|--long". */
static void list_entries(const char *object, const struct bl_cmd *cmds)
{
	for (const struct bl_cmd *c = cmds; c->name; c++) {
		char name[128];

		if (c->flags & BL_CMD_HIDDEN)
			continue;
		if (c->cmds) {
			list_entries(c->name, c->cmds);
			continue;
		}
		snprintf(name, sizeof(name), "%s%s%s", object ? object : "", object ? " " : "",
			 c->name);
		printf("cmd\t%s\t%s%s%s\n", name, name, c->synopsis ? " " : "",
		       c->synopsis ? c->synopsis : "");
		for (const struct bl_opt *o = c->opts; o && o->name; o++) {
			printf("opt\t%s\t--%s\n", name, o->name);
			if (o->short_name)
				printf("opt\t%s\t-%c\n", name, o->short_name);
		}
	}
}

int bl_cmd_commands(int argc, char **argv)
{
	(void)argv;
	if (argc) {
		bl_err("usage: boxlock __commands");
		return -EINVAL;
	}
	list_entries(NULL, bl_commands);
	for (const struct bl_opt *o = bl_global_opts; o->name; o++) {
		printf("global\t--%s\n", o->name);
		if (o->short_name)
			printf("global\t-%c\n", o->short_name);
	}
	return 0;
}
