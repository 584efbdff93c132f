// SPDX-License-Identifier: GPL-2.0
/*
 * GET /metrics over HTTP, by libmicrohttpd on a thread of its own. boxlock makes the listening
 * socket itself and hands it over (MHD_OPTION_LISTEN_SOCKET): the same code path for TCP and a
 * unix socket, whose mode and stale file are boxlock's to handle. Anything but /metrics is 404,
 * anything but GET or HEAD 405. A scrape formats into its own buffer (metrics.c copies the
 * counters under a short lock), so a slow client never holds the event loop.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli.h"
#include "metrics.h"
#include "mhd_dl.h"

#define CONTENT_TYPE "text/plain; version=0.0.4"

struct bl_metrics_http {
	struct MHD_Daemon *mhd;
	int fd;
	char unix_path[sizeof(((struct sockaddr_un *)0)->sun_path)]; /* removed at stop */
};

int bl_metrics_parse_addr(const char *s, struct bl_metrics_addr *a)
{
	const char *colon, *host;
	size_t host_len;
	char *end;
	long port;

	memset(a, 0, sizeof(*a));
	if (!strncmp(s, "unix:", 5)) {
		if (s[5] != '/' || strlen(s + 5) >= sizeof(a->path))
			return -EINVAL;
		a->family = AF_UNIX;
		strcpy(a->path, s + 5);
		return 0;
	}
	if (s[0] == '[') {
		const char *close = strchr(s, ']');

		if (!close || close[1] != ':')
			return -EINVAL;
		a->family = AF_INET6;
		host = s + 1;
		host_len = close - host;
		colon = close + 1;
	} else {
		colon = strrchr(s, ':');
		if (!colon || strchr(s, ':') != colon)
			return -EINVAL;
		a->family = AF_INET;
		host = s;
		host_len = colon - s;
	}
	if (!host_len || host_len >= sizeof(a->host))
		return -EINVAL;
	memcpy(a->host, host, host_len);
	a->host[host_len] = 0;
	if (a->family == AF_INET ? inet_pton(AF_INET, a->host, &(struct in_addr){}) != 1 :
				   inet_pton(AF_INET6, a->host, &(struct in6_addr){}) != 1)
		return -EINVAL;
	errno = 0;
	port = strtol(colon + 1, &end, 10);
	if (errno || end == colon + 1 || *end || port < 1 || port > 65535)
		return -EINVAL;
	a->port = (unsigned short)port;
	return 0;
}

/* A unix socket file left by a daemon that died is replaced; one that answers is not ours. */
static int unix_prepare(const struct sockaddr_un *sa)
{
	char dir[sizeof(sa->sun_path)], *slash;
	struct stat st;
	int fd, live;

	snprintf(dir, sizeof(dir), "%s", sa->sun_path);
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = 0;
		if (mkdir(dir, 0755) && errno != EEXIST)
			return -errno;
	}
	if (lstat(sa->sun_path, &st))
		return errno == ENOENT ? 0 : -errno;
	if (!S_ISSOCK(st.st_mode))
		return -EEXIST; /* not a socket: not ours to remove */
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	live = !connect(fd, (const struct sockaddr *)sa, sizeof(*sa));
	close(fd);
	if (live)
		return -EADDRINUSE;
	return unlink(sa->sun_path) && errno != ENOENT ? -errno : 0;
}

int bl_metrics_listen(const struct bl_metrics_addr *a)
{
	union {
		struct sockaddr sa;
		struct sockaddr_in in;
		struct sockaddr_in6 in6;
		struct sockaddr_un un;
	} u = {};
	socklen_t len;
	int fd, err, one = 1;

	if (a->family == AF_UNIX) {
		u.un.sun_family = AF_UNIX;
		snprintf(u.un.sun_path, sizeof(u.un.sun_path), "%s", a->path);
		len = sizeof(u.un);
		if ((err = unix_prepare(&u.un)))
			return err;
	} else if (a->family == AF_INET) {
		u.in.sin_family = AF_INET;
		u.in.sin_port = htons(a->port);
		inet_pton(AF_INET, a->host, &u.in.sin_addr);
		len = sizeof(u.in);
	} else {
		u.in6.sin6_family = AF_INET6;
		u.in6.sin6_port = htons(a->port);
		inet_pton(AF_INET6, a->host, &u.in6.sin6_addr);
		len = sizeof(u.in6);
	}
	fd = socket(a->family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (a->family != AF_UNIX)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (a->family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	if (bind(fd, &u.sa, len))
		goto fail;
	/* Before listen(), so no one connects while the mode is still the umask's. */
	if (a->family == AF_UNIX && chmod(a->path, 0660))
		goto fail;
	if (listen(fd, 16))
		goto fail;
	return fd;
fail:
	err = -errno;
	close(fd);
	if (a->family == AF_UNIX)
		unlink(a->path);
	return err;
}

static enum MHD_Result reply(struct MHD_Connection *c, unsigned int status, char *body, size_t len,
			     enum MHD_ResponseMemoryMode mode)
{
	struct MHD_Response *r = bl_mhd.create_response_from_buffer(len, body, mode);
	enum MHD_Result ret;

	if (!r) {
		if (mode == MHD_RESPMEM_MUST_FREE)
			free(body);
		return MHD_NO;
	}
	bl_mhd.add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
				   status == MHD_HTTP_OK ? CONTENT_TYPE : "text/plain");
	ret = bl_mhd.queue_response(c, status, r);
	bl_mhd.destroy_response(r);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version, const char *upload,
				  size_t *upload_len, void **state)
{
	static char not_found[] = "boxlock: metrics are at /metrics\n";
	static char not_allowed[] = "boxlock: metrics: GET only\n";
	static char failed[] = "boxlock: metrics: out of memory\n";
	struct bl_metrics *m = cls;
	struct bl_mtext w;
	char *body;

	(void)version;
	(void)upload;
	(void)upload_len;
	(void)state;
	if (strcmp(method, MHD_HTTP_METHOD_GET) && strcmp(method, MHD_HTTP_METHOD_HEAD))
		return reply(c, MHD_HTTP_METHOD_NOT_ALLOWED, not_allowed, strlen(not_allowed),
			     MHD_RESPMEM_PERSISTENT);
	if (strcmp(url, "/metrics"))
		return reply(c, MHD_HTTP_NOT_FOUND, not_found, strlen(not_found),
			     MHD_RESPMEM_PERSISTENT);
	bl_mtext_init(&w);
	if (bl_metrics_render(m, &w)) {
		bl_mtext_free(&w);
		return reply(c, MHD_HTTP_INTERNAL_SERVER_ERROR, failed, strlen(failed),
			     MHD_RESPMEM_PERSISTENT);
	}
	body = w.buf;
	w.buf = NULL; /* libmicrohttpd frees it with the response */
	size_t len = w.len;

	bl_mtext_free(&w);
	return reply(c, MHD_HTTP_OK, body ? body : strdup(""), len, MHD_RESPMEM_MUST_FREE);
}

int bl_metrics_serve(struct bl_metrics *m, const char *spec, struct bl_metrics_http **out)
{
	struct bl_metrics_http *h;
	struct bl_metrics_addr a;
	unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
	int err = bl_metrics_parse_addr(spec, &a);

	if (err) {
		bl_err("daemon: metrics: '%s': expected HOST:PORT, [IPV6]:PORT or unix:/PATH",
		       spec);
		return err;
	}
	err = bl_mhd_open();
	if (err)
		return err;
	h = calloc(1, sizeof(*h));
	if (!h)
		return -ENOMEM;
	h->fd = bl_metrics_listen(&a);
	if (h->fd < 0) {
		err = h->fd;
		bl_err("daemon: metrics: cannot listen on %s: %s", spec, strerror(-err));
		free(h);
		return err;
	}
	if (a.family == AF_UNIX)
		snprintf(h->unix_path, sizeof(h->unix_path), "%s", a.path);
	if (a.family == AF_INET6)
		flags |= MHD_USE_IPv6;
	h->mhd = bl_mhd.start_daemon(flags, 0, NULL, NULL, on_request, m, MHD_OPTION_LISTEN_SOCKET,
				     h->fd, MHD_OPTION_CONNECTION_LIMIT, 16U,
				     MHD_OPTION_CONNECTION_TIMEOUT, 10U, MHD_OPTION_END);
	if (!h->mhd) {
		bl_err("daemon: metrics: libmicrohttpd does not start on %s", spec);
		close(h->fd);
		if (h->unix_path[0])
			unlink(h->unix_path);
		free(h);
		return -EIO;
	}
	*out = h;
	return 0;
}

void bl_metrics_stop(struct bl_metrics_http *h)
{
	if (!h)
		return;
	bl_mhd.stop_daemon(h->mhd); /* it closes the listening socket it was given */
	if (h->unix_path[0])
		unlink(h->unix_path);
	free(h);
}
