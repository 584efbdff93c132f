# shellcheck shell=bash
# Mounts a container uses to reach the host: a fresh tmpfs or proc, a bind of the host's /, a
# cgroup v1 hierarchy (release_agent), the new mount API, and pivot_root. Under the default
# profile each is refused twice over: CAP_SYS_ADMIN is denied, and so are mounts.
attack_setup "$REPO/profiles/default.ini" default
mkdir -p /tmp/m/tmpfs /tmp/m/proc /tmp/m/root /tmp/m/cg1 /tmp/m/new /tmp/m/tree /tmp/m/put
attack_reset() {
	local d
	for d in tmpfs proc root cg1 new tree; do
		umount -l "/tmp/m/$d" 2>/dev/null || true
	done
}
mnt='(.hook == "capable" and .capability_name == "SYS_ADMIN") or .hook == "sb_mount"'

attack "mount a tmpfs" OK "$mnt" "$BLTRY" mount none /tmp/m/tmpfs tmpfs
attack "mount proc" OK "$mnt" "$BLTRY" mount proc /tmp/m/proc proc
attack "bind mount the host's /" OK "$mnt" "$BLTRY" mount / /tmp/m/root none bind
attack "mount a cgroup v1 hierarchy (release_agent)" OK "$mnt" \
	"$BLTRY" mount cgroup /tmp/m/cg1 cgroup none,name=bltest
attack "new mount API: fsopen/fsmount/move_mount a tmpfs" OK \
	'(.hook == "capable" and .capability_name == "SYS_ADMIN") or .hook == "move_mount"' \
	"$BLTRY" fsmount tmpfs /tmp/m/new
attack "new mount API: open_tree clone of / + move_mount" OK \
	'(.hook == "capable" and .capability_name == "SYS_ADMIN") or .hook == "move_mount"' \
	"$BLTRY" open-tree / /tmp/m/tree
