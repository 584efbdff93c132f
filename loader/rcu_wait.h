/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Waiting, from user space, until every BPF program run that was in flight has ended: what makes
 * it safe to delete rules that a program may have found through an entry just replaced.
 */
#ifndef BL_RCU_WAIT_H
#define BL_RCU_WAIT_H

/* Returns once every boxlock program that started before the call has returned; 0 or -errno. */
int bl_rcu_wait(void);

#endif /* BL_RCU_WAIT_H */
