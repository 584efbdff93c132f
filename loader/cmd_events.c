// SPDX-License-Identifier: GPL-2.0
/* boxlock events [--follow]: print what boxlock denied (enforce) or would have (audit). */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <bpf/libbpf.h>
#include "cli.h"
#include "event.h"

static volatile sig_atomic_t exiting;

static void on_signal(int sig)
{
	(void)sig;
	exiting = 1;
}

static int on_event(void *ctx, void *data, size_t len)
{
	const struct bl_maps *m = ctx;
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

int bl_cmd_events(int argc, char **argv)
{
	struct ring_buffer *rb = NULL;
	bool follow = false;
	struct bl_maps m;
	int err;

	if (argc == 1 && (!strcmp(argv[0], "--follow") || !strcmp(argv[0], "-f")))
		follow = true;
	else if (argc) {
		bl_err("usage: boxlock events [--follow]");
		return -EINVAL;
	}
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
		err = ring_buffer__consume(rb);
		err = err < 0 ? err : 0;
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
