#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The firewall's events and tracepoints.  Rule changes in namespace "sv"
# reach its monitors (JSON and text) in order, each with the rule, hook or
# count it changed and the process that asked; a monitor in namespace "cl"
# sees none of them; requests that fail send nothing.  Then perf, in one
# run, counts secnet:secnet_nf_drop and secnet:secnet_nf_verdict, by their
# fields, for what a DROP rule, a REJECT rule, an ACCEPT rule and a DROP
# policy do to packets from "cl".
. "$(dirname "$0")/../lib.sh"

t_plan 16

CL=sn-nfe-cl SV=sn-nfe-sv
secnet_load || { fail "secnet.ko loads"; t_done; }
nf_load
netns_add $CL
netns_add $SV
veth_link $CL veth-cl 10.9.0.1/24 $SV veth-sv 10.9.0.2/24

tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$tmp"; t_cleanup' EXIT

# req CMD...: runs a request in the background and waits for it, so that
# its pid is known: the one the event must name.
pids=()
req() {
	"$@" &
	pids+=($!)
	wait $!
}

# --- events, in order, from the process that asked ---------------------------
secnetctl -n $SV -j monitor count 5 >"$tmp/sv.json" 2>&1 &
m_json=$!
secnetctl -n $SV monitor count 5 >"$tmp/sv.text" 2>&1 &
m_text=$!
secnetctl -n $CL -j monitor count 1 >"$tmp/cl.json" 2>&1 &
m_cl=$!
monitor_ready $m_json && monitor_ready $m_text && monitor_ready $m_cl
expect_eq "the monitors are listening" "$?" 0

cat >"$tmp/rules" <<'EOF'
policy input drop
rule hook input handle 10 family ipv6 action accept
rule hook input handle 11 proto icmp action drop
rule hook input handle 12 proto tcp dport 7001 action reject
rule hook input handle 13 proto udp dport 10 action accept
EOF
printf 'rule hook input handle 5 action drop\nrule hook forward handle 5 action drop\n' \
	>"$tmp/bad"
req secnetctl -n $SV rule add hook input handle 5 proto icmp action drop
req secnetctl -n $SV rule del handle 5
secnetctl -n $SV rule del handle 5 2>/dev/null
rc_del=$?
req secnetctl -n $SV rule flush hook input
secnetctl -n $SV ruleset load "$tmp/bad" 2>/dev/null
rc_load=$?
req secnetctl -n $SV hook set input policy drop
req secnetctl -n $SV ruleset load "$tmp/rules"
expect_eq "deleting a missing rule and a bad load fail" "$rc_del $rc_load" "1 1"
# Were cl's monitor to see sv's events, its one event would be rule-new.
secnetctl -n $CL hook set output policy accept
wait_for 30 $m_json $m_text $m_cl
expect_eq "the monitors got their events in time" "$?" 0

expect_eq "sv's monitor sees each change once, in order, and no failed one" \
	"$(jq -r .event "$tmp/sv.json" | tr '\n' ' ')" \
	"rule-new rule-del flush policy load "
expect_eq "rule-new and rule-del carry the rule" \
	"$(jq -r 'select(.rule) | [.rule.handle, .rule.hook, .rule.proto, .rule.action] | join(",")' \
		"$tmp/sv.json" | tr '\n' ' ')" \
	"5,input,icmp,drop 5,input,icmp,drop "
expect_eq "flush, policy and load carry their hook, policy and count" \
	"$(jq -r 'select(.rule | not) | [.hook, .policy, .rules] | join(",")' \
		"$tmp/sv.json" | tr '\n' ' ')" \
	"input,, input,drop, ,,4 "
expect_eq "each names the requesting process" \
	"$(jq -r '[.pid, .comm, .uid] | join(",")' "$tmp/sv.json" | tr '\n' ' ')" \
	"$(printf '%s,secnetctl,0 ' "${pids[@]}")"
expect_match "and its netlink port" \
	"$(jq -r .portid "$tmp/sv.json" | tr '\n' ' ')" '^([1-9][0-9]* ){5}$'
slurp text "$tmp/sv.text"
expect_eq "the text monitor prints one line per change" "$text" \
	"rule new hook input handle 5 proto icmp action drop by pid ${pids[0]} (secnetctl) uid 0
rule del hook input handle 5 proto icmp action drop by pid ${pids[1]} (secnetctl) uid 0
rule flush hook input by pid ${pids[2]} (secnetctl) uid 0
hook input policy drop by pid ${pids[3]} (secnetctl) uid 0
ruleset load rules 4 by pid ${pids[4]} (secnetctl) uid 0"
expect_eq "cl's monitor sees only cl's change" \
	"$(jq -r '[.event, .hook, .policy] | join(" ")' "$tmp/cl.json")" \
	"policy output accept"

# --- tracepoints, through perf ------------------------------------------------
# sv's input now drops ICMP by rule 11, rejects TCP 7001 by rule 12,
# accepts UDP 10 by rule 13 and drops the rest (UDP 9 here) by its policy:
# 2 pings, 1 SYN, 1 datagram to port 10 and 3 to port 9.  perf stat counts
# each kind through a filter on the events' fields (hook 2: input; reason
# 0 rule, 1 policy, 2 reject; verdict 1 accept, 2 drop, 3 reject): perf
# record would walk /lib/modules over 9p, 40 s under TCG, perf stat takes 1.
[ -d /sys/kernel/tracing/events ] || mount -t tracefs nodev /sys/kernel/tracing
slurp fmt /sys/kernel/tracing/events/secnet/secnet_nf_drop/format
expect_match "the drop event's format gives its names by value, for perf" \
	"$fmt" '^print fmt: .*\{ 2, "input" \}.*\{ 1, "policy" \}'
ns=$(stat -L -c %i /run/netns/$SV)
drop() { echo "-e secnet:secnet_nf_drop --filter netns==$ns&&hook==2&&$1"; }
verdict() {
	echo "-e secnet:secnet_nf_verdict --filter netns==$ns&&hook==2&&family==1&&$1"
}
# shellcheck disable=SC2016,SC2046
perf stat -a -x, -o "$tmp/stat" \
	$(drop 'handle==11&&reason==0') $(drop 'handle==12&&reason==2') \
	$(drop 'handle==0&&reason==1') -e secnet:secnet_nf_drop \
	$(verdict 'proto==1&&handle==11&&verdict==2') \
	$(verdict 'proto==6&&handle==12&&verdict==3') \
	$(verdict 'proto==17&&handle==0&&verdict==2') \
	$(verdict 'proto==17&&handle==13&&verdict==1') \
	-e secnet:secnet_nf_verdict --filter family==1 -- \
	ip netns exec $CL bash -c '
		for i in 1 2 3; do echo x >/dev/udp/10.9.0.2/9; done
		echo x >/dev/udp/10.9.0.2/10
		ping -c 2 -i 0.2 -W 1 10.9.0.2
		exec 3<>/dev/tcp/10.9.0.2/7001' >/dev/null 2>&1
mapfile -t n < <(sed -n 's/^\([0-9][0-9]*\),.*/\1/p' "$tmp/stat")
expect_eq "perf counts the drops: rule 11, rule 12's reject, the policy" \
	"${n[*]:0:3}" "2 1 3"
expect_eq "and no other drop" "${n[3]:-}" 6
expect_eq "perf counts their verdicts, and rule 13's accept" \
	"${n[*]:4:4}" "2 1 3 1"
expect_eq "and no other IPv4 verdict" "${n[8]:-}" 7
[ ${#n[@]} -eq 9 ] || sed 's/^/# perf: /' "$tmp/stat"

t_done
