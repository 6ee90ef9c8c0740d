#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# xfrm.sh: bulk TCP throughput through IPsec ESP, offloaded to a secnet pair
# against software ESP on a veth pair.  Runs inside a guest, as root, started
# by tools/testing/bench/run; the table goes to stdout, progress to stderr.
#
# Each run is one iperf3 stream from namespace "sender" to "receiver", both
# ends holding SAs for rfc4106(gcm(aes)) (128-bit key, 128-bit ICV):
#   veth     a veth pair, software ESP at both ends: the baseline;
#   offload  a secnet pair, the sender's SAs offloaded to sn0 (secnet_xfrm
#            loaded), software ESP at the receiver;
#   secnet   the same secnet pair with software ESP at both ends and
#            secnet_xfrm not loaded: what the device costs, crypto aside.
# The rows run interleaved, round after round, so that a slow phase of the
# emulator spreads over all of them; the median of each row is reported.
#
# Environment: SECNET_BENCH_SECONDS (per run, default 10),
# SECNET_BENCH_ROUNDS (default 3), SECNET_BENCH_MODE (transport|tunnel,
# default transport), SECNET_BENCH_FAMILY (4|6, default 4),
# SECNET_BENCH_CRYPTO (cpu: load the CPU's AES-NI module as udev does on a
# real machine, the default; generic: leave it out, as the bare guest has
# it, so that both sides get the C implementations),
# SECNET_BENCH_PROFILE=1 (first an uncounted round of each row under
# `perf record -a -g`, its reports in SECNET_BENCH_DIR, else /tmp, as
# xfrm-ROW.profile: where the kernel spent its time, by function, self
# and with callees).
set -euo pipefail
# shellcheck source=tools/testing/bench/lib.sh
. "$(dirname "$0")/lib.sh"

offload_env
mode=${SECNET_BENCH_MODE:-transport}
family=${SECNET_BENCH_FAMILY:-4}
readonly ALG='rfc4106(gcm(aes))'
# 128-bit AES key and 32-bit salt; a benchmark needs no secret.
readonly KEY_OUT=0x000102030405060708090a0b0c0d0e0f10111213
readonly KEY_IN=0x202122232425262728292a2b2c2d2e2f30313233
readonly SPI_OUT=0x1001 SPI_IN=0x1002
readonly OFFLOAD_MODULE=secnet_xfrm COUNTER_TX=esp_tx_packets COUNTER_RX=esp_rx_packets
readonly PROTO=ESP UNIT=packets RX_TOOK="the receiver's SA decrypted @"

case $mode in transport|tunnel) ;; *) die "SECNET_BENCH_MODE must be transport or tunnel" ;; esac
case $family in
4) A=10.77.0.1 B=10.77.0.2 PLEN=24 NODAD= ;;
6) A=fd00:77::1 B=fd00:77::2 PLEN=64 NODAD=nodad ;;
*) die "SECNET_BENCH_FAMILY must be 4 or 6" ;;
esac

trap pair_teardown EXIT

# sa NS SRC DST SPI KEY [offload dev DEV dir DIR]
sa() {
	local ns=$1 src=$2 dst=$3 spi=$4 key=$5
	shift 5
	ip -n "$ns" xfrm state add src "$src" dst "$dst" proto esp spi "$spi" \
		reqid "$spi" mode "$mode" aead "$ALG" "$key" 128 "$@"
}

# policy NS DIR SRC DST SPI: every packet from SRC to DST through the SA.
policy() {
	ip -n "$1" xfrm policy add src "$3" dst "$4" dir "$2" \
		tmpl src "$3" dst "$4" proto esp reqid "$5" mode "$mode"
}

# setup ROW: the two namespaces, the link between them, SAs and policies.
setup() {
	local row=$1 ns dev off_out=() off_in=()

	pair_link "$row"
	for ns in "$SND" "$RCV"; do
		[ "$ns" = "$SND" ] && dev=$DEV_SND || dev=$DEV_RCV
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=$((family == 4))
		ip -n "$ns" link set lo up
		ip -n "$ns" link set "$dev" up
	done
	ip -n "$SND" addr add "$A/$PLEN" dev "$DEV_SND" $NODAD
	ip -n "$RCV" addr add "$B/$PLEN" dev "$DEV_RCV" $NODAD
	if [ "$row" = offload ]; then
		off_out=(offload dev "$DEV_SND" dir out)
		off_in=(offload dev "$DEV_SND" dir in)
	fi
	sa "$SND" "$A" "$B" $SPI_OUT $KEY_OUT "${off_out[@]}"
	sa "$SND" "$B" "$A" $SPI_IN $KEY_IN "${off_in[@]}"
	sa "$RCV" "$A" "$B" $SPI_OUT $KEY_OUT
	sa "$RCV" "$B" "$A" $SPI_IN $KEY_IN
	policy "$SND" out "$A" "$B" $SPI_OUT
	policy "$SND" in "$B" "$A" $SPI_IN
	policy "$RCV" in "$A" "$B" $SPI_OUT
	policy "$RCV" out "$B" "$A" $SPI_IN
}

# rx_valid: what the receiver's inbound state has counted.
rx_valid() {
	ip -n "$RCV" -s xfrm state get src "$A" dst "$B" proto esp spi $SPI_OUT |
		awk '/lifetime current:/ { getline; sub(/.*, /, ""); sub(/\(packets\)/, ""); print; exit }'
}

# crypto_pick NAME [sync]: the implementation the crypto API gives for NAME
# (the highest priority, synchronous only if asked), and whether it is async.
crypto_pick() {
	awk -F' *: ' -v want="$1" -v sync="${2:-}" '
		$1 == "name" { name = $2 } $1 == "driver" { drv = $2 }
		$1 == "priority" { prio = $2 + 0 }
		$1 == "async" && name == want && !(sync && $2 == "yes") && prio > best {
			best = prio; pick = drv " (" ($2 == "yes" ? "async" : "sync") ")"
		}
		END { print pick }' /proc/crypto
}

# offload_state: both of the sender's SAs offloaded to sn0, and the crypto
# each side got.
offload_state() {
	local st dir

	st=$(ip -n "$SND" xfrm state)
	for dir in out in; do
		grep -q "crypto offload parameters: dev $DEV_SND dir $dir" <<<"$st" ||
			die "offload: the kernel kept the sender's SAs in software:"$'\n'"$st"
	done
	# Both tfms are alive now: the engine's, and the states' own.
	CRYPTO_SW=$(crypto_pick "seqiv($ALG)")
	# The engine takes the vector unit's internal form ("__") if
	# there is one, else the best synchronous implementation.
	CRYPTO_OFFLOAD=$(crypto_pick "__$ALG" sync)
	[ -n "$CRYPTO_OFFLOAD" ] || CRYPTO_OFFLOAD=$(crypto_pick "$ALG" sync)
}

crypto_modules
# esp4_offload makes software ESP segment late too (ESP GSO): every row
# takes it, as any machine does once a state was offloaded.
modprobe -a veth esp4 esp6 esp4_offload esp6_offload xfrm_user
offload_unload
pair_teardown

offload_rounds " ($mode mode, IPv$family)"

echo "xfrm: bulk TCP through ESP, $mode mode, IPv$family, $ALG 128-bit key, $crypto crypto"
offload_report with-cpu
echo "crypto, software ESP: $CRYPTO_SW"
echo "crypto, sn0's engine: $CRYPTO_OFFLOAD"
