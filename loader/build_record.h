/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which BPF object last loaded over the pinned state: maps/build holds the SHA-256 of the
 * object (boxlock.bpf.o, hashed when it was built) of the last `boxlock load` that succeeded.
 *
 * Every command checks, before it reads a pinned map, that the map's layout is its own
 * (abi.h). That check parses the embedded object and its BTF and fetches each pinned map's
 * BTF from the kernel: some ten million instructions, at every `boxlock status`, `events`,
 * `bind`, each shim call, for an answer that cannot change between two loads. A pinned map's
 * layout is fixed when the map is made, and the maps are made once and only adopted after
 * that (until `unload` removes them with this record); the load that wrote the record checked
 * their layout against the very object whose hash it wrote. So a binary carrying that object
 * may skip the check: the layouts it would compare are the ones that load compared.
 */
#ifndef BL_BUILD_RECORD_H
#define BL_BUILD_RECORD_H

#include <stdbool.h>

/* Whether @pin_dir's record names this binary's BPF object. No record, or any error: false. */
bool bl_build_record_matches(const char *pin_dir);
/* Records this binary's object in @pin_dir (made and pinned when missing): 0 or -errno, said. */
int bl_build_record_write(const char *pin_dir);

#endif
