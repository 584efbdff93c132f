# shellcheck shell=bash
# Learn, then enforce: a workload runs under a learn-mode profile (extends default), `boxlock
# profile generate` writes a profile from what it did, that profile passes `profile check`, and
# loaded in enforce mode it lets the same workload run with no event while a program, a write, a
# destination and a port the workload never used are each denied with EPERM and an event that
# names the generated profile. An escape tried while learning is denied and is not in the output.

gen_test() {
	ensure_loaded
	dir=$(mktemp -d /tmp/bl-gen.XXXXXX)
	# Written by the workload: a directory of its own, outside the temporary roots (which the
	# generator allows whole), wherever the checkout is: a clone under /tmp would put $OUT there.
	data=/srv/boxlock-gen-test
	rm -rf "$data"
	mkdir -p "$data/out"
	cp "$REPO/profiles/default.ini" "$dir/"
	cat >"$dir/gl.ini" <<-'EOF'
	[profile]
	description = learns the generate test's workload
	extends = default
	mode = learn

	[learn]
	watch-read = /etc/
	EOF
	if ! bl profile load "$dir/gl.ini" >/dev/null; then
		fail "generate: the learn profile does not load"
		rm -rf "$dir" "$data"
		return 0
	fi
	bl profile forget gl >/dev/null
	learn=$(new_cgroup gen-learn)
	bl bind --cgroup "$learn" --profile gl >/dev/null || fail "generate: cannot bind $learn"

	bg "$BLTRY" serve-tcp 127.0.0.1 18080
	bg "$BLTRY" serve-tcp 127.0.0.1 18090
	bg "$BLTRY" serve-unix /run/docker.sock
	wait_for_socket /run/docker.sock
	sleep 1
	drain_events

	# The workload: the same calls are made again under the generated profile.
	workload() { # CGROUP LABEL
		check "$2: exec of a dynamic program" OK in_cg "$1" "$BLTRY" exec /bin/true
		check "$2: write of its output" OK in_cg "$1" "$BLTRY" open "$data/out/result" w
		check "$2: read under the watched /etc/" OK in_cg "$1" "$BLTRY" open /etc/hostname r
		check "$2: connect to its backend" OK in_cg "$1" "$BLTRY" connect-tcp 127.0.0.1 18080
		check "$2: listen on its port" OK in_cg "$1" "$BLTRY" listen 127.0.0.1 18081
	}
	: >"$data/out/result"
	workload "$learn" "learn"
	check "learn: an escape (the Docker socket) is still denied while learning" EPERM \
		in_cg "$learn" "$BLTRY" connect-unix /run/docker.sock

	if bl -j profile generate gl | jq -e 'map(select(.kind == "exec")) | length > 0' >/dev/null; then
		pass "generate -j: the observations, exec among them"
	else
		fail "generate -j: no exec observation:"
		bl -j profile generate gl 2>&1 | head -20 | sed 's/^/    /'
	fi
	if bl profile generate gl --name gl-gen --images 'gen-test:*' -o "$dir/gl-gen.ini" >/dev/null; then
		pass "generate: wrote $dir/gl-gen.ini"
	else
		fail "generate: profile generate gl failed"
	fi
	if [ -s "$dir/gl-gen.ini" ] && bl profile check "$dir/gl-gen.ini" >/dev/null; then
		pass "generate: the generated profile passes profile check"
	else
		fail "generate: the generated profile does not pass profile check:"
		bl profile check "$dir/gl-gen.ini" 2>&1 | sed 's/^/    /'
	fi
	if grep -q "docker.sock" "$dir/gl-gen.ini"; then
		fail "generate: the escape attempted while learning is in the generated profile"
	else
		pass "generate: the escape attempted while learning is not in the generated profile"
	fi
	cp "$dir/gl-gen.ini" "$OUT/gen-test.generated.ini" 2>/dev/null # for reading after the run

	# Enforce: the same workload, nothing reported; what it never did, denied.
	enforce=$(new_cgroup gen-enforce)
	if bl profile load "$dir/gl-gen.ini" >/dev/null &&
		bl bind --cgroup "$enforce" --profile gl-gen >/dev/null; then
		drain_events
		workload "$enforce" "enforce"
		check_no_event "enforce: the learned workload runs with no event" \
			".profile == \"gl-gen\""
		check "enforce: a program never run is denied" EPERM \
			in_cg "$enforce" "$BLTRY" exec /bin/ls
		check_event "enforce: its event names the generated rule" \
			".profile == \"gl-gen\" and .verdict == \"denied\" and (.rule | test(\"gl-gen.ini\"))"
		: >"$data/other" # it exists: the open's only answer is boxlock's
		check "enforce: a write outside the learned paths is denied" EPERM \
			in_cg "$enforce" "$BLTRY" open "$data/other" w
		check "enforce: a read under the watched root never made is denied" EPERM \
			in_cg "$enforce" "$BLTRY" open /etc/passwd r
		check "enforce: a destination never used is denied" EPERM \
			in_cg "$enforce" "$BLTRY" connect-tcp 127.0.0.1 18090
		check "enforce: a port never served on is denied" EPERM \
			in_cg "$enforce" "$BLTRY" listen 127.0.0.1 18082
		check_event "enforce: the listen's event names the generated profile" \
			".profile == \"gl-gen\" and .hook == \"socket_listen\" and .verdict == \"denied\""
		bl unbind --cgroup "$enforce" >/dev/null
	else
		fail "generate: the generated profile does not load or bind"
	fi

	# Unloading a profile deletes what it learned (its id is reused).
	bl unbind --cgroup "$learn" >/dev/null
	if bl profile unload gl >/dev/null && bl profile load "$dir/gl.ini" >/dev/null &&
		! bl profile generate gl >/dev/null 2>&1; then
		pass "unload: the profile's observations went with it"
	else
		fail "unload: observations of profile gl survived its unload"
	fi
	bl profile unload gl >/dev/null 2>&1
	bl profile unload gl-gen >/dev/null 2>&1
	kill_bg
	rm -rf "$dir" "$data"
	rmdir "$learn" "$enforce" 2>/dev/null
}
gen_test
