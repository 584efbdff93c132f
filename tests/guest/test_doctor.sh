# shellcheck shell=bash
# boxlock doctor: every check passes in the test guest (BPF LSM on, boxlock loaded), its JSON is
# valid, and what it reports missing comes with the exact fix. Containers that could start, or
# run, unbound: a running cgroup named as Docker names a container's is listed until it (or its
# parent) is bound; podman's parent cgroup is reported unbound, then bound.

ensure_loaded
DOC_TMP=$(mktemp -d /tmp/bl-doctor.XXXXXX)

if bl doctor >"$DOC_TMP/out" 2>&1; then
	pass "doctor: exits 0 where boxlock enforces"
else
	fail "doctor: exit $? in the guest:"
	sed 's/^/    /' "$DOC_TMP/out"
fi
if grep -q '^ok    lsm ' "$DOC_TMP/out" && grep -q '^ok    loaded ' "$DOC_TMP/out"; then
	pass "doctor: plain output says lsm and loaded are ok"
else
	fail "doctor: plain output:"
	sed 's/^/    /' "$DOC_TMP/out"
fi

bl -j doctor >"$DOC_TMP/json"
if jq -e . "$DOC_TMP/json" >/dev/null 2>&1; then
	pass "doctor -j: valid JSON"
else
	fail "doctor -j: not JSON: $(cat "$DOC_TMP/json")"
fi
if jq -e '.ok == true and .failed == 0 and (.checks | length) > 5 and
	all(.checks[]; has("name") and has("status") and has("detail")) and
	.links > 0 and .links == .links_expected and
	([.checks[] | select(.status == "FAIL")] | length) == 0' "$DOC_TMP/json" >/dev/null; then
	pass "doctor -j: every check ok, all $(jq .links "$DOC_TMP/json") links attached"
else
	fail "doctor -j: unexpected: $(cat "$DOC_TMP/json")"
fi

# Something missing: nothing pinned under another pin directory. Exit 1 and the fix.
bl -j --pin-dir /sys/fs/bpf/boxlock-doctor-none doctor >"$DOC_TMP/json"
rc=$?
if [ $rc -eq 1 ] && jq -e '.ok == false and
	any(.checks[]; .name == "loaded" and .status == "FAIL" and .fix == "boxlock load")' \
	"$DOC_TMP/json" >/dev/null; then
	pass "doctor: boxlock not loaded: exit 1, fix 'boxlock load'"
else
	fail "doctor: not loaded: exit $rc, $(cat "$DOC_TMP/json")"
fi
if jq -e 'any(.checks[]; .name == "unbound-containers" and .status == "info")' \
	"$DOC_TMP/json" >/dev/null; then
	pass "doctor: not loaded: unbound-containers is information, not looked for"
else
	fail "doctor: not loaded: unbound-containers: $(jq -c '.checks[] |
		select(.name == "unbound-containers")' "$DOC_TMP/json")"
fi

# bpf missing from the LSM list (a copy without it bound over the real file, in a private mount
# namespace): the fix is the current list with bpf added, for GRUB and systemd-boot.
printf 'lockdown,capability,yama' >"$DOC_TMP/lsm"
unshare -m sh -c "mount --bind '$DOC_TMP/lsm' /sys/kernel/security/lsm && '$BOXLOCK' -j doctor" \
	>"$DOC_TMP/json"
rc=$?
fix=$(jq -r '.checks[] | select(.name == "lsm") | .fix' "$DOC_TMP/json" 2>/dev/null)
if [ $rc -eq 1 ] && [[ $fix == *"lsm=lockdown,capability,yama,bpf"* ]] &&
	[[ $fix == *GRUB_CMDLINE_LINUX* ]] && [[ $fix == *update-grub* ]] &&
	[[ $fix == */etc/kernel/cmdline* ]] && [[ $fix == *kernel-install* ]]; then
	pass "doctor: bpf not an active LSM: exit 1, fix keeps the list and adds bpf"
else
	fail "doctor: lsm without bpf: exit $rc, fix: '$fix'"
fi

# --- unbound-containers -------------------------------------------------------------------
# Two cgroups named as Docker's cgroupfs driver names a container's (docker/<64 hex>), each with
# a process; beside them one so named but empty, and one with a process but no container's name.
bl profile load "$REPO/profiles/default.ini" >/dev/null || fail "doctor: profile default does not load"
DOC_PARENT=$(new_cgroup doctor/docker)
DOC_C1=$DOC_PARENT/$(echo doctor-c1 | sha256sum | cut -c1-64)
DOC_C2=$DOC_PARENT/$(echo doctor-c2 | sha256sum | cut -c1-64)
DOC_EMPTY=$DOC_PARENT/$(echo doctor-empty | sha256sum | cut -c1-64)
DOC_WEB=$(new_cgroup doctor/web)
mkdir -p "$DOC_C1" "$DOC_C2" "$DOC_EMPTY"
for cg in "$DOC_C1" "$DOC_C2" "$DOC_WEB"; do
	bg in_cg "$cg" sleep 600
done
for cg in "$DOC_C1" "$DOC_C2" "$DOC_WEB"; do
	for _ in $(seq 100); do
		[ -n "$(cat "$cg/cgroup.procs")" ] && break
		sleep 0.1
	done
done

# listed CGROUP: whether doctor -j's unbound-containers check lists CGROUP.
listed() {
	jq -e --arg cg "$1" 'any(.checks[] | select(.name == "unbound-containers") |
		(.cgroups // [])[]; . == $cg)' "$DOC_TMP/json" >/dev/null
}

bl -j doctor >"$DOC_TMP/json"
bl doctor >"$DOC_TMP/out" 2>&1
unb=$(jq -c '.checks[] | select(.name == "unbound-containers")' "$DOC_TMP/json")
if listed "$DOC_C1" && listed "$DOC_C2" &&
	jq -e '.status == "warn" and .count >= 2 and
	(.fix | contains("boxlock bind --cgroup") and contains("--arm-at-exec"))' \
	<<<"$unb" >/dev/null &&
	grep -q "^warn  unbound-containers .*running containers under no binding: .*$DOC_C1" \
		"$DOC_TMP/out"; then
	pass "doctor: unbound-containers warns, names both running docker/<id> cgroups, fix 'boxlock bind ... --arm-at-exec'"
else
	fail "doctor: unbound-containers: $unb; plain: $(grep unbound-containers "$DOC_TMP/out")"
fi
if ! listed "$DOC_EMPTY" && ! listed "$DOC_WEB"; then
	pass "doctor: unbound-containers lists neither an empty container cgroup nor a cgroup not named as a container's"
else
	fail "doctor: unbound-containers lists $DOC_EMPTY or $DOC_WEB: $unb"
fi
if jq -e '.ok == true and .failed == 0' "$DOC_TMP/json" >/dev/null; then
	pass "doctor: unbound containers are a warning, not a failure (ok, no FAIL)"
else
	fail "doctor: unbound containers made a FAIL: $(jq -c '.checks[] | select(.status == "FAIL")' "$DOC_TMP/json")"
fi

# Bound as the fix says: no longer listed; the other still is.
if bl bind --cgroup "$DOC_C1" --profile default --arm-at-exec >/dev/null; then
	bl -j doctor >"$DOC_TMP/json"
	if ! listed "$DOC_C1" && listed "$DOC_C2"; then
		pass "doctor: a bound container is no longer listed, the unbound one still is"
	else
		fail "doctor: after binding $DOC_C1: $(jq -c '.checks[] | select(.name == "unbound-containers")' "$DOC_TMP/json")"
	fi
else
	fail "doctor: cannot bind $DOC_C1"
fi
# Its parent bound: neither is listed (a binding holds everything below it). With --arm-at-exec,
# as the daemon binds a runtime's parent: the arming walks $DOC_C1's tasks, contained already.
if bl bind --cgroup "$DOC_PARENT" --profile default --arm-at-exec >/dev/null; then
	bl -j doctor >"$DOC_TMP/json"
	if ! listed "$DOC_C1" && ! listed "$DOC_C2"; then
		pass "doctor: containers under a bound parent are not listed"
	else
		fail "doctor: after binding $DOC_PARENT: $(jq -c '.checks[] | select(.name == "unbound-containers")' "$DOC_TMP/json")"
	fi
else
	fail "doctor: cannot bind $DOC_PARENT"
fi
kill_bg
bl unbind --cgroup "$DOC_C1" >/dev/null 2>&1
bl unbind --cgroup "$DOC_PARENT" >/dev/null 2>&1
# The killed processes leave their cgroups as they are reaped: a moment of EBUSY is possible.
for cg in "$DOC_C1" "$DOC_C2" "$DOC_EMPTY" "$DOC_PARENT" "$DOC_WEB" "$CGROOT/doctor"; do
	for _ in $(seq 50); do
		rmdir "$cg" 2>/dev/null || [ ! -d "$cg" ] && break
		sleep 0.1
	done
done

# --- runtime-parent: podman's parent, unbound, then bound ----------------------------------
bl -j doctor >"$DOC_TMP/json"
pm=$(jq -c '.checks[] | select(.name == "runtime-parent" and .runtime == "podman")' \
	"$DOC_TMP/json")
pm_shim=$(jq -r '.checks[] | select(.name == "podman-shim") | .status' "$DOC_TMP/json")
if [ -z "$pm" ]; then
	skip "doctor: runtime-parent: podman is not installed in the guest"
elif [ "$pm_shim" = ok ]; then
	jq -e '.status == "ok" and (.detail | contains("bound by boxlock-runc at create"))' \
		<<<"$pm" >/dev/null && pass "doctor: runtime-parent: podman starts containers through the shim: ok" ||
		fail "doctor: runtime-parent: podman-shim ok, but: $pm"
else
	parent=$(jq -r .parent <<<"$pm")
	if jq -e --arg p "$parent" '.status == "warn" and
		(.detail | contains("containers under " + $p) and contains("run unbound")) and
		(.fix | contains("podman --runtime") and contains("boxlock-runc"))' <<<"$pm" >/dev/null; then
		pass "doctor: runtime-parent: podman's $parent is unbound: warn, fix 'podman --runtime .../boxlock-runc'"
	else
		fail "doctor: runtime-parent: podman, unbound: $pm"
	fi
	made=0
	[ -d "$parent" ] || { mkdir "$parent" && made=1; }
	if bl bind --cgroup "$parent" --profile default --arm-at-exec >/dev/null; then
		bl -j doctor >"$DOC_TMP/json"
		pm=$(jq -c '.checks[] | select(.name == "runtime-parent" and .runtime == "podman")' \
			"$DOC_TMP/json")
		if jq -e '.status == "warn" and .bound_to == "default" and
			(.detail | contains("is bound to default"))' <<<"$pm" >/dev/null; then
			pass "doctor: runtime-parent: podman's $parent bound: warn that it is bound to default, not per container"
		else
			fail "doctor: runtime-parent: podman, bound: $pm"
		fi
		bl unbind --cgroup "$parent" >/dev/null
	else
		fail "doctor: cannot bind $parent"
	fi
	[ $made = 1 ] && rmdir "$parent"
fi

rm -rf "$DOC_TMP"
