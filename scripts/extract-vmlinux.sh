#!/usr/bin/env bash
# Decompresses a Debian bzImage (/boot/vmlinuz-VER) into an ELF vmlinux, so that its BTF can be read
# without booting it. Debian 6.1 images are xz-compressed, 6.12 images zstd-compressed.
# Usage: scripts/extract-vmlinux.sh /boot/vmlinuz-VER OUT
set -euo pipefail
img=$1
out=$2

try() { # $1 = magic as a grep -P pattern, rest = decompressor
	local magic=$1 off
	shift
	for off in $(LC_ALL=C grep -obUaP "$magic" "$img" | cut -d: -f1); do
		tail -c +$((off + 1)) "$img" | "$@" >"$out" 2>/dev/null || true
		if [ "$(head -c 4 "$out" | od -An -c | tr -d ' ')" = "177ELF" ]; then
			return 0
		fi
	done
	return 1
}

try '\xfd\x37\x7a\x58\x5a\x00' xz -dc ||
	try '\x28\xb5\x2f\xfd' zstd -dc ||
	try '\x1f\x8b\x08' gzip -dc || {
	echo "extract-vmlinux: no compressed ELF found in $img" >&2
	exit 1
}
