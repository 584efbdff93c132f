/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A profile generated from what a profile in learn mode observed (the `learned` map, see
 * include/boxlock.h): `boxlock profile generate`. Pure: the loader reads the map and hands the
 * observations here, so the generator is unit-tested on any machine.
 *
 * The rules it writes, and why (profiles/README.md, "Generated profiles", says the same):
 *  - [exec] allow: every program executed, interpreter and file mapped executable, exactly; a
 *    directory holding more than BL_GEN_EXEC_DIR_MAX of them is allowed whole, unless the
 *    workload also wrote below it (a file it dropped there would then run), and never `/`.
 *  - [files] deny-write = / and allow-write: every path written, exactly; always the whole
 *    directory under the temporary roots (/tmp/, /var/tmp/, /dev/shm/), under a directory the
 *    workload created itself below /run/, and /proc/ for a process's own files (/proc/PID/...,
 *    which change with every run); a directory with more than BL_GEN_WRITE_DIR_MAX written
 *    names is allowed whole; device nodes under /dev/ are always exact.
 *  - [files] deny-read = ROOT and allow-read = each file read, for each watched read root.
 *  - [network] allow: each destination, then deny = tcp any, udp any; allow-unix: each socket
 *    path, then deny-unix = /; allow-listen: each port served on (none: deny-listen any).
 *  - [capabilities] deny: every capability never used.
 * Every rule has a comment before it with how often and since when it was seen. The output is
 * sorted: the same observations in any order give the same bytes.
 */
#ifndef BL_POLICY_GENERATE_H
#define BL_POLICY_GENERATE_H

#include <stddef.h>
#include <linux/types.h>
#include "boxlock.h"

#define BL_GEN_EXEC_DIR_MAX 4 /* programs in one directory before it is allowed whole */
#define BL_GEN_WRITE_DIR_MAX 8 /* written names in one directory before it is allowed whole */

/* One entry of the `learned` map. */
struct bl_gen_obs {
	struct bl_learn_key key;
	struct bl_learned val;
};

struct bl_gen_input {
	const char *profile; /* the learned profile's name: the description, the header */
	const char *parent; /* its parent's name, the new profile's extends; NULL: none */
	const char *name; /* the new profile's name */
	const char *const *images; /* the new profile's image patterns */
	size_t n_images;
	__u64 btime; /* boot time, seconds since the epoch (/proc/stat btime): first_ns's zero */
	const char *const *watched; /* the watched read roots ("/etc/", or an exact path) */
	size_t n_watched;
	const struct bl_gen_obs *obs; /* in any order; entries of several containers are merged */
	size_t n_obs;
	__u64 learn_full, learn_busy; /* the counters: non-zero, the profile may be incomplete */
};

/*
 * Writes the profile's INI text into *@text (malloc'd, NUL-terminated, *@len bytes). Returns 0,
 * -EINVAL with the reason in @err (a bad name or image pattern), or -ENOMEM.
 */
int bl_generate(const struct bl_gen_input *in, char **text, size_t *len, char *err, size_t errlen);

/* The name of a learn kind ("exec", "connect"), or "unknown". */
const char *bl_gen_kind_name(__u32 kind);
/* The BL_LEARNED_* bits of @val for @kind as names, comma-separated, into @buf. */
void bl_gen_details(__u32 kind, __u32 details, char *buf, size_t size);
/* CLOCK_BOOTTIME @ns as UTC ISO-8601 to the second, "2026-12-01T21:36:09Z", from @btime. */
void bl_gen_time(__u64 btime, __u64 ns, char *buf, size_t size);

#endif /* BL_POLICY_GENERATE_H */
