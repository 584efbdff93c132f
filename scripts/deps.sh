#!/usr/bin/env bash
# Installs, idempotently, every Debian 12 package that boxlock's build, tests, demo and test guest
# need. Only packages that are missing are asked for, so a second run makes no network traffic.
set -euo pipefail

pkgs=(
	# build
	make gcc clang llvm libbpf-dev libelf-dev zlib1g-dev bpftool pkg-config
	libseccomp-dev libinih-dev libjansson-dev libcurl4-openssl-dev
	# the daemon's --publish, and its test's server and client
	libhiredis-dev redis-server redis-tools
	# tests
	libcmocka-dev jq strace
	gojq # the guest tests' event checks (tests/guest/lib.sh: select_events)
	python3-yaml # tests/k8s/check-manifests.sh
	# the daemon's --metrics, and promtool for its test
	libmicrohttpd-dev prometheus
	# test guest
	qemu-system-x86 linux-image-amd64 linux-image-6.12-amd64 busybox-static kmod xz-utils
	# container tests and demo
	runc crun podman docker.io containerd
	# demo: it scrapes the metrics (the queue's packages are above)
	curl
	# benchmarks
	gnuplot-nox
)

# kubectl renders deploy/kubernetes (tests/k8s/): Debian's, unless the machine has one already.
command -v kubectl >/dev/null || pkgs+=(kubernetes-client)

# One dpkg-query for them all (one per package took seconds on a loaded machine).
# dpkg-query fails when one of them is not known at all: what it printed still counts.
installed=" $({ dpkg-query -W -f='${Package}\t${Status}\n' "${pkgs[@]}" 2>/dev/null || true; } |
	awk -F'\t' '$2 == "install ok installed" { printf "%s ", $1 }')"
missing=()
for p in "${pkgs[@]}"; do
	[[ $installed == *" $p "* ]] || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi
echo "deps: installing ${missing[*]}" >&2
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: must run as root to install packages" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# A container-style machine has no bootloader: keep linux-image's postinst from trying one.
apt-get install -y -qq --no-install-recommends "${missing[@]}"
