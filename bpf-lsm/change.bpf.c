// SPDX-License-Identifier: GPL-2.0
/*
 * A file's write access beyond file_open: what changes a file's content, attributes or names
 * without an open for writing. Each program judges the object as file_open does (bl_check_entry:
 * the same rules, the same names) for the write access of the rules that name it:
 *  - file_change: truncate(2), chmod, chown (path_*, which give the mount, so the path is the one
 *    file_open names), utimes and other attribute changes (inode_setattr), xattrs and POSIX ACLs
 *    (inode_setxattr, inode_removexattr; inode_set_acl and inode_remove_acl on 6.2+), which give
 *    only a dentry: judged by device number, pseudo-filesystem place and identity;
 *  - name_change: unlink, rmdir, rename (the name renamed away and the one renamed to), link (the
 *    file that gets a second name, which a directory rule would not follow, and the new name),
 *    and every new name: mknod and open(O_CREAT) (path_mknod), mkdir, symlink.
 * Writes through an fd (write, fallocate, copy_file_range, splice, ftruncate) need a file opened
 * for writing, which file_open judged.
 */
#include "path.h"

/* include/linux/fs.h: macros, so not in BTF. */
#define ATTR_MODE (1 << 0)
#define ATTR_UID (1 << 1)
#define ATTR_GID (1 << 2)
#define ATTR_SIZE (1 << 3)

/* The one body of every program here: enter, judge the entry, report. */
static __always_inline int change(int ret, __u32 hook, struct vfsmount *mnt, struct dentry *dentry,
				  __u32 op)
{
	struct bl_task t;

	if (!bl_enter(&t, hook, ret, &ret))
		return ret;
	return bl_check_entry(&t, hook, mnt, dentry, op);
}

SEC("lsm/path_truncate")
int BPF_PROG(bl_path_truncate, const struct path *path, int ret)
{
	return change(ret, BL_HOOK_FILE_CHANGE, BPF_CORE_READ(path, mnt),
		      BPF_CORE_READ(path, dentry), BL_OP_TRUNCATE);
}

SEC("lsm/path_chmod")
int BPF_PROG(bl_path_chmod, const struct path *path, umode_t mode, int ret)
{
	return change(ret, BL_HOOK_FILE_CHANGE, BPF_CORE_READ(path, mnt),
		      BPF_CORE_READ(path, dentry), BL_OP_CHMOD);
}

SEC("lsm/path_chown")
int BPF_PROG(bl_path_chown, const struct path *path, __u32 uid, __u32 gid, int ret)
{
	return change(ret, BL_HOOK_FILE_CHANGE, BPF_CORE_READ(path, mnt),
		      BPF_CORE_READ(path, dentry), BL_OP_CHOWN);
}

/*
 * Attribute changes: utimes(2) and its kin reach no path hook. Mode, owner and size changes came
 * through path_chmod, path_chown and path_truncate first (or through a file opened for writing):
 * judged there, not twice. inode_setattr gained an idmap argument in 6.9: one program per
 * signature, and the loader loads the one this kernel's BTF has (loader/pins.c).
 */
static __always_inline int setattr(int ret, struct dentry *dentry, struct iattr *attr)
{
	struct bl_task t;

	if (!bl_enter(&t, BL_HOOK_FILE_CHANGE, ret, &ret))
		return ret;
	if (BPF_CORE_READ(attr, ia_valid) & (ATTR_MODE | ATTR_UID | ATTR_GID | ATTR_SIZE))
		return 0;
	return bl_check_entry(&t, BL_HOOK_FILE_CHANGE, NULL, dentry, BL_OP_SETATTR);
}

SEC("lsm/inode_setattr")
int BPF_PROG(bl_inode_setattr_6_1, struct dentry *dentry, struct iattr *attr, int ret)
{
	return setattr(ret, dentry, attr);
}

SEC("lsm/inode_setattr")
int BPF_PROG(bl_inode_setattr_6_9, void *idmap, struct dentry *dentry, struct iattr *attr, int ret)
{
	return setattr(ret, dentry, attr);
}

SEC("lsm/inode_setxattr")
int BPF_PROG(bl_inode_setxattr, void *idmap, struct dentry *dentry, const char *name,
	     const void *value, size_t size, int flags, int ret)
{
	return change(ret, BL_HOOK_FILE_CHANGE, NULL, dentry, BL_OP_SETXATTR);
}

SEC("lsm/inode_removexattr")
int BPF_PROG(bl_inode_removexattr, void *idmap, struct dentry *dentry, const char *name, int ret)
{
	return change(ret, BL_HOOK_FILE_CHANGE, NULL, dentry, BL_OP_REMOVEXATTR);
}

/* 6.2+: setfacl goes through these, not setxattr; a kernel without them has no other way. */
SEC("lsm/inode_set_acl")
int BPF_PROG(bl_inode_set_acl, void *idmap, struct dentry *dentry, const char *acl_name, void *kacl,
	     int ret)
{
	return change(ret, BL_HOOK_FILE_CHANGE, NULL, dentry, BL_OP_SETACL);
}

SEC("lsm/inode_remove_acl")
int BPF_PROG(bl_inode_remove_acl, void *idmap, struct dentry *dentry, const char *acl_name, int ret)
{
	return change(ret, BL_HOOK_FILE_CHANGE, NULL, dentry, BL_OP_REMOVEACL);
}

SEC("lsm/path_unlink")
int BPF_PROG(bl_path_unlink, const struct path *dir, struct dentry *dentry, int ret)
{
	return change(ret, BL_HOOK_NAME_CHANGE, BPF_CORE_READ(dir, mnt), dentry, BL_OP_UNLINK);
}

SEC("lsm/path_rmdir")
int BPF_PROG(bl_path_rmdir, const struct path *dir, struct dentry *dentry, int ret)
{
	return change(ret, BL_HOOK_NAME_CHANGE, BPF_CORE_READ(dir, mnt), dentry, BL_OP_RMDIR);
}

/* Both names: the one renamed away (or exchanged) and the one renamed to or over. */
SEC("lsm/path_rename")
int BPF_PROG(bl_path_rename, const struct path *old_dir, struct dentry *old_dentry,
	     const struct path *new_dir, struct dentry *new_dentry, unsigned int flags, int ret)
{
	ret = change(ret, BL_HOOK_NAME_CHANGE, BPF_CORE_READ(old_dir, mnt), old_dentry,
		     BL_OP_RENAME_FROM);
	return change(ret, BL_HOOK_NAME_CHANGE, BPF_CORE_READ(new_dir, mnt), new_dentry,
		      BL_OP_RENAME_TO);
}

/* The file that gets a second name (on the same mount: the kernel refuses others with EXDEV),
 * and that name. */
SEC("lsm/path_link")
int BPF_PROG(bl_path_link, struct dentry *old_dentry, const struct path *new_dir,
	     struct dentry *new_dentry, int ret)
{
	struct vfsmount *mnt = BPF_CORE_READ(new_dir, mnt);

	ret = change(ret, BL_HOOK_NAME_CHANGE, mnt, old_dentry, BL_OP_LINK_FROM);
	return change(ret, BL_HOOK_NAME_CHANGE, mnt, new_dentry, BL_OP_LINK_TO);
}

SEC("lsm/path_mknod")
int BPF_PROG(bl_path_mknod, const struct path *dir, struct dentry *dentry, umode_t mode,
	     unsigned int dev, int ret)
{
	return change(ret, BL_HOOK_NAME_CHANGE, BPF_CORE_READ(dir, mnt), dentry, BL_OP_CREATE);
}

SEC("lsm/path_mkdir")
int BPF_PROG(bl_path_mkdir, const struct path *dir, struct dentry *dentry, umode_t mode, int ret)
{
	return change(ret, BL_HOOK_NAME_CHANGE, BPF_CORE_READ(dir, mnt), dentry, BL_OP_MKDIR);
}

SEC("lsm/path_symlink")
int BPF_PROG(bl_path_symlink, const struct path *dir, struct dentry *dentry, const char *old_name,
	     int ret)
{
	return change(ret, BL_HOOK_NAME_CHANGE, BPF_CORE_READ(dir, mnt), dentry, BL_OP_SYMLINK);
}
