// SPDX-License-Identifier: GPL-2.0
/* libmicrohttpd through dlopen (see mhd_dl.h for why). */
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include "cli.h"
#include "mhd_dl.h"

/* Debian 12's libmicrohttpd12, which libmicrohttpd-dev brings (scripts/deps.sh). */
#define MHD_SONAME "libmicrohttpd.so.12"

struct bl_mhd bl_mhd;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int open_err;

static void *sym(void *lib, const char *name)
{
	void *p = dlsym(lib, name);

	if (!p) {
		bl_err("daemon: %s has no %s: %s", MHD_SONAME, name, dlerror());
		open_err = -ENOENT;
	}
	return p;
}

static void open_once(void)
{
	void *lib = dlopen(MHD_SONAME, RTLD_NOW | RTLD_LOCAL);

	if (!lib) {
		bl_err("daemon: cannot open %s (Debian package libmicrohttpd12): %s", MHD_SONAME,
		       dlerror());
		open_err = -ENOENT;
		return;
	}
	bl_mhd.start_daemon = sym(lib, "MHD_start_daemon");
	bl_mhd.stop_daemon = sym(lib, "MHD_stop_daemon");
	bl_mhd.create_response_from_buffer = sym(lib, "MHD_create_response_from_buffer");
	bl_mhd.add_response_header = sym(lib, "MHD_add_response_header");
	bl_mhd.queue_response = sym(lib, "MHD_queue_response");
	bl_mhd.destroy_response = sym(lib, "MHD_destroy_response");
}

int bl_mhd_open(void)
{
	pthread_once(&once, open_once);
	return open_err;
}
