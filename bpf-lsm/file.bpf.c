// SPDX-License-Identifier: GPL-2.0
/* file_open: the profile's file rules, per access (read, write). */
#include "path.h"

/* Kernel-internal f_mode bits (include/linux/fs.h); not in BTF, stable since 2.6. */
#define FMODE_READ 0x1
#define FMODE_WRITE 0x2

SEC("lsm/file_open")
int BPF_PROG(bl_file_open, struct file *file, int ret)
{
	struct bl_object obj = { .kind = BL_OBJ_PATH };
	struct bl_path_rule *rule;
	struct bl_scratch *s;
	struct bl_task t;
	__u32 fmode;
	int err;

	if (ret)
		return ret; /* an earlier LSM already denied */
	if (!bl_task_policy(&t))
		return 0;
	if (t.no_profile)
		return bl_fail_closed(&t, BL_HOOK_FILE_OPEN, BL_REASON_NO_PROFILE,
				      BL_STAT_NO_PROFILE);

	fmode = file->f_mode;
	if (fmode & FMODE_READ)
		obj.access |= BL_ACCESS_READ;
	if (fmode & FMODE_WRITE)
		obj.access |= BL_ACCESS_WRITE;

	s = bl_scratch_get();
	if (!s)
		return bl_fail_closed(&t, BL_HOOK_FILE_OPEN, BL_REASON_SCRATCH_BUSY,
				      BL_STAT_SCRATCH_BUSY);
	rule = bl_path_lookup(s, &file->f_path, t.slot, &err);
	if (err) {
		ret = bl_fail_closed(&t, BL_HOOK_FILE_OPEN, BL_REASON_PATH_UNRESOLVED,
				     BL_STAT_PATH_UNRESOLVED);
	} else if (rule) {
		obj.path = s->key.path;
		/* Write is checked first: a read-write open denied for writing names that rule. */
		if ((obj.access & BL_ACCESS_WRITE) && rule->write == BL_ACT_DENY)
			ret = bl_judge(&t, BL_HOOK_FILE_OPEN, rule->write_rule, BL_REASON_RULE, &obj);
		else if ((obj.access & BL_ACCESS_READ) && rule->read == BL_ACT_DENY)
			ret = bl_judge(&t, BL_HOOK_FILE_OPEN, rule->read_rule, BL_REASON_RULE, &obj);
	}
	bl_scratch_put(s);
	return ret;
}
