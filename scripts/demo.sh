#!/usr/bin/env bash
# make demo: detect, isolate, report, with real Docker in the test guest (the machine's own kernel
# may not run BPF LSM). The boxlock daemon runs with the shipped profiles (and, when this build
# has them, metrics and a Redis Streams queue); dockerd runs with boxlock-runc, the runtime shim,
# as its default runtime (every container is bound to its profile between runc's create and
# start, before its first instruction). The acts:
#   1. a web container learns (`container learn`, then `--stop -o`): its profile is generated;
#   2. that profile, in enforce mode, bound by image: a new container serves with zero events;
#   3. the Docker socket escape in audit mode: it works, and is reported;
#   4. the same in enforce mode: EPERM, the event names the rule; an ordinary container runs;
#   5. the escape under a profile with `response = freeze`: the offender frozen (cgroup.events),
#      the response's time in the event, the web container beside it still serving; released;
#   6. the same story in the metrics (Prometheus) and in the queue (Redis Streams).
# Acts 5 and 6 use features the build may not have yet: each says so, and then the verdict fails.
# Ends with one VERDICT line; exit 0 only when every act held.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${BOXLOCK_OUT:-$PWD/.output}
mkdir -p "$OUT"
if [ "${1:-}" != --in-guest ]; then
	# --rw: the generated profile is left in $OUT/demo for the reader.
	exec scripts/vm-run --timeout "${BOXLOCK_DEMO_TIMEOUT:-1500}" --rw "$OUT" -- \
		scripts/demo.sh --in-guest
fi

REPO=$PWD
TESTS=$REPO/tests/guest
BOXLOCK=$OUT/boxlock
BLTRY=$OUT/tests/helpers/bltry
# shellcheck source=tests/guest/docker-lib.sh
source "$TESTS/docker-lib.sh"
# shellcheck source=scripts/demo/lib.sh
source "$REPO/scripts/demo/lib.sh"

METRICS_ADDR=127.0.0.1:9477
STREAM=boxlock-events
PUBLISH_URL=redis://127.0.0.1:6379/$STREAM
KEEP=$OUT/demo # what the reader may want after the guest is gone
mkdir -p "$KEEP"

say "Starting Redis, the boxlock daemon (shipped profiles) and dockerd in a Linux $(uname -r) guest"
if command -v redis-server >/dev/null; then
	redis-server --port 6379 --save '' --appendonly no --daemonize yes >/dev/null
else
	echo "   redis-server is not installed (scripts/deps.sh installs it): no queue to show"
fi
start_daemon_with --metrics "$METRICS_ADDR" --publish "$PUBLISH_URL"
# The shim finds the same profiles the daemon loaded.
mkdir -p /etc/boxlock
printf '[shim]\nprofiles = %s\n' "$PROFILES_DIR" >/etc/boxlock/shim.ini
start_dockerd --add-runtime "boxlock=$OUT/boxlock-runc" --default-runtime boxlock
build_images
echo "   lsm: $(cat /sys/kernel/security/lsm)"
echo "   Docker's default runtime: $("$DOCKER" info --format '{{.DefaultRuntime}}')" \
	"(boxlock-runc: each container is bound before its first instruction)"

# The web container waits for /tmp/go before it serves, so that all it does, it does while it
# learns (its start included), and does again, the same, under the generated profile.
WEB_CMD=(sh -c 'until [ -e /tmp/go ]; do sleep 1; done; exec httpd -f -p 8080 -h /www')
GEN=$PROFILES_DIR/web-learned.ini

say "Act 1, learn: a web container (busybox httpd) learns what it does, and its profile is generated"
act=learn
if run_web demo-learn; then
	echo "   \$ docker run -d --name demo-learn boxlock-web httpd ...: under profile $(field demo-learn .profile)"
	cmd container learn demo-learn || true # judged below, by what it generated
	serve demo-learn
	echo "   the container served $SERVED of 3 requests while learning"
	cmd container learn --stop demo-learn -o "$GEN" || true
	if [ "$CMD_RC" -eq 0 ] && [ -s "$GEN" ] && cmd profile check "$GEN" &&
		[ "$SERVED" -eq 3 ]; then
		cp "$GEN" "$KEEP/"
		echo "   the generated profile (comments left out; whole in .output/demo/web-learned.ini):"
		grep -vE '^[[:space:]]*(;|$)' "$GEN" | head -n 30 | sed 's/^/     | /'
		held "$act" "demo-learn learned while serving; web-learned.ini generated, passes profile check"
	else
		failed "$act" "learning or generating failed (served $SERVED/3; see above)"
	fi
else
	failed "$act" "the web container did not start: $("$DOCKER" logs demo-learn 2>&1 | tail -n 2)"
fi
"$DOCKER" rm -f demo-learn >/dev/null 2>&1 || true

say "Act 2, enforce the generated profile: a new container of the image serves, with zero events"
act=enforce-learned
if [ -s "$GEN" ] && cmd profile load "$GEN" &&
	cmd mode enforce --profile web-learned && run_web demo-web; then
	profile=$(field demo-web .profile)
	echo "   \$ docker run -d --name demo-web boxlock-web ...: bound by image to $profile ($(field demo-web .mode))"
	serve demo-web
	sleep 1
	n=$(count_events '.container.name == "demo-web"')
	echo "   demo-web served $SERVED of 3 requests; boxlock events for demo-web: $n"
	show_events demo-web
	if [ "$profile" = web-learned ] && [ "$(field demo-web .mode)" = enforce ] &&
		[ "$SERVED" -eq 3 ] && [ "$n" -eq 0 ]; then
		held "$act" "demo-web under web-learned (enforce) served 3/3 with 0 events"
	else
		failed "$act" "demo-web: profile $profile, served $SERVED/3, $n events"
	fi
else
	failed "$act" "the generated profile could not be loaded and enforced, or demo-web did not start"
fi
# demo-web keeps running: act 5's bystander.

say "Act 3, audit mode: the escape through the Docker socket works, and boxlock reports it"
"$BOXLOCK" mode audit --profile default
attempt demo-audit
if [ "$RC" -eq 0 ] && [ "$(tail -n 1 <<<"$OUT_TEXT")" = "$(cat /etc/hostname)" ] &&
	[ -n "$(show_events demo-audit)" ]; then
	held audit "the escape read the host's /etc/hostname; reported audited"
else
	failed audit "audit rc=$RC, output '$(tail -n 1 <<<"$OUT_TEXT")', events: $(count_events '.container.name == "demo-audit"')"
fi

say "Act 4, enforce mode: the same escape; then an ordinary container under the same profile"
"$BOXLOCK" mode enforce --profile default
attempt demo-enforce
enforce_ok=0
[ "$RC" -ne 0 ] && grep -qiE 'permission denied|not permitted' <<<"$OUT_TEXT" &&
	[ -n "$(show_events demo-enforce)" ] && enforce_ok=1
set +e
plain=$("$DOCKER" run --rm --name demo-plain --network none boxlock-web \
	sh -c 'httpd -p 8080 -h /www && wget -qO- http://127.0.0.1:8080/' 2>&1)
plain_rc=$?
set -e
echo "   \$ docker run boxlock-web (httpd, then a request to it): exit $plain_rc: $plain"
if [ $enforce_ok -eq 1 ] && [ $plain_rc -eq 0 ]; then
	held enforce "the escape got EPERM, the event names the rule; the ordinary container ran"
else
	failed enforce "enforce rc=$RC (EPERM seen: $enforce_ok), ordinary container rc=$plain_rc"
fi

# Act 5 (scripts/demo/respond.sh): the escape under response = freeze, then release.
ESCAPER=demo-enforce # whose event acts 6 looks for, if act 5 cannot run
source "$REPO/scripts/demo/respond.sh"

# Act 6 (scripts/demo/report.sh): metrics and the queue.
source "$REPO/scripts/demo/report.sh"

say "boxlock status"
"$BOXLOCK" status || true

"$DOCKER" rm -f demo-web demo-freeze >/dev/null 2>&1 || true
stop_dockerd
kill "$BOXLOCK_DAEMON_PID" 2>/dev/null || true
redis-cli -p 6379 shutdown nosave >/dev/null 2>&1 || true

verdict
