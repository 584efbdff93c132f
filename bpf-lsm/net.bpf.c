// SPDX-License-Identifier: GPL-2.0
/*
 * Inet destinations (IPv4, IPv6, IPv4-mapped IPv6) by prefix, protocol and port, wherever a task
 * names one: socket_connect (connect(2), io_uring's IORING_OP_CONNECT: both reach
 * __sys_connect_file) and socket_sendmsg (the destination of sendto, sendmsg, sendmmsg and
 * io_uring's sends: unconnected UDP, TCP Fast Open). Both judge with the same rules.
 */
#include "report.h"
#include <bpf/bpf_endian.h>
#include <bpf/bpf_tracing.h>

#define AF_UNSPEC 0
#define AF_INET 2
#define AF_INET6 10
#define AF_SMC 43
#define MSG_FASTOPEN 0x20000000
/* The shortest sockaddr_in6 the kernel takes (tcp_v6_connect, __ip6_datagram_connect,
 * udpv6_sendmsg, rawv6_sendmsg in 6.1 and 6.12): without sin6_scope_id. */
#define SIN6_LEN_RFC2133 24
#define SA_FAMILY_LEN 2 /* offsetof(struct sockaddr, sa_data) */

union bl_sockaddr {
	struct sockaddr sa;
	struct sockaddr_in sin;
	struct sockaddr_in6 sin6;
};

/* A family no inet protocol takes, or none that could be read: the address cannot be parsed. */
#define BL_FAMILY_UNPARSED 0xffff

static __always_inline bool inet_socket(__u16 sk_family)
{
	/* AF_SMC: SMC falls back to a kernel TCP socket that connects without the LSM. */
	return sk_family == AF_INET || sk_family == AF_INET6 || sk_family == AF_SMC;
}

/*
 * The protocol a connection is judged as. The inet protocols numbered above 255 are TCP
 * underneath (IPPROTO_SMC 256 since 6.11, IPPROTO_MPTCP 262), as are AF_SMC sockets, whose
 * sk_protocol is SMCPROTO_SMC or SMCPROTO_SMC6: a __u8 would truncate SMC to 0 and MPTCP to 6.
 */
static __always_inline __u8 judged_proto(struct socket *sock, __u16 sk_family)
{
	__u16 proto = BPF_CORE_READ(sock, sk, sk_protocol);

	if (sk_family == AF_SMC || proto > 255)
		return IPPROTO_TCP;
	return proto;
}

/*
 * Reads the address at @addr (kernel memory, @addrlen bytes) into @key and @obj. @family is the
 * family to read it as (the caller resolved AF_UNSPEC). The lengths are the kernel's own minimums:
 * anything shorter the kernel refuses, and the hook fails closed on it rather than guess.
 */
static __always_inline bool read_dest(const void *addr, int addrlen, __u16 family,
				      struct bl_net_key *key, struct bl_object *obj)
{
	union bl_sockaddr sa;
	__u32 *a = (__u32 *)&sa.sin6.sin6_addr;

	if (family == AF_INET) {
		if (addrlen < (int)sizeof(sa.sin) ||
		    bpf_probe_read_kernel(&sa, sizeof(sa.sin), addr))
			return false;
		key->family = 4;
		__builtin_memcpy(key->addr, &sa.sin.sin_addr, 4);
		obj->port = bpf_ntohs(sa.sin.sin_port);
		return true;
	}
	if (family != AF_INET6)
		return false;
	/* sin6_port and sin6_addr end at byte 24: sin6_scope_id is not needed. */
	if (addrlen < SIN6_LEN_RFC2133 || bpf_probe_read_kernel(&sa, SIN6_LEN_RFC2133, addr))
		return false;
	obj->port = bpf_ntohs(sa.sin6.sin6_port);
	if (a[0] == 0 && a[1] == 0 && a[2] == bpf_htonl(0xffff)) {
		/* ::ffff:a.b.c.d reaches a.b.c.d: judge it as IPv4. */
		key->family = 4;
		__builtin_memcpy(key->addr, &a[3], 4);
	} else {
		key->family = 6;
		__builtin_memcpy(key->addr, a, 16);
	}
	return true;
}

/* Port ranges of the longest matching prefix, first match decides (the compiler ordered them). */
static __always_inline int judge_ports(const struct bl_task *t, __u32 hook,
				       const struct bl_net_rule *r, struct bl_object *obj)
{
	__u32 n = r->n_ranges;

	for (int i = 0; i < BL_NET_PORT_RANGES; i++) {
		const struct bl_port_range *pr = &r->ranges[i];

		if (i >= n)
			break;
		if (obj->port < pr->lo || obj->port > pr->hi)
			continue;
		if (pr->action != BL_ACT_DENY)
			return bl_allowed(t, hook, obj);
		return bl_judge(t, hook, pr->rule_id, BL_REASON_RULE, obj);
	}
	return bl_allowed(t, hook, obj);
}

/* Judges the destination at @addr for @t: the one decision of both hooks. */
static __always_inline int judge_dest(const struct bl_task *t, __u32 hook, __u8 proto,
				      const void *addr, int addrlen, __u16 family)
{
	struct bl_object obj = { .kind = BL_OBJ_INET };
	struct bl_net_key key = {};
	struct bl_net_rule *rule;

	if (!read_dest(addr, addrlen, family, &key, &obj)) {
		/* An inet address too short, unreadable or of a family no inet protocol takes: the
		 * kernel may well refuse it, but the hook cannot tell that it reaches nothing. */
		struct bl_object none = {};

		return bl_fail_closed(t, hook, BL_REASON_ADDR_UNPARSED, BL_STAT_ADDR_UNPARSED,
				      &none);
	}
	key.slot = t->slot;
	key.proto = proto;
	key.prefixlen = 32 + 8 + 8 + 16 + (key.family == 4 ? 32 : 128);
	obj.family = key.family;
	obj.proto = key.proto;
	obj.addr = key.addr;
	rule = bpf_map_lookup_elem(&net_rules, &key);
	if (!rule)
		return bl_allowed(t, hook, &obj);
	return judge_ports(t, hook, rule, &obj);
}

/*
 * The family to read a connect(2) address as, or AF_UNSPEC when there is none to judge: the
 * address's own family decides, whatever the socket's (a UDPv6 socket connects to a sockaddr_in,
 * AF_SMC and AF_RDS sockets take both). AF_UNSPEC disconnects.
 */
static __always_inline __u16 connect_family(__u16 sa_family, __u16 sk_family)
{
	if (sa_family == AF_INET || sa_family == AF_INET6)
		return sa_family;
	if (sa_family == AF_UNSPEC || !inet_socket(sk_family))
		return AF_UNSPEC; /* a disconnect; other families' own hooks judge them (unix.bpf.c) */
	return BL_FAMILY_UNPARSED; /* an inet socket given a family it does not take */
}

SEC("lsm/socket_connect")
int BPF_PROG(bl_socket_connect, struct socket *sock, struct sockaddr *address, int addrlen, int ret)
{
	__u16 sk_family, family;
	struct bl_task t;

	/* Before the policy lookup: unix sockets, which reach here too, are judged by their peer
	 * (unix.bpf.c), so they cost no lookup. @ret passes through either way. */
	sk_family = BPF_CORE_READ(sock, sk, __sk_common.skc_family);
	if (addrlen < SA_FAMILY_LEN) {
		if (!inet_socket(sk_family))
			return ret;
		family = BL_FAMILY_UNPARSED; /* no family to read */
	} else {
		family = connect_family(address->sa_family, sk_family);
		if (family == AF_UNSPEC)
			return ret;
	}
	if (!bl_enter(&t, BL_HOOK_CONNECT, ret, &ret))
		return ret;
	return judge_dest(&t, BL_HOOK_CONNECT, judged_proto(sock, sk_family), address, addrlen,
			  family);
}

/*
 * The family to read a send's destination as, or AF_UNSPEC when the send names none the kernel
 * uses. A stream socket uses it only for TCP Fast Open (tcp_sendmsg_fastopen, which SMC falls back
 * to): its other sends go to the peer judged at connect. AF_UNSPEC is "no address" to UDPv6 and to
 * Fast Open (EOPNOTSUPP), but an IPv4 datagram socket (udp_sendmsg, raw_sendmsg) reads it as a
 * sockaddr_in and a raw IPv6 one as a sockaddr_in6.
 */
static __always_inline __u16 send_family(struct socket *sock, __u16 sa_family, __u16 sk_family,
					 __u8 proto)
{
	if (sa_family == AF_INET || sa_family == AF_INET6)
		return sa_family;
	if (!inet_socket(sk_family))
		return AF_UNSPEC; /* not an inet socket: its own hooks judge it */
	if (sa_family != AF_UNSPEC)
		return BL_FAMILY_UNPARSED;
	if (BPF_CORE_READ(sock, type) == SOCK_STREAM || sk_family == AF_SMC)
		return AF_UNSPEC;
	if (sk_family == AF_INET6 && (proto == IPPROTO_UDP || proto == IPPROTO_UDPLITE))
		return AF_UNSPEC;
	return sk_family;
}

SEC("lsm/socket_sendmsg")
int BPF_PROG(bl_socket_sendmsg, struct socket *sock, struct msghdr *msg, int size, int ret)
{
	void *name = BPF_CORE_READ(msg, msg_name);
	__u16 sk_family, family, sa_family;
	struct bl_task t;
	int namelen;
	__u8 proto;

	/* Before the policy lookup, as this is every send's path: a send without a destination goes
	 * to the connected peer, judged at connect. msg_name is kernel memory here: every caller
	 * (__sys_sendto, ____sys_sendmsg, io_uring, sock_sendmsg) copied it in. */
	if (!name)
		return ret;
	if (BPF_CORE_READ(sock, type) == SOCK_STREAM &&
	    !(BPF_CORE_READ(msg, msg_flags) & MSG_FASTOPEN))
		return ret; /* tcp_sendmsg ignores the name: the peer was judged at connect */
	sk_family = BPF_CORE_READ(sock, sk, __sk_common.skc_family);
	proto = judged_proto(sock, sk_family);
	namelen = BPF_CORE_READ(msg, msg_namelen);
	if (namelen < SA_FAMILY_LEN || bpf_probe_read_kernel(&sa_family, sizeof(sa_family), name))
		family = inet_socket(sk_family) ? BL_FAMILY_UNPARSED : AF_UNSPEC;
	else
		family = send_family(sock, sa_family, sk_family, proto);
	if (family == AF_UNSPEC)
		return ret;
	if (!bl_enter(&t, BL_HOOK_SENDMSG, ret, &ret))
		return ret;
	return judge_dest(&t, BL_HOOK_SENDMSG, proto, name, namelen, family);
}
