#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The "secnet" link type: a pair of Ethernet devices, across namespaces.
# Each process start costs ~0.3 s under KASAN and emulation, and this test
# makes hundreds (about 3 min in the debug guest): it runs in the stock
# guest only.  The debug guest drives the pair through the other tests.
# kernels: stock
. "$(dirname "$0")/../lib.sh"

t_plan 44

NS=sn-dev-a
A4=10.99.0.1 B4=10.99.0.2 A6=fd00:99::1 B6=fd00:99::2
inns() { ip netns exec "$NS" "$@"; }
ping() { busybox ping "$@"; }
# link FIELD DEV [ip options]: one field of "ip -j -s -d link show DEV".
link() {
	local field=$1 dev=$2
	shift 2
	ip "$@" -j -s -d link show "$dev" 2>/dev/null | jq -r ".[0]$field"
}
present() { ip "${@:2}" link show "$1" >/dev/null 2>&1 && echo yes || echo no; }

# newlink NAME PEER PEER_NETNS: RTM_NEWLINK with the peer in VETH_INFO_PEER,
# as iproute2 sends it for veth (its "peer" keyword is veth's alone), the
# peer asked to come up.
newlink() {
	python3 - "$@" <<'EOF'
import os, socket, struct, sys
name, peer, ns = sys.argv[1:]
def nla(t, p):
    return struct.pack("HH", 4 + len(p), t) + p + b"\0" * (-len(p) % 4)
ifi = struct.pack("BxHiII", 0, 0, 0, 0, 0)
fd = os.open("/run/netns/" + ns, os.O_RDONLY)
up = struct.pack("BxHiII", 0, 0, 0, 1, 1)
peer_attrs = up + nla(3, peer.encode() + b"\0") + nla(28, struct.pack("i", fd))
info = nla(1, b"secnet\0") + nla(2 | 0x8000, nla(1, peer_attrs))
body = ifi + nla(3, name.encode() + b"\0") + nla(18 | 0x8000, info)
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
s.send(struct.pack("IHHII", 16 + len(body), 16, 0x1 | 0x4 | 0x200 | 0x400, 1, 0) + body)
err = struct.unpack_from("i", s.recv(4096), 16)[0]
sys.exit(-err)
EOF
}

kmsg_mark
expect_rc "ip link add sn0 type secnet loads secnet" 0 ip link add sn0 type secnet
grep -q '^secnet ' /proc/modules || { fail "secnet.ko is loaded"; t_done; }
expect_eq "the peer is named sn1" "$(present sn1)" "yes"
expect_eq "the kind is secnet" "$(link .linkinfo.info_kind sn0)" "secnet"
expect_eq "sn0's link is sn1" "$(link .link sn0)" "sn1"
expect_match "the MAC is random and unicast" "$(link .address sn0)" \
	'^[0-9a-f][26ae](:[0-9a-f]{2}){5}$'
expect_eq "MTU range as veth" "$(link .min_mtu sn0) $(link .max_mtu sn0)" \
	"68 65535"

netns_add "$NS"
expect_rc "sn1 moves to another netns" 0 ip link set sn1 netns "$NS"
expect_eq "sn1 is gone from here" "$(present sn1)" "no"
# Quiet links: nothing but the test's own packets on the wire.
sysctl -qw net.ipv6.conf.sn0.router_solicitations=0
inns sysctl -qw net.ipv6.conf.sn1.router_solicitations=0
ip link set sn0 up
expect_match "no carrier while the peer is down" "$(link .flags sn0)" \
	'NO-CARRIER'
ip addr add $A4/24 dev sn0
ip addr add $A6/64 dev sn0 nodad
inns ip addr add $B4/24 dev sn1
inns ip addr add $B6/64 dev sn1 nodad
inns ip link set sn1 up
inns ip link set lo up
expect_no_match "carrier once both are up" "$(link .flags sn0)" 'NO-CARRIER'
expect_no_match "carrier on the peer too" "$(link .flags sn1 -n $NS)" \
	'NO-CARRIER'
expect_match "the peer's netns is shown" "$(link .link_netnsid sn0)" '^[0-9]+$'

expect_rc "ping IPv4 to the peer" 0 ping -c 1 -W 5 $B4
expect_rc "ping IPv4 from the peer" 0 inns busybox ping -c 1 -W 5 $A4
expect_rc "ping IPv6 to the peer" 0 ping -c 1 -W 5 $B6
expect_rc "ping IPv6 from the peer" 0 inns busybox ping -c 1 -W 5 $A6

tmp=$(mktemp -d)
head -c $((1 << 20)) /dev/urandom >"$tmp/in"
inns socat -u TCP-LISTEN:5001,reuseaddr OPEN:"$tmp/out",creat,trunc &
srv=$!
expect_rc "1 MB over TCP" 0 \
	socat -u OPEN:"$tmp/in" TCP:$B4:5001,retry=50,interval=0.1
wait $srv
expect_eq "the sha256 matches at both ends" \
	"$(sha256sum <"$tmp/out")" "$(sha256sum <"$tmp/in")"

# Permanent neighbours: no ARP or ND packets besides the pings.
ip neigh replace $B4 lladdr "$(link .address sn1 -n $NS)" dev sn0 nud permanent
inns ip neigh replace $A4 lladdr "$(link .address sn0)" dev sn1 nud permanent
ip neigh replace $B6 lladdr "$(link .address sn1 -n $NS)" dev sn0 nud permanent
inns ip neigh replace $A6 lladdr "$(link .address sn0)" dev sn1 nud permanent
# counts: packets sent and received by sn0, packets and bytes received by
# sn1.
counts() {
	echo "$(link .stats64.tx.packets sn0) $(link .stats64.rx.packets sn0)" \
		"$(link .stats64.rx.packets sn1 -n $NS)" \
		"$(link .stats64.rx.bytes sn1 -n $NS)"
}
# Ten pings make ten packets each way.  A stray packet between the reads
# (IPv6 keeps some traffic of its own) spoils a try, so up to three.
for _ in 1 2 3; do
	read -r tx0 rx0 prx0 pbytes0 < <(counts)
	ping -q -c 10 -A -s 100 $B4 >/dev/null
	read -r tx1 rx1 prx1 pbytes1 < <(counts)
	[ "$((tx1 - tx0)) $((rx1 - rx0)) $((prx1 - prx0)) $((pbytes1 - pbytes0))" = \
		"10 10 10 1420" ] && break
done
expect_eq "sn0 counts 10 packets sent" "$((tx1 - tx0))" 10
expect_eq "sn0 counts 10 packets received" "$((rx1 - rx0))" 10
expect_eq "sn1 counts 10 packets received" "$((prx1 - prx0))" 10
# 100 bytes of data, 8 ICMP, 20 IPv4, 14 Ethernet.
expect_eq "sn1 counts their bytes" "$((pbytes1 - pbytes0))" 1420

expect_rc "MTU 9000" 0 ip link set sn0 mtu 9000
expect_rc "MTU 9000 on the peer" 0 inns ip link set sn1 mtu 9000
expect_rc "MTU 67 is refused" 2 ip link set sn0 mtu 67
expect_rc "MTU 65536 is refused" 2 ip link set sn0 mtu 65536
expect_rc "a 8000-byte ping fits" 0 ping -c 1 -W 5 -s 8000 $B4
inns ip link set sn1 mtu 1500
drop0=$(link .stats64.tx.dropped sn0)
expect_rc "but not into a peer with MTU 1500" 1 \
	ping -c 1 -W 2 -s 8000 $B4
expect_eq "sn0 counts the drop" \
	"$(($(link .stats64.tx.dropped sn0) - drop0))" 1

inns ip link set sn1 down
expect_match "the peer down takes the carrier" "$(link .flags sn0)" \
	'NO-CARRIER'
inns ip link set sn1 up
expect_no_match "the peer up gives it back" "$(link .flags sn0)" 'NO-CARRIER'

expect_rc "ip link del sn0" 0 ip link del sn0
expect_eq "sn1 went with it" "$(present sn1 -n $NS)" "no"

expect_rc "a pair with the peer in VETH_INFO_PEER" 0 newlink sn0 sn1 "$NS"
expect_eq "its peer is in the netns" "$(present sn1 -n $NS)" "yes"
expect_match "and up as asked" "$(link .flags sn1 -n $NS)" '"UP"'
expect_rc "deleting the peer" 0 inns ip link del sn1
expect_eq "deletes sn0" "$(present sn0)" "no"

ip link add sn0 type secnet
ip link set sn1 netns "$NS"
expect_rc "rmmod secnet with a pair present" 0 rmmod secnet
expect_eq "sn0 is gone" "$(present sn0)" "no"
expect_eq "sn1 is gone" "$(present sn1 -n $NS)" "no"

secnet_load
ip link add sn0 type secnet
ip link set sn1 netns "$NS"
expect_rc "deleting the peer's netns" 0 ip netns del "$NS"
expect_eq "deletes sn0" "$(present sn0)" "no"

expect_no_match "the kernel log has no secnet error" \
	"$(kmsg_since_mark | grep -iE 'secnet|sn[01]' |
		grep -v 'taints kernel\|verification failed')" \
	'error|fail|leak|BUG|WARN'
rm -rf "$tmp"
t_done
