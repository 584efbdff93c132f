// SPDX-License-Identifier: GPL-2.0
/*
 * [network] allow-listen and deny-listen: the ranges of bl_profile.listen in the order the kernel
 * checks them, the allow-list flag and the rule each names, across `extends`, and how
 * `profile show` prints them.
 */
#include <jansson.h>
#include <netinet/in.h>
#include "unit.h"

/*
 * What the kernel decides for a listen on @port (0: a socket never bound) as the listen and bind
 * hooks do: the first range that holds it decides; none denies under the allow-list flag.
 * Returns the action and sets *@rule to the text of the rule behind it ("" when none).
 */
static __u8 judge(const struct bl_policy *p, __u8 proto, __u16 port, const char **rule)
{
	const struct bl_profile *prof = &p->prof;
	__u32 id = 0;
	__u8 act = BL_ACT_ALLOW;

	for (__u32 i = 0; i < prof->n_listen; i++) {
		const struct bl_listen_range *r = &prof->listen[i];

		if (r->proto == proto && r->lo <= port && port <= r->hi) {
			act = r->action;
			id = r->rule_id;
			goto out;
		}
	}
	if (prof->flags & BL_PF(BL_PF_LISTEN_ALLOWLIST)) {
		act = BL_ACT_DENY;
		id = prof->flag_rule[BL_PF_LISTEN_ALLOWLIST];
	}
out:
	assert_true(id <= p->n_rules);
	*rule = id ? p->rule_text[id - 1] : "";
	return act;
}

static void test_one_profile(void **state)
{
	struct bl_policy *p;
	const char *why;

	(void)state;
	p = unit_compile("[network]\n"
			 "allow-listen = tcp 8080, udp 53\n" /* 2 */
			 "  tcp 8000-8100 tcp 9000\n" /* 3: pairs separated by whitespace */
			 "deny-listen = tcp 22\n"); /* 4 */
	assert_int_equal(p->prof.n_listen, 5);
	assert_int_equal(p->prof.listen[0].proto, IPPROTO_TCP);
	assert_int_equal(p->prof.listen[0].lo, 8080);
	assert_int_equal(p->prof.listen[0].hi, 8080);
	assert_int_equal(p->prof.listen[1].proto, IPPROTO_UDP);
	assert_int_equal(p->prof.listen[2].lo, 8000);
	assert_int_equal(p->prof.listen[2].hi, 8100);
	assert_int_equal(p->prof.listen[4].action, BL_ACT_DENY);
	/* An allow-listen makes it an allow list, named by the first allow-listen rule. */
	assert_true(p->prof.flags & BL_PF(BL_PF_LISTEN_ALLOWLIST));
	assert_string_equal(p->rule_text[p->prof.flag_rule[BL_PF_LISTEN_ALLOWLIST] - 1],
			    "network: allow-listen tcp 8080 (t.ini:2)");
	assert_true(bl_policy_rule_kinds(p) & BL_RK_LISTEN);

	assert_int_equal(judge(p, IPPROTO_TCP, 8080, &why), BL_ACT_ALLOW);
	assert_string_equal(why, "network: allow-listen tcp 8080 (t.ini:2)");
	assert_int_equal(judge(p, IPPROTO_TCP, 8050, &why), BL_ACT_ALLOW);
	assert_string_equal(why, "network: allow-listen tcp 8000-8100 (t.ini:3)");
	assert_int_equal(judge(p, IPPROTO_TCP, 22, &why), BL_ACT_DENY);
	assert_string_equal(why, "network: deny-listen tcp 22 (t.ini:4)");
	/* Not listed: denied by the allow list, the first allow-listen rule named. */
	assert_int_equal(judge(p, IPPROTO_UDP, 8080, &why), BL_ACT_DENY);
	assert_string_equal(why, "network: allow-listen tcp 8080 (t.ini:2)");
	assert_int_equal(judge(p, IPPROTO_TCP, 0, &why), BL_ACT_DENY);
	bl_policy_free(p);
}

static void test_deny_only_and_any(void **state)
{
	struct bl_policy *p;
	const char *why;

	(void)state;
	/* Without an allow-listen nothing unlisted is denied, and no flag is set. */
	p = unit_compile("[network]\ndeny-listen = tcp 1-1023, udp any\n");
	assert_false(p->prof.flags & BL_PF(BL_PF_LISTEN_ALLOWLIST));
	assert_int_equal(bl_policy_rule_kinds(p) & (BL_RK_LISTEN | BL_PF(BL_PF_LISTEN_ALLOWLIST)),
			 BL_RK_LISTEN);
	assert_int_equal(judge(p, IPPROTO_TCP, 80, &why), BL_ACT_DENY);
	assert_int_equal(judge(p, IPPROTO_TCP, 8080, &why), BL_ACT_ALLOW);
	assert_string_equal(why, "");
	/* `any` holds port 0, a listen on a socket never bound; 1-1023 does not. */
	assert_int_equal(judge(p, IPPROTO_TCP, 0, &why), BL_ACT_ALLOW);
	assert_int_equal(judge(p, IPPROTO_UDP, 0, &why), BL_ACT_DENY);
	assert_string_equal(why, "network: deny-listen udp any (t.ini:2)");
	assert_int_equal(p->prof.listen[1].lo, 0);
	assert_int_equal(p->prof.listen[1].hi, 65535);
	bl_policy_free(p);

	/* A range an earlier one covers could never match: left out. The same action overlapping
	 * is no conflict. */
	p = unit_compile("[network]\nallow-listen = tcp any, tcp 80, tcp 70-90\n");
	assert_int_equal(p->prof.n_listen, 1);
	bl_policy_free(p);

	/* No listen rule: no range, no kind, no flag. */
	p = unit_compile("[network]\ndeny = tcp any port 22\n");
	assert_int_equal(p->prof.n_listen, 0);
	assert_false(bl_policy_rule_kinds(p) & (BL_RK_LISTEN | BL_PF(BL_PF_LISTEN_ALLOWLIST)));
	bl_policy_free(p);
}

/* The child's own ranges first, then its parent's, then the grandparent's. */
static void test_inheritance(void **state)
{
	const char *files[3], *why;
	struct bl_policy_set set = {};
	struct bl_diag d = {};
	const struct bl_policy *p;

	(void)state;
	files[0] = unit_put_file("root.ini", "[network]\nallow-listen = udp 53\n"
					     "deny-listen = tcp any\n");
	files[1] = unit_put_file("mid.ini", "[profile]\nextends = root\n"
					    "[network]\nallow-listen = tcp 8000-8100\n");
	files[2] = unit_put_file("leaf.ini", "[profile]\nextends = mid\n"
					     "[network]\ndeny-listen = tcp 8080\n"
					     "allow-listen = tcp 443\n");
	assert_int_equal(bl_policy_set_load(files, 3, NULL, &set, &d), 0);
	assert_int_equal(d.n, 0);
	p = bl_policy_set_find(&set, "leaf");
	assert_int_equal(p->prof.n_listen, 5);
	assert_string_equal(p->rule_text[p->prof.listen[0].rule_id - 1],
			    "network: deny-listen tcp 8080 (leaf.ini:4)");
	assert_string_equal(p->rule_text[p->prof.listen[1].rule_id - 1],
			    "network: allow-listen tcp 443 (leaf.ini:5)");
	assert_string_equal(p->rule_text[p->prof.listen[2].rule_id - 1],
			    "network: allow-listen tcp 8000-8100 (mid.ini:4)");
	assert_string_equal(p->rule_text[p->prof.listen[3].rule_id - 1],
			    "network: allow-listen udp 53 (root.ini:2)");
	assert_string_equal(p->rule_text[p->prof.listen[4].rule_id - 1],
			    "network: deny-listen tcp any (root.ini:3)");
	/* A child's deny beats its parent's allow, its allow beats the root's deny. */
	assert_int_equal(judge(p, IPPROTO_TCP, 8080, &why), BL_ACT_DENY);
	assert_string_equal(why, "network: deny-listen tcp 8080 (leaf.ini:4)");
	assert_int_equal(judge(p, IPPROTO_TCP, 8081, &why), BL_ACT_ALLOW);
	assert_int_equal(judge(p, IPPROTO_TCP, 443, &why), BL_ACT_ALLOW);
	assert_int_equal(judge(p, IPPROTO_TCP, 80, &why), BL_ACT_DENY);
	assert_string_equal(why, "network: deny-listen tcp any (root.ini:3)");
	/* Not listed anywhere: the allow list denies, named by the nearest allow-listen. */
	assert_int_equal(judge(p, IPPROTO_UDP, 5353, &why), BL_ACT_DENY);
	assert_string_equal(why, "network: allow-listen tcp 443 (leaf.ini:5)");
	/* The parents compile on their own ranges only. */
	p = bl_policy_set_find(&set, "mid");
	assert_int_equal(p->prof.n_listen, 3);
	assert_int_equal(judge(p, IPPROTO_TCP, 8080, &why), BL_ACT_ALLOW);
	/* Rules of different profiles never conflict: the child's decide first. */
	p = bl_policy_set_find(&set, "root");
	assert_string_equal(p->rule_text[p->prof.flag_rule[BL_PF_LISTEN_ALLOWLIST] - 1],
			    "network: allow-listen udp 53 (root.ini:2)");
	bl_policy_set_free(&set);
}

/* Too many in all: the first range past the limit, in its file, names the profile compiled. */
static void test_too_many_inherited(void **state)
{
	char text[512], *t = text;
	const char *files[2];
	struct bl_policy_set set = {};
	struct bl_diag d = {};

	(void)state;
	t += sprintf(t, "[network]\ndeny-listen = tcp 1\n");
	for (int i = 2; i <= 10; i++)
		t += sprintf(t, "  tcp %d\n", i); /* line i + 1 */
	files[0] = unit_put_file("big.ini", text);
	t = text;
	t += sprintf(t, "[profile]\nextends = big\n[network]\nallow-listen = tcp 100\n");
	for (int i = 2; i <= 7; i++)
		t += sprintf(t, "  tcp %d\n", i * 100);
	files[1] = unit_put_file("small.ini", text);
	assert_int_equal(bl_policy_set_load(files, 2, NULL, &set, &d), -EINVAL);
	assert_int_equal(set.n, 0);
	/* small's 7 ranges come first; big's 10th (tcp 10, line 11) is the 17th. */
	assert_true(unit_has_msg(&d, "big.ini:11:",
				 "too many listen port ranges for profile small, found "
				 "'network: deny-listen tcp 10' past 16"));
	bl_diag_free(&d);
	bl_policy_set_free(&set);
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
	json_t *j, *a, *o;
	char *text;

	(void)state;
	p = unit_compile("[network]\nallow-listen = tcp 8000-8100\ndeny-listen = udp any\n");
	text = printed(p, false);
	assert_non_null(strstr(text, "\tlisten: 2 ranges, no match denies\n"));
	assert_non_null(strstr(text, "\t\ttcp  8000-8100  allow [1] network: allow-listen tcp "
				     "8000-8100 (t.ini:2)\n"));
	assert_non_null(strstr(text, "\t\tudp     0-65535 deny  [2] network: deny-listen udp any"));
	assert_non_null(strstr(text, "listen-allowlist"));
	free(text);

	text = printed(p, true);
	j = json_loads(text, 0, NULL);
	assert_non_null(j);
	assert_true(json_is_true(json_object_get(j, "listen_allowlist")));
	a = json_object_get(j, "listen");
	assert_int_equal(json_array_size(a), 2);
	o = json_array_get(a, 1);
	assert_string_equal(json_string_value(json_object_get(o, "proto")), "udp");
	assert_int_equal(json_integer_value(json_object_get(o, "lo")), 0);
	assert_int_equal(json_integer_value(json_object_get(o, "hi")), 65535);
	assert_string_equal(json_string_value(json_object_get(o, "action")), "deny");
	assert_int_equal(json_integer_value(json_object_get(o, "rule_id")), 2);
	assert_string_equal(json_string_value(json_object_get(o, "rule")),
			    "network: deny-listen udp any (t.ini:3)");
	json_decref(j);
	free(text);
	bl_policy_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_profile), cmocka_unit_test(test_deny_only_and_any),
		cmocka_unit_test(test_inheritance), cmocka_unit_test(test_too_many_inherited),
		cmocka_unit_test(test_show),
	};

	return cmocka_run_group_tests(tests, unit_dir_setup, unit_dir_teardown);
}
