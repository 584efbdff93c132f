// SPDX-License-Identifier: GPL-2.0
/*
 * The publisher's FIFO (loader/daemon/fifo.c) and --publish's URL (publish_url.c): order kept
 * across the ring's wrap, the bound refusing the newest, what was refused counted by the
 * publisher (publish.c: the FIFO only says -ENOSPC), and the URLs accepted and refused.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "daemon/fifo.h"
#include "daemon/publish.h"

static void order_across_wrap(void **state)
{
	struct bl_fifo f;
	char line[16];
	int next_in = 0, next_out = 0;

	(void)state;
	assert_int_equal(bl_fifo_init(&f, 4), 0);
	/* Push 3, pop 2, many times: head and tail go round the ring. */
	for (int round = 0; round < 10; round++) {
		for (int i = 0; i < 3 && bl_fifo_room(&f); i++) {
			snprintf(line, sizeof(line), "e%d", next_in++);
			assert_int_equal(bl_fifo_push(&f, line), 0);
		}
		for (int i = 0; i < 2; i++) {
			snprintf(line, sizeof(line), "e%d", next_out++);
			assert_string_equal(bl_fifo_peek(&f, 0), line);
			bl_fifo_pop(&f, 1);
		}
	}
	/* What is left comes out in the order it went in. */
	for (size_t i = 0; i < f.len; i++) {
		snprintf(line, sizeof(line), "e%d", next_out + (int)i);
		assert_string_equal(bl_fifo_peek(&f, i), line);
	}
	assert_null(bl_fifo_peek(&f, f.len));
	bl_fifo_free(&f);
}

static void bound_refuses_newest(void **state)
{
	struct bl_fifo f;
	char line[16];
	int dropped = 0;

	(void)state;
	assert_int_equal(bl_fifo_init(&f, 5), 0);
	for (int i = 0; i < 12; i++) {
		snprintf(line, sizeof(line), "e%d", i);
		if (bl_fifo_push(&f, line) == -ENOSPC)
			dropped++;
	}
	assert_int_equal(f.len, 5);
	assert_int_equal(dropped, 7);
	assert_int_equal(bl_fifo_room(&f), 0);
	/* The oldest five are kept, in order: the first events of an incident survive a flood. */
	for (int i = 0; i < 5; i++) {
		snprintf(line, sizeof(line), "e%d", i);
		assert_string_equal(bl_fifo_peek(&f, i), line);
	}
	bl_fifo_pop(&f, 2);
	assert_int_equal(bl_fifo_push(&f, "e12"), 0);
	assert_string_equal(bl_fifo_peek(&f, 0), "e2");
	assert_string_equal(bl_fifo_peek(&f, 3), "e12");
	bl_fifo_pop(&f, 100); /* more than there is: empties it */
	assert_int_equal(f.len, 0);
	bl_fifo_free(&f);
	assert_int_equal(bl_fifo_init(&f, 0), -EINVAL);
}

static void urls(void **state)
{
	struct bl_publish_target t;

	(void)state;
	assert_int_equal(bl_publish_parse_url("redis://127.0.0.1:6390/boxlock", &t), 0);
	assert_string_equal(t.host, "127.0.0.1");
	assert_int_equal(t.port, 6390);
	assert_string_equal(t.stream, "boxlock");
	assert_int_equal(t.maxlen, 1000000);
	assert_int_equal(bl_publish_parse_url("redis://redis.local/ev?maxlen=500", &t), 0);
	assert_string_equal(t.host, "redis.local");
	assert_int_equal(t.port, 6379);
	assert_int_equal(t.maxlen, 500);
	assert_int_equal(bl_publish_parse_url("redis://[::1]:7000/s", &t), 0);
	assert_string_equal(t.host, "::1");
	assert_int_equal(t.port, 7000);
	assert_int_equal(bl_publish_parse_url("redis+unix:///run/redis/redis.sock/events", &t), 0);
	assert_string_equal(t.path, "/run/redis/redis.sock");
	assert_string_equal(t.stream, "events");
	assert_string_equal(t.host, "");
	assert_int_equal(bl_publish_parse_url("redis://h:6379/s?maxlen=0", &t), 0);
	assert_int_equal(t.maxlen, 0);
	/* Refused: no stream, no host, a bad port, another scheme, a bad query, a nested stream. */
	const char *bad[] = {
		"redis://127.0.0.1:6390",
		"redis://127.0.0.1:6390/",
		"redis://:6390/s",
		"redis://h:0/s",
		"redis://h:70000/s",
		"redis://h:x/s",
		"http://h/s",
		"redis://h/s?maxlen=",
		"redis://h/s?foo=1",
		"redis://h/a/b",
		"redis+unix://relative/s",
		"redis+unix:///sock/",
		"redis://[::1/s",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(bl_publish_parse_url(bad[i], &t), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(order_across_wrap),
		cmocka_unit_test(bound_refuses_newest),
		cmocka_unit_test(urls),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
