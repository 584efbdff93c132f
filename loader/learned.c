// SPDX-License-Identifier: GPL-2.0
/* Reading, printing and deleting learn mode's observations (the `learned` map). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "cli.h"
#include "learned.h"
#include "lock.h"
#include "policy.h"

/*
 * A walk of a hash that changes under it (the kernel records while it runs) may restart from
 * the first key when the key it stands on is deleted: at most this many keys are taken, and
 * duplicates are dropped.
 */
#define WALK_MAX (2 * BL_MAX_LEARNED)

static int key_cmp(const void *a, const void *b)
{
	return memcmp(a, b, sizeof(struct bl_learn_key));
}

/* The keys of `learned` of profile @id (every profile: @all), sorted, without duplicates. */
static int collect_keys(int fd, __u32 id, bool all, struct bl_learn_key **out, size_t *n)
{
	struct bl_learn_key *keys = NULL, cur, *prev = NULL;
	size_t cap = 0, len = 0, out_n = 0;

	for (size_t steps = 0; steps < WALK_MAX; steps++) {
		if (bpf_map_get_next_key(fd, prev, &cur)) {
			if (errno == ENOENT)
				break;
			free(keys);
			return -errno;
		}
		if (all || cur.profile_id == id) {
			if (len == cap) {
				size_t ncap = cap ? 2 * cap : 256;
				void *v = realloc(keys, ncap * sizeof(*keys));

				if (!v) {
					free(keys);
					return -ENOMEM;
				}
				keys = v;
				cap = ncap;
			}
			keys[len++] = cur;
		}
		prev = &cur;
	}
	if (len)
		qsort(keys, len, sizeof(*keys), key_cmp);
	for (size_t i = 0; i < len; i++)
		if (!out_n || key_cmp(&keys[out_n - 1], &keys[i]))
			keys[out_n++] = keys[i];
	*out = keys;
	*n = out_n;
	return 0;
}

int bl_learned_read(const struct bl_maps *m, __u32 id, struct bl_gen_obs **out, size_t *n)
{
	struct bl_learn_key *keys;
	struct bl_gen_obs *obs;
	size_t nkeys, got = 0;
	int err;

	*out = NULL;
	*n = 0;
	err = collect_keys(m->learned, id, false, &keys, &nkeys);
	if (err)
		return err;
	obs = calloc(nkeys + 1, sizeof(*obs));
	if (!obs) {
		free(keys);
		return -ENOMEM;
	}
	for (size_t i = 0; i < nkeys; i++) {
		obs[got].key = keys[i];
		/* Deleted since the walk (a forget): gone, not an error. */
		if (!bpf_map_lookup_elem(m->learned, &keys[i], &obs[got].val))
			got++;
	}
	free(keys);
	*out = obs;
	*n = got;
	return 0;
}

int bl_learned_forget(const struct bl_maps *m, __u32 id, size_t *n)
{
	struct bl_learn_key *keys = NULL;
	size_t nkeys = 0, gone = 0;
	int err;

	if (n)
		*n = 0;
	err = bl_lock();
	if (err)
		return err;
	err = collect_keys(m->learned, id, false, &keys, &nkeys);
	for (size_t i = 0; !err && i < nkeys; i++) {
		if (!bpf_map_delete_elem(m->learned, &keys[i]))
			gone++;
		else if (errno != ENOENT)
			err = -errno;
	}
	bl_unlock();
	free(keys);
	if (err)
		bl_err("learned: cannot delete the observations of profile id %u: %s", id,
		       strerror(-err));
	if (n)
		*n = gone;
	return err;
}

int bl_learned_counters(const struct bl_maps *m, __u64 *full, __u64 *busy)
{
	int ncpu = libbpf_num_possible_cpus();
	const __u32 which[2] = { BL_STAT_LEARN_FULL, BL_STAT_LEARN_BUSY };
	__u64 *sums[2] = { full, busy };
	__u64 *vals;

	*full = *busy = 0;
	if (ncpu <= 0)
		return ncpu ? ncpu : -EINVAL;
	vals = calloc((size_t)ncpu, sizeof(*vals));
	if (!vals)
		return -ENOMEM;
	for (int i = 0; i < 2; i++) {
		if (bpf_map_lookup_elem(m->stats, &which[i], vals)) {
			free(vals);
			return -errno;
		}
		for (int c = 0; c < ncpu; c++)
			*sums[i] += vals[c];
	}
	free(vals);
	return 0;
}

/* The best entry for a watched root seen so far, per rule id. */
struct root {
	__u32 rule;
	bool prefix;
	size_t len;
	char path[BL_RULE_PATH_MAX + 1];
};

/* A directory entry ("/etc/") over the exact one ("/etc"), then the shortest. */
static bool better(const struct root *r, bool prefix, size_t len)
{
	return prefix != r->prefix ? prefix : len < r->len;
}

static int root_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int bl_learned_roots(const struct bl_maps *m, __u32 slot, char ***roots, size_t *n)
{
	struct bl_path_key key, *prev = NULL;
	struct root *v = NULL;
	size_t nv = 0, cap = 0;
	struct bl_path_rule r;
	char **out;
	int err = 0;

	*roots = NULL;
	*n = 0;
	while (!bpf_map_get_next_key(m->path_rules, prev, &key)) {
		size_t len = key.prefixlen >= 40 ? (key.prefixlen - 32) / 8 : 0, i;
		bool prefix;

		prev = &key;
		if (key.slot != slot || !len || len > BL_RULE_PATH_MAX || key.path[0] != '/' ||
		    bpf_map_lookup_elem(m->path_rules, &key, &r) || r.learn_read != BL_ACT_ALLOW)
			continue;
		prefix = key.path[len - 1] != 0;
		if (!prefix)
			len--; /* the exact path's NUL */
		for (i = 0; i < nv && v[i].rule != r.learn_read_rule; i++)
			;
		if (i == nv) {
			if (nv == cap) {
				size_t ncap = cap ? 2 * cap : 16;
				void *p = realloc(v, ncap * sizeof(*v));

				if (!p) {
					err = -ENOMEM;
					goto out;
				}
				v = p;
				cap = ncap;
			}
			nv++;
			v[i].rule = r.learn_read_rule;
		} else if (!better(&v[i], prefix, len)) {
			continue;
		}
		v[i].prefix = prefix;
		v[i].len = len;
		memcpy(v[i].path, key.path, len);
		v[i].path[len] = 0;
	}
	out = calloc(nv + 1, sizeof(*out));
	if (!out) {
		err = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < nv; i++) {
		out[i] = strdup(v[i].path);
		if (!out[i]) {
			bl_learned_roots_free(out, i);
			err = -ENOMEM;
			goto out;
		}
	}
	if (nv)
		qsort(out, nv, sizeof(*out), root_cmp);
	*roots = out;
	*n = nv;
out:
	free(v);
	return err;
}

void bl_learned_roots_free(char **roots, size_t n)
{
	for (size_t i = 0; roots && i < n; i++)
		free(roots[i]);
	free(roots);
}

int bl_boot_time(__u64 *btime)
{
	unsigned long long v;
	char line[256];
	int err = -ENOENT;
	FILE *f = fopen("/proc/stat", "re");

	if (!f) {
		err = -errno;
		bl_err("learned: cannot read /proc/stat: %s", strerror(errno));
		return err;
	}
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "btime %llu", &v) == 1) {
			*btime = v;
			err = 0;
			break;
		}
	}
	fclose(f);
	if (err)
		bl_err("learned: no btime in /proc/stat");
	return err;
}

json_t *bl_learned_json(const struct bl_gen_obs *o, __u64 btime)
{
	const struct bl_learn_key *k = &o->key;
	char first[32], last[32], details[256], addr[INET6_ADDRSTRLEN] = "";
	char path[BL_LEARN_PATH_MAX + 1], fstype[sizeof(k->fstype) + 1];
	json_t *j, *s, *names = json_array();

	bl_gen_time(btime, o->val.first_ns, first, sizeof(first));
	bl_gen_time(btime, o->val.last_ns, last, sizeof(last));
	bl_gen_details(k->kind, o->val.details, details, sizeof(details));
	for (char *d = strtok(details, ","); d; d = strtok(NULL, ","))
		json_array_append_new(names, json_string(d));
	j = json_pack("{s:s,s:I,s:s,s:s,s:I,s:o}", "kind", bl_gen_kind_name(k->kind), "count",
		      (json_int_t)o->val.count, "first_seen", first, "last_seen", last, "container",
		      (json_int_t)k->bound_cgroup_id, "details", names);
	if (!j)
		return NULL;
	switch (k->kind) {
	case BL_LEARN_CONNECT:
	case BL_LEARN_LISTEN:
		if (k->family == 4 || k->family == 6)
			inet_ntop(k->family == 4 ? AF_INET : AF_INET6, k->addr, addr, sizeof(addr));
		json_object_set_new(j, "proto",
				    json_string(k->proto == 6  ? "tcp" :
						k->proto == 17 ? "udp" :
								 "other"));
		json_object_set_new(j, "address", json_string(addr));
		json_object_set_new(j, "port", json_integer(k->port));
		break;
	case BL_LEARN_CAP:
		json_object_set_new(j, "capability", json_string(bl_cap_name(k->cap)));
		break;
	default:
		memcpy(path, k->path, sizeof(k->path));
		path[sizeof(k->path)] = 0;
		/* A path is bytes: one that is no UTF-8 goes out with its bad bytes as '?'. */
		s = json_string(path);
		if (!s) {
			for (char *c = path; *c; c++)
				if ((unsigned char)*c >= 0x80)
					*c = '?';
			s = json_string(path);
		}
		json_object_set_new(j, "path", s);
		if (k->kind == BL_LEARN_MOUNT) {
			memcpy(fstype, k->fstype, sizeof(k->fstype));
			fstype[sizeof(k->fstype)] = 0;
			json_object_set_new(j, "fstype", json_stringn(fstype, strlen(fstype)));
		}
		if (k->kind != BL_LEARN_UNIX && k->kind != BL_LEARN_MOUNT) {
			json_object_set_new(j, "dev", json_integer(o->val.dev));
			json_object_set_new(j, "ino", json_integer((json_int_t)o->val.ino));
		}
	}
	return j;
}
