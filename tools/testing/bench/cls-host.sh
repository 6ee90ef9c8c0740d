#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# bench-where: host
#
# cls-host.sh: secnet's classifier on the host's own CPU, no guest
# (issue 18, item 1).  tools/testing/cls-host builds netfilter/classify.c
# and match.c, unchanged, into a host program against a shim of the kernel
# (see tools/testing/cls-host/bench.c); it loads the rule sets and traces
# tools/testing/nf/rulegen makes, as nf.sh's guest benchmark does, into the
# classifier and into a first-match linear scan over the same rules laid
# out as iptables lays out a table.  Every packet must get the same rule
# from both (and, up to SECNET_BENCH_REFERENCE rules, from rulegen's own
# --reference scan), else MISMATCH and the benchmark fails.  Both are then
# timed pinned to one CPU, in runs that take turns: ns per lookup is the
# median run's; where the host has hardware counters, instructions, cycles
# and cache misses per lookup too (user space).
#
# Then instructions per lookup, counted by callgrind (valgrind) on any
# host, counters or not: each set loaded again and its trace looked up once
# by the classifier (and, up to SECNET_BENCH_CALLGRIND_LINEAR rules, by the
# linear scan), counting cls-host's lookup_pass() alone.  Like the guest's
# icount clock, the count is the same every run; unlike ns, it says
# nothing of caches.
#
# Goals (issue 18): at 1,000 rules the classifier takes at most 1/10 of the
# linear scan's time, at 10,000 at most 1/50, and at 100,000 at most 1.5
# times its own time at 1,000.
#
# Environment: SECNET_BENCH_RULES (rule counts, default "100 1000 10000
# 100000"; commas work too), SECNET_BENCH_FAMILIES (default "acl fw ipc
# exact"), SECNET_BENCH_RUNS (default 7), SECNET_BENCH_PACKETS (trace
# length, default 4096), SECNET_BENCH_SEED (default 1), SECNET_BENCH_CPU
# (default the last CPU), SECNET_BENCH_REFERENCE (the largest rule count
# checked against rulegen --reference too, default 1000),
# SECNET_BENCH_CALLGRIND (0: no instruction counts; default 1),
# SECNET_BENCH_CALLGRIND_LINEAR (the largest rule count whose linear scan
# is counted too, default 10000: at 100,000 it takes a minute a family).
# Quick:
# SECNET_BENCH_RULES="1000 10000" SECNET_BENCH_RUNS=3, under a minute.
set -euo pipefail

# shellcheck source=tools/testing/bench/lib.sh
. "$(dirname "$0")/lib.sh"

repo=$(cd "$(dirname "$0")/../../.." && pwd)
rulegen=$repo/tools/testing/nf/rulegen
counts=${SECNET_BENCH_RULES:-100 1000 10000 100000}
counts=${counts//,/ }
families=${SECNET_BENCH_FAMILIES:-acl fw ipc exact}
families=${families//,/ }
runs=${SECNET_BENCH_RUNS:-7}
packets=${SECNET_BENCH_PACKETS:-4096}
seed=${SECNET_BENCH_SEED:-1}
cpu=${SECNET_BENCH_CPU:-}
refmax=${SECNET_BENCH_REFERENCE:-1000}
callgrind=${SECNET_BENCH_CALLGRIND:-1}
cg_linear=${SECNET_BENCH_CALLGRIND_LINEAR:-10000}

for n in $counts; do
	[[ $n =~ ^[1-9][0-9]*$ ]] || die "SECNET_BENCH_RULES must list positive numbers"
done
for f in $families; do
	[[ $f =~ ^(acl|fw|ipc|exact)$ ]] || die "SECNET_BENCH_FAMILIES must list acl, fw, ipc or exact"
done
[[ $runs =~ ^[1-9][0-9]?$ ]] || die "SECNET_BENCH_RUNS must be between 1 and 99"
[[ $packets =~ ^[1-9][0-9]*$ ]] || die "SECNET_BENCH_PACKETS must be a positive number"
[[ $seed =~ ^[0-9]+$ ]] || die "SECNET_BENCH_SEED must be a number"
[[ -z $cpu || $cpu =~ ^[0-9]+$ ]] || die "SECNET_BENCH_CPU must be a CPU number"
[[ $refmax =~ ^[0-9]+$ ]] || die "SECNET_BENCH_REFERENCE must be a number"
[[ $callgrind =~ ^[01]$ ]] || die "SECNET_BENCH_CALLGRIND must be 0 or 1"
[[ $cg_linear =~ ^[0-9]+$ ]] || die "SECNET_BENCH_CALLGRIND_LINEAR must be a number"
need_tools python3 make gcc
if ((callgrind)); then
	need_tools valgrind
fi

say "building tools/testing/cls-host"
make -s -C "$repo/tools/testing/cls-host" >&2 || die "the build failed"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sets=()
for fam in $families; do
	for n in $counts; do
		f=$work/$fam-$n
		say "$fam, $n rules: generating rules and trace"
		python3 "$rulegen" --family "$fam" --rules "$n" --seed "$seed" \
			--packets "$packets" --hook input --action drop \
			--secnet "$f.secnet" --trace "$f.trace" ||
			die "rulegen failed"
		set=$fam:$n:$f.secnet:$f.trace
		if ((n <= refmax)); then
			python3 "$rulegen" --family "$fam" --rules "$n" \
				--seed "$seed" --read-trace "$f.trace" \
				--reference 2>/dev/null >"$f.ref" ||
				die "rulegen --reference failed"
			set+=:$f.ref
		fi
		sets+=("$set")
	done
done
# count IMPL SET: instructions per lookup of the trace of SET by IMPL (cls
# or linear), by callgrind.
count() {
	local out=$work/callgrind.out total
	valgrind --tool=callgrind --callgrind-out-file="$out" \
		--toggle-collect=lookup_pass -q \
		"$repo/.build/cls-host/cls-host" --pass "$1" "$2" >&2 ||
		die "callgrind failed on $2"
	total=$(awk '$1 == "totals:" { print $2 }' "$out")
	[[ $total =~ ^[0-9]+$ ]] || die "no callgrind total for $2"
	echo $((total * 10 / packets))
}

# The table of instructions per lookup, and the goals on them.
count_instructions() {
	local set fam n c l
	say "counting instructions per lookup with callgrind"
	printf '\ninstructions per lookup (callgrind; the same every run):\n'
	printf '%-6s %7s %10s %12s %9s\n' family rules cls linear cls/lin
	for set in "${sets[@]}"; do
		IFS=: read -r fam n _ <<<"$set"
		say "$fam, $n rules: callgrind"
		c=$(count cls "$set")
		l=-
		((n <= cg_linear)) && l=$(count linear "$set")
		printf '%s %s %s %s\n' "$fam" "$n" "$c" "$l"
	done | awk '
		{ c = $3 / 10; printf "%-6s %7d %10.1f", $1, $2, c
		  if ($4 == "-") printf " %12s %9s\n", "-", "-"
		  else printf " %12.1f %9.4f\n", $4 / 10, $3 / $4
		  cls[$1 "/" $2] = c; if ($4 != "-") ratio[$1 "/" $2] = $3 / $4
		  if (!($1 in seen)) { seen[$1] = 1; fams[++nf] = $1 } }
		function goal(what, v, g) {
			printf "  %-36s", what
			for (i = 1; i <= nf; i++) {
				if (v[i] == "") printf " %14s", "not measured"
				else printf " %7.4f %-6s", v[i], v[i] <= g ? "met" : "NOT"
			}
			printf "\n"
		}
		END {
			printf "\ngoals on instructions (issue 18 item 2) "
			for (i = 1; i <= nf; i++) printf " %14s", fams[i]
			printf "\n"
			for (i = 1; i <= nf; i++) { f = fams[i]
				a[i] = (f "/1000") in ratio ? ratio[f "/1000"] : ""
				b[i] = (f "/10000") in ratio ? ratio[f "/10000"] : ""
				s[i] = ""
				if ((f "/1000") in cls && (f "/100000") in cls)
					s[i] = cls[f "/100000"] / cls[f "/1000"] }
			goal("1,000 rules: cls/lin <= 1/10", a, 0.1)
			goal("10,000 rules: cls/lin <= 1/50", b, 0.02)
			goal("cls 100,000 / cls 1,000 <= 1.5", s, 1.5)
		}'
}

say "timing ${#sets[@]} sets, $runs runs each"
"$repo/.build/cls-host/cls-host" --runs "$runs" ${cpu:+--cpu "$cpu"} "${sets[@]}"
echo "trace: $packets packets per set (10% random), seed $seed; rules from tools/testing/nf/rulegen, action drop"
if ((callgrind)); then
	count_instructions
fi
