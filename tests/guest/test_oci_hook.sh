# shellcheck shell=bash
# The OCI createRuntime hook with runc itself: the container's cgroup is bound before the
# container runs an instruction, armed at its first exec, so runc's own set-up is not disturbed
# and the container's first command is already under the profile.
source "$TESTS/docker-lib.sh"

if ! command -v runc >/dev/null; then
	skip "oci hook: runc is not installed"
	return 0
fi
ensure_loaded
mkdir -p /tmp/bl-hook-profiles
cp "$REPO"/profiles/*.ini /tmp/bl-hook-profiles/
bl profile load /tmp/bl-hook-profiles/*.ini >/dev/null
bundle=/tmp/bl-bundle
rm -rf "$bundle"
mkdir -p "$bundle"
make_busybox_rootfs "$bundle/rootfs"
(cd "$bundle" && runc spec)
# The container's command, its cgroup, and the hook.
jq --arg hook "$BOXLOCK" '
	.process.terminal = false |
	.process.args = ["bltry", "unshare-user"] |
	.linux.cgroupsPath = "/boxlock-oci/ctr1" |
	.annotations = {"io.boxlock.image": "boxlock-bb:latest"} |
	.hooks = {"createRuntime": [{"path": $hook, "args": ["boxlock", "hook", "--profiles", "/tmp/bl-hook-profiles"]}]}
' "$bundle/config.json" >"$bundle/config.new" && mv "$bundle/config.new" "$bundle/config.json"

drain_events
out=$(cd "$bundle" && runc run bl-oci-1 2>&1)
rc=$?
if grep -qx EPERM <<<"$out"; then
	pass "oci hook: runc's set-up passed and the container's first command is denied (EPERM)"
else
	fail "oci hook: expected EPERM from the container, got rc=$rc: $out"
fi
# (The container's cgroup is gone by the time the event is read, so its path is empty.)
check_event "oci hook: the event names the hook, the image's profile and its rule" \
	'.hook == "userns_create" and .profile == "default" and (.rule | test("userns")) and .verdict == "denied"'
runc delete -f bl-oci-1 >/dev/null 2>&1
# The control: the same container without the hook creates its user namespace.
jq 'del(.hooks)' "$bundle/config.json" >"$bundle/config.new" && mv "$bundle/config.new" "$bundle/config.json"
out=$(cd "$bundle" && runc run bl-oci-2 2>&1)
if grep -qx OK <<<"$out"; then
	pass "oci hook: control: without the hook the same container creates it (OK)"
else
	fail "oci hook: control: expected OK, got: $out"
fi
runc delete -f bl-oci-2 >/dev/null 2>&1
runc delete -f bl-oci-1 >/dev/null 2>&1

out=$(echo 'not json' | bl hook 2>&1)
rc=$?
if [ $rc -ne 0 ] && grep -q "hook:" <<<"$out"; then
	pass "oci hook: garbage on stdin is refused with a clear error ($(head -n 1 <<<"$out"))"
else
	fail "oci hook: garbage on stdin: rc=$rc: $out"
fi
out=$(echo '{"ociVersion":"1.0.2","id":"x","pid":-5}' | bl hook 2>&1)
rc=$?
if [ $rc -ne 0 ] && grep -q "pid" <<<"$out"; then
	pass "oci hook: a state without a valid pid is refused ($(head -n 1 <<<"$out"))"
else
	fail "oci hook: a bad pid: rc=$rc: $out"
fi
