// SPDX-License-Identifier: GPL-2.0
/*
 * Capability names, as capabilities(7) writes them. The table is indexed by the kernel's own
 * numbers from <linux/capability.h>, so a name can never land on the wrong bit.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <linux/capability.h>
#include "internal.h"

#define CAP(n) [CAP_##n] = #n
static const char *const cap_names[] = {
	CAP(CHOWN),
	CAP(DAC_OVERRIDE),
	CAP(DAC_READ_SEARCH),
	CAP(FOWNER),
	CAP(FSETID),
	CAP(KILL),
	CAP(SETGID),
	CAP(SETUID),
	CAP(SETPCAP),
	CAP(LINUX_IMMUTABLE),
	CAP(NET_BIND_SERVICE),
	CAP(NET_BROADCAST),
	CAP(NET_ADMIN),
	CAP(NET_RAW),
	CAP(IPC_LOCK),
	CAP(IPC_OWNER),
	CAP(SYS_MODULE),
	CAP(SYS_RAWIO),
	CAP(SYS_CHROOT),
	CAP(SYS_PTRACE),
	CAP(SYS_PACCT),
	CAP(SYS_ADMIN),
	CAP(SYS_BOOT),
	CAP(SYS_NICE),
	CAP(SYS_RESOURCE),
	CAP(SYS_TIME),
	CAP(SYS_TTY_CONFIG),
	CAP(MKNOD),
	CAP(LEASE),
	CAP(AUDIT_WRITE),
	CAP(AUDIT_CONTROL),
	CAP(SETFCAP),
	CAP(MAC_OVERRIDE),
	CAP(MAC_ADMIN),
	CAP(SYSLOG),
	CAP(WAKE_ALARM),
	CAP(BLOCK_SUSPEND),
	CAP(AUDIT_READ),
	CAP(PERFMON),
	CAP(BPF),
	CAP(CHECKPOINT_RESTORE),
};
#undef CAP

#define N_CAPS (sizeof(cap_names) / sizeof(cap_names[0]))
_Static_assert(N_CAPS == 41, "capabilities 0..40 (CAP_CHOWN..CAP_CHECKPOINT_RESTORE)");
_Static_assert(N_CAPS <= BL_CAP_MAX, "cap_deny has a bit per capability");

const char *blp_cap_name(unsigned int cap)
{
	return cap < N_CAPS ? cap_names[cap] : NULL;
}

int blp_cap_parse(const char *tok, unsigned int *cap, char *err, size_t errlen)
{
	const char *name = tok, *hint;
	char upper[40], q[80];
	size_t i;

	if (!strncasecmp(name, "CAP_", 4))
		name += 4;
	for (i = 0; i < N_CAPS; i++) {
		if (!strcasecmp(name, cap_names[i])) {
			*cap = (unsigned int)i;
			return 0;
		}
	}
	for (i = 0; name[i] && i < sizeof(upper) - 1; i++)
		upper[i] = (char)toupper((unsigned char)name[i]);
	upper[i] = '\0';
	hint = blp_suggest(upper, cap_names, N_CAPS);
	if (hint)
		snprintf(err, errlen,
			 "unknown capability, found '%s', expected a name from capabilities(7) "
			 "such as CAP_%s (a typo?)",
			 blp_quote(q, sizeof(q), tok), hint);
	else
		snprintf(err, errlen,
			 "unknown capability, found '%s', expected a name from capabilities(7) "
			 "like CAP_SYS_ADMIN or sys_admin",
			 blp_quote(q, sizeof(q), tok));
	return -EINVAL;
}

const char *bl_cap_name(unsigned int cap)
{
	const char *name = blp_cap_name(cap);

	return name ? name : "unknown";
}
