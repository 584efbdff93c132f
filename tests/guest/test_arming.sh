# shellcheck shell=bash
# A container's runtime sets it up from inside its cgroup (runc's init mounts the rootfs and
# pivots): with --arm-at-exec, mount and capability rules wait for the container's first exec
# outside the host's mount namespace, and hold from then on. File rules hold from the start.
ensure_loaded
cg=$(new_cgroup arming)
bl profile load "$REPO/profiles/default.ini" >/dev/null
bl bind --cgroup "$cg" --profile default --arm-at-exec >/dev/null
mkdir -p /tmp/arm/a
armed_before=$(bl -j status | jq '.counters.containers_armed')

check "arming: before the first exec, the runtime's mount succeeds" OK \
	in_cg "$cg" "$BLTRY" mount none /tmp/arm/a tmpfs
umount /tmp/arm/a 2>/dev/null
check "arming: file rules hold from the start" OK \
	in_cg "$cg" "$BLTRY" open /proc/sysrq-trigger r
check "arming: file rules hold from the start (write denied)" EPERM \
	in_cg "$cg" "$BLTRY" open /proc/sysrq-trigger w
check "arming: an exec in the host's mount namespace does not arm" OK \
	in_cg "$cg" "$BLTRY" mount none /tmp/arm/a tmpfs
umount /tmp/arm/a 2>/dev/null
# The container's entrypoint: an exec in a new mount namespace, inside the cgroup.
"$BLTRY" in-mntns "$BLTRY" cgexec "$cg" /usr/bin/true
armed_after=$(bl -j status | jq '.counters.containers_armed')
if [ "$armed_after" -gt "$armed_before" ]; then
	pass "arming: the container's first exec armed its cgroup ($armed_before -> $armed_after)"
else
	fail "arming: containers_armed did not grow ($armed_before -> $armed_after)"
fi
check "arming: after it, a mount is denied" EPERM in_cg "$cg" "$BLTRY" mount none /tmp/arm/a tmpfs
check "arming: after it, CAP_SYS_ADMIN is denied" EPERM in_cg "$cg" "$BLTRY" cap-sysadmin
sub=$(new_cgroup arming/child)
check "arming: a cgroup the container creates below its own is armed too" EPERM \
	in_cg "$sub" "$BLTRY" mount none /tmp/arm/a tmpfs
bl unbind --cgroup "$cg" >/dev/null
