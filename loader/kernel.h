/* SPDX-License-Identifier: GPL-2.0 */
/* What the running kernel offers: BPF LSM support. */
#ifndef BL_KERNEL_H
#define BL_KERNEL_H

#include <stdbool.h>
#include <stddef.h>

#define BL_LSM_FILE "/sys/kernel/security/lsm"

/* Reads the active LSM list into @buf; -errno if securityfs cannot be read. */
int bl_kernel_lsm_list(char *buf, size_t len);
/* 0 if "bpf" is an active LSM; otherwise says what is missing and returns -EOPNOTSUPP. */
int bl_kernel_check_lsm(void);

#endif /* BL_KERNEL_H */
