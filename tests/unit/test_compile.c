// SPDX-License-Identifier: GPL-2.0
/*
 * The compiler's output: the exact map entries the BPF side reads. Path entries resolved so that
 * one longest-prefix lookup decides, network entries folded, rule ids and texts.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include "unit.h"

/* The text of the rule behind @access of @path's entry, "" when nothing decides it. */
static const char *why(const struct bl_policy *p, const char *path, unsigned int access)
{
	struct bl_path_rule r = unit_path_entry(p, path)->rule;
	__u32 id = *blp_path_rule_id(&r, access);

	assert_true(id <= p->n_rules);
	return id ? p->rule_text[id - 1] : "";
}

static __u8 act(const struct bl_policy *p, const char *path, unsigned int access)
{
	struct bl_path_rule r = unit_path_entry(p, path)->rule;

	return *blp_path_action(&r, access);
}

static void test_keys(void **state)
{
	struct bl_policy *p;

	(void)state;
	p = unit_compile("[files]\ndeny = /etc/shadow /proc/sys/\n[exec]\ndeny = /\n");
	/* "/" alone is one prefix entry; a directory is a prefix and an exact entry; after them,
	 * the directory's two keys in procfs and binfmt_misc's root, which it holds (see
	 * test_objects.c). */
	assert_int_equal(p->n_paths, 7);
	assert_string_equal(p->paths[0].key.path, "/");
	assert_int_equal(p->paths[0].key.prefixlen, 32 + 8);
	assert_string_equal(p->paths[1].key.path, "/etc/shadow");
	assert_int_equal(p->paths[1].key.prefixlen, 32 + 8 * 12); /* with its NUL */
	assert_string_equal(p->paths[2].key.path, "/proc/sys");
	assert_int_equal(p->paths[2].key.prefixlen, 32 + 8 * 10);
	assert_string_equal(p->paths[3].key.path, "/proc/sys/");
	assert_int_equal(p->paths[3].key.prefixlen, 32 + 8 * 10);
	for (size_t i = 0; i < p->n_paths; i++) {
		assert_int_equal(p->paths[i].key.slot, 0);
		/* Bytes past the key are zero: the entry is the key the loader stores. */
		for (size_t j = strlen(p->paths[i].key.path); j < BL_RULE_PATH_MAX; j++)
			assert_int_equal(p->paths[i].key.path[j], 0);
	}
	assert_int_equal(act(p, "/proc/sys/", BLP_READ), BL_ACT_DENY);
	assert_int_equal(act(p, "/proc/sys", BLP_WRITE), BL_ACT_DENY);
	bl_policy_free(p);
}

/* Accesses an entry does not decide come from its nearest enclosing directory. */
static void test_inheritance(void **state)
{
	struct bl_policy *p;

	(void)state;
	p = unit_compile("[files]\n"
			 "deny-write = /\n" /* line 2 */
			 "allow-write = /tmp/ /proc/sys/net/\n" /* line 3 */
			 "deny-read = /proc/\n" /* line 4 */
			 "allow-read = /proc/self/status\n" /* line 5 */
			 "deny = /proc/sys/net/ipv4/ip_forward\n" /* line 6 */
			 "[exec]\n"
			 "deny = /tmp/\n" /* line 8 */
			 "[network]\n"
			 "deny-unix = /run/\n"); /* line 10 */

	/* /tmp/: its own write allow and exec deny; read from nothing. */
	assert_int_equal(act(p, "/tmp/", BLP_WRITE), BL_ACT_ALLOW);
	assert_int_equal(act(p, "/tmp/", BLP_EXEC), BL_ACT_DENY);
	assert_int_equal(act(p, "/tmp/", BLP_READ), BL_ACT_NONE);
	assert_string_equal(why(p, "/tmp", BLP_EXEC), "exec: deny /tmp/ (t.ini:8)");

	/* /proc/sys/net/: its write allow; read denied by /proc/, two levels up. */
	assert_int_equal(act(p, "/proc/sys/net/", BLP_WRITE), BL_ACT_ALLOW);
	assert_int_equal(act(p, "/proc/sys/net/", BLP_READ), BL_ACT_DENY);
	assert_string_equal(why(p, "/proc/sys/net/", BLP_READ),
			    "files: deny-read /proc/ (t.ini:4)");
	assert_int_equal(act(p, "/proc/sys/net", BLP_READ), BL_ACT_DENY);

	/* An exact entry below: its own deny beats the allow of /proc/sys/net/. */
	assert_int_equal(act(p, "/proc/sys/net/ipv4/ip_forward", BLP_WRITE), BL_ACT_DENY);
	assert_string_equal(why(p, "/proc/sys/net/ipv4/ip_forward", BLP_WRITE),
			    "files: deny /proc/sys/net/ipv4/ip_forward (t.ini:6)");

	/* /proc/self/status: read allowed, write denied from "/" through /proc/. */
	assert_int_equal(act(p, "/proc/self/status", BLP_READ), BL_ACT_ALLOW);
	assert_int_equal(act(p, "/proc/self/status", BLP_WRITE), BL_ACT_DENY);
	assert_string_equal(why(p, "/proc/self/status", BLP_WRITE),
			    "files: deny-write / (t.ini:2)");

	/* The exact /run of a directory rule is the directory itself: same actions. */
	assert_int_equal(act(p, "/run", BLP_UNIX_CONNECT), BL_ACT_DENY);
	assert_int_equal(act(p, "/run", BLP_WRITE), BL_ACT_DENY);
	assert_int_equal(act(p, "/run/", BLP_WRITE), BL_ACT_DENY);

	/* Path entries are sorted by key, a directory before what is below it; object keys
	 * follow them. */
	for (size_t i = 1; i < p->n_paths && p->paths[i].key.path[0] == '/'; i++)
		assert_true(memcmp(p->paths[i - 1].key.path, p->paths[i].key.path,
				   BL_RULE_PATH_MAX) < 0);
	bl_policy_free(p);
}

/* An exact rule for a directory beats that directory's own rule for the directory itself. */
static void test_exact_beats_directory(void **state)
{
	struct bl_policy *p;

	(void)state;
	p = unit_compile("[files]\ndeny-read = /secret/\nallow-read = /secret\n");
	assert_int_equal(act(p, "/secret/", BLP_READ), BL_ACT_DENY);
	assert_int_equal(act(p, "/secret", BLP_READ), BL_ACT_ALLOW);
	assert_string_equal(why(p, "/secret", BLP_READ), "files: allow-read /secret (t.ini:3)");
	bl_policy_free(p);
}

static void test_merge_same_key(void **state)
{
	struct bl_policy *p;

	(void)state;
	/* Different accesses at one key merge; the same action twice is no conflict. */
	p = unit_compile("[files]\ndeny-read = /x\ndeny-write = /x\n[exec]\ndeny = /x\n"
			 "[network]\ndeny-unix = /x\n[mount]\ndeny-bind-sources = /x\n"
			 "[capabilities]\ndeny = sys_admin\n  CAP_SYS_ADMIN\n");
	assert_int_equal(p->n_paths, 1);
	for (unsigned int a = 0; a < BLP_ACCESS_COUNT; a++)
		if (a != BLP_LEARN_READ) /* no verdict, and never a deny */
			assert_int_equal(act(p, "/x", a), BL_ACT_DENY);
	assert_int_equal(act(p, "/x", BLP_LEARN_READ), BL_ACT_NONE);
	assert_string_equal(why(p, "/x", BLP_READ), "files: deny-read /x (t.ini:2)");
	assert_string_equal(why(p, "/x", BLP_MOUNT_SRC), "mount: deny-bind-sources /x (t.ini:9)");
	/* The first rule names a capability denied twice. */
	assert_string_equal(p->rule_text[p->prof.cap_rule[21] - 1],
			    "capabilities: deny sys_admin (t.ini:11)");
	bl_policy_free(p);
}

static void test_conflicts(void **state)
{
	struct bl_diag d = {};
	struct bl_policy *p;

	(void)state;
	/* A deny (read and write) against an allow-write at the same key: one message. */
	assert_int_equal(bl_policy_parse_string("[files]\ndeny = /d/\nallow-write = /d/\n", "t.ini",
						&p, &d),
			 -EINVAL);
	assert_int_equal(d.n, 1);
	assert_non_null(strstr(d.msgs[0],
			       "t.ini:3: conflicting rules for write of '/d/', found "
			       "'files: allow-write /d/' and 'files: deny /d/' at line 2"));
	bl_diag_free(&d);
	/* Different keys never conflict: the longer one decides below it. */
	p = unit_compile("[files]\ndeny = /d/\nallow = /d/e/\n");
	bl_policy_free(p);
	unit_expect_error("[files]\ndeny = /a\n[exec]\nallow = /a\ndeny = /a\n",
			  "t.ini:5:", "conflicting rules for exec of '/a'");
}

static void test_exec_allowlist(void **state)
{
	struct bl_policy *p;

	(void)state;
	p = unit_compile("[exec]\nallow = /usr/bin/ /bin/busybox\ndeny = /usr/bin/nc\n");
	assert_true(p->prof.flags & BL_PF(BL_PF_EXEC_ALLOWLIST));
	assert_string_equal(p->rule_text[p->prof.flag_rule[BL_PF_EXEC_ALLOWLIST] - 1],
			    "exec: not in the allow list (t.ini:2)");
	/* "/" denies what the list does not name, with the allow list's rule. */
	assert_int_equal(act(p, "/", BLP_EXEC), BL_ACT_DENY);
	assert_string_equal(why(p, "/", BLP_EXEC), "exec: not in the allow list (t.ini:2)");
	assert_int_equal(act(p, "/usr/bin/", BLP_EXEC), BL_ACT_ALLOW);
	assert_int_equal(act(p, "/usr/bin", BLP_EXEC), BL_ACT_ALLOW);
	assert_int_equal(act(p, "/bin/busybox", BLP_EXEC), BL_ACT_ALLOW);
	assert_int_equal(act(p, "/usr/bin/nc", BLP_EXEC), BL_ACT_DENY);
	assert_int_equal(act(p, "/usr/bin/nc", BLP_READ), BL_ACT_NONE);
	bl_policy_free(p);

	/* An explicit rule for "/" beats the one the allow list makes. */
	p = unit_compile("[exec]\nallow = /\n");
	assert_int_equal(p->n_paths, 1);
	assert_int_equal(act(p, "/", BLP_EXEC), BL_ACT_ALLOW);
	bl_policy_free(p);

	/* No allow list: no flag, no "/" entry. */
	p = unit_compile("[exec]\ndeny = /tmp/\n");
	assert_false(p->prof.flags & BL_PF(BL_PF_EXEC_ALLOWLIST));
	assert_int_equal(p->n_paths, 2);
	bl_policy_free(p);
}

static const struct bl_net_entry *net(const struct bl_policy *p, int proto, const char *cidr)
{
	char addr[64];
	const char *slash = strchr(cidr, '/');
	__u8 a[16] = {};
	int family;

	snprintf(addr, sizeof(addr), "%.*s", (int)(slash - cidr), cidr);
	family = strchr(addr, ':') ? 6 : 4;
	assert_int_equal(inet_pton(family == 4 ? AF_INET : AF_INET6, addr, a), 1);
	for (size_t i = 0; i < p->n_nets; i++) {
		const struct bl_net_key *k = &p->nets[i].key;

		if (k->proto == proto && k->family == family && !memcmp(k->addr, a, 16) &&
		    k->prefixlen == 64 + (__u32)atoi(slash + 1))
			return &p->nets[i];
	}
	fail_msg("no network entry %d %s", proto, cidr);
	return NULL;
}

static void expect_range(const struct bl_policy *p, const struct bl_net_entry *e, __u32 i, __u16 lo,
			 __u16 hi, __u8 action, const char *text)
{
	assert_true(i < e->rule.n_ranges);
	assert_int_equal(e->rule.ranges[i].lo, lo);
	assert_int_equal(e->rule.ranges[i].hi, hi);
	assert_int_equal(e->rule.ranges[i].action, action);
	assert_string_equal(p->rule_text[e->rule.ranges[i].rule_id - 1], text);
}

static void test_net_keys(void **state)
{
	const struct bl_net_entry *e;
	struct bl_policy *p;

	(void)state;
	p = unit_compile(
		"[network]\ndeny = tcp 0.0.0.0/0 port 2375-2376, tcp ::/0 port 2375-2376,\n"
		"  169.254.169.254/32, udp any port 53, tcp ::ffff:10.0.0.0/104\n");
	/* tcp 0/0, tcp ::/0, tcp+udp 169.254.169.254, udp 0/0 and ::/0, tcp 10/8 */
	assert_int_equal(p->n_nets, 7);
	e = net(p, IPPROTO_TCP, "0.0.0.0/0");
	assert_int_equal(e->key.prefixlen, 32 + 8 + 8 + 16);
	assert_int_equal(e->key.family, 4);
	assert_int_equal(e->key._pad[0] | e->key._pad[1], 0);
	expect_range(p, e, 0, 2375, 2376, BL_ACT_DENY,
		     "network: deny tcp 0.0.0.0/0 port 2375-2376 (t.ini:2)");
	assert_int_equal(e->rule.n_ranges, 1);
	e = net(p, IPPROTO_UDP, "169.254.169.254/32");
	assert_int_equal(e->key.prefixlen, 64 + 32);
	/* Its own range, then the one of udp 0.0.0.0/0 (port 53 is inside its own: dropped). */
	assert_int_equal(e->rule.n_ranges, 1);
	expect_range(p, e, 0, 0, 65535, BL_ACT_DENY, "network: deny 169.254.169.254/32 (t.ini:3)");
	e = net(p, IPPROTO_TCP, "169.254.169.254/32");
	expect_range(p, e, 0, 0, 65535, BL_ACT_DENY, "network: deny 169.254.169.254/32 (t.ini:3)");
	e = net(p, IPPROTO_UDP, "::/0");
	expect_range(p, e, 0, 53, 53, BL_ACT_DENY, "network: deny udp any port 53 (t.ini:3)");
	/* An IPv4-mapped IPv6 prefix is stored as IPv4, as the BPF side looks it up. */
	e = net(p, IPPROTO_TCP, "10.0.0.0/8");
	assert_int_equal(e->key.family, 4);
	/* Entries sorted: tcp before udp, IPv4 before IPv6, shorter prefix first. */
	for (size_t i = 1; i < p->n_nets; i++) {
		const struct bl_net_key *a = &p->nets[i - 1].key, *b = &p->nets[i].key;

		assert_true(a->proto < b->proto ||
			    (a->proto == b->proto &&
			     (a->family < b->family ||
			      (a->family == b->family && a->prefixlen <= b->prefixlen))));
	}
	bl_policy_free(p);
}

/* Own ranges first, then those of every enclosing prefix, the nearest first. */
static void test_net_folding(void **state)
{
	const struct bl_net_entry *e;
	struct bl_policy *p;

	(void)state;
	p = unit_compile("[network]\n"
			 "deny = tcp 0.0.0.0/0 port 2375-2376, tcp 10.0.0.0/8 port 22\n" /* 2 */
			 "  tcp 10.1.0.0/16 port 80-90\n" /* 3 */
			 "allow = tcp 10.1.2.0/24 port 85, tcp 10.1.0.0/16 port 2375\n"); /* 4 */
	e = net(p, IPPROTO_TCP, "10.1.2.0/24");
	assert_int_equal(e->rule.n_ranges, 5);
	expect_range(p, e, 0, 85, 85, BL_ACT_ALLOW,
		     "network: allow tcp 10.1.2.0/24 port 85 (t.ini:4)");
	expect_range(p, e, 1, 80, 90, BL_ACT_DENY,
		     "network: deny tcp 10.1.0.0/16 port 80-90 (t.ini:3)");
	expect_range(p, e, 2, 2375, 2375, BL_ACT_ALLOW,
		     "network: allow tcp 10.1.0.0/16 port 2375 (t.ini:4)");
	expect_range(p, e, 3, 22, 22, BL_ACT_DENY,
		     "network: deny tcp 10.0.0.0/8 port 22 (t.ini:2)");
	expect_range(p, e, 4, 2375, 2376, BL_ACT_DENY,
		     "network: deny tcp 0.0.0.0/0 port 2375-2376 (t.ini:2)");
	e = net(p, IPPROTO_TCP, "10.0.0.0/8");
	assert_int_equal(e->rule.n_ranges, 2);
	bl_policy_free(p);

	/* A range an earlier one covers could never match: it is left out. */
	p = unit_compile("[network]\ndeny = tcp 0.0.0.0/0 port 100-200\nallow = tcp 10.0.0.0/8\n");
	e = net(p, IPPROTO_TCP, "10.0.0.0/8");
	assert_int_equal(e->rule.n_ranges, 1);
	assert_int_equal(e->rule.ranges[0].action, BL_ACT_ALLOW);
	bl_policy_free(p);
}

static void test_net_too_many_ranges(void **state)
{
	char text[4096], *t = text;

	(void)state;
	t += sprintf(t, "[network]\ndeny =\n");
	for (int i = 0; i < 10; i++)
		t += sprintf(t, "  tcp 0.0.0.0/0 port %d\n", 1000 + i);
	t += sprintf(t, "allow =\n");
	for (int i = 0; i < 6; i++)
		t += sprintf(t, "  tcp 10.0.0.0/8 port %d\n", 2000 + i); /* line 14 on */
	/* 16 fit after folding... */
	{
		struct bl_policy *p = unit_compile(text);

		assert_int_equal(net(p, IPPROTO_TCP, "10.0.0.0/8")->rule.n_ranges, 16);
		bl_policy_free(p);
	}
	/* ... 17 do not. */
	sprintf(t, "  tcp 10.0.0.0/8 port 3000\n");
	unit_expect_error(text, "t.ini:14:",
			  "too many port ranges for tcp 10.0.0.0/8, found 17 with "
			  "those of the destinations that enclose it, expected at "
			  "most 16");
}

static void test_caps_flags_syscalls_fstypes(void **state)
{
	struct bl_policy *p;

	(void)state;
	p = unit_compile("[capabilities]\ndeny = CAP_CHOWN checkpoint_restore\n"
			 "[mount]\nallow-fstypes = tmpfs\n  proc tmpfs\n"
			 "[syscalls]\ndeny = reboot kexec_load reboot\n"
			 "[kernel]\nuserns = deny\nptrace = allow\n");
	assert_int_equal(p->prof.cap_deny, 1ull | (1ull << 40));
	assert_string_equal(p->rule_text[p->prof.cap_rule[40] - 1],
			    "capabilities: deny checkpoint_restore (t.ini:2)");
	assert_int_equal(p->prof.cap_rule[1], 0);
	assert_int_equal(p->prof.flags,
			 BL_PF(BL_PF_MOUNT_FSTYPE_ALLOWLIST) | BL_PF(BL_PF_DENY_USERNS));
	assert_int_equal(p->prof.flag_rule[BL_PF_DENY_PTRACE], 0);
	assert_string_equal(p->rule_text[p->prof.flag_rule[BL_PF_DENY_USERNS] - 1],
			    "kernel: userns = deny (t.ini:9)");
	assert_string_equal(p->rule_text[p->prof.flag_rule[BL_PF_MOUNT_FSTYPE_ALLOWLIST] - 1],
			    "mount: fstype not in allow-fstypes (t.ini:4)");
	assert_int_equal(p->n_fstypes, 2);
	assert_string_equal(p->rule_text[p->fstypes[1].rule.rule_id - 1],
			    "mount: allow-fstypes tmpfs (t.ini:4)");
	assert_int_equal(p->fstypes[1].key.slot, 0);
	assert_int_equal(p->n_syscalls, 2);
	bl_policy_free(p);
}

/* Rule ids are 1..n_rules, only for rules the output refers to, in the order written. */
static void test_rule_ids(void **state)
{
	struct bl_policy *p;

	(void)state;
	p = unit_compile("[syscalls]\ndeny = reboot\n[files]\ndeny = /b\n[kernel]\nbpf = allow\n"
			 "[capabilities]\ndeny = sys_time\n");
	/* The syscall rule and bpf = allow decide nothing in the maps: they have no id. */
	assert_int_equal(p->n_rules, 2);
	assert_string_equal(p->rule_text[0], "files: deny /b (t.ini:4)");
	assert_string_equal(p->rule_text[1], "capabilities: deny sys_time (t.ini:8)");
	assert_int_equal(p->paths[0].rule.read_rule, 1);
	assert_int_equal(p->prof.cap_rule[25], 2);
	bl_policy_free(p);
}

/* A rule text is cut to fit the map's 128 bytes, keeping its file and line whole. */
static void test_rule_text_cut(void **state)
{
	char text[512], path[200];
	struct bl_policy *p;
	size_t len;

	(void)state;
	memset(path, 'x', sizeof(path));
	path[0] = '/';
	/* Multi-byte characters where the cut falls: it must not split one. */
	for (int i = 90; i < 150; i += 2)
		memcpy(path + i, "\xc3\xa9", 2);
	path[180] = '\0';
	snprintf(text, sizeof(text), "[files]\ndeny = %s\n", path);
	p = unit_compile(text);
	len = strlen(p->rule_text[0]);
	assert_true(len <= BL_RULE_TEXT_MAX - 1);
	assert_non_null(strstr(p->rule_text[0], "... (t.ini:2)"));
	assert_true(blp_utf8_valid(p->rule_text[0], len, NULL));
	assert_int_equal(strncmp(p->rule_text[0], "files: deny /xxx", 16), 0);
	bl_policy_free(p);
}

static void test_too_many_paths(void **state)
{
	size_t size = (BLP_MAX_PATHS + 2) * 16 + 64;
	char *text = malloc(size), *t = text;
	struct bl_policy *p;

	(void)state;
	t += sprintf(t, "[files]\ndeny =\n");
	for (int i = 0; i < BLP_MAX_PATHS; i++)
		t += sprintf(t, " /f%d\n", i);
	p = unit_compile(text);
	assert_int_equal(p->n_paths, BLP_MAX_PATHS);
	bl_policy_free(p);
	sprintf(t, " /g/\n"); /* two more entries */
	unit_expect_error(text, "t.ini:", "too many path rules, found 16386 trie entries");
	free(text);
}

static void test_too_many_nets(void **state)
{
	size_t size = (BLP_MAX_NETS + 2) * 40 + 64;
	char *text = malloc(size), *t = text;

	(void)state;
	t += sprintf(t, "[network]\ndeny =\n");
	for (int i = 0; i < BLP_MAX_NETS / 2 + 1; i++)
		t += sprintf(t, " 10.%d.%d.0/24\n", i / 256, i % 256);
	unit_expect_error(text, "t.ini:", "too many network rules, found 1026 trie entries");
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_inheritance),
		cmocka_unit_test(test_exact_beats_directory),
		cmocka_unit_test(test_merge_same_key),
		cmocka_unit_test(test_conflicts),
		cmocka_unit_test(test_exec_allowlist),
		cmocka_unit_test(test_net_keys),
		cmocka_unit_test(test_net_folding),
		cmocka_unit_test(test_net_too_many_ranges),
		cmocka_unit_test(test_caps_flags_syscalls_fstypes),
		cmocka_unit_test(test_rule_ids),
		cmocka_unit_test(test_rule_text_cut),
		cmocka_unit_test(test_too_many_paths),
		cmocka_unit_test(test_too_many_nets),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
