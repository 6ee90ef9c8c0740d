#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Named sets: a client "cl" with a listed address (10.8.1.3, 2001:db8:8::3)
# and an unlisted one (10.8.1.1, 2001:db8:8::1) pings a server "sv" whose
# input hook drops the sources in set "block".  Listed sources are dropped,
# others pass; a set in use cannot be deleted; bad elements are refused
# naming the field, changing nothing; "set load" reads plain files and
# ipset save files; and reloads of the blocklist under a stream of packets
# from a listed source never let one of them through.
. "$(dirname "$0")/../lib.sh"

t_plan 44

CL=sn-set-cl SV=sn-set-sv
secnet_load || { fail "secnet.ko loads"; t_done; }
nf_load
netns_add $CL
netns_add $SV
veth_link $CL veth-c 10.8.1.1/24 $SV veth-s 10.8.1.2/24
ip -n $CL addr add 10.8.1.3/24 dev veth-c
ip -n $CL addr add 2001:db8:8::1/64 dev veth-c nodad
ip -n $CL addr add 2001:db8:8::3/64 dev veth-c nodad
ip -n $SV addr add 2001:db8:8::2/64 dev veth-s nodad
trap 'kill $(jobs -p) 2>/dev/null; t_cleanup' EXIT
sv() { secnetctl -n $SV "$@"; }
ping_from() { ip netns exec $CL ping -q -c1 -W1 -I "$1" "$2" >/dev/null 2>&1; }
count_of() { sv -j set list | jq -r ".[] | select(.name == \"$1\") | .count"; }

expect_rc "set add NAME type net" 0 sv set add block type net
expect_rc "set add NAME elem, IPv4 and IPv6 mixed" 0 \
	sv set add block elem 10.8.1.3 2001:db8:8::3/128 192.0.2.0/24
expect_rc "a rule drops the sources in the set, and logs them" 0 \
	sv rule add hook input src @block log action drop
expect_rc "a rule counts what passed from the listed source" 0 \
	sv rule add hook input src 10.8.1.3 action count
run sv -j rule list
expect_eq "the rule lists its set, and log" \
	"$(jqv "$OUT" '[.[0].src_set, .[0].log] | join(" ")')" "block true"
secnetctl -n $SV monitor events >"$T_RUN.mon" 2>&1 &
mon=$!
monitor_ready $mon
ping_from 10.8.1.1 10.8.1.2
expect_eq "an unlisted IPv4 source passes" $? 0
ping_from 10.8.1.3 10.8.1.2
expect_eq "a listed IPv4 source is dropped" $? 1
ping_from 2001:db8:8::1 2001:db8:8::2
expect_eq "an unlisted IPv6 source passes" $? 0
ping_from 2001:db8:8::3 2001:db8:8::2
expect_eq "a listed IPv6 source is dropped" $? 1
# The summaries go out within a second of the first hit.
nap 1.5
kill $mon
slurp mon "$T_RUN.mon"
expect_eq "the log rule told its hits, per listed source" "$(sort <<<"$mon")" \
	"log hook input handle 1 set @block src 10.8.1.3/32 packets 1
log hook input handle 1 set @block src 2001:db8:8::3/128 packets 1"

expect_rc "a set used by a rule is not deleted" 1 sv set del block
expect_eq "... and says why" "$ERR" \
	"Error: name: the set is in use by rules (attribute NF_SET.NAME)."

expect_rc "set add NAME type addr-port" 0 sv set add svc type addr-port
expect_rc "an element of the wrong kind is refused" 1 \
	sv set add svc elem 10.0.0.1,tcp:80 10.0.0.0/8
expect_eq "... naming the element and the field" "$ERR" \
	"Error: elem 2: len: a set of type addr-port holds whole addresses (attribute NF_SET.ELEM.LEN)."
expect_eq "... and the request changes nothing" "$(count_of svc)" 0
expect_rc "an element the set does not hold is not deleted" 1 \
	sv set del block elem 10.8.1.3 198.51.100.0/24
expect_eq "... and the request changes nothing" "$(count_of block)" 3
# What secnetctl never sends: two sets for one end of a rule.
run ip netns exec $SV python3 "$NL" send NF_NEW_RULE NF_RULE.HOOK=u8:2 \
	NF_RULE.ACTION=u8:1 NF_RULE.SRC_SET=str:svc NF_RULE.SRC_SET=str:svc
expect_eq "a rule with two source sets is refused" \
	"$(jqv "$OUT" '[.errno, .msg] | join("|")')" \
	"22|src: a second set for the source"
expect_eq "... and holds no set" \
	"$(sv -j set list | jq -r '.[] | select(.name == "svc") | .refs')" 0

D=$(mktemp -d)
# A plain blocklist, and the same in ipset save's format.
awk 'BEGIN { srand(7); print "# blocklist"; print "; another comment";
	print ""; print "10.8.1.3"; print "2001:db8:8::3";
	for (i = 0; i < 20000; i++)
		printf "%d.%d.%d.0/24\n", 100 + int(rand() * 100),
			int(rand() * 256), int(rand() * 256) }' >"$D/plain"
awk 'BEGIN { print "create block hash:net family inet hashsize 1024 maxelem 65536" }
	/^[0-9a-f]/ { print "add block " $1 }' "$D/plain" >"$D/ipset"
want=$(grep '^[0-9a-f]' "$D/plain" | sort -u | wc -l)
expect_rc "set load of a plain file" 0 sv set load block "$D/plain"
expect_eq "... holds its elements" "$(count_of block)" "$want"
expect_rc "set load of an ipset save file" 0 sv set load block "$D/ipset"
expect_eq "... holds its elements" "$(count_of block)" "$want"
run sv -j set show block
expect_eq "set show lists the elements" \
	"$(jqv "$OUT" '.[0].elems | length')" "$want"
expect_match "... among them the listed source" \
	"$(jqv "$OUT" '.[0].elems[]')" '^10\.8\.1\.3$'
printf '10.8.1.3\n10.8.1.9/24\n' >"$D/bad"
expect_rc "a file with host bits set is refused" 2 sv set load block "$D/bad"
expect_eq "... naming the line" "$ERR" \
	"Error: $D/bad:2: \"10.8.1.9/24\" has host bits set"
expect_eq "... and the set keeps its content" "$(count_of block)" "$want"

# Reloads under traffic: every reload has the listed source; none of its
# packets may pass between the old content and the new.
ip netns exec $CL ping -q -i 0.01 -c 400 -I 10.8.1.3 10.8.1.2 \
	>/dev/null 2>&1 &
for _ in 1 2 3; do
	sv set load block "$D/plain" && sv set load block "$D/ipset" ||
		fail "set load under traffic"
done
wait
run sv -j rule list
expect_eq "no packet of a listed source passed while the set was reloaded" \
	"$(jqv "$OUT" '.[1].packets')" 0
expect_match "... and the drop rule saw them" "$(jqv "$OUT" '.[0].packets')" \
	'^[1-9][0-9]+$'

# A verdict a flow keeps stands no longer than the set it came from:
# conntrack runs (a ct-state rule) and a UDP flow from the unlisted source
# is accepted on the fast path, until the source is added to the set.
expect_rc "the count rule goes (it keeps verdicts off the flows)" 0 \
	sv rule del handle "$(jqv "$OUT" '.[1].handle')"
expect_rc "a rule accepts a UDP service by conntrack state" 0 \
	sv rule add hook input proto udp dport 7007 ct-state new,established action accept
ip netns exec $SV socat UDP-LISTEN:7007,fork,reuseaddr EXEC:cat &
for _ in $(seq 20); do
	ip netns exec $SV ss -Hlun | grep -q ':7007 ' && break
	nap 0.2
done
coproc UDP { ip netns exec $CL socat - UDP:10.8.1.2:7007,bind=10.8.1.1:5555; }
# udp_say LINE [SECS]: prints LINE once it is back, nothing if not within
# SECS (default 2).
udp_say() {
	local got
	echo "$1" >&"${UDP[1]}"
	while read -r -t "${2:-2}" got <&"${UDP[0]}"; do
		[ "$got" = "$1" ] && { echo "$got"; return; }
	done
}
fast() { sv -j status netfilter | jq -r '.[0].counters.fast_path'; }
# The first datagram waits for the server's socat to fork its child: on
# the debug kernel that takes longer than the 2 s the others get.
expect_eq "the unlisted source's UDP flow is answered" "$(udp_say one 15)" one
f0=$(fast)
udp_say two >/dev/null
udp_say three >/dev/null
expect_match "... on a verdict kept on its flow" "$(deltas "$f0" "$(fast)")" \
	'^[1-9][0-9]*$'
expect_rc "the source is added to the set" 0 sv set add block elem 10.8.1.1
expect_eq "the flow's next packet is dropped: the kept verdict is void" \
	"$(udp_say four)" ""
expect_rc "set flush empties the set" 0 sv set flush block
expect_eq "... to no element" "$(count_of block)" 0
ping_from 10.8.1.3 10.8.1.2
expect_eq "... and the source passes" $? 0
expect_rc "rule flush" 0 sv rule flush
expect_rc "a set no rule uses is deleted" 0 sv set del block
expect_eq "... and is gone" "$(count_of block)" ""
rm -rf "$D"
t_done
