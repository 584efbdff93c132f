# shellcheck shell=bash
# Mount rules that let some mounts through: an fs type allow-list and denied bind sources.
attack_setup "$TESTS/profiles/test-fstypes.ini" test-fstypes
mkdir -p /tmp/mr/a
attack_reset() { umount -l /tmp/mr/a 2>/dev/null || true; }
attack "mount proc with only tmpfs allowed" OK '.hook == "sb_mount" and .fstype == "proc"' \
	"$BLTRY" mount proc /tmp/mr/a proc
attack "bind mount /sys" OK '.hook == "sb_mount" and .path == "/sys"' \
	"$BLTRY" mount /sys /tmp/mr/a none bind
attack "bind mount /proc/sys" OK '.hook == "sb_mount" and .path == "/proc/sys"' \
	"$BLTRY" mount /proc/sys /tmp/mr/a none bind
check "mount rules: an allowed tmpfs mount succeeds" OK \
	in_cg "$ATTACK_BOUND" "$BLTRY" mount none /tmp/mr/a tmpfs
attack_reset
check "mount rules: a bind of an allowed source succeeds" OK \
	in_cg "$ATTACK_BOUND" "$BLTRY" mount /tmp /tmp/mr/a none bind
attack_reset
unset -f attack_reset
