# shellcheck shell=bash
# boxlock-runc, the OCI runtime shim: a container it creates is bound before it runs an
# instruction of its own, whatever runs it (runc and crun directly, containerd's ctr, podman with
# --runtime or with the OCI hook, Docker with --default-runtime), wherever its cgroup is, with or
# without the boxlock daemon; a container it cannot bind is deleted, never started.
#
# Each container's first instruction connects to the Docker socket (a listener, or dockerd's
# own): the default profile denies it. Controls: the same container without the shim connects,
# and an ordinary container through the shim runs with zero events.
source "$TESTS/docker-lib.sh"

SHIM=$OUT/boxlock-runc
SHIM_DIR=/tmp/bl-shim
SHIM_PROFILES=$SHIM_DIR/profiles
SHIM_CGROUP=/boxlock-shim # runc containers' cgroups: under no binding
SOCK=/var/run/docker.sock
SOCK_RULE='.hook == "unix_stream_connect" and (.rule | test("docker.sock")) and .verdict == "denied"'

if ! command -v runc >/dev/null || [ ! -x "$SHIM" ]; then
	skip "shim: runc or $SHIM is missing"
	return 0
fi

ensure_loaded
rm -rf "$SHIM_DIR"
mkdir -p "$SHIM_PROFILES" /etc/boxlock
cp "$REPO"/profiles/*.ini "$SHIM_PROFILES"/
# A profile no test loads: only boxlock-runc can put it in the kernel, when a container asks.
cat >"$SHIM_PROFILES/shim-alt.ini" <<'EOF'
[profile]
description = default under another name, so that an event tells which profile was chosen
extends = default
mode = enforce
EOF
# The guest's /etc is its own (an overlay): nothing reaches the host.
printf '[shim]\nprofiles = %s\n' "$SHIM_PROFILES" >/etc/boxlock/shim.ini
bl profile unload shim-alt >/dev/null 2>&1
bl profile load "$SHIM_PROFILES/default.ini" >/dev/null
bg "$BLTRY" serve-unix "$SOCK"
wait_for_socket "$SOCK"

# --- 1. runc (and crun) through the shim ------------------------------------------------------

bundle=$SHIM_DIR/bundle
mkdir -p "$bundle"
make_busybox_rootfs "$bundle/rootfs"
(cd "$bundle" && runc spec)
jq --arg s "$SOCK" '.process.terminal = false | .process.args = ["bltry", "connect-unix", $s] |
	.mounts += [{destination: $s, source: $s, type: "bind", options: ["rbind"]}]' \
	"$bundle/config.json" >"$bundle/base.json"

# use_config ID [JQ_FILTER]: the bundle's config, with cgroup $SHIM_CGROUP/ID and the filter.
use_config() {
	jq --arg cg "$SHIM_CGROUP/$1" ".linux.cgroupsPath = \$cg | ${2:-.}" "$bundle/base.json" \
		>"$bundle/config.json"
}

# oci_create ID RUNTIME...: RUNTIME (the shim or runc, with global options) create ID. The
# container's stdio is create's: its output goes to files, read by oci_start. Sets RC and ERR.
oci_create() {
	local id=$1
	shift
	"$@" create --bundle "$bundle" "$id" >"$SHIM_DIR/$id.out" 2>"$SHIM_DIR/$id.err"
	RC=$?
	ERR=$(cat "$SHIM_DIR/$id.err")
}

# oci_start ID RUNTIME...: start, wait until the container stopped, delete it. Sets OUT.
oci_start() {
	local id=$1 _
	shift
	"$@" start "$id"
	for _ in $(seq 100); do
		[ "$("$@" state "$id" 2>/dev/null | jq -r .status)" = stopped ] && break
		sleep 0.2
	done
	OUT=$(cat "$SHIM_DIR/$id.out")
	"$@" delete -f "$id" >/dev/null 2>&1
}

binding_of() { # CGROUP: the profile the kernel binds it to, "" if none
	bl -j status | jq -r --arg cg "$1" '.bindings[] | select(.cgroup == $cg) | .profile'
}

expect_out() { # NAME WANT: the container's output ends with WANT
	if [ "$(tail -n 1 <<<"$OUT")" = "$2" ]; then
		pass "$1 (got $2)"
	else
		fail "$1: expected $2, got '$OUT' (create: $ERR)"
	fi
}

drain_events
use_config r-deny
oci_create r-deny "$SHIM" --log "$SHIM_DIR/r-deny.log" --log-format json
bound=$(binding_of "/sys/fs/cgroup$SHIM_CGROUP/r-deny")
if [ "$RC" -eq 0 ] && [ "$bound" = default ] &&
	[ "$(runc state r-deny | jq -r .status)" = created ]; then
	pass "shim runc: create returns with the container created and its cgroup bound to default"
else
	fail "shim runc: create: rc=$RC, binding '$bound', $ERR"
fi
if jq -e 'select(.level == "info" and (.msg | test("bound to profile default")))' \
	"$SHIM_DIR/r-deny.log" >/dev/null 2>&1; then
	pass "shim runc: runc's JSON log says which profile and why"
else
	fail "shim runc: the log has no binding line: $(cat "$SHIM_DIR/r-deny.log")"
fi
oci_start r-deny runc
expect_out "shim runc: the entrypoint's first instruction, a connect to the Docker socket, is denied" EPERM
check_event "shim runc: the event names the profile and the rule" \
	"$SOCK_RULE and .profile == \"default\" and .comm == \"bltry\""

# The annotation chooses the profile; the shim loads it from its directory.
if bl profile list | grep -q '^shim-alt '; then
	fail "shim runc: shim-alt is loaded before any container asked for it"
fi
use_config r-annot '.annotations = {"io.boxlock.profile": "shim-alt"}'
oci_create r-annot "$SHIM"
oci_start r-annot runc
expect_out "shim runc: annotation io.boxlock.profile=shim-alt: denied as well" EPERM
check_event "shim runc: the event names shim-alt, the annotation's profile" \
	"$SOCK_RULE and .profile == \"shim-alt\""
if bl profile list | grep -q '^shim-alt '; then
	pass "shim runc: shim-alt was not loaded; the shim loaded it from $SHIM_PROFILES"
else
	fail "shim runc: shim-alt is not loaded after its container ran"
fi

# Control: the same container with runc alone connects, and nothing is reported.
use_config r-plain
oci_create r-plain runc
oci_start r-plain runc
expect_out "shim runc: control: with runc alone the same container connects" OK
check_no_event "shim runc: control: nothing reported" '.comm == "bltry"'

if [ -x /usr/bin/crun ]; then
	use_config r-crun
	oci_create r-crun env BOXLOCK_RUNTIME=/usr/bin/crun "$SHIM"
	oci_start r-crun env BOXLOCK_RUNTIME=/usr/bin/crun "$SHIM"
	expect_out "shim crun: BOXLOCK_RUNTIME=crun: the first instruction is denied" EPERM
	check_event "shim crun: the event names default and the rule" "$SOCK_RULE and .profile == \"default\""
else
	skip "shim crun: crun is not installed"
fi

# no_container ID: runc has no such container and its cgroup is gone.
no_container() {
	! runc state "$1" >/dev/null 2>&1 && [ ! -d "/sys/fs/cgroup$SHIM_CGROUP/$1" ]
}

# A profile that cannot be had: create fails, says why (stderr, the JSON log), leaves nothing.
use_config r-bad '.annotations = {"io.boxlock.profile": "no-such-profile"}'
oci_create r-bad "$SHIM" --log "$SHIM_DIR/r-bad.log" --log-format json
if [ "$RC" -ne 0 ] && grep -q "no-such-profile" <<<"$ERR" && no_container r-bad; then
	pass "shim runc: a profile that does not exist fails create (exit $RC), no container left: $(head -n 1 <<<"$ERR" | cut -c1-160)"
else
	fail "shim runc: a missing profile: rc=$RC, state: $(runc state r-bad 2>&1 | head -n 1), $ERR"
fi
if [ "$(tail -n 1 "$SHIM_DIR/r-bad.log" | jq -r 'select(.level == "error") | .msg' 2>/dev/null |
	grep -c no-such-profile)" -eq 1 ]; then
	pass "shim runc: the error is runc's last JSON log line, where containerd reads it"
else
	fail "shim runc: JSON log: $(cat "$SHIM_DIR/r-bad.log")"
fi

# boxlock not loaded: create fails; the container never starts.
bl unload >/dev/null
use_config r-unloaded
oci_create r-unloaded "$SHIM"
if [ "$RC" -ne 0 ] && grep -q "not loaded" <<<"$ERR" && no_container r-unloaded; then
	pass "shim runc: boxlock unloaded: create fails (exit $RC) and leaves no container"
else
	fail "shim runc: boxlock unloaded: rc=$RC, state: $(runc state r-unloaded 2>&1 | head -n 1), $ERR"
fi
runc delete -f r-unloaded >/dev/null 2>&1
bl load >/dev/null
bl profile load "$SHIM_PROFILES/default.ini" >/dev/null

# --- 2. containerd: ctr run --runc-binary ------------------------------------------------------

# make_oci_image ROOTFS NAME OUT.tar: an OCI image layout of one layer, as `ctr image import`
# takes it (no registry here).
make_oci_image() {
	local root=$1 name=$2 out=$3 d ld ls cd cs md ms
	d=$(mktemp -d)
	mkdir -p "$d/blobs/sha256"
	tar -C "$root" -cf "$d/layer" .
	ld=$(sha256sum "$d/layer" | cut -d' ' -f1) ls=$(stat -c %s "$d/layer")
	mv "$d/layer" "$d/blobs/sha256/$ld"
	printf '{"architecture":"amd64","os":"linux","config":{"Cmd":["/bin/sh"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
		"$ld" >"$d/config"
	cd=$(sha256sum "$d/config" | cut -d' ' -f1) cs=$(stat -c %s "$d/config")
	mv "$d/config" "$d/blobs/sha256/$cd"
	printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:%s","size":%s}]}' \
		"$cd" "$cs" "$ld" "$ls" >"$d/manifest"
	md=$(sha256sum "$d/manifest" | cut -d' ' -f1) ms=$(stat -c %s "$d/manifest")
	mv "$d/manifest" "$d/blobs/sha256/$md"
	printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"io.containerd.image.name":"%s"}}]}' \
		"$md" "$ms" "$name" >"$d/index.json"
	echo '{"imageLayoutVersion":"1.0.0"}' >"$d/oci-layout"
	tar -C "$d" -cf "$out" oci-layout index.json blobs
	rm -rf "$d"
}

if command -v containerd >/dev/null && command -v ctr >/dev/null; then
	mkdir -p /etc/containerd
	# Its own containerd (dockerd, later, starts another), without the CRI plugin.
	printf 'version = 2\ndisabled_plugins = ["io.containerd.grpc.v1.cri"]\n' >"$SHIM_DIR/containerd.toml"
	containerd --config "$SHIM_DIR/containerd.toml" </dev/null >"$SHIM_DIR/containerd.log" 2>&1 &
	CONTAINERD_PID=$!
	for _ in $(seq 100); do
		ctr version >/dev/null 2>&1 && break
		sleep 0.3
	done
	IMAGE=docker.io/library/boxlock-bb:latest
	make_oci_image "$bundle/rootfs" "$IMAGE" "$SHIM_DIR/bb-oci.tar"
	if ctr image import --snapshotter native "$SHIM_DIR/bb-oci.tar" >/dev/null 2>&1; then
		# Bounded: a step that hangs fails alone instead of using up the guest's time.
		CTR=(timeout 300 ctr run --rm --snapshotter native)
		SHIM_CTR=("${CTR[@]}" --runc-binary "$SHIM")
		MNT=(--mount "type=bind,src=$SOCK,dst=$SOCK,options=rbind")

		drain_events
		OUT=$("${SHIM_CTR[@]}" "${MNT[@]}" "$IMAGE" c-deny bltry connect-unix "$SOCK" 2>&1)
		expect_out "shim ctr: ctr run --runc-binary boxlock-runc: the first instruction is denied" EPERM
		check_event "shim ctr: the event names default and the rule" "$SOCK_RULE and .profile == \"default\""

		OUT=$("${CTR[@]}" "${MNT[@]}" "$IMAGE" c-plain bltry connect-unix "$SOCK" 2>&1)
		expect_out "shim ctr: control: with containerd's runc the same container connects" OK
		check_no_event "shim ctr: control: nothing reported" '.comm == "bltry"'

		drain_events
		OUT=$("${SHIM_CTR[@]}" "$IMAGE" c-ordinary sh -c 'echo hi; ls /' 2>&1)
		if grep -qx hi <<<"$OUT" && grep -qx etc <<<"$OUT"; then
			pass "shim ctr: an ordinary container (echo hi; ls /) runs through the shim"
		else
			fail "shim ctr: an ordinary container: $OUT"
		fi
		check_no_event "shim ctr: zero events for the ordinary container" 'true'

		OUT=$("${SHIM_CTR[@]}" --annotation io.boxlock.profile=no-such-profile "$IMAGE" c-bad \
			echo started 2>&1)
		if ! grep -qx started <<<"$OUT" && grep -q "boxlock-runc: .*no-such-profile" <<<"$OUT" &&
			[ -z "$(ctr task ls -q | grep -x c-bad)" ]; then
			pass "shim ctr: an unbindable container does not start; ctr shows why: $(cut -c1-160 <<<"$OUT")"
		else
			fail "shim ctr: an unbindable container: $OUT; tasks: $(ctr task ls -q)"
		fi
		ctr container rm c-bad >/dev/null 2>&1
	else
		fail "shim ctr: ctr image import failed"
	fi
	kill "$CONTAINERD_PID"
	wait "$CONTAINERD_PID" 2>/dev/null
else
	skip "shim ctr: containerd or ctr is not installed"
fi

# --- 3. podman: --runtime boxlock-runc, and the OCI hook -----------------------------------------

if command -v podman >/dev/null; then
	# No systemd here: cgroupfs, a file for events; storage in tmpfs.
	PODMAN=(podman --root "$SHIM_DIR/pm/root" --runroot "$SHIM_DIR/pm/run" --storage-driver vfs
		--cgroup-manager cgroupfs --events-backend file)
	PIMAGE=localhost/boxlock-bb:latest
	HOOKS=$SHIM_DIR/hooks.d
	mkdir -p "$HOOKS"
	# The shipped hook, pointing at this build and at the test's profiles.
	jq --arg b "$BOXLOCK" --arg p "$SHIM_PROFILES" \
		'.hook.path = $b | .hook.args = ["boxlock", "hook", "--profiles", $p]' \
		"$REPO/packaging/oci-hooks.d/boxlock.json" >"$HOOKS/boxlock.json"
	if tar -C "$bundle/rootfs" -c . | "${PODMAN[@]}" import - "$PIMAGE" >/dev/null 2>&1; then
		prun() { timeout 300 "${PODMAN[@]}" run --rm --network none "$@" 2>&1; }
		for how in hook runtime; do
			if [ $how = hook ]; then
				WITH=(--hooks-dir "$HOOKS")
			else
				WITH=(--runtime "$SHIM")
			fi
			drain_events
			OUT=$(prun "${WITH[@]}" -v "$SOCK:$SOCK" "$PIMAGE" bltry connect-unix "$SOCK")
			expect_out "shim podman ($how): the first instruction is denied" EPERM
			check_event "shim podman ($how): the event names default and the rule" \
				"$SOCK_RULE and .profile == \"default\""
			OUT=$(prun "${WITH[@]}" "$PIMAGE" sh -c 'echo hi; ls /')
			if grep -qx hi <<<"$OUT" && grep -qx etc <<<"$OUT"; then
				pass "shim podman ($how): an ordinary container (echo hi; ls /) runs"
			else
				fail "shim podman ($how): an ordinary container: $OUT"
			fi
			check_no_event "shim podman ($how): zero events for the ordinary container" 'true'
		done
		OUT=$(prun -v "$SOCK:$SOCK" "$PIMAGE" bltry connect-unix "$SOCK")
		expect_out "shim podman: control: without the hook or the shim the same container connects" OK
		check_no_event "shim podman: control: nothing reported" '.comm == "bltry"'
	else
		fail "shim podman: podman import failed"
	fi
else
	skip "shim podman: podman is not installed"
fi
kill_bg
rm -f "$SOCK"

# --- 4. Docker with boxlock-runc as its default runtime; 5. without the daemon --------------------

if ! docker_available; then
	skip "shim docker: dockerd, containerd or the docker client is not installed"
elif [[ -n ${BOXLOCK_SKIP_TESTS:-} && test_docker =~ $BOXLOCK_SKIP_TESTS ]]; then
	# tests/run-all.sh runs real Docker on the first kernel only (minutes of emulated time).
	skip "shim docker: Docker tests are not run on this kernel (see tests/run-all.sh)"
elif ! start_dockerd --add-runtime "boxlock=$SHIM" --default-runtime boxlock; then
	fail "shim docker: dockerd does not start"
else
	# Two small images: busybox (with bltry), and boxlock-web, which the web profile matches.
	tar -C "$bundle/rootfs" -c . | "$DOCKER" import - boxlock-bb:latest >/dev/null
	cp -a "$bundle/rootfs" "$SHIM_DIR/web"
	mkdir -p "$SHIM_DIR/web/www"
	echo "hello from boxlock-web" >"$SHIM_DIR/web/www/index.html"
	tar -C "$SHIM_DIR/web" -c . | "$DOCKER" import - boxlock-web:latest >/dev/null
	DSOCK=(-v "$SOCK:$SOCK")
	DRUN=(timeout 300 "$DOCKER" run)

	doc=$(bl -j doctor | jq -r '.checks[] | select(.name == "docker-shim") | .status')
	[ "$doc" = ok ] && pass "shim docker: doctor: Docker's default runtime is boxlock-runc" ||
		fail "shim docker: doctor's docker-shim check says '$doc'"

	# With the daemon: it must keep the shim's binding (and the profile chosen by a label).
	if start_daemon; then
		id=$("${DRUN[@]}" -d --name shim-web --network none "${DSOCK[@]}" boxlock-web \
			httpd -f -p 8080 -h /www)
		wait_bound "$id"
		prof=$(bl -j container list | jq -r '.[] | select(.name == "shim-web") | .profile')
		[ "$prof" = web ] && pass "shim docker: the image boxlock-web got profile web (from Docker's config.v2.json)" ||
			fail "shim docker: boxlock-web is under '$prof'"
		OUT=$(timeout 300 "$DOCKER" exec shim-web bltry connect-unix "$SOCK" 2>&1)
		expect_out "shim docker: docker exec: the exec'd command's first instruction is denied" EPERM
		check_log_event "shim docker: the exec's event names the web profile" \
			"$SOCK_RULE and .profile == \"web\" and .container.name == \"shim-web\""
		OUT=$(timeout 300 "$DOCKER" exec shim-web cat /www/index.html 2>&1)
		expect_out "shim docker: control: docker exec of an ordinary command works" \
			"hello from boxlock-web"

		id=$("${DRUN[@]}" -d --name shim-label --network none "${DSOCK[@]}" \
			--label io.boxlock.profile=shim-alt boxlock-bb sleep 600)
		wait_bound "$id"
		prof=$(bl -j container list | jq -r '.[] | select(.name == "shim-label") | .profile')
		cg=$(bl -j container list | jq -r '.[] | select(.name == "shim-label") | .cgroup')
		if [ "$prof" = shim-alt ] && [ "$(binding_of "$cg")" = shim-alt ]; then
			pass "shim docker: label io.boxlock.profile=shim-alt: the daemon keeps the shim's binding"
		else
			fail "shim docker: label: the daemon lists '$prof', the kernel binds '$(binding_of "$cg")'"
		fi
		OUT=$(timeout 300 "$DOCKER" exec shim-label bltry connect-unix "$SOCK" 2>&1)
		expect_out "shim docker: docker exec into the labelled container is denied" EPERM
		check_log_event "shim docker: the event names shim-alt" \
			"$SOCK_RULE and .profile == \"shim-alt\" and .container.name == \"shim-label\""
		"$DOCKER" rm -f shim-web shim-label >/dev/null 2>&1
		kill "$BOXLOCK_DAEMON_PID"
		wait "$BOXLOCK_DAEMON_PID" 2>/dev/null
	else
		fail "shim docker: the boxlock daemon does not start"
	fi

	# 5. The daemon is stopped. A container outside any bound parent is still denied from its
	# first instruction.
	drain_events
	OUT=$("${DRUN[@]}" --rm --network none --cgroup-parent /outside-anything "${DSOCK[@]}" \
		boxlock-bb bltry connect-unix "$SOCK" 2>&1)
	expect_out "shim docker: no daemon, --cgroup-parent /outside-anything: the entrypoint's connect to dockerd is denied" EPERM
	check_event "shim docker: the event names default and the rule" "$SOCK_RULE and .profile == \"default\""
	OUT=$("${DRUN[@]}" --rm --network none --runtime runc --cgroup-parent /outside-anything \
		"${DSOCK[@]}" boxlock-bb bltry connect-unix "$SOCK" 2>&1)
	expect_out "shim docker: control: --runtime runc, the same container reaches dockerd" OK
	check_no_event "shim docker: control: nothing reported" '.comm == "bltry"'

	drain_events
	OUT=$("${DRUN[@]}" --rm --network none boxlock-bb sh -c 'echo hi; ls /' 2>&1)
	if grep -qx hi <<<"$OUT" && grep -qx etc <<<"$OUT"; then
		pass "shim docker: an ordinary container (echo hi; ls /) runs"
	else
		fail "shim docker: an ordinary container: $OUT"
	fi
	check_no_event "shim docker: zero events for the ordinary container" 'true'
	stop_dockerd
fi

rm -f /etc/boxlock/shim.ini
