# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# lib.sh: what the benchmarks share, sourced by them from the directory they
# are in (tools/testing/bench/run runs every *.sh there but this one).
#
# For all: die, say, need_tools, median.  For the offload benchmarks, which
# time one iperf3 stream through a veth pair against a secnet pair with and
# without the offload (xfrm.sh, macsec.sh): offload_env, the namespaces, the
# interleaved rounds, their checks and their tables.  Such a benchmark sets
# before offload_rounds:
#   OFFLOAD_MODULE               the module that offloads to sn0;
#   COUNTER_TX, COUNTER_RX       sn0's ethtool -S counters of the packets it
#                                encrypted and decrypted (their prefix is
#                                the offload's: no other row has them);
#   PROTO, UNIT                  what goes through ("ESP", which names
#                                the rows too) and in what ("packets");
#   RX_TOOK                      the receiver's count in words, @ for it;
#   A, B                         the sender's and the receiver's address;
# and defines:
#   setup ROW                    the namespaces $SND and $RCV, joined by
#                                pair_link, with the protocol set up;
#   offload_state                dies unless the kernel took the offload;
#   rx_valid                     the receiver's count of packets taken.

BENCH_NAME=${0##*/}
BENCH_NAME=${BENCH_NAME%.sh}
# The python ends import what they share with the tests' (netns.py).
export PYTHONPATH="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)${PYTHONPATH:+:$PYTHONPATH}"

die() {
	echo "$BENCH_NAME: $*" >&2
	exit 1
}
say() { echo "$BENCH_NAME: $*" >&2; }

# need_tools TOOL...
need_tools() {
	local tool
	for tool; do
		command -v "$tool" >/dev/null || die "$tool is not installed (make deps)"
	done
}

# kmem: the kernel's slab, vmalloc and per-CPU memory now, in bytes.
kmem() {
	awk '$1 == "Slab:" || $1 == "VmallocUsed:" || $1 == "Percpu:" { kb += $2 }
	     END { print kb * 1024 }' /proc/meminfo
}

# kmem_load ROW CMD...: runs CMD, its output thrown away, after the caches
# are dropped; LOAD_MS[ROW] its time in ms, KMEM[ROW] what the kernel's
# memory (kmem) grew by once the frees that grace periods held back are
# done (kvfree_rcu() batches them for up to 5 s); fails if CMD does.
declare -A LOAD_MS KMEM
kmem_load() {
	local row=$1 m0 t0 t1
	shift
	sync
	echo 3 >/proc/sys/vm/drop_caches
	m0=$(kmem)
	t0=$(date +%s%N)
	"$@" >/dev/null || return 1
	t1=$(date +%s%N)
	sleep 6
	KMEM[$row]=$(($(kmem) - m0))
	LOAD_MS[$row]=$(awk -v d=$((t1 - t0)) 'BEGIN { printf "%.0f", d / 1e6 }')
	say "$row: loaded in ${LOAD_MS[$row]} ${ms:-ms}, kernel memory +${KMEM[$row]} bytes"
}

# median: of the numbers on stdin, separated by blanks; nothing for none.
median() {
	tr ' ' '\n' | awk NF | sort -g | awk '{ v[NR] = $1 } END {
		if (NR) print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# offload_env: SECNET_BENCH_SECONDS, _ROUNDS and _CRYPTO into secs, rounds
# and crypto, checked; the tools, the namespaces, rows and goal of the
# offload benchmarks.
offload_env() {
	secs=${SECNET_BENCH_SECONDS:-10}
	rounds=${SECNET_BENCH_ROUNDS:-3}
	crypto=${SECNET_BENCH_CRYPTO:-cpu}
	[[ $secs =~ ^[1-9][0-9]*$ ]] || die "SECNET_BENCH_SECONDS must be a positive number"
	[[ $rounds =~ ^[1-9][0-9]*$ ]] || die "SECNET_BENCH_ROUNDS must be a positive number"
	case $crypto in cpu|generic) ;; *) die "SECNET_BENCH_CRYPTO must be cpu or generic" ;; esac
	need_tools iperf3 ethtool jq
	readonly GOAL=0.90
	readonly SND=sn-bench-snd RCV=sn-bench-rcv
	ROWS=(veth offload secnet)
	declare -gA RESULT=() CPU_RESULT=()
}

snd() { ip netns exec "$SND" "$@"; }
rcv() { ip netns exec "$RCV" "$@"; }

pair_teardown() {
	ip netns del "$SND" 2>/dev/null || true
	ip netns del "$RCV" 2>/dev/null || true
}

# pair_link ROW: the two namespaces and the link between them, a veth pair
# for the row veth, else a secnet pair; sets DEV_SND and DEV_RCV.
# shellcheck disable=SC2034 # DEV_RCV is for the benchmark's setup
pair_link() {
	ip netns add "$SND"
	ip netns add "$RCV"
	if [ "$1" = veth ]; then
		DEV_SND=veth0 DEV_RCV=veth1
		ip -n "$SND" link add veth0 type veth peer name veth1 netns "$RCV"
	else
		DEV_SND=sn0 DEV_RCV=sn1
		ip -n "$SND" link add sn0 type secnet
		ip -n "$SND" link set sn1 netns "$RCV"
	fi
}

# offload_unload: the offload module goes in and out between rows; what the
# kernel frees late (xfrm states after their GC, a SecY after namespace
# cleanup) may hold it for a moment.
offload_unload() {
	local i
	for ((i = 0; i < 50; i++)); do
		grep -q "^$OFFLOAD_MODULE " /proc/modules || return 0
		rmmod "$OFFLOAD_MODULE" 2>/dev/null && return 0
		sleep 0.2
	done
	die "cannot unload $OFFLOAD_MODULE: $(rmmod "$OFFLOAD_MODULE" 2>&1)"
}

# link_stat NS DEV rx|tx: packets through DEV so far.
link_stat() {
	ip -n "$1" -s -j link show "$2" | jq ".[0].stats64.$3.packets"
}

# dev_stat NAME: one of sn0's offload counters (ethtool -S).
dev_stat() {
	snd ethtool -S "$DEV_SND" | awk -v n="$1:" '$1 == n { print $2; f = 1 } END { exit !f }'
}

# about A B: whether count A matches count B but for a few stray packets
# (ARP, neighbour discovery, the odd packet before the counters were read).
about() {
	awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(b > 0 && d <= 20 + b / 100) }'
}

# crypto_modules: the guest has no udev to load the CPU's crypto modules;
# once loaded, they stay, so SECNET_BENCH_CRYPTO=generic needs a fresh guest.
crypto_modules() {
	if [ "$crypto" = cpu ] && grep -qw aes /proc/cpuinfo; then
		modprobe aesni_intel 2>/dev/null || say "this kernel has no aesni_intel: generic crypto"
		# GHASH on its own (the kTLS device's receive) is a module of its own.
		grep -qw pclmulqdq /proc/cpuinfo && modprobe -q ghash-clmulni-intel 2>/dev/null
	elif [ "$crypto" = generic ] && grep -q aesni /proc/crypto; then
		die "SECNET_BENCH_CRYPTO=generic: this kernel has AES-NI built in (the debug kernel does); use KERNEL=stock"
	fi
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

# offload_run ROW ROUND: one run; records Mbit/s and checks that the protocol ran
# where the row says it does.  Round 0 is the uncounted profile.
offload_run() {
	local row=$1 round=$2 json mbps retr tx0 rx0 tx rx ok0 ok
	local off_tx0 off_rx0 off_tx off_rx i cpu0 cpu1 cpu_mbps
	local data=/tmp/$BENCH_NAME-$row.data
	local prof=${SECNET_BENCH_DIR:-/tmp}/$BENCH_NAME-$row.profile perf=()

	if [ "$row" = offload ]; then
		modprobe "$OFFLOAD_MODULE"
	else
		offload_unload
	fi
	setup "$row"
	[ "$row" != offload ] || offload_state

	# Pinned apart: sender on CPU 0, receiver on CPU 1, every run alike.
	rcv iperf3 -s -1 -B "$B" -A 1 >/dev/null 2>&1 &
	for ((i = 0; i < 100; i++)); do
		rcv ss -Hltn "sport = :5201" | grep -q . && break
		sleep 0.1
	done
	tx0=$(link_stat "$SND" "$DEV_SND" tx) rx0=$(link_stat "$SND" "$DEV_SND" rx)
	ok0=$(rx_valid)
	if [ "$row" = offload ]; then
		off_tx0=$(dev_stat "$COUNTER_TX") off_rx0=$(dev_stat "$COUNTER_RX")
	fi
	host_cpu
	cpu0=$HOST_CPU
	# The profile spans the client's run, no more.
	((round)) || perf=(perf record -q -a -g -o "$data" --)
	json=$("${perf[@]}" ip netns exec "$SND" iperf3 -c "$B" -B "$A" -t "$secs" -A 0 -J) ||
		die "$row: iperf3 failed: $(jq -r '.error // empty' <<<"$json")"
	wait
	host_cpu
	cpu1=$HOST_CPU
	tx=$(($(link_stat "$SND" "$DEV_SND" tx) - tx0))
	rx=$(($(link_stat "$SND" "$DEV_SND" rx) - rx0))
	ok=$(($(rx_valid) - ok0))
	mbps=$(jq '.end.sum_received.bits_per_second / 1e6' <<<"$json")
	retr=$(jq '.end.sum_sent.retransmits' <<<"$json")
	cpu_mbps=$(cpu_rate "$(jq '.end.sum_received.bytes' <<<"$json")" "$cpu0" "$cpu1")

	# Every packet went through the protocol: the receiver took them all.
	about "$ok" "$tx" || die "$row: $DEV_SND sent $tx $UNIT, ${RX_TOOK//@/$ok}"
	if [ "$row" = offload ]; then
		off_tx=$(($(dev_stat "$COUNTER_TX") - off_tx0))
		off_rx=$(($(dev_stat "$COUNTER_RX") - off_rx0))
		about "$off_tx" "$tx" ||
			die "offload: $DEV_SND sent $tx $UNIT but encrypted only $off_tx (ethtool -S $COUNTER_TX): not offloaded"
		about "$off_rx" "$rx" ||
			die "offload: $DEV_SND received $rx $UNIT but decrypted only $off_rx (ethtool -S $COUNTER_RX): not offloaded"
		OFFLOAD_CHECK="sn0 encrypted $off_tx of $tx $UNIT sent, decrypted $off_rx of $rx received"
	elif snd ethtool -S "$DEV_SND" 2>/dev/null | grep -q "${COUNTER_TX%%_*}_"; then
		die "$row: $DEV_SND has $PROTO offload counters: $OFFLOAD_MODULE is loaded"
	fi
	pair_teardown
	if ((round == 0)); then
		{
			echo "# $row: $(printf '%.1f' "$mbps") Mbit/s under perf"
			perf report -i "$data" --stdio --no-children \
				--sort sym -g none --percent-limit 0.5
			perf report -i "$data" --stdio --children \
				--sort sym -g none --percent-limit 2
		} >"$prof" 2>/dev/null || die "perf report failed on $data"
		say "profile of $row: $prof"
		return
	fi
	say "round $round/$rounds, $row: $(printf '%.1f' "$mbps") Mbit/s ($cpu_mbps per CPU second), $tx $UNIT, $retr retransmits"
	RESULT[$row]+=" $mbps"
	CPU_RESULT[$row]+=" $cpu_mbps"
}

# offload_rounds WHAT: the rows interleaved, round after round, with first
# an uncounted round under perf if SECNET_BENCH_PROFILE is set.
offload_rounds() {
	local first=1 r row

	say "$((rounds * ${#ROWS[@]})) runs of $secs s$1, rows interleaved"
	if [ -n "${SECNET_BENCH_PROFILE:-}" ]; then
		command -v perf >/dev/null || die "SECNET_BENCH_PROFILE needs perf (apt-get install linux-perf)"
		first=0
	fi
	for ((r = first; r <= rounds; r++)); do
		for row in "${ROWS[@]}"; do
			offload_run "$row" "$r"
		done
	done
	offload_unload
}

offload_ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# table RESULTS TITLE [GOAL]: the runs of each row, their medians and the
# ratios; with GOAL, whether the offload reaches it.
table() {
	local -n res=$1
	local -A med=() label=(
		[veth]="veth, software $PROTO"
		[offload]="secnet, $PROTO offloaded"
		[secnet]="secnet, software $PROTO"
	)
	local row v r off_veth met w=${#2}

	for row in "${ROWS[@]}"; do
		med[$row]=$(median <<<"${res[$row]}")
		((${#label[$row]} <= w)) || w=${#label[$row]}
	done
	w=$((w + 3))
	off_veth=$(offload_ratio "${med[offload]}" "${med[veth]}")
	met=$(awk -v r="$off_veth" -v g="$GOAL" 'BEGIN { print (r >= g ? "met" : "NOT met") }')
	echo
	printf '%-*s' $w "$2"
	for ((r = 1; r <= rounds; r++)); do printf '%9s' "run $r"; done
	printf '%9s\n' median
	for row in "${ROWS[@]}"; do
		printf '%-*s' $w "${label[$row]}"
		for v in ${res[$row]}; do printf '%9.1f' "$v"; done
		printf '%9.1f\n' "${med[$row]}"
	done
	echo "  offload / veth software:   $off_veth${3:+  (goal >= $GOAL: $met)}"
	echo "  secnet sw / veth software: $(offload_ratio "${med[secnet]}" "${med[veth]}")  (what the device costs)"
	echo "  offload / secnet sw:       $(offload_ratio "${med[offload]}" "${med[secnet]}")  (offloaded against software crypto, same device)"
}

# offload_report with-cpu|no-cpu: the tables after the benchmark's title
# line: Mbit/s and its goal, with-cpu also Mbit/s per host CPU second, then
# what the last offloaded run counted.
offload_report() {
	echo "iperf3, 1 stream, $secs s per run, median of $rounds; kernel $(uname -r), $(nproc) CPUs"
	table RESULT "Mbit/s" goal
	if [ "$1" = with-cpu ] && [[ " ${CPU_RESULT[*]}" != *" -"* ]]; then
		table CPU_RESULT "Mbit/s per CPU second"
		echo "  (per host CPU second of the vCPU that worked most: a cost, which"
		echo "  other work on the host disturbs less than the wall-clock rates)"
	fi
	echo
	echo "offload check: $OFFLOAD_CHECK (last offloaded run)"
}

# nfbench_start PREFIX: for the benchmarks that inject packets with
# secnet_nfbench into namespaces named PREFIX*: makes the work directory
# WORK, deletes those namespaces and WORK on exit, mounts debugfs and loads
# the module.
nfbench_start() {
	NS_PREFIX=$1
	work=$(mktemp -d)
	trap 'nfbench_teardown; rm -rf "$work"' EXIT
	mountpoint -q /sys/kernel/debug || mount -t debugfs debugfs /sys/kernel/debug
	modprobe secnet_nfbench ||
		die "cannot load secnet_nfbench (built with SECNET_TEST_MODULES=m)"
}

# nfbench_teardown: deletes the namespaces nfbench_start named.
nfbench_teardown() {
	local ns
	for ns in $(ip netns list | awk -v p="$NS_PREFIX" 'index($1, p) == 1 { print $1 }'); do
		ip netns del "$ns"
	done
}

# nsx ROW CMD...: CMD in ROW's namespace, nothing else unshared (ip netns
# exec would remount /sys and hide debugfs).
nsx() {
	local ns=$1
	shift
	nsenter --net="/run/netns/$NS_PREFIX$ns" "$@"
}
