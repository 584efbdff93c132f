// SPDX-License-Identifier: GPL-2.0
/*
 * [learn] watch-read: roots whose read-only opens learn mode records. Compiled as one more path
 * access (learn_read) that reaches nested entries as the others do, and that changes no verdict:
 * the same profile with and without watches decides every access of every path alike.
 */
#include <jansson.h>
#include "unit.h"

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

static void test_propagation(void **state)
{
	struct bl_policy *p;

	(void)state;
	p = unit_compile("[files]\n"
			 "deny-write = /etc/ssl/\n" /* 2 */
			 "allow-read = /etc/ssl/private/key\n" /* 3 */
			 "deny-read = /srv/\n" /* 4 */
			 "[learn]\n"
			 "watch-read = /etc/ /app/config.yml\n"); /* 6 */
	/* The root and its exact twin (a directory as d_path names it). */
	assert_int_equal(act(p, "/etc/", BLP_LEARN_READ), BL_ACT_ALLOW);
	assert_string_equal(why(p, "/etc/", BLP_LEARN_READ), "learn: watch-read /etc/ (t.ini:6)");
	assert_int_equal(act(p, "/etc", BLP_LEARN_READ), BL_ACT_ALLOW);
	assert_true(unit_path_entry(p, "/etc/")->watch_only);
	assert_true(unit_path_entry(p, "/etc")->watch_only);
	/* Entries below it learn too, with the watch's rule, and keep their own verdicts. */
	assert_int_equal(act(p, "/etc/ssl/", BLP_LEARN_READ), BL_ACT_ALLOW);
	assert_string_equal(why(p, "/etc/ssl/", BLP_LEARN_READ),
			    "learn: watch-read /etc/ (t.ini:6)");
	assert_int_equal(act(p, "/etc/ssl/", BLP_WRITE), BL_ACT_DENY);
	assert_false(unit_path_entry(p, "/etc/ssl/")->watch_only);
	assert_int_equal(act(p, "/etc/ssl/private/key", BLP_LEARN_READ), BL_ACT_ALLOW);
	assert_int_equal(act(p, "/etc/ssl/private/key", BLP_READ), BL_ACT_ALLOW);
	assert_int_equal(act(p, "/etc/ssl/private/key", BLP_WRITE), BL_ACT_DENY);
	/* An exact file is watched alone. */
	assert_int_equal(act(p, "/app/config.yml", BLP_LEARN_READ), BL_ACT_ALLOW);
	assert_true(unit_path_entry(p, "/app/config.yml")->watch_only);
	/* Nothing outside the roots. */
	assert_int_equal(act(p, "/srv/", BLP_LEARN_READ), BL_ACT_NONE);
	assert_int_equal(act(p, "/srv/", BLP_READ), BL_ACT_DENY);
	bl_policy_free(p);

	/* A watch is all a profile needs the learn-read kind for: no hook that judges opens. */
	p = unit_compile("[learn]\nwatch-read = /etc/\n");
	assert_int_equal(bl_policy_rule_kinds(p), BL_RK_LEARN_READ);
	bl_policy_free(p);
}

/* A parent's watch reaches the child's entries below it; a child can add its own roots. */
static void test_inherited(void **state)
{
	const char *files[2];
	struct bl_policy_set set = {};
	struct bl_diag d = {};
	const struct bl_policy *p;

	(void)state;
	files[0] = unit_put_file("watcher.ini", "[learn]\nwatch-read = /etc/\n");
	files[1] = unit_put_file("kid.ini", "[profile]\nextends = watcher\n"
					    "[files]\ndeny-write = /etc/passwd\n"
					    "[learn]\nwatch-read = /opt/app/ /etc/\n");
	assert_int_equal(bl_policy_set_load(files, 2, NULL, &set, &d), 0);
	p = bl_policy_set_find(&set, "kid");
	assert_string_equal(why(p, "/etc/passwd", BLP_LEARN_READ),
			    "learn: watch-read /etc/ (kid.ini:6)");
	assert_int_equal(act(p, "/opt/app/", BLP_LEARN_READ), BL_ACT_ALLOW);
	p = bl_policy_set_find(&set, "watcher");
	assert_string_equal(why(p, "/etc/", BLP_LEARN_READ),
			    "learn: watch-read /etc/ (watcher.ini:2)");
	bl_policy_set_free(&set);
}

/* The entry the BPF side's longest-prefix lookup finds for @key (@len bytes), or NULL. */
static const struct bl_path_entry *lookup(const struct bl_policy *p, const char *key, size_t len)
{
	const struct bl_path_entry *best = NULL;
	size_t best_len = 0;

	for (size_t i = 0; i < p->n_paths; i++) {
		size_t klen = (p->paths[i].key.prefixlen - 32) / 8;

		if (klen <= len && klen > best_len && !memcmp(p->paths[i].key.path, key, klen)) {
			best = &p->paths[i];
			best_len = klen;
		}
	}
	return best;
}

/* What decides each access of @key in @p, as "action:rule text" per access. */
static void verdicts(const struct bl_policy *p, const char *key, size_t len, char *out, size_t size)
{
	const struct bl_path_entry *e = lookup(p, key, len);
	size_t n = 0;

	out[0] = '\0';
	for (unsigned int a = 0; e && a < BLP_ACCESS_COUNT; a++) {
		struct bl_path_rule r = e->rule;
		__u32 id = *blp_path_rule_id(&r, a);

		if (a == BLP_LEARN_READ)
			continue;
		n += (size_t)snprintf(out + n, size - n, "%u:%s;", *blp_path_action(&r, a),
				      id ? p->rule_text[id - 1] : "");
	}
}

static const struct bl_path_entry *same_key(const struct bl_policy *p,
					    const struct bl_path_entry *e)
{
	for (size_t i = 0; i < p->n_paths; i++)
		if (p->paths[i].key.prefixlen == e->key.prefixlen &&
		    !memcmp(p->paths[i].key.path, e->key.path, sizeof(e->key.path)))
			return &p->paths[i];
	return NULL;
}

static const char *app_ini = "[profile]\nname = app\nextends = web\n"
			     "[files]\nallow-write = /var/cache/app/\n"
			     "deny-read = /etc/app/secret\n";
static const char *watches = "[learn]\nwatch-read = / /etc/ /etc/app/ /app/config.yml /tmp/\n"
			     "  /proc/sys/ /proc/self/ /sys/fs/cgroup/ /dev/ /var/run/docker.sock\n"
			     "  /run/containerd/ /www/index.html /var/cache/\n";

/*
 * The shipped web profile (an exec allow list, read-only but for a few directories, under
 * default) extended with and without watches over paths it denies, allows and says nothing of:
 * every path decides every access as before, and what the watches add are keys of their own
 * with no identity and no pseudo-filesystem key (they would carry copied verdicts elsewhere).
 */
static void test_no_verdict_changes(void **state)
{
	struct bl_policy_set plain = {}, watched = {};
	struct bl_diag d = {};
	const struct bl_policy *p0, *p1;
	char text[1024], probe[BL_RULE_PATH_MAX + 8], v0[2048], v1[2048];
	const char *file;
	size_t added = 0;

	(void)state;
	file = unit_put_file("app.ini", app_ini);
	assert_int_equal(bl_policy_set_load(&file, 1, "profiles", &plain, &d), 0);
	snprintf(text, sizeof(text), "%s%s", app_ini, watches);
	file = unit_put_file("app.ini", text);
	assert_int_equal(bl_policy_set_load(&file, 1, "profiles", &watched, &d), 0);
	bl_diag_print(&d, stderr);
	assert_int_equal(d.n, 0);
	p0 = plain.v[0];
	p1 = watched.v[0];

	/* Every entry the watches add is theirs alone; object keys are all as before. */
	for (size_t i = 0; i < p1->n_paths; i++) {
		const struct bl_path_entry *e = &p1->paths[i];

		if (same_key(p0, e)) {
			assert_false(e->watch_only);
			continue;
		}
		assert_true(e->watch_only);
		assert_int_equal(e->key.path[0], '/');
		added++;
	}
	assert_true(added >= 10);
	assert_int_equal(p1->n_paths, p0->n_paths + added);

	/* Each key of either, and names below it, decide alike in both. */
	for (size_t i = 0; i < p1->n_paths; i++) {
		const struct bl_path_entry *e = &p1->paths[i];
		size_t len = (e->key.prefixlen - 32) / 8;
		static const char *const tails[] = { "", "x", "x/y", "\0" };

		for (size_t t = 0; t < 4; t++) {
			size_t plen = len;

			memcpy(probe, e->key.path, len);
			if (len && probe[len - 1] == '\0')
				plen--; /* an exact key: probe its path and names below it */
			memcpy(probe + plen, tails[t], strlen(tails[t]) + 1);
			plen += strlen(tails[t]) + 1;
			verdicts(p0, probe, plen, v0, sizeof(v0));
			verdicts(p1, probe, plen, v1, sizeof(v1));
			if (strcmp(v0, v1))
				fail_msg("'%.*s' decides '%s' without watches, '%s' with them",
					 (int)plen, probe, v0, v1);
		}
	}
	/* The rest of the profile is the same too. */
	assert_int_equal(p1->prof.flags, p0->prof.flags);
	assert_int_equal(p1->prof.cap_deny, p0->prof.cap_deny);
	assert_int_equal(p1->n_nets, p0->n_nets);
	assert_int_equal(p1->n_rules, p0->n_rules + 13);
	assert_int_equal(bl_policy_rule_kinds(p1), bl_policy_rule_kinds(p0) | BL_RK_LEARN_READ);
	bl_policy_set_free(&plain);
	bl_policy_set_free(&watched);
}

static char *printed(const struct bl_policy *p, bool json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(bl_policy_print(p, f, json, false), 0);
	fclose(f);
	return buf;
}

static void test_show(void **state)
{
	struct bl_policy *p;
	json_t *j, *o;
	char *text;

	(void)state;
	p = unit_compile("[learn]\nwatch-read = /etc/\n");
	text = printed(p, false);
	assert_non_null(strstr(text,
			       "\t\t/etc/ (prefix, watch only)\n"
			       "\t\t\tlearn_read   allow [1] learn: watch-read /etc/ (t.ini:2)\n"));
	free(text);
	text = printed(p, true);
	j = json_loads(text, 0, NULL);
	assert_non_null(j);
	o = json_array_get(json_object_get(j, "paths"), 1);
	assert_string_equal(json_string_value(json_object_get(o, "path")), "/etc/");
	assert_true(json_is_true(json_object_get(o, "watch_only")));
	o = json_object_get(o, "learn_read");
	assert_string_equal(json_string_value(json_object_get(o, "action")), "allow");
	assert_string_equal(json_string_value(json_object_get(o, "rule")),
			    "learn: watch-read /etc/ (t.ini:2)");
	json_decref(j);
	free(text);
	bl_policy_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_propagation),
		cmocka_unit_test(test_inherited),
		cmocka_unit_test(test_no_verdict_changes),
		cmocka_unit_test(test_show),
	};

	return cmocka_run_group_tests(tests, unit_dir_setup, unit_dir_teardown);
}
