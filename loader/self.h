/* SPDX-License-Identifier: GPL-2.0 */
/*
 * boxlock's own state, recorded for the programs that guard it (bpf-lsm/self.bpf.c): what is
 * under the pin directory by identity, and the ids of boxlock's maps, programs and links.
 */
#ifndef BL_SELF_H
#define BL_SELF_H

struct bpf_object;

/*
 * Records in the self_objects map (@self_fd) the pin directory, its subdirectories and every
 * pin in them, and the ids of @obj's maps and programs and of the pinned links; then drops the
 * entries of an earlier load that are gone. New entries go in before old ones go out, so no
 * moment of a reload leaves the state unguarded. 0 or -errno.
 */
int bl_self_record(int self_fd, struct bpf_object *obj);

#endif /* BL_SELF_H */
