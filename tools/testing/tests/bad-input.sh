#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Bad input is refused with a message naming the field, and changes nothing.
# The CLI's own checks first, then requests secnetctl would never send.
. "$(dirname "$0")/../lib.sh"

t_plan 84

secnet_load || { fail "secnet.ko loads"; t_done; }
state() { secnetctl -j status core | jq -r '.[0].state'; }
errors() { secnetctl -j status core | jq -r '.[0].counters.errors'; }

# The CLI: usage errors exit 2 and name the word.
expect_rc "unknown object exits 2" 2 secnetctl frobnicate
expect_match "unknown object is named" "$ERR" '"frobnicate" is unknown'
expect_rc "unknown command exits 2" 2 secnetctl subsys frob
expect_match "unknown command is named" "$ERR" '"frob"'
expect_rc "bad state value exits 2" 2 secnetctl subsys set core state sideways
expect_match "bad state value is named" "$ERR" 'sideways'
expect_rc "missing state exits 2" 2 secnetctl subsys set core
expect_match "missing state is named" "$ERR" 'state'
expect_rc "abbreviations are not guessed" 2 secnetctl stat

# refuse REFUSAL...: sends each request over one socket; each must come
# back with its errno, an extack message, and REGEX in "ATTRIBUTE|MESSAGE".
# The loop spawns nothing: a process costs a debug guest a good part of a
# second.
refuse() {
	local replies fields r what want where got msg attr i=0
	mapfile -t replies < <(printf '%s\n' "$@" | cut -d';' -f4 | python3 "$NL" batch)
	mapfile -t fields < <(printf '%s\n' "${replies[@]}" |
		jq -r '[.errno, .msg // "", .attr // ""] | join(";")')
	for r in "$@"; do
		IFS=';' read -r what want where _ <<<"$r"
		IFS=';' read -r got msg attr <<<"${fields[i]-}"
		if [ "$got" = "$want" ] && [ -n "$msg" ] &&
		   [[ "$attr|$msg" =~ $where ]]; then
			ok "kernel refuses $what (errno $want, \"$msg\", ${attr:-no attribute})"
		else
			fail "kernel refuses $what" "reply: ${replies[i]-none}" \
				"expected errno $want, an extack message, and /$where/ in \"$attr|$msg\""
		fi
		i=$((i + 1))
	done
}

# The kernel: each refusal carries an extack message and the attribute.
# WHAT;ERRNO;REGEX over "ATTRIBUTE|MESSAGE";REQUEST
refusals=(
	"a state out of range;34;SUBSYS\.STATE;SET_SUBSYS SUBSYS.NAME=str:core SUBSYS.STATE=u8:9"
	"a state of the wrong size;22;SUBSYS\.STATE;SET_SUBSYS SUBSYS.NAME=str:core SUBSYS.STATE=u32:2"
	"an unknown attribute in a nest;22;SUBSYS\.99;SET_SUBSYS SUBSYS.NAME=str:core SUBSYS.STATE=u8:2 SUBSYS.99=u32:1"
	"an unknown top-level attribute;22;^99\|;SET_SUBSYS SUBSYS.NAME=str:core SUBSYS.STATE=u8:2 99=u32:1"
	"a top-level attribute that is not a nest;22;^SUBSYS\|;SET_SUBSYS SUBSYS=u32:1"
	"a name that is not NUL-terminated;22;SUBSYS\.NAME;SET_SUBSYS SUBSYS.NAME=bytes:core SUBSYS.STATE=u8:2"
	"a name longer than 15 bytes;22;SUBSYS\.NAME;SET_SUBSYS SUBSYS.NAME=str:abcdefghijklmnopq SUBSYS.STATE=u8:2"
	"an unknown subsystem;19;SUBSYS\.NAME;SET_SUBSYS SUBSYS.NAME=str:nosuch SUBSYS.STATE=u8:2"
	"a missing name;22;SUBSYS\.NAME: required;SET_SUBSYS SUBSYS.STATE=u8:2"
	"a missing state;22;SUBSYS\.STATE: required;SET_SUBSYS SUBSYS.NAME=str:core"
	"a missing SUBSYS nest;22;SUBSYS: required;SET_SUBSYS"
	"a notification-only command;95;notification only;SUBSYS_NTF"
	"an attribute a command does not take;22;^VERSION\|;GET_VERSION VERSION.GENL=u32:1"
)
e0=$(errors)
refuse "${refusals[@]}"

expect_eq "nothing changed: core still up" "$(state)" "up"
e1=$(errors)
# The genetlink core itself refuses the two malformed top-level attributes
# before secnet sees the request; secnet counts the other eleven.
expect_eq "refusals by secnet counted in core's errors counter" "$((e1 - e0))" "11"

# secnetctl shows the kernel's message about the name as the user typed it.
expect_rc "secnetctl: unknown subsystem exits 1" 1 \
	secnetctl subsys set nosuch state down
expect_match "secnetctl prints the extack message, naming the subsystem typed" "$ERR" \
	'^Error: subsys nosuch: no such subsystem'
expect_eq "nothing changed after secnetctl's refusal" "$(state)" "up"

# The firewall's own checks, which secnetctl would catch first: what the
# kernel says of a rule secnetctl never sends.  A rule to drop TCP port 22
# at input, with one thing wrong each time.
# Stock Debian has conntrack and the reject helpers as modules.
modprobe -q -a nf_conntrack nf_reject_ipv4 nf_reject_ipv6 2>/dev/null
expect_rc "secnet_nf.ko loads" 0 insmod "$(ko netfilter/secnet_nf.ko)"
R="NF_NEW_RULE NF_RULE.HOOK=u8:2 NF_RULE.ACTION=u8:2"
nf_refusals=(
	"host bits beyond the prefix;22;NF_RULE\.SRC\|src: host bits;$R NF_RULE.SRC=hex:0a090001 NF_RULE.SRC_LEN=u8:8"
	"an address of 5 bytes;22;NF_RULE\.SRC;$R NF_RULE.SRC=hex:0a09000100 NF_RULE.SRC_LEN=u8:32"
	"an IPv4 prefix of 33 bits;22;NF_RULE\.SRC_LEN;$R NF_RULE.SRC=hex:0a090001 NF_RULE.SRC_LEN=u8:33"
	"a prefix length with no address;22;NF_RULE\.DST_LEN;$R NF_RULE.DST_LEN=u8:24"
	"a reversed port range;22;NF_RULE\.DPORT_HI\|dport: range is reversed;$R NF_RULE.PROTO=u8:6 NF_RULE.DPORT_LO=u16:22 NF_RULE.DPORT_HI=u16:21"
	"TCP flags without proto tcp;22;NF_RULE\.TCP_FLAGS\|tcp-flags: needs proto tcp;$R NF_RULE.PROTO=u8:17 NF_RULE.TCP_FLAGS=u8:2 NF_RULE.TCP_FLAGS_MASK=u8:2"
	"TCP flags outside their mask;22;NF_RULE\.TCP_FLAGS\|tcp-flags: flags outside;$R NF_RULE.PROTO=u8:6 NF_RULE.TCP_FLAGS=u8:3 NF_RULE.TCP_FLAGS_MASK=u8:2"
	"an input device at output;22;NF_RULE\.IIF\|iif: no input device;NF_NEW_RULE NF_RULE.HOOK=u8:4 NF_RULE.ACTION=u8:2 NF_RULE.IIF=str:lo"
	"an ingress rule with no device;22;^\|iif: required;NF_NEW_RULE NF_RULE.HOOK=u8:6 NF_RULE.ACTION=u8:2"
	"a hook out of range;34;NF_RULE\.HOOK;NF_NEW_RULE NF_RULE.HOOK=u8:7 NF_RULE.ACTION=u8:2"
	"an action out of range;34;NF_RULE\.ACTION;NF_NEW_RULE NF_RULE.HOOK=u8:2 NF_RULE.ACTION=u8:6"
	"a conntrack state outside the known bits;22;NF_RULE\.CT_STATE;$R NF_RULE.CT_STATE=u32:32"
	"an empty conntrack state;22;NF_RULE\.CT_STATE\|ct-state: no state;$R NF_RULE.CT_STATE=u32:0"
	"no hook;22;^\|hook: required;NF_NEW_RULE NF_RULE.ACTION=u8:2"
	"no action;22;^\|action: required;NF_NEW_RULE NF_RULE.HOOK=u8:2"
	"both before and after;22;NF_RULE\.(BEFORE|AFTER);$R NF_RULE.BEFORE=u32:1 NF_RULE.AFTER=u32:1"
	"before a handle that does not exist;2;NF_RULE\.BEFORE\|before: no rule;$R NF_RULE.BEFORE=u32:77"
	"a handle of 0;34;NF_RULE\.HANDLE;$R NF_RULE.HANDLE=u32:0"
	"an unknown attribute in the rule;22;NF_RULE\.99;$R NF_RULE.99=u32:1"
	"deleting a rule that does not exist;2;NF_RULE\.HANDLE;NF_DEL_RULE NF_RULE.HANDLE=u32:77"
	"a policy other than accept or drop;34;NF_HOOK\.POLICY;NF_SET_HOOK NF_HOOK.HOOK=u8:2 NF_HOOK.POLICY=u8:3"
	"a policy with no hook;22;^\|hook: required;NF_SET_HOOK NF_HOOK.POLICY=u8:2"
)
refuse "${nf_refusals[@]}"
expect_eq "nothing changed: no rules" "$(secnetctl -j rule list | jq length)" 0
expect_eq "nothing changed: every policy accepts" \
	"$(secnetctl -j hook show | jq -r '[.[].policy] | unique | join(",")')" "accept"

# The MACsec engine's fault injection, on a secnet device with no SecY.
modprobe macsec && insmod "$(ko macsec/secnet_macsec.ko)" &&
	ip link add sn0 type secnet || fail "secnet_macsec loads, with a pair"
IDX=$(cat /sys/class/net/sn0/ifindex)
F="MACSEC_SET_FAULT MACSEC_FAULT.IFINDEX=u32:$IDX"
refuse \
	"pn-left 0;34;MACSEC_FAULT\.PN_LEFT;$F MACSEC_FAULT.PN_LEFT=u32:0" \
	"an AN of 4;34;MACSEC_FAULT\.AN;$F MACSEC_FAULT.PN_LEFT=u32:1 MACSEC_FAULT.AN=u8:4" \
	"an AN without pn-left;22;MACSEC_FAULT\.AN\|macsec-dev, an: only with pn-left;$F MACSEC_FAULT.AN=u8:1" \
	"pn-left with no SA to move;2;MACSEC_FAULT\.PN_LEFT\|pn-left: no offloaded TX SA;$F MACSEC_FAULT.PN_LEFT=u32:1 MACSEC_FAULT.CORRUPT_ICV=u32:5" \
	"a fault request with no fault;22;^\|no fault given;$F" \
	"a count above INT32_MAX;34;MACSEC_FAULT\.CORRUPT_ICV;$F MACSEC_FAULT.CORRUPT_ICV=u32:2147483648" \
	"a fault request with no device;22;^\|dev: required;MACSEC_SET_FAULT MACSEC_FAULT.CORRUPT_ICV=u32:1" \
	"faults on a device that is not secnet's;19;MACSEC_FAULT\.IFINDEX\|dev: no secnet device;MACSEC_SET_FAULT MACSEC_FAULT.IFINDEX=u32:1 MACSEC_FAULT.CORRUPT_ICV=u32:1" \
	"SecYs of a device that is not secnet's (a dump: 6.1 gives no offset);19;^\|dev: no secnet device;MACSEC_GET_SECY MACSEC_SECY.IFINDEX=u32:1 --dump"
expect_eq "nothing changed: no fault pending (a refused pn-left sets no count)" \
	"$(secnetctl -j macsec fault show dev sn0 | jq -c '.[0] | [.refuse_add, .corrupt_icv]')" "[0,0]"

# The kTLS engine's commands, on the same device, with no connection.
modprobe tls && insmod "$(ko ktls/secnet_ktls.ko)" || fail "secnet_ktls loads"
secnetctl ktls fault set dev sn0 refuse-add 7
K="KTLS_SET_FAULT KTLS_FAULT.IFINDEX=u32:$IDX"
C="KTLS_GET_CONN"
refuse \
	"a kTLS count above INT32_MAX;34;KTLS_FAULT\.DESYNC;$K KTLS_FAULT.DESYNC=u32:2147483648" \
	"a kTLS count of the wrong size;22;KTLS_FAULT\.REFUSE_ADD;$K KTLS_FAULT.REFUSE_ADD=u64:1" \
	"a kTLS device name in a request (replies only);22;KTLS_FAULT\.IFNAME;$K KTLS_FAULT.IFNAME=str:sn0 KTLS_FAULT.DESYNC=u32:1" \
	"an unknown attribute in a kTLS fault request;22;KTLS_FAULT\.99;$K KTLS_FAULT.DESYNC=u32:1 KTLS_FAULT.99=u32:1" \
	"a kTLS fault request with no fault;22;^\|no fault count given \(refuse-add or desync\);$K" \
	"a kTLS fault request with no device;22;^\|dev: required;KTLS_SET_FAULT KTLS_FAULT.DESYNC=u32:1" \
	"a kTLS fault request for device 0;34;KTLS_FAULT\.IFINDEX;KTLS_SET_FAULT KTLS_FAULT.IFINDEX=u32:0 KTLS_FAULT.DESYNC=u32:1" \
	"kTLS faults on a device that is not secnet's;19;KTLS_FAULT\.IFINDEX\|dev: no secnet device;KTLS_SET_FAULT KTLS_FAULT.IFINDEX=u32:1 KTLS_FAULT.DESYNC=u32:1" \
	"kTLS faults on a device that does not exist;19;KTLS_FAULT\.IFINDEX\|dev: no secnet device;KTLS_SET_FAULT KTLS_FAULT.IFINDEX=u32:99999 KTLS_FAULT.DESYNC=u32:1" \
	"the kTLS faults of a device not given;22;^\|dev: required;KTLS_GET_FAULT KTLS_FAULT.REFUSE_ADD=u32:1" \
	"the kTLS faults of a device that is not secnet's;19;KTLS_FAULT\.IFINDEX\|dev: no secnet device;KTLS_GET_FAULT KTLS_FAULT.IFINDEX=u32:1" \
	"the kTLS connections of a device that is not secnet's (a dump: 6.1 gives no offset);19;^\|dev: no secnet device;$C KTLS_CONN.IFINDEX=u32:1 --dump" \
	"the kTLS connections of a device that does not exist;19;^\|dev: no secnet device;$C KTLS_CONN.IFINDEX=u32:99999 --dump" \
	"the kTLS connections of device 0;34;out of range;$C KTLS_CONN.IFINDEX=u32:0 --dump" \
	"a kTLS device index of the wrong size;22;.;$C KTLS_CONN.IFINDEX=u16:$IDX --dump" \
	"a kTLS connection filter other than the device;22;.;$C KTLS_CONN.DPORT=u16:443 --dump" \
	"a kTLS fault nest in a connection dump;22;.;$C KTLS_FAULT.IFINDEX=u32:$IDX --dump"
expect_eq "nothing changed: the kTLS faults as they were" \
	"$(secnetctl -j ktls fault show dev sn0 | jq -c '.[0] | [.refuse_add, .desync]')" "[7,0]"
expect_rc "secnetctl: kTLS faults on a device that is not secnet's exit 1" 1 \
	secnetctl ktls fault set dev lo desync 1
expect_match "secnetctl names the device typed" "$ERR" '^Error: dev lo: no secnet device with this index'
expect_rc "secnetctl: the kTLS connections of lo exit 1" 1 secnetctl ktls show dev lo
expect_match "...naming lo" "$ERR" '^Error: dev lo: no secnet device with this index'

t_done
