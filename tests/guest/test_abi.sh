# shellcheck shell=bash
# The pinned state records the ABI that wrote it (BL_ABI_VERSION, the `abi` map). State of
# another ABI, or from before the record existed, is refused by `boxlock load` and by every
# command that opens the maps, with the way out, and nothing changes: the programs and policy in
# force stay in force. Another binary is played by forging the record with bpftool.
ensure_loaded
pins=/sys/fs/bpf/boxlock
abi=$pins/maps/abi
aside=/sys/fs/bpf/boxlock-test-abi-aside
cg=$(new_cgroup abi)
bl profile load "$REPO/profiles/default.ini" >/dev/null
bl bind --cgroup "$cg" --profile default >/dev/null

# The record's 8 bytes (struct bl_abi: __u32 version, __u32 pad), as bpftool prints them.
record() { bpftool -j map lookup pinned "$abi" key 0 0 0 0 2>/dev/null | jq -r '.value | join(" ")'; }
# The version in those bytes, little-endian.
version_of() {
	local b0 b1 b2 b3 _
	read -r b0 b1 b2 b3 _ <<<"$1"
	echo $((b0 | b1 << 8 | b2 << 16 | b3 << 24))
}
write_version() { # VERSION
	bpftool map update pinned "$abi" key 0 0 0 0 value \
		$(($1 & 255)) $(($1 >> 8 & 255)) $(($1 >> 16 & 255)) $(($1 >> 24 & 255)) 0 0 0 0
}
links() { ls "$pins/links" | tr '\n' ' '; }

# refused NAME PATTERN CMD...: CMD fails, and says PATTERN (a fixed string).
refused() {
	local name=$1 want=$2 out rc
	shift 2
	out=$("$@" 2>&1)
	rc=$?
	if [ $rc -ne 0 ] && grep -qF -- "$want" <<<"$out"; then
		pass "$name ($(head -n 1 <<<"$out"))"
	else
		fail "$name: rc=$rc, expected the message '$want', got: $out"
	fi
}

orig=$(record)
if [ -z "$orig" ]; then
	fail "abi: no ABI record at $abi after 'boxlock load'"
else
	ours=$(version_of "$orig")
	pass "abi: 'boxlock load' recorded ABI $ours at $abi"
	check "abi: control: the bound task is denied" EPERM in_cg "$cg" "$BLTRY" open /proc/sysrq-trigger w
	# What catches a struct changed without a version bump: the pinned maps' BTF, compared with
	# the new object's on every load and open (the comparison itself: tests/unit/test_btf_layout.c).
	btf=$(bpftool -j map show pinned "$pins/maps/profiles" | jq -r '.btf_id // 0')
	if [ "${btf:-0}" -gt 0 ]; then
		pass "abi: pinned maps keep their BTF (profiles: btf_id $btf), so their layout is compared"
	else
		fail "abi: the pinned profiles map has no BTF: a layout change would go unseen"
	fi
	links_before=$(links)

	# A newer binary's state, as this binary sees it.
	forged=$((ours + 1))
	write_version $forged
	fix="pinned state at $pins has ABI $forged, this binary speaks $ours: run 'boxlock unload' (drops all policy) and load again"
	refused "abi: 'boxlock load' refuses state of another ABI" "boxlock: load: $fix" bl load
	refused "abi: 'boxlock status' refuses it too" "boxlock: $fix" bl status
	refused "abi: 'boxlock profile list' refuses it too" "$fix" bl profile list
	refused "abi: 'boxlock profile load' refuses it too" "$fix" bl profile load "$REPO/profiles/default.ini"
	if [ "$(version_of "$(record)")" = "$forged" ] && [ "$(links)" = "$links_before" ]; then
		pass "abi: the refused load changed nothing (record $forged, links $links_before)"
	else
		fail "abi: the refused load changed the pins: record $(record), links $(links)"
	fi
	check "abi: the bound task is still denied" EPERM in_cg "$cg" "$BLTRY" open /proc/sysrq-trigger w

	# State from before the record existed: no abi map at all.
	write_version "$ours"
	if mv "$abi" "$aside" 2>/dev/null; then
		old="pinned state at $pins has no ABI record (an older boxlock wrote it), this binary speaks $ours"
		refused "abi: 'boxlock load' refuses state without a record" "boxlock: load: $old" bl load
		refused "abi: 'boxlock status' refuses it too" "$old" bl status
		if [ ! -e "$abi" ]; then
			pass "abi: the refused load pinned no record of its own"
		else
			fail "abi: the refused load pinned a record over the old state"
			rm -f "$abi"
		fi
		check "abi: without a record the bound task is still denied" EPERM \
			in_cg "$cg" "$BLTRY" open /proc/sysrq-trigger w
		mv "$aside" "$abi"
	else
		skip "abi: bpffs here cannot rename a pin: state without a record not tried"
	fi

	# Restored: all is well again.
	if [ "$(record)" = "$orig" ]; then
		pass "abi: record restored"
	else
		fail "abi: record is '$(record)', was '$orig'"
	fi
	if out=$(bl load 2>&1); then
		pass "abi: 'boxlock load' over the restored state succeeds"
	else
		fail "abi: 'boxlock load' over the restored state: $out"
	fi
	if out=$(bl -j status 2>&1) && jq -e '.loaded and (.profiles | length) > 0' <<<"$out" >/dev/null; then
		pass "abi: 'boxlock status' reads the state again"
	else
		fail "abi: 'boxlock status' after the restore: $out"
	fi
	check "abi: after the restore the bound task is denied" EPERM in_cg "$cg" "$BLTRY" open /proc/sysrq-trigger w
fi
[ -e "$aside" ] && mv "$aside" "$abi"
bl unbind --cgroup "$cg" >/dev/null
