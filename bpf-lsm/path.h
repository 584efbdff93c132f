/* SPDX-License-Identifier: GPL-2.0 */
/* File objects against the profile's rules: by path, by pseudo-filesystem object, by device
 * number and by identity (device, inode). */
#ifndef BL_PATH_H
#define BL_PATH_H

#include "report.h"
#include "object.h"
#include <bpf/bpf_tracing.h>

/* Looks a string already in @s->key.path (NUL-terminated, @len bytes with the NUL) up. */
static __always_inline struct bl_path_rule *bl_name_lookup(struct bl_scratch *s, long len,
							   __u32 slot)
{
	if (len <= 0)
		return NULL;
	if (len > BL_RULE_PATH_MAX)
		len = BL_RULE_PATH_MAX;
	s->key.slot = slot;
	s->key.prefixlen = 32 + 8 * (__u32)len;
	return bpf_map_lookup_elem(&path_rules, &s->key);
}

/*
 * Resolves @path into @s->key: the path inside the task's mount namespace (the task's root's
 * place in it, bl_root_prefix, then bpf_d_path, which is relative to that root), so that a rule
 * means the same path after a chroot. Looks it up under @slot. Returns the longest matching
 * rule, or NULL with *@err set: 0 when no rule matches (allowed), -1 when the path could not be
 * resolved. @walk: the hook may not call bpf_d_path, the path is walked instead (bl_ns_path).
 */
static __always_inline struct bl_path_rule *
bl_path_lookup_by(struct bl_scratch *s, const struct path *path, __u32 slot, int *err, bool walk)
{
	long len, prefix;

	*err = 0;
	if (!walk) {
		prefix = bl_root_prefix(s);
		if (prefix < 0 || prefix > BL_WALK_MAX) {
			*err = -1; /* a root that cannot be placed: the path cannot be judged */
			return NULL;
		}
		/*
		 * A chrooted task (a root prefix): bpf_d_path names a file its root does not reach
		 * (through a cwd or an fd from before the chroot) from the namespace's root, not
		 * from the task's, so the prefix and its answer together would name another path,
		 * one no rule names. Its path is walked instead, which names every file from the
		 * namespace's root; a task that is not chrooted keeps the one helper call.
		 */
		walk = prefix != 0;
	}
	if (walk) {
		/* Also the hooks where bpf_d_path is not allowed: the same path, walked. */
		len = bl_ns_path(s, path);
		if (len <= 0) {
			*err = -1;
			return NULL;
		}
		return bl_name_lookup(s, len, slot);
	}
	len = bpf_d_path((struct path *)path, bl_buf(s), BL_PATH_BUF);
	if (len <= 0) {
		*err = -1; /* longer than PATH_MAX, or d_path failed */
		return NULL;
	}
	/* Rules are at most BL_RULE_PATH_MAX long, so matching the first bytes of a longer path
	 * finds exactly the rules that match the whole. */
	if (len > BL_RULE_PATH_MAX)
		len = BL_RULE_PATH_MAX;
	s->key.slot = slot;
	s->key.prefixlen = 32 + 8 * (__u32)len;
	return bpf_map_lookup_elem(&path_rules, &s->key);
}

static __always_inline struct bl_path_rule *
bl_path_lookup(struct bl_scratch *s, const struct path *path, __u32 slot, int *err)
{
	return bl_path_lookup_by(s, path, slot, err, false);
}

/* The rule for @inode's identity, if an exact path rule named it when the profile was stored. */
static __always_inline struct bl_path_rule *bl_inode_lookup(__u32 slot, struct inode *inode)
{
	struct bl_inode_key k = { .slot = slot };
	dev_t dev;

	if (!inode)
		return NULL;
	dev = BPF_CORE_READ(inode, i_sb, s_dev);
	k.dev = dev;
	k.ino = BPF_CORE_READ(inode, i_ino);
	return bpf_map_lookup_elem(&inode_rules, &k);
}

/*
 * bl_inode_lookup for an inode the verifier knows by its BTF type (a file's f_inode, the file a
 * hook argument): the same two fields read with plain loads, which the verifier guards like the
 * helper does (a fault reads 0) without the three bpf_probe_read_kernel calls.
 */
static __always_inline struct bl_path_rule *bl_inode_lookup_btf(__u32 slot, struct inode *inode)
{
	struct bl_inode_key k = { .slot = slot };

	if (!inode)
		return NULL;
	k.dev = inode->i_sb->s_dev;
	k.ino = inode->i_ino;
	return bpf_map_lookup_elem(&inode_rules, &k);
}

/* Which of @access the rule denies; sets *@rule_id to the rule behind it. Write is checked
 * first, so a read-write open denied for writing names that rule. */
static __always_inline __u32 bl_rule_denies(const struct bl_path_rule *r, __u32 access,
					    __u32 *rule_id)
{
	if (!r)
		return 0;
	if ((access & BL_ACCESS_WRITE) && r->write == BL_ACT_DENY) {
		*rule_id = r->write_rule;
		return BL_ACCESS_WRITE;
	}
	if ((access & BL_ACCESS_READ) && r->read == BL_ACT_DENY) {
		*rule_id = r->read_rule;
		return BL_ACCESS_READ;
	}
	if ((access & BL_ACCESS_EXEC) && r->exec == BL_ACT_DENY) {
		*rule_id = r->exec_rule;
		return BL_ACCESS_EXEC;
	}
	return 0;
}

/* Does the rule deny connecting to the unix socket it names? */
static __always_inline bool bl_rule_denies_unix(const struct bl_path_rule *r, __u32 *rule_id)
{
	if (!r || r->unix_connect != BL_ACT_DENY)
		return false;
	*rule_id = r->unix_connect_rule;
	return true;
}

/*
 * The verdict once an object's names are looked up: denied if any rule that names it denies
 * @obj->access (its low bits; the operation rides above BL_ACCESS_OP_SHIFT): the rule for its
 * path, for its place in its pseudo-filesystem, for its device number, or for its identity.
 * @inode_btf: @inode is a BTF pointer (bl_inode_lookup_btf), a constant at every call site.
 */
static __always_inline int
bl_judge_file_rules(const struct bl_task *t, __u32 hook, const struct bl_object *obj,
		    const struct bl_path_rule *rule, const struct bl_path_rule *fs_rule,
		    const struct bl_path_rule *dev_rule, struct inode *inode, bool inode_btf)
{
	__u32 access = obj->access & ((1u << BL_ACCESS_OP_SHIFT) - 1), rule_id = 0;
	struct bl_path_rule *id_rule;

	if (bl_rule_denies(rule, access, &rule_id) || bl_rule_denies(fs_rule, access, &rule_id) ||
	    bl_rule_denies(dev_rule, access, &rule_id))
		return bl_judge(t, hook, rule_id, BL_REASON_RULE, obj);
	id_rule = inode_btf ? bl_inode_lookup_btf(t->slot, inode) : bl_inode_lookup(t->slot, inode);
	if (bl_rule_denies(id_rule, access, &rule_id))
		return bl_judge(t, hook, rule_id, BL_REASON_RULE, obj);
	/* Allowed. Reads are learned under a watched root only ([learn] watch-read). */
	if (hook == BL_HOOK_FILE_RECEIVE)
		return 0;
	if (hook == BL_HOOK_FILE_OPEN && !(access & BL_ACCESS_WRITE) &&
	    !(rule && rule->learn_read == BL_ACT_ALLOW))
		return 0;
	return bl_allowed(t, hook, obj);
}

/* How bl_check_file_by looks at a file. */
#define BL_CHECK_WALK 0x1 /* the hook may not call bpf_d_path: the path is walked (bl_ns_path) */
#define BL_CHECK_LEARN_ONLY 0x2 /* no rule is judged here: the file is only learned */
/* The path and the inode were read with helpers (the hook reached the file through
 * bpf_probe_read_kernel), not BTF pointers the verifier lets the program load from: every read
 * from them goes through helpers too. */
#define BL_CHECK_UNTYPED 0x4

/*
 * Judges @access to the file at @path (inode @inode) for task @t (bl_judge_file_rules). The
 * object keys are looked up first: the path is resolved last into the same buffer, so that the
 * event carries it. A path or object that cannot be resolved fails closed.
 */
static __always_inline int bl_check_file_by(const struct bl_task *t, __u32 hook,
					    const struct path *path, struct inode *inode,
					    __u32 access, __u32 how, __u32 learn_details)
{
	bool typed = !(how & BL_CHECK_UNTYPED);
	struct bl_object obj = { .kind = BL_OBJ_PATH,
				 .access = access,
				 .inode = inode,
				 .learn_details = learn_details };
	struct bl_path_rule *rule = NULL, *dev_rule, *fs_rule;
	struct bl_scratch *s;
	int err, ret = 0;

	s = bl_scratch_get();
	if (!s) {
		if (how & BL_CHECK_LEARN_ONLY) {
			bl_count(BL_STAT_LEARN_BUSY); /* nothing judged here: not a verdict */
			return 0;
		}
		return bl_fail_closed(t, hook, BL_REASON_SCRATCH_BUSY, BL_STAT_SCRATCH_BUSY, &obj);
	}
	if (how & BL_CHECK_LEARN_ONLY) {
		/* Only the path is needed; one that cannot be resolved is not learned. */
		bl_path_lookup_by(s, path, t->slot, &err, how & BL_CHECK_WALK);
		if (!err) {
			obj.path = s->key.path;
			bl_learn(t, hook, &obj);
		}
		goto out;
	}
	dev_rule = bl_dev_lookup(s, inode, t->slot, typed);
	fs_rule = bl_fs_lookup(s, typed ? path->dentry : BPF_CORE_READ(path, dentry), t->slot, &err,
			       typed);
	if (!err)
		rule = bl_path_lookup_by(s, path, t->slot, &err, how & BL_CHECK_WALK);
	if (err) {
		ret = bl_fail_closed(t, hook, BL_REASON_PATH_UNRESOLVED, BL_STAT_PATH_UNRESOLVED,
				     &obj);
		goto out;
	}
	obj.path = s->key.path;
	ret = bl_judge_file_rules(t, hook, &obj, rule, fs_rule, dev_rule, inode, typed);
out:
	bl_scratch_put(s);
	return ret;
}

/*
 * Judges a change to the entry @dentry (which may be negative: a name about to be made) on mount
 * @mnt, for the write access of every rule that names it, as bl_check_file does for an open: by
 * its path (bl_mnt_path), its pseudo-filesystem place, and, when it has an inode, its device
 * number and identity. @mnt NULL: a hook that gives no mount (setattr, xattrs); the object is then
 * judged by what needs none (device, pseudo-filesystem, identity), and the event carries its
 * path inside its filesystem. Fails closed where a name cannot be resolved.
 */
static __always_inline int bl_check_entry(const struct bl_task *t, __u32 hook, struct vfsmount *mnt,
					  struct dentry *dentry, __u32 op)
{
	struct inode *inode = BPF_CORE_READ(dentry, d_inode);
	struct bl_object obj = { .kind = BL_OBJ_PATH,
				 .access = BL_ACCESS_WRITE | op << BL_ACCESS_OP_SHIFT,
				 .path_in_fs = !mnt,
				 .inode = inode };
	struct bl_path_rule *rule = NULL, *dev_rule = NULL, *fs_rule;
	struct bl_scratch *s;
	int err, ret = 0;
	long len;

	s = bl_scratch_get();
	if (!s)
		return bl_fail_closed(t, hook, BL_REASON_SCRATCH_BUSY, BL_STAT_SCRATCH_BUSY, &obj);
	if (inode)
		dev_rule = bl_dev_lookup(s, inode, t->slot, false);
	fs_rule = bl_fs_lookup(s, dentry, t->slot, &err, false);
	if (!err && mnt) {
		len = bl_mnt_path(s, mnt, dentry);
		if (len < 0)
			err = -1;
		else
			rule = bl_name_lookup(s, len, t->slot);
	}
	if (err) {
		ret = bl_fail_closed(t, hook, BL_REASON_PATH_UNRESOLVED, BL_STAT_PATH_UNRESOLVED,
				     &obj);
		goto out;
	}
	/* With no mount, the event names the object by its path inside its filesystem. */
	if (mnt || bl_sb_path(s, dentry) > 0)
		obj.path = s->key.path;
	ret = bl_judge_file_rules(t, hook, &obj, rule, fs_rule, dev_rule, inode, false);
out:
	bl_scratch_put(s);
	return ret;
}

static __always_inline int bl_check_file(const struct bl_task *t, __u32 hook,
					 const struct path *path, struct inode *inode, __u32 access)
{
	return bl_check_file_by(t, hook, path, inode, access, 0, 0);
}

/* bl_check_file for hooks where bpf_d_path is not allowed: the path is walked (bl_ns_path). The
 * one such hook, file_mprotect, reads the file from the vma with helpers: so is @inode. */
static __always_inline int bl_check_file_walked(const struct bl_task *t, __u32 hook,
						const struct path *path, struct inode *inode,
						__u32 access)
{
	return bl_check_file_by(t, hook, path, inode, access, BL_CHECK_WALK | BL_CHECK_UNTYPED, 0);
}

#endif /* BL_PATH_H */
