// SPDX-License-Identifier: GPL-2.0
/*
 * Parsing one profile file: inih splits it into sections and keys, the table below says what
 * each key means, and every value becomes a struct blp_rule with its line. Nothing is compiled
 * here; a file with errors still yields its source so that every error is reported at once.
 */
#define _GNU_SOURCE /* asprintf */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <ini.h>
#include <netinet/in.h>
#include "internal.h"
#include "names.h"

struct pctx;
struct key;

typedef void item_fn(struct pctx *c, const struct key *k, size_t n, const char *item);

enum shape {
	ONE, /* a single word */
	LIST, /* words separated by whitespace, continued on indented lines */
	DESTS, /* destinations separated by commas (and lines) */
	TEXT, /* free text, continued on indented lines */
};

struct key {
	const char *section;
	const char *name;
	enum shape shape;
	item_fn *item;
	__u32 arg; /* path accesses, or a flag */
	__u8 action;
	const char *expect; /* what a value looks like, for messages */
};

/* One key as it appears in the file: duplicates and empty values are found from these. */
struct occurrence {
	const struct key *k;
	unsigned int line;
	size_t n_items;
	bool too_many; /* reported: a single-valued key with several values */
};

struct pctx {
	struct blp_src *s;
	struct blp_errs errs;
	struct blp_reader r;
	struct occurrence *occ;
	size_t n_occ, cap_occ;
	long cur; /* index in occ of the key being continued, -1 for none */
	size_t n_items;
	bool oom;
	bool name_from_file;
};

#define ERR(c, ...) blp_error(&(c)->errs, (c)->r.line, __VA_ARGS__)

static struct blp_rule *add_rule(struct pctx *c, enum blp_rule_kind kind, __u8 action,
				 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static struct blp_rule *add_rule(struct pctx *c, enum blp_rule_kind kind, __u8 action,
				 const char *fmt, ...)
{
	struct blp_src *s = c->s;
	struct blp_rule *r;
	char *text = NULL;
	va_list ap;
	int n;

	if (blp_grow((void **)&s->rules, &s->cap_rules, s->n_rules, sizeof(*s->rules)))
		goto oom;
	va_start(ap, fmt);
	n = vasprintf(&text, fmt, ap);
	va_end(ap);
	if (n < 0)
		goto oom;
	r = &s->rules[s->n_rules++];
	memset(r, 0, sizeof(*r));
	r->kind = kind;
	r->line = c->r.line;
	r->action = action;
	r->text = text;
	return r;
oom:
	c->oom = true;
	return NULL;
}

static void item_name(struct pctx *c, const struct key *k, size_t n, const char *item)
{
	char err[256], q[80];

	(void)k;
	(void)n;
	if (blp_parse_name(item, err, sizeof(err))) {
		ERR(c, "%s", err);
		return;
	}
	/* Profiles are found by file name (extends, the search directory): the two must agree. */
	if (c->name_from_file && strcmp(item, c->s->name)) {
		ERR(c,
		    "name does not match the file name, found '%s', expected '%s' (or rename the "
		    "file to %s.ini)",
		    blp_quote(q, sizeof(q), item), c->s->name, item);
		return;
	}
	snprintf(c->s->name, sizeof(c->s->name), "%s", item);
	c->s->name_line = c->r.line;
}

static void item_mode(struct pctx *c, const struct key *k, size_t n, const char *item)
{
	char q[80];

	(void)k;
	(void)n;
	c->s->mode = bl_mode_by_name(item);
	if (!c->s->mode)
		ERR(c, "bad mode, found '%s', expected audit, enforce or learn",
		    blp_quote(q, sizeof(q), item));
}

/* Stored as the value + 1, so that 0 says the file did not set it (the chain decides). */
static void item_response(struct pctx *c, const struct key *k, size_t n, const char *item)
{
	static const char *const names[] = { "report", "freeze", "kill" };
	char q[80];

	(void)k;
	(void)n;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strcmp(item, names[i])) {
			c->s->response = (__u8)(i + 1);
			return;
		}
	}
	ERR(c, "bad response, found '%s', expected report, freeze or kill",
	    blp_quote(q, sizeof(q), item));
}

static void item_response_in_audit(struct pctx *c, const struct key *k, size_t n, const char *item)
{
	char q[80];

	(void)k;
	(void)n;
	if (!strcmp(item, "yes"))
		c->s->response_in_audit = 2;
	else if (!strcmp(item, "no"))
		c->s->response_in_audit = 1;
	else
		ERR(c, "bad response-in-audit, found '%s', expected yes or no",
		    blp_quote(q, sizeof(q), item));
}

static void item_extends(struct pctx *c, const struct key *k, size_t n, const char *item)
{
	char err[256];

	(void)k;
	(void)n;
	if (blp_parse_name(item, err, sizeof(err))) {
		ERR(c, "%s", err);
		return;
	}
	snprintf(c->s->extends, sizeof(c->s->extends), "%s", item);
	c->s->extends_line = c->r.line;
}

static void item_description(struct pctx *c, const struct key *k, size_t n, const char *item)
{
	struct blp_src *s = c->s;
	size_t old = s->description ? strlen(s->description) : 0;
	char *d;

	(void)k;
	(void)n;
	if (old + 1 + strlen(item) > BLP_MAX_DESCRIPTION) {
		if (old <= BLP_MAX_DESCRIPTION)
			ERR(c, "description longer than %d bytes, expected a shorter text",
			    BLP_MAX_DESCRIPTION);
		return;
	}
	d = realloc(s->description, old + 1 + strlen(item) + 1);
	if (!d) {
		c->oom = true;
		return;
	}
	/* Continuation lines join with one space, as the text flows. */
	if (old)
		d[old++] = ' ';
	strcpy(d + old, item);
	s->description = d;
}

static void item_image(struct pctx *c, const struct key *k, size_t n, const char *item)
{
	struct blp_src *s = c->s;
	char err[256], *dup, **v;

	(void)k;
	(void)n;
	if (blp_parse_image(item, err, sizeof(err))) {
		ERR(c, "%s", err);
		return;
	}
	if (s->n_images == BLP_MAX_IMAGES) {
		ERR(c, "too many image patterns, expected at most %d", BLP_MAX_IMAGES);
		return;
	}
	dup = strdup(item);
	v = dup ? realloc(s->images, (s->n_images + 1) * sizeof(*v)) : NULL;
	if (!v) {
		free(dup);
		c->oom = true;
		return;
	}
	v[s->n_images++] = dup;
	s->images = v;
}

static void item_path(struct pctx *c, const struct key *k, size_t n, const char *item)
{
	struct blp_rule *r;
	char err[512];
	struct blp_path p;

	/* A non-empty exec allow list turns allow-list mode on; its rule denies the rest. */
	if (k->arg == BLP_ACC(BLP_EXEC) && k->action == BL_ACT_ALLOW && n == 1) {
		r = add_rule(c, BLP_RULE_FLAG, BL_ACT_DENY, "exec: not in the allow list");
		if (r)
			r->u.flag = BL_PF_EXEC_ALLOWLIST;
	}
	if (blp_parse_path(item, &p, err, sizeof(err))) {
		ERR(c, "%s", err);
		return;
	}
	r = add_rule(c, BLP_RULE_PATH, k->action, "%s: %s %s", k->section, k->name, item);
	if (r) {
		r->u.path.p = p;
		r->u.path.access = k->arg;
	}
}

static void item_device(struct pctx *c, const struct key *k, size_t n, const char *item)
{
	struct blp_rule *r;
	struct blp_path p;
	char err[256];

	(void)n;
	if (blp_parse_device(item, &p, err, sizeof(err))) {
		ERR(c, "%s", err);
		return;
	}
	r = add_rule(c, BLP_RULE_PATH, k->action, "%s: %s %s", k->section, k->name, item);
	if (r) {
		r->u.path.p = p;
		r->u.path.access = k->arg;
	}
}

static void item_dest(struct pctx *c, const struct key *k, size_t n, const char *item)
{
	struct blp_rule *r;
	struct blp_dest d;
	char err[256];

	(void)n;
	if (blp_parse_dest(item, &d, err, sizeof(err))) {
		ERR(c, "%s", err);
		return;
	}
	r = add_rule(c, BLP_RULE_NET, k->action, "%s: %s %s", k->section, k->name, item);
	if (r)
		r->u.net = d;
}

/* "tcp 8080", or several "PROTO PORTS" pairs in one item: "tcp 80 tcp 443 udp 53". */
static void item_listen(struct pctx *c, const struct key *k, size_t n, const char *item)
{
	char buf[BLP_MAX_LINE + 1], *save = NULL, *proto, *ports, err[256];
	struct blp_listen l;
	struct blp_rule *r;

	(void)n;
	snprintf(buf, sizeof(buf), "%s", item);
	for (proto = strtok_r(buf, " \t\r", &save); proto; proto = strtok_r(NULL, " \t\r", &save)) {
		ports = strtok_r(NULL, " \t\r", &save);
		if (blp_parse_listen(proto, ports, &l, err, sizeof(err))) {
			ERR(c, "%s", err);
			return;
		}
		r = add_rule(c, BLP_RULE_LISTEN, k->action, "%s: %s %s %s", k->section, k->name,
			     proto, ports);
		if (r)
			r->u.listen = l;
	}
}

static void item_fstype(struct pctx *c, const struct key *k, size_t n, const char *item)
{
	struct blp_rule *r;
	char err[256];

	if (n == 1) {
		r = add_rule(c, BLP_RULE_FLAG, BL_ACT_DENY, "mount: fstype not in allow-fstypes");
		if (r)
			r->u.flag = BL_PF_MOUNT_FSTYPE_ALLOWLIST;
	}
	if (blp_parse_fstype(item, err, sizeof(err))) {
		ERR(c, "%s", err);
		return;
	}
	r = add_rule(c, BLP_RULE_FSTYPE, BL_ACT_ALLOW, "%s: %s %s", k->section, k->name, item);
	if (r)
		snprintf(r->u.fstype, sizeof(r->u.fstype), "%s", item);
}

static void item_mount_deny(struct pctx *c, const struct key *k, size_t n, const char *item)
{
	struct blp_rule *r;
	__u8 action;
	char q[80];

	(void)n;
	if (!strcmp(item, "all")) {
		action = BL_ACT_DENY;
	} else if (!strcmp(item, "none")) {
		action = BL_ACT_ALLOW; /* clears a parent's deny = all */
	} else {
		ERR(c, "bad value for deny in [mount], found '%s', expected all or none",
		    blp_quote(q, sizeof(q), item));
		return;
	}
	r = add_rule(c, BLP_RULE_FLAG, action, "mount: %s = %s", k->name, item);
	if (r)
		r->u.flag = BL_PF_DENY_MOUNT;
}

static void item_switch(struct pctx *c, const struct key *k, size_t n, const char *item)
{
	struct blp_rule *r;
	__u8 action;
	char q[80];

	(void)n;
	if (!strcmp(item, "deny")) {
		action = BL_ACT_DENY;
	} else if (!strcmp(item, "allow")) {
		action = BL_ACT_ALLOW;
	} else {
		ERR(c, "bad value for %s in [%s], found '%s', expected deny or allow", k->name,
		    k->section, blp_quote(q, sizeof(q), item));
		return;
	}
	r = add_rule(c, BLP_RULE_FLAG, action, "%s: %s = %s", k->section, k->name, item);
	if (r)
		r->u.flag = k->arg;
}

static void item_cap(struct pctx *c, const struct key *k, size_t n, const char *item)
{
	struct blp_rule *r;
	unsigned int cap;
	char err[256];

	(void)n;
	if (blp_cap_parse(item, &cap, err, sizeof(err))) {
		ERR(c, "%s", err);
		return;
	}
	r = add_rule(c, BLP_RULE_CAP, k->action, "%s: %s %s", k->section, k->name, item);
	if (r)
		r->u.cap = cap;
}

static void item_syscall(struct pctx *c, const struct key *k, size_t n, const char *item)
{
	struct blp_rule *r;
	char err[256];
	int nr;

	(void)n;
	if (blp_syscall_parse(item, &nr, err, sizeof(err))) {
		ERR(c, "%s", err);
		return;
	}
	r = add_rule(c, BLP_RULE_SYSCALL, k->action, "%s: %s %s", k->section, k->name, item);
	if (r)
		r->u.syscall = nr;
}

#define R BLP_ACC(BLP_READ)
#define W BLP_ACC(BLP_WRITE)
#define PATHS "absolute paths (a directory ends in '/')"
#define DEVICES "devices like 'block *', 'char 1:*', 'char 1:1', separated by commas"
#define LISTENS "ports like 'tcp 8080', 'udp 53', 'tcp 8000-8100', 'tcp any', separated by commas"
#define SWITCH(key, flag)                                                 \
	{                                                                 \
		"kernel", key, ONE, item_switch, flag, 0, "deny or allow" \
	}

static const struct key keys[] = {
	{ "profile", "name", ONE, item_name, 0, 0, "a profile name" },
	{ "profile", "description", TEXT, item_description, 0, 0, "a text" },
	{ "profile", "images", LIST, item_image, 0, 0, "image patterns like nginx:*" },
	{ "profile", "mode", ONE, item_mode, 0, 0, "audit, enforce or learn" },
	{ "profile", "extends", ONE, item_extends, 0, 0, "a profile name" },
	{ "profile", "response", ONE, item_response, 0, 0, "report, freeze or kill" },
	{ "profile", "response-in-audit", ONE, item_response_in_audit, 0, 0, "yes or no" },
	{ "exec", "allow", LIST, item_path, BLP_ACC(BLP_EXEC), BL_ACT_ALLOW, PATHS },
	{ "exec", "deny", LIST, item_path, BLP_ACC(BLP_EXEC), BL_ACT_DENY, PATHS },
	{ "files", "deny", LIST, item_path, R | W, BL_ACT_DENY, PATHS },
	{ "files", "deny-read", LIST, item_path, R, BL_ACT_DENY, PATHS },
	{ "files", "deny-write", LIST, item_path, W, BL_ACT_DENY, PATHS },
	{ "files", "allow", LIST, item_path, R | W, BL_ACT_ALLOW, PATHS },
	{ "files", "allow-read", LIST, item_path, R, BL_ACT_ALLOW, PATHS },
	{ "files", "allow-write", LIST, item_path, W, BL_ACT_ALLOW, PATHS },
	{ "devices", "deny", DESTS, item_device, R | W, BL_ACT_DENY, DEVICES },
	{ "devices", "allow", DESTS, item_device, R | W, BL_ACT_ALLOW, DEVICES },
	{ "network", "deny", DESTS, item_dest, 0, BL_ACT_DENY,
	  "destinations like 'tcp 0.0.0.0/0 port 2375-2376', separated by commas" },
	{ "network", "allow", DESTS, item_dest, 0, BL_ACT_ALLOW,
	  "destinations like 'tcp 10.0.0.0/8 port 443', separated by commas" },
	{ "network", "deny-unix", LIST, item_path, BLP_ACC(BLP_UNIX_CONNECT), BL_ACT_DENY, PATHS },
	{ "network", "allow-unix", LIST, item_path, BLP_ACC(BLP_UNIX_CONNECT), BL_ACT_ALLOW,
	  PATHS },
	{ "network", "deny-listen", DESTS, item_listen, 0, BL_ACT_DENY, LISTENS },
	{ "network", "allow-listen", DESTS, item_listen, 0, BL_ACT_ALLOW, LISTENS },
	{ "mount", "deny", ONE, item_mount_deny, 0, 0, "all or none" },
	{ "mount", "allow-fstypes", LIST, item_fstype, 0, 0, "filesystem types like tmpfs proc" },
	{ "mount", "deny-bind-sources", LIST, item_path, BLP_ACC(BLP_MOUNT_SRC), BL_ACT_DENY,
	  PATHS },
	{ "mount", "allow-bind-sources", LIST, item_path, BLP_ACC(BLP_MOUNT_SRC), BL_ACT_ALLOW,
	  PATHS },
	{ "capabilities", "deny", LIST, item_cap, 0, BL_ACT_DENY, "capability names" },
	{ "capabilities", "allow", LIST, item_cap, 0, BL_ACT_ALLOW, "capability names" },
	{ "syscalls", "deny", LIST, item_syscall, 0, BL_ACT_DENY, "syscall names" },
	{ "syscalls", "allow", LIST, item_syscall, 0, BL_ACT_ALLOW, "syscall names" },
	SWITCH("modules", BL_PF_DENY_MODULES),
	SWITCH("bpf", BL_PF_DENY_BPF),
	SWITCH("ptrace", BL_PF_DENY_PTRACE),
	SWITCH("userns", BL_PF_DENY_USERNS),
	SWITCH("cgroup-escape", BL_PF_DENY_CGROUP_ESCAPE),
	/* Read-only opens under these roots are recorded in learn mode; no verdict changes. */
	{ "learn", "watch-read", LIST, item_path, BLP_ACC(BLP_LEARN_READ), BL_ACT_ALLOW, PATHS },
};
#undef R
#undef W
#undef PATHS
#undef DEVICES
#undef LISTENS
#undef SWITCH
#define N_KEYS (sizeof(keys) / sizeof(keys[0]))

static const char *const sections[] = {
	"profile", "exec",	   "files",    "devices", "network",
	"mount",   "capabilities", "syscalls", "kernel",  "learn",
};
#define N_SECTIONS (sizeof(sections) / sizeof(sections[0]))

bool blp_section_known(const char *name)
{
	for (size_t i = 0; i < N_SECTIONS; i++)
		if (!strcmp(name, sections[i]))
			return true;
	return false;
}

const char *blp_section_suggest(const char *name)
{
	return blp_suggest(name, sections, N_SECTIONS);
}

static void unknown_key(struct pctx *c, const char *section, const char *name)
{
	const char *names[N_KEYS], *hint;
	char list[256] = "", q[80];
	size_t n = 0, len = 0;

	for (size_t i = 0; i < N_KEYS; i++) {
		if (strcmp(keys[i].section, section))
			continue;
		names[n++] = keys[i].name;
		len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s", len ? ", " : "",
					keys[i].name);
		if (len >= sizeof(list))
			len = sizeof(list) - 1;
	}
	hint = blp_suggest(name, names, n);
	if (hint)
		ERR(c, "unknown key in [%s], found '%s', expected '%s' (a typo?)", section,
		    blp_quote(q, sizeof(q), name), hint);
	else
		ERR(c, "unknown key in [%s], found '%s', expected one of %s", section,
		    blp_quote(q, sizeof(q), name), list);
}

/* inih strips inline comments from a key's line but not from a continuation line. */
static void strip_comment(char *v)
{
	char *end;

	for (end = v; *end; end++)
		if (*end == ';' && (end == v || end[-1] == ' ' || end[-1] == '\t'))
			break;
	while (end > v && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		end--;
	*end = '\0';
}

static void one_item(struct pctx *c, struct occurrence *o, const char *item)
{
	if (c->n_items == BLP_MAX_ITEMS)
		ERR(c, "too many values in one file, expected at most %d", BLP_MAX_ITEMS);
	if (c->n_items++ >= BLP_MAX_ITEMS)
		return;
	o->n_items++;
	o->k->item(c, o->k, o->n_items, item);
}

static void values(struct pctx *c, struct occurrence *o, const char *value)
{
	char buf[BLP_MAX_LINE + 1], *save = NULL, *t, *part, *next, q[80];
	const struct key *k = o->k;

	snprintf(buf, sizeof(buf), "%s", value);
	strip_comment(buf);
	switch (k->shape) {
	case TEXT:
		for (t = buf; *t == ' ' || *t == '\t'; t++)
			;
		if (*t)
			one_item(c, o, t);
		break;
	case DESTS:
		/* Destinations are separated by commas; a line may end with one. */
		for (part = buf; part; part = next) {
			next = strchr(part, ',');
			if (next)
				*next++ = '\0';
			t = part + strspn(part, " \t\r");
			if (*t)
				one_item(c, o, t);
			else if (next) /* a trailing comma is fine, ",," or a leading one is not */
				ERR(c, "empty destination before a comma, expected %s", k->expect);
		}
		break;
	case ONE:
	case LIST:
		for (t = strtok_r(buf, " \t\r", &save); t; t = strtok_r(NULL, " \t\r", &save)) {
			if (k->shape == ONE && o->n_items) {
				if (!o->too_many)
					ERR(c,
					    "'%s' takes one value, found another '%s', expected %s",
					    k->name, blp_quote(q, sizeof(q), t), k->expect);
				o->too_many = true;
				continue;
			}
			one_item(c, o, t);
		}
		break;
	}
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
	struct pctx *c = user;
	const struct key *k = NULL;
	struct occurrence *o;
	char q[80];

	/* No name or value: a section start or a key without '=' in an inih built to report them;
	 * the reader has judged those lines already. */
	if (c->oom || c->r.skip || !name || !value)
		return 1;
	if (c->r.cont) {
		if (c->cur >= 0)
			values(c, &c->occ[c->cur], value);
		return 1;
	}
	c->cur = -1;
	if (!*section) {
		ERR(c, "key outside a section, found '%s', expected a [section] header above it",
		    blp_quote(q, sizeof(q), name));
		return 1;
	}
	if (!blp_section_known(section))
		return 1; /* the reader has reported the section */
	for (size_t i = 0; i < N_KEYS && !k; i++)
		if (!strcmp(keys[i].section, section) && !strcmp(keys[i].name, name))
			k = &keys[i];
	if (!k) {
		unknown_key(c, section, name);
		return 1;
	}
	for (size_t i = 0; i < c->n_occ; i++) {
		if (c->occ[i].k == k) {
			ERR(c,
			    "duplicate key '%s' in [%s], first at line %u, expected one '%s' "
			    "with its values continued on indented lines",
			    name, section, c->occ[i].line, name);
			break;
		}
	}
	if (blp_grow((void **)&c->occ, &c->cap_occ, c->n_occ, sizeof(*c->occ))) {
		c->oom = true;
		return 1;
	}
	o = &c->occ[c->n_occ];
	memset(o, 0, sizeof(*o));
	o->k = k;
	o->line = c->r.line;
	c->cur = (long)c->n_occ++;
	values(c, o, value);
	return 1;
}

static void default_name(struct pctx *c)
{
	const char *base = c->s->base;
	size_t len = strlen(base);
	char stem[BL_NAME_MAX], err[256];

	/* web.ini is profile "web" unless it says otherwise (and then it must agree). */
	if (len <= 4 || strcmp(base + len - 4, ".ini") || len - 4 >= sizeof(stem))
		return;
	memcpy(stem, base, len - 4);
	stem[len - 4] = '\0';
	if (blp_parse_name(stem, err, sizeof(err)))
		return;
	memcpy(c->s->name, stem, sizeof(stem));
	c->name_from_file = true;
}

void blp_src_free(struct blp_src *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n_rules; i++)
		free(s->rules[i].text);
	free(s->rules);
	for (size_t i = 0; i < s->n_images; i++)
		free(s->images[i]);
	free(s->images);
	free(s->description);
	free(s->file);
	free(s);
}

int blp_src_parse(const char *text, size_t len, const char *file, struct blp_src **out,
		  struct bl_diag *diag)
{
	struct pctx c = { .cur = -1 };
	struct blp_src *s;
	int rc;

	*out = NULL;
	s = calloc(1, sizeof(*s));
	if (!s || !(s->file = strdup(file))) {
		free(s);
		return -ENOMEM;
	}
	s->base = blp_basename(s->file);
	c.s = s;
	c.errs = (struct blp_errs){ .diag = diag, .file = s->file };
	c.r = (struct blp_reader){ .p = text, .end = text + len, .errs = &c.errs };
	default_name(&c);

	rc = ini_parse_stream(blp_reader_gets, &c.r, handler, &c);
	if (c.oom || rc == -2) {
		free(c.occ);
		blp_src_free(s);
		return -ENOMEM;
	}
	/* The reader reports every line inih could refuse; this is a safety net. */
	if (rc > 0 && !c.errs.n)
		blp_error(&c.errs, (unsigned int)rc,
			  "syntax error, expected 'key = value' or "
			  "a [section]");
	for (size_t i = 0; i < c.n_occ; i++)
		if (!c.occ[i].n_items)
			blp_error(&c.errs, c.occ[i].line,
				  "empty value for '%s' in [%s], expected %s", c.occ[i].k->name,
				  c.occ[i].k->section, c.occ[i].k->expect);
	if (!s->name[0])
		blp_error(&c.errs, 0,
			  "no profile name, expected 'name = ...' in [profile] or a file name "
			  "NAME.ini with a valid profile name");
	free(c.occ);
	s->n_errors = c.errs.n;
	*out = s;
	return s->n_errors ? -EINVAL : 0;
}

int blp_src_load(const char *path, struct blp_src **out, struct bl_diag *diag)
{
	size_t len;
	char *text;
	int err;

	*out = NULL;
	err = blp_read_file(path, &text, &len);
	if (err) {
		bl_diag_add(diag, path, 0, "cannot read the profile: %s",
			    err == -EFBIG ? "larger than 1 MiB" : strerror(-err));
		return err;
	}
	err = blp_src_parse(text, len, path, out, diag);
	free(text);
	return err;
}
