// SPDX-License-Identifier: GPL-2.0
/*
 * boxlock doctor [--before-load]: what this host lacks for boxlock to enforce, each with the exact
 * fix. Exits 0 when everything enforcement needs is in place, 1 otherwise. Checks that only inform
 * (container runtimes' sockets) never fail, nor do the warnings about containers that could run,
 * or run, unbound: enforcement itself is in place. --before-load is the check boxlock.service
 * runs before its daemon, which is what loads boxlock: nothing pinned yet is then information,
 * not a failure (pins that are there but incomplete still fail).
 *
 * This file: the options, the order of the checks and the printing. The checks are host.c,
 * lsm.c, runtimes.c, parents.c and unbound.c.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "doctor/doctor.h"
#include "pins.h"

static const char *const verdict_names[] = { "ok", "FAIL", "warn", "info" };

/* The width of the name column: the longest check's name, unbound-containers. */
#define NAME_WIDTH 18

json_t *doctor_report(struct doctor *d, const char *name, enum verdict v, const char *fix,
		      const char *fmt, ...)
{
	char detail[1024];
	json_t *check;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	if (v == V_FAIL)
		d->failed++;
	check = json_pack("{s:s,s:s,s:s,s:s?}", "name", name, "status", verdict_names[v], "detail",
			  detail, "fix", fix);
	json_array_append_new(d->checks, check);
	return check;
}

/*
 * The pinned maps, for the checks that read the bindings. bl_maps_open() reports its errors with
 * bl_err(), which in JSON mode prints a document of its own on stdout: here the error goes to
 * stderr as text, and into the checks' details, so that stdout stays doctor's one document.
 */
static void open_maps(struct doctor *d)
{
	bool json = bl_opts.json;

	memset(&d->maps, 0xff, sizeof(d->maps)); /* every fd -1 */
	if (!bl_is_loaded()) {
		d->maps_err = -ENOENT;
		snprintf(d->maps_msg, sizeof(d->maps_msg),
			 "boxlock is not loaded (no pins under %s)", bl_opts.pin_dir);
		return;
	}
	bl_opts.json = false;
	d->maps_err = bl_maps_open(&d->maps);
	bl_opts.json = json;
	if (d->maps_err)
		snprintf(d->maps_msg, sizeof(d->maps_msg), "%s", bl_last_error);
}

static void print_plain(const struct doctor *d)
{
	for (size_t i = 0; i < json_array_size(d->checks); i++) {
		json_t *c = json_array_get(d->checks, i);
		const char *fix = json_string_value(json_object_get(c, "fix"));

		printf("%-5s %-*s %s\n", json_string_value(json_object_get(c, "status")),
		       NAME_WIDTH, json_string_value(json_object_get(c, "name")),
		       json_string_value(json_object_get(c, "detail")));
		if (!fix)
			continue;
		/* The fix, indented under its check, one line at a time. */
		printf("%-*s fix: ", 6 + NAME_WIDTH, "");
		for (const char *p = fix; *p; p++) {
			putchar(*p);
			if (*p == '\n')
				printf("%-*s      ", 6 + NAME_WIDTH, "");
		}
		putchar('\n');
	}
	if (d->failed)
		printf("%d problem%s: boxlock cannot enforce on this host until %s fixed\n",
		       d->failed, d->failed == 1 ? "" : "s", d->failed == 1 ? "it is" : "they are");
	else
		printf("everything boxlock needs to enforce is in place\n");
}

int bl_cmd_doctor(int argc, char **argv)
{
	struct doctor d = { .checks = json_array() };
	bool before_load = false;
	json_t *root;
	bool sfs;

	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--before-load")) {
			before_load = true;
		} else {
			json_decref(d.checks);
			bl_err("usage: boxlock doctor [--before-load]");
			return -EINVAL;
		}
	}
	root = json_object();
	doctor_check_kernel(&d);
	doctor_check_btf(&d);
	doctor_check_config(&d);
	sfs = doctor_check_securityfs(&d);
	doctor_check_lsm(&d, sfs);
	doctor_check_bpffs(&d);
	doctor_check_cgroup2(&d);
	doctor_check_privileges(&d);
	doctor_check_loaded(&d, root, before_load);
	doctor_check_sockets(&d);
	doctor_check_shims(&d);
	/* The last two read the bindings, and runtime-parent the shim checks' answers (d.rt). */
	open_maps(&d);
	doctor_check_parents(&d);
	doctor_check_unbound(&d);
	bl_maps_close(&d.maps);
	json_decref(d.rt.docker_info);
	if (bl_opts.json) {
		json_object_set(root, "checks", d.checks);
		json_object_set_new(root, "ok", json_boolean(!d.failed));
		json_object_set_new(root, "failed", json_integer(d.failed));
		bl_json_print(root);
	} else {
		print_plain(&d);
		json_decref(root);
	}
	json_decref(d.checks);
	return d.failed ? -EOPNOTSUPP : 0;
}
