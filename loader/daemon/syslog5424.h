/* SPDX-License-Identifier: GPL-2.0 */
/*
 * --syslog: each event as an RFC 5424 message,
 *   <PRI>1 TIMESTAMP HOSTNAME boxlock PROCID MSGID [boxlock@32473 name="value" ...] BOM MSG
 * its scalar fields as SD-PARAMs (objects one level deep as "container.name", arrays of scalars
 * joined with ","), MSGID the verdict (or "daemon"), MSG one sentence. 32473 is the private
 * enterprise number RFC 5612 reserves for documentation: a site with its own number can replace
 * it. Sent as datagrams to --syslog-to udp:HOST:PORT | unix:PATH; plain --syslog (TO NULL) sends
 * the JSON line through syslog(3) instead, which journald, the usual owner of /dev/log, parses.
 */
#ifndef BL_SYSLOG5424_H
#define BL_SYSLOG5424_H

#include <jansson.h>

#define BL_SYSLOG_SD_ID "boxlock@32473"

struct bl_syslog;

struct bl_syslog_header {
	int facility; /* LOG_DAEMON ... (already shifted, as in syslog.h) */
	const char *hostname;
	int pid;
	const char *now; /* RFC 3339 timestamp used when the event has no "time" */
};

/* The message for EV, malloc'ed, no trailing newline; NULL when out of memory. Pure. */
char *bl_syslog5424_format(json_t *ev, const struct bl_syslog_header *h);

/* TO: NULL (syslog(3), RFC 3164 to /dev/log), "udp:HOST:PORT" or "unix:PATH" (RFC 5424). 0 or -errno (a malformed TO, a host that
 * does not resolve); an unreachable receiver is retried at each event, not an error here. */
int bl_syslog_open(const char *to, struct bl_syslog **out);
/* Sends EV; never blocks (a full socket drops the message, counted and said once). */
void bl_syslog_event(struct bl_syslog *s, json_t *ev);
void bl_syslog_close(struct bl_syslog *s);

#endif /* BL_SYSLOG5424_H */
