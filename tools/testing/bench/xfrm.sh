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

secs=${SECNET_BENCH_SECONDS:-10}
rounds=${SECNET_BENCH_ROUNDS:-3}
mode=${SECNET_BENCH_MODE:-transport}
family=${SECNET_BENCH_FAMILY:-4}
crypto=${SECNET_BENCH_CRYPTO:-cpu}
readonly GOAL=0.90
readonly ALG='rfc4106(gcm(aes))'
# 128-bit AES key and 32-bit salt; a benchmark needs no secret.
readonly KEY_OUT=0x000102030405060708090a0b0c0d0e0f10111213
readonly KEY_IN=0x202122232425262728292a2b2c2d2e2f30313233
readonly SPI_OUT=0x1001 SPI_IN=0x1002
readonly SND=sn-bench-snd RCV=sn-bench-rcv
ROWS=(veth offload secnet)
declare -A LABEL=(
	[veth]="veth, software ESP"
	[offload]="secnet, ESP offloaded"
	[secnet]="secnet, software ESP"
)

die() {
	echo "xfrm: $*" >&2
	exit 1
}
say() { echo "xfrm: $*" >&2; }

[[ $secs =~ ^[1-9][0-9]*$ ]] || die "SECNET_BENCH_SECONDS must be a positive number"
[[ $rounds =~ ^[1-9][0-9]*$ ]] || die "SECNET_BENCH_ROUNDS must be a positive number"
case $mode in transport|tunnel) ;; *) die "SECNET_BENCH_MODE must be transport or tunnel" ;; esac
case $crypto in cpu|generic) ;; *) die "SECNET_BENCH_CRYPTO must be cpu or generic" ;; esac
case $family in
4) A=10.77.0.1 B=10.77.0.2 PLEN=24 NODAD= ;;
6) A=fd00:77::1 B=fd00:77::2 PLEN=64 NODAD=nodad ;;
*) die "SECNET_BENCH_FAMILY must be 4 or 6" ;;
esac
for tool in iperf3 ethtool jq; do
	command -v "$tool" >/dev/null || die "$tool is not installed (make deps)"
done

snd() { ip netns exec "$SND" "$@"; }
rcv() { ip netns exec "$RCV" "$@"; }

# The offload module goes in and out between rows; states the kernel frees
# late (its xfrm GC) may hold it for a moment.
xfrm_unload() {
	local i
	for ((i = 0; i < 50; i++)); do
		grep -q '^secnet_xfrm ' /proc/modules || return 0
		rmmod secnet_xfrm 2>/dev/null && return 0
		sleep 0.2
	done
	die "cannot unload secnet_xfrm: $(rmmod secnet_xfrm 2>&1)"
}

teardown() {
	ip netns del "$SND" 2>/dev/null || true
	ip netns del "$RCV" 2>/dev/null || true
}
trap teardown EXIT

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

# setup ROW: the two namespaces, the link between them, SAs and policies;
# sets DEV_SND and DEV_RCV.
setup() {
	local row=$1 ns dev off_out=() off_in=()

	ip netns add "$SND"
	ip netns add "$RCV"
	if [ "$row" = veth ]; then
		DEV_SND=veth0 DEV_RCV=veth1
		ip -n "$SND" link add veth0 type veth peer name veth1 netns "$RCV"
	else
		DEV_SND=sn0 DEV_RCV=sn1
		ip -n "$SND" link add sn0 type secnet
		ip -n "$SND" link set sn1 netns "$RCV"
	fi
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

# link_stat NS DEV rx|tx: packets through DEV so far.
link_stat() {
	ip -n "$1" -s -j link show "$2" | jq ".[0].stats64.$3.packets"
}

# sa_packets NS SRC DST SPI: what the state has counted.
sa_packets() {
	ip -n "$1" -s xfrm state get src "$2" dst "$3" proto esp spi "$4" |
		awk '/lifetime current:/ { getline; sub(/.*, /, ""); sub(/\(packets\)/, ""); print; exit }'
}

# esp_stat NAME: one of sn0's offload counters (ethtool -S).
esp_stat() {
	snd ethtool -S "$DEV_SND" | awk -v n="$1:" '$1 == n { print $2; f = 1 } END { exit !f }'
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

# host_cpu: sets HOST_CPU to the host CPU time the guest's QEMU threads have
# used so far, as "TID TICKS..." (tools/testing/bench/run answers through
# SECNET_BENCH_DIR), or to nothing when no host answers.
HOST_CPU_DIR=${SECNET_BENCH_DIR:-}
host_cpu() {
	local token ans='' i

	HOST_CPU=
	[ -n "$HOST_CPU_DIR" ] || return 0
	token=$(date +%s%N)
	echo "$token" >"$HOST_CPU_DIR/cpu.req"
	for ((i = 0; i < 250; i++)); do
		{ read -r ans <"$HOST_CPU_DIR/cpu.ans"; } 2>/dev/null || true
		if [[ $ans == "$token "* ]]; then
			HOST_CPU=${ans#* }
			return 0
		fi
		sleep 0.02
	done
	say "no answer from the host about its CPU time: rates per CPU second left out"
	HOST_CPU_DIR=
}

# cpu_rate BYTES BEFORE AFTER: Mbit per host CPU second of the busiest QEMU
# thread between two host_cpu samples (the vCPU that set the pace), or
# "-" without them.  A vCPU the host took away for other work used no CPU
# meanwhile, so this rate does not drop when the host is busy.
cpu_rate() {
	awk -v bytes="$1" -v a="$2" -v b="$3" -v hz="${SECNET_BENCH_CLK_TCK:-100}" 'BEGIN {
		n = split(a, x, " "); for (i = 1; i < n; i += 2) t0[x[i]] = x[i + 1]
		n = split(b, x, " ")
		for (i = 1; i < n; i += 2)
			if (x[i] in t0 && x[i + 1] - t0[x[i]] > max)
				max = x[i + 1] - t0[x[i]]
		if (max > 0)
			printf "%.2f", bytes * 8 / 1e6 / (max / hz)
		else
			print "-"
	}'
}

# about A B: whether count A matches count B but for a few stray packets
# (ARP, neighbour discovery, the odd packet before the counters were read).
about() {
	awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(b > 0 && d <= 20 + b / 100) }'
}

# measure ROW ROUND: one run; prints Mbit/s and checks that ESP ran where the
# row says it does.
measure() {
	local row=$1 round=$2 json mbps retr tx0 rx0 tx rx sa_rx0 sa_rx
	local esp_tx0 esp_rx0 esp_tx esp_rx st i dir cpu0 cpu1 cpu_mbps
	local prof=${SECNET_BENCH_DIR:-/tmp}/xfrm-$row.profile perf

	if [ "$row" = offload ]; then
		modprobe secnet_xfrm
	else
		xfrm_unload
	fi
	setup "$row"
	if [ "$row" = offload ]; then
		st=$(ip -n "$SND" xfrm state)
		for dir in out in; do
			grep -q "crypto offload parameters: dev $DEV_SND dir $dir" <<<"$st" ||
				die "offload: the kernel kept the sender's SAs in software:"$'\n'"$st"
		done
	fi

	# Pinned apart: sender on CPU 0, receiver on CPU 1, every run alike.
	rcv iperf3 -s -1 -B "$B" -A 1 >/dev/null 2>&1 &
	for ((i = 0; i < 100; i++)); do
		rcv ss -Hltn "sport = :5201" | grep -q . && break
		sleep 0.1
	done
	tx0=$(link_stat "$SND" "$DEV_SND" tx) rx0=$(link_stat "$SND" "$DEV_SND" rx)
	sa_rx0=$(sa_packets "$RCV" "$A" "$B" $SPI_OUT)
	if [ "$row" = offload ]; then
		esp_tx0=$(esp_stat esp_tx_packets) esp_rx0=$(esp_stat esp_rx_packets)
	fi
	host_cpu
	cpu0=$HOST_CPU
	# The profile spans the client's run, no more.
	perf=()
	((round)) || perf=(perf record -q -a -g -o "/tmp/xfrm-$row.data" --)
	json=$("${perf[@]}" ip netns exec "$SND" iperf3 -c "$B" -B "$A" -t "$secs" -A 0 -J) ||
		die "$row: iperf3 failed: $(jq -r '.error // empty' <<<"$json")"
	wait
	host_cpu
	cpu1=$HOST_CPU
	tx=$(($(link_stat "$SND" "$DEV_SND" tx) - tx0))
	rx=$(($(link_stat "$SND" "$DEV_SND" rx) - rx0))
	sa_rx=$(($(sa_packets "$RCV" "$A" "$B" $SPI_OUT) - sa_rx0))
	mbps=$(jq '.end.sum_received.bits_per_second / 1e6' <<<"$json")
	retr=$(jq '.end.sum_sent.retransmits' <<<"$json")
	cpu_mbps=$(cpu_rate "$(jq '.end.sum_received.bytes' <<<"$json")" "$cpu0" "$cpu1")

	# Every data packet went through ESP: the receiver's SA saw them all.
	about "$sa_rx" "$tx" ||
		die "$row: $DEV_SND sent $tx packets, the receiver's SA decrypted $sa_rx"
	if [ "$row" = offload ]; then
		esp_tx=$(($(esp_stat esp_tx_packets) - esp_tx0))
		esp_rx=$(($(esp_stat esp_rx_packets) - esp_rx0))
		about "$esp_tx" "$tx" ||
			die "offload: $DEV_SND sent $tx packets but encrypted only $esp_tx (ethtool -S esp_tx_packets): not offloaded"
		about "$esp_rx" "$rx" ||
			die "offload: $DEV_SND received $rx packets but decrypted only $esp_rx (ethtool -S esp_rx_packets): not offloaded"
		OFFLOAD_CHECK="sn0 encrypted $esp_tx of $tx packets sent, decrypted $esp_rx of $rx received"
		# Both tfms are alive now: the engine's, and the states' own.
		CRYPTO_SW=$(crypto_pick "seqiv($ALG)")
		# The engine takes the vector unit's internal form ("__") if
		# there is one, else the best synchronous implementation.
		CRYPTO_OFFLOAD=$(crypto_pick "__$ALG" sync)
		[ -n "$CRYPTO_OFFLOAD" ] || CRYPTO_OFFLOAD=$(crypto_pick "$ALG" sync)
	else
		snd ethtool -S "$DEV_SND" 2>/dev/null | grep -q esp_ &&
			die "$row: $DEV_SND has ESP offload counters: secnet_xfrm is loaded"
	fi
	teardown
	if ((round == 0)); then
		{
			echo "# $row: $(printf '%.1f' "$mbps") Mbit/s under perf"
			perf report -i "/tmp/xfrm-$row.data" --stdio --no-children \
				--sort sym -g none --percent-limit 0.5
			perf report -i "/tmp/xfrm-$row.data" --stdio --children \
				--sort sym -g none --percent-limit 2
		} >"$prof" 2>/dev/null || die "perf report failed on /tmp/xfrm-$row.data"
		say "profile of $row: $prof"
		return
	fi
	say "round $round/$rounds, $row: $(printf '%.1f' "$mbps") Mbit/s ($cpu_mbps per CPU second), $tx packets, $retr retransmits"
	RESULT[$row]+=" $mbps"
	CPU_RESULT[$row]+=" $cpu_mbps"
}

# The guest has no udev to load the CPU's crypto modules; once loaded,
# they stay, so SECNET_BENCH_CRYPTO=generic needs a fresh guest.
if [ "$crypto" = cpu ] && grep -qw aes /proc/cpuinfo; then
	modprobe aesni_intel 2>/dev/null || say "this kernel has no aesni_intel: generic crypto"
elif [ "$crypto" = generic ] && grep -q aesni /proc/crypto; then
	die "SECNET_BENCH_CRYPTO=generic: this kernel has AES-NI built in (the debug kernel does); use KERNEL=stock"
fi
# esp4_offload makes software ESP segment late too (ESP GSO): every row
# takes it, as any machine does once a state was offloaded.
modprobe -a veth esp4 esp6 esp4_offload esp6_offload xfrm_user
modprobe -r secnet_xfrm 2>/dev/null || true
teardown

declare -A RESULT=() CPU_RESULT=()
say "$((rounds * ${#ROWS[@]})) runs of $secs s ($mode mode, IPv$family), rows interleaved"
if [ -n "${SECNET_BENCH_PROFILE:-}" ]; then
	command -v perf >/dev/null || die "SECNET_BENCH_PROFILE needs perf (apt-get install linux-perf)"
	first=0
else
	first=1
fi
for ((r = first; r <= rounds; r++)); do
	for row in "${ROWS[@]}"; do
		measure "$row" "$r"
	done
done
xfrm_unload

median() {
	tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END {
		print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# table RESULTS TITLE [GOAL]: the runs of each row, their medians and the
# ratios; with GOAL, whether the offload reaches it.
table() {
	local -n res=$1
	local -A med=()
	local row v r off_veth met

	for row in "${ROWS[@]}"; do
		med[$row]=$(median <<<"${res[$row]}")
	done
	off_veth=$(ratio "${med[offload]}" "${med[veth]}")
	met=$(awk -v r="$off_veth" -v g=$GOAL 'BEGIN { print (r >= g ? "met" : "NOT met") }')
	echo
	printf '%-24s' "$2"
	for ((r = 1; r <= rounds; r++)); do printf '%9s' "run $r"; done
	printf '%9s\n' median
	for row in "${ROWS[@]}"; do
		printf '%-24s' "${LABEL[$row]}"
		for v in ${res[$row]}; do printf '%9.1f' "$v"; done
		printf '%9.1f\n' "${med[$row]}"
	done
	echo "  offload / veth software:   $off_veth${3:+  (goal >= $GOAL: $met)}"
	echo "  secnet sw / veth software: $(ratio "${med[secnet]}" "${med[veth]}")  (what the device costs)"
	echo "  offload / secnet sw:       $(ratio "${med[offload]}" "${med[secnet]}")  (offloaded against software crypto, same device)"
}

echo "xfrm: bulk TCP through ESP, $mode mode, IPv$family, $ALG 128-bit key, $crypto crypto"
echo "iperf3, 1 stream, $secs s per run, median of $rounds; kernel $(uname -r), $(nproc) CPUs"
table RESULT "Mbit/s" goal
if [[ " ${CPU_RESULT[*]}" != *" -"* ]]; then
	table CPU_RESULT "Mbit/s per CPU second"
	echo "  (per host CPU second of the vCPU that worked most: a cost, which"
	echo "  other work on the host disturbs less than the wall-clock rates)"
fi
echo
echo "offload check: $OFFLOAD_CHECK (last offloaded run)"
echo "crypto, software ESP: $CRYPTO_SW"
echo "crypto, sn0's engine: $CRYPTO_OFFLOAD"
