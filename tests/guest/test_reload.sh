# shellcheck shell=bash
# The daemon reloads its profile directory when it changes, laid out as the kubelet lays out a
# ConfigMap volume (`..<timestamp>/` versions, `..data` -> the current one, `NAME.ini` ->
# `..data/NAME.ini`) and changed as the kubelet changes it (one rename of `..data_tmp` over
# `..data`): a set that denies more is in force within 2 s; a broken set changes nothing in force
# and its reload-failed event names FILE:LINE; a good set after it applies; a profile the new set
# drops stays in force for the cgroup bound to it; SIGHUP reloads.
source "$TESTS/docker-lib.sh"

CM=/tmp/bl-configmap
EVENT_LOG=/tmp/bl-reload-events.json # docker-lib's check_log_event reads it
TARGET=/tmp/bl-reload-target
SRC=/tmp/bl-reload-src
rm -rf "$CM" "$SRC" "$EVENT_LOG"
mkdir -p "$CM" "$SRC"/v1 "$SRC"/v2 "$SRC"/v3 "$SRC"/v5
: >"$TARGET"

# The profile under test: v1 adds nothing to default, v2 denies writes to TARGET, v3 is v1 with
# an error on a known line (so that a v3 applied even in part would let TARGET's write through).
v1='[profile]
description = reload test
extends = default
mode = enforce
'
printf '%s' "$v1" >"$SRC"/v1/reloadt.ini
printf '%s\n[files]\ndeny-write = %s\n' "$v1" "$TARGET" >"$SRC"/v2/reloadt.ini
printf '%s\n[files]\nno-such-key = %s\n' "$v1" "$TARGET" >"$SRC"/v3/reloadt.ini
broken_line=$(grep -n no-such-key "$SRC"/v3/reloadt.ini | cut -d: -f1)
for v in v1 v2 v3 v5; do cp "$REPO"/profiles/default.ini "$SRC/$v"/; done

# cm_publish SRC_DIR: what the kubelet's atomic writer does on a ConfigMap update.
cm_publish() {
	local ts old f
	ts=..$(date -u +%Y_%m_%d_%H_%M_%S).$(date +%N)
	old=$(readlink "$CM/..data" 2>/dev/null)
	mkdir "$CM/$ts"
	cp "$1"/*.ini "$CM/$ts"/
	ln -sfn "$ts" "$CM/..data_tmp"
	mv -T "$CM/..data_tmp" "$CM/..data" # rename(2): every visible file changes at once
	for f in "$1"/*.ini; do
		[ -L "$CM/${f##*/}" ] || ln -s "..data/${f##*/}" "$CM/${f##*/}"
	done
	for f in "$CM"/*.ini; do
		[ -e "$1/${f##*/}" ] || rm -f "$f"
	done
	[ -z "$old" ] || rm -rf "${CM:?}/$old"
}

# reloads: how many "reloaded" events the daemon logged so far.
reloads() { log_events '.kind == "daemon" and .what == "reloaded"' | wc -l; }

# wait_answer WANT CMD...: polls CMD every 50 ms until it answers WANT (30 s at most); prints the
# milliseconds it took, or "never".
wait_answer() {
	local want=$1 t0 now
	shift
	t0=$(date +%s%3N)
	while :; do
		now=$(date +%s%3N)
		[ "$("$@" 2>&1 | tail -n 1)" = "$want" ] && {
			echo $((now - t0))
			return 0
		}
		[ $((now - t0)) -lt 30000 ] || {
			echo never
			return 1
		}
		sleep 0.05
	done
}

cm_publish "$SRC"/v1
bl unload >/dev/null 2>&1
METRICS=/run/boxlock/metrics-reload.sock
"$BOXLOCK" daemon --no-docker --profiles "$CM" --log "$EVENT_LOG" --metrics "unix:$METRICS" \
	</dev/null >>"$DAEMON_LOG" 2>&1 &
BOXLOCK_DAEMON_PID=$!
for _ in $(seq 150); do
	[ -n "$(grep "daemon enforcing: .* from $CM" "$DAEMON_LOG" 2>/dev/null)" ] && break
	kill -0 "$BOXLOCK_DAEMON_PID" 2>/dev/null || break
	sleep 0.2
done
if ! kill -0 "$BOXLOCK_DAEMON_PID" 2>/dev/null ||
	[ -z "$(grep "daemon enforcing: 2 profiles from $CM" "$DAEMON_LOG")" ]; then
	fail "reload: the daemon does not start on a ConfigMap-style directory:"
	tail -n 20 "$DAEMON_LOG" | sed 's/^/    /'
	return 0
fi
pass "reload: daemon started on a ConfigMap-style directory (2 profiles, ..data ignored)"

cg=$(new_cgroup reload-bound)
bl bind --cgroup "$cg" --profile reloadt >/dev/null || fail "reload: cannot bind $cg to reloadt"
check "reload v1: writing $TARGET is allowed" OK in_cg "$cg" "$BLTRY" open "$TARGET" w
check "reload v1: the inherited default denies sysrq" EPERM \
	in_cg "$cg" "$BLTRY" open /proc/sysrq-trigger w

# v2 denies more: in force within 2 s of the ..data swap.
n=$(reloads)
cm_publish "$SRC"/v2
ms=$(wait_answer EPERM in_cg "$cg" "$BLTRY" open "$TARGET" w)
echo "reload v2: the swap to EPERM took $ms ms"
if [ "$ms" != never ] && [ "$ms" -le 2000 ]; then
	pass "reload v2: a set that denies more is in force $ms ms after the ..data swap"
else
	fail "reload v2: writing $TARGET after the swap: not EPERM within 2 s ($ms ms)"
	tail -n 5 "$DAEMON_LOG" | sed 's/^/    /'
fi
check_log_event "reload v2: a reloaded event lists both profiles" \
	'.kind == "daemon" and .what == "reloaded" and (.profiles | sort) == ["default","reloadt"]'

# v3 is broken: nothing in force changes, and the event says where.
slot_before=$(bl -j profile list | jq -c '.[] | select(.name == "reloadt") | .slot')
cm_publish "$SRC"/v3
check_log_event "reload v3: a reload-failed event names reloadt.ini:$broken_line" \
	".kind == \"daemon\" and .what == \"reload-failed\" and
	 (.error | test(\"reloadt.ini:$broken_line:\"))"
sleep 1 # past the debounce: any reload of v3 would have happened
check "reload v3 (broken): the v2 rule still denies" EPERM in_cg "$cg" "$BLTRY" open "$TARGET" w
check "reload v3 (broken): default still denies sysrq" EPERM \
	in_cg "$cg" "$BLTRY" open /proc/sysrq-trigger w
slot_after=$(bl -j profile list | jq -c '.[] | select(.name == "reloadt") | .slot')
[ "$slot_before" = "$slot_after" ] &&
	pass "reload v3 (broken): reloadt's rule set in force is untouched (slot $slot_after)" ||
	fail "reload v3 (broken): reloadt's rule set changed ($slot_before -> $slot_after)"
grep -q "reload of $CM failed" "$DAEMON_LOG" && pass "reload v3 (broken): said on stderr" ||
	fail "reload v3 (broken): nothing on the daemon's stderr"
# ... and in the metrics, with the reason as a label.
scrape() { curl -s --max-time 10 --unix-socket "$METRICS" http://localhost/metrics; }
m=$(scrape)
if grep '^boxlock_profile_reload_failing{error="' <<<"$m" | grep "reloadt.ini:$broken_line" |
	grep -q '} 1$' &&
	grep -q '^boxlock_profile_reloads_total{result="failed"} 1$' <<<"$m"; then
	pass "reload v3 (broken): the metrics say it failed, and where"
else
	fail "reload v3 (broken): metrics: $(grep '^boxlock_profile_reload' <<<"$m" | tr '\n' ' ')"
fi

# Back to a good set (v1): it applies.
cm_publish "$SRC"/v1
ms=$(wait_answer OK in_cg "$cg" "$BLTRY" open "$TARGET" w)
[ "$ms" != never ] && pass "reload v1 again: the good set applies after the broken one ($ms ms)" ||
	fail "reload v1 again: writing $TARGET still not allowed after 30 s"
grep -q '^boxlock_profile_reload_failing{error=""} 0$' <<<"$(scrape)" &&
	pass "reload v1 again: the metrics no longer say failing" ||
	fail "reload v1 again: metrics: $(scrape | grep '^boxlock_profile_reload_failing')"

# A set without reloadt: reloadt stays in the kernel for the cgroup bound to it (as with
# `profile load`, a reload removes no profile), and the event says it was kept.
cm_publish "$SRC"/v5
check_log_event "reload v5: the reloaded event names reloadt as kept" \
	'.kind == "daemon" and .what == "reloaded" and .kept == ["reloadt"]'
check "reload v5: the cgroup bound to the dropped profile is still confined" EPERM \
	in_cg "$cg" "$BLTRY" open /proc/sysrq-trigger w
[ -n "$(bl -j profile list | jq -c '.[] | select(.name == "reloadt")')" ] &&
	pass "reload v5: reloadt is still loaded" || fail "reload v5: reloadt was unloaded"

# SIGHUP reloads (and does not end the daemon).
n=$(reloads)
kill -HUP "$BOXLOCK_DAEMON_PID"
for _ in $(seq 100); do
	[ "$(reloads)" -gt "$n" ] && break
	sleep 0.2
done
if [ "$(reloads)" -gt "$n" ] && kill -0 "$BOXLOCK_DAEMON_PID" 2>/dev/null; then
	pass "reload: SIGHUP reloads, and the daemon runs on"
else
	fail "reload: SIGHUP: reloads $n -> $(reloads), daemon alive: $(kill -0 "$BOXLOCK_DAEMON_PID" 2>&1 && echo yes)"
fi

bl unbind --cgroup "$cg" >/dev/null
kill "$BOXLOCK_DAEMON_PID" 2>/dev/null
wait "$BOXLOCK_DAEMON_PID" 2>/dev/null
