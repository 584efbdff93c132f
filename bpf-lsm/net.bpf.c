// SPDX-License-Identifier: GPL-2.0
/* socket_connect: inet destinations (IPv4, IPv6, IPv4-mapped IPv6) by prefix, protocol and port. */
#include "report.h"
#include <bpf/bpf_endian.h>
#include <bpf/bpf_tracing.h>

#define AF_INET 2
#define AF_INET6 10

/* Port ranges of the longest matching prefix, first match decides (the compiler ordered them). */
static __always_inline int judge_ports(const struct bl_task *t, const struct bl_net_rule *r,
				       struct bl_object *obj)
{
	__u32 n = r->n_ranges;

	for (int i = 0; i < BL_NET_PORT_RANGES; i++) {
		const struct bl_port_range *pr = &r->ranges[i];

		if (i >= n)
			break;
		if (obj->port < pr->lo || obj->port > pr->hi)
			continue;
		if (pr->action != BL_ACT_DENY)
			return 0;
		return bl_judge(t, BL_HOOK_CONNECT, pr->rule_id, BL_REASON_RULE, obj);
	}
	return 0;
}

SEC("lsm/socket_connect")
int BPF_PROG(bl_socket_connect, struct socket *sock, struct sockaddr *address, int addrlen, int ret)
{
	struct bl_object obj = { .kind = BL_OBJ_INET };
	struct bl_net_key key = {};
	struct bl_net_rule *rule;
	struct bl_task t;
	__u16 family;

	/* Before the policy lookup: unix sockets, which reach here too, are judged by their peer
	 * (unix.bpf.c), so they cost no lookup. @ret passes through either way. */
	family = address->sa_family;
	if (family != AF_INET && family != AF_INET6)
		return ret;
	if (!bl_enter(&t, BL_HOOK_CONNECT, ret, &ret))
		return ret;

	key.slot = t.slot;
	key.proto = BPF_CORE_READ(sock, sk, sk_protocol);
	if (family == AF_INET) {
		struct sockaddr_in *sin = (void *)address;

		if (addrlen < (int)sizeof(*sin))
			return 0; /* the kernel refuses it with EINVAL */
		key.family = 4;
		bpf_probe_read_kernel(key.addr, 4, &sin->sin_addr);
		obj.port = bpf_ntohs(BPF_CORE_READ(sin, sin_port));
	} else {
		struct sockaddr_in6 *sin6 = (void *)address;
		__u32 a[4];

		if (addrlen < (int)sizeof(*sin6))
			return 0;
		bpf_probe_read_kernel(a, 16, &sin6->sin6_addr);
		obj.port = bpf_ntohs(BPF_CORE_READ(sin6, sin6_port));
		if (a[0] == 0 && a[1] == 0 && a[2] == bpf_htonl(0xffff)) {
			/* ::ffff:a.b.c.d reaches a.b.c.d: judge it as IPv4. */
			key.family = 4;
			__builtin_memcpy(key.addr, &a[3], 4);
		} else {
			key.family = 6;
			__builtin_memcpy(key.addr, a, 16);
		}
	}
	key.prefixlen = 32 + 8 + 8 + 16 + (key.family == 4 ? 32 : 128);
	obj.family = key.family;
	obj.proto = key.proto;
	obj.addr = key.addr;
	rule = bpf_map_lookup_elem(&net_rules, &key);
	if (!rule)
		return 0;
	return judge_ports(&t, rule, &obj);
}
