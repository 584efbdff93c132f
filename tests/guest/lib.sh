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
drain_events() {
	bl -j events >"$EVENTS_FILE" 2>&1 || true
}

# check_event NAME JQ_FILTER: drains events and passes if one of them matches the filter.
check_event() {
	local name=$1 filter=$2
	drain_events
	if jq -e "select($filter)" "$EVENTS_FILE" >/dev/null 2>&1 &&
		[ -n "$(jq -c "select($filter)" "$EVENTS_FILE")" ]; then
		pass "$name"
	else
		fail "$name: no event matches '$filter'; events were:"
		sed 's/^/    /' "$EVENTS_FILE"
	fi
}

# check_no_event NAME JQ_FILTER: drains events and passes if none matches.
check_no_event() {
	local name=$1 filter=$2
	drain_events
	if [ -z "$(jq -c "select($filter)" "$EVENTS_FILE" 2>/dev/null)" ]; then
		pass "$name"
	else
		fail "$name: unexpected event:"
		jq -c "select($filter)" "$EVENTS_FILE" | sed 's/^/    /'
	fi
}

# Loads boxlock unless it is loaded already.
ensure_loaded() {
	[ -d /sys/fs/bpf/boxlock/maps ] || bl load >/dev/null
}
