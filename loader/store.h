/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Putting compiled profiles into the maps. A profile's rules are written under a fresh slot, then
 * the profile's entry is replaced in one map update that points it at the new slot: a task sees
 * the old version or the new, never half of each. A failure before that point removes what was
 * written and leaves the old version in force. Each writer here holds the lock (lock.h).
 */
#ifndef BL_STORE_H
#define BL_STORE_H

#include "pins.h"
#include "policy.h"

/* Stores every profile of @set, all or nothing. */
int bl_store_set(const struct bl_maps *m, const struct bl_policy_set *set);
/* Removes profile @name; refuses (-EBUSY) while a cgroup is bound to it. */
int bl_store_remove(const struct bl_maps *m, const char *name);
/* Switches profile @id to enum bl_mode @mode, and nothing else; its old mode in @was if not NULL. */
int bl_store_set_mode(const struct bl_maps *m, __u32 id, __u32 mode, __u32 *was);
/* Looks profile @name up; -ENOENT if it is not loaded. */
int bl_store_find(const struct bl_maps *m, const char *name, __u32 *id);
/* The name of profile @id, or "?" */
void bl_store_name(const struct bl_maps *m, __u32 id, char *buf, size_t len);
/* The parent's name of the profile whose rule set is @slot ("" for none) into @buf; -ENOENT when
 * it is not recorded (stored by an older boxlock). */
int bl_store_parent(const struct bl_maps *m, __u32 slot, char *buf, size_t len);
/* The text of rule @rule_id of the rule set in @slot, or an empty string. */
void bl_store_rule_text(const struct bl_maps *m, __u32 slot, __u32 rule_id, char *buf, size_t len);

#endif /* BL_STORE_H */
