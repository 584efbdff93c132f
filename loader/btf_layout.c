// SPDX-License-Identifier: GPL-2.0
/* Comparing the layout of two BTF types, member by member, all the way down. */
#include <stdio.h>
#include <string.h>
#include <bpf/btf.h>
#include "btf_layout.h"

#define MAX_DEPTH 16 /* boxlock's structs nest two deep; a cycle through a pointer stops here */

struct side {
	const struct btf *btf;
	const struct btf_type *t;
	__u32 id;
};

static const char *kind_name(const struct btf_type *t)
{
	static const char *const names[] = {
		[BTF_KIND_UNKN] = "void",     [BTF_KIND_INT] = "int",
		[BTF_KIND_PTR] = "pointer",   [BTF_KIND_ARRAY] = "array",
		[BTF_KIND_STRUCT] = "struct", [BTF_KIND_UNION] = "union",
		[BTF_KIND_ENUM] = "enum",     [BTF_KIND_FWD] = "forward declaration",
		[BTF_KIND_FLOAT] = "float",   [BTF_KIND_ENUM64] = "enum",
	};
	__u16 k = btf_kind(t);

	return k < sizeof(names) / sizeof(names[0]) && names[k] ? names[k] : "other type";
}

/* Resolves typedefs and qualifiers: __u32 and unsigned int are one layout. */
static int resolve(const struct btf *btf, __u32 id, struct side *s)
{
	int r = btf__resolve_type(btf, id);

	if (r < 0)
		return r;
	s->btf = btf;
	s->id = (__u32)r;
	s->t = btf__type_by_id(btf, s->id);
	return s->t ? 0 : -1;
}

static int differ(char *why, size_t len, const char *where, const char *what,
		  unsigned long long pinned, unsigned long long ours)
{
	snprintf(why, len, "%s: %s %llu in the pinned map, %llu in this binary", where, what,
		 pinned, ours);
	return 1;
}

static int diff(const struct btf *a, __u32 a_id, const struct btf *b, __u32 b_id, char *where,
		size_t where_len, char *why, size_t len, int depth);

static int diff_members(const struct side *a, const struct side *b, char *where, size_t where_len,
			char *why, size_t len, int depth)
{
	const struct btf_member *ma = btf_members(a->t), *mb = btf_members(b->t);
	size_t at = strlen(where);

	if (btf_vlen(a->t) != btf_vlen(b->t))
		return differ(why, len, where, "member count", btf_vlen(a->t), btf_vlen(b->t));
	for (__u16 i = 0; i < btf_vlen(a->t); i++) {
		const char *na = btf__name_by_offset(a->btf, ma[i].name_off);
		const char *nb = btf__name_by_offset(b->btf, mb[i].name_off);

		na = na ? na : "";
		nb = nb ? nb : "";
		if (strcmp(na, nb)) {
			snprintf(why, len,
				 "%s: member %u is '%s' in the pinned map, '%s' in this binary",
				 where, i, na, nb);
			return 1;
		}
		snprintf(where + at, where_len - at, ".%s", nb[0] ? nb : "(anonymous)");
		if (btf_member_bit_offset(a->t, i) != btf_member_bit_offset(b->t, i))
			return differ(why, len, where, "offset (bits)",
				      btf_member_bit_offset(a->t, i),
				      btf_member_bit_offset(b->t, i));
		if (btf_member_bitfield_size(a->t, i) != btf_member_bitfield_size(b->t, i))
			return differ(why, len, where, "bit field width",
				      btf_member_bitfield_size(a->t, i),
				      btf_member_bitfield_size(b->t, i));
		if (diff(a->btf, ma[i].type, b->btf, mb[i].type, where, where_len, why, len,
			 depth + 1))
			return 1;
		where[at] = 0;
	}
	return 0;
}

static int diff(const struct btf *a, __u32 a_id, const struct btf *b, __u32 b_id, char *where,
		size_t where_len, char *why, size_t len, int depth)
{
	struct side sa, sb;

	if (resolve(a, a_id, &sa) || resolve(b, b_id, &sb)) {
		snprintf(why, len, "%s: a type that cannot be resolved", where);
		return 1;
	}
	if (btf_kind(sa.t) != btf_kind(sb.t)) {
		snprintf(why, len, "%s: %s in the pinned map, %s in this binary", where,
			 kind_name(sa.t), kind_name(sb.t));
		return 1;
	}
	if (depth > MAX_DEPTH)
		return 0;
	switch (btf_kind(sa.t)) {
	case BTF_KIND_INT:
		if (sa.t->size != sb.t->size)
			return differ(why, len, where, "size", sa.t->size, sb.t->size);
		if (btf_int_bits(sa.t) != btf_int_bits(sb.t) ||
		    btf_int_encoding(sa.t) != btf_int_encoding(sb.t) ||
		    btf_int_offset(sa.t) != btf_int_offset(sb.t)) {
			snprintf(why, len, "%s: the integer's bits or sign differ", where);
			return 1;
		}
		return 0;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
	case BTF_KIND_FLOAT:
		if (sa.t->size != sb.t->size)
			return differ(why, len, where, "size", sa.t->size, sb.t->size);
		return 0;
	case BTF_KIND_ARRAY: {
		const struct btf_array *aa = btf_array(sa.t), *ab = btf_array(sb.t);
		size_t at = strlen(where);
		int ret;

		if (aa->nelems != ab->nelems)
			return differ(why, len, where, "length", aa->nelems, ab->nelems);
		snprintf(where + at, where_len - at, "[]");
		ret = diff(a, aa->type, b, ab->type, where, where_len, why, len, depth + 1);
		where[at] = 0;
		return ret;
	}
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		if (sa.t->size != sb.t->size)
			return differ(why, len, where, "size", sa.t->size, sb.t->size);
		return diff_members(&sa, &sb, where, where_len, why, len, depth);
	default:
		return 0; /* void, pointers: nothing laid out to compare */
	}
}

int bl_btf_layout_diff(const struct btf *a, __u32 a_id, const struct btf *b, __u32 b_id, char *why,
		       size_t len)
{
	char where[256] = "type";
	int r = btf__resolve_type(b, b_id);
	const struct btf_type *t = r >= 0 ? btf__type_by_id(b, (__u32)r) : NULL;
	const char *name = t ? btf__name_by_offset(b, t->name_off) : NULL;

	/* Places are named by this binary's types: "struct bl_profile.flags". */
	if (t && name && name[0])
		snprintf(where, sizeof(where), "%s%s%s", btf_is_composite(t) ? kind_name(t) : "",
			 btf_is_composite(t) ? " " : "", name);
	return diff(a, a_id, b, b_id, where, sizeof(where), why, len, 0);
}
