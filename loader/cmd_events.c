// SPDX-License-Identifier: GPL-2.0
/*
 * boxlock events [--follow] [--log FILE]: print what boxlock denied (enforce) or would have
 * (audit). The ring buffer has one reader: while the daemon runs it is the daemon, and this
 * command reads the daemon's log instead (the same events, with their containers named).
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <bpf/libbpf.h>
#include <unistd.h>
#include "cli.h"
#include "daemon/daemon.h"
#include "event.h"

static volatile sig_atomic_t exiting;

/*
 * Without --follow, the events that were there when the command started. The ring buffer's
 * consume goes on while new records arrive, so on a busy host (a container denied in a loop)
 * faster than they are printed it would never return: an event from after the start ends it.
 */
#define DRAIN_DONE ECANCELED
static __u64 drain_until_ns; /* CLOCK_BOOTTIME at the start; 0 with --follow */

static void on_signal(int sig)
{
	(void)sig;
	exiting = 1;
}

static int print_event(const struct bl_maps *m, void *data, size_t len)
{
	json_t *j;

	if (len < sizeof(struct bl_event))
		return 0; /* a record from a newer BPF side with a different layout: skip it */
	j = bl_event_json(m, data);
	if (!j)
		return 0;
	if (bl_opts.json)
		bl_json_print(j);
	else {
		bl_event_print_line(j, stdout);
		fflush(stdout);
		json_decref(j);
	}
	return 0;
}

static int on_event(void *ctx, void *data, size_t len)
{
	print_event(ctx, data, len);
	if (drain_until_ns && len >= sizeof(struct bl_event) &&
	    ((const struct bl_event *)data)->ts_ns > drain_until_ns)
		return -DRAIN_DONE; /* printed; libbpf stops consuming here */
	return 0;
}

/* Prints one line of the daemon's log, as JSON or as text. */
static void print_log_line(const char *line)
{
	json_error_t jerr;
	json_t *j;

	if (bl_opts.json) {
		fputs(line, stdout);
		return;
	}
	j = json_loads(line, 0, &jerr);
	if (j) {
		bl_event_print_line(j, stdout);
		json_decref(j);
	}
}

static int read_log(const char *path, bool follow)
{
	char *line = NULL;
	size_t cap = 0;
	FILE *f;

	f = fopen(path, "re");
	if (!f) {
		bl_err("events: the daemon's log %s: %s", path, strerror(errno));
		return -errno;
	}
	if (follow)
		fseek(f, 0, SEEK_END);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	while (!exiting) {
		if (getline(&line, &cap, f) > 0) {
			print_log_line(line);
			fflush(stdout);
			continue;
		}
		if (!follow)
			break;
		clearerr(f);
		usleep(200000);
	}
	free(line);
	fclose(f);
	return 0;
}

int bl_cmd_events(int argc, char **argv)
{
	const char *log = BL_DEFAULT_LOG;
	struct ring_buffer *rb = NULL;
	bool follow = false;
	struct bl_maps m;
	int err;

	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--follow") || !strcmp(argv[i], "-f")) {
			follow = true;
		} else if (!strcmp(argv[i], "--log") && i + 1 < argc) {
			log = argv[++i];
		} else {
			bl_err("usage: boxlock events [--follow] [--log FILE]");
			return -EINVAL;
		}
	}
	if (bl_daemon_running())
		return read_log(log, follow);
	err = bl_maps_open(&m);
	if (err)
		return err;
	rb = ring_buffer__new(m.events, on_event, &m, NULL);
	if (!rb) {
		err = -errno;
		bl_err("events: %s", strerror(errno));
		goto out;
	}
	if (!follow) {
		struct timespec now;

		clock_gettime(CLOCK_BOOTTIME, &now);
		drain_until_ns = (__u64)now.tv_sec * 1000000000ull + (__u64)now.tv_nsec;
		err = ring_buffer__consume(rb);
		err = err < 0 && err != -DRAIN_DONE ? err : 0;
		goto out;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	while (!exiting) {
		err = ring_buffer__poll(rb, 200);
		if (err == -EINTR) {
			err = 0;
			continue;
		}
		if (err < 0) {
			bl_err("events: %s", strerror(-err));
			break;
		}
		err = 0;
	}
out:
	ring_buffer__free(rb);
	bl_maps_close(&m);
	return err;
}
