#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# 50 load/unload cycles (10 in the debug kernel) with state, namespaces and
# a feature module present, the way a machine does it: modprobe loads the
# core with the feature.  Then every module (secnet, secnet_xfrm,
# secnet_macsec, secnet_ktls, secnet_nf) loaded and unloaded, the core
# last, while what it holds is in use: rules, SAs, a SecY and a kTLS socket
# offloaded to a secnet pair and traffic through them (a flood through
# ESP, a TLS stream); SECNET_LOAD_CYCLES times (2; `make fuzz` runs 100).
. "$(dirname "$0")/../lib.sh"

t_plan 10

modprobe -n secnet_testsub 2>/dev/null ||
	{ fail "modprobe finds the installed test modules"; t_done; }

# The debug kernel checks each cycle for leaks, bad accesses and lock
# order, and the cycles under traffic below cover the rest: 10 there.
cycles=50
[ "$SECNET_FLAVOR" = debug ] && cycles=10

netns_add sn-cyc
kmsg_mark
bad=0
for ((i = 1; i <= cycles; i++)); do
	if ! modprobe secnet_testsub count=2 ||
	   ! secnetctl -n sn-cyc subsys set testsub1 state down >/dev/null ||
	   ! modprobe -r secnet_testsub; then
		bad=$i
		break
	fi
done
expect_eq "$cycles load/unload cycles succeed" "$bad" "0"
expect_eq "nothing left loaded" "$(lsmod | grep -c '^secnet')" "0"
expect_no_match "the kernel log has no secnet error" "$(kmsg_since_mark | grep -E 'secnet(_[a-z]+)?:' | grep -v 'taints kernel\|verification failed')" \
	'error|fail|leak|BUG|WARN'

NSA=sn-lu-a NSB=sn-lu-b A=10.79.0.1 B=10.79.0.2
K=0x000102030405060708090a0b0c0d0e0f10111213
modprobe -q -a nf_conntrack nf_reject_ipv4 nf_reject_ipv6 macsec tls 2>/dev/null
netns_add "$NSA" && netns_add "$NSB"
ip -n "$NSA" link set lo up
ip -n "$NSB" link set lo up
# sas NS ME PEER SPI_OUT SPI_IN [OFFLOAD_DEV]
sas() {
	local out= in=
	[ -n "${6:-}" ] && out="offload dev $6 dir out" in="offload dev $6 dir in"
	ip -n "$1" -batch - <<-EOF
		xfrm state flush
		xfrm policy flush
		xfrm state add src $2 dst $3 proto esp spi $4 reqid 1 mode transport aead rfc4106(gcm(aes)) $K 128 $out
		xfrm state add src $3 dst $2 proto esp spi $5 reqid 2 mode transport aead rfc4106(gcm(aes)) $K 128 $in
		xfrm policy add src $2 dst $3 dir out tmpl src $2 dst $3 proto esp reqid 1 mode transport
		xfrm policy add src $3 dst $2 dir in tmpl src $3 dst $2 proto esp reqid 2 mode transport
	EOF
}
# MACsec over the same pair: A's SecY offloaded to sn0, B's in software.
MA=10.78.0.1 MB=10.78.0.2 MK=000102030405060708090a0b0c0d0e0f
# secy NS DEV PEER_DEV ADDR TX_KEY_ID RX_KEY_ID [offload mac]: NS's
# macsec0 over DEV, talking to the SecY over PEER_DEV in the other one.
secy() {
	local peer_ns=$NSB
	[ "$1" = "$NSB" ] && peer_ns=$NSA
	local peer
	peer=$(ip -n "$peer_ns" -br link show "$3" | awk '{ print $3 }')
	ip -n "$1" -batch - <<-EOF
		link add link $2 macsec0 type macsec port 1 encrypt on ${7:-} ${8:-}
		macsec add macsec0 tx sa 0 pn 1 on key $5 $MK
		macsec add macsec0 rx port 1 address $peer
		macsec add macsec0 rx port 1 address $peer sa 0 pn 1 on key $6 $MK
		addr add $4/24 dev macsec0
		link set macsec0 up
	EOF
}
# kTLS over the same pair, on addresses no xfrm policy covers: a socket in
# A sends through sn0, which encrypts, to one in B, whose sn1 decrypts
# (raw kTLS, AES-GCM-128, a fixed key).  One python process streams until
# it reads a line, then closes both and says so.
KA=10.77.0.1 KB=10.77.0.2
read -r -d '' KT_PY <<'PYEOF'
import socket, struct, sys, threading, time
from netns import in_ns
nsa, nsb, a, b = sys.argv[1:5]
l = in_ns(nsb, lambda: socket.create_server((b, 4433)))
c = in_ns(nsa, lambda: socket.create_connection((b, 4433),
                                                source_address=(a, 0)))
s = l.accept()[0]
info = struct.pack("=HH", 0x0303, 51) + bytes(range(36))
for sk, d in ((c, 1), (s, 2)):
    sk.setsockopt(socket.SOL_TCP, 31, b"tls")  # TCP_ULP
    sk.setsockopt(282, d, info)  # SOL_TLS, TLS_TX / TLS_RX
def pump(f):
    try:
        while f():
            pass
    except OSError:
        pass
def send():
    # Paced, beside the floods: a record every 5 ms.
    time.sleep(0.005)
    return c.send(bytes(1 << 14))
threading.Thread(target=pump, args=(lambda: s.recv(1 << 16),), daemon=True).start()
threading.Thread(target=pump, args=(send,), daemon=True).start()
print("open", flush=True)
sys.stdin.readline()
c.close()
s.close()
print("closed", flush=True)
PYEOF
# tls_stat NS NAME: a counter of NS's /proc/net/tls_stat.
tls_stat() {
	ip netns exec "$1" awk -v n="$2" '$1 == n { print $2 }' /proc/net/tls_stat
}
# sn0_stat NAME: a counter of sn0's `ethtool -S`.
sn0_stat() {
	ip netns exec "$NSA" ethtool -S sn0 2>/dev/null |
		awk -v n="$1:" '$1 == n { print $2 }'
}
# cycle N: one load, use and unload of every module; sets WHY[STEP] on
# failure.
cycle() {
	local n=$1 i ping mping tx mtx offl
	if ! secnet_load || ! insmod "$(ko xfrm/secnet_xfrm.ko)" ||
	   ! insmod "$(ko macsec/secnet_macsec.ko)" ||
	   ! insmod "$(ko ktls/secnet_ktls.ko)" ||
	   ! insmod "$(ko netfilter/secnet_nf.ko)"; then
		WHY[load]="cycle $n: a module does not load"
		return
	fi
	ip -n "$NSA" -batch - <<-EOF
		link add sn0 type secnet
		link set sn1 netns $NSB
		addr add $A/24 dev sn0
		link set sn0 up
	EOF
	ip -n "$NSA" addr add "$KA/24" dev sn0
	ip -n "$NSB" addr add "$B/24" dev sn1
	ip -n "$NSB" addr add "$KB/24" dev sn1
	ip -n "$NSB" link set sn1 up
	sas "$NSA" "$A" "$B" 0x100 0x200 sn0
	sas "$NSB" "$B" "$A" 0x200 0x100
	secy "$NSA" sn0 sn1 "$MA" 01 02 offload mac
	secy "$NSB" sn1 sn0 "$MB" 02 01
	secnetctl -n "$NSA" ruleset load - <<-EOF
		rule hook output proto icmp action count
		rule hook input proto icmp action count
	EOF
	ip netns exec "$NSA" ping -f -q "$B" >/dev/null 2>&1 &
	ping=$!
	# Paced, beside the ESP flood: two floods leave a debug guest too
	# little CPU for the module changes they are there to stress.
	ip netns exec "$NSA" ping -i 0.002 -q "$MB" >/dev/null 2>&1 &
	mping=$!
	for ((i = 0; i < 50; i++)); do
		tx=$(sn0_stat esp_tx_packets) mtx=$(sn0_stat macsec_tx_encrypted)
		[ "${tx:-0}" -gt 20 ] && [ "${mtx:-0}" -gt 20 ] && break
		nap 0.2
	done
	run ip -n "$NSA" xfrm state
	offl=$(grep -c 'crypto offload parameters: dev sn0' <<<"$OUT")
	run secnetctl -n "$NSA" -j rule list
	if [ "${tx:-0}" -le 20 ] || [ "$offl" != 2 ] ||
	   [ "${mtx:-0}" -le 20 ] ||
	   [ "$(jqv "$OUT" '[.[] | select(.packets > 0)] | length')" != 2 ]; then
		WHY[load]="cycle $n: $offl SAs offloaded, esp_tx_packets ${tx:-none}, macsec_tx_encrypted ${mtx:-none}, rules: $OUT"
	fi
	# A SecY would send plaintext without the module: it holds it.  First,
	# while both pings run; the firewall then unloads under the ESP flood
	# alone (hook changes patch the kernel's text, and under emulation a
	# patch that both busy vCPUs keep running into can stall them).
	if rmmod secnet_macsec 2>/dev/null; then
		WHY[macsec]="cycle $n: secnet_macsec unloads under an offloaded SecY"
	elif ! ip -n "$NSA" link del macsec0 || ! rmmod secnet_macsec; then
		WHY[macsec]="cycle $n: secnet_macsec does not unload once the SecY is gone: $(lsmod | grep '^secnet_macsec')"
	fi
	kill "$mping" 2>/dev/null
	wait "$mping" 2>/dev/null
	ktls_cycle "$n"
	rmmod secnet_nf || WHY[nf]="cycle $n: rmmod secnet_nf fails"
	run secnetctl -n "$NSA" rule list
	if [ "$RC" != 1 ]; then
		WHY[nf]="cycle $n: secnet_nf unload, then rule list exits $RC: $ERR"
	fi
	if ! rmmod secnet_xfrm ||
	   [ "$(ip -n "$NSA" xfrm state | grep -c '^src')" != 2 ]; then
		WHY[xfrm]="cycle $n: secnet_xfrm unload, then $(ip -n "$NSA" xfrm state | grep -c '^src') SAs"
	fi
	if ! rmmod secnet || ip -n "$NSA" link show sn0 >/dev/null 2>&1 ||
	   ip -n "$NSB" link show sn1 >/dev/null 2>&1; then
		WHY[core]="cycle $n: secnet unload: $(lsmod | grep '^secnet'), $(ip -n "$NSA" -br link show sn0 2>&1)"
	fi
	kill "$ping" 2>/dev/null
	wait "$ping" 2>/dev/null
}

# ktls_cycle N: a kTLS socket each way through the pair holds secnet_ktls,
# which unloads once they are closed (the kernel lets a TX context go from
# a work item after the socket is freed: a few tries).
ktls_cycle() {
	local n=$1 got= tx rx i
	coproc KT { python3 -c "$KT_PY" "$NSA" "$NSB" "$KA" "$KB" 2>&1; }
	read -r -t 30 got <&"${KT[0]}"
	for ((i = 0; i < 50; i++)); do
		[ "$(sn0_stat tx_tls_records)" -gt 20 ] 2>/dev/null && break
		nap 0.2
	done
	# The namespaces' counters add up over the cycles: one socket each.
	tx=$(tls_stat "$NSA" TlsTxDevice) rx=$(tls_stat "$NSB" TlsRxDevice)
	if [ "$got" != open ] || [ "$tx" != "$n" ] || [ "$rx" != "$n" ] ||
	   ! [ "$(sn0_stat tx_tls_records)" -gt 20 ] 2>/dev/null; then
		WHY[ktls]="cycle $n: kTLS $got, TlsTxDevice $tx, TlsRxDevice $rx, tx_tls_records $(sn0_stat tx_tls_records)"
	elif rmmod secnet_ktls 2>/dev/null; then
		WHY[ktls]="cycle $n: secnet_ktls unloads under offloaded sockets"
	fi
	echo close >&"${KT[1]}"
	read -r -t 30 got <&"${KT[0]}"
	wait "$KT_PID" 2>/dev/null
	for ((i = 0; i < 25; i++)); do
		rmmod secnet_ktls 2>/dev/null && return
		nap 0.2
	done
	WHY[ktls]+="cycle $n: secnet_ktls does not unload once the sockets are closed ($got): $(lsmod | grep '^secnet_ktls')"
}

lcycles=${SECNET_LOAD_CYCLES:-2}
declare -A WHY=()
kmsg_mark
t0=$SECONDS
for ((c = 1; c <= lcycles && ${#WHY[@]} == 0; c++)); do
	cycle "$c"
	secnet_unload_all
done
echo "# $lcycles cycles of every module under traffic: $((SECONDS - t0)) s" >&2
expect_eq "$lcycles cycles: every module loads; rules, SAs offloaded to the pair and a flood ping through them work" \
	"${WHY[load]:-}" ""
expect_eq "$lcycles cycles: secnet_nf unloads under the flood, its commands with it" \
	"${WHY[nf]:-}" ""
expect_eq "$lcycles cycles: secnet_xfrm unloads under the flood; the SAs stay, in software" \
	"${WHY[xfrm]:-}" ""
expect_eq "$lcycles cycles: secnet_macsec is held by the offloaded SecY, and unloads under the flood once it is deleted" \
	"${WHY[macsec]:-}" ""
expect_eq "$lcycles cycles: secnet_ktls is held by its offloaded sockets under a TLS stream, and unloads under the flood once they are closed" \
	"${WHY[ktls]:-}" ""
expect_eq "$lcycles cycles: secnet unloads under the flood; the pair goes with it" \
	"${WHY[core]:-}" ""
expect_no_match "$lcycles cycles: the kernel log has no splat" "$(kmsg_since_mark)" \
	'BUG|WARNING|KASAN|Oops|circular|leak|unregister_netdevice'

t_done
