// SPDX-License-Identifier: GPL-2.0
/* Unix socket peers: a runtime socket is refused however the container reached it. */
#include "unix.h"

SEC("lsm/unix_stream_connect")
int BPF_PROG(bl_unix_stream_connect, struct sock *sock, struct sock *other, struct sock *newsk,
	     int ret)
{
	struct bl_task t;

	if (!bl_enter(&t, BL_HOOK_UNIX_CONNECT, ret, &ret))
		return ret;
	return bl_check_unix_peer(&t, BL_HOOK_UNIX_CONNECT, other);
}

SEC("lsm/unix_may_send")
int BPF_PROG(bl_unix_may_send, struct socket *sock, struct socket *other, int ret)
{
	struct bl_task t;

	if (!bl_enter(&t, BL_HOOK_UNIX_SEND, ret, &ret))
		return ret;
	return bl_check_unix_peer(&t, BL_HOOK_UNIX_SEND, BPF_CORE_READ(other, sk));
}
