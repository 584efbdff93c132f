// SPDX-License-Identifier: GPL-2.0
/* Turning ring buffer records into what an operator reads. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cgroup.h"
#include "event.h"
#include "names.h"
#include "policy.h"
#include "store.h"
#include "utf8.h"

void bl_event_time(__u64 boot_ns, __s64 boot_realtime_ns, char *buf, size_t len)
{
	__s64 ns = boot_realtime_ns + (__s64)boot_ns;
	time_t s = ns / 1000000000;
	struct tm tm;

	gmtime_r(&s, &tm);
	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(ns % 1000000000 / 1000));
}

/* When this boot began, in CLOCK_REALTIME nanoseconds: what turns the kernel's boot time into a
 * wall-clock time. */
static __s64 boot_realtime(void)
{
	struct timespec rt, bt;

	clock_gettime(CLOCK_REALTIME, &rt);
	clock_gettime(CLOCK_BOOTTIME, &bt);
	return (__s64)rt.tv_sec * 1000000000 + rt.tv_nsec -
	       ((__s64)bt.tv_sec * 1000000000 + bt.tv_nsec);
}

static json_t *access_json(__u32 access)
{
	json_t *a = json_array();

	if (access & BL_ACCESS_READ)
		json_array_append_new(a, json_string("read"));
	if (access & BL_ACCESS_WRITE)
		json_array_append_new(a, json_string("write"));
	if (access & BL_ACCESS_EXEC)
		json_array_append_new(a, json_string("exec"));
	return a;
}

/* Copies a fixed-size, maybe unterminated, kernel string. */
static void copy_str(char *dst, const char *src, size_t n)
{
	memcpy(dst, src, n);
	dst[n] = 0;
}

/*
 * A JSON string of @s, every byte that is not valid UTF-8 written as the text \xHH. JSON holds
 * only UTF-8 and jansson refuses anything else, so a name a contained task chose (its comm, a
 * file it made, a cgroup, or a rule's text cut mid-character) would otherwise make the whole
 * event vanish: no log line, no response, no metric. NULL only when out of memory.
 */
json_t *bl_json_text(const char *s)
{
	size_t len = strlen(s), o = 0;
	char *buf = malloc(len * 4 + 1);
	json_t *j;

	if (!buf)
		return NULL;
	for (size_t i = 0; i < len;) {
		size_t n = bl_utf8_seq((const unsigned char *)s + i, len - i);

		if (n) {
			memcpy(buf + o, s + i, n);
			o += n;
			i += n;
		} else {
			o += sprintf(buf + o, "\\x%02x", (unsigned char)s[i]);
			i++;
		}
	}
	j = json_stringn(buf, o);
	free(buf);
	return j;
}

/* The object the decision was about, by kind. */
static void add_object(json_t *j, const struct bl_event *e)
{
	char path[BL_EVENT_PATH_MAX + 1], fstype[BL_FSTYPE_MAX + 1], addr[INET6_ADDRSTRLEN];

	copy_str(path, e->path, BL_EVENT_PATH_MAX);
	copy_str(fstype, e->fstype, BL_FSTYPE_MAX);
	switch (e->object_kind) {
	case BL_OBJ_PATH:
		json_object_set_new(j, "path", bl_json_text(path));
		json_object_set_new(j, "access", access_json(e->access));
		if (e->access >> BL_ACCESS_OP_SHIFT) /* file_change, name_change */
			json_object_set_new(
				j, "operation",
				json_string(bl_file_op_name(e->access >> BL_ACCESS_OP_SHIFT)));
		break;
	case BL_OBJ_INET:
		inet_ntop(e->family == 4 ? AF_INET : AF_INET6, e->addr, addr, sizeof(addr));
		json_object_set_new(j, "address", json_string(addr));
		json_object_set_new(j, "port", json_integer(e->port));
		json_object_set_new(j, "protocol",
				    json_string(e->proto == 6  ? "tcp" :
						e->proto == 17 ? "udp" :
								 "other"));
		break;
	case BL_OBJ_CAP:
		json_object_set_new(j, "capability", json_integer(e->cap));
		json_object_set_new(j, "capability_name", json_string(bl_cap_name(e->cap)));
		break;
	case BL_OBJ_MOUNT:
		if (path[0])
			json_object_set_new(j, "path", bl_json_text(path));
		if (fstype[0])
			json_object_set_new(j, "fstype", bl_json_text(fstype));
		break;
	case BL_OBJ_NAME:
		if (path[0])
			json_object_set_new(j, "name", bl_json_text(path));
		json_object_set_new(j, "detail", json_integer(e->access));
		break;
	}
}

json_t *bl_event_json_named(const struct bl_event *e, const struct bl_event_names *n)
{
	char comm[sizeof(e->comm) + 1];
	json_t *j;

	copy_str(comm, e->comm, sizeof(e->comm));
	/* "o" takes the reference; a NULL (out of memory) fails the whole pack. */
	j = json_pack("{s:s,s:s,s:s,s:s,s:o,s:s,s:I,s:o,s:i,s:i,s:o,s:I,s:o,s:I,s:o}", "time",
		      n->time, "verdict", bl_verdict_name(e->verdict), "mode",
		      bl_mode_name(e->mode), "hook", bl_hook_name(e->hook), "profile",
		      bl_json_text(n->profile), "reason", bl_reason_name(e->reason), "rule_id",
		      (json_int_t)e->rule_id, "rule", bl_json_text(n->rule), "pid", (int)e->pid,
		      "tid", (int)e->tid, "comm", bl_json_text(comm), "cgroup_id",
		      (json_int_t)e->cgroup_id, "cgroup", bl_json_text(n->cgroup),
		      "bound_cgroup_id", (json_int_t)e->bound_cgroup_id, "bound_cgroup",
		      bl_json_text(n->bound_cgroup));
	if (!j)
		return NULL;
	add_object(j, e);
	return j;
}

json_t *bl_event_json(const struct bl_maps *m, const struct bl_event *e)
{
	struct bl_event_names n;

	bl_event_time(e->ts_ns, boot_realtime(), n.time, sizeof(n.time));
	bl_store_name(m, e->profile_id, n.profile, sizeof(n.profile));
	bl_store_rule_text(m, e->rules_slot, e->rule_id, n.rule, sizeof(n.rule));
	if (bl_cgroup_path(e->cgroup_id, n.cgroup, sizeof(n.cgroup)))
		n.cgroup[0] = 0; /* the cgroup may be gone already */
	if (bl_cgroup_path(e->bound_cgroup_id, n.bound_cgroup, sizeof(n.bound_cgroup)))
		n.bound_cgroup[0] = 0;
	return bl_event_json_named(e, &n);
}

void bl_event_print_line(json_t *ev, FILE *out)
{
	const char *key;
	json_t *v;

	fprintf(out, "%s %s %s", json_string_value(json_object_get(ev, "time")),
		json_string_value(json_object_get(ev, "verdict")),
		json_string_value(json_object_get(ev, "hook")));
	json_object_foreach(ev, key, v) {
		char *s;

		if (!strcmp(key, "time") || !strcmp(key, "verdict") || !strcmp(key, "hook"))
			continue;
		if (json_is_string(v)) {
			fprintf(out, " %s='%s'", key, json_string_value(v));
			continue;
		}
		s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		fprintf(out, " %s=%s", key, s ? s : "?");
		free(s);
	}
	fputc('\n', out);
}
