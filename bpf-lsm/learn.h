/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Learn mode: what a contained task of a learn-mode profile did and was allowed, recorded once
 * per distinct object in `learned` (struct bl_learn_key, boxlock.h) with a count, for `boxlock
 * profile generate`. Two ways in: a hook's allowed exit (bl_allowed), and the judge when only
 * one of the profile's own rules stood in the way (audited in learn mode, bl_judge). Never what
 * an inherited rule matched, nor what failed closed. Recording never changes a verdict: a full
 * map (BL_STAT_LEARN_FULL) or a busy scratch (BL_STAT_LEARN_BUSY) is only counted.
 */
#ifndef BL_LEARN_H
#define BL_LEARN_H

#include "decision.h"

/* The kind of observation a hook's object is, by the hook and its access; 0: none learned. */
static __always_inline __u32 bl_learn_kind(__u32 hook, __u32 access)
{
	switch (hook) {
	case BL_HOOK_EXEC:
	case BL_HOOK_MMAP_EXEC:
	case BL_HOOK_MPROTECT_EXEC:
		return BL_LEARN_EXEC;
	case BL_HOOK_FILE_OPEN:
		return access & BL_ACCESS_WRITE ? BL_LEARN_WRITE : BL_LEARN_READ;
	case BL_HOOK_FILE_CHANGE:
	case BL_HOOK_NAME_CHANGE:
		return BL_LEARN_WRITE;
	case BL_HOOK_UNIX_CONNECT:
	case BL_HOOK_UNIX_SEND:
		return BL_LEARN_UNIX;
	case BL_HOOK_CONNECT:
	case BL_HOOK_SENDMSG:
		return BL_LEARN_CONNECT;
	case BL_HOOK_LISTEN:
	case BL_HOOK_BIND:
		return BL_LEARN_LISTEN;
	case BL_HOOK_CAPABLE:
		return BL_LEARN_CAP;
	case BL_HOOK_MOUNT:
		return BL_LEARN_MOUNT;
	}
	return 0;
}

/* The details a hook's observation implies (bl_learned.details). */
static __always_inline __u32 bl_learn_details(__u32 hook, __u32 access)
{
	switch (hook) {
	case BL_HOOK_EXEC:
		return BL_LEARNED_EXECUTED;
	case BL_HOOK_MMAP_EXEC:
	case BL_HOOK_MPROTECT_EXEC:
		return BL_LEARNED_MAPPED;
	case BL_HOOK_FILE_OPEN:
		return access & BL_ACCESS_WRITE ? BL_LEARNED_WRITE_OPEN : 0;
	case BL_HOOK_FILE_CHANGE:
	case BL_HOOK_NAME_CHANGE:
		return 1u << ((access >> BL_ACCESS_OP_SHIFT) & 31);
	}
	return 0;
}

static __always_inline struct bl_learn_scratch *bl_learn_scratch_try(__u32 i)
{
	struct bl_learn_scratch *s = bpf_map_lookup_elem(&learn_scratch, &i);

	if (s && __sync_val_compare_and_swap(&s->busy, 0, 1) == 0)
		return s;
	return NULL;
}

static __always_inline struct bl_learn_scratch *bl_learn_scratch_get(void)
{
	struct bl_learn_scratch *s;

	_Static_assert(BL_LEARN_SCRATCH_SLOTS == 2, "bl_learn_scratch_get tries two slots");
	if ((s = bl_learn_scratch_try(0)))
		return s;
	return bl_learn_scratch_try(1);
}

/* Fills @key's path from @path (kernel memory); returns BL_LEARNED_CUT when it did not fit. */
static __always_inline __u32 bl_learn_path(struct bl_learn_key *key, const char *path)
{
	long len = bpf_probe_read_kernel_str(key->path, sizeof(key->path), path);
	char next = 0;

	if (len < (long)sizeof(key->path))
		return 0;
	/* The key is full: cut, unless the path ends just there. */
	bpf_probe_read_kernel(&next, 1, path + sizeof(key->path) - 1);
	return next ? BL_LEARNED_CUT : 0;
}

/* Adds one sighting to @v. Atomics: several CPUs may count the same object at once. */
static __always_inline void bl_learn_add(struct bl_learned *v, __u32 details, __u64 now)
{
	__sync_fetch_and_add(&v->count, 1);
	v->last_ns = now;
	if ((v->details & details) != details)
		__sync_fetch_and_or(&v->details, details);
}

/*
 * Records @obj, observed by @hook for @t, in `learned`: counted if it is there, inserted if not.
 * The caller knows @t's profile learns. Returns nothing: no verdict depends on it.
 */
static __noinline void bl_learn(const struct bl_task *t, __u32 hook, const struct bl_object *obj)
{
	struct bl_learned v = {}, *old;
	struct bl_learn_scratch *s;
	struct bl_learn_key *key;
	struct inode *inode;
	__u32 kind, details;
	__u64 now;
	int err; /* an int: see bl_record_contained */

	if (!t || !obj)
		return;
	kind = bl_learn_kind(hook, obj->access);
	if (!kind)
		return;
	if ((kind != BL_LEARN_CONNECT && kind != BL_LEARN_LISTEN && kind != BL_LEARN_CAP) &&
	    (!obj->path || obj->path_in_fs))
		return; /* a file, socket or mount point with no name a profile could give */
	s = bl_learn_scratch_get();
	if (!s) {
		bl_count(BL_STAT_LEARN_BUSY);
		return;
	}
	key = &s->key;
	__builtin_memset(key, 0, sizeof(*key)); /* a hash compares every byte */
	key->bound_cgroup_id = t->bound_cgroup_id;
	key->profile_id = t->profile_id;
	key->kind = kind;
	/* What the hook says (an interpreter's round) or else what the hook implies. */
	details = obj->learn_details ? obj->learn_details : bl_learn_details(hook, obj->access);
	if (kind == BL_LEARN_CONNECT || kind == BL_LEARN_LISTEN) {
		key->proto = obj->proto;
		key->family = obj->family;
		key->port = obj->port;
		if (obj->addr)
			bpf_probe_read_kernel(key->addr, obj->family == 4 ? 4 : 16, obj->addr);
	} else if (kind == BL_LEARN_CAP) {
		key->cap = obj->cap;
	} else {
		details |= bl_learn_path(key, obj->path);
		if (obj->fstype)
			bpf_probe_read_kernel_str(key->fstype, sizeof(key->fstype), obj->fstype);
	}

	now = bpf_ktime_get_boot_ns();
	old = bpf_map_lookup_elem(&learned, key);
	if (!old) {
		v.count = 1;
		v.first_ns = now;
		v.last_ns = now;
		v.details = details;
		/* A local: BPF_CORE_READ(obj->inode, ...) would relocate obj's own field. */
		inode = obj->inode;
		if (inode) {
			v.dev = BPF_CORE_READ(inode, i_sb, s_dev);
			v.ino = BPF_CORE_READ(inode, i_ino);
		}
		err = bpf_map_update_elem(&learned, key, &v, BPF_NOEXIST);
		if (!err)
			goto out;
		/* -EEXIST: another CPU inserted it meanwhile; count on it. Else the map is full. */
		old = err == -EEXIST ? bpf_map_lookup_elem(&learned, key) : NULL;
		if (!old) {
			bl_count(BL_STAT_LEARN_FULL);
			goto out;
		}
	}
	bl_learn_add(old, details, now);
out:
	*(volatile __u32 *)&s->busy = 0;
}

/*
 * Does @t's profile learn? Its mode read through t->prof, from the map entry, not t->mode (see
 * bl_judge: a copy on the stack that the 6.1 verifier may take for a constant). No second
 * lookup: every contained task's allowed operation asks.
 */
static __always_inline bool bl_learning(const struct bl_task *t)
{
	const struct bl_profile *prof = t->prof;

	return prof && prof->mode == BL_MODE_LEARN;
}

/* A hook's allowed exit: records @obj when @t's profile learns. Returns the verdict, 0. */
static __always_inline int bl_allowed(const struct bl_task *t, __u32 hook,
				      const struct bl_object *obj)
{
	if (bl_learning(t))
		bl_learn(t, hook, obj);
	return 0;
}

#endif /* BL_LEARN_H */
