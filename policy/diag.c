// SPDX-License-Identifier: GPL-2.0
/* Diagnostics: every error of a parse or compile, kept in order, printed together. */
#define _GNU_SOURCE /* asprintf */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

static void diag_addv(struct bl_diag *d, const char *file, unsigned int line, const char *fmt,
		      va_list ap)
{
	char *msg = NULL, *full = NULL, **v;
	int n;

	if (vasprintf(&msg, fmt, ap) < 0)
		return; /* out of memory: the caller's failure still stands */
	/* Line 0 is the file as a whole (it cannot be read, or a limit of the whole set). */
	if (line)
		n = asprintf(&full, "%s:%u: %s", file, line, msg);
	else
		n = asprintf(&full, "%s: %s", file, msg);
	free(msg);
	if (n < 0)
		return;
	v = realloc(d->msgs, (d->n + 1) * sizeof(*v));
	if (!v) {
		free(full);
		return;
	}
	v[d->n++] = full;
	d->msgs = v;
}

void bl_diag_add(struct bl_diag *d, const char *file, unsigned int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_addv(d, file, line, fmt, ap);
	va_end(ap);
}

void blp_error(struct blp_errs *e, unsigned int line, const char *fmt, ...)
{
	va_list ap;

	/* A file with hundreds of errors is the wrong file: past the limit, say so once. */
	if (e->n == BLP_MAX_ERRORS)
		bl_diag_add(e->diag, e->file, line, "too many errors (%d), not reporting more",
			    BLP_MAX_ERRORS);
	if (e->n++ >= BLP_MAX_ERRORS)
		return;
	va_start(ap, fmt);
	diag_addv(e->diag, e->file, line, fmt, ap);
	va_end(ap);
}

void bl_diag_print(const struct bl_diag *d, FILE *out)
{
	for (size_t i = 0; i < d->n; i++)
		fprintf(out, "policy: %s\n", d->msgs[i]);
}

void bl_diag_free(struct bl_diag *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->msgs[i]);
	free(d->msgs);
	d->msgs = NULL;
	d->n = 0;
}
