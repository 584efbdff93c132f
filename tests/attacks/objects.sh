# shellcheck shell=bash
# Objects, not names: a file on a pseudo-filesystem is judged by its filesystem and its place in
# it, a file anywhere by its path in the mount namespace (not the task's chroot), and a device
# node by its type and number, however the container reaches or names them.
attack_setup "$REPO/profiles/default.ini" default

on_rule() { # RULE_PREFIX: the filter for a file_open event of that rule
	echo ".hook == \"file_open\" and (.rule | startswith(\"$1\"))"
}
core=$(on_rule "files: deny-write /proc/sys/kernel/core_pattern ")
sysrq=$(on_rule "files: deny-write /proc/sysrq-trigger ")
sysw=$(on_rule "files: deny-write /sys/ ")

# A chroot moves the task's root (CAP_SYS_CHROOT is in Docker's default set): bpf_d_path then
# names /proc/sys/kernel/core_pattern "/kernel/core_pattern".
attack "chroot /proc/sys, write kernel/core_pattern" OK "$core" \
	"$BLTRY" chroot-open /proc/sys kernel/core_pattern w
attack "chroot /proc, write sysrq-trigger" OK "$sysrq" "$BLTRY" chroot-open /proc sysrq-trigger w
if [ -e /sys/kernel/uevent_helper ]; then
	sysfile=kernel/uevent_helper
else # not built into Debian's kernels: another file /sys/ denies
	sysfile=kernel/mm/transparent_hugepage/enabled
fi
attack "chroot /sys, write $sysfile" OK "$sysw" "$BLTRY" chroot-open /sys "$sysfile" w

# A second procfs, mounted by the host (a container is denied mounts), and a bind of /proc/sys:
# the same objects under paths no rule names.
mkdir -p /tmp/p2 /tmp/ps
mount -t proc proc /tmp/p2
mount --bind /proc/sys /tmp/ps
attack "second procfs: write /tmp/p2/sys/kernel/core_pattern" OK "$core" \
	"$BLTRY" open /tmp/p2/sys/kernel/core_pattern w
attack "second procfs: write /tmp/p2/sysrq-trigger" OK "$sysrq" \
	"$BLTRY" open /tmp/p2/sysrq-trigger w
attack "bind of /proc/sys: write /tmp/ps/kernel/core_pattern" OK "$core" \
	"$BLTRY" open /tmp/ps/kernel/core_pattern w
bl mode enforce --profile default >/dev/null
check "control: /proc/self/status read" OK in_cg "$ATTACK_BOUND" "$BLTRY" open /proc/self/status r
check "control: /proc/sys/kernel/hostname read" OK \
	in_cg "$ATTACK_BOUND" "$BLTRY" open /proc/sys/kernel/hostname r
check "control: second procfs, /tmp/p2/sys/kernel/hostname write (allowed by its rule)" OK \
	in_cg "$ATTACK_BOUND" "$BLTRY" open /tmp/p2/sys/kernel/hostname w
check "control: chroot /proc/sys, kernel/hostname read" OK \
	in_cg "$ATTACK_BOUND" "$BLTRY" chroot-open /proc/sys kernel/hostname r
check "control: second procfs, /tmp/p2/self/status read" OK \
	in_cg "$ATTACK_BOUND" "$BLTRY" open /tmp/p2/self/status r
umount /tmp/ps /tmp/p2

# An ordinary filesystem: a chroot into a denied directory does not rename what is in it ...
mkdir -p /run/docker/bl-objects /tmp/bl-chroot/run/docker
echo x >/run/docker/bl-objects/f
echo x >/tmp/bl-chroot/run/docker/f
attack "chroot /run, read docker/bl-objects/f (under /run/docker/)" OK \
	"$(on_rule "files: deny /run/docker/ ")" "$BLTRY" chroot-open /run docker/bl-objects/f r
# ... nor a chroot the task's cwd is left outside of (no chdir after it): the file is named from
# the namespace's root, not the new root's place followed by the name from the old one.
mkdir -p /tmp/bl-chroot-empty
attack "chroot /tmp/bl-chroot-empty, cwd /run/docker left outside it, read bl-objects/f" OK \
	"$(on_rule "files: deny /run/docker/ ")" \
	"$BLTRY" chroot-cwd-open /tmp/bl-chroot-empty /run/docker bl-objects/f r
# ... and a container's own directory is not a denied one because it is called so under a chroot.
check "control: chroot /tmp/bl-chroot, read its run/docker/f" OK \
	in_cg "$ATTACK_BOUND" "$BLTRY" chroot-open /tmp/bl-chroot run/docker/f r
rm -rf /run/docker/bl-objects /tmp/bl-chroot /tmp/bl-chroot-empty

# Devices by number: nodes made with mknod (outside the container) under names no rule names, on
# a filesystem that honours device nodes (the guest's /tmp is nodev).
devs=/tmp/bl-devs
mkdir -p $devs
mount -t tmpfs -o mode=755 tmpfs $devs
mknod $devs/mem c 1 1
mknod $devs/null c 1 3
attack "open a copy of /dev/mem (mknod c 1 1)" OK "$(on_rule "devices: deny char 1:1 ")" \
	"$BLTRY" open $devs/mem r

# A block device: a loop device over a file (the loop module decompressed for busybox insmod).
loopdev=
truncate -s 1M /tmp/bl-disk.img
if ! losetup -f >/dev/null 2>&1; then
	ko=$(find "/lib/modules/$(uname -r)/kernel/drivers/block" -name 'loop.ko*' | head -n 1)
	case $ko in
	*.xz) xz -dc "$ko" >/tmp/loop.ko && insmod /tmp/loop.ko 2>/dev/null ;;
	?*) insmod "$ko" 2>/dev/null ;;
	esac
fi
loopdev=$(losetup -f --show /tmp/bl-disk.img 2>/dev/null)
if [ -n "$loopdev" ] && [ -b "$loopdev" ]; then
	mknod $devs/blk b "$((0x$(stat -c %t "$loopdev")))" "$((0x$(stat -c %T "$loopdev")))"
	attack "open a block device under another name ($loopdev as $devs/blk), read-only" OK \
		"$(on_rule "devices: deny block *")" "$BLTRY" open $devs/blk r
else
	skip "block device: no loop device in this guest (losetup: $(losetup -f 2>&1))"
fi

bl mode enforce --profile default >/dev/null
check "control: /dev/null read-write" OK in_cg "$ATTACK_BOUND" "$BLTRY" open /dev/null rw
check "control: /dev/zero read" OK in_cg "$ATTACK_BOUND" "$BLTRY" open /dev/zero r
check "control: /dev/urandom read" OK in_cg "$ATTACK_BOUND" "$BLTRY" open /dev/urandom r
check "control: /dev/full write" OK in_cg "$ATTACK_BOUND" "$BLTRY" open /dev/full w
check "control: a pty (/dev/ptmx) read-write" OK in_cg "$ATTACK_BOUND" "$BLTRY" open /dev/ptmx rw
check "control: a copy of /dev/null (mknod c 1 3) read-write" OK \
	in_cg "$ATTACK_BOUND" "$BLTRY" open $devs/null rw
[ -n "$loopdev" ] && losetup -d "$loopdev"
umount $devs
rm -f /tmp/bl-disk.img
