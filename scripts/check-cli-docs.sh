#!/usr/bin/env bash
# Checks that boxlock's command table (what `boxlock help` prints), its man page and its bash
# completion name the same commands and options:
#   docs/boxlock.8: each command's synopsis, word for word, in SYNOPSIS (after "boxlock") and as
#     the tag of its entry in COMMANDS; each global option in OPTIONS; and no synopsis line, entry
#     or option that the table lacks;
#   scripts/boxlock.bash-completion, run as bash runs it: it offers exactly the table's objects,
#     each object's commands, each command's options and the global options (also after global
#     options), and nothing the table lacks.
# Usage: scripts/check-cli-docs.sh [BOXLOCK]   (default .output/boxlock; the table comes from
# `BOXLOCK __commands`). Exits 0 when they agree, 1 with the list of differences.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
bin=${1:-.output/boxlock}
man=docs/boxlock.8
comp=scripts/boxlock.bash-completion
diffs=()
differ() { diffs+=("$*"); }

table=$("$bin" __commands) || {
	echo "check-cli-docs: '$bin __commands' failed" >&2
	exit 1
}

# The table: every command's full name and synopsis, its options, the global options.
declare -A synopsis options
commands=() globals=() objects=()
while IFS=$'\t' read -r kind a b; do
	case $kind in
	cmd)
		commands+=("$a")
		synopsis[$a]=$b
		[[ " ${objects[*]} " == *" ${a%% *} "* ]] || objects+=("${a%% *}")
		;;
	opt) options[$a]+=" $b" ;;
	global) globals+=("$a") ;;
	esac
done <<<"$table"
if [ ${#commands[@]} -eq 0 ] || [ ${#globals[@]} -eq 0 ]; then
	echo "check-cli-docs: '$bin __commands' listed no command or no option" >&2
	exit 1
fi

# An object's commands (empty for an object that is a command itself).
subcommands() {
	local c out=()
	for c in "${commands[@]}"; do
		[ "${c%% *}" = "$1" ] && [ "$c" != "$1" ] && out+=("${c#* }")
	done
	echo "${out[*]}"
}

# The words of $1, sorted, one a line.
words() { tr ' ' '\n' <<<"$1" | sed '/^$/d' | sort -u; }

# Words of $1 missing from $2 (both space-separated).
missing() { comm -23 <(words "$1") <(words "$2") | tr '\n' ' ' | sed 's/ $//'; }

# --- the man page, rendered to text by the rules of the macros it uses:
# "SYN<TAB>text" for each SYNOPSIS entry (ended by .br, .PP or .SH), "TAG<TAB>SECTION<TAB>text"
# for each .TP tag. .B/.I join their arguments with spaces, .BR/.BI/... without.
manlines=$(awk '
function unescape(t) {
	gsub(/\\f[BIRP]/, "", t); gsub(/\\-/, "-", t); gsub(/\\\(aq/, "\047", t)
	gsub(/\\ /, " ", t); gsub(/\\&/, "", t); gsub(/\\e/, "\\", t)
	return t
}
function split_args(s, a,    n, i, c, q, cur, started) {
	n = 0; q = 0; cur = ""; started = 0
	for (i = 1; i <= length(s); i++) {
		c = substr(s, i, 1)
		if (c == "\\") { cur = cur substr(s, i, 2); i++; started = 1; continue }
		if (q && c == "\"" && substr(s, i + 1, 1) == "\"") { cur = cur "\""; i++; continue }
		if (c == "\"") { q = !q; started = 1; continue }
		if (!q && (c == " " || c == "\t")) {
			if (started) { a[++n] = cur; cur = ""; started = 0 }
			continue
		}
		cur = cur c; started = 1
	}
	if (started) a[++n] = cur
	return n
}
function deroff(line,    m, rest, n, a, i, sep, out) {
	if (line !~ /^\./) return unescape(line)
	m = line; sub(/[ \t].*/, "", m)
	rest = substr(line, length(m) + 1)
	if (m == ".B" || m == ".I" || m == ".R") sep = " "
	else if (m ~ /^\.(BR|RB|BI|IB|IR|RI)$/) sep = ""
	else return ""
	n = split_args(rest, a)
	out = ""
	for (i = 1; i <= n; i++) out = out (i > 1 ? sep : "") a[i]
	return unescape(out)
}
function norm(t) { gsub(/[ \t]+/, " ", t); sub(/^ /, "", t); sub(/ $/, "", t); return t }
function flush() { if (entry != "") print "SYN\t" norm(entry); entry = "" }
/^\.SH/ { if (sect == "SYNOPSIS") flush(); sect = $2; tag = 0; next }
sect == "SYNOPSIS" {
	if ($0 ~ /^\.(br|PP)/) { flush(); next }
	entry = entry " " deroff($0); next
}
/^\.TP/ { tag = 1; next }
tag { print "TAG\t" sect "\t" norm(deroff($0)); tag = 0 }
' "$man")

declare -A man_syn man_tag
opt_tags=()
while IFS=$'\t' read -r kind a b; do
	case $kind in
	SYN) man_syn[$a]=1 ;;
	TAG)
		[ "$a" = COMMANDS ] && man_tag[$b]=1
		[ "$a" = OPTIONS ] && opt_tags+=("$b")
		;;
	esac
done <<<"$manlines"

declare -A table_syn
for c in "${commands[@]}"; do
	s=${synopsis[$c]}
	table_syn[$s]=1
	[ -n "${man_syn["boxlock $s"]:-}" ] || differ "$man: SYNOPSIS lacks 'boxlock $s'"
	[ -n "${man_tag[$s]:-}" ] || differ "$man: COMMANDS has no entry '$s'"
done
for s in "${!man_syn[@]}"; do
	[[ $s =~ ^boxlock\ [a-z_] ]] || continue # the general forms: boxlock [OPTIONS] OBJECT ...
	[ -n "${table_syn[${s#boxlock }]:-}" ] ||
		differ "$man: SYNOPSIS line '$s' is no command's synopsis in the table"
done
for s in "${!man_tag[@]}"; do
	[ -n "${table_syn[$s]:-}" ] || differ "$man: COMMANDS entry '$s' is no command's synopsis"
done
man_opts=$(printf '%s\n' "${opt_tags[@]}" | sed 's/[, ]/\n/g' | grep -- '^-' | tr '\n' ' ')
m=$(missing "${globals[*]}" "$man_opts")
[ -z "$m" ] || differ "$man: OPTIONS lacks $m"
m=$(missing "$man_opts" "${globals[*]}")
[ -z "$m" ] || differ "$man: OPTIONS names $m, which the table lacks"

# --- the completion, run: what it offers for the word at the end of "$@".
# shellcheck source=scripts/boxlock.bash-completion disable=SC1091
source "$comp"
offers() {
	(
		COMP_WORDS=("$bin" "$@")
		COMP_CWORD=$#
		COMPREPLY=()
		_boxlock >/dev/null 2>&1
		[ ${#COMPREPLY[@]} -gt 0 ] && printf '%s ' "${COMPREPLY[@]}"
	)
}
# expect WHAT OFFERED WANTED [ALSO_ALLOWED]
expect() {
	local m
	m=$(missing "$3" "$2")
	[ -z "$m" ] || differ "$comp: $1: does not offer $m"
	m=$(missing "$2" "$3 ${4:-}")
	[ -z "$m" ] || differ "$comp: $1: offers $m, which the table lacks"
}
expect "boxlock <TAB>" "$(offers "")" "${objects[*]}"
expect "boxlock -<TAB>" "$(offers -)" "${globals[*]}"
for o in "${objects[@]}"; do
	subs=$(subcommands "$o")
	[ -n "$subs" ] || continue
	expect "boxlock $o <TAB>" "$(offers "$o" "")" "$subs" help
	expect "boxlock -j $o <TAB>" "$(offers -j "$o" "")" "$subs" help
	expect "boxlock $o --pin-dir D <TAB>" "$(offers "$o" --pin-dir /x "")" "$subs" help
done
for c in "${commands[@]}"; do
	read -ra words <<<"$c"
	want="${options[$c]:-} ${globals[*]}"
	expect "boxlock $c -<TAB>" "$(offers "${words[@]}" -)" "$want" --
	expect "boxlock -p $c -v -<TAB>" "$(offers -p "${words[@]}" -v -)" "$want" --
done

if [ ${#diffs[@]} -gt 0 ]; then
	printf 'check-cli-docs: %s\n' "${diffs[@]}"
	echo "check-cli-docs: ${#diffs[@]} differences between the command table, $man and $comp"
	exit 1
fi
echo "check-cli-docs: the command table, $man and $comp agree" \
	"(${#commands[@]} commands, ${#globals[@]} global option forms)"
