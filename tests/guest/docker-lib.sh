# shellcheck shell=bash
# Real Docker in the guest: Debian's dockerd (20.10) and containerd, cgroupfs driver, vfs storage,
# no networking set-up, and images built here (no registry is reachable).

DOCKER=/usr/bin/docker # Debian's client, the same API version as its dockerd
export DOCKER_API_VERSION=1.41
IMAGES_DIR=/tmp/bl-images

docker_available() {
	[ -x /usr/sbin/dockerd ] && [ -x "$DOCKER" ] && command -v containerd >/dev/null
}

# Starts dockerd (which starts its own containerd) and waits until it answers. Arguments are
# dockerd's own (--add-runtime ...).
start_dockerd() {
	mkdir -p /etc/docker /var/lib/docker /var/log
	dockerd --iptables=false --ip6tables=false --bridge=none --storage-driver=vfs \
		--exec-opt native.cgroupdriver=cgroupfs --log-level=warn "$@" \
		</dev/null >/var/log/dockerd.log 2>&1 &
	DOCKERD_PID=$!
	local _
	for _ in $(seq 300); do
		"$DOCKER" version >/dev/null 2>&1 && return 0
		sleep 0.5
	done
	echo "dockerd did not start:"
	tail -n 30 /var/log/dockerd.log
	return 1
}

stop_dockerd() {
	[ -n "${DOCKERD_PID:-}" ] && kill "$DOCKERD_PID" 2>/dev/null
	local _
	for _ in $(seq 100); do
		kill -0 "$DOCKERD_PID" 2>/dev/null || return 0
		sleep 0.2
	done
}

# A busybox root file system: the static busybox and a link per applet.
make_busybox_rootfs() {
	local root=$1 app
	mkdir -p "$root"/bin "$root"/sbin "$root"/usr/bin "$root"/etc "$root"/tmp "$root"/proc "$root"/mnt \
		"$root"/sys "$root"/dev "$root"/var/run
	cp /bin/busybox "$root"/bin/busybox
	cp "$BLTRY" "$root"/bin/bltry # makes the raw syscall where busybox would check first
	for app in $(/bin/busybox --list); do
		[ -e "$root/bin/$app" ] || ln -s busybox "$root/bin/$app"
	done
	echo "root:x:0:0:root:/root:/bin/sh" >"$root"/etc/passwd
	echo "root:x:0:" >"$root"/etc/group
}

# build_images [NAME...]: builds the test images named (default: all three): bb, boxlock-bb
# (busybox); client, boxlock-client (busybox + Debian's docker client and the two libraries it
# needs); web, boxlock-web (busybox httpd serving /www). A test builds only those it runs: the
# client image carries a 45 MB docker binary, copied, tarred and imported under emulation.
build_images() {
	local want=" ${*:-bb client web} "
	rm -rf "$IMAGES_DIR"
	mkdir -p "$IMAGES_DIR"
	make_busybox_rootfs "$IMAGES_DIR/bb"
	if [[ $want == *" bb "* ]]; then
		tar -C "$IMAGES_DIR/bb" -c . | "$DOCKER" import - boxlock-bb:latest >/dev/null || return 1
	fi

	if [[ $want == *" client "* ]]; then
		cp -a "$IMAGES_DIR/bb" "$IMAGES_DIR/client"
		mkdir -p "$IMAGES_DIR/client/lib/x86_64-linux-gnu" "$IMAGES_DIR/client/lib64"
		cp "$DOCKER" "$IMAGES_DIR/client/usr/bin/docker"
		cp /lib/x86_64-linux-gnu/libc.so.6 "$IMAGES_DIR/client/lib/x86_64-linux-gnu/"
		cp /lib64/ld-linux-x86-64.so.2 "$IMAGES_DIR/client/lib64/"
		tar -C "$IMAGES_DIR/client" -c . | "$DOCKER" import - boxlock-client:latest >/dev/null ||
			return 1
	fi

	if [[ $want == *" web "* ]]; then
		cp -a "$IMAGES_DIR/bb" "$IMAGES_DIR/web"
		mkdir -p "$IMAGES_DIR/web/www"
		echo "hello from boxlock-web" >"$IMAGES_DIR/web/www/index.html"
		tar -C "$IMAGES_DIR/web" -c . | "$DOCKER" import - boxlock-web:latest >/dev/null ||
			return 1
	fi
	return 0
}

# Runs the boxlock daemon with the shipped profiles (copied, so a test may add its own).
PROFILES_DIR=/tmp/bl-profiles
DAEMON_LOG=/tmp/bl-daemon.log
EVENT_LOG=/var/log/boxlock/events.json
start_daemon() {
	mkdir -p "$PROFILES_DIR"
	cp "$REPO"/profiles/*.ini "$PROFILES_DIR"/
	local started
	# grep -c fails on a missing log (and on no match): demo.sh runs with set -e.
	started=$(grep -c "daemon enforcing" "$DAEMON_LOG" 2>/dev/null || true)
	"$BOXLOCK" daemon --profiles "$PROFILES_DIR" --log "$EVENT_LOG" "$@" \
		</dev/null >>"$DAEMON_LOG" 2>&1 &
	BOXLOCK_DAEMON_PID=$!
	local _
	for _ in $(seq 100); do
		# This daemon's own line, not one from an earlier start.
		[ "$(grep -c "daemon enforcing" "$DAEMON_LOG" 2>/dev/null || true)" -gt "${started:-0}" ] &&
			return 0
		kill -0 "$BOXLOCK_DAEMON_PID" 2>/dev/null || break
		sleep 0.2
	done
	echo "boxlock daemon did not start:"
	cat "$DAEMON_LOG"
	return 1
}

# Events the daemon logged that match a jq filter (one JSON object per line).
log_events() {
	select_events "$1" "$EVENT_LOG"
}

# check_log_event NAME FILTER: waits up to 5 s for a logged event matching FILTER.
check_log_event() {
	local name=$1 filter=$2 _
	for _ in $(seq 25); do
		if [ -n "$(log_events "$filter")" ]; then
			pass "$name"
			return 0
		fi
		sleep 0.2
	done
	fail "$name: no logged event matches '$filter'; the log ends with:"
	tail -n 5 "$EVENT_LOG" | sed 's/^/    /'
}

# Waits until the daemon bound container $1 (up to 10 s).
wait_bound() {
	local _
	for _ in $(seq 50); do
		"$BOXLOCK" -j container list 2>/dev/null |
			jq -e --arg id "$1" 'map(select(.id | startswith($id))) | length > 0' >/dev/null &&
			return 0
		sleep 0.2
	done
	return 1
}
