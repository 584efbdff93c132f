// SPDX-License-Identifier: GPL-2.0
/*
 * Path rules into the entries of the path trie. The BPF side makes one longest-prefix lookup
 * per access, so each entry must carry the whole answer:
 *
 *  - A directory rule `/d/` is two keys: the prefix `/d/` for everything below it, and the exact
 *    `/d` (with its NUL) for the directory itself, which d_path names without a slash.
 *  - Rules with the same key merge. At one key and access, a child's rule beats its parent's, an
 *    explicit rule beats one the compiler made (the exact `/d` of a directory rule, the `/` of an
 *    exec allow list), and two rules of one profile that disagree are an error.
 *  - Every access an entry does not decide itself is copied from its nearest enclosing
 *    directory entry, which was completed the same way before it.
 *  - [learn] watch-read is one more access (BLP_LEARN_READ, always an allow) that decides no
 *    verdict. A key that only a watch makes answers every verdict as its enclosing entry does,
 *    by the copy above, so the longest match it now is changes nothing.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

struct contrib {
	char key[BL_RULE_PATH_MAX];
	size_t len; /* bytes of the key: an exact key includes its NUL */
	size_t g; /* the rule */
	size_t level;
	size_t seq;
	bool weak; /* made by the compiler: an explicit rule at the same level wins */
	__u32 access;
	__u8 action;
};

struct list {
	struct contrib *v;
	size_t n, cap;
};

static int add(struct list *l, const char *key, size_t len, size_t g, size_t level, bool weak,
	       __u32 access, __u8 action)
{
	struct contrib *x;

	if (blp_grow((void **)&l->v, &l->cap, l->n, sizeof(*l->v)))
		return -ENOMEM;
	x = &l->v[l->n];
	memset(x->key, 0, sizeof(x->key));
	memcpy(x->key, key, len); /* an exact key's NUL is already 0 */
	x->len = len;
	x->g = g;
	x->level = level;
	x->seq = l->n++;
	x->weak = weak;
	x->access = access;
	x->action = action;
	return 0;
}

static int cmp_key(const char *a, size_t alen, const char *b, size_t blen)
{
	int d = memcmp(a, b, alen < blen ? alen : blen);

	if (d)
		return d;
	return alen < blen ? -1 : alen > blen;
}

static int cmp_contrib(const void *a, const void *b)
{
	const struct contrib *x = a, *y = b;
	int d = cmp_key(x->key, x->len, y->key, y->len);

	if (d)
		return d;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static size_t entry_len(const struct bl_path_entry *e)
{
	return (e->key.prefixlen - 32) / 8;
}

/* The prefix entry of exactly @len bytes of @key among @v[0..n), or NULL. */
static struct bl_path_entry *find(struct bl_path_entry *v, size_t n, const char *key, size_t len)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int d = cmp_key(v[mid].key.path, entry_len(&v[mid]), key, len);

		if (!d)
			return &v[mid];
		if (d < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int collect(struct blp_compile *c, struct list *l)
{
	char key[BL_RULE_PATH_MAX];
	int err = 0;

	for (size_t g = 0; g < c->n_rules && !err; g++) {
		size_t level, len;
		const struct blp_rule *r = blp_rule_at(c, g, &level);
		const struct blp_path *p = &r->u.path.p;

		if (r->kind == BLP_RULE_FLAG && r->u.flag == BL_PF_EXEC_ALLOWLIST &&
		    r->action == BL_ACT_DENY) {
			/* Allow-list mode: "/" denies exec of whatever no allow rule lists. */
			err = add(l, "/", 1, g, level, true, BLP_ACC(BLP_EXEC), BL_ACT_DENY);
			continue;
		}
		if (r->kind != BLP_RULE_PATH)
			continue;
		len = strlen(p->path);
		if (!p->dir) {
			err = add(l, p->path, len + 1, g, level, false, r->u.path.access,
				  r->action);
			continue;
		}
		err = add(l, p->path, len, g, level, false, r->u.path.access, r->action);
		/* A device range ("block *") has no exact twin: no node is named by it. */
		if (!err && len > 1 && p->path[0] == '/') {
			memcpy(key, p->path, len - 1);
			key[len - 1] = '\0';
			err = add(l, key, len, g, level, true, r->u.path.access, r->action);
		}
	}
	return err;
}

/* Merges the rules of one key into @e. */
static void merge(struct blp_compile *c, struct bl_path_entry *e, const struct contrib *v, size_t n)
{
	long prio[BLP_ACCESS_COUNT] = {};
	size_t who[BLP_ACCESS_COUNT] = {}, reported = (size_t)-1;

	memset(e, 0, sizeof(*e));
	memcpy(e->key.path, v[0].key, v[0].len);
	e->key.prefixlen = (__u32)(32 + 8 * v[0].len);
	e->watch_only = true;
	for (size_t i = 0; i < n; i++) {
		const struct contrib *x = &v[i];
		long pr = (long)x->level * 2 + !x->weak;

		if (x->access != BLP_ACC(BLP_LEARN_READ))
			e->watch_only = false;

		for (unsigned int a = 0; a < BLP_ACCESS_COUNT; a++) {
			__u8 *act = blp_path_action(&e->rule, a);

			if (!(x->access & BLP_ACC(a)))
				continue;
			if (*act != BL_ACT_NONE && pr < prio[a])
				continue;
			if (*act != BL_ACT_NONE && pr == prio[a]) {
				/* Weak twins of a directory rule conflict at its prefix key too. */
				if (*act != x->action && !x->weak && reported != who[a]) {
					char what[BL_RULE_PATH_MAX + 32];

					snprintf(what, sizeof(what), "%s of '%.*s'",
						 blp_access_names[a], (int)strnlen(x->key, x->len),
						 x->key);
					blp_error(
						&c->errs[x->level],
						blp_rule_at(c, x->g, NULL)->line,
						"conflicting rules for %s, found '%s' and '%s' at "
						"line %u, expected one of them",
						what, blp_rule_at(c, x->g, NULL)->text,
						blp_rule_at(c, who[a], NULL)->text,
						blp_rule_at(c, who[a], NULL)->line);
					reported = who[a];
				}
				continue;
			}
			*act = x->action;
			*blp_path_rule_id(&e->rule, a) = (__u32)(x->g + 1);
			prio[a] = pr;
			who[a] = x->g;
		}
	}
}

int blp_compile_paths(struct blp_compile *c)
{
	struct bl_policy *p = c->p;
	struct list l = {};
	size_t n = 0;
	int err;

	err = collect(c, &l);
	if (err || !l.n)
		goto out;
	qsort(l.v, l.n, sizeof(*l.v), cmp_contrib);
	for (size_t i = 0; i < l.n; i++)
		n += !i || cmp_key(l.v[i].key, l.v[i].len, l.v[i - 1].key, l.v[i - 1].len);
	if (n > BLP_MAX_PATHS) {
		blp_error(
			&c->errs[c->n - 1], 0,
			"too many path rules, found %zu trie entries (a directory rule makes two), "
			"expected at most %d",
			n, BLP_MAX_PATHS);
		goto out;
	}
	p->paths = calloc(n, sizeof(*p->paths));
	if (!p->paths) {
		err = -ENOMEM;
		goto out;
	}
	for (size_t i = 0, j; i < l.n; i = j) {
		for (j = i + 1; j < l.n && !cmp_key(l.v[i].key, l.v[i].len, l.v[j].key, l.v[j].len);
		     j++)
			;
		merge(c, &p->paths[p->n_paths++], &l.v[i], j - i);
	}
	/*
	 * Sorted by key, a directory comes before everything below it, so the nearest enclosing
	 * entry of each entry is complete when the entry copies from it.
	 */
	for (size_t i = 0; i < p->n_paths; i++) {
		struct bl_path_entry *e = &p->paths[i], *d = NULL;

		for (size_t cut = entry_len(e) - 1; cut > 0 && !d; cut--)
			if (e->key.path[cut - 1] == '/')
				d = find(p->paths, i, e->key.path, cut);
		for (unsigned int a = 0; d && a < BLP_ACCESS_COUNT; a++) {
			if (*blp_path_action(&e->rule, a) != BL_ACT_NONE)
				continue;
			*blp_path_action(&e->rule, a) = *blp_path_action(&d->rule, a);
			*blp_path_rule_id(&e->rule, a) = *blp_path_rule_id(&d->rule, a);
		}
		for (unsigned int a = 0; a < BLP_ACCESS_COUNT; a++)
			if (*blp_path_rule_id(&e->rule, a))
				c->used[*blp_path_rule_id(&e->rule, a) - 1] = true;
	}
	err = blp_compile_objects(c);
out:
	free(l.v);
	return err;
}
