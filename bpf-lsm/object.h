/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Names that do not depend on how a task reaches a file, built in a scratch buffer:
 *  - the key of a device node (BL_KEY_DEV): its type and number, whatever the node is called;
 *  - the key of a file on a pseudo-filesystem (BL_KEY_FS): the filesystem and the path from its
 *    superblock's root, the same through a chroot, a second mount or a bind mount;
 *  - the path of the task's root inside its mount namespace, which bl_path_lookup puts before
 *    what bpf_d_path (relative to the task's root) returns, so a chroot changes no rule.
 * Paths are walked up (d_parent, then the mount's mount point), one bpf_loop() step a name, and
 * written backwards into the walk area of the buffer, at most BL_WALK_DEPTH names and BL_WALK_MAX bytes: a longer walk
 * cannot be judged and is denied.
 */
#ifndef BL_OBJECT_H
#define BL_OBJECT_H

#include "scratch.h"
#include <bpf/bpf_core_read.h>

#define BL_WALK_DEPTH 48
#define BL_WALK_MAX 1024 /* a power of two: offsets are masked with it */
/* The walk area: after the bytes a key is copied to, and room for a 255-byte name past its
 * end (the verifier bounds a masked offset, not the check before it). */
#define BL_WALK_AREA 2048
_Static_assert(BL_WALK_AREA + BL_WALK_MAX + 256 <= BL_PATH_BUF, "the walk area fits the buffer");
_Static_assert(2 + 2 * BL_WALK_MAX <= BL_PATH_BUF, "a walked path copied to the key's start");
_Static_assert(2 + BL_WALK_MAX + 1 <= BL_WALK_AREA, "... does not overlap the walk area");

#define BL_S_IFMT 0170000
#define BL_S_IFBLK 0060000
#define BL_S_IFCHR 0020000

/* The bytes of the scratch buffer: key.path, then the overflow that follows it. */
static __always_inline char *bl_buf(struct bl_scratch *s)
{
	return s->key.path;
}

/* Puts "/NAME" of @d before the walked path, which starts at *@off of the walk area. */
static __always_inline int bl_walk_prepend(struct bl_scratch *s, __u32 *off, struct dentry *d)
{
	char *area = bl_buf(s) + BL_WALK_AREA;
	const unsigned char *name = BPF_CORE_READ(d, d_name.name);
	__u32 len = BPF_CORE_READ(d, d_name.len), o = *off;

	if (len == 0 || len > 255 || len + 1 > o)
		return -1;
	o -= len;
	if (bpf_probe_read_kernel(area + (o & (BL_WALK_MAX - 1)), len & 255, name))
		return -1;
	o -= 1;
	area[o & (BL_WALK_MAX - 1)] = '/';
	*off = o;
	return 0;
}

/* Copies the walked path (from *@off to the end of the walk area) to @dst; returns its length. */
static __always_inline long bl_walk_copy(struct bl_scratch *s, char *dst, __u32 off)
{
	__u32 n = BL_WALK_MAX - off;

	if (off > BL_WALK_MAX || n > BL_WALK_MAX)
		return -1;
	/* The mask bounds n for the verifier (the compiler may not keep the checked register). */
	if (n && bpf_probe_read_kernel(dst, n & (BL_WALK_MAX * 2 - 1),
				       bl_buf(s) + BL_WALK_AREA + (off & (BL_WALK_MAX - 1))))
		return -1;
	return n;
}

static __always_inline struct mount *bl_real_mount(struct vfsmount *mnt)
{
	return (struct mount *)((void *)mnt - bpf_core_field_offset(struct mount, mnt));
}

/*
 * A walk's state, in bpf_loop()'s context: one step per call, so the verifier checks a step once
 * rather than every unrolled iteration of every path through it.
 */
struct bl_walk {
	struct bl_scratch *s;
	struct dentry *d; /* where the walk is */
	struct mount *m; /* its mount (root walk) */
	struct dentry *stop; /* the superblock's root (filesystem walk) */
	struct mount *ns_root; /* the mount namespace's root mount (root walk) */
	struct dentry *ns_top; /* and its root dentry */
	__u32 off; /* the walked path starts here in the walk area */
	int state; /* 0 walking, 1 done, -1 failed */
};

/* One step up from the task's root towards its mount namespace's root. */
static long bl_root_step(__u32 i, void *ctx)
{
	struct bl_walk *w = ctx;
	struct dentry *d = w->d, *mp;
	struct mount *m = w->m, *parent;

	if (d != BPF_CORE_READ(m, mnt.mnt_root)) {
		if (bl_walk_prepend(w->s, &w->off, d)) {
			w->state = -1;
			return 1;
		}
		w->d = BPF_CORE_READ(d, d_parent);
		return 0;
	}
	if (m == w->ns_root) {
		w->state = 1;
		return 1;
	}
	parent = BPF_CORE_READ(m, mnt_parent);
	mp = BPF_CORE_READ(m, mnt_mountpoint);
	if (!parent || parent == m) {
		w->state = -1; /* a mount outside the namespace: nothing to place the root in */
		return 1;
	}
	if (parent == w->ns_root && mp == w->ns_top) {
		w->state = 1; /* the namespace's visible root */
		return 1;
	}
	w->m = parent;
	w->d = mp;
	return 0;
}

/*
 * Writes the path of the task's root inside its mount namespace to the start of the buffer, with
 * no trailing '/': "" when the task's root is the namespace's (the mount at the namespace's
 * root, or one stacked on it: a pivot_root'ed container's root), "/proc/sys" after
 * chroot("/proc/sys"). Returns its length, or -1 when the root cannot be placed (too deep, or on
 * a mount outside the namespace's tree): denied.
 */
static __always_inline long bl_root_prefix(struct bl_scratch *s)
{
	struct task_struct *task = bpf_get_current_task_btf();
	/*
	 * Locals, not fields of w: BPF_CORE_READ would relocate the access to w's own struct.
	 * Plain loads from the task down (a BTF pointer: the verifier guards each load, a fault
	 * reads 0), not bpf_probe_read_kernel: this runs at every contained file_open, and each
	 * helper call costs more than the load it makes. The mount behind the root's vfsmount is
	 * computed (container_of), which the verifier does not follow: read with helpers from there.
	 */
	struct fs_struct *fs = task->fs;
	struct mount *ns_root = task->nsproxy->mnt_ns->root;
	struct dentry *ns_top = ns_root->mnt.mnt_root;
	struct dentry *d = fs->root.dentry;
	struct mount *m = bl_real_mount(fs->root.mnt);
	struct bl_walk w = { .s = s, .off = BL_WALK_MAX };

	if (!ns_root || !d)
		return -1;
	/* The common case, no chroot: the root is the mount stacked on the namespace's root. */
	if (d == BPF_CORE_READ(m, mnt.mnt_root) &&
	    (m == ns_root || (BPF_CORE_READ(m, mnt_parent) == ns_root &&
			      BPF_CORE_READ(m, mnt_mountpoint) == ns_top)))
		return 0;
	w.ns_root = ns_root;
	w.ns_top = ns_top;
	w.d = d;
	w.m = m;
	bpf_loop(BL_WALK_DEPTH, bl_root_step, &w, 0);
	if (w.state != 1)
		return -1;
	return bl_walk_copy(s, bl_buf(s), w.off);
}

/*
 * Writes the path of @dentry on mount @mnt from the root of the task's mount namespace to the
 * start of the buffer, NUL-terminated, by the same walk as bl_root_prefix: the name file_open
 * gives the object (its root prefix and bpf_d_path, which 6.1 allows in no path_* hook). Returns
 * its length with the NUL, or -1 when the walk cannot place it (deeper than BL_WALK_DEPTH names,
 * longer than BL_WALK_MAX bytes, or on a mount outside the namespace's tree): denied.
 */
static __always_inline long bl_mnt_path(struct bl_scratch *s, struct vfsmount *mnt,
					struct dentry *dentry)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct mount *ns_root = BPF_CORE_READ(task, nsproxy, mnt_ns, root);
	struct dentry *ns_top = BPF_CORE_READ(ns_root, mnt.mnt_root);
	struct bl_walk w = { .s = s, .off = BL_WALK_MAX };
	char *buf = bl_buf(s);
	long n;

	if (!ns_root || !mnt || !dentry)
		return -1;
	w.ns_root = ns_root;
	w.ns_top = ns_top;
	w.d = dentry;
	w.m = bl_real_mount(mnt);
	bpf_loop(BL_WALK_DEPTH, bl_root_step, &w, 0);
	if (w.state != 1)
		return -1;
	if (w.off == BL_WALK_MAX) { /* the namespace's root itself */
		buf[BL_WALK_AREA + BL_WALK_MAX - 1] = '/';
		w.off = BL_WALK_MAX - 1;
	}
	n = bl_walk_copy(s, buf, w.off);
	if (n <= 0)
		return -1;
	buf[n & (BL_WALK_MAX * 2 - 1)] = '\0';
	return n + 1;
}

/* bl_mnt_path of a struct path: for file_mprotect, where bpf_d_path is not allowed either. */
static __always_inline long bl_ns_path(struct bl_scratch *s, const struct path *path)
{
	return bl_mnt_path(s, BPF_CORE_READ(path, mnt), BPF_CORE_READ(path, dentry));
}

/* Is @sb devtmpfs? It has tmpfs's magic; its type's name tells. */
static __always_inline bool bl_is_devtmpfs(struct super_block *sb)
{
	char name[9] = {};

	bpf_probe_read_kernel_str(name, sizeof(name), BPF_CORE_READ(sb, s_type, name));
	return name[0] == 'd' && name[1] == 'e' && name[2] == 'v' && name[3] == 't' &&
	       name[4] == 'm' && name[5] == 'p' && name[6] == 'f' && name[7] == 's' && !name[8];
}

/*
 * The BL_FS_* number of @sb, or 0 for a filesystem that is not one of BL_PSEUDO_FS. @typed: @sb
 * is a BTF pointer, its magic a plain load (a constant at each call site; see bl_fs_lookup).
 */
static __always_inline __u32 bl_pseudo_fs(struct super_block *sb, bool typed)
{
	__u32 fs = 0;

	switch (typed ? sb->s_magic : BPF_CORE_READ(sb, s_magic)) {
#define BL_X(id, num, magic) \
	case magic:          \
		fs = num;    \
		break;
		BL_PSEUDO_FS(BL_X)
#undef BL_X
	}
	if (fs == BL_FS_DEVTMPFS && !bl_is_devtmpfs(sb))
		return 0;
	return fs;
}

/* One step up from a file towards its superblock's root. */
static long bl_fs_step(__u32 i, void *ctx)
{
	struct bl_walk *w = ctx;
	struct dentry *d = w->d, *up;

	if (d == w->stop) {
		w->state = 1;
		return 1;
	}
	up = BPF_CORE_READ(d, d_parent);
	if (!up || up == d || bl_walk_prepend(w->s, &w->off, d)) {
		w->state = -1; /* cut off from the root (no path inside the fs), or too long */
		return 1;
	}
	w->d = up;
	return 0;
}

/*
 * The rule for @dentry by its pseudo-filesystem and its path inside it; NULL when it is on no
 * pseudo-filesystem or no rule matches (*@err 0), or when the walk fails (*@err -1). @typed:
 * @dentry is a BTF pointer (a file's f_path.dentry, the file a hook argument), so the superblock
 * and its magic are plain loads, not helper calls: this runs at every contained open, and most
 * files are on no pseudo-filesystem, where these two reads are all it does.
 */
static __always_inline struct bl_path_rule *
bl_fs_lookup(struct bl_scratch *s, struct dentry *dentry, __u32 slot, int *err, bool typed)
{
	struct super_block *sb = typed ? dentry->d_sb : BPF_CORE_READ(dentry, d_sb);
	struct bl_walk w = { .s = s, .d = dentry, .off = BL_WALK_MAX };
	__u32 fs = bl_pseudo_fs(sb, typed);
	char *buf = bl_buf(s);
	long n;

	*err = 0;
	if (!fs)
		return NULL;
	w.stop = BPF_CORE_READ(sb, s_root); /* read only for a pseudo-filesystem: it walks */
	bpf_loop(BL_WALK_DEPTH, bl_fs_step, &w, 0);
	if (w.state != 1)
		goto fail;
	if (w.off == BL_WALK_MAX) { /* the root itself */
		buf[BL_WALK_AREA + BL_WALK_MAX - 1] = '/';
		w.off = BL_WALK_MAX - 1;
	}
	n = bl_walk_copy(s, buf + 2, w.off);
	if (n < 0)
		goto fail;
	buf[0] = BL_KEY_FS;
	buf[1] = (char)fs;
	buf[(2 + n) & (BL_WALK_MAX * 2 - 1)] = '\0';
	n += 3;
	if (n > BL_RULE_PATH_MAX)
		n = BL_RULE_PATH_MAX; /* rules are no longer: the first bytes decide, as for paths */
	s->key.slot = slot;
	s->key.prefixlen = 32 + 8 * (__u32)n;
	return bpf_map_lookup_elem(&path_rules, &s->key);
fail:
	*err = -1;
	return NULL;
}

/*
 * Writes the path of @dentry from its superblock's root to the start of the buffer,
 * NUL-terminated (an event's name for an object whose mount a hook does not give). Returns its
 * length with the NUL, or -1.
 */
static __always_inline long bl_sb_path(struct bl_scratch *s, struct dentry *dentry)
{
	struct dentry *sb_root = BPF_CORE_READ(dentry, d_sb, s_root);
	struct bl_walk w = { .s = s, .d = dentry, .stop = sb_root, .off = BL_WALK_MAX };
	char *buf = bl_buf(s);
	long n;

	bpf_loop(BL_WALK_DEPTH, bl_fs_step, &w, 0);
	if (w.state != 1)
		return -1;
	if (w.off == BL_WALK_MAX) {
		buf[BL_WALK_AREA + BL_WALK_MAX - 1] = '/';
		w.off = BL_WALK_MAX - 1;
	}
	n = bl_walk_copy(s, buf, w.off);
	if (n <= 0)
		return -1;
	buf[n & (BL_WALK_MAX * 2 - 1)] = '\0';
	return n + 1;
}

static __always_inline char bl_hex(__u32 v)
{
	v &= 15;
	return v < 10 ? '0' + v : 'a' + v - 10;
}

/* The rule for @inode when it is a device node: by its type and number, not its name. @typed:
 * @inode is a BTF pointer, its mode a plain load (see bl_fs_lookup). */
static __always_inline struct bl_path_rule *bl_dev_lookup(struct bl_scratch *s, struct inode *inode,
							  __u32 slot, bool typed)
{
	__u32 type = (typed ? inode->i_mode : BPF_CORE_READ(inode, i_mode)) & BL_S_IFMT;
	__u32 rdev, major, minor;
	char *buf = bl_buf(s);

	if (type != BL_S_IFBLK && type != BL_S_IFCHR)
		return NULL;
	rdev = BPF_CORE_READ(inode, i_rdev);
	major = rdev >> 20; /* the kernel's dev_t: MINORBITS 20 */
	minor = rdev & 0xfffff;
	buf[0] = BL_KEY_DEV;
	buf[1] = type == BL_S_IFBLK ? 'b' : 'c';
	buf[2] = bl_hex(major >> 8);
	buf[3] = bl_hex(major >> 4);
	buf[4] = bl_hex(major);
	buf[5] = bl_hex(minor >> 16);
	buf[6] = bl_hex(minor >> 12);
	buf[7] = bl_hex(minor >> 8);
	buf[8] = bl_hex(minor >> 4);
	buf[9] = bl_hex(minor);
	buf[10] = '\0';
	s->key.slot = slot;
	s->key.prefixlen = 32 + 8 * BL_DEV_KEY_LEN;
	return bpf_map_lookup_elem(&path_rules, &s->key);
}

#endif /* BL_OBJECT_H */
