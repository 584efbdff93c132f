// SPDX-License-Identifier: GPL-2.0
/*
 * What the kernel side says at scrape time, from the pinned maps: the `stats` counters (as
 * `boxlock status` reads them: per-CPU values summed), the fail-closed reasons among them, the
 * bound cgroups, the profiles and their rules in force, and how full each map is. Read-only map
 * syscalls: nothing here takes a lock of the daemon's.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "metrics.h"
#include "names.h"
#include "store.h"

/* The maps a scrape could not read: said at its end (a family's samples stay together), never
 * shown as zeros. */
struct read_errors {
	size_t n;
	struct {
		const char *map;
		int err;
	} e[16];
};

static void read_error(struct read_errors *re, const char *map, int err)
{
	for (size_t i = 0; i < re->n; i++)
		if (!strcmp(re->e[i].map, map))
			return; /* one sample per map: a second would be a duplicate series */
	if (re->n < sizeof(re->e) / sizeof(re->e[0])) {
		re->e[re->n].map = map;
		re->e[re->n++].err = err;
	}
}

static void read_errors_render(const struct read_errors *re, struct bl_mtext *w)
{
	bl_mtext_family(w, "boxlock_kernel_read_errors", "gauge",
			"1 for each pinned map this scrape could not read (its numbers are left "
			"out), with the error.");
	for (size_t i = 0; i < re->n; i++)
		bl_mtext_u64(w, "boxlock_kernel_read_errors",
			     (struct bl_mlabel[]){ { "map", re->e[i].map },
						   { "error", strerror(-re->e[i].err) } },
			     2, 1);
}

static int read_stats(const struct bl_maps *maps, __u64 *sums)
{
	int ncpu = libbpf_num_possible_cpus();

	if (ncpu <= 0)
		return ncpu ? ncpu : -EINVAL;
	__u64 vals[ncpu];

	for (__u32 i = 0; i < BL_STAT_COUNT; i++) {
		if (bpf_map_lookup_elem(maps->stats, &i, vals))
			return -errno;
		sums[i] = 0;
		for (int c = 0; c < ncpu; c++)
			sums[i] += vals[c];
	}
	return 0;
}

static void stats(const struct bl_maps *maps, struct bl_mtext *w, struct read_errors *re)
{
	__u64 sums[BL_STAT_COUNT];
	int err = read_stats(maps, sums);

	if (err) {
		read_error(re, "stats", err);
		return;
	}
	bl_mtext_family(
		w, "boxlock_kernel_stat_total", "counter",
		"The kernel's counters (the pinned stats map, as boxlock status names them).");
	for (__u32 i = 0; i < BL_STAT_COUNT; i++)
		bl_mtext_u64(w, "boxlock_kernel_stat_total",
			     &(struct bl_mlabel){ "stat", bl_stat_name(i) }, 1, sums[i]);
	bl_mtext_single(w, "boxlock_kernel_events_lost_total", "counter",
			"Events the kernel could not report (ring buffer full); the verdict stood.",
			sums[BL_STAT_EVENTS_LOST]);
	/* Every reason but a rule and boxlock's self-protection is a decision boxlock could not
	 * take and failed closed on; each has the stat of the same name. */
	bl_mtext_family(
		w, "boxlock_fail_closed_total", "counter",
		"Decisions boxlock could not take, denied in enforce mode (counted in audit "
		"mode), by reason.");
	for (__u32 r = 0; r < BL_REASON_COUNT; r++) {
		char stat[64];

		if (r == BL_REASON_RULE || r == BL_REASON_SELF)
			continue;
		snprintf(stat, sizeof(stat), "%s", bl_reason_name(r));
		for (char *p = stat; *p; p++)
			if (*p == '-')
				*p = '_';
		for (__u32 i = 0; i < BL_STAT_COUNT; i++)
			if (!strcmp(bl_stat_name(i), stat))
				bl_mtext_u64(w, "boxlock_fail_closed_total",
					     &(struct bl_mlabel){ "reason", bl_reason_name(r) }, 1,
					     sums[i]);
	}
}

/* Entries of a map, by walking its keys: 6.1 has no element count. A walk restarts when a key
 * goes under it: bounded by max_entries. */
static int map_entries(int fd, __u32 *n, __u32 *max)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);
	void *key, *next;
	int err = 0;

	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		return -errno;
	key = calloc(2, info.key_size ? info.key_size : 1);
	if (!key)
		return -ENOMEM;
	next = (char *)key + info.key_size;
	*n = 0;
	*max = info.max_entries;
	errno = ENOENT; /* what an empty walk and a bounded one leave */
	while (*n < info.max_entries && !bpf_map_get_next_key(fd, *n ? key : NULL, next)) {
		memcpy(key, next, info.key_size);
		(*n)++;
	}
	if (errno != ENOENT && *n < info.max_entries)
		err = -errno;
	free(key);
	return err;
}

static void map_usage(const struct bl_maps *maps, struct bl_mtext *w, struct read_errors *re)
{
	const struct {
		const char *name;
		int fd;
	} list[] = {
		{ "bindings", maps->bindings },		{ "profiles", maps->profiles },
		{ "path_rules", maps->path_rules },	{ "net_rules", maps->net_rules },
		{ "fstype_rules", maps->fstype_rules }, { "inode_rules", maps->inode_rules },
		{ "contained", maps->contained },	{ "rule_info", maps->rule_info },
		{ "rule_hits", maps->rule_hits },	{ "learned", maps->learned },
	};
	__u32 n[sizeof(list) / sizeof(list[0])], max[sizeof(list) / sizeof(list[0])];
	int err[sizeof(list) / sizeof(list[0])];

	for (size_t i = 0; i < sizeof(list) / sizeof(list[0]); i++) {
		err[i] = map_entries(list[i].fd, &n[i], &max[i]);
		if (err[i])
			read_error(re, list[i].name, err[i]);
	}
	bl_mtext_family(w, "boxlock_bound_cgroups", "gauge", "Cgroups bound to a profile.");
	if (!err[0])
		bl_mtext_u64(w, "boxlock_bound_cgroups", NULL, 0, n[0]);
	bl_mtext_family(w, "boxlock_map_entries", "gauge", "Entries in each of boxlock's maps.");
	for (size_t i = 0; i < sizeof(list) / sizeof(list[0]); i++)
		if (!err[i])
			bl_mtext_u64(w, "boxlock_map_entries",
				     &(struct bl_mlabel){ "map", list[i].name }, 1, n[i]);
	bl_mtext_family(w, "boxlock_map_max_entries", "gauge",
			"The most entries each of boxlock's maps can hold.");
	for (size_t i = 0; i < sizeof(list) / sizeof(list[0]); i++)
		if (!err[i])
			bl_mtext_u64(w, "boxlock_map_max_entries",
				     &(struct bl_mlabel){ "map", list[i].name }, 1, max[i]);
}

/* The profiles in force, each with its mode and the number of rules of its rule set. */
static void profiles(const struct bl_maps *maps, struct bl_mtext *w, struct read_errors *re)
{
	struct {
		__u32 id, slot, mode, rules;
	} p[BL_MAX_PROFILES];
	struct bl_rule_key key, *prev = NULL;
	__u32 n = 0, walked = 0;

	for (__u32 id = 0; id < BL_MAX_PROFILES; id++) {
		struct bl_profile prof;

		if (bpf_map_lookup_elem(maps->profiles, &id, &prof))
			continue;
		p[n++] = (typeof(p[0])){ id, prof.rules_slot, prof.mode, 0 };
	}
	errno = ENOENT;
	while (walked++ < BL_MAX_RULE_INFO && !bpf_map_get_next_key(maps->rule_info, prev, &key)) {
		prev = &key;
		for (__u32 i = 0; i < n; i++)
			if (p[i].slot == key.slot)
				p[i].rules++;
	}
	if (errno != ENOENT) {
		read_error(re, "rule_info", -errno);
		return;
	}
	bl_mtext_single(w, "boxlock_profiles_loaded", "gauge", "Profiles loaded in the kernel.", n);
	bl_mtext_family(w, "boxlock_profile_info", "gauge",
			"1 for each profile loaded, with its mode.");
	for (__u32 i = 0; i < n; i++) {
		char name[BL_NAME_MAX];

		bl_store_name(maps, p[i].id, name, sizeof(name));
		bl_mtext_u64(w, "boxlock_profile_info",
			     (struct bl_mlabel[]){ { "profile", name },
						   { "mode", bl_mode_name(p[i].mode) } },
			     2, 1);
	}
	bl_mtext_family(w, "boxlock_rules_loaded", "gauge",
			"Rules of each profile's rule set in force.");
	for (__u32 i = 0; i < n; i++) {
		char name[BL_NAME_MAX];

		bl_store_name(maps, p[i].id, name, sizeof(name));
		bl_mtext_u64(w, "boxlock_rules_loaded", &(struct bl_mlabel){ "profile", name }, 1,
			     p[i].rules);
	}
}

void bl_metrics_kernel(const struct bl_maps *maps, struct bl_mtext *w)
{
	struct read_errors re = {};

	stats(maps, w, &re);
	map_usage(maps, w, &re);
	profiles(maps, w, &re);
	read_errors_render(&re, w);
}
