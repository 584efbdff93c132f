/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one lock every writer of the pinned state holds: an exclusive flock(2) on the pin directory
 * itself. Writers read a map entry and write it back (settings, a profile's mode), or hand out a
 * slot and switch to it; two at once lose one's update, and a lost update here fails open (a
 * profile pointing at a dropped rule set, a level window that hides a binding, one slot for two
 * profiles). bpffs holds no regular files (and refuses names with a dot), so the directory is the
 * lock: nothing is left over for `boxlock unload` to remove.
 *
 * Every function that writes pinned state takes the lock itself, so no caller can forget it; a
 * caller whose reads and writes span several such calls takes it around all of them. The lock is
 * reentrant within a thread (a second flock on another fd of the directory from the same process
 * would wait for itself) and exclusive between threads of one process (the daemon's). A child
 * forked while it is held does not hold it.
 */
#ifndef BL_LOCK_H
#define BL_LOCK_H

/*
 * Takes the lock on bl_opts.pin_dir, waiting at most bl_lock_timeout_ms for any one holder (while
 * the lock changes hands, the writers ahead make progress and this one waits its turn). Returns
 * 0, -EBUSY when one holder kept it that long ("another boxlock command holds the lock on DIR
 * (pid N?)"), -ENOENT when the pin directory does not exist (boxlock not loaded, or unloaded
 * meanwhile), or another -errno; each error is reported with bl_err(). Every 0 is paired with one
 * bl_unlock().
 */
int bl_lock(void);
void bl_unlock(void);

/* How long bl_lock() waits for one holder; 120 s. A variable so that tests can shorten it. */
extern unsigned int bl_lock_timeout_ms;

#endif /* BL_LOCK_H */
