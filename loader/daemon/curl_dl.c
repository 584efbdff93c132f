// SPDX-License-Identifier: GPL-2.0
/* libcurl through dlopen (see curl_dl.h for why). */
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include "cli.h"
#include "curl_dl.h"

/* Debian 12's libcurl4, which libcurl4-openssl-dev brings (scripts/deps.sh). */
#define CURL_SONAME "libcurl.so.4"

struct bl_curl bl_curl;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int open_err;

static void *sym(void *lib, const char *name)
{
	void *p = dlsym(lib, name);

	if (!p) {
		bl_err("daemon: %s has no %s: %s", CURL_SONAME, name, dlerror());
		open_err = -ENOENT;
	}
	return p;
}

static void open_once(void)
{
	void *lib = dlopen(CURL_SONAME, RTLD_NOW | RTLD_LOCAL);

	if (!lib) {
		bl_err("daemon: cannot open %s (Debian package libcurl4): %s", CURL_SONAME,
		       dlerror());
		open_err = -ENOENT;
		return;
	}
	bl_curl.global_init = sym(lib, "curl_global_init");
	bl_curl.easy_init = sym(lib, "curl_easy_init");
	bl_curl.easy_setopt = sym(lib, "curl_easy_setopt");
	bl_curl.easy_perform = sym(lib, "curl_easy_perform");
	bl_curl.easy_cleanup = sym(lib, "curl_easy_cleanup");
	if (!open_err)
		open_err = bl_curl.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK ? -EIO : 0;
}

int bl_curl_open(void)
{
	pthread_once(&once, open_once);
	return open_err;
}
