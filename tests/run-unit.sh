#!/usr/bin/env bash
# Runs cmocka unit test binaries and prints "unit: N passed, N failed" from their summaries.
# Writes the counts to $BOXLOCK_UNIT_RESULTS when set.
set -uo pipefail
passed=0
failed=0
for t in "$@"; do
	out=$("$t" 2>&1)
	rc=$?
	echo "$out"
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' <<<"$out" | tail -n 1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' <<<"$out" | tail -n 1)
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	# A binary that crashed or printed no summary counts as one failure.
	if [ $rc -ne 0 ] && [ "${f:-0}" -eq 0 ]; then
		echo "FAIL: $t exited with status $rc"
		failed=$((failed + 1))
	fi
done
[ -n "${BOXLOCK_UNIT_RESULTS:-}" ] && echo "$passed $failed 0" >"$BOXLOCK_UNIT_RESULTS"
echo "unit: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
