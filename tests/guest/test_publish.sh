# shellcheck shell=bash
# --publish and --syslog-to, against real servers on loopback: a redis-server (Redis Streams) and
# a UDP receiver. Denials (distinct paths, so their order is checkable) reach the stream in the
# log's order; while the server is down they wait in the daemon and arrive in order when it is
# back; a FIFO too small for an outage drops the newest, counts them, and says so with a
# "publish-dropped" event in the stream and the log. Each syslog datagram is RFC 5424 with the
# event's fields as structured data.
source "$TESTS/docker-lib.sh"

for tool in redis-server redis-cli python3; do
	if ! command -v $tool >/dev/null; then
		skip "publish: $tool is not installed (scripts/deps.sh installs redis-server, redis-tools)"
		return 0
	fi
done
ip link set lo up 2>/dev/null
PORT=6390
STREAM=boxlock
pub=/tmp/bl-pub
work=$(mktemp -d /tmp/bl-publish.XXXXXX)
rm -rf $pub
mkdir -p $pub

rcli() { redis-cli -h 127.0.0.1 -p $PORT "$@"; }
start_redis() {
	bg redis-server --port $PORT --bind 127.0.0.1 --save '' --appendonly no \
		--dir "$work" --logfile "$work/redis.log"
	REDIS_PID=$LAST_BG
	local _
	for _ in $(seq 50); do
		[ "$(rcli ping 2>/dev/null)" = PONG ] && return 0
		sleep 0.1
	done
	fail "publish: redis-server did not answer on 127.0.0.1:$PORT"
	return 1
}
stop_redis() {
	rcli shutdown nosave >/dev/null 2>&1
	wait "$REDIS_PID" 2>/dev/null
	! rcli ping >/dev/null 2>&1
}
# The event lines of the stream, in its order.
stream_events() { rcli --raw xrange $STREAM - + | grep '^{'; }
# The paths, in order, of the stream's (or the log's) denials under $pub/PREFIX.
stream_paths() { stream_events | jq -r --arg p "$pub/$1" 'select(.path? // "" | startswith($p)) | .path'; }
log_paths() { log_events ".path? // \"\" | startswith(\"$pub/$1\")" | jq -r .path; }
# wait_stream PREFIX N: until the stream holds N denials under PREFIX (at most 15 s).
wait_stream() {
	local _
	for _ in $(seq 150); do
		[ "$(stream_paths "$1" | wc -l)" -ge "$2" ] && return 0
		sleep 0.1
	done
	return 1
}
# deny PREFIX FROM TO: one denial per number, each a file of its own; prints how many got EPERM.
deny() {
	local i n=0
	for i in $(seq "$2" "$3"); do
		: >"$pub/$1$i"
		[ "$(in_cg "$cg" "$BLTRY" open "$pub/$1$i" w | tail -n 1)" = EPERM ] && n=$((n + 1))
	done
	echo $n
}
# The expected list: PREFIX1 .. PREFIXN, one a line.
seq_paths() { for i in $(seq "$2" "$3"); do echo "$pub/$1$i"; done; }
same() { # NAME EXPECTED GOT
	if [ "$2" = "$3" ]; then
		pass "$1"
	else
		fail "$1: expected $(echo "$2" | tr '\n' ' '), got $(echo "$3" | tr '\n' ' ')"
		echo "    daemon said:"
		tail -n 5 "$DAEMON_LOG" | sed 's/^/    /'
	fi
}
stop_daemon() {
	kill "$BOXLOCK_DAEMON_PID" 2>/dev/null
	wait "$BOXLOCK_DAEMON_PID" 2>/dev/null
}

# A UDP syslog receiver: each datagram one line of $work/syslog.
cat >"$work/recv.py" <<'PY'
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 5514))
with open(sys.argv[1], "ab", buffering=0) as f:
    while True:
        f.write(s.recv(65536) + b"\n")
PY
bg python3 "$work/recv.py" "$work/syslog"

start_redis || return 0
mkdir -p "$PROFILES_DIR"
cp "$TESTS/profiles/test-publish.ini" "$PROFILES_DIR/"
if ! start_daemon --no-docker --publish "redis://127.0.0.1:$PORT/$STREAM" \
	--syslog-to udp:127.0.0.1:5514; then
	fail "publish: the daemon does not start with --publish and --syslog-to"
	stop_redis
	return 0
fi
cg=$(new_cgroup publish)
bl bind --cgroup "$cg" --profile test-publish >/dev/null || fail "publish: cannot bind $cg"

# 1. N denials: all in the stream, in the order of the log, which is the order they happened.
N=20
same "publish: $N denials get EPERM" $N "$(deny a 1 $N)"
wait_stream a $N
same "publish: the stream has the $N denials in the order they were made" "$(seq_paths a 1 $N)" \
	"$(stream_paths a)"
same "publish: the stream's order is the event log's" "$(log_paths a)" "$(stream_paths a)"
ev=$(stream_events | jq -c "select(.path == \"$pub/a1\")")
if jq -e '.verdict == "denied" and .hook == "file_open" and .profile == "test-publish" and
	(.rule | startswith("files: deny-write /tmp/bl-pub/ (test-publish.ini:"))' <<<"$ev" >/dev/null; then
	pass "publish: a streamed event is the log's JSON (verdict, hook, profile, rule)"
else
	fail "publish: the streamed event lacks the log's fields: $ev"
fi

# 2. The server goes away: M denials wait in the daemon, and arrive in order when it is back.
M=10
if stop_redis; then
	pass "publish: redis-server stopped (SHUTDOWN NOSAVE: the stream starts empty again)"
else
	fail "publish: redis-server still answers after SHUTDOWN"
fi
same "publish: $M denials while the server is down get EPERM" $M "$(deny b 1 $M)"
sleep 2 # several reconnect attempts fail meanwhile
start_redis || return 0
t0=$(date +%s.%N)
if wait_stream b $M; then
	t=$(echo "$(date +%s.%N) - $t0" | bc 2>/dev/null || echo "?")
	pass "publish: the $M held events arrived after the restart (in ${t} s)"
else
	fail "publish: the held events did not all arrive within 15 s of the restart"
fi
same "publish: they arrived in the order they were made, none twice" "$(seq_paths b 1 $M)" \
	"$(stream_paths b)"

# 3. A FIFO of 5 and an outage of 12 events: the first 5 are kept, 7 dropped and counted.
stop_daemon
if ! start_daemon --no-docker --publish "redis://127.0.0.1:$PORT/$STREAM" --publish-buffer 5; then
	fail "publish: the daemon does not start with --publish-buffer 5"
	stop_redis
	return 0
fi
stop_redis
same "publish: 12 denials while the server is down get EPERM" 12 "$(deny c 1 12)"
start_redis || return 0
wait_stream c 5
sleep 1 # nothing more may come
same "publish: a full FIFO keeps the oldest 5, in order" "$(seq_paths c 1 5)" "$(stream_paths c)"
same "publish: the next denial gets EPERM" 1 "$(deny c 13 13)"
wait_stream c 6
got=$(stream_events | jq -c 'select(.kind? == "daemon" and .what == "publish-dropped") | .dropped')
same "publish: the stream says 7 events were dropped" 7 "$got"
got=$(stream_events | jq -r 'if .kind? == "daemon" then "gap" else .path end' | grep -E "gap|$pub/c")
same "publish: the gap marker is where the events were dropped" \
	"$(seq_paths c 1 5; echo gap; echo $pub/c13)" "$got"
got=$(log_events '.kind? == "daemon" and .what == "publish-dropped"' | tail -n 1 | jq .dropped)
same "publish: the event log has the publish-dropped event too" 7 "$got"
same "publish: the event log has all 13 denials" "$(seq_paths c 1 13)" "$(log_paths c)"
stop_daemon
grep -q "publish: stopped with" "$DAEMON_LOG" && tail -n 2 "$DAEMON_LOG" | sed 's/^/    /'

# 4. A server that accepts and never answers: the event log keeps up (the event thread never waits
# on the network), and the daemon still stops within its bounded flush.
cat >"$work/hole.py" <<'PY'
import socket, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 6391))
s.listen(64)
held = []
while True:
    held.append(s.accept()[0])  # never read, never answered
PY
bg python3 "$work/hole.py"
sleep 1
if ! start_daemon --no-docker --publish "redis://127.0.0.1:6391/$STREAM"; then
	fail "publish: the daemon does not start with --publish to the silent server"
else
	same "publish: 10 denials with a silent server get EPERM" 10 "$(deny d 1 10)"
	for _ in $(seq 30); do
		[ "$(log_paths d | wc -l)" -ge 10 ] && break
		sleep 0.1
	done
	same "publish: with a silent server the event log has all 10 within 3 s" \
		"$(seq_paths d 1 10)" "$(log_paths d)"
	t0=$SECONDS
	stop_daemon
	if [ $((SECONDS - t0)) -le 6 ]; then
		pass "publish: the daemon stopped in $((SECONDS - t0)) s with events it could not send"
	else
		fail "publish: the daemon took $((SECONDS - t0)) s to stop (flush bound: 2 s)"
	fi
	grep -q "publish: stopped with 10 events unsent" "$DAEMON_LOG" &&
		pass "publish: at its stop the daemon says 10 events were left unsent" ||
		fail "publish: the daemon did not say what it left unsent: $(tail -n 3 "$DAEMON_LOG")"
fi

# 5. Syslog: RFC 5424, PRI 28 (daemon.warning) for a denial, the event's fields as SD-PARAMs.
line=$(LC_ALL=C grep -a "path=\"$pub/a1\"" "$work/syslog" | head -n 1)
re='^<28>1 [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z [!-~]{1,255} boxlock [0-9]+ denied \[boxlock@32473( [!-~]{1,32}="([^"\\]|\\.)*")+\] '$'\xef\xbb\xbf''denied file_open '
if [ -n "$line" ] && LC_ALL=C grep -qaE "$re" <<<"$line"; then
	pass "syslog: the datagram is RFC 5424 (PRI, version, time, host, app, procid, msgid, SD, BOM)"
else
	fail "syslog: no RFC 5424 datagram for $pub/a1 matches; received: ${line:-nothing} ($(wc -l <"$work/syslog" 2>/dev/null) datagrams)"
fi
if LC_ALL=C grep -qaF ' hook="file_open"' <<<"$line" &&
	LC_ALL=C grep -qaF ' rule="files: deny-write /tmp/bl-pub/ (test-publish.ini:' <<<"$line" &&
	LC_ALL=C grep -qaF ' profile="test-publish"' <<<"$line"; then
	pass "syslog: the structured data has the event's hook, rule and profile"
else
	fail "syslog: the structured data lacks hook/rule/profile: $line"
fi
same "syslog: one datagram per denial" $N "$(LC_ALL=C grep -ac "path=\"$pub/a[0-9]*\"" "$work/syslog")"

stop_redis
kill_bg
rm -rf "$work" $pub
