#!/bin/bash
# The DaemonSet's main container: the daemon, run in the host's mount and cgroup namespaces
# (the pod has hostPID, so /proc/1 is the host's init). Why not in the pod's own:
#  - mount: profiles name host paths (/run/containerd/containerd.sock, ...), and the loader stores
#    the identity (device, inode) of each as it sees it, which is what catches the same socket
#    bind-mounted into a container under another name; in the pod's view most do not exist;
#  - cgroup: containerd gives each container a cgroup namespace of its own; the daemon names
#    cgroups by their paths from the host's root, as boxlock-runc does.
# It runs /opt/boxlock/bin/boxlock, which install.sh put there.
set -euo pipefail
exec nsenter --target 1 --mount --cgroup -- /opt/boxlock/bin/boxlock daemon "$@"
