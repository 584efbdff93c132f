// SPDX-License-Identifier: GPL-2.0
/*
 * Serving: socket_listen (a TCP listen, by the port the socket is bound to) and socket_bind (a UDP
 * bind to a port), judged against the profile's listen ranges (bl_profile.listen: allow-listen,
 * deny-listen; the first range of the protocol that holds the port decides; none: denied under
 * BL_PF_LISTEN_ALLOWLIST, allowed otherwise), and learned in learn mode. Both hooks see the
 * address in kernel memory: __sys_bind_socket copied it in (6.1: __sys_bind), io_uring's bind
 * (6.12) too. A TCP bind is not judged: a port serves nothing until listen, which is.
 */
#include "report.h"
#include <bpf/bpf_endian.h>
#include <bpf/bpf_tracing.h>

#define AF_UNSPEC 0
#define AF_INET 2
#define AF_INET6 10
#define AF_SMC 43
#define SIN6_LEN_RFC2133 24 /* the shortest sockaddr_in6 inet6_bind takes */

/* The listen ranges' verdict on @obj->proto and @obj->port for @t. */
static __always_inline int judge_listen(const struct bl_task *t, __u32 hook, struct bl_object *obj)
{
	const struct bl_profile *prof = t->prof;
	__u32 n;

	if (!prof)
		return 0; /* bl_enter let no task without a profile by; the verifier wants it */
	n = prof->n_listen;
	for (int i = 0; i < BL_LISTEN_RANGES; i++) {
		const struct bl_listen_range *r = &prof->listen[i];

		if (i >= n)
			break;
		if (r->proto != obj->proto || obj->port < r->lo || obj->port > r->hi)
			continue;
		if (r->action != BL_ACT_DENY)
			return bl_allowed(t, hook, obj);
		return bl_judge(t, hook, r->rule_id, BL_REASON_RULE, obj);
	}
	if (prof->flags & BL_PF(BL_PF_LISTEN_ALLOWLIST))
		return bl_judge(t, hook, prof->flag_rule[BL_PF_LISTEN_ALLOWLIST], BL_REASON_RULE,
				obj);
	return bl_allowed(t, hook, obj);
}

/*
 * A TCP listen: the socket's local port (host order), 0 when it was never bound (the kernel then
 * picks an ephemeral port, which no range but one holding 0 allows). AF_SMC listens on a TCP
 * socket of its own without the LSM: judged here, as TCP on the port of the SMC socket (0: the
 * bind went to that inner socket).
 */
SEC("lsm/socket_listen")
int BPF_PROG(bl_socket_listen, struct socket *sock, int backlog, int ret)
{
	struct bl_object obj = { .kind = BL_OBJ_INET, .proto = IPPROTO_TCP };
	struct sock *sk;
	__u8 addr[16] = {};
	__u16 family, proto;
	struct bl_task t;

	/* Before the policy lookup: only inet stream sockets are judged, others cost nothing. */
	sk = BPF_CORE_READ(sock, sk);
	family = BPF_CORE_READ(sk, __sk_common.skc_family);
	if (family != AF_INET && family != AF_INET6 && family != AF_SMC)
		return ret;
	if (BPF_CORE_READ(sock, type) != SOCK_STREAM)
		return ret;
	proto = BPF_CORE_READ(sk, sk_protocol);
	/* MPTCP (262) and SMC are TCP underneath; SCTP's listen is no TCP service. */
	if (family != AF_SMC && proto != IPPROTO_TCP && proto <= 255)
		return ret;
	if (!bl_enter(&t, BL_HOOK_LISTEN, ret, &ret))
		return ret;

	obj.port = BPF_CORE_READ(sk, __sk_common.skc_num);
	if (family == AF_INET6) {
		obj.family = 6;
		BPF_CORE_READ_INTO(&addr, sk, __sk_common.skc_v6_rcv_saddr);
	} else {
		obj.family = 4;
		BPF_CORE_READ_INTO((__u32 *)addr, sk, __sk_common.skc_rcv_saddr);
	}
	obj.addr = addr;
	return judge_listen(&t, BL_HOOK_LISTEN, &obj);
}

/*
 * A UDP bind to a non-zero port: the address as the caller gave it. An AF_INET socket takes a
 * sockaddr_in of family AF_INET, or AF_UNSPEC (inet_bind's compatibility case); an AF_INET6 one
 * only AF_INET6. Anything shorter or of another family the kernel refuses (EINVAL, EAFNOSUPPORT)
 * before it binds, so it is not judged: no port is taken.
 */
SEC("lsm/socket_bind")
int BPF_PROG(bl_socket_bind, struct socket *sock, struct sockaddr *address, int addrlen, int ret)
{
	struct bl_object obj = { .kind = BL_OBJ_INET, .proto = IPPROTO_UDP };
	struct sockaddr_in6 sa = {};
	__u16 family, proto;
	struct bl_task t;

	family = BPF_CORE_READ(sock, sk, __sk_common.skc_family);
	if (family != AF_INET && family != AF_INET6)
		return ret;
	if (BPF_CORE_READ(sock, type) != SOCK_DGRAM)
		return ret;
	proto = BPF_CORE_READ(sock, sk, sk_protocol);
	if (proto != IPPROTO_UDP && proto != IPPROTO_UDPLITE)
		return ret;
	if (family == AF_INET) {
		if (addrlen < (int)sizeof(struct sockaddr_in))
			return ret;
		if (bpf_probe_read_kernel(&sa, sizeof(struct sockaddr_in), address))
			goto unparsed;
		if (sa.sin6_family != AF_INET && sa.sin6_family != AF_UNSPEC)
			return ret;
	} else {
		if (addrlen < SIN6_LEN_RFC2133)
			return ret;
		if (bpf_probe_read_kernel(&sa, SIN6_LEN_RFC2133, address))
			goto unparsed;
		if (sa.sin6_family != AF_INET6)
			return ret;
	}
	/* sin_port and sin6_port are both at offset 2. */
	obj.port = bpf_ntohs(sa.sin6_port);
	if (!obj.port)
		return ret; /* an ephemeral port: a client's, not a service */
	if (!bl_enter(&t, BL_HOOK_BIND, ret, &ret))
		return ret;
	if (family == AF_INET) {
		obj.family = 4;
		obj.addr = (const __u8 *)&((struct sockaddr_in *)&sa)->sin_addr;
	} else {
		obj.family = 6;
		obj.addr = (const __u8 *)&sa.sin6_addr;
	}
	return judge_listen(&t, BL_HOOK_BIND, &obj);

unparsed:
	/* An address the kernel copied in that cannot be read: not judged, so not let by. */
	if (!bl_enter(&t, BL_HOOK_BIND, ret, &ret))
		return ret;
	return bl_fail_closed(&t, BL_HOOK_BIND, BL_REASON_ADDR_UNPARSED, BL_STAT_ADDR_UNPARSED,
			      &obj);
}
