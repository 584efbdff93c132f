// SPDX-License-Identifier: GPL-2.0
/*
 * The profile generator (policy/generate.c): what it writes from a workload's observations
 * compiles against the shipped profiles (extends default) with no message, allows every object
 * observed, denies what was never seen, and is the same bytes whatever the order of the
 * observations.
 */
#include <netinet/in.h>
#include <arpa/inet.h>
#include "unit.h"
#include "generate.h"
#include "learned.h"

#define BTIME 1764547200ull /* 2025-12-01T00:00:00Z */
#define SEC 1000000000ull

static struct bl_gen_obs obs[128];
static size_t n_obs;

static struct bl_gen_obs *put(__u8 kind, const char *path, __u64 count, __u64 first_s)
{
	struct bl_gen_obs *o = &obs[n_obs++];

	assert_true(n_obs <= sizeof(obs) / sizeof(obs[0]));
	memset(o, 0, sizeof(*o));
	o->key.bound_cgroup_id = 4242;
	o->key.profile_id = 3;
	o->key.kind = kind;
	if (path)
		snprintf(o->key.path, sizeof(o->key.path), "%s", path);
	o->val.count = count;
	o->val.first_ns = first_s * SEC;
	o->val.last_ns = (first_s + 10) * SEC;
	return o;
}

static void put_exec(const char *path, __u32 details)
{
	put(BL_LEARN_EXEC, path, 2, 5)->val.details = details;
}

static void put_write(const char *path, __u32 details)
{
	put(BL_LEARN_WRITE, path, 1, 7)->val.details = details;
}

static void put_inet(__u8 kind, __u8 proto, const char *addr, __u16 port)
{
	struct bl_gen_obs *o = put(kind, NULL, 3, 9);

	o->key.proto = proto;
	o->key.port = port;
	if (!addr)
		return;
	o->key.family = strchr(addr, ':') ? 6 : 4;
	assert_int_equal(inet_pton(o->key.family == 4 ? AF_INET : AF_INET6, addr, o->key.addr), 1);
}

/* Whether this build's profile language has allow-listen (wt-lp): until then it is skipped. */
static bool listen_known(void)
{
	struct bl_policy *p = NULL;
	struct bl_diag d = {};
	int err = bl_policy_parse_string("[network]\nallow-listen = tcp 8080\n", "l.ini", &p, &d);

	bl_policy_free(p);
	bl_diag_free(&d);
	return !err;
}

/* A web workload: a shell script, a server, its libraries, logs, a pid file, DNS, a backend. */
static void workload(bool with_listen)
{
	char path[64];

	n_obs = 0;
	for (int i = 0; i < 6; i++) {
		snprintf(path, sizeof(path), "/usr/bin/tool%d", i);
		put_exec(path, BL_LEARNED_EXECUTED);
	}
	put_exec("/bin/sh", BL_LEARNED_EXECUTED | BL_LEARNED_INTERPRETER);
	put_exec("/lib64/ld-linux-x86-64.so.2", BL_LEARNED_MAPPED);
	put_exec("/lib/x86_64-linux-gnu/libc.so.6", BL_LEARNED_MAPPED);
	/* Five programs in /app, which the workload also writes to: never allowed whole. */
	for (int i = 0; i < 5; i++) {
		snprintf(path, sizeof(path), "/app/bin%d", i);
		put_exec(path, BL_LEARNED_EXECUTED);
	}
	put_write("/app/state.json", BL_LEARNED_WRITE_OPEN);
	/* Six programs right under /: never `/`. */
	for (int i = 0; i < 6; i++) {
		snprintf(path, sizeof(path), "/init%d", i);
		put_exec(path, BL_LEARNED_EXECUTED);
	}
	put_write("/tmp/a", BL_LEARNED_WRITE_OPEN);
	put_write("/tmp/sub/b", BL_LEARNED_WRITE_OPEN | (1u << BL_OP_CREATE));
	for (int i = 0; i < 9; i++) {
		snprintf(path, sizeof(path), "/var/log/app/access.%d", i);
		put_write(path, BL_LEARNED_WRITE_OPEN);
	}
	put_write("/dev/null", BL_LEARNED_WRITE_OPEN);
	put_write("/run/app", 1u << BL_OP_MKDIR);
	put_write("/run/app/app.pid", BL_LEARNED_WRITE_OPEN);
	put_write("/run/app/app.sock", 1u << BL_OP_CREATE);
	put_write("/proc/1234/oom_score_adj", BL_LEARNED_WRITE_OPEN);
	put_write("/data/out.csv", BL_LEARNED_WRITE_OPEN);
	/* A path the kernel cut: its directory is allowed. */
	memset(path, 0, sizeof(path));
	{
		struct bl_gen_obs *o = put(BL_LEARN_WRITE, "/data/cache/", 1, 8);

		memset(o->key.path + 12, 'x', BL_LEARN_PATH_MAX - 13);
		o->val.details = BL_LEARNED_WRITE_OPEN | BL_LEARNED_CUT;
	}
	put(BL_LEARN_READ, "/etc/passwd", 4, 6);
	put(BL_LEARN_READ, "/etc/ssl/certs/ca.pem", 4, 6);
	put(BL_LEARN_READ, "/usr/share/zoneinfo/UTC", 1, 6); /* not watched */
	put(BL_LEARN_UNIX, "/run/backend/api.sock", 2, 11);
	put(BL_LEARN_UNIX, "@abstract", 2, 11);
	put_inet(BL_LEARN_CONNECT, IPPROTO_TCP, "10.0.0.5", 80);
	put_inet(BL_LEARN_CONNECT, IPPROTO_UDP, "10.0.0.53", 53);
	put_inet(BL_LEARN_CONNECT, IPPROTO_TCP, "fd00::1", 443);
	if (with_listen) {
		put_inet(BL_LEARN_LISTEN, IPPROTO_TCP, "0.0.0.0", 8080);
		put_inet(BL_LEARN_LISTEN, IPPROTO_UDP, "0.0.0.0", 5353);
	}
	put(BL_LEARN_CAP, NULL, 1, 3)->key.cap = 10; /* NET_BIND_SERVICE */
	put(BL_LEARN_CAP, NULL, 1, 3)->key.cap = 0; /* CHOWN */
	{
		struct bl_gen_obs *o = put(BL_LEARN_MOUNT, "/mnt", 1, 4);

		memcpy(o->key.fstype, "tmpfs", 5);
	}
}

static const char *const watched[] = { "/etc/", "/root/.ssh/id_rsa" };

static char *generate(const struct bl_gen_obs *v, size_t n, const char *parent)
{
	const char *const images[] = { "web:*", "registry.local/web@*" };
	struct bl_gen_input in = {
		.profile = "web-learn",
		.parent = parent,
		.name = "web-gen",
		.images = images,
		.n_images = 2,
		.btime = BTIME,
		.watched = watched,
		.n_watched = 2,
		.obs = v,
		.n_obs = n,
	};
	char *text = NULL, err[256];
	size_t len;

	assert_int_equal(bl_generate(&in, &text, &len, err, sizeof(err)), 0);
	assert_int_equal(strlen(text), len);
	return text;
}

/* The decision of the path trie for @path, as the BPF side finds it: the longest key. */
static __u8 decide(const struct bl_policy *p, const char *path, unsigned int access)
{
	const struct bl_path_rule *best = NULL;
	__u32 best_len = 0, len = (__u32)strlen(path) + 1;
	struct bl_path_rule copy;

	for (size_t i = 0; i < p->n_paths; i++) {
		__u32 klen = (p->paths[i].key.prefixlen - 32) / 8;

		if (klen <= len && klen > best_len && !memcmp(p->paths[i].key.path, path, klen)) {
			best = &p->paths[i].rule;
			best_len = klen;
		}
	}
	if (!best)
		return BL_ACT_NONE;
	copy = *best;
	return *blp_path_action(&copy, access);
}

/* The decision of the net trie for @proto to @addr port @port (first matching range). */
static __u8 net_decide(const struct bl_policy *p, __u8 proto, const char *addr, __u16 port)
{
	__u8 a[16] = {}, family = strchr(addr, ':') ? 6 : 4;
	const struct bl_net_entry *best = NULL;

	assert_int_equal(inet_pton(family == 4 ? AF_INET : AF_INET6, addr, a), 1);
	for (size_t i = 0; i < p->n_nets; i++) {
		const struct bl_net_key *k = &p->nets[i].key;
		__u32 plen = k->prefixlen - 64, full = plen / 8;

		if (k->proto != proto || k->family != family || memcmp(k->addr, a, full))
			continue;
		if (plen % 8 && (k->addr[full] ^ a[full]) >> (8 - plen % 8))
			continue;
		if (!best || best->key.prefixlen < k->prefixlen)
			best = &p->nets[i];
	}
	for (__u32 i = 0; best && i < best->rule.n_ranges; i++)
		if (best->rule.ranges[i].lo <= port && port <= best->rule.ranges[i].hi)
			return best->rule.ranges[i].action;
	return BL_ACT_NONE;
}

/* Writes @text as NAME.ini in unit_dir and loads it with profiles/ for its parents. */
static struct bl_policy_set load(const char *text, const char *name)
{
	struct bl_policy_set set = {};
	struct bl_diag d = {};
	char file[64];
	const char *path;
	int err;

	snprintf(file, sizeof(file), "%s.ini", name);
	path = unit_put_file(file, text);
	err = bl_policy_set_load(&path, 1, "profiles", &set, &d);
	if (err || d.n) {
		bl_diag_print(&d, stderr);
		fail_msg("generated profile does not load (%d, %zu messages):\n%s", err, d.n, text);
	}
	bl_diag_free(&d);
	assert_int_equal(set.n, 1);
	return set;
}

static void test_round_trip(void **state)
{
	bool with_listen = listen_known();
	struct bl_policy_set set;
	const struct bl_policy *p;
	char *text;

	(void)state;
	workload(with_listen);
	text = generate(obs, n_obs, "default");
	if (getenv("BL_UNIT_DUMP")) /* to read what it writes */
		fputs(text, stderr);
	set = load(text, "web-gen");
	p = set.v[0];
	assert_string_equal(p->extends, "default");
	assert_int_equal(p->mode, BL_MODE_ENFORCE);
	assert_int_equal(p->n_images, 2);

	/* Every program observed runs; what was never run does not. */
	for (size_t i = 0; i < n_obs; i++)
		if (obs[i].key.kind == BL_LEARN_EXEC)
			assert_int_equal(decide(p, obs[i].key.path, BLP_EXEC), BL_ACT_ALLOW);
	assert_true(p->prof.flags & BL_PF(BL_PF_EXEC_ALLOWLIST));
	assert_int_equal(decide(p, "/usr/sbin/nc", BLP_EXEC), BL_ACT_DENY);
	assert_int_equal(decide(p, "/bin/bash", BLP_EXEC), BL_ACT_DENY);
	assert_int_equal(decide(p, "/usr/bin/tool-new", BLP_EXEC), BL_ACT_ALLOW); /* collapsed */
	assert_int_equal(decide(p, "/app/dropped", BLP_EXEC), BL_ACT_DENY); /* written there */
	assert_int_equal(decide(p, "/init9", BLP_EXEC), BL_ACT_DENY); /* never `/` */
	assert_int_equal(decide(p, "/tmp/a", BLP_EXEC), BL_ACT_DENY);

	/* Every write observed is allowed; elsewhere denied. */
	for (size_t i = 0; i < n_obs; i++)
		if (obs[i].key.kind == BL_LEARN_WRITE)
			assert_int_not_equal(decide(p, obs[i].key.path, BLP_WRITE), BL_ACT_DENY);
	assert_int_equal(decide(p, "/tmp/other/new", BLP_WRITE), BL_ACT_ALLOW);
	assert_int_equal(decide(p, "/var/log/app/new.log", BLP_WRITE), BL_ACT_ALLOW);
	assert_int_equal(decide(p, "/run/app/other", BLP_WRITE), BL_ACT_ALLOW);
	assert_int_equal(decide(p, "/data/cache/anything", BLP_WRITE), BL_ACT_ALLOW); /* cut */
	assert_int_equal(decide(p, "/data/other.csv", BLP_WRITE), BL_ACT_DENY);
	assert_int_equal(decide(p, "/app/bin0", BLP_WRITE), BL_ACT_DENY);
	assert_int_equal(decide(p, "/etc/passwd", BLP_WRITE), BL_ACT_DENY);
	assert_int_equal(decide(p, "/dev/sda", BLP_WRITE), BL_ACT_DENY);
	assert_int_equal(decide(p, "/run/other/x", BLP_WRITE), BL_ACT_DENY);
	assert_int_equal(decide(p, "/var/log/other.log", BLP_WRITE), BL_ACT_DENY);
	/* What default denies stays denied under the collapsed /proc/. */
	assert_int_equal(decide(p, "/proc/sysrq-trigger", BLP_WRITE), BL_ACT_DENY);

	/* Watched roots: what was read, and nothing else there. */
	assert_int_not_equal(decide(p, "/etc/passwd", BLP_READ), BL_ACT_DENY);
	assert_int_not_equal(decide(p, "/etc/ssl/certs/ca.pem", BLP_READ), BL_ACT_DENY);
	assert_int_equal(decide(p, "/etc/shadow", BLP_READ), BL_ACT_DENY);
	assert_int_equal(decide(p, "/root/.ssh/id_rsa", BLP_READ), BL_ACT_DENY);
	assert_int_not_equal(decide(p, "/usr/share/zoneinfo/UTC", BLP_READ), BL_ACT_DENY);

	/* Unix sockets. */
	assert_int_equal(decide(p, "/run/backend/api.sock", BLP_UNIX_CONNECT), BL_ACT_ALLOW);
	assert_int_equal(decide(p, "/run/backend/other.sock", BLP_UNIX_CONNECT), BL_ACT_DENY);
	assert_int_equal(decide(p, "/var/run/docker.sock", BLP_UNIX_CONNECT), BL_ACT_DENY);

	/* Destinations. */
	assert_int_equal(net_decide(p, IPPROTO_TCP, "10.0.0.5", 80), BL_ACT_ALLOW);
	assert_int_equal(net_decide(p, IPPROTO_UDP, "10.0.0.53", 53), BL_ACT_ALLOW);
	assert_int_equal(net_decide(p, IPPROTO_TCP, "fd00::1", 443), BL_ACT_ALLOW);
	assert_int_equal(net_decide(p, IPPROTO_TCP, "10.0.0.5", 81), BL_ACT_DENY);
	assert_int_equal(net_decide(p, IPPROTO_UDP, "10.0.0.5", 80), BL_ACT_DENY);
	assert_int_equal(net_decide(p, IPPROTO_TCP, "1.2.3.4", 80), BL_ACT_DENY);
	assert_int_equal(net_decide(p, IPPROTO_TCP, "fd00::2", 443), BL_ACT_DENY);

	/* Capabilities: the used ones only. */
	assert_false(p->prof.cap_deny & (1ull << 10));
	assert_false(p->prof.cap_deny & (1ull << 0));
	assert_true(p->prof.cap_deny & (1ull << 18)); /* SYS_CHROOT */
	assert_true(p->prof.cap_deny & (1ull << 40)); /* CHECKPOINT_RESTORE */

	/* Ports served on (once the language has allow-listen). */
	if (with_listen) {
		bool tcp8080 = false, tcp8081 = false;

		assert_true(p->prof.flags & BL_PF(BL_PF_LISTEN_ALLOWLIST));
		for (__u32 i = p->prof.n_listen; i-- > 0;) { /* first match decides: go backwards */
			const struct bl_listen_range *r = &p->prof.listen[i];

			if (r->proto == IPPROTO_TCP && r->lo <= 8080 && 8080 <= r->hi)
				tcp8080 = r->action == BL_ACT_ALLOW;
			if (r->proto == IPPROTO_TCP && r->lo <= 8081 && 8081 <= r->hi)
				tcp8081 = r->action == BL_ACT_ALLOW;
		}
		assert_true(tcp8080);
		assert_false(tcp8081);
	} else {
		fprintf(stderr, "test_round_trip: SKIP allow-listen (not in the language yet)\n");
	}
	bl_policy_set_free(&set);
	free(text);
}

/* The text says what it is made from: comments, collapsed counts, what cannot be named. */
static void test_text(void **state)
{
	char *text;

	(void)state;
	workload(true);
	text = generate(obs, n_obs, "default");
	assert_non_null(strstr(text, "extends = default\n"));
	assert_non_null(strstr(text, "mode = enforce\n"));
	assert_non_null(strstr(text, "name = web-gen\n"));
	assert_non_null(strstr(text,
			       "description = generated by boxlock from web-learn's "
			       "observations, 2025-12-01T00:00:03Z to 2025-12-01T00:00:21Z\n"));
	/* Six programs of /usr/bin: 2 times each, the earliest, six names. */
	assert_non_null(strstr(text, "\t; 12 times, first 2025-12-01T00:00:05Z, 6 names\n"
				     "\t/usr/bin/\n"));
	assert_non_null(strstr(text, "\t; 2 times, first 2025-12-01T00:00:05Z\n\t/bin/sh\n"));
	assert_non_null(strstr(text, "\t/app/bin0\n"));
	assert_null(strstr(text, "\t/app/\n"));
	assert_non_null(strstr(text, "\t/init0\n"));
	assert_non_null(strstr(text, "\t; 9 times, first 2025-12-01T00:00:07Z, 9 names\n"
				     "\t/var/log/app/\n"));
	assert_non_null(strstr(text, "\t/dev/null\n"));
	assert_non_null(strstr(text, "\t/run/app/\n"));
	assert_null(strstr(text, "\t/run/app/app.pid\n"));
	assert_non_null(strstr(text, "\t/data/cache/\n"));
	assert_non_null(strstr(text, "(cut by the kernel): no rule can name it, its directory is "
				     "allowed"));
	assert_non_null(strstr(text, "; unix socket @abstract: no rule can name it"));
	assert_non_null(strstr(text, "\ttcp 10.0.0.5/32 port 80,\n"));
	assert_non_null(strstr(text, "\ttcp fd00::1/128 port 443,\n"));
	assert_non_null(strstr(text, "deny = tcp any, udp any\n"));
	assert_non_null(strstr(text, "deny-unix = /\n"));
	assert_non_null(strstr(text, "allow-listen =\n"));
	assert_non_null(strstr(text, "\ttcp 8080"));
	assert_non_null(strstr(text, "; used: NET_BIND_SERVICE (1 time, first "));
	assert_null(strstr(text, "\tNET_BIND_SERVICE\n"));
	assert_non_null(strstr(text, "\tSYS_ADMIN\n"));
	assert_non_null(strstr(text, ";   tmpfs /mnt (1 time"));
	assert_null(strstr(text, "WARNING"));
	/* Every line fits the parser's line buffer. */
	for (const char *l = text, *e; *l; l = e + 1) {
		e = strchr(l, '\n');
		assert_non_null(e);
		assert_true(e - l <= BLP_MAX_LINE);
	}
	free(text);
}

/* Same observations, any order, split over several containers: the same bytes. */
static void test_stable(void **state)
{
	struct bl_gen_obs *copy;
	char *want, *got;
	size_t n;

	(void)state;
	workload(listen_known());
	n = n_obs;
	want = generate(obs, n, "default");
	copy = calloc(2 * n, sizeof(*copy));
	assert_non_null(copy);
	srand(13);
	for (int round = 0; round < 20; round++) {
		memcpy(copy, obs, n * sizeof(*copy));
		for (size_t i = n - 1; i > 0; i--) {
			size_t j = (size_t)rand() % (i + 1);
			struct bl_gen_obs t = copy[i];

			copy[i] = copy[j];
			copy[j] = t;
		}
		got = generate(copy, n, "default");
		assert_string_equal(got, want);
		free(got);
	}
	/* Two containers that saw the same thing as one that saw it twice. */
	for (size_t i = 0; i < n; i++) {
		copy[i] = obs[i];
		copy[n + i] = obs[i];
		copy[n + i].key.bound_cgroup_id = 777;
		copy[n + i].val.first_ns += 5 * SEC; /* later: the first time stays */
	}
	got = generate(copy, 2 * n, "default");
	assert_non_null(strstr(got, "\t; 24 times, first 2025-12-01T00:00:05Z, 6 names\n"
				    "\t/usr/bin/\n"));
	free(got);
	free(copy);
	free(want);
}

/* No parent, no observations, full map: still a profile that loads, and says so. */
static void test_edges(void **state)
{
	const char *const images[] = { "bad image" };
	struct bl_gen_input in = { .profile = "lonely", .name = "lonely-gen", .btime = BTIME };
	struct bl_policy_set set;
	char *text, err[256];
	size_t len;

	(void)state;
	in.learn_full = 3;
	assert_int_equal(bl_generate(&in, &text, &len, err, sizeof(err)), 0);
	assert_null(strstr(text, "\nextends"));
	assert_non_null(strstr(text, "; WARNING: 3 observations could not be recorded"));
	assert_non_null(strstr(text, "[exec]\n; Nothing was executed while learning: nothing may "
				     "be.\ndeny = /\n"));
	set = load(text, "lonely-gen");
	assert_null(set.v[0]->extends);
	assert_int_equal(decide(set.v[0], "/bin/sh", BLP_EXEC), BL_ACT_DENY);
	assert_int_equal(decide(set.v[0], "/tmp/x", BLP_WRITE), BL_ACT_DENY);
	/* Served on no port: may serve on none (the first range of each protocol denies all). */
	assert_non_null(strstr(text, "deny-listen = tcp any, udp any\n"));
	assert_int_equal(set.v[0]->prof.n_listen, 2);
	for (__u32 i = 0; i < 2; i++) {
		assert_int_equal(set.v[0]->prof.listen[i].action, BL_ACT_DENY);
		assert_int_equal(set.v[0]->prof.listen[i].lo, 0);
		assert_int_equal(set.v[0]->prof.listen[i].hi, 65535);
	}
	bl_policy_set_free(&set);
	free(text);

	in.name = "Bad Name";
	assert_int_equal(bl_generate(&in, &text, &len, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "bad profile name"));
	in.name = "ok";
	in.images = images;
	in.n_images = 1;
	assert_int_equal(bl_generate(&in, &text, &len, err, sizeof(err)), -EINVAL);
	assert_null(text);
}

static void test_names(void **state)
{
	char buf[128];

	(void)state;
	assert_string_equal(bl_gen_kind_name(BL_LEARN_CONNECT), "connect");
	assert_string_equal(bl_gen_kind_name(BL_LEARN_CAP), "capability");
	assert_string_equal(bl_gen_kind_name(99), "unknown");
	bl_gen_details(BL_LEARN_EXEC, BL_LEARNED_EXECUTED | BL_LEARNED_MAPPED, buf, sizeof(buf));
	assert_string_equal(buf, "executed,mapped");
	bl_gen_details(BL_LEARN_WRITE,
		       BL_LEARNED_WRITE_OPEN | (1u << BL_OP_UNLINK) | BL_LEARNED_CUT, buf,
		       sizeof(buf));
	assert_string_equal(buf, "open,unlink,cut");
	bl_gen_time(BTIME, 61 * SEC + 999999999ull, buf, sizeof(buf));
	assert_string_equal(buf, "2025-12-01T00:01:01Z");
}

/* -j: each observation as the kernel kept it, per container. */
static void test_json(void **state)
{
	json_t *j;

	(void)state;
	workload(true);
	for (size_t i = 0; i < n_obs; i++) {
		j = bl_learned_json(&obs[i], BTIME);
		assert_non_null(j);
		assert_string_equal(json_string_value(json_object_get(j, "kind")),
				    bl_gen_kind_name(obs[i].key.kind));
		assert_int_equal(json_integer_value(json_object_get(j, "container")), 4242);
		assert_int_equal(json_integer_value(json_object_get(j, "count")),
				 (json_int_t)obs[i].val.count);
		if (obs[i].key.kind == BL_LEARN_CONNECT && obs[i].key.port == 80) {
			assert_string_equal(json_string_value(json_object_get(j, "proto")), "tcp");
			assert_string_equal(json_string_value(json_object_get(j, "address")),
					    "10.0.0.5");
			assert_string_equal(json_string_value(json_object_get(j, "first_seen")),
					    "2025-12-01T00:00:09Z");
		}
		if (obs[i].key.kind == BL_LEARN_CAP && obs[i].key.cap == 10)
			assert_string_equal(json_string_value(json_object_get(j, "capability")),
					    "NET_BIND_SERVICE");
		if (obs[i].key.kind == BL_LEARN_EXEC && !strcmp(obs[i].key.path, "/bin/sh")) {
			json_t *d = json_object_get(j, "details");

			assert_int_equal(json_array_size(d), 2);
			assert_string_equal(json_string_value(json_array_get(d, 1)), "interpreter");
		}
		if (obs[i].key.kind == BL_LEARN_MOUNT)
			assert_string_equal(json_string_value(json_object_get(j, "fstype")),
					    "tmpfs");
		json_decref(j);
	}
	/* A path that is no UTF-8 still gives JSON. */
	obs[0].key.path[3] = (char)0xff;
	j = bl_learned_json(&obs[0], BTIME);
	assert_non_null(json_object_get(j, "path"));
	json_decref(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip), cmocka_unit_test(test_text),
		cmocka_unit_test(test_stable),	   cmocka_unit_test(test_edges),
		cmocka_unit_test(test_names),	   cmocka_unit_test(test_json),
	};

	return cmocka_run_group_tests(tests, unit_dir_setup, unit_dir_teardown);
}
