/* SPDX-License-Identifier: GPL-2.0 */
/* The real OCI runtime behind boxlock-runc: which one (shim.ini, environment), and running it. */
#ifndef BL_SHIM_RUNTIME_H
#define BL_SHIM_RUNTIME_H

#include <limits.h>
#include <stddef.h>

#define BL_SHIM_CONFIG "/etc/boxlock/shim.ini"
#define BL_SHIM_DEFAULT_PROFILES "/etc/boxlock/profiles"

struct bl_shim_config {
	char runtime[PATH_MAX]; /* [shim] runtime = PATH; "" when not set */
	char profiles[PATH_MAX]; /* [shim] profiles = DIR */
};

/*
 * Reads @path, an INI file with a [shim] section (runtime = PATH, profiles = DIR), into @cfg over
 * its defaults. A missing file leaves the defaults; a file with an error (an unknown section or
 * key, a relative path) is refused, with the reason (FILE:LINE: ...) in @err.
 */
int bl_shim_config_read(const char *path, struct bl_shim_config *cfg, char *err, size_t errlen);

/*
 * The real runtime, first found: $BOXLOCK_RUNTIME, the config's runtime, /usr/sbin/runc,
 * /usr/bin/runc. It must be an executable file and not boxlock-runc itself (which would call
 * itself for ever). Returns 0 with its path in @path, or -errno with the reason in @err.
 */
int bl_shim_find_runtime(const struct bl_shim_config *cfg, char *path, size_t len, char *err,
			 size_t errlen);

/*
 * Runs @argv (argv[0] the runtime's path) and waits for it. @out_fd and @err_fd replace its
 * stdout and stderr when not -1 (stdin too becomes /dev/null then); otherwise it inherits every
 * descriptor as they are (runc passes stdio and --preserve-fds on to the container). Returns its
 * exit status, 128 + the signal that killed it, or -errno when it could not be run.
 */
int bl_shim_spawn(char *const argv[], int out_fd, int err_fd);

/* Runs @argv with stdout into a buffer (*@out, NUL-terminated, to free) and stderr dropped. */
int bl_shim_capture(char *const argv[], char **out, size_t max);

#endif /* BL_SHIM_RUNTIME_H */
