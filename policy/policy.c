// SPDX-License-Identifier: GPL-2.0
/* One profile on its own: parse, compile with no parent, free. */
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
