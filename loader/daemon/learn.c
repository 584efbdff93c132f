// SPDX-License-Identifier: GPL-2.0
/*
 * Switching one running container to its learning child and back (see learn.h). The container
 * is never unbound: its cgroup's binding is replaced in one map update, then every task of it
 * that runs under the old profile is moved to the new one with the cgroup frozen (bl_arm_move),
 * each task's entry changed in one store. What the container starts meanwhile is armed under
 * the binding, the new one.
 */
#define _GNU_SOURCE /* asprintf */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <jansson.h>
#include "arm.h"
#include "bind.h"
#include "cgroup.h"
#include "cli.h"
#include "daemon/daemon.h"
#include "daemon/learn.h"
#include "lock.h"
#include "names.h"
#include "shim/choose.h"
#include "store.h"

/* The container @key names in the daemon's table (BL_STATE_FILE), running in the cgroup named. */
static int find_container(const char *key, struct bl_learning *r)
{
	json_t *list = json_load_file(BL_STATE_FILE, 0, NULL), *c, *hit = NULL;
	size_t i, len = strlen(key), hits = 0;
	__u32 level;
	__u64 id;
	int err;

	json_array_foreach(list, i, c) {
		const char *cid = json_string_value(json_object_get(c, "id"));
		const char *name = json_string_value(json_object_get(c, "name"));

		if (!cid || !name)
			continue;
		if (!strcmp(cid, key) || !strcmp(name, key)) {
			hit = c;
			hits = 1;
			break;
		}
		if (len && !strncmp(cid, key, len)) {
			hit = c;
			hits++;
		}
	}
	if (hits != 1) {
		bl_err("container learn: %s: %s", key,
		       hits ? "several containers' ids start so: give more of it" :
			      "no such container ('boxlock container list' shows the daemon's)");
		json_decref(list);
		return hits ? -EINVAL : -ENOENT;
	}
	memset(r, 0, sizeof(*r));
	snprintf(r->id, sizeof(r->id), "%s", json_string_value(json_object_get(hit, "id")));
	snprintf(r->name, sizeof(r->name), "%s", json_string_value(json_object_get(hit, "name")));
	snprintf(r->image, sizeof(r->image), "%s",
		 json_string_value(json_object_get(hit, "image")) ?: "");
	snprintf(r->cgroup, sizeof(r->cgroup), "%s",
		 json_string_value(json_object_get(hit, "cgroup")) ?: "");
	r->cgroup_id = (__u64)json_integer_value(json_object_get(hit, "cgroup_id"));
	json_decref(list);
	err = bl_cgroup_resolve(r->cgroup, &id, &level);
	if (err || id != r->cgroup_id) {
		bl_err("container learn: %s: its cgroup %s is gone (the container stopped?)",
		       r->name, r->cgroup);
		return -ESRCH;
	}
	return 0;
}

static void profile_dir_of(const char *given, char *buf, size_t len)
{
	json_t *d = given ? NULL : json_load_file(BL_DAEMON_STATE, 0, NULL);
	const char *dir = json_string_value(json_object_get(d, "profiles"));

	snprintf(buf, len, "%s", given ? given : dir ? dir : BL_DEFAULT_PROFILE_DIR);
	json_decref(d);
}

int bl_learn_write_daemon_state(const char *profile_dir)
{
	char abs[PATH_MAX];
	json_t *j;
	int err = 0;

	if (!realpath(profile_dir, abs))
		snprintf(abs, sizeof(abs), "%s", profile_dir);
	mkdir(BL_RUN_DIR, 0755);
	j = json_pack("{s:s,s:i}", "profiles", abs, "pid", (int)getpid());
	if (json_dump_file(j, BL_DAEMON_STATE, 0))
		err = -EIO;
	json_decref(j);
	return err;
}

/* The child's file: it extends the container's profile, learns, and has no rules of its own. */
static int write_child(const struct bl_learning *r, char *path, size_t len)
{
	FILE *f;

	mkdir(BL_RUN_DIR, 0755);
	if (mkdir(BL_LEARN_DIR, 0700) && errno != EEXIST)
		return -errno;
	snprintf(path, len, "%s/%s.ini", BL_LEARN_DIR, r->learn_profile);
	f = fopen(path, "we");
	if (!f)
		return -errno;
	fprintf(f,
		"; Written by 'boxlock container learn %s': the container learns under this\n"
		"; profile until 'boxlock container learn --stop %s'.\n"
		"[profile]\n"
		"description = container %s (image %s) learning under %s\n"
		"extends = %s\n"
		"mode = learn\n",
		r->name, r->name, r->name, r->image, r->profile, r->profile);
	return fclose(f) ? -errno : 0;
}

/*
 * The parent's file compiles to the rules in force under its name: else the child, which copies
 * the parent's rules, would hold what the file says rather than what the container ran under.
 */
static int check_parent(const struct bl_maps *m, const struct bl_policy *p,
			const struct bl_profile *live)
{
	char text[BL_RULE_TEXT_MAX];

	for (size_t i = 0; i <= p->n_rules; i++) {
		bl_store_rule_text(m, live->rules_slot, (__u32)i + 1, text, sizeof(text));
		if (i == p->n_rules ? !text[0] : !strncmp(text, p->rule_text[i], sizeof(text)))
			continue;
		bl_err("container learn: profile %s in force is not what %s says (rule %zu): load "
		       "the file ('boxlock profile load %s') or name the directory it came from "
		       "(--profiles DIR)",
		       p->name, p->file, i + 1, p->file);
		return -ESTALE;
	}
	return 0;
}

/* Compiles the child against its parent's file and stores it alone (other profiles untouched). */
static int load_child(const struct bl_maps *m, const struct bl_learning *r, const char *path,
		      const struct bl_profile *live)
{
	struct bl_policy_set set = {}, one;
	struct bl_diag diag = {};
	struct bl_policy *child, *parent;
	char *parent_file = NULL;
	const char *files[2];
	int err;

	if (asprintf(&parent_file, "%s/%s.ini", r->profile_dir, r->profile) < 0)
		return -ENOMEM;
	files[0] = path;
	files[1] = parent_file;
	err = bl_policy_set_load(files, 2, r->profile_dir, &set, &diag);
	if (err || diag.n) {
		bl_diag_print(&diag, stderr);
		bl_err("container learn: %s: the learning profile does not compile against %s",
		       r->name, parent_file);
		err = err ? err : -EINVAL;
		goto out;
	}
	child = bl_policy_set_find(&set, r->learn_profile);
	parent = bl_policy_set_find(&set, r->profile);
	if (!child || !parent) {
		err = -EINVAL;
		goto out;
	}
	err = check_parent(m, parent, live);
	if (err)
		goto out;
	/* Inherited rules keep the mode the parent has now, in the kernel, whatever its file
	 * says: enforced when it enforces, so an escape tried while learning is still denied. */
	child->prof.mode = BL_MODE_LEARN;
	child->prof.inherited_mode = live->mode == BL_MODE_ENFORCE ? BL_MODE_ENFORCE :
								     BL_MODE_AUDIT;
	one.v = &child;
	one.n = 1;
	err = bl_store_set(m, &one);
out:
	bl_policy_set_free(&set);
	bl_diag_free(&diag);
	free(parent_file);
	return err;
}

/* Binds @r's cgroup to @to and moves its tasks under @from there. Under the lock. */
static int switch_to(const struct bl_maps *m, const struct bl_learning *r, const char *from,
		     const char *to)
{
	__u32 from_id, to_id;
	int n;

	if (bl_store_find(m, from, &from_id) || bl_store_find(m, to, &to_id)) {
		bl_err("container learn: %s: profile %s or %s is not loaded", r->name, from, to);
		return -ENOENT;
	}
	n = bl_bind_cgroup(m, r->cgroup, to, r->bind_flags, NULL, NULL);
	if (n)
		return n;
	n = bl_arm_move(m, r->cgroup, from_id, to_id);
	return n < 0 ? n : 0;
}

static int start_locked(const struct bl_maps *m, const struct bl_learn_start *req,
			struct bl_learning *r)
{
	struct bl_learning *v = NULL, *grown;
	char path[PATH_MAX];
	struct bl_binding b;
	struct bl_profile live;
	struct timespec now;
	size_t n = 0;
	__u32 id;
	int err;

	err = find_container(req->container, r);
	if (err)
		return err;
	err = bl_learning_load(&v, &n);
	if (err)
		goto out;
	if (bl_learning_find(v, n, r->id)) {
		bl_err("container learn: %s learns already ('--stop' ends it)", r->name);
		err = -EEXIST;
		goto out;
	}
	if (bpf_map_lookup_elem(m->bindings, &r->cgroup_id, &b) ||
	    bpf_map_lookup_elem(m->profiles, &b.profile_id, &live)) {
		bl_err("container learn: %s: its cgroup %s is not bound to a loaded profile",
		       r->name, r->cgroup);
		err = -ENOENT;
		goto out;
	}
	bl_store_name(m, b.profile_id, r->profile, sizeof(r->profile));
	if (live.mode == BL_MODE_LEARN) {
		bl_err("container learn: %s: its profile %s learns itself", r->name, r->profile);
		err = -EINVAL;
		goto out;
	}
	snprintf(r->learn_profile, sizeof(r->learn_profile), "%s%.*s", BL_LEARN_PREFIX,
		 (int)(BL_NAME_MAX - 1 - strlen(BL_LEARN_PREFIX)), r->name);
	if (!bl_profile_name_valid(r->learn_profile) || !bl_store_find(m, r->learn_profile, &id)) {
		bl_err("container learn: %s: profile %s %s", r->name, r->learn_profile,
		       bl_profile_name_valid(r->learn_profile) ? "is loaded already" :
								 "is no valid name");
		err = -EEXIST;
		goto out;
	}
	profile_dir_of(req->profile_dir, r->profile_dir, sizeof(r->profile_dir));
	r->bind_flags = b.flags;
	clock_gettime(CLOCK_REALTIME, &now);
	r->started = now.tv_sec;
	r->until = req->duration_s ? now.tv_sec + req->duration_s : 0;
	grown = realloc(v, (n + 1) * sizeof(*v)); /* room for the record, before anything changes */
	if (!grown) {
		err = -ENOMEM;
		goto out;
	}
	v = grown;
	err = write_child(r, path, sizeof(path));
	if (err) {
		bl_err("container learn: %s: %s", path, strerror(-err));
		goto out;
	}
	err = load_child(m, r, path, &live);
	if (err)
		goto out_file;
	err = switch_to(m, r, r->profile, r->learn_profile);
	if (!err) {
		v[n++] = *r;
		err = bl_learning_save(v, n);
		if (!err)
			goto out;
	}
	/* Back to where it was (no record would say where); if even that fails, the cgroup stays
	 * frozen (arm.c) and the child loaded: every task is contained by one or the other. */
	if (!switch_to(m, r, r->learn_profile, r->profile))
		bl_store_remove(m, r->learn_profile);
out_file:
	unlink(path);
out:
	free(v);
	return err;
}

int bl_learn_start(const struct bl_maps *m, const struct bl_learn_start *req,
		   struct bl_learning *rec)
{
	int err = bl_lock();

	if (err)
		return err;
	err = start_locked(m, req, rec);
	bl_unlock();
	return err;
}

/*
 * The generated profile's name: a profile's name is its file's, so -o DIR/NAME.ini names it
 * NAME; on standard output it is named after the image. Never the profile it extends (it would
 * replace its own parent) nor a learning child. Checked before anything changes.
 */
static int gen_name(const struct bl_learning *r, const char *out, char *name, size_t len)
{
	const char *base = strrchr(out, '/') ? strrchr(out, '/') + 1 : out;
	size_t n = strlen(base);

	if (!strcmp(out, "-")) {
		bl_learn_image_name(r->image, r->profile, name, len);
		return 0;
	}
	if (n <= 4 || strcmp(base + n - 4, ".ini") || n - 4 >= len) {
		bl_err("container learn: -o %s: a profile's file is NAME.ini (its name is NAME)",
		       out);
		return -EINVAL;
	}
	snprintf(name, len, "%.*s", (int)(n - 4), base);
	if (!bl_profile_name_valid(name) || !strcmp(name, r->profile) ||
	    !strncmp(name, BL_LEARN_PREFIX, strlen(BL_LEARN_PREFIX))) {
		bl_err("container learn: -o %s: profile %s %s", out, name,
		       !bl_profile_name_valid(name) ? "is no valid name" :
		       !strcmp(name, r->profile)    ? "is the profile it extends" :
						      "is a learning child's name");
		return -EINVAL;
	}
	return 0;
}

/* `boxlock profile generate` from the child's observations, run as a command of its own. */
static int generate(const struct bl_learning *r, const char *out, const char *name)
{
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (!pid) {
		if (!strcmp(out, "-"))
			execl("/proc/self/exe", "boxlock", "--pin-dir", bl_opts.pin_dir, "profile",
			      "generate", r->learn_profile, "--name", name, "--images", r->image,
			      (char *)NULL);
		else
			execl("/proc/self/exe", "boxlock", "--pin-dir", bl_opts.pin_dir, "profile",
			      "generate", r->learn_profile, "--name", name, "--images", r->image,
			      "-o", out, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return -errno;
	if (WIFEXITED(status) && !WEXITSTATUS(status))
		return 0;
	bl_err("container learn: %s: 'boxlock profile generate %s' failed (status %d); the "
	       "observations are kept: '--stop' again",
	       r->name, r->learn_profile, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	return -EIO;
}

/* Back to its profile, the record kept (stopped) until the profile is generated. */
static int rebind_locked(const struct bl_maps *m, const char *key, struct bl_learning *out,
			 const char *file, char *name, size_t name_len)
{
	struct bl_learning *v = NULL, *r;
	struct bl_binding b;
	__u32 child, level;
	size_t n = 0;
	__u64 id;
	int err;

	err = bl_learning_load(&v, &n);
	if (err)
		goto out;
	r = bl_learning_find(v, n, key);
	if (!r) {
		bl_err("container learn: %s is not learning", key);
		err = -ENOENT;
		goto out;
	}
	*out = *r;
	err = gen_name(r, file, name, name_len);
	if (err || r->stopped)
		goto out;
	if (bl_store_find(m, r->learn_profile, &child)) {
		bl_err("container learn: %s: its profile %s is gone (unloaded?)", r->name,
		       r->learn_profile);
		err = -ENOENT;
		goto out;
	}
	if (!bpf_map_lookup_elem(m->bindings, &r->cgroup_id, &b) && b.profile_id == child) {
		if (!bl_cgroup_resolve(r->cgroup, &id, &level) && id == r->cgroup_id)
			err = switch_to(m, r, r->learn_profile, r->profile);
		else /* the container is gone: its binding would keep the child loaded */
			bl_unbind_id(m, r->cgroup_id);
		if (err)
			goto out;
	}
	r->stopped = true;
	*out = *r;
	err = bl_learning_save(v, n);
out:
	free(v);
	return err;
}

static int forget_locked(const struct bl_maps *m, const struct bl_learning *r)
{
	struct bl_learning *v = NULL;
	char path[PATH_MAX];
	size_t n = 0;
	__u32 id;
	int err;

	if (!bl_store_find(m, r->learn_profile, &id)) {
		err = bl_store_remove(m, r->learn_profile);
		if (err)
			return err;
	}
	snprintf(path, sizeof(path), "%s/%s.ini", BL_LEARN_DIR, r->learn_profile);
	unlink(path);
	err = bl_learning_load(&v, &n);
	for (size_t i = 0; !err && i < n; i++) {
		if (strcmp(v[i].id, r->id))
			continue;
		v[i] = v[--n];
		err = bl_learning_save(v, n);
		break;
	}
	free(v);
	return err;
}

int bl_learn_stop(const struct bl_maps *m, const char *key, const char *out)
{
	char name[BL_NAME_MAX];
	struct bl_learning r;
	int err;

	if ((err = bl_lock()))
		return err;
	err = rebind_locked(m, key, &r, out, name, sizeof(name));
	bl_unlock();
	if (err)
		return err;
	/* Outside the lock (the generator is a command of its own), from a child that no task
	 * runs under any more: nothing is recorded while it reads. */
	err = generate(&r, out, name);
	if (err)
		return err;
	if ((err = bl_lock()))
		return err;
	err = forget_locked(m, &r);
	bl_unlock();
	if (!err)
		fprintf(stderr,
			"boxlock: container %s: learned under %s, back under %s; profile %s in %s\n",
			r.name, r.learn_profile, r.profile, name, out);
	return err;
}

void bl_learn_image_name(const char *image, const char *avoid, char *buf, size_t len)
{
	const char *s = strrchr(image, '/') ? strrchr(image, '/') + 1 : image;
	size_t n = strcspn(s, ":@");

	if (len < 16)
		return;
	if (n > len - 13) /* room for "img-" and "-learned" */
		n = len - 13;
	for (size_t i = 0; i < n; i++)
		buf[i] = strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-",
				s[i]) ?
				 s[i] :
				 '-';
	buf[n] = 0;
	/* Never the profile it extends (it would replace its own parent), nor a learning child's
	 * name (the prefix is theirs). */
	if (n >= strlen(BL_LEARN_PREFIX) &&
	    !memcmp(buf, BL_LEARN_PREFIX, strlen(BL_LEARN_PREFIX))) {
		memmove(buf + 4, buf, n + 1);
		memcpy(buf, "img-", 4);
		n += 4;
	}
	if (!n || !strcmp(buf, avoid))
		snprintf(buf + n, len - n, "%slearned", n ? "-" : "");
}

long long bl_learn_parse_duration(const char *s)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end == s || v <= 0)
		return -EINVAL;
	if (!*end || !strcmp(end, "s"))
		return v;
	if (!strcmp(end, "m"))
		return v * 60;
	if (!strcmp(end, "h"))
		return v * 3600;
	return -EINVAL;
}
