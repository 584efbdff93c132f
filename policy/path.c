// SPDX-License-Identifier: GPL-2.0
/*
 * Paths as rules name them. The BPF side matches the path the kernel resolved (d_path), which is
 * absolute and has no '.', '..' or '//': a rule written any other way could never match, so it is
 * refused rather than silently ignored.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "internal.h"

const char *const blp_access_names[BLP_ACCESS_COUNT] = {
	[BLP_READ] = "read",
	[BLP_WRITE] = "write",
	[BLP_EXEC] = "exec",
	[BLP_MOUNT_SRC] = "mount_src",
	[BLP_UNIX_CONNECT] = "unix_connect",
	[BLP_LEARN_READ] = "learn_read",
};

__u8 *blp_path_action(struct bl_path_rule *r, unsigned int access)
{
	switch (access) {
	case BLP_READ:
		return &r->read;
	case BLP_WRITE:
		return &r->write;
	case BLP_EXEC:
		return &r->exec;
	case BLP_MOUNT_SRC:
		return &r->mount_src;
	case BLP_LEARN_READ:
		return &r->learn_read;
	default:
		return &r->unix_connect;
	}
}

__u32 *blp_path_rule_id(struct bl_path_rule *r, unsigned int access)
{
	switch (access) {
	case BLP_READ:
		return &r->read_rule;
	case BLP_WRITE:
		return &r->write_rule;
	case BLP_EXEC:
		return &r->exec_rule;
	case BLP_MOUNT_SRC:
		return &r->mount_src_rule;
	case BLP_LEARN_READ:
		return &r->learn_read_rule;
	default:
		return &r->unix_connect_rule;
	}
}

int blp_parse_path(const char *tok, struct blp_path *out, char *err, size_t errlen)
{
	size_t len = strlen(tok);
	const char *c, *next;
	char q[80];

	memset(out, 0, sizeof(*out));
	blp_quote(q, sizeof(q), tok);
	if (tok[0] != '/') {
		snprintf(err, errlen,
			 "relative path, found '%s', expected an absolute path starting with '/'",
			 q);
		return -EINVAL;
	}
	if (len > BLP_PATH_MAX) {
		snprintf(err, errlen,
			 "path longer than %d bytes (the limit of the kernel's path trie key), "
			 "found %zu bytes '%s', expected a shorter path or one of its directories",
			 BLP_PATH_MAX, len, q);
		return -EINVAL;
	}
	if (strchr(tok, '*') || strchr(tok, '?')) {
		snprintf(err, errlen,
			 "wildcard in a path, found '%s', expected an exact path or a directory "
			 "ending in '/' (paths have no wildcards: list each path)",
			 q);
		return -EINVAL;
	}
	if (strchr(tok, ';')) {
		snprintf(
			err, errlen,
			"';' in a path, found '%s', expected a path without ';' (it starts a comment)",
			q);
		return -EINVAL;
	}
	/* Each component between slashes; the empty one after a trailing '/' marks a directory. */
	for (c = tok + 1; *c; c = next + 1) {
		size_t n;

		next = strchr(c, '/');
		if (!next)
			next = c + strlen(c);
		n = (size_t)(next - c);
		if (n == 0) {
			snprintf(err, errlen,
				 "empty component ('//') in a path, found '%s', expected one '/' "
				 "between names",
				 q);
			return -EINVAL;
		}
		if ((n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.')) {
			snprintf(err, errlen,
				 "'%.*s' component in a path, found '%s', expected a path without "
				 "'.' or '..' (rules match the path the kernel resolved)",
				 (int)n, c, q);
			return -EINVAL;
		}
		if (!*next)
			break;
	}
	memcpy(out->path, tok, len + 1);
	out->dir = tok[len - 1] == '/';
	return 0;
}
