/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the unit tests share: cmocka and its prerequisites, compiling a profile from a string,
 * reading diagnostics, finding a compiled entry, and files in a temporary directory. Each test
 * file includes this first; everything here is static inline, so a file pays for what it uses.
 */
#ifndef BL_UNIT_H
#define BL_UNIT_H

/* cmocka.h needs these before it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include "internal.h"

/* Compiles @text as @name on its own; fails the test, printing every message, unless it
 * compiles without one. */
static inline struct bl_policy *unit_compile_as(const char *text, const char *name)
{
	struct bl_policy *p = NULL;
	struct bl_diag d = {};
	int err = bl_policy_parse_string(text, name, &p, &d);

	if (err || d.n || !p) {
		bl_diag_print(&d, stderr);
		fail_msg("expected no errors, got %d (%zu messages) for:\n%s", err, d.n, text);
	}
	bl_diag_free(&d);
	return p;
}

/* The same as t.ini, the name the messages of unit_expect_error start with. */
static inline struct bl_policy *unit_compile(const char *text)
{
	return unit_compile_as(text, "t.ini");
}

/*
 * True when a message is at @where ("t.ini:3:") and says @what. @where begins the message or
 * ends its file's directory ("child.ini:3:" matches "/tmp/dir/child.ini:3: ..."), so a shorter
 * file name never matches inside a longer one.
 */
static inline bool unit_has_msg(const struct bl_diag *d, const char *where, const char *what)
{
	for (size_t i = 0; i < d->n; i++) {
		const char *m = d->msgs[i], *at = strstr(m, where);

		for (; at; at = strstr(at + 1, where))
			if ((at == m || at[-1] == '/') && !memchr(m, ' ', (size_t)(at - m)) &&
			    strstr(at, what))
				return true;
	}
	return false;
}

/* Compiling @text as t.ini fails with -EINVAL, no profile, and a message @where saying @what. */
static inline void unit_expect_error(const char *text, const char *where, const char *what)
{
	struct bl_policy *p = (void *)1; /* must come back NULL */
	struct bl_diag d = {};
	int err = bl_policy_parse_string(text, "t.ini", &p, &d);

	if (err != -EINVAL || p || !unit_has_msg(&d, where, what)) {
		bl_diag_print(&d, stderr);
		fail_msg("expected -EINVAL and '%s ... %s', got %d for:\n%s", where, what, err,
			 text);
	}
	bl_diag_free(&d);
}

/* The path entry whose key is @path: "/d/" a prefix entry, anything else an exact one. */
static inline const struct bl_path_entry *unit_path_entry(const struct bl_policy *p,
							  const char *path)
{
	size_t len = strlen(path);
	bool prefix = path[len - 1] == '/';
	__u32 plen = (__u32)(32 + 8 * (prefix ? len : len + 1));

	for (size_t i = 0; i < p->n_paths; i++)
		if (p->paths[i].key.prefixlen == plen && !memcmp(p->paths[i].key.path, path, len))
			return &p->paths[i];
	fail_msg("no entry for '%s'", path);
	return NULL;
}

/* A temporary directory for a test file's files: unit_dir_setup and unit_dir_teardown are a
 * cmocka group's setup and teardown. */
static char unit_dir[] = "/tmp/bl-unit-XXXXXX";

static inline int unit_dir_setup(void **state)
{
	(void)state;
	return mkdtemp(unit_dir) ? 0 : -1;
}

static inline int unit_dir_teardown(void **state)
{
	char cmd[64];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", unit_dir);
	return system(cmd);
}

/* Writes @text to @name (subdirectories must exist) in unit_dir; the path stays valid for the
 * next seven calls. */
static inline const char *unit_put_file(const char *name, const char *text)
{
	static char path[8][128];
	static int next;
	char *p = path[next++ % 8];
	FILE *f;

	snprintf(p, 128, "%s/%s", unit_dir, name);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return p;
}

#endif /* BL_UNIT_H */
