// SPDX-License-Identifier: GPL-2.0
/*
 * Which cgroup a response acts on, and when it must not act at all. Pure string logic over
 * cgroup paths, so that every refusal is unit-tested: freezing the wrong cgroup stops the host.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "daemon/response.h"

#define CG_ROOT "/sys/fs/cgroup"

/* Whether @a is @b or an ancestor of it, by whole path components. */
static int at_or_above(const char *a, const char *b)
{
	size_t n = strlen(a);

	while (n > 1 && a[n - 1] == '/')
		n--;
	return !strncmp(a, b, n) && (b[n] == 0 || b[n] == '/');
}

static int refuse(char *why, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int refuse(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
	return -EPERM;
}

int bl_response_target(const struct bl_response_where *w, char *out, size_t len, char *why,
		       size_t why_len)
{
	const char *target = w->bound;
	int i;

	why[0] = 0;
	if (!w->cgroup || !w->cgroup[0] || !w->bound || !w->bound[0]) {
		snprintf(why, why_len, "the cgroup is gone, or was never known");
		return -ENOENT;
	}
	if (!at_or_above(w->bound, w->cgroup))
		return refuse(why, why_len, "%s is not at or below the bound cgroup %s", w->cgroup,
			      w->bound);
	for (i = 0; i < w->n_parents; i++) {
		size_t n = strlen(w->parents[i]), c;

		if (strcmp(w->bound, w->parents[i]))
			continue;
		/* The parent holds every container: act on the one this task is in. */
		if (!at_or_above(w->parents[i], w->cgroup) || !w->cgroup[n])
			return refuse(why, why_len,
				      "%s is the container parent itself, not a container",
				      w->cgroup);
		c = strcspn(w->cgroup + n + 1, "/");
		if (n + 1 + c >= len)
			return refuse(why, why_len, "%s: path too long", w->cgroup);
		memcpy(out, w->cgroup, n + 1 + c);
		out[n + 1 + c] = 0;
		target = out;
		break;
	}
	if (target != out) {
		if (strlen(target) >= len)
			return refuse(why, why_len, "%s: path too long", target);
		strcpy(out, target);
	}
	if (at_or_above(out, CG_ROOT))
		return refuse(why, why_len, "%s is the root cgroup", out);
	if (strncmp(out, CG_ROOT "/", sizeof(CG_ROOT)))
		return refuse(why, why_len, "%s is not under %s", out, CG_ROOT);
	for (i = 0; i < w->n_keep; i++)
		if (w->keep[i] && at_or_above(out, w->keep[i]))
			return refuse(why, why_len,
				      "%s is or holds %s (%s): never frozen or killed", out,
				      w->keep_what[i], w->keep[i]);
	for (i = 0; i < w->n_parents; i++)
		if (at_or_above(out, w->parents[i]))
			return refuse(why, why_len,
				      "%s is, or holds, the container parent %s: every container",
				      out, w->parents[i]);
	return 0;
}
