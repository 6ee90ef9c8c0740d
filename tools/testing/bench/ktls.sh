#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ktls.sh: bulk throughput of one kTLS connection (TLS 1.2, AES-GCM-128)
# with its records encrypted and decrypted by a secnet pair, against
# software kTLS on a veth pair.  Runs inside a guest, as root, started by
# tools/testing/bench/run; the table goes to stdout, progress to stderr.
#
# Each run is one TCP connection from namespace "sender" to "receiver",
# the sender's socket with TLS_TX, the receiver's with TLS_RX (fixed keys,
# as OpenSSL would hand them to the kernel after its handshake), the
# sender writing 1 MB at a time for SECNET_BENCH_SECONDS:
#   veth     a veth pair, software kTLS at both ends: the baseline;
#   offload  a secnet pair, secnet_ktls loaded: sn0 encrypts the sender's
#            records, sn1 decrypts the receiver's; all the crypto the
#            baseline does in software, the device does;
#   secnet   the same secnet pair with software kTLS at both ends and
#            secnet_ktls not loaded: what the device costs, crypto aside;
#   tx-only, rx-only  the secnet pair with one end offloaded, the other's
#            offload switched off (ethtool -K): what each engine costs.
# The goal is judged on offload / veth: all the crypto on the device
# against all of it in software.  Under emulation the "device" is the CPU
# that runs the pair's transmit, which also runs sn1's receive: offloaded
# at both ends, both ciphers' work lands on the sender's CPU, where
# software kTLS spreads it over the sender's and the receiver's.
# The rows run interleaved, round after round; the median of each row is
# reported.  A run stops with an error unless the kernel put each socket
# where the row says (/proc/net/tls_stat) and, offloaded, the devices
# encrypted and decrypted the records of all but a handful of the bytes
# (ethtool -S sn0 tx_tls_records, sn1 rx_tls_records).
#
# Environment: SECNET_BENCH_SECONDS (per run, default 10),
# SECNET_BENCH_ROUNDS (default 3), SECNET_BENCH_CRYPTO (cpu: load the
# CPU's AES-NI module as udev does on a real machine, the default;
# generic: leave it out).
set -euo pipefail

# shellcheck source=tools/testing/bench/lib.sh
. "$(dirname "$0")/lib.sh"

offload_env
readonly A=10.79.0.1 B=10.79.0.2
readonly OFFLOAD_MODULE=secnet_ktls PROTO=kTLS

trap pair_teardown EXIT

# The connection: one process holding both ends, the sender on CPU 0 and
# the receiver on CPU 1, as iperf3 -A does in the other benchmarks.
# Prints "BYTES SECONDS" as the receiver counted them.
read -r -d '' KTLS_PY <<'PYEOF' || true
import os, socket, struct, sys, threading, time
from netns import in_ns
SND, RCV, A, B, SECS = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5])



# tls12_crypto_info_aes_gcm_128: version, cipher, iv, key, salt, rec_seq
INFO = struct.pack("=HH8s16s4s8s", 0x0303, 51, b"\1" * 8, b"\2" * 16,
                   b"\3" * 4, bytes(8))
srv = in_ns(RCV, lambda: socket.create_server((B, 4433)))
cli = in_ns(SND, lambda: socket.socket())
cli.bind((A, 0))
cli.connect((B, 4433))
conn, _ = srv.accept()
for s, d in ((conn, 2), (cli, 1)):  # the receiver first: nothing unread
    s.setsockopt(socket.SOL_TCP, 31, b"tls")  # TCP_ULP
    s.setsockopt(282, d, INFO)  # SOL_TLS, TLS_RX or TLS_TX
res = {}


def receive():
    os.sched_setaffinity(0, {1})
    buf, n, t0 = bytearray(1 << 20), 0, None
    while True:
        k = conn.recv_into(buf)
        if not k:
            break
        if t0 is None:
            t0 = time.monotonic()
        n += k
    res["n"], res["dt"] = n, time.monotonic() - t0


t = threading.Thread(target=receive)
t.start()
os.sched_setaffinity(0, {0})
data = os.urandom(1 << 20)
end = time.monotonic() + SECS
while time.monotonic() < end:
    cli.sendall(data)
cli.close()
t.join()
print(res["n"], "%.3f" % res["dt"])
PYEOF

# setup ROW: the two namespaces and the link between them, addressed.
setup() {
	pair_link "$1"
	snd ip link set lo up
	rcv ip link set lo up
	snd ip addr add $A/24 dev "$DEV_SND"
	rcv ip addr add $B/24 dev "$DEV_RCV"
	snd ip link set "$DEV_SND" up
	rcv ip link set "$DEV_RCV" up
}

# tls_stat NS NAME...: NS's /proc/net/tls_stat counters.
tls_stat() {
	ip netns exec "$1" awk -v want="${*:2}" '{ v[$1] = $2 }
		END { n = split(want, w); for (i = 1; i <= n; i++) printf "%s%s", (i > 1 ? " " : ""), v[w[i]] }' \
		/proc/net/tls_stat
}

# estat NS DEV NAME: one `ethtool -S` counter.
estat() {
	ip netns exec "$1" ethtool -S "$2" | awk -v n="$3:" '$1 == n { print $2; f = 1 } END { exit !f }'
}

# ends ROW: where the row's sender encrypts and its receiver decrypts.
ends() {
	case $1 in
	offload) echo "device device" ;;
	tx-only) echo "device sw" ;;
	rx-only) echo "sw device" ;;
	*) echo "sw sw" ;;
	esac
}

# ktls_run ROW ROUND: one run; records Mbit/s and checks where the
# records were encrypted and decrypted.
ktls_run() {
	local row=$1 round=$2 out bytes dt mbps s0 s1 r0 r1 tx0 rx0 ahead0 tx rx recs
	local cpu0 cpu1 cpu_mbps d_s d_r want_s want_r

	read -r want_s want_r <<<"$(ends "$row")"
	if [ "$want_s $want_r" = "sw sw" ]; then
		offload_unload
	else
		modprobe "$OFFLOAD_MODULE"
	fi
	setup "$row"
	# One end offloaded: the other's offload off.
	if [ "$want_s $want_r" = "sw device" ]; then
		snd ethtool -K sn0 tls-hw-tx-offload off
	elif [ "$want_s $want_r" = "device sw" ]; then
		rcv ethtool -K sn1 tls-hw-rx-offload off
	fi
	s0=$(tls_stat "$SND" TlsTxDevice TlsTxSw)
	r0=$(tls_stat "$RCV" TlsRxDevice TlsRxSw)
	[ "$want_s" = sw ] || tx0=$(estat "$SND" sn0 tx_tls_records)
	[ "$want_r" = sw ] || rx0=$(estat "$RCV" sn1 rx_tls_records)
	[ "$want_r" = sw ] || ahead0=$(estat "$RCV" sn1 rx_tls_records_ahead)
	host_cpu
	cpu0=$HOST_CPU
	out=$(python3 -c "$KTLS_PY" "$SND" "$RCV" $A $B "$secs") ||
		die "$row: the transfer failed"
	host_cpu
	cpu1=$HOST_CPU
	read -r bytes dt <<<"$out"
	s1=$(tls_stat "$SND" TlsTxDevice TlsTxSw)
	r1=$(tls_stat "$RCV" TlsRxDevice TlsRxSw)
	# One socket each, where the row says: "1 0" offloaded, "0 1" not.
	d_s=$(awk -v a="$s0" -v b="$s1" 'BEGIN { split(a, x); split(b, y); print y[1] - x[1], y[2] - x[2] }')
	d_r=$(awk -v a="$r0" -v b="$r1" 'BEGIN { split(a, x); split(b, y); print y[1] - x[1], y[2] - x[2] }')
	[ "$d_s" = "$([ "$want_s" = device ] && echo "1 0" || echo "0 1")" ] &&
		[ "$d_r" = "$([ "$want_r" = device ] && echo "1 0" || echo "0 1")" ] ||
		die "$row: the sender should be $want_s, the receiver $want_r (TlsTxDevice TlsTxSw moved by $d_s, TlsRxDevice TlsRxSw by $d_r)"
	recs=$((bytes / 16384))
	if [ "$want_s" = device ]; then
		tx=$(($(estat "$SND" sn0 tx_tls_records) - tx0))
		about "$tx" "$recs" ||
			die "$row: $bytes bytes are about $recs records, sn0 encrypted $tx (tx_tls_records): not offloaded"
	fi
	if [ "$want_r" = device ]; then
		rx=$(($(estat "$RCV" sn1 rx_tls_records) - rx0))
		about "$rx" "$recs" ||
			die "$row: $bytes bytes are about $recs records, sn1 decrypted $rx (rx_tls_records): not offloaded"
	fi
	[ "$row" != offload ] ||
		OFFLOAD_CHECK="sn0 encrypted $tx and sn1 decrypted $rx records of about $recs, $(($(estat "$RCV" sn1 rx_tls_records_ahead) - ahead0)) of them checked across the segment queued next"
	pair_teardown
	mbps=$(awk -v b="$bytes" -v t="$dt" 'BEGIN { printf "%.2f", b * 8 / t / 1e6 }')
	cpu_mbps=$(cpu_rate "$bytes" "$cpu0" "$cpu1")
	say "round $round/$rounds, $row: $mbps Mbit/s ($cpu_mbps per CPU second), $bytes bytes"
	RESULT[$row]+=" $mbps"
	CPU_RESULT[$row]+=" $cpu_mbps"
}

crypto_modules
modprobe -a veth tls 2>/dev/null || true
offload_unload
pair_teardown

# Besides the offload/veth rows, one end offloaded at a time: which of the
# two engines costs what.
HALVES=(tx-only rx-only)
say "$((rounds * (${#ROWS[@]} + ${#HALVES[@]}))) runs of $secs s, rows interleaved"
for ((r = 1; r <= rounds; r++)); do
	for row in "${ROWS[@]}" "${HALVES[@]}"; do
		ktls_run "$row" "$r"
	done
done
offload_unload

echo "ktls: one kTLS connection, TLS 1.2 AES-GCM-128, 1 MB writes, $crypto crypto"
echo "$secs s per run, median of $rounds; kernel $(uname -r), $(nproc) CPUs"
table RESULT "Mbit/s" goal
if [[ " ${CPU_RESULT[*]}" != *" -"* ]]; then
	table CPU_RESULT "Mbit/s per CPU second"
	echo "  (per host CPU second of the vCPU that worked most: a cost, which"
	echo "  other work on the host disturbs less than the wall-clock rates)"
fi
echo
veth=$(median <<<"${RESULT[veth]}")
for row in "${HALVES[@]}"; do
	med=$(median <<<"${RESULT[$row]}")
	printf '%-28s %s Mbit/s (runs:%s), / veth software: %s\n' \
		"$row ($(ends "$row" | sed 's/ / encrypts, /;s/$/ decrypts/'))" \
		"$med" "${RESULT[$row]}" "$(offload_ratio "$med" "$veth")"
done
echo
echo "offload check: $OFFLOAD_CHECK (last offloaded run)"
# What software kTLS's crypto_alloc_aead("gcm(aes)") gets: the highest
# priority.
echo "software kTLS: $(awk '$1 == "name" { n = $3 } $1 == "driver" { d = $3 }
	$1 == "priority" && n == "gcm(aes)" && $3 > p { p = $3; best = d }
	END { print best }' /proc/crypto)"
