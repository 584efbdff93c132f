# shellcheck shell=bash
# Exec allow-list: what a container may execute follows the file executed, not the name used.
profile=/tmp/test-exec.ini
cat >"$profile" <<INI
[profile]
name = test-exec
mode = enforce
[exec]
allow = /usr/ /bin/ /sbin/ /lib/ /lib64/ $OUT/
deny = /usr/bin/nsenter
INI
attack_setup "$profile" test-exec
cp /usr/bin/true /tmp/true-copy
cp /usr/bin/dash /tmp/sh-copy
ln -sf /usr/bin/nsenter /tmp/innocent-name
ln -f /tmp/true-copy /tmp/true-hardlink
printf '#!/tmp/sh-copy\nexit 0\n' >/usr/local/bin/bl-script
chmod +x /usr/local/bin/bl-script
ex='.hook == "bprm_check_security"'

attack "exec a copy of a binary in a writable dir" OK "$ex and .path == \"/tmp/true-copy\"" \
	"$BLTRY" exec /tmp/true-copy
attack "exec a hard link in a writable dir" OK "$ex and .path == \"/tmp/true-hardlink\"" \
	"$BLTRY" exec /tmp/true-hardlink
attack "exec a denied binary through a symlink" OK \
	"$ex and .path == \"/usr/bin/nsenter\" and (.rule | test(\"nsenter\"))" \
	"$BLTRY" exec /tmp/innocent-name --version
attack "execveat(AT_EMPTY_PATH) of an O_PATH fd" OK "$ex and .path == \"/tmp/true-copy\"" \
	"$BLTRY" exec-fd /tmp/true-copy
attack "memfd_create + fexecve" OK "$ex and (.path | test(\"memfd\"))" \
	"$BLTRY" exec-memfd /usr/bin/true
attack "an allowed script whose interpreter is not allowed" OK \
	"$ex and .path == \"/tmp/sh-copy\"" "$BLTRY" exec /usr/local/bin/bl-script
check "exec: an allowed binary runs" OK in_cg "$ATTACK_BOUND" "$BLTRY" exec /usr/bin/true
check "exec: an allowed binary through a symlink runs" OK \
	in_cg "$ATTACK_BOUND" "$BLTRY" exec /bin/true

# Mapping a file executable is judged as executing it (mmap_file, file_mprotect): the dynamic
# loader, an allowed binary, maps and runs what the kernel was never asked to exec.
ldso=/lib64/ld-linux-x86-64.so.2
mm='.hook == "mmap_file" and .path == "/tmp/true-copy" and (.rule | test("allow list"))'
# The loader's message says its map failed but not why (no errno): the event names the rule, and
# mmap-exec, the loader's own call, shows the EPERM.
ATTACK_DENIED=MAP-FAILED attack "the dynamic loader runs a copy in a writable dir" OK "$mm" \
	"$BLTRY" exec-ldso "$ldso" /tmp/true-copy
attack "mmap(PROT_EXEC) of a copy in a writable dir" OK "$mm" "$BLTRY" mmap-exec /tmp/true-copy
attack "mprotect(PROT_EXEC) of a read-only mapping of a copy" OK \
	'.hook == "file_mprotect" and .path == "/tmp/true-copy" and (.rule | test("allow list"))' \
	"$BLTRY" mprotect-exec /tmp/true-copy
ATTACK_DENIED=MAP-FAILED attack "the dynamic loader maps a denied binary inside an allowed dir" OK \
	'.hook == "mmap_file" and .path == "/usr/bin/nsenter" and (.rule | test("nsenter"))' \
	"$BLTRY" exec-ldso "$ldso" /usr/bin/nsenter --version
check "exec: the dynamic loader runs an allowed binary" OK \
	in_cg "$ATTACK_BOUND" "$BLTRY" exec-ldso "$ldso" /usr/bin/true
check "mmap(PROT_EXEC) of an allowed library" OK \
	in_cg "$ATTACK_BOUND" "$BLTRY" mmap-exec /usr/lib/x86_64-linux-gnu/libc.so.6
check "mprotect(PROT_EXEC) of an allowed library" OK \
	in_cg "$ATTACK_BOUND" "$BLTRY" mprotect-exec /usr/lib/x86_64-linux-gnu/libc.so.6
check "mprotect(PROT_EXEC) of shared anonymous memory (out of scope: not judged)" OK \
	in_cg "$ATTACK_BOUND" "$BLTRY" mprotect-exec-anon
if out=$(in_cg "$ATTACK_BOUND" /usr/bin/ls -d / 2>&1) && [ "$out" = / ]; then
	pass "exec: ls (dynamic, libc and its loader under /usr/) runs"
else
	fail "exec: ls did not run under the allow-list: '$out'"
fi

# A profile whose [exec] is a deny list only maps what it likes: no allow-list, no mmap judging.
cat >/tmp/test-exec-denyonly.ini <<INI
[profile]
name = test-exec-denyonly
mode = enforce
[exec]
deny = /usr/bin/nsenter
INI
denyonly=$(new_cgroup exec-denyonly)
if bl profile load /tmp/test-exec-denyonly.ini >/dev/null &&
	bl bind --cgroup "$denyonly" --profile test-exec-denyonly >/dev/null; then
	drain_events
	check "exec deny-list only: the dynamic loader runs a copy" OK \
		in_cg "$denyonly" "$BLTRY" exec-ldso "$ldso" /tmp/true-copy
	check_no_event "exec deny-list only: no mmap event" ".cgroup == \"$denyonly\""
else
	fail "exec: the deny-only profile does not load or bind"
fi
