# shellcheck shell=bash
# boxlock doctor: every check passes in the test guest (BPF LSM on, boxlock loaded), its JSON is
# valid, and what it reports missing comes with the exact fix.

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

rm -rf "$DOC_TMP"
