#!/usr/bin/env bash
# Prints, for each installed Debian kernel, the prototype of every LSM hook boxlock attaches to,
# read from that kernel's own BTF (bpf_lsm_<hook>). Used to check the hooks against 6.1 and 6.12.
set -euo pipefail
cd "$(dirname "$0")/.."
hooks=$(grep -ohE 'SEC\("lsm/[a-z_]+"\)' bpf-lsm/*.bpf.c | sed -E 's/SEC\("lsm\/([a-z_]+)"\)/\1/' | sort -u)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for img in /boot/vmlinuz-*; do
	echo "== $(basename "$img")"
	scripts/extract-vmlinux.sh "$img" "$tmp/vmlinux"
	bpftool -j btf dump file "$tmp/vmlinux" >"$tmp/btf.json"
	# shellcheck disable=SC2086
	python3 scripts/hook-signatures.py "$tmp/btf.json" $hooks
done
