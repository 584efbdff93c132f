# shellcheck shell=bash
# No reload window: `profile load` of a loaded profile writes its rules under a new slot, switches
# the profile to it, waits until no program run can still use the old slot, then deletes it
# (loader/store.c). A task opening a denied file as fast as it can while the same profile is
# loaded again and again for 20 s is never let through.
ensure_loaded
cg=$(new_cgroup reload-window)
bl profile load "$REPO/profiles/default.ini" >/dev/null
bl mode enforce --profile default >/dev/null
bl bind --cgroup "$cg" --profile default >/dev/null
res=/tmp/reload-window.res
: >"$res"
in_cg "$cg" "$BLTRY" open-loop /proc/sysrq-trigger w 20 >"$res" 2>&1 &
looper=$!
loads=0 failed=0
end=$((SECONDS + 20))
while [ "$SECONDS" -lt "$end" ]; do
	if bl profile load "$REPO/profiles/default.ini" >/dev/null 2>/tmp/reload-window.err; then
		loads=$((loads + 1))
	else
		failed=$((failed + 1))
	fi
done
wait "$looper"
counts=$(tail -n 1 "$res")
echo "reload window: $loads profile loads ($failed failed); opens: $counts"
denied=$(sed -n 's/.*denied=\([0-9]*\).*/\1/p' <<<"$counts")
allowed=$(sed -n 's/.*allowed=\([0-9]*\).*/\1/p' <<<"$counts")
other=$(sed -n 's/.*other=\([0-9]*\).*/\1/p' <<<"$counts")
# Under TCG, with other guests on the machine, one load takes seconds: a few are what 20 s hold.
if [ "$failed" -eq 0 ] && [ "$loads" -ge 2 ]; then
	pass "reload window: $loads loads of the loaded profile in 20 s, none failed"
else
	fail "reload window: $loads loads, $failed failed: $(tail -n 2 /tmp/reload-window.err)"
fi
if [ -n "$denied" ] && [ "$denied" -gt 100 ] && [ "$allowed" -eq 0 ] && [ "$other" -eq 0 ]; then
	pass "reload window: $denied opens during the loads, 0 let through"
else
	fail "reload window: opens during the loads: '$counts' (want many denied, 0 allowed, 0 other)"
fi
check "reload window: still denied after the loads" EPERM \
	in_cg "$cg" "$BLTRY" open /proc/sysrq-trigger w
bl unbind --cgroup "$cg" >/dev/null
