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

echo "=== Kubernetes manifests, offline (deploy/kubernetes/)"
tests/k8s/check-manifests.sh
case $? in
0) passed=$((passed + 1)) ;;
77) skipped=$((skipped + 1)) ;;
*)
	failed=$((failed + 1))
	broken+=("tests/k8s/check-manifests.sh")
	;;
esac

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
# The guest boots are jobs, run BOXLOCK_GUEST_JOBS at a time, by default 1: the boots run one
# after the other. Each guest has 2 CPUs and the CI machine 2 cores, so two boots at once would
# halve each one's CPU, and the tests that wait for something with a timeout would be judged on
# a machine slower than the one they were written for. On a bigger machine, BOXLOCK_GUEST_JOBS=2
# runs two at once: the boots are independent (a private overlay root each, results and console
# logs of their own), and the two 6.1 boots then run beside each other (6.1's files were ~41 min
# in all alone on the machine before issue 14's, PART_RUNTIMES ~27 of them; 6.12 ~17 min;
# systemd ~5). A job's output is kept in $OUT/results/JOB.log and printed whole when
# the job ends, so that two boots' lines never mix.
lanes=${BOXLOCK_GUEST_JOBS:-1}
[[ $lanes =~ ^[1-9][0-9]*$ ]] || lanes=1
# 6.1's files are split in two boots in either case: one lane runs them one after the other,
# which costs one boot (about a minute) but keeps each boot well inside its timeout (a boot that
# times out loses every result it had not printed).
PART_RUNTIMES='^(test_docker|test_shim|test_learn|test_response|test_oci_hook|test_daemon|test_run|test_concurrency|write|net)$'
# The other kernels run every test of what the kernel does (hooks, arming, containment, the
# shim's first-instruction denial with runc, crun, ctr and podman on 6.1) but not those of
# boxlock's own user space and the runtimes, which the kernel does not change and which take
# minutes of emulated time: real Docker (test_docker), the runtimes through the shim
# and the OCI hook (test_shim, test_oci_hook: arming at the first exec is test_arming's on every
# kernel), the control-plane lock under a storm of writers (test_concurrency), the daemon's
# lifecycle (test_daemon), doctor's checks (test_doctor), the pinned state's ABI record
# (test_abi), `boxlock run`'s cgroup and seccomp set-up (test_run), and `container learn` with
# real Docker (test_learn: what the kernel records is test_learn_kernel's and test_generate's
# on every kernel), the daemon's responses with real Docker (test_response), its queue, metrics
# and profile-directory reloads (test_publish, test_metrics, test_reload).
USER_SPACE_ONLY='^(test_docker|test_shim|test_oci_hook|test_concurrency|test_daemon|test_doctor|test_abi|test_run|test_learn|test_response|test_publish|test_metrics|test_reload)$'

job_step=() job_res=() job_args=() # per job: its name, its results file, vm-run's arguments
add_job() { # STEP RESULTS-NAME VM-RUN-ARGS... -- CMD... (one string per job, quoted with %q)
	local step=$1 res=$OUT/results/$2
	shift 2
	job_step+=("$step")
	job_res+=("$res")
	job_args+=("$(printf '%q ' "$@")")
}
# add_guest_boot STEP NAME KERNEL PART SKIP: a busybox boot running tests/guest/run.sh.
add_guest_boot() {
	local res=$OUT/results/$2
	add_job "$1" "$2" --kernel "$3" --timeout "${BOXLOCK_GUEST_TIMEOUT:-3300}" --rw "$OUT" -- \
		env BOXLOCK_RESULTS="$res" BOXLOCK_KERNEL="$3" BOXLOCK_PART_TESTS="$4" \
		BOXLOCK_SKIP_TESTS="$5" tests/guest/run.sh
}
if [ ${#kernels[@]} -gt 0 ]; then
	k=${kernels[0]}
	# The first kernel (6.1, Debian 12's own) runs everything, in two boots.
	if [ -n "$PART_RUNTIMES" ]; then
		add_guest_boot "guest $k (Docker, runtimes, storm)" "guest-$k-runtimes" "$k" \
			"$PART_RUNTIMES" ""
		for o in "${kernels[@]:1}"; do
			add_guest_boot "guest $o" "guest-$o" "$o" "" "$USER_SPACE_ONLY"
		done
		add_guest_boot "guest $k" "guest-$k" "$k" "" "$PART_RUNTIMES"
	else
		add_guest_boot "guest $k" "guest-$k" "$k" "" ""
		for o in "${kernels[@]:1}"; do
			add_guest_boot "guest $o" "guest-$o" "$o" "" "$USER_SPACE_ONLY"
		done
	fi
	# A stock Debian host: systemd as PID 1, Docker's own units and its systemd cgroup driver,
	# boxlock.service (tests/guest/systemd/). Its own boot, on the first kernel only: Docker
	# under TCG takes minutes, and what it tests is the packaging and the runtime, not the kernel.
	res=$OUT/results/systemd-$k
	add_job "systemd guest $k" "systemd-$k" --init systemd --kernel "$k" \
		--timeout "${BOXLOCK_SYSTEMD_TIMEOUT:-1800}" --rw "$OUT" -- \
		env BOXLOCK_RESULTS="$res" BOXLOCK_KERNEL="$k" BOXLOCK_SUITE=systemd tests/guest/run.sh
fi

# run_job I: job I's boot, its output to its log, its exit status to its .rc file.
run_job() {
	local i=$1 rc
	eval "set -- ${job_args[$i]}"
	scripts/vm-run "$@" >"${job_res[$i]}.log" 2>&1 </dev/null
	rc=$?
	echo "$rc" >"${job_res[$i]}.rc"
}

# end_job I: prints job I's output and counts its results. A boot that leaves no results (the
# guest died, timed out, never started) or ends with a status other than run.sh's own 0 or 1 is
# a failure, never a silent pass.
end_job() {
	local i=$1 step=${job_step[$1]} res=${job_res[$1]} rc
	rc=$(cat "$res.rc" 2>/dev/null)
	echo "=== $step (ended after $((SECONDS - job_start[$i])) s)"
	cat "$res.log"
	if ! add "$step" "$res"; then
		echo "FAIL: $step ended (status ${rc:-none}) without results"
		failed=$((failed + 1))
		broken+=("$step: no results (status ${rc:-none})")
	elif [ "$rc" != 0 ] && [ "$rc" != 1 ]; then
		echo "FAIL: $step ended with status $rc"
		failed=$((failed + 1))
		broken+=("$step: status $rc")
	fi
}

declare -A running=() # pid -> job
job_start=()
next=0
while [ $next -lt ${#job_step[@]} ] || [ ${#running[@]} -gt 0 ]; do
	if [ $next -lt ${#job_step[@]} ] && [ ${#running[@]} -lt "$lanes" ]; then
		echo "=== started: ${job_step[$next]}"
		job_start[next]=$SECONDS
		run_job "$next" &
		running[$!]=$next
		next=$((next + 1))
		continue
	fi
	wait -n -p done_pid "${!running[@]}"
	end_job "${running[$done_pid]}"
	unset "running[$done_pid]"
done

echo
for b in "${broken[@]}"; do echo "failed: $b"; done
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
