#!/usr/bin/env bash
# Runs every guest test (tests/guest/test_*.sh, tests/attacks/*.sh) inside the test guest, each in
# its own subshell, and counts its PASS/FAIL/SKIP lines. BOXLOCK_SUITE=systemd runs the tests of
# a guest booted with systemd as PID 1 instead (tests/guest/systemd/test_*.sh, under
# `scripts/vm-run --init systemd`). A file is itself a failure when it ends
# early (an `exit`, a `set -e` abort, a crash: it never reaches its end marker), exits non-zero,
# or prints no result line at all; such files are named. Writes "P F S" and the failed files'
# names to $BOXLOCK_RESULTS when set, and ends with "N passed, N failed, N skipped".
# BOXLOCK_TESTS and BOXLOCK_PART_TESTS (regexes on the files' base names: the user's choice, and
# tests/run-all.sh's share of the files for one boot) keep the files that match both;
# BOXLOCK_SKIP_TESTS leaves out those that match it.
set -uo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
export REPO
results=${BOXLOCK_RESULTS:-}
filter=${BOXLOCK_TESTS:-}
part_re=${BOXLOCK_PART_TESTS:-} # tests/run-all.sh's share of the files for this boot
skip_re=${BOXLOCK_SKIP_TESTS:-}
passed=0 failed=0 skipped=0
limit=${BOXLOCK_TEST_TIMEOUT:-900} # seconds one test file may take, emulated and loaded
broken=()
times=()

# kill_tree PID: PID and everything below it, children first seen before PID goes.
kill_tree() {
	local c
	kill -STOP "$1" 2>/dev/null
	for c in $(cat /proc/"$1"/task/*/children 2>/dev/null); do kill_tree "$c"; done
	kill -9 "$1" 2>/dev/null
}

# watchdog NAME PIDFILE FLAG: once the test file has run $limit s, prints what every task is
# waiting on (the kernel stacks of the blocked ones, and the kernel's own report of them), so a
# hang is diagnosed from the log, then kills the file's whole tree and leaves FLAG behind.
watchdog() {
	local name=$1 pid st p
	sleep "$limit"
	pid=$(cat "$2" 2>/dev/null)
	[ -n "$pid" ] || return
	echo "== watchdog: $name still running after $limit s; what runs:"
	ps -eo pid,ppid,stat,wchan:28,etime,args | cut -c1-200
	for p in /proc/[0-9]*; do
		st=$(awk '/^State:/ {print $2}' "$p/status" 2>/dev/null)
		[ "$st" = D ] || [ "$st" = R ] || continue
		echo "-- ${p#/proc/} ($st) $(tr '\0' ' ' <"$p/cmdline" 2>/dev/null | cut -c1-120)"
		cat "$p/stack" 2>/dev/null
	done
	{ echo w >/proc/sysrq-trigger; } 2>/dev/null && dmesg | tail -n 60
	touch "$3"
	kill_tree "$pid"
}

# kill_test_cgroups: kills whatever still runs in the test cgroups (lib.sh's CGROOT) once a file
# has ended, and prints those tasks' names: a loop a test forgot would eat the CPU of every file
# after it (and has: an emulated CPU is slow enough without one).
kill_test_cgroups() {
	local cg pids p
	for cg in $(find /sys/fs/cgroup/boxlock-test -name cgroup.procs -printf '%h\n' 2>/dev/null); do
		pids=$(cat "$cg/cgroup.procs" 2>/dev/null)
		[ -n "$pids" ] || continue
		for p in $pids; do printf ' %s (%s)' "$p" "$(cat /proc/"$p"/comm 2>/dev/null)"; done
		echo 1 >"$cg/cgroup.kill" 2>/dev/null
	done
}

case ${BOXLOCK_SUITE:-guest} in
guest) files=("$REPO"/tests/guest/test_*.sh "$REPO"/tests/attacks/*.sh) ;;
systemd) files=("$REPO"/tests/guest/systemd/test_*.sh) ;;
*)
	echo "run.sh: BOXLOCK_SUITE '$BOXLOCK_SUITE': guest or systemd"
	exit 2
	;;
esac

for t in "${files[@]}"; do
	[ -f "$t" ] || continue
	name=$(basename "$t" .sh)
	if [ -n "$filter" ] && [[ ! "$name" =~ $filter ]]; then
		continue
	fi
	if [ -n "$part_re" ] && [[ ! "$name" =~ $part_re ]]; then
		continue
	fi
	if [ -n "$skip_re" ] && [[ "$name" =~ $skip_re ]]; then
		echo "== $name: not run on this kernel (see tests/run-all.sh)"
		continue
	fi
	echo "== $name"
	started=$SECONDS
	log=$(mktemp /tmp/bl-guest-"$name".XXXXXX)
	marker="== end of $name $RANDOM$RANDOM"
	pidfile=$log.pid hung=$log.hung
	watchdog "$name" "$pidfile" "$hung" &
	wd=$!
	(
		echo "$BASHPID" >"$pidfile"
		# shellcheck source=tests/guest/lib.sh
		source "$REPO/tests/guest/lib.sh"
		source "$t"
		echo "$marker"
		exit 0
	) 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	kill "$wd" 2>/dev/null
	wait "$wd" 2>/dev/null
	left=$(kill_test_cgroups)
	[ -z "$left" ] || echo "WARN: $name left processes running in its cgroups, killed:$left"
	p=$(grep -c '^PASS:' "$log")
	f=$(grep -c '^FAIL:' "$log")
	s=$(grep -c '^SKIP:' "$log")
	why=
	if [ -e "$hung" ]; then
		why="was still running after $limit s and was killed (see the watchdog's report)"
	elif [ "$rc" -ne 0 ]; then
		why="exited with status $rc"
	elif ! grep -qxF "$marker" "$log"; then
		why="ended before its last line"
	elif [ $((p + f + s)) -eq 0 ]; then
		why="printed no PASS, FAIL or SKIP line"
	fi
	if [ -n "$why" ]; then
		echo "FAIL: $name: the test file $why"
		f=$((f + 1))
		broken+=("$name ($why)")
	elif [ "$f" -gt 0 ]; then
		broken+=("$name ($f failed)")
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + s))
	times+=("$((SECONDS - started)) s $name")
	echo "== $name took $((SECONDS - started)) s"
	rm -f "$log" "$pidfile" "$hung"
done
# Where the boot's time went: the suite must stay well inside CI's budget.
printf '%s\n' "${times[@]}" | sort -rn | sed 's/^/time: /'

if [ -n "$results" ]; then
	{
		echo "$passed $failed $skipped"
		for b in "${broken[@]}"; do echo "$b"; done
	} >"$results"
fi
if [ ${#broken[@]} -gt 0 ]; then
	echo "failed test files: $(printf '%s; ' "${broken[@]}")"
fi
echo "guest: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
