// SPDX-License-Identifier: GPL-2.0
/*
 * The profile language: a table of good profiles (every rule kind, every layout inih accepts) and
 * a table of bad ones (every error class, each at its FILE:LINE with its key phrase).
 */
#include "unit.h"

struct bad {
	const char *text;
	const char *where;
	const char *what;
};

static const struct bad bad_profiles[] = {
	/* structure */
	{ "[profile]\nmode = audit\n[filez]\ndeny = /x\n",
	  "t.ini:3:", "unknown section 'filez', expected [files]" },
	{ "[nonsense]\n", "t.ini:1:", "unknown section 'nonsense'" },
	{ "[files] junk\n", "t.ini:1:", "text after a section header" },
	{ "[files\n", "t.ini:1:", "without ']'" },
	{ "deny = /x\n", "t.ini:1:", "key outside a section" },
	{ "[files]\ndeny-wrte = /x\n",
	  "t.ini:2:", "unknown key in [files], found 'deny-wrte', expected 'deny-write'" },
	{ "[files]\nfrobnicate = /x\n", "t.ini:2:", "expected one of deny, deny-read" },
	{ "[files]\ndeny = /a\ndeny = /b\n",
	  "t.ini:3:", "duplicate key 'deny' in [files], first at line 2" },
	{ "[files]\ndeny = /a\n[exec]\ndeny = /b\n[files]\ndeny = /c\n",
	  "t.ini:6:", "duplicate key" },
	{ "[files]\nthis is not a key\n", "t.ini:2:", "not a key, found 'this is not a key'" },
	{ "[files]\ndeny =\n", "t.ini:2:", "empty value for 'deny' in [files]" },
	{ "[profile]\ndescription =\n", "t.ini:2:", "empty value for 'description'" },
	{ "[profile]\nmode = enforcing\n",
	  "t.ini:2:", "bad mode, found 'enforcing', expected audit, enforce or learn" },
	{ "[profile]\nmode = audit enforce\n", "t.ini:2:", "'mode' takes one value" },
	{ "[profile]\nmode = audit\n  enforce\n", "t.ini:3:", "'mode' takes one value" },
	{ "[profile]\nname = Web\n", "t.ini:2:", "bad profile name, found 'Web'" },
	{ "[profile]\nname = other\n",
	  "t.ini:2:", "name does not match the file name, found 'other', expected 't'" },
	{ "[profile]\nextends = ../x\n", "t.ini:2:", "bad profile name, found '../x'" },
	{ "[profile]\nimages = nginx:* ngin$x\n", "t.ini:2:", "bad image pattern, found 'ngin$x'" },
	/* the reader */
	{ "[files]\n\x01\n", "t.ini:2:", "control character 0x01" },
	{ "[files]\ndeny = /caf\xc3\n", "t.ini:2:", "invalid UTF-8" },
	{ "[files]\ndeny = /caf\xed\xa0\x80\n", "t.ini:2:", "invalid UTF-8" },
	/* paths */
	{ "[files]\ndeny = etc/shadow\n",
	  "t.ini:2:", "relative path, found 'etc/shadow', expected an absolute path" },
	{ "[files]\ndeny = /etc/../shadow\n", "t.ini:2:", "'..' component in a path" },
	{ "[files]\ndeny = /etc/./shadow\n", "t.ini:2:", "'.' component in a path" },
	{ "[files]\ndeny = /etc/..\n", "t.ini:2:", "'..' component" },
	{ "[files]\ndeny = /etc//shadow\n", "t.ini:2:", "empty component ('//')" },
	{ "[files]\ndeny = //\n", "t.ini:2:", "empty component" },
	{ "[files]\ndeny = /sys/fs/cgroup/*/release_agent\n", "t.ini:2:", "wildcard in a path" },
	{ "[files]\ndeny = /a;b\n", "t.ini:2:", "';' in a path" },
	{ "[files]\ndeny = /a\n  rel\n", "t.ini:3:", "relative path, found 'rel'" },
	{ "[exec]\nallow = bin/\n", "t.ini:2:", "relative path" },
	{ "[network]\ndeny-unix = run/x.sock\n", "t.ini:2:", "relative path" },
	{ "[mount]\ndeny-bind-sources = /proc/../\n", "t.ini:2:", "'..' component" },
	/* network */
	{ "[network]\ndeny = tcp 10.0.0.1/8\n",
	  "t.ini:2:", "bits set past its /8 prefix, found '10.0.0.1/8'" },
	{ "[network]\ndeny = 1.2.3.4/33\n",
	  "t.ini:2:", "bad prefix length, found '1.2.3.4/33', expected /0 to /32" },
	{ "[network]\ndeny = ::1/129\n", "t.ini:2:", "expected /0 to /128" },
	{ "[network]\ndeny = 1.2.3.4/\n", "t.ini:2:", "bad prefix length" },
	{ "[network]\ndeny = 1.2.3.4/+8\n", "t.ini:2:", "bad prefix length" },
	{ "[network]\ndeny = 1.2.3\n", "t.ini:2:", "bad address, found '1.2.3'" },
	{ "[network]\ndeny = 300.1.1.1\n", "t.ini:2:", "bad address" },
	{ "[network]\ndeny = tcp fe80::zz\n", "t.ini:2:", "bad address" },
	{ "[network]\ndeny = tpc 1.1.1.1\n",
	  "t.ini:2:", "unknown protocol, found 'tpc', expected tcp or udp" },
	{ "[network]\ndeny = tcp\n", "t.ini:2:", "missing address" },
	{ "[network]\ndeny = tcp 1.1.1.1 port 0\n", "t.ini:2:", "port out of range, found '0'" },
	{ "[network]\ndeny = tcp 1.1.1.1 port 65536\n",
	  "t.ini:2:", "port out of range, found '65536'" },
	{ "[network]\ndeny = tcp 1.1.1.1 port 2376-2375\n",
	  "t.ini:2:", "bad port range, found '2376-2375'" },
	{ "[network]\ndeny = tcp 1.1.1.1 port 1-\n", "t.ini:2:", "bad port, found '1-'" },
	{ "[network]\ndeny = tcp 1.1.1.1 port http\n", "t.ini:2:", "bad port, found 'http'" },
	{ "[network]\ndeny = tcp 1.1.1.1 port\n", "t.ini:2:", "missing port after 'port'" },
	/* listen ports */
	{ "[network]\nallow-listen = sctp 80\n",
	  "t.ini:2:", "unknown protocol, found 'sctp', expected tcp or udp" },
	{ "[network]\nallow-listen = 8080\n",
	  "t.ini:2:", "missing protocol before '8080', expected tcp or udp" },
	{ "[network]\ndeny-listen = any\n", "t.ini:2:", "missing protocol before 'any'" },
	{ "[network]\nallow-listen = tcp\n", "t.ini:2:", "missing port after 'tcp'" },
	{ "[network]\nallow-listen = tcp 80\n  udp\n", "t.ini:3:", "missing port after 'udp'" },
	{ "[network]\nallow-listen = tcp 0\n", "t.ini:2:", "port out of range, found '0'" },
	{ "[network]\nallow-listen = udp 65536\n", "t.ini:2:", "port out of range, found '65536'" },
	{ "[network]\ndeny-listen = tcp 90-80\n", "t.ini:2:", "bad port range, found '90-80'" },
	{ "[network]\nallow-listen = tcp http\n", "t.ini:2:", "bad port, found 'http'" },
	{ "[network]\nallow-listen = tcp port 80\n", "t.ini:2:", "bad port, found 'port'" },
	{ "[network]\nallow-listen = tcp 80,, udp 53\n", "t.ini:2:", "empty destination" },
	{ "[network]\nallow-listen = tcp 8000-8100\ndeny-listen = tcp 8080\n", "t.ini:3:",
	  "conflicting rules for tcp listen ports, found 'network: deny-listen tcp 8080' and "
	  "'network: allow-listen tcp 8000-8100' at line 2" },
	{ "[network]\ndeny-listen = udp any\nallow-listen = tcp 53, udp 53\n",
	  "t.ini:3:", "conflicting rules for udp listen ports" },
	{ "[network]\nallow-listn = tcp 80\n",
	  "t.ini:2:", "found 'allow-listn', expected 'allow-listen'" },
	/* learn */
	{ "[lern]\nwatch-read = /etc/\n", "t.ini:1:", "unknown section 'lern', expected [learn]" },
	{ "[learn]\nwatch-reed = /etc/\n",
	  "t.ini:2:", "unknown key in [learn], found 'watch-reed', expected 'watch-read'" },
	{ "[learn]\nwatch-read = etc/\n", "t.ini:2:", "relative path, found 'etc/'" },
	{ "[learn]\nwatch-read = /etc/../\n", "t.ini:2:", "'..' component" },
	{ "[learn]\nwatch-read =\n", "t.ini:2:", "empty value for 'watch-read' in [learn]" },
	{ "[network]\ndeny = tcp 1.1.1.1 80\n", "t.ini:2:", "unexpected '80' after the address" },
	{ "[network]\ndeny = tcp 1.1.1.1,, tcp 2.2.2.2\n",
	  "t.ini:2:", "empty destination before a comma" },
	{ "[network]\ndeny = , tcp 2.2.2.2\n", "t.ini:2:", "empty destination" },
	/* mount, capabilities, syscalls, switches */
	{ "[mount]\ndeny = some\n",
	  "t.ini:2:", "bad value for deny in [mount], found 'some', expected all or none" },
	{ "[mount]\nallow-fstypes = tmpfs Ext4!\n",
	  "t.ini:2:", "bad filesystem type, found 'Ext4!'" },
	{ "[capabilities]\ndeny = sys_admn\n", "t.ini:2:",
	  "unknown capability, found 'sys_admn', expected a name from capabilities(7) such as CAP_SYS_ADMIN" },
	{ "[capabilities]\ndeny = CAP_FOO\n", "t.ini:2:", "unknown capability, found 'CAP_FOO'" },
	{ "[syscalls]\ndeny = kexec_lod\n", "t.ini:2:",
	  "unknown syscall, found 'kexec_lod', expected an x86_64 syscall name such as 'kexec_load'" },
	{ "[syscalls]\ndeny = socketcall\n", "t.ini:2:", "unknown syscall, found 'socketcall'" },
	{ "[syscalls]\ndeny = KEXEC_LOAD\n", "t.ini:2:", "unknown syscall" },
	{ "[kernel]\nmodules = yes\n",
	  "t.ini:2:", "bad value for modules in [kernel], found 'yes', expected deny or allow" },
	{ "[kernel]\nbpf = deny allow\n", "t.ini:2:", "'bpf' takes one value" },
	{ "[kernel]\nptrace =\n", "t.ini:2:", "empty value for 'ptrace'" },
	/* conflicts in one profile */
	{ "[files]\ndeny = /etc/\nallow-read = /etc/\n", "t.ini:3:",
	  "conflicting rules for read of '/etc/', found 'files: allow-read /etc/' and 'files: deny /etc/' at line 2" },
	{ "[files]\ndeny-write = /a\n[mount]\nallow-bind-sources = /a\ndeny-bind-sources = /a\n",
	  "t.ini:5:", "conflicting rules for mount_src of '/a'" },
	{ "[exec]\ndeny = /bin/sh\nallow = /bin/sh\n",
	  "t.ini:3:", "conflicting rules for exec of '/bin/sh'" },
	{ "[network]\ndeny-unix = /run/x.sock\nallow-unix = /run/x.sock\n",
	  "t.ini:3:", "conflicting rules for unix_connect" },
	{ "[capabilities]\ndeny = sys_admin\nallow = CAP_SYS_ADMIN\n",
	  "t.ini:3:", "conflicting rules for a capability" },
	{ "[syscalls]\ndeny = reboot\nallow = reboot\n",
	  "t.ini:3:", "conflicting rules for a syscall" },
	{ "[network]\ndeny = tcp 10.0.0.0/8\nallow = tcp 10.0.0.0/8 port 443\n",
	  "t.ini:3:", "conflicting rules for tcp 10.0.0.0/8" },
	{ "[network]\ndeny = 10.0.0.0/8 port 1-100\nallow = udp 10.0.0.0/8 port 100-200\n",
	  "t.ini:3:", "conflicting rules for udp 10.0.0.0/8" },
};

static void test_bad_profiles(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad_profiles) / sizeof(bad_profiles[0]); i++)
		unit_expect_error(bad_profiles[i].text, bad_profiles[i].where,
				  bad_profiles[i].what);
}

/* Every error of a file is reported, not only the first, and in line order of the reader. */
static void test_all_errors_reported(void **state)
{
	const char *text = "[profile]\nmode = loud\n[files]\ndeny = rel /ok\n  ../x\n"
			   "[capabilities]\ndeny = nope\n[kernel]\nbpf = maybe\n";
	struct bl_policy *p = NULL;
	struct bl_diag d = {};

	(void)state;
	assert_int_equal(bl_policy_parse_string(text, "t.ini", &p, &d), -EINVAL);
	assert_null(p);
	assert_int_equal(d.n, 5);
	assert_true(unit_has_msg(&d, "t.ini:2:", "bad mode"));
	assert_true(unit_has_msg(&d, "t.ini:4:", "relative path, found 'rel'"));
	assert_true(unit_has_msg(&d, "t.ini:5:", "relative path, found '../x'"));
	assert_true(unit_has_msg(&d, "t.ini:7:", "unknown capability"));
	assert_true(unit_has_msg(&d, "t.ini:9:", "bad value for bpf"));
	bl_diag_free(&d);
}

/* Debian's inih splits a line of 200 characters or more: the reader refuses it instead. */
static void test_long_line(void **state)
{
	char text[600], *p = text;
	struct bl_policy *pol;

	(void)state;
	p += sprintf(p, "[files]\ndeny = /");
	memset(p, 'a', 300);
	p += 300;
	strcpy(p, "\n  /b\n[kernel]\nbpf = deny\n");
	unit_expect_error(text, "t.ini:2:", "line longer than 199 characters, found 308");

	/* 199 characters is still a line. */
	p = text + sprintf(text, "[files]\ndeny = /");
	memset(p, 'a', 199 - 8);
	strcpy(p + 199 - 8, "\n");
	pol = unit_compile(text);
	assert_int_equal(pol->n_paths, 1);
	assert_int_equal(strlen(pol->paths[0].key.path), 199 - 7);
	bl_policy_free(pol);
}

/* A continuation after a refused line is not taken as a value of the key before it. */
static void test_long_line_drops_continuation(void **state)
{
	char text[600], *p = text;
	struct bl_diag d = {};
	struct bl_policy *pol;

	(void)state;
	p += sprintf(p, "[files]\ndeny = /a\ndeny-write = /");
	memset(p, 'b', 250);
	p += 250;
	strcpy(p, "\n  relative\n");
	assert_int_equal(bl_policy_parse_string(text, "t.ini", &pol, &d), -EINVAL);
	assert_int_equal(d.n, 1);
	bl_diag_free(&d);
}

static void test_over_long_path(void **state)
{
	char path[BL_RULE_PATH_MAX + 8], err[512];
	struct blp_path p;

	(void)state;
	/* Unreachable from a file (lines stop at 199), so checked on the path parser itself. */
	path[0] = '/';
	memset(path + 1, 'x', BLP_PATH_MAX - 1);
	path[BLP_PATH_MAX] = '\0';
	assert_int_equal(blp_parse_path(path, &p, err, sizeof(err)), 0);
	assert_int_equal(strlen(p.path), 251);
	path[BLP_PATH_MAX] = 'y';
	path[BLP_PATH_MAX + 1] = '\0';
	assert_int_equal(blp_parse_path(path, &p, err, sizeof(err)), -EINVAL);
	assert_non_null(
		strstr(err, "path longer than 251 bytes (the limit of the kernel's path trie"));
	assert_non_null(strstr(err, "found 252 bytes"));
}

/* Every layout inih accepts, with continuation lines and comments where people put them. */
static void test_layout(void **state)
{
	const char *text = "\xef\xbb\xbf; a comment after a byte order mark\r\n"
			   "# another kind of comment\r\n"
			   "[profile]\r\n"
			   "description = first line\r\n"
			   "\tsecond line ; a comment, not part of it\r\n"
			   "mode: enforce\r\n"
			   "\r\n"
			   "[files]\r\n"
			   "  deny =            ; an indented key at the start of a section\r\n"
			   "    /a /b ; comment\r\n"
			   "    ; a comment line inside the list\r\n"
			   "\r\n"
			   "    /c\r\n"
			   "deny-write = /d";
	struct bl_policy *p;

	(void)state;
	p = unit_compile(text);
	assert_string_equal(p->description, "first line second line");
	assert_int_equal(p->prof.mode, BL_MODE_ENFORCE);
	assert_int_equal(p->n_paths, 4);
	assert_string_equal(p->paths[2].key.path, "/c");
	assert_string_equal(p->rule_text[2], "files: deny /c (t.ini:13)");
	assert_string_equal(p->rule_text[3], "files: deny-write /d (t.ini:14)");
	bl_policy_free(p);

	/* No whitespace before ';': not a comment, part of the path, and refused there. */
	unit_expect_error("[files]\ndeny = /d;comment\n", "t.ini:2:", "';' in a path");
	/* An indented line with no key before it is a key line of its own. */
	p = unit_compile("[files]\n\tdeny = /a\n\t\t/b\n");
	assert_int_equal(p->n_paths, 2);
	bl_policy_free(p);
}

static void test_name(void **state)
{
	struct bl_policy *p = NULL;
	struct bl_diag d = {};

	(void)state;
	p = unit_compile("[profile]\nname = t\n");
	assert_string_equal(p->name, "t");
	bl_policy_free(p);
	/* The file name gives the name... */
	assert_int_equal(bl_policy_parse_string("", "dir/web-1.ini", &p, &d), 0);
	assert_string_equal(p->name, "web-1");
	bl_policy_free(p);
	/* ... a file not called NAME.ini must say it ... */
	assert_int_equal(bl_policy_parse_string("[files]\ndeny = /x\n", "stdin", &p, &d), -EINVAL);
	assert_true(unit_has_msg(&d, "stdin:", "no profile name"));
	bl_diag_free(&d);
	assert_int_equal(bl_policy_parse_string("[profile]\nname = x\n", "stdin", &p, &d), 0);
	assert_string_equal(p->name, "x");
	bl_policy_free(p);
	/* ... and one that is not a valid name too. */
	assert_int_equal(bl_policy_parse_string("", "My Profile.ini", &p, &d), -EINVAL);
	assert_true(unit_has_msg(&d, "My Profile.ini:", "no profile name"));
	bl_diag_free(&d);
	assert_int_equal(
		bl_policy_parse_string("[profile]\nname = mine\n", "My Profile.ini", &p, &d), 0);
	bl_policy_free(p);
}

/* One profile with every rule kind: what each becomes. */
static void test_every_rule_kind(void **state)
{
	const char *text = "[profile]\n"
			   "description = all of it\n"
			   "images = nginx:* docker.io/library/nginx:1.*\n"
			   "mode = audit\n"
			   "extends = base\n"
			   "[exec]\n"
			   "allow = /usr/bin/\n"
			   "deny = /usr/bin/nc\n"
			   "[files]\n"
			   "deny = /f/deny\n"
			   "deny-read = /f/deny-read\n"
			   "deny-write = /f/deny-write\n"
			   "allow = /f/allow\n"
			   "allow-read = /f/allow-read\n"
			   "allow-write = /f/allow-write\n"
			   "[network]\n"
			   "deny = tcp 0.0.0.0/0 port 2375-2376, udp ::/0 port 53\n"
			   "allow = tcp 10.0.0.0/8 port 443\n"
			   "deny-unix = /run/docker.sock\n"
			   "allow-unix = /run/ok.sock\n"
			   "deny-listen = tcp 22\n"
			   "allow-listen = tcp 8080, udp 53\n"
			   "[mount]\n"
			   "deny = all\n"
			   "allow-fstypes = tmpfs proc\n"
			   "deny-bind-sources = /proc/\n"
			   "allow-bind-sources = /data/\n"
			   "[capabilities]\n"
			   "deny = SYS_ADMIN cap_bpf Cap_Mknod\n"
			   "allow = net_raw\n"
			   "[syscalls]\n"
			   "deny = kexec_load reboot\n"
			   "allow = mount\n"
			   "[kernel]\n"
			   "modules = deny\n"
			   "bpf = deny\n"
			   "ptrace = deny\n"
			   "userns = deny\n"
			   "cgroup-escape = deny\n"
			   "[learn]\n"
			   "watch-read = /etc/ /app/config.yml\n";
	struct bl_policy *p;
	__u32 all = 0;

	(void)state;
	p = unit_compile(text);
	assert_string_equal(p->name, "t");
	assert_string_equal(p->description, "all of it");
	assert_int_equal(p->n_images, 2);
	assert_string_equal(p->images[1], "docker.io/library/nginx:1.*");
	assert_string_equal(p->extends, "base");
	assert_int_equal(p->mode, BL_MODE_AUDIT);
	assert_int_equal(p->prof.mode, BL_MODE_AUDIT);
	for (unsigned int f = 0; f < BL_PF_COUNT; f++)
		all |= BL_PF(f);
	assert_int_equal(p->prof.flags, all);
	for (unsigned int f = 0; f < BL_PF_COUNT; f++)
		assert_true(p->prof.flag_rule[f] > 0 && p->prof.flag_rule[f] <= p->n_rules);
	assert_int_equal(p->prof.cap_deny, (1ull << 21) | (1ull << 39) | (1ull << 27));
	assert_int_equal(p->n_fstypes, 2);
	assert_string_equal(p->fstypes[0].key.fstype, "proc");
	assert_string_equal(p->fstypes[1].key.fstype, "tmpfs");
	assert_int_equal(p->n_syscalls, 2);
	assert_int_equal(p->syscalls[0], 169); /* reboot */
	assert_int_equal(p->syscalls[1], 246); /* kexec_load */
	/* tcp 0/0, udp ::/0, tcp 10/8 */
	assert_int_equal(p->n_nets, 3);
	assert_int_equal(p->prof.n_listen, 3);
	/* Every kind of rule, so every hook is needed. */
	assert_int_equal(bl_policy_rule_kinds(p) & 0xffff0000u,
			 BL_RK_PATH_OPEN | BL_RK_PATH_EXEC | BL_RK_PATH_UNIX |
				 BL_RK_PATH_MOUNT_SRC | BL_RK_NET | BL_RK_CAP | BL_RK_LISTEN |
				 BL_RK_LEARN_READ);
	bl_policy_free(p);
}

/* More listen ranges than the kernel checks: an error at the first that does not fit. */
static void test_too_many_listen_ranges(void **state)
{
	char text[1024], *p = text;
	struct bl_policy *pol;

	(void)state;
	p += sprintf(p, "[network]\nallow-listen = tcp 1\n");
	for (int i = 2; i <= BL_LISTEN_RANGES + 1; i++)
		p += sprintf(p, "  tcp %d\n", i * 10);
	/* BL_LISTEN_RANGES is 16: the 17th range is on line 18. */
	unit_expect_error(text, "t.ini:18:",
			  "too many listen port ranges for profile t, found 'network: allow-listen "
			  "tcp 170' past 16");
	/* Exactly as many is fine, and a range that an earlier one covers takes no room. */
	p = text;
	p += sprintf(p, "[network]\nallow-listen = tcp 1\n");
	for (int i = 2; i <= BL_LISTEN_RANGES; i++)
		p += sprintf(p, "  tcp %d\n", i * 10);
	p += sprintf(p, "  tcp 1\ndeny-listen = tcp 20000-30000\n  tcp 25000\n");
	unit_expect_error(text,
			  "t.ini:19:", "found 'network: deny-listen tcp 20000-30000' past 16");
	*strstr(text, "deny-listen") = '\0';
	pol = unit_compile(text);
	assert_int_equal(pol->prof.n_listen, BL_LISTEN_RANGES);
	bl_policy_free(pol);
}

static void test_mode_learn(void **state)
{
	struct bl_policy *p;

	(void)state;
	p = unit_compile("[profile]\nmode = learn\n");
	assert_int_equal(p->mode, BL_MODE_LEARN);
	assert_int_equal(p->prof.mode, BL_MODE_LEARN);
	bl_policy_free(p);
}

static void test_empty_profile(void **state)
{
	struct bl_policy *p;

	(void)state;
	p = unit_compile("");
	assert_int_equal(p->n_paths + p->n_nets + p->n_fstypes + p->n_syscalls + p->n_rules, 0);
	assert_int_equal(p->prof.flags, 0);
	assert_int_equal(p->prof.mode, BL_MODE_AUDIT);
	assert_int_equal(p->mode, 0);
	bl_policy_free(p);
}

static void test_error_limit(void **state)
{
	char *text = malloc(20 * 1000 + 32), *p = text;
	struct bl_policy *pol;
	struct bl_diag d = {};

	(void)state;
	p += sprintf(p, "[files]\ndeny =\n");
	for (int i = 0; i < 1000; i++)
		p += sprintf(p, "  rel%d\n", i);
	assert_int_equal(bl_policy_parse_string(text, "t.ini", &pol, &d), -EINVAL);
	assert_int_equal(d.n, BLP_MAX_ERRORS + 1);
	assert_non_null(strstr(d.msgs[BLP_MAX_ERRORS], "too many errors"));
	bl_diag_free(&d);
	free(text);
}

static void test_file_errors(void **state)
{
	char dir[] = "/tmp/bl-parse-XXXXXX", path[64];
	struct bl_policy *p;
	struct bl_diag d = {};
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/missing.ini", dir);
	assert_int_equal(bl_policy_parse_file(path, &p, &d), -ENOENT);
	assert_true(unit_has_msg(&d, path, "cannot read the profile: No such file"));
	bl_diag_free(&d);

	/* A NUL byte in a file is refused on its line. */
	snprintf(path, sizeof(path), "%s/nul.ini", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fwrite("[files]\ndeny = /a\0b\n", 1, 20, f);
	fclose(f);
	assert_int_equal(bl_policy_parse_file(path, &p, &d), -EINVAL);
	assert_int_equal(d.n, 1);
	assert_non_null(strstr(d.msgs[0], "nul.ini:2: NUL byte in column 10"));
	bl_diag_free(&d);
	unlink(path);
	rmdir(dir);
}

static void test_image_match(void **state)
{
	(void)state;
	assert_true(bl_image_match("nginx:*", "nginx:1.25"));
	assert_true(bl_image_match("nginx:*", "nginx:"));
	assert_false(bl_image_match("nginx:*", "nginx"));
	assert_false(bl_image_match("nginx:*", "xnginx:1"));
	assert_true(bl_image_match("*/nginx:*", "docker.io/library/nginx:latest"));
	assert_true(bl_image_match("docker.io/*/nginx:1.*", "docker.io/library/nginx:1.2"));
	assert_false(bl_image_match("docker.io/*/nginx:1.*", "docker.io/library/nginx:2.0"));
	assert_true(bl_image_match("*", ""));
	assert_true(bl_image_match("a*b*c", "aXXbYYbc"));
	assert_false(bl_image_match("a*b*c", "aXXbYYbcd"));
	assert_true(bl_image_match("boxlock-web:*", "boxlock-web:latest"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_profiles),
		cmocka_unit_test(test_all_errors_reported),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_long_line_drops_continuation),
		cmocka_unit_test(test_over_long_path),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_name),
		cmocka_unit_test(test_every_rule_kind),
		cmocka_unit_test(test_too_many_listen_ranges),
		cmocka_unit_test(test_mode_learn),
		cmocka_unit_test(test_empty_profile),
		cmocka_unit_test(test_error_limit),
		cmocka_unit_test(test_file_errors),
		cmocka_unit_test(test_image_match),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
