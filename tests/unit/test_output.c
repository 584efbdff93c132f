// SPDX-License-Identifier: GPL-2.0
/* `profile show` (plain and JSON) and the seccomp export, read back with jansson. */
#include <jansson.h>
#include "unit.h"

static const char *profile = "[profile]\n"
			     "description = a test\n"
			     "images = app:* docker.io/x/app:1.*\n"
			     "mode = enforce\n"
			     "extends = base\n"
			     "[files]\n"
			     "deny-write = /proc/sys/\n" /* 7 */
			     "[exec]\n"
			     "allow = /usr/bin/\n" /* 9 */
			     "[network]\n"
			     "deny = tcp any port 2375-2376\n" /* 11 */
			     "allow = tcp 10.0.0.0/8 port 2375\n"
			     "[mount]\n"
			     "allow-fstypes = tmpfs\n"
			     "[capabilities]\n"
			     "deny = sys_admin\n"
			     "[syscalls]\n"
			     "deny = open_by_handle_at kexec_load\n"
			     "[kernel]\n"
			     "bpf = deny\n";

/* What @p prints, in a malloc'd string. */
static char *printed(const struct bl_policy *p, bool json, bool pretty, bool seccomp)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	if (seccomp)
		assert_int_equal(bl_policy_write_seccomp(p, f), 0);
	else
		assert_int_equal(bl_policy_print(p, f, json, pretty), 0);
	fclose(f);
	return buf;
}

static json_t *load_json(const char *text)
{
	json_error_t e;
	json_t *j = json_loads(text, 0, &e);

	if (!j)
		fail_msg("not JSON: %s at %d: %s", e.text, e.position, text);
	return j;
}

static void test_json(void **state)
{
	struct bl_policy *p = unit_compile_as(profile, "t.ini");
	json_t *j, *a, *o;
	char *text;
	size_t i;

	(void)state;
	text = printed(p, true, false, false);
	/* Compact: one line. */
	assert_non_null(strchr(text, '\n'));
	assert_int_equal(strchr(text, '\n') - text, (long)strlen(text) - 1);
	j = load_json(text);
	free(text);
	assert_string_equal(json_string_value(json_object_get(j, "name")), "t");
	assert_string_equal(json_string_value(json_object_get(j, "mode")), "enforce");
	assert_string_equal(json_string_value(json_object_get(j, "extends")), "base");
	assert_string_equal(json_string_value(json_object_get(j, "description")), "a test");
	assert_int_equal(json_array_size(json_object_get(j, "images")), 2);

	a = json_object_get(j, "flags");
	assert_int_equal(json_array_size(a), 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(a, 0), "flag")),
			    "exec-allowlist");
	assert_string_equal(json_string_value(json_object_get(json_array_get(a, 0), "rule")),
			    "exec: not in the allow list (t.ini:9)");

	a = json_object_get(j, "capabilities_denied");
	assert_int_equal(json_array_size(a), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(a, 0), "capability")),
			    "CAP_SYS_ADMIN");

	a = json_object_get(j, "paths");
	assert_int_equal(json_array_size(a), p->n_paths);
	json_array_foreach(a, i, o) {
		if (strcmp(json_string_value(json_object_get(o, "path")), "/proc/sys/"))
			continue;
		assert_string_equal(json_string_value(json_object_get(o, "match")), "prefix");
		assert_string_equal(
			json_string_value(json_object_get(json_object_get(o, "write"), "action")),
			"deny");
		assert_string_equal(
			json_string_value(json_object_get(json_object_get(o, "write"), "rule")),
			"files: deny-write /proc/sys/ (t.ini:7)");
		assert_string_equal(
			json_string_value(json_object_get(json_object_get(o, "exec"), "action")),
			"deny");
		assert_string_equal(
			json_string_value(json_object_get(json_object_get(o, "read"), "action")),
			"none");
	}

	a = json_object_get(j, "network");
	assert_int_equal(json_array_size(a), 3);
	json_array_foreach(a, i, o) {
		json_t *ports = json_object_get(o, "ports");

		if (strcmp(json_string_value(json_object_get(o, "cidr")), "10.0.0.0/8"))
			continue;
		assert_string_equal(json_string_value(json_object_get(o, "proto")), "tcp");
		assert_int_equal(json_array_size(ports), 2);
		assert_int_equal(
			json_integer_value(json_object_get(json_array_get(ports, 0), "lo")), 2375);
		assert_string_equal(
			json_string_value(json_object_get(json_array_get(ports, 1), "action")),
			"deny");
	}
	assert_int_equal(json_array_size(json_object_get(j, "fstypes_allowed")), 1);
	a = json_object_get(j, "syscalls_denied");
	assert_int_equal(json_array_size(a), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(a, 0), "name")),
			    "kexec_load");
	assert_int_equal(json_array_size(json_object_get(j, "rules")), p->n_rules);
	json_decref(j);

	/* Pretty: the same document over several lines. */
	text = printed(p, true, true, false);
	assert_true(strchr(text, '\n') - text < (long)strlen(text) - 1);
	json_decref(load_json(text));
	free(text);
	bl_policy_free(p);
}

static void test_plain(void **state)
{
	struct bl_policy *p = unit_compile_as(profile, "t.ini");
	char *text;

	(void)state;
	text = printed(p, false, false, false);
	assert_non_null(strstr(text, "profile t (t.ini)\n"));
	assert_non_null(strstr(text, "\tmode: enforce\n"));
	assert_non_null(strstr(text, "deny-bpf"));
	assert_non_null(strstr(text, "CAP_SYS_ADMIN"));
	assert_non_null(strstr(text, "\t\t/proc/sys/ (prefix)\n"));
	assert_non_null(strstr(text, "files: deny-write /proc/sys/ (t.ini:7)"));
	assert_non_null(strstr(text, "\t\ttcp 10.0.0.0/8\n"));
	assert_non_null(strstr(text, "ports  2375-2375  allow"));
	assert_non_null(strstr(text, "syscalls denied: kexec_load open_by_handle_at\n"));
	free(text);
	bl_policy_free(p);

	/* An empty profile prints too. */
	p = unit_compile_as("", "e.ini");
	text = printed(p, false, false, false);
	assert_non_null(strstr(text, "mode: audit (not set here)"));
	assert_non_null(strstr(text, "syscalls denied: none"));
	free(text);
	bl_policy_free(p);
}

static void test_seccomp(void **state)
{
	struct bl_policy *p = unit_compile_as(profile, "t.ini");
	json_t *j, *s, *arch;
	char *text;

	(void)state;
	text = printed(p, false, false, true);
	j = load_json(text);
	free(text);
	assert_string_equal(json_string_value(json_object_get(j, "defaultAction")),
			    "SCMP_ACT_ALLOW");
	arch = json_array_get(json_object_get(j, "archMap"), 0);
	assert_string_equal(json_string_value(json_object_get(arch, "architecture")),
			    "SCMP_ARCH_X86_64");
	assert_string_equal(
		json_string_value(json_array_get(json_object_get(arch, "subArchitectures"), 0)),
		"SCMP_ARCH_X86");
	assert_string_equal(
		json_string_value(json_array_get(json_object_get(arch, "subArchitectures"), 1)),
		"SCMP_ARCH_X32");
	assert_int_equal(json_array_size(json_object_get(j, "syscalls")), 1);
	s = json_array_get(json_object_get(j, "syscalls"), 0);
	assert_string_equal(json_string_value(json_object_get(s, "action")), "SCMP_ACT_ERRNO");
	assert_int_equal(json_integer_value(json_object_get(s, "errnoRet")), EPERM);
	/* Names sorted. */
	assert_string_equal(json_string_value(json_array_get(json_object_get(s, "names"), 0)),
			    "kexec_load");
	assert_string_equal(json_string_value(json_array_get(json_object_get(s, "names"), 1)),
			    "open_by_handle_at");
	json_decref(j);
	bl_policy_free(p);

	/* No [syscalls]: a valid profile that allows everything. */
	p = unit_compile_as("", "e.ini");
	text = printed(p, false, false, true);
	j = load_json(text);
	s = json_array_get(json_object_get(j, "syscalls"), 0);
	assert_int_equal(json_array_size(json_object_get(s, "names")), 0);
	json_decref(j);
	free(text);
	bl_policy_free(p);
}

/* File names come from the command line and need not be UTF-8; JSON output must stay valid. */
static void test_json_file_name_not_utf8(void **state)
{
	struct bl_policy *p =
		unit_compile_as("[profile]\nname = x\n[files]\ndeny = /a\n", "\xff\xfe.txt");
	json_t *j;
	char *text;

	(void)state;
	text = printed(p, true, false, false);
	j = load_json(text);
	assert_string_equal(json_string_value(json_object_get(j, "file")), "??.txt");
	json_decref(j);
	free(text);
	bl_policy_free(p);
}

static void test_write_error(void **state)
{
	struct bl_policy *p = unit_compile_as(profile, "t.ini");
	FILE *f = fopen("/dev/full", "w");

	(void)state;
	if (!f)
		skip();
	setvbuf(f, NULL, _IONBF, 0);
	assert_int_equal(bl_policy_print(p, f, true, true), -EIO);
	assert_int_equal(bl_policy_write_seccomp(p, f), -EIO);
	fclose(f);
	bl_policy_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json),	    cmocka_unit_test(test_plain),
		cmocka_unit_test(test_seccomp),	    cmocka_unit_test(test_json_file_name_not_utf8),
		cmocka_unit_test(test_write_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
