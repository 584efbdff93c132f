#!/usr/bin/env bash
# make demo: the escape from the field, stopped. Boots the test guest (the machine's own kernel
# may not run BPF LSM), starts the boxlock daemon with the shipped profiles and dockerd with
# boxlock-runc, the runtime shim, as its default runtime (every container is bound to its profile
# between runc's create and start, before its first instruction), and plays
# the scene: a container with /var/run/docker.sock mounted starts a second container with the
# host's / mounted. First in audit mode (it works, and is reported), then in enforce mode (the
# kernel refuses it). Ends with a verdict line; exit 0 when every escape was stopped.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${BOXLOCK_OUT:-$PWD/.output}
mkdir -p "$OUT"
if [ "${1:-}" != --in-guest ]; then
	exec scripts/vm-run --timeout 600 --rw "$OUT" -- scripts/demo.sh --in-guest
fi

REPO=$PWD
TESTS=$REPO/tests/guest
BOXLOCK=$OUT/boxlock
BLTRY=$OUT/tests/helpers/bltry
# shellcheck source=tests/guest/docker-lib.sh
source "$TESTS/docker-lib.sh"

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
show_events() { # the events of container $1, one readable line each
	jq -r --arg n "$1" 'select(.container.name == $n) |
		"   boxlock: \(.verdict) \(.hook) in container \(.container.name) (image \(.container.image)), profile \(.profile), rule \"\(.rule)\""' \
		"$EVENT_LOG" | sort -u
}
attempt() { # NAME: runs the escape in a container called NAME; sets RC and OUT
	local name=$1
	echo "   \$ docker run -v /var/run/docker.sock:/var/run/docker.sock boxlock-client \\"
	echo "       docker run -v /:/host boxlock-bb cat /host/etc/hostname"
	set +e
	OUT=$("$DOCKER" run --rm --name "$name" --network none \
		-v /var/run/docker.sock:/var/run/docker.sock boxlock-client \
		docker run --rm --network none -v /:/host boxlock-bb cat /host/etc/hostname 2>&1)
	RC=$?
	set -e
	echo "   exit status $RC; the container printed:"
	sed 's/^/     | /' <<<"$OUT"
	sleep 1
	show_events "$name"
}

say "Starting the boxlock daemon (shipped profiles) and dockerd in a Linux $(uname -r) guest"
start_daemon
# The shim finds the same profiles the daemon loaded.
mkdir -p /etc/boxlock
printf '[shim]\nprofiles = %s\n' "$PROFILES_DIR" >/etc/boxlock/shim.ini
start_dockerd --add-runtime "boxlock=$OUT/boxlock-runc" --default-runtime boxlock
build_images
echo "   lsm: $(cat /sys/kernel/security/lsm)"
echo "   Docker's default runtime: $("$DOCKER" info --format '{{.DefaultRuntime}}')" \
	"(boxlock-runc: each container is bound before its first instruction)"

say "Act 1, audit mode: the escape works, and boxlock reports it"
"$BOXLOCK" mode audit --profile default
attempt demo-audit
audit_rc=$RC
audit_host=$(tail -n 1 <<<"$OUT")

say "Act 2, enforce mode: the same escape"
"$BOXLOCK" mode enforce --profile default
attempt demo-enforce
enforce_rc=$RC

say "Act 3, an ordinary container under the same profile"
set +e
plain=$("$DOCKER" run --rm --name demo-plain --network none boxlock-web \
	sh -c 'httpd -p 8080 -h /www && wget -qO- http://127.0.0.1:8080/' 2>&1)
plain_rc=$?
set -e
echo "   \$ docker run boxlock-web (httpd, then a request to it): exit $plain_rc: $plain"

say "boxlock status"
"$BOXLOCK" status

stop_dockerd
kill "$BOXLOCK_DAEMON_PID" 2>/dev/null || true

echo
if [ "$audit_rc" -eq 0 ] && [ "$audit_host" = "$(cat /etc/hostname)" ] && [ "$enforce_rc" -ne 0 ] &&
	grep -qiE 'permission denied|not permitted' <<<"$OUT" && [ "$plain_rc" -eq 0 ] &&
	[ -n "$(show_events demo-enforce)" ]; then
	echo "VERDICT: STOPPED - audit mode let the escape through and reported it; enforce mode refused it in the kernel (EPERM) and named the rule; the ordinary container ran. Every container was bound by boxlock-runc, Docker's default runtime, before its first instruction."
	exit 0
fi
echo "VERDICT: NOT STOPPED - audit rc=$audit_rc (host: '$audit_host'), enforce rc=$enforce_rc, plain rc=$plain_rc"
exit 1
