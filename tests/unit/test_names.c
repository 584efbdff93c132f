// SPDX-License-Identifier: GPL-2.0
/*
 * The ABI's tables (include/boxlock.h) and their names (common/names.c): every number named, no
 * name twice, names and numbers round trip, the numbers events and pinned maps carry unchanged,
 * and which hooks a profile needs for each kind of rule it holds.
 */
#include "unit.h"
#include "names.h"

#define H(h) (1u << BL_HOOK_##h)
#define MOUNT_HOOKS (H(MOUNT) | H(REMOUNT) | H(UMOUNT) | H(PIVOTROOT) | H(MOVE_MOUNT))

typedef const char *(*name_fn)(__u32);

/* Values 0..@n-1 of a table each have a name, no two the same, and @n itself has none. */
static void expect_named(const char *table, name_fn name, __u32 first, __u32 n)
{
	for (__u32 i = first; i < n; i++) {
		const char *s = name(i);

		if (!s || !s[0] || !strcmp(s, "unknown"))
			fail_msg("%s %u has no name", table, i);
		for (__u32 j = first; j < i; j++)
			if (!strcmp(s, name(j)))
				fail_msg("%s %u and %u are both '%s'", table, j, i, s);
	}
	assert_string_equal(name(n), "unknown");
	assert_string_equal(name(0xffffffff), "unknown");
}

static void test_every_value_named(void **state)
{
	(void)state;
	expect_named("hook", bl_hook_name, 0, BL_HOOK_COUNT);
	expect_named("reason", bl_reason_name, 0, BL_REASON_COUNT);
	expect_named("stat", bl_stat_name, 0, BL_STAT_COUNT);
	expect_named("flag", bl_flag_name, 0, BL_PF_COUNT);
	/* Numbered from 1: 0 is "not set". */
	expect_named("mode", bl_mode_name, BL_MODE_AUDIT, BL_MODE_LEARN + 1);
	expect_named("verdict", bl_verdict_name, BL_VERDICT_DENIED, BL_VERDICT_AUDITED + 1);
	assert_string_equal(bl_mode_name(0), "unknown");
	assert_string_equal(bl_verdict_name(0), "unknown");
}

static void test_round_trips(void **state)
{
	(void)state;
	for (__u32 h = 1; h < BL_HOOK_COUNT; h++)
		assert_int_equal(bl_hook_by_name(bl_hook_name(h)), h);
	assert_int_equal(bl_hook_by_name("unknown"), BL_HOOK_NONE);
	assert_int_equal(bl_hook_by_name(""), BL_HOOK_NONE);
	assert_int_equal(bl_hook_by_name("File_open"), BL_HOOK_NONE);
	for (__u32 m = BL_MODE_AUDIT; m <= BL_MODE_LEARN; m++)
		assert_int_equal(bl_mode_by_name(bl_mode_name(m)), m);
	assert_int_equal(bl_mode_by_name("enforcing"), 0);
	assert_int_equal(bl_mode_by_name("unknown"), 0);
	assert_int_equal(bl_mode_by_name(""), 0);
}

/* The numbers and names that events, counters, settings.missing_hooks and docs/events.md carry:
 * a change here is an ABI change (BL_ABI_VERSION) and a documentation change. */
static void test_abi_numbers(void **state)
{
	static const struct {
		__u32 value;
		const char *name;
	} hooks[] = {
		{ BL_HOOK_NONE, "none" },
		{ BL_HOOK_FILE_OPEN, "file_open" },
		{ BL_HOOK_EXEC, "bprm_check_security" },
		{ BL_HOOK_CONNECT, "socket_connect" },
		{ BL_HOOK_UNIX_CONNECT, "unix_stream_connect" },
		{ BL_HOOK_UNIX_SEND, "unix_may_send" },
		{ BL_HOOK_FILE_RECEIVE, "file_receive" },
		{ BL_HOOK_MOUNT, "sb_mount" },
		{ BL_HOOK_REMOUNT, "sb_remount" },
		{ BL_HOOK_UMOUNT, "sb_umount" },
		{ BL_HOOK_PIVOTROOT, "sb_pivotroot" },
		{ BL_HOOK_MOVE_MOUNT, "move_mount" },
		{ BL_HOOK_CAPABLE, "capable" },
		{ BL_HOOK_MODULE_REQUEST, "kernel_module_request" },
		{ BL_HOOK_KERNEL_READ_FILE, "kernel_read_file" },
		{ BL_HOOK_KERNEL_LOAD_DATA, "kernel_load_data" },
		{ BL_HOOK_BPF, "bpf" },
		{ BL_HOOK_PTRACE, "ptrace_access_check" },
		{ BL_HOOK_USERNS, "userns_create" },
		{ BL_HOOK_CGROUP_MOVE, "cgroup_move" },
		{ BL_HOOK_SENDMSG, "socket_sendmsg" },
		{ BL_HOOK_SELF, "boxlock_self" },
		{ BL_HOOK_FILE_CHANGE, "file_change" },
		{ BL_HOOK_NAME_CHANGE, "name_change" },
		{ BL_HOOK_MMAP_EXEC, "mmap_file" },
		{ BL_HOOK_MPROTECT_EXEC, "file_mprotect" },
		{ BL_HOOK_LISTEN, "socket_listen" },
		{ BL_HOOK_BIND, "socket_bind" },
	};
	static const char *const reasons[] = { "rule",	       "no-profile", "path-unresolved",
					       "scratch-busy", "map-full",   "addr-unparsed",
					       "boxlock-self" };
	static const char *const stats[] = { "denied",	   "audited",	      "events_lost",
					     "no_profile", "path_unresolved", "scratch_busy",
					     "map_full",   "processes_armed", "addr_unparsed",
					     "learn_full", "learn_busy" };
	static const char *const flags[] = {
		"exec-allowlist", "deny-mount",		"mount-fstype-allowlist",
		"deny-modules",	  "deny-bpf",		"deny-ptrace",
		"deny-userns",	  "deny-cgroup-escape", "listen-allowlist"
	};

	(void)state;
	assert_int_equal(BL_HOOK_COUNT, 28);
	for (__u32 i = 0; i < sizeof(hooks) / sizeof(hooks[0]); i++) {
		assert_int_equal(hooks[i].value, i);
		assert_string_equal(bl_hook_name(i), hooks[i].name);
	}
	assert_int_equal(BL_REASON_COUNT, 7);
	for (__u32 i = 0; i < BL_REASON_COUNT; i++)
		assert_string_equal(bl_reason_name(i), reasons[i]);
	assert_int_equal(BL_REASON_MAP_FULL, 4);
	assert_int_equal(BL_REASON_ADDR_UNPARSED, 5);
	assert_int_equal(BL_STAT_COUNT, 11);
	for (__u32 i = 0; i < BL_STAT_COUNT; i++)
		assert_string_equal(bl_stat_name(i), stats[i]);
	assert_int_equal(BL_STAT_ARMED, 7);
	assert_int_equal(BL_STAT_ADDR_UNPARSED, 8);
	assert_int_equal(BL_PF_COUNT, 9);
	for (__u32 i = 0; i < BL_PF_COUNT; i++)
		assert_string_equal(bl_flag_name(i), flags[i]);
	assert_int_equal(BL_PF_DENY_CGROUP_ESCAPE, 7);
	assert_int_equal(BL_MODE_AUDIT, 1);
	assert_int_equal(BL_MODE_ENFORCE, 2);
	assert_string_equal(bl_mode_name(BL_MODE_AUDIT), "audit");
	assert_string_equal(bl_mode_name(BL_MODE_ENFORCE), "enforce");
	assert_int_equal(BL_MODE_LEARN, 3);
	assert_string_equal(bl_mode_name(BL_MODE_LEARN), "learn");
	assert_int_equal(BL_VERDICT_DENIED, 1);
	assert_int_equal(BL_VERDICT_AUDITED, 2);
	assert_string_equal(bl_verdict_name(BL_VERDICT_DENIED), "denied");
	assert_string_equal(bl_verdict_name(BL_VERDICT_AUDITED), "audited");
}

/* Every hook that judges a file rule: open, an fd passed in, and writes without an open. */
#define FILE_HOOKS (H(FILE_OPEN) | H(FILE_RECEIVE) | H(FILE_CHANGE) | H(NAME_CHANGE))

static void test_lsm_hooks(void **state)
{
	(void)state;
	assert_string_equal(bl_hook_lsm(BL_HOOK_NONE), "");
	/* Every other hook has its program, named as its event names it, but two. SELF names the
	 * self-protection programs, which no line names (so none can be missing). */
	assert_string_equal(bl_hook_lsm(BL_HOOK_SELF), "");
	for (__u32 h = 1; h < BL_HOOK_COUNT; h++) {
		if (h == BL_HOOK_SELF)
			continue;
		assert_true(bl_hook_lsm(h)[0]);
		/* cgroup_move, file_change and name_change name what they judge, not a hook. */
		if (h != BL_HOOK_CGROUP_MOVE && h != BL_HOOK_FILE_CHANGE &&
		    h != BL_HOOK_NAME_CHANGE)
			assert_string_equal(bl_hook_lsm(h), bl_hook_name(h));
	}
	/* cgroup_move is judged by the inode_permission program. */
	assert_string_equal(bl_hook_lsm(BL_HOOK_CGROUP_MOVE), "inode_permission");
	assert_int_equal(bl_hooks_of_lsm("inode_permission"), H(CGROUP_MOVE));
	assert_int_equal(bl_hooks_of_lsm("file_open"), H(FILE_OPEN));
	assert_int_equal(bl_hooks_of_lsm("userns_create"), H(USERNS));
	assert_int_equal(bl_hooks_of_lsm("sb_mount"), H(MOUNT));
	/* file_change and name_change: one line, a list of LSM hooks; whole words only. */
	assert_int_equal(bl_hooks_of_lsm("path_truncate"), H(FILE_CHANGE));
	assert_int_equal(bl_hooks_of_lsm("inode_removexattr"), H(FILE_CHANGE));
	assert_int_equal(bl_hooks_of_lsm("path_unlink"), H(NAME_CHANGE));
	assert_int_equal(bl_hooks_of_lsm("path_symlink"), H(NAME_CHANGE));
	assert_int_equal(bl_hooks_of_lsm("path_"), 0);
	assert_int_equal(bl_hooks_of_lsm("inode_set"), 0);
	assert_int_equal(bl_hooks_of_lsm(""), 0);
	assert_string_equal(bl_file_op_name(BL_OP_UNLINK), "unlink");
	assert_string_equal(bl_file_op_name(BL_OP_RENAME_TO), "rename-to");
	assert_string_equal(bl_file_op_name(0), "unknown");
	/* Programs no line names cannot be done without. */
	assert_int_equal(bl_hooks_of_lsm("task_alloc"), 0);
	assert_int_equal(bl_hooks_of_lsm("task_free"), 0);
	assert_int_equal(bl_hooks_of_lsm("ptrace_traceme"), 0);
	assert_int_equal(bl_hooks_of_lsm("cgroup_move"), 0);
	assert_int_equal(bl_hooks_of_lsm("inode_unlink"), 0);
	assert_int_equal(bl_hooks_of_lsm("bpf_map"), 0);
	assert_int_equal(bl_hooks_of_lsm(""), 0);
}

/* No line of the table is dead: every hook but NONE and SELF (no profile's rule: it applies to
 * every contained task) enforces some kind of rule. */
static void test_every_hook_enforces(void **state)
{
	(void)state;
	assert_int_equal(bl_hooks_needed(~0u), ((1u << BL_HOOK_COUNT) - 1) & ~H(NONE) & ~H(SELF));
	assert_int_equal(bl_hooks_needed(0), 0);
}

static __u32 needed(const char *text)
{
	struct bl_policy *p = unit_compile(text);
	__u32 hooks = bl_hooks_needed(bl_policy_rule_kinds(p));

	bl_policy_free(p);
	return hooks;
}

static void test_hooks_needed(void **state)
{
	static const struct {
		const char *profile;
		__u32 hooks;
	} cases[] = {
		{ "[profile]\nmode = audit\n", 0 },
		{ "[files]\ndeny = /secret\n", FILE_HOOKS },
		{ "[files]\ndeny-write = /proc/sys/\n", FILE_HOOKS },
		{ "[files]\nallow-read = /etc/\n", FILE_HOOKS },
		{ "[exec]\ndeny = /usr/bin/nsenter\n", H(EXEC) },
		{ "[exec]\nallow = /usr/bin/\n", H(EXEC) | H(MMAP_EXEC) | H(MPROTECT_EXEC) },
		{ "[network]\ndeny-unix = /run/docker.sock\n",
		  H(UNIX_CONNECT) | H(UNIX_SEND) | H(FILE_RECEIVE) },
		{ "[network]\ndeny = tcp any port 2375\n", H(CONNECT) | H(SENDMSG) },
		{ "[capabilities]\ndeny = sys_admin\n", H(CAPABLE) },
		{ "[network]\nallow-listen = tcp 8080\n", H(LISTEN) | H(BIND) },
		{ "[network]\ndeny-listen = udp 53\n", H(LISTEN) | H(BIND) },
		{ "[learn]\nwatch-read = /etc/\n", H(FILE_OPEN) },
		{ "[mount]\ndeny = all\n", MOUNT_HOOKS },
		{ "[mount]\nallow-fstypes = tmpfs\n", H(MOUNT) },
		{ "[mount]\ndeny-bind-sources = /\n", H(MOUNT) },
		{ "[kernel]\nmodules = deny\n",
		  H(MODULE_REQUEST) | H(KERNEL_READ_FILE) | H(KERNEL_LOAD_DATA) },
		{ "[kernel]\nbpf = deny\n", H(BPF) },
		{ "[kernel]\nptrace = deny\n", H(PTRACE) },
		{ "[kernel]\nuserns = deny\n", H(USERNS) },
		{ "[kernel]\ncgroup-escape = deny\n", H(CGROUP_MOVE) },
		{ "[kernel]\nbpf = allow\n", 0 },
		/* seccomp's, not a hook's */
		{ "[syscalls]\ndeny = kexec_load\n", 0 },
		{ "[kernel]\nbpf = deny\nuserns = deny\n[capabilities]\ndeny = sys_module\n",
		  H(BPF) | H(USERNS) | H(CAPABLE) },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		__u32 got = needed(cases[i].profile);

		if (got != cases[i].hooks)
			fail_msg("hooks 0x%x, expected 0x%x, for:\n%s", got, cases[i].hooks,
				 cases[i].profile);
	}
}

/* The profiles tests/guest/test_missing_hook.sh counts on: default needs userns_create, the
 * file_open test profile does not. */
static void test_hooks_needed_shipped(void **state)
{
	struct bl_policy *p = NULL;
	struct bl_diag d = {};

	(void)state;
	assert_int_equal(bl_policy_parse_file("profiles/default.ini", &p, &d), 0);
	assert_true(bl_hooks_needed(bl_policy_rule_kinds(p)) & H(USERNS));
	bl_policy_free(p);
	assert_int_equal(bl_policy_parse_file("tests/guest/profiles/test-files.ini", &p, &d), 0);
	assert_int_equal(bl_hooks_needed(bl_policy_rule_kinds(p)), FILE_HOOKS);
	bl_policy_free(p);
	bl_diag_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_value_named),    cmocka_unit_test(test_round_trips),
		cmocka_unit_test(test_abi_numbers),	     cmocka_unit_test(test_lsm_hooks),
		cmocka_unit_test(test_every_hook_enforces),  cmocka_unit_test(test_hooks_needed),
		cmocka_unit_test(test_hooks_needed_shipped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
