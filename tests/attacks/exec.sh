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
