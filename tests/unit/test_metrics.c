// SPDX-License-Identifier: GPL-2.0
/*
 * The daemon's metrics (loader/daemon/metrics*.c): the text format's escaping and its one HELP
 * and TYPE per family; --metrics addresses; events counted by their labels, responses and the
 * histogram; a pinned map that cannot be read is said, not shown as zeros; and the real HTTP
 * server over a unix socket (mode 0660, a stale socket replaced, a live one refused, 404).
 */
#include <arpa/inet.h>
#include <jansson.h>
#include <sys/socket.h>
#include <sys/un.h>
#include "unit.h"
#include "daemon/daemon.h"
#include "daemon/metrics.h"

static void test_label_escaping(void **state)
{
	struct bl_mtext w;

	(void)state;
	bl_mtext_init(&w);
	bl_mtext_u64(&w, "x_total",
		     (struct bl_mlabel[]){ { "a", "back\\slash" }, { "b", "say \"hi\"\nbye" } }, 2,
		     7);
	bl_mtext_u64(&w, "x_total", NULL, 0, 18446744073709551615ull);
	assert_int_equal(w.err, 0);
	assert_string_equal(w.buf, "x_total{a=\"back\\\\slash\",b=\"say \\\"hi\\\"\\nbye\"} 7\n"
				   "x_total 18446744073709551615\n");
	bl_mtext_free(&w);
}

/* The format is UTF-8: a byte that is not (a reload error quoting a file) becomes the text \xHH,
 * its backslash escaped; a valid multi-byte character stays. */
static void test_label_not_utf8(void **state)
{
	struct bl_mtext w;

	(void)state;
	bl_mtext_init(&w);
	bl_mtext_u64(&w, "x", (struct bl_mlabel[]){ { "e", "caf\xc3\xa9 '\xff'" } }, 1, 1);
	assert_int_equal(w.err, 0);
	assert_string_equal(w.buf, "x{e=\"caf\xc3\xa9 '\\\\xff'\"} 1\n");
	bl_mtext_free(&w);
}

static void test_family_once(void **state)
{
	struct bl_mtext w;

	(void)state;
	bl_mtext_init(&w);
	bl_mtext_family(&w, "a_total", "counter", "A \\ thing\nover lines \"quoted\".");
	bl_mtext_u64(&w, "a_total", &(struct bl_mlabel){ "k", "1" }, 1, 1);
	bl_mtext_family(&w, "a_total", "counter", "A again.");
	bl_mtext_u64(&w, "a_total", &(struct bl_mlabel){ "k", "2" }, 1, 2);
	bl_mtext_single(&w, "b", "gauge", "B.", 3);
	bl_mtext_double(&w, "c_sum", NULL, 0, 0.25);
	assert_int_equal(w.err, 0);
	/* HELP escapes \ and newline, not quotes; the second family() of a_total writes nothing. */
	assert_string_equal(w.buf, "# HELP a_total A \\\\ thing\\nover lines \"quoted\".\n"
				   "# TYPE a_total counter\n"
				   "a_total{k=\"1\"} 1\n"
				   "a_total{k=\"2\"} 2\n"
				   "# HELP b B.\n"
				   "# TYPE b gauge\n"
				   "b 3\n"
				   "c_sum 0.25\n");
	bl_mtext_free(&w);
}

static void test_parse_addr(void **state)
{
	struct bl_metrics_addr a;

	(void)state;
	assert_int_equal(bl_metrics_parse_addr("127.0.0.1:9477", &a), 0);
	assert_int_equal(a.family, AF_INET);
	assert_string_equal(a.host, "127.0.0.1");
	assert_int_equal(a.port, 9477);
	assert_int_equal(bl_metrics_parse_addr("[::1]:9477", &a), 0);
	assert_int_equal(a.family, AF_INET6);
	assert_string_equal(a.host, "::1");
	assert_int_equal(bl_metrics_parse_addr("unix:/run/boxlock/metrics.sock", &a), 0);
	assert_int_equal(a.family, AF_UNIX);
	assert_string_equal(a.path, "/run/boxlock/metrics.sock");
	static const char *const bad[] = {
		"",
		"9477",
		"127.0.0.1",
		"127.0.0.1:",
		"127.0.0.1:0",
		"127.0.0.1:65536",
		"127.0.0.1:94x",
		"localhost:9477",
		"::1:9477",
		"[::1]9477",
		"[1.2.3.4]:80",
		"unix:relative.sock",
		"unix:",
		":9477",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (bl_metrics_parse_addr(bad[i], &a) != -EINVAL)
			fail_msg("'%s' accepted", bad[i]);
}

/* Maps that are all closed: every kernel number is unreadable. */
static struct bl_maps closed_maps(void)
{
	struct bl_maps m;

	memset(&m, 0xff, sizeof(m));
	return m;
}

static void event(struct bl_daemon *d, const char *json)
{
	json_t *j = json_loads(json, 0, NULL);

	assert_non_null(j);
	bl_metrics_event(d, NULL, j);
	json_decref(j);
}

static char *render(struct bl_metrics *m)
{
	struct bl_mtext w;
	char *out;

	bl_mtext_init(&w);
	assert_int_equal(bl_metrics_render(m, &w), 0);
	out = w.buf;
	w.buf = NULL;
	bl_mtext_free(&w);
	return out;
}

static void assert_has(const char *text, const char *line)
{
	if (!strstr(text, line))
		fail_msg("no '%s' in:\n%s", line, text);
}

static void test_events_counted(void **state)
{
	struct bl_maps maps = closed_maps();
	struct bl_daemon d = { .metrics = bl_metrics_new(&maps) };
	const char *deny = "{\"profile\":\"default\",\"rule\":\"files: deny-write /proc/x "
			   "(default.ini:3)\",\"hook\":\"file_open\",\"verdict\":\"denied\"}";
	char *out;

	(void)state;
	assert_non_null(d.metrics);
	for (int i = 0; i < 3; i++)
		event(&d, deny);
	event(&d, "{\"profile\":\"web\",\"rule\":\"r\",\"hook\":\"capable\",\"verdict\":"
		  "\"audited\",\"container\":{\"name\":\"web-1\"},\"response\":{\"action\":"
		  "\"freeze\",\"ms\":4.5}}");
	event(&d, "{\"kind\":\"daemon\",\"what\":\"reload-failed\"}"); /* not a denial */
	out = render(d.metrics);
	assert_has(out, "# TYPE boxlock_events_total counter\n");
	assert_has(out, "boxlock_events_total{profile=\"default\",rule=\"files: deny-write "
			"/proc/x (default.ini:3)\",hook=\"file_open\",verdict=\"denied\","
			"container=\"\"} 3\n");
	assert_has(out, "boxlock_events_total{profile=\"web\",rule=\"r\",hook=\"capable\","
			"verdict=\"audited\",container=\"web-1\"} 1\n");
	assert_null(strstr(out, "reload-failed"));
	assert_has(out, "boxlock_responses_total{profile=\"web\",container=\"web-1\","
			"action=\"freeze\"} 1\n");
	assert_has(out, "boxlock_response_seconds_bucket{le=\"0.0025\"} 0\n");
	assert_has(out, "boxlock_response_seconds_bucket{le=\"0.005\"} 1\n");
	assert_has(out, "boxlock_response_seconds_bucket{le=\"+Inf\"} 1\n");
	assert_has(out, "boxlock_response_seconds_count 1\n");
	assert_has(out, "boxlock_up 1\n");
	assert_has(out, "boxlock_build_info{version=\"" BOXLOCK_VERSION "\"} 1\n");
	/* Closed maps: said, and no kernel counter pretends to be 0. */
	assert_has(out,
		   "boxlock_kernel_read_errors{map=\"stats\",error=\"Bad file descriptor\"} 1");
	assert_null(strstr(out, "boxlock_kernel_stat_total{"));
	/* Once per map, though two readers failed on rule_info: no duplicate series. */
	assert_has(out, "boxlock_kernel_read_errors{map=\"rule_info\"");
	assert_null(strstr(strstr(out, "boxlock_kernel_read_errors{map=\"rule_info\"") + 1,
			   "boxlock_kernel_read_errors{map=\"rule_info\""));
	assert_null(strstr(out, "\nboxlock_bound_cgroups "));
	free(out);
	bl_metrics_free(d.metrics);
}

static void test_series_bounded(void **state)
{
	struct bl_maps maps = closed_maps();
	struct bl_daemon d = { .metrics = bl_metrics_new(&maps) };
	char json[128], *out;

	(void)state;
	for (int i = 0; i < BL_METRICS_MAX_SERIES + 5; i++) {
		snprintf(json, sizeof(json), "{\"profile\":\"p\",\"rule\":\"r%d\"}", i);
		event(&d, json);
	}
	out = render(d.metrics);
	assert_has(out, "boxlock_metrics_series_dropped_total 5\n");
	assert_has(out, "rule=\"r9999\"");
	assert_null(strstr(out, "rule=\"r10000\""));
	free(out);
	bl_metrics_free(d.metrics);
}

/* One HTTP/1.0 GET over the unix socket @path; the whole response. */
static char *get(const char *path, const char *url)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	static char buf[1 << 20];
	size_t len = 0;
	ssize_t n;
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	dprintf(fd, "GET %s HTTP/1.0\r\n\r\n", url);
	while ((n = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
		len += n;
	buf[len] = 0;
	close(fd);
	return buf;
}

static void test_http_unix(void **state)
{
	char dir[] = "/tmp/bl-metrics.XXXXXX", path[64];
	struct bl_maps maps = closed_maps();
	struct bl_metrics *m = bl_metrics_new(&maps);
	struct bl_metrics_http *h = NULL, *h2 = NULL;
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char spec[160];
	struct stat st;
	const char *r;
	int stale;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/run/metrics.sock", dir);
	snprintf(spec, sizeof(spec), "unix:%s", path);
	/* A socket left by a dead daemon: bound, never listening, its fd gone. */
	snprintf(path, sizeof(path), "%s/run", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/run/metrics.sock", dir);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	stale = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_int_equal(bind(stale, (struct sockaddr *)&sa, sizeof(sa)), 0);
	close(stale);

	assert_int_equal(bl_metrics_serve(m, spec, &h), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISSOCK(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0660);
	r = get(path, "/metrics");
	assert_has(r, " 200 OK\r\n");
	assert_has(r, "Content-Type: text/plain; version=0.0.4\r\n");
	assert_has(r, "\r\n\r\n# HELP boxlock_up ");
	assert_has(r, "boxlock_up 1\n");
	r = get(path, "/");
	assert_has(r, " 404 ");
	/* A second daemon does not take a live socket away. */
	assert_int_equal(bl_metrics_serve(m, spec, &h2), -EADDRINUSE);
	assert_null(h2);
	bl_metrics_stop(h);
	assert_int_equal(stat(path, &st), -1);
	bl_metrics_free(m);
	snprintf(path, sizeof(path), "%s/run", dir);
	rmdir(path);
	rmdir(dir);
}

/* One HTTP/1.0 GET over TCP to @a; the whole response. */
static char *get_tcp(const struct bl_metrics_addr *a, const char *url)
{
	union {
		struct sockaddr sa;
		struct sockaddr_in in;
		struct sockaddr_in6 in6;
	} u = {};
	static char buf[1 << 20];
	size_t len = 0;
	ssize_t n;
	int fd = socket(a->family, SOCK_STREAM, 0);

	if (a->family == AF_INET) {
		u.in.sin_family = AF_INET;
		u.in.sin_port = htons(a->port);
		inet_pton(AF_INET, a->host, &u.in.sin_addr);
	} else {
		u.in6.sin6_family = AF_INET6;
		u.in6.sin6_port = htons(a->port);
		inet_pton(AF_INET6, a->host, &u.in6.sin6_addr);
	}
	assert_int_equal(connect(fd, &u.sa, sizeof(u)), 0);
	dprintf(fd, "GET %s HTTP/1.0\r\n\r\n", url);
	while ((n = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
		len += n;
	buf[len] = 0;
	close(fd);
	return buf;
}

/* Serves on the first free port of 39400-39499 of @host ("127.0.0.1", "[::1]"). */
static void serve_tcp(const char *host)
{
	struct bl_maps maps = closed_maps();
	struct bl_metrics *m = bl_metrics_new(&maps);
	struct bl_metrics_http *h = NULL;
	struct bl_metrics_addr a;
	char spec[64];
	int err = -EADDRINUSE;

	for (int port = 39400; port < 39500 && err == -EADDRINUSE; port++) {
		snprintf(spec, sizeof(spec), "%s:%d", host, port);
		err = bl_metrics_serve(m, spec, &h);
	}
	if (err == -EADDRNOTAVAIL || err == -EAFNOSUPPORT) {
		bl_metrics_free(m);
		skip(); /* no such address here (IPv6 off) */
	}
	assert_int_equal(err, 0);
	assert_int_equal(bl_metrics_parse_addr(spec, &a), 0);
	assert_has(get_tcp(&a, "/metrics"), "\nboxlock_up 1\n");
	assert_has(get_tcp(&a, "/metrics/x"), " 404 ");
	bl_metrics_stop(h);
	bl_metrics_free(m);
}

static void test_http_ipv4(void **state)
{
	(void)state;
	serve_tcp("127.0.0.1");
}

static void test_http_ipv6(void **state)
{
	(void)state;
	serve_tcp("[::1]");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_label_escaping), cmocka_unit_test(test_label_not_utf8),
		cmocka_unit_test(test_family_once),    cmocka_unit_test(test_parse_addr),
		cmocka_unit_test(test_events_counted), cmocka_unit_test(test_series_bounded),
		cmocka_unit_test(test_http_unix),      cmocka_unit_test(test_http_ipv4),
		cmocka_unit_test(test_http_ipv6),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
