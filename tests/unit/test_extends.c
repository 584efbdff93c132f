// SPDX-License-Identifier: GPL-2.0
/* `extends`: finding parents, precedence of a child's rules, cycles and missing parents. */
#include "unit.h"

static int load(const char **files, size_t n, const char *search, struct bl_policy_set *set,
		struct bl_diag *d)
{
	return bl_policy_set_load(files, n, search, set, d);
}

static const char *base_ini = "[profile]\n"
			      "mode = enforce\n"
			      "[files]\n"
			      "deny-write = /etc/ /etc/passwd\n" /* 4 */
			      "deny = /secret\n" /* 5 */
			      "[capabilities]\n"
			      "deny = sys_admin net_raw\n" /* 7 */
			      "[kernel]\n"
			      "ptrace = deny\n" /* 9 */
			      "userns = deny\n" /* 10 */
			      "[syscalls]\n"
			      "deny = kexec_load reboot\n"
			      "[network]\n"
			      "deny = tcp any port 22\n" /* 14 */
			      "[mount]\n"
			      "allow-fstypes = tmpfs\n"; /* 16 */

static const char *child_ini = "[profile]\n"
			       "extends = base\n"
			       "images = app:*\n"
			       "[files]\n"
			       "allow-write = /etc/\n" /* 5 */
			       "deny-read = /etc/shadow\n" /* 6 */
			       "[capabilities]\n"
			       "allow = net_raw\n" /* 8 */
			       "deny = sys_time\n" /* 9 */
			       "[kernel]\n"
			       "ptrace = allow\n" /* 11 */
			       "bpf = deny\n" /* 12 */
			       "[syscalls]\n"
			       "allow = reboot\n"
			       "[network]\n"
			       "allow = tcp 10.0.0.0/8 port 22\n" /* 16 */
			       "[mount]\n"
			       "allow-fstypes = proc\n";

static void test_precedence(void **state)
{
	const char *files[2];
	struct bl_policy_set set = {};
	struct bl_diag d = {};
	const struct bl_policy *p;

	(void)state;
	files[0] = unit_put_file("base.ini", base_ini);
	files[1] = unit_put_file("child.ini", child_ini);
	assert_int_equal(load(files, 2, NULL, &set, &d), 0);
	assert_int_equal(d.n, 0);
	assert_int_equal(set.n, 2);
	p = bl_policy_set_find(&set, "child");
	assert_non_null(p);
	assert_string_equal(p->extends, "base");

	/* Mode: not set in the child, so the parent's. */
	assert_int_equal(p->mode, 0);
	assert_int_equal(p->prof.mode, BL_MODE_ENFORCE);
	/* Images are the child's own. */
	assert_int_equal(p->n_images, 1);

	/* Same key and access: the child's action wins, with the child's rule text. */
	assert_int_equal(unit_path_entry(p, "/etc/")->rule.write, BL_ACT_ALLOW);
	assert_string_equal(p->rule_text[unit_path_entry(p, "/etc/")->rule.write_rule - 1],
			    "files: allow-write /etc/ (child.ini:5)");
	/* A more specific key of the parent still decides below the child's rule. */
	assert_int_equal(unit_path_entry(p, "/etc/passwd")->rule.write, BL_ACT_DENY);
	assert_string_equal(p->rule_text[unit_path_entry(p, "/etc/passwd")->rule.write_rule - 1],
			    "files: deny-write /etc/passwd (base.ini:4)");
	/* The child's new key inherits the child's allow from /etc/. */
	assert_int_equal(unit_path_entry(p, "/etc/shadow")->rule.read, BL_ACT_DENY);
	assert_int_equal(unit_path_entry(p, "/etc/shadow")->rule.write, BL_ACT_ALLOW);
	assert_int_equal(unit_path_entry(p, "/secret")->rule.read, BL_ACT_DENY);

	/* Capabilities: the child's allow removes the parent's deny; its deny adds. */
	assert_int_equal(p->prof.cap_deny, (1ull << 21) | (1ull << 25));
	assert_string_equal(p->rule_text[p->prof.cap_rule[21] - 1],
			    "capabilities: deny sys_admin (base.ini:7)");
	assert_int_equal(p->prof.cap_rule[13], 0);

	/* Switches: the child's override. */
	assert_false(p->prof.flags & BL_PF(BL_PF_DENY_PTRACE));
	assert_int_equal(p->prof.flag_rule[BL_PF_DENY_PTRACE], 0);
	assert_true(p->prof.flags & BL_PF(BL_PF_DENY_USERNS));
	assert_true(p->prof.flags & BL_PF(BL_PF_DENY_BPF));
	assert_string_equal(p->rule_text[p->prof.flag_rule[BL_PF_DENY_USERNS] - 1],
			    "kernel: userns = deny (base.ini:10)");

	/* Syscalls: allow removes. */
	assert_int_equal(p->n_syscalls, 1);
	assert_int_equal(p->syscalls[0], 246);

	/* Network: the child's allow is its own entry, the parent's deny folded behind it. */
	for (size_t i = 0; i < p->n_nets; i++) {
		if (p->nets[i].key.prefixlen != 64 + 8)
			continue;
		assert_int_equal(p->nets[i].rule.n_ranges, 1);
		assert_int_equal(p->nets[i].rule.ranges[0].action, BL_ACT_ALLOW);
	}
	/* Filesystem types accumulate. */
	assert_int_equal(p->n_fstypes, 2);

	/* The parent, compiled as itself. */
	p = bl_policy_set_find(&set, "base");
	assert_int_equal(p->prof.cap_deny, (1ull << 21) | (1ull << 13));
	assert_int_equal(unit_path_entry(p, "/etc/")->rule.write, BL_ACT_DENY);
	assert_null(bl_policy_set_find(&set, "nothing"));
	bl_policy_set_free(&set);
}

/* The same key and access at two levels: the child's rule wins, even against a deny. */
static void test_child_denies_over_parent_allow(void **state)
{
	const char *files[1];
	struct bl_policy_set set = {};
	struct bl_diag d = {};
	const struct bl_policy *p;

	(void)state;
	unit_put_file("open.ini", "[profile]\nmode = audit\n[files]\nallow = /data/\n");
	files[0] = unit_put_file("closed.ini", "[profile]\nextends = open\nmode = enforce\n"
					       "[files]\ndeny-write = /data/\n");
	/* The parent is found next to the child: it is not part of the set. */
	assert_int_equal(load(files, 1, NULL, &set, &d), 0);
	assert_int_equal(set.n, 1);
	p = set.v[0];
	assert_int_equal(p->prof.mode, BL_MODE_ENFORCE);
	assert_int_equal(unit_path_entry(p, "/data/")->rule.write, BL_ACT_DENY);
	assert_int_equal(unit_path_entry(p, "/data/")->rule.read, BL_ACT_ALLOW);
	bl_policy_set_free(&set);
}

static void test_search_dir(void **state)
{
	char sub[128];
	const char *files[1];
	struct bl_policy_set set = {};
	struct bl_diag d = {};

	(void)state;
	snprintf(sub, sizeof(sub), "%s/parents", unit_dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	unit_put_file("parents/p1.ini", "[profile]\nextends = p2\n[kernel]\nbpf = deny\n");
	unit_put_file("parents/p2.ini", "[kernel]\nmodules = deny\n");
	files[0] = unit_put_file("leaf.ini", "[profile]\nextends = p1\n");
	assert_int_equal(load(files, 1, sub, &set, &d), 0);
	assert_int_equal(set.v[0]->prof.flags, BL_PF(BL_PF_DENY_BPF) | BL_PF(BL_PF_DENY_MODULES));
	assert_int_equal(set.v[0]->prof.mode, BL_MODE_AUDIT);
	bl_policy_set_free(&set);
}

static void test_missing_parent(void **state)
{
	const char *files[1];
	struct bl_policy_set set = {};
	struct bl_diag d = {};

	(void)state;
	files[0] = unit_put_file("orphan.ini", "[profile]\n\nextends = nobody\n");
	assert_int_equal(load(files, 1, NULL, &set, &d), -EINVAL);
	assert_int_equal(set.n, 0);
	assert_null(set.v);
	assert_true(unit_has_msg(
		&d, "orphan.ini:3: ", "missing parent profile, found 'extends = nobody'"));
	assert_true(unit_has_msg(&d, "orphan.ini:3: ", "nobody.ini"));
	bl_diag_free(&d);
}

static void test_cycle(void **state)
{
	const char *files[3];
	struct bl_policy_set set = {};
	struct bl_diag d = {};

	(void)state;
	files[0] = unit_put_file("ca.ini", "[profile]\nextends = cb\n");
	files[1] = unit_put_file("cb.ini", "; b\n[profile]\nextends = ca\n");
	files[2] = unit_put_file("cc.ini", "[profile]\nextends = ca\n");
	assert_int_equal(load(files, 3, NULL, &set, &d), -EINVAL);
	assert_int_equal(set.n, 0);
	/* One message for the cycle, at the extends that closes it; one for the profile on it. */
	assert_true(unit_has_msg(&d, "cb.ini:3: ", "extends cycle, found ca -> cb -> ca"));
	assert_true(unit_has_msg(&d, "cc.ini:2: ", "parent profile 'ca' cannot be used"));
	assert_int_equal(d.n, 2);
	bl_diag_free(&d);

	/* A profile that extends itself. */
	files[0] = unit_put_file("self.ini", "[profile]\nextends = self\n");
	assert_int_equal(load(files, 1, NULL, &set, &d), -EINVAL);
	assert_true(unit_has_msg(&d, "self.ini:2: ", "extends cycle, found self -> self"));
	bl_diag_free(&d);
}

static void test_parent_with_errors(void **state)
{
	const char *files[1];
	struct bl_policy_set set = {};
	struct bl_diag d = {};

	(void)state;
	unit_put_file("broken.ini", "[files]\ndeny = relative\n");
	files[0] = unit_put_file("kid.ini", "[profile]\nextends = broken\n");
	assert_int_equal(load(files, 1, NULL, &set, &d), -EINVAL);
	assert_true(unit_has_msg(&d, "broken.ini:2: ", "relative path"));
	assert_true(unit_has_msg(&d, "kid.ini:2: ", "parent profile 'broken' cannot be used"));
	bl_diag_free(&d);
}

static void test_set_errors(void **state)
{
	const char *files[3];
	struct bl_policy_set set = {};
	struct bl_diag d = {};

	(void)state;
	/* Two files, one name. */
	files[0] = unit_put_file("same.ini", "");
	files[1] = unit_put_file("other.ini", "[profile]\nname = same\n");
	assert_int_equal(load(files, 2, NULL, &set, &d), -EINVAL);
	assert_true(unit_has_msg(&d, "other.ini:2: ", "name does not match the file name"));
	bl_diag_free(&d);
	{
		char sub[128];

		snprintf(sub, sizeof(sub), "%s/again", unit_dir);
		assert_int_equal(mkdir(sub, 0700), 0);
		files[1] = unit_put_file("again/same.ini", "; the same name\n");
		assert_int_equal(load(files, 2, NULL, &set, &d), -EINVAL);
		assert_true(unit_has_msg(
			&d, "again/same.ini: ", "duplicate profile name, found 'same'"));
		bl_diag_free(&d);
	}

	/* All files are checked, and all their errors reported, even after a missing one. */
	files[0] = unit_put_file("e1.ini", "[files]\ndeny = a\n");
	files[1] = "/nonexistent/x.ini";
	files[2] = unit_put_file("e2.ini", "[kernel]\nbpf = maybe\n");
	assert_int_equal(load(files, 3, NULL, &set, &d), -EINVAL); /* the first error */
	assert_int_equal(d.n, 3);
	assert_true(unit_has_msg(&d, "e1.ini:2: ", "relative path"));
	assert_true(unit_has_msg(&d, "/nonexistent/x.ini: ", "cannot read the profile"));
	assert_true(unit_has_msg(&d, "e2.ini:2: ", "bad value for bpf"));
	bl_diag_free(&d);

	/* A file found by name in the search directory must hold the profile of that name. */
	unit_put_file("wrong.ini", "[profile]\nname = right\n");
	files[0] = unit_put_file("w.ini", "[profile]\nextends = wrong\n");
	assert_int_equal(load(files, 1, NULL, &set, &d), -EINVAL);
	assert_true(unit_has_msg(&d, "wrong.ini:2: ", "name does not match"));
	bl_diag_free(&d);
}

static void test_chain_too_long(void **state)
{
	char name[32], text[64];
	const char *files[1];
	struct bl_policy_set set = {};
	struct bl_diag d = {};

	(void)state;
	for (int i = 0; i < BLP_MAX_DEPTH + 2; i++) {
		snprintf(name, sizeof(name), "deep%d.ini", i);
		snprintf(text, sizeof(text), "[profile]\nextends = deep%d\n", i + 1);
		files[0] = unit_put_file(name, text);
	}
	unit_put_file("deep18.ini", "");
	files[0] = unit_put_file("deep0.ini", "[profile]\nextends = deep1\n");
	assert_int_equal(load(files, 1, NULL, &set, &d), -EINVAL);
	assert_true(unit_has_msg(&d, "deep15.ini:2: ", "extends chain too long"));
	bl_diag_free(&d);

	/* Sixteen is fine. */
	unit_put_file("deep15.ini", "");
	assert_int_equal(load(files, 1, NULL, &set, &d), 0);
	bl_policy_set_free(&set);
}

/* Learn mode: the parents' rules are numbered first and judged by the nearest parent's mode. */
static void test_learn_inherited(void **state)
{
	const char *files[3];
	struct bl_policy_set set = {};
	struct bl_diag d = {};
	const struct bl_policy *p;

	(void)state;
	files[0] = unit_put_file("lbase.ini", "[profile]\n"
					      "mode = enforce\n"
					      "[files]\n"
					      "deny-write = /etc/\n" /* 4 */
					      "[capabilities]\n"
					      "deny = sys_admin\n"); /* 6 */
	files[1] = unit_put_file("learner.ini", "[profile]\n"
						"extends = lbase\n"
						"mode = learn\n"
						"[files]\n"
						"deny-write = /own/\n"); /* 5 */
	files[2] = unit_put_file("nomode.ini", "[files]\ndeny-write = /a/\n");
	assert_int_equal(load(files, 3, NULL, &set, &d), 0);
	assert_int_equal(d.n, 0);

	p = bl_policy_set_find(&set, "learner");
	assert_non_null(p);
	assert_int_equal(p->prof.mode, BL_MODE_LEARN);
	assert_int_equal(p->prof.inherited_mode, BL_MODE_ENFORCE);
	assert_int_equal(p->prof.inherited_rules, 2);
	assert_true(p->prof.cap_rule[21] <= p->prof.inherited_rules);
	assert_true(unit_path_entry(p, "/etc/")->rule.write_rule <= p->prof.inherited_rules);
	assert_int_equal(unit_path_entry(p, "/own/")->rule.write_rule, 3);
	assert_string_equal(p->rule_text[2], "files: deny-write /own/ (learner.ini:5)");

	/* No parent: nothing inherited, audit. */
	p = bl_policy_set_find(&set, "lbase");
	assert_int_equal(p->prof.inherited_rules, 0);
	assert_int_equal(p->prof.inherited_mode, BL_MODE_AUDIT);
	p = bl_policy_set_find(&set, "nomode");
	assert_int_equal(p->prof.inherited_rules, 0);
	assert_int_equal(p->prof.inherited_mode, BL_MODE_AUDIT);
	bl_policy_set_free(&set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_child_denies_over_parent_allow),
		cmocka_unit_test(test_search_dir),
		cmocka_unit_test(test_missing_parent),
		cmocka_unit_test(test_cycle),
		cmocka_unit_test(test_parent_with_errors),
		cmocka_unit_test(test_set_errors),
		cmocka_unit_test(test_chain_too_long),
		cmocka_unit_test(test_learn_inherited),
	};

	return cmocka_run_group_tests(tests, unit_dir_setup, unit_dir_teardown);
}
