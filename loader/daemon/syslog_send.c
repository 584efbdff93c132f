// SPDX-License-Identifier: GPL-2.0
/*
 * The syslog socket (syslog5424.h): one RFC 5424 datagram per event to a unix socket or UDP
 * (--syslog-to), or, with plain --syslog, the event's JSON line through syslog(3).
 * Sends never block the event thread: a receiver that is gone or full loses the message, which
 * is counted and said on stderr once per outage; the event log has every event regardless.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <netdb.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include "cli.h"
#include "daemon/syslog5424.h"

struct bl_syslog {
	struct sockaddr_storage addr;
	socklen_t addr_len;
	int family;
	int fd; /* -1 until connected */
	char to[300];
	char hostname[256];
	unsigned long long sent, failed;
	bool failing;
	/*
	 * Plain --syslog: the local syslog socket, through syslog(3), one JSON line per event.
	 * journald owns /dev/log on a systemd host and parses only RFC 3164 there
	 * (systemd/systemd#19251): an RFC 5424 message would lose its identifier and priority.
	 * RFC 5424 goes where a SIEM's collector listens: --syslog-to udp:|unix:.
	 */
	bool local;
	/* The event thread and the reload thread both send: one message, one connection at a time. */
	pthread_mutex_t lock;
};

static int parse_to(struct bl_syslog *s, const char *to)
{
	struct addrinfo hints = { .ai_socktype = SOCK_DGRAM }, *res;
	char host[256], *colon;
	struct sockaddr_un *un = (struct sockaddr_un *)&s->addr;
	int rc;

	if (!to || !strncmp(to, "unix:", 5)) {
		const char *path = to ? to + 5 : "/dev/log";

		if (!*path || strlen(path) >= sizeof(un->sun_path))
			goto bad;
		un->sun_family = AF_UNIX;
		strcpy(un->sun_path, path);
		s->addr_len = sizeof(*un);
		s->family = AF_UNIX;
		return 0;
	}
	if (strncmp(to, "udp:", 4) ||
	    snprintf(host, sizeof(host), "%s", to + 4) >= (int)sizeof(host))
		goto bad;
	colon = strrchr(host, ':');
	if (!colon || colon == host || !colon[1])
		goto bad;
	*colon = 0;
	if (host[0] == '[' && colon[-1] == ']') { /* udp:[::1]:514 */
		colon[-1] = 0;
		memmove(host, host + 1, strlen(host));
	}
	rc = getaddrinfo(host, colon + 1, &hints, &res);
	if (rc) {
		bl_err("syslog: --syslog-to %s: %s", to, gai_strerror(rc));
		return -EINVAL;
	}
	memcpy(&s->addr, res->ai_addr, res->ai_addrlen);
	s->addr_len = res->ai_addrlen;
	s->family = res->ai_family;
	freeaddrinfo(res);
	return 0;
bad:
	bl_err("syslog: --syslog-to '%s': expected udp:HOST:PORT or unix:PATH", to);
	return -EINVAL;
}

static int connect_sock(struct bl_syslog *s)
{
	if (s->fd >= 0)
		return 0;
	s->fd = socket(s->family, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (s->fd < 0)
		return -errno;
	if (connect(s->fd, (struct sockaddr *)&s->addr, s->addr_len)) {
		int err = -errno;

		close(s->fd);
		s->fd = -1;
		return err;
	}
	return 0;
}

int bl_syslog_open(const char *to, struct bl_syslog **out)
{
	struct bl_syslog *s = calloc(1, sizeof(*s));
	int err;

	*out = NULL;
	if (!s)
		return -ENOMEM;
	s->fd = -1;
	pthread_mutex_init(&s->lock, NULL);
	if (!to) {
		s->local = true;
		snprintf(s->to, sizeof(s->to), "syslog(3)");
		openlog("boxlock", LOG_PID, LOG_DAEMON);
		*out = s;
		return 0;
	}
	snprintf(s->to, sizeof(s->to), "%s", to ? to : "unix:/dev/log");
	if ((err = parse_to(s, to))) {
		free(s);
		return err;
	}
	if (gethostname(s->hostname, sizeof(s->hostname)))
		s->hostname[0] = 0;
	/* Not reachable yet is not fatal: a syslog daemon may start after us. Said, and retried. */
	if ((err = connect_sock(s)))
		bl_err("syslog: %s: %s: retrying at each event", s->to, strerror(-err));
	*out = s;
	return 0;
}

static void now_rfc3339(char *buf, size_t sz)
{
	struct timespec ts;
	struct tm tm;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	snprintf(buf, sz, "%04d-%02d-%02dT%02d:%02d:%02d.%06ldZ", tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000);
}

void bl_syslog_event(struct bl_syslog *s, json_t *ev)
{
	char now[96], *msg;
	struct bl_syslog_header h = {
		.facility = LOG_DAEMON,
		.hostname = s ? s->hostname : NULL,
		.pid = getpid(),
		.now = now,
	};
	int err = 0;
	size_t len;

	if (!s)
		return;
	if (s->local) {
		const char *verdict = json_string_value(json_object_get(ev, "verdict"));
		char *line = json_dumps(ev, JSON_COMPACT | JSON_SORT_KEYS);

		if (line)
			syslog(verdict && !strcmp(verdict, "denied") ? LOG_WARNING : LOG_NOTICE,
			       "%s", line);
		free(line);
		return;
	}
	now_rfc3339(now, sizeof(now));
	msg = bl_syslog5424_format(ev, &h);
	if (!msg) {
		err = -ENOMEM;
		goto failed;
	}
	len = strlen(msg);
	pthread_mutex_lock(&s->lock);
	/* Twice at most: a syslog daemon that restarted made the connected socket stale. */
	for (int i = 0; i < 2; i++) {
		if ((err = connect_sock(s)))
			continue;
		if (send(s->fd, msg, len, MSG_DONTWAIT | MSG_NOSIGNAL) == (ssize_t)len) {
			err = 0;
			break;
		}
		err = -errno;
		if (err == -EAGAIN || err == -EMSGSIZE)
			break; /* full, or too big: reconnecting will not help */
		close(s->fd);
		s->fd = -1;
	}
	free(msg);
	if (!err) {
		s->sent++;
		s->failing = false;
		pthread_mutex_unlock(&s->lock);
		return;
	}
	pthread_mutex_unlock(&s->lock);
failed:
	pthread_mutex_lock(&s->lock);
	s->failed++;
	if (!s->failing)
		bl_err("syslog: %s: %s: messages lost until it answers (the event log has them)",
		       s->to, strerror(-err));
	s->failing = true;
	pthread_mutex_unlock(&s->lock);
}

void bl_syslog_close(struct bl_syslog *s)
{
	if (!s)
		return;
	if (s->fd >= 0)
		close(s->fd);
	if (s->local)
		closelog();
	free(s);
}
