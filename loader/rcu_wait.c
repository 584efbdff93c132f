// SPDX-License-Identifier: GPL-2.0
/*
 * An RCU grace period, from user space.
 *
 * Every boxlock program is a non-sleepable LSM program: the BPF trampoline runs it between
 * rcu_read_lock() and rcu_read_unlock() (__bpf_prog_enter / __bpf_prog_exit, and their _recur
 * variants, kernel/bpf/trampoline.c in 6.1 and 6.12). So once a grace period has passed, every
 * program run that started before it has returned.
 *
 * The kernel waits for one on our behalf when a map-in-map element changes from the syscall:
 * bpf_map_update_value is followed by maybe_wait_bpf_programs, which calls synchronize_rcu() for
 * BPF_MAP_TYPE_{HASH,ARRAY}_OF_MAPS "so that userspace, when we return to it, knows that all
 * programs that could be running use the new map value" (kernel/bpf/syscall.c, 6.1 and 6.12).
 * Unlike membarrier(MEMBARRIER_CMD_GLOBAL), which skips synchronize_rcu() when one CPU is online
 * (kernel/sched/membarrier.c in both) although a preemptible kernel can preempt a program on that
 * one CPU mid-run, and which nohz_full refuses with EINVAL, this waits whatever the CPU count and
 * the kernel's configuration. A private, throwaway array of maps: nothing reads it.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include "cli.h"
#include "rcu_wait.h"

int bl_rcu_wait(void)
{
	LIBBPF_OPTS(bpf_map_create_opts, opts);
	int inner, outer = -1, err = 0;
	__u32 zero = 0;

	inner = bpf_map_create(BPF_MAP_TYPE_ARRAY, "bl_rcu_inner", 4, 4, 1, NULL);
	if (inner < 0) {
		err = -errno;
		goto out;
	}
	opts.inner_map_fd = inner;
	outer = bpf_map_create(BPF_MAP_TYPE_ARRAY_OF_MAPS, "bl_rcu_wait", 4, 4, 1, &opts);
	if (outer < 0) {
		err = -errno;
		goto out;
	}
	/* Returns after synchronize_rcu(). */
	if (bpf_map_update_elem(outer, &zero, &inner, BPF_ANY))
		err = -errno;
out:
	if (err)
		bl_err("store: cannot wait for the programs in flight: %s", strerror(-err));
	if (outer >= 0)
		close(outer);
	if (inner >= 0)
		close(inner);
	return err;
}
