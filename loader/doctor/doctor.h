/* SPDX-License-Identifier: GPL-2.0 */
/*
 * boxlock doctor's parts: each check records one report (or one per runtime) in struct doctor;
 * cmd_doctor.c runs them in order and prints them. A check that needs another's answer (the
 * runtime parents need the shim checks', the lsm check securityfs's) finds it in struct doctor.
 */
#ifndef BL_DOCTOR_H
#define BL_DOCTOR_H

#include <limits.h>
#include <stdbool.h>
#include <jansson.h>
#include "pins.h"

#define BL_DOCTOR_CGROUP_DIR "/sys/fs/cgroup"
#define BL_DOCTOR_SHIM_NAME "boxlock-runc"
/* containerd's runc shims keep one directory per namespace with tasks here. */
#define BL_DOCTOR_CONTAINERD_TASKS "/run/containerd/io.containerd.runtime.v2.task"

enum verdict { V_OK, V_FAIL, V_WARN, V_INFO };

/* What the shim checks found out about each container runtime, for the checks after them. */
struct doctor_runtimes {
	bool docker; /* a Docker socket is there */
	json_t *docker_info; /* Docker's /info; NULL when there is no Docker or it did not answer */
	bool docker_shim; /* Docker's default runtime is boxlock-runc */
	bool containerd; /* containerd is installed */
	bool containerd_shim; /* the CRI's runc runtime has BinaryName boxlock-runc */
	bool podman; /* podman is installed */
	bool podman_shim; /* podman runs boxlock's OCI hook, or boxlock-runc as its runtime */
};

struct doctor {
	json_t *checks;
	int failed;
	char release[65];
	char shim[PATH_MAX]; /* where boxlock-runc is, for the fixes that name it */
	struct doctor_runtimes rt;
	/* The pinned maps, for the checks that read the bindings; maps_err is -errno when boxlock
	 * is loaded but its maps cannot be opened (maps_msg says why), -ENOENT when not loaded. */
	struct bl_maps maps;
	int maps_err;
	char maps_msg[1024];
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

/* runtimes.c: the runtimes' sockets, then whether each starts containers through the shim
 * (fills @d->rt). */
void doctor_check_sockets(struct doctor *d);
void doctor_check_shims(struct doctor *d);

/* parents.c: where each runtime present puts the containers it starts, and whether that is
 * bound (runtime-parent). */
void doctor_check_parents(struct doctor *d);
/* The names of containerd's namespaces that have (or had) tasks: their count, or -errno. */
int doctor_containerd_namespaces(char names[][64], int max);

/* unbound.c: running containers under no binding (unbound-containers). */
void doctor_check_unbound(struct doctor *d);

/*
 * bound.c: the binding that holds the cgroup at @path (absolute, under BL_DOCTOR_CGROUP_DIR):
 * its own, else its nearest bound ancestor's below the root. Returns 0 with the bound cgroup's
 * path in @bound and the profile's name in @profile, -ENOENT when none holds it (or @path does
 * not exist), or another -errno when the bindings cannot be read.
 */
int doctor_binding_of(const struct doctor *d, const char *path, char *bound, size_t bound_len,
		      char *profile, size_t profile_len);

#endif /* BL_DOCTOR_H */
