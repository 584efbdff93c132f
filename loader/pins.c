// SPDX-License-Identifier: GPL-2.0
/* Loading, attaching and pinning the BPF side, and finding it again later. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <bpf/btf.h>
#include "boxlock.skel.h"
#include "abi.h"
#include "build_record.h"
#include "cap_mask.h"
#include "lock.h"
#include "boxlock.h"
#include "cli.h"
#include "kernel.h"
#include "names.h"
#include "pins.h"
#include "self.h"

static const struct {
	const char *name;
	size_t off;
} map_table[] = {
#define M(n)                                    \
	{                                       \
#n, offsetof(struct bl_maps, n) \
	}
	M(settings),  M(bindings),     M(profiles),    M(profile_names), M(path_rules),
	M(net_rules), M(fstype_rules), M(inode_rules), M(contained),	 M(arm_request),
	M(rule_info), M(rule_hits),    M(stats),       M(events),	 M(learned),
#undef M
};

static int pin_path(char *buf, size_t len, const char *kind, const char *name)
{
	int n = snprintf(buf, len, "%s/%s%s%s", bl_opts.pin_dir, kind, name ? "/" : "",
			 name ? name : "");

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

void bl_maps_close(struct bl_maps *m)
{
	for (size_t i = 0; i < sizeof(map_table) / sizeof(map_table[0]); i++) {
		int *fd = (int *)((char *)m + map_table[i].off);

		if (*fd >= 0)
			close(*fd);
		*fd = -1;
	}
}

/* Pinned maps are reused, so a reload or an upgrade keeps the policy in force. */
static int set_pin_paths(struct bpf_object *obj)
{
	char path[PATH_MAX];
	struct bpf_map *map;
	int err;

	bpf_object__for_each_map(map, obj) {
		if (bpf_map__is_internal(map))
			continue; /* constants (.rodata): each program version brings its own */
		err = pin_path(path, sizeof(path), "maps", bpf_map__name(map));
		if (!err)
			err = bpf_map__set_pin_path(map, path);
		if (err)
			return err;
	}
	return 0;
}

/* Whether the pinned maps are this binary's to read: their ABI record, then their layout. */
static int check_pinned_abi(const char *cmd)
{
	struct boxlock *skel;
	int err;

	err = bl_abi_check_version(bl_opts.pin_dir, cmd);
	if (err)
		return err;
	/* Loaded from this very object: its load compared these layouts (build_record.h). */
	if (bl_build_record_matches(bl_opts.pin_dir))
		return 0;
	skel = boxlock__open(); /* no kernel work: it parses the embedded object and its BTF */
	if (!skel) {
		err = -errno;
		bl_err("open BPF object: %s", strerror(-err));
		return err;
	}
	err = set_pin_paths(skel->obj);
	if (!err)
		err = bl_abi_check_layout(skel->obj, cmd);
	boxlock__destroy(skel);
	return err;
}

int bl_maps_open(struct bl_maps *m)
{
	char path[PATH_MAX];
	int err;

	memset(m, 0xff, sizeof(*m)); /* every fd -1 */
	if (bl_is_loaded()) {
		err = check_pinned_abi(NULL);
		if (err)
			return err;
	}
	for (size_t i = 0; i < sizeof(map_table) / sizeof(map_table[0]); i++) {
		int *fd = (int *)((char *)m + map_table[i].off);

		err = pin_path(path, sizeof(path), "maps", map_table[i].name);
		if (err)
			goto fail;
		*fd = bpf_obj_get(path);
		if (*fd < 0) {
			err = -errno;
			if (err == -ENOENT)
				bl_err("boxlock is not loaded (no %s): run 'boxlock load'", path);
			else
				bl_err("open %s: %s", path, strerror(-err));
			goto fail;
		}
	}
	return 0;
fail:
	bl_maps_close(m);
	return err;
}

bool bl_is_loaded(void)
{
	char path[PATH_MAX];

	return !pin_path(path, sizeof(path), "maps", "settings") && access(path, F_OK) == 0;
}

static int mkdir_p(const char *path)
{
	if (mkdir(path, 0700) && errno != EEXIST)
		return -errno;
	return 0;
}

/* The tag (a hash of the instructions, map references left out) of program fd @fd, or -errno. */
static int prog_tag(int fd, __u8 tag[BPF_TAG_SIZE])
{
	struct bpf_prog_info info;
	__u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		return -errno;
	memcpy(tag, info.tag, BPF_TAG_SIZE);
	return 0;
}

/* Whether the link pinned at @path runs the very code of @prog (a load of the same version). */
static bool pinned_runs(const char *path, struct bpf_program *prog)
{
	__u8 old[BPF_TAG_SIZE], new[BPF_TAG_SIZE];
	struct bpf_link_info info;
	__u32 len = sizeof(info);
	int link, fd, err = -1;

	link = bpf_obj_get(path);
	if (link < 0)
		return false;
	memset(&info, 0, sizeof(info));
	if (!bpf_obj_get_info_by_fd(link, &info, &len)) {
		fd = bpf_prog_get_fd_by_id(info.prog_id);
		if (fd >= 0) {
			err = prog_tag(fd, old) || prog_tag(bpf_program__fd(prog), new);
			close(fd);
		}
	}
	close(link);
	return !err && !memcmp(old, new, sizeof(old));
}

/*
 * Attaches @prog and pins its link, replacing a link pinned by an earlier version: the new
 * program runs before the old one is detached, so no syscall passes unjudged in between.
 *
 * A link that runs the same code already stays: a `boxlock load` of the version in force (the
 * daemon's start, an operator's repeat) changes no hook. Each attach and detach rewrites the
 * hook's trampoline while every task runs through it (text_poke with int3 on x86), work for
 * nothing when the code is the same; under qemu's emulation it is also where guests have
 * panicked and locked up. BOXLOCK_LOAD_REATTACH=1 attaches anew all the same (test_upgrade).
 */
static int attach_and_pin(struct bpf_program *prog)
{
	const char *reattach = getenv("BOXLOCK_LOAD_REATTACH");
	char path[PATH_MAX];
	struct bpf_link *link;
	int err;

	err = pin_path(path, sizeof(path), "links", bpf_program__name(prog));
	if (err)
		return err;
	if (!(reattach && !strcmp(reattach, "1")) && pinned_runs(path, prog))
		return 0;
	link = bpf_program__attach(prog);
	if (!link) {
		err = -errno;
		bl_err("attach %s: %s", bpf_program__name(prog), strerror(-err));
		return err;
	}
	if (unlink(path) && errno != ENOENT) {
		err = -errno;
		bl_err("unpin old %s: %s", path, strerror(-err));
		goto out;
	}
	err = bpf_link__pin(link, path);
	if (err)
		bl_err("pin %s: %s", path, strerror(-err));
out:
	bpf_link__destroy(link); /* the pin holds the link from now on */
	return err;
}

int bl_arm_iter_path(char *buf, size_t len)
{
	return pin_path(buf, len, "iter", "arm");
}

/* Attaches the arm iterator and pins its link at iter/arm, replacing an earlier version's. */
static int pin_arm_iter(struct bpf_program *prog)
{
	char path[PATH_MAX];
	struct bpf_link *link;
	int err;

	err = bl_arm_iter_path(path, sizeof(path));
	if (err)
		return err;
	link = bpf_program__attach_iter(prog, NULL);
	if (!link) {
		err = -errno;
		bl_err("load: attach the arm iterator: %s", strerror(-err));
		return err;
	}
	if (unlink(path) && errno != ENOENT) {
		err = -errno;
		bl_err("load: unpin old %s: %s", path, strerror(-err));
		goto out;
	}
	err = bpf_link__pin(link, path);
	if (err)
		bl_err("load: pin %s: %s", path, strerror(-err));
out:
	bpf_link__destroy(link);
	return err;
}

/* The host's mount namespace, where a container's runtime starts (see BL_BIND_ARM_AT_EXEC), and
 * the hooks this kernel lacks. */
static int record_kernel(int settings_fd, __u32 missing)
{
	struct bl_settings s;
	struct stat st;
	__u32 zero = 0;

	if (stat("/proc/1/ns/mnt", &st)) {
		bl_err("load: cannot read the host's mount namespace: %s", strerror(errno));
		return -errno;
	}
	if (bpf_map_lookup_elem(settings_fd, &zero, &s))
		return -errno;
	s.host_mnt_ns = st.st_ino;
	s.missing_hooks = missing;
	/* Maps adopted from an earlier load may have lost a pin (and be empty again): the mask is
	 * recomputed from what they hold once the programs are attached (install). */
	s.cap_unjudged = 0;
	if (bpf_map_update_elem(settings_fd, &zero, &s, BPF_ANY))
		return -errno;
	return 0;
}

/*
 * Programs whose hook this kernel lacks are not loaded, and the hooks are recorded in settings so
 * that `boxlock profile load` refuses the rules that need them rather than claim to enforce them.
 * A missing hook with no rules of its own (task_alloc and task_free, which containment needs) is
 * fatal.
 */
/* Whether this kernel (@vmlinux's BTF) has the LSM hook of @prog; true for a non-LSM program. */
static bool has_hook(const struct btf *vmlinux, const struct bpf_program *prog)
{
	const char *sec = bpf_program__section_name(prog);
	char fn[128];

	if (strncmp(sec, "lsm/", 4))
		return true; /* the arm iterator: task iterators are older than BPF LSM */
	snprintf(fn, sizeof(fn), "bpf_lsm_%s", sec + strlen("lsm/"));
	return btf__find_by_name_kind(vmlinux, fn, BTF_KIND_FUNC) >= 0;
}

/*
 * Programs that are not for every kernel. inode_set_acl and inode_remove_acl (6.2+): before them,
 * POSIX ACLs were xattrs, which inode_setxattr and inode_removexattr judge, so a kernel without
 * them misses nothing. inode_setattr gained an idmap argument in 6.9: of its two programs, the
 * one whose signature is not this kernel's is not loaded. Returns true when @prog is one of them,
 * with *@load saying whether this kernel takes it.
 */
static bool kernel_variant(const struct btf *vmlinux, const struct bpf_program *prog, bool *load)
{
	const char *name = bpf_program__name(prog), *sec = bpf_program__section_name(prog);
	const struct btf_type *fn, *proto;
	bool new_setattr;
	int id;

	if (!strcmp(sec, "lsm/inode_set_acl") || !strcmp(sec, "lsm/inode_remove_acl")) {
		*load = has_hook(vmlinux, prog);
		return true;
	}
	if (strcmp(sec, "lsm/inode_setattr"))
		return false;
	id = btf__find_by_name_kind(vmlinux, "bpf_lsm_inode_setattr", BTF_KIND_FUNC);
	fn = id < 0 ? NULL : btf__type_by_id(vmlinux, id);
	proto = fn ? btf__type_by_id(vmlinux, fn->type) : NULL;
	if (!proto)
		return false; /* no such hook: skip_missing_hooks says so */
	new_setattr = btf_vlen(proto) == 3; /* (idmap, dentry, attr) */
	*load = new_setattr == !strcmp(name, "bl_inode_setattr_6_9");
	return true;
}

static int skip_missing_hooks(struct bpf_object *obj, __u32 *missing)
{
	struct btf *vmlinux = btf__load_vmlinux_btf();
	struct bpf_program *prog;

	*missing = 0;
	if (!vmlinux)
		return 0; /* no BTF to look in: the load itself will say what is wrong */
	bpf_object__for_each_program(prog, obj) {
		const char *sec = bpf_program__section_name(prog), *hook = sec + strlen("lsm/");
		__u32 hooks;
		bool load;

		if (kernel_variant(vmlinux, prog, &load)) {
			if (!load)
				bpf_program__set_autoload(prog, false);
			continue;
		}
		if (has_hook(vmlinux, prog))
			continue;
		hooks = bl_hooks_of_lsm(hook);
		if (!hooks) {
			bl_err("load: this kernel has no LSM hook %s, which boxlock cannot do without",
			       hook);
			btf__free(vmlinux);
			return -EOPNOTSUPP;
		}
		bl_err("load: this kernel has no LSM hook %s: profiles that need it will be refused",
		       hook);
		bpf_program__set_autoload(prog, false);
		*missing |= hooks;
	}
	btf__free(vmlinux);
	return 0;
}

static int install(void)
{
	char path[PATH_MAX];
	struct boxlock *skel;
	struct bpf_program *prog;
	__u32 missing = 0;
	int err, recorded = 0;

	err = bl_kernel_check_lsm();
	if (err)
		return err;
	/* Pinned state of another ABI is refused before anything of it is touched. */
	err = bl_abi_check_version(bl_opts.pin_dir, "load");
	if (err)
		return err;
	if ((err = mkdir_p(bl_opts.pin_dir)) ||
	    (err = pin_path(path, sizeof(path), "maps", NULL)) || (err = mkdir_p(path)) ||
	    (err = pin_path(path, sizeof(path), "links", NULL)) || (err = mkdir_p(path)) ||
	    (err = pin_path(path, sizeof(path), "iter", NULL)) || (err = mkdir_p(path))) {
		bl_err("create %s: %s (is bpffs mounted on /sys/fs/bpf?)", bl_opts.pin_dir,
		       strerror(-err));
		return err;
	}

	skel = boxlock__open();
	if (!skel) {
		err = -errno;
		bl_err("open BPF object: %s", strerror(-err));
		return err;
	}
	err = set_pin_paths(skel->obj);
	if (!err)
		err = bl_abi_check_layout(skel->obj, "load");
	if (!err)
		err = skip_missing_hooks(skel->obj, &missing);
	if (!err) {
		recorded = bl_abi_pin_record(bl_opts.pin_dir, "load");
		err = recorded < 0 ? recorded : 0;
	}
	if (err)
		goto out;
	err = boxlock__load(skel);
	if (err) {
		bl_err("load BPF programs: %s (a pinned map from an incompatible version needs "
		       "'boxlock unload' first; -v shows the verifier's log)",
		       strerror(-err));
		goto out;
	}
	err = record_kernel(bpf_map__fd(skel->maps.settings), missing);
	if (err)
		goto out;
	bpf_object__for_each_program(prog, skel->obj) {
		if (!bpf_program__autoload(prog))
			continue; /* its hook is missing on this kernel */
		if (prog == skel->progs.bl_arm_iter)
			err = pin_arm_iter(prog);
		else
			err = attach_and_pin(prog);
		if (err)
			goto out;
	}
	/* Before the record of boxlock's own state, which then protects its pin too. It says what
	 * the layout check above compared, whatever fails after it. */
	err = bl_build_record_write(bl_opts.pin_dir);
	if (!err)
		err = bl_self_record(bpf_map__fd(skel->maps.self_objects), skel->obj);
	if (!err)
		bl_cap_mask_update(bpf_map__fd(skel->maps.settings),
				   bpf_map__fd(skel->maps.profiles));
out:
	/* A first load that failed before its maps were pinned leaves no record of itself either
	 * (libbpf unpins the maps it pinned when the load fails). */
	if (err && recorded > 0 && !bl_is_loaded() && !pin_path(path, sizeof(path), "maps", "abi"))
		unlink(path);
	boxlock__destroy(skel);
	return err;
}

/* Under the lock, which is on the pin directory: so that directory comes first (and before it,
 * the check that this kernel runs BPF LSM, which leaves nothing behind when it fails). */
int bl_install(void)
{
	int err = bl_kernel_check_lsm();

	if (err)
		return err;
	err = mkdir_p(bl_opts.pin_dir);
	if (err) {
		bl_err("create %s: %s (is bpffs mounted on /sys/fs/bpf?)", bl_opts.pin_dir,
		       strerror(-err));
		return err;
	}
	err = bl_lock();
	if (err)
		return err;
	err = install();
	bl_unlock();
	return err;
}

static int unpin_dir(const char *kind)
{
	char dir[PATH_MAX], path[PATH_MAX + 256];
	struct dirent *de;
	int err = 0;
	DIR *d;

	if (pin_path(dir, sizeof(dir), kind, NULL))
		return -ENAMETOOLONG;
	d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (unlink(path) && !err)
			err = -errno;
	}
	closedir(d);
	if (rmdir(dir) && !err)
		err = -errno;
	return err;
}

int bl_uninstall(void)
{
	int err = bl_lock();

	if (err)
		return err;
	/* Links first: the hooks stop before the maps they read go. */
	err = unpin_dir("links");
	if (!err)
		err = unpin_dir("iter");
	if (!err)
		err = unpin_dir("maps");
	if (!err && rmdir(bl_opts.pin_dir) && errno != ENOENT)
		err = -errno;
	if (err)
		bl_err("unload: %s", strerror(-err));
	/* The directory the lock is on is gone: a writer that waited for it finds none. */
	bl_unlock();
	return err;
}

int bl_links_list(char names[][64], int max)
{
	char dir[PATH_MAX];
	struct dirent *de;
	int n = 0;
	DIR *d;

	if (pin_path(dir, sizeof(dir), "links", NULL))
		return -ENAMETOOLONG;
	d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while ((de = readdir(d)) && n < max) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(names[n++], 64, "%.63s", de->d_name);
	}
	closedir(d);
	return n;
}

/* Appends {"pin": @rel, "present": bool} to @list; counts a missing one in *@missing. */
static void check_pin(json_t *list, const char *rel, int *missing)
{
	char path[PATH_MAX];
	bool present;

	snprintf(path, sizeof(path), "%s/%s", bl_opts.pin_dir, rel);
	present = access(path, F_OK) == 0;
	if (!present)
		(*missing)++;
	json_array_append_new(list, json_pack("{s:s,s:b}", "pin", rel, "present", present));
}

/* Whether this kernel takes @prog: it has the hook, in the signature of this variant. */
static bool loaded_here(const struct btf *vmlinux, const struct bpf_program *prog)
{
	bool load;

	if (!vmlinux)
		return true; /* no BTF to look in: every program is expected */
	if (kernel_variant(vmlinux, prog, &load))
		return load;
	return has_hook(vmlinux, prog);
}

int bl_links_expected(void)
{
	struct btf *vmlinux = btf__load_vmlinux_btf();
	struct bpf_program *prog;
	struct boxlock *skel;
	int n = 0;

	skel = boxlock__open();
	if (!skel) {
		n = -errno;
		btf__free(vmlinux);
		return n;
	}
	bpf_object__for_each_program(prog, skel->obj)
		if (prog != skel->progs.bl_arm_iter && loaded_here(vmlinux, prog))
			n++;
	boxlock__destroy(skel);
	btf__free(vmlinux);
	return n;
}

int bl_pins_check(json_t **out)
{
	struct btf *vmlinux = btf__load_vmlinux_btf();
	struct bpf_program *prog;
	struct bpf_map *map;
	struct boxlock *skel;
	char rel[PATH_MAX];
	int missing = 0;

	*out = json_array();
	skel = boxlock__open(); /* parses the embedded object: what this binary pins */
	if (!skel) {
		btf__free(vmlinux);
		return -errno;
	}
	bpf_object__for_each_map(map, skel->obj) {
		if (bpf_map__is_internal(map))
			continue;
		snprintf(rel, sizeof(rel), "maps/%s", bpf_map__name(map));
		check_pin(*out, rel, &missing);
	}
	bpf_object__for_each_program(prog, skel->obj) {
		if (!loaded_here(vmlinux, prog))
			continue; /* not loaded on this kernel: nothing to pin */
		if (prog == skel->progs.bl_arm_iter)
			snprintf(rel, sizeof(rel), "iter/arm");
		else
			snprintf(rel, sizeof(rel), "links/%s", bpf_program__name(prog));
		check_pin(*out, rel, &missing);
	}
	boxlock__destroy(skel);
	btf__free(vmlinux);
	return missing;
}
