#!/usr/bin/env bash
# `make bench`: what boxlock costs, measured in one boot of the test guest (scripts/vm-run), since
# the host kernel cannot run BPF LSM. The guest runs bench/run-guest.sh: bench/blbench.c's loops
# in every state, interleaved in rounds; the per-hook cost from the kernel's BPF stats; the
# control plane and map memory. Here the results are summed up:
#
#   .output/bench/results.json   everything, samples included (bench/summarize.jq)
#   .output/bench/table.txt      the table printed at the end; table.md the same in Markdown
#   .output/bench/overhead.png   the chart (gnuplot, bench/overhead.gp)
#   .output/bench/guest.log      what the guest printed
#
# Environment: BOXLOCK_BENCH_ROUNDS, _MS, _EXEC_MS, _REPS, _SWAP_TIMEOUT (see bench/run-guest.sh);
# BOXLOCK_BENCH_KERNEL (default: vm-run's, Debian 12's 6.1); BOXLOCK_BENCH_SMP (guest CPUs, 1);
# BOXLOCK_BENCH_TIMEOUT (seconds for the whole guest run, 1500). Only the summary, from the files
# the last run left: scripts/bench.sh --summarize.
set -euo pipefail

SCRIPTS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$SCRIPTS")
OUT=${BOXLOCK_OUT:-$REPO/.output}
RES=$OUT/bench
export BOXLOCK_OUT=$OUT

die() {
	echo "bench: $*" >&2
	exit 1
}

need_tools() {
	command -v jq >/dev/null || die "jq not found; run scripts/deps.sh"
	if ! command -v gnuplot >/dev/null; then
		if [ "$(id -u)" -eq 0 ]; then
			echo "bench: installing gnuplot-nox for the chart" >&2
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gnuplot-nox >/dev/null ||
				echo "bench: could not install gnuplot-nox: no chart" >&2
		else
			echo "bench: gnuplot not found (apt-get install gnuplot-nox): no chart" >&2
		fi
	fi
}

run_guest() {
	local kernel=() st=0
	if [ ! -x "$OUT/boxlock" ] || [ ! -x "$OUT/bench/blbench" ] || [ ! -x "$OUT/bench/blfloor" ] ||
		[ ! -f "$OUT/bench/floor.bpf.o" ]; then
		make -C "$REPO" --no-print-directory all "$OUT/bench/blbench" "$OUT/bench/blfloor" \
			"$OUT/bench/floor.bpf.o"
	fi
	if [ -n "${BOXLOCK_BENCH_KERNEL:-}" ]; then
		kernel=(--kernel "$BOXLOCK_BENCH_KERNEL")
	fi
	mkdir -p "$RES"
	rm -f "$RES"/results.json "$RES"/table.txt "$RES"/table.md "$RES"/overhead.png
	echo "bench: one guest boot; rounds of every state, then per-hook stats, then the control plane"
	# One vCPU: under TCG a second one adds cross-CPU waits (a fork's child, a wakeup) whose
	# cost swings with the host's load; with one, repeated runs agree far better.
	"$SCRIPTS/vm-run" "${kernel[@]}" --smp "${BOXLOCK_BENCH_SMP:-1}" \
		--timeout "${BOXLOCK_BENCH_TIMEOUT:-1500}" --rw "$OUT" -- \
		"$REPO/bench/run-guest.sh" 2>&1 | tee "$RES/guest.log" || st=$?
	[ "$st" -eq 0 ] || echo "bench: the guest run failed (status $st); summing up what it wrote" >&2
	return 0
}

host_json() {
	local commit dirty
	commit=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)
	dirty=$(git -C "$REPO" status --porcelain 2>/dev/null | grep -c . || true)
	jq -n --arg date "$(date -u +%FT%TZ)" --arg commit "$commit" --argjson dirty "${dirty:-0}" \
		--arg host_kernel "$(uname -r)" --argjson host_cpus "$(nproc)" \
		--arg load_before "${LOAD_BEFORE:-}" --arg load_after "$(cut -d' ' -f1-3 /proc/loadavg)" \
		--argjson wall_s "${WALL_S:-null}" \
		'{date: $date, commit: $commit, dirty_files: $dirty, host_kernel: $host_kernel,
		  host_cpus: $host_cpus, host_loadavg_before: $load_before,
		  host_loadavg_after: $load_after, guest_wall_s: $wall_s, accel: "tcg"}'
}

summarize() {
	local f
	[ -s "$RES/raw.jsonl" ] || die "no samples in $RES/raw.jsonl: the guest run did not get far"
	for f in hooks.jsonl control.jsonl states.jsonl; do
		[ -f "$RES/$f" ] || : >"$RES/$f"
	done
	[ -f "$RES/guest.json" ] || echo '{}' >"$RES/guest.json"
	jq -n --slurpfile raw "$RES/raw.jsonl" --slurpfile hooks "$RES/hooks.jsonl" \
		--slurpfile ctl "$RES/control.jsonl" --slurpfile states "$RES/states.jsonl" \
		--slurpfile guest "$RES/guest.json" --argjson host "$(host_json)" \
		-f "$REPO/bench/summarize.jq" >"$RES/results.json.tmp"
	mv "$RES/results.json.tmp" "$RES/results.json"
	jq -r --arg fmt text -f "$REPO/bench/table.jq" "$RES/results.json" >"$RES/table.txt"
	jq -r --arg fmt md -f "$REPO/bench/table.jq" "$RES/results.json" >"$RES/table.md"
}

chart() {
	local dat=$RES/overhead.dat setup=$RES/overhead.setup.gp sub
	command -v gnuplot >/dev/null || return 0
	jq -r '(.benches | map(.id)) as $b | .overhead as $o
		| (.states | map(select(.id != "A")))[] | .id as $s
		| "\"\($s)\" med min max",
		  ($b | to_entries[] | .key as $i | .value as $bn
			| $o[] | select(.state == $s and .bench == $bn and .ratio_median != null)
			| "\($i) \(.ratio_median) \(.ratio_min) \(.ratio_max)"),
		  "", ""' "$RES/results.json" >"$dat"
	jq -r '"nstates = \([.states[] | select(.id != "A")] | length)",
		"nbenches = \(.benches | length)",
		"set xtics (\([.benches | to_entries[] | "\"\(.value.id)\" \(.key)"] | join(", ")))",
		([.overhead[] | .ratio_min, .ratio_max | select(. != null)] as $v
		 | "set yrange [\([($v | min) * 0.92, 0.9] | min):\([($v | max) * 1.12, 1.1] | max)]")' \
		"$RES/results.json" >"$setup"
	sub=$(jq -r '"kernel \(.guest.kernel // "?") under qemu TCG, \(.guest.cpus // "?") vCPU(s), \(.guest.rounds // "?") rounds; commit \(.host.commit)\(if .host.dirty_files > 0 then "+changes" else "" end), \(.host.date)"' "$RES/results.json")
	gnuplot -e "datafile='$dat'; setup='$setup'; outfile='$RES/overhead.png'; subtitle='$sub'" \
		"$REPO/bench/overhead.gp" || echo "bench: gnuplot failed: no chart" >&2
}

main() {
	local t0
	need_tools
	if [ "${1:-}" != --summarize ]; then
		LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
		t0=$(date +%s)
		run_guest
		WALL_S=$(($(date +%s) - t0))
	fi
	summarize
	chart
	echo
	cat "$RES/table.txt"
	echo
	echo "bench: results in $RES/results.json, chart in $RES/overhead.png${WALL_S:+, guest run $WALL_S s}"
}

main "$@"
