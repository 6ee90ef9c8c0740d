#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# late: debug
# kTLS device offload (secnet_ktls): namespace A's TLS sockets are offloaded
# to sn0 (TLS 1.2, AES-GCM-128/256: the device encrypts what they send and
# decrypts what they receive), namespace B runs the kernel's software kTLS
# on sn1.  OpenSSL (libssl's own kTLS, through python's ssl) must move
# files intact both ways, over a clean link and over one that loses and
# reorders, with the device doing the work and no plaintext on the wire;
# what the device sends must be software kTLS's bytes; what it cannot do
# must fall back to software; tampered records must fail, never decrypt.
. "$(dirname "$0")/../lib.sh"

t_plan 60

NSA=sn-kt-a NSB=sn-kt-b
A4=10.94.0.1 B4=10.94.0.2
# The raw sockets' key (tls12_crypto_info_*): the secnetctl output must
# never show it.
KEYHEX=5ec7e75ec7e7000102030405060708090a0b0c0d0e0f10111213141516171819

# The TLS end, one python process for the whole test (a process costs up
# to a second under emulation).  It holds both namespaces' sockets, counts
# every frame crossing sn1 in B (AF_PACKET, both ways) and whether any
# carries the plaintext marker, and answers one line per command line.
read -r -d '' KT_PY <<'PYEOF'
import errno, hashlib, os, socket, ssl, struct, sys, threading, time
from netns import in_ns, ethtool_stats as ethtool
NSA, NSB, A, B, CERT, PKEY, KEYHEX = sys.argv[1:8]
SIZE = int(sys.argv[8])
SOL_TLS, TLS_TX, TLS_RX, TLS_SET_RECORD_TYPE, TCP_ULP = 282, 1, 2, 1, 31
SSL_OP_ENABLE_KTLS = 0x8  # OpenSSL 3.0
MARK = b"SECNET-KTLS-PLAINTEXT-MARK"
STATS = ("TlsTxDevice", "TlsRxDevice", "TlsTxSw", "TlsRxSw",
         "TlsRxDeviceResync", "TlsDecryptError")



def marked(n):
    """n random bytes with the marker every 4 KB."""
    b = bytearray(os.urandom(n))
    for i in range(0, n - len(MARK), 4096):
        b[i:i + len(MARK)] = MARK
    return bytes(b)


BLOB = marked(SIZE)
BLOB_SUM = hashlib.sha256(BLOB).hexdigest()
# The raw sockets' send() sizes: records split at 16 KB and at each send,
# one record of another type (22) in the middle.
SENDS = [1, 13, 16384, 16385, 40000, 100, 70000, 4096, 5, 30000]
CTYPE_AT = 5
PLAIN = marked(sum(SENDS))
KEY = bytes.fromhex(KEYHEX)
IV, SALT, RSN = bytes(range(0x40, 0x4c)), bytes.fromhex("a1a2a3a4"), \
    bytes.fromhex("0000000100fffffe")
# name: (version, cipher type, iv, key, salt) of tls12_crypto_info_*
CIPHERS = {
    "gcm128": (0x0303, 51, IV[:8], KEY[:16], SALT),
    "gcm256": (0x0303, 52, IV[:8], KEY, SALT),
    "ccm128": (0x0303, 53, IV[:8], KEY[:16], SALT),
    "chacha": (0x0303, 54, IV, KEY, b""),
    "gcm128-tls13": (0x0304, 51, IV[:8], KEY[:16], SALT),
}


def info(name):
    v, t, iv, key, salt = CIPHERS[name]
    return struct.pack("=HH", v, t) + iv + key + salt + RSN


class Capture:
    """Counts the frames and bytes through a device, and those that carry
    the marker: plaintext on the wire."""
    def __init__(self, ns, dev):
        self.sock = in_ns(ns, lambda: socket.socket(
            socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3)))
        self.sock.setsockopt(socket.SOL_SOCKET, 33, 64 << 20)  # RCVBUFFORCE
        self.sock.bind((dev, 3))
        self.frames = self.bytes = self.marks = 0
        threading.Thread(target=self.run, daemon=True).start()

    def run(self):
        while True:
            try:
                data = self.sock.recv(1 << 17)
            except OSError:  # the device went away
                time.sleep(0.1)
                continue
            self.frames += 1
            self.bytes += len(data)
            self.marks += MARK in data

    def report(self, least):
        """Since the last report; whether at least LEAST bytes went by."""
        last, end = -1, time.time() + 5
        while self.frames != last and time.time() < end:
            last = self.frames
            time.sleep(0.15)
        drops = struct.unpack("II", self.sock.getsockopt(263, 6, 8))[1]
        r = "marks=%d drops=%d seen=%s" % (
            self.marks, drops,
            "enough" if self.bytes >= least else "short:%d" % self.bytes)
        self.frames = self.bytes = self.marks = 0
        return r



def tls_stat(ns):
    f = in_ns(ns, lambda: open("/proc/thread-self/net/tls_stat").read()).split()
    return dict(zip(f[0::2], map(int, f[1::2])))


def modes(before, ns):
    """How NS's sockets since BEFORE went: tx=device|sw|none rx=..."""
    now = tls_stat(ns)
    d = {k: now[k] - before[k] for k in STATS}
    out = []
    for x in ("Tx", "Rx"):
        dev, sw = d["Tls%sDevice" % x], d["Tls%sSw" % x]
        out.append("%s=%s" % (x.lower(), "device" if dev and not sw else
                              "sw" if sw and not dev else
                              "none" if not dev + sw else "dev%d+sw%d" % (dev, sw)))
    return " ".join(out), d


PORT = [5000]


def pair():
    """A TCP connection from A (over sn0) to B; (A's socket, B's)."""
    PORT[0] += 1
    srv = in_ns(NSB, lambda: socket.create_server((B, PORT[0])))
    a = in_ns(NSA, socket.socket)
    # Room for every send at once: records are cut by send(), never by
    # waiting for memory, the same in software and in the device.
    a.setsockopt(socket.SOL_SOCKET, 32, 8 << 20)  # SNDBUFFORCE
    a.settimeout(60)
    a.connect((B, PORT[0]))
    b, _ = srv.accept()
    srv.close()
    b.settimeout(60)
    b.setsockopt(socket.SOL_SOCKET, 32, 8 << 20)
    return a, b


def ulp(s, direction, cipher):
    s.setsockopt(socket.SOL_TCP, TCP_ULP, b"tls")
    s.setsockopt(SOL_TLS, direction, info(cipher))


class Reader:
    """Reads a socket to its end in a thread: its bytes and the error."""
    def __init__(self, s, tls):
        self.s, self.tls, self.data, self.err = s, tls, bytearray(), "none"
        self.t = threading.Thread(target=self.run, daemon=True)
        self.t.start()

    def run(self):
        try:
            while True:
                if self.tls:  # room for a record's type (TLS_GET_RECORD_TYPE)
                    d = self.s.recvmsg(1 << 16, socket.CMSG_SPACE(1))[0]
                else:
                    d = self.s.recv(1 << 16)
                if not d:
                    break
                self.data += d
        except OSError as e:
            self.err = errno.errorcode.get(e.errno, str(e))

    def join(self):
        self.t.join(120)
        return bytes(self.data)


def send_pattern(s):
    off = 0
    for i, n in enumerate(SENDS):
        if i == CTYPE_AT:
            s.sendmsg([PLAIN[off:off + n]],
                      [(SOL_TLS, TLS_SET_RECORD_TYPE, b"\x16")])
        else:
            s.sendall(PLAIN[off:off + n])
        off += n


def records(stream):
    """(offset, length) of each record of a TLS stream."""
    out, i = [], 0
    while i + 5 <= len(stream):
        n = struct.unpack_from("!H", stream, i + 3)[0]
        out.append((i, 5 + n))
        i += 5 + n
    return out


STREAMS = {}


def raw(frm, smode, rmode):
    """FROM a|b sends over a raw kTLS socket (tls:CIPHER), over plain TCP
    the pattern's plaintext (plain) or a kept stream (src:NAME[:K], K: the
    K-th record broken); the other end reads it with kTLS (tls:CIPHER) or
    plain TCP (plain:NAME: kept)."""
    sa, sb = tls_stat(NSA), tls_stat(NSB)
    a, b = pair()
    snd, rcv = (a, b) if frm == "a" else (b, a)
    rkind, _, rarg = rmode.partition(":")
    if rkind == "tls":
        ulp(rcv, TLS_RX, rarg)
    reader = Reader(rcv, rkind == "tls")
    skind, _, sarg = smode.partition(":")
    cut = len(PLAIN)
    try:
        if skind == "tls":
            ulp(snd, TLS_TX, sarg)
            send_pattern(snd)
        elif skind == "plain":
            send_pattern(snd)
        else:
            name, _, k = sarg.partition(":")
            stream = bytearray(STREAMS[name])
            if k:
                recs = records(stream)
                off, n = recs[int(k)]
                stream[off + n // 2] ^= 0x20
                cut = sum(m - 5 - 8 - 16 for _, m in recs[:int(k)])
            snd.sendall(stream)
    finally:
        snd.close()
    got = reader.join()
    rcv.close()
    if rkind == "plain":
        STREAMS[rarg] = got
    plain = "ok" if got == PLAIN[:len(got)] else "WRONG"
    ma, _ = modes(sa, NSA)
    return "n=%d cut=%d plain=%s err=%s A:%s" % (len(got), cut, plain,
                                                  reader.err, ma)


def octx(server, cipher):
    c = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER if server else
                       ssl.PROTOCOL_TLS_CLIENT)
    c.minimum_version = c.maximum_version = ssl.TLSVersion.TLSv1_2
    c.set_ciphers(cipher)
    c.options |= SSL_OP_ENABLE_KTLS
    if server:
        c.load_cert_chain(CERT, PKEY)
    else:
        c.check_hostname, c.verify_mode = False, ssl.CERT_NONE
    return c


def read_all(t, n):
    h, got = hashlib.sha256(), 0
    while got < n:
        d = t.recv(min(1 << 16, n - got))
        if not d:
            break
        h.update(d)
        got += len(d)
    return "ok" if h.hexdigest() == BLOB_SUM and got == n else "BAD(%d)" % got


def ossl(cipher):
    """BLOB from A to B, then back, over one TLS 1.2 connection that libssl
    moves to kTLS on both ends after its handshake."""
    sa, sb = tls_stat(NSA), tls_stat(NSB)
    a, b = pair()
    res = {}

    def server():
        try:
            t = octx(True, cipher).wrap_socket(b, server_side=True)
            res["ab"] = read_all(t, SIZE)
            t.sendall(BLOB)
            res["cipher"] = t.cipher()[0]
            t.close()
        except Exception as e:
            res["ab"] = "error:%r" % e
    th = threading.Thread(target=server, daemon=True)
    th.start()
    t0 = time.time()
    try:
        t = octx(False, cipher).wrap_socket(a)
        t.sendall(BLOB)
        ba = read_all(t, SIZE)
        t.close()
    except Exception as e:
        ba = "error:%r" % e
    th.join(120)
    secs = time.time() - t0
    ma, da = modes(sa, NSA)
    mb, _ = modes(sb, NSB)
    return "ab=%s ba=%s %s A:%s B:%s resyncs=%d decrypt_errors=%d secs=%.1f" % (
        res.get("ab"), ba, res.get("cipher"), ma, mb,
        da["TlsRxDeviceResync"], da["TlsDecryptError"], secs)


HELD = []


def hold():
    """An offloaded connection both ways, some records each way, kept
    open; A's local and remote port."""
    a, b = pair()
    for s in (a, b):
        ulp(s, TLS_TX, "gcm128")
        s.setsockopt(SOL_TLS, TLS_RX, info("gcm128"))
    a.sendall(PLAIN[:50000])
    b.sendall(PLAIN[:50000])
    for s in (a, b):
        got = b""
        while len(got) < 50000:
            got += s.recv(1 << 16)
    HELD.extend([a, b])
    return "%d %d" % (a.getsockname()[1], a.getpeername()[1])


class Churn:
    """N offloaded connections sending both ways without pause until they
    are closed under the traffic."""
    def __init__(self, n):
        self.socks, self.stop = [], False
        for _ in range(n):
            a, b = pair()
            for s in (a, b):
                ulp(s, TLS_TX, "gcm256")
                s.setsockopt(SOL_TLS, TLS_RX, info("gcm256"))
                s.settimeout(2)
                self.socks.append(s)
                threading.Thread(target=self.send, args=(s,), daemon=True).start()
                threading.Thread(target=self.recv, args=(s,), daemon=True).start()

    def send(self, s):
        while not self.stop:
            try:
                s.sendall(PLAIN[:20000])
            except OSError:
                return

    def recv(self, s):
        while not self.stop:
            try:
                if not s.recv(1 << 16):
                    return
            except OSError:
                if self.stop:
                    return

    def close(self):
        self.stop = True
        for s in self.socks:
            s.close()
        return "closed %d" % len(self.socks)


cap = Capture(NSB, "sn1")
churn = None
print("ready ktls-option=%d" % bool(octx(False, "ECDHE-ECDSA-AES128-GCM-SHA256")
                                     .options & SSL_OP_ENABLE_KTLS), flush=True)
for line in sys.stdin:
    a = line.split()
    try:
        if a[0] == "ossl":             # ossl OPENSSL_CIPHER
            r = ossl(a[1])
        elif a[0] == "raw":            # raw FROM SMODE RMODE
            r = raw(a[1], a[2], a[3])
        elif a[0] == "same":           # same NAME1 NAME2: kept streams
            x, y = STREAMS[a[1]], STREAMS[a[2]]
            i = next((i for i in range(min(len(x), len(y))) if x[i] != y[i]),
                     None)
            r = ("same %d" % len(x) if x == y else
                 "%d bytes against %d, first difference at %s" % (len(x), len(y), i))
        elif a[0] == "wire":           # wire [MIN]: what crossed sn1 since
            r = cap.report(int(a[1]) if len(a) > 1 else 0)  # the last
        elif a[0] == "ethtool":        # ethtool NS DEV NAME...: values
            st = ethtool(a[1], a[2])
            r = " ".join(str(st.get(k, "-")) for k in a[3:])
        elif a[0] == "tls_stat":       # tls_stat NS NAME...
            st = tls_stat(a[1])
            r = " ".join(str(st.get(k, "-")) for k in a[2:])
        elif a[0] == "hold":
            r = hold()
        elif a[0] == "release":        # closes what hold kept
            for s in HELD:
                s.close()
            r = "released %d" % len(HELD)
            HELD.clear()
        elif a[0] == "churn":          # churn N | churn close
            if a[1] == "close":
                r, churn = churn.close(), None
            else:
                churn = Churn(int(a[1]))
                r = "ok"
        else:
            r = "error: unknown command"
    except Exception as e:  # the test goes on; the answer says what broke
        r = "error: %r" % e
    print(r, flush=True)
PYEOF

# kt CMD...: one command to the TLS end; its answer.
kt() { coproc_ask KT 300 "$@"; }
# ctr NAME...: sn0's `ethtool -S` counters NAME (tls_ left out).
ctr() { kt ethtool "$NSA" sn0 "$@"; }
# at_least "A B..." "MIN_A MIN_B...": each A >= its MIN; prints 1 or 0.
at_least() {
	local a m i
	read -r -a a <<<"$1"
	read -r -a m <<<"$2"
	for i in "${!m[@]}"; do
		[[ ${a[i]:-} =~ ^[0-9]+$ ]] && ((a[i] >= m[i])) || { echo 0; return; }
	done
	echo 1
}
fault() { secnetctl -n "$NSA" ktls fault set dev sn0 "$@"; }
# refcnt_zero: waits up to 10 s until secnet_ktls is held by nothing (the
# kernel deletes a closed socket's TX context from a work item).
refcnt_zero() {
	local i r
	for ((i = 0; i < 100; i++)); do
		{ read -r r </sys/module/secnet_ktls/refcnt; } 2>/dev/null || return 0
		[ "$r" = 0 ] && return 0
		nap 0.1
	done
	return 1
}

TXC="tx_tls_encrypted_packets tx_tls_records tx_tls_encrypted_bytes"
RXC="rx_tls_decrypted_packets rx_tls_records rx_tls_decrypted_bytes"
SYNC="rx_tls_resync_req rx_tls_resync_ok rx_tls_unsynced_packets"

# 8 MB each way on both kernels: the debug one (KASAN) takes about 80 s
# longer for it, in the second debug guest where there is room.
SIZE=$((8 << 20))
MB="$((SIZE >> 10)) KB"

kmsg_mark
# Modules on the stock kernel, built in on the debug one.
modprobe -qa tls sch_netem 2>/dev/null
secnet_load || { fail "load secnet.ko"; t_done; }
modprobe -q aesni_intel 2>/dev/null
expect_rc "secnet_ktls.ko loads" 0 insmod "$(ko ktls/secnet_ktls.ko)"
netns_add "$NSA" && netns_add "$NSB"
ip -n "$NSA" link add sn0 type secnet
ip -n "$NSA" link set sn1 netns "$NSB"
for ns in "$NSA" "$NSB"; do
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
done
ip -n "$NSA" addr add $A4/24 dev sn0
ip -n "$NSB" addr add $B4/24 dev sn1
ip -n "$NSA" link set sn0 up
ip -n "$NSB" link set sn1 up
# B is the software peer.
ip netns exec "$NSB" ethtool -K sn1 tls-hw-tx-offload off tls-hw-rx-offload off 2>/dev/null
expect_eq "sn0 advertises tls-hw-tx-offload and tls-hw-rx-offload; sn1's are off" \
	"$(ip netns exec "$NSA" ethtool -k sn0 | grep -E '^tls-hw-(tx|rx)-offload')
$(ip netns exec "$NSB" ethtool -k sn1 | grep -E '^tls-hw-(tx|rx)-offload')" \
	"tls-hw-tx-offload: on
tls-hw-rx-offload: on
tls-hw-tx-offload: off
tls-hw-rx-offload: off"
# One EC P-256 certificate (an RSA key takes long under emulation).
run openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-subj /CN=secnet-ktls -days 1 -keyout "$T_RUN.key" -out "$T_RUN.crt"
coproc KT { python3 -c "$KT_PY" "$NSA" "$NSB" $A4 $B4 "$T_RUN.crt" \
	"$T_RUN.key" $KEYHEX $SIZE; }
read -r -t 120 ready <&"${KT[0]}"
expect_eq "the TLS end is ready, libssl takes SSL_OP_ENABLE_KTLS" \
	"$RC $ready" "0 ready ktls-option=1"

# The wire watch itself: plaintext sent in the clear is seen.
kt wire >/dev/null
kt raw a plain plain:clear >/dev/null
expect_match "the capture on sn1 sees the plaintext marker when it is sent in the clear" \
	"$(kt wire)" "^marks=[1-9]"

# OpenSSL on both ends: A's libssl hands its keys to sn0, B's to software
# kTLS; SIZE each way over one connection, both ciphers.
for cipher in ECDHE-ECDSA-AES128-GCM-SHA256 ECDHE-ECDSA-AES256-GCM-SHA384; do
	c=${cipher#ECDHE-ECDSA-}
	c0=$(ctr $TXC $RXC)
	got=$(kt ossl "$cipher")
	c1=$(ctr $TXC $RXC)
	echo "# $c: $got"
	expect_match "openssl $c: $MB A to B and back arrive intact" \
		"$got" "^ab=ok ba=ok $cipher "
	expect_match "openssl $c: A's socket offloaded both ways, B's in software kTLS" \
		"$got" " A:tx=device rx=device B:tx=sw rx=sw "
	# The file's records, every one encrypted by sn0; received, all but
	# those before the device found its place (the server's Finished may
	# wait in A's queue when libssl switches to kTLS: then sn0 resyncs).
	rec=$((SIZE / 16384))
	expect_eq "openssl $c: sn0 encrypted $rec records, $SIZE bytes, decrypted $rec less 8 ($(deltas "$c0" "$c1"))" \
		"$(at_least "$(deltas "$c0" "$c1")" "$((SIZE / 65536)) $rec $SIZE $((SIZE / 65536)) $((rec - 8)) $((SIZE - 8 * 16384))")" 1
	expect_eq "openssl $c: no plaintext crossed sn1 (of at least $((2 * SIZE)) bytes)" \
		"$(kt wire $((2 * SIZE)))" "marks=0 drops=0 seen=enough"
done

# Loss and reordering from B to A: the device loses its place in A's
# receive stream and must find it again with the kernel's help.
expect_rc "netem on sn1: loss 1% reorder 5% delay 1ms" 0 \
	tc -n "$NSB" qdisc add dev sn1 root netem loss 1% reorder 5% delay 1ms
for cipher in ECDHE-ECDSA-AES128-GCM-SHA256 ECDHE-ECDSA-AES256-GCM-SHA384; do
	c="netem ${cipher#ECDHE-ECDSA-}"
	c0=$(ctr $SYNC rx_tls_records tx_tls_records)
	got=$(kt ossl "$cipher")
	c1=$(ctr $SYNC rx_tls_records tx_tls_records)
	echo "# $c: $got"
	expect_match "$c: $MB A to B and back arrive intact, offloaded" \
		"$got" "^ab=ok ba=ok $cipher A:tx=device rx=device B:tx=sw rx=sw "
	expect_match "$c: the kernel confirmed resyncs (TlsRxDeviceResync), none failed to decrypt" \
		"$got" " resyncs=[1-9][0-9]* decrypt_errors=0 "
	expect_eq "$c: sn0 asked for resyncs, got them, passed packets up unsynced, still decrypted and encrypted ($(deltas "$c0" "$c1"))" \
		"$(at_least "$(deltas "$c0" "$c1")" "1 1 1 1 $((SIZE / 16384))")" 1
	expect_eq "$c: no plaintext crossed sn1" "$(kt wire $((2 * SIZE)))" "marks=0 drops=0 seen=enough"
done
tc -n "$NSB" qdisc del dev sn1 root

# What sn0 sends is software kTLS's bytes: the same key, IV, record number
# and send() sizes, captured as B's plain TCP socket reads them.
for c in gcm128 gcm256; do
	c0=$(ctr tx_tls_records)
	expect_match "raw $c: A's kTLS TX socket offloaded, B reads the stream" \
		"$(kt raw a tls:$c plain:hw$c)" "plain=WRONG err=none A:tx=device rx=none$"
	c1=$(ctr tx_tls_records)
	ip netns exec "$NSA" ethtool -K sn0 tls-hw-tx-offload off >/dev/null
	expect_match "raw $c: the same in software kTLS (tls-hw-tx-offload off)" \
		"$(kt raw a tls:$c plain:sw$c)" "err=none A:tx=sw rx=none$"
	ip netns exec "$NSA" ethtool -K sn0 tls-hw-tx-offload on >/dev/null
	expect_eq "raw $c: the device's stream is software's, byte for byte ($(deltas "$c0" "$c1") records)" \
		"$(kt same hw$c sw$c)" "same 177506"
done

# A known answer for the receiver: software's stream, sent by B over plain
# TCP, read by A's offloaded kTLS RX socket; then the same stream with one
# ciphertext byte of record 6 flipped: A reads records 0 to 5, then
# EBADMSG, never the record's plaintext, wrong or not.
c0=$(ctr rx_tls_records rx_tls_auth_fail)
expect_match "raw rx: A's offloaded TLS_RX socket decrypts software's gcm256 stream" \
	"$(kt raw b src:swgcm256 tls:gcm256)" "^n=176984 cut=176984 plain=ok err=none A:tx=none rx=device$"
c1=$(ctr rx_tls_records rx_tls_auth_fail)
expect_eq "raw rx: sn0 decrypted its 18 records, every tag good" \
	"$(deltas "$c0" "$c1")" "18 0"
got=$(kt raw b src:swgcm256:6 tls:gcm256)
expect_match "tamper: a record broken on the wire gives EBADMSG after the records before it" \
	"$got" "^n=49167 cut=49167 plain=ok err=EBADMSG A:tx=none rx=device$"
expect_match "tamper: sn0 found the tag bad" \
	"$(deltas "$c1" "$(ctr rx_tls_records rx_tls_auth_fail)")" "^[0-9]+ [1-9]"
got=$(kt raw b src:swgcm256:0 tls:gcm256)
expect_match "tamper: the first record broken: EBADMSG, nothing read" \
	"$got" "^n=0 cut=0 plain=ok err=EBADMSG "

# What the device cannot do goes to software, and still works.
c0=$(ctr tx_tls_ctx rx_tls_ctx)
expect_match "decline: a TLS 1.3 TX socket goes to software kTLS, B reads it" \
	"$(kt raw a tls:gcm128-tls13 tls:gcm128-tls13)" "^n=176984 cut=176984 plain=ok err=none A:tx=sw rx=none$"
expect_match "decline: a ChaCha20-Poly1305 RX socket goes to software kTLS" \
	"$(kt raw b tls:chacha tls:chacha)" "^n=176984 cut=176984 plain=ok err=none A:tx=none rx=sw$"
expect_match "decline: an AES-CCM-128 RX socket goes to software kTLS" \
	"$(kt raw b tls:ccm128 tls:ccm128)" "^n=176984 cut=176984 plain=ok err=none A:tx=none rx=sw$"
expect_eq "decline: sn0 took no context for them" \
	"$(deltas "$c0" "$(ctr tx_tls_ctx rx_tls_ctx)")" "0 0"

# Faults: refuse-add sends the next socket to software; desync makes the
# device lose its place and resync without any loss on the link.
c0=$(ctr tls_refused tls_faults_injected)
expect_rc "fault: refuse-add 1" 0 fault refuse-add 1
expect_match "fault: refuse-add: the next TX socket goes to software kTLS, B reads it" \
	"$(kt raw a tls:gcm128 tls:gcm128)" "^n=176984 cut=176984 plain=ok err=none A:tx=sw rx=none$"
expect_match "fault: refuse-add: the one after is offloaded again" \
	"$(kt raw a tls:gcm128 tls:gcm128)" "^n=176984 cut=176984 plain=ok err=none A:tx=device rx=none$"
expect_eq "fault: sn0 counted the refusal" \
	"$(deltas "$c0" "$(ctr tls_refused tls_faults_injected)")" "1 1"
c0=$(ctr $SYNC rx_tls_records tls_faults_injected)
r0=$(kt tls_stat "$NSA" TlsRxDeviceResync)
expect_rc "fault: desync 2" 0 fault desync 2
expect_match "fault: desync: the RX socket reads every record right" \
	"$(kt raw b tls:gcm128 tls:gcm128)" "^n=176984 cut=176984 plain=ok err=none A:tx=none rx=device$"
c1=$(ctr $SYNC rx_tls_records tls_faults_injected)
expect_eq "fault: desync: sn0 asked for a resync, got it, passed packets up unsynced, decrypted records after, injected 2 ($(deltas "$c0" "$c1"))" \
	"$(at_least "$(deltas "$c0" "$c1")" "1 1 1 1 2")" 1
expect_match "fault: desync: the kernel confirmed it (TlsRxDeviceResync)" \
	"$(deltas "$r0" "$(kt tls_stat "$NSA" TlsRxDeviceResync)")" "^[1-9]"
expect_eq "raw: no plaintext crossed sn1" "$(kt wire 1000000)" \
	"marks=0 drops=0 seen=enough"

# An offloaded connection kept open: secnetctl lists it, never its key,
# and it holds the module.
read -r lport rport <<<"$(kt hold)"
run secnetctl -n "$NSA" ktls show
expect_match "ktls show: A's TX connection" "$OUT" \
	"^sn0 tx local $A4:$lport remote $B4:$rport cipher aes-gcm-128 version TLS1.2 .*records [1-9]"
expect_match "ktls show: A's RX connection, synced" "$OUT" \
	"^sn0 rx local $A4:$lport remote $B4:$rport cipher aes-gcm-128 version TLS1.2 synced .*records [1-9]"
text=$OUT
run secnetctl -n "$NSA" -j ktls show dev sn0
expect_eq "ktls show -j: both directions, their ports and counts" \
	"$(jqv "$OUT" "[.[] | select(.local_port == $lport) | \"\(.dir) \(.cipher) \(.remote_port) \(.records > 0)\"] | sort | join(\",\")")" \
	"rx aes-gcm-128 $rport true,tx aes-gcm-128 $rport true"
expect_no_match "ktls show: no key bytes, in text or JSON" \
	"$text $OUT" "${KEYHEX:0:32}|${KEYHEX:8:16}"
expect_eq "ktls show in B: nothing (sn1 offloads nothing)" \
	"$(secnetctl -n "$NSB" ktls show)" ""
run rmmod secnet_ktls
expect_match "rmmod secnet_ktls is refused while a socket is offloaded" \
	"$RC $ERR" "^1 .*in use"
kt release >/dev/null
refcnt_zero
expect_rc "rmmod secnet_ktls once it is closed" 0 rmmod secnet_ktls
expect_rc "secnet_ktls.ko loads again" 0 insmod "$(ko ktls/secnet_ktls.ko)"
expect_eq "sn1's offload stays off, sn0's on" \
	"$(ip netns exec "$NSA" ethtool -k sn0 | grep -c -E '^tls-hw-(tx|rx)-offload: on')$(ip netns exec "$NSB" ethtool -k sn1 | grep -c -E '^tls-hw-(tx|rx)-offload: on')" "20"

# Sockets closed under traffic, then sn0 deleted under offloaded sockets.
expect_eq "churn: 4 offloaded connections sending both ways" "$(kt churn 4)" ok
nap 2
expect_eq "churn: closed under traffic" "$(kt churn close)" "closed 8"
expect_match "churn: sn0 encrypted and decrypted meanwhile" \
	"$(ctr tx_tls_records rx_tls_records)" "^[1-9][0-9]* [1-9]"
kt hold >/dev/null
kt churn 2 >/dev/null
nap 1
ip -n "$NSA" link del sn0
expect_eq "delete: sn0 deleted under offloaded sockets and traffic; they close" \
	"$(kt churn close) $(kt release)" "closed 4 released 2"
refcnt_zero
expect_rc "delete: every socket's context left: rmmod secnet_ktls" 0 rmmod secnet_ktls
eval "exec ${KT[1]}>&-"
wait_for 10 "$KT_PID"
expect_eq "the kernel said nothing" \
	"$(kmsg_since_mark | grep -E 'KASAN|BUG|WARNING|lockdep|circular|leak' | head -3)" ""
t_done
