// SPDX-License-Identifier: GPL-2.0
/*
 * Events as operators read them (docs/events.md): hand-made struct bl_event of each object kind
 * through bl_event_json_named, field by field; bl_event_json with every map closed, which must
 * still give an event; the wall-clock time; the one-line text form.
 */
#include <arpa/inet.h>
#include <jansson.h>
#include "unit.h"
#include "event.h"

/* The fields every event has, whatever its object (docs/events.md, "always: yes"). */
static const char *const always[] = {
	"time", "verdict", "mode",	"hook",		"profile",
	"rule", "rule_id", "reason",	"pid",		"tid",
	"comm", "cgroup",  "cgroup_id", "bound_cgroup", "bound_cgroup_id",
};
/* The fields only some objects have. */
static const char *const optional[] = {
	"path",	      "access",		 "address", "port", "protocol",
	"capability", "capability_name", "fstype",  "name", "detail",
};

static const struct bl_event_names names = {
	.time = "2026-12-01T10:00:00.000001Z",
	.profile = "default",
	.rule = "files: deny-write /proc/sysrq-trigger (default.ini:35)",
	.cgroup = "/sys/fs/cgroup/boxlock-test/c1/sub",
	.bound_cgroup = "/sys/fs/cgroup/boxlock-test/c1",
};

static struct bl_event event(__u32 hook, __u8 kind)
{
	struct bl_event e = {
		.ts_ns = 123,
		.cgroup_id = 4242,
		.bound_cgroup_id = 4241,
		.pid = 100,
		.tid = 101,
		.hook = hook,
		.profile_id = 3,
		.rules_slot = 9,
		.rule_id = 7,
		.mode = BL_MODE_ENFORCE,
		.verdict = BL_VERDICT_DENIED,
		.reason = BL_REASON_RULE,
		.object_kind = kind,
	};

	memcpy(e.comm, "bltry", 6);
	return e;
}

static const char *str(json_t *j, const char *key)
{
	json_t *v = json_object_get(j, key);

	if (!json_is_string(v))
		fail_msg("field %s is not a string", key);
	return json_string_value(v);
}

static json_int_t num(json_t *j, const char *key)
{
	json_t *v = json_object_get(j, key);

	if (!json_is_integer(v))
		fail_msg("field %s is not an integer", key);
	return json_integer_value(v);
}

/* @j has every field of `always` and, of the optional ones, exactly those in @present. */
static void expect_fields(json_t *j, const char *const *present, size_t n)
{
	size_t want = sizeof(always) / sizeof(always[0]) + n;

	for (size_t i = 0; i < sizeof(always) / sizeof(always[0]); i++)
		if (!json_object_get(j, always[i]))
			fail_msg("no field %s", always[i]);
	for (size_t i = 0; i < sizeof(optional) / sizeof(optional[0]); i++) {
		bool wanted = false;

		for (size_t k = 0; k < n; k++)
			wanted |= !strcmp(present[k], optional[i]);
		if (wanted != !!json_object_get(j, optional[i]))
			fail_msg("field %s %s", optional[i], wanted ? "missing" : "unexpected");
	}
	assert_int_equal(json_object_size(j), want);
}

static void test_common_fields(void **state)
{
	struct bl_event e = event(BL_HOOK_FILE_OPEN, BL_OBJ_PATH);
	json_t *j;

	(void)state;
	j = bl_event_json_named(&e, &names);
	assert_non_null(j);
	assert_string_equal(str(j, "time"), names.time);
	assert_string_equal(str(j, "verdict"), "denied");
	assert_string_equal(str(j, "mode"), "enforce");
	assert_string_equal(str(j, "hook"), "file_open");
	assert_string_equal(str(j, "profile"), "default");
	assert_string_equal(str(j, "rule"), names.rule);
	assert_int_equal(num(j, "rule_id"), 7);
	assert_string_equal(str(j, "reason"), "rule");
	assert_int_equal(num(j, "pid"), 100);
	assert_int_equal(num(j, "tid"), 101);
	assert_string_equal(str(j, "comm"), "bltry");
	assert_string_equal(str(j, "cgroup"), names.cgroup);
	assert_int_equal(num(j, "cgroup_id"), 4242);
	assert_string_equal(str(j, "bound_cgroup"), names.bound_cgroup);
	assert_int_equal(num(j, "bound_cgroup_id"), 4241);
	json_decref(j);

	/* Audit mode; a reason that is not a rule; numbers outside the tables. */
	e.mode = BL_MODE_AUDIT;
	e.verdict = BL_VERDICT_AUDITED;
	e.reason = BL_REASON_PATH_UNRESOLVED;
	e.hook = BL_HOOK_COUNT;
	j = bl_event_json_named(&e, &names);
	assert_string_equal(str(j, "verdict"), "audited");
	assert_string_equal(str(j, "mode"), "audit");
	assert_string_equal(str(j, "reason"), "path-unresolved");
	assert_string_equal(str(j, "hook"), "unknown");
	json_decref(j);
	e.reason = 200;
	e.mode = 9;
	j = bl_event_json_named(&e, &names);
	assert_string_equal(str(j, "reason"), "unknown");
	assert_string_equal(str(j, "mode"), "unknown");
	json_decref(j);
}

static void test_path(void **state)
{
	static const char *const fields[] = { "path", "access" };
	struct bl_event e = event(BL_HOOK_FILE_OPEN, BL_OBJ_PATH);
	json_t *j, *a;

	(void)state;
	strcpy(e.path, "/proc/sysrq-trigger");
	e.access = BL_ACCESS_READ | BL_ACCESS_WRITE;
	j = bl_event_json_named(&e, &names);
	expect_fields(j, fields, 2);
	assert_string_equal(str(j, "path"), "/proc/sysrq-trigger");
	a = json_object_get(j, "access");
	assert_int_equal(json_array_size(a), 2);
	assert_string_equal(json_string_value(json_array_get(a, 0)), "read");
	assert_string_equal(json_string_value(json_array_get(a, 1)), "write");
	json_decref(j);

	/* An exec names its access too. */
	e = event(BL_HOOK_EXEC, BL_OBJ_PATH);
	strcpy(e.path, "/usr/bin/nsenter");
	e.access = BL_ACCESS_EXEC;
	j = bl_event_json_named(&e, &names);
	assert_string_equal(str(j, "hook"), "bprm_check_security");
	a = json_object_get(j, "access");
	assert_int_equal(json_array_size(a), 1);
	assert_string_equal(json_string_value(json_array_get(a, 0)), "exec");
	json_decref(j);
}

/* Kernel strings fill their arrays without a NUL when they are that long. */
static void test_unterminated_strings(void **state)
{
	struct bl_event e = event(BL_HOOK_FILE_OPEN, BL_OBJ_PATH);
	json_t *j;

	(void)state;
	memset(e.path, 'p', sizeof(e.path));
	memcpy(e.comm, "0123456789abcdef", sizeof(e.comm));
	j = bl_event_json_named(&e, &names);
	assert_int_equal(strlen(str(j, "path")), BL_EVENT_PATH_MAX);
	assert_string_equal(str(j, "comm"), "0123456789abcdef");
	json_decref(j);
}

/*
 * Names a contained task chooses need not be UTF-8: its comm (prctl PR_SET_NAME), a file it
 * made, a cgroup it made; a rule's text may be cut mid-character. jansson refuses such strings,
 * and the event must not vanish with them: every bad byte becomes the text \xHH, the valid
 * characters around it (ASCII and multi-byte alike) stay.
 */
static void test_not_utf8(void **state)
{
	struct bl_event e = event(BL_HOOK_FILE_OPEN, BL_OBJ_PATH);
	struct bl_event_names n = names;
	json_t *j;

	(void)state;
	memcpy(e.comm,
	       "ev\xff"
	       "il",
	       6);
	strcpy(e.path, "/tmp/caf\xc3\xa9/x\xc3"); /* é, then a cut sequence */
	strcpy(n.rule, "files: deny-write /tmp/\xe2\x82"); /* a cut euro sign */
	strcpy(n.cgroup, "/sys/fs/cgroup/c\xc0\xaf"); /* an overlong '/' */
	strcpy(n.profile, "p\xed\xa0\x80"); /* a UTF-16 surrogate */
	j = bl_event_json_named(&e, &n);
	assert_non_null(j);
	assert_string_equal(str(j, "comm"), "ev\\xffil");
	assert_string_equal(str(j, "path"), "/tmp/caf\xc3\xa9/x\\xc3");
	assert_string_equal(str(j, "rule"), "files: deny-write /tmp/\\xe2\\x82");
	assert_string_equal(str(j, "cgroup"), "/sys/fs/cgroup/c\\xc0\\xaf");
	assert_string_equal(str(j, "profile"), "p\\xed\\xa0\\x80");
	assert_string_equal(str(j, "bound_cgroup"), names.bound_cgroup);
	json_decref(j);

	/* Four-byte characters are UTF-8; past U+10FFFF is not. */
	e = event(BL_HOOK_FILE_OPEN, BL_OBJ_PATH);
	strcpy(e.path, "/\xf0\x9f\x94\x92/\xf4\x90\x80\x80");
	j = bl_event_json_named(&e, &names);
	assert_string_equal(str(j, "path"), "/\xf0\x9f\x94\x92/\\xf4\\x90\\x80\\x80");
	json_decref(j);
}

static void test_inet(void **state)
{
	static const char *const fields[] = { "address", "port", "protocol" };
	struct bl_event e = event(BL_HOOK_CONNECT, BL_OBJ_INET);
	json_t *j;

	(void)state;
	e.family = 4;
	e.proto = 6;
	e.port = 2375;
	inet_pton(AF_INET, "172.17.0.1", e.addr);
	j = bl_event_json_named(&e, &names);
	expect_fields(j, fields, 3);
	assert_string_equal(str(j, "hook"), "socket_connect");
	assert_string_equal(str(j, "address"), "172.17.0.1");
	assert_int_equal(num(j, "port"), 2375);
	assert_string_equal(str(j, "protocol"), "tcp");
	json_decref(j);

	e.family = 6;
	e.proto = 17;
	e.port = 53;
	inet_pton(AF_INET6, "fd00::53", e.addr);
	j = bl_event_json_named(&e, &names);
	assert_string_equal(str(j, "address"), "fd00::53");
	assert_int_equal(num(j, "port"), 53);
	assert_string_equal(str(j, "protocol"), "udp");
	json_decref(j);

	e.proto = 132;
	j = bl_event_json_named(&e, &names);
	assert_string_equal(str(j, "protocol"), "other");
	json_decref(j);
}

static void test_cap(void **state)
{
	static const char *const fields[] = { "capability", "capability_name" };
	struct bl_event e = event(BL_HOOK_CAPABLE, BL_OBJ_CAP);
	json_t *j;

	(void)state;
	e.cap = 21;
	j = bl_event_json_named(&e, &names);
	expect_fields(j, fields, 2);
	assert_string_equal(str(j, "hook"), "capable");
	assert_int_equal(num(j, "capability"), 21);
	assert_string_equal(str(j, "capability_name"), "SYS_ADMIN");
	json_decref(j);
}

static void test_mount(void **state)
{
	static const char *const both[] = { "path", "fstype" };
	static const char *const fstype_only[] = { "fstype" };
	struct bl_event e = event(BL_HOOK_MOUNT, BL_OBJ_MOUNT);
	json_t *j;

	(void)state;
	strcpy(e.path, "/mnt/host");
	strcpy(e.fstype, "ext4");
	j = bl_event_json_named(&e, &names);
	expect_fields(j, both, 2);
	assert_string_equal(str(j, "hook"), "sb_mount");
	assert_string_equal(str(j, "path"), "/mnt/host");
	assert_string_equal(str(j, "fstype"), "ext4");
	json_decref(j);

	/* Hooks where the kernel lets BPF resolve no path: the field is left out, not empty. */
	e.hook = BL_HOOK_MOVE_MOUNT;
	e.path[0] = 0;
	j = bl_event_json_named(&e, &names);
	expect_fields(j, fstype_only, 1);
	json_decref(j);
}

static void test_name(void **state)
{
	static const char *const fields[] = { "name", "detail" };
	static const char *const detail_only[] = { "detail" };
	struct bl_event e = event(BL_HOOK_MODULE_REQUEST, BL_OBJ_NAME);
	json_t *j;

	(void)state;
	strcpy(e.path, "nf_tables");
	j = bl_event_json_named(&e, &names);
	expect_fields(j, fields, 2);
	assert_string_equal(str(j, "hook"), "kernel_module_request");
	assert_string_equal(str(j, "name"), "nf_tables");
	assert_int_equal(num(j, "detail"), 0);
	json_decref(j);

	e = event(BL_HOOK_BPF, BL_OBJ_NAME);
	e.access = 5; /* BPF_PROG_LOAD */
	j = bl_event_json_named(&e, &names);
	expect_fields(j, detail_only, 1);
	assert_string_equal(str(j, "hook"), "bpf");
	assert_int_equal(num(j, "detail"), 5);
	json_decref(j);
}

/* No object: a failure to decide before there was one (a binding to a missing profile). */
static void test_no_object(void **state)
{
	struct bl_event e = event(BL_HOOK_USERNS, BL_OBJ_NONE);
	json_t *j;

	(void)state;
	e.reason = BL_REASON_NO_PROFILE;
	e.rule_id = 0;
	j = bl_event_json_named(&e, &names);
	expect_fields(j, NULL, 0);
	assert_string_equal(str(j, "hook"), "userns_create");
	assert_string_equal(str(j, "reason"), "no-profile");
	assert_int_equal(num(j, "rule_id"), 0);
	json_decref(j);
}

/* With every map closed (no kernel), the lookups find nothing and the event is still whole. */
static void test_closed_maps(void **state)
{
	struct bl_event e = event(BL_HOOK_CGROUP_MOVE, BL_OBJ_PATH);
	struct bl_maps m;
	const char *t;
	json_t *j;

	(void)state;
	memset(&m, 0xff, sizeof(m)); /* every fd -1 */
	e.cgroup_id = e.bound_cgroup_id = (1ull << 62) + 5; /* no such cgroup */
	strcpy(e.path, "/sys/fs/cgroup/cgroup.procs");
	e.access = BL_ACCESS_WRITE;
	j = bl_event_json(&m, &e);
	assert_non_null(j);
	assert_string_equal(str(j, "hook"), "cgroup_move");
	assert_string_equal(str(j, "profile"), "?");
	assert_string_equal(str(j, "rule"), "");
	assert_string_equal(str(j, "cgroup"), "");
	assert_string_equal(str(j, "bound_cgroup"), "");
	t = str(j, "time"); /* 1970-01-01T00:00:00.000000Z and later */
	assert_int_equal(strlen(t), 27);
	assert_true(t[4] == '-' && t[10] == 'T' && t[19] == '.' && t[26] == 'Z');
	json_decref(j);
}

static void test_time(void **state)
{
	char buf[64];

	(void)state;
	/* Booted at 2023-11-14T22:13:20Z; the event 1.5 ms later. */
	bl_event_time(1500000, 1700000000ll * 1000000000, buf, sizeof(buf));
	assert_string_equal(buf, "2023-11-14T22:13:20.001500Z");
	bl_event_time(999999999, 0, buf, sizeof(buf));
	assert_string_equal(buf, "1970-01-01T00:00:00.999999Z");
}

static void test_print_line(void **state)
{
	struct bl_event e = event(BL_HOOK_FILE_OPEN, BL_OBJ_PATH);
	char *out = NULL;
	size_t len = 0;
	FILE *f;
	json_t *j;

	(void)state;
	strcpy(e.path, "/proc/sysrq-trigger");
	e.access = BL_ACCESS_WRITE;
	j = bl_event_json_named(&e, &names);
	f = open_memstream(&out, &len);
	assert_non_null(f);
	bl_event_print_line(j, f);
	fclose(f);
	/* Time, verdict and hook first; then every other field once, strings quoted. */
	assert_true(!strncmp(out, "2026-12-01T10:00:00.000001Z denied file_open ", 44));
	assert_non_null(strstr(out, " profile='default'"));
	assert_non_null(strstr(out, " path='/proc/sysrq-trigger'"));
	assert_non_null(strstr(out, " access=[\"write\"]"));
	assert_non_null(strstr(out, " rule_id=7"));
	assert_null(strstr(out, " time="));
	assert_int_equal(out[len - 1], '\n');
	free(out);
	json_decref(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_common_fields),
		cmocka_unit_test(test_path),
		cmocka_unit_test(test_unterminated_strings),
		cmocka_unit_test(test_not_utf8),
		cmocka_unit_test(test_inet),
		cmocka_unit_test(test_cap),
		cmocka_unit_test(test_mount),
		cmocka_unit_test(test_name),
		cmocka_unit_test(test_no_object),
		cmocka_unit_test(test_closed_maps),
		cmocka_unit_test(test_time),
		cmocka_unit_test(test_print_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
