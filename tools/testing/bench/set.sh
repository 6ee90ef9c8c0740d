#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# bench-clock: icount
#
# set.sh: a blocklist of N prefixes in secnet's set against ipset hash:net
# and an nft set (flags interval) holding the same prefixes: the lookup cost
# per packet, the memory per entry, and the time to load the N prefixes.
# Runs inside a guest, as root, started by tools/testing/bench/run; the
# table goes to stdout, progress to stderr.
#
# Method: N random IPv4 prefixes (60% /32, 30% /24, 10% /20 to /23), none
# inside another, so that every system holds the same ones; a trace of
# UDP packets, half from an address inside a random prefix of the list,
# half from a random address.  One network namespace per row:
#   base    no rules: the cost of the harness (a fresh skb per packet)
#   secnet  `secnetctl set load` of the list, rule "src @bl action drop"
#   ipset   `ipset restore` of the list (hash:net), iptables-legacy
#           "-m set --match-set bl src -j DROP"
#   nft     `nft -f` of the list into a set with flags interval, and
#           "ip saddr @bl drop"
# secnet_nfbench.ko injects the trace at each namespace's input hook, as
# nf.sh does (its header says how), round after round, the rows taking
# turns; a row's cost is the median over the rounds of its time less the
# same round's base.  Every row must drop exactly the packets from inside
# the list.  The guest counts instructions (bench/run, "Clocks").
#
# Memory per entry: what secnet reports of its set (`set list`, memory) and
# ipset of its (`ipset list -t`, "Size in memory"), over the entries; and
# for all three the growth of the kernel's slab, vmalloc and per-CPU
# memory (/proc/meminfo Slab + VmallocUsed + Percpu) over the load.  Load: the time of the
# command that loads the list, by the guest clock.
#
# Goals (issue 17): c_secnet / c_ipset <= 1.5; secnet's bytes per entry
# <= ipset's; secnet's load time <= ipset restore's.
#
# Environment: SECNET_BENCH_SET_ELEMS (N, default 1000000),
# SECNET_BENCH_ROUNDS (default 5), SECNET_BENCH_PASSES (default 3),
# SECNET_BENCH_PACKETS (default 4096), SECNET_BENCH_SEED (default 1),
# SECNET_BENCH_NFT=0 (leave the nft row out).
set -euo pipefail

# shellcheck source=tools/testing/bench/lib.sh
. "$(dirname "$0")/lib.sh"

repo=$(cd "$(dirname "$0")/../../.." && pwd)
secnetctl=$repo/tools/secnetctl/secnetctl
elems=${SECNET_BENCH_SET_ELEMS:-1000000}
rounds=${SECNET_BENCH_ROUNDS:-5}
passes=${SECNET_BENCH_PASSES:-3}
packets=${SECNET_BENCH_PACKETS:-4096}
seed=${SECNET_BENCH_SEED:-1}
with_nft=${SECNET_BENCH_NFT:-1}
if [ "${SECNET_BENCH_CLOCK:-wall}" = icount ]; then
	per_pkt="instructions per packet" ms="M instructions (ms of the icount clock)"
else
	per_pkt="ns per packet" ms="ms by the wall clock"
fi
readonly DBG=/sys/kernel/debug/secnet_nfbench PFX=sn-set-
readonly GOAL_LOOKUP=1.5

[[ $elems =~ ^[1-9][0-9]*$ ]] || die "SECNET_BENCH_SET_ELEMS must be a positive number"
[[ $rounds =~ ^[1-9][0-9]*$ ]] || die "SECNET_BENCH_ROUNDS must be a positive number"
[[ $passes =~ ^[1-9][0-9]?$ ]] || die "SECNET_BENCH_PASSES must be between 1 and 99"
[[ $packets =~ ^[1-9][0-9]*$ ]] || die "SECNET_BENCH_PACKETS must be a positive number"
need_tools ipset iptables-legacy nft nsenter python3 jq
[ -x "$secnetctl" ] || die "$secnetctl is not built"

nfbench_start "$PFX"
modprobe secnet_nf || die "cannot load secnet_nf"
modprobe -a ip_tables iptable_filter nf_tables ip_set ip_set_hash_net xt_set ||
	die "cannot load ip_tables, nf_tables or ipset's modules"

say "generating $elems prefixes and a trace of $packets packets"
python3 - "$work" "$elems" "$packets" "$seed" <<'EOF' >"$work/expect" || die "generating failed"
import bisect, ipaddress, random, struct, sys
work, n, packets, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rnd = random.Random(seed)
# None inside another, so that every system holds the same prefixes: the
# /32s (60%) under 200-223, the /24s (30%) under 100-199, distinct; the /20
# to /23 (10%) under 11-99, drawn until enough are not inside another.
def draw(count, lo, hi, lens):
    got = set()
    while len(got) < count:
        plen = rnd.choice(lens)
        a = (rnd.randint(lo, hi) << 24 | rnd.getrandbits(24)) & ~((1 << (32 - plen)) - 1)
        got.add((a, plen))
    return got
n32, n24 = n * 6 // 10, n * 3 // 10
big, nbig = set(), n - n32 - n24
while True:
    kept_big, end = [], -1
    for a, plen in sorted(big):
        if a > end:
            kept_big.append((a, plen))
            end = a + (1 << (32 - plen)) - 1
    if len(kept_big) >= nbig:
        break
    big |= draw(len(big) + (nbig - len(kept_big)) * 2, 11, 99, range(20, 24))
kept = sorted(draw(n32, 200, 223, [32]) | draw(n24, 100, 199, [24]) |
              set(rnd.sample(kept_big, nbig)))
starts = [a for a, _ in kept]
ends = [a + (1 << (32 - plen)) - 1 for a, plen in kept]
text = ['%s/%d' % (ipaddress.IPv4Address(a), plen) for a, plen in kept]
with open(work + '/plain', 'w') as f:
    f.write('\n'.join(text) + '\n')
with open(work + '/ipset', 'w') as f:
    f.write('create bl hash:net family inet hashsize %d maxelem %d\n'
            % (1 << max(10, (len(kept) - 1).bit_length()), 2 * len(kept)))
    f.write(''.join('add bl %s\n' % t for t in text))
with open(work + '/nft', 'w') as f:
    f.write('table ip bench {\n\tset bl {\n\t\ttype ipv4_addr\n\t\tflags interval\n\t}\n'
            '\tchain input {\n\t\ttype filter hook input priority 0; policy accept;\n'
            '\t\tip saddr @bl drop\n\t}\n}\n')
    for i in range(0, len(text), 10000):
        f.write('add element ip bench bl { %s }\n' % ', '.join(text[i:i + 10000]))
drops = 0
with open(work + '/trace', 'wb') as f:
    f.write(b'SNBT' + struct.pack('<III', 1, packets, 16))
    for i in range(packets):
        if i % 2:
            a, plen = kept[rnd.randrange(len(kept))]
            src = a | rnd.getrandbits(32 - plen) if plen < 32 else a
        else:
            src = rnd.getrandbits(32)
        k = bisect.bisect_right(starts, src) - 1
        drops += k >= 0 and src <= ends[k]
        f.write(struct.pack('>IIHHBBH', src, 0x0a000001, 1024 + i % 1000,
                            53, 17, 0, 0))
print(len(kept), drops)
EOF
read -r count expect <"$work/expect"
cat "$work/trace" >"$DBG/trace" || die "secnet_nfbench refused the trace"

ROWS=(base secnet ipset)
((with_nft)) && ROWS+=(nft)
for row in "${ROWS[@]}"; do
	ip netns add "$PFX$row"
	ip -n "$PFX$row" link set lo up
done

nsx secnet "$secnetctl" set add bl type net
kmem_load secnet nsx secnet "$secnetctl" set load bl "$work/plain" ||
	die "secnetctl set load failed"
nsx secnet "$secnetctl" rule add hook input src @bl action drop
kmem_load ipset nsx ipset ipset restore -f "$work/ipset" || die "ipset restore failed"
nsx ipset iptables-legacy -A INPUT -m set --match-set bl src -j DROP
# nft's interval sets take far more memory (1,000,000 prefixes do not fit
# a guest of 1 GB): a load that fails leaves the row out, with a note.
NFT_NOTE=
if ((with_nft)) && ! kmem_load nft nsx nft nft -f "$work/nft"; then
	NFT_NOTE="nft could not load the $count prefixes (out of memory? SECNET_BENCH_MEM=4096 gives the guest more): its row is left out"
	say "$NFT_NOTE"
	with_nft=0
	ROWS=(base secnet ipset)
fi

secnet_count=$(nsx secnet "$secnetctl" -j set list | jq -r '.[0].count')
secnet_mem=$(nsx secnet "$secnetctl" -j set list | jq -r '.[0].memory')
ipset_mem=$(nsx ipset ipset list -t bl | awk -F': ' '/^Size in memory/ { print $2 }')
ipset_count=$(nsx ipset ipset list -t bl | awk -F': ' '/^Number of entries/ { print $2 }')
[ "$secnet_count" = "$count" ] || die "secnet holds $secnet_count prefixes, not $count"
[ "$ipset_count" = "$count" ] || die "ipset holds $ipset_count prefixes, not $count"

run_row() {
	local out
	out=$(nsx "$1" sh -c "echo 'input ${2:-$passes}' >$DBG/run && cat $DBG/run") ||
		die "$1: the run failed"
	NS_PP=$(awk '$1 == "min_ns_per_packet" { print $2 }' <<<"$out")
	ACC=$(awk '$1 == "accepted" { print $2 }' <<<"$out")
	DROP=$(awk '$1 == "dropped" { print $2 }' <<<"$out")
}

declare -A RES T C
MISMATCH=
for row in "${ROWS[@]}"; do
	run_row "$row" 1
done
for ((r = 1; r <= rounds; r++)); do
	for row in "${ROWS[@]}"; do
		run_row "$row"
		RES[$row]+=" $NS_PP"
		[ "$row" = base ] && want=0 || want=$expect
		if [ "$DROP" != "$want" ] || [ $((ACC + DROP)) != "$packets" ]; then
			MISMATCH+="$row: accepted $ACC dropped $DROP, expected to drop $want of $packets"$'\n'
			say "MISMATCH: $row accepted $ACC dropped $DROP, expected to drop $want"
		fi
	done
	say "round $r/$rounds:$(for row in "${ROWS[@]}"; do
		printf ' %s %s' "$row" "${RES[$row]##* }"; done) ($per_pkt)"
done
for row in "${ROWS[@]}"; do
	T[$row]=$(median <<<"${RES[$row]}")
	[ "$row" = base ] && continue
	C[$row]=$(paste -d' ' <(tr ' ' '\n' <<<"${RES[$row]}" | awk NF) \
			 <(tr ' ' '\n' <<<"${RES[base]}" | awk NF) |
		  awk '{ printf " %.1f", $1 - $2 }' | median)
done

ratio() {
	awk -v a="${1:-}" -v b="${2:-}" 'BEGIN {
		if (a == "" || b == "" || b == 0) print "-"
		else printf "%.3f", a / b }'
}
goal() {
	awk -v r="$1" -v l="$2" 'BEGIN { print (r != "-" && r <= l) ? "met" : "NOT met" }'
}
per() { awk -v a="$1" -v n="$2" 'BEGIN { printf "%.1f", a / n }'; }

echo "set lookup: $count IPv4 prefixes (none inside another), $packets packets, $expect from listed sources; $per_pkt"
printf '%-8s%12s%12s%14s\n' row t c c/c_ipset
for row in "${ROWS[@]}"; do
	printf '%-8s%12s%12s%14s\n' "$row" "${T[$row]}" "${C[$row]:--}" \
		"$( [ "$row" = base ] && echo - || ratio "${C[$row]}" "${C[ipset]}")"
done
echo "memory per entry, bytes:"
printf '%-8s%12s%16s\n' row reported kernel-growth
printf '%-8s%12s%16s\n' secnet "$(per "$secnet_mem" "$count")" "$(per "${KMEM[secnet]}" "$count")"
printf '%-8s%12s%16s\n' ipset "$(per "$ipset_mem" "$count")" "$(per "${KMEM[ipset]}" "$count")"
((with_nft)) && printf '%-8s%12s%16s\n' nft - "$(per "${KMEM[nft]}" "$count")"
echo "load of the $count prefixes, $ms:"
printf '%-8s%12s\n' row load
for row in "${ROWS[@]:1}"; do
	printf '%-8s%12s\n' "$row" "${LOAD_MS[$row]}"
done
[ -z "$NFT_NOTE" ] || echo "note: $NFT_NOTE"
r=$(ratio "${C[secnet]}" "${C[ipset]}")
echo "  goal: c_secnet/c_ipset <= $GOAL_LOOKUP: $r, $(goal "$r" "$GOAL_LOOKUP")"
r=$(ratio "$secnet_mem" "$ipset_mem")
echo "  goal: secnet's bytes per entry <= ipset's (reported): $r, $(goal "$r" 1)"
r=$(ratio "${LOAD_MS[secnet]}" "${LOAD_MS[ipset]}")
echo "  goal: secnet's load time <= ipset restore's: $r, $(goal "$r" 1)"
if [ -n "$MISMATCH" ]; then
	printf 'MISMATCH:\n%s' "$MISMATCH"
	exit 1
fi
