// SPDX-License-Identifier: GPL-2.0
/*
 * Network rules into the entries of the net trie. A key is protocol, family and address prefix;
 * its value is a list of port ranges checked in order, the first match deciding. One lookup finds
 * the longest matching prefix, so each entry lists its own ranges first (a child's before its
 * parent's) and then those of every enclosing prefix, the nearest first: a more specific
 * destination decides before a broader one, and the broader one still decides the ports the
 * specific one does not name.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

struct contrib {
	__u8 proto, family, plen;
	__u8 addr[16];
	__u16 lo, hi;
	__u8 action;
	size_t g, level, seq;
};

/* An entry under construction: its key and its own ranges, contribs v[first..first + n). */
struct group {
	struct bl_net_key key;
	size_t first, n;
};

static int cmp_key(const struct bl_net_key *a, const struct bl_net_key *b)
{
	if (a->proto != b->proto)
		return a->proto < b->proto ? -1 : 1;
	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	if (a->prefixlen != b->prefixlen)
		return a->prefixlen < b->prefixlen ? -1 : 1;
	return memcmp(a->addr, b->addr, sizeof(a->addr));
}

static void key_of(const struct contrib *x, struct bl_net_key *k)
{
	memset(k, 0, sizeof(*k));
	k->prefixlen = 32 + 8 + 8 + 16 + x->plen;
	k->proto = x->proto;
	k->family = x->family;
	memcpy(k->addr, x->addr, sizeof(k->addr));
}

/* Same key; then the child's rules first; then as written. */
static int cmp_contrib(const void *a, const void *b)
{
	const struct contrib *x = a, *y = b;
	struct bl_net_key kx, ky;
	int d;

	key_of(x, &kx);
	key_of(y, &ky);
	d = cmp_key(&kx, &ky);
	if (d)
		return d;
	if (x->level != y->level)
		return x->level > y->level ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int collect(struct blp_compile *c, struct contrib **out, size_t *n_out)
{
	static const __u8 both_protos[] = { IPPROTO_TCP, IPPROTO_UDP };
	static const __u8 both_families[] = { 4, 6 };
	struct contrib *v = NULL;
	size_t n = 0, cap = 0;

	for (size_t g = 0; g < c->n_rules; g++) {
		size_t level;
		const struct blp_rule *r = blp_rule_at(c, g, &level);
		const struct blp_dest *d = &r->u.net;

		if (r->kind != BLP_RULE_NET)
			continue;
		/* No protocol is tcp and udp; `any` is 0.0.0.0/0 and ::/0. */
		for (size_t i = 0; i < 2; i++) {
			__u8 proto = d->proto ? d->proto : both_protos[i];

			for (size_t j = 0; j < 2; j++) {
				__u8 family = d->family ? d->family : both_families[j];
				struct contrib *x;

				if (blp_grow((void **)&v, &cap, n, sizeof(*v))) {
					free(v);
					return -ENOMEM;
				}
				x = &v[n];
				memset(x, 0, sizeof(*x));
				x->proto = proto;
				x->family = family;
				x->plen = d->plen;
				memcpy(x->addr, d->addr, sizeof(x->addr));
				x->lo = d->lo;
				x->hi = d->hi;
				x->action = r->action;
				x->g = g;
				x->level = level;
				x->seq = n++;
				if (d->family)
					break;
			}
			if (d->proto)
				break;
		}
	}
	*out = v;
	*n_out = n;
	return 0;
}

static void describe(const struct bl_net_key *k, char *buf, size_t size)
{
	char addr[INET6_ADDRSTRLEN] = "?";

	inet_ntop(k->family == 4 ? AF_INET : AF_INET6, k->addr, addr, sizeof(addr));
	snprintf(buf, size, "%s %s/%u", k->proto == IPPROTO_TCP ? "tcp" : "udp", addr,
		 k->prefixlen - 64);
}

/* Two rules of one profile at one key that overlap and disagree. */
static void check_conflicts(struct blp_compile *c, const struct group *gr, const struct contrib *v)
{
	char what[80];

	for (size_t i = gr->first + 1; i < gr->first + gr->n; i++) {
		for (size_t j = gr->first; j < i; j++) {
			const struct contrib *a = &v[j], *b = &v[i];

			if (a->level != b->level || a->action == b->action || a->hi < b->lo ||
			    b->hi < a->lo)
				continue;
			describe(&gr->key, what, sizeof(what));
			blp_error(&c->errs[b->level], blp_rule_at(c, b->g, NULL)->line,
				  "conflicting rules for %s, found '%s' and '%s' at line %u, "
				  "expected one of them (or port ranges that do not overlap)",
				  what, blp_rule_at(c, b->g, NULL)->text,
				  blp_rule_at(c, a->g, NULL)->text,
				  blp_rule_at(c, a->g, NULL)->line);
			break;
		}
	}
}

/* Appends @x's range to @r unless an earlier range covers it (it could never match). */
static void append(struct bl_net_rule *r, const struct contrib *x, size_t *wanted)
{
	for (__u32 i = 0; i < r->n_ranges; i++)
		if (r->ranges[i].lo <= x->lo && x->hi <= r->ranges[i].hi)
			return;
	(*wanted)++;
	if (r->n_ranges == BL_NET_PORT_RANGES)
		return;
	r->ranges[r->n_ranges].lo = x->lo;
	r->ranges[r->n_ranges].hi = x->hi;
	r->ranges[r->n_ranges].action = x->action;
	r->ranges[r->n_ranges].rule_id = (__u32)(x->g + 1);
	r->n_ranges++;
}

static const struct group *find(const struct group *v, size_t n, const struct bl_net_key *k)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int d = cmp_key(&v[mid].key, k);

		if (!d)
			return &v[mid];
		if (d < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static void fold(struct blp_compile *c, const struct group *groups, size_t n_groups,
		 const struct group *gr, const struct contrib *v, struct bl_net_entry *e)
{
	unsigned int plen = gr->key.prefixlen - 64;
	size_t wanted = 0;
	char what[80];

	e->key = gr->key;
	for (size_t i = gr->first; i < gr->first + gr->n; i++)
		append(&e->rule, &v[i], &wanted);
	/* Enclosing prefixes, longest first: the key with fewer address bits. */
	for (unsigned int q = plen; q-- > 0;) {
		struct bl_net_key k = gr->key;
		const struct group *d;

		k.prefixlen = 64 + q;
		for (unsigned int bit = q; bit < 128; bit++)
			k.addr[bit / 8] &= (__u8) ~(0x80 >> (bit % 8));
		d = find(groups, n_groups, &k);
		for (size_t i = 0; d && i < d->n; i++)
			append(&e->rule, &v[d->first + i], &wanted);
	}
	if (wanted > BL_NET_PORT_RANGES) {
		const struct contrib *x = &v[gr->first];

		describe(&gr->key, what, sizeof(what));
		blp_error(&c->errs[x->level], blp_rule_at(c, x->g, NULL)->line,
			  "too many port ranges for %s, found %zu with those of the destinations "
			  "that enclose it, expected at most %d (merge ranges or use fewer "
			  "overlapping destinations)",
			  what, wanted, BL_NET_PORT_RANGES);
	}
}

int blp_compile_nets(struct blp_compile *c)
{
	struct bl_policy *p = c->p;
	struct group *groups = NULL;
	struct contrib *v = NULL;
	size_t n = 0, n_groups = 0;
	int err;

	err = collect(c, &v, &n);
	if (err || !n)
		goto out;
	qsort(v, n, sizeof(*v), cmp_contrib);
	groups = calloc(n, sizeof(*groups));
	if (!groups) {
		err = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		struct bl_net_key k;

		key_of(&v[i], &k);
		if (!n_groups || cmp_key(&groups[n_groups - 1].key, &k)) {
			groups[n_groups].key = k;
			groups[n_groups++].first = i;
		}
		groups[n_groups - 1].n++;
	}
	if (n_groups > BLP_MAX_NETS) {
		blp_error(&c->errs[c->n - 1], 0,
			  "too many network rules, found %zu trie entries (a rule without protocol "
			  "makes two, 'any' two more), expected at most %d",
			  n_groups, BLP_MAX_NETS);
		goto out;
	}
	for (size_t i = 0; i < n_groups; i++)
		check_conflicts(c, &groups[i], v);
	p->nets = calloc(n_groups, sizeof(*p->nets));
	if (!p->nets) {
		err = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < n_groups; i++)
		fold(c, groups, n_groups, &groups[i], v, &p->nets[p->n_nets++]);
	for (size_t i = 0; i < p->n_nets; i++)
		for (__u32 j = 0; j < p->nets[i].rule.n_ranges; j++)
			c->used[p->nets[i].rule.ranges[j].rule_id - 1] = true;
out:
	free(groups);
	free(v);
	return err;
}
