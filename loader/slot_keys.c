// SPDX-License-Identifier: GPL-2.0
/* The keys of one rule-set slot, picked from a batch of a map's keys. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "slot_keys.h"

static __u32 slot_of(const struct bl_slot_keys *k, const char *key)
{
	__u32 s;

	memcpy(&s, key + k->slot_off, sizeof(s)); /* keys are bytes: no alignment to rely on */
	return s;
}

int bl_slot_keys_pick(struct bl_slot_keys *out, const void *keys, size_t n, __u32 slot)
{
	const char *key = keys;
	size_t want = out->n;
	char *v;

	for (size_t i = 0; i < n; i++)
		want += slot_of(out, key + i * out->key_size) == slot;
	if (want > out->cap) {
		size_t cap = out->cap ? out->cap : 256;

		while (cap < want)
			cap *= 2;
		if (cap > SIZE_MAX / out->key_size)
			return -ENOMEM;
		v = realloc(out->v, cap * out->key_size);
		if (!v)
			return -ENOMEM;
		out->v = v;
		out->cap = cap;
	}
	for (size_t i = 0; i < n; i++, key += out->key_size)
		if (slot_of(out, key) == slot)
			memcpy(out->v + out->n++ * out->key_size, key, out->key_size);
	return 0;
}

const void *bl_slot_keys_at(const struct bl_slot_keys *k, size_t i)
{
	return k->v + i * k->key_size;
}

void bl_slot_keys_free(struct bl_slot_keys *k)
{
	free(k->v);
	k->v = NULL;
	k->n = k->cap = 0;
}
