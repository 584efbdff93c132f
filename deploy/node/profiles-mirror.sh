#!/bin/bash
# Mirrors the ConfigMap's profiles (mounted at $SRC) into the node's /etc/boxlock/profiles, laid
# out as the kubelet lays out a ConfigMap volume: each version in its own `..<time>` directory,
# `..data` pointing at the current one and swapped in one rename, the visible NAME.ini links
# through `..data`. So boxlock-runc and the daemon (both on the host, the daemon reloading on the
# swap: loader/daemon/reload.c) see the old set or the new, never half of each; and the path
# stays the same when the pod is replaced (the kubelet's own volume path names the pod).
# --once: one copy and exit (the init container); else every $INTERVAL seconds.
set -euo pipefail
SRC=${SRC:-/config/profiles}
DST=${DST:-/host/etc/boxlock/profiles}
INTERVAL=${INTERVAL:-2}

mirror() {
	local cur ts f
	cur=$(readlink "$SRC/..data" 2>/dev/null || echo plain)
	[ "$cur" != "${last:-}" ] || return 0
	ts=..$(date -u +%Y_%m_%d_%H_%M_%S.%N)
	# Every step checked by hand: `set -e` does not act inside a function called from `||`
	# (the loop below), and a partial copy (a full disk) must never become ..data. The copy is
	# compared with its source before the swap; on any failure the old set stays and the next
	# round tries again (last is not set).
	mkdir -p "$DST/$ts" || return 1
	cp -L "$SRC"/*.ini "$DST/$ts"/ || { rm -rf "${DST:?}/$ts"; return 1; }
	for f in "$SRC"/*.ini; do
		cmp -s "$f" "$DST/$ts/${f##*/}" || { rm -rf "${DST:?}/$ts"; return 1; }
	done
	ln -sfn "$ts" "$DST/..data_tmp" || return 1
	mv -T "$DST/..data_tmp" "$DST/..data" || return 1
	for f in "$DST/$ts"/*.ini; do
		f=${f##*/}
		if [ ! -L "$DST/$f" ]; then # a plain file (make install's) becomes a link
			ln -sfn "..data/$f" "$DST/.tmp.$f" || return 1
			mv -T "$DST/.tmp.$f" "$DST/$f" || return 1
		fi
	done
	for f in "$DST"/*.ini; do
		[ -e "$DST/$ts/${f##*/}" ] || rm -f "$f"
	done
	for f in "$DST"/..[0-9]*; do
		[ "${f##*/}" = "$ts" ] || rm -rf "$f"
	done
	last=$cur
	echo "boxlock profiles-mirror: $DST now $ts (ConfigMap version $cur)"
}

mirror || { echo "boxlock profiles-mirror: copy failed" >&2; exit 1; }
[ "${1:-}" = --once ] && exit 0
while sleep "$INTERVAL"; do
	mirror || echo "boxlock profiles-mirror: copy failed; the old set stays" >&2
done
