#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The firewall benchmark's tools, and secnet_nf against the others: rulegen's
# files load into secnet, nft and iptables-legacy, and secnet_nfbench.ko's
# trace through each of them drops exactly the packets rulegen's linear
# reference says match.
. "$(dirname "$0")/../lib.sh"

t_plan 30

rulegen=$SECNET_REPO/tools/testing/nf/rulegen
dbg=/sys/kernel/debug/secnet_nfbench
work=$(mktemp -d)
trap 'rm -rf "$work"; t_cleanup' EXIT
mountpoint -q /sys/kernel/debug || mount -t debugfs debugfs /sys/kernel/debug
modprobe -a ip_tables iptable_filter nf_tables nf_conntrack nf_reject_ipv4 \
	nf_reject_ipv6 2>/dev/null
secnet_load
expect_rc "secnet_nf loads" 0 insmod "$(ko netfilter/secnet_nf.ko)"

expect_rc "secnet_nfbench loads" 0 insmod "$(ko tools/testing/modules/secnet_nfbench.ko)"
expect_rc "rulegen refuses a set for family fw" 1 \
	"$rulegen" --family fw --rules 10 --nft-set "$work/x"

# nsx NS CMD...: CMD in NS with the host's /sys (debugfs) still visible.
nsx() {
	local ns=$1
	shift
	nsenter --net="/run/netns/$ns" "$@"
}

for fam in fw exact; do
	f=$work/$fam
	args=(--family "$fam" --rules 40 --seed 7 --packets 200 --nft "$f.nft"
	      --iptables "$f.ipt" --secnet "$f.secnet" --trace "$f.trace"
	      --reference)
	[ "$fam" = exact ] && args+=(--nft-set "$f.set")
	"$rulegen" "${args[@]}" >"$f.ref" 2>/dev/null
	want=$(awk '$1 >= 0 { n++ } END { print n + 0 }' "$f.ref")
	expect_eq "rulegen $fam: a reference line per packet" "$(wc -l <"$f.ref")" 200
	expect_rc "rulegen $fam: the trace loads" 0 cp "$f.trace" "$dbg/trace"
	rows=(secnet nftlin ipt)
	[ "$fam" = exact ] && rows+=(nftset)
	for row in base "${rows[@]}"; do
		netns_add "snb-$fam-$row"
	done
	expect_rc "secnetctl takes rulegen's $fam ruleset" 0 \
		secnetctl -n "snb-$fam-secnet" ruleset load "$f.secnet"
	expect_rc "nft -f takes rulegen's $fam chain" 0 nsx "snb-$fam-nftlin" nft -f "$f.nft"
	expect_rc "iptables-legacy-restore takes rulegen's $fam rules" 0 \
		nsx "snb-$fam-ipt" iptables-legacy-restore "$f.ipt"
	[ "$fam" = exact ] &&
		expect_rc "nft -f takes rulegen's $fam set" 0 nsx "snb-$fam-nftset" nft -f "$f.set"
	for row in base "${rows[@]}"; do
		run nsx "snb-$fam-$row" sh -c "echo 'input 2' >$dbg/run && cat $dbg/run"
		[ "$row" = base ] && drops=0 || drops=$want
		expect_eq "$fam $row: drops $drops of 200 (the reference)" \
			"$(awk '$1 == "accepted" { a = $2 } $1 == "dropped" { d = $2 }
				END { print a " " d }' <<<"$OUT")" "$((200 - drops)) $drops"
	done
done

# Established flows (the benchmark's fast-path rows): the trace as UDP, each
# connection made ESTABLISHED, then timed at prerouting, where secnet takes
# the verdict kept on the flow.  Of 3 rounds the first keeps the original
# direction's verdict, the other two take it: at least 400 packets.
netns_add snb-est
expect_rc "a rule at prerouting that matches nothing" 0 secnetctl -n snb-est rule add \
	hook prerouting proto tcp dport 4444 action accept
fast=$(secnetctl -n snb-est -j status netfilter | jq -r '.[0].counters.fast_path')
run nsx snb-est sh -c "echo 'prerouting 3 established' >$dbg/run && cat $dbg/run"
expect_eq "an established run accepts all 200 packets of 200 connections established" \
	"$(awk '$1 == "accepted" { a = $2 } $1 == "dropped" { d = $2 }
		$1 == "established" { e = $2 } END { print a " " d " " e }' <<<"$OUT")" "200 0 200"
expect_match "established packets take the verdict kept on their flow" \
	"$(deltas "$fast" "$(secnetctl -n snb-est -j status netfilter | jq -r '.[0].counters.fast_path')")" \
	'^([4-9][0-9]{2}|[1-9][0-9]{3,})$'
expect_rc "an established run at input is refused" 1 \
	nsx snb-est sh -c "echo 'input 1 established' >$dbg/run"
expect_rc "a trace with a bad header is refused" 1 \
	sh -c "printf 'XXXX0123456789ab' >$dbg/trace"
expect_rc "a run of 0 rounds is refused" 1 sh -c "echo 'input 0' >$dbg/run"
expect_rc "secnet_nfbench unloads" 0 rmmod secnet_nfbench

t_done
