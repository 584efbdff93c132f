// SPDX-License-Identifier: GPL-2.0
/* The one definition of every map, and the licence the LSM hooks need. */
#define BL_DEFINE_MAPS
#include "maps.h"

char LICENSE[] SEC("license") = "GPL";
