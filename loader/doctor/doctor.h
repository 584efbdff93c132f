/* SPDX-License-Identifier: GPL-2.0 */
/*
 * boxlock doctor's parts: each check records its report in struct doctor; cmd_doctor.c runs
 * them in order and prints them.
 */
#ifndef BL_DOCTOR_H
#define BL_DOCTOR_H

#include <stdbool.h>
#include <jansson.h>

enum verdict { V_OK, V_FAIL, V_WARN, V_INFO };

struct doctor {
	json_t *checks;
	int failed;
	char release[65];
};

/*
 * Records one check. @fix is NULL when there is nothing to do. Returns the check's JSON object
 * (owned by @d->checks), to which a check may add fields of its own.
 */
json_t *doctor_report(struct doctor *d, const char *name, enum verdict v, const char *fix,
		      const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* host.c: the kernel and the filesystems boxlock needs, root, and what is pinned. */
void doctor_check_kernel(struct doctor *d);
void doctor_check_btf(struct doctor *d);
void doctor_check_config(struct doctor *d);
bool doctor_check_securityfs(struct doctor *d);
void doctor_check_bpffs(struct doctor *d);
void doctor_check_cgroup2(struct doctor *d);
void doctor_check_privileges(struct doctor *d);
void doctor_check_loaded(struct doctor *d, json_t *root, bool before_load);

/* lsm.c: bpf in the active LSM list, or the kernel command line that puts it there. */
bool doctor_check_lsm(struct doctor *d, bool securityfs);

/* runtimes.c: the runtimes' sockets, then whether each starts containers through the shim. */
void doctor_check_sockets(struct doctor *d);
void doctor_check_shims(struct doctor *d);

#endif /* BL_DOCTOR_H */
