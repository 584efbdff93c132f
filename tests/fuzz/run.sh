#!/usr/bin/env bash
# Builds the profile parser/compiler fuzz target with libFuzzer and ASan/UBSan and runs it for
# $1 seconds (default 60) on a corpus seeded from the shipped and test profiles. Any crash, leak
# or sanitizer report fails. Exits 77 (skip) when the target or clang's fuzzer runtime is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-60}
OUT=${BOXLOCK_OUT:-$PWD/.output}/fuzz
src=tests/fuzz/fuzz_policy.c
[ -f "$src" ] || { echo "SKIP: fuzz: no $src"; exit 77; }
mkdir -p "$OUT/corpus" "$OUT/artifacts"
CC=${FUZZ_CC:-clang}
shopt -s nullglob
srcs=(policy/*.c common/*.c)
if ! "$CC" -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -g -O1 \
	-std=gnu11 -Wall -Werror -Iinclude -Icommon -Ipolicy -o "$OUT/fuzz_policy" "$src" "${srcs[@]}" \
	-linih -ljansson -lseccomp; then
	echo "FAIL: fuzz: the target does not build"
	exit 1
fi
cp profiles/*.ini tests/guest/profiles/*.ini "$OUT/corpus/" 2>/dev/null || true
echo "fuzz: running $OUT/fuzz_policy for ${secs}s"
if "$OUT/fuzz_policy" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	-artifact_prefix="$OUT/artifacts/" "$OUT/corpus" >"$OUT/log" 2>&1; then
	tail -n 3 "$OUT/log"
	echo "PASS: fuzz: ${secs}s without a crash, leak or sanitizer report"
else
	tail -n 40 "$OUT/log"
	echo "FAIL: fuzz: see $OUT/log and $OUT/artifacts"
	exit 1
fi
