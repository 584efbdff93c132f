# shellcheck shell=bash
# Self-protection: a contained task cannot remove, rename, add to or open anything under boxlock's
# pin directory, even through another mount of the same bpffs, in enforce and audit mode alike;
# nor get an fd of boxlock's maps, programs or links by id when its profile allows bpf(). With
# the daemon running, a link pin removed by host root detaches nothing, and `boxlock status` names
# the missing pin.
ensure_loaded
PIN=/sys/fs/bpf/boxlock
cg=$(new_cgroup self-protect)
free=$(new_cgroup self-free)
# A profile of one rule, not default: default's own rules deny writes under /sys/ (bpffs among
# them) by every syscall, and would answer first for the renames and removals below, while what
# is tested here is boxlock's own protection, which holds under any profile.
cat >/tmp/self-test.ini <<'INI'
[profile]
name = self-test
description = one rule, for the self-protection test
mode = enforce
[files]
deny-write = /proc/sysrq-trigger
INI
bl profile load /tmp/self-test.ini >/dev/null || fail "self: profile self-test does not load"
bl bind --cgroup "$cg" --profile self-test >/dev/null
self='.hook == "boxlock_self" and .reason == "boxlock-self" and .verdict == "denied"'

# in_alt_ns CGROUP CMD...: in a new mount namespace where the host's bpffs is bind-mounted at
# /tmp/alt-bpffs (set up by a host task), CMD runs as a process of CGROUP.
alt=/tmp/alt-bpffs
mkdir -p "$alt"
in_alt_ns() {
	local c=$1
	shift
	unshare -m sh -c 'mount --make-rprivate / && mount --bind /sys/fs/bpf "$0" && exec "$@"' \
		"$alt" "$BLTRY" cgexec "$c" "$@"
}

# self_denied NAME CMD...: EPERM and a boxlock_self event in $self_mode (the cases run once in
# enforce mode, then once in audit mode: one mode switch each, not two a case).
self_denied() {
	local name=$1 got
	shift
	got=$("$@" 2>&1 | tail -n 1)
	if [ "$got" = EPERM ]; then
		pass "BLOCKED $name ($self_mode mode: $got)"
	else
		fail "$name: $self_mode mode: expected EPERM, got '$got'"
	fi
	check_event "$name: $self_mode mode: event" "$self and .cgroup == \"$cg\""
}

mkdir -p /sys/fs/bpf/bl-test-empty # a host task's directory next to the pin directory
self_cases() {
	self_denied "unlink a link pin through a bind mount of bpffs" \
		in_alt_ns "$cg" "$BLTRY" unlink "$alt/boxlock/links/bl_file_open"
	self_denied "unlink a map pin through a bind mount of bpffs" \
		in_alt_ns "$cg" "$BLTRY" unlink "$alt/boxlock/maps/bindings"
	self_denied "rename a link pin" \
		in_alt_ns "$cg" "$BLTRY" rename "$alt/boxlock/links/bl_file_open" "$alt/boxlock/links/x"
	# no dot in the new name: bpffs reserves names with dots (bpf_lookup)
	self_denied "rename the pin directory away" \
		in_alt_ns "$cg" "$BLTRY" rename "$alt/boxlock" "$alt/boxlock-old"
	self_denied "rename a directory over the pin directory" \
		in_alt_ns "$cg" "$BLTRY" rename "$alt/bl-test-empty" "$alt/boxlock"
	self_denied "rmdir the pin directory" in_alt_ns "$cg" "$BLTRY" rmdir "$alt/boxlock"
	self_denied "rmdir links/" in_alt_ns "$cg" "$BLTRY" rmdir "$alt/boxlock/links"
	self_denied "mkdir in the pin directory" in_alt_ns "$cg" "$BLTRY" mkdir "$alt/boxlock/maps/new"
	self_denied "create a file in the pin directory" \
		in_alt_ns "$cg" "$BLTRY" creat "$alt/boxlock/links/new"
	self_denied "open a map pin (host path)" in_cg "$cg" "$BLTRY" open "$PIN/maps/settings" r
}
for self_mode in enforce audit; do
	bl mode "$self_mode" --profile self-test >/dev/null
	drain_events
	self_cases
done
bl mode enforce --profile self-test >/dev/null
for p in links/bl_file_open maps/bindings maps/settings maps/self_objects; do
	[ -e "$PIN/$p" ] && pass "the pin $p is still there" || fail "the pin $p is gone"
done
check "control: an unbound task opens a map pin" OK in_cg "$free" "$BLTRY" open "$PIN/maps/settings" r
check "control: an unbound task through the bind mount" OK \
	in_alt_ns "$free" "$BLTRY" bpf-obj-get "$alt/boxlock/maps/settings" r
check "control: the container's own files" OK in_cg "$cg" "$BLTRY" open /etc/hostname r
check "control: the container renames a bpffs directory of its own" OK \
	in_alt_ns "$cg" "$BLTRY" rename "$alt/bl-test-empty" "$alt/bl-test-empty2"
rmdir /sys/fs/bpf/bl-test-empty2 2>/dev/null

# A profile that allows bpf() still gets no fd of boxlock's maps, programs or links.
cat >/tmp/bpf-ok.ini <<'INI'
[profile]
name = bpf-ok
description = bpf() allowed, for the self-protection test
mode = enforce
[kernel]
bpf = allow
INI
bl profile load /tmp/bpf-ok.ini >/dev/null || fail "self: profile bpf-ok does not load"
bcg=$(new_cgroup self-bpf-ok)
bl bind --cgroup "$bcg" --profile bpf-ok >/dev/null
map_id=$(bpftool -j map show pinned "$PIN/maps/bindings" | jq .id)
link_id=$(bpftool -j link show pinned "$PIN/links/bl_file_open" | jq .id)
prog_id=$(bpftool -j link show pinned "$PIN/links/bl_file_open" | jq .prog_id)
check "control: bpf-ok creates a map of its own" OK in_cg "$bcg" "$BLTRY" bpf-map-create
for what in "bpf-obj-get $PIN/maps/bindings w" "bpf-obj-get $PIN/maps/bindings r" \
	"bpf-obj-get $PIN/links/bl_file_open rw" "bpf-fd-by-id map $map_id" \
	"bpf-fd-by-id prog $prog_id" "bpf-fd-by-id link $link_id"; do
	drain_events
	# shellcheck disable=SC2086
	check "BLOCKED bpf-ok: $what" EPERM in_cg "$bcg" "$BLTRY" $what
	check_event "bpf-ok: $what: event" "$self and .cgroup == \"$bcg\""
	# shellcheck disable=SC2086
	check "control: unbound: $what" OK in_cg "$free" "$BLTRY" $what
done
bl unbind --cgroup "$bcg" >/dev/null

# The daemon holds the links: a link pin removed by host root detaches nothing.
source "$TESTS/docker-lib.sh"
if start_daemon --no-docker; then
	pass "self: daemon started"
	sleep 3 # its hold thread has looked at the pins
	rm -f "$PIN/links/bl_file_open"
	[ -e "$PIN/links/bl_file_open" ] && fail "host root could not unlink the pin"
	check "daemon running, link pin removed: file_open still enforces" EPERM \
		in_cg "$cg" "$BLTRY" open /proc/sysrq-trigger w
	out=$(bl status 2>&1)
	rc=$?
	if [ $rc -ne 0 ] && grep -q "MISSING:links/bl_file_open" <<<"$out" &&
		grep -q "pin $PIN/links/bl_file_open is missing" <<<"$out"; then
		pass "status names the missing pin and exits $rc"
	else
		fail "status does not name the missing pin (exit $rc): $(grep -i pin <<<"$out")"
	fi
	js=$(bl -j status) # exits 1: a pin is missing
	if jq -e '.pins[] | select(.pin == "links/bl_file_open") | .present == false' <<<"$js" >/dev/null; then
		pass "status -j: the pin is listed with present false"
	else
		fail "status -j: links/bl_file_open not listed as missing: $(jq -c .pins <<<"$js" | head -c 300)"
	fi
	bl load >/dev/null 2>&1 || fail "load does not pin it again"
	if bl status >/dev/null 2>&1; then
		pass "after load: status exits 0, every pin present"
	else
		fail "after load: status still fails: $(bl status 2>&1 | grep -i pin)"
	fi
	kill "$BOXLOCK_DAEMON_PID"
	wait "$BOXLOCK_DAEMON_PID" 2>/dev/null
else
	fail "self: daemon does not start: $(tail -n 5 "$DAEMON_LOG")"
fi
check "after the daemon: file_open enforces" EPERM in_cg "$cg" "$BLTRY" open /proc/sysrq-trigger w
bl unbind --cgroup "$cg" >/dev/null
