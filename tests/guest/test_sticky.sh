# shellcheck shell=bash
# Containment sticks to the task (issue 11): a contained task keeps its profile wherever it is
# moved, cannot fork into a cgroup outside its subtree with clone3(CLONE_INTO_CGROUP), and a
# container that ran before its binding is armed whole, frozen while the arm iterator walks it.
# default's rules under a name of this test's own, so that the unload at the end concerns only
# what this test bound and contained, whatever earlier files left behind.
mkdir -p /tmp/sticky
cp "$REPO/profiles/default.ini" /tmp/sticky/sticky-default.ini
attack_setup /tmp/sticky/sticky-default.ini sticky-default
escape='.hook == "cgroup_move" and (.rule | test("cgroup-escape"))'

attack "clone3(CLONE_INTO_CGROUP) into the root cgroup" OK "$escape" \
	"$BLTRY" clone3-into-cgroup /sys/fs/cgroup
sibling=$(new_cgroup sticky-sibling)
attack "clone3(CLONE_INTO_CGROUP) into a sibling cgroup outside the binding" OK "$escape" \
	"$BLTRY" clone3-into-cgroup "$sibling"
inner=$ATTACK_BOUND/inner
mkdir -p "$inner"
drain_events
check "clone3(CLONE_INTO_CGROUP) into a child cgroup inside the binding works" OK \
	in_cg "$ATTACK_BOUND" "$BLTRY" clone3-into-cgroup "$inner"
check_no_event "clone3 inside the binding: nothing reported" '.hook == "cgroup_move"'

# A task moved out by the host keeps its profile: a shell of the bound cgroup probes each time
# it is poked, before and after the host writes its pid to the root's and to an unbound
# cgroup's cgroup.procs.
poke=/tmp/sticky-poke res=/tmp/sticky-res pidf=/tmp/sticky-sh.pid
rm -f "$poke" "$res" "$pidf"
# The shell writes its own pid: bg's $! is the subshell that runs in_cg, a host task.
bg in_cg "$ATTACK_BOUND" sh -c "echo \$\$ >$pidf; while :; do if [ -e $poke ]; then rm -f $poke; \
$BLTRY open /proc/sysrq-trigger w >>$res 2>&1; fi; sleep 0.1; done"
while [ ! -s "$pidf" ]; do sleep 0.1; done
shpid=$(cat "$pidf")
probe() { # runs one probe in the shell and prints its answer
	local n=0 _
	[ -f "$res" ] && n=$(wc -l <"$res")
	touch "$poke"
	for _ in $(seq 100); do
		[ -f "$res" ] && [ "$(wc -l <"$res")" -gt "$n" ] && break
		sleep 0.1
	done
	tail -n 1 "$res" 2>/dev/null
}
sleep 0.5
check "sticky: in its cgroup the shell's probe is denied" EPERM probe
echo "$shpid" >/sys/fs/cgroup/cgroup.procs
if grep -qx "0::/" "/proc/$shpid/cgroup"; then
	check "sticky: moved by the host to the root cgroup, its probe is still denied" EPERM probe
else
	fail "sticky: the host could not move the shell to the root cgroup: $(cat "/proc/$shpid/cgroup")"
fi
echo "$shpid" >"$ATTACK_FREE/cgroup.procs"
check "sticky: moved by the host to an unbound cgroup, its probe is still denied" EPERM probe
check "sticky: control: a new task of the unbound cgroup is let through" OK \
	in_cg "$ATTACK_FREE" "$BLTRY" open /proc/sysrq-trigger w
contained=$(bl -j status | jq '.contained_tasks')
if [ "${contained:-0}" -gt 0 ]; then
	pass "sticky: status counts the contained tasks ($contained)"
else
	fail "sticky: status shows no contained task ($contained)"
fi
kill -9 "$shpid" 2>/dev/null
kill_bg

# A container started before boxlock bound it: a shell forking in a tight loop, bound with arming
# of what runs (the path the daemon's resync uses): frozen, armed by the iterator, thawed. Each
# child of the loop probes once the test says go; none may be let through.
pre=$(new_cgroup sticky-pre)
go=/tmp/sticky-go out=/tmp/sticky-pre.res
rm -f "$go" "$out" "$pidf"
: >"$out"
bg in_cg "$pre" sh -c "echo \$\$ >$pidf; while :; do if [ -e $go ]; then \
$BLTRY open /proc/sysrq-trigger w >>$out 2>&1 & else /bin/true & fi; wait; done"
while [ ! -s "$pidf" ]; do sleep 0.1; done
forker=$(cat "$pidf")
sleep 1
if bl bind --cgroup "$pre" --profile sticky-default --arm-at-exec >/tmp/sticky-bind.log 2>&1; then
	pass "sticky: a running, forking cgroup is bound and armed"
else
	fail "sticky: bind --arm-at-exec failed: $(cat /tmp/sticky-bind.log)"
fi
if grep -qx "frozen 0" "$pre/cgroup.events"; then
	pass "sticky: the cgroup was thawed after arming"
else
	fail "sticky: the cgroup is still frozen after arming: $(cat "$pre/cgroup.events")"
fi
touch "$go"
sleep 4
rm -f "$go"
sleep 0.5
attempts=$(wc -l <"$out")
through=$(grep -vc '^EPERM$' "$out")
echo "sticky: $attempts probes from children forked after the arm, $through let through"
if [ "$attempts" -gt 0 ] && [ "$through" -eq 0 ]; then
	pass "sticky: every child of the pre-existing forker is armed ($attempts probes, 0 let through)"
else
	fail "sticky: pre-existing forker: $attempts probes, $through let through: $(sort "$out" | uniq -c | tr '\n' ' ')"
fi
contained=$(bl -j status | jq '.contained_tasks')
if [ "${contained:-0}" -gt 0 ]; then
	pass "sticky: status shows contained tasks after arming ($contained)"
else
	fail "sticky: status shows no contained task after arming ($contained)"
fi
kill -9 "$forker" 2>/dev/null
kill_bg
bl unbind --cgroup "$pre" >/dev/null
bl unbind --cgroup "$ATTACK_BOUND" >/dev/null
if bl profile unload sticky-default >/tmp/sticky-unload.log 2>&1; then
	pass "sticky: profile unload works once no task is contained under it"
else
	# Tasks of other cgroups (an earlier test's) may still be contained under it.
	if grep -q "still contains" /tmp/sticky-unload.log; then
		skip "sticky: profile unload refused, tasks still contained: $(cat /tmp/sticky-unload.log)"
	else
		fail "sticky: profile unload: $(cat /tmp/sticky-unload.log)"
	fi
fi
