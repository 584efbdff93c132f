/* SPDX-License-Identifier: GPL-2.0 */
/* Frozen containers in `boxlock container list`. */
#ifndef BL_CONTAINER_FROZEN_H
#define BL_CONTAINER_FROZEN_H

#include <jansson.h>

/* Adds "frozen": {frozen (cgroup.events), profile, rule, hook, since, ...} to each container of
 * @list that a response froze, and appends frozen cgroups that are no container of @list. */
void bl_frozen_annotate(json_t *list);
/* The plain listing's suffix for container @c: "  frozen: HOOK RULE", or "". */
const char *bl_frozen_why(json_t *c);

#endif /* BL_CONTAINER_FROZEN_H */
