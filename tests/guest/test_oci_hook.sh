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
	.process.args = ["sh", "-c", "bltry open /proc/sysrq-trigger w; cat /proc/self/cgroup"] |
	.linux.cgroupsPath = "/boxlock-oci/ctr1" |
	.annotations = {"io.boxlock.image": "boxlock-bb:latest"} |
	.hooks = {"createRuntime": [{"path": $hook, "args": ["boxlock", "hook", "--profiles", "/tmp/bl-hook-profiles"]}]}
' "$bundle/config.json" >"$bundle/config.new" && mv "$bundle/config.new" "$bundle/config.json"

out=$(cd "$bundle" && runc run bl-oci-1 2>&1)
rc=$?
if grep -qx EPERM <<<"$out"; then
	pass "oci hook: the container's first command is already denied (EPERM)"
else
	fail "oci hook: expected EPERM from the container, got rc=$rc: $out"
fi
if grep -q "boxlock-oci/ctr1" <<<"$out"; then
	pass "oci hook: runc set the container up under the bound cgroup (its set-up was not denied)"
else
	fail "oci hook: the container did not run in its cgroup: $out"
fi
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
