/* SPDX-License-Identifier: GPL-2.0 */
/* A profile's [syscalls] as a seccomp filter, for `boxlock run`. */
#ifndef BL_SECCOMP_FILTER_H
#define BL_SECCOMP_FILTER_H

#include <seccomp.h>
#include "policy.h"

/*
 * Builds a filter that allows every syscall but those of @p's [syscalls], which fail with EPERM,
 * for the native architecture (on x86_64 also for its x86 and x32 ABIs, so that a listed syscall
 * cannot be reached through int 0x80). Sets @n_rules to the number of syscalls filtered. Nothing
 * is loaded: the caller loads @out with seccomp_load() in the process that is to be filtered,
 * then frees it with seccomp_release().
 */
int bl_seccomp_build(const struct bl_policy *p, scmp_filter_ctx *out, size_t *n_rules);

#endif /* BL_SECCOMP_FILTER_H */
