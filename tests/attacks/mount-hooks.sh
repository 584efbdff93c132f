# shellcheck shell=bash
# Each mount hook on its own: a profile that denies mounts but leaves CAP_SYS_ADMIN, so the
# verdict comes from sb_mount, sb_umount, sb_remount, move_mount or sb_pivotroot themselves.
attack_setup "$TESTS/profiles/test-mount.ini" test-mount
mkdir -p /tmp/mh/a /tmp/mh/new /tmp/mh/tree /tmp/mh/held /tmp/mh/root/put
attack_reset() {
	umount -l /tmp/mh/a /tmp/mh/new /tmp/mh/tree 2>/dev/null || true
	mountpoint -q /tmp/mh/held || mount -t tmpfs held /tmp/mh/held
}
attack "mount(2) of a tmpfs (sb_mount)" OK '.hook == "sb_mount"' \
	"$BLTRY" mount none /tmp/mh/a tmpfs
attack "fsopen/fsmount/move_mount (move_mount)" OK '.hook == "move_mount"' \
	"$BLTRY" fsmount tmpfs /tmp/mh/new
attack "open_tree + move_mount bind of / (move_mount)" OK '.hook == "move_mount"' \
	"$BLTRY" open-tree / /tmp/mh/tree
attack "umount of a host mount (sb_umount)" OK '.hook == "sb_umount"' \
	"$BLTRY" umount /tmp/mh/held
attack "remount a mount (sb_mount, sb_remount)" OK '.hook == "sb_mount" or .hook == "sb_remount"' \
	"$BLTRY" mount none /tmp/mh/held tmpfs remount
unset -f attack_reset
mountpoint -q /tmp/mh/held && umount /tmp/mh/held
