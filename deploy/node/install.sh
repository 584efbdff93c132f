#!/bin/bash
# The DaemonSet's init container: puts boxlock on the node, where containerd runs it.
#  - /opt/boxlock: boxlock and boxlock-runc with every library they link (glibc too, run through
#    the image's own ld.so), so that they run on a node of any distribution;
#  - /etc/boxlock/shim.ini (unless the node has one): the real runtime and the profile directory;
#  - /etc/boxlock/profiles: a first copy of the ConfigMap (profiles-mirror.sh keeps it current),
#    read by boxlock-runc and by the daemon.
# The host's / is mounted at $HOST (default /host). Writes go to temporary names first, renamed
# into place, so that a containerd starting a container meanwhile runs the old shim or the new.
set -euo pipefail
HOST=${HOST:-/host}
OPT=$HOST/opt/boxlock

mkdir -p "$OPT/lib" "$OPT/libexec" "$OPT/bin" "$HOST/etc/boxlock"
for bin in boxlock boxlock-runc; do
	src=/usr/local/sbin/$bin
	ldd "$src" | awk '/=>/ { print $3 } /ld-linux/ { print $1 }' | while read -r lib; do
		[ -e "$lib" ] && cp -L "$lib" "$OPT/lib/.tmp.${lib##*/}" &&
			mv -f "$OPT/lib/.tmp.${lib##*/}" "$OPT/lib/${lib##*/}"
	done
	cp "$src" "$OPT/libexec/.tmp.$bin" && mv -f "$OPT/libexec/.tmp.$bin" "$OPT/libexec/$bin"
	# exec, so the shim is the runtime's child itself (runc's signals and exit status pass).
	printf '#!/bin/sh\nexec /opt/boxlock/lib/ld-linux-x86-64.so.2 --library-path /opt/boxlock/lib /opt/boxlock/libexec/%s "$@"\n' \
		"$bin" >"$OPT/bin/.tmp.$bin"
	chmod 0755 "$OPT/bin/.tmp.$bin"
	mv -f "$OPT/bin/.tmp.$bin" "$OPT/bin/$bin"
done

if [ ! -e "$HOST/etc/boxlock/shim.ini" ]; then
	runtime=
	for r in /usr/local/sbin/runc /usr/sbin/runc /usr/bin/runc /usr/local/bin/runc; do
		[ -x "$HOST$r" ] && runtime=$r && break
	done
	if [ -z "$runtime" ]; then
		echo "boxlock install: no runc on the node (looked in /usr/local/sbin, /usr/sbin," \
			"/usr/bin, /usr/local/bin): write /etc/boxlock/shim.ini's runtime by hand" >&2
		exit 1
	fi
	printf '[shim]\nruntime = %s\nprofiles = /etc/boxlock/profiles\n' "$runtime" \
		>"$HOST/etc/boxlock/shim.ini"
fi

/usr/local/lib/boxlock/profiles-mirror.sh --once
echo "boxlock install: /opt/boxlock/bin/{boxlock,boxlock-runc} and /etc/boxlock ready"
