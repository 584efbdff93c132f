#!/usr/bin/env bash
# The whole test suite, as `make check` runs it: unit tests and a short fuzz run on this machine,
# then every guest test in one boot of each Debian kernel installed (6.1, and 6.12 for the kernel
# matrix), and the systemd guest tests in one more boot (systemd as PID 1). Ends with "N passed, N failed, N skipped"; exits non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=${BOXLOCK_OUT:-$PWD/.output}
export BOXLOCK_OUT=$OUT
mkdir -p "$OUT/results"
rm -f "$OUT"/results/*

passed=0 failed=0 skipped=0
broken=() # what failed, by step and file, printed before the final line
add() { # STEP FILE: a results file, "P F S" then one line per failed file
	local step=$1 p f s line
	[ -s "$2" ] || return 1
	{
		read -r p f s || return 1
		while IFS= read -r line; do broken+=("$step: $line"); done
	} <"$2"
	[[ "$p$f${s:-0}" =~ ^[0-9]+$ ]] || return 1
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + ${s:-0}))
}

echo "=== unit tests"
BOXLOCK_UNIT_RESULTS=$OUT/results/unit tests/run-unit.sh "$OUT"/tests/test_*
if ! add unit "$OUT/results/unit"; then
	failed=$((failed + 1))
	broken+=("unit: no results")
fi

echo "=== include graph: no two modules that include each other"
if scripts/check-includes.sh; then
	passed=$((passed + 1))
else
	failed=$((failed + 1))
	broken+=("scripts/check-includes.sh")
fi

echo "=== command line docs: usage, man page and completion agree"
if scripts/check-cli-docs.sh "$OUT/boxlock"; then
	passed=$((passed + 1))
else
	failed=$((failed + 1))
	broken+=("scripts/check-cli-docs.sh")
fi

echo "=== fuzz (short run)"
if tests/fuzz/run.sh "${FUZZ_SECONDS:-20}"; then
	passed=$((passed + 1))
else
	rc=$?
	if [ $rc -eq 77 ]; then
		skipped=$((skipped + 1))
	else
		failed=$((failed + 1))
		broken+=("fuzz (status $rc)")
	fi
fi

kernels=()
for v in 6.1 6.12; do
	ls /boot/vmlinuz-"$v".* >/dev/null 2>&1 && kernels+=("$v")
done
if [ ${#kernels[@]} -eq 0 ]; then
	echo "SKIP: guest tests: no Debian kernel in /boot (scripts/deps.sh installs linux-image-amd64)"
	skipped=$((skipped + 1))
fi
# guest_boot STEP RESULTS VM-RUN-ARGS... -- CMD...: one guest boot whose run.sh writes RESULTS.
# A boot that leaves no results (the guest died, timed out, never started) or ends with a status
# other than run.sh's own 0 or 1 is a failure, never a silent pass.
guest_boot() {
	local step=$1 res=$2 rc
	shift 2
	scripts/vm-run "$@"
	rc=$?
	if ! add "$step" "$res"; then
		echo "FAIL: $step ended (status $rc) without results"
		failed=$((failed + 1))
		broken+=("$step: no results (status $rc)")
	elif [ $rc -ne 0 ] && [ $rc -ne 1 ]; then
		echo "FAIL: $step ended with status $rc"
		failed=$((failed + 1))
		broken+=("$step: status $rc")
	fi
}

# The first kernel (6.1, Debian 12's own) runs everything. The others run every test of what
# the kernel does (hooks, arming, containment, the shim's first-instruction denial with runc,
# crun, ctr and podman on 6.1) but not those of boxlock's own user space and the runtimes, which
# the kernel does not change and which take minutes of emulated time: real Docker (test_docker),
# the runtimes through the shim and the OCI hook (test_shim, test_oci_hook: arming at the first
# exec is test_arming's on every kernel), the control-plane lock under a storm of writers
# (test_concurrency), the daemon's lifecycle (test_daemon), doctor's checks (test_doctor), the
# pinned state's ABI record (test_abi) and `boxlock run`'s cgroup and seccomp set-up (test_run).
first=1
for k in "${kernels[@]}"; do
	echo "=== guest tests on Linux $k"
	res=$OUT/results/guest-$k
	skip_re=
	[ $first -eq 1 ] || skip_re='^(test_docker|test_shim|test_oci_hook|test_concurrency|test_daemon|test_doctor|test_abi|test_run)$'
	first=0
	guest_boot "guest $k" "$res" --kernel "$k" --timeout "${BOXLOCK_GUEST_TIMEOUT:-3300}" \
		--rw "$OUT" -- env BOXLOCK_RESULTS="$res" BOXLOCK_KERNEL="$k" \
		BOXLOCK_SKIP_TESTS="$skip_re" tests/guest/run.sh
done

# A stock Debian host: systemd as PID 1, Docker's own units and its systemd cgroup driver,
# boxlock.service (tests/guest/systemd/). Its own boot, on the first kernel only: Docker under
# TCG takes minutes, and what it tests is the packaging and the runtime, not the kernel.
if [ ${#kernels[@]} -gt 0 ]; then
	k=${kernels[0]}
	echo "=== systemd guest tests on Linux $k"
	res=$OUT/results/systemd-$k
	guest_boot "systemd guest $k" "$res" --init systemd --kernel "$k" \
		--timeout "${BOXLOCK_SYSTEMD_TIMEOUT:-1800}" --rw "$OUT" -- \
		env BOXLOCK_RESULTS="$res" BOXLOCK_KERNEL="$k" BOXLOCK_SUITE=systemd tests/guest/run.sh
fi

echo
for b in "${broken[@]}"; do echo "failed: $b"; done
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
