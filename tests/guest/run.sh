#!/usr/bin/env bash
# Runs every guest test (tests/guest/test_*.sh, tests/attacks/*.sh) inside the test guest, each in
# its own subshell, and counts its PASS/FAIL/SKIP lines. BOXLOCK_SUITE=systemd runs the tests of
# a guest booted with systemd as PID 1 instead (tests/guest/systemd/test_*.sh, under
# `scripts/vm-run --init systemd`). A file is itself a failure when it ends
# early (an `exit`, a `set -e` abort, a crash: it never reaches its end marker), exits non-zero,
# or prints no result line at all; such files are named. Writes "P F S" and the failed files'
# names to $BOXLOCK_RESULTS when set, and ends with "N passed, N failed, N skipped".
set -uo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
export REPO
results=${BOXLOCK_RESULTS:-}
filter=${BOXLOCK_TESTS:-}
skip_re=${BOXLOCK_SKIP_TESTS:-}
passed=0 failed=0 skipped=0
broken=()
times=()

case ${BOXLOCK_SUITE:-guest} in
guest) files=("$REPO"/tests/guest/test_*.sh "$REPO"/tests/attacks/*.sh) ;;
systemd) files=("$REPO"/tests/guest/systemd/test_*.sh) ;;
*)
	echo "run.sh: BOXLOCK_SUITE '$BOXLOCK_SUITE': guest or systemd"
	exit 2
	;;
esac

for t in "${files[@]}"; do
	[ -f "$t" ] || continue
	name=$(basename "$t" .sh)
	if [ -n "$filter" ] && [[ ! "$name" =~ $filter ]]; then
		continue
	fi
	if [ -n "$skip_re" ] && [[ "$name" =~ $skip_re ]]; then
		echo "== $name: not run on this kernel (see tests/run-all.sh)"
		continue
	fi
	echo "== $name"
	started=$SECONDS
	log=$(mktemp /tmp/bl-guest-"$name".XXXXXX)
	marker="== end of $name $RANDOM$RANDOM"
	(
		# shellcheck source=tests/guest/lib.sh
		source "$REPO/tests/guest/lib.sh"
		source "$t"
		echo "$marker"
		exit 0
	) 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	p=$(grep -c '^PASS:' "$log")
	f=$(grep -c '^FAIL:' "$log")
	s=$(grep -c '^SKIP:' "$log")
	why=
	if [ "$rc" -ne 0 ]; then
		why="exited with status $rc"
	elif ! grep -qxF "$marker" "$log"; then
		why="ended before its last line"
	elif [ $((p + f + s)) -eq 0 ]; then
		why="printed no PASS, FAIL or SKIP line"
	fi
	if [ -n "$why" ]; then
		echo "FAIL: $name: the test file $why"
		f=$((f + 1))
		broken+=("$name ($why)")
	elif [ "$f" -gt 0 ]; then
		broken+=("$name ($f failed)")
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + s))
	times+=("$((SECONDS - started)) s $name")
	rm -f "$log"
done
# Where the boot's time went: the suite must stay well inside CI's budget.
printf '%s\n' "${times[@]}" | sort -rn | sed 's/^/time: /'

if [ -n "$results" ]; then
	{
		echo "$passed $failed $skipped"
		for b in "${broken[@]}"; do echo "$b"; done
	} >"$results"
fi
if [ ${#broken[@]} -gt 0 ]; then
	echo "failed test files: $(printf '%s; ' "${broken[@]}")"
fi
echo "guest: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
