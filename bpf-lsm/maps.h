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
 * Contained tasks: task_struct pointer (as __u64) of each task, thread by thread -> struct
 * bl_contained. Why these choices:
 *  - The pointer, not the pid: at security_task_alloc (kernel/fork.c copy_process) the child's
 *    pid and start_time are not assigned yet, its pointer is. security_task_free runs on every
 *    path that frees a task_struct (__put_task_struct at the end of its life, copy_process's
 *    failure path, and security_task_alloc itself when a later hook fails), and task_free
 *    deletes the entry there, so a reused pointer never finds a dead task's entry (task_alloc
 *    checks the child's pointer anyway, see exec.bpf.c).
 *  - Per thread: an exec from a non-leader thread (de_thread) keeps the exec'ing task_struct,
 *    whose own entry survives; nothing is looked up through group_leader.
 *  - A hash, not task storage: on 6.1 bpf_task_storage_get() returns NULL when its per-CPU busy
 *    counter is taken (bpf_task_storage_trylock; LSM programs are preemptible), so a lookup could
 *    miss spuriously and read "not contained". A hash lookup is lock-free (RCU) and never misses
 *    spuriously. An update or delete takes the bucket lock with preemption and interrupts off
 *    (htab_lock_bucket on 6.1 and 6.12), so it fails only on real recursion (an NMI program on
 *    this map: there is none), or when the map is full: both fail closed where it matters.
 */
BL_MAP struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, BL_MAX_CONTAINED_TASKS);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, __u64);
	__type(value, struct bl_contained);
} contained SEC(".maps");

/* boxlock's own state, by identity (struct bl_self_key); written by the loader only. */
BL_MAP struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, BL_MAX_SELF_OBJECTS);
	__uint(map_flags, BPF_F_RDONLY_PROG);
	__type(key, struct bl_self_key);
	__type(value, __u32);
} self_objects SEC(".maps");

/* The arm iterator's request (struct bl_arm_request): written by user space, counts written by
 * the iterator. */
BL_MAP struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct bl_arm_request);
} arm_request SEC(".maps");

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

/*
 * Learn mode: what contained tasks of learn-mode profiles did and were allowed (struct
 * bl_learn_key -> struct bl_learned, see boxlock.h), read by `boxlock profile generate`. Not
 * preallocated: 65536 entries of 352 bytes would pin 23 MiB that most hosts never use (6.1 has
 * bpf_mem_alloc, so a no-prealloc hash is usable from sleepable and LSM programs alike).
 */
BL_MAP struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, BL_MAX_LEARNED);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct bl_learn_key);
	__type(value, struct bl_learned);
} learned SEC(".maps");

/*
 * Per-CPU scratch for a learn key (312 bytes: too much for the stack next to a hook's own
 * frame), claimed like `scratch` (scratch.h) and for the same reason: a preempting hook on this
 * CPU. Busy: the observation is counted (BL_STAT_LEARN_BUSY) and not recorded.
 */
#define BL_LEARN_SCRATCH_SLOTS 2

struct bl_learn_scratch {
	__u32 busy;
	__u32 _pad;
	struct bl_learn_key key;
};

BL_MAP struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, BL_LEARN_SCRATCH_SLOTS);
	__type(key, __u32);
	__type(value, struct bl_learn_scratch);
} learn_scratch SEC(".maps");

#endif /* BL_MAPS_H */
