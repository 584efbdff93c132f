// SPDX-License-Identifier: GPL-2.0
/*
 * The Prometheus text format's writer. Label values are escaped (\ " and newline, as the format
 * says); HELP text escapes \ and newline. Names are the caller's constants and are not checked
 * here: the guest test runs `promtool check metrics` over the whole output.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "metrics_text.h"
#include "utf8.h"

void bl_mtext_init(struct bl_mtext *w)
{
	memset(w, 0, sizeof(*w));
}

void bl_mtext_free(struct bl_mtext *w)
{
	for (size_t i = 0; i < w->n_families; i++)
		free(w->families[i]);
	free(w->families);
	free(w->buf);
	memset(w, 0, sizeof(*w));
}

static int reserve(struct bl_mtext *w, size_t more)
{
	size_t cap = w->cap ? w->cap : 4096;
	char *buf;

	if (w->err)
		return w->err;
	while (cap < w->len + more + 1)
		cap *= 2;
	if (cap == w->cap)
		return 0;
	buf = realloc(w->buf, cap);
	if (!buf)
		return w->err = -ENOMEM;
	w->buf = buf;
	w->cap = cap;
	return 0;
}

static void put(struct bl_mtext *w, const char *s, size_t n)
{
	if (reserve(w, n))
		return;
	memcpy(w->buf + w->len, s, n);
	w->len += n;
	w->buf[w->len] = 0;
}

static void puts_(struct bl_mtext *w, const char *s)
{
	put(w, s, strlen(s));
}

__attribute__((format(printf, 2, 3))) static void putf(struct bl_mtext *w, const char *fmt, ...)
{
	char tmp[64];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n > 0)
		put(w, tmp, (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

/*
 * @s escaped: \ and newline always, " too in a label value. The format is UTF-8 and Prometheus
 * refuses a whole scrape over one bad byte, so a byte that is not UTF-8 (a reload's error quoting
 * a profile file's bytes) is written as the text \xHH, its backslash escaped.
 */
static void put_escaped(struct bl_mtext *w, const char *s, int quote)
{
	size_t left = strlen(s), n;
	char hex[8];

	for (; *s; s += n, left -= n) {
		n = bl_utf8_seq((const unsigned char *)s, left);
		if (!n) {
			snprintf(hex, sizeof(hex), "\\\\x%02x", (unsigned char)*s);
			puts_(w, hex);
			n = 1;
		} else if (*s == '\\')
			puts_(w, "\\\\");
		else if (*s == '\n')
			puts_(w, "\\n");
		else if (*s == '"' && quote)
			puts_(w, "\\\"");
		else
			put(w, s, n);
	}
}

void bl_mtext_family(struct bl_mtext *w, const char *name, const char *type, const char *help)
{
	char **fams, *copy;

	for (size_t i = 0; i < w->n_families; i++)
		if (!strcmp(w->families[i], name))
			return;
	if (w->err)
		return;
	fams = realloc(w->families, (w->n_families + 1) * sizeof(*fams));
	copy = strdup(name);
	if (!fams || !copy) {
		free(copy);
		if (fams)
			w->families = fams;
		w->err = -ENOMEM;
		return;
	}
	w->families = fams;
	w->families[w->n_families++] = copy;
	puts_(w, "# HELP ");
	puts_(w, name);
	puts_(w, " ");
	put_escaped(w, help, 0);
	puts_(w, "\n# TYPE ");
	puts_(w, name);
	puts_(w, " ");
	puts_(w, type);
	puts_(w, "\n");
}

static void sample_head(struct bl_mtext *w, const char *name, const struct bl_mlabel *labels,
			size_t n)
{
	puts_(w, name);
	if (n) {
		puts_(w, "{");
		for (size_t i = 0; i < n; i++) {
			if (i)
				puts_(w, ",");
			puts_(w, labels[i].name);
			puts_(w, "=\"");
			put_escaped(w, labels[i].value ? labels[i].value : "", 1);
			puts_(w, "\"");
		}
		puts_(w, "}");
	}
	puts_(w, " ");
}

void bl_mtext_u64(struct bl_mtext *w, const char *name, const struct bl_mlabel *labels, size_t n,
		  __u64 value)
{
	sample_head(w, name, labels, n);
	putf(w, "%" PRIu64 "\n", (uint64_t)value);
}

void bl_mtext_double(struct bl_mtext *w, const char *name, const struct bl_mlabel *labels, size_t n,
		     double value)
{
	sample_head(w, name, labels, n);
	putf(w, "%.9g\n", value);
}

void bl_mtext_single(struct bl_mtext *w, const char *name, const char *type, const char *help,
		     __u64 value)
{
	bl_mtext_family(w, name, type, help);
	bl_mtext_u64(w, name, NULL, 0, value);
}
