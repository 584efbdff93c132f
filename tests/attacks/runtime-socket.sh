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
kill_bg
