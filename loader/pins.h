/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What boxlock leaves in the kernel, pinned under the pin directory (default /sys/fs/bpf/boxlock)
 * so that enforcement outlives any process:
 *   maps/<map>    every map, so policy and counters survive a restart
 *   links/<prog>  one LSM link per program; while it is pinned, the hook runs
 *   iter/arm      the arm iterator's link (loader/arm.c): not a hook, so not under links/
 */
#ifndef BL_PINS_H
#define BL_PINS_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

/* File descriptors of the pinned maps, -1 when closed. */
struct bl_maps {
	int settings;
	int bindings;
	int profiles;
	int profile_names;
	int path_rules;
	int net_rules;
	int fstype_rules;
	int inode_rules;
	int contained;
	int arm_request;
	int rule_info;
	int rule_hits;
	int stats;
	int events;
	int learned; /* learn mode's observations (struct bl_learn_key -> bl_learned) */
};

/* Opens every pinned map; -ENOENT (with a hint to run `boxlock load`) if boxlock is not loaded. */
int bl_maps_open(struct bl_maps *m);
void bl_maps_close(struct bl_maps *m);

/* Loads the programs, reusing pinned maps, attaches them and pins links; upgrades in place. */
int bl_install(void);
/* Unpins everything: the hooks detach and the maps go once nothing else holds them. */
int bl_uninstall(void);

/* Names of the programs whose links are pinned; for status. Returns the count or -errno. */
int bl_links_list(char names[][64], int max);
bool bl_is_loaded(void);

/*
 * Every pin this binary makes (maps/, links/ for each program whose hook this kernel has,
 * iter/arm), each as {"pin": "links/bl_file_open", "present": bool}, into *@out (a new JSON
 * array). Returns how many are missing, or -errno.
 */
int bl_pins_check(json_t **out);

/* How many links this binary pins on this kernel (its hooks, the variants it takes), or -errno. */
int bl_links_expected(void);

/* Path of the pinned arm iterator link, <pin_dir>/iter/arm. */
int bl_arm_iter_path(char *buf, size_t len);

#endif /* BL_PINS_H */
