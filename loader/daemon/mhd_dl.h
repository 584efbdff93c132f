/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BL_MHD_DL_H
#define BL_MHD_DL_H

#include <microhttpd.h>

/*
 * libmicrohttpd, opened when the daemon serves metrics rather than linked, like libcurl
 * (curl_dl.h): Debian's is built with HTTPS, so linking it maps GnuTLS and eight more libraries
 * (p11-kit, nettle, gmp, ...) into every `boxlock` command, the shim and the OCI hook. Their
 * relocations and constructors were seven in eight of the instructions `boxlock help` ran
 * (5.4 million against 0.7 million without them, callgrind), at every start, for a server only
 * `daemon --metrics` runs. Only the calls boxlock makes.
 */
struct bl_mhd {
	struct MHD_Daemon *(*start_daemon)(unsigned int flags, uint16_t port,
					   MHD_AcceptPolicyCallback apc, void *apc_cls,
					   MHD_AccessHandlerCallback dh, void *dh_cls, ...);
	void (*stop_daemon)(struct MHD_Daemon *daemon);
	struct MHD_Response *(*create_response_from_buffer)(size_t size, void *buffer,
							    enum MHD_ResponseMemoryMode mode);
	enum MHD_Result (*add_response_header)(struct MHD_Response *r, const char *header,
					       const char *content);
	enum MHD_Result (*queue_response)(struct MHD_Connection *c, unsigned int status_code,
					  struct MHD_Response *r);
	void (*destroy_response)(struct MHD_Response *r);
};

extern struct bl_mhd bl_mhd;

/* Opens libmicrohttpd once (later calls return the first one's result): 0 or -ENOENT, with the
 * dynamic loader's reason printed. */
int bl_mhd_open(void);

#endif
