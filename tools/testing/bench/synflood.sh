#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# synflood.sh: a SYN flood from N random sources against a TCP server
# behind secnet's stateful firewall, and what the flood does to the
# server's well-behaved clients and to the kernel's tables, four ways:
#   idle      no flood: the clients' numbers on a quiet server
#   none      the flood against the firewall alone (conntrack, the kernel's
#             defaults: syncookies on)
#   limits    secnet's ingress limits on SYNs too: one bucket per source
#             (a table of at most SOURCES_MAX) and one ceiling for all,
#             sized so that conntrack's table cannot fill
#   synproxy  nft's SYNPROXY beside secnet, as the README says (its
#             section "SYN floods"), with secnet's per-source limit
# Runs inside a guest, as root, started by tools/testing/bench/run; the
# table goes to stdout, progress to stderr.
#
# Method: namespaces cl (10.9.8.1) and sv (10.9.8.2) on a veth pair, new
# ones for each row.  sv's secnet firewall: input policy drop; invalid
# dropped; established accepted; new connections to port 80 accepted, at
# most 50 a source ("ct count", in limits and synproxy).  The flood is
# hping3 --flood --rand-source -S from cl, until cl has sent N SYNs: a
# random source each, so N sources (a few dozen repeat by chance in a
# million).  sv answers them into cl, which drops the answers.  Meanwhile
# tools/testing/synprobe.py times the clients (its header says how): a
# new connection every 0.1 s, which must connect and echo within 3 s, and
# one connection established before the flood, echoing every 0.1 s.  Once
# a second: sv's conntrack count and secnet's per-source table, of which
# the table shows the largest.  The guest runs on the wall clock, which
# other work on the host slows: compare rows of one run.
#
# Goals (issue 17): the tables stay within their bounds (conntrack count
# <= nf_conntrack_max, secnet's sources <= SOURCES_MAX); established and
# new connections keep working with secnet's limits, against the same
# without them.
#
# Environment: SECNET_BENCH_SYN_SOURCES (N, default 1000000),
# SECNET_BENCH_SYN_SECONDS (longest flood of a row, default 300),
# SECNET_BENCH_SYN_SOURCES_MAX (secnet's table, default 65536).
set -euo pipefail

# shellcheck source=tools/testing/bench/lib.sh
. "$(dirname "$0")/lib.sh"

repo=$(cd "$(dirname "$0")/../../.." && pwd)
secnetctl=$repo/tools/secnetctl/secnetctl
n=${SECNET_BENCH_SYN_SOURCES:-1000000}
max_secs=${SECNET_BENCH_SYN_SECONDS:-300}
src_max=${SECNET_BENCH_SYN_SOURCES_MAX:-65536}
[[ $n =~ ^[1-9][0-9]*$ ]] || die "SECNET_BENCH_SYN_SOURCES must be a positive number"
[[ $max_secs =~ ^[1-9][0-9]*$ ]] || die "SECNET_BENCH_SYN_SECONDS must be a positive number"
[[ $src_max =~ ^[1-9][0-9]*$ ]] || die "SECNET_BENCH_SYN_SOURCES_MAX must be a positive number"
need_tools hping3 nft python3 jq
[ -x "$secnetctl" ] || die "$secnetctl is not built"

readonly CL=sn-syn-cl SV=sn-syn-sv A=10.9.8.1 S=10.9.8.2 PORT=80
work=$(mktemp -d)
teardown() {
	[ -z "${FLOOD:-}" ] || kill "$FLOOD" 2>/dev/null || true
	[ -z "${PROBE_PID:-}" ] || kill "$PROBE_PID" 2>/dev/null || true
	ip netns del $CL 2>/dev/null || true
	ip netns del $SV 2>/dev/null || true
}
trap 'teardown; rm -rf "$work"' EXIT
modprobe secnet_nf || die "cannot load secnet_nf"
modprobe -a nf_conntrack nft_synproxy || die "cannot load nf_conntrack or nft_synproxy"
sv() { "$secnetctl" -n $SV "$@"; }

ct_max=$(cat /proc/sys/net/netfilter/nf_conntrack_max)
syn_recv=$(cat /proc/sys/net/netfilter/nf_conntrack_tcp_timeout_syn_recv)
# The ceiling of the limits row: a flood's SYN lives syn_recv seconds in
# conntrack's table, so that many a second keep half the table free.
cap=$((ct_max / syn_recv / 2))
((cap > 0)) || cap=1

# setup ROW: the namespaces and sv's rules for ROW.
setup() {
	teardown
	ip netns add $CL
	ip netns add $SV
	ip link add veth-cl netns $CL type veth peer name veth-sv netns $SV
	ip -n $CL addr add $A/24 dev veth-cl
	ip -n $SV addr add $S/24 dev veth-sv
	ip -n $CL link set veth-cl up
	ip -n $SV link set veth-sv up
	ip -n $CL link set lo up
	ip -n $SV link set lo up
	# The answers to the flood's sources go back to cl, which drops them.
	ip -n $SV route add default via $A
	ip netns exec $SV sysctl -qw net.ipv4.conf.all.rp_filter=0 \
		net.ipv4.conf.default.rp_filter=0 net.ipv4.tcp_syncookies=1 \
		net.netfilter.nf_conntrack_tcp_loose=0
	{
		echo "policy input drop"
		echo "rule hook input ct-state invalid action drop"
		echo "rule hook input ct-state established,related action accept"
		[ "$1" = none ] || [ "$1" = idle ] ||
			echo "rule hook input proto tcp dport $PORT ct-state new ct count over 50 action reject"
		echo "rule hook input proto tcp dport $PORT ct-state new action accept"
		[ "$1" = none ] || [ "$1" = idle ] ||
			echo "rule hook ingress iif veth-sv proto tcp tcp-flags syn/syn,ack limit rate over 20/second burst 40 per src max $src_max action drop"
		[ "$1" != limits ] ||
			echo "rule hook ingress iif veth-sv proto tcp tcp-flags syn/syn,ack limit rate over $cap/second burst $cap action drop"
	} >"$work/rules"
	sv ruleset load "$work/rules" || die "$1: secnet refused the rules"
	[ "$1" != synproxy ] || synproxy_beside_secnet
}

# synproxy_beside_secnet: the README's recipe, tools/examples/synproxy.nft.
synproxy_beside_secnet() {
	ip netns exec $SV nft -D IIF=veth-sv -D PORT=$PORT \
		-f "$repo/tools/examples/synproxy.nft" ||
		die "synproxy: nft refused the recipe"
}

# sampler: once a second, "CONNTRACK_COUNT SECNET_SOURCES" into samples.
sampler() {
	while :; do
		printf '%s %s\n' \
			"$(ip netns exec $SV cat /proc/sys/net/netfilter/nf_conntrack_count)" \
			"$(sv -j rule list hook ingress | jq '[.[].limit.sources // 0] | max // 0')"
		sleep 1
	done >"$work/samples"
}

tx_packets() { ip -n $CL -j -s link show veth-cl | jq '.[0].stats64.tx.packets'; }

# flood: hping3 from cl until cl has sent N packets, or for max_secs;
# SECS the time it took and SENT the SYNs hping3 sent.
flood() {
	local t0 t1 tx0 now
	tx0=$(tx_packets)
	t0=$(date +%s%N)
	ip netns exec $CL hping3 --flood --rand-source -S -p $PORT $S >"$work/flood" 2>&1 &
	FLOOD=$!
	while now=$(($(tx_packets) - tx0)); ((now < n)); do
		(($(date +%s%N) - t0 < max_secs * 1000000000)) || break
		sleep 0.5
	done
	kill $FLOOD
	wait $FLOOD 2>/dev/null || true
	FLOOD=
	t1=$(date +%s%N)
	# hping3's own count: cl's counter has the clients' packets too.
	SENT=$(awk '/packets transmitted/ { print $1 }' "$work/flood")
	[[ $SENT =~ ^[0-9]+$ ]] || die "hping3 did not say how many SYNs it sent"
	SECS=$(awk -v d=$((t1 - t0)) 'BEGIN { printf "%.1f", d / 1e9 }')
}

# row ROW: sets up ROW, runs the probe over its flood (idle: over 5 s
# without one) and adds ROW's line to the table.
row() {
	local r=$1 res drops=0 sampler_pid
	say "$r: setting up"
	setup "$r"
	coproc PROBE { python3 "$repo/tools/testing/synprobe.py" $CL $SV $S $PORT 2>&1; }
	read -r -t 30 res <&"${PROBE[0]}" && [ "$res" = ready ] || die "$r: the probe did not start: $res"
	echo start >&"${PROBE[1]}"
	read -r -t 30 res <&"${PROBE[0]}" && [ "$res" = started ] ||
		die "$r: the probe could not connect: $res"
	sampler &
	sampler_pid=$!
	if [ "$r" = idle ]; then
		say "$r: 5 s without a flood"
		sleep 5
		SENT=0 SECS=5
	else
		say "$r: flooding with $n SYNs from random sources"
		flood
	fi
	echo stop >&"${PROBE[1]}"
	read -r -t 60 res <&"${PROBE[0]}" || die "$r: the probe did not answer"
	kill $sampler_pid
	wait $sampler_pid 2>/dev/null || true
	wait "$PROBE_PID" 2>/dev/null || true
	if [ "$r" != idle ] && [ "$r" != none ]; then
		drops=$(sv -j rule list hook ingress | jq '[.[].limit.drops // 0] | add')
	fi
	# conntrack's own drops: entries it evicted to make room, and packets
	# it dropped with no room to make.
	read -r early full < <(ip netns exec $SV conntrack -S | awk '
		{ for (i = 1; i <= NF; i++) { split($i, kv, "=")
			if (kv[1] == "early_drop") e += kv[2]
			if (kv[1] == "drop") d += kv[2] } }
		END { print e + 0, d + 0 }')
	cookies=$(ip netns exec $SV nstat -az TcpExtSyncookiesSent | awk '$1 == "TcpExtSyncookiesSent" { print $2 }')
	read -r ct src < <(awk '$1 > c { c = $1 } $2 > s { s = $2 }
		END { print c + 0, s + 0 }' "$work/samples")
	say "$r: $SENT SYNs in $SECS s; probe $res"
	jq -r --arg r "$r" --arg pps "$(awk -v s="$SENT" -v t="$SECS" 'BEGIN { printf "%.0f", s / t }')" \
		--arg sent "$SENT" --arg drops "$drops" --arg ct "$ct" --arg src "$src" --arg early "$early" --arg full "$full" --arg cookies "${cookies:-?}" '
		def ms: if . == null then "-" else tostring end;
		def pct(a; b): if b == 0 then "-" else (a * 1000 / b | round / 10 | tostring) + "%" end;
		[$r, $sent, $pps, $drops,
		 pct(.new.ok; .new.tried), (.new.p50_ms | ms), (.new.p90_ms | ms),
		 pct(.est.ok; .est.sent), (.est.p50_ms | ms), (.est.max_ms | ms),
		 (if .est.alive then "yes" else "NO" end), $ct, $early, $full, $src, $cookies] | @tsv' <<<"$res" >>"$work/table"
}

: >"$work/table"
for r in idle none limits synproxy; do
	row $r
done
teardown

echo "SYN flood of $n random sources (hping3 --flood --rand-source -S), kernel $(uname -r), $(nproc) CPUs"
echo "nf_conntrack_max $ct_max; secnet's per-source table max $src_max; the limits row's ceiling $cap SYNs/s"
echo
{
	printf 'row\tSYNs\tSYNs/s\tsecnet drops\tnew ok\tnew p50 ms\tnew p90 ms\test ok\test p50 ms\test max ms\test alive\tconntrack max\tct evicted\tct full drops\tsecnet sources\tsyncookies\n'
	cat "$work/table"
} | column -t -s $'\t'
echo
# The bounds, checked on every row; without secnet's limits (none) what
# conntrack's count does is the kernel's own.
awk -v cm="$ct_max" -v sm="$src_max" '
	$1 == "none" && $12 > cm { print "  none, the kernel alone: conntrack count " $12 " > nf_conntrack_max " cm }
	$1 != "none" && $12 > cm { print "  BOUND EXCEEDED: " $1 ": conntrack count " $12 " > nf_conntrack_max " cm; bad = 1 }
	$15 > sm { print "  BOUND EXCEEDED: " $1 ": secnet sources " $15 " > max " sm; bad = 1 }
	END { if (!bad) print "  bounds held with secnet: conntrack count <= nf_conntrack_max, secnet sources <= max" }' \
	"$work/table"
echo "  new ok: new connections that connected and echoed within 3 s; est ok: echoes"
echo "  of the connection established before the flood back within 1 s."
echo "  conntrack max: the largest count sampled; ct evicted: unreplied entries conntrack"
echo "  dropped to make room (early_drop); ct full drops: packets it dropped with no room;"
echo "  syncookies: the server's (TcpExtSyncookiesSent; SYNPROXY's own are not in it)."
