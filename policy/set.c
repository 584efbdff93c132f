// SPDX-License-Identifier: GPL-2.0
/*
 * A set of profiles loaded together, with `extends` resolved. Parents come from the files given,
 * else from <search_dir>/<name>.ini (by default the directory of the profile that extends it).
 * Only the files given are in the set: a parent's rules are compiled into each child.
 */
#define _GNU_SOURCE /* asprintf */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "internal.h"

struct node {
	struct blp_src *src; /* NULL when it could not be read */
	bool given; /* named by the caller: part of the set */
	bool bad; /* has errors of its own (reported) */
	bool in_cycle; /* part of an extends cycle (reported) */
	long parent; /* index of the parent node, -1 for none */
	struct bl_policy *policy;
};

struct loader {
	struct node *v;
	size_t n, cap;
	const char *search_dir;
	struct bl_diag *diag;
	int err; /* the first error */
};

static void fail(struct loader *L, int err)
{
	if (!L->err)
		L->err = err;
}

static long add_node(struct loader *L, const char *path, bool given)
{
	struct node *nd;
	int err;

	if (blp_grow((void **)&L->v, &L->cap, L->n, sizeof(*L->v))) {
		fail(L, -ENOMEM);
		return -1;
	}
	nd = &L->v[L->n];
	memset(nd, 0, sizeof(*nd));
	nd->given = given;
	nd->parent = -1;
	err = blp_src_load(path, &nd->src, L->diag);
	if (err == -ENOMEM) {
		blp_src_free(nd->src);
		fail(L, err);
		return -1;
	}
	if (err) {
		nd->bad = true;
		fail(L, err);
	}
	return (long)L->n++;
}

static long find_node(const struct loader *L, const char *name)
{
	long found = -1;

	/* A file given by the caller wins over one found in the search directory. */
	for (size_t i = 0; i < L->n; i++) {
		if (!L->v[i].src || strcmp(L->v[i].src->name, name))
			continue;
		if (L->v[i].given)
			return (long)i;
		if (found < 0)
			found = (long)i;
	}
	return found;
}

/* Finds or loads the parent of node @i. */
static void resolve_parent(struct loader *L, size_t i)
{
	const struct blp_src *s = L->v[i].src;
	char *path = NULL, *dir = NULL;
	const char *slash;
	long p;

	if (!s || !s->extends_line)
		return;
	p = find_node(L, s->extends);
	if (p >= 0) {
		L->v[i].parent = p;
		return;
	}
	if (L->search_dir) {
		dir = strdup(L->search_dir);
	} else {
		slash = strrchr(s->file, '/');
		dir = slash ? strndup(s->file, (size_t)(slash - s->file) + (slash == s->file)) :
			      strdup(".");
	}
	if (!dir || asprintf(&path, "%s/%s.ini", dir, s->extends) < 0) {
		free(dir);
		fail(L, -ENOMEM);
		return;
	}
	if (access(path, F_OK)) {
		bl_diag_add(L->diag, s->file, s->extends_line,
			    "missing parent profile, found 'extends = %s', expected a profile of "
			    "that name among the files given or in %s",
			    s->extends, path);
		L->v[i].bad = true;
		fail(L, -EINVAL);
	} else {
		/* add_node may move L->v: keep only indexes across it. */
		p = add_node(L, path, false);
		L->v[i].parent = p;
		/* A file found by its name must be the profile of that name. */
		if (p >= 0 && L->v[p].src && strcmp(L->v[p].src->name, s->extends)) {
			bl_diag_add(
				L->diag, s->file, s->extends_line,
				"missing parent profile, found 'extends = %s', expected %s to be "
				"that profile, but it is '%s'",
				s->extends, path, L->v[p].src->name);
			L->v[i].bad = true;
			L->v[i].parent = -1;
			fail(L, -EINVAL);
		}
	}
	free(path);
	free(dir);
}

static void report_cycle(struct loader *L, const long *chain, size_t n, long back)
{
	char text[512] = "";
	size_t len = 0, start = 0;

	while (chain[start] != back)
		start++;
	for (size_t i = start; i < n; i++) {
		L->v[chain[i]].in_cycle = true;
		len += (size_t)snprintf(text + len, sizeof(text) - len, "%s -> ",
					L->v[chain[i]].src->name);
		if (len >= sizeof(text))
			len = sizeof(text) - 1;
	}
	snprintf(text + len, sizeof(text) - len, "%s", L->v[back].src->name);
	bl_diag_add(L->diag, L->v[chain[n - 1]].src->file, L->v[chain[n - 1]].src->extends_line,
		    "extends cycle, found %s, expected a chain of extends that ends in a profile "
		    "without one",
		    text);
	fail(L, -EINVAL);
}

/* Compiles node @i with its chain of parents, or reports why it cannot. */
static void compile_node(struct loader *L, size_t i)
{
	struct blp_src *srcs[BLP_MAX_DEPTH];
	long chain[BLP_MAX_DEPTH + 1];
	bool bad = false, cycle = false;
	size_t n = 0;
	long cur = (long)i;
	int err;

	while (cur >= 0 && !cycle) {
		for (size_t k = 0; k < n; k++)
			cycle |= chain[k] == cur;
		if (cycle) {
			if (!L->v[cur].in_cycle)
				report_cycle(L, chain, n, cur);
			break;
		}
		if (n == BLP_MAX_DEPTH) {
			const struct blp_src *s = L->v[chain[n - 1]].src;

			bl_diag_add(L->diag, s->file, s->extends_line,
				    "extends chain too long, found more than %d profiles, expected "
				    "at most %d",
				    BLP_MAX_DEPTH, BLP_MAX_DEPTH);
			fail(L, -EINVAL);
			bad = true;
			break;
		}
		chain[n++] = cur;
		bad |= L->v[cur].bad || !L->v[cur].src || L->v[cur].src->n_errors;
		cur = L->v[cur].parent;
	}
	if (L->v[i].bad || L->v[i].in_cycle || !L->v[i].src || L->v[i].src->n_errors)
		return; /* its own errors are reported */
	if (bad || cycle) {
		bl_diag_add(L->diag, L->v[i].src->file, L->v[i].src->extends_line,
			    "parent profile '%s' cannot be used, found errors in it or its parents "
			    "(reported above), expected a parent that compiles",
			    L->v[i].src->extends);
		fail(L, -EINVAL);
		return;
	}
	for (size_t k = 0; k < n; k++)
		srcs[k] = L->v[chain[n - 1 - k]].src;
	err = blp_compile(srcs, n, &L->v[i].policy, L->diag);
	if (err)
		fail(L, err);
}

/* The maps of include/boxlock.h hold every loaded profile: refuse a set that cannot fit. */
static void check_totals(struct loader *L)
{
	size_t profiles = 0, paths = 0, nets = 0, fstypes = 0, rules = 0;

	for (size_t i = 0; i < L->n; i++) {
		const struct bl_policy *p = L->v[i].policy;

		if (!L->v[i].given || !p)
			continue;
		profiles++;
		paths += p->n_paths;
		nets += p->n_nets;
		fstypes += p->n_fstypes;
		rules += p->n_rules;
		if (profiles > BL_MAX_PROFILES || paths > BL_MAX_PATH_RULES ||
		    nets > BL_MAX_NET_RULES || fstypes > BL_MAX_FSTYPE_RULES ||
		    rules > BL_MAX_RULE_INFO) {
			bl_diag_add(L->diag, p->file, 0,
				    "too many rules in the set, found %zu profiles with %zu path, "
				    "%zu network, %zu fstype entries and %zu rule texts up to this "
				    "one, expected at most %d, %d, %d, %d and %d",
				    profiles, paths, nets, fstypes, rules, BL_MAX_PROFILES,
				    BL_MAX_PATH_RULES, BL_MAX_NET_RULES, BL_MAX_FSTYPE_RULES,
				    BL_MAX_RULE_INFO);
			fail(L, -EINVAL);
			return;
		}
	}
}

int bl_policy_set_load(const char *const *files, size_t n_files, const char *search_dir,
		       struct bl_policy_set *set, struct bl_diag *diag)
{
	struct loader L = { .search_dir = search_dir, .diag = diag };

	memset(set, 0, sizeof(*set));
	/* Every file is read and checked, so that all their errors are reported at once. */
	for (size_t i = 0; i < n_files; i++)
		if (add_node(&L, files[i], true) < 0)
			goto out;
	for (size_t i = 0; i < n_files; i++) {
		for (size_t j = 0; j < i; j++) {
			struct blp_src *a = L.v[j].src, *b = L.v[i].src;

			if (!a || !b || strcmp(a->name, b->name))
				continue;
			bl_diag_add(diag, b->file, b->name_line,
				    "duplicate profile name, found '%s' also in %s, expected one "
				    "file per profile",
				    b->name, a->file);
			L.v[i].bad = true;
			fail(&L, -EINVAL);
			break;
		}
	}
	/* Parents found in the search directory are appended: this loop covers them too. */
	for (size_t i = 0; i < L.n && L.err != -ENOMEM; i++)
		resolve_parent(&L, i);
	for (size_t i = 0; i < L.n && L.err != -ENOMEM; i++)
		if (L.v[i].given)
			compile_node(&L, i);
	if (!L.err)
		check_totals(&L);
	if (L.err)
		goto out;
	set->v = calloc(n_files + 1, sizeof(*set->v));
	if (!set->v) {
		L.err = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < L.n; i++) {
		if (L.v[i].given) {
			set->v[set->n++] = L.v[i].policy;
			L.v[i].policy = NULL;
		}
	}
out:
	for (size_t i = 0; i < L.n; i++) {
		blp_src_free(L.v[i].src);
		bl_policy_free(L.v[i].policy);
	}
	free(L.v);
	return L.err;
}

struct bl_policy *bl_policy_set_find(const struct bl_policy_set *set, const char *name)
{
	for (size_t i = 0; i < set->n; i++)
		if (!strcmp(set->v[i]->name, name))
			return set->v[i];
	return NULL;
}

void bl_policy_set_free(struct bl_policy_set *set)
{
	for (size_t i = 0; i < set->n; i++)
		bl_policy_free(set->v[i]);
	free(set->v);
	set->v = NULL;
	set->n = 0;
}
