// SPDX-License-Identifier: GPL-2.0
/* Refusing pinned state of another ABI: by its record, and by the layout of each map's types. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "abi.h"
#include "boxlock.h"
#include "btf_layout.h"
#include "cli.h"

#define FIX "run 'boxlock unload' (drops all policy) and load again"

/* Two printf arguments for "%s%s": "load" and ": " before a message, or nothing. */
#define CMD_PREFIX(cmd) (cmd) ? (cmd) : "", (cmd) ? ": " : ""

static int abi_path(char *buf, size_t len, const char *pin_dir, const char *map)
{
	int n = snprintf(buf, len, "%s/maps/%s", pin_dir, map); /* the layout of pins.h */

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

int bl_abi_check_version(const char *pin_dir, const char *cmd)
{
	char path[PATH_MAX], settings[PATH_MAX];
	struct bpf_map_info info = {};
	__u32 len = sizeof(info), zero = 0;
	struct bl_abi rec;
	int fd, err;

	if ((err = abi_path(path, sizeof(path), pin_dir, "abi")) ||
	    (err = abi_path(settings, sizeof(settings), pin_dir, "settings")))
		return err;
	fd = bpf_obj_get(path);
	if (fd < 0 && errno == ENOENT) {
		if (access(settings, F_OK) && errno == ENOENT)
			return 0; /* nothing pinned: a first load */
		bl_err("%s%spinned state at %s has no ABI record (an older boxlock wrote it), this "
		       "binary speaks %d: " FIX,
		       CMD_PREFIX(cmd), pin_dir, BL_ABI_VERSION);
		return -EPROTO;
	}
	if (fd < 0) {
		err = -errno;
		bl_err("%s%sopen %s: %s", CMD_PREFIX(cmd), path, strerror(-err));
		return err;
	}
	/* The record's own layout never changes; a map of another shape is not a record. */
	if (bpf_obj_get_info_by_fd(fd, &info, &len) || info.type != BPF_MAP_TYPE_ARRAY ||
	    info.key_size != sizeof(zero) || info.value_size != sizeof(rec) ||
	    bpf_map_lookup_elem(fd, &zero, &rec)) {
		bl_err("%s%spinned state at %s has an ABI record (%s) this binary cannot read: " FIX,
		       CMD_PREFIX(cmd), pin_dir, path);
		close(fd);
		return -EPROTO;
	}
	close(fd);
	if (rec.version != BL_ABI_VERSION) {
		bl_err("%s%spinned state at %s has ABI %u, this binary speaks %d: " FIX,
		       CMD_PREFIX(cmd), pin_dir, rec.version, BL_ABI_VERSION);
		return -EPROTO;
	}
	return 0;
}

int bl_abi_pin_record(const char *pin_dir, const char *cmd)
{
	LIBBPF_OPTS(bpf_map_create_opts, opts, .map_flags = BPF_F_RDONLY_PROG);
	struct bl_abi rec = { .version = BL_ABI_VERSION };
	char path[PATH_MAX];
	__u32 zero = 0;
	int fd, err;

	err = abi_path(path, sizeof(path), pin_dir, "abi");
	if (err)
		return err;
	if (!access(path, F_OK))
		return 0; /* there already, and checked by bl_abi_check_version */
	/* As maps.h declares it: libbpf adopts a pinned map whose type, sizes and flags match. */
	fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "abi", sizeof(zero), sizeof(rec), 1, &opts);
	if (fd < 0 || bpf_map_update_elem(fd, &zero, &rec, BPF_ANY) || bpf_obj_pin(fd, path)) {
		err = -errno;
		bl_err("%s%srecord the ABI in %s: %s", CMD_PREFIX(cmd), path, strerror(-err));
	}
	if (fd >= 0)
		close(fd);
	return err ? err : 1;
}

/* Whether type @a_id of the pinned map's BTF and @b_id of ours differ; 0 is "no type". */
static int types_differ(const struct btf *a, __u32 a_id, const struct btf *b, __u32 b_id, char *why,
			size_t len)
{
	if (!a_id && !b_id)
		return 0;
	if (!a_id || !b_id) {
		snprintf(why, len, "a type on one side only");
		return 1;
	}
	return bl_btf_layout_diff(a, a_id, b, b_id, why, len);
}

/*
 * The pinned maps' BTF, one per BTF object: the maps one load created share one, so it is read
 * from the kernel and parsed once, not once a map (every command checks every map, and under
 * emulation a parse of the whole object's BTF costs a good part of a second).
 */
#define BTF_CACHE_SLOTS 8

struct btf_cache {
	__u32 id[BTF_CACHE_SLOTS];
	struct btf *btf[BTF_CACHE_SLOTS];
	int used;
};

static struct btf *cached_btf(struct btf_cache *c, __u32 id)
{
	struct btf *btf;

	for (int i = 0; i < c->used; i++)
		if (c->id[i] == id)
			return c->btf[i];
	btf = btf__load_from_kernel_by_id(id);
	if (!btf || c->used == BTF_CACHE_SLOTS)
		return btf; /* a full cache: the caller frees what is not in it */
	c->id[c->used] = id;
	c->btf[c->used++] = btf;
	return btf;
}

static bool in_cache(const struct btf_cache *c, const struct btf *btf)
{
	for (int i = 0; i < c->used; i++)
		if (c->btf[i] == btf)
			return true;
	return false;
}

static void free_cache(struct btf_cache *c)
{
	for (int i = 0; i < c->used; i++)
		btf__free(c->btf[i]);
	c->used = 0;
}

static int check_map(const struct bpf_map *map, const struct btf *ours, struct btf_cache *cache,
		     const char *cmd)
{
	const char *path = bpf_map__pin_path(map);
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);
	struct btf *pinned = NULL;
	char why[512];
	int fd, err = 0;

	fd = bpf_obj_get(path);
	if (fd < 0 && errno == ENOENT)
		return 0; /* not pinned: libbpf creates it */
	if (fd < 0) {
		err = -errno;
		bl_err("%s%sopen %s: %s", CMD_PREFIX(cmd), path, strerror(-err));
		return err;
	}
	if (bpf_obj_get_info_by_fd(fd, &info, &len)) {
		err = -errno;
		bl_err("%s%sread %s: %s", CMD_PREFIX(cmd), path, strerror(-err));
		goto out;
	}
	if (!info.btf_id)
		goto out; /* made without BTF (the abi record, a kernel that refused it) */
	pinned = cached_btf(cache, info.btf_id);
	if (!pinned) {
		err = -errno;
		bl_err("%s%sread the BTF of %s: %s", CMD_PREFIX(cmd), path, strerror(-err));
		goto out;
	}
	if (types_differ(pinned, info.btf_key_type_id, ours, bpf_map__btf_key_type_id(map), why,
			 sizeof(why)) ||
	    types_differ(pinned, info.btf_value_type_id, ours, bpf_map__btf_value_type_id(map), why,
			 sizeof(why))) {
		bl_err("%s%spinned map %s is laid out differently from this binary's, though both "
		       "speak ABI %d (a shared struct changed without a BL_ABI_VERSION bump): %s; " FIX,
		       CMD_PREFIX(cmd), path, BL_ABI_VERSION, why);
		err = -EPROTO;
	}
out:
	if (pinned && !in_cache(cache, pinned))
		btf__free(pinned);
	close(fd);
	return err;
}

int bl_abi_check_layout(struct bpf_object *obj, const char *cmd)
{
	const struct btf *ours = bpf_object__btf(obj);
	struct btf_cache cache = { .used = 0 };
	struct bpf_map *map;
	int err = 0;

	if (!ours)
		return 0; /* an object without BTF: nothing to compare with */
	bpf_object__for_each_map(map, obj) {
		if (bpf_map__is_internal(map) || !bpf_map__pin_path(map))
			continue;
		err = check_map(map, ours, &cache, cmd);
		if (err)
			break;
	}
	free_cache(&cache);
	return err;
}
