# shellcheck shell=bash
# file_open: a path the profile lists is denied (EPERM) to a task in a bound cgroup in enforce
# mode, allowed and reported in audit mode, and never touched outside a bound cgroup.

ensure_loaded
bound=$(new_cgroup files-bound)
nested=$(new_cgroup files-bound/nested)
free=$(new_cgroup files-free)
bl profile load "$TESTS/profiles/test-files.ini" >/dev/null
bl bind --cgroup "$bound" --profile test-files >/dev/null

# A real unix socket where Docker's would be (/var/run is a link to /run).
bg "$BLTRY" serve-unix /run/docker.sock
wait_for_socket /run/docker.sock
echo secret >/tmp/bl-secret
echo data >/tmp/bl-readonly
echo fine >/tmp/bl-other
drain_events

bl mode enforce --profile test-files >/dev/null
check "file_open enforce: bound task opening /run/docker.sock gets EPERM" EPERM \
	in_cg "$bound" "$BLTRY" open /run/docker.sock rw
check_event "file_open enforce: event names the path, cgroup and rule" \
	".verdict == \"denied\" and .hook == \"file_open\" and .path == \"/run/docker.sock\" and .cgroup == \"$bound\" and .profile == \"test-files\" and (.rule | test(\"docker.sock\"))"
check "file_open enforce: bound task reading a listed file gets EPERM" EPERM \
	in_cg "$bound" "$BLTRY" open /tmp/bl-secret r
check "file_open enforce: nested cgroup inherits the binding" EPERM \
	in_cg "$nested" "$BLTRY" open /tmp/bl-secret r
check_event "file_open enforce: nested event names its own cgroup and the bound one" \
	".cgroup == \"$nested\" and .bound_cgroup == \"$bound\""
check "file_open enforce: deny-write refuses a write open" EPERM \
	in_cg "$bound" "$BLTRY" open /tmp/bl-readonly w
check "file_open enforce: deny-write still allows a read open" OK \
	in_cg "$bound" "$BLTRY" open /tmp/bl-readonly r
check "control: bound task opens an unlisted file" OK \
	in_cg "$bound" "$BLTRY" open /tmp/bl-other r
check "control: unbound task reaches /run/docker.sock (ENXIO is the socket's own answer)" ENXIO \
	in_cg "$free" "$BLTRY" open /run/docker.sock rw
check "control: unbound task reads the listed file" OK \
	in_cg "$free" "$BLTRY" open /tmp/bl-secret r
check_no_event "control: no event for the unbound cgroup" ".cgroup == \"$free\""

bl mode audit --profile test-files >/dev/null
check "file_open audit: bound task's open of /run/docker.sock passes the LSM" ENXIO \
	in_cg "$bound" "$BLTRY" open /run/docker.sock rw
check "file_open audit: bound task reads the listed file" OK \
	in_cg "$bound" "$BLTRY" open /tmp/bl-secret r
check_event "file_open audit: the would-be denial is reported" \
	".verdict == \"audited\" and .mode == \"audit\" and .path == \"/tmp/bl-secret\" and .cgroup == \"$bound\""

bl mode enforce --profile test-files >/dev/null
check "file_open: back in enforce mode, denied again" EPERM \
	in_cg "$bound" "$BLTRY" open /tmp/bl-secret r

kill_bg
bl unbind --cgroup "$bound" >/dev/null
check "file_open: after unbind the task opens the file" OK in_cg "$bound" "$BLTRY" open /tmp/bl-secret r
