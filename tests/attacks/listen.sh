# shellcheck shell=bash
# [network] allow-listen: a contained task serves only on the ports listed (TCP listen, UDP bind
# to a port); another port is refused with EPERM and an event naming the allow-listen rule.
attack_setup "$TESTS/profiles/test-listen.ini" test-listen
lfilter='.hook == "socket_listen" and .protocol == "tcp" and .port == 9090 and (.rule | test("allow-listen"))'
bfilter='.hook == "socket_bind" and .protocol == "udp" and .port == 5454 and (.rule | test("allow-listen"))'

bl mode enforce --profile test-listen >/dev/null
check "listen: TCP 8080 allowed" OK in_cg "$ATTACK_BOUND" "$BLTRY" listen 127.0.0.1 8080
check "listen: TCP [::1]:8080 allowed" OK in_cg "$ATTACK_BOUND" "$BLTRY" listen ::1 8080
check "listen: UDP 5353 allowed" OK in_cg "$ATTACK_BOUND" "$BLTRY" udp-bind 127.0.0.1 5353
check "listen: UDP bind to port 0 (a client's) allowed" OK \
	in_cg "$ATTACK_BOUND" "$BLTRY" udp-bind 127.0.0.1 0
ATTACK_MODE=enforce

attack "TCP listen on 9090" OK "$lfilter and .address == \"127.0.0.1\"" \
	"$BLTRY" listen 127.0.0.1 9090
attack "TCP listen on [::1]:9090" OK "$lfilter and .address == \"::1\"" "$BLTRY" listen ::1 9090
attack "TCP listen unbound (an ephemeral port)" OK \
	'.hook == "socket_listen" and .port == 0 and (.rule | test("allow-listen"))' \
	"$BLTRY" listen 127.0.0.1 0
attack "UDP bind to 5454" OK "$bfilter" "$BLTRY" udp-bind 127.0.0.1 5454
attack "UDP bind to [::1]:5454" OK "$bfilter and .address == \"::1\"" "$BLTRY" udp-bind ::1 5454
