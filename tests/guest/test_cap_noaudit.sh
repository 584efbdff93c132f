# shellcheck shell=bash
# A capability check the kernel makes without auditing (CAP_OPT_NOAUDIT) is judged like any other,
# and its verdict and its rule are counted (`boxlock status`: counters, rules), but it emits no
# event, as the kernel's own audit stays silent. seccomp(2) makes one: installing a filter without
# no_new_privs asks ns_capable_noaudit(CAP_SYS_ADMIN) and fails with EACCES (not EPERM) without it.
ensure_loaded
if grep -q '^NoNewPrivs:[[:space:]]*1' /proc/self/status; then
	skip "capable NOAUDIT: the tests run with no_new_privs, so seccomp(2) checks no capability"
else
	cg=$(new_cgroup cap-noaudit)
	free=$(new_cgroup cap-noaudit-free)
	bl profile load "$TESTS/profiles/test-caps.ini" >/dev/null ||
		fail "capable NOAUDIT: test-caps.ini does not load"
	bl bind --cgroup "$cg" --profile test-caps >/dev/null ||
		fail "capable NOAUDIT: cannot bind $cg"
	# The profile's one rule (deny SYS_ADMIN): its hits, and a counter, from `boxlock -j status`.
	rule_hits() { bl -j status | jq '[.rules[] | select(.profile == "test-caps") | .hits] | add // 0'; }
	counter() { bl -j status | jq ".counters.$1"; }
	cap_event='.hook == "capable" and .capability_name == "SYS_ADMIN"'

	# try MODE EXPECTED CGROUP: one seccomp(2) from CGROUP; the rule's hits and the verdict
	# counter (denied or audited) must grow in a bound cgroup, stay put in the free one, and no
	# capable event may be emitted either way.
	try() {
		local mode=$1 want=$2 where=$3 stat h0 h1 s0 s1
		stat=$([ "$mode" = enforce ] && echo denied || echo audited)
		bl mode "$mode" --profile test-caps >/dev/null
		drain_events
		h0=$(rule_hits)
		s0=$(counter "$stat")
		check "capable NOAUDIT: $mode, $(basename "$where"): seccomp(2) gets $want" "$want" \
			in_cg "$where" "$BLTRY" seccomp-filter
		h1=$(rule_hits)
		s1=$(counter "$stat")
		if [ "$where" = "$free" ]; then
			[ "$h1" -eq "$h0" ] && pass "capable NOAUDIT: control: the rule counted nothing ($h1)" ||
				fail "capable NOAUDIT: control: the rule's hits went $h0 -> $h1"
		else
			[ "$h1" -gt "$h0" ] && pass "capable NOAUDIT: $mode: the rule counted it ($h0 -> $h1)" ||
				fail "capable NOAUDIT: $mode: the rule's hits did not grow ($h0 -> $h1)"
			[ "$s1" -gt "$s0" ] && pass "capable NOAUDIT: $mode: '$stat' counted it ($s0 -> $s1)" ||
				fail "capable NOAUDIT: $mode: counter '$stat' did not grow ($s0 -> $s1)"
		fi
		check_no_event "capable NOAUDIT: $mode, $(basename "$where"): no capable event" "$cap_event"
	}
	try enforce EACCES "$cg"
	try audit OK "$cg"
	try enforce OK "$free"
	bl mode enforce --profile test-caps >/dev/null
	# The same capability asked for with auditing still reports: the event is only held back for
	# NOAUDIT checks.
	drain_events
	check "capable NOAUDIT: an audited CAP_SYS_ADMIN check is denied" EPERM \
		in_cg "$cg" "$BLTRY" cap-sysadmin
	check_event "capable NOAUDIT: an audited CAP_SYS_ADMIN check has its event" \
		"$cap_event and .verdict == \"denied\" and .cgroup == \"$cg\""
	bl unbind --cgroup "$cg" >/dev/null
fi
