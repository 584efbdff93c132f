#!/usr/bin/env bash
# The guest side of `make bench` (scripts/bench.sh boots the guest and runs this in it, once).
#
# In one boot: the microbenchmarks of bench/blbench.c in every state below, the states cycled in
# rounds (forward, then backward, and so on) so that drift of the emulated CPU hits every state
# alike; then two passes with the kernel's BPF stats on for the per-hook cost; then the control
# plane (compile, load, swap, bind), map memory and the memory of 10,000 observations of learn mode.
# Writes JSON lines under $BOXLOCK_OUT/bench/.
#
# Environment: BOXLOCK_BENCH_ROUNDS (5), BOXLOCK_BENCH_MS (150: one repetition of a loop),
# BOXLOCK_BENCH_EXEC_MS (300: the same for fork+exec, which is slower and noisier),
# BOXLOCK_BENCH_REPS (3: repetitions per visit, their median is the visit's sample),
# BOXLOCK_BENCH_SWAP_TIMEOUT (240: seconds the swap of the 8,192-rule profile may take),
# BOXLOCK_BENCH_WORKLOAD_REPS (2: runs of the real workload per visit; 0 leaves it out).
set -uo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${BOXLOCK_OUT:-$REPO/.output}
RES=$OUT/bench
BOXLOCK=$OUT/boxlock
BLBENCH=$OUT/bench/blbench
BLFLOOR=$OUT/bench/blfloor
FLOOR_OBJ=$OUT/bench/floor.bpf.o
FLOOR_PIN=/sys/fs/bpf/blfloor
FLOOR_NAMES=() # boxlock's programs attached on this kernel, read at the first load
ROUNDS=${BOXLOCK_BENCH_ROUNDS:-5}
MS=${BOXLOCK_BENCH_MS:-150}
EXEC_MS=${BOXLOCK_BENCH_EXEC_MS:-300}
EXEC_WARM_MS=800 # see blbench -w: a fresh process forks and execs slowly at first under TCG
REPS=${BOXLOCK_BENCH_REPS:-3}
CG=/sys/fs/cgroup/blbench
PROF=/tmp/blbench-profiles
PIN=/sys/fs/bpf/boxlock
BINDINGS=$PIN/maps/bindings
N_STATE_CGROUPS=8 # cdef f1 f100 f10k n1k audit learn learnr: bound whenever boxlock is loaded
N_CONTAINERS=10000
PATHS_PER_PROFILE=10000 # the issue's figure; BLP_MAX_PATHS (policy/internal.h) is 16384
N_BIG_PROFILES=10 # of PATHS_PER_PROFILE rules each: the 100,000 rules of the control plane
BENCHES=(open1 open8 unix tcp cap stat) # and exec, run on its own with EXEC_MS
SWAP_TIMEOUT=${BOXLOCK_BENCH_SWAP_TIMEOUT:-240}
N_LEARNED=10000 # distinct observations the control plane makes a learning cgroup record
LEARN_PORT0=20001 # their TCP ports on 127.0.0.1, where nothing listens
WORKLOAD_REPS=${BOXLOCK_BENCH_WORKLOAD_REPS:-2}
WORKLOAD_STATES=" A Z B C " # the states the real workload runs in (the goals' states)
WORKLOAD_TAR=/blbench-src.tar
WORKLOAD_DIR=/blbench-work # on the guest's overlay root, as a container's files are
WORKLOAD_PORT=9077
WORKLOAD_BURST=20 # processes, then connections
WORKLOAD_FILES=6 # C files in the source tree

die() {
	echo "bench: $*" >&2
	exit 1
}

now_ms() {
	local t=${EPOCHREALTIME/./}
	echo $((t / 1000))
}

# ---- states ---------------------------------------------------------------------------------
# id|cgroup|bindings present|description
STATES=(
	"A|free|0|boxlock not loaded"
	"Z|free|0|the floor: boxlock's hooks, each program only allowing (bench/floor-gen.sh); boxlock not loaded"
	"B|free|$N_STATE_CGROUPS|loaded, task outside every bound cgroup"
	"C|cdef|$N_STATE_CGROUPS|bound to default (enforce)"
	"L|learn|$N_STATE_CGROUPS|learn mode under default, no rules of its own: exec, unix, tcp, cap recorded (found after the first op)"
	"Lr|learnr|$N_STATE_CGROUPS|as L, and the benchmark's files watched ([learn] watch-read): open1, open8 recorded too"
	"D1|f1|$N_STATE_CGROUPS|bound to a profile of 1 file rule"
	"D100|f100|$N_STATE_CGROUPS|bound to a profile of 100 file rules"
	"D10k|f10k|$N_STATE_CGROUPS|bound to a profile of 10000 file rules"
	"Dnet|n1k|$N_STATE_CGROUPS|bound to a profile of 1000 network rules"
	"E|audit|$N_STATE_CGROUPS|audit mode, a rule matches every op, events read by boxlock events --follow (same CPU)"
	"E0|audit|$N_STATE_CGROUPS|as E, nobody reads events: the ring buffer stays full, each event is counted lost"
	"C100|cdef|100|bound to default, 100 bound cgroups"
	"C10k|cdef|$N_CONTAINERS|bound to default, 10000 bound cgroups"
	"B10k|free|$N_CONTAINERS|loaded, task outside, 10000 bound cgroups"
)
LOADED_STATES=("${STATES[@]:2}") # all but A and Z: boxlock loaded

field() { # field N RECORD
	local IFS='|' f
	read -r -a f <<<"$2"
	echo "${f[$1]}"
}

# ---- profiles -------------------------------------------------------------------------------
# File rules are siblings of the depth-8 benchmark file (and share the depth-1 file's first
# bytes): the longest-prefix lookup walks as deep into the trie as it can, then misses. None
# exists, so none has an identity entry; none matches an op, so every op is allowed.
gen_files_profile() { # NAME COUNT DIR [START]
	local name=$1 n=$2 dir=$3 start=${4:-0}
	{
		echo "[profile]"
		echo "description = blbench: $n file rules"
		echo "mode = enforce"
		echo "[files]"
		echo "deny-read ="
		awk -v n="$n" -v d="$dir" -v s="$start" 'BEGIN { for (i = s; i < s + n; i++) printf "\t%s/r%05d\n", d, i }'
	} >"$PROF/$name.ini"
}

gen_profiles() {
	local exe
	exe=$(readlink -f "$BLBENCH")
	mkdir -p "$PROF"
	gen_files_profile bench-f1 1 /blbench/d2/d3/d4/d5/d6/d7
	gen_files_profile bench-f100 100 /blbench/d2/d3/d4/d5/d6/d7
	gen_files_profile bench-f1k 1000 /blbench/d2/d3/d4/d5/d6/d7
	gen_files_profile bench-f10k $PATHS_PER_PROFILE /blbench/d2/d3/d4/d5/d6/d7
	# With bench-f10k, the control plane's 100,000 rules: each profile under its own directory.
	for ((i = 1; i < N_BIG_PROFILES; i++)); do
		gen_files_profile bench-p$i $PATHS_PER_PROFILE /blbench/p$i
	done
	# 1,000 TCP prefixes; 127.0.0.0/24 contains the benchmark's listener, but only for port 9:
	# the lookup finds a rule and checks its port ranges, and the connect is allowed.
	{
		echo "[profile]"
		echo "description = blbench: 1000 network rules"
		echo "mode = enforce"
		echo "[network]"
		echo "deny ="
		awk 'BEGIN { for (i = 0; i < 1000; i++) printf "\ttcp 127.%d.%d.0/24 port 9,\n", int(i / 250), i % 250 }'
	} >"$PROF/bench-n1k.ini"
	# Audit mode, and a rule for every op of blbench but stat: each op is reported.
	cat >"$PROF/bench-audit.ini" <<-EOF
		[profile]
		description = blbench: audit mode, every op matches a rule
		mode = audit
		[files]
		deny-read = /blbench-file /blbench/
		[exec]
		deny = $exe
		[network]
		deny-unix = /tmp/blbench.sock
		deny = tcp 127.0.0.0/8
		[capabilities]
		deny = SYS_PACCT
	EOF
	# The same without the capability rule, in force outside E's visits: a rule for SYS_PACCT
	# in any loaded profile turns capable's shortcut off for that capability for every task
	# (loader/cap_mask.c), which would hide the shortcut from every other state's cap.
	# A profile's file is named after it: the same name, in a directory of its own.
	mkdir -p "$PROF/nocap"
	sed '/^\[capabilities\]/,$d; s/^description = .*/&, but no capability/' \
		"$PROF/bench-audit.ini" >"$PROF/nocap/bench-audit.ini"
	# Learn mode, nothing of its own: default's rules keep default's mode (enforce), and every
	# op they allow is recorded in `learned`, once per distinct object. Reads are recorded
	# under a watched root only: none here, so open1 and open8 record nothing (Lr watches).
	cat >"$PROF/bench-learn.ini" <<-EOF
		[profile]
		description = blbench: learn mode under default, no rules of its own
		extends = default
		mode = learn
	EOF
	cat >"$PROF/bench-learn-read.ini" <<-EOF
		[profile]
		description = blbench: learn mode under default, the benchmark's files watched
		extends = default
		mode = learn
		[learn]
		watch-read = /blbench-file /blbench/
	EOF
}

LOAD_FILES=()
# ---- loading and binding --------------------------------------------------------------------
bl() {
	"$BOXLOCK" "$@" >/dev/null 2>/tmp/blbench.err || {
		cat /tmp/blbench.err >&2
		die "boxlock $* failed"
	}
}

containers=0 # bound cgroups now
load_all() {
	local t0
	t0=$(now_ms)
	bl load
	bl profile load "${LOAD_FILES[@]}"
	bl bind --cgroup $CG/cdef --profile default
	bl bind --cgroup $CG/f1 --profile bench-f1
	bl bind --cgroup $CG/f100 --profile bench-f100
	bl bind --cgroup $CG/f10k --profile bench-f10k
	bl bind --cgroup $CG/n1k --profile bench-n1k
	bl bind --cgroup $CG/audit --profile bench-audit
	bl bind --cgroup $CG/learn --profile bench-learn
	bl bind --cgroup $CG/learnr --profile bench-learn-read
	bl mode enforce --profile bench-learn # learning only while measured: see run_state
	bl mode enforce --profile bench-learn-read
	containers=$N_STATE_CGROUPS
	if [ ${#FLOOR_NAMES[@]} -eq 0 ]; then
		mapfile -t FLOOR_NAMES < <(ls $PIN/links)
		[ ${#FLOOR_NAMES[@]} -gt 0 ] || die "no links under $PIN/links"
	fi
	echo "{\"what\":\"load_cycle\",\"ms\":$(($(now_ms) - t0))}" >>"$RES/control.jsonl"
}

unload_all() {
	bl unload
	containers=0
}

# State Z: the floor's programs on the hooks boxlock attached (FLOOR_NAMES), nothing else.
floor_load() {
	local n
	[ ${#FLOOR_NAMES[@]} -gt 0 ] || die "floor before boxlock's first load: no hook list"
	n=$("$BLFLOOR" load "$FLOOR_OBJ" $FLOOR_PIN "${FLOOR_NAMES[@]}") || die "blfloor load failed"
	[ "$n" -eq ${#FLOOR_NAMES[@]} ] || die "floor attached $n programs, boxlock ${#FLOOR_NAMES[@]}"
}

floor_unload() {
	"$BLFLOOR" unload $FLOOR_PIN || die "blfloor unload failed"
}

# ---- the real workload ------------------------------------------------------------------------
# A source tree of WORKLOAD_FILES C files, a header and a Makefile, as a tarball: unpacked and
# built in every visit of WORKLOAD_STATES (bench/workload.sh).
gen_workload() {
	local d=/blbench-src i
	rm -rf $d
	mkdir -p $d/src
	{
		echo "#include <stddef.h>"
		for ((i = 0; i < WORKLOAD_FILES; i++)); do
			echo "unsigned long f$i(const unsigned char *p, size_t n);"
		done
	} >$d/src/prog.h
	for ((i = 0; i < WORKLOAD_FILES; i++)); do
		cat >$d/src/f$i.c <<-EOF
			#include "prog.h"
			#include <string.h>
			struct st$i { unsigned long a[8]; const char *name; };
			static unsigned long mix$i(unsigned long h, unsigned char c)
			{
				return (h ^ c) * 1099511628211UL + $i;
			}
			unsigned long f$i(const unsigned char *p, size_t n)
			{
				struct st$i s = { .name = "f$i" };
				unsigned long h = 14695981039346656037UL;
				for (size_t k = 0; k < n; k++) {
					h = mix$i(h, p[k]);
					s.a[k % 8] += h;
				}
				return h ^ s.a[$i % 8] ^ strlen(s.name);
			}
		EOF
	done
	{
		echo "#include <stdio.h>"
		echo "#include \"prog.h\""
		echo "int main(void)"
		echo "{"
		echo "	static const unsigned char msg[] = \"boxlock\";"
		echo "	unsigned long h = 0;"
		for ((i = 0; i < WORKLOAD_FILES; i++)); do
			echo "	h ^= f$i(msg, sizeof(msg));"
		done
		echo "	printf(\"%lx\\n\", h);"
		echo "	return 0;"
		echo "}"
	} >$d/src/main.c
	printf 'OBJS := main.o %s\nprog: $(OBJS)\n\t$(CC) -o $@ $(OBJS)\n%%.o: %%.c prog.h\n\t$(CC) -O1 -c -o $@ $<\n' \
		"$(for ((i = 0; i < WORKLOAD_FILES; i++)); do printf 'f%d.o ' $i; done)" >$d/src/Makefile
	tar cf $WORKLOAD_TAR -C $d src || die "cannot pack the workload's tree"
	rm -rf $d
}

# The workload's listener: accepts and closes, outside every bound cgroup, for the whole run.
workload_listener() {
	python3 -c '
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(128)
print("ready", flush=True)
while True:
    c, _ = s.accept()
    c.close()
' $WORKLOAD_PORT &
	LISTENER=$!
	local i
	for ((i = 0; i < 300; i++)); do
		(: </dev/tcp/127.0.0.1/$WORKLOAD_PORT) 2>/dev/null && return 0
		sleep 0.1
	done
	die "the workload's listener did not start"
}

# One visit's workload samples, as one JSON line like blbench's (bench "build").
run_workload() { # ID CGROUP ROUND
	local id=$1 cg=$2 round=$3 i ns samples=()
	for ((i = 0; i < WORKLOAD_REPS; i++)); do
		ns=$("$REPO/bench/workload.sh" "$cg" $WORKLOAD_TAR $WORKLOAD_DIR $WORKLOAD_PORT \
			$WORKLOAD_BURST) || die "the workload failed in state $id"
		samples+=("$ns")
	done
	printf '%s\n' "${samples[@]}" | jq -sc --arg l "$id" --argjson r "$round" \
		--arg what "unpack and build $WORKLOAD_FILES C files with gcc and make, run it, remove the tree, $WORKLOAD_BURST execs, $WORKLOAD_BURST TCP connections, a chown" \
		'sort as $s | {label: $l, round: $r, bench: "build", what: $what, iters: 1,
		  ns_per_op: ., median_ns: (if ($s | length) % 2 == 1 then $s[($s | length) / 2 | floor]
			else ($s[($s | length) / 2 - 1] + $s[($s | length) / 2]) / 2 end)}'
}

# x-cgroups bound besides the state cgroups, so that $1 cgroups are bound in all.
set_containers() {
	local want=$1 have=$containers
	[ "$want" -eq "$have" ] && return 0
	if [ "$want" -gt "$have" ]; then
		sed -n "$((have - N_STATE_CGROUPS + 1)),$((want - N_STATE_CGROUPS))p" "$RES/.xcgroups" |
			"$BLBENCH" bind-like "$BINDINGS" $CG/cdef >/dev/null || die "bind-like failed"
	else
		sed -n "$((want - N_STATE_CGROUPS + 1)),$((have - N_STATE_CGROUPS))p" "$RES/.xcgroups" |
			"$BLBENCH" unbind "$BINDINGS" >/dev/null || die "unbind failed"
	fi
	containers=$want
}

counters() {
	"$BOXLOCK" -j status 2>/dev/null | jq -c '.counters // {}'
}

# ---- one visit of one state -----------------------------------------------------------------
run_state() { # RECORD ROUND [extra blbench options]
	local rec=$1 round=$2 id cg n follow=
	shift 2
	id=$(field 0 "$rec")
	cg=$CG/$(field 1 "$rec")
	n=$(field 2 "$rec")
	if [ "$id" != A ]; then
		set_containers "$n"
	fi
	if [ "$id" = E ] || [ "$id" = E0 ]; then
		local before
		before=$(counters)
	fi
	# The learning profiles learn only while their state is measured: a profile in learn mode
	# turns capable's shortcut off for every task (loader/cap_mask.c), which would hide it from
	# every other state. They are loaded in enforce mode (load_all), and switched here.
	local learner=
	[ "$id" = L ] && learner=bench-learn
	[ "$id" = Lr ] && learner=bench-learn-read
	[ -z "$learner" ] || bl mode learn --profile $learner
	if [ "$id" = E ] || [ "$id" = E0 ]; then
		bl profile load "$PROF/bench-audit.ini" # with its capability rule: see gen_profiles
	fi
	if [ "$id" = E ]; then
		"$BOXLOCK" events --follow >/dev/null 2>&1 &
		follow=$!
	fi
	"$BLBENCH" "$@" -c "$cg" -t "$MS" -r "$REPS" -l "$id" -i "$round" "${BENCHES[@]}" ||
		die "blbench failed in state $id"
	"$BLBENCH" "$@" -c "$cg" -t "$EXEC_MS" -w "$EXEC_WARM_MS" -r "$REPS" -l "$id" -i "$round" exec ||
		die "blbench exec failed in state $id"
	if [ $# -eq 0 ] && [ "$WORKLOAD_REPS" -gt 0 ] && [[ $WORKLOAD_STATES == *" $id "* ]]; then
		run_workload "$id" "$cg" "$round"
	fi
	if [ -n "$follow" ]; then
		kill "$follow" 2>/dev/null
		wait "$follow" 2>/dev/null
	fi
	[ -z "$learner" ] || bl mode enforce --profile $learner
	if [ "$id" = E ] || [ "$id" = E0 ]; then
		bl profile load "$PROF/nocap/bench-audit.ini"
	fi
	if [ "$id" = E ] || [ "$id" = E0 ]; then
		echo "{\"what\":\"events\",\"state\":\"$id\",\"round\":$round,\"before\":$before,\"after\":$(counters)}" \
			>>"$RES/control.jsonl"
	fi
}

# ---- control plane and memory ---------------------------------------------------------------
timed() { # NAME CMD...: runs CMD, records its wall time
	local name=$1 t0 t1 st
	shift
	t0=$(now_ms)
	"$@" >/dev/null 2>/tmp/blbench.err
	st=$?
	t1=$(now_ms)
	echo "{\"what\":\"$name\",\"ms\":$((t1 - t0)),\"status\":$st}" >>"$RES/control.jsonl"
	[ "$st" -eq 0 ] || [ "$st" -eq 124 ] || {
		cat /tmp/blbench.err >&2
		die "$name failed"
	}
}

# Kernel memory as /proc/meminfo counts it (kB): slab, vmalloc and per-CPU areas, where BPF maps
# live; and bytes_memlock of boxlock's (pinned) maps as bpftool reports it.
memory() { # NAME
	local slab vm pcpu maps
	slab=$(awk '/^Slab:/ { print $2 }' /proc/meminfo)
	vm=$(awk '/^VmallocUsed:/ { print $2 }' /proc/meminfo)
	pcpu=$(awk '/^Percpu:/ { print $2 }' /proc/meminfo)
	maps=$(bpftool -j -f map show 2>/dev/null |
		jq -c --arg pin "$PIN/" '[.[] | select((.pinned // []) | any(startswith($pin)))
			| {(.name): .bytes_memlock}] | add // {}')
	echo "{\"what\":\"memory\",\"at\":\"$1\",\"slab_kb\":$slab,\"vmalloc_kb\":$vm,\"percpu_kb\":$pcpu,\"memlock\":$maps}" \
		>>"$RES/control.jsonl"
}

# N_LEARNED TCP connects to distinct ports of 127.0.0.1 from a shell that first moves into
# cgroup $1: each is refused at once (nothing listens) after socket_connect allowed it, so in a
# learning cgroup each is one new observation, and nothing else stays allocated. The shell's
# stderr is /dev/null before it moves: an open there would be one more observation.
connects() { # CGROUP
	bash -c 'echo $$ >"$1/cgroup.procs" || exit 1
		for ((p = $2; p < $2 + $3; p++)); do : </dev/tcp/127.0.0.1/$p; done
		exit 0' connects "$1" $LEARN_PORT0 $N_LEARNED 2>/dev/null
}

learn_counters() {
	counters | jq -c '{learn_full: (.learn_full // null), learn_busy: (.learn_busy // null)}'
}

# The memory of N_LEARNED observations in `learned`: snapshots before, after the same connects
# from an unbound cgroup (the control: what the connects themselves leave in slab), and after
# them from a cgroup bound to bench-learn. The learned map's entries are counted by blbench.
learn_fill() {
	local before after cb
	bl profile load "$REPO/profiles/default.ini" "$PROF/bench-learn.ini"
	bl bind --cgroup $CG/learnfill --profile bench-learn
	before=$("$BLBENCH" count $PIN/maps/learned) || die "cannot count learned"
	cb=$(learn_counters)
	sync
	echo 3 >/proc/sys/vm/drop_caches
	memory learn-empty
	timed learn_connects_control connects $CG/free
	sync
	echo 3 >/proc/sys/vm/drop_caches
	memory learn-control
	timed learn_connects_$N_LEARNED connects $CG/learnfill
	sync
	echo 3 >/proc/sys/vm/drop_caches
	memory learn-$N_LEARNED
	after=$("$BLBENCH" count $PIN/maps/learned) || die "cannot count learned"
	echo "{\"what\":\"learn_fill\",\"connects\":$N_LEARNED,\"before\":$before,\"after\":$after,\"counters_before\":$cb,\"counters_after\":$(learn_counters)}" \
		>>"$RES/control.jsonl"
}

control_plane() {
	local i
	echo 3 >/proc/sys/vm/drop_caches
	# Look every container cgroup up (ls -l stats each): their dentries and inodes then weigh
	# on every snapshot below, which differ by boxlock, its rules and bindings alone.
	ls -l $CG >/dev/null
	memory not-loaded
	timed load "$BOXLOCK" load
	memory loaded-empty
	"$BOXLOCK" profile check "$PROF/bench-f1.ini" >/dev/null 2>&1 # warm the page cache
	timed check_1_rule "$BOXLOCK" profile check "$PROF/bench-f1.ini"
	timed check_10000_rules "$BOXLOCK" profile check "$PROF/bench-f10k.ini"
	timed load_default "$BOXLOCK" profile load "$REPO/profiles/default.ini"
	timed swap_default "$BOXLOCK" profile load "$REPO/profiles/default.ini"
	timed load_1000_rules "$BOXLOCK" profile load "$PROF/bench-f1k.ini"
	timed swap_1000_rules "$BOXLOCK" profile load "$PROF/bench-f1k.ini"
	bl profile unload bench-f1k
	timed load_10000_rules "$BOXLOCK" profile load "$PROF/bench-f10k.ini"
	memory rules-10000
	timed bind_1_cli "$BOXLOCK" bind --cgroup $CG/cdef --profile default
	timed bind_9999_bulk "$BLBENCH" bind-like "$BINDINGS" $CG/cdef <"$RES/.xcgroups"
	memory rules-10000-cgroups-10000
	learn_fill
	local big=()
	for ((i = 1; i < N_BIG_PROFILES; i++)); do
		big+=("$PROF/bench-p$i.ini")
	done
	timed check_90000_rules "$BOXLOCK" profile check "${big[@]}"
	timed load_90000_rules "$BOXLOCK" profile load "${big[@]}"
	memory rules-100000
	# A swap drops the old rules after the switch; given up after SWAP_TIMEOUT seconds rather
	# than let the run go over its time.
	timed swap_10000_rules timeout "$SWAP_TIMEOUT" "$BOXLOCK" profile load "$PROF/bench-f10k.ini"
	timed unload "$BOXLOCK" unload
}

# ---- main -----------------------------------------------------------------------------------
main() {
	local t0 r i order rec start
	start=$(now_ms)
	if [ ! -x "$BOXLOCK" ] || [ ! -x "$BLBENCH" ] || [ ! -x "$BLFLOOR" ] || [ ! -f "$FLOOR_OBJ" ]; then
		die "build first: make all $OUT/bench/blbench $OUT/bench/blfloor $OUT/bench/floor.bpf.o"
	fi
	[ -f /sys/fs/cgroup/cgroup.procs ] || die "no cgroup2 at /sys/fs/cgroup"
	[ "$(id -u)" -eq 0 ] || die "run as root (in the guest: scripts/vm-run)"
	mkdir -p "$RES"
	rm -f "$RES"/raw.jsonl "$RES"/hooks.jsonl "$RES"/control.jsonl "$RES"/states.jsonl
	[ -d $PIN ] && "$BOXLOCK" unload >/dev/null 2>&1
	[ -d $FLOOR_PIN ] && floor_unload
	for rec in "${STATES[@]}"; do
		printf '{"id":"%s","bindings":%s,"desc":"%s"}\n' "$(field 0 "$rec")" \
			"$(field 2 "$rec")" "$(field 3 "$rec")" >>"$RES/states.jsonl"
	done
	printf '{"kernel":"%s","cpus":%s,"mem_kb":%s,"rounds":%s,"rep_ms":%s,"exec_rep_ms":%s,"reps":%s}\n' \
		"$(uname -r)" "$(nproc)" "$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)" \
		"$ROUNDS" "$MS" "$EXEC_MS" "$REPS" >"$RES/guest.json"

	gen_profiles
	LOAD_FILES=("$REPO/profiles/default.ini" "$PROF"/bench-f1.ini "$PROF"/bench-f100.ini
		"$PROF"/bench-f10k.ini "$PROF"/bench-n1k.ini "$PROF"/nocap/bench-audit.ini
		"$PROF"/bench-learn.ini "$PROF"/bench-learn-read.ini)

	t0=$(now_ms)
	mkdir -p $CG/free $CG/cdef $CG/f1 $CG/f100 $CG/f10k $CG/n1k $CG/audit $CG/learn $CG/learnr \
		$CG/learnfill
	# The containers' cgroups, at the same level as the state cgroups; they exist in every
	# state (only their bindings change), so that their mere presence weighs on A too.
	awk -v n=$((N_CONTAINERS - N_STATE_CGROUPS)) -v d=$CG \
		'BEGIN { for (i = 1; i <= n; i++) printf "%s/x%05d\n", d, i }' >"$RES/.xcgroups"
	xargs mkdir -p <"$RES/.xcgroups" || die "cannot create the container cgroups"
	gen_workload
	workload_listener
	echo "setup: profiles, workload and $N_CONTAINERS cgroups in $(($(now_ms) - t0)) ms"
	# The benchmark's files, the page cache and the exec'd binary warm before round 1.
	"$BLBENCH" -t 20 -r 1 all >/dev/null || die "blbench does not run"
	# The workload's first run reads the compiler from the 9p tree: warmed outside the rounds.
	if [ "$WORKLOAD_REPS" -gt 0 ]; then
		"$REPO/bench/workload.sh" $CG/free $WORKLOAD_TAR $WORKLOAD_DIR $WORKLOAD_PORT \
			$WORKLOAD_BURST >/dev/null || die "the workload does not run"
	fi

	for ((r = 1; r <= ROUNDS; r++)); do
		t0=$(now_ms)
		order=()
		if ((r % 2)); then
			order=("${LOADED_STATES[@]}")
		else
			for ((i = ${#LOADED_STATES[@]} - 1; i >= 0; i--)); do
				order+=("${LOADED_STATES[$i]}")
			done
		fi
		printf 'round %d/%d: A' "$r" "$ROUNDS"
		run_state "${STATES[0]}" "$r" >>"$RES/raw.jsonl"
		load_all
		for rec in "${order[@]}"; do
			printf ' %s' "$(field 0 "$rec")"
			run_state "$rec" "$r" >>"$RES/raw.jsonl"
		done
		unload_all
		printf ' Z'
		floor_load
		run_state "${STATES[1]}" "$r" >>"$RES/raw.jsonl"
		floor_unload
		echo " ($(($(now_ms) - t0)) ms)"
	done

	# One more visit of A: each round's states are compared with the A before and after them.
	printf 'round %d: A' $((ROUNDS + 1))
	run_state "${STATES[0]}" $((ROUNDS + 1)) >>"$RES/raw.jsonl"
	echo

	# Per-hook cost: two more visits of each loaded state with the BPF run-time stats on (they
	# cost time themselves, which is why the rounds above run without them); the summary keeps
	# the quieter visit of the two.
	t0=$(now_ms)
	printf 'hooks:'
	load_all
	for r in 1 2; do
		for rec in "${LOADED_STATES[@]}"; do
			printf ' %s' "$(field 0 "$rec")"
			REPS=1 run_state "$rec" "$r" -s >>"$RES/hooks.jsonl"
		done
	done
	unload_all
	floor_load
	for r in 1 2; do
		printf ' Z'
		REPS=1 run_state "${STATES[1]}" "$r" -s >>"$RES/hooks.jsonl"
	done
	floor_unload
	echo " ($(($(now_ms) - t0)) ms)"

	t0=$(now_ms)
	control_plane
	echo "control plane and memory: $(($(now_ms) - t0)) ms"
	kill "$LISTENER" 2>/dev/null
	echo "guest total: $(($(now_ms) - start)) ms"
}

main "$@"
