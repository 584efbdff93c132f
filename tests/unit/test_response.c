// SPDX-License-Identifier: GPL-2.0
/* [profile] response and response-in-audit: parsing, errors, inheritance through extends; and
 * which cgroup a response may act on (loader/daemon/response_target.c). */
#include "unit.h"
#include <limits.h>
#include "daemon/response.h"

static void test_keys(void **state)
{
	struct bl_policy *p;

	(void)state;
	p = unit_compile("[profile]\nmode = enforce\n");
	assert_int_equal(p->prof.response, BL_RESPONSE_REPORT);
	assert_int_equal(p->prof.response_flags, 0);
	bl_policy_free(p);
	p = unit_compile("[profile]\nresponse = freeze\n");
	assert_int_equal(p->prof.response, BL_RESPONSE_FREEZE);
	assert_int_equal(p->prof.response_flags, 0);
	bl_policy_free(p);
	p = unit_compile("[profile]\nresponse = kill\nresponse-in-audit = yes\n");
	assert_int_equal(p->prof.response, BL_RESPONSE_KILL);
	assert_int_equal(p->prof.response_flags, BL_RESP_IN_AUDIT);
	bl_policy_free(p);
	p = unit_compile("[profile]\nresponse = report\nresponse-in-audit = no\n");
	assert_int_equal(p->prof.response, BL_RESPONSE_REPORT);
	assert_int_equal(p->prof.response_flags, 0);
	bl_policy_free(p);
}

static void test_errors(void **state)
{
	(void)state;
	unit_expect_error("[profile]\nmode = audit\nresponse = freze\n", "t.ini:3:",
			  "bad response, found 'freze', expected report, freeze or kill");
	unit_expect_error("[profile]\nresponse-in-audit = true\n",
			  "t.ini:2:", "bad response-in-audit, found 'true', expected yes or no");
	unit_expect_error("[profile]\nresponse = freeze kill\n", "t.ini:2:", "takes one value");
	unit_expect_error("[profile]\nresponse = freeze\nresponse = kill\n",
			  "t.ini:3:", "duplicate key 'response'");
	unit_expect_error("[files]\nresponse = freeze\n", "t.ini:2:", "unknown key in [files]");
}

/* Like mode: the nearest profile of the chain that says decides. */
static void test_extends(void **state)
{
	const char *files[4];
	struct bl_policy_set set = {};
	struct bl_diag d = {};
	const struct bl_policy *p;

	(void)state;
	files[0] = unit_put_file("rbase.ini", "[profile]\nresponse = freeze\n"
					      "response-in-audit = yes\n");
	files[1] = unit_put_file("rchild.ini", "[profile]\nextends = rbase\n");
	files[2] = unit_put_file("rkill.ini", "[profile]\nextends = rchild\nresponse = kill\n"
					      "response-in-audit = no\n");
	files[3] = unit_put_file("rreport.ini", "[profile]\nextends = rbase\nresponse = report\n");
	assert_int_equal(bl_policy_set_load(files, 4, NULL, &set, &d), 0);
	assert_int_equal(d.n, 0);
	p = bl_policy_set_find(&set, "rchild");
	assert_int_equal(p->prof.response, BL_RESPONSE_FREEZE);
	assert_int_equal(p->prof.response_flags, BL_RESP_IN_AUDIT);
	p = bl_policy_set_find(&set, "rkill");
	assert_int_equal(p->prof.response, BL_RESPONSE_KILL);
	assert_int_equal(p->prof.response_flags, 0);
	p = bl_policy_set_find(&set, "rreport");
	assert_int_equal(p->prof.response, BL_RESPONSE_REPORT);
	assert_int_equal(p->prof.response_flags, BL_RESP_IN_AUDIT);
	bl_policy_set_free(&set);
}

static const char *const keep_what[] = { "the daemon's cgroup", "PID 1's cgroup" };

static int target(const char *cgroup, const char *bound, const char *daemon_cg, char *out,
		  char *why)
{
	static const char *const parents[] = { "/sys/fs/cgroup/docker",
					       "/sys/fs/cgroup/kube/pods" };
	const char *keep[] = { daemon_cg, "/sys/fs/cgroup/init.scope" };
	struct bl_response_where w = { .cgroup = cgroup,
				       .bound = bound,
				       .parents = parents,
				       .n_parents = 2,
				       .keep = keep,
				       .keep_what = keep_what,
				       .n_keep = 2 };

	return bl_response_target(&w, out, PATH_MAX, why, 512);
}

static void test_target(void **state)
{
	const char *dcg = "/sys/fs/cgroup/system.slice/boxlock.service";
	char out[PATH_MAX], why[512];

	(void)state;
	/* A container bound on its own cgroup: that cgroup, even for a task below it. */
	assert_int_equal(target("/sys/fs/cgroup/docker/abc/sub", "/sys/fs/cgroup/docker/abc", dcg,
				out, why),
			 0);
	assert_string_equal(out, "/sys/fs/cgroup/docker/abc");
	/* Bound through the container parent: the child directly under the parent. */
	assert_int_equal(
		target("/sys/fs/cgroup/docker/abc/x/y", "/sys/fs/cgroup/docker", dcg, out, why), 0);
	assert_string_equal(out, "/sys/fs/cgroup/docker/abc");
	/* A non-container bound cgroup (boxlock bind). */
	assert_int_equal(target("/sys/fs/cgroup/t1", "/sys/fs/cgroup/t1", dcg, out, why), 0);
	assert_string_equal(out, "/sys/fs/cgroup/t1");
}

static void test_refusals(void **state)
{
	const char *dcg = "/sys/fs/cgroup/system.slice/boxlock.service";
	char out[PATH_MAX], why[512];

	(void)state;
	/* The container parent itself. */
	assert_int_equal(target("/sys/fs/cgroup/docker", "/sys/fs/cgroup/docker", dcg, out, why),
			 -EPERM);
	assert_non_null(strstr(why, "container parent itself"));
	/* A bound cgroup above a container parent holds every container. */
	assert_int_equal(target("/sys/fs/cgroup/kube/pods/p1", "/sys/fs/cgroup/kube", dcg, out,
				why),
			 -EPERM);
	assert_non_null(strstr(why, "holds, the container parent /sys/fs/cgroup/kube/pods"));
	assert_int_equal(target("/sys/fs/cgroup/other/x", "/sys/fs/cgroup/other", dcg, out, why),
			 0);
	assert_int_equal(target("/sys/fs/cgroup/system.slice/x", "/sys/fs/cgroup/system.slice", dcg,
				out, why),
			 -EPERM);
	assert_non_null(strstr(why, "the daemon's cgroup"));
	/* The root. */
	assert_int_equal(target("/sys/fs/cgroup/a", "/sys/fs/cgroup", dcg, out, why), -EPERM);
	assert_non_null(strstr(why, "root cgroup"));
	assert_int_equal(target("/sys/fs/cgroup/a", "/sys/fs/cgroup/", dcg, out, why), -EPERM);
	/* The daemon's own cgroup, and PID 1's. */
	assert_int_equal(target(dcg, dcg, dcg, out, why), -EPERM);
	assert_int_equal(target("/sys/fs/cgroup/init.scope", "/sys/fs/cgroup/init.scope", dcg, out,
				why),
			 -EPERM);
	assert_non_null(strstr(why, "PID 1"));
	/* Not at or below the bound cgroup; a name that only starts like it is not below it. */
	assert_int_equal(target("/sys/fs/cgroup/docker/abc", "/sys/fs/cgroup/docker/ab", dcg, out,
				why),
			 -EPERM);
	assert_non_null(strstr(why, "not at or below"));
	/* Unknown (gone) cgroups act on nothing. */
	assert_int_equal(target("", "/sys/fs/cgroup/docker/abc", dcg, out, why), -ENOENT);
	assert_int_equal(target("/sys/fs/cgroup/docker/abc", NULL, dcg, out, why), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys),	 cmocka_unit_test(test_errors),
		cmocka_unit_test(test_extends),	 cmocka_unit_test(test_target),
		cmocka_unit_test(test_refusals),
	};

	return cmocka_run_group_tests(tests, unit_dir_setup, unit_dir_teardown);
}
