# shellcheck shell=bash
# Loading again over a loaded boxlock (an upgrade) keeps the pinned maps, so the policy stays, and
# attaches each new program before the old one's link goes: a task denied in a tight loop through
# three reloads is never let through. BOXLOCK_LOAD_REATTACH=1: the same version would keep its
# links (loader/pins.c), and what is tested is the replacement an upgrade makes.
ensure_loaded
cg=$(new_cgroup upgrade)
bl profile load "$REPO/profiles/default.ini" >/dev/null
bl bind --cgroup "$cg" --profile default >/dev/null
res=/tmp/upgrade.res
: >"$res"
bg in_cg "$cg" sh -c "while :; do $BLTRY open /proc/sysrq-trigger w >>$res; done"
sleep 1
ok=0
for i in 1 2 3; do
	BOXLOCK_LOAD_REATTACH=1 bl load >/dev/null 2>&1 && ok=$((ok + 1))
done
sleep 1
kill_bg
[ "$ok" -eq 3 ] && pass "upgrade: three reloads over the pinned state succeeded" ||
	fail "upgrade: only $ok of 3 reloads succeeded"
total=$(wc -l <"$res")
allowed=$(grep -vc '^EPERM$' "$res")
if [ "$total" -gt 10 ] && [ "$allowed" -eq 0 ]; then
	pass "upgrade: $total attempts during the reloads, every one denied"
else
	fail "upgrade: $allowed of $total attempts were not denied: $(grep -v '^EPERM$' "$res" | sort | uniq -c | head -3)"
fi
check "upgrade: the binding and profile survived" EPERM in_cg "$cg" "$BLTRY" open /proc/sysrq-trigger w
bl unbind --cgroup "$cg" >/dev/null
