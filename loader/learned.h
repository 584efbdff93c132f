/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The `learned` map from user space: a learn-mode profile's observations (include/boxlock.h),
 * read for `boxlock profile generate`, printed as JSON, and deleted when the profile goes
 * (profile ids are reused: a new profile must not inherit another's observations) or on
 * `boxlock profile forget`.
 */
#ifndef BL_LEARNED_H
#define BL_LEARNED_H

#include <jansson.h>
#include "generate.h"
#include "pins.h"

/* Every observation of profile @id, all containers, sorted by key: *@out (malloc'd, *@n). */
int bl_learned_read(const struct bl_maps *m, __u32 id, struct bl_gen_obs **out, size_t *n);
/* Deletes every observation of profile @id; how many in *@n (may be NULL). Takes the lock. */
int bl_learned_forget(const struct bl_maps *m, __u32 id, size_t *n);
/* The learn counters of `stats`, summed over CPUs: observations not recorded. */
int bl_learned_counters(const struct bl_maps *m, __u64 *full, __u64 *busy);
/*
 * The watched read roots ([learn] watch-read) of rule set @slot, sorted: for each rule behind a
 * learn_read entry, the entry nearest the root ("/etc/", or an exact path). *@roots is a
 * malloc'd array of malloc'd strings (bl_learned_roots_free).
 */
int bl_learned_roots(const struct bl_maps *m, __u32 slot, char ***roots, size_t *n);
void bl_learned_roots_free(char **roots, size_t n);
/* The boot time, seconds since the epoch (/proc/stat btime): CLOCK_BOOTTIME's zero. */
int bl_boot_time(__u64 *btime);
/* One observation as JSON: kind, its object, count, first and last seen, container, details. */
json_t *bl_learned_json(const struct bl_gen_obs *o, __u64 btime);

#endif /* BL_LEARNED_H */
