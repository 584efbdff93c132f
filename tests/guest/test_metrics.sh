# shellcheck shell=bash
# The daemon's Prometheus metrics (--metrics, docs/metrics.md), scraped as Prometheus would: over
# TCP and over a unix socket, the output valid for promtool, the events counter of the denying rule
# up by exactly the denials made, the kernel's counters and gauges equal to what `boxlock status`
# says, 404 elsewhere; the unix socket 0660, a stale one replaced, removed at exit.
source "$TESTS/docker-lib.sh"

if ! command -v promtool >/dev/null || ! command -v curl >/dev/null; then
	skip "metrics: promtool or curl is missing (scripts/deps.sh installs prometheus, curl)"
	return 0
fi
TCP=127.0.0.1:9477
SOCK=/run/boxlock/metrics.sock

# sum TEXT NAME FILTER...: the sum of the samples of NAME{ whose line holds every FILTER.
sum() {
	local text=$1 name=$2
	shift 2
	awk -v n="$name{" -v f="$*" 'BEGIN { k = split(f, fs, " ") }
		index($0, n) == 1 { for (i = 1; i <= k; i++) if (!index($0, fs[i])) next; s += $NF }
		END { printf "%d\n", s }' <<<"$text"
}
# value TEXT SAMPLE: the value of the sample written exactly SAMPLE (name and labels), or "".
value() { awk -v s="$2" 'substr($0, 1, length(s) + 1) == s " " { print $NF }' <<<"$1"; }

promcheck() { # NAME TEXT
	local out
	if out=$(promtool check metrics <<<"$2" 2>&1); then
		pass "$1: promtool check metrics passes"
	else
		fail "$1: promtool check metrics: $out"
	fi
}

deny() { in_cg "$cg" "$BLTRY" open /proc/sysrq-trigger w; }
sysrq=('verdict="denied"' sysrq 'container=""') # the sysrq rule's denials, no container

bl unload >/dev/null 2>&1
if ! start_daemon --no-docker --metrics "$TCP"; then
	fail "metrics: the daemon does not start with --metrics $TCP"
	return 0
fi
cg=$(new_cgroup metrics-bound)
bl bind --cgroup "$cg" --profile default >/dev/null

head=$(curl -sS -o /tmp/bl-metrics.txt -D - "http://$TCP/metrics")
m0=$(cat /tmp/bl-metrics.txt)
if grep -qi '^content-type: text/plain; version=0.0.4' <<<"$head" && grep -q '^boxlock_up 1$' <<<"$m0"; then
	pass "metrics: GET http://$TCP/metrics answers, text/plain; version=0.0.4, boxlock_up 1"
else
	fail "metrics: GET http://$TCP/metrics: headers '$head', body starts '$(head -c 300 <<<"$m0")'"
fi
promcheck "metrics over TCP" "$m0"
code=$(curl -s -o /dev/null -w '%{http_code}' "http://$TCP/other")
[ "$code" = 404 ] && pass "metrics: /other is 404" || fail "metrics: /other answered $code, not 404"

before=$(sum "$m0" boxlock_events_total "${sysrq[@]}")
n=3
for _ in $(seq $n); do
	check "metrics: a bound task is denied" EPERM deny
done
# The daemon counts an event as it logs it: wait for the count, then check it stays exact.
for _ in $(seq 50); do
	m1=$(curl -sS "http://$TCP/metrics")
	[ "$(sum "$m1" boxlock_events_total "${sysrq[@]}")" -ge $((before + n)) ] && break
	sleep 0.2
done
sleep 1
m1=$(curl -sS "http://$TCP/metrics")
after=$(sum "$m1" boxlock_events_total "${sysrq[@]}")
if [ "$after" -eq $((before + n)) ]; then
	pass "metrics: boxlock_events_total of the sysrq rule rose by exactly $n ($before -> $after)"
else
	fail "metrics: boxlock_events_total of the sysrq rule went $before -> $after after $n denials:"
	grep '^boxlock_events_total' <<<"$m1" | sed 's/^/    /'
fi
rule=$(log_events '.verdict == "denied" and .path == "/proc/sysrq-trigger"' | tail -n 1 | jq -r .rule)
series="boxlock_events_total{profile=\"default\",rule=\"$rule\",hook=\"file_open\",verdict=\"denied\",container=\"\"}"
[ -n "$(value "$m1" "$series")" ] && pass "metrics: the series names the event's profile, rule and hook ($series)" ||
	fail "metrics: no sample $series"
promcheck "metrics after denials" "$m1"

# A name that is not UTF-8 (JSON and the Prometheus format hold only UTF-8) does not hide the
# event: a program called bl<0xff>try has that comm; its denial is logged and counted, the byte
# written as the text \xff, and the scrape stays valid.
odd=/tmp/bl$'\xff'try
cp "$BLTRY" "$odd"
check "metrics: a task whose comm is not UTF-8 is denied" EPERM in_cg "$cg" "$odd" open \
	/proc/sysrq-trigger w
check_log_event "metrics: its event is logged, comm bl\\xfftry" '.comm == "bl\\xfftry"'
rm -f "$odd"
promcheck "metrics after a denial by a comm that is not UTF-8" "$(curl -sS "http://$TCP/metrics")"

st=$(bl -j status)
m2=$(curl -sS "http://$TCP/metrics")
missing=
for s in $(jq -r '.counters | keys[]' <<<"$st"); do
	[ -n "$(value "$m2" "boxlock_kernel_stat_total{stat=\"$s\"}")" ] || missing+=" $s"
done
[ -z "$missing" ] && pass "metrics: every kernel stat of boxlock status is a boxlock_kernel_stat_total" ||
	fail "metrics: kernel stats missing:$missing"
kd=$(value "$m2" 'boxlock_kernel_stat_total{stat="denied"}')
sd=$(jq '.counters.denied' <<<"$st")
[ -n "$kd" ] && [ "$kd" -eq "$sd" ] && [ "$kd" -ge $n ] &&
	pass "metrics: kernel denied = boxlock status's ($kd)" || fail "metrics: kernel denied '$kd', status says $sd"
for f in boxlock_kernel_events_lost_total 'boxlock_fail_closed_total{reason="no-profile"}' \
	'boxlock_fail_closed_total{reason="scratch-busy"}' 'boxlock_fail_closed_total{reason="map-full"}'; do
	[ -n "$(value "$m2" "$f")" ] && pass "metrics: $f present ($(value "$m2" "$f"))" ||
		fail "metrics: no $f"
done
if grep -q '^boxlock_kernel_read_errors{' <<<"$m2"; then
	fail "metrics: a pinned map could not be read: $(grep '^boxlock_kernel_read_errors{' <<<"$m2")"
else
	pass "metrics: every pinned map was read (no boxlock_kernel_read_errors sample)"
fi
b=$(value "$m2" boxlock_bound_cgroups)
sb=$(jq '.bindings | length' <<<"$st")
[ "$b" = "$sb" ] && pass "metrics: boxlock_bound_cgroups = status's bindings ($b)" ||
	fail "metrics: boxlock_bound_cgroups '$b', status has $sb bindings"
cg2=$(new_cgroup metrics-bound2)
bl bind --cgroup "$cg2" --profile default >/dev/null
b2=$(value "$(curl -sS "http://$TCP/metrics")" boxlock_bound_cgroups)
[ "$b2" = $((b + 1)) ] && pass "metrics: one more binding, boxlock_bound_cgroups $b -> $b2" ||
	fail "metrics: after one more bind boxlock_bound_cgroups is '$b2', was $b"
bl unbind --cgroup "$cg2" >/dev/null
p=$(value "$m2" boxlock_profiles_loaded)
sp=$(jq '.profiles | length' <<<"$st")
[ "$p" = "$sp" ] && pass "metrics: boxlock_profiles_loaded = status's profiles ($p)" ||
	fail "metrics: boxlock_profiles_loaded '$p', status has $sp"
r=$(value "$m2" 'boxlock_rules_loaded{profile="default"}')
[ -n "$r" ] && [ "$r" -gt 0 ] && pass "metrics: default has $r rules loaded" ||
	fail "metrics: boxlock_rules_loaded of default is '$r'"
e=$(value "$m2" 'boxlock_map_entries{map="bindings"}')
[ "$e" = "$b" ] && [ "$(value "$m2" 'boxlock_map_max_entries{map="bindings"}')" = 65536 ] &&
	pass "metrics: map usage of bindings $e of 65536" || fail "metrics: map usage of bindings '$e'"

# The unix socket: a daemon killed with SIGKILL leaves it behind; the next one replaces it.
kill -9 "$BOXLOCK_DAEMON_PID"
wait "$BOXLOCK_DAEMON_PID" 2>/dev/null
for run in first "after a SIGKILL (stale socket)"; do
	if ! start_daemon --no-docker --metrics "unix:$SOCK"; then
		fail "metrics: the daemon does not start with --metrics unix:$SOCK ($run)"
		break
	fi
	mu=$(curl -sS --unix-socket "$SOCK" http://localhost/metrics)
	grep -q '^boxlock_up 1$' <<<"$mu" && pass "metrics: served on unix:$SOCK ($run)" ||
		fail "metrics: unix:$SOCK ($run) answered '$(head -c 300 <<<"$mu")'"
	[ "$(stat -c %a "$SOCK")" = 660 ] && pass "metrics: $SOCK is mode 0660" ||
		fail "metrics: $SOCK is mode $(stat -c %a "$SOCK")"
	[ "$run" = first ] || break
	promcheck "metrics over the unix socket" "$mu"
	check "metrics: a bound task is denied" EPERM deny
	for _ in $(seq 50); do
		c=$(sum "$(curl -sS --unix-socket "$SOCK" http://localhost/metrics)" boxlock_events_total "${sysrq[@]}")
		[ "$c" -ge 1 ] && break
		sleep 0.2
	done
	[ "$c" = 1 ] && pass "metrics: a new daemon counts from 0: one denial, 1" ||
		fail "metrics: a new daemon counted $c for one denial"
	kill -9 "$BOXLOCK_DAEMON_PID"
	wait "$BOXLOCK_DAEMON_PID" 2>/dev/null
	[ -S "$SOCK" ] || fail "metrics: SIGKILL left no socket behind to test the stale case with"
done
kill "$BOXLOCK_DAEMON_PID" 2>/dev/null
wait "$BOXLOCK_DAEMON_PID" 2>/dev/null
[ -e "$SOCK" ] && fail "metrics: $SOCK is still there after the daemon stopped" ||
	pass "metrics: the daemon removed $SOCK as it stopped"
bl unbind --cgroup "$cg" >/dev/null
