// SPDX-License-Identifier: GPL-2.0
/* --publish's URL: where the publisher connects and which stream it appends to. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "publish.h"

/* The server trims the stream to about this many entries (XADD MAXLEN ~): a fleet engine that
 * stops reading must not fill the server's memory. ?maxlen=0 turns trimming off. */
#define BL_PUBLISH_MAXLEN_DEFAULT 1000000ULL

static int parse_query(const char *q, struct bl_publish_target *t)
{
	char *end;

	if (strncmp(q, "maxlen=", 7))
		return -EINVAL;
	errno = 0;
	t->maxlen = strtoull(q + 7, &end, 10);
	if (errno || end == q + 7 || *end)
		return -EINVAL;
	return 0;
}

/* Copies [s, s + n) into dst of size dsz, refusing what does not fit or is empty. */
static int copy_part(char *dst, size_t dsz, const char *s, size_t n)
{
	if (!n || n >= dsz)
		return -EINVAL;
	memcpy(dst, s, n);
	dst[n] = 0;
	return 0;
}

static int parse_tcp(const char *s, const char *slash, struct bl_publish_target *t)
{
	const char *colon, *host = s, *host_end;
	char *end;

	if (*s == '[') { /* [v6]:port */
		host = s + 1;
		host_end = memchr(host, ']', slash - host);
		if (!host_end)
			return -EINVAL;
		colon = host_end + 1 < slash && host_end[1] == ':' ? host_end + 1 : NULL;
		if (!colon && host_end + 1 != slash)
			return -EINVAL;
	} else {
		colon = memchr(s, ':', slash - s);
		host_end = colon ? colon : slash;
	}
	if (copy_part(t->host, sizeof(t->host), host, host_end - host))
		return -EINVAL;
	t->port = 6379;
	if (colon) {
		long port = strtol(colon + 1, &end, 10);

		if (end != slash || end == colon + 1 || port < 1 || port > 65535)
			return -EINVAL;
		t->port = port;
	}
	return 0;
}

int bl_publish_parse_url(const char *url, struct bl_publish_target *t)
{
	const char *rest, *q, *slash, *end;
	int err;

	memset(t, 0, sizeof(*t));
	t->maxlen = BL_PUBLISH_MAXLEN_DEFAULT;
	q = strchr(url, '?');
	end = q ? q : url + strlen(url);
	if (q && parse_query(q + 1, t))
		goto bad;
	if (!strncmp(url, "redis://", 8)) {
		rest = url + 8;
		slash = memchr(rest, '/', end - rest);
		if (!slash || parse_tcp(rest, slash, t))
			goto bad;
	} else if (!strncmp(url, "redis+unix://", 13)) {
		rest = url + 13;
		/* The socket is everything up to the last '/': redis+unix:///run/redis.sock/events */
		slash = end;
		while (slash > rest && slash[-1] != '/')
			slash--;
		if (slash <= rest || *rest != '/')
			goto bad;
		slash--;
		if (copy_part(t->path, sizeof(t->path), rest, slash - rest))
			goto bad;
	} else {
		goto bad;
	}
	err = copy_part(t->stream, sizeof(t->stream), slash + 1, end - slash - 1);
	if (err || memchr(t->stream, '/', strlen(t->stream)))
		goto bad;
	return 0;
bad:
	bl_err("publish: '%s': expected redis://HOST[:PORT]/STREAM or redis+unix:///PATH/STREAM, "
	       "optionally ?maxlen=N",
	       url);
	return -EINVAL;
}
