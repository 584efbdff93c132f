// SPDX-License-Identifier: GPL-2.0
/*
 * A profile from a learned profile's observations (generate.h says which rules and why). Each
 * kind of observation becomes items (a rule's value with its count, first time and how many
 * names it covers); items are sorted and merged by their text, so the output depends on the set
 * of observations only, never on their order.
 */
#define _GNU_SOURCE /* open_memstream */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "generate.h"
#include "internal.h"

#define CAP_LAST 40 /* CAP_CHECKPOINT_RESTORE: the last capability of 6.1 and 6.12 */
/* A rule's value is written indented by one tab: with it a line must fit BLP_MAX_LINE. */
#define VALUE_MAX (BLP_MAX_LINE - 2)
/* Paths quoted in comments are cut to this, so a comment line always fits too. */
#define COMMENT_PATH_MAX 64

static const char *const temp_roots[] = { "/tmp/", "/var/tmp/", "/dev/shm/" };

const char *bl_gen_kind_name(__u32 kind)
{
	switch (kind) {
#define BL_X(id, num, name) \
	case num:           \
		return name;
		BL_LEARN_KINDS(BL_X)
#undef BL_X
	}
	return "unknown";
}

void bl_gen_details(__u32 kind, __u32 details, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = 0;
#define ADD(bit, name)                                                                         \
	do {                                                                                   \
		if ((details & (bit)) && len < size)                                           \
			len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? "," : "", \
						name);                                         \
	} while (0)
	if (kind == BL_LEARN_EXEC) {
		ADD(BL_LEARNED_EXECUTED, "executed");
		ADD(BL_LEARNED_INTERPRETER, "interpreter");
		ADD(BL_LEARNED_MAPPED, "mapped");
	} else if (kind == BL_LEARN_WRITE) {
		ADD(BL_LEARNED_WRITE_OPEN, "open");
#define BL_X(id, num, name) ADD(1u << (num), name);
		BL_FILE_OPS(BL_X)
#undef BL_X
	}
	ADD(BL_LEARNED_CUT, "cut");
#undef ADD
}

void bl_gen_time(__u64 btime, __u64 ns, char *buf, size_t size)
{
	time_t t = (time_t)(btime + ns / 1000000000ull);
	struct tm tm;

	if (!gmtime_r(&t, &tm) || !strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(buf, size, "?");
}

/* One rule value, or what the rules could not name (a comment). */
struct item {
	char *text;
	__u64 count;
	__u64 first_ns;
	size_t names; /* observations it covers */
};

struct list {
	struct item *v;
	size_t n, cap;
};

struct gen {
	const struct bl_gen_input *in;
	struct bl_gen_obs *obs; /* merged, sorted */
	size_t n;
	int err;
};

static void add(struct gen *g, struct list *l, const char *text, __u64 count, __u64 first_ns)
{
	struct item *it;

	if (g->err)
		return;
	if (blp_grow((void **)&l->v, &l->cap, l->n, sizeof(*l->v))) {
		g->err = -ENOMEM;
		return;
	}
	it = &l->v[l->n];
	it->text = strdup(text);
	if (!it->text) {
		g->err = -ENOMEM;
		return;
	}
	it->count = count;
	it->first_ns = first_ns;
	it->names = 1;
	l->n++;
}

static void add_obs(struct gen *g, struct list *l, const char *text, const struct bl_gen_obs *o)
{
	add(g, l, text, o->val.count, o->val.first_ns);
}

static int item_cmp(const void *a, const void *b)
{
	return strcmp(((const struct item *)a)->text, ((const struct item *)b)->text);
}

/* Sorts @l by text and merges equal texts: the sum, the earliest, the names covered. */
static void settle(struct list *l)
{
	size_t out = 0;

	if (!l->n)
		return;
	qsort(l->v, l->n, sizeof(*l->v), item_cmp);
	for (size_t i = 1; i < l->n; i++) {
		struct item *last = &l->v[out];

		if (!strcmp(last->text, l->v[i].text)) {
			last->count += l->v[i].count;
			if (l->v[i].first_ns < last->first_ns)
				last->first_ns = l->v[i].first_ns;
			last->names += l->v[i].names;
			free(l->v[i].text);
		} else {
			l->v[++out] = l->v[i];
		}
	}
	l->n = out + 1;
}

static void list_free(struct list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].text);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static bool has_prefix(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/*
 * Whether @path can be a rule's value as it is: what the parser takes (absolute, no '.', '..',
 * '//', wildcard or ';'), printable (no whitespace or control character, valid UTF-8) and short
 * enough for one line.
 */
static bool nameable(const char *path)
{
	size_t len = strlen(path), bad;
	struct blp_path p;
	char err[256];

	if (!len || len > VALUE_MAX || !blp_utf8_valid(path, len, &bad))
		return false;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)path[i] <= ' ' || path[i] == 0x7f)
			return false;
	return !blp_parse_path(path, &p, err, sizeof(err));
}

/* @path in a comment: printable ASCII only, cut to COMMENT_PATH_MAX with "...". */
static void comment_path(const char *path, char *buf, size_t size)
{
	size_t len = strlen(path), n = 0;

	for (size_t i = 0; i < len && n + 4 < size && i < COMMENT_PATH_MAX; i++)
		buf[n++] = (path[i] > ' ' && path[i] < 0x7f) ? path[i] : '?';
	if (len > COMMENT_PATH_MAX && n + 4 < size) {
		memcpy(buf + n, "...", 3);
		n += 3;
	}
	buf[n] = 0;
}

/* The directory that holds @path, with its '/': "/a/b/" for "/a/b/c"; "/" for "/c". */
static void dir_of(const char *path, char *buf, size_t size)
{
	const char *slash = strrchr(path, '/');
	size_t n = slash ? (size_t)(slash - path) + 1 : 0;

	if (n >= size)
		n = size - 1;
	memcpy(buf, path, n);
	buf[n] = 0;
}

/*
 * The nearest directory above @path that a rule can name, not `/` (which would allow
 * everything): into @buf, or false when there is none.
 */
static bool nameable_dir(const char *path, char *buf, size_t size)
{
	char tmp[BL_LEARN_PATH_MAX + 1];

	snprintf(tmp, sizeof(tmp), "%s", path);
	for (;;) {
		size_t len = strlen(tmp);

		if (len && tmp[len - 1] == '/')
			tmp[len - 1] = 0; /* from "/a/b/" go up to "/a/" */
		dir_of(tmp, buf, size);
		if (strlen(buf) <= 1)
			return false;
		if (nameable(buf))
			return true;
		snprintf(tmp, sizeof(tmp), "%s", buf);
	}
}

static bool cut(const struct bl_gen_obs *o)
{
	return o->val.details & BL_LEARNED_CUT;
}

static const char *path_of(const struct bl_gen_obs *o)
{
	return o->key.path; /* NUL-padded in a key that is one byte longer than any path */
}

/* ---- merging ---- */

static int obs_cmp(const void *a, const void *b)
{
	return memcmp(&((const struct bl_gen_obs *)a)->key, &((const struct bl_gen_obs *)b)->key,
		      sizeof(struct bl_learn_key));
}

/* The observations of every container, one per object: counts summed, times widened. */
static int merge(struct gen *g)
{
	const struct bl_gen_input *in = g->in;
	size_t out = 0;

	g->obs = calloc(in->n_obs + 1, sizeof(*g->obs));
	if (!g->obs)
		return -ENOMEM;
	for (size_t i = 0; i < in->n_obs; i++) {
		g->obs[i] = in->obs[i];
		g->obs[i].key.bound_cgroup_id = 0;
		g->obs[i].key.path[BL_LEARN_PATH_MAX - 1] = 0;
	}
	if (!in->n_obs)
		return 0;
	qsort(g->obs, in->n_obs, sizeof(*g->obs), obs_cmp);
	for (size_t i = 1; i < in->n_obs; i++) {
		struct bl_gen_obs *last = &g->obs[out], *o = &g->obs[i];

		if (!obs_cmp(last, o)) {
			last->val.count += o->val.count;
			if (o->val.first_ns < last->val.first_ns)
				last->val.first_ns = o->val.first_ns;
			if (o->val.last_ns > last->val.last_ns)
				last->val.last_ns = o->val.last_ns;
			last->val.details |= o->val.details;
		} else {
			g->obs[++out] = *o;
		}
	}
	g->n = out + 1;
	return 0;
}

/* ---- output ---- */

static void when(const struct gen *g, __u64 ns, char *buf, size_t size)
{
	bl_gen_time(g->in->btime, ns, buf, size);
}

static void comment(const struct gen *g, FILE *f, const struct item *it)
{
	char t[32];

	when(g, it->first_ns, t, sizeof(t));
	fprintf(f, "\t; %llu time%s, first %s", (unsigned long long)it->count,
		it->count == 1 ? "" : "s", t);
	if (it->names > 1)
		fprintf(f, ", %zu names", it->names);
	fputc('\n', f);
}

/* `key =` and one value a line, each after its comment; @commas for lists of destinations. */
static void print_list(const struct gen *g, FILE *f, const char *key, const struct list *l,
		       bool commas)
{
	if (!l->n)
		return;
	fprintf(f, "%s =\n", key);
	for (size_t i = 0; i < l->n; i++) {
		comment(g, f, &l->v[i]);
		fprintf(f, "\t%s%s\n", l->v[i].text, commas && i + 1 < l->n ? "," : "");
	}
}

/* Observations no rule can name: comment lines, one each. */
static void print_notes(const struct gen *g, FILE *f, const struct list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		char t[32];

		when(g, l->v[i].first_ns, t, sizeof(t));
		fprintf(f, "; %s (%llu time%s, first %s)\n", l->v[i].text,
			(unsigned long long)l->v[i].count, l->v[i].count == 1 ? "" : "s", t);
	}
}

/* ---- [exec] ---- */

/* Whether the workload wrote anything at or below directory @dir. */
static bool written_below(const struct gen *g, const char *dir)
{
	size_t len = strlen(dir);

	for (size_t i = 0; i < g->n; i++) {
		const struct bl_gen_obs *o = &g->obs[i];

		/* below it, or the directory itself (made, renamed, changed) */
		if (o->key.kind == BL_LEARN_WRITE &&
		    (!strncmp(path_of(o), dir, len) ||
		     (strlen(path_of(o)) == len - 1 && !strncmp(path_of(o), dir, len - 1))))
			return true;
	}
	return false;
}

/* How many observations of @kind name a nameable file directly in @dir. */
static size_t names_in(const struct gen *g, __u8 kind, const char *dir)
{
	char d[BL_LEARN_PATH_MAX + 1];
	size_t n = 0;

	for (size_t i = 0; i < g->n; i++) {
		const struct bl_gen_obs *o = &g->obs[i];

		if (o->key.kind != kind || cut(o) || !nameable(path_of(o)))
			continue;
		dir_of(path_of(o), d, sizeof(d));
		n += !strcmp(d, dir);
	}
	return n;
}

static void gen_exec(struct gen *g, FILE *f)
{
	struct list allow = {}, notes = {};
	char dir[BL_LEARN_PATH_MAX + 1], note[256], q[COMMENT_PATH_MAX + 8];

	for (size_t i = 0; i < g->n; i++) {
		const struct bl_gen_obs *o = &g->obs[i];
		const char *p = path_of(o);

		if (o->key.kind != BL_LEARN_EXEC)
			continue;
		if (cut(o) || !nameable(p)) {
			comment_path(p, q, sizeof(q));
			snprintf(note, sizeof(note), "exec of %s%s: no rule can name it", q,
				 cut(o) ? " (cut by the kernel)" : "");
			add_obs(g, &notes, note, o);
			continue;
		}
		dir_of(p, dir, sizeof(dir));
		if (strcmp(dir, "/") && nameable(dir) &&
		    names_in(g, BL_LEARN_EXEC, dir) > BL_GEN_EXEC_DIR_MAX && !written_below(g, dir))
			add_obs(g, &allow, dir, o);
		else
			add_obs(g, &allow, p, o);
	}
	settle(&allow);
	settle(&notes);
	fprintf(f, "\n[exec]\n");
	print_notes(g, f, &notes);
	if (allow.n) {
		fprintf(f, "; Everything executed or mapped executable; nothing else runs.\n");
		print_list(g, f, "allow", &allow, false);
	} else {
		fprintf(f, "; Nothing was executed while learning: nothing may be.\ndeny = /\n");
	}
	list_free(&allow);
	list_free(&notes);
}

/* ---- [files] ---- */

/* The shortest directory strictly below /run/ that holds @path and that the workload made. */
static bool run_dir_made(const struct gen *g, const char *path, char *buf, size_t size)
{
	const char *p;

	if (!has_prefix(path, "/run/"))
		return false;
	for (p = strchr(path + 5, '/'); p || path[5]; p = p ? strchr(p + 1, '/') : NULL) {
		size_t len = p ? (size_t)(p - path) : strlen(path);

		for (size_t i = 0; i < g->n; i++) {
			const struct bl_gen_obs *o = &g->obs[i];

			if (o->key.kind == BL_LEARN_WRITE && !cut(o) &&
			    (o->val.details & (1u << BL_OP_MKDIR)) && strlen(path_of(o)) == len &&
			    !strncmp(path_of(o), path, len) && len + 2 <= size) {
				memcpy(buf, path, len);
				buf[len] = '/';
				buf[len + 1] = 0;
				return nameable(buf);
			}
		}
		if (!p)
			break;
	}
	return false;
}

/* A process's own file, "/proc/1234/...": named again by each new process's number. */
static bool proc_pid(const char *path)
{
	const char *p = path + 6;

	if (!has_prefix(path, "/proc/") || *p < '0' || *p > '9')
		return false;
	while (*p >= '0' && *p <= '9')
		p++;
	return !*p || *p == '/';
}

/* Where a write of @o is allowed, by the rules of generate.h: into @buf, or false when no rule
 * can allow it. */
static bool write_target(const struct gen *g, const struct bl_gen_obs *o, char *buf, size_t size)
{
	const char *p = path_of(o);
	char dir[BL_LEARN_PATH_MAX + 1];

	for (size_t i = 0; i < sizeof(temp_roots) / sizeof(temp_roots[0]); i++) {
		if (has_prefix(p, temp_roots[i])) {
			snprintf(buf, size, "%s", temp_roots[i]);
			return true;
		}
	}
	if (run_dir_made(g, p, buf, size))
		return true;
	if (proc_pid(p)) {
		snprintf(buf, size, "/proc/");
		return true;
	}
	if (cut(o) || !nameable(p))
		return nameable_dir(p, buf, size);
	if (has_prefix(p, "/dev/")) {
		snprintf(buf, size, "%s", p); /* a device node: exactly that one */
		return true;
	}
	dir_of(p, dir, sizeof(dir));
	if (strcmp(dir, "/") && nameable(dir) &&
	    names_in(g, BL_LEARN_WRITE, dir) > BL_GEN_WRITE_DIR_MAX) {
		snprintf(buf, size, "%s", dir);
		return true;
	}
	snprintf(buf, size, "%s", p);
	return true;
}

/* The watched root that holds @path, or NULL. */
static const char *watched_root(const struct gen *g, const char *path)
{
	const char *best = NULL;

	for (size_t i = 0; i < g->in->n_watched; i++) {
		const char *r = g->in->watched[i];
		size_t len = strlen(r);
		bool in = r[len - 1] == '/' ? !strncmp(path, r, len) : !strcmp(path, r);

		if (in && (!best || strlen(best) < len))
			best = r;
	}
	return best;
}

static void gen_reads(struct gen *g, struct list *deny, struct list *allow, struct list *notes)
{
	char dir[BL_LEARN_PATH_MAX + 1], note[256], q[COMMENT_PATH_MAX + 8];

	for (size_t i = 0; i < g->n; i++) {
		const struct bl_gen_obs *o = &g->obs[i];
		const char *p = path_of(o), *root;

		if (o->key.kind != BL_LEARN_READ)
			continue;
		root = watched_root(g, p);
		if (!root)
			continue; /* not watched (any more): reads there are not judged */
		if (cut(o) || !nameable(p)) {
			comment_path(p, q, sizeof(q));
			snprintf(note, sizeof(note), "read of %s: no rule can name it", q);
			add_obs(g, notes, note, o);
			continue;
		}
		dir_of(p, dir, sizeof(dir));
		/* Never the root itself: its deny-read and an allow-read of it would conflict. */
		if (root[strlen(root) - 1] == '/' && strlen(dir) > strlen(root) && nameable(dir) &&
		    names_in(g, BL_LEARN_READ, dir) > BL_GEN_WRITE_DIR_MAX)
			add_obs(g, allow, dir, o);
		else if (strcmp(p, root))
			add_obs(g, allow, p, o);
	}
	for (size_t i = 0; i < g->in->n_watched; i++) {
		const char *r = g->in->watched[i];
		bool seen = false;

		if (!nameable(r))
			continue;
		for (size_t k = 0; k < g->n && r[strlen(r) - 1] != '/'; k++)
			seen |= g->obs[k].key.kind == BL_LEARN_READ &&
				!strcmp(path_of(&g->obs[k]), r);
		if (!seen) /* a watched file that was read stays readable: no rule */
			add(g, deny, r, 0, 0);
	}
}

static void gen_files(struct gen *g, FILE *f)
{
	struct list allow = {}, notes = {}, rdeny = {}, rallow = {};
	char target[BL_LEARN_PATH_MAX + 1], note[256], q[COMMENT_PATH_MAX + 8];

	for (size_t i = 0; i < g->n; i++) {
		const struct bl_gen_obs *o = &g->obs[i];
		const char *p = path_of(o);

		if (o->key.kind != BL_LEARN_WRITE)
			continue;
		if (cut(o) || !nameable(p)) {
			comment_path(p, q, sizeof(q));
			snprintf(note, sizeof(note), "write of %s%s: no rule can name it, %s", q,
				 cut(o) ? " (cut by the kernel)" : "",
				 nameable_dir(p, target, sizeof(target)) ?
					 "its directory is allowed" :
					 "not allowed");
			add_obs(g, &notes, note, o);
		}
		if (write_target(g, o, target, sizeof(target)))
			add_obs(g, &allow, target, o);
	}
	gen_reads(g, &rdeny, &rallow, &notes);
	settle(&allow);
	settle(&notes);
	settle(&rdeny);
	settle(&rallow);
	fprintf(f, "\n[files]\n");
	print_notes(g, f, &notes);
	fprintf(f, "; Writes only where the workload wrote.\ndeny-write = /\n");
	print_list(g, f, "allow-write", &allow, false);
	if (rdeny.n) {
		fprintf(f, "; The watched read roots: reads only of what was read there.\n");
		fprintf(f, "deny-read =\n");
		for (size_t i = 0; i < rdeny.n; i++)
			fprintf(f, "\t%s\n", rdeny.v[i].text);
	}
	print_list(g, f, "allow-read", &rallow, false);
	list_free(&allow);
	list_free(&notes);
	list_free(&rdeny);
	list_free(&rallow);
}

/* ---- [network] ---- */

static const char *proto_name(__u8 proto)
{
	return proto == IPPROTO_TCP ? "tcp" : proto == IPPROTO_UDP ? "udp" : NULL;
}

/* "tcp 10.0.0.5/32 port 80", or false for what the language cannot say. */
static bool dest_text(const struct bl_learn_key *k, char *buf, size_t size)
{
	char a[INET6_ADDRSTRLEN];
	const char *proto = proto_name(k->proto);

	if (!proto || !k->port || (k->family != 4 && k->family != 6) ||
	    !inet_ntop(k->family == 4 ? AF_INET : AF_INET6, k->addr, a, sizeof(a)))
		return false;
	snprintf(buf, size, "%s %s/%d port %u", proto, a, k->family == 4 ? 32 : 128, k->port);
	return true;
}

static void gen_network(struct gen *g, FILE *f)
{
	struct list dests = {}, unix_ = {}, listen = {}, notes = {};
	char text[BL_LEARN_PATH_MAX + 64], q[COMMENT_PATH_MAX + 8];

	for (size_t i = 0; i < g->n; i++) {
		const struct bl_gen_obs *o = &g->obs[i];

		switch (o->key.kind) {
		case BL_LEARN_CONNECT:
			if (dest_text(&o->key, text, sizeof(text))) {
				add_obs(g, &dests, text, o);
			} else {
				snprintf(
					text, sizeof(text),
					"connect with protocol %u, family %u, port %u: no rule can "
					"name it",
					o->key.proto, o->key.family, o->key.port);
				add_obs(g, &notes, text, o);
			}
			break;
		case BL_LEARN_UNIX:
			if (!cut(o) && nameable(path_of(o))) {
				add_obs(g, &unix_, path_of(o), o);
			} else {
				comment_path(path_of(o), q, sizeof(q));
				snprintf(text, sizeof(text), "unix socket %s: no rule can name it",
					 q);
				add_obs(g, &notes, text, o);
			}
			break;
		case BL_LEARN_LISTEN:
			if (proto_name(o->key.proto) && o->key.port) {
				snprintf(text, sizeof(text), "%s %u", proto_name(o->key.proto),
					 o->key.port);
				add_obs(g, &listen, text, o);
			} else {
				snprintf(text, sizeof(text),
					 "listen with protocol %u, port %u: no rule can name it",
					 o->key.proto, o->key.port);
				add_obs(g, &notes, text, o);
			}
			break;
		}
	}
	settle(&dests);
	settle(&unix_);
	settle(&listen);
	settle(&notes);
	fprintf(f, "\n[network]\n");
	print_notes(g, f, &notes);
	if (dests.n)
		fprintf(f, "; Connections only to where the workload connected.\n");
	print_list(g, f, "allow", &dests, true);
	fprintf(f, "deny = tcp any, udp any\n");
	print_list(g, f, "allow-unix", &unix_, false);
	fprintf(f, "deny-unix = /\n");
	if (listen.n) {
		fprintf(f, "; Serving only on the ports the workload served on.\n");
		print_list(g, f, "allow-listen", &listen, true);
	} else {
		fprintf(f, "; The workload served on no port while learning: it may not.\n"
			   "deny-listen = tcp any, udp any\n");
	}
	list_free(&dests);
	list_free(&unix_);
	list_free(&listen);
	list_free(&notes);
}

/* ---- [capabilities], mounts ---- */

static void gen_caps(struct gen *g, FILE *f)
{
	const struct bl_gen_obs *used[CAP_LAST + 1] = {};
	bool first = true;
	char t[32];

	for (size_t i = 0; i < g->n; i++)
		if (g->obs[i].key.kind == BL_LEARN_CAP && g->obs[i].key.cap <= CAP_LAST)
			used[g->obs[i].key.cap] = &g->obs[i];
	fprintf(f, "\n[capabilities]\n");
	for (unsigned int c = 0; c <= CAP_LAST; c++) {
		if (!used[c] || !blp_cap_name(c))
			continue;
		when(g, used[c]->val.first_ns, t, sizeof(t));
		fprintf(f, "; used: %s (%llu time%s, first %s)\n", blp_cap_name(c),
			(unsigned long long)used[c]->val.count, used[c]->val.count == 1 ? "" : "s",
			t);
	}
	for (unsigned int c = 0; c <= CAP_LAST; c++) {
		if (used[c] || !blp_cap_name(c))
			continue;
		if (first)
			fprintf(f, "; Never used while learning:\ndeny =\n");
		first = false;
		fprintf(f, "\t%s\n", blp_cap_name(c));
	}
}

static void gen_mounts(struct gen *g, FILE *f)
{
	char t[32], q[COMMENT_PATH_MAX + 8], fstype[sizeof(g->obs->key.fstype) + 1];
	bool any = false;

	for (size_t i = 0; i < g->n; i++) {
		const struct bl_gen_obs *o = &g->obs[i];

		if (o->key.kind != BL_LEARN_MOUNT)
			continue;
		if (!any)
			fprintf(f,
				"\n; Mounts made while learning (mount rules are the parent's):\n");
		any = true;
		when(g, o->val.first_ns, t, sizeof(t));
		comment_path(path_of(o), q, sizeof(q));
		memcpy(fstype, o->key.fstype, sizeof(o->key.fstype));
		fstype[sizeof(o->key.fstype)] = 0;
		comment_path(fstype, fstype, sizeof(fstype));
		fprintf(f, ";   %s %s (%llu time%s, first %s)\n", fstype[0] ? fstype : "?", q,
			(unsigned long long)o->val.count, o->val.count == 1 ? "" : "s", t);
	}
}

/* ---- [profile] ---- */

static int check_input(const struct bl_gen_input *in, char *err, size_t errlen)
{
	char why[256];

	if (blp_parse_name(in->name, why, sizeof(why))) {
		snprintf(err, errlen, "bad profile name: %s", why);
		return -EINVAL;
	}
	if (in->parent && blp_parse_name(in->parent, why, sizeof(why))) {
		snprintf(err, errlen, "bad parent name: %s", why);
		return -EINVAL;
	}
	for (size_t i = 0; i < in->n_images; i++) {
		if (blp_parse_image(in->images[i], why, sizeof(why))) {
			snprintf(err, errlen, "%s", why);
			return -EINVAL;
		}
	}
	return 0;
}

static void gen_profile(struct gen *g, FILE *f)
{
	const struct bl_gen_input *in = g->in;
	__u64 lo = ~0ull, hi = 0;
	char from[32], to[32], q[COMMENT_PATH_MAX + 8];
	size_t len;

	for (size_t i = 0; i < g->n; i++) {
		if (g->obs[i].val.first_ns < lo)
			lo = g->obs[i].val.first_ns;
		if (g->obs[i].val.last_ns > hi)
			hi = g->obs[i].val.last_ns;
	}
	if (!g->n)
		lo = hi = 0;
	when(g, lo, from, sizeof(from));
	when(g, hi, to, sizeof(to));
	fprintf(f, "; Generated by `boxlock profile generate %s` from %zu observation%s.\n",
		in->profile, g->n, g->n == 1 ? "" : "s");
	fprintf(f, "; Read it before you enforce it: it allows what the workload did while it was\n"
		   "; learned, and nothing else. Each rule says how often and since when it was "
		   "seen.\n");
	if (in->learn_full || in->learn_busy)
		fprintf(f,
			"; WARNING: %llu observation%s could not be recorded (learned map full: "
			"%llu, busy: %llu):\n; this profile may be incomplete.\n",
			(unsigned long long)(in->learn_full + in->learn_busy),
			in->learn_full + in->learn_busy == 1 ? "" : "s",
			(unsigned long long)in->learn_full, (unsigned long long)in->learn_busy);
	fprintf(f, "\n[profile]\nname = %s\n", in->name);
	fprintf(f, "description = generated by boxlock from %s's observations, %s to %s\n",
		in->profile, from, to);
	if (in->n_images) {
		fprintf(f, "images =\n");
		for (size_t i = 0; i < in->n_images; i++)
			fprintf(f, "\t%s\n", in->images[i]);
	}
	if (in->parent) {
		fprintf(f, "extends = %s\n", in->parent);
	} else {
		len = strlen(in->profile);
		comment_path(in->profile, q, sizeof(q));
		fprintf(f, "; %s extends no profile: neither does this one.\n",
			len ? q : "the learned profile");
	}
	fprintf(f, "mode = enforce\n");
}

int bl_generate(const struct bl_gen_input *in, char **text, size_t *len, char *err, size_t errlen)
{
	struct gen g = { .in = in };
	FILE *f;
	int rc;

	*text = NULL;
	*len = 0;
	err[0] = 0;
	rc = check_input(in, err, errlen);
	if (rc)
		return rc;
	rc = merge(&g);
	if (rc)
		goto out;
	f = open_memstream(text, len);
	if (!f) {
		rc = -ENOMEM;
		goto out;
	}
	gen_profile(&g, f);
	gen_exec(&g, f);
	gen_files(&g, f);
	gen_network(&g, f);
	gen_caps(&g, f);
	gen_mounts(&g, f);
	rc = g.err;
	if (fclose(f) && !rc)
		rc = -ENOMEM;
	if (rc) {
		free(*text);
		*text = NULL;
		*len = 0;
	}
out:
	free(g.obs);
	return rc;
}
