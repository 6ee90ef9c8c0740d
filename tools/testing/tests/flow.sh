#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Flows, secnet's state on connections: a client "cl" (10.9.1.1) reaches a
# server "sv" (10.9.2.1) through a router "rt" that forwards under secnet's
# rules beside nft's DNAT (rt:8080 -> sv:7001) and masquerade.  The flow
# table shows both tuples of the NATed connection, the rule that admitted
# it, its counts, and conntrack's id; a flow outlives a rule change that
# still admits it, and the next packet after one that does not is dropped,
# though the flow's verdict was kept; flows die with their connections;
# flush ends them in conntrack; a netns goes, and the module unloads, with
# flows and traffic present.
. "$(dirname "$0")/../lib.sh"

t_plan 35

CL=sn-fl-cl RT=sn-fl-rt SV=sn-fl-sv
secnet_load || { fail "secnet.ko loads"; t_done; }
nf_load nf_nat nft_chain_nat nft_nat nft_masq
for ns in $CL $RT $SV; do
	netns_add $ns
	ip -n $ns link set lo up
done
veth_link $CL veth-cl 10.9.1.1/24 $RT veth-rc 10.9.1.2/24
veth_link $SV veth-sv 10.9.2.1/24 $RT veth-rs 10.9.2.2/24
ip -n $CL route add default via 10.9.1.2
ip netns exec $RT sysctl -qw net.ipv4.ip_forward=1
ip netns exec $RT nft -f - <<EOF
table ip nat {
	chain pre {
		type nat hook prerouting priority dstnat;
		tcp dport 8080 dnat to 10.9.2.1:7001
		udp dport 8080 dnat to 10.9.2.1:7003
	}
	chain post {
		type nat hook postrouting priority srcnat;
		oifname veth-rs masquerade
	}
}
EOF
ip netns exec $SV socat TCP-LISTEN:7001,fork,reuseaddr EXEC:cat &
ip netns exec $SV socat UDP-LISTEN:7003,fork,reuseaddr EXEC:cat &
trap 'kill $(jobs -p) 2>/dev/null; t_cleanup' EXIT
rt() { secnetctl -n $RT "$@"; }
flows() { rt -j flow list "$@"; }
flow_count() { rt -j status netfilter | jq -r '.[0].counters.flows'; }
packets() { rt -j rule list | jq -r ".[] | select(.handle == $1) | .packets"; }

# One long-lived TCP connection: a line there and back on demand.  say
# LINE [SECS] prints LINE once it is back, skipping the late echoes of
# lines before it; nothing if it is not back within SECS (default 5).
for _ in $(seq 20); do
	ip netns exec $SV ss -Hltn | grep -q ':7001 ' && break
	nap 0.2
done
coproc CONN { ip netns exec $CL socat - TCP:10.9.1.2:8080,connect-timeout=3; }
say() {
	local got
	echo "$1" >&"${CONN[1]}"
	while read -r -t "${2:-5}" got <&"${CONN[0]}"; do
		[ "$got" = "$1" ] && break
	done
	[ "$got" = "$1" ] && echo "$got"
}
expect_eq "the connection echoes through the router with no rules" \
	"$(say one 15)" one
# client_sports: the source ports of the client's connections to 8080.
client_sports() {
	ip netns exec $CL ss -Htn state established '( dport = :8080 )' |
		awk '{ split($3, a, ":"); print a[2] }'
}
sport1=$(client_sports)

export SECNET_CONNLABELS=$T_RUN.labels
printf '0 seen\n3 web\n' >"$SECNET_CONNLABELS"
rt rule add hook forward handle 10 proto tcp dport 7001 action accept \
	set-label web set-mark 0x5
rt rule add hook forward handle 11 ct-state established action accept
rt hook set forward policy drop
# The connection began before the rules: conntrack knows it, and its next
# packets are established, which rule 11 admits; a new one is admitted by
# rule 10 after DNAT.
expect_eq "the connection still echoes under the rules" "$(say two)" two
got=$T_RUN.conn2
{ echo new; sleep 60; } |
	ip netns exec $CL socat - TCP:10.9.1.2:8080,connect-timeout=3 >"$got" &
for _ in $(seq 15); do
	[ -s "$got" ] && break
	nap 0.2
done
expect_eq "a new connection is admitted by rule 10" "$(cat "$got")" new
# The new connection's port is the one that is not the first's: ports are
# random, so neither is the larger.
sport2=$(client_sports | grep -vx "$sport1")

run flows proto tcp sport "$sport2"
expect_eq "one flow for the new connection" "$(jqv "$OUT" length)" 1
f=$(jqv "$OUT" '.[0]')
expect_eq "its original tuple is the client's, to the router" \
	"$(jqv "$f" '[.orig.src, .orig.dst, .orig.dport] | join(" ")')" \
	"10.9.1.1 10.9.1.2 8080"
expect_eq "its reply tuple is the server's, to the masquerade address" \
	"$(jqv "$f" '[.reply.src, .reply.sport, .reply.dst] | join(" ")')" \
	"10.9.2.1 7001 10.9.2.2"
expect_eq "rule 10 at forward admitted it" \
	"$(jqv "$f" '[.hook, .rule, .verdict, .state] | join(" ")')" \
	"forward 10 accept established"
expect_match "secnet counted both directions" \
	"$(jqv "$f" '[.packets, .reply_packets] | join(" ")')" '^[1-9][0-9]* [1-9][0-9]*$'
ctid=$(ip netns exec $RT conntrack -L -p tcp --sport "$sport2" -o id 2>/dev/null |
	sed -n 's/.*id=\([0-9]*\).*/\1/p')
expect_eq "its id is conntrack's" "$(jqv "$f" .id)" "$ctid"
expect_eq "it carries the rule's label and mark" \
	"$(jqv "$f" '[.labels[0], .label_bits[0], .mark] | join(" ")')" "web 3 5"
run flows label web
expect_eq "the label filters: the older connection began before labels" \
	"$(jqv "$OUT" 'map(.id) | join(" ")')" "$ctid"
run rt flow list rule 10
expect_match "text: the older connection, picked up mid-stream, by rule 10 too" \
	"$OUT" '^tcp id [0-9]+ established tcp-state established timeout [0-9]+ src 10.9.1.1 dst 10.9.1.2 sport [0-9]+ dport 8080 reply src 10.9.2.1 dst 10.9.2.2 sport 7001 dport [0-9]+ hook forward rule 10 verdict accept mark 0x5 packets'
expect_eq "two flows by rule 10" "$(printf '%s\n' "$OUT" | wc -l)" 2
run flows rule 10 dport 9999
expect_eq "filters combine: no flow to port 9999" "$OUT" "[]"
run flows reply-src 10.9.2.0/24 reply-sport 7001
expect_eq "the reply tuple filters" "$(jqv "$OUT" length)" 2

# A change elsewhere leaves the flows be; one that drops them takes effect
# on the next packet, though its verdict was kept on the flow.
kept=$(rt -j status netfilter | jq -r '.[0].counters.fast_path')
for _ in 1 2 3; do say keep >/dev/null; done
expect_match "established packets took the verdict kept on their flow" \
	"$(deltas "$kept" "$(rt -j status netfilter | jq -r '.[0].counters.fast_path')")" '^([6-9]|[1-9][0-9]+)$'
rt rule add hook forward handle 12 proto udp dport 9 action drop
expect_eq "the flow outlives an unrelated rule change" "$(say three)" three
rt rule add hook forward handle 13 before 10 proto tcp dport 7001 action drop
expect_eq "a rule that drops the flow drops its next packet" "$(say four 2)" ""
expect_match "and that rule saw it" "$(packets 13)" '^[1-9]'
rt rule del handle 13
expect_eq "deleting it lets the flow through again" "$(say five 10)" five
run flows proto tcp
expect_eq "both flows are still there" "$(jqv "$OUT" length)" 2

# Ended by conntrack: the flow goes with it.
ip netns exec $RT conntrack -D -p tcp --sport "$sport2" >/dev/null 2>&1
run flows proto tcp sport "$sport2"
expect_eq "a connection conntrack ended is no flow" "$OUT" "[]"
for _ in $(seq 30); do
	[ "$(flow_count)" = 1 ] && break
	nap 0.2
done
expect_eq "the collector let go of it" "$(flow_count)" 1

# UDP across the NAT, then flush by protocol: conntrack loses it too; a
# monitor of the flows sees it made and ended.
rt rule add hook forward handle 14 proto udp dport 7003 action accept
secnetctl -n $RT -j monitor flows count 2 >"$T_RUN.mon" 2>&1 &
mon=$!
monitor_ready $mon
run ip netns exec $CL sh -c 'echo u | socat -t3 - UDP:10.9.1.2:8080'
expect_eq "UDP through the NAT echoes" "$OUT" u
expect_eq "the UDP flow is listed" \
	"$(flows proto udp | jq -r '.[0] | [.orig.dport, .reply.sport] | join(" ")')" \
	"8080 7003"
run rt flow flush proto udp
expect_eq "flush ends one flow" "$OUT" "1 flows ended"
run ip netns exec $RT conntrack -L -p udp
expect_no_match "conntrack no longer has it" "$OUT" 'dport=8080'
expect_eq "the TCP flow is left" "$(flows | jq length)" 1
wait_for 10 $mon
expect_eq "the monitor saw the UDP flow made, by rule 14, and ended" \
	"$(jq -rs 'map([.event, .flow.proto, .flow.orig.dport, .flow.rule] | join(" ")) | join(", ")' "$T_RUN.mon")" \
	"new udp 8080 14, destroy udp 8080 14"

# Bad input.
run rt flow list label 128
expect_eq "label 128 is refused" "$RC" 2
run rt flow list bogus 1
expect_match "an unknown keyword is named" "$ERR" 'bogus'

# The router goes with a flow and traffic; then the module, with another.
ip netns exec $CL ping -q -i 0.05 -c 1000 10.9.2.1 >/dev/null 2>&1 &
kmsg_mark
ip netns del $RT
T_NETNS=("$CL" "$SV")
netns_add $RT
veth_link $CL veth-x 10.9.3.1/24 $RT veth-rx 10.9.3.2/24
rt rule add hook input proto icmp ct-state new,established action accept
ip netns exec $CL ping -q -i 0.05 -c 2000 10.9.3.2 >/dev/null 2>&1 &
for _ in $(seq 50); do
	[ "$(flow_count)" = 1 ] && break
	nap 0.2
done
expect_eq "the new router has a flow" "$(flow_count)" 1
expect_rc "secnet_nf unloads with a flow and traffic present" 0 rmmod secnet_nf
kill %?ping 2>/dev/null
expect_no_match "no splat, no stuck netns" "$(kmsg_since_mark)" \
	'BUG:|WARNING:|unregister_netdevice: waiting|refcount_t'
t_done
