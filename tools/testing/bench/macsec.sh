#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# macsec.sh: bulk TCP throughput through MACsec, the sender's SecY offloaded
# to a secnet pair, against software MACsec on a veth pair.  Runs inside a
# guest, as root, started by tools/testing/bench/run; the table goes to
# stdout, progress to stderr.
#
# Each run is one iperf3 stream from namespace "sender" to "receiver" over
# a macsec device on each side, GCM-AES-128, encrypt on, static keys:
#   veth     a veth pair, software MACsec at both ends: the baseline;
#   offload  a secnet pair, the sender's SecY offloaded to sn0 (offload
#            mac, secnet_macsec loaded), software MACsec at the receiver;
#   secnet   the same secnet pair with software MACsec at both ends and
#            secnet_macsec not loaded: what the device costs, crypto aside.
# The rows run interleaved, round after round, so that a slow phase of the
# emulator spreads over all of them; the median of each row is reported.
#
# Environment: SECNET_BENCH_SECONDS (per run, default 10),
# SECNET_BENCH_ROUNDS (default 3), SECNET_BENCH_CRYPTO (cpu: load the
# CPU's AES-NI module as udev does on a real machine, the default; generic:
# leave it out, so that both sides get the C implementation).
set -euo pipefail

secs=${SECNET_BENCH_SECONDS:-10}
rounds=${SECNET_BENCH_ROUNDS:-3}
crypto=${SECNET_BENCH_CRYPTO:-cpu}
readonly GOAL=0.90
# 128-bit SAKs, one per direction; a benchmark needs no secret.
readonly KEY_OUT=000102030405060708090a0b0c0d0e0f
readonly KEY_IN=202122232425262728292a2b2c2d2e2f
readonly A=10.78.0.1 B=10.78.0.2
readonly SND=sn-bench-snd RCV=sn-bench-rcv
ROWS=(veth offload secnet)
declare -A LABEL=(
	[veth]="veth, software MACsec"
	[offload]="secnet, MACsec offloaded"
	[secnet]="secnet, software MACsec"
)

die() {
	echo "macsec: $*" >&2
	exit 1
}
say() { echo "macsec: $*" >&2; }

[[ $secs =~ ^[1-9][0-9]*$ ]] || die "SECNET_BENCH_SECONDS must be a positive number"
[[ $rounds =~ ^[1-9][0-9]*$ ]] || die "SECNET_BENCH_ROUNDS must be a positive number"
case $crypto in cpu|generic) ;; *) die "SECNET_BENCH_CRYPTO must be cpu or generic" ;; esac
for tool in iperf3 ethtool jq; do
	command -v "$tool" >/dev/null || die "$tool is not installed (make deps)"
done

snd() { ip netns exec "$SND" "$@"; }
rcv() { ip netns exec "$RCV" "$@"; }

# The offload module goes in and out between rows; a SecY that namespace
# cleanup frees late holds it for a moment.
macsec_unload() {
	local i
	for ((i = 0; i < 50; i++)); do
		grep -q '^secnet_macsec ' /proc/modules || return 0
		rmmod secnet_macsec 2>/dev/null && return 0
		sleep 0.2
	done
	die "cannot unload secnet_macsec: $(rmmod secnet_macsec 2>&1)"
}

teardown() {
	ip netns del "$SND" 2>/dev/null || true
	ip netns del "$RCV" 2>/dev/null || true
}
trap teardown EXIT

# secy NS LOWER PEER_MAC TX_KEY RX_KEY ADDR OFFLOAD: macsec0 on LOWER.
secy() {
	ip -n "$1" -batch - <<-EOF
		link set lo up
		link set $2 up
		link add link $2 macsec0 type macsec port 1 cipher gcm-aes-128 encrypt on offload $7
		macsec add macsec0 tx sa 0 pn 1 on key 01 $4
		macsec add macsec0 rx port 1 address $3
		macsec add macsec0 rx port 1 address $3 sa 0 pn 1 on key 02 $5
		link set macsec0 up
		addr add $6/24 dev macsec0
	EOF
}

# setup ROW: the two namespaces, the link between them and a SecY on each
# end; sets DEV_SND.
setup() {
	local row=$1 dev_rcv mac_snd mac_rcv off=off

	ip netns add "$SND"
	ip netns add "$RCV"
	for ns in "$SND" "$RCV"; do
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
			net.ipv6.conf.default.disable_ipv6=1
	done
	if [ "$row" = veth ]; then
		DEV_SND=veth0 dev_rcv=veth1
		ip -n "$SND" link add veth0 type veth peer name veth1 netns "$RCV"
	else
		DEV_SND=sn0 dev_rcv=sn1
		ip -n "$SND" link add sn0 type secnet
		ip -n "$SND" link set sn1 netns "$RCV"
	fi
	[ "$row" = offload ] && off=mac
	mac_snd=$(ip -n "$SND" -j link show "$DEV_SND" | jq -r '.[0].address')
	mac_rcv=$(ip -n "$RCV" -j link show "$dev_rcv" | jq -r '.[0].address')
	secy "$SND" "$DEV_SND" "$mac_rcv" $KEY_OUT $KEY_IN $A $off
	secy "$RCV" "$dev_rcv" "$mac_snd" $KEY_IN $KEY_OUT $B off
}

# link_stat NS DEV rx|tx: packets through DEV so far.
link_stat() {
	ip -n "$1" -s -j link show "$2" | jq ".[0].stats64.$3.packets"
}

# rx_ok: the frames the receiver's SecY has taken as valid so far: OK,
# or Delayed when another CPU's frame overtook them (no replay protection).
rx_ok() {
	ip -n "$RCV" -s -j macsec show macsec0 |
		jq '.[0].rx_sc[0] | .InPktsOK + .InPktsDelayed'
}

# dev_stat NAME: one of sn0's MACsec counters (ethtool -S).
dev_stat() {
	snd ethtool -S "$DEV_SND" | awk -v n="$1:" '$1 == n { print $2; f = 1 } END { exit !f }'
}

# about A B: whether count A matches count B but for a few stray frames.
about() {
	awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(b > 0 && d <= 20 + b / 100) }'
}

# measure ROW ROUND: one run; records Mbit/s and checks that MACsec ran
# where the row says it does.
measure() {
	local row=$1 round=$2 json mbps retr tx0 rx0 tx rx ok0 ok enc0 dec0 enc dec i

	if [ "$row" = offload ]; then
		modprobe secnet_macsec
	else
		macsec_unload
	fi
	setup "$row"
	if [ "$row" = offload ]; then
		[ "$(snd ip -j macsec show macsec0 | jq -r '.[0].offload')" = mac ] ||
			die "offload: the sender's SecY is not offloaded"
	fi

	# Pinned apart: sender on CPU 0, receiver on CPU 1, every run alike.
	rcv iperf3 -s -1 -B "$B" -A 1 >/dev/null 2>&1 &
	for ((i = 0; i < 100; i++)); do
		rcv ss -Hltn "sport = :5201" | grep -q . && break
		sleep 0.1
	done
	tx0=$(link_stat "$SND" "$DEV_SND" tx) rx0=$(link_stat "$SND" "$DEV_SND" rx)
	ok0=$(rx_ok)
	if [ "$row" = offload ]; then
		enc0=$(dev_stat macsec_tx_encrypted) dec0=$(dev_stat macsec_rx_decrypted)
	fi
	json=$(ip netns exec "$SND" iperf3 -c "$B" -B "$A" -t "$secs" -A 0 -J) ||
		die "$row: iperf3 failed: $(jq -r '.error // empty' <<<"$json")"
	wait
	tx=$(($(link_stat "$SND" "$DEV_SND" tx) - tx0))
	rx=$(($(link_stat "$SND" "$DEV_SND" rx) - rx0))
	ok=$(($(rx_ok) - ok0))
	mbps=$(jq '.end.sum_received.bits_per_second / 1e6' <<<"$json")
	retr=$(jq '.end.sum_sent.retransmits' <<<"$json")

	# Every frame went through MACsec: the receiver's SecY took them all.
	about "$ok" "$tx" ||
		die "$row: $DEV_SND sent $tx frames, the receiver's SecY took $ok as valid"
	if [ "$row" = offload ]; then
		enc=$(($(dev_stat macsec_tx_encrypted) - enc0))
		dec=$(($(dev_stat macsec_rx_decrypted) - dec0))
		about "$enc" "$tx" ||
			die "offload: $DEV_SND sent $tx frames but encrypted only $enc (ethtool -S macsec_tx_encrypted): not offloaded"
		about "$dec" "$rx" ||
			die "offload: $DEV_SND received $rx frames but decrypted only $dec (ethtool -S macsec_rx_decrypted): not offloaded"
		OFFLOAD_CHECK="sn0 encrypted $enc of $tx frames sent, decrypted $dec of $rx received"
	elif snd ethtool -S "$DEV_SND" 2>/dev/null | grep -q macsec_; then
		die "$row: $DEV_SND has MACsec offload counters: secnet_macsec is loaded"
	fi
	teardown
	say "round $round/$rounds, $row: $(printf '%.1f' "$mbps") Mbit/s, $tx frames, $retr retransmits"
	RESULT[$row]+=" $mbps"
}

# The guest has no udev to load the CPU's crypto modules; once loaded,
# they stay, so SECNET_BENCH_CRYPTO=generic needs a fresh guest.
if [ "$crypto" = cpu ] && grep -qw aes /proc/cpuinfo; then
	modprobe aesni_intel 2>/dev/null || say "this kernel has no aesni_intel: generic crypto"
elif [ "$crypto" = generic ] && grep -q aesni /proc/crypto; then
	die "SECNET_BENCH_CRYPTO=generic: this kernel has AES-NI built in (the debug kernel does); use KERNEL=stock"
fi
modprobe -a veth macsec 2>/dev/null || true
macsec_unload
teardown

declare -A RESULT=()
say "$((rounds * ${#ROWS[@]})) runs of $secs s, rows interleaved"
for ((r = 1; r <= rounds; r++)); do
	for row in "${ROWS[@]}"; do
		measure "$row" "$r"
	done
done
macsec_unload

median() {
	tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END {
		print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

declare -A MED=()
for row in "${ROWS[@]}"; do
	MED[$row]=$(median <<<"${RESULT[$row]}")
done
off_veth=$(ratio "${MED[offload]}" "${MED[veth]}")
met=$(awk -v r="$off_veth" -v g=$GOAL 'BEGIN { print (r >= g ? "met" : "NOT met") }')

echo "macsec: bulk TCP through MACsec, GCM-AES-128, encrypt on, $crypto crypto"
echo "iperf3, 1 stream, $secs s per run, median of $rounds; kernel $(uname -r), $(nproc) CPUs"
echo
printf '%-26s' "Mbit/s"
for ((r = 1; r <= rounds; r++)); do printf '%9s' "run $r"; done
printf '%9s\n' median
for row in "${ROWS[@]}"; do
	printf '%-26s' "${LABEL[$row]}"
	for v in ${RESULT[$row]}; do printf '%9.1f' "$v"; done
	printf '%9.1f\n' "${MED[$row]}"
done
echo "  offload / veth software:   $off_veth  (goal >= $GOAL: $met)"
echo "  secnet sw / veth software: $(ratio "${MED[secnet]}" "${MED[veth]}")  (what the device costs)"
echo "  offload / secnet sw:       $(ratio "${MED[offload]}" "${MED[secnet]}")  (offloaded against software crypto, same device)"
echo
echo "offload check: $OFFLOAD_CHECK (last offloaded run)"
