# shellcheck shell=bash
# Outside processes are outside: with the host's pid namespace (--pid=host, as every task here),
# /proc/PID/root, cwd, fd/N, environ and mem of a process outside the container reach the host's
# files and memory. Under `ptrace = deny` every ptrace mode to them is refused, reads included;
# the container's own processes and /proc/self keep working, and ps still runs.
attack_setup "$REPO/profiles/default.ini" default

# The LSM's -EPERM does not reach the caller here: ptrace_may_access() is a bool, and /proc
# answers EACCES (proc_fd_access_allowed callers, mm_access); the event shows it was boxlock.
ATTACK_DENIED=EACCES
ptr='.hook == "ptrace_access_check"'
attack "readlink /proc/1/root" OK "$ptr" "$BLTRY" readlink /proc/1/root
attack "open /proc/1/root/etc/hostname" OK "$ptr" "$BLTRY" open /proc/1/root/etc/hostname r
attack "open /proc/1/cwd/" OK "$ptr" "$BLTRY" open /proc/1/cwd/ r
attack "open /proc/1/fd/0" OK "$ptr" "$BLTRY" open /proc/1/fd/0 r
attack "open /proc/1/environ" OK "$ptr" "$BLTRY" open /proc/1/environ r
attack "readlink /proc/1/ns/mnt (what setns would join)" OK "$ptr" "$BLTRY" readlink /proc/1/ns/mnt
attack "open /proc/1/mem" OK "$ptr" "$BLTRY" open /proc/1/mem r
unset ATTACK_DENIED

# Controls, in enforce mode: the container's own processes.
bl mode enforce --profile default >/dev/null
# Not `bg in_cg`: a backgrounded function is a host subshell, its child is in the cgroup. Its
# own name (the kernel names a task after the file it executed, links unresolved): the host
# has processes called sleep too (the suite's watchdog), and ps reading those is denied.
own=/tmp/bl-own-sleeper
ln -sf "$(command -v sleep)" "$own"
bg "$BLTRY" cgexec "$ATTACK_BOUND" "$own" 600
sib=$LAST_BG
sleep 0.3
drain_events
check "control: /proc/self/root/etc/hostname" OK \
	in_cg "$ATTACK_BOUND" "$BLTRY" open /proc/self/root/etc/hostname r
check "control: readlink /proc/self/cwd" OK in_cg "$ATTACK_BOUND" "$BLTRY" readlink /proc/self/cwd
check "control: /proc/PID/environ of a process of the same cgroup" OK \
	in_cg "$ATTACK_BOUND" "$BLTRY" open "/proc/$sib/environ" r
check "control: readlink /proc/PID/root of a process of the same cgroup" OK \
	in_cg "$ATTACK_BOUND" "$BLTRY" readlink "/proc/$sib/root"
if in_cg "$ATTACK_BOUND" ps -e >/tmp/proc-outside.ps 2>&1; then
	pass "control: ps -e exits 0 in enforce mode ($(wc -l </tmp/proc-outside.ps) lines)"
else
	fail "control: ps -e failed: $(tail -n 3 /tmp/proc-outside.ps)"
fi
check_no_event "control: nothing reported for the container's own processes" \
	"$ptr and .cgroup == \"$ATTACK_BOUND\" and .name == \"${own##*/}\""
kill_bg
