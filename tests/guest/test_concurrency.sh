# shellcheck shell=bash
# Every writer of the pinned state holds one lock (loader/lock.c). For BOXLOCK_STORM_SECONDS,
# writers run at once: mode switches of one profile and of all, reloads of `default` (new slot,
# old one dropped) alone and with many small profiles, loads and mode flips of a second
# profile, binds and unbinds at new levels, an upgrade (`boxlock load`) and a daemon start (its
# canary and its loads); some of them slowed down with strace. Meanwhile a task bound to `default` in enforce mode tries a denied write
# and a denied connect in a tight loop. None of its attempts may get through, no command may
# fail, and afterwards `default`'s rules are all in force, every profile has a rule set of its
# own, the level window covers every binding, and no dropped rule set is left behind.

STORM_SECONDS=${BOXLOCK_STORM_SECONDS:-15} # every writer starts within it; its commands, lock-serialized, take longer
MAPS=/sys/fs/bpf/boxlock/maps
OTHER=redis # extends default: the two share most keys, so one slot handed to both collides
work=/tmp/bl-concurrency
rm -rf "$work"
mkdir -p "$work"

RULE_MAPS="path_rules net_rules fstype_rules inode_rules rule_info"

# Reads the rule-set slot of every entry of each rule map into $work/MAP.slots, one a line.
dump_slots() {
	local map
	for map in $RULE_MAPS; do
		bpftool -j map dump pinned "$MAPS/$map" | jq -r '.[].formatted.key.slot' >"$work/$map.slots"
	done
}

# rule_counts SLOT: the number of entries of rule set SLOT in each rule map (after dump_slots).
rule_counts() {
	local map out=
	for map in $RULE_MAPS; do
		out+="$map=$(grep -cx "$1" "$work/$map.slots") "
	done
	echo "${out% }"
}

words() { # the lines of $1 on one line
	tr '\n' ' ' <<<"$1" | sed 's/ *$//'
}

profile_field() { # NAME FIELD: from `boxlock -j profile list`
	bl -j profile list | jq -r --arg n "$1" ".[] | select(.name == \$n) | .$2"
}

# A fresh load: the level window starts at the bound task's level alone, so that the binds of
# the storm widen it while other writers write settings too.
bl unload >/dev/null 2>&1
if ! bl load >/dev/null; then
	fail "concurrency: boxlock does not load"
	return 0
fi
if ! bl profile load "$REPO/profiles/default.ini" "$REPO/profiles/$OTHER.ini" >/dev/null; then
	fail "concurrency: the profiles do not load"
	return 0
fi
# Small profiles, many of them: a command that loads or switches them all does one slot, one
# switch, one mode change per profile, each a chance for a lost update.
mkdir -p "$work/many"
for i in $(seq -w 1 24); do
	printf '[profile]\ndescription = one of many\nmode = enforce\n[files]\ndeny = %s\n' \
		"$work/denied-$i" >"$work/many/small$i.ini"
done
cg=$(new_cgroup concurrency) # level 2
free=$(new_cgroup concurrency-free)
bl bind --cgroup "$cg" --profile default >/dev/null || fail "concurrency: cannot bind $cg"

# A runtime socket the profile denies, served from outside every bound cgroup.
sock=/run/docker.sock
[ -e "$sock" ] && sock=/run/podman/boxlock-concurrency.sock
mkdir -p "$(dirname "$sock")"
bg "$BLTRY" serve-unix "$sock"
wait_for_socket "$sock"
check "concurrency: control: an unbound task connects to $sock" OK \
	in_cg "$free" "$BLTRY" connect-unix "$sock"
check "concurrency: before the storm, the bound task's connect is denied" EPERM \
	in_cg "$cg" "$BLTRY" connect-unix "$sock"

# A writer waits for the lock's holder; a reader does not. Judged by what is still running when
# each ends, not by times: under an emulated CPU a command alone can take seconds.
flock -x /sys/fs/bpf/boxlock -c 'sleep 12' &
holder=$!
# Until the holder has the lock: a flock(1) start can take seconds on a loaded emulated CPU.
for _ in $(seq 50); do
	flock -n /sys/fs/bpf/boxlock true 2>/dev/null || break
	sleep 0.1
done
bl status >/dev/null
if kill -0 "$holder" 2>/dev/null; then
	pass "concurrency: a reader does not wait while the lock is held (status done)"
else
	fail "concurrency: status ended only after the lock's holder (or took 11 s)"
fi
bl mode enforce --profile default >/dev/null
rc=$?
if kill -0 "$holder" 2>/dev/null; then
	fail "concurrency: a writer did not wait while another held the lock (rc $rc)"
elif [ $rc -eq 0 ]; then
	pass "concurrency: a writer waits while another holds the lock, then succeeds"
else
	fail "concurrency: a writer that waited for the lock failed (rc $rc)"
fi
wait "$holder"

# The task under test: a denied write and a denied connect, over and over.
res=$work/open.res
conn=$work/connect.res
: >"$res"
: >"$conn"
bg in_cg "$cg" sh -c "while :; do $BLTRY open /proc/sysrq-trigger w >>$res; $BLTRY connect-unix $sock >>$conn; done"
loop_pid=$LAST_BG
sleep 1

# The writers. Each runs until the storm ends and logs one line per command in $ops (the
# command's messages in $errs); none is killed in the middle of a command, which would leave a
# half-written rule set behind on purpose.
ops=$work/ops
errs=$work/errs
: >"$ops"
: >"$errs"
storm_end=$((SECONDS + STORM_SECONDS))
run_loop() { # NAME CMD...
	local name=$1
	shift
	while [ "$SECONDS" -lt "$storm_end" ]; do
		if "$@" >/dev/null 2>>"$errs"; then
			echo "ok $name" >>"$ops"
		else
			echo "FAILED $name" >>"$ops"
		fi
	done
}
other_cycle() {
	bl profile load "$REPO/profiles/$OTHER.ini" && bl mode audit --profile "$OTHER" &&
		bl mode enforce --profile "$OTHER"
}
# Some writers slowed down: strace holds each of their bpf() calls after the maps are open
# (one call per pinned map) for 1 s, so that a read-modify-write of theirs spans many writes of
# the others, as a command preempted on a loaded host would (each delay is spent holding the
# lock, so the storm's end waits for them all: 2 s made it ~3 min). Only the timing is changed:
# the commands run as they are.
n_maps=$(find "$MAPS" -mindepth 1 -maxdepth 1 | wc -l)
if command -v strace >/dev/null; then
	slow() {
		strace -f -qq --seccomp-bpf -o /dev/null -e trace=bpf \
			-e inject=bpf:delay_exit=1000000:when=$((n_maps + 1))+ "$BOXLOCK" "$@"
	}
	pass "concurrency: strace slows some writers down"
else
	slow() { bl "$@"; }
	skip "concurrency: no strace: no writer is slowed down, the race is less likely"
fi
# Each round binds a new cgroup one level deeper (5, 6, ...), slowly, and leaves it bound: each
# of those widens the level window once, while the loads write settings too. The level-1 cgroup
# is unbound and bound again (it widens the window once, the first time). A task in each is
# denied as soon as its bind returns.
top=/sys/fs/cgroup/boxlock-concurrency-top # level 1
deep=$CGROOT/concurrency-deep/a/b # level 4
mkdir -p "$top" "$deep"
fresh=$work/fresh.res
: >"$fresh"
bind_round=0
bind_cycle() {
	local n=$((bind_round++)) d=$deep i
	for ((i = 0; i <= n; i++)); do d+=/n$i; done
	mkdir -p "$d"
	slow bind --cgroup "$d" --profile default || return 1
	in_cg "$d" "$BLTRY" open /proc/sysrq-trigger w >>"$fresh"
	bl unbind --cgroup "$top" >/dev/null 2>&1 # not bound in the first round
	slow bind --cgroup "$top" --profile default || return 1
	in_cg "$top" "$BLTRY" open /proc/sysrq-trigger w >>"$fresh"
	return 0 # the probes' answers are judged below
}
writers=()
run_loop mode-default bl mode enforce --profile default &
writers+=($!)
run_loop mode-default-slow slow mode enforce --profile default &
writers+=($!)
run_loop mode-all bl mode enforce &
writers+=($!)
run_loop reload-default bl profile load "$REPO/profiles/default.ini" &
writers+=($!)
# Many profiles in one command, default among them; and the same small ones from another.
run_loop reload-many bl profile load "$REPO/profiles/default.ini" "$work"/many/*.ini &
writers+=($!)
run_loop reload-small bl profile load "$work"/many/*.ini &
writers+=($!)
run_loop other other_cycle &
writers+=($!)
run_loop bind bind_cycle &
writers+=($!)
sleep 4
# One upgrade: `boxlock load` over the pinned state writes settings too.
if bl load >/dev/null 2>>"$errs"; then echo "ok upgrade" >>"$ops"; else echo "FAILED upgrade" >>"$ops"; fi
# The daemon's start-up writes too: `boxlock load`, its canary (a profile loaded, bound, probed,
# unloaded as one) and every profile of its directory.
mkdir -p "$work/profiles"
cp "$REPO"/profiles/*.ini "$work/profiles/"
"$BOXLOCK" daemon --no-docker --profiles "$work/profiles" --log "$work/daemon-events.json" \
	</dev/null >"$work/daemon.log" 2>&1 &
daemon_pid=$!
wait "${writers[@]}"
for _ in $(seq 120); do
	grep -q "daemon enforcing" "$work/daemon.log" && break
	kill -0 "$daemon_pid" 2>/dev/null || break
	sleep 0.5
done
if grep -q "daemon enforcing" "$work/daemon.log"; then
	echo "ok daemon-start" >>"$ops"
else
	echo "FAILED daemon-start" >>"$ops"
	sed 's/^/daemon: /' "$work/daemon.log" >>"$errs"
fi
kill "$daemon_pid" 2>/dev/null
wait "$daemon_pid" 2>/dev/null
sleep 1
{
	# loop_pid is the backgrounded in_cg subshell; the loop is its child: that first.
	pkill -9 -P "$loop_pid"
	kill -9 "$loop_pid"
	wait "$loop_pid"
} 2>/dev/null

storm=$((SECONDS - storm_end + STORM_SECONDS))
n_ok=$(grep -c '^ok ' "$ops")
n_failed=$(grep -c '^FAILED ' "$ops")
per_writer=$(awk '{n[$2]++} END {for (w in n) printf "%s %d, ", w, n[w]}' "$ops")
if [ "$n_failed" -eq 0 ] && [ "$n_ok" -gt 0 ]; then
	pass "concurrency: $n_ok commands from 10 writers at once in $storm s, none failed (${per_writer%, })"
else
	fail "concurrency: $n_failed of $((n_ok + n_failed)) commands failed in $storm s (${per_writer%, }; failed: $(grep '^FAILED ' "$ops" | sort | uniq -c | awk '{printf "%s %d, ", $3, $1}')):"
	sort "$errs" | uniq -c | sort -rn | head -n 8 | sed 's/^/    /'
fi

total=$(wc -l <"$res")
allowed=$(grep -vcx EPERM "$res")
if [ "$total" -gt 20 ] && [ "$allowed" -eq 0 ]; then
	pass "concurrency: $total attempts, 0 let through"
else
	fail "concurrency: $total attempts, $allowed let through: $(grep -vx EPERM "$res" | sort | uniq -c | head -n 3 | tr '\n' ' ')"
fi
total=$(wc -l <"$fresh")
allowed=$(grep -vcx EPERM "$fresh")
if [ "$total" -gt 0 ] && [ "$allowed" -eq 0 ]; then
	pass "concurrency: a task in each cgroup just bound is denied ($total binds)"
else
	fail "concurrency: $allowed of $total tasks in a cgroup just bound were let through"
fi
total=$(wc -l <"$conn")
allowed=$(grep -vcx EPERM "$conn")
if [ "$total" -gt 20 ] && [ "$allowed" -eq 0 ]; then
	pass "concurrency: $total connections to $sock, connections let through: 0"
else
	fail "concurrency: $total connections, connections let through: $allowed ($(grep -vx EPERM "$conn" | sort | uniq -c | head -n 3 | tr '\n' ' '))"
fi

# The state the storm left.
check "concurrency: after the storm, the sysrq write is denied" EPERM \
	in_cg "$cg" "$BLTRY" open /proc/sysrq-trigger w
check "concurrency: after the storm, the core_pattern write is denied" EPERM \
	in_cg "$cg" "$BLTRY" open /proc/sys/kernel/core_pattern w
check "concurrency: after the storm, the connect to $sock is denied" EPERM \
	in_cg "$cg" "$BLTRY" connect-unix "$sock"
mode=$(profile_field default mode)
if [ "$mode" = enforce ]; then
	pass "concurrency: default is in enforce mode"
else
	fail "concurrency: default's mode is '$mode'"
fi

profiles=$(bl -j profile list)
n_prof=$(jq length <<<"$profiles")
n_slots=$(jq '[.[].slot] | unique | length' <<<"$profiles")
n_names=$(jq '[.[].name] | unique | length' <<<"$profiles")
if [ "$n_prof" -gt 1 ] && [ "$n_names" -eq "$n_prof" ] && [ "$n_slots" -eq "$n_prof" ]; then
	pass "concurrency: $n_prof profiles, each loaded once and with a rule set of its own"
else
	fail "concurrency: $n_prof profiles have $n_names names and $n_slots rule sets: $(jq -c '[.[] | {name, id, slot}]' <<<"$profiles")"
fi

# No rule set left behind: every slot in the rule maps is the slot of a loaded profile. Not
# rule_hits: the BPF side counts a hit on the rule set a task just read, which may be dropped
# by then (a counter, never a verdict).
live=$(jq -r '.[].slot' <<<"$profiles" | sort -u)
leaked=
dump_slots
for map in $RULE_MAPS; do
	extra=$(sort -u "$work/$map.slots" | comm -23 - <(echo "$live"))
	[ -n "$extra" ] && leaked+="$map: slots $(words "$extra") "
done
if [ -z "$leaked" ]; then
	pass "concurrency: no leaked slots (the rule maps hold only the $(wc -l <<<"$live") slots of loaded profiles)"
else
	fail "concurrency: rule sets of no profile left behind: $leaked"
fi

# The level window covers every binding of a live cgroup.
settings=$(bpftool -j map dump pinned "$MAPS/settings" | jq -c '.[0].formatted.value')
min=$(jq .min_bound_level <<<"$settings")
max=$(jq .max_bound_level <<<"$settings")
levels=$(bl -j status | jq -r '.bindings[].cgroup | select(startswith("/sys/fs/cgroup/"))' |
	awk -F/ '{print NF - 4}' | sort -n)
lo=$(head -n 1 <<<"$levels")
hi=$(tail -n 1 <<<"$levels")
if [ -n "$lo" ] && [ "$min" -ge 1 ] && [ "$min" -le "$lo" ] && [ "$max" -ge "$hi" ]; then
	pass "concurrency: the level window $min..$max covers every binding (levels $lo..$hi, $(wc -l <<<"$levels") bindings)"
else
	fail "concurrency: the level window $min..$max does not cover the bindings (levels $(words "$levels"))"
fi

# Every bound cgroup holds its tasks.
bound=$(bl -j status | jq -r '.bindings[].cgroup | select(startswith("/sys/fs/cgroup/"))')
let_through=
while read -r c; do
	got=$(in_cg "$c" "$BLTRY" open /proc/sysrq-trigger w 2>&1 | tail -n 1)
	[ "$got" = EPERM ] || let_through+="$c ($got) "
done <<<"$bound"
if [ -z "$let_through" ]; then
	pass "concurrency: a task in every bound cgroup is denied ($(wc -l <<<"$bound") cgroups)"
else
	fail "concurrency: tasks in bound cgroups let through: $let_through"
fi

# default's rule set is whole: as many entries in every rule map as a fresh load writes.
slot=$(profile_field default slot)
stormed=$(rule_counts "$slot")
bl profile load "$REPO/profiles/default.ini" >/dev/null
dump_slots
fresh=$(rule_counts "$(profile_field default slot)")
if [ "$stormed" = "$fresh" ] && ! grep -q 'path_rules=0 ' <<<"$stormed "; then
	pass "concurrency: default's rules are all in force ($stormed)"
else
	fail "concurrency: default's rule set after the storm ($stormed) is not a fresh load's ($fresh)"
fi

find "$top" "$CGROOT/concurrency-deep" -depth -type d 2>/dev/null | while read -r d; do
	bl unbind --cgroup "$d" >/dev/null 2>&1
	rmdir "$d" 2>/dev/null
done
bl unbind --cgroup "$cg" >/dev/null
kill_bg
rm -f "$sock"
