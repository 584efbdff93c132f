// SPDX-License-Identifier: GPL-2.0
/* The names of the ABI's numbers, each array expanded from its table in include/boxlock.h. */
#include <string.h>
#include "names.h"

struct hook_row {
	const char *name;
	const char *lsm;
	__u32 kinds;
};

static const struct hook_row hooks[BL_HOOK_COUNT] = {
#define BL_X(id, name, lsm, kinds) [BL_HOOK_##id] = { name, lsm, kinds },
	BL_HOOKS(BL_X)
#undef BL_X
};

static const char *const reasons[BL_REASON_COUNT] = {
#define BL_X(id, name) [BL_REASON_##id] = name,
	BL_REASONS(BL_X)
#undef BL_X
};

static const char *const stats[BL_STAT_COUNT] = {
#define BL_X(id, name) [BL_STAT_##id] = name,
	BL_STATS(BL_X)
#undef BL_X
};

static const char *const flags[BL_PF_COUNT] = {
#define BL_X(id, name) [BL_PF_##id] = name,
	BL_PROFILE_FLAGS(BL_X)
#undef BL_X
};

/* Modes and verdicts are numbered from 1: tables of (number, name). */
struct numbered {
	__u32 num;
	const char *name;
};

static const struct numbered modes[] = {
#define BL_X(id, num, name) { num, name },
	BL_MODES(BL_X)
#undef BL_X
};

static const struct numbered verdicts[] = {
#define BL_X(id, num, name) { num, name },
	BL_VERDICTS(BL_X)
#undef BL_X
};

static const struct numbered file_ops[] = {
#define BL_X(id, num, name) { num, name },
	BL_FILE_OPS(BL_X)
#undef BL_X
};

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static const char *indexed(const char *const *names, size_t n, __u32 i)
{
	return i < n && names[i] ? names[i] : "unknown";
}

static const char *numbered_name(const struct numbered *t, size_t n, __u32 num)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].num == num)
			return t[i].name;
	return "unknown";
}

const char *bl_hook_name(__u32 hook)
{
	return hook < BL_HOOK_COUNT ? hooks[hook].name : "unknown";
}

__u32 bl_hook_by_name(const char *name)
{
	for (__u32 h = 1; h < BL_HOOK_COUNT; h++)
		if (!strcmp(hooks[h].name, name))
			return h;
	return BL_HOOK_NONE;
}

const char *bl_hook_lsm(__u32 hook)
{
	return hook < BL_HOOK_COUNT ? hooks[hook].lsm : "unknown";
}

__u32 bl_hooks_of_lsm(const char *lsm)
{
	__u32 set = 0;

	size_t n = strlen(lsm);

	/* A line's lsm is one LSM hook or a space-separated list of them (file_change). */
	for (__u32 h = 1; h < BL_HOOK_COUNT; h++) {
		const char *w = hooks[h].lsm; /* SELF has no LSM hook: "" */

		while (n && (w = strstr(w, lsm))) {
			if ((w == hooks[h].lsm || w[-1] == ' ') && (w[n] == ' ' || !w[n])) {
				set |= 1u << h;
				break;
			}
			w += n;
		}
	}
	return set;
}

__u32 bl_hooks_needed(__u32 rule_kinds)
{
	__u32 set = 0;

	for (__u32 h = 1; h < BL_HOOK_COUNT; h++)
		if (hooks[h].kinds & rule_kinds)
			set |= 1u << h;
	return set;
}

const char *bl_reason_name(__u32 reason)
{
	return indexed(reasons, ARRAY_LEN(reasons), reason);
}

const char *bl_stat_name(__u32 stat)
{
	return indexed(stats, ARRAY_LEN(stats), stat);
}

const char *bl_flag_name(__u32 flag)
{
	return indexed(flags, ARRAY_LEN(flags), flag);
}

const char *bl_verdict_name(__u32 verdict)
{
	return numbered_name(verdicts, ARRAY_LEN(verdicts), verdict);
}

const char *bl_file_op_name(__u32 op)
{
	return numbered_name(file_ops, ARRAY_LEN(file_ops), op);
}

const char *bl_mode_name(__u32 mode)
{
	return numbered_name(modes, ARRAY_LEN(modes), mode);
}

__u32 bl_mode_by_name(const char *name)
{
	for (size_t i = 0; i < ARRAY_LEN(modes); i++)
		if (!strcmp(modes[i].name, name))
			return modes[i].num;
	return 0;
}

const char *bl_response_name(__u32 response)
{
	static const char *const names[] = { "report", "freeze", "kill" };

	return response < ARRAY_LEN(names) ? names[response] : "unknown";
}
