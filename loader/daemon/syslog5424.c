// SPDX-License-Identifier: GPL-2.0
/* The RFC 5424 formatter (syslog5424.h); the socket is syslog_send.c's. */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include "daemon/syslog5424.h"

/* RFC 5424 6.3.3: in a PARAM-VALUE '"', '\' and ']' are escaped with '\'. Control characters
 * become '?': a receiver that splits on newlines must still see one message. */
static void put_value(FILE *f, const char *s)
{
	for (; *s; s++) {
		unsigned char ch = *s;

		if (ch == '"' || ch == '\\' || ch == ']')
			fputc('\\', f);
		fputc(ch < 0x20 || ch == 0x7f ? '?' : ch, f);
	}
}

/* SD-NAME: 1 to 32 printable US-ASCII characters except '=', ' ', ']', '"'; others become '_'. */
static void put_name(FILE *f, const char *prefix, const char *key)
{
	char name[33];
	int n = snprintf(name, sizeof(name), "%s%s%s", prefix ? prefix : "", prefix ? "." : "",
			 key);

	if (n < 0)
		return;
	for (char *c = name; *c; c++)
		if (*c <= ' ' || *c > '~' || *c == '=' || *c == ']' || *c == '"')
			*c = '_';
	fputs(name, f);
}

/* A scalar as text; false for objects, arrays and null. */
static bool scalar_text(json_t *v, char *buf, size_t sz, const char **out)
{
	switch (json_typeof(v)) {
	case JSON_STRING:
		*out = json_string_value(v);
		return true;
	case JSON_INTEGER:
		snprintf(buf, sz, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		break;
	case JSON_REAL:
		snprintf(buf, sz, "%.3f", json_real_value(v));
		break;
	case JSON_TRUE:
		snprintf(buf, sz, "true");
		break;
	case JSON_FALSE:
		snprintf(buf, sz, "false");
		break;
	default:
		return false;
	}
	*out = buf;
	return true;
}

static void put_param(FILE *f, const char *prefix, const char *key, json_t *v)
{
	const char *text;
	char buf[64];
	size_t i;
	json_t *e;

	if (json_is_array(v)) {
		bool first = true;

		put_name(f, prefix, key);
		fputs("=\"", f);
		json_array_foreach(v, i, e) {
			if (!scalar_text(e, buf, sizeof(buf), &text))
				continue;
			if (!first)
				fputc(',', f);
			put_value(f, text);
			first = false;
		}
		fputc('"', f);
		fputc(' ', f);
		return;
	}
	if (!scalar_text(v, buf, sizeof(buf), &text))
		return;
	put_name(f, prefix, key);
	fputs("=\"", f);
	put_value(f, text);
	fputs("\" ", f);
}

static void put_sd(FILE *f, json_t *ev)
{
	const char *k, *k2;
	json_t *v, *v2;
	long start;

	fputs("[" BL_SYSLOG_SD_ID " ", f);
	json_object_foreach(ev, k, v) {
		if (json_is_object(v)) {
			json_object_foreach(v, k2, v2)
				if (!json_is_object(v2))
					put_param(f, k, k2, v2);
		} else {
			put_param(f, NULL, k, v);
		}
	}
	/* The last SD-PARAM's trailing space becomes the closing bracket. */
	fflush(f);
	start = ftell(f);
	fseek(f, start - 1, SEEK_SET);
	fputc(']', f);
}

static const char *str(json_t *ev, const char *key)
{
	const char *s = json_string_value(json_object_get(ev, key));

	return s && *s ? s : NULL;
}

/* Text of the MSG: control characters become '?', as in put_value. */
static void put_text(FILE *f, const char *prefix, const char *s)
{
	fputs(prefix, f);
	for (; *s; s++)
		fputc((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s, f);
}

/* "denied file_open /proc/sysrq-trigger by bltry (pid 12) in container web under default: RULE" */
static void put_msg(FILE *f, json_t *ev)
{
	const char *ctr =
		json_string_value(json_object_get(json_object_get(ev, "container"), "name"));
	const char *what = str(ev, "path") ? str(ev, "path") : str(ev, "address");
	char pid[32];

	if (str(ev, "kind") && !strcmp(str(ev, "kind"), "daemon")) {
		put_text(f, "daemon: ", str(ev, "what") ? str(ev, "what") : "?");
		return;
	}
	put_text(f, "", str(ev, "verdict") ? str(ev, "verdict") : "?");
	put_text(f, " ", str(ev, "hook") ? str(ev, "hook") : "?");
	if (what)
		put_text(f, " ", what);
	if (str(ev, "comm")) {
		put_text(f, " by ", str(ev, "comm"));
		snprintf(pid, sizeof(pid), " (pid %" JSON_INTEGER_FORMAT ")",
			 json_integer_value(json_object_get(ev, "pid")));
		fputs(pid, f);
	}
	if (ctr && *ctr)
		put_text(f, " in container ", ctr);
	if (str(ev, "profile"))
		put_text(f, " under ", str(ev, "profile"));
	if (str(ev, "rule"))
		put_text(f, ": ", str(ev, "rule"));
	else if (str(ev, "reason"))
		put_text(f, ": ", str(ev, "reason"));
}

/* HOSTNAME, APP-NAME, PROCID: printable US-ASCII, no space; "-" when empty. */
static void put_header_field(FILE *f, const char *s, size_t max)
{
	size_t n = 0;

	for (; s && *s && n < max; s++, n++)
		fputc(*s > ' ' && *s <= '~' ? *s : '_', f);
	if (!n)
		fputc('-', f);
	fputc(' ', f);
}

char *bl_syslog5424_format(json_t *ev, const struct bl_syslog_header *h)
{
	const char *verdict = str(ev, "verdict"), *kind = str(ev, "kind");
	const char *msgid = kind && !strcmp(kind, "daemon") ? "daemon" : verdict;
	/* The mapping syslog(3) had: a denial is a warning, the rest a notice. */
	int sev = verdict && !strcmp(verdict, "denied") ? LOG_WARNING : LOG_NOTICE;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	fprintf(f, "<%d>1 ", (h->facility & LOG_FACMASK) | sev);
	put_header_field(f, str(ev, "time") ? str(ev, "time") : h->now, 64);
	put_header_field(f, h->hostname, 255);
	put_header_field(f, "boxlock", 48);
	fprintf(f, "%d ", h->pid);
	put_header_field(f, msgid, 32);
	put_sd(f, ev);
	/* RFC 5424 6.4: a UTF-8 MSG starts with the BOM. */
	fputs(" \xef\xbb\xbf", f);
	put_msg(f, ev);
	if (fclose(f)) {
		free(buf);
		return NULL;
	}
	return buf;
}
