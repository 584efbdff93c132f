/* SPDX-License-Identifier: GPL-2.0 */
/* An event from the ring buffer, as an operator reads it. Field names are a stable interface:
 * see docs/events.md. */
#ifndef BL_EVENT_H
#define BL_EVENT_H

#include <limits.h>
#include <stdio.h>
#include <jansson.h>
#include "pins.h"
#include "boxlock.h"

/* What an event's numbers stand for on this host: looked up by bl_event_json, by hand in tests. */
struct bl_event_names {
	char time[64]; /* RFC 3339 UTC */
	char profile[BL_NAME_MAX]; /* "?" when the id is free */
	char rule[BL_RULE_TEXT_MAX]; /* empty when no rule decided */
	char cgroup[PATH_MAX]; /* empty when the cgroup is gone */
	char bound_cgroup[PATH_MAX];
};

/* The event as a JSON object, with names resolved through the maps (profile, rule, cgroup). */
json_t *bl_event_json(const struct bl_maps *m, const struct bl_event *e);
/* The same from names already looked up: pure formatting. */
json_t *bl_event_json_named(const struct bl_event *e, const struct bl_event_names *n);
/* CLOCK_BOOTTIME @boot_ns as RFC 3339 UTC with microseconds, the boot having been
 * @boot_realtime_ns (CLOCK_REALTIME minus CLOCK_BOOTTIME) after the epoch. */
void bl_event_time(__u64 boot_ns, __s64 boot_realtime_ns, char *buf, size_t len);
/* @s as a JSON string, bytes that are not valid UTF-8 as the text \xHH; NULL out of memory. */
json_t *bl_json_text(const char *s);
/* One line of text from that object. */
void bl_event_print_line(json_t *ev, FILE *out);

#endif /* BL_EVENT_H */
