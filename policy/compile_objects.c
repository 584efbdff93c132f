// SPDX-License-Identifier: GPL-2.0
/*
 * Object keys for pseudo-filesystems (BL_KEY_FS in include/boxlock.h). The BPF side also looks
 * a file on procfs, sysfs, cgroup2... up by the path inside its filesystem, which no chroot,
 * second mount or bind mount changes. Each compiled path entry below a pseudo-filesystem's mount
 * point (BL_PSEUDO_MOUNTS: the longest that holds it) is copied under that key, and the
 * filesystem's root gets what the path trie answers for the mount point itself, so a lookup of
 * (filesystem, path inside) answers what a lookup of mount point + path inside answers.
 * When two mount points name one filesystem (tracefs) and disagree, the deny is kept.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

static const struct {
	const char *dir;
	__u8 fs;
} mounts[] = {
#define BL_X(dir, id) { dir, BL_FS_##id },
	BL_PSEUDO_MOUNTS(BL_X)
#undef BL_X
};
#define N_MOUNTS (sizeof(mounts) / sizeof(mounts[0]))

static size_t key_len(const struct bl_path_entry *e)
{
	return (e->key.prefixlen - 32) / 8;
}

/* The mount point that holds @key (@len bytes; an exact key ends with its NUL), or -1. */
static int mount_of(const char *key, size_t len)
{
	size_t best_len = 0;
	int best = -1;

	for (size_t m = 0; m < N_MOUNTS; m++) {
		size_t ml = strlen(mounts[m].dir);

		if (len <= ml || memcmp(key, mounts[m].dir, ml) || ml <= best_len)
			continue;
		if (key[ml] == '/' || (key[ml] == '\0' && len == ml + 1)) {
			best = (int)m;
			best_len = ml;
		}
	}
	return best;
}

/* The entry the trie's longest-prefix match finds for the path @dir + "/" and below. */
static const struct bl_path_entry *lpm(const struct bl_policy *p, size_t n, const char *dir)
{
	const struct bl_path_entry *best = NULL;
	size_t dl = strlen(dir);

	for (size_t i = 0; i < n; i++) {
		size_t len = key_len(&p->paths[i]);
		const char *k = p->paths[i].key.path;

		if (len > dl + 1 || (len && k[len - 1] == '\0') || p->paths[i].watch_only)
			continue; /* longer than dir + "/", exact, or a watch (it decides nothing) */
		if (memcmp(k, dir, len < dl ? len : dl) || (len == dl + 1 && k[dl] != '/'))
			continue;
		if (!best || len > key_len(best))
			best = &p->paths[i];
	}
	return best;
}

static bool decides(const struct bl_path_rule *r)
{
	for (unsigned int a = 0; a < BLP_ACCESS_COUNT; a++)
		if (*blp_path_action((struct bl_path_rule *)r, a) != BL_ACT_NONE)
			return true;
	return false;
}

/* Adds (or merges into an earlier key of @out[@first..]) the object key of @rule. */
static void put(struct bl_path_entry *out, size_t first, size_t *n, __u8 fs, const char *rel,
		size_t rel_len, const struct bl_path_rule *rule)
{
	struct bl_path_entry e = {};

	e.key.path[0] = BL_KEY_FS;
	e.key.path[1] = (char)fs;
	memcpy(e.key.path + 2, rel, rel_len);
	e.key.prefixlen = (__u32)(32 + 8 * (2 + rel_len));
	e.rule = *rule;
	for (size_t i = first; i < *n; i++) {
		if (out[i].key.prefixlen != e.key.prefixlen ||
		    memcmp(out[i].key.path, e.key.path, sizeof(e.key.path)))
			continue;
		for (unsigned int a = 0; a < BLP_ACCESS_COUNT; a++) {
			__u8 *have = blp_path_action(&out[i].rule, a);
			__u8 want = *blp_path_action(&e.rule, a);

			if (*have == BL_ACT_NONE || (want == BL_ACT_DENY && *have != BL_ACT_DENY)) {
				*have = want;
				*blp_path_rule_id(&out[i].rule, a) = *blp_path_rule_id(&e.rule, a);
			}
		}
		return;
	}
	out[(*n)++] = e;
}

int blp_compile_objects(struct blp_compile *c)
{
	struct bl_policy *p = c->p;
	size_t n = p->n_paths, max = n + N_MOUNTS, total = n;
	struct bl_path_entry *v;

	for (size_t i = 0; i < n; i++)
		max += mount_of(p->paths[i].key.path, key_len(&p->paths[i])) >= 0 &&
		       !p->paths[i].watch_only;
	if (max == n)
		return 0;
	v = realloc(p->paths, max * sizeof(*v));
	if (!v)
		return -ENOMEM;
	p->paths = v;
	for (size_t i = 0; i < n; i++) {
		size_t len = key_len(&v[i]), ml;
		int m = mount_of(v[i].key.path, len);

		/* A watch alone makes no object key: it would only carry copied verdicts. */
		if (m < 0 || v[i].watch_only)
			continue;
		ml = strlen(mounts[m].dir);
		if (v[i].key.path[ml] == '\0') /* the mount point itself: the filesystem's root */
			put(v, n, &total, mounts[m].fs, "/", 2, &v[i].rule);
		else
			put(v, n, &total, mounts[m].fs, v[i].key.path + ml, len - ml, &v[i].rule);
	}
	for (size_t m = 0; m < N_MOUNTS; m++) {
		const struct bl_path_entry *e = lpm(p, n, mounts[m].dir);

		/* "/" needs no object key: it holds every path, however the object is reached. */
		if (e && key_len(e) > 1 && decides(&e->rule))
			put(v, n, &total, mounts[m].fs, "/", 1, &e->rule);
	}
	p->n_paths = total;
	if (total > BLP_MAX_PATHS)
		blp_error(
			&c->errs[c->n - 1], 0,
			"too many path rules, found %zu trie entries (a directory rule makes two, "
			"a rule under /proc, /sys or /dev one more for its filesystem), expected "
			"at most %d",
			total, BLP_MAX_PATHS);
	return 0;
}
