# shellcheck shell=bash
# Responses (issue 14, part 1): a profile with `response = freeze` freezes the container that was
# denied, and only it: a privileged container with the Docker socket mounted tries the socket,
# gets EPERM, its cgroup is frozen (cgroup.events), the event names the response and how long it
# took, a container beside it under the same profile still answers, `container list` shows it
# frozen and why, `container release` thaws it. `response = kill` kills it (docker wait: 137).
# Without Docker: a cgroup under a container parent is frozen, its sibling is not, and a task in
# the parent itself is refused a response (the parent holds every container).
source "$TESTS/docker-lib.sh"

SHIM=$OUT/boxlock-runc
SOCK=/var/run/docker.sock
RPARENT=$CGROOT/rparent

if ! docker_available || [ ! -x "$SHIM" ]; then
	skip "response: dockerd, containerd, the docker client or $SHIM is missing"
	return 0
fi
if [[ -n ${BOXLOCK_SKIP_TESTS:-} && test_docker =~ $BOXLOCK_SKIP_TESTS ]]; then
	skip "response: Docker tests are not run on this kernel (see tests/run-all.sh)"
	return 0
fi

bl unload >/dev/null 2>&1
rm -f /run/boxlock/frozen.json
mkdir -p /etc/boxlock "$RPARENT"
printf '[shim]\nprofiles = %s\n' "$PROFILES_DIR" >/etc/boxlock/shim.ini
rm -rf "$PROFILES_DIR"
mkdir -p "$PROFILES_DIR"
for r in freeze kill; do
	printf '[profile]\nextends = default\nmode = enforce\nresponse = %s\n' "$r" \
		>"$PROFILES_DIR/r$r.ini"
done
if ! start_daemon --container-parent /sys/fs/cgroup/docker --container-parent "$RPARENT" ||
	! start_dockerd --add-runtime "boxlock=$SHIM" --default-runtime boxlock ||
	! build_images bb; then
	fail "response: set-up failed (daemon, dockerd with boxlock-runc, image)"
	stop_dockerd
	kill "$BOXLOCK_DAEMON_PID" 2>/dev/null
	rm -f /etc/boxlock/shim.ini
	return 0
fi
pass "response: dockerd (boxlock-runc its default runtime) and the daemon run, image built"

# frozen_of CGROUP: its cgroup.events "frozen" value. wait_frozen CGROUP 0|1: up to 20 s.
frozen_of() { awk '$1 == "frozen" {print $2}' "$1/cgroup.events" 2>/dev/null; }
wait_frozen() {
	local _
	for _ in $(seq 100); do
		[ "$(frozen_of "$1")" = "$2" ] && return 0
		sleep 0.2
	done
	return 1
}
# The escape: after the go (/tmp/go), the Docker socket, once (a second denial after the release
# would freeze it again, rightly), then idles.
ESCAPE='until [ -e /tmp/go ]; do sleep 1; done; bltry connect-unix /var/run/docker.sock >/tmp/result; while :; do sleep 1; done'
IDLE='while :; do sleep 1; done'
DRUN=(timeout 300 "$DOCKER" run -d --network none)
LIST=
list() { LIST=$(bl -j container list); }
field() { jq -r --arg n "$1" ".[] | select(.name == \$n) | $2" <<<"$LIST"; }

# --- 1. freeze --------------------------------------------------------------------------------
"${DRUN[@]}" --name rfz --privileged -v "$SOCK:$SOCK" --label io.boxlock.profile=rfreeze \
	boxlock-bb sh -c "$ESCAPE" >/dev/null &&
	"${DRUN[@]}" --name rok --label io.boxlock.profile=rfreeze boxlock-bb sh -c "$IDLE" \
		>/dev/null
# The shim bound both before their first instruction; the daemon learns their names from
# Docker's events, which it may follow only seconds after dockerd came up (it retries with a
# backoff of up to 8 s): wait for it to know them (the events name the container from then on).
for _ in $(seq 30); do
	list
	[ -n "$(field rfz .cgroup)" ] && [ -n "$(field rok .cgroup)" ] && break
	sleep 1
done
CG=$(field rfz .cgroup)
if [ "$(field rfz .profile)" = rfreeze ] && [ "$(field rok .profile)" = rfreeze ] && [ -d "$CG" ]; then
	pass "response: rfz and rok run under rfreeze (response = freeze), rfz in $CG"
else
	fail "response: containers not bound as expected: $(jq -c '[.[] | {name, profile, cgroup}]' <<<"$LIST")"
	# What to look at when it fails: the command's own words, Docker's view, the daemon's log.
	bl -j container list 2>&1 | head -n 20 | sed 's/^/    list: /'
	"$DOCKER" ps -a 2>&1 | sed 's/^/    docker: /'
	tail -n 20 "$DAEMON_LOG" | sed 's/^/    daemon: /'
fi
PID=$("$DOCKER" inspect -f '{{.State.Pid}}' rfz)
touch "/proc/$PID/root/tmp/go"
if wait_frozen "$CG" 1; then
	pass "response: after the denial rfz's cgroup is frozen (cgroup.events: frozen 1)"
else
	fail "response: rfz's cgroup $CG not frozen: cgroup.events $(tr '\n' ' ' <"$CG/cgroup.events")"
fi
ev=$(log_events '.container.name == "rfz" and .response.action == "freeze"' | head -n 1)
if [ -n "$ev" ] && [ "$(jq -r .response.cgroup <<<"$ev")" = "$CG" ] &&
	[ "$(jq -r '.response.ms | type' <<<"$ev")" = number ] &&
	[ "$(jq -r .verdict <<<"$ev")" = denied ]; then
	pass "response: the event names response freeze, the cgroup, and took $(jq -r .response.ms <<<"$ev") ms from the denial to the write (rule $(jq -r .rule <<<"$ev"))"
else
	fail "response: no denied event with response freeze for rfz; the log ends with:"
	tail -n 5 "$EVENT_LOG" | sed 's/^/    /'
fi
out=$(timeout 60 "$DOCKER" exec rok echo alive 2>&1)
[ "$out" = alive ] && [ "$(frozen_of "$(field rok .cgroup)")" = 0 ] &&
	pass "response: rok, beside it under the same profile, runs (exec answers '$out', frozen 0)" ||
	fail "response: rok does not answer: '$out', frozen $(frozen_of "$(field rok .cgroup)")"
list
if [ "$(field rfz .mode)" = frozen ] && [ -n "$(field rfz '.frozen.rule // empty')" ] &&
	[ "$(field rfz .frozen.frozen)" = true ]; then
	pass "response: 'container list' shows rfz frozen by $(field rfz .frozen.hook) '$(field rfz .frozen.rule)'"
else
	fail "response: 'container list' for rfz: $(jq -c '.[] | select(.name == "rfz")' <<<"$LIST")"
fi
out=$(bl container release rfz 2>&1)
rc=$?
if [ $rc -eq 0 ] && [ "$(frozen_of "$CG")" = 0 ]; then
	pass "response: 'container release rfz' thaws it ($out; frozen 0)"
else
	fail "response: 'container release rfz': exit $rc: $out; frozen $(frozen_of "$CG")"
fi
out=$(timeout 60 "$DOCKER" exec rfz echo alive 2>&1)
[ "$out" = alive ] && pass "response: rfz runs again after the release (exec answers '$out')" ||
	fail "response: rfz does not answer after the release: '$out'"
# What the escape was told, read only now: the freeze can come between the denial and bltry's
# write of it (14-40 ms from the denial under TCG), and the write then waits for the release.
for _ in $(seq 50); do
	got=$(head -n 1 "/proc/$PID/root/tmp/result" 2>/dev/null)
	[ -n "$got" ] && break
	sleep 0.2
done
[ "$got" = EPERM ] && pass "response: the socket was refused with EPERM (got $got)" ||
	fail "response: connect to the Docker socket: expected EPERM, got '$got'"
list
[ "$(field rfz .mode)" != frozen ] && [ -z "$(field rfz '.frozen // empty')" ] &&
	pass "response: 'container list' no longer shows rfz frozen (mode $(field rfz .mode))" ||
	fail "response: rfz still listed frozen: $(jq -c '.[] | select(.name == "rfz")' <<<"$LIST")"
out=$(bl container release rfz 2>&1)
[ $? -ne 0 ] && pass "response: releasing it again is refused ($out)" ||
	fail "response: a second release succeeded: $out"

# --- 2. kill ----------------------------------------------------------------------------------
"${DRUN[@]}" --name rkl --privileged -v "$SOCK:$SOCK" --label io.boxlock.profile=rkill \
	boxlock-bb sh -c "$ESCAPE" >/dev/null
PID=$("$DOCKER" inspect -f '{{.State.Pid}}' rkl)
touch "/proc/$PID/root/tmp/go"
code=$(timeout 120 "$DOCKER" wait rkl 2>&1)
[ "$code" = 137 ] && pass "response: rkl (response = kill) was killed after the denial (docker wait: $code)" ||
	fail "response: rkl: docker wait says '$code', state $("$DOCKER" inspect -f '{{.State.Status}}' rkl)"
KILLED='.container.name == "rkl" and .response.action == "kill" and (.response.ms | type) == "number"'
check_log_event "response: the event names response kill" "$KILLED"
echo "response: kill took $(log_events "$KILLED" | head -n 1 | jq -r .response.ms) ms from the denial to the write"
out=$(timeout 60 "$DOCKER" exec rok echo alive 2>&1)
[ "$out" = alive ] && pass "response: rok still runs after the kill" ||
	fail "response: rok does not answer after the kill: '$out'"

# --- 3. without Docker: a container parent and its children -----------------------------------
mkdir -p "$RPARENT/c1" "$RPARENT/c2"
if ! bl bind --cgroup "$RPARENT" --profile rfreeze >/dev/null; then
	fail "response: cannot bind $RPARENT to rfreeze"
fi
bg in_cg "$RPARENT/c2" sleep 600
# Denials as fast as it can for a second: the ones after the first, before the freeze took, must
# not freeze again. Frozen, the loop is past its second when released, and ends.
in_cg "$RPARENT/c1" "$BLTRY" open-loop /proc/sysrq-trigger w 1 >/tmp/bl-resp-c1 2>&1 &
C1=$!
if wait_frozen "$RPARENT/c1" 1 && [ "$(frozen_of "$RPARENT/c2")" = 0 ] &&
	[ "$(frozen_of "$RPARENT")" = 0 ]; then
	pass "response: a task of $RPARENT/c1, bound through its container parent, froze c1 only (c2, the parent: frozen 0)"
else
	fail "response: c1 $(frozen_of "$RPARENT/c1"), c2 $(frozen_of "$RPARENT/c2"), parent $(frozen_of "$RPARENT")"
fi
# A timer may freeze the loop between its clock check and its open: that open, after the
# release, is a new denial and freezes again. Released until the task ends (at most 3 times).
releases=0
for _ in 1 2 3; do
	out=$(bl container release "$RPARENT/c1" 2>&1) && releases=$((releases + 1))
	sleep 1
	kill -0 "$C1" 2>/dev/null || break
	wait_frozen "$RPARENT/c1" 1 >/dev/null
done
wait "$C1"
res=$(cat /tmp/bl-resp-c1)
denied=$(sed -n 's/^denied=\([0-9]*\) .*/\1/p' /tmp/bl-resp-c1)
[ "$(frozen_of "$RPARENT/c1")" = 0 ] && [ "${denied:-0}" -ge 1 ] && [[ $res == *" other=0" ]] &&
	pass "response: 'container release $RPARENT/c1' thaws it ($releases release(s)); the task ends, denied (EPERM): $res" ||
	fail "response: c1 after release: frozen $(frozen_of "$RPARENT/c1"), task said '$res', release: $out"
sleep 1
freezes=$(log_events '.cgroup == "'"$RPARENT/c1"'" and .response.action == "freeze"' | wc -l)
repeats=$(log_events '.cgroup == "'"$RPARENT/c1"'" and .response.action == "none" and (.response.error | test("already frozen"))' | wc -l)
if [ "${denied:-0}" -le "$freezes" ]; then
	skip "response: one freeze per container: the freeze took before a second denial ($denied denials, $freezes freezes)"
elif [ "$freezes" -eq "$releases" ] && [ "$repeats" -ge 1 ]; then
	pass "response: $denied denials froze c1 $freezes time(s), once per release; $repeats events say 'already frozen'"
else
	fail "response: $denied denials, $freezes freezes, $releases releases, $repeats 'already frozen' events"
fi
got=$(in_cg "$RPARENT" timeout 20 "$BLTRY" connect-unix "$SOCK" 2>&1)
sleep 1
if [ "$got" = EPERM ] && [ "$(frozen_of "$RPARENT")" = 0 ]; then
	pass "response: a task in the container parent itself is denied (EPERM), the parent not frozen"
else
	fail "response: in the parent: got '$got', parent frozen $(frozen_of "$RPARENT")"
fi
check_log_event "response: and its event says the response was refused" \
	'.cgroup == "'"$RPARENT"'" and .response.action == "none" and (.response.error | test("container parent itself"))'

# A cgroup bound whole (a slice) that holds another container's own binding is never frozen with
# it: a denial in the slice is refused a response, and neither freezes.
slice=$(new_cgroup rslice)
mkdir -p "$slice/inner"
if bl bind --cgroup "$slice" --profile rfreeze >/dev/null &&
	bl bind --cgroup "$slice/inner" --profile default >/dev/null; then
	bg in_cg "$slice/inner" sleep 600
	got=$(in_cg "$slice" "$BLTRY" open /proc/sysrq-trigger w 2>&1)
	sleep 1
	if [ "$got" = EPERM ] && [ "$(frozen_of "$slice")" = 0 ] &&
		[ "$(frozen_of "$slice/inner")" = 0 ]; then
		pass "response: a denial in a bound slice that holds another binding is denied (EPERM) and freezes nothing"
	else
		fail "response: slice: got '$got', slice frozen $(frozen_of "$slice"), inner $(frozen_of "$slice/inner")"
	fi
	check_log_event "response: and its event says the slice holds another container" \
		'.cgroup == "'"$slice"'" and .response.action == "none" and (.response.error | test("bound to a profile of its own"))'
else
	fail "response: cannot bind $slice and $slice/inner"
fi
kill_bg
bl unbind --cgroup "$slice/inner" >/dev/null 2>&1
bl unbind --cgroup "$slice" >/dev/null 2>&1

# --- 4. audit mode: profiles loaded after the daemon started, on cgroups bound with bind ------
# response-in-audit = yes freezes after a would-be denial (the open is allowed); the default, no,
# reports only.
for r in yes no; do
	printf '[profile]\nextends = default\nmode = audit\nresponse = freeze\n' >"$PROFILES_DIR/raudit$r.ini"
	[ $r = yes ] && echo "response-in-audit = yes" >>"$PROFILES_DIR/raudit$r.ini"
	cg=$(new_cgroup raudit$r)
	if ! bl profile load "$PROFILES_DIR/raudit$r.ini" >/dev/null ||
		! bl bind --cgroup "$cg" --profile "raudit$r" >/dev/null; then
		fail "response: cannot load raudit$r or bind $cg to it"
		continue
	fi
	in_cg "$cg" "$BLTRY" open /proc/sysrq-trigger w >"/tmp/bl-resp-$r" 2>&1 &
	pid=$!
	if [ $r = yes ]; then
		if wait_frozen "$cg" 1; then
			pass "response: audit mode, response-in-audit = yes: the would-be denial froze $cg"
		else
			fail "response: audit mode, response-in-audit = yes: $cg not frozen"
		fi
		check_log_event "response: its event is audited, response freeze" \
			'.cgroup == "'"$cg"'" and .verdict == "audited" and .response.action == "freeze"'
		bl container release "$cg" >/dev/null 2>&1
	else
		check_log_event "response: audit mode, response-in-audit = no: the event says response none" \
			'.cgroup == "'"$cg"'" and .verdict == "audited" and .response.action == "none" and (.response | has("error") | not)'
	fi
	wait "$pid"
	[ "$(frozen_of "$cg")" = 0 ] && [ "$(cat "/tmp/bl-resp-$r")" = OK ] &&
		pass "response: audit mode ($r): the open was allowed (OK), $cg runs (frozen 0)" ||
		fail "response: audit mode ($r): task said '$(cat "/tmp/bl-resp-$r")', frozen $(frozen_of "$cg")"
	bl unbind --cgroup "$cg" >/dev/null 2>&1
	rm -f "/tmp/bl-resp-$r"
done

# --- clean-up ---------------------------------------------------------------------------------
kill_bg
"$DOCKER" rm -f rfz rok rkl >/dev/null 2>&1
stop_dockerd
kill "$BOXLOCK_DAEMON_PID" 2>/dev/null
wait "$BOXLOCK_DAEMON_PID" 2>/dev/null
bl unbind --cgroup "$RPARENT" >/dev/null 2>&1
rmdir "$RPARENT/c1" "$RPARENT/c2" "$RPARENT" 2>/dev/null
rm -f /etc/boxlock/shim.ini /run/boxlock/frozen.json /tmp/bl-resp-c1
