// SPDX-License-Identifier: GPL-2.0
/*
 * Compiling a chain of parsed profiles (root parent first) into one struct bl_policy: flags,
 * capabilities, syscalls and filesystem types here; path and network entries in their own files.
 *
 * Precedence: rules are applied parent first, so a child's switch, capability or syscall rule
 * overrides its parent's; for paths, destinations and listen ports the child's rule wins at the
 * same key or port. Two rules of one profile that contradict each other are an error, never
 * resolved by order.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

const struct blp_rule *blp_rule_at(const struct blp_compile *c, size_t g, size_t *level)
{
	size_t l = c->n - 1;

	while (l > 0 && c->base[l] > g)
		l--;
	if (level)
		*level = l;
	return &c->chain[l]->rules[g - c->base[l]];
}

static void conflict(struct blp_compile *c, size_t level, size_t first, size_t second,
		     const char *what)
{
	const struct blp_rule *a = blp_rule_at(c, first, NULL), *b = blp_rule_at(c, second, NULL);

	blp_error(&c->errs[level], b->line,
		  "conflicting rules for %s, found '%s' and '%s' at line %u, expected one of them",
		  what, b->text, a->text, a->line);
}

static void compile_flags(struct blp_compile *c)
{
	struct bl_profile *prof = &c->p->prof;

	for (size_t l = 0; l < c->n; l++) {
		for (size_t i = 0; i < c->chain[l]->n_rules; i++) {
			const struct blp_rule *r = &c->chain[l]->rules[i];

			if (r->kind != BLP_RULE_FLAG)
				continue;
			if (r->action == BL_ACT_DENY) {
				prof->flags |= BL_PF(r->u.flag);
				prof->flag_rule[r->u.flag] = (__u32)(c->base[l] + i + 1);
			} else {
				prof->flags &= ~BL_PF(r->u.flag);
				prof->flag_rule[r->u.flag] = 0;
			}
		}
	}
	for (unsigned int f = 0; f < BL_PF_COUNT; f++)
		if (prof->flag_rule[f])
			c->used[prof->flag_rule[f] - 1] = true;
}

static void compile_caps(struct blp_compile *c)
{
	struct bl_profile *prof = &c->p->prof;
	size_t seen[BL_CAP_MAX];

	for (size_t l = 0; l < c->n; l++) {
		memset(seen, 0, sizeof(seen));
		for (size_t i = 0; i < c->chain[l]->n_rules; i++) {
			const struct blp_rule *r = &c->chain[l]->rules[i];
			size_t g = c->base[l] + i;
			unsigned int cap = r->u.cap;

			if (r->kind != BLP_RULE_CAP)
				continue;
			if (seen[cap] && blp_rule_at(c, seen[cap] - 1, NULL)->action != r->action) {
				conflict(c, l, seen[cap] - 1, g, "a capability");
				continue;
			}
			if (!seen[cap])
				seen[cap] = g + 1;
			/* A child's allow removes its parent's deny. */
			if (r->action == BL_ACT_DENY) {
				prof->cap_deny |= 1ull << cap;
				if (!prof->cap_rule[cap] || seen[cap] == g + 1)
					prof->cap_rule[cap] = (__u32)(g + 1);
			} else {
				prof->cap_deny &= ~(1ull << cap);
				prof->cap_rule[cap] = 0;
			}
		}
	}
	for (unsigned int cap = 0; cap < BL_CAP_MAX; cap++)
		if (prof->cap_rule[cap])
			c->used[prof->cap_rule[cap] - 1] = true;
}

static int compile_syscalls(struct blp_compile *c)
{
	size_t *seen = calloc(BLP_SYSCALL_NR_MAX, sizeof(*seen));
	bool *deny = calloc(BLP_SYSCALL_NR_MAX, sizeof(*deny));
	struct bl_policy *p = c->p;
	int err = 0;

	if (!seen || !deny) {
		err = -ENOMEM;
		goto out;
	}
	for (size_t l = 0; l < c->n; l++) {
		memset(seen, 0, BLP_SYSCALL_NR_MAX * sizeof(*seen));
		for (size_t i = 0; i < c->chain[l]->n_rules; i++) {
			const struct blp_rule *r = &c->chain[l]->rules[i];
			size_t g = c->base[l] + i;
			int nr = r->u.syscall;

			if (r->kind != BLP_RULE_SYSCALL)
				continue;
			if (seen[nr] && blp_rule_at(c, seen[nr] - 1, NULL)->action != r->action) {
				conflict(c, l, seen[nr] - 1, g, "a syscall");
				continue;
			}
			seen[nr] = g + 1;
			deny[nr] = r->action == BL_ACT_DENY;
		}
	}
	for (int nr = 0; nr < BLP_SYSCALL_NR_MAX; nr++)
		p->n_syscalls += deny[nr];
	if (p->n_syscalls > BLP_MAX_SYSCALLS) {
		blp_error(&c->errs[c->n - 1], 0,
			  "too many syscalls denied, found %zu, expected at "
			  "most %d",
			  p->n_syscalls, BLP_MAX_SYSCALLS);
		p->n_syscalls = 0;
		goto out;
	}
	if (p->n_syscalls) {
		p->syscalls = calloc(p->n_syscalls, sizeof(*p->syscalls));
		if (!p->syscalls) {
			err = -ENOMEM;
			goto out;
		}
	}
	/* Sorted by number: the seccomp export and `profile show` are then stable. */
	p->n_syscalls = 0;
	for (int nr = 0; nr < BLP_SYSCALL_NR_MAX; nr++)
		if (deny[nr])
			p->syscalls[p->n_syscalls++] = nr;
out:
	free(seen);
	free(deny);
	return err;
}

static int cmp_fstype(const void *a, const void *b)
{
	const struct bl_fstype_entry *x = a, *y = b;

	return strcmp(x->key.fstype, y->key.fstype);
}

static int compile_fstypes(struct blp_compile *c)
{
	struct bl_policy *p = c->p;
	size_t n = 0;

	for (size_t g = 0; g < c->n_rules; g++)
		n += blp_rule_at(c, g, NULL)->kind == BLP_RULE_FSTYPE;
	if (!n)
		return 0;
	p->fstypes = calloc(n, sizeof(*p->fstypes));
	if (!p->fstypes)
		return -ENOMEM;
	for (size_t g = 0; g < c->n_rules; g++) {
		const struct blp_rule *r = blp_rule_at(c, g, NULL);
		struct bl_fstype_entry *e = NULL;

		if (r->kind != BLP_RULE_FSTYPE)
			continue;
		for (size_t i = 0; i < p->n_fstypes && !e; i++)
			if (!strcmp(p->fstypes[i].key.fstype, r->u.fstype))
				e = &p->fstypes[i];
		if (e) {
			/* Listed again: a child's rule names it from then on, the first of one file. */
			size_t lo, le;

			blp_rule_at(c, e->rule.rule_id - 1, &lo);
			blp_rule_at(c, g, &le);
			if (le > lo)
				e->rule.rule_id = (__u32)(g + 1);
			continue;
		}
		e = &p->fstypes[p->n_fstypes++];
		memcpy(e->key.fstype, r->u.fstype, sizeof(e->key.fstype));
		e->rule.rule_id = (__u32)(g + 1);
	}
	if (p->n_fstypes > BLP_MAX_FSTYPES) {
		blp_error(&c->errs[c->n - 1], 0,
			  "too many filesystem types, found %zu, expected at "
			  "most %d",
			  p->n_fstypes, BLP_MAX_FSTYPES);
		return 0;
	}
	qsort(p->fstypes, p->n_fstypes, sizeof(*p->fstypes), cmp_fstype);
	for (size_t i = 0; i < p->n_fstypes; i++)
		c->used[p->fstypes[i].rule.rule_id - 1] = true;
	return 0;
}

/* "files: deny /x (default.ini:3)", cut to fit with its file and line always kept. */
static void rule_text(char *dst, const struct blp_rule *r, const char *base)
{
	char suffix[64];
	size_t room, n;

	n = blp_utf8_cut(base, 40);
	snprintf(suffix, sizeof(suffix), " (%.*s%s:%u)", (int)n, base, base[n] ? "..." : "",
		 r->line);
	room = BL_RULE_TEXT_MAX - 1 - strlen(suffix);
	n = blp_utf8_cut(r->text, room);
	if (r->text[n]) {
		n = blp_utf8_cut(r->text, room - 3);
		snprintf(dst, BL_RULE_TEXT_MAX, "%.*s...%s", (int)n, r->text, suffix);
	} else {
		snprintf(dst, BL_RULE_TEXT_MAX, "%s%s", r->text, suffix);
	}
}

static void remap(__u32 *id, const __u32 *map)
{
	if (*id)
		*id = map[*id - 1];
}

/* Gives the rules the output refers to ids 1..n, in the order they were written. */
static int number_rules(struct blp_compile *c)
{
	struct bl_policy *p = c->p;
	__u32 *map = calloc(c->n_rules + 1, sizeof(*map));
	size_t n = 0;

	if (!map)
		return -ENOMEM;
	for (size_t g = 0; g < c->n_rules; g++)
		n += c->used[g];
	p->rule_text = calloc(n + 1, sizeof(*p->rule_text));
	if (!p->rule_text) {
		free(map);
		return -ENOMEM;
	}
	for (size_t g = 0; g < c->n_rules; g++) {
		size_t level;
		const struct blp_rule *r;

		if (!c->used[g])
			continue;
		r = blp_rule_at(c, g, &level);
		rule_text(p->rule_text[p->n_rules], r, c->chain[level]->base);
		map[g] = (__u32)++p->n_rules;
		/* The chain is root first, so the parents' rules take ids 1..inherited_rules. */
		if (level + 1 < c->n)
			p->prof.inherited_rules = p->n_rules;
	}
	for (unsigned int f = 0; f < BL_PF_COUNT; f++)
		remap(&p->prof.flag_rule[f], map);
	for (unsigned int cap = 0; cap < BL_CAP_MAX; cap++)
		remap(&p->prof.cap_rule[cap], map);
	for (size_t i = 0; i < p->n_paths; i++)
		for (unsigned int a = 0; a < BLP_ACCESS_COUNT; a++)
			remap(blp_path_rule_id(&p->paths[i].rule, a), map);
	for (size_t i = 0; i < p->n_nets; i++)
		for (size_t j = 0; j < p->nets[i].rule.n_ranges; j++)
			remap(&p->nets[i].rule.ranges[j].rule_id, map);
	for (size_t i = 0; i < p->n_fstypes; i++)
		remap(&p->fstypes[i].rule.rule_id, map);
	for (__u32 i = 0; i < p->prof.n_listen; i++)
		remap(&p->prof.listen[i].rule_id, map);
	free(map);
	return 0;
}

static int fill_header(struct blp_compile *c)
{
	const struct blp_src *leaf = c->chain[c->n - 1];
	struct bl_policy *p = c->p;

	memcpy(p->name, leaf->name, sizeof(p->name));
	p->file = strdup(leaf->file);
	if (!p->file)
		return -ENOMEM;
	if (leaf->description && !(p->description = strdup(leaf->description)))
		return -ENOMEM;
	if (leaf->extends_line && !(p->extends = strdup(leaf->extends)))
		return -ENOMEM;
	/* Images select the containers of this profile only: a child does not inherit them. */
	if (leaf->n_images) {
		p->images = calloc(leaf->n_images, sizeof(*p->images));
		if (!p->images)
			return -ENOMEM;
		for (size_t i = 0; i < leaf->n_images; i++) {
			p->images[i] = strdup(leaf->images[i]);
			if (!p->images[i])
				return -ENOMEM;
			p->n_images++;
		}
	}
	p->mode = leaf->mode;
	/* The nearest profile in the chain that says its mode decides; else audit. */
	p->prof.mode = BL_MODE_AUDIT;
	for (size_t l = c->n; l-- > 0;) {
		if (c->chain[l]->mode) {
			p->prof.mode = c->chain[l]->mode;
			break;
		}
	}
	/* Like mode: the nearest profile in the chain that says its response decides; else report,
	 * and response-in-audit the same way; else no. */
	for (size_t l = c->n; l-- > 0;) {
		if (c->chain[l]->response) {
			p->prof.response = c->chain[l]->response - 1;
			break;
		}
	}
	for (size_t l = c->n; l-- > 0;) {
		if (c->chain[l]->response_in_audit) {
			if (c->chain[l]->response_in_audit == 2)
				p->prof.response_flags |= BL_RESP_IN_AUDIT;
			break;
		}
	}
	/*
	 * Learn mode judges the inherited rules by the nearest ancestor that enforces or audits its
	 * own (a learning ancestor enforces none: the one above it decides), else audit.
	 */
	p->prof.inherited_mode = BL_MODE_AUDIT;
	for (size_t l = c->n - 1; l-- > 0;) {
		__u32 mode = c->chain[l]->mode;

		if (mode == BL_MODE_AUDIT || mode == BL_MODE_ENFORCE) {
			p->prof.inherited_mode = mode;
			break;
		}
	}
	return 0;
}

int blp_compile(struct blp_src *const *chain, size_t n, struct bl_policy **out,
		struct bl_diag *diag)
{
	struct blp_compile c = { .chain = chain, .n = n };
	unsigned int errors = 0;
	int err = -ENOMEM;

	*out = NULL;
	c.base = calloc(n + 1, sizeof(*c.base));
	c.errs = calloc(n, sizeof(*c.errs));
	c.p = calloc(1, sizeof(*c.p));
	if (!c.base || !c.errs || !c.p)
		goto out;
	for (size_t l = 0; l < n; l++) {
		c.base[l] = c.n_rules;
		c.n_rules += chain[l]->n_rules;
		c.errs[l] = (struct blp_errs){ .diag = diag, .file = chain[l]->file };
	}
	c.base[n] = c.n_rules;
	c.used = calloc(c.n_rules + 1, sizeof(*c.used));
	if (!c.used)
		goto out;

	err = fill_header(&c);
	if (!err) {
		compile_flags(&c);
		compile_caps(&c);
		err = compile_syscalls(&c);
	}
	if (!err)
		err = compile_fstypes(&c);
	if (!err)
		err = blp_compile_paths(&c);
	if (!err)
		err = blp_compile_nets(&c);
	if (!err)
		err = blp_compile_listen(&c);
	for (size_t l = 0; l < n; l++)
		errors += c.errs[l].n;
	if (!err && errors)
		err = -EINVAL;
	if (!err)
		err = number_rules(&c);
	if (!err) {
		*out = c.p;
		c.p = NULL;
	}
out:
	bl_policy_free(c.p);
	free(c.base);
	free(c.errs);
	free(c.used);
	return err;
}
