// SPDX-License-Identifier: GPL-2.0
/*
 * Device rules ([devices]) as path-trie keys (BL_KEY_DEV in include/boxlock.h): a node is judged
 * by its type and number, whatever it is called, so a node made with mknod under a new name is
 * the same device. "block *" and "char 1:*" are prefixes of the keys they cover.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

#define DEV_MAJOR_MAX 0xfff /* the kernel's dev_t: 12 bits of major, 20 of minor */
#define DEV_MINOR_MAX 0xfffff

static int number(const char *s, size_t len, unsigned long max, unsigned long *out)
{
	char buf[16], *end;

	if (!len || len >= sizeof(buf) || s[0] == '-' || s[0] == '+')
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	errno = 0;
	*out = strtoul(buf, &end, 10);
	return errno || *end || *out > max ? -1 : 0;
}

int blp_parse_device(const char *text, struct blp_path *out, char *err, size_t errlen)
{
	const char *num, *colon;
	unsigned long major, minor;
	char type, q[80];

	memset(out, 0, sizeof(*out));
	blp_quote(q, sizeof(q), text);
	if (!strncmp(text, "block", 5))
		type = 'b';
	else if (!strncmp(text, "char", 4))
		type = 'c';
	else
		goto bad;
	num = text + (type == 'b' ? 5 : 4);
	if (*num != ' ' && *num != '\t')
		goto bad;
	num += strspn(num, " \t");
	out->path[0] = BL_KEY_DEV;
	out->path[1] = type;
	if (!strcmp(num, "*")) {
		out->dir = true;
		return 0;
	}
	colon = strchr(num, ':');
	if (!colon || number(num, (size_t)(colon - num), DEV_MAJOR_MAX, &major))
		goto bad;
	if (!strcmp(colon + 1, "*")) {
		snprintf(out->path + 2, sizeof(out->path) - 2, "%03lx", major);
		out->dir = true;
		return 0;
	}
	if (number(colon + 1, strlen(colon + 1), DEV_MINOR_MAX, &minor))
		goto bad;
	snprintf(out->path + 2, sizeof(out->path) - 2, "%03lx%05lx", major, minor);
	return 0;
bad:
	snprintf(err, errlen,
		 "bad device, found '%s', expected 'block' or 'char', then MAJOR:MINOR, MAJOR:* or "
		 "* (major 0-%d, minor 0-%d, in decimal as ls -l shows them)",
		 q, DEV_MAJOR_MAX, DEV_MINOR_MAX);
	return -EINVAL;
}

/* A device key as its rule names it: "block 8:*", "char 1:1". */
void blp_device_text(const char *key, size_t len, char *buf, size_t size)
{
	const char *type = len > 1 && key[1] == 'b' ? "block" : "char";
	unsigned long major = 0, minor = 0;

	if (len >= 5)
		sscanf(key + 2, "%3lx", &major);
	if (len >= 10)
		sscanf(key + 5, "%5lx", &minor);
	if (len < 5)
		snprintf(buf, size, "%s *", type);
	else if (len < 10)
		snprintf(buf, size, "%s %lu:*", type, major);
	else
		snprintf(buf, size, "%s %lu:%lu", type, major, minor);
}
