// SPDX-License-Identifier: GPL-2.0
/*
 * The capabilities `capable` may allow before it finds the task's profile (cap_mask.h): exactly
 * those no loaded profile denies, and none at all while a profile learns or has a mode this
 * binary does not know.
 */
#include "unit.h"
#include "cap_mask.h"

#define CAP(n) (1ull << (n))

static struct bl_profile prof(__u32 mode, __u64 deny)
{
	return (struct bl_profile){ .mode = mode, .cap_deny = deny };
}

static void test_no_profile_judges_nothing(void **state)
{
	(void)state;
	assert_true(bl_cap_unjudged(NULL, 0) == ~0ull);
}

static void test_union_of_denials(void **state)
{
	struct bl_profile v[] = { prof(BL_MODE_ENFORCE, CAP(21) | CAP(16)),
				  prof(BL_MODE_AUDIT, CAP(2)), prof(BL_MODE_ENFORCE, 0) };

	(void)state;
	/* An audited denial is judged too: it is reported. */
	assert_true(bl_cap_unjudged(v, 3) == ~(CAP(21) | CAP(16) | CAP(2)));
	assert_true(bl_cap_unjudged(v, 3) & CAP(20)); /* SYS_PACCT: nobody's */
	assert_false(bl_cap_unjudged(v, 3) & CAP(2));
	/* Bit 63, the highest a profile can name. */
	v[2].cap_deny = CAP(63);
	assert_false(bl_cap_unjudged(v, 3) & CAP(63));
}

static void test_learning_judges_all(void **state)
{
	struct bl_profile v[] = { prof(BL_MODE_ENFORCE, CAP(21)), prof(BL_MODE_LEARN, 0) };

	(void)state;
	assert_true(bl_cap_unjudged(v, 2) == 0);
}

static void test_unknown_mode_judges_all(void **state)
{
	struct bl_profile v[] = { prof(BL_MODE_ENFORCE, 0), prof(0, 0), prof(99, 0) };

	(void)state;
	assert_true(bl_cap_unjudged(v, 1) == ~0ull);
	assert_true(bl_cap_unjudged(v, 2) == 0); /* 0: not a mode the kernel enforces */
	assert_true(bl_cap_unjudged(v + 2, 1) == 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_profile_judges_nothing),
		cmocka_unit_test(test_union_of_denials),
		cmocka_unit_test(test_learning_judges_all),
		cmocka_unit_test(test_unknown_mode_judges_all),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
