#!/usr/bin/env bash
# Finds include cycles among the user-side modules (loader/, loader/daemon/, policy/, common/,
# include/). A module is x.c with its x.h; module A uses module B when A.c includes B.h, directly
# or through other headers. Two modules that use each other (or any longer loop) are a cycle: a
# design where neither part can be understood, tested or linked without the other. Headers with
# no .c of their own (boxlock.h, policy/internal.h, daemon/daemon.h) are not modules: what they
# include counts for whoever includes them. Prints every cycle with the includes that make it and
# exits 1 when there is one; prints "includes: N modules, no cycle" and exits 0 otherwise.
set -euo pipefail
cd "${1:-$(dirname "$0")/..}"

dirs=(loader policy common include)
search=(include common policy loader) # the Makefile's -I order
mapfile -t files < <(find "${dirs[@]}" -name '*.[ch]' 2>/dev/null | sort)

declare -A incs   # file -> the project files it includes, space-separated
declare -A is_file
for f in "${files[@]}"; do is_file[$f]=1; done

# The project file that '#include "NAME"' in FILE means, or nothing (generated, system).
resolve() {
	local from=$1 name=$2 d
	for d in "$(dirname "$from")" "${search[@]}"; do
		if [ -n "${is_file[$d/$name]:-}" ]; then
			echo "$d/$name"
			return
		fi
	done
}

for f in "${files[@]}"; do
	list=
	while IFS= read -r name; do
		r=$(resolve "$f" "$name")
		[ -n "$r" ] && list+="$r "
	done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f")
	incs[$f]=$list
done

module_of() { echo "${1%.[ch]}"; }

declare -A edge_via # "A B" -> how A's .c reaches B's .h
declare -A succ     # module -> modules it uses
modules=()
for c in "${files[@]}"; do
	[[ $c == *.c ]] || continue
	m=$(module_of "$c")
	modules+=("$m")
	succ[$m]=
	# Every header $c reaches, with the chain of includes that reaches it.
	declare -A via=()
	queue=("$c")
	via[$c]=$c
	while [ ${#queue[@]} -gt 0 ]; do
		f=${queue[0]}
		queue=("${queue[@]:1}")
		for h in ${incs[$f]}; do
			[ -n "${via[$h]:-}" ] && continue
			via[$h]="${via[$f]} includes $h"
			queue+=("$h")
		done
	done
	for h in "${!via[@]}"; do
		[[ $h == *.h ]] || continue
		t=$(module_of "$h")
		[ "$t" = "$m" ] && continue
		[ -n "${is_file[$t.c]:-}" ] || continue # a header without a .c: not a module
		if [ -z "${edge_via["$m $t"]:-}" ]; then
			edge_via["$m $t"]=${via[$h]}
			succ[$m]+="$t "
		fi
	done
	unset via
done

# Depth-first search; a successor still on the stack closes a cycle.
declare -A state # module -> 1 on the stack, 2 done
declare -A seen_cycle
stack=()
cycles=0
visit() {
	local m=$1 t i start
	state[$m]=1
	stack+=("$m")
	for t in ${succ[$m]:-}; do
		if [ "${state[$t]:-0}" = 1 ]; then
			for i in "${!stack[@]}"; do [ "${stack[$i]}" = "$t" ] && start=$i; done
			report "${stack[@]:$start}"
		elif [ "${state[$t]:-0}" = 0 ]; then
			visit "$t"
		fi
	done
	unset 'stack[${#stack[@]}-1]'
	state[$m]=2
}

report() {
	local loop=("$@" "$1") key i
	key=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
	[ -n "${seen_cycle[$key]:-}" ] && return
	seen_cycle[$key]=1
	cycles=$((cycles + 1))
	echo "includes: cycle: $(printf '%s -> ' "$@")$1"
	for ((i = 0; i + 1 < ${#loop[@]}; i++)); do
		echo "    ${edge_via["${loop[$i]} ${loop[$((i + 1))]}"]}"
	done
}

for m in "${modules[@]}"; do
	[ "${state[$m]:-0}" = 0 ] && visit "$m"
done
if [ "$cycles" -gt 0 ]; then
	echo "includes: $cycles cycle(s) among ${#modules[@]} modules: split what both sides need into a module of its own"
	exit 1
fi
echo "includes: ${#modules[@]} modules, no cycle"
