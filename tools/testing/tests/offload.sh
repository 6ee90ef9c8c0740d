#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The offload API for MACsec and kTLS, with secnet_testoffload.ko, an
# offload of each that only counts: the features come and go with it, the
# kernel's calls reach it, and rmmod is refused while an offloaded SecY or
# TLS socket lives, until every path that ends one has let it go.
. "$(dirname "$0")/../lib.sh"

t_plan 27

NS=sn-off-b NSC=sn-off-c
A4=10.96.0.1 B4=10.96.0.2
TO=secnet_testoffload
REF=/sys/module/$TO/refcnt
MACSEC="type macsec port 1 encrypt on offload mac"

# feature NAME: sn0's feature NAME, as `ethtool -k` shows it.
feature() { ethtool -k sn0 | sed -n "s/^$1: //p"; }
# estat NAME...: sn0's `ethtool -S` counters NAME..., space-separated.
estat() {
	ethtool -S sn0 | awk -v want="$*" '
		{ sub(":", "", $1); v[$1] = $2 }
		END { n = split(want, w); for (i = 1; i <= n; i++) printf "%s%s", (i > 1 ? " " : ""), v[w[i]] }'
}
refcnt() { local r=gone; [ -e $REF ] && read -r r <$REF; echo "$r"; }
# refcnt_becomes N: waits up to 10 s for the module's count to be N.
refcnt_becomes() {
	local i
	for ((i = 0; i < 100; i++)); do
		[ "$(refcnt)" = "$1" ] && return 0
		nap 0.1
	done
	return 1
}

# The TLS end, one process for the whole test (python starts slowly under
# KASAN): for each "open" on its stdin, a TCP connection from here to $B4
# in $NS, its sending side switched to kTLS (AES-GCM-128), and a line with
# the /proc/net/tls_stat counters that moved ("TlsTxDevice=1 TlsTxSw=0");
# "close" closes it and answers "closed".
read -r -d '' TLS_PY <<'PYEOF'
import ctypes, os, socket, struct, sys
libc = ctypes.CDLL(None, use_errno=True)
def netns(path):
    fd = os.open(path, os.O_RDONLY)
    if libc.setns(fd, 0x40000000) != 0:
        sys.exit("setns: %d" % ctypes.get_errno())
    os.close(fd)
def stats():
    f = open("/proc/net/tls_stat").read().split()
    return dict(zip(f[0::2], map(int, f[1::2])))
netns("/run/netns/" + sys.argv[1])
srv = socket.create_server((sys.argv[2], 4433))
netns("/proc/1/ns/net")
info = struct.pack("=HH8s16s4s8s", 0x0303, 51, b"\1" * 8, b"\2" * 16,
                   b"\3" * 4, bytes(8))  # tls12_crypto_info_aes_gcm_128
for cmd in sys.stdin:
    if cmd.strip() == "close":
        c.close()
        conn.close()
        print("closed", flush=True)
        continue
    before = stats()
    c = socket.create_connection((sys.argv[2], 4433), timeout=5)
    conn, _ = srv.accept()
    c.setsockopt(socket.SOL_TCP, 31, b"tls")  # TCP_ULP
    c.setsockopt(282, 1, info)  # SOL_TLS, TLS_TX
    after = stats()
    print(" ".join("%s=%d" % (k, after[k] - before[k])
                   for k in ("TlsTxDevice", "TlsTxSw")), flush=True)
PYEOF
# tls open|close: a command to the TLS end; prints its answer.
tls() {
	local got=
	echo "$1" >&"${TLS[1]}"
	read -r -t 30 got <&"${TLS[0]}"
	echo "$got"
}

# Built in (debug) or modules (stock).
modprobe -a macsec tls 2>/dev/null
secnet_load
ip link add sn0 type secnet
netns_add "$NS"
ip link set sn1 netns "$NS"
ip addr add $A4/24 dev sn0
ip link set sn0 up
ip -n "$NS" addr add $B4/24 dev sn1
ip -n "$NS" link set sn1 up
coproc TLS { python3 -c "$TLS_PY" "$NS" $B4; }

expect_eq "no offload: macsec-hw-offload is off and fixed" \
	"$(feature macsec-hw-offload)" "off [fixed]"
expect_eq "no offload: tls-hw-tx-offload is off and fixed" \
	"$(feature tls-hw-tx-offload)" "off [fixed]"
expect_rc "no offload: a SecY with offload mac is refused" 2 \
	ip link add link sn0 macsec0 $MACSEC
expect_eq "no offload: a kTLS socket falls back to software" \
	"$(tls open) $(tls close)" "TlsTxDevice=0 TlsTxSw=1 closed"

expect_rc "$TO loads" 0 insmod "$(ko tools/testing/modules/$TO.ko)"
expect_eq "sn0 gets macsec-hw-offload" "$(feature macsec-hw-offload)" "on"
expect_eq "sn0 gets tls-hw-tx-offload" "$(feature tls-hw-tx-offload)" "on"

expect_rc "a SecY with offload mac" 0 ip link add link sn0 macsec0 $MACSEC
expect_eq "reaches the module, which the SecY holds" \
	"$(estat test_secy_adds test_secy_dels) $(refcnt)" "1 0 1"
expect_rc "rmmod is refused while the SecY is offloaded" 1 rmmod $TO
ethtool -K sn0 macsec-hw-offload off 2>/dev/null
expect_eq "macsec-hw-offload stays on while the SecY is offloaded" \
	"$(feature macsec-hw-offload)" "on [requested off]"
ethtool -K sn0 macsec-hw-offload on 2>/dev/null
ip addr add 10.95.0.1/24 dev macsec0
ip link set macsec0 up
busybox ping -c 1 -W 1 10.95.0.2 >/dev/null 2>&1
expect_match "its frames reach the device marked, and are dropped" \
	"$(estat test_macsec_dropped)" '^[1-9]'
expect_rc "ip link del macsec0" 0 ip link del macsec0
expect_eq "lets the module go" \
	"$(estat test_secy_adds test_secy_dels) $(refcnt)" "1 1 0"

ip link add link sn0 macsec0 $MACSEC
expect_rc "ip macsec offload macsec0 off" 0 ip macsec offload macsec0 off
expect_eq "lets the module go" "$(refcnt)" "0"
ip link del macsec0

ip link add sn2 type secnet
ip link add link sn2 macsec1 $MACSEC
expect_eq "a SecY on sn2 holds the module" "$(refcnt)" "1"
ip link del sn2
expect_eq "deleting sn2 lets the module go" "$(refcnt)" "0"

netns_add "$NSC"
ip -n "$NSC" link add sn4 type secnet
ip -n "$NSC" link add link sn4 macsec2 $MACSEC
expect_eq "a SecY in another namespace holds the module" "$(refcnt)" "1"
ip netns del "$NSC"
refcnt_becomes 0
expect_eq "the namespace torn down lets the module go" "$(refcnt)" "0"

expect_eq "a kTLS socket is offloaded to sn0" "$(tls open)" \
	"TlsTxDevice=1 TlsTxSw=0"
expect_eq "and holds the module" "$(estat test_tls_adds) $(refcnt)" "1 1"
expect_rc "rmmod is refused while the socket is offloaded" 1 rmmod $TO
tls close >/dev/null
refcnt_becomes 0
expect_eq "closing it lets the module go" \
	"$(estat test_tls_adds test_tls_dels) $(refcnt)" "1 1 0"

got=$(tls open)
ip link set sn0 down
expect_eq "sn0 down deletes an offloaded socket's context" \
	"$got $(estat test_tls_dels) $(refcnt)" "TlsTxDevice=1 TlsTxSw=0 2 0"
tls close >/dev/null
eval "exec ${TLS[1]}>&-"
wait_for 10 "$TLS_PID"

expect_rc "rmmod $TO" 0 rmmod $TO
expect_eq "sn0 loses macsec-hw-offload and tls-hw-tx-offload" \
	"$(feature macsec-hw-offload) $(feature tls-hw-tx-offload)" \
	"off [fixed] off [fixed]"
t_done
