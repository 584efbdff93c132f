# shellcheck shell=bash
# Learn mode, kernel side: a cgroup bound to learn-test (extends default, mode learn) does one of
# each kind of thing; every allowed operation, and the one its own rule only audits, is recorded
# once in the `learned` map with its count; what default denies stays denied (EPERM, a denied
# event) and is not recorded; nothing is recorded in audit or enforce mode, nor for host tasks.
ensure_loaded
LEARNED_MAP=/sys/fs/bpf/boxlock/maps/learned
W=/tmp/bl-learn
rm -rf "$W"
mkdir -p "$W/d" "$W/watched" "$W/mnt"
: >"$W/d/w"
: >"$W/own-denied"
echo data >"$W/watched/f"
echo locked >"$W/locked"
chmod 000 "$W/locked"
printf '#!/bin/sh\nexit 0\n' >"$W/s.sh"
chmod +x "$W/s.sh"

if ! bl profile load "$REPO/profiles/default.ini" "$TESTS/profiles/learn-test.ini" >/dev/null; then
	fail "learn: profiles default and learn-test do not load"
	return 0
fi
cg=$(new_cgroup learn)
cgid=$(stat -c %i "$cg")
bl bind --cgroup "$cg" --profile learn-test >/dev/null || fail "learn: cannot bind $cg"

# dump: the bound cgroup's observations, one JSON object {key, value} a line, into $W/learned.
dump() {
	bpftool -j map dump pinned "$LEARNED_MAP" |
		jq -c --argjson cg "$cgid" '.[] | .formatted | select(.key.bound_cgroup_id == $cg)' \
			>"$W/learned"
}
# entry NAME FILTER [COUNT]: exactly one observation matches FILTER (and has count COUNT).
entry() {
	local name=$1 filter=$2 count=${3:-} got n
	got=$(jq -c "select($filter)" "$W/learned")
	n=$(grep -c . <<<"$got")
	if [ "$n" -ne 1 ]; then
		fail "learn: $name: $n entries match '$filter'; the cgroup's entries:"
		sed 's/^/    /' "$W/learned"
	elif [ -n "$count" ] && [ "$(jq .value.count <<<"$got")" != "$count" ]; then
		fail "learn: $name: count $(jq .value.count <<<"$got"), expected $count: $got"
	else
		pass "learn: $name recorded ($(jq -c '{c: .value.count, d: .value.details}' <<<"$got"))"
	fi
}
# no_entry NAME FILTER: no observation of the cgroup matches.
no_entry() {
	if [ -z "$(jq -c "select($2)" "$W/learned")" ]; then
		pass "learn: $1: not recorded"
	else
		fail "learn: $1: recorded: $(jq -c "select($2)" "$W/learned")"
	fi
}
path() { echo ".key.path == \"$1\""; }
kind() { echo ".key.kind == $1"; }
lo4='(.key.addr[0:4] == [127, 0, 0, 1])'

bg "$BLTRY" serve-unix "$W/u.sock"
bg "$BLTRY" serve-unix /run/docker.sock
bg "$BLTRY" serve-tcp 127.0.0.1 8081
bg "$BLTRY" serve-tcp 127.0.0.1 8082
wait_for_socket "$W/u.sock"
wait_for_socket /run/docker.sock
sleep 0.3
drain_events

# One of each kind, from the bound cgroup.
check "learn: exec /usr/bin/true" OK in_cg "$cg" "$BLTRY" exec /usr/bin/true
check "learn: exec a script (outside the exec allow list: audited)" OK \
	in_cg "$cg" "$BLTRY" exec "$W/s.sh"
check "learn: create" OK in_cg "$cg" "$BLTRY" creat "$W/d/a"
check "learn: rename" OK in_cg "$cg" "$BLTRY" rename "$W/d/a" "$W/d/b"
check "learn: unlink" OK in_cg "$cg" "$BLTRY" unlink "$W/d/b"
check "learn: mkdir" OK in_cg "$cg" "$BLTRY" mkdir "$W/d/m"
check "learn: open for writing" OK in_cg "$cg" "$BLTRY" open "$W/d/w" w
check "learn: read under the watched root" OK in_cg "$cg" "$BLTRY" open "$W/watched/f" r
check "learn: read outside it" OK in_cg "$cg" "$BLTRY" open "$W/d/w" r
check "learn: unix connect" OK in_cg "$cg" "$BLTRY" connect-unix "$W/u.sock"
for i in 1 2 3; do
	check "learn: TCP connect 127.0.0.1:8081 ($i)" OK in_cg "$cg" "$BLTRY" connect-tcp 127.0.0.1 8081
done
check "learn: TCP listen 8090" OK in_cg "$cg" "$BLTRY" listen 127.0.0.1 8090
check "learn: UDP bind 5400" OK in_cg "$cg" "$BLTRY" udp-bind 127.0.0.1 5400
check "learn: a capability (DAC_OVERRIDE: root reads a mode 000 file)" OK \
	in_cg "$cg" "$BLTRY" open "$W/locked" r
check "learn: own deny-write rule only audited" OK in_cg "$cg" "$BLTRY" open "$W/own-denied" w
check_event "learn: own rule: audited event, mode learn" \
	".verdict == \"audited\" and .mode == \"learn\" and .path == \"$W/own-denied\" and (.rule | test(\"learn-test.ini\"))"

# Escapes default denies: still denied in learn mode, and not recorded.
check "learn: docker.sock connect denied (default's rule, enforced)" EPERM \
	in_cg "$cg" "$BLTRY" connect-unix /run/docker.sock
check_event "learn: docker.sock: denied event, mode learn" \
	'.verdict == "denied" and .mode == "learn" and .hook == "unix_stream_connect" and (.rule | test("default.ini"))'
check "learn: mount denied" EPERM in_cg "$cg" "$BLTRY" mount none "$W/mnt" tmpfs
check_event "learn: mount: denied event" \
	".verdict == \"denied\" and .mode == \"learn\" and .cgroup == \"$cg\" and (.hook == \"sb_mount\" or (.hook == \"capable\" and .capability_name == \"SYS_ADMIN\"))"
check "learn: CAP_SYS_ADMIN denied" EPERM in_cg "$cg" "$BLTRY" cap-sysadmin

dump
entry "exec of /usr/bin/true" "$(kind 1) and $(path /usr/bin/true) and (.value.details % 2 == 1)"
entry "the script, executed" "$(kind 1) and $(path "$W/s.sh") and .value.details == 1"
# The interpreter's round: INTERPRETER (2), not EXECUTED (1); the kernel maps it too (MAPPED 4).
entry "its interpreter" \
	"$(kind 1) and (.key.path | test(\"/(da)?sh$\")) and .value.details == 6"
if [ -n "$(jq -c "select($(kind 1) and (.key.path | test(\"/libc[.-]\")) and ((.value.details / 4 | floor) % 2 == 1))" "$W/learned")" ]; then
	pass "learn: libc mapped executable recorded"
else
	fail "learn: libc not recorded as mapped: $(jq -c "select($(kind 1))" "$W/learned")"
fi
# WRITE details: bit 0 an open for writing, bit n the operation n (BL_FILE_OPS).
bit() { echo "((.value.details / $((1 << $1)) | floor) % 2 == 1)"; }
entry "created, opened for writing, renamed away" "$(kind 2) and $(path "$W/d/a") and $(bit 13) and $(bit 0) and $(bit 9)"
entry "renamed to, unlinked" "$(kind 2) and $(path "$W/d/b") and $(bit 10) and $(bit 7)"
entry "mkdir" "$(kind 2) and $(path "$W/d/m") and $(bit 14)"
entry "open for writing" "$(kind 2) and $(path "$W/d/w") and $(bit 0)" 1
entry "read under the watched root" "$(kind 3) and $(path "$W/watched/f")"
no_entry "a read outside the watched root" "$(kind 3) and $(path "$W/d/w")"
entry "unix connect" "$(kind 4) and $(path "$W/u.sock")"
entry "TCP connect, three times: one entry" "$(kind 5) and .key.proto == 6 and .key.family == 4 and .key.port == 8081 and $lo4" 3
entry "TCP listen" "$(kind 6) and .key.proto == 6 and .key.port == 8090 and $lo4"
entry "UDP bind" "$(kind 6) and .key.proto == 17 and .key.port == 5400"
entry "CAP_DAC_OVERRIDE" "$(kind 7) and .key.cap == 1"
entry "the own rule's audited write" "$(kind 2) and $(path "$W/own-denied") and $(bit 0)"
no_entry "docker.sock" "$(path /run/docker.sock)"
no_entry "the denied mount" "$(kind 8)"
no_entry "CAP_SYS_ADMIN" "$(kind 7) and .key.cap == 21"
if [ -n "$(jq -c "select(.value.dev != 0 and .value.ino != 0 and $(path "$W/d/w"))" "$W/learned")" ]; then
	pass "learn: a file's identity (dev, ino) recorded"
else
	fail "learn: no dev/ino for $W/d/w"
fi

# Audit and enforce modes record nothing; a live switch back to learn records again. bash's
# /dev/tcp connects: the exec allow list, enforced now, lets /usr/bin/bash run, not bltry.
tcp8082() { in_cg "$cg" /bin/bash -c 'exec 3<>/dev/tcp/127.0.0.1/8082 && echo OK'; }
bl mode audit --profile learn-test >/dev/null
check "learn: audit mode: TCP connect 8082" OK tcp8082
bl mode enforce --profile learn-test >/dev/null
check "learn: enforce mode: TCP connect 8082" OK tcp8082
got=$(in_cg "$cg" "$BLTRY" exec "$W/s.sh" 2>&1 | tail -n 1)
case $got in
*"Operation not permitted"*) pass "learn: enforce mode: the exec allow list is enforced ($got)" ;;
*) fail "learn: enforce mode: an exec outside the allow list got '$got'" ;;
esac
dump
no_entry "audit and enforce mode connects" ".key.port == 8082"
bl mode learn --profile learn-test >/dev/null || fail "learn: boxlock mode learn --profile learn-test"
check "learn: learn mode again: TCP connect 8082" OK in_cg "$cg" "$BLTRY" connect-tcp 127.0.0.1 8082
dump
entry "connect after a live switch to learn mode" "$(kind 5) and .key.port == 8082" 1

# Host tasks are never recorded, whatever is learning.
check "learn: host task connects to 8082" OK "$BLTRY" connect-tcp 127.0.0.1 8082
"$BLTRY" listen 127.0.0.1 8091 >/dev/null
if bpftool -j map dump pinned "$LEARNED_MAP" | jq -e '[.[] | .formatted | select(.key.port == 8091)] | length == 0' >/dev/null; then
	pass "learn: a host task's listen is not recorded"
else
	fail "learn: a host task was recorded: $(bpftool -j map dump pinned "$LEARNED_MAP" | jq -c '.[] | .formatted | select(.key.port == 8091)')"
fi

kill_bg
bl unbind --cgroup "$cg" >/dev/null
rm -f /run/docker.sock
