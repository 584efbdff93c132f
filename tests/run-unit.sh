#!/usr/bin/env bash
# Runs cmocka unit test binaries and prints "unit: N passed, N failed" from their summaries. A
# binary that exits non-zero, crashes, or prints no cmocka summary is itself a failure, named.
# Writes "P F S" and the failed binaries' names to $BOXLOCK_UNIT_RESULTS when set.
set -uo pipefail
passed=0
failed=0
broken=()
for t in "$@"; do
	out=$("$t" 2>&1)
	rc=$?
	echo "$out"
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' <<<"$out" | tail -n 1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' <<<"$out" | tail -n 1)
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	name=$(basename "$t")
	if [ -z "$p" ] && [ -z "$f" ]; then
		echo "FAIL: $name printed no cmocka summary (status $rc)"
		failed=$((failed + 1))
		broken+=("$name (no summary, status $rc)")
	elif [ $rc -ne 0 ] && [ "${f:-0}" -eq 0 ]; then
		echo "FAIL: $name exited with status $rc"
		failed=$((failed + 1))
		broken+=("$name (status $rc)")
	elif [ "${f:-0}" -gt 0 ]; then
		broken+=("$name ($f failed)")
	fi
done
if [ -n "${BOXLOCK_UNIT_RESULTS:-}" ]; then
	{
		echo "$passed $failed 0"
		for b in "${broken[@]}"; do echo "$b"; done
	} >"$BOXLOCK_UNIT_RESULTS"
fi
[ ${#broken[@]} -gt 0 ] && echo "failed unit tests: $(printf '%s; ' "${broken[@]}")"
echo "unit: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
