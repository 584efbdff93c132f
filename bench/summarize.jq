# Builds .output/bench/results.json from what bench/run-guest.sh wrote (see scripts/bench.sh):
#   jq -n --slurpfile raw raw.jsonl --slurpfile hooks hooks.jsonl --slurpfile ctl control.jsonl
#         --slurpfile states states.jsonl --slurpfile guest guest.json --argjson host HOST
#         -f bench/summarize.jq
#
# A visit's sample is the median of its repetitions. A state's ratio in round r is its sample
# over the mean of the A samples that bracket the round (A is measured before round 1, between
# rounds and after the last), so that a drift during the round weighs on both sides alike.

def median: sort | if length == 0 then null
	elif length % 2 == 1 then .[length / 2 | floor]
	else (.[length / 2 - 1] + .[length / 2]) / 2 end;
def round3: if . == null then null else . * 1000 | round / 1000 end;
def round1: if . == null then null else . * 10 | round / 10 end;
def pct: if . == null then null else (. - 1) * 100 | round1 end;

($raw | map(select(.label == "A")) | map({key: "\(.bench)/\(.round)", value: .median_ns}) | from_entries) as $A
| ($raw | map(.bench) | unique) as $bench_ids
| ["open1", "open8", "exec", "unix", "tcp", "cap", "stat"] as $order
| {
	open1: ["bl_file_open"], open8: ["bl_file_open"],
	exec: ["bl_task_alloc", "bl_bprm_check", "bl_file_open"],
	unix: ["bl_socket_conne", "bl_unix_stream"], tcp: ["bl_socket_conne"],
	cap: ["bl_capable"], stat: []
  } as $hook_of
| ([$order[] | select(. as $b | $bench_ids | index($b))]) as $benches
| ($raw | map(select(.label != "A") | . + {
	a: ([$A["\(.bench)/\(.round)"], $A["\(.bench)/\(.round + 1)"]] | map(select(. != null)))
  } | select(.a | length > 0) | . + {ratio: (.median_ns / (.a | add / length))})) as $rated
| {
	host: $host,
	guest: ($guest[0] // {}),
	states: $states,
	benches: [$benches[] as $b | $raw | map(select(.bench == $b)) | .[0] | {id: .bench, what}],
	overhead: [
		$states[] as $s | $benches[] as $b
		| ($raw | map(select(.label == $s.id and .bench == $b))) as $samples
		| select($samples | length > 0)
		| ($rated | map(select(.label == $s.id and .bench == $b)) | map(.ratio)) as $r
		| {
			state: $s.id, bench: $b, rounds: ($samples | length),
			ns_median: ($samples | map(.median_ns) | median | round1),
			ratio_median: ($r | median | round3),
			ratio_min: ($r | min | round3),
			ratio_max: ($r | max | round3),
			pct_median: ($r | median | pct),
			pct_min: ($r | min | pct),
			pct_max: ($r | max | pct)
		}
	],
	hooks: [
		# Of a state's visits with the stats on, the one that spent least in the hooks per op:
		# preemption and interrupts only ever add to a program's measured run time.
		$hooks | group_by([.label, .bench])[]
		| min_by(. as $v | [($v.hooks // {}) | to_entries[]
			| select(.key as $k | $hook_of[$v.bench] // [] | any(. as $p | $k | startswith($p)))
			| .value.ns] | add // 0 | . / $v.total_ops)
		| . as $h
		| [(.hooks // {}) | to_entries[]
			# The hooks the loop drives; calls of others come from other processes (the
			# events reader of state E, blbench reading the stats). Names are cut at 15.
			| select(.key as $k | $hook_of[$h.bench] // [] | any(. as $p | $k | startswith($p)))
			| {
				hook: .key,
				calls_per_op: (.value.calls / $h.total_ops | round3),
				ns_per_call: (.value.ns / .value.calls | round),
				ns_per_op: (.value.ns / $h.total_ops)
			}] as $hk
		| {
			state: .label, bench, ops: .total_ops, op_ns: .median_ns,
			hooks: $hk | map(.ns_per_op |= round1),
			hook_ns_per_op: ($hk | map(.ns_per_op) | add // 0 | round1),
			hook_pct_of_op: (($hk | map(.ns_per_op) | add // 0) / .median_ns * 100 | round1)
		}
	],
	control_plane: {
		timings: [$ctl[] | select(.ms != null and .what != "load_cycle") | {what, ms, status}],
		load_cycles_ms: [$ctl[] | select(.what == "load_cycle") | .ms],
		check_10000_in_one_profile: ([$ctl[] | select(.what == "check_10000_in_one_profile")
			| .errors] | .[0]),
		memory: [$ctl[] | select(.what == "memory") | del(.what)
			| . + {memlock_total: ([.memlock[]] | add)}],
		events: [$ctl[] | select(.what == "events") | {
			state: (.state // "E"), round,
			audited: (.after.audited - .before.audited),
			lost: (.after.events_lost - .before.events_lost)
		}]
	},
	samples: $raw
  }
