# shellcheck shell=bash
# `capable` allows a capability no loaded profile judges before it looks for the task's profile
# (struct bl_settings's cap_unjudged, loader/cap_mask.c). That shortcut must never let by what the
# full way would stop: a rule set that starts denying a capability, or a profile switched to learn
# mode (which records every capability used), takes effect at once, and `boxlock status` says
# which capabilities take the shortcut. CAP_SYS_PACCT (acct(2)) is denied by no shipped profile.
ensure_loaded
W=$(mktemp -d /tmp/capmask.XXXXXX)
cg=$(new_cgroup capmask)
free=$(new_cgroup capmask-free)
write_profile() { # DENY: the profile's [capabilities] deny
	cat >"$W/test-capmask.ini" <<-EOF
		[profile]
		name = test-capmask
		description = capable's shortcut, for tests/guest/test_cap_mask.sh
		mode = enforce
		[capabilities]
		deny = $1
	EOF
}
unjudged() { bl -j status | jq -r '.capabilities_unjudged // [] | index("SYS_PACCT") != null'; }

write_profile NET_RAW
bl profile load "$REPO/profiles/default.ini" >/dev/null || fail "capmask: default does not load"
bl profile load "$W/test-capmask.ini" >/dev/null || fail "capmask: the profile does not load"
bl bind --cgroup "$cg" --profile test-capmask >/dev/null || fail "capmask: cannot bind $cg"
[ "$(unjudged)" = true ] && pass "capmask: status lists SYS_PACCT as judged by no profile" ||
	fail "capmask: SYS_PACCT is not in capabilities_unjudged: $(bl -j status | jq -c .capabilities_unjudged)"
[ "$(bl -j status | jq -r '.capabilities_unjudged | index("NET_RAW") == null and index("SYS_ADMIN") == null and index("unknown") == null')" = true ] &&
	pass "capmask: status leaves the denied NET_RAW and default's SYS_ADMIN out" ||
	fail "capmask: a denied capability is listed: $(bl -j status | jq -c .capabilities_unjudged)"
check "capmask: contained, nobody denies SYS_PACCT: acct(NULL) allowed" OK in_cg "$cg" "$BLTRY" cap-pacct

# A swap that starts denying the capability: denied at once, by its rule.
write_profile "NET_RAW SYS_PACCT"
bl profile load "$W/test-capmask.ini" >/dev/null || fail "capmask: the swap does not load"
[ "$(unjudged)" = false ] && pass "capmask: after the swap SYS_PACCT is judged" ||
	fail "capmask: after the swap SYS_PACCT is still unjudged"
drain_events
check "capmask: after the swap: acct(NULL) denied" EPERM in_cg "$cg" "$BLTRY" cap-pacct
check_event "capmask: the denial names the profile's rule" \
	".hook == \"capable\" and .capability_name == \"SYS_PACCT\" and .verdict == \"denied\" and .cgroup == \"$cg\" and (.rule | test(\"SYS_PACCT\"))"
check "capmask: control: a host task's acct(NULL) allowed" OK in_cg "$free" "$BLTRY" cap-pacct

# Back to not denying it: the shortcut again.
write_profile NET_RAW
bl profile load "$W/test-capmask.ini" >/dev/null || fail "capmask: the second swap does not load"
check "capmask: swapped back: acct(NULL) allowed" OK in_cg "$cg" "$BLTRY" cap-pacct
[ "$(unjudged)" = true ] && pass "capmask: swapped back: SYS_PACCT unjudged again" ||
	fail "capmask: swapped back: SYS_PACCT still judged"

# Learn mode records every capability used: no shortcut while a profile learns.
bl mode learn --profile test-capmask >/dev/null || fail "capmask: cannot switch to learn mode"
[ "$(bl -j status | jq '.capabilities_unjudged | length')" = 0 ] &&
	pass "capmask: a learning profile: no capability unjudged" ||
	fail "capmask: learning, yet unjudged: $(bl -j status | jq -c .capabilities_unjudged)"
check "capmask: learning: acct(NULL) allowed" OK in_cg "$cg" "$BLTRY" cap-pacct
cgid=$(stat -c %i "$cg")
n=$(bpftool -j map dump pinned /sys/fs/bpf/boxlock/maps/learned |
	jq --argjson cg "$cgid" '[.[] | .formatted | select(.key.bound_cgroup_id == $cg and .key.kind == 7 and .key.cap == 20)] | length')
[ "$n" = 1 ] && pass "capmask: learning: CAP_SYS_PACCT recorded" ||
	fail "capmask: learning: CAP_SYS_PACCT not recorded ($n entries)"
bl mode enforce --profile test-capmask >/dev/null
[ "$(unjudged)" = true ] && pass "capmask: back in enforce: SYS_PACCT unjudged again" ||
	fail "capmask: back in enforce: SYS_PACCT still judged"

bl unbind --cgroup "$cg" >/dev/null

# A name whose profile entry is gone (what a set that failed after handing out its ids leaves):
# nothing may be bound to it, or its tasks would meet the missing profile's denial everywhere
# but at capable's shortcut.
MAPS=/sys/fs/bpf/boxlock/maps
id=$(bpftool -j map dump pinned $MAPS/profile_names |
	jq -r '.[] | select(.formatted.value.name == "test-capmask") | .formatted.key')
if [ -z "$id" ] || ! bpftool map delete pinned $MAPS/profiles key $((id & 255)) $((id >> 8 & 255)) 0 0; then
	fail "capmask: cannot remove test-capmask's entry (id '$id') to make the orphan name"
else
	out=$(bl bind --cgroup "$cg" --profile test-capmask 2>&1)
	[ $? -ne 0 ] && pass "capmask: a bind to a name without its profile entry is refused ($out)" ||
		fail "capmask: a bind to a name without its profile entry succeeded"
fi
bl profile unload test-capmask >/dev/null
[ "$(unjudged)" = true ] && pass "capmask: the orphan name removed: SYS_PACCT unjudged again" ||
	fail "capmask: after the removal SYS_PACCT is still judged"
rm -rf "$W"
