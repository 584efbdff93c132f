// SPDX-License-Identifier: GPL-2.0
/*
 * Mounts: mount(2) (sb_mount: new mounts, binds, moves, remounts, propagation), remount of a
 * superblock, umount, pivot_root, and move_mount (which the new mount API, fsopen/fsmount and
 * open_tree, needs to attach anything). Like every rule, they wait for the container's runtime
 * set-up to end (bl_task_policy): runc mounts the container's rootfs from inside its cgroup.
 */
#include "path.h"

#define MS_REMOUNT 32
#define MS_BIND 4096
#define MS_MOVE 8192
#define MS_SHARED (1 << 20)
#define MS_PRIVATE (1 << 18)
#define MS_SLAVE (1 << 19)
#define MS_UNBINDABLE (1 << 17)

/*
 * Keeps in *@judged the lowest rule id that judged the mount: the parents' rules are numbered
 * first, so it tells whether an inherited one did (learn mode learns only what none did).
 */
static __always_inline void note_rule(__u32 *judged, __u32 rule_id)
{
	if (rule_id && (!*judged || rule_id < *judged))
		*judged = rule_id;
}

/*
 * The verdict of BL_PF_DENY_MOUNT, or 0; every mount hook starts here. @path, the mount point, is
 * only for the event, and only from hooks where the kernel lets BPF call d_path (sb_mount): the
 * verdict never depends on it.
 */
static __always_inline int deny_all(const struct bl_task *t, __u32 hook, const struct path *path,
				    const char *fstype, __u32 *judged)
{
	struct bl_object obj = { .kind = BL_OBJ_MOUNT, .fstype = fstype };
	struct bl_scratch *s;
	__u32 rule_id;
	int err, ret;

	if (!(t->flags & BL_PF(BL_PF_DENY_MOUNT)))
		return 0;
	s = path ? bl_scratch_get() : NULL;
	if (s) {
		/* The mount point, for the event only: the verdict does not depend on it. */
		bl_path_lookup(s, path, t->slot, &err);
		if (!err)
			obj.path = s->key.path;
	}
	rule_id = t->prof ? t->prof->flag_rule[BL_PF_DENY_MOUNT] : 0;
	note_rule(judged, rule_id);
	ret = bl_judge(t, hook, rule_id, BL_REASON_RULE, &obj);
	if (s)
		bl_scratch_put(s);
	return ret;
}

/* A new mount of a file system type the allow-list lacks, or a bind from a denied source. */
static __always_inline int check_mount(const struct bl_task *t, const char *dev_name,
				       const char *type, unsigned long flags, __u32 *judged)
{
	struct bl_object obj = { .kind = BL_OBJ_MOUNT };
	struct bl_fstype_key fk = { .slot = t->slot };
	struct bl_scratch *s;
	__u32 rule_id = 0;
	int ret = 0;
	long len;

	if (flags & MS_BIND) {
		/* The source as the caller wrote it; the kernel resolves it after this hook. */
		s = bl_scratch_get();
		if (!s)
			return bl_fail_closed(t, BL_HOOK_MOUNT, BL_REASON_SCRATCH_BUSY,
					      BL_STAT_SCRATCH_BUSY, &obj);
		len = dev_name ?
			      bpf_probe_read_kernel_str(s->key.path, BL_RULE_PATH_MAX, dev_name) :
			      0;
		if (len > 0) {
			struct bl_path_rule *r = bl_name_lookup(s, len, t->slot);

			obj.path = s->key.path;
			if (r && r->mount_src == BL_ACT_DENY) {
				note_rule(judged, r->mount_src_rule);
				ret = bl_judge(t, BL_HOOK_MOUNT, r->mount_src_rule, BL_REASON_RULE,
					       &obj);
			}
		}
		bl_scratch_put(s);
		return ret;
	}
	if (flags & (MS_REMOUNT | MS_MOVE | MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE))
		return 0;
	if (!(t->flags & BL_PF(BL_PF_MOUNT_FSTYPE_ALLOWLIST)))
		return 0;
	if (type)
		bpf_probe_read_kernel_str(fk.fstype, sizeof(fk.fstype), type);
	if (bpf_map_lookup_elem(&fstype_rules, &fk))
		return 0;
	obj.fstype = fk.fstype;
	rule_id = t->prof ? t->prof->flag_rule[BL_PF_MOUNT_FSTYPE_ALLOWLIST] : 0;
	note_rule(judged, rule_id);
	return bl_judge(t, BL_HOOK_MOUNT, rule_id, BL_REASON_RULE, &obj);
}

/* Learn mode: an allowed mount, by its mount point and file system type. */
static __always_inline int learn_mount(const struct bl_task *t, const struct path *path,
				       const char *type)
{
	struct bl_object obj = { .kind = BL_OBJ_MOUNT, .fstype = type };
	struct bl_scratch *s = bl_scratch_get();
	int err;

	if (!s) {
		bl_count(BL_STAT_LEARN_BUSY);
		return 0;
	}
	bl_path_lookup(s, path, t->slot, &err);
	if (!err) {
		obj.path = s->key.path;
		bl_learn(t, BL_HOOK_MOUNT, &obj);
	}
	bl_scratch_put(s);
	return 0;
}

SEC("lsm/sb_mount")
int BPF_PROG(bl_sb_mount, const char *dev_name, const struct path *path, const char *type,
	     unsigned long flags, void *data, int ret)
{
	struct bl_task t;
	__u32 judged = 0; /* the lowest rule id that judged this mount, if any */

	if (!bl_enter(&t, BL_HOOK_MOUNT, ret, &ret))
		return ret;
	ret = deny_all(&t, BL_HOOK_MOUNT, path, type, &judged);
	if (ret)
		return ret;
	ret = check_mount(&t, dev_name, type, flags, &judged);
	/*
	 * Learned here, by its mount point, not by the judge (which skips sb_mount): allowed, or
	 * only audited by the profile's own rules. Not what an inherited rule audited.
	 */
	if (ret || !bl_learning(&t) || (judged && t.prof && judged <= t.prof->inherited_rules))
		return ret;
	return learn_mount(&t, path, type);
}

SEC("lsm/sb_remount")
int BPF_PROG(bl_sb_remount, struct super_block *sb, void *mnt_opts, int ret)
{
	struct bl_task t;
	__u32 judged = 0;

	if (!bl_enter(&t, BL_HOOK_REMOUNT, ret, &ret))
		return ret;
	return deny_all(&t, BL_HOOK_REMOUNT, NULL, NULL, &judged);
}

SEC("lsm/sb_umount")
int BPF_PROG(bl_sb_umount, struct vfsmount *mnt, int flags, int ret)
{
	struct bl_task t;
	__u32 judged = 0;

	if (!bl_enter(&t, BL_HOOK_UMOUNT, ret, &ret))
		return ret;
	return deny_all(&t, BL_HOOK_UMOUNT, NULL, NULL, &judged);
}

SEC("lsm/sb_pivotroot")
int BPF_PROG(bl_sb_pivotroot, const struct path *old_path, const struct path *new_path, int ret)
{
	struct bl_task t;
	__u32 judged = 0;

	if (!bl_enter(&t, BL_HOOK_PIVOTROOT, ret, &ret))
		return ret;
	return deny_all(&t, BL_HOOK_PIVOTROOT, NULL, NULL, &judged);
}

SEC("lsm/move_mount")
int BPF_PROG(bl_move_mount, const struct path *from_path, const struct path *to_path, int ret)
{
	struct bl_task t;
	__u32 judged = 0;

	if (!bl_enter(&t, BL_HOOK_MOVE_MOUNT, ret, &ret))
		return ret;
	return deny_all(&t, BL_HOOK_MOVE_MOUNT, NULL, NULL, &judged);
}
