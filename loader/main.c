// SPDX-License-Identifier: GPL-2.0
/*
 * boxlock: prevents container escapes with BPF LSM programs.
 * Usage: boxlock [-j] [-p] [-v] [--pin-dir DIR] OBJECT COMMAND ...   (see boxlock(8))
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <bpf/libbpf.h>
#include "cli.h"

int bl_exit_status = -1;

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG && !bl_opts.verbose)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: boxlock [OPTIONS] OBJECT COMMAND [ARGS]\n"
		"  load                         load, attach and pin the LSM programs\n"
		"  unload                       detach everything and drop all policy\n"
		"  status                       kernel support, programs, profiles, counters\n"
		"  profile check|show FILE...   validate or print compiled profiles\n"
		"  profile load FILE...         compile and put profiles in force (all or nothing)\n"
		"  profile unload NAME | list   \n"
		"  profile seccomp FILE OUT     the profile's [syscalls] as an OCI seccomp profile\n"
		"  bind --cgroup PATH --profile NAME\n"
		"  unbind --cgroup PATH\n"
		"  mode audit|enforce [--profile NAME]\n"
		"  events [--follow] [--log FILE]\n"
		"  daemon [--profiles DIR] [--log FILE] [--docker-socket PATH]\n"
		"         [--container-parent CGROUP_DIR]... [--no-docker] [--syslog]\n"
		"  container list               containers the daemon bound, by image\n"
		"  hook [--profiles DIR]        OCI createRuntime hook (state on stdin)\n"
		"  run --profile NAME|--profile-file FILE [--cgroup-parent DIR] [--keep-cgroup]\n"
		"      -- CMD...                run CMD in a new cgroup under the profile and its\n"
		"                               [syscalls] seccomp filter; exits with CMD's status\n"
		"  doctor [--before-load]       what this host lacks to enforce, and the fixes\n"
		"Options: -j JSON output, -p pretty JSON, -v libbpf debug output,\n"
		"         --pin-dir DIR (default " BL_DEFAULT_PIN_DIR ")\n");
}

static int cmd_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	usage(stdout);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "json", no_argument, NULL, 'j' },    { "pretty", no_argument, NULL, 'p' },
		{ "verbose", no_argument, NULL, 'v' }, { "pin-dir", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },    {},
	};
	static const struct bl_cmd cmds[] = {
		{ "load", bl_cmd_load },
		{ "unload", bl_cmd_unload },
		{ "status", bl_cmd_status },
		{ "profile", bl_cmd_profile },
		{ "bind", bl_cmd_bind },
		{ "unbind", bl_cmd_unbind },
		{ "mode", bl_cmd_mode },
		{ "events", bl_cmd_events },
		{ "help", cmd_help },
		{ "run", bl_cmd_run },
		{ "doctor", bl_cmd_doctor },
		{ "daemon", bl_cmd_daemon },
		{ "container", bl_cmd_container },
		{ "hook", bl_cmd_hook },
		{},
	};
	int c;

	/* '+': options stop at the first non-option, so commands parse their own. */
	while ((c = getopt_long(argc, argv, "+jpvh", lopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			bl_opts.json = true;
			break;
		case 'p':
			bl_opts.json = bl_opts.pretty = true;
			break;
		case 'v':
			bl_opts.verbose = true;
			break;
		case 'd':
			bl_opts.pin_dir = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return 2;
	}
	libbpf_set_print(libbpf_print);
	c = bl_dispatch("boxlock", cmds, argc - optind, argv + optind);
	if (bl_exit_status >= 0)
		return bl_exit_status;
	return c ? 1 : 0;
}
