#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# late: debug
# Connection labels and marks in firewall rules: two namespaces over a veth
# pair, "cl" (10.9.5.1) and "sv" (10.9.5.2), rules at the server.  A rule
# that accepts a flow sets a connlabel and the mark, which conntrack(8) and
# nftables' "ct label" and "ct mark" see; rules match them, with a mask;
# label names come from the connlabel map (the default file, or the one
# SECNET_CONNLABELS names); bad input is refused naming the field, and
# changes nothing; the room for labels goes with the last rule that wants
# it, and with the module.
. "$(dirname "$0")/../lib.sh"

t_plan 49

CL=sn-ctl-cl SV=sn-ctl-sv
MAP=/etc/xtables/connlabel.conf NFTMAP=/etc/connlabel.conf
secnet_load || { fail "secnet.ko loads"; t_done; }
nf_load nf_conntrack_netlink nf_tables nft_ct
netns_add $CL
netns_add $SV
veth_link $CL veth-cl 10.9.5.1/24 $SV veth-sv 10.9.5.2/24
sv() { secnetctl -n $SV "$@"; }

# The label maps: conntrack and secnetctl read $MAP, nft $NFTMAP; "seen"
# (bit 70, in the labels' second word) only in the file SECNET_CONNLABELS
# names.  The guest's root is a scratch overlay, restored all the same.
mkdir -p "${MAP%/*}"
for f in $MAP $NFTMAP; do
	[ ! -e "$f" ] || mv "$f" "$f.sn-ctl"
	printf '# secnet test labels\n3 web\n' >"$f"
done
printf '3 web\n70 seen\n' >"$T_RUN.map"
restore_maps() {
	local f
	for f in $MAP $NFTMAP; do
		rm -f "$f"
		[ ! -e "$f.sn-ctl" ] || mv "$f.sn-ctl" "$f"
	done
}

# The traffic, from one python process: UDP and TCP echo servers in sv, and
# clients in cl, one UDP socket per port, kept, so that each port is one
# connection for conntrack.  "udp PORT" says "got" or "none" (1.5 s).
FLOW_PY='
import select, socket, sys
from netns import enter
cl, sv = sys.argv[1:]
enter(sv)
servers = {}
for port in (7003, 7004, 7005, 7006):
    s = servers[port] = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("10.9.5.2", port))
listener = socket.socket()
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("10.9.5.2", 7001))
listener.listen(4)
enter(cl)
clients = {}
def udp(port):
    c = clients.get(port)
    if not c:
        c = clients[port] = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        c.connect(("10.9.5.2", port))
    c.send(b"hi")
    s = servers[port]
    if select.select([s], [], [], 1.5)[0]:
        data, peer = s.recvfrom(64)
        s.sendto(data, peer)
    c.settimeout(1.5)
    try:
        return "got" if c.recv(64) == b"hi" else "bad"
    except OSError:
        return "none"
def tcp(port):
    c = socket.create_connection(("10.9.5.2", port), timeout=3)
    a, _ = listener.accept()
    c.sendall(b"hi")
    a.sendall(a.recv(64))
    got = c.recv(64)
    c.close()
    a.close()
    return "got" if got == b"hi" else "bad"
print("ready", flush=True)
for line in sys.stdin:
    what, port = line.split()
    try:
        print((udp if what == "udp" else tcp)(int(port)), flush=True)
    except OSError as e:
        print("error", e, flush=True)
'
coproc FLOW { python3 -c "$FLOW_PY" $CL $SV 2>&1; }
trap 'kill $FLOW_PID 2>/dev/null; restore_maps; t_cleanup' EXIT
read -r -t 30 ready <&"${FLOW[0]}"
expect_eq "the traffic helper is up" "$ready" ready
flow() { coproc_ask FLOW 10 "$@"; }
packets() { sv -j rule list | jq -r ".[] | select(.handle == $1) | .packets"; }
# ct_list PROTO PORT: conntrack's entry of the flow to PORT, with its labels.
ct_list() { ip netns exec $SV conntrack -L -o labels -p "$1" --dport "$2" 2>/dev/null; }
# nft_count N: the packets the Nth counter of table inet snct counted.
nft_count() {
	ip netns exec $SV nft list table inet snct |
		sed -n 's/.* counter packets \([0-9]*\) .*/\1/p' | sed -n "${1}p"
}

# --- a rule sets the label and the mark of the flow it accepts --------------
expect_rc "a rule that sets a label by name, and a mark" 0 \
	sv rule add hook input handle 1 proto tcp dport 7001 set-label web set-mark 0x2a action accept
run sv rule list
expect_match "the rule lists with the label's name" "$OUT" \
	'^hook input handle 1 proto tcp dport 7001 set-label web set-mark 0x2a action accept '
expect_eq "JSON gives the name and the bit" \
	"$(sv -j rule list | jq -c '.[0] | [.set_label, .set_label_bit, .set_mark]')" '["web",3,42]'
# After secnet's hook (priority 0), nftables counts what carries them.
ip netns exec $SV nft -f - <<'EOF'
table inet snct {
	chain in {
		type filter hook input priority 10;
		ct label web counter
		ct mark 0x2a counter
	}
}
EOF
expect_eq "TCP passes the rule" "$(flow tcp 7001)" got
nap 0.2
run ct_list tcp 7001
expect_match "conntrack shows the flow's mark" "$OUT" 'dport=7001 .*mark=42 '
expect_match "and its label by name" "$OUT" 'dport=7001 .*labels=([^ ]*,)?web'
rule_pkts=$(packets 1)
expect_match "the rule counted the flow" "$rule_pkts" '^[1-9][0-9]*$'
expect_eq "nft's ct label match counted every packet of it" "$(nft_count 1)" "$rule_pkts"
expect_eq "and its ct mark match" "$(nft_count 2)" "$rule_pkts"
ip netns exec $SV nft delete table inet snct

# --- rules match the mark (with a mask) and the label; ruleset files take the
# keywords, with the names of the map SECNET_CONNLABELS names --------------
cat >"$T_RUN.rules" <<'EOF'
rule hook input handle 2 proto udp dport 7003 ct-mark 0x7/0xf action drop
rule hook input handle 3 proto udp dport 7003 ct-label seen action accept
rule hook input handle 4 proto udp dport 7003 set-label seen set-mark 0x17 action accept
EOF
run sv ruleset load "$T_RUN.rules"
expect_match "a label only the default map lacks is refused" "$ERR" \
	"^Error: $T_RUN.rules:2: argument \"seen\" is wrong: ct-label must be a label named in $MAP or a number"
expect_rc "which SECNET_CONNLABELS's map names" 0 \
	env SECNET_CONNLABELS="$T_RUN.map" "$SECNETCTL" -n $SV ruleset load "$T_RUN.rules"
expect_eq "the first datagram is accepted, and marked" "$(flow udp 7003)" got
expect_eq "the second, whose mark matches 0x7/0xf, is dropped" "$(flow udp 7003)" none
expect_eq "by the mark rule, the set rule took the first" \
	"$(packets 2) $(packets 3) $(packets 4)" "1 0 1"
expect_rc "the mark rule goes" 0 sv rule del handle 2
expect_eq "the third datagram is accepted" "$(flow udp 7003)" got
expect_eq "by the label rule" "$(packets 3) $(packets 4)" "1 1"
run ct_list udp 7003
expect_match "conntrack shows the mark set" "$OUT" 'dport=7003 .*mark=23 '
run sv ruleset show
expect_match "without the map, the label is listed by its bit" "$OUT" \
	'^rule hook input handle 3 proto udp dport 7003 ct-label 70 action accept$'
printf '%s\n' "$OUT" >"$T_RUN.shown"
expect_rc "which loads back" 0 sv ruleset load "$T_RUN.shown"

# --- bad input is refused, naming the field, and changes nothing -------------
run sv ruleset show
shown=$OUT
run sv rule add hook input ct-label 128 action accept
expect_eq "label 128 is a usage error" "$RC" 2
expect_match "naming ct-label" "$ERR" '^Error: argument "128" is wrong: ct-label must be'
run sv rule add hook input set-label nosuch action accept
expect_match "an unknown name is refused, naming set-label" "$ERR" \
	'^Error: argument "nosuch" is wrong: set-label must be a label named in'
run sv rule add hook ingress iif veth-sv ct-mark 1 action drop
expect_eq "the kernel refuses a mark match at ingress" "$ERR" \
	"Error: ct-mark 0x1: conntrack has not seen packets at ingress."
run sv rule add hook ingress iif veth-sv set-label web action accept
expect_eq "and a label set at ingress" "$ERR" \
	"Error: set-label web: conntrack has not seen packets at ingress."
run sv rule add hook input set-label web action drop
expect_eq "a label set by a rule that drops" "$ERR" \
	"Error: set-label web: needs action accept or continue."
run sv rule add hook input ct-mark 0x11/0x10 action accept
expect_eq "a mark with bits outside its mask" "$ERR" \
	"Error: ct-mark 0x11/0x10: mark bits outside the mask."
printf 'rule hook input proto udp action accept\nrule hook input set-mark 1 action count\n' >"$T_RUN.bad"
run sv ruleset load "$T_RUN.bad"
expect_eq "a mark set by a counting rule, in a file" "$ERR" \
	"Error: $T_RUN.bad:2: set-mark 0x1: needs action accept or continue."
# What secnetctl never sends: a bit past 127, a mask alone.
mapfile -t raw < <(ip netns exec $SV python3 "$NL" batch <<'EOF' |
NF_NEW_RULE NF_RULE.HOOK=u8:2 NF_RULE.ACTION=u8:1 NF_RULE.CT_LABEL=u8:128
NF_NEW_RULE NF_RULE.HOOK=u8:2 NF_RULE.ACTION=u8:1 NF_RULE.SET_LABEL=u8:200
NF_NEW_RULE NF_RULE.HOOK=u8:2 NF_RULE.ACTION=u8:1 NF_RULE.CT_MARK_MASK=u32:1
EOF
	jq -r '[.errno, .msg, .attr] | join("|")')
expect_eq "the kernel refuses label 128" "${raw[0]}" \
	"22|ct-label: not a connlabel bit (0 to 127)|NF_RULE.CT_LABEL"
expect_eq "and set-label 200" "${raw[1]}" \
	"22|set-label: not a connlabel bit (0 to 127)|NF_RULE.SET_LABEL"
expect_eq "and a mask without a mark" "${raw[2]}" \
	"22|ct-mark: a mask without a mark|NF_RULE.CT_MARK_MASK"
run sv ruleset show
expect_eq "the ruleset is as it was" "$OUT" "$shown"

# --- room for labels goes with the last rule that wants it: a connection
# begun after has none, so a label is not set on it, and the mark is ---------
printf 'rule hook input handle 5 ct-state invalid action drop\n' >"$T_RUN.ct"
expect_rc "a ruleset with conntrack and no label" 0 sv ruleset load "$T_RUN.ct"
expect_eq "a flow begins" "$(flow udp 7004)" got
expect_rc "a rule sets a label and a mark on it" 0 \
	sv rule add hook input handle 6 proto udp dport 7004 set-label web set-mark 0x5 action accept
expect_eq "its next datagram passes the rule" "$(flow udp 7004) $(packets 6)" "got 1"
run ct_list udp 7004
expect_match "the flow got the mark" "$OUT" 'dport=7004 .*mark=5 '
expect_no_match "and no label: it began without room for one" "$OUT" 'dport=7004 .*labels='

# --- and with the module, rules and all ---------------------------------------
expect_rc "a label rule again" 0 \
	sv rule add hook input handle 7 proto udp dport 7005 set-label web action accept
expect_rc "secnet_nf unloads with it" 0 rmmod secnet_nf
expect_rc "and loads again" 0 insmod "$(ko netfilter/secnet_nf.ko)"
expect_rc "a ruleset with conntrack and no label, again" 0 sv ruleset load "$T_RUN.ct"
expect_eq "a flow begins after the unload" "$(flow udp 7006)" got
expect_rc "a rule sets a label and a mark on it" 0 \
	sv rule add hook input handle 8 proto udp dport 7006 set-label web set-mark 0x6 action accept
expect_eq "its next datagram passes the rule" "$(flow udp 7006) $(packets 8)" "got 1"
run ct_list udp 7006
expect_match "the flow got the mark" "$OUT" 'dport=7006 .*mark=6 '
expect_no_match "and no label: the unload left no room for one behind" "$OUT" 'dport=7006 .*labels='

t_done
