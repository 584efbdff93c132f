# shellcheck shell=bash
# Helpers for guest tests. A test file is a bash script sourced by tests/guest/run.sh in its own
# subshell; it reports with pass/fail/skip, one line per assertion, and run.sh counts the lines.

REPO=${REPO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
OUT=${BOXLOCK_OUT:-$REPO/.output}
BOXLOCK=$OUT/boxlock
BLTRY=$OUT/tests/helpers/bltry
CGROOT=/sys/fs/cgroup/boxlock-test
TESTS=$REPO/tests/guest
EVENTS_FILE=$(mktemp /tmp/bl-events.XXXXXX)

pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; }
skip() { echo "SKIP: $*"; }

bl() { "$BOXLOCK" "$@"; }

# Makes (or empties) a test cgroup and prints its path.
new_cgroup() {
	local cg=$CGROOT/$1
	mkdir -p "$cg"
	echo "$cg"
}

# in_cg CGROUP CMD...: runs CMD as a process of CGROUP.
in_cg() {
	local cg=$1
	shift
	"$BLTRY" cgexec "$cg" "$@"
}

# check NAME EXPECTED CMD...: runs CMD (a bltry call) and compares its answer with EXPECTED.
check() {
	local name=$1 want=$2 got
	shift 2
	got=$("$@" 2>&1 | tail -n 1)
	if [ "$got" = "$want" ]; then
		pass "$name (got $got)"
	else
		fail "$name: expected $want, got '$got' from: $*"
	fi
}

# Reads every pending event (JSON lines) into EVENTS_FILE, replacing what was there.
# `events` without --follow returns once it has read what was there; 120 s is far beyond any
# run seen, and a wedged read is a named failure rather than a guest idling to its timeout.
drain_events() {
	timeout 120 "$BOXLOCK" -j events >"$EVENTS_FILE" 2>&1
	[ $? -ne 124 ] || fail "boxlock events did not return within 120 s"
}

# select_events JQ_FILTER FILE: the JSON lines of FILE that match the filter, one per line.
# Every check of an event runs it, hundreds of times a boot: an empty FILE (no events: every
# control from an unbound cgroup) needs no jq at all, and gojq starts in a fraction of jq 1.6's
# time (which compiles its builtins at every start: about a quarter of a second under TCG). A
# filter gojq cannot compile (exit status 3: a jq feature it lacks) goes to jq itself; one neither
# compiles returns 3, never passing for "no match". Not jq -e: jq 1.6 takes its exit status from
# the last input only.
select_events() {
	local rc
	[ -s "$2" ] || return 0
	if command -v gojq >/dev/null; then
		gojq -c "select($1)" "$2" 2>/dev/null
		rc=$?
		[ $rc -eq 3 ] || return $rc
	fi
	jq -c "select($1)" "$2" 2>/dev/null
}

# check_event NAME JQ_FILTER: drains events and passes if one of them matches the filter.
check_event() {
	local name=$1 filter=$2
	drain_events
	if [ -n "$(select_events "$filter" "$EVENTS_FILE")" ]; then
		pass "$name"
	else
		fail "$name: no event matches '$filter'; events were:"
		sed 's/^/    /' "$EVENTS_FILE"
	fi
}

# check_no_event NAME JQ_FILTER: drains events and passes if none matches.
check_no_event() {
	local name=$1 filter=$2 found
	drain_events
	found=$(select_events "$filter" "$EVENTS_FILE")
	if [ $? -eq 3 ]; then
		fail "$name: the filter does not compile: $filter"
	elif [ -z "$found" ]; then
		pass "$name"
	else
		fail "$name: unexpected event:"
		printf '%s\n' "$found" | sed 's/^/    /'
	fi
}

# bg CMD...: starts CMD in the background, detached from the test's output (a background process
# holding the output pipe would keep the runner waiting), and records it for kill_bg.
BG_PIDS=()
bg() {
	"$@" </dev/null >/dev/null 2>&1 &
	BG_PIDS+=($!)
	LAST_BG=$!
}

# Kills what bg started; SIGKILL, as a stopped (ptraced) process ignores anything else.
kill_bg() {
	if [ ${#BG_PIDS[@]} -gt 0 ]; then
		{
			# A backgrounded shell function (bg in_cg ...) is a subshell whose child is the
			# command: kill the children too, or the command outlives the test.
			for p in "${BG_PIDS[@]}"; do pkill -9 -P "$p"; done
			kill -9 "${BG_PIDS[@]}"
			wait "${BG_PIDS[@]}"
		} 2>/dev/null
	fi
	BG_PIDS=()
}
trap kill_bg EXIT

# wait_for_socket PATH: until a unix socket exists (at most 5 s).
wait_for_socket() {
	local _
	for _ in $(seq 50); do
		[ -S "$1" ] && return 0
		sleep 0.1
	done
	fail "no socket at $1"
}

# Loads boxlock unless it is loaded already.
ensure_loaded() {
	[ -d /sys/fs/bpf/boxlock/maps ] || bl load >/dev/null
}

# run_as CGROUP CMD...: runs CMD in CGROUP; a CMD holding the word @CG@ places the cgroup itself
# (for techniques that set something up, such as a new mount namespace, before joining it).
run_as() {
	local cg=$1 a args=() placed=0
	shift
	for a in "$@"; do
		if [ "$a" = "@CG@" ]; then
			args+=("$BLTRY" cgexec "$cg")
			placed=1
		else
			args+=("$a")
		fi
	done
	if [ $placed -eq 1 ]; then
		"${args[@]}"
	else
		in_cg "$cg" "${args[@]}"
	fi
}

# Cgroups for attacks: ATTACK_BOUND is bound to ATTACK_PROFILE, ATTACK_FREE to nothing.
attack_setup() { # PROFILE_FILE PROFILE_NAME
	ensure_loaded
	ATTACK_PROFILE=$2
	ATTACK_MODE= # unknown: the first attack sets it
	ATTACK_BOUND=$(new_cgroup "attack-$2")
	ATTACK_FREE=$(new_cgroup attack-free)
	bl profile load "$1" >/dev/null || fail "attack setup: profile $1 does not load"
	bl bind --cgroup "$ATTACK_BOUND" --profile "$2" >/dev/null ||
		fail "attack setup: cannot bind $ATTACK_BOUND"
}

# attack NAME CONTROL FILTER CMD...: one escape technique, run three ways.
#  enforce: from the bound cgroup CMD gets EPERM, and an event matching FILTER says "denied";
#  audit:   from the bound cgroup CMD gets CONTROL (the kernel's own answer), event "audited";
#  control: from an unbound cgroup CMD gets CONTROL and boxlock reports nothing.
# A function named attack_reset, when defined, runs before each of the three (undo a mount...).
# ATTACK_DENIED names the errno the kernel turns boxlock's -EPERM into, where it does not pass it
# on (ptrace_may_access is a bool: /proc answers EACCES); EPERM when unset.
attack() {
	local name=$1 control=$2 filter=$3 got denied=${ATTACK_DENIED:-EPERM}
	shift 3
	reset_attack() { if declare -F attack_reset >/dev/null; then attack_reset; fi; }

	# Each phase leaves its events drained by its check, and every phase ends in enforce mode:
	# the next one starts from there (a boxlock command costs seconds under emulation).
	[ "${ATTACK_MODE:-}" = enforce ] || bl mode enforce --profile "$ATTACK_PROFILE" >/dev/null
	ATTACK_MODE=enforce
	reset_attack
	drain_events
	got=$(run_as "$ATTACK_BOUND" "$@" 2>&1 | tail -n 1)
	if [ "$got" = "$denied" ] || { [ "$control" = OK ] && [ "$got" = TRUNC ]; }; then
		pass "BLOCKED $name (enforce: $got)"
	else
		fail "$name: enforce: expected $denied, got '$got'"
	fi
	check_event "$name: enforce event" "($filter) and .verdict == \"denied\" and .cgroup == \"$ATTACK_BOUND\""

	ATTACK_MODE=
	bl mode audit --profile "$ATTACK_PROFILE" >/dev/null
	reset_attack
	got=$(run_as "$ATTACK_BOUND" "$@" 2>&1 | tail -n 1)
	if [ "$got" = "$control" ]; then
		pass "$name: audit: allowed ($got)"
	else
		fail "$name: audit: expected $control, got '$got'"
	fi
	check_event "$name: audit event" "($filter) and .verdict == \"audited\""
	bl mode enforce --profile "$ATTACK_PROFILE" >/dev/null && ATTACK_MODE=enforce

	reset_attack
	got=$(run_as "$ATTACK_FREE" "$@" 2>&1 | tail -n 1)
	if [ "$got" = "$control" ]; then
		pass "$name: control from an unbound cgroup: $got"
	else
		fail "$name: control: expected $control, got '$got'"
	fi
	check_no_event "$name: control: nothing reported for the unbound cgroup" \
		".cgroup == \"$ATTACK_FREE\""
	reset_attack
}
