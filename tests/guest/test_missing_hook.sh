# shellcheck shell=bash
# A kernel without one of boxlock's hooks: the loader skips that program and records the hook as
# missing; a profile whose rules need it is refused whole, so nothing claims to enforce it.
# Debian's 6.1 and 6.12 have every hook, so the record is forged here (userns_create).
ensure_loaded
settings=/sys/fs/bpf/boxlock/maps/settings
orig=$(bpftool -j map lookup pinned "$settings" key 0 0 0 0 | jq -r '.value | map(.) | join(" ")')
# struct bl_settings: min level, max level, next slot, missing_hooks (bytes 12..15), host mnt ns.
userns_bit=$((1 << 18)) # BL_HOOK_USERNS
forged=$(jq -rn --arg v "$orig" --argjson bit "$userns_bit" '
	($v | split(" ") | map(ltrimstr("0x") | explode | map(if . >= 97 then . - 87 else . - 48 end) | .[0] * 16 + .[1])) as $b |
	($b[0:12] + [$bit % 256, ($bit / 256 | floor) % 256, ($bit / 65536 | floor) % 256, 0] + $b[16:]) | map(tostring) | join(" ")')
bpftool map update pinned "$settings" key 0 0 0 0 value $forged
if bl -j status | jq -e '.missing_hooks == ["userns_create"]' >/dev/null; then
	pass "missing hook: status names it"
else
	fail "missing hook: status says $(bl -j status | jq -c .missing_hooks)"
fi
out=$(bl profile load "$REPO/profiles/default.ini" 2>&1)
rc=$?
if [ $rc -ne 0 ] && grep -q "userns_create" <<<"$out"; then
	pass "missing hook: a profile with 'userns = deny' is refused ($(head -n 1 <<<"$out"))"
else
	fail "missing hook: rc=$rc: $out"
fi
if bl profile load "$TESTS/profiles/test-files.ini" >/dev/null 2>&1; then
	pass "missing hook: a profile that does not need it still loads"
else
	fail "missing hook: test-files.ini was refused too"
fi
# Put back only missing_hooks: the rest of settings moved on meanwhile (the profile load above took
# a rule-set slot), and rolling next_slot back would hand that slot out a second time.
now=$(bpftool -j map lookup pinned "$settings" key 0 0 0 0 | jq -r '.value | map(.) | join(" ")')
read -ra now_b <<<"$now"
read -ra orig_b <<<"$orig"
bpftool map update pinned "$settings" key 0 0 0 0 value "${now_b[@]:0:12}" "${orig_b[@]:12:4}" \
	"${now_b[@]:16}"
