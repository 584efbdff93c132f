// SPDX-License-Identifier: GPL-2.0
/*
 * Self-protection: a contained task may not touch boxlock's own state, whatever its profile and
 * mode. Its pin directory (loader/pins.c) and everything in it is known by identity, the bpffs
 * instance and the inode (self_objects, recorded by the loader at every load), so a bind mount of
 * the host's bpffs elsewhere, another mount namespace's view of it or a hard link is the same
 * object; a fresh `mount -t bpf` is another, empty instance (get_tree_nodev). Its maps, programs
 * and links are known by id, for the fds bpf() hands out by id.
 *
 * In every mode, audit included: one audit-mode container that unpinned a link would unhook
 * every container on the host. Judged and reported as boxlock_self, reason boxlock-self.
 */
#include "report.h"
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

#define BPF_FS_MAGIC 0xcafe4a11 /* include/uapi/linux/magic.h */

static __always_inline bool on_bpffs(struct inode *inode)
{
	return inode && BPF_CORE_READ(inode, i_sb, s_magic) == BPF_FS_MAGIC;
}

/* Is @inode (on a bpffs) the pin directory, one of its subdirectories or a pin in them? */
static __always_inline bool self_inode(struct inode *inode)
{
	struct bl_self_key k = { .kind = BL_SELF_INODE };

	if (!inode)
		return false;
	k.dev = BPF_CORE_READ(inode, i_sb, s_dev);
	k.id = BPF_CORE_READ(inode, i_ino);
	return bpf_map_lookup_elem(&self_objects, &k) != NULL;
}

static __always_inline bool self_id(__u32 kind, __u32 id)
{
	struct bl_self_key k = { .kind = kind, .id = id };

	return bpf_map_lookup_elem(&self_objects, &k) != NULL;
}

/* Does a change of @dentry in directory @dir touch boxlock's state: the directory is one of
 * boxlock's, or the entry is (the pin directory itself, removed or renamed from its parent)? */
static __always_inline bool touches_self(struct inode *dir, struct dentry *dentry)
{
	if (!on_bpffs(dir))
		return false;
	return self_inode(dir) || (dentry && self_inode(BPF_CORE_READ(dentry, d_inode)));
}

/*
 * The verdict on a contained task touching boxlock's state: denied and reported in every mode.
 * @ret, unchanged, when an earlier program denied; 0 for a host task and a runtime's set-up.
 */
static __always_inline int deny_self(int ret, __u32 access, const char *name)
{
	struct bl_object obj = { .kind = BL_OBJ_NAME, .access = access, .path = name };
	struct bl_task t;

	if (!bl_enter(&t, BL_HOOK_SELF, ret, &ret))
		return ret; /* a binding without its profile was denied there, in every mode too */
	return bl_judge(&t, BL_HOOK_SELF, 0, BL_REASON_SELF, &obj); /* enforced in every mode */
}

static __always_inline const char *entry_name(struct dentry *dentry)
{
	return (const char *)BPF_CORE_READ(dentry, d_name.name);
}

static __always_inline int guard_entry(int ret, __u32 access, struct inode *dir,
				       struct dentry *dentry)
{
	if (ret || !touches_self(dir, dentry))
		return ret;
	return deny_self(ret, access, entry_name(dentry));
}

/*
 * Opening a pin (BPF_OBJ_GET's path_permission, an open(2)) and every lookup through the pin
 * directory. Every path component of every task comes through here: two loads and a compare
 * before anything else, and only bpffs inodes go on to the lookup.
 */
SEC("lsm/inode_permission")
int BPF_PROG(bl_self_inode_permission, struct inode *inode, int mask, int ret)
{
	if (ret || inode->i_sb->s_magic != BPF_FS_MAGIC)
		return ret;
	if (!self_inode(inode))
		return 0;
	return deny_self(ret, BL_SELF_ACC_REACH, NULL);
}

SEC("lsm/inode_unlink")
int BPF_PROG(bl_self_inode_unlink, struct inode *dir, struct dentry *dentry, int ret)
{
	return guard_entry(ret, BL_SELF_ACC_UNLINK, dir, dentry);
}

SEC("lsm/inode_rmdir")
int BPF_PROG(bl_self_inode_rmdir, struct inode *dir, struct dentry *dentry, int ret)
{
	return guard_entry(ret, BL_SELF_ACC_RMDIR, dir, dentry);
}

/* Either end: renaming a pin away, the pin directory away, or something over one of them. */
SEC("lsm/inode_rename")
int BPF_PROG(bl_self_inode_rename, struct inode *old_dir, struct dentry *old_dentry,
	     struct inode *new_dir, struct dentry *new_dentry, int ret)
{
	if (ret)
		return ret;
	if (touches_self(old_dir, old_dentry))
		return deny_self(ret, BL_SELF_ACC_RENAME, entry_name(old_dentry));
	return guard_entry(ret, BL_SELF_ACC_RENAME, new_dir, new_dentry);
}

/* A new pin there (bpf_obj_do_pin's vfs_mkobj calls security_inode_create), replacing one. */
SEC("lsm/inode_create")
int BPF_PROG(bl_self_inode_create, struct inode *dir, struct dentry *dentry, umode_t mode, int ret)
{
	return guard_entry(ret, BL_SELF_ACC_CREATE, dir, dentry);
}

SEC("lsm/inode_mkdir")
int BPF_PROG(bl_self_inode_mkdir, struct inode *dir, struct dentry *dentry, umode_t mode, int ret)
{
	return guard_entry(ret, BL_SELF_ACC_MKDIR, dir, dentry);
}

SEC("lsm/inode_symlink")
int BPF_PROG(bl_self_inode_symlink, struct inode *dir, struct dentry *dentry, const char *old_name,
	     int ret)
{
	return guard_entry(ret, BL_SELF_ACC_SYMLINK, dir, dentry);
}

/* bpffs has hard links (simple_link): a second name of a pin, or a new name in the directory. */
SEC("lsm/inode_link")
int BPF_PROG(bl_self_inode_link, struct dentry *old_dentry, struct inode *dir,
	     struct dentry *new_dentry, int ret)
{
	if (ret)
		return ret;
	if (on_bpffs(dir) && self_inode(BPF_CORE_READ(old_dentry, d_inode)))
		return deny_self(ret, BL_SELF_ACC_LINK, entry_name(old_dentry));
	return guard_entry(ret, BL_SELF_ACC_LINK, dir, new_dentry);
}

/* Every fd of a map the kernel hands out (bpf_map_new_fd: BPF_OBJ_GET, BPF_MAP_GET_FD_BY_ID),
 * read-only ones included: boxlock's maps hold the policy of every container. */
SEC("lsm/bpf_map")
int BPF_PROG(bl_self_bpf_map, struct bpf_map *map, fmode_t fmode, int ret)
{
	if (ret || !self_id(BL_SELF_MAP, map->id))
		return ret;
	return deny_self(ret, BL_SELF_ACC_MAP_FD, map->name);
}

SEC("lsm/bpf_prog")
int BPF_PROG(bl_self_bpf_prog, struct bpf_prog *prog, int ret)
{
	if (ret || !self_id(BL_SELF_PROG, BPF_CORE_READ(prog, aux, id)))
		return ret;
	return deny_self(ret, BL_SELF_ACC_PROG_FD, NULL);
}

/* A link has no LSM hook of its own: BPF_OBJ_GET of a link pin is refused at inode_permission,
 * BPF_LINK_GET_FD_BY_ID here (@attr is the kernel's copy). An fd of a link can detach it. */
SEC("lsm/bpf")
int BPF_PROG(bl_self_bpf, int cmd, union bpf_attr *attr, unsigned int size, int ret)
{
	if (ret || cmd != BPF_LINK_GET_FD_BY_ID || !self_id(BL_SELF_LINK, attr->link_id))
		return ret;
	return deny_self(ret, BL_SELF_ACC_LINK_FD, NULL);
}
