// SPDX-License-Identifier: GPL-2.0
/* The publisher's bounded FIFO: a ring of strdup'ed lines (fifo.h says why the newest is dropped). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "fifo.h"

int bl_fifo_init(struct bl_fifo *f, size_t cap)
{
	memset(f, 0, sizeof(*f));
	if (!cap)
		return -EINVAL;
	f->slot = calloc(cap, sizeof(*f->slot));
	if (!f->slot)
		return -ENOMEM;
	f->cap = cap;
	return 0;
}

void bl_fifo_free(struct bl_fifo *f)
{
	bl_fifo_pop(f, f->len);
	free(f->slot);
	memset(f, 0, sizeof(*f));
}

int bl_fifo_push(struct bl_fifo *f, const char *line)
{
	char *copy;

	if (f->len == f->cap)
		return -ENOSPC;
	copy = strdup(line);
	if (!copy)
		return -ENOMEM;
	f->slot[(f->head + f->len) % f->cap] = copy;
	f->len++;
	return 0;
}

const char *bl_fifo_peek(const struct bl_fifo *f, size_t i)
{
	return i < f->len ? f->slot[(f->head + i) % f->cap] : NULL;
}

void bl_fifo_pop(struct bl_fifo *f, size_t n)
{
	if (n > f->len)
		n = f->len;
	for (size_t i = 0; i < n; i++) {
		free(f->slot[f->head]);
		f->slot[f->head] = NULL;
		f->head = (f->head + 1) % f->cap;
	}
	f->len -= n;
}
