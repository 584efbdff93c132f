# shellcheck shell=bash
# Learn, then enforce, with real Docker (issue 13): a web container (busybox httpd, profile web)
# and a shell-script container (profile default: it runs programs, writes in its work dir,
# connects to a loopback server, listens on a port) learn under `boxlock container learn` while
# they work (the web one for a --duration, which the daemon ends); an escape tried meanwhile (the
# Docker socket, a mount with CAP_SYS_ADMIN) is still denied. `--stop -o` (and the expiry)
# generate their profiles, which pass `profile check`; loaded in enforce
# mode and bound by image (new containers from the same images, through boxlock-runc), the same
# workloads run with zero events, and what the workload never did is denied with EPERM and an
# event naming the generated rule: an exec, a write, a connection, a listen.
source "$TESTS/docker-lib.sh"

SHIM=$OUT/boxlock-runc
SOCK=/var/run/docker.sock
LIMG=/tmp/bl-learn-images

if ! docker_available || [ ! -x "$SHIM" ]; then
	skip "learn: dockerd, containerd, the docker client or $SHIM is missing"
	return 0
fi
if [[ -n ${BOXLOCK_SKIP_TESTS:-} && test_docker =~ $BOXLOCK_SKIP_TESTS ]]; then
	skip "learn: Docker tests are not run on this kernel (see tests/run-all.sh)"
	return 0
fi

# Two images: boxlock-web (busybox, /www) and boxlock-script (busybox, /app/run.sh, /opt/tool:
# a program the script never runs). Both wait for /tmp/go before they work, so that everything
# they do is done while they learn, and again, the same, under the generated profiles.
build_learn_images() {
	rm -rf "$LIMG"
	make_busybox_rootfs "$LIMG/web"
	mkdir -p "$LIMG/web/www"
	echo "hello from boxlock-web" >"$LIMG/web/www/index.html"
	tar -C "$LIMG/web" -c . | "$DOCKER" import - boxlock-web:latest >/dev/null || return 1
	make_busybox_rootfs "$LIMG/script"
	mkdir -p "$LIMG/script/app/data" "$LIMG/script/app/www" "$LIMG/script/opt"
	echo "hello from boxlock-script" >"$LIMG/script/app/www/index.html"
	cp "$BLTRY" "$LIMG/script/opt/tool"
	cat >"$LIMG/script/app/run.sh" <<'EOF'
#!/bin/sh
# Waits for the go, then works in a loop: programs, files in its work dir, requests to a
# loopback server of its own, a port of its own served for a moment.
until [ -e /tmp/go ]; do sleep 1; done
cd /app/data || exit 1
httpd -p 127.0.0.1:8081 -h /app/www
i=0
while :; do
	i=$((i + 1))
	date >"stamp.$((i % 4))"
	ls /app >/dev/null
	wget -qO page.html http://127.0.0.1:8081/index.html
	bltry connect-tcp 127.0.0.1 8081 >result
	timeout 1 bltry serve-tcp 0.0.0.0 9090 >/dev/null 2>&1
	echo "$i" >count
	sleep 1
done
EOF
	chmod +x "$LIMG/script/app/run.sh"
	tar -C "$LIMG/script" -c . | "$DOCKER" import - boxlock-script:latest >/dev/null
}

bl unload >/dev/null 2>&1
rm -rf /run/boxlock/learning.json /run/boxlock/learn /run/boxlock/learned
mkdir -p /etc/boxlock
printf '[shim]\nprofiles = %s\n' "$PROFILES_DIR" >/etc/boxlock/shim.ini
rm -rf "$PROFILES_DIR"
if ! start_daemon || ! start_dockerd --add-runtime "boxlock=$SHIM" --default-runtime boxlock ||
	! build_learn_images; then
	fail "learn: set-up failed (daemon, dockerd with boxlock-runc, images)"
	stop_dockerd
	kill "$BOXLOCK_DAEMON_PID" 2>/dev/null
	rm -f /etc/boxlock/shim.ini
	return 0
fi
pass "learn: dockerd (boxlock-runc its default runtime) and the boxlock daemon run, images built"

DRUN=(timeout 300 "$DOCKER" run -d)
WEB_CMD=(sh -c 'until [ -e /tmp/go ]; do sleep 1; done; exec httpd -f -p 8080 -h /www')
# The script container: the Docker socket mounted and CAP_SYS_ADMIN, as an escape would want.
SCRIPT_OPTS=(-v "$SOCK:$SOCK" --cap-add SYS_ADMIN)

# start_pair WEB SCRIPT: the two containers, bound. Not in one network namespace
# (--network container:WEB): boxlock-runc would not find the second one's Docker config (its
# /etc/hostname is the first's) and would bind it to default rather than by its image.
start_pair() {
	"${DRUN[@]}" --name "$1" --network none boxlock-web "${WEB_CMD[@]}" >/dev/null &&
		"${DRUN[@]}" --name "$2" --network none "${SCRIPT_OPTS[@]}" \
			boxlock-script sh /app/run.sh >/dev/null &&
		wait_named "$1" && wait_named "$2"
}

wait_named() { # NAME: until the daemon lists container NAME (at most 10 s)
	local _
	for _ in $(seq 20); do
		list
		[ -n "$(field "$1" .id)" ] && return 0
		sleep 0.5
	done
	return 1
}

# workload WEB SCRIPT: the go, then requests to the web container, for about 20 s.
workload() {
	local _
	"$DOCKER" exec "$1" touch /tmp/go
	"$DOCKER" exec "$2" touch /tmp/go
	for _ in 1 2 3; do
		"$DOCKER" exec "$1" wget -qO /tmp/page http://127.0.0.1:8080/index.html
		sleep 2
	done
	WORKED=$("$DOCKER" exec "$2" cat /app/data/count 2>/dev/null)
}

# `container list` costs seconds under emulation: read once (list), then asked (field).
LIST=
list() { LIST=$(bl -j container list); }
field() { # NAME JQ: a field of container NAME in the last `list`
	jq -r --arg n "$1" ".[] | select(.name == \$n) | $2" <<<"$LIST"
}

# --- 1. Learning ---------------------------------------------------------------------------------

if ! start_pair lweb lscript; then
	fail "learn: the containers do not start: $("$DOCKER" logs lscript 2>&1 | tail -n 3)"
fi
[ "$(field lweb .profile)" = web ] && [ "$(field lscript .profile)" = default ] &&
	pass "learn: boxlock-web runs under web, boxlock-script under default (by image)" ||
	fail "learn: profiles before learning: lweb $(field lweb .profile), lscript $(field lscript .profile)"

# lweb learns for a while (the daemon ends it), lscript until --stop.
for c in lweb lscript; do
	dur=()
	[ $c = lweb ] && dur=(--duration 60s)
	out=$(bl container learn "$c" "${dur[@]}" 2>&1)
	rc=$?
	list
	if [ $rc -eq 0 ] && [ "$(field "$c" .mode)" = learning ] &&
		[ "$(field "$c" .profile)" = "learn-$c" ]; then
		pass "learn: 'container learn $c': listed learning, under learn-$c ($out)"
	else
		fail "learn: 'container learn $c': $out; listed $(field "$c" '.profile + " " + .mode')"
	fi
done
again=$(bl container learn lweb 2>&1) && fail "learn: a second 'container learn lweb' succeeded" ||
	pass "learn: a second 'container learn lweb' is refused ($again)"

drain_events
workload lweb lscript
[ "${WORKED:-0}" -ge 2 ] && pass "learn: the script looped $WORKED times while learning" ||
	fail "learn: the script did not work while learning (count '${WORKED:-}'): $("$DOCKER" logs lscript 2>&1 | tail -n 3)"

# Escapes while learning: denied by default's rules, which learn-lscript inherits in enforce.
OUT=$("$DOCKER" exec lscript bltry connect-unix "$SOCK" 2>&1)
[ "$OUT" = EPERM ] && pass "learn: escape while learning: connect to the Docker socket gets EPERM" ||
	fail "learn: escape while learning: connect to the Docker socket: $OUT"
OUT=$("$DOCKER" exec lscript bltry mount none /mnt tmpfs 2>&1)
[ "$OUT" = EPERM ] && pass "learn: escape while learning: mount(2) with CAP_SYS_ADMIN gets EPERM" ||
	fail "learn: escape while learning: mount(2): $OUT"
check_log_event "learn: the socket escape is reported denied, under learn-lscript" \
	'.container.name == "lscript" and .verdict == "denied" and .profile == "learn-lscript" and .hook == "unix_stream_connect" and (.rule | test("docker.sock"))'
check_log_event "learn: the mount escape is reported denied" \
	'.container.name == "lscript" and .verdict == "denied" and (.hook == "sb_mount" or .hook == "capable")'

# The daemon restarts meanwhile: it keeps the learning binding, and the record.
kill "$BOXLOCK_DAEMON_PID"
wait "$BOXLOCK_DAEMON_PID" 2>/dev/null
start_daemon >/dev/null
sleep 2
list
[ "$(field lscript .mode)" = learning ] && [ "$(field lscript .profile)" = learn-lscript ] &&
	pass "learn: a daemon restart keeps lscript learning" ||
	fail "learn: after a daemon restart: lscript $(field lscript '.profile + " " + .mode')"

obs=$(bl -j profile generate learn-lscript 2>/dev/null)
if [ -n "$obs" ]; then
	bad=$(jq -c '.. | objects | select((.kind? == "unix" or .kind? == "mount") or ((.path? // "") | test("docker.sock")))' <<<"$obs" 2>/dev/null)
	[ -z "$bad" ] && pass "learn: the observations hold no Docker socket and no mount" ||
		fail "learn: escapes in the observations: $bad"
fi

GEN_WEB=$PROFILES_DIR/lweb.ini
GEN_SCRIPT=$PROFILES_DIR/boxlock-script.ini
out=$(bl container learn --stop lscript -o "$GEN_SCRIPT" 2>&1)
if [ $? -eq 0 ] && [ -s "$GEN_SCRIPT" ]; then
	pass "learn: 'container learn --stop lscript -o boxlock-script.ini' generated $(grep -c '^[^;[]' "$GEN_SCRIPT") rule lines"
else
	fail "learn: 'container learn --stop lscript': $out"
fi
# lweb's --duration: the daemon stops it and writes /run/boxlock/learned/lweb.ini.
for _ in $(seq 90); do
	[ -s /run/boxlock/learned/lweb.ini ] && break
	sleep 1
done
if [ -s /run/boxlock/learned/lweb.ini ]; then
	cp /run/boxlock/learned/lweb.ini "$GEN_WEB"
	pass "learn: lweb's --duration ran out: the daemon generated learned/lweb.ini ($(grep -c '^[^;[]' "$GEN_WEB") rule lines)"
else
	fail "learn: lweb's --duration ran out, no learned/lweb.ini: $(grep -i learn "$DAEMON_LOG" | tail -n 3)"
fi
list
[ "$(field lweb .profile)" = web ] && [ "$(field lscript .profile)" = default ] &&
	[ "$(field lweb .mode)" = enforce ] &&
	! bl profile list | grep -q '^learn-' &&
	pass "learn: stopped: both back under their profiles, the learning children unloaded" ||
	fail "learn: after --stop: lweb $(field lweb '.profile + " " + .mode'), lscript $(field lscript .profile), loaded: $(bl profile list | tr '\n' ' ')"

for f in "$GEN_WEB" "$GEN_SCRIPT"; do
	out=$(bl profile check "$f" 2>&1) && pass "learn: generated $(basename "$f") passes profile check ($out)" ||
		fail "learn: generated $(basename "$f") fails profile check: $out"
done
if grep -v '^[[:space:]]*;' "$GEN_SCRIPT" | grep -qiE 'docker\.sock|\[mount\]'; then
	fail "learn: the escape is in the generated profile: $(grep -iE 'docker\.sock|mount' "$GEN_SCRIPT")"
else
	pass "learn: the generated profile allows neither the Docker socket nor a mount"
fi
"$DOCKER" rm -f lweb lscript >/dev/null 2>&1

# --- 2. Enforcing the generated profiles ---------------------------------------------------------

out=$(bl profile load "$GEN_WEB" "$GEN_SCRIPT" 2>&1) || fail "learn: the generated profiles do not load: $out"
modes=$(bl -j profile list | jq -r '.[] | select(.name == "lweb" or .name == "boxlock-script") | .mode' | sort | uniq -c | tr -s ' ')
[ "$modes" = " 2 enforce" ] &&
	pass "learn: lweb and boxlock-script loaded in enforce mode" ||
	fail "learn: generated profiles' modes: $(bl profile list | tr '\n' ' ')"
if ! start_pair eweb escript; then
	fail "learn: the containers do not start under the generated profiles: $("$DOCKER" logs escript 2>&1 | tail -n 3)"
fi
[ "$(field eweb .profile)" = lweb ] && [ "$(field escript .profile)" = boxlock-script ] &&
	pass "learn: new containers from the images are bound to the generated profiles" ||
	fail "learn: bound to: eweb $(field eweb .profile), escript $(field escript .profile)"
workload eweb escript
[ "${WORKED:-0}" -ge 2 ] && pass "learn: under the generated profile the script looped $WORKED times" ||
	fail "learn: the script did not work under its generated profile (count '${WORKED:-}')"
OUT=$("$DOCKER" exec eweb wget -qO- http://127.0.0.1:8080/index.html 2>&1)
[ "$OUT" = "hello from boxlock-web" ] && pass "learn: the web container serves its page" ||
	fail "learn: the web container's page: $OUT"
sleep 1
ev=$(log_events '.container.name == "eweb" or .container.name == "escript"')
[ -z "$ev" ] && pass "learn: zero events for the same workloads under the generated profiles" ||
	fail "learn: events under the generated profiles: $(head -c 1500 <<<"$ev")"

# What the workload never did: EPERM, and an event naming the generated profile's rule.
GEN_RULE='.container.name == "escript" and .verdict == "denied" and .profile == "boxlock-script" and (.rule | test("boxlock-script.ini"))'
probe() { # NAME HOOK CMD...: docker exec escript CMD gets EPERM, reported under the generated rule
	local name=$1 hook=$2
	shift 2
	OUT=$("$DOCKER" exec escript "$@" 2>&1)
	[ "$(tail -n 1 <<<"$OUT")" = EPERM ] && pass "learn: $name: EPERM" || fail "learn: $name: got '$OUT'"
	check_log_event "learn: $name: the event names the generated rule" "$GEN_RULE and (.hook | test(\"$hook\"))"
}
probe "an exec of a program the workload never ran (/opt/tool)" bprm_check_security bltry exec /opt/tool
probe "a write outside the learned directories (/app/other)" "file_open|name_change" bltry creat /app/other
probe "a connection to a destination never used (127.0.0.1:9999)" socket_connect bltry connect-tcp 127.0.0.1 9999
probe "a listen on a new port (7777)" socket_listen timeout 5 bltry serve-tcp 0.0.0.0 7777
log_events "$GEN_RULE" | jq -r '"    " + .hook + ": " + .rule' | sort -u

"$DOCKER" rm -f eweb escript >/dev/null 2>&1
stop_dockerd
kill "$BOXLOCK_DAEMON_PID" 2>/dev/null
wait "$BOXLOCK_DAEMON_PID" 2>/dev/null
rm -f /etc/boxlock/shim.ini
