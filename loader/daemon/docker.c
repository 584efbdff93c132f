// SPDX-License-Identifier: GPL-2.0
/* Docker's Engine API over its unix socket: libcurl does HTTP, jansson does JSON. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "curl_dl.h"
#include "docker.h"

#define BODY_MAX (16 << 20) /* no answer boxlock asks for is near this: a hostile one is cut */

struct buf {
	char *p;
	size_t len;
	bool too_big;
};

static size_t collect(char *data, size_t size, size_t n, void *arg)
{
	struct buf *b = arg;
	size_t len = size * n;
	char *p;

	if (b->len + len > BODY_MAX) {
		b->too_big = true;
		return 0; /* makes curl fail the transfer */
	}
	p = realloc(b->p, b->len + len + 1);
	if (!p)
		return 0;
	memcpy(p + b->len, data, len);
	b->p = p;
	b->len += len;
	b->p[b->len] = 0;
	return len;
}

static CURL *handle(const char *sock, const char *path)
{
	char url[512];
	CURL *c;

	if (bl_curl_open())
		return NULL;
	c = bl_curl.easy_init();
	if (!c)
		return NULL;
	/* The host part is ignored over a unix socket; Docker wants some name there. */
	snprintf(url, sizeof(url), "http://docker/%s%s", BL_DOCKER_API, path);
	bl_curl.easy_setopt(c, CURLOPT_UNIX_SOCKET_PATH, sock);
	bl_curl.easy_setopt(c, CURLOPT_URL, url);
	bl_curl.easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	bl_curl.easy_setopt(c, CURLOPT_FAILONERROR, 1L);
	bl_curl.easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 5L);
	return c;
}

int bl_docker_get(const char *sock, const char *path, json_t **out)
{
	struct buf b = {};
	json_error_t jerr;
	CURLcode rc;
	CURL *c;
	int err = 0;

	c = handle(sock, path);
	if (!c)
		return -ENOMEM;
	bl_curl.easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	bl_curl.easy_setopt(c, CURLOPT_WRITEDATA, &b);
	bl_curl.easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	rc = bl_curl.easy_perform(c);
	if (rc != CURLE_OK) {
		err = rc == CURLE_COULDNT_CONNECT ? -ECONNREFUSED : b.too_big ? -E2BIG : -EIO;
		goto out;
	}
	*out = json_loadb(b.p ? b.p : "", b.len, 0, &jerr);
	if (!*out)
		err = -EBADMSG;
out:
	bl_curl.easy_cleanup(c);
	free(b.p);
	return err;
}

static void copy_string(char *dst, size_t len, json_t *s)
{
	snprintf(dst, len, "%s", json_is_string(s) ? json_string_value(s) : "");
}

int bl_docker_inspect(const char *sock, const char *id, struct bl_container *c)
{
	char path[256];
	json_t *j, *pid;
	int err;

	if (strspn(id, "0123456789abcdef") != strlen(id) || strlen(id) > 64)
		return -EINVAL; /* ids come from the event stream: never put anything else in a URL */
	snprintf(path, sizeof(path), "/containers/%s/json", id);
	err = bl_docker_get(sock, path, &j);
	if (err)
		return err;
	memset(c, 0, sizeof(*c));
	copy_string(c->id, sizeof(c->id), json_object_get(j, "Id"));
	copy_string(c->name, sizeof(c->name), json_object_get(j, "Name"));
	copy_string(c->image, sizeof(c->image),
		    json_object_get(json_object_get(j, "Config"), "Image"));
	pid = json_object_get(json_object_get(j, "State"), "Pid");
	c->pid = json_is_integer(pid) ? (int)json_integer_value(pid) : 0;
	json_decref(j);
	return c->id[0] ? 0 : -EBADMSG;
}

int bl_docker_running(const char *sock, json_t **ids)
{
	json_t *list, *ctr;
	size_t i;
	int err;

	err = bl_docker_get(sock, "/containers/json", &list);
	if (err)
		return err;
	if (!json_is_array(list)) {
		json_decref(list);
		return -EBADMSG;
	}
	*ids = json_array();
	json_array_foreach(list, i, ctr) {
		json_t *id = json_object_get(ctr, "Id");

		if (json_is_string(id))
			json_array_append(*ids, id);
	}
	json_decref(list);
	return 0;
}

/* The event stream: one JSON object per line, handed to the caller as each line completes. */
struct stream {
	struct buf line;
	int (*fn)(const char *action, const char *id, void *arg);
	void *arg;
	volatile bool *stop;
	bool stopped;
};

static void handle_line(struct stream *s, const char *line, size_t len)
{
	json_t *ev, *action, *id;
	json_error_t jerr;

	ev = json_loadb(line, len, 0, &jerr);
	if (!ev)
		return; /* a line that is not JSON is not an event: skip it */
	action = json_object_get(ev, "Action");
	id = json_object_get(json_object_get(ev, "Actor"), "ID");
	if (json_is_string(action) && json_is_string(id) &&
	    !strcmp(json_string_value(json_object_get(ev, "Type")), "container") &&
	    s->fn(json_string_value(action), json_string_value(id), s->arg))
		s->stopped = true;
	json_decref(ev);
}

static size_t on_stream(char *data, size_t size, size_t n, void *arg)
{
	struct stream *s = arg;
	size_t len = size * n;
	char *nl;

	if (s->stopped || *s->stop)
		return 0;
	if (!collect(data, size, n, &s->line))
		return 0;
	while ((nl = memchr(s->line.p, '\n', s->line.len))) {
		size_t l = (size_t)(nl - s->line.p);

		handle_line(s, s->line.p, l);
		memmove(s->line.p, nl + 1, s->line.len - l - 1);
		s->line.len -= l + 1;
		s->line.p[s->line.len] = 0;
	}
	return s->stopped ? 0 : len;
}

/* Wakes the transfer up now and then so that a stop request is seen while the stream is idle. */
static int on_progress(void *arg, curl_off_t a, curl_off_t b, curl_off_t c, curl_off_t d)
{
	struct stream *s = arg;

	(void)a;
	(void)b;
	(void)c;
	(void)d;
	return *s->stop ? 1 : 0;
}

int bl_docker_follow(const char *sock, int (*fn)(const char *action, const char *id, void *arg),
		     void *arg, volatile bool *stop)
{
	struct stream s = { .fn = fn, .arg = arg, .stop = stop };
	CURLcode rc;
	CURL *c;

	c = handle(sock, "/events?filters=%7B%22type%22%3A%5B%22container%22%5D%7D");
	if (!c)
		return -ENOMEM;
	bl_curl.easy_setopt(c, CURLOPT_WRITEFUNCTION, on_stream);
	bl_curl.easy_setopt(c, CURLOPT_WRITEDATA, &s);
	bl_curl.easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
	bl_curl.easy_setopt(c, CURLOPT_XFERINFODATA, &s);
	bl_curl.easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	rc = bl_curl.easy_perform(c);
	bl_curl.easy_cleanup(c);
	free(s.line.p);
	if (rc == CURLE_COULDNT_CONNECT)
		return -ECONNREFUSED;
	return 0;
}
