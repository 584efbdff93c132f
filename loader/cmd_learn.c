// SPDX-License-Identifier: GPL-2.0
/*
 * boxlock container learn ID|NAME [--duration D] [--profiles DIR]
 * boxlock container learn --stop ID|NAME [-o FILE]
 */
#include <errno.h>
#include <getopt.h>
#include <string.h>
#include "cli.h"
#include "daemon/daemon.h"
#include "daemon/learn.h"
#include "pins.h"

static int usage(void)
{
	bl_err("usage: boxlock container learn ID|NAME [--duration D] [--profiles DIR]\n"
	       "       boxlock container learn --stop ID|NAME [-o FILE]");
	return -EINVAL;
}

static int start(const struct bl_maps *m, struct bl_learn_start *req)
{
	struct bl_learning r;
	int err;

	/* The daemon ends a --duration: without one running, nothing would. */
	if (req->duration_s && !bl_daemon_running()) {
		bl_err("container learn: --duration needs the boxlock daemon, which ends it; none "
		       "runs (or use --stop)");
		return -ESRCH;
	}
	err = bl_learn_start(m, req, &r);
	if (err)
		return err;
	if (bl_opts.json)
		bl_json_print(json_pack("{s:s,s:s,s:s,s:s,s:I}", "container", r.name, "id", r.id,
					"profile", r.profile, "learn_profile", r.learn_profile,
					"until", (json_int_t)r.until));
	else
		bl_info("container %s: learning under %s (extends %s)%s", r.name, r.learn_profile,
			r.profile, r.until ? ", until its --duration is over" : "");
	return 0;
}

int bl_cmd_container_learn(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "stop", no_argument, NULL, 's' },
		{ "duration", required_argument, NULL, 'd' },
		{ "output", required_argument, NULL, 'o' },
		{ "profiles", required_argument, NULL, 'P' },
		{},
	};
	struct bl_learn_start req = {};
	const char *out = NULL;
	bool stop = false;
	struct bl_maps m;
	int c, err;

	optind = 0;
	while ((c = getopt_long(argc + 1, argv - 1, "o:", lopts, NULL)) != -1) {
		switch (c) {
		case 's':
			stop = true;
			break;
		case 'd':
			req.duration_s = bl_learn_parse_duration(optarg);
			if (req.duration_s < 0) {
				bl_err("container learn: --duration %s: seconds, or a number and "
				       "s, m or h (90s, 5m)",
				       optarg);
				return -EINVAL;
			}
			break;
		case 'o':
			out = optarg;
			break;
		case 'P':
			req.profile_dir = optarg;
			break;
		default:
			return usage();
		}
	}
	if (optind != argc || (stop && (req.duration_s || req.profile_dir)) || (!stop && out))
		return usage();
	req.container = argv[optind - 1];
	err = bl_maps_open(&m);
	if (err)
		return err;
	err = stop ? bl_learn_stop(&m, req.container, out ? out : "-") : start(&m, &req);
	bl_maps_close(&m);
	return err;
}
