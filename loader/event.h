/* SPDX-License-Identifier: GPL-2.0 */
/* An event from the ring buffer, as an operator reads it. Field names are a stable interface:
 * see docs/events.md. */
#ifndef BL_EVENT_H
#define BL_EVENT_H

#include <jansson.h>
#include "pins.h"
#include "boxlock.h"

/* The event as a JSON object, with names resolved through the maps (profile, rule, cgroup). */
json_t *bl_event_json(const struct bl_maps *m, const struct bl_event *e);
/* One line of text from that object. */
void bl_event_print_line(json_t *ev, FILE *out);

#endif /* BL_EVENT_H */
