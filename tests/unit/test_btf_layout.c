// SPDX-License-Identifier: GPL-2.0
/*
 * What catches a shared struct changed without a BL_ABI_VERSION bump: two BTF types compared
 * member by member (loader/btf_layout.c). Hand-made BTF for each kind of change, and the real
 * object's map types, which must match themselves.
 */
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "unit.h"
#include "boxlock.skel.h"
#include "btf_layout.h"

/* A BTF with struct s { __u32 a; __u32 b; char name[8]; } laid out as asked; returns s's id. */
struct shape {
	const char *first, *second; /* member names, in order */
	bool swap_offsets; /* first at 4, second at 0: a reorder at the same size */
	__u32 name_len;
	bool via_typedef; /* __u32 through a typedef: the same layout */
	bool signed_first;
};

static int make(struct btf *btf, const struct shape *s)
{
	int u32 = btf__add_int(btf, "unsigned int", 4, 0);
	int s32 = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	int chr = btf__add_int(btf, "char", 1, BTF_INT_CHAR | BTF_INT_SIGNED);
	int td = btf__add_typedef(btf, "__u32", u32);
	int field = s->via_typedef ? td : u32;
	int arr = btf__add_array(btf, u32, chr, s->name_len);
	int id = btf__add_struct(btf, "bl_thing", 8 + s->name_len);

	assert_true(u32 > 0 && s32 > 0 && chr > 0 && td > 0 && arr > 0 && id > 0);
	assert_int_equal(btf__add_field(btf, s->first, s->signed_first ? s32 : field,
					s->swap_offsets ? 32 : 0, 0),
			 0);
	assert_int_equal(btf__add_field(btf, s->second, field, s->swap_offsets ? 0 : 32, 0), 0);
	assert_int_equal(btf__add_field(btf, "name", arr, 64, 0), 0);
	return id;
}

/* Compares shape @pinned with shape @ours; returns what bl_btf_layout_diff said in @why. */
static int compare(const struct shape *pinned, const struct shape *ours, char *why, size_t len)
{
	struct btf *a = btf__new_empty(), *b = btf__new_empty();
	int ia, ib, ret;

	assert_non_null(a);
	assert_non_null(b);
	ia = make(a, pinned);
	ib = make(b, ours);
	why[0] = 0;
	ret = bl_btf_layout_diff(a, (__u32)ia, b, (__u32)ib, why, len);
	btf__free(a);
	btf__free(b);
	return ret;
}

static const struct shape base = { .first = "rules_slot", .second = "flags", .name_len = 8 };

static void test_same(void **state)
{
	struct shape typedefd = base;
	char why[256];

	(void)state;
	assert_int_equal(compare(&base, &base, why, sizeof(why)), 0);
	/* A typedef is not a layout. */
	typedefd.via_typedef = true;
	assert_int_equal(compare(&base, &typedefd, why, sizeof(why)), 0);
}

/* The case BL_ABI_VERSION exists for: two fields swapped, the struct's size the same. */
static void test_reordered(void **state)
{
	struct shape swapped = base;
	char why[256];

	(void)state;
	swapped.first = "flags";
	swapped.second = "rules_slot";
	assert_int_equal(compare(&base, &swapped, why, sizeof(why)), 1);
	assert_non_null(strstr(why, "struct bl_thing"));
	assert_non_null(strstr(why, "'rules_slot' in the pinned map, 'flags' in this binary"));
}

static void test_moved(void **state)
{
	struct shape moved = base;
	char why[256];

	(void)state;
	moved.swap_offsets = true; /* the same names in the same order, at other offsets */
	assert_int_equal(compare(&base, &moved, why, sizeof(why)), 1);
	assert_non_null(strstr(why, "struct bl_thing.rules_slot: offset (bits) 0 in the pinned "
				    "map, 32 in this binary"));
}

static void test_array_length(void **state)
{
	struct shape longer = base;
	char why[256];

	(void)state;
	longer.name_len = 16;
	assert_int_equal(compare(&base, &longer, why, sizeof(why)), 1);
	assert_non_null(strstr(why, "size 16 in the pinned map, 24 in this binary"));
}

static void test_retyped(void **state)
{
	struct shape sign = base;
	char why[256];

	(void)state;
	sign.signed_first = true;
	assert_int_equal(compare(&base, &sign, why, sizeof(why)), 1);
	assert_non_null(strstr(why, "struct bl_thing.rules_slot"));
}

/* Every map of the real object matches itself: no false alarm on an ordinary reload. */
static void test_real_object(void **state)
{
	struct boxlock *skel = boxlock__open();
	const struct btf *btf;
	struct bpf_map *map;
	int compared = 0;
	char why[256];

	(void)state;
	assert_non_null(skel);
	btf = bpf_object__btf(skel->obj);
	assert_non_null(btf);
	bpf_object__for_each_map(map, skel->obj) {
		__u32 v = bpf_map__btf_value_type_id(map);

		if (bpf_map__is_internal(map) || !v)
			continue;
		if (bl_btf_layout_diff(btf, v, btf, v, why, sizeof(why)))
			fail_msg("map %s: %s", bpf_map__name(map), why);
		compared++;
	}
	assert_true(compared >= 10);
	/* And two of its structs differ: settings is not profile. */
	assert_int_equal(bl_btf_layout_diff(btf, bpf_map__btf_value_type_id(skel->maps.settings),
					    btf, bpf_map__btf_value_type_id(skel->maps.profiles),
					    why, sizeof(why)),
			 1);
	boxlock__destroy(skel);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same),	cmocka_unit_test(test_reordered),
		cmocka_unit_test(test_moved),	cmocka_unit_test(test_array_length),
		cmocka_unit_test(test_retyped), cmocka_unit_test(test_real_object),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
