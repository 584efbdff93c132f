/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Prometheus text exposition format (version 0.0.4), written into a growing buffer: a family's
 * HELP and TYPE lines once, then its samples, label values escaped. Pure: no I/O, no locks, so
 * the scrape thread formats without holding anything the event loop needs.
 */
#ifndef BL_METRICS_TEXT_H
#define BL_METRICS_TEXT_H

#include <stddef.h>
#include <linux/types.h>

struct bl_mtext {
	char *buf; /* NUL-terminated while err is 0 */
	size_t len, cap;
	char **families; /* the families whose HELP and TYPE are written already */
	size_t n_families;
	int err; /* the first failure (-ENOMEM), sticky: the caller checks once at the end */
};

/* A label: its name and its value (any bytes; escaped as the format asks). */
struct bl_mlabel {
	const char *name;
	const char *value;
};

void bl_mtext_init(struct bl_mtext *w);
void bl_mtext_free(struct bl_mtext *w);

/* Starts family @name of @type ("counter", "gauge", "histogram") with @help; a family started
 * already is not repeated (the format allows one HELP and one TYPE per family). */
void bl_mtext_family(struct bl_mtext *w, const char *name, const char *type, const char *help);

/* One sample `name{labels} value`: @n labels (may be 0). @name may carry a suffix of the family
 * (_bucket, _sum, _count). */
void bl_mtext_u64(struct bl_mtext *w, const char *name, const struct bl_mlabel *labels, size_t n,
		  __u64 value);
void bl_mtext_double(struct bl_mtext *w, const char *name, const struct bl_mlabel *labels, size_t n,
		     double value);

/* A family of one unlabelled sample: what a module with one counter adds (see metrics.c). */
void bl_mtext_single(struct bl_mtext *w, const char *name, const char *type, const char *help,
		     __u64 value);

#endif /* BL_METRICS_TEXT_H */
