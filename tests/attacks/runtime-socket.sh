# shellcheck shell=bash
# The Docker socket, reached every way people reach it. A real unix socket listens at
# /run/docker.sock (/var/run links to /run here); each technique must be refused under the
# default profile, however the path is spelled or the socket handed over.
attack_setup "$REPO/profiles/default.ini" default
bg "$BLTRY" serve-unix /run/docker.sock
wait_for_socket /run/docker.sock
ln -sf /run/docker.sock /tmp/innocent.sock
touch /tmp/bind-target.sock
mount --bind /run/docker.sock /tmp/bind-target.sock
bg "$BLTRY" pass-fd /tmp/fd-passer.sock /run/docker.sock
wait_for_socket /tmp/fd-passer.sock
sock='.hook == "unix_stream_connect" and (.rule | test("docker.sock"))'

attack "docker.sock connect" OK "$sock" "$BLTRY" connect-unix /run/docker.sock
attack "docker.sock via /var/run" OK "$sock" "$BLTRY" connect-unix /var/run/docker.sock
attack "docker.sock via a symlink" OK "$sock" "$BLTRY" connect-unix /tmp/innocent.sock
attack "docker.sock via a bind mount" OK "$sock" "$BLTRY" connect-unix /tmp/bind-target.sock
attack "docker.sock via /proc/self/root" OK "$sock" \
	"$BLTRY" connect-unix /proc/self/root/run/docker.sock
attack "docker.sock via an O_PATH fd in /proc/self/fd" OK "$sock" \
	"$BLTRY" connect-opath /run/docker.sock
attack "docker.sock from another mount namespace" OK "$sock" \
	"$BLTRY" in-mntns @CG@ "$BLTRY" connect-unix /run/docker.sock
attack "docker.sock fd passed in over SCM_RIGHTS" OK \
	'.hook == "file_receive" and (.rule | test("docker.sock"))' \
	"$BLTRY" recv-fd /tmp/fd-passer.sock
attack "docker.sock open(2)" ENXIO '.hook == "file_open" and .path == "/run/docker.sock"' \
	"$BLTRY" open /run/docker.sock rw

umount /tmp/bind-target.sock

# The host's other control sockets (profiles/default.ini): systemd's private bus and the D-Bus
# system bus, through which root on the host starts units (systemd-run). The guest runs neither:
# the test listens there itself, as dbus-daemon and PID 1 would.
made_dirs=()
for d in /run/dbus /run/systemd /run/systemd/journal; do
	[ -d "$d" ] || { mkdir "$d" && made_dirs=("$d" "${made_dirs[@]}"); }
done
made_socks=()
for s in /run/dbus/system_bus_socket /run/systemd/private /run/systemd/journal/stdout \
	/run/bl-unlisted.sock; do
	if [ -e "$s" ]; then
		echo "# $s exists already (a real service): tested as it is"
		continue
	fi
	bg "$BLTRY" serve-unix "$s"
	made_socks+=("$s")
	wait_for_socket "$s"
done
touch /tmp/bus-bind.sock
mount --bind /run/dbus/system_bus_socket /tmp/bus-bind.sock
bus='.hook == "unix_stream_connect" and (.rule | test("system_bus_socket"))'
priv='.hook == "unix_stream_connect" and (.rule | test("/run/systemd/private"))'

attack "D-Bus system bus connect" OK "$bus" "$BLTRY" connect-unix /run/dbus/system_bus_socket
attack "D-Bus system bus via /var/run" OK "$bus" \
	"$BLTRY" connect-unix /var/run/dbus/system_bus_socket
attack "D-Bus system bus via a bind mount" OK "$bus" "$BLTRY" connect-unix /tmp/bus-bind.sock
attack "systemd's private bus connect" OK "$priv" "$BLTRY" connect-unix /run/systemd/private
attack "systemd's private bus via /proc/self/root" OK "$priv" \
	"$BLTRY" connect-unix /proc/self/root/run/systemd/private
attack "systemd's private bus from another mount namespace" OK "$priv" \
	"$BLTRY" in-mntns @CG@ "$BLTRY" connect-unix /run/systemd/private
check "an unlisted socket beside them (/run/systemd/journal/stdout) connects" OK \
	in_cg "$ATTACK_BOUND" "$BLTRY" connect-unix /run/systemd/journal/stdout
check "an unlisted socket connects" OK in_cg "$ATTACK_BOUND" "$BLTRY" connect-unix /run/bl-unlisted.sock

umount /tmp/bus-bind.sock
kill_bg
rm -f "${made_socks[@]}" /tmp/bus-bind.sock
for d in "${made_dirs[@]}"; do rmdir "$d"; done
