/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The capabilities no loaded profile judges (struct bl_settings's cap_unjudged), which `capable`
 * allows before it looks for the task's profile. The mask is only ever 0 (judge everything) or
 * exact for the profiles in the map: writers of profiles clear it before a change that may make a
 * capability judged, and recompute it after. The caller holds the lock (lock.h).
 */
#ifndef BL_CAP_MASK_H
#define BL_CAP_MASK_H

#include <stddef.h>
#include "boxlock.h"

/* The capabilities none of @n profiles judges: none denies it (or audits a denial), none learns;
 * a mode this binary does not know judges everything. Pure. */
__u64 bl_cap_unjudged(const struct bl_profile *v, size_t n);

/* The maps are passed by fd, not as struct bl_maps: install (pins.c) calls this with its own.
 * Sets the mask to 0: every capability judged the full way. 0 or -errno. */
int bl_cap_mask_clear(int settings_fd);

/*
 * Recomputes the mask from the profiles map. A profile name without an entry (a set that failed
 * after handing out its ids) needs no care here: bind refuses it (bind.c), so nothing is bound to
 * it. It runs under the lock at every store, so it makes few syscalls: one walk of the profiles.
 * On failure
 * the mask keeps its value (0 when cleared before; after a removal, exact for a superset of the
 * profiles, so still strict enough), and that is said. */
void bl_cap_mask_update(int settings_fd, int profiles_fd);

#endif /* BL_CAP_MASK_H */
