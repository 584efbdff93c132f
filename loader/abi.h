/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Whether pinned state is this binary's to read: its ABI record (the `abi` map, BL_ABI_VERSION
 * in include/boxlock.h) and the BTF layout of every pinned map's key and value. State written by
 * another ABI is refused, with the way out, and left as it is: never misread.
 */
#ifndef BL_ABI_H
#define BL_ABI_H

struct bpf_object;

/*
 * 0 when the state pinned under @pin_dir (maps/abi, maps/settings) was written by this ABI or
 * when nothing is pinned; -EPROTO, with a message that @cmd ("load", or NULL) begins, when it
 * was written by another ABI or before the record existed.
 */
int bl_abi_check_version(const char *pin_dir, const char *cmd);
/*
 * 0 when every map of @obj whose pin path exists holds keys and values laid out as @obj's BTF
 * says; -EPROTO, naming the map and the first difference, when one does not (a shared struct
 * changed without a BL_ABI_VERSION bump). Maps without BTF on either side are not compared.
 */
int bl_abi_check_layout(struct bpf_object *obj, const char *cmd);
/*
 * Unless @pin_dir holds an ABI record already, creates the `abi` map with this binary's version
 * in it and pins it, before anything else is pinned: a load that fails half way leaves state that
 * says what wrote it. libbpf then adopts the map as it adopts every pinned one. Returns 1 when
 * it pinned the record, 0 when one was there, or -errno.
 */
int bl_abi_pin_record(const char *pin_dir, const char *cmd);

#endif /* BL_ABI_H */
