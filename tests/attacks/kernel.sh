# shellcheck shell=bash
# Reaching into the kernel: modules, bpf(), ptrace, user namespaces, host kernel knobs, the
# cgroup a container lives in, and the Docker API over TCP.
attack_setup "$REPO/profiles/default.ini" default

ko=$(find "/lib/modules/$(uname -r)/kernel/drivers/net" -name 'dummy.ko*' | head -n 1)
plain_ko=/tmp/dummy.ko
case $ko in
*.xz) xz -dc "$ko" >"$plain_ko" ;;
*) cp "$ko" "$plain_ko" ;;
esac
attack_reset() { rmmod dummy 2>/dev/null || true; }
mod='.hook == "kernel_read_file" or .hook == "kernel_load_data" or (.hook == "capable" and .capability_name == "SYS_MODULE")'
attack "finit_module(dummy.ko)" OK "$mod" "$BLTRY" finit-module "$plain_ko"
attack "init_module(dummy.ko)" OK "$mod" "$BLTRY" init-module "$plain_ko"
unset -f attack_reset

attack "bpf(BPF_MAP_CREATE)" OK '.hook == "bpf" or (.hook == "capable" and (.capability_name == "BPF" or .capability_name == "SYS_ADMIN"))' \
	"$BLTRY" bpf-map-create

# A sibling in the same cgroup as the attacker, and one outside.
bg in_cg "$ATTACK_BOUND" sleep 600
sib_bound=$LAST_BG
bg in_cg "$ATTACK_FREE" sleep 600
sib_free=$LAST_BG
sleep 0.3
ptr='.hook == "ptrace_access_check" or (.hook == "capable" and .capability_name == "SYS_PTRACE")'
attack "ptrace a sibling process" OK "$ptr" "$BLTRY" ptrace-attach "$sib_bound"
attack "ptrace a process outside the container" OK "$ptr" "$BLTRY" ptrace-attach "$sib_free"
kill_bg

# The event names default's own rule (not another flag's: the rule is the flag's, looked up).
attack "unshare(CLONE_NEWUSER)" OK '.hook == "userns_create" and (.rule | test("userns = deny"))' \
	"$BLTRY" unshare-user
attack "write /proc/sys/kernel/core_pattern" OK \
	'.hook == "file_open" and .path == "/proc/sys/kernel/core_pattern"' \
	"$BLTRY" open /proc/sys/kernel/core_pattern w
attack "write /proc/sysrq-trigger" OK '.hook == "file_open" and .path == "/proc/sysrq-trigger"' \
	"$BLTRY" open /proc/sysrq-trigger w
attack "CAP_SYS_ADMIN (unshare a UTS namespace)" OK \
	'.hook == "capable" and .capability_name == "SYS_ADMIN"' "$BLTRY" cap-sysadmin

# Moving out of its cgroup moves a task out of its policy.
escape=$(new_cgroup attack-escape)
attack_reset() { # the control and audit runs really moved; bring nothing back, just count
	:
}
attack "write own pid to another cgroup's cgroup.procs" OK '.hook == "cgroup_move"' \
	"$BLTRY" cgroup-move "$escape"
unset -f attack_reset

bg "$BLTRY" serve-tcp 127.0.0.1 2375
bg "$BLTRY" serve-tcp ::1 2375
sleep 0.3
api='.hook == "socket_connect" and .port == 2375'
attack "Docker API over TCP 127.0.0.1:2375" OK "$api" "$BLTRY" connect-tcp 127.0.0.1 2375
attack "Docker API over TCP [::1]:2375" OK "$api" "$BLTRY" connect-tcp ::1 2375
attack "Docker API over TCP [::ffff:127.0.0.1]:2375" OK "$api" \
	"$BLTRY" connect-tcp ::ffff:127.0.0.1 2375
kill_bg
