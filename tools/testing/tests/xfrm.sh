#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# IPsec ESP crypto offload (secnet_xfrm): namespace A offloads its SAs to sn0,
# namespace B runs the kernel's software ESP on sn1, and they must agree on
# every byte, both ways, IPv4 and IPv6, transport and tunnel.
. "$(dirname "$0")/../lib.sh"

t_plan 91 73

NSA=sn-xfrm-a NSB=sn-xfrm-b
A4=10.98.0.1 B4=10.98.0.2 A6=fd00:98::1 B6=fd00:98::2
# 128-bit and 256-bit AES keys, each followed by the 32-bit salt.
K128=0x000102030405060708090a0b0c0d0e0f10111213
K256=0x202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f40414243
DATA=$(mktemp -d)
na() { ip netns exec "$NSA" "$@"; }
nb() { ip netns exec "$NSB" "$@"; }
# pingq NS ADDR [COUNT]: quiet pings from NS; fails if any is lost.
pingq() {
	ip netns exec "$1" busybox ping -q -c "${3:-3}" -i 0.1 -W 2 "$2" >/dev/null
}

# estat NS DEV NAME...: the named `ethtool -S` counters, space-separated.
estat() {
	local ns=$1 dev=$2
	shift 2
	ip netns exec "$ns" ethtool -S "$dev" |
		awk -v want="$*" 'BEGIN { n = split(want, w) }
			{ sub(":", "", $1); v[$1] = $2 }
			END { for (i = 1; i <= n; i++) printf "%s%s", (i > 1 ? " " : ""), v[w[i]] }'
}

# xstat NS NAME: a /proc/net/xfrm_stat counter of the namespace.
xstat() { ip netns exec "$1" awk -v n="$2" '$1 == n { print $2 }' /proc/net/xfrm_stat; }

# Tunnel mode joins two sites: each namespace has an inner address on lo,
# routed to the other's through the tunnel.
I4A=10.97.1.1 I4B=10.97.2.1 I6A=fd00:97:1::1 I6B=fd00:97:2::1

# sas NS FAMILY MODE OUT IN [KEY]: replaces NS's SAs and policies with a pair
# between A and B; OUT and IN are "offload dev DEV dir out|in" or empty.
sas() {
	local ns=$1 fam=$2 mode=$3 out=$4 in=$5 key=${6:-$K128} a b ia ib
	local me peer sme speer
	if [ "$fam" = 4 ]; then
		a=$A4 b=$B4 ia=$I4A ib=$I4B
	else
		a=$A6 b=$B6 ia=$I6A ib=$I6B
	fi
	[ "$mode" = transport ] && ia=$a ib=$b
	if [ "$ns" = "$NSA" ]; then
		me=$a peer=$b sme=$ia speer=$ib
	else
		me=$b peer=$a sme=$ib speer=$ia
	fi
	# SPI 0x100 carries A to B, 0x200 B to A.
	local spi_out=0x100 spi_in=0x200
	[ "$ns" = "$NSB" ] && spi_out=0x200 spi_in=0x100
	ip -n "$ns" -batch - <<-EOF
		xfrm state flush
		xfrm policy flush
		xfrm state add src $me dst $peer proto esp spi $spi_out reqid 1 mode $mode aead rfc4106(gcm(aes)) $key 128 $out
		xfrm state add src $peer dst $me proto esp spi $spi_in reqid 2 mode $mode aead rfc4106(gcm(aes)) $key 128 $in
		xfrm policy add src $sme dst $speer dir out tmpl src $me dst $peer proto esp reqid 1 mode $mode
		xfrm policy add src $speer dst $sme dir in tmpl src $peer dst $me proto esp reqid 2 mode $mode
	EOF
}

# transfer FROM_NS TO_NS TO_ADDR PORT [HOLD]: sends $DATA/blob over TCP;
# prints the sha256 the receiver got.  With HOLD, the sender stops after the
# first half until the file $DATA/go exists.
transfer() {
	local from=$1 to=$2 addr=$3 port=$4 hold=${5:-} out listen=TCP4-LISTEN
	out=$DATA/recv.$port
	[[ $addr == *:* ]] && listen=TCP6-LISTEN addr="[$addr]"
	rm -f "$out"
	timeout 150 ip netns exec "$to" socat -u "$listen:$port,reuseaddr" \
		"OPEN:$out,creat,trunc" &
	local srv=$!
	{
		if [ -n "$hold" ]; then
			dd bs=$((BLOB / 2)) count=1 status=none
			while [ ! -e "$DATA/go" ]; do nap 0.1; done
		fi
		cat
	} <"$DATA/blob" |
		timeout 120 ip netns exec "$from" socat -u - \
			"TCP:$addr:$port,retry=100,interval=0.1" 2>&1
	wait "$srv"
	sha256sum <"$out" | cut -d' ' -f1
}

# received PORT: bytes the receiver of a transfer() has so far.
received() { stat -c %s "$DATA/recv.$1" 2>/dev/null || echo 0; }

# listening ERR: waits, up to 10 s, until the tcpdump whose stderr goes to
# ERR says it listens.
listening() {
	local i err
	for ((i = 0; i < 100; i++)); do
		slurp err "$1"
		[[ $err == *listening* ]] && return
		nap 0.1
	done
}

# capture NS DEV FILTER COUNT: starts tcpdump in the background, returns
# once it listens; `wait $CAP` collects COUNT packets into $DATA/cap.pcap.
capture() {
	rm -f "$DATA/cap.pcap" "$DATA/cap.err"
	timeout 60 ip netns exec "$1" tcpdump -i "$2" -nn -U -c "$4" \
		-w "$DATA/cap.pcap" "$3" 2>"$DATA/cap.err" &
	CAP=$!
	listening "$DATA/cap.err"
}

# wirecap NS DEV: captures the ESP headers crossing DEV into $DATA/wire.pcap
# until wirecap_end; returns once tcpdump listens.
wirecap() {
	rm -f "$DATA/wire.pcap" "$DATA/wire.err"
	timeout 300 ip netns exec "$1" tcpdump -i "$2" -nn -U -s 96 -B 16384 \
		-w "$DATA/wire.pcap" esp 2>"$DATA/wire.err" &
	WIRECAP=$!
	listening "$DATA/wire.err"
}
# tcpdump reads its ring behind the traffic, and what it has not read when
# SIGINT comes is lost: wait until the capture stops growing first.
wirecap_end() {
	local i size last=-1
	for ((i = 0; i < 40; i++)); do
		size=$(stat -c %s "$DATA/wire.pcap" 2>/dev/null)
		[ "$size" = "$last" ] && break
		last=$size
		nap 0.5
	done
	kill -INT "$WIRECAP"
	wait "$WIRECAP"
}

# ivcheck SPI MIN: "ok" if $DATA/wire.pcap has at least MIN ESP packets of
# SPI, each with its own sequence number and IV, and every IV is be64(seq)
# XOR one salt, as seqiv makes them.
ivcheck() {
	python3 - "$DATA/wire.pcap" "$@" <<-'EOF'
	import struct, sys
	data = open(sys.argv[1], "rb").read()
	spi, need = int(sys.argv[2], 0), int(sys.argv[3])
	off, ivs, seqs, salts = 24, set(), set(), set()
	n = 0
	while off + 16 <= len(data):
	    incl = struct.unpack_from("<I", data, off + 8)[0]
	    pkt = data[off + 16:off + 16 + incl]
	    off += 16 + incl
	    ip = pkt[14:]
	    esp = ip[40:] if ip[0] >> 4 == 6 else ip[(ip[0] & 15) * 4:]
	    if len(esp) < 16 or struct.unpack(">I", esp[:4])[0] != spi:
	        continue
	    seq, iv = struct.unpack(">IQ", esp[4:16])
	    n += 1
	    seqs.add(seq)
	    ivs.add(iv)
	    salts.add(iv ^ seq)
	bad = []
	if n < need:
	    bad.append("only %d packets" % n)
	if len(ivs) != n or len(seqs) != n:
	    bad.append("%d packets, %d IVs, %d sequence numbers" %
	               (n, len(ivs), len(seqs)))
	if len(salts) != 1:
	    bad.append("%d salts" % len(salts))
	print("; ".join(bad) or "ok")
	EOF
}

# The stock guest runs the whole matrix with 4 MB transfers.  In the debug
# guest every byte's AES-GCM runs under KASAN and emulation at ~100 KB/s:
# there IPv4 transport and IPv6 tunnel (every family, every mode, and the
# same code) move 512 KB each way.
BLOB=$((4 << 20)) MATRIX="4-transport 4-tunnel 6-transport 6-tunnel"
if [ "$SECNET_FLAVOR" = debug ]; then
	BLOB=$((512 << 10)) MATRIX="4-transport 6-tunnel"
fi
head -c "$BLOB" /dev/urandom >"$DATA/blob"
SUM=$(sha256sum <"$DATA/blob" | cut -d' ' -f1)

kmsg_mark
secnet_load || { fail "load secnet.ko"; t_done; }
# With AES-NI loaded, as on any x86 host that has it, the device takes the
# vector-unit path; without it, the portable one.
modprobe -q aesni_intel 2>/dev/null
expect_rc "secnet_xfrm.ko loads" 0 insmod "$(ko xfrm/secnet_xfrm.ko)"
netns_add "$NSA" && netns_add "$NSB"
ip link add sn0 netns "$NSA" type secnet
ip -n "$NSA" link set sn1 netns "$NSB"
# setup NS DEV ME4 ME6 PEER4 PEER6 PEER_MAC INNER4 INNER6 PEER_INNER4
# PEER_INNER6: addresses, routes to the other site, and static neighbours
# (ND between the two would itself match the policies).  Every IPv6 address
# is nodad: one still tentative, even on lo for the instant before its DAD
# work runs, is refused as a route's source ("Invalid source address").
setup() {
	ip -n "$1" -batch - <<-EOF
		link set lo up
		link set $2 up
		addr add $3/24 dev $2
		addr add $4/64 dev $2 nodad
		neigh add $5 lladdr $7 dev $2 nud permanent
		neigh add $6 lladdr $7 dev $2 nud permanent
		addr add $8/32 dev lo
		addr add $9/128 dev lo nodad
		route add ${10}/32 via $5 src $8
		route add ${11}/128 via $6 src $9
	EOF
}
mac() { ip -n "$1" -br link show "$2" | awk '{ print $3 }'; }
setup "$NSA" sn0 $A4 $A6 $B4 $B6 "$(mac "$NSB" sn1)" $I4A $I6A $I4B $I6B
setup "$NSB" sn1 $B4 $B6 $A4 $A6 "$(mac "$NSA" sn0)" $I4B $I6B $I4A $I6A
expect_match "sn0 advertises esp-hw-offload" \
	"$(na ethtool -k sn0 | grep '^esp-hw-offload')" ': on$'

for cfg in $MATRIX; do
	fam=${cfg%-*} mode=${cfg#*-}
	c="IPv$fam $mode"
	a=$A4 b=$B4 ia=$I4A ib=$I4B
	[ "$fam" = 6 ] && a=$A6 b=$B6 ia=$I6A ib=$I6B
	# Traffic between the sites' inner addresses, or the hosts'.
	[ "$mode" = transport ] && ia=$a ib=$b
	sas "$NSA" "$fam" "$mode" "offload dev sn0 dir out" \
		"offload dev sn0 dir in"
	sas "$NSB" "$fam" "$mode" "" ""
	expect_eq "$c: both SAs offloaded to sn0" \
		"$(na ip xfrm state | grep -c 'crypto offload parameters: dev sn0 dir \(out\|in\)')" 2
	read -r tx0 rx0 <<<"$(estat "$NSA" sn0 esp_tx_packets esp_rx_packets)"
	# The hosts' addresses are what crosses the wire in both modes.
	capture "$NSB" sn1 "host $a and host $b" 12
	expect_rc "$c: ping A to B" 0 pingq "$NSA" "$ib"
	expect_rc "$c: ping B to A" 0 pingq "$NSB" "$ia"
	wait "$CAP"
	expect_eq "$c: on the wire, every packet is ESP" \
		"$(tcpdump -nn -r "$DATA/cap.pcap" 'not esp' 2>/dev/null | head -3)$(tcpdump -nn -r "$DATA/cap.pcap" esp 2>/dev/null | wc -l)" \
		"12"
	wirecap "$NSB" sn1
	expect_eq "$c: $((BLOB >> 10)) KB A to B over TCP arrives intact" \
		"$(transfer "$NSA" "$NSB" "$ib" 5001)" "$SUM"
	wirecap_end
	# TCP hands sn0 GSO skbs, segmented in software before the device:
	# each segment needs its own IV, never the next packet's.
	expect_eq "$c: bulk TCP: every ESP packet from sn0 has its own IV (seqiv)" \
		"$(ivcheck 0x100 $((BLOB / 3000)))" ok
	expect_eq "$c: $((BLOB >> 10)) KB B to A over TCP arrives intact" \
		"$(transfer "$NSB" "$NSA" "$ia" 5002)" "$SUM"
	read -r tx1 rx1 <<<"$(estat "$NSA" sn0 esp_tx_packets esp_rx_packets)"
	# Each way, over BLOB / 1448 full-sized segments.
	expect_eq "$c: sn0 encrypted and decrypted them" \
		"$(( tx1 - tx0 > BLOB / 1500 && rx1 - rx0 > BLOB / 1500 ))" 1
	expect_eq "$c: B saw no ESP error" \
		"$(xstat "$NSB" XfrmInStateProtoError) $(xstat "$NSB" XfrmInError)" "0 0"
done

# Byte-identical to software ESP: seqiv makes IV = be64(seq) XOR a random
# salt of the state's software transform.  The device must use that salt: the
# same state sends through the device and, with the offload switched off,
# through software, and every packet must yield the one salt.
sas "$NSA" 4 transport "offload dev sn0 dir out" "offload dev sn0 dir in"
sas "$NSB" 4 transport "" ""
capture "$NSB" sn1 "esp and src $A4" 6
pingq "$NSA" "$B4" >/dev/null
na ethtool -K sn0 esp-hw-offload off
read -r tx0 <<<"$(estat "$NSA" sn0 esp_tx_packets)"
expect_rc "ping A to B with esp-hw-offload off (software fallback)" 0 \
	pingq "$NSA" "$B4"
expect_eq "the fallback did not use the device" \
	"$(estat "$NSA" sn0 esp_tx_packets)" "$tx0"
na ethtool -K sn0 esp-hw-offload on
wait "$CAP"
expect_eq "device and software IVs come from the same seqiv salt" \
	"$(python3 - "$DATA/cap.pcap" <<-'EOF'
	import struct, sys
	data = open(sys.argv[1], "rb").read()
	off, salts, seqs = 24, set(), []
	while off < len(data):
	    incl = struct.unpack_from("<I", data, off + 8)[0]
	    pkt = data[off + 16:off + 16 + incl]
	    off += 16 + incl
	    esp = pkt[14 + (pkt[14] & 15) * 4:]
	    seq = struct.unpack(">I", esp[4:8])[0]
	    seqs.append(seq)
	    salts.add(struct.unpack(">Q", esp[8:16])[0] ^ seq)
	print(len(salts), seqs)
	EOF
	)" "1 [1, 2, 3, 4, 5, 6]"

# Both ends offloaded: the devices interoperate with each other too, and a
# corrupted ICV is caught by the receiving device, counted and never
# delivered.
sas "$NSB" 4 transport "offload dev sn1 dir out" "offload dev sn1 dir in"
expect_rc "ping over two offloading devices" 0 pingq "$NSA" "$B4"
fail0=$(xstat "$NSA" XfrmInStateProtoError)
expect_rc "fault: corrupt the next 2 ICVs sn1 sends" 0 \
	nb secnetctl xfrm fault set dev sn1 corrupt-icv 2
expect_rc "ping with corrupted ICVs gets no reply" 1 pingq "$NSA" "$B4" 2
expect_eq "sn0 counted 2 authentication failures" \
	"$(estat "$NSA" sn0 esp_rx_auth_fail)" 2
expect_eq "the stack dropped both (XfrmInStateProtoError)" \
	"$(( $(xstat "$NSA" XfrmInStateProtoError) - fail0 ))" 2
expect_match "the inbound SA shows them" \
	"$(na secnetctl xfrm show dev sn0)" 'sn0 in esp spi 0x00000200 .* auth-fails 2$'
expect_rc "traffic resumes after the fault" 0 pingq "$NSA" "$B4" 1

# Software peer rejects what the device corrupts.
sas "$NSB" 4 transport "" ""
fail0=$(xstat "$NSB" XfrmInStateProtoError)
na secnetctl xfrm fault set dev sn0 corrupt-icv 1
expect_rc "a corrupted ICV from sn0 is not answered" 1 pingq "$NSA" "$B4" 1
expect_eq "software ESP on B rejected it" \
	"$(( $(xstat "$NSB" XfrmInStateProtoError) - fail0 ))" 1

# Drops and refusals.
read -r d0 r0 <<<"$(estat "$NSA" sn0 esp_tx_dropped esp_rx_dropped)"
na secnetctl xfrm fault set dev sn0 drop-tx 1 drop-rx 1
pingq "$NSA" "$B4" 4 >/dev/null
expect_eq "drop-tx 1 and drop-rx 1 each dropped one packet" \
	"$(estat "$NSA" sn0 esp_tx_dropped esp_rx_dropped)" "$((d0 + 1)) $((r0 + 1))"
expect_eq "fault counts are used up" \
	"$(na secnetctl -j xfrm fault show dev sn0 | jq -c '.[0] | [.refuse_add, .corrupt_icv, .drop_tx, .drop_rx]')" \
	"[0,0,0,0]"
na secnetctl xfrm fault set dev sn0 refuse-add 1
expect_rc "refuse-add 1: the next offloaded SA add fails" 2 \
	na ip xfrm state add src $A4 dst $B4 proto esp spi 0x300 mode transport \
	aead 'rfc4106(gcm(aes))' $K128 128 offload dev sn0 dir out
expect_eq "... and leaves no state" \
	"$(na ip xfrm state get src $A4 dst $B4 proto esp spi 0x300 2>/dev/null | wc -l)" 0
expect_rc "the add after it succeeds" 0 \
	na ip xfrm state add src $A4 dst $B4 proto esp spi 0x300 mode transport \
	aead 'rfc4106(gcm(aes))' $K128 128 offload dev sn0 dir out

# What the device cannot do stays in software.
na ip xfrm state flush
declined() {
	na ip xfrm state add src $A4 dst $B4 proto esp spi "$1" mode transport \
		"${@:2}" offload dev sn0 dir out &&
	na ip xfrm state get src $A4 dst $B4 proto esp spi "$1" |
		grep -c 'crypto offload'
}
expect_eq "AES-GCM with a 192-bit key is kept in software" \
	"$(declined 0x401 aead 'rfc4106(gcm(aes))' 0x$(printf '%056x' 7) 128)" 0
expect_eq "a 64-bit ICV is kept in software" \
	"$(declined 0x402 aead 'rfc4106(gcm(aes))' $K128 64)" 0
expect_eq "AES-CBC with HMAC-SHA256 is kept in software" \
	"$(declined 0x403 enc 'cbc(aes)' 0x$(printf '%032x' 1) \
		auth-trunc 'hmac(sha256)' 0x$(printf '%064x' 2) 128)" 0
expect_eq "ESN is offloaded" \
	"$(declined 0x404 aead 'rfc4106(gcm(aes))' $K256 128 flag esn replay-window 32)" 1
expect_match "the xfrm subsystem counted the declined ones" \
	"$(na secnetctl -j status | jq -c '.[] | select(.name == "xfrm") | .counters.sa_declined')" '^[3-9]$'

# Visibility: the SAs through the family, never the key.
sas "$NSA" 6 tunnel "offload dev sn0 dir out" "offload dev sn0 dir in" "$K256"
sas "$NSB" 6 tunnel "" "" "$K256"
pingq "$NSA" "$I6B" 2 >/dev/null
js=$(na secnetctl -j xfrm show dev sn0)
expect_eq "xfrm show -j lists both SAs with their fields" \
	"$(jqv "$js" '[.[] | [.dir, .family, .src, .dst, .spi, .mode, .alg, .key_bits, .icv_bits, .packets] | map(tostring) | join(",")] | sort | join(" ")')" \
	"in,ipv6,$B6,$A6,512,tunnel,rfc4106(gcm(aes)),256,128,2 out,ipv6,$A6,$B6,256,tunnel,rfc4106(gcm(aes)),256,128,2"
expect_match "xfrm show text" "$(na secnetctl xfrm show)" \
	"^sn0 out esp spi 0x00000100 src $A6 dst $B6 mode tunnel aead rfc4106\(gcm\(aes\)\) key 256 icv 128 packets 2 bytes [0-9]+"
run secnetctl xfrm show dev lo
expect_eq "xfrm show of a device not secnet's names it as typed" "$ERR" \
	"Error: dev lo: no secnet device with this index."
expect_no_match "no key material in any output" \
	"$(na secnetctl -j xfrm show; na secnetctl xfrm show; na ethtool -S sn0)" \
	"${K256:2:16}|${K256: -16}"
expect_eq "ethtool -S counts the SAs offloaded now" \
	"$(estat "$NSA" sn0 esp_sa_offloaded)" 2
expect_eq "the peer device has none" "$(estat "$NSB" sn1 esp_sa_offloaded)" 0
na ip xfrm state flush
expect_eq "deleting the states empties the device" \
	"$(estat "$NSA" sn0 esp_sa_offloaded) $(na secnetctl -j xfrm show | jq length)" \
	"0 0"

# A bond over a secnet device: the kernel gives the state to the bond, which
# passes it on to its active slave (xso.real_dev), so the offload callbacks
# must take the slave, never the bond.  A bond made in active-backup mode
# starts with esp-hw-offload off; its ESP segmentation and checksum offload,
# which it would claim whatever its slaves can do (the secnet device does
# neither), stay off.
I4C=10.95.0.1 I4D=10.95.0.2
modprobe -q bonding 2>/dev/null
IP_LIB_DIR=$SECNET_MODDIR/tools/iproute2 ip -n "$NSA" link add sn2 type secnet \
	peer name sn3 netns "$NSB"
ip -n "$NSA" -batch - <<-EOF2
	link add bond0 type bond mode active-backup
	link set sn2 master bond0
	link set bond0 up
	addr add $I4C/24 dev bond0
	neigh add $I4D lladdr $(mac "$NSB" sn3) dev bond0 nud permanent
EOF2
na ethtool -K bond0 esp-hw-offload on tx-esp-segmentation off \
	esp-tx-csum-hw-offload off
ip -n "$NSB" -batch - <<-EOF2
	link set sn3 up
	addr add $I4D/24 dev sn3
	neigh add $I4C lladdr $(mac "$NSA" bond0) dev sn3 nud permanent
EOF2
bondsas() {
	ip -n "$1" -batch - <<-EOF2
		xfrm state flush
		xfrm policy flush
		xfrm state add src $I4C dst $I4D proto esp spi 0x500 reqid 5 mode transport aead rfc4106(gcm(aes)) $K128 128 $2
		xfrm state add src $I4D dst $I4C proto esp spi 0x600 reqid 6 mode transport aead rfc4106(gcm(aes)) $K128 128 $3
		xfrm policy add src $I4C dst $I4D dir $4 tmpl src $I4C dst $I4D proto esp reqid 5 mode transport
		xfrm policy add src $I4D dst $I4C dir $5 tmpl src $I4D dst $I4C proto esp reqid 6 mode transport
	EOF2
}
bondsas "$NSA" "offload dev bond0 dir out" "offload dev bond0 dir in" out in
bondsas "$NSB" "" "" in out
expect_eq "bond: both states offloaded through bond0" \
	"$(na ip xfrm state | grep -c 'crypto offload parameters: dev bond0 dir \(out\|in\)')" 2
expect_eq "bond: ... to its secnet slave sn2" "$(estat "$NSA" sn2 esp_sa_offloaded)" 2
read -r tx0 rx0 <<<"$(estat "$NSA" sn2 esp_tx_packets esp_rx_packets)"
err0="$(xstat "$NSB" XfrmInStateProtoError) $(xstat "$NSB" XfrmInError)"
wirecap "$NSB" sn3
expect_eq "bond: $((BLOB >> 10)) KB A to B over TCP arrives intact" \
	"$(transfer "$NSA" "$NSB" "$I4D" 5006)" "$SUM"
wirecap_end
read -r tx1 rx1 <<<"$(estat "$NSA" sn2 esp_tx_packets esp_rx_packets)"
expect_eq "bond: sn2 encrypted and decrypted them" \
	"$(( tx1 - tx0 > BLOB / 3000 && rx1 - rx0 > 0 ))" 1
expect_eq "bond: every ESP packet from sn2 has its own IV (seqiv)" \
	"$(ivcheck 0x500 $((BLOB / 3000)))" ok
expect_eq "bond: B's software ESP saw no error" \
	"$(xstat "$NSB" XfrmInStateProtoError) $(xstat "$NSB" XfrmInError)" "$err0"
na ip xfrm state flush
expect_eq "bond: deleting the states empties sn2" \
	"$(estat "$NSA" sn2 esp_sa_offloaded)" 0
ip -n "$NSA" link del bond0
ip -n "$NSA" link del sn2

# The offload going under bulk traffic, three times: the devices lose the
# feature, then the offload goes, and what was still marked for it then is
# dropped and counted, never sent as plaintext.  B's software ESP sees only
# good packets, and every drop is in sn0's tx_dropped.
txdropped() { ip -n "$NSA" -j -s link show sn0 | jq '.[0].stats64.tx.dropped'; }
read -r g0 <<<"$(estat "$NSA" sn0 tx_dropped_offload_gone)"
d0=$(txdropped)
err0="$(xstat "$NSB" XfrmInStateProtoError) $(xstat "$NSB" XfrmInError)"
# The senders stop by themselves (timeout), a little after each unload.
timeout 60 ip netns exec "$NSB" socat -u TCP-LISTEN:5007,fork,reuseaddr \
	/dev/null &
srv=$!
for ((i = 0; i < 3; i++)); do
	[ $i -gt 0 ] && insmod "$(ko xfrm/secnet_xfrm.ko)"
	sas "$NSA" 4 transport "offload dev sn0 dir out" "offload dev sn0 dir in"
	timeout 2 ip netns exec "$NSA" socat -u /dev/zero \
		TCP:$B4:5007,retry=20,interval=0.1 &
	cli=$!
	nap 1
	rmmod secnet_xfrm || fail "rmmod secnet_xfrm under traffic ($i)"
	wait "$cli"
done
kill "$srv"
wait "$srv"
expect_eq "rmmod under traffic: B's software ESP got no bad packet" \
	"$(xstat "$NSB" XfrmInStateProtoError) $(xstat "$NSB" XfrmInError)" "$err0"
expect_eq "rmmod under traffic: tx_dropped counts every frame dropped for the offload gone" \
	"$(( $(estat "$NSA" sn0 tx_dropped_offload_gone) - g0 ))" "$(( $(txdropped) - d0 ))"
insmod "$(ko xfrm/secnet_xfrm.ko)"

# A state add sleeps in the device (it allocates a transform) while the
# device may go away under it: the add and the teardown of the device's
# offload state must not interleave (KASAN and lockdep watch the debug
# guest).  Adds run in a loop while the pair is deleted and made again.
churn() {
	local i
	for ((i = 0; i < 20; i++)); do
		printf 'xfrm state add src %s dst %s proto esp spi %d mode transport aead rfc4106(gcm(aes)) %s 128 offload dev sn4 dir out\n' \
			10.94.0.1 10.94.0.2 $((0x1000 + i)) $K128
	done | ip -n "$NSA" -force -batch - 2>/dev/null
	ip -n "$NSA" xfrm state flush
}
for ((i = 0; i < 4; i++)); do
	ip -n "$NSA" link add sn4 type secnet 2>/dev/null
	churn &
	bg=$!
	nap 0.2
	ip -n "$NSA" link del sn4
	wait "$bg"
done
ip -n "$NSA" link del sn4 2>/dev/null
expect_eq "state adds racing the device's removal leave no SA behind" \
	"$(na secnetctl -j xfrm show | jq length)" 0
expect_eq "... and the kernel said nothing" \
	"$(kmsg_since_mark | grep -E 'KASAN|BUG|WARNING|lockdep|circular' | head -3)" ""

# Unloading the offload under traffic: the states stay, in software, and the
# transfer running across the unload completes intact.
sas "$NSA" 4 transport "offload dev sn0 dir out" "offload dev sn0 dir in"
sas "$NSB" 4 transport "" ""
transfer "$NSA" "$NSB" "$B4" 5003 hold >"$DATA/sum" &
bg=$!
for ((i = 0; i < 100; i++)); do
	[ "$(received 5003)" -ge $((BLOB / 2)) ] && break
	nap 0.3
done
expect_rc "rmmod secnet_xfrm with SAs offloaded and a transfer half done" 0 \
	rmmod secnet_xfrm
touch "$DATA/go"
wait "$bg"
expect_eq "the transfer across the unload arrived intact" "$(cat "$DATA/sum")" "$SUM"
expect_match "sn0 lost esp-hw-offload" \
	"$(na ethtool -k sn0 | grep '^esp-hw-offload')" ': off \[fixed\]$'
expect_eq "the states remain" "$(na ip xfrm state | grep -c '^src')" 2
expect_rc "ping in software after the unload" 0 pingq "$NSA" "$B4" 1
expect_rc "secnet_xfrm loads again" 0 insmod "$(ko xfrm/secnet_xfrm.ko)"
expect_rc "old states keep working in software" 0 pingq "$NSA" "$B4" 1
expect_eq "... and are not the device's" "$(estat "$NSA" sn0 esp_sa_offloaded)" 0
sas "$NSA" 4 transport "offload dev sn0 dir out" "offload dev sn0 dir in"
expect_rc "new states are offloaded again" 0 pingq "$NSA" "$B4" 1
expect_eq "... by the device" "$(estat "$NSA" sn0 esp_sa_offloaded esp_tx_packets)" "2 1"

# Unloading everything with states offloaded and traffic running.
nb socat -u TCP-LISTEN:5004 /dev/null &
srv=$!
sleep 0.5
na socat -u /dev/zero TCP:$B4:5004 &
cli=$!
sleep 2
expect_rc "rmmod secnet_xfrm, then secnet, under traffic" 0 \
	bash -c 'rmmod secnet_xfrm && rmmod secnet'
kill "$srv" "$cli" 2>/dev/null
wait "$srv" "$cli" 2>/dev/null
expect_eq "the devices are gone" "$(ip -n "$NSA" link show sn0 2>/dev/null | wc -l)" 0
expect_eq "no device was left waiting for its references" \
	"$(kmsg_since_mark | grep 'unregister_netdevice: waiting')" ""

rm -rf "$DATA"
t_done
