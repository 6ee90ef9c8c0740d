#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""fuzz.py: a fuzz test of the secnet generic-netlink family.

The modules must be loaded (secnet, secnet_xfrm, secnet_nf, secnet_macsec,
secnet_ktls); run as root in a guest, never on a machine you care about.
The family's commands and attributes come from the kernel
(CTRL_CMD_GETPOLICY) and from uapi/linux/secnet.h: the family's policy
declares each top-level attribute a nest with no policy of its own (each
handler parses its nest with its own), so what goes inside, each
attribute's type, enum or bits, comes from the header's enums and their
type comments, parsed at run time.  An inner policy
the kernel does report overrides the header's.

Every message is one of
  valid     what the command accepts in the state the fuzzer knows of: must
            be answered 0, or the run fails (so does a broken generator);
  typed     well-formed, the command's nest with values of the right types;
  boundary  one attribute at an edge: min, max, max + 1, lengths +-1, empty,
            no NUL, the attribute type UNSPEC, max or max + 1;
  mutated   bit flips, truncation, bad lengths and headers, duplicates,
            wrong nesting, random bytes, several requests in one datagram;
sent as doit or dump, with or without NLM_F_ACK, from sockets in the
initial namespace and in namespaces that each hold a secnet pair (one end
each), rules, SAs offloaded to sn0 and UDP traffic through them.  Every
--batch messages the fuzzer sets up a new pair of namespaces and tears the
previous one down with all of that in place (the last reference is a socket
or a namespace fd, closed in random order, an unfinished NF_LOAD left on a
socket at times).

It fails (exit 1) on a kernel splat in /dev/kmsg (BUG, WARNING, KASAN,
lockdep, Oops, refcount, a device that never unregisters...), a kmemleak
report after the run (debug kernels), namespaces still allocated after
their last reference went, beyond the few the kernel itself keeps
(net_namespace slab objects, where the slab is unmerged as under KASAN), a
valid message refused, a malformed reply, or a socket the kernel stops
answering (no hang: every wait has a timeout).

    fuzz.py [--seed N] [--count N] [--batch N] [--progress N] [--json FILE]

Prints the seed first and, at the end, per command the messages sent by
class, how many valid ones were accepted, and the errno histogram; the
same seed and count give the same messages.
"""
import argparse
import collections
import ctypes
import errno
import json
import os
import random
import re
import select
import socket
import struct
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nl  # noqa: E402

CLONE_NEWNET = 0x40000000
NLA_F_NET_BYTEORDER = 0x4000
# The kernel sizes a dump's buffers after the largest recv buffer offered.
RECVSIZE = 1 << 14
# How long the kernel may take to answer a request or a dump's next part.
ANSWER_TIMEOUT = 30
KMSG_BAD = re.compile(
    r'BUG:|WARNING:|KASAN|UBSAN|Oops|kernel BUG at|general protection fault|'
    r'possible (circular|recursive) locking|suspicious RCU usage|'
    r'kmemleak: .*leak|refcount_t:|list_(add|del) corruption|'
    r'unregister_netdevice: waiting|INFO: task .* blocked|stack-protector|'
    r'Kernel panic')
KMEMLEAK = '/sys/kernel/debug/kmemleak'
NETNS_SLAB = '/sys/kernel/slab/net_namespace'
# The debug kernel itself keeps the memory of a few namespaces long after
# their cleanup: of three pairs joined by veth, with no secnet module
# loaded, three namespaces stayed allocated for over 90 s.  More than that
# left over is a stuck namespace (a cleanup that blocks stops all later
# ones, and a device that never frees says so in the log).
NETNS_SLACK = 3
INTS = {'u8': 'B', 'u16': 'H', 'u32': 'I', 'u64': 'Q'}
# 128-bit AES key and 32-bit salt of the fuzzer's SAs.
SA_KEY = '0x' + bytes(range(20)).hex()

libc = ctypes.CDLL(None, use_errno=True)


def setns(fd):
    if libc.setns(fd, CLONE_NEWNET):
        e = ctypes.get_errno()
        raise OSError(e, 'setns: ' + os.strerror(e))


def new_netns():
    """A new network namespace, as an fd; the caller stays where it was."""
    home = os.open('/proc/self/ns/net', os.O_RDONLY)
    try:
        if libc.unshare(CLONE_NEWNET):
            e = ctypes.get_errno()
            raise OSError(e, 'unshare: ' + os.strerror(e))
        fd = os.open('/proc/self/ns/net', os.O_RDONLY)
        setns(home)
    finally:
        os.close(home)
    return fd


class Failure(Exception):
    pass


# The schema: the family's commands and their attributes.

class Schema:
    def __init__(self, kpolicy):
        self.specs = nl.uapi_attr_specs()
        self.defines = nl.uapi_defines()
        self.cmds = {v: k[len('SECNET_CMD_'):] for k, v in nl.CMDS.items()
                     if not k.startswith('__') and v}
        self.cmd_max = max(self.cmds)
        self.nests = {}
        self.nest_of_prefix('SECNET_A_')
        self.top = self.nests['SECNET_A_']
        self.top_nests = [k for k, (_, spec) in self.top['attrs'].items()
                          if spec['kind'] == 'nest']
        self.cmd_nest, self.cmd_modes = self.commands()
        self.kernel_inner = self.apply_kernel_policy(*kpolicy)

    def nest_of_prefix(self, prefix):
        """{value: (short name, spec)} and the highest attribute of the enum
        whose members are PREFIX*, built once per prefix."""
        if prefix in self.nests:
            return self.nests[prefix]
        for members in nl.ENUMS.values():
            names = [k for k in members if not k.startswith('__')]
            if '__' + prefix + 'MAX' in members and \
               all(k.startswith(prefix) for k in names):
                break
        else:
            raise SystemExit('fuzz.py: no enum for ' + prefix)
        attrs = {}
        for k in names:
            spec = dict(self.specs.get(k, {'kind': 'pad' if
                                           k.endswith('_PAD') else 'none'}))
            attrs[members[k]] = (k[len(prefix):], spec)
        nest = {'prefix': prefix, 'attrs': attrs,
                'max': members['__' + prefix + 'MAX'] - 1}
        self.nests[prefix] = nest
        for _, spec in attrs.values():
            if spec['kind'] == 'nest':
                self.nest_of_prefix(spec['nest'])
        return nest

    def commands(self):
        """Each command's request nest and modes, from the protocol text
        at the top of the header."""
        doc = open(nl.UAPI).read().split('#ifndef')[0]
        nests, modes = {}, {}
        for b in re.split(r'\n \* (?=SECNET_CMD_\w+ \()', doc)[1:]:
            m = re.match(r'SECNET_CMD_(\w+) \(([^)]*)\)', b)
            cmd = nl.CMDS['SECNET_CMD_' + m.group(1)]
            modes[cmd] = {'doit': 'doit' in m.group(2),
                          'dump': 'dump' in m.group(2)}
            req = re.search(r'request:(.*?)(reply|$)', b, re.S)
            a = re.search(r'SECNET_A_(\w+)', req.group(1)) if req else None
            if a:
                nests[cmd] = nl.attr_num('', a.group(1))
        return nests, modes

    def apply_kernel_policy(self, ops, policies):
        """Inner policies the kernel reports override the header's types;
        returns the nests it reported one for."""
        seen = set()
        for o in ops.values():
            for idx in o.values():
                for attr, entry in policies.get(idx, {}).items():
                    if attr in self.top['attrs'] and 'policy_idx' in entry:
                        spec = self.top['attrs'][attr][1]
                        inner = self.nests[spec['nest']]
                        sub = policies.get(entry['policy_idx'], {})
                        for a, e in sub.items():
                            if a in inner['attrs']:
                                inner['attrs'][a][1]['kpolicy'] = e
                        seen.add(self.top['attrs'][attr][0])
        return sorted(seen)

    def int_range(self, spec):
        kind = spec['kind']
        lo, hi = 0, (1 << (8 * struct.calcsize(INTS[kind]))) - 1
        kp = spec.get('kpolicy', {})
        if 'enum' in spec:
            members = nl.ENUMS.get(spec['enum'], {})
            top = [v for k, v in members.items() if k.startswith('__')]
            if top:
                lo, hi = 1, top[0] - 1
        named = [v for members in nl.ENUMS.values()
                 for k, v in members.items()
                 for w in spec.get('names', ()) if k.endswith('_' + w)]
        if named:
            lo, hi = min(named), max(named)
        lo, hi = kp.get('min', lo), kp.get('max', hi)
        mask = kp.get('mask')
        if 'bits' in spec:
            mask = 0
            for k, v in self.defines.items():
                if k.startswith(spec['bits']):
                    mask |= v
        return lo, hi, mask


def pack_int(kind, v):
    return struct.pack('=' + INTS[kind], v & ((1 << (8 * struct.calcsize(
        INTS[kind]))) - 1))


# A message is a list of attributes; an attribute is (type, bytes) or
# (type, [attribute, ...]) for a nest, serialised with NLA_F_NESTED unless
# its type says otherwise.

def ser(attrs):
    out = b''
    for t, v in attrs:
        if isinstance(v, list):
            out += nl.nla(t | nl.NLA_F_NESTED if not t & 0x10000 else
                          t & 0xffff, ser(v))
        else:
            out += nl.nla(t & 0xffff, v)
    return out


# One namespace of a pair, and the fuzzer's sockets in it.

class Side:
    def __init__(self, fd, name, family):
        self.fd, self.name = fd, name
        setns(fd)
        try:
            self.g = nl.Genl(recvsize=RECVSIZE, family=family)
            self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        finally:
            setns(HOME)
        self.ifindex = None
        self.dev = None


class Env:
    """Two namespaces joined by a secnet pair, with rules, SAs and traffic."""

    def __init__(self, fz, n):
        self.n = n
        fa, fb = new_netns(), new_netns()
        self.a = Side(fa, 'a%d' % n, fz.family)
        self.b = Side(fb, 'b%d' % n, fz.family)
        self.a.dev, self.b.dev = 'sn0', 'sn1'
        spi = 0x1000 + 2 * n
        sa = ('xfrm state add src {s} dst {d} proto esp spi {spi} reqid {r} '
              'mode transport aead rfc4106(gcm(aes)) ' + SA_KEY + ' 128 {off}')
        pol = ('xfrm policy add src {s} dst {d} dir {dir} tmpl src {ts} '
               'dst {td} proto esp reqid {r} mode transport')
        a, b = '10.77.0.1', '10.77.0.2'
        fz.ip(fa, [
            'link set lo up',
            'link add sn0 type secnet',
            'link set sn1 netns /proc/self/fd/%d' % fb,
            'addr add %s/24 dev sn0' % a,
            'addr add fd77::1/64 dev sn0 nodad',
            'link set sn0 up',
            sa.format(s=a, d=b, spi=spi, r=1, off='offload dev sn0 dir out'),
            sa.format(s=b, d=a, spi=spi + 1, r=2, off='offload dev sn0 dir in'),
            sa.format(s='fd77::1', d='fd77::2', spi=spi + 0x100, r=3,
                      off='offload dev sn0 dir out'),
            pol.format(s=a, d=b, dir='out', ts=a, td=b, r=1),
            pol.format(s=b, d=a, dir='in', ts=b, td=a, r=2),
        ], pass_fds=(fa, fb))
        fz.ip(fb, [
            'link set lo up',
            'addr add %s/24 dev sn1' % b,
            'link set sn1 up',
            sa.format(s=a, d=b, spi=spi, r=1, off=''),
            sa.format(s=b, d=a, spi=spi + 1, r=2, off=''),
            pol.format(s=a, d=b, dir='in', ts=a, td=b, r=1),
            pol.format(s=b, d=a, dir='out', ts=b, td=a, r=2),
        ], pass_fds=(fb,))
        for side in (self.a, self.b):
            setns(side.fd)
            try:
                side.ifindex = socket.if_nametoindex(side.dev)
            finally:
                setns(HOME)
        self.a.udp.bind((a, 4000))
        self.b.udp.bind((b, 4000))
        for s in (self.a.udp, self.b.udp):
            s.setblocking(False)
        self.peer = {id(self.a): (b, 4000), id(self.b): (a, 4000)}
        self.sent = self.received = 0

    def traffic(self):
        """A datagram each way through the rules and the SAs."""
        for side in (self.a, self.b):
            try:
                side.udp.sendto(b'secnet-fuzz', self.peer[id(side)])
                self.sent += 1
            except OSError:
                pass
            while True:
                try:
                    side.udp.recv(64)
                    self.received += 1
                except OSError:
                    break

    def close(self, rng):
        """Drops every reference, in random order: the last one frees the
        namespace with everything in it."""
        refs = []
        for side in (self.a, self.b):
            refs += [side.g.sock.close, side.udp.close,
                     (lambda fd=side.fd: os.close(fd))]
        rng.shuffle(refs)
        for close in refs:
            close()


class Result:
    def __init__(self):
        self.err = None        # errno of the first NLMSG_ERROR/DONE
        self.msg = ''
        self.replies = []


class Fuzzer:
    CLASSES = ('valid', 'typed', 'boundary', 'mutated')
    # The offload engines' show commands, by their request's nest.
    OFFLOAD_SHOW = {'XFRM_GET_SA': 'XFRM_SA', 'MACSEC_GET_SECY': 'MACSEC_SECY',
                    'KTLS_GET_CONN': 'KTLS_CONN'}
    # The fault counts each engine takes whatever the device holds.
    # MACsec's PN_LEFT needs a SecY, which the namespaces have not: its
    # refusal is the typed messages' to find.
    OFFLOAD_FAULTS = {
        'XFRM': ['REFUSE_ADD', 'CORRUPT_ICV', 'DROP_TX', 'DROP_RX'],
        'MACSEC': ['REFUSE_ADD', 'CORRUPT_ICV'],
        'KTLS': ['REFUSE_ADD', 'DESYNC'],
    }

    def __init__(self, args):
        self.args = args
        self.rng = random.Random(args.seed)
        self.home = nl.Genl(recvsize=RECVSIZE)
        self.family = self.home.family
        self.kpolicy = nl.get_policy(self.home)
        self.schema = Schema(self.kpolicy)
        self.seq = 0
        self.sent = 0
        self.stats = {c: {'sent': collections.Counter(),
                          'errno': collections.Counter(),
                          'valid_ok': 0} for c in self.schema.cmds}
        self.stats['other'] = {'sent': collections.Counter(),
                               'errno': collections.Counter(), 'valid_ok': 0}
        self.hist = collections.Counter()
        self.failures = []
        self.recent = collections.deque(maxlen=8)
        self.subsys = ['core']
        self.env = None
        self.envs = 0
        self.traffic = [0, 0]
        self.kmsg = None

    # Output and failure

    def fail(self, what):
        self.failures.append(what)
        print('fuzz: FAIL: ' + what, file=sys.stderr, flush=True)
        if len(self.failures) > 20:
            raise Failure('too many failures')

    def ip(self, fd, lines, pass_fds=()):
        """`ip -batch -` in the namespace of fd."""
        p = subprocess.run(['ip', '-batch', '-'], input='\n'.join(lines),
                           text=True, capture_output=True, timeout=120,
                           preexec_fn=lambda: setns(fd), pass_fds=pass_fds)
        if p.returncode:
            raise Failure('setting up a namespace: ip: ' + p.stderr.strip())

    # Sending and receiving

    def xfer(self, g, data):
        """Sends one datagram and reads every answer to it: what is queued
        at once, and a dump's parts until its end."""
        r = Result()
        self.sent += 1
        try:
            g.sock.send(data)
        except OSError as e:
            r.err = e.errno
            return r
        poll = select.poll()
        poll.register(g.sock, select.POLLIN)
        dump_open = False
        while True:
            if not poll.poll(ANSWER_TIMEOUT * 1000 if dump_open else 0):
                if dump_open:
                    raise Failure('no answer in %d s to %s' %
                                  (ANSWER_TIMEOUT, data.hex()))
                return r
            try:
                buf = g.sock.recv(RECVSIZE)
            except OSError as e:
                if e.errno != errno.ENOBUFS:
                    raise
                r.err = r.err if r.err is not None else e.errno
                continue
            while len(buf) >= 16:
                mlen, mtype, mflags, _, _ = struct.unpack_from('=IHHII', buf)
                if mlen < 16 or mlen > len(buf):
                    self.fail('malformed answer header: ' + buf[:64].hex())
                    break
                payload = buf[16:mlen]
                buf = buf[(mlen + 3) & ~3:]
                if mtype in (nl.NLMSG_ERROR, nl.NLMSG_DONE):
                    dump_open = False
                    if r.err is None and len(payload) >= 4:
                        r.err = -struct.unpack_from('=i', payload)[0]
                        r.msg = self.extack(payload, mflags, mtype)
                    continue
                if mflags & nl.NLM_F_MULTI:
                    dump_open = True
                self.check_reply(payload)
                r.replies.append(payload)

    @staticmethod
    def extack(payload, mflags, mtype):
        if not mflags & nl.NLM_F_ACK_TLVS:
            return ''
        skip = 4
        if mtype == nl.NLMSG_ERROR:
            # The echoed request: its header (CAP_ACK), or all of it.
            skip += 16 if mflags & 0x100 else \
                struct.unpack_from('=I', payload, 4)[0]
        for t, v in nl.parse_attrs(payload[skip:]):
            if t == nl.NLMSGERR_ATTR_MSG:
                return v.rstrip(b'\0').decode(errors='replace')
        return ''

    def check_reply(self, payload):
        """A reply of the family is a genl header and whole attributes,
        nests included."""
        def walk(data, depth):
            off = 0
            while off + 4 <= len(data):
                alen, atype = struct.unpack_from('=HH', data, off)
                if alen < 4 or off + alen > len(data):
                    return False
                if atype & nl.NLA_F_NESTED and depth < 8 and \
                   not walk(data[off + 4:off + alen], depth + 1):
                    return False
                off += (alen + 3) & ~3
            return off >= len(data)
        if len(payload) < 4 or not walk(payload[4:], 0):
            self.fail('malformed reply: ' + payload[:96].hex())

    def send(self, g, cmd, attrs, flags, cls, raw=None):
        self.seq += 1
        data = raw if raw is not None else \
            nl.genlmsg(self.family, cmd, ser(attrs),
                       flags | nl.NLM_F_REQUEST, self.seq)
        self.recent.append(data)
        r = self.xfer(g, data)
        st = self.stats.get(cmd, self.stats['other'])
        st['sent'][cls] += 1
        name = 'none' if r.err is None else \
            errno.errorcode.get(r.err, str(r.err)) if r.err else 'ok'
        st['errno'][name] += 1
        self.hist[name] += 1
        self.progress()
        return r

    def progress(self):
        if self.args.progress and self.sent % self.args.progress == 0:
            el = time.monotonic() - self.t0
            print('fuzz: %d messages, %.0f/s, %d namespaces, %d failures' %
                  (self.sent, self.sent / el, self.envs * 2,
                   len(self.failures)), file=sys.stderr, flush=True)

    def valid(self, g, cmd, attrs, flags=0, what=None):
        """Sends a message that must be accepted."""
        flags |= self.rng.choice((0, nl.NLM_F_ACK))
        r = self.send(g, cmd, attrs, flags, 'valid')
        if r.err:
            self.fail('valid %s refused: %s (%s) "%s": %s' % (
                self.schema.cmds[cmd], errno.errorcode.get(r.err, r.err),
                os.strerror(r.err), r.msg, self.recent[-1].hex()))
        else:
            self.stats[cmd]['valid_ok'] += 1
        return r

    # Valid messages: what each command accepts.

    def a(self, nest, name):
        """Attribute number of NEST.NAME."""
        return nl.attr_num(nest, name)

    def rule(self, side):
        """A rule the kernel must take: its constraints are the
        firewall's documented ones (uapi/linux/secnet.h)."""
        E = nl.ENUMS
        rng = self.rng
        n = 'NF_RULE'
        hook = rng.randint(1, E['secnet_nf_hook']['__SECNET_NF_HOOK_MAX'] - 1)
        ingress = hook == E['secnet_nf_hook']['SECNET_NF_HOOK_INGRESS']
        actions = list(range(1, E['secnet_nf_action']
                             ['__SECNET_NF_ACTION_MAX']))
        if ingress:
            actions.remove(E['secnet_nf_action']['SECNET_NF_ACTION_REJECT'])
        action = rng.choice(actions)
        out = [(self.a(n, 'HOOK'), pack_int('u8', hook)),
               (self.a(n, 'ACTION'), pack_int('u8', action))]
        fam = rng.choice((0, 4, 16))
        for end in ('SRC', 'DST'):
            if fam and rng.random() < 0.6:
                plen = rng.randint(0, fam * 8)
                addr = int.from_bytes(rng.randbytes(fam), 'big')
                addr &= ~((1 << (fam * 8 - plen)) - 1)
                out.append((self.a(n, end), addr.to_bytes(fam, 'big')))
                if rng.random() < 0.7:
                    out.append((self.a(n, end + '_LEN'), pack_int('u8', plen)))
        proto = rng.choice((None, 6, 17, 136, 132, 33, 1, 58, 47))
        if proto is not None:
            out.append((self.a(n, 'PROTO'), pack_int('u8', proto)))
        if proto in (6, 17, 136, 132, 33):
            for end in ('SPORT', 'DPORT'):
                if rng.random() < 0.5:
                    lo = rng.randint(0, 65535)
                    hi = rng.randint(lo, 65535)
                    out.append((self.a(n, end + '_LO'), pack_int('u16', lo)))
                    if rng.random() < 0.7:
                        out.append((self.a(n, end + '_HI'),
                                    pack_int('u16', hi)))
        if proto == 6 and rng.random() < 0.5:
            mask = rng.randint(0, 255)
            out.append((self.a(n, 'TCP_FLAGS'),
                        pack_int('u8', rng.randint(0, 255) & mask)))
            out.append((self.a(n, 'TCP_FLAGS_MASK'), pack_int('u8', mask)))
        if proto in (1, 58):
            for f in ('ICMP_TYPE', 'ICMP_CODE'):
                if rng.random() < 0.5:
                    out.append((self.a(n, f),
                                pack_int('u8', rng.randint(0, 255))))
        devs = ['lo', side.dev if side else 'sn0', 'fz%d' % rng.randint(0, 9)]
        pre, inp, fwd, outp, post = range(1, 6)
        if ingress or (hook not in (outp, post) and rng.random() < 0.3):
            out.append((self.a(n, 'IIF'),
                        rng.choice(devs).encode() + b'\0'))
        if hook in (fwd, outp, post) and rng.random() < 0.3:
            out.append((self.a(n, 'OIF'), rng.choice(devs).encode() + b'\0'))
        if not ingress and rng.random() < 0.3:
            out.append((self.a(n, 'CT_STATE'),
                        pack_int('u32', rng.randint(
                            1, self.schema.defines['SECNET_NF_CT_ALL']))))
        if not ingress and rng.random() < 0.2:
            out.append((self.a(n, 'CT_LABEL'),
                        pack_int('u8', rng.randint(0, 127))))
        if not ingress and rng.random() < 0.2:
            mask = rng.choice((None, rng.getrandbits(32)))
            out.append((self.a(n, 'CT_MARK'), pack_int(
                'u32', rng.getrandbits(32) & (0xffffffff if mask is None
                                              else mask))))
            if mask is not None:
                out.append((self.a(n, 'CT_MARK_MASK'), pack_int('u32', mask)))
        A = E['secnet_nf_action']
        if not ingress and action in (A['SECNET_NF_ACTION_ACCEPT'],
                                      A['SECNET_NF_ACTION_CONTINUE']):
            if rng.random() < 0.2:
                out.append((self.a(n, 'SET_LABEL'),
                            pack_int('u8', rng.randint(0, 127))))
            if rng.random() < 0.2:
                out.append((self.a(n, 'SET_MARK'),
                            pack_int('u32', rng.getrandbits(32))))
        if rng.random() < 0.3:
            out.append((self.a(n, 'LINE'), pack_int('u32', rng.getrandbits(
                32))))
        rng.shuffle(out)
        return out

    def policy(self, hook=None):
        E = nl.ENUMS
        hook = hook or self.rng.randint(
            1, E['secnet_nf_hook']['__SECNET_NF_HOOK_MAX'] - 1)
        return [(self.a('NF_HOOK', 'HOOK'), pack_int('u8', hook)),
                (self.a('NF_HOOK', 'POLICY'), pack_int('u8', self.rng.choice(
                    (E['secnet_nf_action']['SECNET_NF_ACTION_ACCEPT'],
                     E['secnet_nf_action']['SECNET_NF_ACTION_DROP']))))]

    def load(self, g, side, parts=1, commit=True):
        """A ruleset in PARTS messages."""
        D = self.schema.defines
        top = self.a('', 'NF_LOAD')
        hooks = list(range(1, nl.ENUMS['secnet_nf_hook']
                           ['__SECNET_NF_HOOK_MAX']))
        self.rng.shuffle(hooks)
        for i in range(parts):
            flags = (D['SECNET_NF_LOAD_BEGIN'] if i == 0 else 0) | \
                (D['SECNET_NF_LOAD_COMMIT'] if commit and i == parts - 1
                 else 0)
            inner = [(self.a('NF_LOAD', 'FLAGS'), pack_int('u32', flags))]
            for _ in range(self.rng.randint(0, 4)):
                inner.append((self.a('NF_LOAD', 'RULE'), self.rule(side)))
            if hooks and self.rng.random() < 0.5:
                inner.append((self.a('NF_LOAD', 'POLICY'),
                              self.policy(hooks.pop())))
            self.valid(g, nl.CMDS['SECNET_CMD_NF_LOAD'], [(top, inner)])

    def gen_valid(self, cmd, g, side):
        C = {k[len('SECNET_CMD_'):]: v for k, v in nl.CMDS.items()}
        name = self.schema.cmds[cmd]
        rng = self.rng
        dump = nl.NLM_F_DUMP
        if name == 'GET_VERSION':
            self.valid(g, cmd, [])
        elif name == 'GET_STATUS':
            if rng.random() < 0.5:
                self.valid(g, cmd, [], dump)
            else:
                self.valid(g, cmd, [(self.a('', 'SUBSYS'), [
                    (self.a('SUBSYS', 'NAME'),
                     rng.choice(self.subsys).encode() + b'\0')])])
        elif name == 'SET_SUBSYS':
            E = nl.ENUMS['secnet_subsys_state']
            st = E['SECNET_SUBSYS_STATE_UP'] if rng.random() < 0.7 else \
                E['SECNET_SUBSYS_STATE_DOWN']
            self.valid(g, cmd, [(self.a('', 'SUBSYS'), [
                (self.a('SUBSYS', 'NAME'),
                 rng.choice(self.subsys).encode() + b'\0'),
                (self.a('SUBSYS', 'STATE'), pack_int('u8', st))])])
        elif name in self.OFFLOAD_SHOW:
            # The objects of every device, or of one.
            nest = self.OFFLOAD_SHOW[name]
            attrs = []
            if side and rng.random() < 0.5:
                attrs = [(self.a('', nest), [
                    (self.a(nest, 'IFINDEX'),
                     pack_int('u32', side.ifindex))])]
            self.valid(g, cmd, attrs, dump)
        elif name.endswith(('_GET_FAULT', '_SET_FAULT')):
            obj = name[:-len('_GET_FAULT')]
            nest = obj + '_FAULT'
            if not side or (name == obj + '_GET_FAULT' and
                            rng.random() < 0.3):
                self.valid(g, C[obj + '_GET_FAULT'], [], dump)
                return True
            inner = [(self.a(nest, 'IFINDEX'),
                      pack_int('u32', side.ifindex))]
            if name == obj + '_SET_FAULT':
                faults = self.OFFLOAD_FAULTS[obj]
                for f in rng.sample(faults, rng.randint(1, len(faults))):
                    inner.append((self.a(nest, f),
                                  pack_int('u32', rng.randint(0, 3))))
            self.valid(g, cmd, [(self.a('', nest), inner)])
        elif name == 'NF_GET_RULE':
            attrs = []
            if rng.random() < 0.5:
                attrs = [(self.a('', 'NF_RULE'), self.policy()[:1])]
                attrs[0][1][0] = (self.a('NF_RULE', 'HOOK'),
                                  attrs[0][1][0][1])
            self.valid(g, cmd, attrs, dump)
        elif name in ('NF_NEW_RULE', 'NF_DEL_RULE'):
            r = self.valid(g, C['NF_NEW_RULE'],
                           [(self.a('', 'NF_RULE'), self.rule(side))])
            handle = self.reply_u32(r, 'NF_RULE', 'HANDLE')
            if name == 'NF_DEL_RULE' and handle:
                self.valid(g, cmd, [(self.a('', 'NF_RULE'), [
                    (self.a('NF_RULE', 'HANDLE'), pack_int('u32', handle))])])
        elif name == 'NF_FLUSH':
            attrs = []
            if rng.random() < 0.5:
                attrs = [(self.a('', 'NF_HOOK'), self.policy()[:1])]
            self.valid(g, cmd, attrs)
        elif name == 'NF_GET_HOOK':
            self.valid(g, cmd, [], dump)
        elif name == 'NF_SET_HOOK':
            self.valid(g, cmd, [(self.a('', 'NF_HOOK'), self.policy())])
        elif name == 'NF_LOAD':
            self.load(g, side, rng.randint(1, 3))
        elif name in ('NF_GET_FLOW', 'NF_DEL_FLOW'):
            # All flows, or those of one protocol: a flush ends them.
            attrs = []
            if name == 'NF_DEL_FLOW' or rng.random() < 0.5:
                attrs = [(self.a('', 'NF_FLOW'), [
                    (self.a('NF_FLOW', 'PROTO'),
                     pack_int('u8', rng.choice((1, 6, 17))))])]
            self.valid(g, cmd, attrs, dump if name == 'NF_GET_FLOW' else 0)
        elif name in ('NF_GET_SET', 'NF_NEW_SET', 'NF_DEL_SET',
                      'NF_SET_ELEMS', 'NF_LOAD_SET'):
            self.set_valid(g, C, name)
        else:
            return False
        return True

    def set_elem(self, net):
        """An element of a set of type NET (@net) or ADDR_PORT."""
        rng = self.rng
        n = 'NF_ELEM'
        fam = rng.choice((4, 16))
        addr = int.from_bytes(rng.randbytes(fam), 'big')
        out = []
        if net:
            plen = rng.randint(0, fam * 8)
            addr &= ~((1 << (fam * 8 - plen)) - 1)
            if plen < fam * 8 or rng.random() < 0.5:
                out.append((self.a(n, 'LEN'), pack_int('u8', plen)))
        else:
            out += [(self.a(n, 'PROTO'), pack_int('u8', rng.choice((6, 17)))),
                    (self.a(n, 'PORT'), pack_int('u16', rng.randint(0, 65535)))]
        return [(self.a(n, 'ADDR'), addr.to_bytes(fam, 'big'))] + out

    def set_valid(self, g, C, name):
        """A set made for the command, and deleted after it, so that long
        runs stay under the per-netns limit on sets."""
        rng = self.rng
        top = self.a('', 'NF_SET')
        types = nl.ENUMS['secnet_nf_set_type']
        net = rng.random() < 0.7
        self.set_seq = getattr(self, 'set_seq', 0) + 1
        sname = (self.a('NF_SET', 'NAME'), b'fuzz%d\0' % self.set_seq)
        self.valid(g, C['NF_NEW_SET'], [(top, [sname, (
            self.a('NF_SET', 'TYPE'), pack_int('u8', types[
                'SECNET_NF_SET_TYPE_NET' if net else
                'SECNET_NF_SET_TYPE_ADDR_PORT']))])])
        elems = [(self.a('NF_SET', 'ELEM'), self.set_elem(net))
                 for _ in range(rng.randint(0, 4))]
        if name == 'NF_GET_SET':
            dump = rng.random() < 0.5
            inner = [sname] if not dump or rng.random() < 0.5 else []
            if dump and inner and rng.random() < 0.5:
                inner.append((self.a('NF_SET', 'ELEMS'), b''))
            self.valid(g, C[name], [(top, inner)] if inner else [],
                       nl.NLM_F_DUMP if dump else 0)
        elif name == 'NF_SET_ELEMS':
            ops = nl.ENUMS['secnet_nf_set_op']
            for op in ('ADD', 'DEL'):
                self.valid(g, C[name], [(top, [sname, (
                    self.a('NF_SET', 'OP'),
                    pack_int('u8', ops['SECNET_NF_SET_OP_' + op]))] + elems)])
        elif name == 'NF_LOAD_SET':
            D = self.schema.defines
            flags = D['SECNET_NF_LOAD_BEGIN'] | D['SECNET_NF_LOAD_COMMIT']
            self.valid(g, C[name], [(top, [sname, (
                self.a('NF_SET', 'FLAGS'), pack_int('u32', flags))] + elems)])
        self.valid(g, C['NF_DEL_SET'], [(top, [sname])])

    def reply_u32(self, r, nest, name):
        for payload in r.replies:
            for t, v in nl.parse_attrs(payload[4:]):
                if t == self.a('', nest):
                    for it, iv in nl.parse_attrs(v):
                        if it == self.a(nest, name) and len(iv) >= 4:
                            return struct.unpack_from('=I', iv)[0]
        return None

    # Typed and boundary attributes, from the schema.

    def strings(self, side):
        return ['lo', 'sn0', 'sn1', 'core', 'xfrm', 'netfilter'] + \
            self.subsys + ([side.dev] if side else [])

    def typed_value(self, spec, side, depth):
        rng = self.rng
        kind = spec['kind']
        if kind in INTS:
            lo, hi, mask = self.schema.int_range(spec)
            if mask is not None and rng.random() < 0.8:
                return pack_int(kind, rng.randint(0, mask) & mask)
            if 'ifindex' in spec.get('name', '').lower() and side:
                return pack_int(kind, side.ifindex)
            if rng.random() < 0.8:
                return pack_int(kind, rng.randint(lo, hi))
            return pack_int(kind, rng.getrandbits(64))
        if kind == 'string':
            if rng.random() < 0.8:
                return rng.choice(self.strings(side)).encode() + b'\0'
            return bytes(rng.randint(33, 126) for _ in range(
                rng.randint(0, 20))) + b'\0'
        if kind == 'binary':
            lens = spec.get('lens') or [rng.randint(0, 32)]
            return rng.randbytes(rng.choice(lens))
        if kind == 'flag':
            return b''
        if kind == 'pad':
            return b'\0' * rng.choice((0, 4))
        if kind == 'nest' and depth < 3:
            reps = rng.randint(1, 3) if spec.get('repeated') else 1
            return self.typed_nest(spec['nest'], side, depth + 1, reps)
        return rng.randbytes(rng.randint(0, 8))

    def typed_nest(self, prefix, side, depth=0, reps=1):
        """REPS sets of the nest's attributes, each set a random subset."""
        nest = self.schema.nests[prefix]
        out = []
        for _ in range(reps):
            keys = nest.setdefault('keys', [
                k for k, (_, s) in nest['attrs'].items()
                if s['kind'] != 'none'])
            for k in self.rng.sample(keys, self.rng.randint(
                    0, min(len(keys), 6))):
                spec = dict(nest['attrs'][k][1], name=nest['attrs'][k][0])
                out.append((k, self.typed_value(spec, side, depth)))
        return out

    def boundary_value(self, spec):
        rng = self.rng
        kind = spec['kind']
        if kind in INTS:
            lo, hi, mask = self.schema.int_range(spec)
            width = (1 << (8 * struct.calcsize(INTS[kind]))) - 1
            cand = [0, 1, lo - 1, lo, hi, hi + 1, width]
            if mask:
                cand += [mask, mask + 1, ~mask & width, mask << 1]
            v = rng.choice(cand)
            if rng.random() < 0.25:
                # The wrong width, or none.
                return rng.choice([b'', pack_int('u8', v), pack_int('u16', v),
                                   pack_int('u32', v), pack_int('u64', v),
                                   rng.randbytes(3), rng.randbytes(5)])
            return pack_int(kind, v)
        if kind == 'string':
            n = spec.get('kpolicy', {}).get('max_len', rng.choice((15, 16)))
            return rng.choice([b'', b'\0', b'a' * n + b'\0',
                               b'a' * (n + 1) + b'\0', b'a' * (n - 1) + b'\0',
                               b'abc', b'a\0b\0', b'\0\0\0\0',
                               b'x' * rng.choice((255, 256, 4000)),
                               rng.randbytes(rng.randint(1, 40))])
        if kind == 'binary':
            lens = spec.get('lens') or [16]
            n = rng.choice(lens)
            return rng.randbytes(rng.choice((0, 1, n - 1, n, n + 1, 2 * n,
                                             255)))
        if kind == 'flag':
            return rng.choice((b'', b'\1', b'\0\0\0\0'))
        if kind == 'nest':
            return rng.choice(([], b'', b'\0\0\0\0', rng.randbytes(7),
                               [(0, b'')], [(0x3fff, b'')]))
        return rng.randbytes(rng.choice((0, 1, 4, 8, 9)))

    def boundary(self, cmd, side):
        """The command's nest with one attribute at an edge."""
        rng = self.rng
        top = self.schema.cmd_nest.get(cmd) or \
            rng.choice(self.schema.top_nests)
        tname, tspec = self.schema.top['attrs'][top]
        nest = self.schema.nests[tspec['nest']]
        inner = self.typed_nest(tspec['nest'], side)
        what = rng.random()
        if what < 0.6:
            k = rng.choice(list(nest['attrs']))
            spec = dict(nest['attrs'][k][1], name=nest['attrs'][k][0])
            inner = [x for x in inner if x[0] != k] + \
                [(k, self.boundary_value(spec))]
            rng.shuffle(inner)
        elif what < 0.8:
            # Attribute types at the ends of the nest's enum.
            t = rng.choice((0, nest['max'], nest['max'] + 1, 0x3fff,
                            nest['max'] | NLA_F_NET_BYTEORDER))
            inner.append((t, rng.choice((b'', rng.randbytes(4)))))
        elif what < 0.9:
            inner = rng.choice(([], b''))
            return [(top, inner)] if isinstance(inner, list) else \
                [(top | 0x10000, inner)]
        else:
            # The top level's ends.
            t = rng.choice((0, self.schema.top['max'],
                            self.schema.top['max'] + 1, 0x3fff))
            return [(top, inner), (t, rng.choice(([], rng.randbytes(4))))]
        return [(top, inner)]

    # Mutations of whole messages.

    def mutate(self, cmd, side, flags):
        rng = self.rng
        attrs = self.boundary(cmd, side) if rng.random() < 0.3 else \
            self.typed_request(cmd, side)
        ops = rng.randint(1, 3)
        struct_ops = ('dup', 'drop', 'retype', 'lift', 'wrap', 'flagflip',
                      'randattr')
        for _ in range(ops):
            op = rng.choice(struct_ops)
            attrs = self.mutate_attrs(attrs, op)
        self.seq += 1
        data = bytearray(nl.genlmsg(self.family, cmd, ser(attrs),
                                    flags | nl.NLM_F_REQUEST, self.seq))
        op = rng.choice(('none', 'flip', 'flip', 'trunc', 'len', 'genl',
                         'flags', 'random', 'multi', 'pad'))
        if op == 'flip':
            for _ in range(rng.randint(1, 8)):
                i = rng.randrange(len(data))
                data[i] ^= 1 << rng.randrange(8)
        elif op == 'trunc':
            cut = rng.randint(0, len(data))
            data = data[:cut]
            if cut >= 4 and rng.random() < 0.5:
                struct.pack_into('=I', data, 0, cut)
        elif op == 'len':
            struct.pack_into('=I', data, 0, rng.choice(
                (0, 15, 16, 19, 20, len(data) - 1, len(data) + 1,
                 len(data) + 4, 0xffffffff)) & 0xffffffff)
        elif op == 'genl':
            data[16] = rng.choice((0, cmd, self.schema.cmd_max + 1, 255,
                                   rng.randrange(256)))
            data[17] = rng.choice((0, 1, 2, 255))
            data[18:20] = rng.randbytes(2)
        elif op == 'flags':
            struct.pack_into('=H', data, 6, rng.getrandbits(16))
        elif op == 'random':
            data = data[:20] + rng.randbytes(rng.randint(0, 256))
            struct.pack_into('=I', data, 0, len(data))
        elif op == 'multi':
            # Requests back to back in one datagram.
            for _ in range(rng.randint(1, 2)):
                self.seq += 1
                c = rng.choice(list(self.schema.cmds))
                data += nl.genlmsg(
                    self.family, c, ser(self.typed_request(c, side)),
                    nl.NLM_F_REQUEST | rng.choice(
                        (0, nl.NLM_F_ACK, nl.NLM_F_DUMP)), self.seq)
        elif op == 'pad':
            data += rng.randbytes(rng.randint(1, 7))
        return bytes(data)

    def mutate_attrs(self, attrs, op):
        rng = self.rng
        flat = []

        def collect(lst):
            for i, (t, v) in enumerate(lst):
                flat.append((lst, i))
                if isinstance(v, list):
                    collect(v)
        collect(attrs)
        if not flat:
            return attrs + [(rng.randrange(0x4000), rng.randbytes(
                rng.randint(0, 16)))]
        lst, i = rng.choice(flat)
        t, v = lst[i]
        if op == 'dup':
            lst.insert(i, (t, v))
        elif op == 'drop':
            del lst[i]
        elif op == 'retype':
            lst[i] = ((t & ~0xffff) | rng.choice(
                (0, rng.randrange(32), rng.randrange(0x4000))), v)
        elif op == 'lift':
            # An inner attribute at the top level.
            attrs.append((t, v))
        elif op == 'wrap':
            # One more level of nesting, or a nest of another kind inside.
            lst[i] = (t, [(rng.choice(self.schema.top_nests),
                           v if isinstance(v, list) else [(1, v)])])
        elif op == 'flagflip':
            lst[i] = (t ^ 0x10000, ser(v) if isinstance(v, list) else v)
        elif op == 'randattr':
            lst.insert(i, (rng.randrange(0x4000), rng.randbytes(
                rng.randint(0, 24))))
        return attrs

    def typed_request(self, cmd, side):
        top = self.schema.cmd_nest.get(cmd)
        if top is None or self.rng.random() < 0.1:
            top = self.rng.choice(self.schema.top_nests)
        tspec = self.schema.top['attrs'][top][1]
        return [(top, self.typed_nest(tspec['nest'], side))] \
            if self.rng.random() < 0.9 else []

    # The run.

    def one(self, cmd, g, side):
        rng = self.rng
        cls = rng.choice(self.CLASSES)
        modes = self.schema.cmd_modes.get(cmd, {})
        dump = nl.NLM_F_DUMP if rng.random() < 0.5 else 0
        flags = dump | rng.choice((0, nl.NLM_F_ACK))
        if cls == 'valid' and (modes.get('doit') or modes.get('dump')):
            if self.gen_valid(cmd, g, side):
                return
            cls = 'typed'
        if cls == 'typed' or cls == 'valid':
            self.send(g, cmd, self.typed_request(cmd, side), flags, 'typed')
        elif cls == 'boundary':
            self.send(g, cmd, self.boundary(cmd, side), flags, 'boundary')
        else:
            data = self.mutate(cmd, side, flags)
            # Mutations can change the command byte: counted as sent.
            self.send(g, cmd, None, 0, 'mutated', raw=data)

    def pick_socket(self):
        r = self.rng.random()
        if not self.env or r < 0.15:
            return self.home, None
        side = self.env.a if r < 0.75 else self.env.b
        return side.g, side

    def new_env(self):
        env = Env(self, self.envs)
        self.envs += 1
        # Rules on both sides, and the hooks they need, before traffic.
        for side in (env.a, env.b):
            self.load(side.g, side)
        return env

    def drop_env(self, env):
        if self.rng.random() < 0.5:
            # An unfinished load, for the namespace's exit to drop.
            self.load(env.a.g, env.a, parts=1, commit=False)
        self.traffic[0] += env.sent
        self.traffic[1] += env.received
        env.close(self.rng)

    def run(self):
        self.t0 = time.monotonic()
        self.status_names()
        cmds = sorted(self.schema.cmds)
        out_of_range = [0, self.schema.cmd_max + 1, 255]
        n = next_env = next_traffic = 0
        while n < self.args.count:
            if n >= next_env:
                next_env = n + self.args.batch
                old, self.env = self.env, self.new_env()
                # The old namespaces go while the new ones are busy.
                if old:
                    self.drop_env(old)
                self.check_kmsg()
            g, side = self.pick_socket()
            # Every command in turn, then at random; now and then one the
            # family does not have.
            if n < 4 * len(cmds):
                cmd = cmds[n % len(cmds)]
            elif self.rng.random() < 0.01:
                cmd = self.rng.choice(out_of_range)
            else:
                cmd = self.rng.choice(cmds)
            before = self.sent
            self.one(cmd, g, side)
            n += self.sent - before
            if n >= next_traffic:
                next_traffic = n + 64
                self.env.traffic()
            if self.args.seconds and \
               time.monotonic() - self.t0 > self.args.seconds:
                break
        if self.env:
            self.drop_env(self.env)
            self.env = None
        self.elapsed = time.monotonic() - self.t0

    def status_names(self):
        r = self.valid(self.home, nl.CMDS['SECNET_CMD_GET_STATUS'], [],
                       nl.NLM_F_DUMP)
        for payload in r.replies:
            for t, v in nl.parse_attrs(payload[4:]):
                for it, iv in nl.parse_attrs(v):
                    if it == self.a('SUBSYS', 'NAME'):
                        self.subsys.append(iv.rstrip(b'\0').decode())
        self.subsys = sorted(set(self.subsys))

    # The kernel's health.

    def open_kmsg(self):
        try:
            self.kmsg = os.open('/dev/kmsg', os.O_RDONLY | os.O_NONBLOCK)
            os.lseek(self.kmsg, 0, os.SEEK_END)
        except OSError as e:
            print('fuzz: no /dev/kmsg (%s): splats unchecked' % e,
                  file=sys.stderr)
            self.kmsg = None

    def check_kmsg(self):
        while self.kmsg is not None:
            try:
                rec = os.read(self.kmsg, 8192).decode(errors='replace')
            except BlockingIOError:
                return
            except OSError as e:
                if e.errno == errno.EPIPE:     # overwritten: go on
                    continue
                raise
            text = rec.split(';', 1)[-1].split('\n')[0]
            if KMSG_BAD.search(text):
                self.fail('kernel: ' + text)

    @staticmethod
    def netns_count():
        """Namespaces allocated (the initial one is static), or None."""
        try:
            with open(NETNS_SLAB + '/shrink', 'w') as f:
                f.write('1')
            with open(NETNS_SLAB + '/objects') as f:
                return int(f.read().split()[0])
        except OSError:
            return None

    def kmemleak(self, cmd):
        try:
            with open(KMEMLEAK, 'w') as f:
                f.write(cmd)
            return True
        except OSError:
            return False


def netns_settle(fz, limit, floor):
    """The count of namespaces once it is at FLOOR or has not fallen for
    LIMIT seconds."""
    t = last_change = time.monotonic()
    last = fz.netns_count()
    while last is not None and last > floor and \
            time.monotonic() - last_change < limit:
        time.sleep(0.5)
        now = fz.netns_count()
        if now < last:
            last_change = time.monotonic()
        last = now
    return last, time.monotonic() - t


def netns_flush():
    """The debug kernel keeps the memory of the last namespace or two
    cleaned up (even of one that never held anything) until the next
    cleanup: two bare ones come and go, before the count is compared with
    the baseline taken the same way."""
    for _ in range(2):
        os.close(new_netns())


def netns_baseline(fz, args):
    netns_flush()
    base, _ = netns_settle(fz, 3, 0)
    print('fuzz: namespaces allocated before the run: %s' % base)
    return base


def report(fz, args, netns, leaks):
    names = dict(fz.schema.cmds, other='other')
    out = {'seed': args.seed, 'messages': fz.sent,
           'seconds': round(fz.elapsed, 1),
           'rate': round(fz.sent / max(fz.elapsed, 1e-9)),
           'namespaces': fz.envs * 2,
           'traffic': {'sent': fz.traffic[0], 'received': fz.traffic[1]},
           'kernel_inner_policies': fz.schema.kernel_inner,
           'commands': {}, 'errno': dict(fz.hist),
           'netns_left': netns, 'netns_slack': NETNS_SLACK, 'leaks': leaks,
           'failures': fz.failures}
    print('fuzz: seed %d, %d messages in %.1f s (%d/s), %d namespaces' % (
        args.seed, fz.sent, fz.elapsed, out['rate'], fz.envs * 2))
    print('fuzz: inner policies reported by the kernel: %s; the rest from '
          'uapi/linux/secnet.h' % (', '.join(fz.schema.kernel_inner) or
                                   'none'))
    print('%-16s %7s %7s %7s %7s %7s  %s' % ('command', 'valid', 'ok',
                                            'typed', 'bound', 'mutated',
                                            'errno'))
    for c, st in fz.stats.items():
        s = st['sent']
        out['commands'][names[c]] = {
            'sent': sum(s.values()), 'valid': s['valid'],
            'valid_ok': st['valid_ok'], 'typed': s['typed'],
            'boundary': s['boundary'], 'mutated': s['mutated'],
            'errno': dict(st['errno'])}
        print('%-16s %7d %7d %7d %7d %7d  %s' % (
            names[c], s['valid'], st['valid_ok'], s['typed'],
            s['boundary'], s['mutated'],
            ' '.join('%s:%d' % kv for kv in st['errno'].most_common(6))))
    print('fuzz: errno histogram: ' + ' '.join(
        '%s:%d' % kv for kv in fz.hist.most_common()))
    print('fuzz: traffic: %d datagrams sent, %d received' % tuple(fz.traffic))
    if args.json:
        with open(args.json, 'w') as f:
            json.dump(out, f, indent=1, sort_keys=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--seed', type=int, default=None)
    ap.add_argument('--count', type=int, default=10000,
                    help='messages to send (default 10000)')
    ap.add_argument('--seconds', type=float, default=0,
                    help='stop sooner, after this long')
    ap.add_argument('--batch', type=int, default=5000,
                    help='messages per pair of namespaces (default 5000)')
    ap.add_argument('--progress', type=int, default=0,
                    help='a progress line every N messages')
    ap.add_argument('--json', help='the summary, as JSON, into this file')
    ap.add_argument('--netns-wait', type=float, default=20,
                    help='seconds the count of namespaces may stay still '
                    'before it must be back')
    ap.add_argument('--no-kmemleak', action='store_true')
    args = ap.parse_args()
    if args.seed is None:
        args.seed = int.from_bytes(os.urandom(4), 'big')
    print('fuzz: seed %d, count %d, batch %d' % (args.seed, args.count,
                                                   args.batch), flush=True)
    global HOME
    HOME = os.open('/proc/self/ns/net', os.O_RDONLY)
    fz = Fuzzer(args)
    leakcheck = not args.no_kmemleak and fz.kmemleak('scan') and \
        fz.kmemleak('clear')
    base = netns_baseline(fz, args)
    fz.open_kmsg()
    try:
        fz.run()
    except Failure as e:
        fz.fail(str(e))
        fz.elapsed = time.monotonic() - fz.t0
        for d in fz.recent:
            print('fuzz: recent: ' + d.hex(), file=sys.stderr)
        if fz.env:
            fz.env.close(fz.rng)
    fz.home.sock.close()
    left = None
    if base is not None:
        netns_flush()
        count, waited = netns_settle(fz, args.netns_wait, base + NETNS_SLACK)
        left = count - base
        print('fuzz: %d namespaces created, %d more than before allocated '
              '%.1f s after the last reference went' % (fz.envs * 2, left,
                                                        waited))
        if left > NETNS_SLACK:
            fz.fail('%d namespaces still allocated %d s after their last '
                    'reference went (no fewer for %d s; the kernel keeps '
                    'up to %d)' % (left, waited, args.netns_wait,
                                   NETNS_SLACK))
    else:
        print('fuzz: the net_namespace slab is merged: namespaces unchecked')
    leaks = None
    if leakcheck:
        # kmemleak reports only objects older than 5 s.
        time.sleep(max(0, 6 - (time.monotonic() - fz.t0 - fz.elapsed)))
        fz.kmemleak('scan')
        fz.kmemleak('scan')
        text = open(KMEMLEAK).read()
        leaks = text.count('unreferenced object')
        if leaks:
            fz.fail('kmemleak: %d objects leaked; first:\n%s' % (
                leaks, '\n'.join(text.split('\n')[:30])))
    # A device that never frees is reported 10 s into its unregistration.
    time.sleep(max(0, 12 - (time.monotonic() - fz.t0 - fz.elapsed)))
    fz.check_kmsg()
    report(fz, args, left, leaks)
    if fz.failures:
        print('fuzz: FAIL: %d failures (seed %d)' % (len(fz.failures),
                                                      args.seed))
        return 1
    print('fuzz: PASS (seed %d)' % args.seed)
    return 0


if __name__ == '__main__':
    sys.exit(main())
