// SPDX-License-Identifier: GPL-2.0
/*
 * [network] allow-listen and deny-listen: the ports a contained task may serve on, `PROTO PORTS`
 * items compiled into bl_profile.listen, ranges the kernel checks in order (the first match
 * decides) at a TCP listen and at a UDP bind to a non-zero port.
 *
 * Order, as the network trie resolves: the profile's own ranges first, then each parent's, the
 * nearest first, so a child's rule beats its parent's; within one profile, as written, where
 * order cannot matter: two of its rules that overlap and disagree are an error. A range that an
 * earlier range of its protocol covers could never match and is left out. Any allow-listen
 * turns the list into an allow list (BL_PF_LISTEN_ALLOWLIST), named by the first allow-listen
 * rule of the nearest profile that has one.
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include "internal.h"

static const char *proto_name(__u8 proto)
{
	return proto == IPPROTO_TCP ? "tcp" : "udp";
}

static bool looks_like_ports(const char *s)
{
	return !strcmp(s, "any") || (*s >= '0' && *s <= '9');
}

int blp_parse_listen(const char *proto, const char *ports, struct blp_listen *out, char *err,
		     size_t errlen)
{
	char q[80];

	memset(out, 0, sizeof(*out));
	if (!strcmp(proto, "tcp")) {
		out->proto = IPPROTO_TCP;
	} else if (!strcmp(proto, "udp")) {
		out->proto = IPPROTO_UDP;
	} else if (looks_like_ports(proto)) {
		snprintf(err, errlen, "missing protocol before '%s', expected tcp or udp",
			 blp_quote(q, sizeof(q), proto));
		return -EINVAL;
	} else {
		snprintf(err, errlen, "unknown protocol, found '%s', expected tcp or udp",
			 blp_quote(q, sizeof(q), proto));
		return -EINVAL;
	}
	if (!ports) {
		snprintf(err, errlen,
			 "missing port after '%s', expected a number 1-65535, a range like "
			 "8000-8100 or any",
			 proto);
		return -EINVAL;
	}
	/* A listen on a socket never bound is on port 0: only `any` holds it. */
	if (!strcmp(ports, "any")) {
		out->lo = 0;
		out->hi = 65535;
		return 0;
	}
	return blp_parse_ports(ports, &out->lo, &out->hi, err, errlen);
}

static bool overlap(const struct blp_listen *a, const struct blp_listen *b)
{
	return a->proto == b->proto && a->lo <= b->hi && b->lo <= a->hi;
}

/* Two rules of one profile that overlap and disagree. */
static void check_conflicts(struct blp_compile *c, size_t level)
{
	const struct blp_src *s = c->chain[level];

	for (size_t i = 1; i < s->n_rules; i++) {
		const struct blp_rule *b = &s->rules[i];

		if (b->kind != BLP_RULE_LISTEN)
			continue;
		for (size_t j = 0; j < i; j++) {
			const struct blp_rule *a = &s->rules[j];

			if (a->kind != BLP_RULE_LISTEN || a->action == b->action ||
			    !overlap(&a->u.listen, &b->u.listen))
				continue;
			blp_error(&c->errs[level], b->line,
				  "conflicting rules for %s listen ports, found '%s' and '%s' at "
				  "line %u, expected one of them (or port ranges that do not "
				  "overlap)",
				  proto_name(b->u.listen.proto), b->text, a->text, a->line);
			break;
		}
	}
}

/* Appends rule @g unless an earlier range covers it; reports the first range past the limit. */
static void append(struct blp_compile *c, size_t g, size_t level, size_t *wanted)
{
	struct bl_profile *prof = &c->p->prof;
	const struct blp_rule *r = blp_rule_at(c, g, NULL);
	const struct blp_listen *l = &r->u.listen;
	struct bl_listen_range *x;

	for (__u32 i = 0; i < prof->n_listen; i++)
		if (prof->listen[i].proto == l->proto && prof->listen[i].lo <= l->lo &&
		    l->hi <= prof->listen[i].hi)
			return;
	/* Named where the first range that does not fit is: a parent's, when the child's own
	 * ranges (checked first) take the room; the message names the profile compiled. */
	if (++*wanted == BL_LISTEN_RANGES + 1)
		blp_error(&c->errs[level], r->line,
			  "too many listen port ranges for profile %s, found '%s' past %d with "
			  "those of the profiles it extends, expected at most %d (merge ranges, "
			  "or use any)",
			  c->p->name, r->text, BL_LISTEN_RANGES, BL_LISTEN_RANGES);
	if (prof->n_listen == BL_LISTEN_RANGES)
		return;
	x = &prof->listen[prof->n_listen++];
	x->lo = l->lo;
	x->hi = l->hi;
	x->proto = l->proto;
	x->action = r->action;
	x->rule_id = (__u32)(g + 1);
	c->used[g] = true;
}

int blp_compile_listen(struct blp_compile *c)
{
	struct bl_profile *prof = &c->p->prof;
	size_t wanted = 0;
	bool allowlist = false;

	for (size_t level = c->n; level-- > 0;) {
		const struct blp_src *s = c->chain[level];

		check_conflicts(c, level);
		for (size_t i = 0; i < s->n_rules; i++) {
			const struct blp_rule *r = &s->rules[i];
			size_t g = c->base[level] + i;

			if (r->kind != BLP_RULE_LISTEN)
				continue;
			append(c, g, level, &wanted);
			if (r->action == BL_ACT_ALLOW && !allowlist) {
				allowlist = true;
				prof->flags |= BL_PF(BL_PF_LISTEN_ALLOWLIST);
				prof->flag_rule[BL_PF_LISTEN_ALLOWLIST] = (__u32)(g + 1);
				c->used[g] = true;
			}
		}
	}
	return 0;
}
