// SPDX-License-Identifier: GPL-2.0
/*
 * `container learn`'s pure parts: --duration's grammar, the name a generated profile takes from
 * the container's image (never its parent's, never a learning child's), finding a record by id,
 * id prefix or name.
 */
#include <errno.h>
#include "unit.h"
#include "daemon/learn.h"

static void test_duration(void **state)
{
	(void)state;
	assert_int_equal(bl_learn_parse_duration("90"), 90);
	assert_int_equal(bl_learn_parse_duration("90s"), 90);
	assert_int_equal(bl_learn_parse_duration("5m"), 300);
	assert_int_equal(bl_learn_parse_duration("2h"), 7200);
	assert_int_equal(bl_learn_parse_duration(""), -EINVAL);
	assert_int_equal(bl_learn_parse_duration("0"), -EINVAL);
	assert_int_equal(bl_learn_parse_duration("-5m"), -EINVAL);
	assert_int_equal(bl_learn_parse_duration("5d"), -EINVAL);
	assert_int_equal(bl_learn_parse_duration("5 m"), -EINVAL);
	assert_int_equal(bl_learn_parse_duration("m"), -EINVAL);
	assert_int_equal(bl_learn_parse_duration("99999999999999999999"), -EINVAL);
}

static void test_image_name(void **state)
{
	char name[BL_NAME_MAX];

	(void)state;
	bl_learn_image_name("boxlock-web", "web", name, sizeof(name));
	assert_string_equal(name, "boxlock-web");
	bl_learn_image_name("docker.io/library/nginx:1.25", "default", name, sizeof(name));
	assert_string_equal(name, "nginx");
	bl_learn_image_name("registry:5000/team/app@sha256:0123", "default", name, sizeof(name));
	assert_string_equal(name, "app");
	/* Never the profile it extends, which it would replace. */
	bl_learn_image_name("web:latest", "web", name, sizeof(name));
	assert_string_equal(name, "web-learned");
	bl_learn_image_name("learn-x", "default", name, sizeof(name));
	assert_string_equal(name, "img-learn-x");
	bl_learn_image_name("a+b", "default", name, sizeof(name));
	assert_string_equal(name, "a-b");
	bl_learn_image_name(":tag", "default", name, sizeof(name));
	assert_string_equal(name, "learned");
	/* Cut, with room for the suffix, and still under BL_NAME_MAX. */
	bl_learn_image_name(
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		"default", name, sizeof(name));
	assert_true(strlen(name) < BL_NAME_MAX);
}

static void test_find(void **state)
{
	struct bl_learning v[2] = {};

	(void)state;
	strcpy(v[0].id, "abc123");
	strcpy(v[0].name, "web");
	strcpy(v[1].id, "def456");
	strcpy(v[1].name, "script");
	assert_ptr_equal(bl_learning_find(v, 2, "web"), &v[0]);
	assert_ptr_equal(bl_learning_find(v, 2, "def"), &v[1]);
	assert_ptr_equal(bl_learning_find(v, 2, "abc123"), &v[0]);
	assert_null(bl_learning_find(v, 2, "we"));
	assert_null(bl_learning_find(v, 2, ""));
	assert_null(bl_learning_find(v, 2, "zzz"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_duration),
		cmocka_unit_test(test_image_name),
		cmocka_unit_test(test_find),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
