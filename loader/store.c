// SPDX-License-Identifier: GPL-2.0
/* Writing compiled profiles into the maps, one atomic switch per profile. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <bpf/bpf.h>
#include "arm.h"
#include "cli.h"
#include "learned.h"
#include "cap_mask.h"
#include "lock.h"
#include "names.h"
#include "rcu_wait.h"
#include "slot_keys.h"
#include "store.h"

int bl_store_find(const struct bl_maps *m, const char *name, __u32 *id)
{
	struct bl_profile_name n;

	for (__u32 i = 0; i < BL_MAX_PROFILES; i++) {
		if (bpf_map_lookup_elem(m->profile_names, &i, &n))
			return -errno;
		if (!strncmp(n.name, name, sizeof(n.name))) {
			*id = i;
			return 0;
		}
	}
	return -ENOENT;
}

static int alloc_id(const struct bl_maps *m, const char *name, __u32 *id)
{
	struct bl_profile_name n = {};
	int err;

	if (!bl_store_find(m, name, id))
		return 0;
	if (bl_store_find(m, "", id)) {
		bl_err("profile %s: already %d profiles loaded", name, BL_MAX_PROFILES);
		return -ENOSPC;
	}
	/* A free id may still hold observations of the profile it was (removed by an older
	 * boxlock, or a removal that failed half-way): the new profile must not inherit them. */
	err = bl_learned_forget(m, *id, NULL);
	if (err)
		return err;
	snprintf(n.name, sizeof(n.name), "%s", name);
	if (bpf_map_update_elem(m->profile_names, id, &n, BPF_ANY))
		return -errno;
	return 0;
}

void bl_store_name(const struct bl_maps *m, __u32 id, char *buf, size_t len)
{
	struct bl_profile_name n;

	/* A closed map (-1) is a name not found: no syscall to make. */
	if (m->profile_names < 0 || bpf_map_lookup_elem(m->profile_names, &id, &n) || !n.name[0])
		snprintf(buf, len, "?");
	else
		snprintf(buf, len, "%.*s", (int)sizeof(n.name), n.name);
}

/*
 * What user space needs of a loaded profile beyond its maps, kept with its rule set where no
 * rule is: rule_info's rule id 0 ("no rule", never an event's). Dropped with the slot.
 */
#define PARENT_PREFIX "profile: extends "
#define PARENT_NONE "-" /* no profile name starts with '-' */

int bl_store_parent(const struct bl_maps *m, __u32 slot, char *buf, size_t len)
{
	struct bl_rule_key k = { .slot = slot, .rule_id = 0 };
	struct bl_rule_info info;
	const char *name;

	if (bpf_map_lookup_elem(m->rule_info, &k, &info))
		return -ENOENT;
	info.text[sizeof(info.text) - 1] = 0;
	if (strncmp(info.text, PARENT_PREFIX, strlen(PARENT_PREFIX)))
		return -ENOENT;
	name = info.text + strlen(PARENT_PREFIX);
	snprintf(buf, len, "%s", strcmp(name, PARENT_NONE) ? name : "");
	return 0;
}

void bl_store_rule_text(const struct bl_maps *m, __u32 slot, __u32 rule_id, char *buf, size_t len)
{
	struct bl_rule_key k = { .slot = slot, .rule_id = rule_id };
	struct bl_rule_info info;

	buf[0] = 0;
	if (rule_id && m->rule_info >= 0 && !bpf_map_lookup_elem(m->rule_info, &k, &info))
		snprintf(buf, len, "%.*s", (int)sizeof(info.text), info.text);
}

static int next_slot(const struct bl_maps *m, __u32 *slot)
{
	struct bl_settings s;
	__u32 zero = 0;

	if (bpf_map_lookup_elem(m->settings, &zero, &s))
		return -errno;
	if (++s.next_slot == 0)
		s.next_slot = 1; /* slot 0 is never used: it marks "no rules" */
	*slot = s.next_slot;
	if (bpf_map_update_elem(m->settings, &zero, &s, BPF_ANY))
		return -errno;
	return 0;
}

/* Keys read from a map per walk step: bounds the memory of a walk over a large map. */
#define WALK_BATCH 256

/*
 * Deletes every key of @fd whose slot (the __u32 at @slot_off in the key) is @slot. One walk to
 * collect the keys, then the deletes: restarting the walk after each delete made a swap of a
 * large profile quadratic (minutes for 8,192 rules). A key that cannot be collected (no memory)
 * stays: an unused rule of a slot no profile points at, never a rule in force.
 */
static void drop_slot(int fd, size_t key_size, size_t slot_off, __u32 slot)
{
	struct bl_slot_keys found = { .key_size = key_size, .slot_off = slot_off };
	char *batch = calloc(WALK_BATCH, key_size);
	const void *prev = NULL;
	size_t n;

	if (!batch)
		return;
	do {
		/* The last key of a batch is where the next batch's walk resumes. */
		for (n = 0; n < WALK_BATCH; n++) {
			if (bpf_map_get_next_key(fd, prev, batch + n * key_size))
				break;
			prev = batch + n * key_size;
		}
		if (bl_slot_keys_pick(&found, batch, n, slot))
			break;
	} while (n == WALK_BATCH);
	for (size_t i = 0; i < found.n; i++)
		bpf_map_delete_elem(fd, bl_slot_keys_at(&found, i));
	bl_slot_keys_free(&found);
	free(batch);
}

static void drop_rules(const struct bl_maps *m, __u32 slot)
{
	drop_slot(m->path_rules, sizeof(struct bl_path_key), offsetof(struct bl_path_key, slot),
		  slot);
	drop_slot(m->net_rules, sizeof(struct bl_net_key), offsetof(struct bl_net_key, slot), slot);
	drop_slot(m->fstype_rules, sizeof(struct bl_fstype_key),
		  offsetof(struct bl_fstype_key, slot), slot);
	drop_slot(m->inode_rules, sizeof(struct bl_inode_key), offsetof(struct bl_inode_key, slot),
		  slot);
	drop_slot(m->rule_info, sizeof(struct bl_rule_key), offsetof(struct bl_rule_key, slot),
		  slot);
	drop_slot(m->rule_hits, sizeof(struct bl_rule_key), offsetof(struct bl_rule_key, slot),
		  slot);
}

/*
 * The identity of what an exact path rule names, as it exists now in the loader's view (the
 * host's): a host object that a container reaches under another name (a bind-mounted runtime
 * socket, a hard link) still matches. Paths that do not exist now have no identity; their path
 * rule still applies. Returns 1 and fills @k when the path exists.
 */
static int identity_of(const struct bl_path_key *pk, __u32 slot, struct bl_inode_key *k)
{
	size_t len = (pk->prefixlen - 32) / 8;
	struct stat st;

	if (len < 2 || pk->path[len - 1] != 0)
		return 0; /* a directory prefix: identities are for exact paths */
	if (pk->path[0] != '/')
		return 0; /* an object key (BL_KEY_FS, BL_KEY_DEV) names no path to stat */
	if (stat(pk->path, &st))
		return 0;
	memset(k, 0, sizeof(*k));
	k->slot = slot;
	k->dev = (major(st.st_dev) << 20) | minor(st.st_dev); /* the kernel's dev_t encoding */
	k->ino = st.st_ino;
	return 1;
}

static int put(int fd, const void *key, const void *val, const char *what, const char *name)
{
	if (!bpf_map_update_elem(fd, key, val, BPF_NOEXIST))
		return 0;
	bl_err("profile %s: cannot store its %s: %s%s", name, what, strerror(errno),
	       errno == E2BIG || errno == ENOMEM ?
		       " (map full: see the limits in profiles/README.md)" :
		       "");
	return -errno;
}

/* @p's parent, for `profile generate` (bl_store_parent). */
static int write_parent(const struct bl_maps *m, const struct bl_policy *p, __u32 slot)
{
	struct bl_rule_key k = { .slot = slot, .rule_id = 0 };
	struct bl_rule_info info = {};

	snprintf(info.text, sizeof(info.text), PARENT_PREFIX "%s",
		 p->extends ? p->extends : PARENT_NONE);
	return put(m->rule_info, &k, &info, "parent's name", p->name);
}

/* Writes @p's rules under @slot. */
static int write_rules(const struct bl_maps *m, const struct bl_policy *p, __u32 slot)
{
	int err;

	for (size_t i = 0; i < p->n_paths; i++) {
		struct bl_path_key k = p->paths[i].key;

		k.slot = slot;
		struct bl_inode_key ik;

		if ((err = put(m->path_rules, &k, &p->paths[i].rule, "path rules", p->name)))
			return err;
		/* Two names of one object (a link and its target) share the first rule stored.
		 * A watch alone has none: its copied verdicts must not follow the object. */
		if (!p->paths[i].watch_only && identity_of(&k, slot, &ik) &&
		    bpf_map_update_elem(m->inode_rules, &ik, &p->paths[i].rule, BPF_NOEXIST) &&
		    errno != EEXIST) {
			bl_err("profile %s: cannot store the identity of %s: %s", p->name, k.path,
			       strerror(errno));
			return -errno;
		}
	}
	for (size_t i = 0; i < p->n_nets; i++) {
		struct bl_net_key k = p->nets[i].key;

		k.slot = slot;
		if ((err = put(m->net_rules, &k, &p->nets[i].rule, "network rules", p->name)))
			return err;
	}
	for (size_t i = 0; i < p->n_fstypes; i++) {
		struct bl_fstype_key k = p->fstypes[i].key;

		k.slot = slot;
		if ((err = put(m->fstype_rules, &k, &p->fstypes[i].rule, "mount rules", p->name)))
			return err;
	}
	for (size_t i = 0; i < p->n_rules; i++) {
		struct bl_rule_key k = { .slot = slot, .rule_id = (__u32)i + 1 };
		struct bl_rule_info info = {};

		memcpy(info.text, p->rule_text[i], sizeof(info.text));
		info.text[sizeof(info.text) - 1] = 0;
		if ((err = put(m->rule_info, &k, &info, "rule descriptions", p->name)))
			return err;
	}
	return write_parent(m, p, slot);
}

/* Refuses profiles whose rules need a hook this kernel lacks: better than a silent hole. */
static int check_hooks(const struct bl_maps *m, const struct bl_policy_set *set)
{
	struct bl_settings s;
	__u32 zero = 0, lack;
	int err = 0;

	if (bpf_map_lookup_elem(m->settings, &zero, &s))
		return -errno;
	for (size_t i = 0; i < set->n; i++) {
		lack = bl_hooks_needed(bl_policy_rule_kinds(set->v[i])) & s.missing_hooks;
		for (__u32 h = 0; lack && h < BL_HOOK_COUNT; h++) {
			const char *lsm = bl_hook_lsm(h), *name = bl_hook_name(h);
			bool other = strcmp(lsm, name); /* cgroup_move is file_open's */

			if (!(lack & (1u << h)))
				continue;
			bl_err("profile %s: needs the LSM hook %s%s%s%s, which this kernel lacks: not "
			       "loaded, so that nothing claims to enforce it",
			       set->v[i]->name, lsm, other ? " (for " : "", other ? name : "",
			       other ? ")" : "");
			err = -EOPNOTSUPP;
		}
	}
	return err;
}

/*
 * Drops the rule sets in @slots (0: none) that profiles were switched away from, once no program
 * run can still be looking them up (see store_set).
 */
static void drop_old_slots(const struct bl_maps *m, const __u32 *slots, size_t n)
{
	bool any = false;

	for (size_t i = 0; i < n; i++)
		any |= slots[i] != 0;
	if (!any)
		return;
	if (bl_rcu_wait()) {
		bl_err("store: warning: the rules of the replaced profile version stay in the maps "
		       "(unused)");
		return;
	}
	for (size_t i = 0; i < n; i++)
		if (slots[i])
			drop_rules(m, slots[i]);
}

static int store_set(const struct bl_maps *m, const struct bl_policy_set *set)
{
	__u32 *slots, *ids, *old_slots;
	size_t done = 0;
	int err = 0;

	err = check_hooks(m, set);
	if (err)
		return err;
	slots = calloc(set->n + 1, sizeof(*slots));
	ids = calloc(set->n + 1, sizeof(*ids));
	old_slots = calloc(set->n + 1, sizeof(*old_slots));
	if (!slots || !ids || !old_slots) {
		err = -ENOMEM;
		goto out;
	}
	/* Phase 1: every profile's rules under a fresh slot. Nothing in force changes. */
	for (; done < set->n; done++) {
		err = next_slot(m, &slots[done]);
		if (!err)
			err = write_rules(m, set->v[done], slots[done]);
		if (err) {
			done++;
			goto undo;
		}
	}
	for (size_t i = 0; i < set->n; i++) {
		err = alloc_id(m, set->v[i]->name, &ids[i]);
		if (err)
			goto undo;
	}
	/*
	 * Phase 2: switch each profile to its new slot; then, once no program can still be using the
	 * slots they used before, drop those. Why this is complete: a hook reads the profile's
	 * rules_slot once (bl_task_profile), then looks the rules up under it, all in one program
	 * run. A run that started after a profile's switch reads the new slot, whose rules were
	 * all written in phase 1 and stay until the next switch. A run that started before may hold
	 * the old slot; bl_rcu_wait returns only when every such run has returned, so the old rules
	 * are still there for each lookup it makes. Each check sees the old rule set or the new one,
	 * whole. Should the wait fail, the old rules stay (an unused slot: map space, never a rule
	 * in force), and that is said.
	 */
	for (size_t i = 0; i < set->n; i++) {
		struct bl_profile prof = set->v[i]->prof, old;
		bool had_old = !bpf_map_lookup_elem(m->profiles, &ids[i], &old);

		old_slots[i] = had_old ? old.rules_slot : 0;

		prof.rules_slot = slots[i];
		if (!prof.mode)
			prof.mode = set->v[i]->mode ? set->v[i]->mode : BL_MODE_AUDIT;
		if (bpf_map_update_elem(m->profiles, &ids[i], &prof, BPF_ANY)) {
			/* Preallocated hash: replacing an existing key cannot fail for space. */
			err = -errno;
			bl_err("profile %s: cannot switch to the new rules: %s", set->v[i]->name,
			       strerror(errno));
			goto drop_old;
		}
	}
drop_old:
	drop_old_slots(m, old_slots, set->n);
	goto out;
undo:
	for (size_t i = 0; i < done; i++)
		drop_rules(m, slots[i]);
out:
	free(slots);
	free(ids);
	free(old_slots);
	return err;
}

/* Under the lock: another writer between this one's slot and its switch would take the same slot,
 * or switch the profile back to a rule set this one drops. */
int bl_store_set(const struct bl_maps *m, const struct bl_policy_set *set)
{
	int err = bl_lock();

	if (err)
		return err;
	/* A new rule set may judge a capability the mask lets by: cleared for the change. */
	err = bl_cap_mask_clear(m->settings);
	if (!err)
		err = store_set(m, set);
	bl_cap_mask_update(m->settings, m->profiles);
	bl_unlock();
	return err;
}

static bool is_bound(const struct bl_maps *m, __u32 id)
{
	__u64 key, *prev = NULL;
	struct bl_binding b;

	while (!bpf_map_get_next_key(m->bindings, prev, &key)) {
		if (!bpf_map_lookup_elem(m->bindings, &key, &b) && b.profile_id == id)
			return true;
		prev = &key;
	}
	return false;
}

/*
 * Whether tasks are still contained under profile @id: their containment outlives the binding,
 * so its profile must too (a missing profile denies them everything). A task that just exited
 * leaves `contained` when its task_struct is freed, after an RCU grace period: waited out.
 */
static bool busy_contained(const struct bl_maps *m, __u32 id, const char *name)
{
	struct timespec tick = { 0, 50 * 1000 * 1000 };
	long n = 0;

	for (int i = 0; i < 40; i++) {
		n = bl_contained_count(m, id);
		if (!n)
			return false;
		nanosleep(&tick, NULL);
	}
	bl_err("profile %s still contains %ld task(s): stop them first", name, n);
	return true;
}

static int store_remove(const struct bl_maps *m, const char *name)
{
	struct bl_profile_name none = {};
	struct bl_profile old;
	__u32 id;
	int err;

	err = bl_store_find(m, name, &id);
	if (err) {
		bl_err("profile %s is not loaded", name);
		return err;
	}
	if (is_bound(m, id)) {
		bl_err("profile %s is bound to cgroups: unbind them first", name);
		return -EBUSY;
	}
	if (busy_contained(m, id, name))
		return -EBUSY;
	if (!bpf_map_lookup_elem(m->profiles, &id, &old)) {
		bpf_map_delete_elem(m->profiles, &id);
		/* A program run that found the profile before the delete may still look its rules
		 * up: they go after it (see store_set). */
		drop_old_slots(m, &old.rules_slot, 1);
	}
	if (bpf_map_update_elem(m->profile_names, &id, &none, BPF_ANY))
		return -errno;
	/* The id is free for the next profile: what this one learned goes with it. */
	return bl_learned_forget(m, id, NULL);
}

/* Under the lock, so that no bind to the profile comes between the check and the removal. */
int bl_store_remove(const struct bl_maps *m, const char *name)
{
	int err = bl_lock();

	if (err)
		return err;
	err = store_remove(m, name);
	/* Fewer profiles judge fewer capabilities: no clearing first. */
	bl_cap_mask_update(m->settings, m->profiles);
	bl_unlock();
	return err;
}

/*
 * Under the lock, the entry is read afresh and only its mode changes: an entry read before a
 * `profile load` and written back after it would point the profile at the rule set that load
 * dropped. One map update: the BPF side sees the old entry or the new one.
 */
int bl_store_set_mode(const struct bl_maps *m, __u32 id, __u32 mode, __u32 *was)
{
	struct bl_profile p;
	int err = bl_lock();

	if (err)
		return err;
	if (bpf_map_lookup_elem(m->profiles, &id, &p)) {
		err = -errno;
		goto out;
	}
	if (was)
		*was = p.mode;
	p.mode = mode;
	err = bl_cap_mask_clear(m->settings); /* learn mode judges every capability */
	if (!err && bpf_map_update_elem(m->profiles, &id, &p, BPF_EXIST))
		err = -errno;
	bl_cap_mask_update(m->settings, m->profiles);
out:
	bl_unlock();
	return err;
}
