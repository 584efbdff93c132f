// SPDX-License-Identifier: GPL-2.0
/* Names a profile uses: its own and its parent's, image patterns (and matching them), fs types. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "internal.h"

static bool in_set(char c, const char *extra)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c && strchr(extra, c));
}

int blp_parse_name(const char *tok, char *err, size_t errlen)
{
	size_t len = strlen(tok);
	char q[80];

	/* The name is also a file name (<name>.ini) and an argument: keep it to a safe set. */
	bool ok = len > 0 && len < BL_NAME_MAX && in_set(tok[0], "");

	for (size_t i = 1; ok && i < len; i++)
		ok = in_set(tok[i], "._-");
	if (ok)
		return 0;
	snprintf(err, errlen,
		 "bad profile name, found '%s', expected at most %d characters of a-z 0-9 . _ -, "
		 "starting with a letter or digit",
		 blp_quote(q, sizeof(q), tok), BL_NAME_MAX - 1);
	return -EINVAL;
}

int blp_parse_image(const char *tok, char *err, size_t errlen)
{
	size_t len = strlen(tok);
	bool ok = len > 0 && len <= BLP_MAX_IMAGE_LEN;
	char q[80];

	for (size_t i = 0; ok && i < len; i++)
		ok = in_set(tok[i], "ABCDEFGHIJKLMNOPQRSTUVWXYZ._-/:@*");
	if (ok)
		return 0;
	snprintf(err, errlen,
		 "bad image pattern, found '%s', expected an image reference of at most %d "
		 "characters with '*' wildcards, like nginx:* or docker.io/library/nginx:1.*",
		 blp_quote(q, sizeof(q), tok), BLP_MAX_IMAGE_LEN);
	return -EINVAL;
}

int blp_parse_fstype(const char *tok, char *err, size_t errlen)
{
	size_t len = strlen(tok);
	bool ok = len > 0 && len < BL_FSTYPE_MAX;
	char q[80];

	for (size_t i = 0; ok && i < len; i++)
		ok = in_set(tok[i], "._+-");
	if (ok)
		return 0;
	snprintf(err, errlen,
		 "bad filesystem type, found '%s', expected a name as /proc/filesystems lists it "
		 "(a-z 0-9 . _ + -, at most %d characters), like tmpfs or proc",
		 blp_quote(q, sizeof(q), tok), BL_FSTYPE_MAX - 1);
	return -EINVAL;
}

bool bl_image_match(const char *pattern, const char *image)
{
	const char *star = NULL, *resume = NULL;

	/* '*' matches any run of characters; on a mismatch, let the last '*' take one more. */
	while (*image) {
		if (*pattern == '*') {
			star = pattern++;
			resume = image;
		} else if (*pattern == *image) {
			pattern++;
			image++;
		} else if (star) {
			pattern = star + 1;
			image = ++resume;
		} else {
			return false;
		}
	}
	while (*pattern == '*')
		pattern++;
	return !*pattern;
}

const struct bl_policy *bl_policy_set_match(const struct bl_policy_set *set, const char *image)
{
	for (size_t i = 0; i < set->n; i++)
		for (size_t j = 0; j < set->v[i]->n_images; j++)
			if (bl_image_match(set->v[i]->images[j], image))
				return set->v[i];
	return NULL;
}
