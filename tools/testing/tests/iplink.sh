#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# "ip link add ... type secnet peer ...": iproute2 with tools/iproute2's
# link_secnet.so, as built by tools/testing/build.
. "$(dirname "$0")/../lib.sh"

t_plan 26

export IP_LIB_DIR=$SECNET_MODDIR/tools/iproute2
if [ ! -f "$IP_LIB_DIR/link_secnet.so" ]; then
	fail "the ip plugin is built" "no $IP_LIB_DIR/link_secnet.so"
	t_done
fi

NS=sn-iplink
# link FIELDS DEV [ip options]: fields of "ip -j -d link show DEV", one line.
link() {
	local fields=$1 dev=$2
	shift 2
	ip "$@" -j -d link show "$dev" 2>/dev/null |
		jq -r ".[0] | [$fields] | map(tostring) | join(\" \")"
}
present() { ip "${@:2}" link show "$1" >/dev/null 2>&1 && echo yes || echo no; }
# The devices here, without starting a process (each costs in the guest).
names() { echo /sys/class/net/*; }

# bad NAME REGEX ARGS...: "ip link add ARGS" fails, saying REGEX on stderr,
# and leaves no device behind.
bad() {
	local name=$1 re=$2 before
	shift 2
	before=$(names)
	run ip link add "$@"
	if [ "$RC" -ne 0 ] && [[ $ERR =~ $re ]] && [ "$(names)" = "$before" ]; then
		ok "$name"
	else
		fail "$name" "command: ip link add $*" "exit status $RC" \
			"stderr: $ERR" "expected on stderr: $re" \
			"devices before: $before" "devices after: $(names)"
	fi
}

expect_rc "ip link add sn0 type secnet peer name sn1" 0 \
	ip link add sn0 type secnet peer name sn1
expect_eq "makes the pair sn0, sn1" "$(link .link,.linkinfo.info_kind sn0) $(link .link sn1)" \
	"sn1 secnet sn0"
ip link del sn0

# A name the kernel would not have picked: only the request can carry it.
expect_rc "peer name right" 0 ip link add left type secnet peer name right
expect_eq "left's peer is right" "$(link .link,.linkinfo.info_kind left)" \
	"right secnet"
ip link del left

netns_add "$NS"
expect_rc "peer name far netns $NS" 0 \
	ip link add sn0 type secnet peer name far netns "$NS"
expect_eq "far is in $NS, sn0 here" \
	"$(present far -n "$NS") $(present far) $(present sn0)" "yes no yes"
expect_match "sn0 shows its peer's netns" "$(link .link_netnsid sn0)" '^[0-9]+$'
ip link del sn0
expect_eq "deleting sn0 takes far with it" "$(present far -n "$NS")" "no"

expect_rc "peer address, mtu, txqueuelen, index, up" 0 \
	ip link add sn0 type secnet peer name sn1 address 02:53:4e:00:00:01 \
	mtu 9000 txqueuelen 77 index 4242 up
expect_eq "the peer has them" \
	"$(link .address,.mtu,.txqlen,.ifindex,'any(.flags[]; . == "UP")' sn1)" \
	"02:53:4e:00:00:01 9000 77 4242 true"
expect_eq "sn0 does not" \
	"$(link '.address == "02:53:4e:00:00:01"',.mtu,.ifindex==4242,'any(.flags[]; . == "UP")' sn0)" \
	"false 1500 false false"
ip link del sn0

# Options before "type" are sn0's, those after "peer" the peer's.
expect_rc "options for both ends" 0 \
	ip link add sn0 mtu 2000 address 02:53:4e:00:00:02 up type secnet \
	peer name sn1 mtu 3000
expect_eq "sn0's" "$(link .mtu,.address,'any(.flags[]; . == "UP")' sn0)" \
	"2000 02:53:4e:00:00:02 true"
expect_eq "sn1's" "$(link .mtu,'.address == "02:53:4e:00:00:02"','any(.flags[]; . == "UP")' sn1)" \
	"3000 false false"
ip link del sn0

expect_rc "ip link add type secnet, no options" 0 ip link add type secnet
expect_eq "makes a pair the kernel names" "$(link .link sn0)" "sn1"
ip link del sn0

expect_rc "ip link help secnet" 0 ip link help secnet
expect_match "shows the peer keyword" "$OUT" 'peer \[ \[ name \] PEER \]'

bad "peer with nothing after it" '"peer" needs' sn0 type secnet peer
bad "an unknown option" 'unknown option "bogus"' sn0 type secnet bogus
bad "a type for the peer" '"type" is not a peer option' \
	sn0 type secnet peer name sn1 type veth
bad "a second name for the peer" 'both "name" and "dev"' \
	sn0 type secnet peer name sn1 bogus
bad "a netns that does not exist" 'Invalid "netns" value' \
	sn0 type secnet peer name sn1 netns sn-no-such-netns
bad "a multicast peer address" 'unicast' \
	sn0 type secnet peer name sn1 address 03:00:00:00:00:01
bad "a peer MTU below 68" 'MTU must be 68' sn0 type secnet peer name sn1 mtu 67
bad "a peer name in use" 'exists' sn0 type secnet peer name lo

t_done
