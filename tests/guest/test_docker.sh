# shellcheck shell=bash
# Real Docker, end to end: the boxlock daemon follows dockerd's events and binds each container
# by its image. The escape from the field (a container with the Docker socket mounted starts a
# second container with the host's / mounted) is denied in enforce mode and reported in audit
# mode; privileged and SYS_ADMIN containers cannot mount or reach kernel knobs; an image with a
# profile of its own gets it; ordinary containers run without a single denial.
source "$TESTS/docker-lib.sh"

if ! docker_available; then
	skip "docker: dockerd, containerd or the docker client is not installed"
	return 0
fi
bl unload >/dev/null 2>&1
if ! start_daemon || ! start_dockerd || ! build_images; then
	fail "docker: set-up failed"
	stop_dockerd
	return 0
fi
pass "docker: dockerd and the boxlock daemon run, images built"
SOCK=(-v /var/run/docker.sock:/var/run/docker.sock)

# run_ctr NAME ARGS...: docker run --rm --name NAME --network none ARGS; sets OUT and RC.
run_ctr() {
	local name=$1
	shift
	OUT=$("$DOCKER" run --rm --name "$name" --network none "$@" 2>&1)
	RC=$?
}

# expect_denied SCENE: the last container failed and its output says the kernel refused.
expect_denied() {
	if [ "$RC" -ne 0 ] && grep -qiE 'permission denied|operation not permitted' <<<"$OUT"; then
		pass "$1 (exit $RC: $(grep -iE -m1 'permission denied|operation not permitted' <<<"$OUT" | cut -c1-100))"
	else
		fail "$1: expected a refusal, got exit $RC: $OUT"
	fi
}

expect_ok() {
	if [ "$RC" -eq 0 ]; then
		pass "$1"
	else
		fail "$1: exit $RC: $OUT"
	fi
}

ctr_event() { # NAME FILTER: an event of container NAME matching FILTER
	echo ".container.name == \"$1\" and ($2)"
}

# 1. The Docker socket, in enforce then in audit mode.
bl mode enforce --profile default >/dev/null
run_ctr esc-ps "${SOCK[@]}" boxlock-client docker ps
expect_denied "docker 1: 'docker ps' through the mounted socket is denied"
check_log_event "docker 1: the event names container, image, profile and rule" \
	"$(ctr_event esc-ps '.verdict == "denied" and .container.image == "boxlock-client" and .profile == "default" and (.rule | test("docker.sock")) and .hook == "unix_stream_connect"')"
run_ctr esc-run "${SOCK[@]}" boxlock-client docker run --rm --network none -v /:/host boxlock-bb ls /host
expect_denied "docker 1: 'docker run -v /:/host' through the mounted socket is denied"
check_log_event "docker 1: the host-mount attempt is reported denied" \
	"$(ctr_event esc-run '.verdict == "denied" and (.rule | test("docker.sock"))')"

bl mode audit --profile default >/dev/null
run_ctr aud-ps "${SOCK[@]}" boxlock-client docker ps
expect_ok "docker 1 audit: 'docker ps' succeeds"
check_log_event "docker 1 audit: and is reported" "$(ctr_event aud-ps '.verdict == "audited" and (.rule | test("docker.sock"))')"
run_ctr aud-run "${SOCK[@]}" boxlock-client docker run --rm --network none -v /:/host boxlock-bb ls /host
if [ "$RC" -eq 0 ] && grep -qx etc <<<"$OUT"; then
	pass "docker 1 audit: the second container sees the host's / (the escape works, reported)"
else
	fail "docker 1 audit: expected a listing of the host's /, got exit $RC: $OUT"
fi
check_log_event "docker 1 audit: the escape is reported" "$(ctr_event aud-run '.verdict == "audited"')"
bl mode enforce --profile default >/dev/null

# 2. A privileged container: mounts, cgroup v1, kernel knobs. One container, each attempt a
# `docker exec` into it (a container start costs ~25 s of emulated time, an exec a few): the
# attempts run in the container's cgroup with its privileges, as its own processes would. An
# event check follows the attempt it names, before the next one, so that it is that attempt's.
# run_exec CONTAINER ARGS...: docker exec ARGS in CONTAINER; sets OUT and RC, as run_ctr does.
run_exec() {
	local name=$1
	shift
	OUT=$("$DOCKER" exec "$name" "$@" 2>&1)
	RC=$?
}
# start_ctr NAME ARGS...: a detached container NAME (--network none, ARGS, then sleep), bound.
start_ctr() {
	local name=$1 id
	shift
	# wait_bound takes the id (docker run -d prints it), not the name.
	if ! id=$("$DOCKER" run -d --name "$name" --network none "$@" boxlock-bb sleep 600) ||
		! wait_bound "$id"; then
		fail "docker: container $name did not start or was not bound"
	fi
}
start_ctr priv --privileged
run_exec priv mount -t proc proc /mnt
expect_denied "docker 2: --privileged: mounting /proc is denied"
check_log_event "docker 2: the mount attempts are reported" \
	"$(ctr_event priv '.verdict == "denied" and (.hook == "sb_mount" or .hook == "capable")')"
# mount(2) itself: busybox's mount would stat the device first, and this guest has no disk.
run_exec priv bltry mount /dev/vda /mnt ext4
if [ "$OUT" = EPERM ]; then
	pass "docker 2: --privileged: mount(2) of the host's disk gets EPERM"
else
	fail "docker 2: --privileged: mount(2) of the host's disk: expected EPERM, got $OUT"
fi
run_exec priv mount -t cgroup -o none,name=bl cgroup /mnt
expect_denied "docker 2: --privileged: mounting a cgroup v1 hierarchy is denied"
run_exec priv sh -c 'echo h > /proc/sysrq-trigger'
expect_denied "docker 2: --privileged: writing /proc/sysrq-trigger is denied"
check_log_event "docker 2: events for the privileged container's attempts" \
	"$(ctr_event priv '.verdict == "denied" and .path == "/proc/sysrq-trigger"')"
"$DOCKER" rm -f priv >/dev/null 2>&1

# 3. CAP_SYS_ADMIN added.
start_ctr cap --cap-add SYS_ADMIN
run_exec cap unshare -m true
expect_denied "docker 3: --cap-add SYS_ADMIN: unshare is denied"
check_log_event "docker 3: reported with the capability" \
	"$(ctr_event cap '.verdict == "denied" and .capability_name == "SYS_ADMIN"')"
run_exec cap mount -t tmpfs none /mnt
expect_denied "docker 3: --cap-add SYS_ADMIN: mount is denied"
"$DOCKER" rm -f cap >/dev/null 2>&1

# 4. An image with its own profile: boxlock-web gets `web`, and its work succeeds.
run_ctr web boxlock-web sh -c 'httpd -p 8080 -h /www && sleep 1 && wget -qO- http://127.0.0.1:8080/index.html && cat /www/index.html'
if [ "$RC" -eq 0 ] && [ "$(grep -c 'hello from boxlock-web' <<<"$OUT")" -eq 2 ]; then
	pass "docker 4: the web image serves its page and reads its files"
else
	fail "docker 4: exit $RC: $OUT"
fi
# By its id: wait_bound never matched the name and waited its 10 s out every run.
wlid=$("$DOCKER" run -d --name web-long --network none boxlock-web httpd -f -p 8080 -h /www)
if wait_bound "$wlid"; then :; fi
prof=$(bl -j container list | jq -r '.[] | select(.name == "web-long") | .profile')
[ "$prof" = web ] && pass "docker 4: 'boxlock container list' shows boxlock-web under profile web" ||
	fail "docker 4: boxlock-web is under profile '$prof', not web"
OUT=$("$DOCKER" exec web-long wget -qO- http://127.0.0.1:8080/index.html 2>&1)
RC=$?
[ "$RC" -eq 0 ] && grep -q 'hello from boxlock-web' <<<"$OUT" &&
	pass "docker 4: docker exec into the bound web container works and the page is served" ||
	fail "docker 4: docker exec: exit $RC: $OUT"

# Restart the daemon under running containers: nothing lost or duplicated.
before=$(bl -j container list | jq -c '[.[] | {id, profile}] | sort')
kill -9 "$BOXLOCK_DAEMON_PID"
wait "$BOXLOCK_DAEMON_PID" 2>/dev/null
start_daemon >/dev/null
# The restarted daemon rebuilds its list from dockerd: asked until it matches (at most 10 s),
# not after a fixed pause.
for _ in $(seq 50); do
	after=$(bl -j container list | jq -c '[.[] | {id, profile}] | sort')
	[ "$before" = "$after" ] && break
	sleep 0.2
done
[ "$before" = "$after" ] && pass "daemon restart under docker: the same containers, the same profiles" ||
	fail "daemon restart under docker: before $before, after $after"
"$DOCKER" rm -f web-long >/dev/null 2>&1

# 5. Ordinary containers: no denial at all.
run_ctr plain-sh boxlock-bb sh -c 'echo hi; ls / >/dev/null; cat /etc/passwd >/dev/null; ps >/dev/null; date >/dev/null; mkdir /tmp/x && echo ok > /tmp/x/f && cat /tmp/x/f'
expect_ok "docker 5: a shell script runs to completion"
run_ctr plain-web boxlock-web sh -c 'httpd -p 8081 -h /www && wget -qO- http://127.0.0.1:8081/ >/dev/null'
expect_ok "docker 5: a web server answers a request"
run_ctr plain-bb boxlock-bb sh -c 'seq 1 1000 | sort -rn | head -n 1; tar -cf /tmp/t.tar /etc 2>/dev/null; gzip /tmp/t.tar; ls /tmp'
expect_ok "docker 5: a busybox workload runs to completion"
sleep 1
fp=$(log_events '.container.name == "plain-sh" or .container.name == "plain-web" or .container.name == "plain-bb"')
[ -z "$fp" ] && pass "docker 5: zero events for the ordinary containers (no false positive)" ||
	fail "docker 5: false positives: $fp"

# Churn and a dockerd restart: containers come and go, bindings do not pile up.
bindings_before=$(bl -j status | jq '.bindings | length')
for i in 1 2 3 4 5; do
	"$DOCKER" run --rm --network none boxlock-bb true >/dev/null 2>&1
done
stop_dockerd
start_dockerd
run_ctr after-restart "${SOCK[@]}" boxlock-client docker ps
expect_denied "dockerd restarted: the daemon still binds, the socket is still refused"
check_log_event "dockerd restarted: the new container is named in its event" \
	"$(ctr_event after-restart '.verdict == "denied"')"
# The daemon unbinds a container when dockerd reports it gone: asked until the count is back
# (at most 10 s), not after a fixed pause.
for _ in $(seq 50); do
	bindings_after=$(bl -j status | jq '.bindings | length')
	[ "$bindings_after" -le "$bindings_before" ] && break
	sleep 0.2
done
if [ "$bindings_after" -le "$bindings_before" ]; then
	pass "churn: no leaked bindings after 6 containers and a dockerd restart ($bindings_before -> $bindings_after)"
else
	fail "churn: bindings grew from $bindings_before to $bindings_after"
fi

stop_dockerd
kill "$BOXLOCK_DAEMON_PID" 2>/dev/null
wait "$BOXLOCK_DAEMON_PID" 2>/dev/null
