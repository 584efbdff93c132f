// SPDX-License-Identifier: GPL-2.0
/*
 * Every object and command of boxlock, with its synopsis, one line of help and its options: the
 * one table that dispatch, `boxlock help`, the usage on error and the docs check
 * (scripts/check-cli-docs.sh, from `boxlock __commands`) all read. A synopsis is written as
 * boxlock(8) writes it, and names every option the entry lists (tests/unit/test_cli.c checks).
 */
#include <stddef.h>
#include "cli.h"

const struct bl_opt bl_global_opts[] = {
	{ "json", 'j', NULL, "print JSON; errors as {\"error\": ...} on stdout" },
	{ "pretty", 'p', NULL, "print indented JSON; implies -j" },
	{ "verbose", 'v', NULL, "show libbpf's debug output" },
	{ "pin-dir", 0, "DIR", "pin under DIR (default " BL_DEFAULT_PIN_DIR ")" },
	{ "help", 'h', NULL, "print the commands (of the object named)" },
	{ "version", 'V', NULL, "print the version and the ABI version" },
	{},
};

static const struct bl_opt generate_opts[] = {
	{ .name = "name", .arg = "NEW" },
	{ .name = "images", .arg = "P[,P...]" },
	{ .name = "output", .short_name = 'o', .arg = "FILE" },
	{},
};

static const struct bl_cmd profile_cmds[] = {
	{ .name = "check",
	  .fn = bl_cmd_profile_check,
	  .synopsis = "FILE...",
	  .help = "validate profiles (FILE:LINE: for each error)" },
	{ .name = "show",
	  .fn = bl_cmd_profile_show,
	  .synopsis = "FILE...",
	  .help = "print the compiled profiles and their rules" },
	{ .name = "load",
	  .fn = bl_cmd_profile_load,
	  .synopsis = "FILE...",
	  .help = "put profiles in force, all or nothing" },
	{ .name = "unload",
	  .fn = bl_cmd_profile_unload,
	  .synopsis = "NAME",
	  .help = "remove a loaded profile no cgroup is bound to" },
	{ .name = "list", .fn = bl_cmd_profile_list, .help = "the loaded profiles and their modes" },
	{ .name = "seccomp",
	  .fn = bl_cmd_profile_seccomp,
	  .synopsis = "FILE OUT",
	  .help = "write [syscalls] as an OCI seccomp profile" },
	{ .name = "generate",
	  .fn = bl_cmd_profile_generate,
	  .synopsis = "NAME [--name NEW] [--images P[,P...]] [-o | --output FILE]",
	  .help = "a profile from what NAME learned (-j: the data)",
	  .opts = generate_opts },
	{ .name = "forget",
	  .fn = bl_cmd_profile_forget,
	  .synopsis = "NAME",
	  .help = "delete what profile NAME learned" },
	{},
};

static const struct bl_opt container_learn_opts[] = {
	{ .name = "stop" },
	{ .name = "duration", .arg = "D" },
	{ .name = "output", .short_name = 'o', .arg = "FILE" },
	{ .name = "profiles", .arg = "DIR" },
	{},
};

static const struct bl_cmd container_cmds[] = {
	{ .name = "list",
	  .fn = bl_cmd_container_list,
	  .help = "containers the daemon bound, with profiles" },
	{ .name = "learn",
	  .fn = bl_cmd_container_learn,
	  .synopsis = "[--stop] ID|NAME [--duration D] [-o|--output FILE] [--profiles DIR]",
	  .help = "learn a container's profile; --stop writes it",
	  .opts = container_learn_opts },
	{ .name = "release",
	  .fn = bl_cmd_container_release,
	  .synopsis = "ID|NAME|CGROUP",
	  .help = "thaw a container that a response froze" },
	{},
};

static const struct bl_opt bind_opts[] = {
	{ .name = "cgroup", .arg = "PATH" },
	{ .name = "profile", .arg = "NAME" },
	{ .name = "arm-at-exec" },
	{},
};

static const struct bl_opt doctor_opts[] = {
	{ .name = "before-load" },
	{},
};

static const struct bl_opt unbind_opts[] = {
	{ .name = "cgroup", .arg = "PATH" },
	{},
};

static const struct bl_opt mode_opts[] = {
	{ .name = "profile", .arg = "NAME" },
	{},
};

static const struct bl_opt events_opts[] = {
	{ .name = "follow", .short_name = 'f' },
	{ .name = "log", .arg = "FILE" },
	{},
};

static const struct bl_opt run_opts[] = {
	{ .name = "profile", .arg = "NAME" },
	{ .name = "profile-file", .arg = "FILE" },
	{ .name = "cgroup-parent", .arg = "DIR" },
	{ .name = "keep-cgroup" },
	{},
};

static const struct bl_opt daemon_opts[] = {
	{ .name = "profiles", .arg = "DIR" },
	{ .name = "log", .arg = "FILE" },
	{ .name = "docker-socket", .arg = "PATH" },
	{ .name = "container-parent", .arg = "DIR" },
	{ .name = "no-docker" },
	{ .name = "syslog" },
	{ .name = "syslog-to", .arg = "TO" },
	{ .name = "publish", .arg = "URL" },
	{ .name = "publish-buffer", .arg = "N" },
	{ .name = "metrics", .arg = "ADDR" },
	{},
};

static const struct bl_opt hook_opts[] = {
	{ .name = "profiles", .arg = "DIR" },
	{},
};

const struct bl_cmd bl_commands[] = {
	{ .name = "load", .fn = bl_cmd_load, .help = "load, attach and pin the LSM programs" },
	{ .name = "unload", .fn = bl_cmd_unload, .help = "detach every program, drop all policy" },
	{ .name = "status",
	  .fn = bl_cmd_status,
	  .help = "kernel support, links, profiles, counters" },
	{ .name = "doctor",
	  .fn = bl_cmd_doctor,
	  .synopsis = "[--before-load]",
	  .help = "what this host lacks to enforce, and the fixes",
	  .opts = doctor_opts },
	{ .name = "profile", .cmds = profile_cmds, .help = "profiles: check, compile, load" },
	{ .name = "bind",
	  .fn = bl_cmd_bind,
	  .synopsis = "--cgroup PATH --profile NAME [--arm-at-exec]",
	  .help = "bind a cgroup and those below it to a profile",
	  .opts = bind_opts },
	{ .name = "unbind",
	  .fn = bl_cmd_unbind,
	  .synopsis = "--cgroup PATH",
	  .help = "remove a cgroup's binding",
	  .opts = unbind_opts },
	{ .name = "mode",
	  .fn = bl_cmd_mode,
	  .synopsis = "{audit | enforce | learn} [--profile NAME]",
	  .help = "switch every profile, or one, live",
	  .opts = mode_opts },
	{ .name = "events",
	  .fn = bl_cmd_events,
	  .synopsis = "[-f | --follow] [--log FILE]",
	  .help = "what was denied (enforce) or audited",
	  .opts = events_opts },
	{ .name = "run",
	  .fn = bl_cmd_run,
	  .synopsis =
		  "{--profile NAME | --profile-file FILE} [--cgroup-parent DIR] [--keep-cgroup] "
		  "-- CMD [ARG...]",
	  .help = "run CMD in a new cgroup under a profile",
	  .opts = run_opts,
	  .flags = BL_CMD_CMDLINE },
	{ .name = "daemon",
	  .fn = bl_cmd_daemon,
	  .synopsis = "[--profiles DIR] [--log FILE] [--docker-socket PATH] "
		      "[--container-parent DIR]... [--no-docker] [--syslog] [--syslog-to TO] "
		      "[--publish URL] [--publish-buffer N] [--metrics ADDR]",
	  .help = "bind containers by image as they start",
	  .opts = daemon_opts },
	{ .name = "container", .cmds = container_cmds, .help = "containers the daemon bound" },
	{ .name = "hook",
	  .fn = bl_cmd_hook,
	  .synopsis = "[--profiles DIR] < state.json",
	  .help = "OCI createRuntime hook (state on stdin)",
	  .opts = hook_opts },
	{ .name = "help",
	  .fn = bl_cmd_help,
	  .synopsis = "[OBJECT]",
	  .help = "print this summary, or one object's commands" },
	{ .name = "version", .fn = bl_cmd_version, .help = "print the version and the ABI version" },
	{ .name = "__commands",
	  .fn = bl_cmd_commands,
	  .help = "commands and options, for check-cli-docs.sh",
	  .flags = BL_CMD_HIDDEN },
	{},
};
