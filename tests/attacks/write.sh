# shellcheck shell=bash
# deny-write means the content and the names cannot change, by any syscall: not only an open for
# writing (file_open) but truncate, chmod, chown, utimes, xattrs (file_change) and unlink, rename
# either way, link, and new names in a denied directory (name_change).
w=/tmp/bl-write
rm -rf $w
mkdir -p $w/rodir
echo content >$w/ro
echo other >$w/other
echo free >$w/free
echo inside >$w/rodir/f
# The profile is loaded now: the identity of /tmp/bl-write/ro is taken here, which judges the
# hooks that give no mount (utimes, setxattr). Those run first, before an audited unlink or rename
# gives the name another inode.
attack_setup "$TESTS/profiles/test-write.ini" test-write

on() { # HOOK OPERATION RULE_PATH: the filter for that event of that rule
	echo ".hook == \"$1\" and .operation == \"$2\" and (.rule | startswith(\"files: deny-write $3 \"))"
}
# Puts the file back as it was, keeping its inode where it still exists.
attack_reset() {
	[ -e $w/moved ] && mv $w/moved $w/ro
	[ -e $w/ro ] || echo content >$w/ro
	echo content >$w/ro
	chmod 644 $w/ro
	"$BLTRY" removexattr $w/ro >/dev/null 2>&1
	rm -f $w/ro2 $w/rodir/new $w/rodir/link
	[ -e $w/other ] || echo other >$w/other
	[ -d $w/rodir2 ] && mv $w/rodir2 $w/rodir
	rmdir $w/rodir/d 2>/dev/null
	true
}

attack "truncate(2) a deny-write file" OK "$(on file_change truncate $w/ro)" "$BLTRY" truncate $w/ro
attack "chmod a deny-write file" OK "$(on file_change chmod $w/ro)" "$BLTRY" chmod $w/ro
attack "chown a deny-write file" OK "$(on file_change chown $w/ro)" "$BLTRY" chown $w/ro
attack "utimes a deny-write file" OK "$(on file_change setattr $w/ro)" "$BLTRY" utimes $w/ro
# A filesystem without user xattrs answers EOPNOTSUPP after boxlock: the kernel's own answer.
xattr_ok=$("$BLTRY" setxattr $w/ro | tail -n 1)
attack_reset
attack "setxattr a deny-write file" "$xattr_ok" "$(on file_change setxattr $w/ro)" \
	"$BLTRY" setxattr $w/ro
attack "link a second name to a deny-write file" OK "$(on name_change link-from $w/ro)" \
	"$BLTRY" link $w/ro $w/ro2
attack "rename a deny-write file away" OK "$(on name_change rename-from $w/ro)" \
	"$BLTRY" rename $w/ro $w/moved
attack "rename a file over a deny-write file" OK "$(on name_change rename-to $w/ro)" \
	"$BLTRY" rename $w/other $w/ro
attack "unlink a deny-write file" OK "$(on name_change unlink $w/ro)" "$BLTRY" unlink $w/ro

# A directory rule: no new name, no name removed, and the directory itself keeps its name.
attack "create a file in a deny-write directory" OK "$(on name_change create $w/rodir/)" \
	"$BLTRY" creat $w/rodir/new
# mkdir and symlink are path_mkdir's and path_symlink's: the same judgement as create, enforced
# here only, to keep this file's guest time down.
bl mode enforce --profile test-write >/dev/null
check "mkdir in a deny-write directory (enforce)" EPERM \
	in_cg "$ATTACK_BOUND" "$BLTRY" mkdir $w/rodir/d
check "symlink in a deny-write directory (enforce)" EPERM \
	in_cg "$ATTACK_BOUND" "$BLTRY" symlink /etc/passwd $w/rodir/link
attack "rename the deny-write directory itself" OK "$(on name_change rename-from $w/rodir/)" \
	"$BLTRY" rename $w/rodir $w/rodir2

attack_reset
bl mode enforce --profile test-write >/dev/null
check "control: read the deny-write file" OK in_cg "$ATTACK_BOUND" "$BLTRY" open $w/ro r
check "control: write an unlisted file" OK in_cg "$ATTACK_BOUND" "$BLTRY" open $w/free w
check "control: chmod an unlisted file" OK in_cg "$ATTACK_BOUND" "$BLTRY" chmod $w/free
check "control: rename an unlisted file" OK in_cg "$ATTACK_BOUND" "$BLTRY" rename $w/free $w/free2
check "control: unlink an unlisted file" OK in_cg "$ATTACK_BOUND" "$BLTRY" unlink $w/free2
check "control: mkdir outside the denied directory" OK \
	in_cg "$ATTACK_BOUND" "$BLTRY" mkdir $w/d
unset -f attack_reset
rm -rf $w
