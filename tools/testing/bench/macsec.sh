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
# leave it out, so that both sides get the C implementation),
# SECNET_BENCH_PROFILE=1 (first an uncounted round of each row under
# `perf record -a -g`, its reports in SECNET_BENCH_DIR, else /tmp, as
# macsec-ROW.profile).
set -euo pipefail

# shellcheck source=tools/testing/bench/lib.sh
. "$(dirname "$0")/lib.sh"

offload_env
# 128-bit SAKs, one per direction; a benchmark needs no secret.
readonly KEY_OUT=000102030405060708090a0b0c0d0e0f
readonly KEY_IN=202122232425262728292a2b2c2d2e2f
readonly A=10.78.0.1 B=10.78.0.2
readonly OFFLOAD_MODULE=secnet_macsec
readonly COUNTER_TX=macsec_tx_encrypted COUNTER_RX=macsec_rx_decrypted
readonly PROTO=MACsec UNIT=frames RX_TOOK="the receiver's SecY took @ as valid"

trap pair_teardown EXIT

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
# end.
setup() {
	local row=$1 ns mac_snd mac_rcv off=off

	pair_link "$row"
	for ns in "$SND" "$RCV"; do
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
			net.ipv6.conf.default.disable_ipv6=1
	done
	[ "$row" = offload ] && off=mac
	mac_snd=$(ip -n "$SND" -j link show "$DEV_SND" | jq -r '.[0].address')
	mac_rcv=$(ip -n "$RCV" -j link show "$DEV_RCV" | jq -r '.[0].address')
	secy "$SND" "$DEV_SND" "$mac_rcv" $KEY_OUT $KEY_IN $A $off
	secy "$RCV" "$DEV_RCV" "$mac_snd" $KEY_IN $KEY_OUT $B off
}

# rx_valid: the frames the receiver's SecY has taken as valid so far: OK,
# or Delayed when another CPU's frame overtook them (no replay protection).
rx_valid() {
	ip -n "$RCV" -s -j macsec show macsec0 |
		jq '.[0].rx_sc[0] | .InPktsOK + .InPktsDelayed'
}

offload_state() {
	[ "$(snd ip -j macsec show macsec0 | jq -r '.[0].offload')" = mac ] ||
		die "offload: the sender's SecY is not offloaded"
}

crypto_modules
modprobe -a veth macsec 2>/dev/null || true
offload_unload
pair_teardown

offload_rounds ""

echo "macsec: bulk TCP through MACsec, GCM-AES-128, encrypt on, $crypto crypto"
offload_report no-cpu
