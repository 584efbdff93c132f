// SPDX-License-Identifier: GPL-2.0
/* How container runtimes and systemd name cgroups (see cgnames.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "doctor/cgnames.h"

#define ID_LEN 64

/* Whether @s begins with a container id: 64 lowercase hex digits, as Docker and podman write. */
static bool starts_with_id(const char *s)
{
	for (int i = 0; i < ID_LEN; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

static bool is_id(const char *s)
{
	return strlen(s) == ID_LEN && starts_with_id(s);
}

static bool has_prefix(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* @base is PREFIX + something + ".scope"; with @id, that something is a container id. */
static bool is_scope(const char *base, const char *prefix, bool id)
{
	size_t n = strlen(base), p = strlen(prefix), s = strlen(".scope");

	if (n <= p + s || !has_prefix(base, prefix) || strcmp(base + n - s, ".scope"))
		return false;
	return !id || (n == p + ID_LEN + s && starts_with_id(base + p));
}

bool bl_cgname_is_container(const char *rel, const char *const *namespaces)
{
	const char *slash = strrchr(rel, '/'), *base = slash ? slash + 1 : rel;
	size_t parent_len = slash ? (size_t)(slash - rel) : 0;
	const char *parent_base = parent_len ? rel : NULL;

	if (!*base)
		return false;
	if (is_scope(base, "docker-", true) || is_scope(base, "libpod-", true) ||
	    is_scope(base, "cri-containerd-", false) ||
	    (is_scope(base, "crio-", false) && !has_prefix(base, "crio-conmon-")) || is_id(base))
		return true;
	if (parent_base) {
		/* The parent's own name: what follows the slash before it. */
		for (const char *p = rel; p < slash; p++)
			if (*p == '/')
				parent_base = p + 1;
		if ((size_t)(slash - parent_base) == strlen("libpod_parent") &&
		    has_prefix(parent_base, "libpod_parent") && has_prefix(base, "libpod-") &&
		    base[strlen("libpod-")] && !has_prefix(base, "libpod-conmon-"))
			return true;
	}
	/* A namespace's cgroup is at the top: NAMESPACE/ID, nothing deeper. */
	if (slash && parent_base == rel && namespaces)
		for (const char *const *ns = namespaces; *ns; ns++)
			if (strlen(*ns) == parent_len && !strncmp(rel, *ns, parent_len))
				return true;
	return false;
}

int bl_cgname_slice_path(const char *name, char *buf, size_t len)
{
	size_t n = strlen(name), s = strlen(".slice"), out = 0;

	if (len)
		buf[0] = 0;
	if (n <= s || strcmp(name + n - s, ".slice") || strchr(name, '/'))
		return -EINVAL;
	if (!strcmp(name, "-.slice"))
		return 0;
	n -= s;
	/* Each dash ends a parent: a-b-c.slice is a.slice/a-b.slice/a-b-c.slice. */
	for (size_t i = 0; i <= n; i++) {
		int w;

		if (i < n && name[i] != '-')
			continue;
		if (!i || name[i - 1] == '-' || (i < n && i + 1 == n))
			return -EINVAL; /* a leading, doubled or trailing dash */
		w = snprintf(buf + out, len - out, "%s%.*s.slice", out ? "/" : "", (int)i, name);
		if (w < 0 || (size_t)w >= len - out)
			return -ENAMETOOLONG;
		out += (size_t)w;
	}
	return 0;
}
