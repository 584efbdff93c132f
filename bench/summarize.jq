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
| ["open1", "open8", "exec", "unix", "tcp", "cap", "stat", "build"] as $order
| {
	# The path walk asks inode_permission at every directory: boxlock's two programs there
	# run for every open and stat, host tasks' included.
	open1: ["bl_file_open", "bl_inode_permis", "bl_self_inode_p"],
	open8: ["bl_file_open", "bl_inode_permis", "bl_self_inode_p"],
	exec: ["bl_task_alloc", "bl_bprm_check", "bl_file_open"],
	unix: ["bl_socket_conne", "bl_unix_stream"], tcp: ["bl_socket_conne"],
	cap: ["bl_capable"], stat: ["bl_inode_permis", "bl_self_inode_p"], build: []
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
	# Against the floor (state Z, the same hooks with programs that only allow), round by
	# round: a state's overhead over A as a multiple of Z's overhead in the same round (1.0:
	# boxlock costs what any BPF LSM on these hooks costs; null where Z's own overhead is under
	# 0.5%, too small to divide by), and its time per op over Z's.
	floor: [
		($rated | map(select(.label == "Z")) | map({key: "\(.bench)/\(.round)", value: .})
			| from_entries) as $z
		| $states[] | select(.id != "A" and .id != "Z") as $s | $benches[] as $b
		| [$rated[] | select(.label == $s.id and .bench == $b and $z["\($b)/\(.round)"] != null)
			| $z["\($b)/\(.round)"] as $zr
			| {x: (if $zr.ratio - 1 >= 0.005 then (.ratio - 1) / ($zr.ratio - 1) else null end),
			   t: (.median_ns / $zr.median_ns)}] as $r
		| select($r | length > 0)
		| ($r | map(.x) | map(select(. != null))) as $x
		| ($r | map(.t)) as $t
		| {
			state: $s.id, bench: $b, rounds: ($r | length), floor_rounds: ($x | length),
			x_median: ($x | median | round3), x_min: ($x | min | round3),
			x_max: ($x | max | round3),
			t_median: ($t | median | round3), t_min: ($t | min | round3),
			t_max: ($t | max | round3)
		}
	],
	# The learning states against C (same profile, enforce), round by round: what recording
	# adds to a contained task's op, with A's drift cancelled by the same round.
	learn_vs_C: [
		("L", "Lr") as $s | $benches[] as $b
		| ($raw | map(select(.label == "C" and .bench == $b)
			| {key: "\(.round)", value: .median_ns}) | from_entries) as $c
		| [$raw[] | select(.label == $s and .bench == $b and $c["\(.round)"] != null)
			| .median_ns / $c["\(.round)"]] as $r
		| select($r | length > 0)
		| {state: $s, bench: $b, rounds: ($r | length), ratio_median: ($r | median | round3),
		   ratio_min: ($r | min | round3), ratio_max: ($r | max | round3),
		   pct_median: ($r | median | pct), pct_min: ($r | min | pct), pct_max: ($r | max | pct)}
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
		# own_ms: the command's time over the start-up floor, `profile check` of one rule
		# measured in the same boot (process start, libraries, opening the pins).
		timings: (([$ctl[] | select(.what == "check_1_rule") | .ms] | .[0]) as $floor
			| [$ctl[] | select(.ms != null and .what != "load_cycle")
			| {what, ms, status, own_ms: (if $floor != null and .what != "check_1_rule"
				and (.what | test("^(check|load|swap)_"))
				then .ms - $floor else null end)}]),
		# Kernel memory per rule and per binding, from the /proc/meminfo snapshots around
		# the loads of 10,000 rules, of 90,000 more, and of 9,999 bindings.
		memory_per: (([$ctl[] | select(.what == "memory") | {key: .at, value: .}] | from_entries)
			as $m
			| def per($a; $b; $n): if $m[$a] and $m[$b] then
				{slab_bytes: (($m[$b].slab_kb - $m[$a].slab_kb) * 1024 / $n | round),
				 vmalloc_bytes: (($m[$b].vmalloc_kb - $m[$a].vmalloc_kb) * 1024 / $n | round)}
				else null end;
			{rule_first_10000: per("loaded-empty"; "rules-10000"; 10000),
			 rule_next_90000: per("learn-10000"; "rules-100000"; 90000),
			 binding: per("rules-10000"; "rules-10000-cgroups-10000"; 9999)}),
		load_cycles_ms: [$ctl[] | select(.what == "load_cycle") | .ms],
		memory: [$ctl[] | select(.what == "memory") | del(.what)
			| . + {memlock_total: ([.memlock[]] | add)}],
		# Learning's memory (bench/run-guest.sh, learn_fill): the deltas of /proc/meminfo over
		# the learning connects, the control's (the same connects from an unbound cgroup)
		# beside them, and learned's bytes_memlock before and after.
		learn: ([$ctl[] | select(.what == "learn_fill")] | .[0] // null | if . == null then null
			else . as $f
			| ([$ctl[] | select(.what == "memory") | {key: .at, value: .}] | from_entries) as $m
			| $m["learn-empty"] as $m0 | $m["learn-control"] as $m1
			| $m["learn-\($f.connects)"] as $m2
			| ($f.after.entries - $f.before.entries) as $n
			| ($f.after.key_size) as $k | ($f.after.value_size) as $v
			| ([$ctl[] | select(.what == "learn_connects_control") | .ms] | .[0]) as $t0
			| ([$ctl[] | select(.what == "learn_connects_\($f.connects)") | .ms] | .[0]) as $t1
			| {
				connects: $f.connects, observations: $n,
				entries_before: $f.before.entries, entries_after: $f.after.entries,
				key_size: $k, value_size: $v, max_entries: $f.after.max_entries,
				# struct htab_elem (48 bytes on x86-64) + key + value, each rounded to 8
				elem_bytes: (48 + (($k + 7) / 8 | floor) * 8 + (($v + 7) / 8 | floor) * 8),
				memlock_before: ($m1.memlock.learned // null),
				memlock_after: ($m2.memlock.learned // null),
				memlock_per_obs: (if $n > 0 and $m1.memlock.learned != null
					and $m2.memlock.learned != null
					then ($m2.memlock.learned - $m1.memlock.learned) / $n | round1
					else null end),
				control_slab_kb: (if $m0 and $m1 then $m1.slab_kb - $m0.slab_kb else null end),
				slab_kb: (if $m1 and $m2 then $m2.slab_kb - $m1.slab_kb else null end),
				vmalloc_kb: (if $m1 and $m2 then $m2.vmalloc_kb - $m1.vmalloc_kb else null end),
				percpu_kb: (if $m1 and $m2 then $m2.percpu_kb - $m1.percpu_kb else null end),
				slab_per_obs: (if $n > 0 and $m1 and $m2
					then ($m2.slab_kb - $m1.slab_kb) * 1024 / $n | round1 else null end),
				control_ms: $t0, learn_ms: $t1,
				insert_ns_per_obs: (if $n > 0 and $t0 != null and $t1 != null
					then ($t1 - $t0) * 1000000 / $n | round else null end),
				counters_before: $f.counters_before, counters_after: $f.counters_after
			} end),
		events: [$ctl[] | select(.what == "events") | {
			state: (.state // "E"), round,
			audited: (.after.audited - .before.audited),
			lost: (.after.events_lost - .before.events_lost)
		}]
	},
	samples: $raw
  }
