#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# MACsec offload (secnet_macsec): namespace A moves its SecY to sn0 (offload
# mac), namespace B runs the kernel's software MACsec on sn1, and they must
# agree on every byte, both ways, for every cipher suite; the device must
# refuse what software refuses, count what it does, and go away cleanly.
. "$(dirname "$0")/../lib.sh"

t_plan 108

NSA=sn-ms-a NSB=sn-ms-b
A4=10.93.0.1 B4=10.93.0.2 A4U=10.93.2.1 B4U=10.93.2.2
# Each direction has its own key; XPN SAs their own SSCI and one salt.
K128AB=000102030405060708090a0b0c0d0e0f K128BA=101112131415161718191a1b1c1d1e1f
K256AB=202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f
K256BA=404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f
SALT=8a8b8c8d8e8f909192939495
OFFLOAD=mac

# The wire end, one python process for the whole test (a process costs up
# to a second under emulation): on each line of its stdin a command, one
# line of answer.  It captures every frame crossing sn1 in B from the start
# (AF_PACKET, both ways), sends raw frames, pings, moves data over TCP and
# reads `ethtool -S` (SIOCETHTOOL) and /proc/net/dev, each in the namespace
# named.
read -r -d '' WIRE_PY <<'PYEOF'
import fcntl, hashlib, os, select, socket, struct, sys, threading, time
from netns import in_ns, ethtool_stats as ethtool
ETH_P_ALL, ETH_P_MACSEC, PACKET_OUTGOING = 3, 0x88E5, 4



def mac(s):
    return bytes.fromhex(s.replace(":", ""))


class Capture:
    """Every frame through one device, as (outgoing, bytes)."""
    def __init__(self, ns, dev):
        self.sock = in_ns(ns, lambda: socket.socket(
            socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL)))
        self.sock.setsockopt(socket.SOL_SOCKET, 33, 64 << 20)  # RCVBUFFORCE
        self.sock.bind((dev, ETH_P_ALL))
        self.frames, self.lock = [], threading.Lock()
        threading.Thread(target=self.run, daemon=True).start()

    def run(self):
        while True:
            try:
                data, addr = self.sock.recvfrom(65536)
            except OSError:  # the device went down, or its namespace
                time.sleep(0.1)
                continue
            with self.lock:
                self.frames.append((addr[2] == PACKET_OUTGOING, data))

    def settle(self):
        """Waits until nothing came for 0.15 s (at most 5 s)."""
        last, end = -1, time.time() + 5
        while time.time() < end:
            n = len(self.frames)
            if n == last:
                break
            last = n
            time.sleep(0.15)

    def clear(self):
        self.settle()
        with self.lock:
            self.frames = []

    def drops(self):
        return struct.unpack("II", self.sock.getsockopt(263, 6, 8))[1]

    def select(self, src, outgoing):
        self.settle()
        with self.lock:
            return [f for o, f in self.frames if o == outgoing and f[6:12] == src]


def macsec_frames(frames):
    return [f for f in frames if f[12:14] == b"\x88\xe5"]


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def echo_request(ident, seq, size):
    body = bytes((seq + i) & 0xff for i in range(size))
    hdr = struct.pack("!BBHHH", 8, 0, 0, ident, seq)
    return struct.pack("!BBHHH", 8, 0, csum(hdr + body), ident, seq) + body


def ipv4(src, dst, ident, payload):
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident,
                      0x4000, 64, 1, 0, socket.inet_aton(src),
                      socket.inet_aton(dst))
    return hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:] + payload


SOCKS = {}


def packet_sock(ns, dev):
    """A socket to send raw frames on DEV (new each time: the test makes
    and deletes its macsec devices)."""
    s = in_ns(ns, lambda: socket.socket(socket.AF_PACKET, socket.SOCK_RAW))
    s.bind((dev, 0))
    return s


def sock(ns):
    """A socket in NS for ioctls."""
    if ns not in SOCKS:
        SOCKS[ns] = in_ns(ns, lambda: socket.socket(socket.AF_INET,
                                                    socket.SOCK_DGRAM))
    return SOCKS[ns]


def hwaddr(ns, dev):
    ifr = fcntl.ioctl(sock(ns).fileno(), 0x8927,  # SIOCGIFHWADDR
                      struct.pack("256s", dev.encode()))
    return ifr[18:24]



def ifstat(ns, dev):
    """rx_packets tx_packets of DEV, from /proc/net/dev."""
    for line in in_ns(ns, lambda: open("/proc/thread-self/net/dev").read()).splitlines():
        name, _, rest = line.partition(":")
        if name.strip() == dev:
            f = rest.split()
            return "%s %s" % (f[1], f[9])
    return "none"


def ping(ns, dst, count, ident, wait=1.0):
    """Echo requests one after the other; the replies that came.  A socket
    of its own: a raw socket gets every ICMP packet, a flood's too."""
    s = in_ns(ns, lambda: socket.socket(socket.AF_INET, socket.SOCK_RAW,
                                        socket.IPPROTO_ICMP))
    got = set()
    for seq in range(count):
        try:
            s.sendto(echo_request(ident, seq, 56), (dst, 0))
        except OSError:
            continue
        end = time.time() + wait
        while seq not in got and time.time() < end:
            if not select.select([s], [], [], end - time.time())[0]:
                break
            p = s.recv(65536)
            t, _, _, i, sq = struct.unpack_from("!BBHHH", p, (p[0] & 15) * 4)
            if t == 0 and i == ident:
                got.add(sq)
    s.close()
    return len(got)


class Flood:
    """Pings back to back, one outstanding at a time (20 ms at most)."""
    def __init__(self, ns, dst):
        self.dst = dst
        self.s = in_ns(ns, lambda: socket.socket(socket.AF_INET,
                                                 socket.SOCK_RAW,
                                                 socket.IPPROTO_ICMP))
        self.sent, self.replies, self.stop = 0, set(), False
        self.t = threading.Thread(target=self.run)
        self.t.start()

    def run(self):
        seq = 0
        while not self.stop:
            try:
                self.s.sendto(echo_request(0x5eef, seq + 1, 56),
                              (self.dst, 0))
                seq = self.sent = seq + 1
            except OSError:
                time.sleep(0.02)
                continue
            end = time.time() + 0.02
            while seq not in self.replies and time.time() < end:
                self.recv(end - time.time())

    def recv(self, wait):
        if select.select([self.s], [], [], max(wait, 0))[0]:
            p = self.s.recv(65536)
            t, _, _, i, sq = struct.unpack_from("!BBHHH", p, (p[0] & 15) * 4)
            if t == 0 and i == 0x5eef:
                self.replies.add(sq)

    def end(self):
        self.stop = True
        self.t.join()
        end = time.time() + 1
        while time.time() < end:
            self.recv(end - time.time())
        lost = sorted(set(range(1, self.sent + 1)) - self.replies)
        runs = []
        for q in lost:
            if runs and runs[-1][1] == q - 1:
                runs[-1][1] = q
            else:
                runs.append([q, q])
        return "sent=%d replies=%d lost=%s" % (
            self.sent, len(self.replies),
            ",".join("%d-%d" % tuple(r) for r in runs) or "none")


def xfer(src_ns, dst_ns, addr, port):
    """BLOB over TCP from src_ns to addr:port in dst_ns; the received sha256."""
    srv = in_ns(dst_ns, lambda: socket.create_server((addr, int(port))))
    cli = in_ns(src_ns, lambda: socket.socket())
    h = hashlib.sha256()

    def receive():
        c, _ = srv.accept()
        c.settimeout(60)
        while True:
            d = c.recv(1 << 16)
            if not d:
                break
            h.update(d)
        c.close()
    t = threading.Thread(target=receive)
    t.start()
    cli.settimeout(60)
    try:
        cli.connect((addr, int(port)))
        cli.sendall(BLOB)
    finally:
        cli.close()
    t.join(120)
    srv.close()
    return h.hexdigest()


def tampered(f):
    """Copies of a valid frame with one field broken each, and the counter
    each must land in."""
    icv = 16
    out = []
    v = bytearray(f); v[14] |= 0x80; out.append(("bad_tag", v))  # TCI.V
    v = bytearray(f); v[15] = (f[15] + 1) & 0x3f or 1; out.append(("bad_tag", v))  # SL
    v = bytearray(f); v[16] ^= 0x01; out.append(("icv_fail", v))  # PN + 2^24
    v = bytearray(f); v[-icv - 1] ^= 0x10; out.append(("icv_fail", v))  # data
    v = bytearray(f); v[-1] ^= 0x01; out.append(("icv_fail", v))  # ICV
    return out


BLOB = os.urandom(int(sys.argv[3]))
cap = Capture(sys.argv[1], sys.argv[2])
kept, flood, pings, picked, watch = {}, None, 0, b"", None
print("ready", hashlib.sha256(BLOB).hexdigest(), flush=True)
for line in sys.stdin:
    a = line.split()
    try:
        if a[0] == "clear":            # forget what was captured
            cap.clear()
            r = "ok"
        elif a[0] == "seen":           # seen SRCMAC: frames from it, to it
            src = mac(a[1])
            fin = cap.select(src, False)
            back = macsec_frames([f for o, f in cap.frames if o])
            r = "tagged=%d plain=%d back=%d drops=%d" % (
                len(macsec_frames(fin)), len(fin) - len(macsec_frames(fin)),
                len(back), cap.drops())
        elif a[0] == "keep":           # keep NAME SRCMAC: its MACsec frames
            kept[a[1]] = macsec_frames(cap.select(mac(a[2]), False))
            r = str(len(kept[a[1]]))
        elif a[0] == "same":           # same NAME1 NAME2: byte for byte
            x, y = kept[a[1]], kept[a[2]]
            r = "same %d" % len(x)
            if len(x) != len(y):
                r = "%d frames against %d" % (len(x), len(y))
            for i, (f, g) in enumerate(zip(x, y)):
                if f != g:
                    r = "frame %d differs: %s / %s" % (i, f.hex(), g.hex())
                    break
        elif a[0] == "echoes":         # echoes NS DEV DSTMAC SRC DST N
            ns, dev, dst, n = a[1], a[2], mac(a[3]), int(a[6])
            s = packet_sock(ns, dev)
            src = hwaddr(ns, dev)
            # Short (SL set), medium and long frames, the same each time.
            for i in range(n):
                ip = ipv4(a[4], a[5], 0x1000 + i,
                          echo_request(0x5ec, i, (0, 100, 1400)[i % 3]))
                s.send(dst + src + b"\x08\x00" + ip)
            r = "ok"
        elif a[0] == "pick":           # pick SRCMAC: its last MACsec frame out
            picked = macsec_frames(cap.select(mac(a[1]), True))[-1]
            r = "ok"
        elif a[0] == "tamper":         # tamper NS DEV: send it broken
            s = packet_sock(a[1], a[2])
            want = {}
            for ctr, v in tampered(picked):
                s.send(bytes(v))
                want[ctr] = want.get(ctr, 0) + 1
            r = " ".join("%s=%d" % kv for kv in sorted(want.items()))
        elif a[0] == "replay":         # replay NS DEV: send it as it was
            packet_sock(a[1], a[2]).send(picked)
            r = "ok"
        elif a[0] == "ping":           # ping NS DST COUNT: replies
            pings += 1
            r = str(ping(a[1], a[2], int(a[3]), pings & 0xffff,
                         float(a[4]) if len(a) > 4 else 1.0))
        elif a[0] == "flood":          # flood NS DST | flood end
            if a[1] == "end":
                r, flood = flood.end(), None
            else:
                flood = Flood(a[1], a[2])
                r = "ok"
        elif a[0] == "xfer":           # xfer FROM_NS TO_NS ADDR PORT
            r = xfer(a[1], a[2], a[3], a[4])
        elif a[0] == "ethtool":        # ethtool NS DEV NAME...: values
            st = ethtool(a[1], a[2])
            r = " ".join(str(st.get(k, "-")) for k in a[3:])
        elif a[0] == "watch":          # watch NS DEV: from now on, count
            if watch:                  # the frames DEV receives
                watch.close()
            watch = in_ns(a[1], lambda: socket.socket(
                socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL)))
            watch.bind((a[2], ETH_P_ALL))
            watch.setblocking(False)
            r = "ok"
        elif a[0] == "watched":        # watched: how many it received
            n = 0
            try:
                while True:
                    n += watch.recvfrom(65536)[1][2] != PACKET_OUTGOING
            except BlockingIOError:
                pass
            r = str(n)
        elif a[0] == "ifstat":         # ifstat NS DEV
            r = ifstat(a[1], a[2])
        elif a[0] == "mac":            # mac NS DEV
            r = ":".join("%02x" % b for b in hwaddr(a[1], a[2]))
        else:
            r = "error: unknown command"
    except Exception as e:  # the test goes on; the answer says what broke
        r = "error: %r" % e
    print(r, flush=True)
PYEOF

# wire CMD...: one command to the wire end; its answer.
wire() { coproc_ask WIRE 180 "$@"; }
# The counters of sn0 that frames of a well-behaved peer move, and those
# they must not.
ALL="tx_encrypted tx_protected rx_decrypted rx_validated tx_dropped tx_pn_exhausted
	rx_icv_fail rx_late rx_bad_tag rx_dropped"
# ctr NAME...: sn0's `ethtool -S` counters NAME (macsec_ left out).
ctr() { wire ethtool "$NSA" sn0 "${@/#/macsec_}"; }

# sa_opts CIPHER PN SSCI: what an SA of CIPHER takes besides its key.
sa_opts() {
	case $1 in
	*xpn*) echo "xpn $2 salt $SALT ssci $3" ;;
	*) echo "pn $2" ;;
	esac
}

# Each side's SecY: its namespace, devices, address, peer and keys.
declare -A NS=([a]=$NSA [b]=$NSB) DEV=([a]=macsec0 [b]=macsec1)
declare -A LOW=([a]=sn0 [b]=sn1) ME=([a]=$A4 [b]=$B4) PEER=([a]=b [b]=a)
declare -A SSCI=([a]=1 [b]=2)

# sa_lines SIDE PN [PORT DEV]: `ip -batch` lines giving SIDE's SecY (DEV,
# default its macsec device) its TX SA from PN and an RX SC and SA for the
# peer's SC of PORT (default 1), both from the peer's lower MAC.
sa_lines() {
	local s=$1 p=${PEER[$1]} port=${3:-1} dev=${4:-${DEV[$1]}}
	local mine=$KAB theirs=$KBA
	[ "$s" = b ] && mine=$KBA theirs=$KAB
	echo "macsec add $dev tx sa 0 $(sa_opts "$CIPHER" "$2" "${SSCI[$s]}") on key 01 $mine"
	echo "macsec add $dev rx port $port address ${MAC[$p]}"
	echo "macsec add $dev rx port $port address ${MAC[$p]} sa 0 $(sa_opts "$CIPHER" 1 "${SSCI[$p]}") on key 02 $theirs"
}

# mksecy SIDE OFFLOAD [LINK_OPTS]: (re)makes SIDE's SecY with $CIPHER,
# offloaded or not, encrypting unless LINK_OPTS say otherwise, its SAs from
# PN 1, up, with its address and a static neighbour (no ARP, and IPv6 is
# off: nothing crosses but the tests' frames); prints what went wrong, if
# anything.
mksecy() {
	local s=$1 ns=${NS[$1]} dev=${DEV[$1]} p=${PEER[$1]} del=
	[ "$(wire ifstat "$ns" "$dev")" = none ] || del="link del $dev"
	run ip -n "$ns" -batch - <<-EOF
		$del
		link add link ${LOW[$s]} $dev type macsec port 1 cipher $CIPHER ${3:-encrypt on} replay on window $WINDOW offload $2
		$(sa_lines "$s" 1)
		link set $dev up
		addr add ${ME[$s]}/24 dev $dev
		neigh add ${ME[$p]} lladdr ${MAC[$p]} dev $dev nud permanent
	EOF
	[ "$RC" = 0 ] || echo "$s: $ERR"
}

# offload_switch TO TXPN: macsec0 down, its SAs and RX SC gone, as 6.1
# requires before `ip macsec offload`; offload TO; the same SAs back, the TX
# SA from TXPN (above what B saw: B's replay window), up again.
offload_switch() {
	run ip -n "$NSA" -batch - <<-EOF
		link set macsec0 down
		macsec set macsec0 tx sa 0 off
		macsec del macsec0 tx sa 0
		macsec set macsec0 rx port 1 address ${MAC[b]} sa 0 off
		macsec del macsec0 rx port 1 address ${MAC[b]} sa 0
		macsec del macsec0 rx port 1 address ${MAC[b]}
		macsec offload macsec0 $1
		$(sa_lines a "$2")
		link set macsec0 up
		neigh replace $B4 lladdr ${MAC[b]} dev macsec0 nud permanent
	EOF
	[ "$RC" = 0 ] || echo "offload $1: $ERR"
}

# cipher NAME: the suite and the keys of its size.
cipher() {
	CIPHER=$1 KAB=$K128AB KBA=$K128BA
	[[ $1 == *256 ]] && KAB=$K256AB KBA=$K256BA
}

# macsec_show SIDE FILTER: a jq FILTER over SIDE's `ip -s macsec show`,
# the values joined by spaces.
macsec_show() {
	ip -n "${NS[$1]}" -j -s macsec show "${DEV[$1]}" |
		jq -r ".[0] | $2 | map(tostring) | join(\" \")"
}

# fault NAME N: sn0's fault NAME (refuse-add, ...) set to N.
fault() { secnetctl -n "$NSA" macsec fault set dev sn0 "$@"; }

# In the debug guest every byte's AES-GCM runs under KASAN at ~100 KB/s.
BLOB=$((4 << 20))
[ "$SECNET_FLAVOR" = debug ] && BLOB=$((256 << 10))
# Frames from two CPUs may arrive out of order by a few PNs, in software as
# through the device: a window of 64 takes them.
WINDOW=64

kmsg_mark
modprobe -q macsec 2>/dev/null
secnet_load || { fail "load secnet.ko"; t_done; }
modprobe -q aesni_intel 2>/dev/null
expect_rc "secnet_macsec.ko loads" 0 insmod "$(ko macsec/secnet_macsec.ko)"
netns_add "$NSA" && netns_add "$NSB"
ip -n "$NSA" link add sn0 type secnet
ip -n "$NSA" link set sn1 netns "$NSB"
for s in a b; do
	ip netns exec "${NS[$s]}" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
	ip -n "${NS[$s]}" link set "${LOW[$s]}" up
done
coproc WIRE { python3 -c "$WIRE_PY" "$NSB" sn1 "$BLOB"; }
read -r ready SUM <&"${WIRE[0]}"
declare -A MAC=([a]=$(wire mac "$NSA" sn0) [b]=$(wire mac "$NSB" sn1))
expect_eq "the wire end is ready, sn0 advertises macsec-hw-offload" \
	"$ready $(ip netns exec "$NSA" ethtool -k sn0 | grep '^macsec-hw-offload')" \
	"ready macsec-hw-offload: on"

# Every suite with 4 MB each way; then integrity only, no SCI (the receiver
# takes the single SC), and end station (the SCI from the source MAC).
CONFIGS=(
	"gcm-aes-128|encrypt on|xfer"
	"gcm-aes-256|encrypt on|xfer"
	"gcm-aes-xpn-128|encrypt on|xfer"
	"gcm-aes-xpn-256|encrypt on|xfer"
	"gcm-aes-128|encrypt off|"
	"gcm-aes-256|encrypt on send_sci off|"
	"gcm-aes-xpn-128|encrypt on send_sci off end_station on|"
)
for cfg in "${CONFIGS[@]}"; do
	IFS='|' read -r name opts xfer <<<"$cfg"
	cipher "$name"
	c="$name, $opts"
	expect_eq "$c: SecYs made, A's offloaded to sn0" \
		"$(mksecy a $OFFLOAD "$opts"; mksecy b off "$opts")$(wire ethtool "$NSA" sn0 macsec_secy_offloaded)" 1
	c0=$(ctr $ALL)
	wire clear >/dev/null
	# Three frames of known content, PN 1 to 3, for the byte-for-byte
	# comparison with software below.
	wire echoes "$NSA" macsec0 "${MAC[b]}" $A4 $B4 3 >/dev/null
	wire keep hw "${MAC[a]}" >/dev/null
	expect_eq "$c: ping A to B" "$(wire ping "$NSA" $B4 3)" 3
	expect_eq "$c: ping B to A" "$(wire ping "$NSB" $A4 3)" 3
	if [ -n "$xfer" ]; then
		expect_eq "$c: $((BLOB >> 10)) KB A to B over TCP arrives intact" \
			"$(wire xfer "$NSA" "$NSB" $B4 5001)" "$SUM"
		expect_eq "$c: $((BLOB >> 10)) KB B to A over TCP arrives intact" \
			"$(wire xfer "$NSB" "$NSA" $A4 5002)" "$SUM"
	fi
	read -r tagged plain back drops <<<"$(wire seen "${MAC[a]}")"
	expect_match "$c: on sn1, every frame from macsec0 is MACsec (0x88E5)" \
		"$plain $tagged" "^plain=0 tagged=[1-9]"
	c1=$(ctr $ALL)
	tagged=${tagged#*=} back=${back#*=}
	if [[ $opts == *"encrypt on"* ]]; then
		want="$tagged 0 $back 0 0 0 0 0 0 0" ip_tx=OutPktsEncrypted ip_rx=InOctetsDecrypted
	else
		want="0 $tagged 0 $back 0 0 0 0 0 0" ip_tx=OutPktsProtected ip_rx=InOctetsValidated
	fi
	expect_eq "$c: sn0 protected each frame sent, validated each received, dropped none ($drops)" \
		"$(deltas "$c0" "$c1")" "$want"
	expect_eq "$c: ip -s macsec show: offloaded, with the device's counts" \
		"$(macsec_show a "[.offload, .$ip_tx, .sa_list[0].$ip_tx, .rx_sc[0].InPktsOK, .rx_sc[0].sa_list[0].InPktsOK, .rx_sc[0].$ip_rx > 0]")" \
		"mac $tagged $tagged $back $back true"
	# The same SecY in software, PN from 1 again.
	mksecy a off "$opts"
	wire clear >/dev/null
	wire echoes "$NSA" macsec0 "${MAC[b]}" $A4 $B4 3 >/dev/null
	wire keep sw "${MAC[a]}" >/dev/null
	expect_eq "$c: sn0's frames are software MACsec's, byte for byte" \
		"$(wire same hw sw)" "same 3"
	expect_eq "$c: software MACsec on sn0 left the device alone" \
		"$(ctr $ALL)" "$c1"
done

# Tampered and replayed frames: copies of B's last valid frame, each with
# one field broken, sent from B.  Within the replay window, the copies are
# not late: the device must check the tag and the ICV.
cipher gcm-aes-128
expect_eq "tamper: SecYs made, A's offloaded" \
	"$(mksecy a $OFFLOAD; mksecy b off)" ""
wire clear >/dev/null
expect_eq "tamper: ping B to A" "$(wire ping "$NSB" $A4 2)" 2
wire pick "${MAC[b]}" >/dev/null
# What macsec0 receives: its own counters stay 0 while the device does the
# work (6.1's macsec counts nothing for an offloaded SecY).
wire watch "$NSA" macsec0 >/dev/null
c0=$(ctr rx_bad_tag rx_icv_fail rx_late rx_decrypted)
wire replay "$NSB" sn1 >/dev/null
nap 0.5
# What the copies are made from must be intact, and a frame delivered seen.
expect_eq "tamper: B's last frame, sent again within the window, is taken and delivered (802.1AE checks no duplicates there)" \
	"$(deltas "$c0" "$(ctr rx_bad_tag rx_icv_fail rx_late rx_decrypted)") $(wire watched)" "0 0 0 1 1"
c0=$(ctr rx_bad_tag rx_icv_fail rx_late rx_decrypted)
expect_eq "tamper: B sends its last frame with TCI.V, SL, PN, data, ICV broken" \
	"$(wire tamper "$NSB" sn1)" "bad_tag=2 icv_fail=3"
nap 0.5
expect_eq "tamper: sn0 counted 2 bad tags and 3 ICV failures, decrypted none" \
	"$(deltas "$c0" "$(ctr rx_bad_tag rx_icv_fail rx_late rx_decrypted)")" "2 3 0 0"
expect_eq "tamper: none reached macsec0" "$(wire watched)" 0
run ip -n "$NSA" link set macsec0 type macsec replay on window 0
expect_eq "replay: macsec0's window set to 0 (the offloaded SecY updated)" \
	"$RC $ERR $(macsec_show a '[.window]')" "0  0"
wire replay "$NSB" sn1 >/dev/null
nap 0.5
expect_eq "replay: B's last frame again is late, counted, not delivered" \
	"$(deltas "$c0" "$(ctr rx_bad_tag rx_icv_fail rx_late rx_decrypted)") $(wire watched)" \
	"2 3 1 0 0"
expect_eq "replay: ip -s macsec show counts it (InPktsLate)" \
	"$(macsec_show a '[.rx_sc[0].InPktsLate]')" 1
expect_eq "replay: B's new frames still pass" "$(wire ping "$NSB" $A4 2)" 2

# Switching the offload off and on under a ping flood (one request out at
# a time): only what is in flight at each switch may be lost, and nothing
# leaves in plaintext meanwhile.
mksecy a $OFFLOAD >/dev/null
mksecy b off >/dev/null
wire clear >/dev/null
wire flood "$NSA" $B4 >/dev/null
nap 0.5
expect_eq "flood: offload off (down, SAs and RX SC deleted, offload off, SAs back, up)" \
	"$(offload_switch off 1000000)$(wire ethtool "$NSA" sn0 macsec_secy_offloaded)" 0
c0=$(ctr tx_encrypted rx_decrypted)
nap 0.5
c1=$(ctr tx_encrypted rx_decrypted)
expect_eq "flood: offload mac again" \
	"$(offload_switch mac 2000000)$(wire ethtool "$NSA" sn0 macsec_secy_offloaded)" 1
nap 0.5
expect_eq "flood: ping A to B during it" "$(wire ping "$NSA" $B4 2)" 2
read -r sent replies lost <<<"$(wire flood end)"
c2=$(ctr tx_encrypted rx_decrypted)
expect_eq "flood: in software, sn0 did no MACsec" "$(deltas "$c0" "$c1")" "0 0"
expect_match "flood: offloaded again, sn0 does it" "$(deltas "$c1" "$c2")" '^[1-9][0-9]* [1-9]'
expect_eq "flood: at most the 2 requests in flight lost ($sent $replies $lost)" \
	"$((${sent#*=} - ${replies#*=} <= 2 && ${replies#*=} > 50))" 1
expect_eq "flood: B's software MACsec found no frame late, bad or not valid" \
	"$(macsec_show b '[.rx_sc[0].InPktsLate, .rx_sc[0].InPktsNotValid, .InPktsBadTag]')" "0 0 0"
expect_match "flood: nothing from macsec0 crossed sn1 in plaintext" \
	"$(wire seen "${MAC[a]}")" "^tagged=[1-9][0-9]* plain=0 "

# rmmod: refused while a SecY is offloaded.
expect_rc "rmmod secnet_macsec is refused while macsec0 is offloaded" 1 \
	rmmod secnet_macsec
ip -n "$NSA" link del macsec0
expect_rc "rmmod secnet_macsec once macsec0 is gone" 0 rmmod secnet_macsec
expect_rc "secnet_macsec.ko loads again" 0 insmod "$(ko macsec/secnet_macsec.ko)"

# Fault injection.
expect_rc "fault: refuse-add 1" 0 fault refuse-add 1
expect_rc "fault: refuse-add: ip link add ... offload mac fails" 2 \
	ip -n "$NSA" link add link sn0 macsec0 type macsec port 1 offload mac
expect_eq "fault: ... and leaves no macsec0" "$(wire ifstat "$NSA" macsec0)" none
expect_eq "fault: the next SecY is offloaded" \
	"$(mksecy a $OFFLOAD)$(wire ethtool "$NSA" sn0 macsec_secy_offloaded)" 1
mksecy b off >/dev/null
b0=$(macsec_show b '[.rx_sc[0].InPktsNotValid, .rx_sc[0].InPktsOK]')
c0=$(ctr faults_injected)
expect_rc "fault: corrupt-icv 2" 0 fault corrupt-icv 2
expect_eq "fault: corrupt-icv 2: 2 of 4 pings A to B are answered" \
	"$(wire ping "$NSA" $B4 4 0.5)" 2
b1=$(macsec_show b '[.rx_sc[0].InPktsNotValid, .rx_sc[0].InPktsOK]')
expect_eq "fault: B's software MACsec found exactly 2 not valid, 2 OK" \
	"$(deltas "$b0" "$b1")" "2 2"
expect_eq "fault: sn0 counted the 2 it corrupted" "$(deltas "$c0" "$(ctr faults_injected)")" 2
# A frame for an SC the device does not hold (a software SecY on sn0, SCI
# port 2) passes up untouched, and software MACsec decrypts it.
unknown() {
	local s=$1 p=${PEER[$1]}
	ip -n "${NS[$s]}" -batch - <<-EOF
		link add link ${LOW[$s]} macsec2 type macsec port 2 cipher $CIPHER
		$(sa_lines "$s" 1 2 macsec2)
		link set macsec2 up
		addr add $2/24 dev macsec2
		neigh add $3 lladdr ${MAC[$p]} dev macsec2 nud permanent
	EOF
}
unknown a $A4U $B4U
unknown b $B4U $A4U
c0=$(ctr rx_unknown_sci rx_decrypted)
expect_eq "unknown SCI: ping over a software SecY beside the offloaded one" \
	"$(wire ping "$NSA" $B4U 3)" 3
expect_eq "unknown SCI: sn0 passed B's 3 replies up untouched" \
	"$(deltas "$c0" "$(ctr rx_unknown_sci rx_decrypted)")" "3 0"
expect_eq "unknown SCI: software MACsec decrypted them" \
	"$(ip -n "$NSA" -j -s macsec show macsec2 | jq '.[0].rx_sc[0].InPktsOK')" 3
expect_eq "unknown SCI: the offloaded SecY still works" "$(wire ping "$NSA" $B4 2)" 2

c0=$(ctr tx_pn_exhausted)
b1=$(macsec_show b '[.rx_sc[0].InPktsNotValid, .rx_sc[0].InPktsOK]')
expect_rc "fault: pn-left 3" 0 fault pn-left 3
wire clear >/dev/null
wire echoes "$NSA" macsec0 "${MAC[b]}" $A4 $B4 5 >/dev/null
expect_match "fault: pn-left 3: of 5 frames, 3 leave" \
	"$(wire seen "${MAC[a]}")" "^tagged=3 plain=0 "
expect_match "fault: sn0 counted the PN space exhausted" \
	"$(deltas "$c0" "$(ctr tx_pn_exhausted)")" '^[1-9]'
expect_eq "fault: the kernel was told: TX SA 0 off (ip macsec show)" \
	"$(macsec_show a '[.sa_list[0].active]')" false
expect_eq "fault: B took the 3 (the last PN, 2^32 - 1, included)" \
	"$(deltas "$b1" "$(macsec_show b '[.rx_sc[0].InPktsNotValid, .rx_sc[0].InPktsOK]')")" "0 3"
wire echoes "$NSA" macsec0 "${MAC[b]}" $A4 $B4 2 >/dev/null
expect_match "fault: nothing leaves after" "$(wire seen "${MAC[a]}")" "^tagged=3 plain=0 "

mksecy a $OFFLOAD >/dev/null
mksecy b off >/dev/null

# Unloading under traffic: the SecY deleted under a flood, then rmmod.
wire clear >/dev/null
wire flood "$NSA" $B4 >/dev/null
nap 1
ip -n "$NSA" link del macsec0
expect_rc "rmmod secnet_macsec with a flood running over a SecY just deleted" 0 \
	rmmod secnet_macsec
wire flood end >/dev/null
expect_match "unload: nothing from sn0 crossed in plaintext" \
	"$(wire seen "${MAC[a]}")" " plain=0 "
expect_eq "unload: the kernel said nothing" \
	"$(kmsg_since_mark | grep -E 'KASAN|BUG|WARNING|lockdep|circular' | head -3)" ""

t_done
