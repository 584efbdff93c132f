# shellcheck shell=bash
# Helpers of scripts/demo.sh (sourced in the guest after tests/guest/docker-lib.sh): printing an
# act, running a boxlock command visibly, the web and escape containers, the acts' ledger and
# the verdict.

say() { printf '\n\033[1m== %s\033[0m (at %d s)\n' "$*" "$SECONDS"; }

# cmd ARGS...: runs `boxlock ARGS`, showing the command and what it printed; CMD_RC its status.
cmd() {
	local out
	echo "   \$ boxlock $*"
	set +e
	out=$("$BOXLOCK" "$@" 2>&1)
	CMD_RC=$?
	set -e
	[ -n "$out" ] && sed 's/^/     | /' <<<"$out"
	return $CMD_RC
}

# The ledger: one line per act, HELD, FAILED or MISSING (a feature this build lacks).
LEDGER=()
held() { LEDGER+=("HELD    $1: $2"); }
failed() {
	LEDGER+=("FAILED  $1: $2")
	echo "   !! $1: $2"
}
missing() {
	LEDGER+=("MISSING $1: $2")
	echo "   !! $1: not in this build: $2"
}

verdict() {
	local line bad=0
	echo
	for line in "${LEDGER[@]}"; do
		echo "   $line"
		[[ $line == HELD* ]] || bad=1
	done
	echo
	if [ $bad -eq 0 ]; then
		echo "VERDICT: LOOP CLOSED - learned and enforced a web profile with zero events; audit mode let the escape through and reported it; enforce mode refused it (EPERM) and named the rule; response = freeze froze the offender alone, and release thawed it; metrics and the queue tell the same story. Every container was bound by boxlock-runc before its first instruction."
		exit 0
	fi
	echo "VERDICT: NOT CLOSED - $(printf '%s\n' "${LEDGER[@]}" | grep -vc '^HELD') of ${#LEDGER[@]} acts did not hold (FAILED or MISSING above)"
	exit 1
}

# start_daemon_with OPTION VALUE...: starts the daemon with each option pair this build takes.
# One it rejects (getopt names it) is dropped, said, and noted: METRICS_ON and PUBLISH_ON are 1
# only for the options the running daemon took.
start_daemon_with() {
	local opts=("$@") keep new i dropped
	METRICS_ON=0
	PUBLISH_ON=0
	while :; do
		local before
		before=$({ wc -l <"$DAEMON_LOG"; } 2>/dev/null || echo 0)
		start_daemon "${opts[@]}" >/dev/null && break
		new=$(tail -n +"$((before + 1))" "$DAEMON_LOG" 2>/dev/null)
		if [ ${#opts[@]} -eq 0 ]; then
			echo "boxlock daemon did not start:"
			tail -n 20 <<<"$new"
			exit 1
		fi
		keep=()
		dropped=0
		for ((i = 0; i < ${#opts[@]}; i += 2)); do
			if grep -qE -- "(unrecognized|unknown) option '?${opts[i]}" <<<"$new"; then
				echo "   the daemon rejects ${opts[i]}: $(grep -m1 -- "${opts[i]}" <<<"$new")"
				dropped=1
			else
				keep+=("${opts[i]}" "${opts[i + 1]}")
			fi
		done
		if [ $dropped -eq 0 ]; then
			# Not an option it does not know: the features fail; the rest of the demo runs.
			echo "   the daemon fails with ${opts[*]}: $(tail -n 1 <<<"$new"); started without them"
			keep=()
		fi
		opts=("${keep[@]}")
	done
	for ((i = 0; i < ${#opts[@]}; i += 2)); do
		case ${opts[i]} in
		--metrics) METRICS_ON=1 ;;
		--publish) PUBLISH_ON=1 ;;
		esac
	done
	echo "   \$ boxlock daemon --profiles $PROFILES_DIR --log $EVENT_LOG ${opts[*]}"
}

count_events() { # FILTER: how many logged events match
	log_events "$1" | wc -l
}

show_events() { # NAME: the events of container NAME, one readable line each
	jq -r --arg n "$1" 'select(.container.name == $n) |
		"   boxlock: \(.verdict) \(.hook) in container \(.container.name) (image \(.container.image)), profile \(.profile), rule \"\(.rule)\"" +
		(if .response then ", response \(.response.action) in \(.response.ms) ms" else "" end)' \
		"$EVENT_LOG" | sort -u
}

# `container list` costs seconds under emulation: read once (list), then asked (field).
LIST=
list() { LIST=$("$BOXLOCK" -j container list 2>/dev/null || echo '[]'); }
field() { # NAME JQ: a field of container NAME in the last `list`
	jq -r --arg n "$1" ".[] | select(.name == \$n) | $2" <<<"$LIST"
}
wait_listed() { # NAME: until the daemon lists container NAME (at most 10 s)
	local _
	for _ in $(seq 20); do
		list
		[ -n "$(field "$1" .id)" ] && return 0
		sleep 0.5
	done
	return 1
}

run_web() { # NAME: a web container (waits for /tmp/go), detached, listed by the daemon
	timeout 300 "$DOCKER" run -d --name "$1" --network none boxlock-web "${WEB_CMD[@]}" \
		>/dev/null && wait_listed "$1"
}

serve() { # NAME: the go, then three requests to the web container; SERVED how many answered
	local _ page
	SERVED=0
	"$DOCKER" exec "$1" touch /tmp/go || return 0
	sleep 2
	for _ in 1 2 3; do
		page=$("$DOCKER" exec "$1" wget -qO- http://127.0.0.1:8080/index.html 2>/dev/null || true)
		[ "$page" = "hello from boxlock-web" ] && SERVED=$((SERVED + 1))
		sleep 1
	done
}

attempt() { # NAME: runs the escape in a container called NAME; sets RC and OUT_TEXT
	local name=$1
	echo "   \$ docker run -v /var/run/docker.sock:/var/run/docker.sock boxlock-client \\"
	echo "       docker run -v /:/host boxlock-bb cat /host/etc/hostname"
	set +e
	OUT_TEXT=$("$DOCKER" run --rm --name "$name" --network none \
		-v /var/run/docker.sock:/var/run/docker.sock boxlock-client \
		docker run --rm --network none -v /:/host boxlock-bb cat /host/etc/hostname 2>&1)
	RC=$?
	set -e
	echo "   exit status $RC; the container printed:"
	sed 's/^/     | /' <<<"$OUT_TEXT"
	sleep 1
	show_events "$name"
}
