#!/usr/bin/env bash
# The whole test suite, as `make check` runs it: unit tests and a short fuzz run on this machine,
# then every guest test in one boot of each Debian kernel installed (6.1, and 6.12 for the kernel
# matrix). Ends with "N passed, N failed, N skipped"; exits non-zero if anything failed.
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
# The first kernel (6.1, Debian 12's own) runs everything. The others run everything but the
# real-Docker tests, which take minutes of emulated time and test the daemon, not the kernel.
first=1
for k in "${kernels[@]}"; do
	echo "=== guest tests on Linux $k"
	res=$OUT/results/guest-$k
	skip_re=
	[ $first -eq 1 ] || skip_re='^test_docker$'
	first=0
	scripts/vm-run --kernel "$k" --timeout "${BOXLOCK_GUEST_TIMEOUT:-2400}" --rw "$OUT" -- \
		env BOXLOCK_RESULTS="$res" BOXLOCK_KERNEL="$k" BOXLOCK_SKIP_TESTS="$skip_re" \
		tests/guest/run.sh
	rc=$?
	if ! add "guest $k" "$res"; then
		echo "FAIL: guest run on $k ended (status $rc) without results"
		failed=$((failed + 1))
		broken+=("guest $k: no results (status $rc)")
	elif [ $rc -ne 0 ] && [ $rc -ne 1 ]; then
		echo "FAIL: guest run on $k ended with status $rc"
		failed=$((failed + 1))
		broken+=("guest $k: status $rc")
	fi
done

echo
for b in "${broken[@]}"; do echo "failed: $b"; done
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
