# Prints the tables of .output/bench/results.json: jq -r --arg fmt text|md -f bench/table.jq
# text: aligned columns for a terminal; md: the Markdown tables of docs/performance.md.

def spaces(n): if n <= 0 then "" else [range(n)] | map(" ") | add end;
def pad(n): tostring | . + spaces(n - length);
def lpad(n): tostring | spaces(n - length) + .;
def abs: if . < 0 then -. else . end;
def num: if . == null then "n/a" elif abs >= 10 then round | tostring
	else . * 10 | round / 10 | tostring end;
def sgn: if . == null then "n/a" elif . > 0 then "+" + num elif . == 0 then "0" else num end;
def cell: if .pct_median == null then "n/a"
	else "\(.pct_median | sgn) [\(.pct_min | sgn) \(.pct_max | sgn)]" end;
def num3: if . == null then "n/a" else . * 1000 | round / 1000 | tostring end;
def ns: if . == null then "n/a" elif . >= 1000000 then "\(. / 1000000 | num) ms"
	elif . >= 1000 then "\(. / 1000 | num) us" else "\(. | round) ns" end;

def caption(s): if $fmt == "md" then "**\(s)**\n" else s end;

def table($head; $rows):
	if $fmt == "md" then
		("| " + ($head | join(" | ")) + " |"),
		("|" + ($head | map("---") | join("|")) + "|"),
		($rows[] | "| " + (map(tostring) | join(" | ")) + " |")
	else
		([$head] + $rows) as $all
		| [range($head | length) as $i | $all | map(.[$i] | tostring | length) | max] as $w
		| ($all[] | [range(length) as $i | .[$i] | if $i == 0 then pad($w[$i]) else lpad($w[$i]) end]
			| join("  "))
	end;

. as $r
| ($r.benches | map(.id)) as $b
| ($r.overhead | map({key: "\(.state)/\(.bench)", value: .}) | from_entries) as $o
| caption("Overhead in % against A (boxlock not loaded), same boot: median [min max] of \($r.guest.rounds // "?") rounds"),
  table(["state"] + $b;
	[$r.states[] | select(.id != "A") | .id as $s | [$s] + ($b | map($o["\($s)/\(.)"] | if . then cell else "n/a" end))]
	+ [["A: ns/op"] + ($b | map($o["A/\(.)"].ns_median | ns))]),
  "",
  (if ($r.floor // []) | length == 0 then empty else
	def xcell: if .x_median == null then "n/a"
		else "\(.x_median | num)x [\(.x_min | num) \(.x_max | num)]" end;
	def tcell: "\(.t_median | num3) [\(.t_min | num3) \(.t_max | num3)]";
	($r.floor | map({key: "\(.state)/\(.bench)", value: .}) | from_entries) as $f
	| ($r.states | map(select(.id != "A" and .id != "Z") | .id)) as $ss
	| caption("Overhead as a multiple of the floor's (Z: boxlock's hooks, programs that only allow), same round: median [min max]; n/a where Z's overhead is under 0.5%"),
	  table(["state"] + $b; [$ss[] as $s | [$s] + ($b | map($f["\($s)/\(.)"] | if . then xcell else "n/a" end))]),
	  "",
	  caption("Time per op over Z's, same round: median [min max]"),
	  table(["state"] + $b; [$ss[] as $s | [$s] + ($b | map($f["\($s)/\(.)"] | if . then tcell else "n/a" end))]),
	  "" end),
  (if ($r.learn_vs_C // []) | length == 0 then empty else
	($r.learn_vs_C | map({key: "\(.state)/\(.bench)", value: .}) | from_entries) as $l
	| caption("Learning against C (the same profile's rules in enforce), same round, in %: median [min max]"),
	  table(["state"] + $b;
		[("L", "Lr") as $s | select($l | has("\($s)/\($b[0])")) | [$s] + ($b | map($l["\($s)/\(.)"] | if . then cell else "n/a" end))]),
	  "" end),
  caption("States:"),
  ($r.states[] | if $fmt == "md" then "- **\(.id)**: \(.desc); \(.bindings) bound cgroups" else "  \(.id | pad(5)) \(.desc); \(.bindings) bound cgroups" end),
  "",
  caption("Time in boxlock's programs per op, from the kernel's BPF stats (run_time_ns / run_cnt, emulated ns; trampoline not included), and its share of the op:"),
  ($r.hooks | map({key: "\(.state)/\(.bench)", value: .}) | from_entries) as $h
  | table(["state"] + $b;
	[$r.states[] | select(.id != "A") | .id as $s
		| [$s] + ($b | map($h["\($s)/\(.)"] | if . == null then "n/a"
			elif (.hooks | length) == 0 then "-"
			else "\(.hook_ns_per_op | ns) (\(.hook_pct_of_op | num)%)" end))]),
  "",
  caption("Per hook: emulated ns per call, by benchmark (program names are cut at 15 characters):"),
  table(["bench: hook"] + ($r.states | map(select(.id != "A") | .id));
	[$b[] as $bn | $r.hooks | map(select(.bench == $bn) | .hooks[].hook) | unique[] as $k
		| ["\($bn): \($k)"] + ($r.states | map(select(.id != "A") | .id as $s
			| [$r.hooks[] | select(.state == $s and .bench == $bn) | .hooks[]
				| select(.hook == $k)]
			| if length == 0 then "n/a" else .[0].ns_per_call | tostring end))]),
  "",
  caption("Control plane (wall time of the command in the guest; own: over the start-up floor, check_1_rule):"),
  table(["what", "ms", "own ms", "status"];
	[$r.control_plane.timings[] | [.what, .ms, (.own_ms // "-"), (if .status == 124 then "timed out" elif .status == 0 then "ok" else "exit \(.status)" end)]]),
  "",
  ($r.control_plane.memory_per // {} | to_entries | map(select(.value != null))
	| if length == 0 then empty else
	(caption("Kernel memory per item (slab and vmalloc deltas over the count):"),
	 table(["item", "slab bytes", "vmalloc bytes"]; map([.key, .value.slab_bytes, .value.vmalloc_bytes]))) end),
  "",
  caption("Map memory (bytes_memlock summed over boxlock's maps; kernel memory from /proc/meminfo):"),
  table(["at", "memlock", "slab", "vmalloc", "percpu"];
	[$r.control_plane.memory[] | [.at, "\((.memlock_total // 0) / 1048576 | num) MiB", "\(.slab_kb / 1024 | num) MiB", "\(.vmalloc_kb / 1024 | num) MiB", "\(.percpu_kb / 1024 | num) MiB"]]),
  "",
  ($r.control_plane.learn // null | if . == null then empty else
	def kb: if . == null then "n/a" elif abs < 1024 then "\(if . > 0 then "+" else "" end)\(. | num) KiB"
		else "\(if . > 0 then "+" else "" end)\(. / 1024 | num) MiB" end;
	def mib: if . == null then "n/a" else "\(. / 1048576 | num) MiB" end;
	caption("Learning, \(.connects) distinct connects from a learning cgroup:"),
	"  learned: \(.entries_before) -> \(.entries_after) entries (\(.observations) new); key \(.key_size) + value \(.value_size) bytes, hash element \(.elem_bytes) bytes; max \(.max_entries)",
	"  slab \(.slab_kb | kb) (\(.slab_per_obs | num) bytes per observation); the same connects unbound: \(.control_slab_kb | kb); vmalloc \(.vmalloc_kb | kb), percpu \(.percpu_kb | kb)",
	"  bytes_memlock of learned: \(.memlock_before | mib) -> \(.memlock_after | mib) (\(.memlock_per_obs | num) bytes per observation)",
	"  the connects took \(.control_ms) ms unbound, \(.learn_ms) ms learning: (learning - unbound) / observations = \(.insert_ns_per_obs | if . != null and . < 0 then "-" + (-. | ns) else ns end); learn_full \(.counters_before.learn_full // "n/a") -> \(.counters_after.learn_full // "n/a"), learn_busy \(.counters_before.learn_busy // "n/a") -> \(.counters_after.learn_busy // "n/a")",
	"" end),
  ($r.control_plane.events | group_by(.state)[] | "Events in state \(.[0].state): \(map(.audited) | add) reported, \(map(.lost) | add) of them lost (ring buffer full)")
