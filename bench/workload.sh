#!/usr/bin/env bash
# The real workload of `make bench` (bench/run-guest.sh): what a container's build step does,
# timed as one wall time. It moves itself into CGROUP first (the state's cgroup, as blbench
# does), then, in WORKDIR: unpacks a source tree (creates, writes, chmods), builds it with the
# host's compiler through make (execs, mapped libraries, the compiler's own opens and temporary
# files), runs the result, removes the tree (unlinks, rmdirs), then a burst of short-lived
# processes (fork + exec of /bin/true) and of TCP connections to a listener on 127.0.0.1
# (connect, accept, close), and a chown to another owner (a capability check). Prints one line:
# the wall time in ns, from after the move.
#
#   bench/workload.sh CGROUP TARBALL WORKDIR PORT BURST
set -euo pipefail

cg=$1 tarball=$2 work=$3 port=$4 burst=$5

echo $$ >"$cg/cgroup.procs"
t0=${EPOCHREALTIME/./}
rm -rf "$work"
mkdir -p "$work"
cd "$work"
tar xf "$tarball"
make -s -C src CC=gcc >/dev/null
src/prog >/dev/null
chown 1:1 src/prog
cd /
rm -rf "$work"
for ((i = 0; i < burst; i++)); do
	/bin/true
done
for ((i = 0; i < burst; i++)); do
	exec 3<>"/dev/tcp/127.0.0.1/$port"
	exec 3>&-
done
t1=${EPOCHREALTIME/./}
echo $(((t1 - t0) * 1000))
