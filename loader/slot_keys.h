/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Picking the keys of one rule-set slot out of a map's keys: what dropping an old version of a
 * profile deletes. Pure: the map walk is the caller's (store.c).
 */
#ifndef BL_SLOT_KEYS_H
#define BL_SLOT_KEYS_H

#include <stddef.h>
#include <linux/types.h>

/* Keys of @key_size bytes whose __u32 at @slot_off is the slot; set those two, zero the rest. */
struct bl_slot_keys {
	size_t key_size;
	size_t slot_off;
	char *v; /* n keys, back to back */
	size_t n, cap;
};

/* Appends to @out, in order, those of the @n keys at @keys whose slot is @slot; -ENOMEM leaves
 * @out with what it held before. */
int bl_slot_keys_pick(struct bl_slot_keys *out, const void *keys, size_t n, __u32 slot);
/* Key @i of @k. */
const void *bl_slot_keys_at(const struct bl_slot_keys *k, size_t i);
void bl_slot_keys_free(struct bl_slot_keys *k);

#endif /* BL_SLOT_KEYS_H */
