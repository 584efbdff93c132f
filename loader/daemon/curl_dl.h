/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BL_CURL_DL_H
#define BL_CURL_DL_H

#include <curl/curl.h>

/*
 * libcurl, opened when the daemon first needs it rather than linked: it brings thirty shared
 * libraries (TLS, Kerberos, LDAP, ...) that every other `boxlock` command, the shim and the OCI
 * hook would map and relocate at each start, for nothing. Only the calls boxlock makes.
 */
struct bl_curl {
	CURLcode (*global_init)(long flags);
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *c, CURLoption opt, ...);
	CURLcode (*easy_perform)(CURL *c);
	void (*easy_cleanup)(CURL *c);
};

extern struct bl_curl bl_curl;

/* Opens libcurl once (later calls return the first one's result): 0 or -ENOENT, with the
 * dynamic loader's reason printed. */
int bl_curl_open(void);

#endif
