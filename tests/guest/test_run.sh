# shellcheck shell=bash
# boxlock run: CMD runs in a fresh cgroup bound to the profile and under the profile's [syscalls]
# seccomp filter from its first instruction; its exit status comes back; the cgroup and its
# binding go afterwards (unless CMD left processes behind, or --keep-cgroup).

ensure_loaded
RUN_PARENT=/sys/fs/cgroup/boxlock.run
RUN_TMP=$(mktemp -d /tmp/bl-run.XXXXXX)
# --profile NAME is looked up in /etc/boxlock/profiles, then ./profiles.
cd "$REPO" || exit 1

# check_rc NAME EXPECTED CMD...: runs CMD and compares its exit status with EXPECTED.
check_rc() {
	local name=$1 want=$2 rc
	shift 2
	"$@" >"$RUN_TMP/out" 2>&1
	rc=$?
	if [ "$rc" = "$want" ]; then
		pass "$name (exit $rc)"
	else
		fail "$name: expected exit $want, got $rc from: $*"
		sed 's/^/    /' "$RUN_TMP/out"
	fi
}

# No run-* cgroup is left under RUN_PARENT, and no binding names one.
check_no_leftover() {
	local left
	left=$(find "$RUN_PARENT" -mindepth 1 -maxdepth 1 -type d -name 'run-*' 2>/dev/null)
	if [ -z "$left" ]; then
		pass "$1: no run cgroup left under $RUN_PARENT"
	else
		fail "$1: left behind: $left"
	fi
	left=$(bl -j status | jq -r '.bindings[]? | select(.cgroup | startswith("/sys/fs/cgroup/boxlock.run/")) | .cgroup')
	if [ -z "$left" ]; then
		pass "$1: no binding left for a run cgroup"
	else
		fail "$1: bindings left: $left"
	fi
}

# A profile that denies only syscalls (through seccomp): no BPF rule denies finit_module, so an
# EPERM from it under `boxlock run` comes from the filter.
cat >"$RUN_TMP/run-seccomp.ini" <<'EOF'
[profile]
description = boxlock run test: [syscalls] only
mode = enforce

[syscalls]
deny = finit_module acct
EOF

drain_events
check "run: default profile: write open of /proc/sysrq-trigger gets EPERM (BPF file rule)" EPERM \
	bl run --profile default -- "$BLTRY" open /proc/sysrq-trigger w
# With -j, CMD's output comes first, then boxlock's summary naming the cgroup (gone by the time
# the event is read, so the event is matched by the cgroup's id).
out=$(bl -j run --profile default -- "$BLTRY" open /proc/sysrq-trigger w)
run_cgid=$(echo "$out" | tail -n 1 | jq -r .cgroup_id 2>/dev/null)
check_event "run: the denial is reported from the run cgroup under profile default" \
	".verdict == \"denied\" and .path == \"/proc/sysrq-trigger\" and .profile == \"default\" and .cgroup_id == ${run_cgid:-0}"
check "run: default profile: finit_module gets EPERM ([syscalls] and [kernel] deny it)" EPERM \
	bl run --profile default -- "$BLTRY" finit-module /etc/hostname
check "run: control: an ordinary read succeeds under the profile" OK \
	bl run --profile default -- "$BLTRY" open /etc/hostname r
check "run: control: the same write open from an unbound cgroup is allowed" OK \
	"$BLTRY" open /proc/sysrq-trigger w

got=$(bl run --profile default -- cat /proc/self/cgroup 2>&1 | tail -n 1)
case $got in
0::/boxlock.run/run-*) pass "run: CMD's first process is already in the run cgroup ($got)" ;;
*) fail "run: CMD is not in a run cgroup: '$got'" ;;
esac
got=$(bl run --profile default -- grep -E '^(NoNewPrivs|Seccomp):' /proc/self/status 2>&1 | tr -s '\t\n' '  ')
if [ "$got" = "NoNewPrivs: 1 Seccomp: 2 " ]; then
	pass "run: CMD runs with no_new_privs and a seccomp filter"
else
	fail "run: CMD's status: '$got'"
fi

# The seccomp filter on its own: from the profile file, not loaded before.
bl profile unload run-seccomp >/dev/null 2>&1
check "run: [syscalls] filter: finit_module gets EPERM from seccomp" EPERM \
	bl run --profile-file "$RUN_TMP/run-seccomp.ini" -- "$BLTRY" finit-module /etc/hostname
if bl -j profile list | jq -e 'map(.name) | index("run-seccomp")' >/dev/null; then
	pass "run: a profile that was not loaded is loaded from its file"
else
	fail "run: profile run-seccomp was not loaded"
fi
sc_cg=$(new_cgroup run-seccomp-bound)
bl bind --cgroup "$sc_cg" --profile run-seccomp >/dev/null
got=$(in_cg "$sc_cg" "$BLTRY" finit-module /etc/hostname 2>&1 | tail -n 1)
if [ -n "$got" ] && [ "$got" != EPERM ]; then
	pass "run: control: the same profile bound without the filter leaves finit_module to the kernel ($got)"
else
	fail "run: control: expected the kernel's own answer, got '$got'"
fi
bl unbind --cgroup "$sc_cg" >/dev/null
rmdir "$sc_cg"
check_no_event "run: a seccomp denial is not a BPF event" '.profile == "run-seccomp"'

check_rc "run: CMD's exit status comes back" 7 bl run --profile default -- sh -c 'exit 7'
check_rc "run: success is 0" 0 bl run --profile default -- true
check_rc "run: killed by SIGTERM is 128+15" 143 bl run --profile default -- sh -c 'kill -TERM $$'
check_rc "run: a CMD that is not found is 127" 127 bl run --profile default -- /nonexistent/cmd
check_rc "run: an unknown profile is boxlock's failure, 125" 125 \
	bl run --profile no-such-profile -- true
check_rc "run: no CMD is a usage error, 125" 125 bl run --profile default --
check_rc "run: a --cgroup-parent outside cgroup v2 is refused, 125" 125 \
	bl run --cgroup-parent "$RUN_TMP/not-a-cgroup" --profile default -- true
if [ ! -e "$RUN_TMP/not-a-cgroup" ]; then
	pass "run: nothing was created outside cgroup v2"
else
	fail "run: $RUN_TMP/not-a-cgroup was created"
fi
check_no_leftover "run: after CMD exits"

# SIGTERM to boxlock reaches CMD; boxlock still cleans up.
"$BOXLOCK" run --profile default -- sleep 60 </dev/null >/dev/null 2>&1 &
run_pid=$!
for _ in $(seq 100); do
	# cgroup files report size 0: read it, do not test its size.
	grep -q . "$RUN_PARENT/run-$run_pid/cgroup.procs" 2>/dev/null && break
	sleep 0.1
done
kill -TERM "$run_pid"
wait "$run_pid"
rc=$?
if [ "$rc" = 143 ]; then
	pass "run: SIGTERM to boxlock is forwarded to CMD (exit $rc)"
else
	fail "run: SIGTERM: expected exit 143, got $rc"
fi
check_no_leftover "run: after a forwarded SIGTERM"

# -j: one JSON object after CMD, which can be used to find the cgroup.
out=$(bl -j run --profile default -- true | tail -n 1)
if echo "$out" | jq -e '.exit_status == 0 and .removed == true and .profile == "default" and (.cgroup | startswith("/sys/fs/cgroup/boxlock.run/run-"))' >/dev/null; then
	pass "run -j: summary is valid JSON ($out)"
else
	fail "run -j: unexpected summary '$out'"
fi

# --keep-cgroup: the cgroup and its binding stay.
out=$(bl -j run --keep-cgroup --profile default -- true | tail -n 1)
kept=$(echo "$out" | jq -r .cgroup)
if [ -d "$kept" ] && bl -j status | jq -e --arg c "$kept" '.bindings | map(.cgroup) | index($c)' >/dev/null; then
	pass "run --keep-cgroup: $kept stays, bound"
	check "run --keep-cgroup: the kept cgroup still denies" EPERM \
		in_cg "$kept" "$BLTRY" open /proc/sysrq-trigger w
else
	fail "run --keep-cgroup: $kept is gone or unbound ($out)"
fi
bl unbind --cgroup "$kept" >/dev/null 2>&1
rmdir "$kept" 2>/dev/null

# CMD leaves a process behind: the cgroup stays bound (never fail open), and says so.
out=$(bl run --profile default -- sh -c 'sleep 60 </dev/null >/dev/null 2>&1 & echo $!' 2>"$RUN_TMP/err")
left=$(find "$RUN_PARENT" -mindepth 1 -maxdepth 1 -type d -name 'run-*' | head -n 1)
if [ -n "$left" ] && grep -q 'still holds processes' "$RUN_TMP/err" &&
	bl -j status | jq -e --arg c "$left" '.bindings | map(.cgroup) | index($c)' >/dev/null; then
	pass "run: a cgroup CMD left a process in stays bound ($left)"
	check "run: the process left behind is still confined" EPERM \
		in_cg "$left" "$BLTRY" open /proc/sysrq-trigger w
else
	fail "run: leftover process: cgroup '$left', message: $(cat "$RUN_TMP/err")"
fi
if [ -n "$left" ]; then
	echo 1 >"$left/cgroup.kill"
	for _ in $(seq 50); do
		grep -q 'populated 0' "$left/cgroup.events" && break
		sleep 0.1
	done
	bl unbind --cgroup "$left" >/dev/null
	rmdir "$left"
fi
check_no_leftover "run: at the end"

bl profile unload run-seccomp >/dev/null 2>&1
cd / && rm -rf "$RUN_TMP"
