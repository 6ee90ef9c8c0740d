#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# bench-clock: icount
#
# nf.sh: the per-packet cost of secnet's firewall against nftables and
# iptables-legacy holding the same rules, and what changing the rules costs.
# Runs inside a guest, as root, started by tools/testing/bench/run; the
# tables go to stdout, progress to stderr.
#
# Method (performance-anchors.md 7.3, "Tier C", and 7.4): tools/testing/nf/
# rulegen makes a ClassBench-like rule set of N rules (every action drop, at
# hook input) and a trace of packets sampled inside the rules (10% random),
# written for each system.  One network namespace per system:
#   base    no rules: the cost of the harness (a fresh skb per packet)
#   secnet  secnet_nf, the ruleset loaded with `secnetctl ruleset load`
#   nftlin  an nft chain, one rule per line
#   nftset  (family exact only) one lookup in a concatenated nft set
#   ipt     iptables-legacy-restore, table filter
# secnet_nfbench.ko injects the trace into each namespace's input hook with
# nf_hook() (see tools/testing/modules/secnet_nfbench.c); the rows take
# turns round after round (after an uncounted warm-up pass).  A round makes
# a few passes over the trace and keeps, for each batch of 64 packets, its
# fastest pass: the host steals time from the guest in bursts, which only
# ever slow a batch down.  Each row reports the median of its rounds.  The marginal cost c_X is the median over the rounds of
# t_X - t_base, each round's base paired with that round's row, so that a
# slow phase of the host cancels out.  Every row must accept and drop the same
# packets, as many as `rulegen --reference` says match (else MISMATCH).
#
# The guest counts instructions (tools/testing/bench/run, "Clocks"): under
# TCG a wall-clock ns moves with the host's load and, by up to twice, from
# boot to boot with where memory lands in QEMU's software TLB, while the
# instructions a packet costs are the same every run.  So every figure is
# in guest instructions (1 ns of the icount clock) unless
# SECNET_BENCH_CLOCK=wall.
#
# The kernel memory each system takes for the rules: what slab, vmalloc
# and per-CPU memory (/proc/meminfo) grew by over its load into a new
# namespace, once deferred frees are done, over N.
#
# Then the update costs at each N, by the guest clock (commands included):
# a full replace of the N rules, one rule inserted (and deleted) at N, and
# secnet's own in-kernel time for them (its counter last_change_ns).
#
# Last, secnet's established-flow fast path (issue 16): the trace made UDP,
# each packet's connection made ESTABLISHED in conntrack first, then timed
# at hook prerouting (secnet_nfbench's "established" runs), where conntrack
# finds the entry before the firewall does.  Rows: base (conntrack, no
# rules), fast0 (one rule that matches nothing), fastN (the largest N's
# rules, every action accept), and slow0 and slowN, the same with one more
# rule on TCP flags, which keeps the chain from keeping verdicts on flows:
# every packet classified.  Every packet must be accepted, every fast row's
# timed packet take the fast path (secnet's counter fast_path) and no slow
# row's.  Goal: c_fastN / c_fast0 <= 1.1.  Beside them, rate limits (issue
# 17): plain and limit, each the tcp-flags rule and one that accepts all,
# without or with a per-source limit that no packet exceeds: c_limit /
# c_plain is what the limit costs a packet.
#
# Environment: SECNET_BENCH_RULES (rule counts, default "10 100 1000
# 10000"; commas work too), SECNET_BENCH_FAMILY (acl|fw|ipc, default fw;
# the exact family always runs too, for the set comparison; "exact" alone
# runs only that), SECNET_BENCH_ROUNDS (default 5, at least 5),
# SECNET_BENCH_PASSES (passes over the trace per round, default 3),
# SECNET_BENCH_PACKETS (trace length, default 4096), SECNET_BENCH_SEED
# (default 1), SECNET_BENCH_UPDATES=0 (skip the update costs),
# SECNET_BENCH_ESTABLISHED=0 (skip the established flows),
# SECNET_BENCH_NFTLIN=0 (leave out the nft chain: at 100,000 rules it costs
# a packet about 3.6 ms of the guest's wall clock, the rounds hours),
# SECNET_BENCH_PROFILE=1 (after each N's rounds, the secnet and ipt rows
# once more, 30 passes, uncounted, under `perf record -e cpu-clock`; the
# reports, by the bench's clock, go to SECNET_BENCH_DIR as
# nf-FAMILY-N-ROW.profile).
set -euo pipefail

# shellcheck source=tools/testing/bench/lib.sh
. "$(dirname "$0")/lib.sh"

repo=$(cd "$(dirname "$0")/../../.." && pwd)
rulegen=$repo/tools/testing/nf/rulegen
secnetctl=$repo/tools/secnetctl/secnetctl
counts=${SECNET_BENCH_RULES:-10 100 1000 10000}
counts=${counts//,/ }
family=${SECNET_BENCH_FAMILY:-fw}
rounds=${SECNET_BENCH_ROUNDS:-5}
packets=${SECNET_BENCH_PACKETS:-4096}
passes=${SECNET_BENCH_PASSES:-3}
seed=${SECNET_BENCH_SEED:-1}
updates=${SECNET_BENCH_UPDATES:-1}
est=${SECNET_BENCH_ESTABLISHED:-1}
nftlin=${SECNET_BENCH_NFTLIN:-1}
if [ "${SECNET_BENCH_CLOCK:-wall}" = icount ]; then
	per_pkt="instructions per packet" ms="M instructions (ms of the icount clock)"
else
	per_pkt="ns per packet" ms="ms by the wall clock"
fi
readonly DBG=/sys/kernel/debug/secnet_nfbench
readonly PFX=sn-nf-
# Goals (performance-anchors.md 8, G1-G4), at the largest N.
readonly GOAL_NFTLIN=30 GOAL_IPT=50 GOAL_SET=1.5 GOAL_SCALE=1.5
# Issue 16: established packets at N rules cost at most this times 0 rules.
readonly GOAL_FAST=1.1
# The rule the update costs insert: it matches no packet of a trace.
readonly EXTRA_SECNET="hook input handle 4000000 family ipv4 src 198.51.100.7/32 dst 203.0.113.9/32 proto tcp dport 4444 action drop"
readonly EXTRA_NFT="ip saddr 198.51.100.7 ip daddr 203.0.113.9 tcp dport 4444 drop"
readonly EXTRA_IPT="-s 198.51.100.7/32 -d 203.0.113.9/32 -p tcp -m tcp --dport 4444 -j DROP"
# The established rows' rules beside rulegen's: one that matches no packet
# (every one is UDP there), and one on TCP flags, which turns the fast
# path off.
readonly EST_NOMATCH="hook prerouting handle 4000000 family ipv4 src 198.51.100.7/32 dst 203.0.113.9/32 proto tcp dport 4444 action accept"
readonly EST_NOFAST="hook prerouting handle 4000001 family ipv4 proto tcp dport 4445 tcp-flags syn/syn,ack action accept"
# Rate limits: every packet classified (EST_NOFAST) and decided by one rule
# that matches all, plain or with a per-source limit no packet exceeds.
readonly EST_PLAIN="hook prerouting handle 4000002 family ipv4 action accept"
readonly EST_LIMIT="hook prerouting handle 4000002 family ipv4 limit rate 17179869184/second burst 1099511627776 per src action accept"

for n in $counts; do
	[[ $n =~ ^[1-9][0-9]*$ ]] || die "SECNET_BENCH_RULES must list positive numbers"
done
if ! [[ $rounds =~ ^[0-9]+$ ]] || ((rounds < 5)); then
	die "SECNET_BENCH_ROUNDS must be at least 5"
fi
[[ $packets =~ ^[1-9][0-9]*$ ]] || die "SECNET_BENCH_PACKETS must be a positive number"
[[ $passes =~ ^[1-9][0-9]?$ ]] || die "SECNET_BENCH_PASSES must be between 1 and 99"
[[ $seed =~ ^[0-9]+$ ]] || die "SECNET_BENCH_SEED must be a number"
[[ $est =~ ^[01]$ ]] || die "SECNET_BENCH_ESTABLISHED must be 0 or 1"
[[ $nftlin =~ ^[01]$ ]] || die "SECNET_BENCH_NFTLIN must be 0 or 1"
profile=${SECNET_BENCH_PROFILE:-0}
[[ $profile =~ ^[01]$ ]] || die "SECNET_BENCH_PROFILE must be 0 or 1"
case $family in
acl|fw|ipc) families=("$family" exact) ;;
exact) families=(exact) ;;
*) die "SECNET_BENCH_FAMILY must be acl, fw, ipc or exact" ;;
esac
need_tools nft iptables-legacy iptables-legacy-restore nsenter python3 jq
((!profile)) || need_tools perf

nfbench_start "$PFX"
# What iptables-legacy and nft need, loaded before any row runs, so that
# every namespace has the same modules around it.
modprobe -a ip_tables iptable_filter nf_tables 2>/dev/null ||
	die "cannot load ip_tables, iptable_filter or nf_tables"

# secnet: the module and secnetctl's firewall commands; without them the
# secnet rows are left out, with a note.
secnet=1 secnet_note=
if ! modprobe secnet_nf 2>/dev/null; then
	secnet=0 secnet_note="secnet_nf.ko is not built or does not load"
elif ! [ -x "$secnetctl" ]; then
	secnet=0 secnet_note="$secnetctl is not built"
elif ! "$secnetctl" ruleset help >/dev/null 2>&1 ||
     ! "$secnetctl" rule help >/dev/null 2>&1; then
	secnet=0 secnet_note="secnetctl has no ruleset/rule commands yet"
fi
((secnet)) || say "secnet rows skipped: $secnet_note"
# Room for the largest N and the update costs' two rules beyond
# secnet_nf's default of 100,000.
most=$(tr ' ' '\n' <<<"$counts" | sort -n | tail -n1)
if ((secnet)) && ((most + 2 > $(cat /sys/module/secnet_nf/parameters/max_rules))); then
	echo $((most + 2)) >/sys/module/secnet_nf/parameters/max_rules ||
		die "secnet_nf's max_rules cannot hold $most rules"
fi

# now_ns: a monotonic timestamp in nanoseconds.
now_ns() { date +%s%N; }

# secnet_last_change NS: the in-kernel nanoseconds of the last rule change.
secnet_last_change() {
	nsx "$1" "$secnetctl" -j status 2>/dev/null |
		jq -r '[.[] | .counters.last_change_ns? // empty] | first // "-"'
}

# timed VAR CMD...: runs CMD, adds its wall time in ms to the list in VAR.
timed() {
	local -n acc=$1
	local t0 t1
	shift
	t0=$(now_ns)
	"$@" >/dev/null || die "failed: $*"
	t1=$(now_ns)
	acc+=" $(awk -v d=$((t1 - t0)) 'BEGIN { printf "%.2f", d / 1e6 }')"
}

# run_row ROW [PASSES]: passes over the trace in ROW's namespace, at the
# hook RUN_HOOK, in the mode RUN_MODE (secnet_nfbench's run); sets NS_PP
# (ns per packet, each batch at its fastest pass), ACC, DROP and EST.
RUN_HOOK=input RUN_MODE=
run_row() {
	local out
	out=$(nsx "$1" sh -c "echo '$RUN_HOOK ${2:-$passes} $RUN_MODE' >$DBG/run && cat $DBG/run") ||
		die "$1: the run failed"
	NS_PP=$(awk '$1 == "min_ns_per_packet" { print $2 }' <<<"$out")
	ACC=$(awk '$1 == "accepted" { print $2 }' <<<"$out")
	DROP=$(awk '$1 == "dropped" { print $2 }' <<<"$out")
	EST=$(awk '$1 == "established" { print $2 }' <<<"$out")
}

# setup FAMILY N: rule files, trace and namespaces; sets ROWS and EXPECT.
setup() {
	local fam=$1 n=$2 f=$work/$1-$2 row args=()

	args=(--family "$fam" --rules "$n" --seed "$seed" --packets "$packets"
	      --hook input --action drop --secnet "$f.secnet" --nft "$f.nft"
	      --iptables "$f.ipt" --trace "$f.trace")
	[ "$fam" = exact ] && args+=(--nft-set "$f.set")
	say "$fam, $n rules: generating rules, trace and reference"
	python3 "$rulegen" "${args[@]}" || die "rulegen failed"
	python3 "$rulegen" --family "$fam" --rules "$n" --seed "$seed" \
		--read-trace "$f.trace" --reference 2>/dev/null >"$f.ref" ||
		die "rulegen --reference failed"
	EXPECT=$(awk '$1 >= 0 { n++ } END { print n + 0 }' "$f.ref")
	cat "$f.trace" >"$DBG/trace" || die "secnet_nfbench refused the trace"

	ROWS=(base)
	((secnet)) && ROWS+=(secnet)
	((nftlin)) && ROWS+=(nftlin)
	[ "$fam" = exact ] && ROWS+=(nftset)
	ROWS+=(ipt)
	for row in "${ROWS[@]}"; do
		ip netns add "$PFX$row"
		ip -n "$PFX$row" link set lo up
	done
	say "$fam, $n rules: loading them into ${ROWS[*]:1}"
	if ((secnet)); then
		kmem_load secnet nsx secnet "$secnetctl" ruleset load "$f.secnet" ||
			die "secnetctl ruleset load $f.secnet failed"
	fi
	if ((nftlin)); then
		kmem_load nftlin nsx nftlin nft -f "$f.nft" || die "nft -f $f.nft failed"
	fi
	if [ "$fam" = exact ]; then
		kmem_load nftset nsx nftset nft -f "$f.set" || die "nft -f $f.set failed"
	fi
	kmem_load ipt nsx ipt iptables-legacy-restore "$f.ipt" ||
		die "iptables-legacy-restore $f.ipt failed"
	for row in "${ROWS[@]:1}"; do
		MEM[$fam,$n,$row]=$((KMEM[$row] / n))
	done
}

# measure FAMILY N: the interleaved rounds; fills T[FAMILY,N,ROW].
measure() {
	local fam=$1 n=$2 r row want
	local -A res=()

	for row in "${ROWS[@]}"; do
		run_row "$row" 1	# warm-up: TCG translates the code on first use
	done
	for ((r = 1; r <= rounds; r++)); do
		for row in "${ROWS[@]}"; do
			run_row "$row"
			res[$row]+=" $NS_PP"
			[ "$row" = base ] && want=0 || want=$EXPECT
			if [ "$DROP" != "$want" ] || [ $((ACC + DROP)) != "$packets" ]; then
				MISMATCH+="$fam N=$n $row: accepted $ACC dropped $DROP, expected to drop $want of $packets"$'\n'
				say "MISMATCH: $fam N=$n $row accepted $ACC dropped $DROP, expected to drop $want"
			fi
			if [ -n "$RUN_MODE" ] && [ "$EST" != "$packets" ]; then
				MISMATCH+="$fam N=$n $row: $EST of $packets connections $RUN_MODE"$'\n'
				say "MISMATCH: $fam N=$n $row: $EST of $packets connections $RUN_MODE"
			fi
		done
		say "$fam, $n rules, round $r/$rounds:$(for row in "${ROWS[@]}"; do
			printf ' %s %s' "$row" "${res[$row]##* }"; done) ($per_pkt)"
	done
	for row in "${ROWS[@]}"; do
		T[$fam,$n,$row]=$(median <<<"${res[$row]}")
		[ "$row" = base ] && continue
		# Paired by round: a slow phase of the host hits both alike.
		C[$fam,$n,$row]=$(paste -d' ' <(tr ' ' '\n' <<<"${res[$row]}" | awk NF) \
					 <(tr ' ' '\n' <<<"${res[base]}" | awk NF) |
				  awk '{ printf " %.1f", $1 - $2 }' | median)
	done
	DROPS[$fam,$n]=$EXPECT
}

# profile FAMILY N: the rows secnet and ipt, a run each of 30 passes under
# perf, which follows the task that writes the run (the packets go through
# the hooks in its write); the reports in SECNET_BENCH_DIR.
profile() {
	local fam=$1 n=$2 row data prof

	for row in secnet ipt; do
		[[ " ${ROWS[*]} " == *" $row "* ]] || continue
		data=/tmp/nf-$row.data
		prof=${SECNET_BENCH_DIR:-/tmp}/nf-$fam-$n-$row.profile
		perf record -q -e cpu-clock -g -o "$data" -- \
			nsenter --net="/run/netns/$PFX$row" \
			sh -c "echo '$RUN_HOOK 30 $RUN_MODE' >$DBG/run" ||
			die "$row: the run under perf failed"
		{
			echo "# $fam, $n rules, $row: 30 passes over $packets packets, ${SECNET_BENCH_CLOCK:-wall} clock"
			perf report -i "$data" --stdio --no-children \
				--sort sym -g caller,0.5,callee --percent-limit 1
			perf report -i "$data" --stdio --children \
				--sort sym -g none --percent-limit 1
		} >"$prof" 2>/dev/null || die "perf report failed on $data"
		rm -f "$data"
		say "profile of $fam, $n rules, $row: $prof"
	done
}

# updates FAMILY N: the update costs, three times each, medians in ms.
updates() {
	local fam=$1 n=$2 f=$work/$1-$2 i
	local -a h
	local s_load='' s_add='' s_del='' s_kadd='' s_kdel='' n_load='' n_add=''
	local n_ins='' n_del='' i_load='' i_ins='' i_app='' i_del='' floor=''

	say "$fam, $n rules: update costs"
	for ((i = 0; i < 3; i++)); do
		# What starting a command costs (the guest is emulated).
		timed floor nsx base /bin/true
		if ((secnet)); then
			timed s_load nsx secnet "$secnetctl" ruleset load "$f.secnet"
			# shellcheck disable=SC2086 # the rule is words
			timed s_add nsx secnet "$secnetctl" rule add $EXTRA_SECNET
			s_kadd+=" $(secnet_last_change secnet)"
			timed s_del nsx secnet "$secnetctl" rule del handle 4000000
			s_kdel+=" $(secnet_last_change secnet)"
		fi
		if ((nftlin)); then
			timed n_load nsx nftlin nft -f "$f.nft"
			# shellcheck disable=SC2086 # the rule is words
			timed n_add nsx nftlin nft add rule ip bench input $EXTRA_NFT
			# shellcheck disable=SC2086
			timed n_ins nsx nftlin nft insert rule ip bench input $EXTRA_NFT
			# The two rules just added: delete one timed, the other not.
			mapfile -t h < <(nsx nftlin nft -a list chain ip bench input |
				awk '/198\.51\.100\.7/ { print $NF }')
			((${#h[@]} == 2)) || die "nft: expected the 2 rules added, found ${#h[@]}"
			timed n_del nsx nftlin nft delete rule ip bench input handle "${h[0]}"
			nsx nftlin nft delete rule ip bench input handle "${h[1]}"
		fi
		timed i_load nsx ipt iptables-legacy-restore "$f.ipt"
		# shellcheck disable=SC2086
		timed i_ins nsx ipt iptables-legacy -I INPUT 1 $EXTRA_IPT
		# shellcheck disable=SC2086
		timed i_app nsx ipt iptables-legacy -A INPUT $EXTRA_IPT
		timed i_del nsx ipt iptables-legacy -D INPUT 1
		nsx ipt iptables-legacy -D INPUT "$((n + 1))"
	done
	U[$fam,$n,floor]=$(median <<<"$floor")
	U[$fam,$n,secnet_load]=$(median <<<"$s_load")
	U[$fam,$n,secnet_add]=$(median <<<"$s_add")
	U[$fam,$n,secnet_del]=$(median <<<"$s_del")
	U[$fam,$n,secnet_kadd]=$(median <<<"${s_kadd//-/}")
	U[$fam,$n,secnet_kdel]=$(median <<<"${s_kdel//-/}")
	U[$fam,$n,nft_load]=$(median <<<"$n_load")
	U[$fam,$n,nft_add]=$(median <<<"$n_add")
	U[$fam,$n,nft_ins]=$(median <<<"$n_ins")
	U[$fam,$n,nft_del]=$(median <<<"$n_del")
	U[$fam,$n,ipt_load]=$(median <<<"$i_load")
	U[$fam,$n,ipt_ins]=$(median <<<"$i_ins")
	U[$fam,$n,ipt_app]=$(median <<<"$i_app")
	U[$fam,$n,ipt_del]=$(median <<<"$i_del")
}

# fast_path ROW: secnet's count of packets that took a verdict kept on
# their flow, in ROW's namespace.
fast_path() {
	nsx "$1" "$secnetctl" -j status netfilter | jq -r '.[0].counters.fast_path'
}

# established N: the established-flow rows at 0 and N rules of the first
# family, measured as the rows above are, under "established"; fills FAST.
established() {
	local fam=${families[0]} n=$1 f=$work/est row k timed ok
	local -A fp=()

	say "established flows, $fam, 0 and $n rules: generating rules and trace"
	python3 "$rulegen" --family "$fam" --rules "$n" --seed "$seed" \
		--packets "$packets" --hook prerouting --action accept \
		--secnet "$f.fast$n" --trace "$f.trace" || die "rulegen failed"
	printf 'policy prerouting accept\nrule %s\n' "$EST_NOMATCH" >"$f.fast0"
	for k in 0 "$n"; do
		{ cat "$f.fast$k"; echo "rule $EST_NOFAST"; } >"$f.slow$k"
	done
	printf 'rule %s\nrule %s\n' "$EST_NOFAST" "$EST_PLAIN" >"$f.plain"
	printf 'rule %s\nrule %s\n' "$EST_NOFAST" "$EST_LIMIT" >"$f.limit"
	cat "$f.trace" >"$DBG/trace" || die "secnet_nfbench refused the trace"
	ROWS=(base fast0 "fast$n" slow0 "slow$n" plain limit)
	for row in "${ROWS[@]}"; do
		ip netns add "$PFX$row"
		ip -n "$PFX$row" link set lo up
	done
	for row in "${ROWS[@]:1}"; do
		nsx "$row" "$secnetctl" ruleset load "$f.$row" >/dev/null ||
			die "secnetctl ruleset load $f.$row failed"
		fp[$row]=$(fast_path "$row")
	done
	EXPECT=0 RUN_HOOK=prerouting RUN_MODE=established
	measure established "$n"
	RUN_HOOK=input RUN_MODE=
	# Every timed packet of a fast row takes the fast path (the setup of
	# each run and the warm-up add more), none of a slow row's.
	timed=$((rounds * passes * packets))
	for row in "${ROWS[@]:1}"; do
		FAST[$row]=$(($(fast_path "$row") - fp[$row]))
		if [[ $row = fast* ]]; then
			ok=$((FAST[$row] >= timed))
		else
			ok=$((FAST[$row] == 0))
		fi
		if ((!ok)); then
			MISMATCH+="established N=$n $row: fast_path grew by ${FAST[$row]} over $timed timed packets"$'\n'
			say "MISMATCH: established N=$n $row: fast_path grew by ${FAST[$row]} over $timed timed packets"
		fi
	done
	nfbench_teardown
}

declare -A T=() C=() U=() DROPS=() FAST=() MEM=()
MISMATCH=
for fam in "${families[@]}"; do
	for n in $counts; do
		setup "$fam" "$n"
		measure "$fam" "$n"
		((!profile)) || profile "$fam" "$n"
		if ((updates)) && [ "$fam" != exact ]; then
			updates "$fam" "$n"
		fi
		nfbench_teardown
	done
done
last=${counts##* }
if ((est)) && ((secnet)); then
	established "$last"
fi

# Printing.  ratio A B: A / B, "-" when either is missing.
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN {
		if (a == "" || b == "" || b + 0 <= 0) print "-"
		else if (a / b < 0.01) printf "%.4f", a / b
		else printf "%.3f", a / b }'
}
# goal R LIMIT [DIVISOR]: whether ratio R is at most LIMIT / DIVISOR.
goal() {
	awk -v r="$1" -v g="$2" -v d="${3:-1}" 'BEGIN {
		if (r == "-") print "not measured"; else print (r + 0 <= g / d ? "met" : "NOT met") }'
}
cell() { printf '%12s' "${1:--}"; }

prev=$(tr ' ' '\n' <<<"$counts" | tail -n2 | head -n1)
echo "nf: per-packet cost of $packets trace packets through the input hook, rules all drop"
echo "secnet_nfbench (nf_hook() per packet, fresh skb), median of $rounds interleaved rounds of $passes passes each (each batch at its fastest pass)"
echo "kernel $(uname -r), $(nproc) CPUs, ${SECNET_BENCH_CLOCK:-wall} clock; rulegen --family F --rules N --seed $seed --packets $packets"
((secnet)) || echo "secnet rows skipped: $secnet_note"
for fam in "${families[@]}"; do
	rows=(base)
	((secnet)) && rows+=(secnet)
	((nftlin)) && rows+=(nftlin)
	[ "$fam" = exact ] && rows+=(nftset)
	rows+=(ipt)
	echo
	echo "family $fam: $per_pkt t_X, and the marginal cost c_X: the median over rounds of t_X - t_base"
	printf '%-8s%8s' N drops
	for row in "${rows[@]}"; do printf '%12s' "t_$row"; done
	for row in "${rows[@]:1}"; do printf '%12s' "c_$row"; done
	echo
	for n in $counts; do
		printf '%-8s%8s' "$n" "${DROPS[$fam,$n]}"
		for row in "${rows[@]}"; do cell "${T[$fam,$n,$row]}"; done
		for row in "${rows[@]:1}"; do cell "${C[$fam,$n,$row]}"; done
		echo
	done
	echo "ratios of marginal cost:"
	printf '%-8s%16s%16s' N secnet/nftlin secnet/ipt
	[ "$fam" = exact ] && printf '%16s' secnet/nftset
	printf '%16s\n' nftlin/ipt
	for n in $counts; do
		printf '%-8s%16s%16s' "$n" "$(ratio "${C[$fam,$n,secnet]:-}" "${C[$fam,$n,nftlin]:-}")" \
			"$(ratio "${C[$fam,$n,secnet]:-}" "${C[$fam,$n,ipt]}")"
		[ "$fam" = exact ] && printf '%16s' "$(ratio "${C[$fam,$n,secnet]:-}" "${C[$fam,$n,nftset]}")"
		printf '%16s\n' "$(ratio "${C[$fam,$n,nftlin]:-}" "${C[$fam,$n,ipt]}")"
	done
	echo "kernel memory per rule, bytes: what slab, vmalloc and per-CPU memory grew by over the load, / N:"
	printf '%-8s' N
	for row in "${rows[@]:1}"; do printf '%12s' "$row"; done
	echo
	for n in $counts; do
		printf '%-8s' "$n"
		for row in "${rows[@]:1}"; do cell "${MEM[$fam,$n,$row]:-}"; done
		echo
	done
	r=$(ratio "${C[$fam,$last,secnet]:-}" "${C[$fam,$last,nftlin]:-}")
	echo "  goal at N=$last: c_secnet/c_nftlin <= 1/$GOAL_NFTLIN: $r, $(goal "$r" 1 $GOAL_NFTLIN)"
	r=$(ratio "${C[$fam,$last,secnet]:-}" "${C[$fam,$last,ipt]}")
	echo "  goal at N=$last: c_secnet/c_ipt <= 1/$GOAL_IPT: $r, $(goal "$r" 1 $GOAL_IPT)"
	if [ "$fam" = exact ]; then
		r=$(ratio "${C[$fam,$last,secnet]:-}" "${C[$fam,$last,nftset]}")
		echo "  goal at N=$last: c_secnet/c_nftset <= $GOAL_SET: $r, $(goal "$r" $GOAL_SET)"
	fi
	if [ "$prev" != "$last" ]; then
		r=$(ratio "${C[$fam,$last,secnet]:-}" "${C[$fam,$prev,secnet]:-}")
		echo "  goal: scaling c_secnet($last)/c_secnet($prev) <= $GOAL_SCALE: $r, $(goal "$r" $GOAL_SCALE)" \
			"(nftlin $(ratio "${C[$fam,$last,nftlin]:-}" "${C[$fam,$prev,nftlin]:-}"), ipt $(ratio "${C[$fam,$last,ipt]}" "${C[$fam,$prev,ipt]}"))"
	fi
done
if [ -n "${FAST[fast0]:-}" ]; then
	n=$last
	echo
	echo "established flows (issue 16), family ${families[0]}: the trace as UDP connections ESTABLISHED in"
	echo "conntrack, at hook prerouting, every rule accept; $per_pkt t_X and c_X = t_X - t_base"
	echo "(base: conntrack, no rules; fast: secnet's rules; slow: the same and one tcp-flags rule, which"
	echo "keeps the chain from keeping verdicts on flows: every packet classified); fast_path: packets"
	echo "that took a kept verdict during the row's runs ($((rounds * passes * packets)) timed, the rest in set-ups and warm-up);"
	echo "N=0: one rule, which matches no packet, so that secnet's hook is there"
	printf '%-8s%12s%12s%12s%12s%12s%12s%12s\n' N t_base t_fast c_fast t_slow c_slow \
		fast_path slow_path
	for k in 0 "$n"; do
		printf '%-8s' "$k"
		cell "${T[established,$n,base]}"
		cell "${T[established,$n,fast$k]}"
		cell "${C[established,$n,fast$k]}"
		cell "${T[established,$n,slow$k]}"
		cell "${C[established,$n,slow$k]}"
		cell "${FAST[fast$k]}"
		cell "${FAST[slow$k]}"
		echo
	done
	r=$(ratio "${C[established,$n,fast$n]}" "${C[established,$n,fast0]}")
	echo "  goal: c_fast($n)/c_fast(0) <= $GOAL_FAST: $r, $(goal "$r" $GOAL_FAST)"
	r=$(ratio "${T[established,$n,fast$n]}" "${T[established,$n,fast0]}")
	echo "  goal: t_fast($n)/t_fast(0) <= $GOAL_FAST: $r, $(goal "$r" $GOAL_FAST)"
	echo "  without the fast path: c_slow($n)/c_slow(0)" \
		"$(ratio "${C[established,$n,slow$n]}" "${C[established,$n,slow0]}")," \
		"c_fast($n)/c_slow($n) $(ratio "${C[established,$n,fast$n]}" "${C[established,$n,slow$n]}")"
	echo "rate limits: every packet classified and decided by one rule that matches all:"
	echo "  plain c_plain ${C[established,$n,plain]:--}, per-source limit c_limit ${C[established,$n,limit]:--}," \
		"c_limit/c_plain $(ratio "${C[established,$n,limit]}" "${C[established,$n,plain]}")"
fi
if ((updates)) && [ "$family" != exact ]; then
	echo
	echo "family $family: update costs, $ms (the command included), median of 3"
	printf '%-8s%8s  %10s%10s%10s  %10s%10s%10s%10s  %10s%10s%10s%10s  %10s%10s\n' N true \
		sn-load sn-add sn-del nft-f nft-add nft-ins nft-del ipt-rest ipt-I ipt-A ipt-D \
		sn-k-add sn-k-del
	for n in $counts; do
		printf '%-8s%8s  ' "$n" "${U[$family,$n,floor]}"
		for k in secnet_load secnet_add secnet_del; do printf '%10s' "${U[$family,$n,$k]:--}"; done
		printf '  '
		for k in nft_load nft_add nft_ins nft_del; do printf '%10s' "${U[$family,$n,$k]:--}"; done
		printf '  '
		for k in ipt_load ipt_ins ipt_app ipt_del; do printf '%10s' "${U[$family,$n,$k]:--}"; done
		printf '  '
		for k in secnet_kadd secnet_kdel; do
			v=${U[$family,$n,$k]:-}
			[ -n "$v" ] && v=$(awk -v v="$v" 'BEGIN { printf "%.3f", v / 1e6 }')
			printf '%10s' "${v:--}"
		done
		echo
	done
	echo "  true: starting a command that does nothing (nsenter + /bin/true), included in the others."
	echo "  sn-load: secnetctl ruleset load (a full replace of the N rules); nft-f: nft -f (delete"
	echo "  and re-create the table, one transaction); ipt-rest: iptables-legacy-restore (table filter)."
	echo "  sn-add, nft-add, ipt-A append one rule to the N; nft-ins, ipt-I insert it first;"
	echo "  sn-del, nft-del, ipt-D delete it.  sn-k-add, sn-k-del: secnet's last_change_ns after the"
	echo "  add and the delete, on the same clock (goal G6: <= 1 ms and <= 1/20 of nft-add at N=10000)."
fi
echo
if [ -n "$MISMATCH" ]; then
	echo "MISMATCH: the rows did not all give the verdicts expected:"
	printf '%s' "$MISMATCH"
	exit 1
fi
echo "verdicts: every row dropped exactly the packets rulegen --reference matches"
if [ -n "${FAST[fast0]:-}" ]; then
	echo "established: every packet accepted, every timed one of a fast row took the fast path, none of a slow row's"
fi
