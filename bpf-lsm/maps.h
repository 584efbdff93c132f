/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every map of boxlock, declared once. maps.bpf.c defines them (BL_DEFINE_MAPS); every other
 * object sees them as extern, and `bpftool gen object` links them into one.
 */
#ifndef BL_MAPS_H
#define BL_MAPS_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "boxlock.h"

#ifdef BL_DEFINE_MAPS
#define BL_MAP
#else
#define BL_MAP extern
#endif

/* Per-CPU scratch for a resolved path; several per CPU because a preemptible kernel can run a
 * second hook on this CPU while the first one holds a buffer (see scratch.h). */
#define BL_SCRATCH_SLOTS 4

struct bl_scratch {
	__u32 busy;
	struct bl_path_key key; /* key.path is where bpf_d_path writes ... */
	char overflow[BL_PATH_BUF - BL_RULE_PATH_MAX]; /* ... and where a long path spills over */
};

BL_MAP struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct bl_settings);
} settings SEC(".maps");

/* The ABI of the pinned state (struct bl_abi): user space writes and checks it, no program reads
 * it, none may write it. */
BL_MAP struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__uint(map_flags, BPF_F_RDONLY_PROG);
	__type(key, __u32);
	__type(value, struct bl_abi);
} abi SEC(".maps");

BL_MAP struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, BL_MAX_BINDINGS);
	__type(key, __u64);
	__type(value, struct bl_binding);
} bindings SEC(".maps");

BL_MAP struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, BL_MAX_PROFILES);
	__type(key, __u32);
	__type(value, struct bl_profile);
} profiles SEC(".maps");

BL_MAP struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, BL_MAX_PROFILES);
	__type(key, __u32);
	__type(value, struct bl_profile_name);
} profile_names SEC(".maps");

BL_MAP struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, BL_MAX_PATH_RULES);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct bl_path_key);
	__type(value, struct bl_path_rule);
} path_rules SEC(".maps");

BL_MAP struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, BL_MAX_NET_RULES);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct bl_net_key);
	__type(value, struct bl_net_rule);
} net_rules SEC(".maps");

BL_MAP struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, BL_MAX_FSTYPE_RULES);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct bl_fstype_key);
	__type(value, struct bl_fstype_rule);
} fstype_rules SEC(".maps");

BL_MAP struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, BL_MAX_INODE_RULES);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct bl_inode_key);
	__type(value, struct bl_path_rule);
} inode_rules SEC(".maps");

/*
 * Processes past their container's runtime set-up (BL_BIND_ARM_AT_EXEC): per thread group leader,
 * the boot time of arming. Set by the container's first exec, inherited at fork (task_alloc),
 * and by the daemon (through a pidfd) for processes already running when it binds them.
 */
BL_MAP struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, __u64);
} armed SEC(".maps");

BL_MAP struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, BL_MAX_RULE_INFO);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct bl_rule_key);
	__type(value, struct bl_rule_info);
} rule_info SEC(".maps");

/* How often each rule denied (enforce) or would have (audit): per CPU, summed by user space. */
BL_MAP struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, BL_MAX_RULE_INFO);
	__type(key, struct bl_rule_key);
	__type(value, __u64);
} rule_hits SEC(".maps");

BL_MAP struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, BL_STAT_COUNT);
	__type(key, __u32);
	__type(value, __u64);
} stats SEC(".maps");

BL_MAP struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, BL_RINGBUF_BYTES);
} events SEC(".maps");

BL_MAP struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, BL_SCRATCH_SLOTS);
	__type(key, __u32);
	__type(value, struct bl_scratch);
} scratch SEC(".maps");

#endif /* BL_MAPS_H */
