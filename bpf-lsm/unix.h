/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Judging a unix socket peer. A runtime socket is recognised by what it is, not by the name the
 * container reached it under: by its inode's identity, and by the name its server bound it to
 * (dockerd binds /var/run/docker.sock in the host's view, whatever a container calls it).
 */
#ifndef BL_UNIX_H
#define BL_UNIX_H

#include "path.h"

/*
 * An abstract name ("\0name", bound by length) written to @s as "@name", for learn mode; NULL
 * for a name that is not abstract. A NUL inside the name ends it there.
 */
static __always_inline const char *bl_abstract_name(struct bl_scratch *s, struct unix_address *addr)
{
	const char *sun_path = __builtin_preserve_access_index(&addr->name[0].sun_path[0]);
	int len = BPF_CORE_READ(addr, len);
	__u32 n;

	/* len counts sun_family (2 bytes), the leading NUL and the name. */
	if (len <= 3 || len > (int)sizeof(struct sockaddr_un))
		return NULL;
	n = len - 3;
	s->key.path[0] = '@';
	if (bpf_probe_read_kernel(s->key.path + 1, n & 127, sun_path + 1))
		return NULL;
	s->key.path[1 + (n & 127)] = 0;
	return s->key.path;
}

static __always_inline int bl_check_unix_peer(const struct bl_task *t, __u32 hook,
					      struct sock *other)
{
	struct bl_object obj = { .kind = BL_OBJ_PATH };
	struct unix_sock *u = (void *)other;
	struct unix_address *addr;
	struct bl_path_rule *rule;
	struct bl_scratch *s;
	__u32 rule_id = 0;
	bool deny = false;
	int ret;
	long len;

	if (!u)
		return 0;
	s = bl_scratch_get();
	if (!s)
		return bl_fail_closed(t, hook, BL_REASON_SCRATCH_BUSY, BL_STAT_SCRATCH_BUSY, &obj);
	s->key.path[0] = 0;
	addr = BPF_CORE_READ(u, addr);
	if (addr) {
		/* Abstract names start with a NUL and read as empty: only identity judges them. */
		len = bpf_probe_read_kernel_str(
			s->key.path, sizeof(((struct sockaddr_un *)0)->sun_path) + 1,
			__builtin_preserve_access_index(&addr->name[0].sun_path));
		if (len > 1) {
			obj.path = s->key.path;
			rule = bl_name_lookup(s, len, t->slot);
			deny = bl_rule_denies_unix(rule, &rule_id);
		}
	}
	if (!deny)
		deny = bl_rule_denies_unix(
			bl_inode_lookup(t->slot, BPF_CORE_READ(u, path.dentry, d_inode)), &rule_id);
	if (deny) {
		ret = bl_judge(t, hook, rule_id, BL_REASON_RULE, &obj);
	} else {
		if (addr && !obj.path && bl_learning(t))
			obj.path = bl_abstract_name(s, addr);
		ret = bl_allowed(t, hook, &obj);
	}
	bl_scratch_put(s);
	return ret;
}

#endif /* BL_UNIX_H */
