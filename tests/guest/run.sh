#!/usr/bin/env bash
# Runs every guest test (tests/guest/test_*.sh, tests/attacks/*.sh) inside the test guest, each in
# its own subshell, and counts PASS/FAIL/SKIP lines. Writes the counts to $BOXLOCK_RESULTS when
# set, and ends with "N passed, N failed, N skipped".
set -uo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
export REPO
results=${BOXLOCK_RESULTS:-}
log=$(mktemp /tmp/bl-guest.XXXXXX)
filter=${BOXLOCK_TESTS:-}
skip_re=${BOXLOCK_SKIP_TESTS:-}

for t in "$REPO"/tests/guest/test_*.sh "$REPO"/tests/attacks/*.sh; do
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
	(
		# shellcheck source=tests/guest/lib.sh
		source "$REPO/tests/guest/lib.sh"
		source "$t"
	) 2>&1 | tee -a "$log"
done

p=$(grep -c '^PASS:' "$log")
f=$(grep -c '^FAIL:' "$log")
s=$(grep -c '^SKIP:' "$log")
if [ -n "$results" ]; then
	echo "$p $f $s" >"$results"
fi
echo "guest: $p passed, $f failed, $s skipped"
[ "$f" -eq 0 ]
