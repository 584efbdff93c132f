/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A bounded FIFO of event lines for the publisher (publish.c). When it is full the NEWEST line
 * is refused and counted: what is queued is an unbroken run from the oldest unsent event, so a
 * flood (an attacker's noise, or a long outage) cannot push out the first events of an incident,
 * and the consumer sees one gap, named by a marker, where the loss happened. No locking here: the
 * caller holds its lock. Entries are only ever removed from the head, so a pointer from
 * bl_fifo_peek stays valid until the caller pops it.
 */
#ifndef BL_FIFO_H
#define BL_FIFO_H

#include <stddef.h>

struct bl_fifo {
	char **slot;
	size_t cap;
	size_t head; /* index of the oldest entry */
	size_t len;
};

int bl_fifo_init(struct bl_fifo *f, size_t cap);
void bl_fifo_free(struct bl_fifo *f);
/* Takes a copy of line. 0, -ENOSPC when full (nothing changed), -ENOMEM. */
int bl_fifo_push(struct bl_fifo *f, const char *line);
/* The i-th oldest entry, NULL past the end. */
const char *bl_fifo_peek(const struct bl_fifo *f, size_t i);
/* Frees the n oldest entries (at most len). */
void bl_fifo_pop(struct bl_fifo *f, size_t n);

static inline size_t bl_fifo_room(const struct bl_fifo *f)
{
	return f->cap - f->len;
}

#endif /* BL_FIFO_H */
