/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Profiles: parsing the INI language (profiles/README.md) and compiling it into exactly the map
 * entries the BPF side reads (include/boxlock.h). Pure code: no BPF, no kernel, so it is unit-tested
 * and fuzzed on any machine.
 *
 * Every function returns 0 or a negative errno. Errors are appended to a struct bl_diag as
 * "FILE:LINE: message" lines; a profile with any error compiles to nothing.
 */
#ifndef BL_POLICY_POLICY_H
#define BL_POLICY_POLICY_H

#include <stddef.h>
#include <stdbool.h>
#include <stdio.h>
#include "boxlock.h"

/* Diagnostics: all the errors of a parse or a compile, in order. */
struct bl_diag {
	char **msgs;
	size_t n;
};

void bl_diag_add(struct bl_diag *d, const char *file, unsigned int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void bl_diag_print(const struct bl_diag *d, FILE *out);
void bl_diag_free(struct bl_diag *d);

/* One LPM trie entry of path rules; key.slot is 0 here and set when the profile is stored. */
struct bl_path_entry {
	struct bl_path_key key;
	struct bl_path_rule rule;
	/*
	 * Made by [learn] watch-read alone: every verdict it holds is copied from the entries
	 * around it. The loader stores no identity (inode_rules) for it, and no pseudo-filesystem
	 * key is made of it: those would carry the copied verdicts to the object's other names,
	 * and a watch must change no verdict.
	 */
	bool watch_only;
};

struct bl_net_entry {
	struct bl_net_key key;
	struct bl_net_rule rule;
};

struct bl_fstype_entry {
	struct bl_fstype_key key;
	struct bl_fstype_rule rule;
};

/*
 * A compiled profile. Rule ids are 1-based indexes into rule_text; rule id 0 means "no rule".
 * rule_text[i] describes rule i+1 as the operator wrote it, with its file and line, e.g.
 * "files: deny /var/run/docker.sock (default.ini:12)".
 */
struct bl_policy {
	char name[BL_NAME_MAX];
	char *file; /* where it was read from */
	char *description;
	char **images; /* image patterns with '*' wildcards */
	size_t n_images;
	char *extends; /* parent profile's name, NULL if none */
	__u32 mode; /* BL_MODE_*; 0 when the file does not say (inherits, else audit) */
	struct bl_profile prof; /* mode, flags, cap_deny, flag_rule, cap_rule; slot 0 */

	struct bl_path_entry *paths;
	size_t n_paths;
	struct bl_net_entry *nets;
	size_t n_nets;
	struct bl_fstype_entry *fstypes;
	size_t n_fstypes;
	int *syscalls; /* x86_64 syscall numbers denied by `boxlock run`'s seccomp filter */
	size_t n_syscalls;
	char (*rule_text)[BL_RULE_TEXT_MAX];
	size_t n_rules;
};

/* Parses and compiles one profile file on its own (extends left unresolved). */
int bl_policy_parse_file(const char *path, struct bl_policy **out, struct bl_diag *diag);
/* The same from a string; @name is used as the file name in messages. For tests and fuzzing. */
int bl_policy_parse_string(const char *text, const char *name, struct bl_policy **out,
			   struct bl_diag *diag);
void bl_policy_free(struct bl_policy *p);
/* The kinds of rule @p holds (BL_RK_* and BL_PF() bits): what says which hooks it needs. */
__u32 bl_policy_rule_kinds(const struct bl_policy *p);

/* A set of profiles, with `extends` resolved: what `boxlock profile load` stores. */
struct bl_policy_set {
	struct bl_policy **v;
	size_t n;
};

/*
 * Loads every file, resolves extends (parents may be in @files or in @search_dir; NULL: the
 * directory of the profile that extends), compiles. The set holds the profiles of @files only,
 * in their order; on any error it is empty and every error is in @diag.
 */
int bl_policy_set_load(const char *const *files, size_t n_files, const char *search_dir,
		       struct bl_policy_set *set, struct bl_diag *diag);
struct bl_policy *bl_policy_set_find(const struct bl_policy_set *set, const char *name);
/* The first profile of @set (in the order loaded) with an `images` pattern matching @image. */
const struct bl_policy *bl_policy_set_match(const struct bl_policy_set *set, const char *image);
/* Whether @image matches @pattern, where '*' matches any run of characters ('/' and ':' too). */
bool bl_image_match(const char *pattern, const char *image);
void bl_policy_set_free(struct bl_policy_set *set);

/* The profile, compiled, as JSON (for `boxlock profile show -j`) or plain text. */
int bl_policy_print(const struct bl_policy *p, FILE *out, bool json, bool pretty);
/* The profile's [syscalls] as a Docker/OCI seccomp JSON profile (default allow, listed EPERM). */
int bl_policy_write_seccomp(const struct bl_policy *p, FILE *out);

/* The capability's name without its CAP_ prefix ("SYS_ADMIN"), or "unknown". */
const char *bl_cap_name(unsigned int cap);

#endif /* BL_POLICY_POLICY_H */
