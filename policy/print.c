// SPDX-License-Identifier: GPL-2.0
/*
 * `boxlock profile show`: a compiled profile as plain text or JSON. Both print exactly what goes
 * into the maps (every path entry with each access's action as resolved, every network entry with
 * its ranges after folding), each decision with the text of the rule behind it.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <jansson.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "names.h"

static const char *action_name(__u8 a)
{
	return a == BL_ACT_DENY ? "deny" : a == BL_ACT_ALLOW ? "allow" : "none";
}

/* A compiled profile's mode is 0 when neither it nor a parent says. */
static const char *mode_name(__u32 m)
{
	return m ? bl_mode_name(m) : "unset";
}

static const char *rule_text(const struct bl_policy *p, __u32 id)
{
	return id && id <= p->n_rules ? p->rule_text[id - 1] : "";
}

static const char *fs_name(__u8 fs)
{
	switch (fs) {
#define BL_X(id, num, magic) \
	case num:            \
		return #id;
		BL_PSEUDO_FS(BL_X)
#undef BL_X
	}
	return "?";
}

/* A path key as text: its bytes, without an exact key's NUL; an object key as "fs PROC:/sys/"
 * or as the device rule names it. */
static void key_path(const struct bl_path_entry *e, char *buf, size_t size, bool *exact)
{
	size_t len = (e->key.prefixlen - 32) / 8;
	const char *k = e->key.path;

	*exact = len && k[len - 1] == '\0';
	if (len > 2 && k[0] == BL_KEY_FS)
		snprintf(buf, size, "fs %s:%.*s", fs_name((__u8)k[1]),
			 (int)(*exact ? len - 3 : len - 2), k + 2);
	else if (len >= 2 && k[0] == BL_KEY_DEV)
		blp_device_text(k, *exact ? len - 1 : len, buf, size);
	else
		snprintf(buf, size, "%.*s", (int)(*exact ? len - 1 : len), k);
}

static const char *proto_name(__u8 proto)
{
	return proto == IPPROTO_TCP ? "tcp" : proto == IPPROTO_UDP ? "udp" : "?";
}

static void net_key(const struct bl_net_entry *e, char *proto, char *cidr, size_t size)
{
	char addr[INET6_ADDRSTRLEN] = "?";

	inet_ntop(e->key.family == 4 ? AF_INET : AF_INET6, e->key.addr, addr, sizeof(addr));
	strcpy(proto, e->key.proto == IPPROTO_TCP ? "tcp" : "udp");
	snprintf(cidr, size, "%s/%u", addr, e->key.prefixlen - 64);
}

static int print_plain(const struct bl_policy *p, FILE *out)
{
	char path[BL_RULE_PATH_MAX + 1], proto[4], cidr[64];
	bool exact;

	fprintf(out, "profile %s (%s)\n", p->name, p->file ? p->file : "?");
	fprintf(out, "\tmode: %s%s\n", mode_name(p->prof.mode), p->mode ? "" : " (not set here)");
	fprintf(out, "\tresponse: %s%s\n", bl_response_name(p->prof.response),
		p->prof.response_flags & BL_RESP_IN_AUDIT ? " (in audit too)" : "");
	if (p->description)
		fprintf(out, "\tdescription: %s\n", p->description);
	if (p->extends)
		fprintf(out, "\textends: %s\n", p->extends);
	if (p->n_images) {
		fprintf(out, "\timages:");
		for (size_t i = 0; i < p->n_images; i++)
			fprintf(out, " %s", p->images[i]);
		fprintf(out, "\n");
	}
	fprintf(out, "\tflags:%s\n", p->prof.flags ? "" : " none");
	for (unsigned int f = 0; f < BL_PF_COUNT; f++)
		if (p->prof.flags & BL_PF(f))
			fprintf(out, "\t\t%-24s [%u] %s\n", bl_flag_name(f), p->prof.flag_rule[f],
				rule_text(p, p->prof.flag_rule[f]));
	fprintf(out, "\tcapabilities denied:%s\n", p->prof.cap_deny ? "" : " none");
	for (unsigned int c = 0; c < BL_CAP_MAX; c++)
		if (p->prof.cap_deny & (1ull << c))
			fprintf(out, "\t\tCAP_%-20s [%u] %s\n", blp_cap_name(c),
				p->prof.cap_rule[c], rule_text(p, p->prof.cap_rule[c]));
	fprintf(out, "\tpaths: %zu entries\n", p->n_paths);
	for (size_t i = 0; i < p->n_paths; i++) {
		const struct bl_path_entry *e = &p->paths[i];
		struct bl_path_rule r = e->rule;

		key_path(e, path, sizeof(path), &exact);
		fprintf(out, "\t\t%s (%s%s)\n", path, exact ? "exact" : "prefix",
			e->watch_only ? ", watch only" : "");
		for (unsigned int a = 0; a < BLP_ACCESS_COUNT; a++) {
			__u8 act = *blp_path_action(&r, a);
			__u32 id = *blp_path_rule_id(&r, a);

			if (act != BL_ACT_NONE)
				fprintf(out, "\t\t\t%-12s %-5s [%u] %s\n", blp_access_names[a],
					action_name(act), id, rule_text(p, id));
		}
	}
	fprintf(out, "\tnetwork: %zu entries\n", p->n_nets);
	for (size_t i = 0; i < p->n_nets; i++) {
		const struct bl_net_entry *e = &p->nets[i];

		net_key(e, proto, cidr, sizeof(cidr));
		fprintf(out, "\t\t%s %s\n", proto, cidr);
		for (__u32 j = 0; j < e->rule.n_ranges && j < BL_NET_PORT_RANGES; j++) {
			const struct bl_port_range *r = &e->rule.ranges[j];

			fprintf(out, "\t\t\tports %5u-%-5u %-5s [%u] %s\n", r->lo, r->hi,
				action_name(r->action), r->rule_id, rule_text(p, r->rule_id));
		}
	}
	fprintf(out, "\tlisten: %u ranges, %s\n", p->prof.n_listen,
		p->prof.flags & BL_PF(BL_PF_LISTEN_ALLOWLIST) ? "no match denies" :
								"no match allows");
	for (__u32 i = 0; i < p->prof.n_listen && i < BL_LISTEN_RANGES; i++) {
		const struct bl_listen_range *r = &p->prof.listen[i];

		fprintf(out, "\t\t%s %5u-%-5u %-5s [%u] %s\n", proto_name(r->proto), r->lo, r->hi,
			action_name(r->action), r->rule_id, rule_text(p, r->rule_id));
	}
	if (p->n_fstypes) {
		fprintf(out, "\tfstypes allowed:\n");
		for (size_t i = 0; i < p->n_fstypes; i++)
			fprintf(out, "\t\t%-24s [%u] %s\n", p->fstypes[i].key.fstype,
				p->fstypes[i].rule.rule_id,
				rule_text(p, p->fstypes[i].rule.rule_id));
	}
	fprintf(out, "\tsyscalls denied:%s", p->n_syscalls ? "" : " none");
	for (size_t i = 0; i < p->n_syscalls; i++) {
		char *name = blp_syscall_name(p->syscalls[i]);

		fprintf(out, " %s", name ? name : "?");
		free(name);
	}
	fprintf(out, "\n\trules: %zu\n", p->n_rules);
	for (size_t i = 0; i < p->n_rules; i++)
		fprintf(out, "\t\t[%zu] %s\n", i + 1, p->rule_text[i]);
	return ferror(out) ? -EIO : 0;
}

/* A JSON string of @s; bytes that are not UTF-8 (a file name can have them) become '?'. */
static json_t *jstr(const char *s)
{
	json_t *j;
	char *copy;
	size_t bad;

	if (blp_utf8_valid(s, strlen(s), NULL))
		return json_string(s);
	copy = strdup(s);
	if (!copy)
		return NULL;
	while (!blp_utf8_valid(copy, strlen(copy), &bad))
		copy[bad] = '?';
	j = json_string(copy);
	free(copy);
	return j;
}

/* Appends to or sets in @parent, and remembers a failure: jansson steals @v either way. */
static void put(json_t *parent, const char *key, json_t *v, bool *ok)
{
	int rc = key ? json_object_set_new(parent, key, v) : json_array_append_new(parent, v);

	if (rc || !v)
		*ok = false;
}

static json_t *decision(const struct bl_policy *p, __u8 action, __u32 id, bool *ok)
{
	json_t *o = json_object();

	put(o, "action", json_string(action_name(action)), ok);
	put(o, "rule_id", json_integer(id), ok);
	put(o, "rule", jstr(rule_text(p, id)), ok);
	return o;
}

static json_t *to_json(const struct bl_policy *p, bool *ok)
{
	json_t *root = json_object(), *a, *o, *x;
	char path[BL_RULE_PATH_MAX + 1], proto[4], cidr[64];
	bool exact;

	if (!root)
		return NULL;
	put(root, "name", jstr(p->name), ok);
	put(root, "file", p->file ? jstr(p->file) : json_null(), ok);
	put(root, "description", p->description ? jstr(p->description) : json_null(), ok);
	put(root, "extends", p->extends ? jstr(p->extends) : json_null(), ok);
	put(root, "mode", json_string(mode_name(p->prof.mode)), ok);
	put(root, "mode_set_here", json_boolean(p->mode != 0), ok);
	put(root, "response", json_string(bl_response_name(p->prof.response)), ok);
	put(root, "response_in_audit", json_boolean(p->prof.response_flags & BL_RESP_IN_AUDIT), ok);
	put(root, "images", a = json_array(), ok);
	for (size_t i = 0; a && i < p->n_images; i++)
		put(a, NULL, jstr(p->images[i]), ok);

	put(root, "flags", a = json_array(), ok);
	for (unsigned int f = 0; a && f < BL_PF_COUNT; f++) {
		if (!(p->prof.flags & BL_PF(f)))
			continue;
		put(a, NULL, o = json_object(), ok);
		if (!o)
			break;
		put(o, "flag", json_string(bl_flag_name(f)), ok);
		put(o, "rule_id", json_integer(p->prof.flag_rule[f]), ok);
		put(o, "rule", jstr(rule_text(p, p->prof.flag_rule[f])), ok);
	}
	put(root, "capabilities_denied", a = json_array(), ok);
	for (unsigned int c = 0; a && c < BL_CAP_MAX; c++) {
		char name[40];

		if (!(p->prof.cap_deny & (1ull << c)))
			continue;
		put(a, NULL, o = json_object(), ok);
		if (!o)
			break;
		snprintf(name, sizeof(name), "CAP_%s", blp_cap_name(c) ? blp_cap_name(c) : "?");
		put(o, "capability", json_string(name), ok);
		put(o, "number", json_integer(c), ok);
		put(o, "rule_id", json_integer(p->prof.cap_rule[c]), ok);
		put(o, "rule", jstr(rule_text(p, p->prof.cap_rule[c])), ok);
	}
	put(root, "paths", a = json_array(), ok);
	for (size_t i = 0; a && i < p->n_paths; i++) {
		struct bl_path_rule r = p->paths[i].rule;

		put(a, NULL, o = json_object(), ok);
		if (!o)
			break;
		key_path(&p->paths[i], path, sizeof(path), &exact);
		put(o, "path", jstr(path), ok);
		put(o, "match", json_string(exact ? "exact" : "prefix"), ok);
		put(o, "prefixlen", json_integer(p->paths[i].key.prefixlen), ok);
		put(o, "watch_only", json_boolean(p->paths[i].watch_only), ok);
		for (unsigned int acc = 0; acc < BLP_ACCESS_COUNT; acc++)
			put(o, blp_access_names[acc],
			    decision(p, *blp_path_action(&r, acc), *blp_path_rule_id(&r, acc), ok),
			    ok);
	}
	put(root, "network", a = json_array(), ok);
	for (size_t i = 0; a && i < p->n_nets; i++) {
		const struct bl_net_entry *e = &p->nets[i];

		put(a, NULL, o = json_object(), ok);
		if (!o)
			break;
		net_key(e, proto, cidr, sizeof(cidr));
		put(o, "proto", json_string(proto), ok);
		put(o, "family", json_integer(e->key.family), ok);
		put(o, "cidr", json_string(cidr), ok);
		put(o, "prefixlen", json_integer(e->key.prefixlen), ok);
		put(o, "ports", x = json_array(), ok);
		for (__u32 j = 0; x && j < e->rule.n_ranges && j < BL_NET_PORT_RANGES; j++) {
			const struct bl_port_range *r = &e->rule.ranges[j];
			json_t *d = decision(p, r->action, r->rule_id, ok);

			put(d, "lo", json_integer(r->lo), ok);
			put(d, "hi", json_integer(r->hi), ok);
			put(x, NULL, d, ok);
		}
	}
	put(root, "listen_allowlist", json_boolean(p->prof.flags & BL_PF(BL_PF_LISTEN_ALLOWLIST)),
	    ok);
	put(root, "listen", a = json_array(), ok);
	for (__u32 i = 0; a && i < p->prof.n_listen && i < BL_LISTEN_RANGES; i++) {
		const struct bl_listen_range *r = &p->prof.listen[i];

		put(a, NULL, o = decision(p, r->action, r->rule_id, ok), ok);
		if (!o)
			break;
		put(o, "proto", json_string(proto_name(r->proto)), ok);
		put(o, "lo", json_integer(r->lo), ok);
		put(o, "hi", json_integer(r->hi), ok);
	}
	put(root, "fstypes_allowed", a = json_array(), ok);
	for (size_t i = 0; a && i < p->n_fstypes; i++) {
		put(a, NULL, o = json_object(), ok);
		if (!o)
			break;
		put(o, "fstype", jstr(p->fstypes[i].key.fstype), ok);
		put(o, "rule_id", json_integer(p->fstypes[i].rule.rule_id), ok);
		put(o, "rule", jstr(rule_text(p, p->fstypes[i].rule.rule_id)), ok);
	}
	put(root, "syscalls_denied", a = json_array(), ok);
	for (size_t i = 0; a && i < p->n_syscalls; i++) {
		char *name = blp_syscall_name(p->syscalls[i]);

		put(a, NULL, o = json_object(), ok);
		if (o) {
			put(o, "name", name ? json_string(name) : json_null(), ok);
			put(o, "number", json_integer(p->syscalls[i]), ok);
		}
		free(name);
	}
	put(root, "rules", a = json_array(), ok);
	for (size_t i = 0; a && i < p->n_rules; i++) {
		put(a, NULL, o = json_object(), ok);
		if (!o)
			break;
		put(o, "id", json_integer((json_int_t)i + 1), ok);
		put(o, "text", jstr(p->rule_text[i]), ok);
	}
	return root;
}

int bl_policy_print(const struct bl_policy *p, FILE *out, bool json, bool pretty)
{
	bool ok = true;
	json_t *root;
	int err = 0;

	if (!json)
		return print_plain(p, out);
	root = to_json(p, &ok);
	if (!root || !ok)
		err = -ENOMEM;
	else if (json_dumpf(root, out, pretty ? JSON_INDENT(2) : JSON_COMPACT) ||
		 fputc('\n', out) == EOF)
		err = -EIO;
	json_decref(root);
	return err;
}
