# shellcheck shell=bash
# task_alloc, when the child of a contained process cannot be recorded as contained (its entry
# in the `contained` hash cannot be allocated): in enforce mode the fork fails with EPERM, in
# audit mode it goes on; both count map_full and report it (reason map-full). A child left out
# would run outside its profile.
#
# Made to happen the way it happens on a host: boxlock's maps are charged to the memory cgroup of
# the process that loaded it (a boxlock.service with MemoryMax=), and when that cgroup is full,
# the hash's elements (BPF_F_NO_PREALLOC, from the BPF memory allocator) come from per-CPU caches
# refilled with GFP_NOWAIT charges, which fail. A kernel whose refills the memory cgroup lets
# over its limit fails nothing here, and the test says SKIP.
forks=500 # more than the allocator's per-CPU caches hold (96 objects and a refill batch each)
memcg=$CGROOT/loader-memcg
fifo=/tmp/bl-fork-go
res=/tmp/bl-fork.res

# run_forker MODE: an armed process of the container (exec'd in a new mount namespace in $cg)
# waits on $fifo without forking, then, with the loader's memory cgroup full, forks $forks
# sleepers; prints what its forks got (OK or the first errno), or NOT-ARMED.
run_forker() {
	local pid armed try
	bl mode "$1" --profile default >/dev/null
	rm -f "$fifo" "$res"
	mkfifo "$fifo"
	# Its own exec arms it, the cgroup still unlimited. That can fail all the same after the
	# audit run: the allocator refills a drained cache only once an allocation found it empty.
	# So until processes_armed says it was armed, start it again.
	for try in $(seq 10); do
		armed=$(armed_count)
		"$BLTRY" in-mntns "$BLTRY" cgexec "$cg" /bin/sh -c \
			"read -r _ <$fifo; exec $BLTRY forks $forks 600" >"$res" 2>&1 &
		pid=$!
		# Past its exec once it is sh (comm changes after the hook), or gone (refused).
		for _ in $(seq 600); do
			[ "$(cat "/proc/$pid/comm" 2>/dev/null)" = sh ] && break
			grep -q '^State:.*Z' "/proc/$pid/status" 2>/dev/null && break
			sleep 0.1
		done
		[ "$(armed_count)" -gt "$armed" ] && break
		kill -9 "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		pid=
		sleep 1
	done
	if [ -z "$pid" ]; then
		echo NOT-ARMED
		return
	fi
	drain_events
	echo 0 >"$memcg/memory.max"
	# Never blocks: the forker is its reader, and it may be gone.
	timeout 60 sh -c 'echo go >"$1"' _ "$fifo" || echo "bltry: nobody read $fifo" >>"$res"
	wait "$pid"
	echo max >"$memcg/memory.max"
	tail -n 1 "$res"
}

armed_count() { bl -j status | jq '.counters.processes_armed'; }
map_full() { bl -j status | jq '.counters.map_full'; }
kill_sleepers() { echo 1 >"$cg/cgroup.kill"; }

if ! grep -qw memory /sys/fs/cgroup/cgroup.controllers; then
	skip "fork arming: no memory controller in the guest"
else
	mkdir -p "$CGROOT"
	echo +memory >/sys/fs/cgroup/cgroup.subtree_control
	echo +memory >"$CGROOT/cgroup.subtree_control"
	mkdir -p "$memcg"
	bl unload >/dev/null 2>&1
	in_cg "$memcg" "$BOXLOCK" load >/dev/null || fail "fork arming: load in $memcg failed"
	bl profile load "$REPO/profiles/default.ini" >/dev/null
	cg=$(new_cgroup fork-arming)
	bl bind --cgroup "$cg" --profile default --arm-at-exec >/dev/null
	lost='.reason == "map-full" and .hook == "none"'

	before=$(map_full)
	got=$(run_forker audit)
	after=$(map_full)
	kill_sleepers
	if [ "$after" -eq "$before" ]; then
		skip "fork arming: no allocation of a contained entry failed with the loader's memory cgroup full ($(uname -r): its allocations may exceed the limit); forks got $got"
	else
		pass "fork arming: audit: map_full counted the children that could not be armed ($before -> $after)"
		if [ "$got" = OK ]; then
			pass "fork arming: audit: every fork succeeded (got OK)"
		else
			fail "fork arming: audit: expected every fork to succeed, got $got ($(head -n 1 "$res"))"
		fi
		check_event "fork arming: audit: reported as audited, reason map-full" \
			"$lost and .verdict == \"audited\" and .cgroup == \"$cg\""

		before=$(map_full)
		got=$(run_forker enforce)
		after=$(map_full)
		kill_sleepers
		if [ "$got" = EPERM ]; then
			pass "fork arming: enforce: a fork whose child cannot be armed fails (got EPERM: $(head -n 1 "$res"))"
		else
			fail "fork arming: enforce: expected EPERM, got $got"
		fi
		if [ "$after" -gt "$before" ]; then
			pass "fork arming: enforce: map_full counted it ($before -> $after)"
		else
			fail "fork arming: enforce: map_full did not grow ($before -> $after)"
		fi
		check_event "fork arming: enforce: reported as denied, reason map-full" \
			"$lost and .verdict == \"denied\" and .cgroup == \"$cg\""
	fi
	# The memory cgroup is unlimited again; boxlock goes back to being loaded from the root.
	bl unbind --cgroup "$cg" >/dev/null
	bl unload >/dev/null 2>&1
	bl load >/dev/null || fail "fork arming: cannot load boxlock again"
fi
