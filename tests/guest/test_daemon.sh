# shellcheck shell=bash
# The daemon: enforcement outlives it (SIGKILL), a restart adopts what is pinned without losing or
# duplicating anything, modes switch live under a running task, a broken profile changes nothing.
source "$TESTS/docker-lib.sh"

bl unload >/dev/null 2>&1
if ! start_daemon --no-docker; then
	fail "daemon: does not start"
	return 0
fi
pass "daemon: started; its canary proved the kernel enforces"
cg=$(new_cgroup daemon-bound)
bl bind --cgroup "$cg" --profile default >/dev/null
check "daemon: a bound task is denied" EPERM in_cg "$cg" "$BLTRY" open /proc/sysrq-trigger w
check_log_event "daemon: the denial is in the event log, with its rule" \
	'.verdict == "denied" and .path == "/proc/sysrq-trigger" and (.rule | test("sysrq"))'

before=$(bl -j status)
kill -9 "$BOXLOCK_DAEMON_PID"
wait "$BOXLOCK_DAEMON_PID" 2>/dev/null
check "daemon killed with SIGKILL: the bound task is still denied" EPERM \
	in_cg "$cg" "$BLTRY" open /proc/sysrq-trigger w
if start_daemon --no-docker; then
	pass "daemon: restarted over the pinned state"
else
	fail "daemon: restart failed"
fi
after=$(bl -j status)
for what in '.links | length' '.profiles | length' '.bindings | length' '[.profiles[].name] | sort'; do
	b=$(jq -c "$what" <<<"$before")
	a=$(jq -c "$what" <<<"$after")
	if [ "$a" = "$b" ]; then
		pass "daemon restart: nothing lost or duplicated ($what: $a)"
	else
		fail "daemon restart: $what was $b, is $a"
	fi
done
check "daemon restarted: the bound task is still denied" EPERM \
	in_cg "$cg" "$BLTRY" open /proc/sysrq-trigger w
if jq -e . <<<"$after" >/dev/null; then
	pass "status -j is valid JSON"
else
	fail "status -j is not valid JSON: $after"
fi

# A task that keeps running while the mode changes under it.
res=/tmp/daemon-mode.res
: >"$res"
bg in_cg "$cg" sh -c "while :; do $BLTRY open /proc/sysrq-trigger w >>$res; sleep 0.2; done"
last_result() { # waits for two fresh results and prints the last
	local n
	n=$(wc -l <"$res")
	while [ "$(wc -l <"$res")" -lt $((n + 2)) ]; do sleep 0.1; done
	tail -n 1 "$res"
}
bl mode audit --profile default >/dev/null
got=$(last_result)
[ "$got" = OK ] && pass "mode audit: the running task's writes pass (got $got)" ||
	fail "mode audit: expected OK from the running task, got $got"
check_log_event "mode audit: its would-be denials are logged" \
	'.verdict == "audited" and .path == "/proc/sysrq-trigger"'
bl mode enforce --profile default >/dev/null
got=$(last_result)
[ "$got" = EPERM ] && pass "mode enforce: the same running task is denied again (got $got)" ||
	fail "mode enforce: expected EPERM from the running task, got $got"
kill_bg

# A broken profile changes nothing that is in force.
broken=/tmp/default.ini
sed 's/^deny = tcp 0.0.0.0\/0 port 2375-2376/deny = tcp 0.0.0.0\/33 port 2375-2376/' \
	"$REPO/profiles/default.ini" >"$broken"
slot_before=$(bl -j profile list | jq -c '.[] | select(.name == "default") | .slot')
out=$(bl profile load "$broken" 2>&1)
rc=$?
if [ $rc -ne 0 ] && grep -q "default.ini:[0-9]*:" <<<"$out"; then
	pass "broken profile: refused with FILE:LINE ($(head -n 1 <<<"$out"))"
else
	fail "broken profile: rc=$rc, output: $out"
fi
slot_after=$(bl -j profile list | jq -c '.[] | select(.name == "default") | .slot')
[ "$slot_before" = "$slot_after" ] && pass "broken profile: the rules in force are untouched (slot $slot_after)" ||
	fail "broken profile: the rule set changed ($slot_before -> $slot_after)"
check "broken profile: the old profile still denies" EPERM \
	in_cg "$cg" "$BLTRY" open /proc/sysrq-trigger w

bl unbind --cgroup "$cg" >/dev/null
kill "$BOXLOCK_DAEMON_PID" 2>/dev/null
wait "$BOXLOCK_DAEMON_PID" 2>/dev/null
