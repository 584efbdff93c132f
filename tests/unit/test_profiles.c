// SPDX-License-Identifier: GPL-2.0
/*
 * The shipped profiles (every profiles/NAME.ini, read from the repository root where the tests run):
 * every one compiles, and the default profile stops what it says it stops.
 */
#include <glob.h>
#include <netinet/in.h>
#include "unit.h"

static struct bl_policy_set set;

static int setup(void **state)
{
	struct bl_diag d = {};
	glob_t g;
	int err;

	(void)state;
	if (glob("profiles/*.ini", 0, NULL, &g) || g.gl_pathc < 7) {
		fprintf(stderr, "run from the repository root: profiles/*.ini not found\n");
		return -1;
	}
	err = bl_policy_set_load((const char *const *)g.gl_pathv, g.gl_pathc, NULL, &set, &d);
	bl_diag_print(&d, stderr);
	globfree(&g);
	bl_diag_free(&d);
	return err;
}

static int teardown(void **state)
{
	(void)state;
	bl_policy_set_free(&set);
	return 0;
}

static const struct bl_policy *get(const char *name)
{
	const struct bl_policy *p = bl_policy_set_find(&set, name);

	if (!p)
		fail_msg("profile %s is not shipped", name);
	return p;
}

/* The decision for @path as the BPF side finds it: the longest matching key. */
static const struct bl_path_rule *lookup(const struct bl_policy *p, const char *path)
{
	const struct bl_path_rule *best = NULL;
	__u32 best_len = 0, len = (__u32)strlen(path) + 1;

	for (size_t i = 0; i < p->n_paths; i++) {
		__u32 klen = (p->paths[i].key.prefixlen - 32) / 8;

		if (klen <= len && klen > best_len && !memcmp(p->paths[i].key.path, path, klen)) {
			best = &p->paths[i].rule;
			best_len = klen;
		}
	}
	return best;
}

static __u8 decide(const struct bl_policy *p, const char *path, unsigned int access)
{
	const struct bl_path_rule *r = lookup(p, path);
	struct bl_path_rule copy;

	if (!r)
		return BL_ACT_NONE;
	copy = *r;
	return *blp_path_action(&copy, access);
}

static bool denied(const struct bl_policy *p, const char *path, unsigned int access)
{
	return decide(p, path, access) == BL_ACT_DENY;
}

/* The decision of the net trie for a TCP connection to IPv4 @a.b.c.d port @port. */
static bool tcp4_denied(const struct bl_policy *p, __u8 a, __u8 b, __u8 c, __u8 d, __u16 port)
{
	const struct bl_net_entry *best = NULL;
	__u8 addr[4] = { a, b, c, d };

	for (size_t i = 0; i < p->n_nets; i++) {
		const struct bl_net_key *k = &p->nets[i].key;
		__u32 plen = k->prefixlen - 64, full = plen / 8;

		if (k->proto != IPPROTO_TCP || k->family != 4 || memcmp(k->addr, addr, full))
			continue;
		if (plen % 8 && (k->addr[full] ^ addr[full]) >> (8 - plen % 8))
			continue;
		if (!best || best->key.prefixlen < k->prefixlen)
			best = &p->nets[i];
	}
	for (__u32 i = 0; best && i < best->rule.n_ranges; i++)
		if (best->rule.ranges[i].lo <= port && port <= best->rule.ranges[i].hi)
			return best->rule.ranges[i].action == BL_ACT_DENY;
	return false;
}

static void test_all_compile(void **state)
{
	static const char *const names[] = { "default", "restricted", "privileged", "nginx",
					     "redis",	"postgres",   "web" };

	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const struct bl_policy *p = get(names[i]);

		assert_non_null(p->description);
		assert_true(p->n_rules > 0);
		/* Every id in the output names a rule text. */
		for (size_t j = 0; j < p->n_paths; j++) {
			struct bl_path_rule r = p->paths[j].rule;

			for (unsigned int a = 0; a < BLP_ACCESS_COUNT; a++)
				assert_true(*blp_path_rule_id(&r, a) <= p->n_rules);
		}
	}
	assert_int_equal(get("privileged")->prof.mode, BL_MODE_AUDIT);
	assert_int_equal(get("restricted")->prof.mode, BL_MODE_AUDIT);
	assert_int_equal(get("default")->prof.mode, BL_MODE_ENFORCE);
	assert_int_equal(get("web")->prof.mode, BL_MODE_ENFORCE);
	assert_string_equal(get("web")->images[0], "boxlock-web:*");
	/* Containers find their profile by image. */
	assert_ptr_equal(bl_policy_set_match(&set, "boxlock-web:latest"), get("web"));
	assert_ptr_equal(bl_policy_set_match(&set, "nginx:1.27-alpine"), get("nginx"));
	assert_ptr_equal(bl_policy_set_match(&set, "docker.io/library/redis:7"), get("redis"));
	assert_ptr_equal(bl_policy_set_match(&set, "postgres@sha256:0123"), get("postgres"));
	assert_null(bl_policy_set_match(&set, "alpine:3"));
}

static void test_default_stops_escapes(void **state)
{
	const struct bl_policy *p = get("default");
	static const char *const sockets[] = {
		"/var/run/docker.sock",
		"/run/docker.sock",
		"/run/containerd/containerd.sock",
		"/run/containerd/containerd.sock.ttrpc",
		"/var/run/crio/crio.sock",
		"/run/podman/podman.sock",
		/* The host's other control sockets: root on the host starts processes through them. */
		"/run/systemd/private",
		"/run/dbus/system_bus_socket",
		"/var/run/dbus/system_bus_socket",
		"/run/user/0/bus",
		"/run/user/0/systemd/private",
		"/run/systemd/machine/io.systemd.Machine",
		"/run/containerd/s/0123456789abcdef",
		"/var/run/cri-dockerd.sock",
		"/run/k3s/containerd/containerd.sock",
		"/run/buildkit/buildkitd.sock",
		"/run/snapd.socket",
		"/run/libvirt/libvirt-sock",
		"/var/run/libvirt/virtqemud-sock",
		"/var/snap/lxd/common/lxd/unix.socket",
		"/var/lib/lxd/unix.socket",
		"/var/lib/incus/unix.socket",
		"/run/docker/plugins/x.sock",
	};
	/* Sockets that start nothing stay reachable. */
	static const char *const not_control[] = {
		"/run/systemd/notify", "/run/systemd/journal/stdout", "/run/systemd/journal/socket",
		"/run/user/1000/bus",  "/run/snapd-snap.socket",
	};
	static const char *const knobs[] = {
		"/proc/sysrq-trigger",
		"/proc/sys/kernel/core_pattern",
		"/proc/sys/kernel/modprobe",
		"/proc/sys/fs/binfmt_misc/register",
		"/sys/fs/cgroup/release_agent",
		"/sys/fs/cgroup/memory/release_agent",
		"/sys/kernel/security/apparmor/.replace",
		"/sys/kernel/uevent_helper",
	};
	static const unsigned int caps[] = { 21, 16, 19, 17, 2, 12, 39, 38, 27, 22, 25, 33, 32 };
	__u64 want = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(sockets) / sizeof(sockets[0]); i++) {
		assert_true(denied(p, sockets[i], BLP_UNIX_CONNECT));
		assert_true(denied(p, sockets[i], BLP_READ));
		assert_true(denied(p, sockets[i], BLP_WRITE));
	}
	for (size_t i = 0; i < sizeof(not_control) / sizeof(not_control[0]); i++)
		assert_false(denied(p, not_control[i], BLP_UNIX_CONNECT));
	for (size_t i = 0; i < sizeof(knobs) / sizeof(knobs[0]); i++)
		assert_true(denied(p, knobs[i], BLP_WRITE));
	for (size_t i = 0; i < sizeof(caps) / sizeof(caps[0]); i++)
		want |= 1ull << caps[i];
	assert_int_equal(p->prof.cap_deny, want);
	for (unsigned int f = BL_PF_DENY_MOUNT; f <= BL_PF_DENY_CGROUP_ESCAPE; f++)
		if (f != BL_PF_MOUNT_FSTYPE_ALLOWLIST)
			assert_true(p->prof.flags & BL_PF(f));
	assert_false(p->prof.flags & BL_PF(BL_PF_EXEC_ALLOWLIST));
	assert_true(tcp4_denied(p, 172, 17, 0, 1, 2375));
	assert_true(tcp4_denied(p, 10, 1, 2, 3, 2376));
	assert_false(tcp4_denied(p, 10, 1, 2, 3, 443));
	assert_true(p->n_syscalls > 0);
}

/* What an ordinary container does must not be denied. */
static void test_default_lets_containers_work(void **state)
{
	const struct bl_policy *p = get("default");
	static const char *const reads[] = {
		"/etc/passwd",
		"/proc/sys/kernel/hostname",
		"/proc/sys/net/core/somaxconn",
		"/proc/self/status",
		"/proc/cpuinfo",
		"/sys/fs/cgroup/memory.max",
		"/usr/share/nginx/html/index.html",
		"/proc/sys/kernel/core_pattern",
	};
	static const char *const writes[] = {
		"/tmp/x",
		"/dev/null",
		"/dev/pts/0",
		"/var/log/nginx/access.log",
		"/proc/sys/net/ipv4/ip_forward",
		"/proc/sys/kernel/shmmax",
		"/proc/sys/fs/mqueue/msg_max",
		"/sys/fs/cgroup/cgroup.subtree_control",
		"/run/nginx.pid",
		"/www/index.html",
	};
	static const char *const execs[] = { "/bin/sh", "/usr/sbin/nginx", "/tmp/build/a.out" };

	(void)state;
	for (size_t i = 0; i < sizeof(reads) / sizeof(reads[0]); i++)
		assert_false(denied(p, reads[i], BLP_READ));
	for (size_t i = 0; i < sizeof(writes) / sizeof(writes[0]); i++)
		assert_false(denied(p, writes[i], BLP_WRITE));
	for (size_t i = 0; i < sizeof(execs) / sizeof(execs[0]); i++)
		assert_false(denied(p, execs[i], BLP_EXEC));
	assert_false(denied(p, "/run/user/1000/bus", BLP_UNIX_CONNECT));
}

static void test_restricted(void **state)
{
	const struct bl_policy *p = get("restricted");

	(void)state;
	assert_true(p->prof.flags & BL_PF(BL_PF_EXEC_ALLOWLIST));
	assert_false(denied(p, "/bin/sh", BLP_EXEC));
	assert_false(denied(p, "/usr/local/bin/app", BLP_EXEC));
	assert_true(denied(p, "/tmp/payload", BLP_EXEC));
	assert_true(denied(p, "/dev/shm/x", BLP_EXEC));
	assert_true(denied(p, "/app/server", BLP_EXEC));
	assert_true(denied(p, "/etc/passwd", BLP_WRITE));
	assert_true(denied(p, "/usr/bin/ls", BLP_WRITE));
	assert_false(denied(p, "/tmp/x", BLP_WRITE));
	assert_false(denied(p, "/dev/null", BLP_WRITE));
	/* The default's more specific rules still hold inside the allowed directories. */
	assert_true(denied(p, "/run/docker.sock", BLP_WRITE));
	assert_true(denied(p, "/dev/mem", BLP_WRITE));
	assert_true(denied(p, "/proc/sysrq-trigger", BLP_WRITE));
	assert_true(denied(p, "/run/containerd/containerd.sock", BLP_UNIX_CONNECT));
	assert_true(tcp4_denied(p, 169, 254, 169, 254, 80));
	assert_true(tcp4_denied(p, 1, 2, 3, 4, 2375));
}

static void test_image_profiles(void **state)
{
	const struct bl_policy *web = get("web"), *redis = get("redis"), *pg = get("postgres");
	const struct bl_policy *nginx = get("nginx");

	(void)state;
	assert_false(denied(web, "/bin/busybox", BLP_EXEC));
	assert_false(denied(web, "/www/index.html", BLP_READ));
	assert_true(denied(web, "/www/index.html", BLP_WRITE));
	assert_true(denied(web, "/etc/shadow", BLP_READ));
	assert_true(denied(web, "/tmp/x", BLP_EXEC));
	assert_true(tcp4_denied(web, 93, 184, 216, 34, 80));
	assert_false(tcp4_denied(web, 127, 0, 0, 1, 80));

	assert_false(denied(redis, "/data/dump.rdb", BLP_WRITE));
	assert_true(denied(redis, "/root/.ssh/authorized_keys", BLP_WRITE));
	assert_true(denied(redis, "/var/spool/cron/crontabs/root", BLP_WRITE));
	assert_true(denied(redis, "/data/payload", BLP_EXEC));
	assert_false(denied(redis, "/usr/local/bin/redis-server", BLP_EXEC));

	assert_false(denied(pg, "/usr/lib/postgresql/16/bin/postgres", BLP_EXEC));
	assert_false(denied(pg, "/var/lib/postgresql/data/base/1/1259", BLP_WRITE));
	assert_true(denied(pg, "/var/lib/postgresql/data/payload", BLP_EXEC));
	assert_true(denied(pg, "/etc/cron.d/x", BLP_WRITE));

	assert_false(denied(nginx, "/usr/sbin/nginx", BLP_EXEC));
	assert_false(denied(nginx, "/docker-entrypoint.d/20-envsubst-on-templates.sh", BLP_EXEC));
	assert_false(denied(nginx, "/etc/nginx/conf.d/default.conf", BLP_WRITE));
	assert_true(denied(nginx, "/etc/nginx/nginx.conf", BLP_WRITE));
	assert_true(denied(nginx, "/usr/share/nginx/html/index.html", BLP_WRITE));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_compile),
		cmocka_unit_test(test_default_stops_escapes),
		cmocka_unit_test(test_default_lets_containers_work),
		cmocka_unit_test(test_restricted),
		cmocka_unit_test(test_image_profiles),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
