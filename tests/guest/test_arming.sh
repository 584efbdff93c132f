# shellcheck shell=bash
# A container's runtime sets it up from inside its cgroup (runc's init opens its state under
# /run/docker, mounts the rootfs and pivots): with --arm-at-exec the profile waits for the
# container's first exec outside the host's mount namespace, and holds from then on.
ensure_loaded
cg=$(new_cgroup arming)
bl profile load "$REPO/profiles/default.ini" >/dev/null
bl bind --cgroup "$cg" --profile default --arm-at-exec >/dev/null
mkdir -p /tmp/arm/a
armed_before=$(bl -j status | jq '.counters.processes_armed')

check "arming: before the first exec, the runtime's mount succeeds" OK \
	in_cg "$cg" "$BLTRY" mount none /tmp/arm/a tmpfs
umount /tmp/arm/a 2>/dev/null
check "arming: before the first exec, the runtime's open of a denied path succeeds" OK \
	in_cg "$cg" "$BLTRY" open /proc/sysrq-trigger w
check "arming: an exec in the host's mount namespace does not arm" OK \
	in_cg "$cg" "$BLTRY" mount none /tmp/arm/a tmpfs
umount /tmp/arm/a 2>/dev/null
# The container's entrypoint: an exec in a new mount namespace, inside the cgroup.
"$BLTRY" in-mntns "$BLTRY" cgexec "$cg" /usr/bin/true
armed_after=$(bl -j status | jq '.counters.processes_armed')
if [ "$armed_after" -gt "$armed_before" ]; then
	pass "arming: the container's first exec armed its cgroup ($armed_before -> $armed_after)"
else
	fail "arming: processes_armed did not grow ($armed_before -> $armed_after)"
fi
"$BLTRY" in-mntns "$BLTRY" cgexec "$cg" "$BLTRY" mount none /tmp/arm/a tmpfs >/tmp/arm/r1
check "arming: after it, a mount is denied" EPERM cat /tmp/arm/r1
"$BLTRY" in-mntns "$BLTRY" cgexec "$cg" "$BLTRY" cap-sysadmin >/tmp/arm/r2
check "arming: after it, CAP_SYS_ADMIN is denied" EPERM cat /tmp/arm/r2
"$BLTRY" in-mntns "$BLTRY" cgexec "$cg" "$BLTRY" open /proc/sysrq-trigger w >/tmp/arm/r3
check "arming: after it, file rules hold" EPERM cat /tmp/arm/r3
# Arming is per process: a process of the container is armed, a runtime process that joins the
# cgroup later (docker exec's init) is not, until its own exec in the container's namespace.
check "arming: a process that joins the armed cgroup from the host is still set-up" OK \
	in_cg "$cg" "$BLTRY" mount none /tmp/arm/a tmpfs
umount /tmp/arm/a 2>/dev/null
"$BLTRY" in-mntns "$BLTRY" cgexec "$cg" "$BLTRY" mount none /tmp/arm/a tmpfs >/tmp/arm/res
check "arming: its exec in the container's namespace arms it" EPERM cat /tmp/arm/res
"$BLTRY" in-mntns "$BLTRY" cgexec "$cg" sh -c "$BLTRY mount none /tmp/arm/a tmpfs" >/tmp/arm/res2
check "arming: the children of an armed process are armed" EPERM cat /tmp/arm/res2
# A process already running when its cgroup is bound is armed by the loader.
pre=$(new_cgroup arming-pre)
res=/tmp/arm/pre.res
: >"$res"
bg in_cg "$pre" sh -c "while :; do $BLTRY open /proc/sysrq-trigger w >>$res; sleep 0.2; done"
sleep 0.5
bl bind --cgroup "$pre" --profile default --arm-at-exec >/dev/null
n=$(wc -l <"$res")
while [ "$(wc -l <"$res")" -lt $((n + 2)) ]; do sleep 0.1; done
check "arming: a process running before the bind is held by the profile at once" EPERM tail -n 1 "$res"
kill_bg
bl unbind --cgroup "$pre" >/dev/null
bl unbind --cgroup "$cg" >/dev/null
