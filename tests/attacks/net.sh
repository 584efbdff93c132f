# shellcheck shell=bash
# Every way to make a connection or name a destination is judged by the [network] rules:
# connect(2) with either length of sockaddr_in6 the kernel takes (24 and 28 bytes), TCP Fast
# Open's sendto(MSG_FASTOPEN), which connects without connect(2), io_uring's IORING_OP_CONNECT and
# IORING_OP_SENDMSG, and sends from unconnected UDP sockets. The Docker API (TCP 2375) under
# default; UDP under tests/guest/profiles/test-net.ini, as default denies no UDP.

# allowed NAME CMD...: from the bound cgroup, in enforce mode, CMD gets OK and nothing is reported.
allowed() {
	local name=$1
	shift
	bl mode enforce --profile "$ATTACK_PROFILE" >/dev/null
	drain_events
	check "allowed under $ATTACK_PROFILE: $name" OK in_cg "$ATTACK_BOUND" "$@"
	check_no_event "allowed under $ATTACK_PROFILE: $name: nothing reported" \
		".cgroup == \"$ATTACK_BOUND\""
}

attack_setup "$REPO/profiles/default.ini" default
tfo=/proc/sys/net/ipv4/tcp_fastopen
old_tfo=$(cat $tfo)
# Client and server Fast Open (3), and data in every SYN without a cookie (TFO_CLIENT_NO_COOKIE 4,
# TFO_SERVER_COOKIE_NOT_REQD 0x200): each send then connects the same way, whatever cookies an
# earlier run left, and a non-blocking one (io_uring's) returns the byte sent, not EINPROGRESS.
echo $((3 | 0x4 | 0x200)) >$tfo
for addr in 127.0.0.1 ::1; do
	bg "$BLTRY" serve-tcp $addr 2375 fastopen
	bg "$BLTRY" serve-tcp $addr 8080 fastopen # an allowed destination
done
sleep 0.3

api='.port == 2375 and .protocol == "tcp" and (.rule | test("port 2375-2376"))'
conn="$api and .hook == \"socket_connect\""
send="$api and .hook == \"socket_sendmsg\""
mapped='.address == "127.0.0.1"'

# connect(2): the kernel takes a sockaddr_in6 of 24 bytes (SIN6_LEN_RFC2133) as well as 28.
attack "connect [::1]:2375, 28-byte sockaddr_in6" OK "$conn and .address == \"::1\"" \
	"$BLTRY" connect-tcp ::1 2375 28
attack "connect [::1]:2375, 24-byte sockaddr_in6" OK "$conn and .address == \"::1\"" \
	"$BLTRY" connect-tcp ::1 2375 24
attack "connect [::ffff:127.0.0.1]:2375, 28-byte sockaddr_in6" OK "$conn and $mapped" \
	"$BLTRY" connect-tcp ::ffff:127.0.0.1 2375 28
attack "connect [::ffff:127.0.0.1]:2375, 24-byte sockaddr_in6" OK "$conn and $mapped" \
	"$BLTRY" connect-tcp ::ffff:127.0.0.1 2375 24
# Shorter than the kernel takes: the kernel says EINVAL, the hook cannot read it and fails closed.
attack "connect with a 20-byte sockaddr_in6" EINVAL \
	'.hook == "socket_connect" and .reason == "addr-unparsed"' "$BLTRY" connect-tcp ::1 2375 20

# TCP Fast Open: sendto(MSG_FASTOPEN) connects from inside the send.
attack "sendto(MSG_FASTOPEN) 127.0.0.1:2375" OK "$send and $mapped" \
	"$BLTRY" sendto-fastopen 127.0.0.1 2375
attack "sendto(MSG_FASTOPEN) [::1]:2375" OK "$send and .address == \"::1\"" \
	"$BLTRY" sendto-fastopen ::1 2375
attack "sendto(MSG_FASTOPEN) [::1]:2375, 24-byte sockaddr_in6" OK "$send" \
	"$BLTRY" sendto-fastopen ::1 2375 24
attack "sendto(MSG_FASTOPEN) [::ffff:127.0.0.1]:2375" OK "$send and $mapped" \
	"$BLTRY" sendto-fastopen ::ffff:127.0.0.1 2375

# io_uring: IORING_OP_CONNECT reaches security_socket_connect (__sys_connect_file), from this
# task, from the ring's SQ thread (SQPOLL), and IORING_OP_SENDMSG reaches socket_sendmsg.
if [ "$("$BLTRY" io-uring-connect 127.0.0.1 8080)" = OK ]; then
	attack "io_uring connect 127.0.0.1:2375" OK "$conn and $mapped" \
		"$BLTRY" io-uring-connect 127.0.0.1 2375
	attack "io_uring connect [::1]:2375" OK "$conn" "$BLTRY" io-uring-connect ::1 2375
	attack "io_uring connect [::ffff:127.0.0.1]:2375" OK "$conn and $mapped" \
		"$BLTRY" io-uring-connect ::ffff:127.0.0.1 2375
	attack "io_uring connect 127.0.0.1:2375 from the SQPOLL thread" OK "$conn" \
		"$BLTRY" io-uring-connect 127.0.0.1 2375 sqpoll
	attack "io_uring sendmsg(MSG_FASTOPEN) 127.0.0.1:2375" OK "$send" \
		"$BLTRY" io-uring-sendmsg fastopen 127.0.0.1 2375
	allowed "io_uring connect 127.0.0.1:8080" "$BLTRY" io-uring-connect 127.0.0.1 8080
	allowed "io_uring connect 127.0.0.1:8080 from the SQPOLL thread" \
		"$BLTRY" io-uring-connect 127.0.0.1 8080 sqpoll
else
	skip "io_uring: no io_uring in this kernel for an unbound task ($("$BLTRY" io-uring-connect 127.0.0.1 8080))"
fi

allowed "connect 127.0.0.1:8080" "$BLTRY" connect-tcp 127.0.0.1 8080
allowed "connect [::1]:8080, 24-byte sockaddr_in6" "$BLTRY" connect-tcp ::1 8080 24
allowed "connect [::ffff:127.0.0.1]:8080" "$BLTRY" connect-tcp ::ffff:127.0.0.1 8080
allowed "sendto(MSG_FASTOPEN) 127.0.0.1:8080" "$BLTRY" sendto-fastopen 127.0.0.1 8080
allowed "sendto(MSG_FASTOPEN) [::1]:8080" "$BLTRY" sendto-fastopen ::1 8080
kill_bg
echo "$old_tfo" >$tfo

# UDP: an unconnected socket names its destination in every send.
attack_setup "$TESTS/profiles/test-net.ini" test-net
udp='.hook == "socket_sendmsg" and .port == 5353 and .protocol == "udp" and (.rule | test("port 5353"))'
attack "UDP sendto 127.0.0.1:5353" OK "$udp and $mapped" "$BLTRY" sendto-udp 127.0.0.1 5353
attack "UDP sendto [::1]:5353" OK "$udp and .address == \"::1\"" "$BLTRY" sendto-udp ::1 5353
attack "UDP sendto [::1]:5353, 24-byte sockaddr_in6" OK "$udp" "$BLTRY" sendto-udp ::1 5353 24
attack "UDP sendto [::ffff:127.0.0.1]:5353 (judged as IPv4)" OK "$udp and $mapped" \
	"$BLTRY" sendto-udp ::ffff:127.0.0.1 5353
attack "UDP sendto 127.0.0.1:5353 with sin_family AF_UNSPEC" OK "$udp and $mapped" \
	"$BLTRY" sendto-udp-unspec 127.0.0.1 5353
attack "UDP sendmsg 127.0.0.1:5353" OK "$udp" "$BLTRY" sendmsg-udp 127.0.0.1 5353
attack "UDP sendto with an 8-byte address" EINVAL \
	'.hook == "socket_sendmsg" and .reason == "addr-unparsed"' "$BLTRY" sendto-udp 127.0.0.1 5353 8
if [ "$("$BLTRY" io-uring-sendmsg udp 127.0.0.1 5354)" = OK ]; then
	attack "io_uring sendmsg UDP 127.0.0.1:5353" OK "$udp" \
		"$BLTRY" io-uring-sendmsg udp 127.0.0.1 5353
	allowed "io_uring sendmsg UDP 127.0.0.1:5354" "$BLTRY" io-uring-sendmsg udp 127.0.0.1 5354
else
	skip "io_uring sendmsg: no io_uring in this kernel for an unbound task"
fi
allowed "UDP sendto 127.0.0.1:5354" "$BLTRY" sendto-udp 127.0.0.1 5354
allowed "UDP sendto [::1]:5354, 24-byte sockaddr_in6" "$BLTRY" sendto-udp ::1 5354 24
allowed "UDP sendmsg 127.0.0.2:53" "$BLTRY" sendmsg-udp 127.0.0.2 53
