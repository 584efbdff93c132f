// SPDX-License-Identifier: GPL-2.0
/*
 * The RFC 5424 formatter (loader/daemon/syslog5424.c): the header, PRI from the verdict as
 * syslog(3) had it, the event's scalar fields as SD-PARAMs with '"', '\' and ']' escaped, names
 * made valid SD-NAMEs, nested objects flattened one level, the BOM before the MSG.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <cmocka.h>
#include "daemon/syslog5424.h"

static const struct bl_syslog_header hdr = {
	.facility = LOG_DAEMON,
	.hostname = "node-1",
	.pid = 4242,
	.now = "2026-12-02T10:00:00.000001Z",
};

static char *fmt(const char *json)
{
	json_t *ev = json_loads(json, 0, NULL);
	char *s;

	assert_non_null(ev);
	s = bl_syslog5424_format(ev, &hdr);
	json_decref(ev);
	assert_non_null(s);
	return s;
}

static void denied_event(void **state)
{
	char *s = fmt("{\"time\":\"2026-12-02T09:59:59.123456Z\",\"verdict\":\"denied\","
		      "\"hook\":\"file_open\",\"profile\":\"default\",\"pid\":12,\"comm\":\"sh\","
		      "\"path\":\"/proc/sysrq-trigger\",\"access\":[\"write\"],"
		      "\"rule\":\"files: deny-write /proc/sysrq-trigger (default.ini:35)\","
		      "\"container\":{\"id\":\"abc\",\"name\":\"web\",\"image\":\"nginx\"}}");
	regex_t re;

	(void)state;
	/* LOG_DAEMON (3) * 8 + LOG_WARNING (4) = 28 */
	assert_int_equal(regcomp(&re,
				 "^<28>1 2026-12-02T09:59:59\\.123456Z node-1 boxlock 4242 denied "
				 "\\[boxlock@32473 [^]]*\\] \xef\xbb\xbf"
				 "denied file_open /proc/sysrq-trigger by sh \\(pid 12\\) in "
				 "container web under default: files: deny-write",
				 REG_EXTENDED | REG_NOSUB),
			 0);
	if (regexec(&re, s, 0, NULL, 0))
		fail_msg("no match: %s", s);
	regfree(&re);
	assert_non_null(strstr(s, " hook=\"file_open\""));
	assert_non_null(strstr(s, " pid=\"12\""));
	assert_non_null(strstr(s, " access=\"write\""));
	assert_non_null(strstr(s, " container.name=\"web\""));
	assert_non_null(
		strstr(s, " rule=\"files: deny-write /proc/sysrq-trigger (default.ini:35)\""));
	free(s);
}

static void audited_is_notice(void **state)
{
	char *s = fmt("{\"verdict\":\"audited\",\"hook\":\"capable\"}");

	(void)state;
	/* No time in the event: the header's. 3 * 8 + LOG_NOTICE (5) = 29 */
	assert_true(!strncmp(s,
			     "<29>1 2026-12-02T10:00:00.000001Z node-1 boxlock 4242 audited "
			     "[boxlock@32473 ",
			     strlen("<29>1 2026-12-02T10:00:00.000001Z node-1 boxlock 4242 audited "
				    "[boxlock@32473 ")));
	free(s);
}

static void escapes(void **state)
{
	char *s = fmt("{\"verdict\":\"denied\",\"path\":\"/tmp/a\\\"b\\\\c]d\\ne\"}");

	(void)state;
	/* RFC 5424 6.3.3: the three characters with a backslash; a newline is not let through. */
	assert_non_null(strstr(s, " path=\"/tmp/a\\\"b\\\\c\\]d?e\"]"));
	assert_null(strchr(s, '\n'));
	free(s);
}

static void names(void **state)
{
	char *s = fmt("{\"a b=c]\\\"d\":\"1\",\"x23456789012345678901234567890123456789\":2,"
		      "\"nested\":{\"deep\":{\"x\":1},\"k\":true},\"nothing\":null}");
	char *sd, *end;

	(void)state;
	/* Invalid characters replaced, at most 32 characters, objects in objects left out. */
	assert_non_null(strstr(s, " a_b_c__d=\"1\""));
	assert_non_null(strstr(s, " x2345678901234567890123456789012=\"2\""));
	assert_non_null(strstr(s, " nested.k=\"true\""));
	assert_null(strstr(s, "deep"));
	assert_null(strstr(s, "nothing"));
	/* Every SD-NAME: 1 to 32 of PRINTUSASCII without '=', ' ', ']', '"'. */
	sd = strchr(s, '[');
	end = strstr(sd, "] \xef\xbb\xbf");
	assert_non_null(end);
	for (char *p = strchr(sd, ' '); p && p < end; p = strstr(p + 1, "\" ")) {
		char *name = p[0] == ' ' ? p + 1 : p + 2, *eq = strchr(name, '=');

		assert_non_null(eq);
		assert_in_range(eq - name, 1, 32);
		for (char *c = name; c < eq; c++)
			assert_true(*c > ' ' && *c <= '~' && *c != ']' && *c != '"');
	}
	free(s);
}

static void daemon_event(void **state)
{
	char *s = fmt("{\"kind\":\"daemon\",\"what\":\"publish-dropped\",\"dropped\":7}");

	(void)state;
	assert_non_null(strstr(s, " boxlock 4242 daemon [boxlock@32473 "));
	assert_non_null(strstr(s, " dropped=\"7\""));
	assert_non_null(strstr(s, "\xef\xbb\xbf"
				  "daemon: publish-dropped"));
	free(s);
}

static void empty_event(void **state)
{
	char *s = fmt("{}");

	(void)state;
	assert_string_equal(s, "<29>1 2026-12-02T10:00:00.000001Z node-1 boxlock 4242 - "
			       "[boxlock@32473] \xef\xbb\xbf? ?");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(denied_event), cmocka_unit_test(audited_is_notice),
		cmocka_unit_test(escapes),	cmocka_unit_test(names),
		cmocka_unit_test(daemon_event), cmocka_unit_test(empty_event),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
