// SPDX-License-Identifier: GPL-2.0
/* boxlock load | unload: put the hooks in the kernel, or take everything out on purpose. */
#include <string.h>
#include "cli.h"
#include "pins.h"

int bl_cmd_load(int argc, char **argv)
{
	bool was_loaded = bl_is_loaded();
	int err;

	(void)argv;
	if (argc) {
		bl_err("load: takes no arguments");
		return -1;
	}
	err = bl_install();
	if (err)
		return err;
	if (bl_opts.json)
		bl_json_print(
			json_pack("{s:s,s:b}", "pin_dir", bl_opts.pin_dir, "upgraded", was_loaded));
	else
		bl_info("boxlock: %s, pinned under %s",
			was_loaded ? "programs replaced, policy kept" : "loaded and attached",
			bl_opts.pin_dir);
	return 0;
}

int bl_cmd_unload(int argc, char **argv)
{
	int err;

	(void)argv;
	if (argc) {
		bl_err("unload: takes no arguments");
		return -1;
	}
	if (!bl_is_loaded()) {
		bl_err("unload: boxlock is not loaded");
		return -1;
	}
	err = bl_uninstall();
	if (err)
		return err;
	if (bl_opts.json)
		bl_json_print(json_pack("{s:b}", "unloaded", 1));
	else
		bl_info("boxlock: unloaded; nothing is enforced any more");
	return 0;
}
