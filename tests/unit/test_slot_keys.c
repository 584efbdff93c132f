// SPDX-License-Identifier: GPL-2.0
/*
 * Dropping an old version of a profile (store.c's drop_slot) deletes the keys of its slot and no
 * other: the pure part, picking those keys out of batches of a map's keys, for each key type that
 * carries a slot.
 */
#include <netinet/in.h>
#include "unit.h"
#include "slot_keys.h"

static struct bl_rule_key rule_key(__u32 slot, __u32 id)
{
	return (struct bl_rule_key){ .slot = slot, .rule_id = id };
}

static void test_rule_keys(void **state)
{
	struct bl_slot_keys found = { .key_size = sizeof(struct bl_rule_key),
				      .slot_off = offsetof(struct bl_rule_key, slot) };
	struct bl_rule_key keys[] = { rule_key(1, 1), rule_key(2, 1), rule_key(1, 2),
				      rule_key(3, 1), rule_key(1, 3), rule_key(0, 1) };
	const struct bl_rule_key *k;

	(void)state;
	assert_int_equal(bl_slot_keys_pick(&found, keys, 6, 1), 0);
	assert_int_equal(found.n, 3);
	/* In the order the walk met them, whole. */
	for (size_t i = 0; i < found.n; i++) {
		k = bl_slot_keys_at(&found, i);
		assert_int_equal(k->slot, 1);
		assert_int_equal(k->rule_id, i + 1);
	}
	/* A second batch adds to the first. */
	assert_int_equal(bl_slot_keys_pick(&found, keys + 1, 1, 2), 0);
	assert_int_equal(found.n, 4);
	k = bl_slot_keys_at(&found, 3);
	assert_int_equal(k->slot, 2);
	bl_slot_keys_free(&found);
	assert_int_equal(found.n, 0);
	assert_null(found.v);
}

static void test_nothing_to_pick(void **state)
{
	struct bl_slot_keys found = { .key_size = sizeof(struct bl_rule_key),
				      .slot_off = offsetof(struct bl_rule_key, slot) };
	struct bl_rule_key keys[] = { rule_key(2, 1), rule_key(3, 1) };

	(void)state;
	assert_int_equal(bl_slot_keys_pick(&found, keys, 2, 1), 0);
	assert_int_equal(found.n, 0);
	assert_int_equal(bl_slot_keys_pick(&found, keys, 0, 2), 0);
	assert_int_equal(found.n, 0);
	bl_slot_keys_free(&found);
}

/* The slot is not always the first field: the net key's is after prefixlen. */
static void test_slot_inside_key(void **state)
{
	struct bl_slot_keys found = { .key_size = sizeof(struct bl_net_key),
				      .slot_off = offsetof(struct bl_net_key, slot) };
	struct bl_net_key keys[4] = {};

	(void)state;
	for (int i = 0; i < 4; i++) {
		keys[i].prefixlen = 7; /* the slot's value where the slot is not */
		keys[i].slot = i % 2 ? 7 : 8;
		keys[i].proto = IPPROTO_TCP;
		keys[i].family = 4;
		keys[i].addr[3] = (__u8)i;
	}
	assert_int_equal(bl_slot_keys_pick(&found, keys, 4, 7), 0);
	assert_int_equal(found.n, 2);
	assert_memory_equal(bl_slot_keys_at(&found, 0), &keys[1], sizeof(keys[1]));
	assert_memory_equal(bl_slot_keys_at(&found, 1), &keys[3], sizeof(keys[3]));
	bl_slot_keys_free(&found);
}

/* Path keys are 260 bytes, with the slot at 4: a large profile's many batches. */
static void test_many_path_keys(void **state)
{
	struct bl_slot_keys found = { .key_size = sizeof(struct bl_path_key),
				      .slot_off = offsetof(struct bl_path_key, slot) };
	enum { BATCH = 256, N = 10000 };
	struct bl_path_key *keys = calloc(N, sizeof(*keys));
	size_t want = 0;

	(void)state;
	assert_non_null(keys);
	for (__u32 i = 0; i < N; i++) {
		keys[i].slot = i % 3 ? 5 : 6;
		keys[i].prefixlen =
			32 + 8 * (__u32)snprintf(keys[i].path, sizeof(keys[i].path), "/r/%u", i);
		want += keys[i].slot == 6;
	}
	for (size_t at = 0; at < N; at += BATCH)
		assert_int_equal(bl_slot_keys_pick(&found, keys + at,
						   at + BATCH <= N ? BATCH : N - at, 6),
				 0);
	assert_int_equal(found.n, want);
	assert_true(found.cap >= found.n);
	for (size_t i = 0; i < found.n; i++) {
		const struct bl_path_key *k = bl_slot_keys_at(&found, i);
		char path[32];

		snprintf(path, sizeof(path), "/r/%zu", 3 * i);
		assert_int_equal(k->slot, 6);
		assert_string_equal(k->path, path);
	}
	bl_slot_keys_free(&found);
	free(keys);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rule_keys),
		cmocka_unit_test(test_nothing_to_pick),
		cmocka_unit_test(test_slot_inside_key),
		cmocka_unit_test(test_many_path_keys),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
