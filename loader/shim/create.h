/* SPDX-License-Identifier: GPL-2.0 */
/* boxlock-runc create: the real runtime's create, then the container bound before it may start. */
#ifndef BL_SHIM_CREATE_H
#define BL_SHIM_CREATE_H

#include "shim/args.h"
#include "shim/runtime.h"

/*
 * Runs @runtime with @argv (the shim's own argv: argv[0] is replaced, the rest passed word for
 * word), then binds the created container (its init waits on runc's exec.fifo for `start`).
 * Returns the exit status for boxlock-runc: the runtime's own when its create failed, 0 when the
 * container is bound, 1 when it could not be bound; then the container was killed and deleted,
 * and the reason is on stderr and in the runtime's --log.
 */
int bl_shim_create(const char *runtime, int argc, char **argv, const struct bl_shim_args *a,
		   const struct bl_shim_config *cfg);

/* Writes one line to the runtime's --log (if any) in its --log-format (json or text). */
void bl_shim_log(const struct bl_shim_args *a, const char *level, const char *msg);

#endif /* BL_SHIM_CREATE_H */
