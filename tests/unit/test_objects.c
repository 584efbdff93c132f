// SPDX-License-Identifier: GPL-2.0
/*
 * Object keys: rules under a pseudo-filesystem keyed by the path inside it, and [devices] keyed
 * by type and number (BL_KEY_FS, BL_KEY_DEV in include/boxlock.h).
 */
#include "unit.h"

/* The entry whose key is exactly the @len bytes of @key (an exact key's NUL counted), or NULL. */
static const struct bl_path_entry *entry(const struct bl_policy *p, const char *key, size_t len)
{
	for (size_t i = 0; i < p->n_paths; i++)
		if (p->paths[i].key.prefixlen == 32 + 8 * len &&
		    !memcmp(p->paths[i].key.path, key, len))
			return &p->paths[i];
	return NULL;
}

/* The object key of @rel inside filesystem @fs: a prefix when @rel ends in '/'. */
static const struct bl_path_entry *fs_entry(const struct bl_policy *p, __u8 fs, const char *rel)
{
	char key[BL_RULE_PATH_MAX] = { BL_KEY_FS, (char)fs };
	size_t len = strlen(rel);

	memcpy(key + 2, rel, len);
	return entry(p, key, 2 + len + (rel[len - 1] != '/'));
}

static __u8 act(const struct bl_path_entry *e, unsigned int access)
{
	struct bl_path_rule r;

	assert_non_null(e);
	r = e->rule;
	return *blp_path_action(&r, access);
}

static const char *why(const struct bl_policy *p, const struct bl_path_entry *e,
		       unsigned int access)
{
	struct bl_path_rule r;
	__u32 id;

	assert_non_null(e);
	r = e->rule;
	id = *blp_path_rule_id(&r, access);
	return id ? p->rule_text[id - 1] : "";
}

static void test_pseudo_fs_keys(void **state)
{
	struct bl_policy *p;

	(void)state;
	p = unit_compile("[files]\n"
			 "deny-write = /proc/sys/kernel/ /sys/ /proc/sys/kernel/core_pattern\n"
			 "allow-write = /proc/sys/kernel/hostname /sys/fs/cgroup/\n"
			 "deny = /sys/kernel/security/ /dev/mem\n");
	/* Each rule under /proc again by its path inside procfs, with the same decisions. */
	assert_int_equal(act(fs_entry(p, BL_FS_PROC, "/sys/kernel/core_pattern"), BLP_WRITE),
			 BL_ACT_DENY);
	assert_string_equal(why(p, fs_entry(p, BL_FS_PROC, "/sys/kernel/core_pattern"), BLP_WRITE),
			    "files: deny-write /proc/sys/kernel/core_pattern (t.ini:2)");
	assert_int_equal(act(fs_entry(p, BL_FS_PROC, "/sys/kernel/"), BLP_WRITE), BL_ACT_DENY);
	assert_int_equal(act(fs_entry(p, BL_FS_PROC, "/sys/kernel"), BLP_WRITE), BL_ACT_DENY);
	assert_int_equal(act(fs_entry(p, BL_FS_PROC, "/sys/kernel/hostname"), BLP_WRITE),
			 BL_ACT_ALLOW);
	/* Nothing holds /proc itself: procfs's root has no key, and the rest of it no rule. */
	assert_null(fs_entry(p, BL_FS_PROC, "/"));
	/* A filesystem's root answers what its mount point's directory does: /sys/ for sysfs and
	 * tracefs, the allow for cgroup2, the deny of securityfs; the longest mount point holds a
	 * rule, so /sys/fs/cgroup/ is no sysfs key. */
	assert_int_equal(act(fs_entry(p, BL_FS_SYSFS, "/"), BLP_WRITE), BL_ACT_DENY);
	assert_int_equal(act(fs_entry(p, BL_FS_TRACEFS, "/"), BLP_WRITE), BL_ACT_DENY);
	assert_int_equal(act(fs_entry(p, BL_FS_CGROUP2, "/"), BLP_WRITE), BL_ACT_ALLOW);
	assert_string_equal(why(p, fs_entry(p, BL_FS_CGROUP2, "/"), BLP_WRITE),
			    "files: allow-write /sys/fs/cgroup/ (t.ini:3)");
	assert_null(fs_entry(p, BL_FS_SYSFS, "/fs/cgroup/"));
	assert_int_equal(act(fs_entry(p, BL_FS_SECURITYFS, "/"), BLP_READ), BL_ACT_DENY);
	assert_int_equal(act(fs_entry(p, BL_FS_DEVTMPFS, "/mem"), BLP_READ), BL_ACT_DENY);
	/* The path entries are still there, unchanged. */
	assert_int_equal(act(unit_path_entry(p, "/proc/sys/kernel/core_pattern"), BLP_WRITE),
			 BL_ACT_DENY);
	bl_policy_free(p);

	/* "/" holds every path: no filesystem needs a key of its own for it. */
	p = unit_compile("[files]\ndeny-write = /\n");
	assert_int_equal(p->n_paths, 1);
	bl_policy_free(p);
}

static void test_device_keys(void **state)
{
	struct bl_policy *p;

	(void)state;
	p = unit_compile("[devices]\n"
			 "deny = block *, char 1:1,\n"
			 "  char 202:*\n"
			 "allow = char 1:3, block 7:*\n");
	assert_int_equal(act(entry(p,
				   "\x02"
				   "b",
				   2),
			     BLP_READ),
			 BL_ACT_DENY);
	assert_int_equal(act(entry(p,
				   "\x02"
				   "b",
				   2),
			     BLP_WRITE),
			 BL_ACT_DENY);
	assert_string_equal(why(p,
				entry(p,
				      "\x02"
				      "b",
				      2),
				BLP_READ),
			    "devices: deny block * (t.ini:2)");
	assert_int_equal(act(entry(p,
				   "\x02"
				   "c00100001",
				   11),
			     BLP_READ),
			 BL_ACT_DENY);
	assert_int_equal(act(entry(p,
				   "\x02"
				   "c0ca",
				   5),
			     BLP_WRITE),
			 BL_ACT_DENY);
	assert_int_equal(act(entry(p,
				   "\x02"
				   "c00100003",
				   11),
			     BLP_WRITE),
			 BL_ACT_ALLOW);
	assert_int_equal(act(entry(p,
				   "\x02"
				   "b007",
				   5),
			     BLP_READ),
			 BL_ACT_ALLOW);
	/* No exact twin for a range, and no path ever: a device is never exec'd or connected. */
	assert_int_equal(p->n_paths, 5);
	assert_int_equal(act(entry(p,
				   "\x02"
				   "b",
				   2),
			     BLP_EXEC),
			 BL_ACT_NONE);
	bl_policy_free(p);

	unit_expect_error("[devices]\ndeny = disk *\n", "t.ini:2:", "bad device, found 'disk *'");
	unit_expect_error("[devices]\ndeny = char 1\n", "t.ini:2:", "bad device, found 'char 1'");
	unit_expect_error("[devices]\ndeny = block 4096:0\n", "t.ini:2:", "major 0-4095");
	unit_expect_error("[devices]\ndeny = char 1:-1\n", "t.ini:2:", "bad device");
	unit_expect_error("[devices]\ndeny = char1:1\n", "t.ini:2:", "bad device");
}

/* profile show names object keys as their rules do. */
static void test_print_objects(void **state)
{
	struct bl_policy *p;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	p = unit_compile("[files]\ndeny-write = /proc/sysrq-trigger\n[devices]\ndeny = char 1:*\n");
	f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(bl_policy_print(p, f, false, false), 0);
	fclose(f);
	assert_non_null(strstr(buf, "fs PROC:/sysrq-trigger (exact)"));
	assert_non_null(strstr(buf, "char 1:* (prefix)"));
	free(buf);
	bl_policy_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pseudo_fs_keys),
		cmocka_unit_test(test_device_keys),
		cmocka_unit_test(test_print_objects),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
