// SPDX-License-Identifier: GPL-2.0
/* Small helpers of the policy compiler: files, UTF-8, messages, growing arrays. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

int blp_read_file(const char *path, char **text, size_t *len)
{
	size_t cap = 4096, n = 0, got;
	char *buf = NULL, *nb;
	FILE *f;
	int err = 0;

	*text = NULL;
	*len = 0;
	f = fopen(path, "re");
	if (!f)
		return -errno;
	for (;;) {
		if (!buf || n + 1 >= cap) {
			if (buf)
				cap *= 2;
			nb = realloc(buf, cap);
			if (!nb) {
				err = -ENOMEM;
				goto out;
			}
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
		if (n > BLP_MAX_FILE) {
			err = -EFBIG;
			goto out;
		}
		if (got == 0) {
			if (ferror(f))
				err = -EIO;
			break;
		}
	}
out:
	fclose(f);
	if (err) {
		free(buf);
		return err;
	}
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return 0;
}

/* Length of the UTF-8 sequence starting at @s (at most @len bytes), 0 if it is not one. */
static size_t utf8_seq(const unsigned char *s, size_t len)
{
	size_t n;
	unsigned int c;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	if (n > len)
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	/* Overlong forms, surrogates, and code points past U+10FFFF. */
	c = s[1];
	if ((s[0] == 0xe0 && c < 0xa0) || (s[0] == 0xed && c > 0x9f) ||
	    (s[0] == 0xf0 && c < 0x90) || (s[0] == 0xf4 && c > 0x8f))
		return 0;
	return n;
}

bool blp_utf8_valid(const char *s, size_t len, size_t *bad)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, n;

	while (i < len) {
		n = utf8_seq(u + i, len - i);
		if (!n) {
			if (bad)
				*bad = i;
			return false;
		}
		i += n;
	}
	return true;
}

size_t blp_utf8_cut(const char *s, size_t max)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len = strlen(s);

	if (len <= max)
		return len;
	/* Back up over continuation bytes so that the cut falls between characters. */
	while (max > 0 && (u[max] & 0xc0) == 0x80)
		max--;
	return max;
}

const char *blp_quote(char *buf, size_t size, const char *s)
{
	size_t keep = size > 4 ? size - 4 : 0;
	size_t n = blp_utf8_cut(s, keep);

	if (n == strlen(s))
		snprintf(buf, size, "%s", s);
	else
		snprintf(buf, size, "%.*s...", (int)n, s);
	return buf;
}

static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), row[64], prev, tmp;

	if (la >= 64 || lb >= 64)
		return (size_t)-1;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t best = prev + (a[i - 1] != b[j - 1]);

			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			tmp = row[j];
			row[j] = best;
			prev = tmp;
		}
	}
	return row[lb];
}

const char *blp_suggest(const char *word, const char *const *words, size_t n)
{
	const char *best = NULL;
	size_t best_d = 3; /* more than two edits away is not a typo */

	size_t len = strlen(word);

	for (size_t i = 0; i < n; i++) {
		size_t other = strlen(words[i]), d;

		/* The distance is at least the difference in length: skip the hopeless ones. */
		if (other + best_d <= len || len + best_d <= other)
			continue;
		d = edit_distance(word, words[i]);

		if (d < best_d) {
			best_d = d;
			best = words[i];
		}
	}
	return best;
}

const char *blp_basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

char *blp_strdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

int blp_grow(void **v, size_t *cap, size_t n, size_t size)
{
	size_t ncap;
	void *nv;

	if (n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 16;
	nv = realloc(*v, ncap * size);
	if (!nv)
		return -ENOMEM;
	*v = nv;
	*cap = ncap;
	return 0;
}
