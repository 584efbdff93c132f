// SPDX-License-Identifier: GPL-2.0
/* One profile on its own: parse, compile with no parent, free; the kinds of rule it holds. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

static int parse_compile(int err, struct blp_src *s, struct bl_policy **out, struct bl_diag *diag)
{
	/* A source with errors is not compiled: its rules may be half made. */
	if (!err)
		err = blp_compile(&s, 1, out, diag);
	blp_src_free(s);
	return err;
}

int bl_policy_parse_file(const char *path, struct bl_policy **out, struct bl_diag *diag)
{
	struct blp_src *s = NULL;
	int err;

	*out = NULL;
	err = blp_src_load(path, &s, diag);
	return parse_compile(err, s, out, diag);
}

int bl_policy_parse_string(const char *text, const char *name, struct bl_policy **out,
			   struct bl_diag *diag)
{
	struct blp_src *s = NULL;
	int err;

	*out = NULL;
	err = blp_src_parse(text, strlen(text), name, &s, diag);
	return parse_compile(err, s, out, diag);
}

void bl_policy_free(struct bl_policy *p)
{
	if (!p)
		return;
	free(p->file);
	free(p->description);
	for (size_t i = 0; i < p->n_images; i++)
		free(p->images[i]);
	free(p->images);
	free(p->extends);
	free(p->paths);
	free(p->nets);
	free(p->fstypes);
	free(p->syscalls);
	free(p->rule_text);
	free(p);
}

/* The kind of path entry that decides each access; the hooks table says who enforces which. */
static const __u32 path_kinds[BLP_ACCESS_COUNT] = {
	[BLP_READ] = BL_RK_PATH_OPEN,	      [BLP_WRITE] = BL_RK_PATH_OPEN,
	[BLP_EXEC] = BL_RK_PATH_EXEC,	      [BLP_MOUNT_SRC] = BL_RK_PATH_MOUNT_SRC,
	[BLP_UNIX_CONNECT] = BL_RK_PATH_UNIX, [BLP_LEARN_READ] = BL_RK_LEARN_READ,
};

__u32 bl_policy_rule_kinds(const struct bl_policy *p)
{
	__u32 kinds = p->prof.flags;

	/* An allow counts too: it errs on the side of refusing a profile, never of a silent hole. */
	for (size_t i = 0; i < p->n_paths; i++) {
		struct bl_path_rule r = p->paths[i].rule;

		for (unsigned int a = 0; a < BLP_ACCESS_COUNT; a++)
			if (*blp_path_action(&r, a) != BL_ACT_NONE)
				kinds |= path_kinds[a];
	}
	if (p->n_nets)
		kinds |= BL_RK_NET;
	if (p->prof.n_listen)
		kinds |= BL_RK_LISTEN;
	if (p->prof.cap_deny)
		kinds |= BL_RK_CAP;
	return kinds;
}
