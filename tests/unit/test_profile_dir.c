// SPDX-License-Identifier: GPL-2.0
/*
 * A profile directory laid out as the kubelet lays out a ConfigMap volume (the daemon's reload,
 * loader/daemon/reload.c, and boxlock-runc read it): `..<time>/` holds the files, `..data` links
 * to it, the visible NAME.ini link through `..data`. The loader must read each profile once,
 * through the links, and none of the dot names; a broken profile's error must name the visible
 * file and its line, in the diagnostics handed back.
 */
#include <limits.h>
#include "unit.h"
#include "profile_compile.h"

#define VERSION "..2026_12_02_00_00_00.1"

static char dir[] = "/tmp/bl-unit-cm.XXXXXX";

/* @name's text in the version directory, and its visible link through ..data. */
static void put(const char *name, const char *text)
{
	char path[PATH_MAX], link[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/" VERSION "/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	snprintf(link, sizeof(link), "..data/%s", name);
	unlink(path);
	assert_int_equal(symlink(link, path), 0);
}

static int setup(void **state)
{
	char path[PATH_MAX];

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/" VERSION, dir);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/..data", dir);
	assert_int_equal(symlink(VERSION, path), 0);
	put("default.ini",
	    "[profile]\nmode = enforce\n[files]\ndeny-write = /proc/sysrq-trigger\n");
	put("web.ini", "[profile]\nextends = default\n");
	return 0;
}

static int teardown(void **state)
{
	char cmd[PATH_MAX + 16];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

static void test_links_read_dot_names_skipped(void **state)
{
	struct bl_policy_set set = {};
	struct bl_diag diag = {};

	(void)state;
	assert_int_equal(bl_profile_dir_load_diag(dir, &set, &diag), 0);
	assert_int_equal(diag.n, 0);
	/* Each once: not again from ..data/ or the version directory. */
	assert_int_equal(set.n, 2);
	assert_non_null(bl_policy_set_find(&set, "default"));
	assert_non_null(bl_policy_set_find(&set, "web"));
	bl_policy_set_free(&set);
}

static void test_broken_names_file_and_line(void **state)
{
	struct bl_policy_set set = {};
	struct bl_diag diag = {};
	char want[PATH_MAX];

	(void)state;
	put("web.ini", "[profile]\nextends = default\n[files]\nno-such-key = /x\n");
	assert_true(bl_profile_dir_load_diag(dir, &set, &diag) < 0);
	assert_int_equal(set.n, 0); /* all or nothing */
	assert_true(diag.n >= 1);
	snprintf(want, sizeof(want), "%s/web.ini:4:", dir);
	assert_non_null(strstr(diag.msgs[0], want));
	bl_diag_free(&diag);
	put("web.ini", "[profile]\nextends = default\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_links_read_dot_names_skipped),
		cmocka_unit_test(test_broken_names_file_and_line),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
