#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Raw generic-netlink requests to the secnet family.

secnetctl never sends malformed attributes and always reads dumps to the
end; the tests need both.  Numbers come from uapi/linux/secnet.h itself, so
this helper cannot drift from the ABI.

  nl.py send CMD [PATH=TYPE:VALUE ...] [--dump]
      PATH is NEST.ATTR (names without the SECNET_A_ prefix, or numbers),
      TYPE one of u8 u16 u32 u64 str (NUL-terminated) bytes (raw string)
      hex flag nest (empty nest).  Prints one JSON object: errno, extack
      message, the path of the attribute at the extack offset, the missing
      attribute, and the replies' attributes.
  nl.py batch
      One "send" per line of stdin (CMD [PATH=TYPE:VALUE ...] [--dump]),
      one JSON object per line out, over one socket.
  nl.py slowdump CMD --pause-after N --run SHELLCMD
      Starts a dump, reads N messages, runs SHELLCMD, reads the rest.
  nl.py policy
      The family's policies as the kernel reports them (CTRL_CMD_GETPOLICY),
      as JSON: {"ops": {CMD: {"do": IDX, "dump": IDX}}, "policies": {IDX:
      {ATTR: {"type": NAME, "min": N, "max": N, "min_len": N, ...}}}}.
"""
import argparse
import json
import os
import re
import shlex
import socket
import struct
import subprocess
import sys

NETLINK_GENERIC = 16
SOL_NETLINK = 270
NETLINK_CAP_ACK = 10
NETLINK_EXT_ACK = 11
NLM_F_REQUEST, NLM_F_MULTI, NLM_F_ACK = 0x1, 0x2, 0x4
NLM_F_DUMP_INTR = 0x10
NLM_F_DUMP = 0x300
NLMSG_ERROR, NLMSG_DONE = 2, 3
NLM_F_ACK_TLVS = 0x200
GENL_ID_CTRL, CTRL_CMD_GETFAMILY, CTRL_CMD_GETPOLICY = 0x10, 3, 10
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME = 1, 2
CTRL_ATTR_POLICY, CTRL_ATTR_OP_POLICY = 8, 9
CTRL_ATTR_POLICY_DO, CTRL_ATTR_POLICY_DUMP = 1, 2
# enum netlink_attribute_type, from NL_ATTR_TYPE_INVALID on.
NL_ATTR_TYPES = ('invalid', 'flag', 'u8', 'u16', 'u32', 'u64', 's8', 's16',
                 's32', 's64', 'binary', 'string', 'nul_string', 'nested',
                 'nested_array', 'bitfield32')
# enum netlink_policy_type_attr: the keys of a policy entry and the sizes
# of their values.
NL_POLICY_TYPE_ATTRS = {1: ('type', 'I'), 2: ('min', 'q'), 3: ('max', 'q'),
                        4: ('min', 'Q'), 5: ('max', 'Q'),
                        6: ('min_len', 'I'), 7: ('max_len', 'I'),
                        8: ('policy_idx', 'I'), 9: ('policy_maxtype', 'I'),
                        10: ('bitfield32_mask', 'I'), 12: ('mask', 'Q')}
NLMSGERR_ATTR_MSG, NLMSGERR_ATTR_OFFS = 1, 2
NLMSGERR_ATTR_MISS_TYPE, NLMSGERR_ATTR_MISS_NEST = 5, 6
NLA_F_NESTED = 0x8000
NLA_TYPE_MASK = 0x3fff

UAPI = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                    '..', '..', 'uapi', 'linux', 'secnet.h')


def uapi_enums(path=UAPI):
    """Every enum of the header: {enum name: {enumerator: value}}."""
    text = re.sub(r'/\*.*?\*/', '', open(path).read(), flags=re.S)
    enums = {}
    for ename, body in re.findall(r'enum\s+(\w+)\s*\{(.*?)\}', text,
                                  flags=re.S):
        n = 0
        members = enums[ename] = {}
        for item in body.split(','):
            name, _, val = item.strip().partition('=')
            if not name:
                continue
            if val:
                n = int(val.strip(), 0)
            members[name.strip()] = n
            n += 1
    return enums


ENUMS = uapi_enums()
CMDS = ENUMS['secnet_cmd']


def uapi_attr_specs(path=UAPI):
    """Each attribute enumerator of the header with the type its comment
    gives: {enumerator: {"value": N, "kind": "u8".."u64" | "string" |
    "binary" | "flag" | "nest", "enum": NAME, "bits": PREFIX, "lens": [N],
    "nest": PREFIX, "repeated": bool, "names": [WORD]}}; the comment is the ABI's own
    statement of the type ("u8: enum secnet_nf_hook", "binary: 4 or 16
    bytes", "nest: SECNET_A_NF_RULE_*, repeated", "u32: SECNET_NF_CT_*")."""
    specs = {}
    for line in open(path):
        m = re.match(r'\s*(SECNET_A_\w+)\s*(?:=\s*\w+)?,\s*/\*\s*(.*?)\s*\*/',
                     line)
        if not m:
            continue
        name, comment = m.groups()
        _, _, rest = comment.partition(':')
        kind = re.match(r'[a-z0-9]*', comment).group(0)
        spec = {'kind': kind}
        em = re.match(r'\s*enum (\w+)', rest)
        if em:
            spec['enum'] = em.group(1)
        bm = re.match(r'\s*(SECNET_\w+?_)\*', rest)
        if bm and kind == 'nest':
            spec['nest'] = bm.group(1)
            spec['repeated'] = 'repeated' in rest
        elif bm:
            spec['bits'] = bm.group(1)
        if kind == 'binary':
            spec['lens'] = [int(n) for n in re.findall(r'\d+', rest)]
        elif not em and not bm:
            # Values named by their enumerators' last words ("ACCEPT or
            # DROP").
            spec['names'] = re.findall(r'\b[A-Z][A-Z0-9_]*\b', rest)
        specs[name] = spec
    for members in ENUMS.values():
        for k, v in members.items():
            if k in specs:
                specs[k]['value'] = v
    return specs


def uapi_defines(path=UAPI):
    """Every numeric #define of the header: {name: value}."""
    return {m.group(1): int(m.group(2), 0) for m in
            re.finditer(r'^#define\s+(\w+)\s+(0x[0-9a-fA-F]+|\d+)\s*$',
                        open(path).read(), flags=re.M)}


def scope_enum(scope):
    """The attribute enum of a nest ('' is the top level)."""
    if not scope:
        return 'SECNET_A_', ENUMS['secnet_attr']
    return ('SECNET_A_' + scope + '_',
            ENUMS.get('secnet_' + scope.lower() + '_attr', {}))


def attr_num(scope, name):
    if name.isdigit():
        return int(name)
    prefix, members = scope_enum(scope)
    return members[prefix + name]


def attr_name(scope, num):
    prefix, members = scope_enum(scope)
    for k, v in members.items():
        if v == num and not k.startswith('__'):
            return k[len(prefix):]
    return str(num)


def nla(atype, payload):
    hdr = struct.pack('=HH', 4 + len(payload), atype)
    return hdr + payload + b'\0' * (-len(payload) % 4)


def encode_value(typ, val):
    if typ in ('u8', 'u16', 'u32', 'u64'):
        return struct.pack({'u8': '=B', 'u16': '=H', 'u32': '=I',
                            'u64': '=Q'}[typ], int(val, 0))
    if typ == 'str':
        return val.encode() + b'\0'
    if typ == 'bytes':
        return val.encode()
    if typ == 'hex':
        return bytes.fromhex(val)
    if typ in ('flag', 'nest'):
        return b''
    raise SystemExit('nl.py: unknown type ' + typ)


def build_attrs(specs):
    """NEST.ATTR=TYPE:VALUE items, grouped into one nest per top-level."""
    nests = {}
    for spec in specs:
        path, _, tv = spec.partition('=')
        typ, _, val = tv.partition(':')
        parts = path.split('.')
        top = parts[0]
        nests.setdefault(top, [])
        if len(parts) > 1:
            nests[top].append(nla(attr_num(top, parts[1]),
                                  encode_value(typ, val)))
        elif typ != 'nest':
            # A top-level attribute given as a plain value (not a nest).
            nests[top] = encode_value(typ, val)
    out = b''
    for top, inner in nests.items():
        if isinstance(inner, bytes):
            out += nla(attr_num('', top), inner)
        else:
            out += nla(attr_num('', top) | NLA_F_NESTED, b''.join(inner))
    return out


def genlmsg(ftype, cmd, attrs, flags, seq, version=1):
    """A generic netlink message: nlmsghdr, genlmsghdr, attributes."""
    body = struct.pack('=BBH', cmd & 0xff, version, 0) + attrs
    return struct.pack('=IHHII', 16 + len(body), ftype, flags, seq,
                       0) + body


def parse_attrs(data):
    attrs = []
    while len(data) >= 4:
        alen, atype = struct.unpack_from('=HH', data)
        if alen < 4:
            break
        attrs.append((atype & NLA_TYPE_MASK, data[4:alen]))
        data = data[(alen + 3) & ~3:]
    return attrs


def attr_at_offset(payload, offset):
    """Path of the attribute of our request starting at offset (bytes from
    the start of the netlink message)."""
    base = 16 + 4       # nlmsghdr + genlmsghdr
    pos = offset - base

    def walk(data, start, scope):
        off = 0
        while off + 4 <= len(data):
            alen, atype = struct.unpack_from('=HH', data, off)
            t = atype & NLA_TYPE_MASK
            name = attr_name(scope, t)
            if start + off == pos:
                return name
            if atype & NLA_F_NESTED and start + off < pos < start + off + alen:
                inner = walk(data[off + 4:off + alen], start + off + 4, name)
                return name + '.' + inner if inner else name
            off += (alen + 3) & ~3
        return None
    return walk(payload, 0, '')


class Genl:
    def __init__(self, recvsize=1 << 20, family=None):
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                                  NETLINK_GENERIC)
        self.sock.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.sock.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
        self.sock.bind((0, 0))
        self.seq = 1
        # The kernel sizes each dump skb after the largest recv buffer
        # this socket has offered.
        self.recvsize = recvsize
        self.family = family or self.resolve()

    def send(self, ftype, cmd, attrs, flags):
        self.seq += 1
        msg = genlmsg(ftype, cmd, attrs, flags | NLM_F_REQUEST, self.seq)
        self.sock.send(msg)
        return msg[16:]

    def recv(self):
        """One datagram, as a list of (type, flags, payload)."""
        data = self.sock.recv(self.recvsize)
        msgs = []
        while len(data) >= 16:
            mlen, mtype, mflags, _, _ = struct.unpack_from('=IHHII', data)
            msgs.append((mtype, mflags, data[16:mlen]))
            data = data[(mlen + 3) & ~3:]
        return msgs

    def resolve(self):
        self.send(GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
                  nla(CTRL_ATTR_FAMILY_NAME, b'secnet\0'), 0)
        for mtype, _, payload in self.recv():
            if mtype == NLMSG_ERROR:
                err = struct.unpack_from('=i', payload)[0]
                sys.exit(json.dumps({'errno': -err,
                                     'error': 'secnet not loaded'}))
            for t, v in parse_attrs(payload[4:]):
                if t == CTRL_ATTR_FAMILY_ID:
                    return struct.unpack('=H', v[:2])[0]
        sys.exit('nl.py: no family id')


def parse_policy_entry(data):
    entry = {}
    for t, v in parse_attrs(data):
        key, fmt = NL_POLICY_TYPE_ATTRS.get(t, (None, None))
        if key is None or len(v) < struct.calcsize('=' + fmt):
            continue
        val = struct.unpack_from('=' + fmt, v)[0]
        entry[key] = NL_ATTR_TYPES[val] if key == 'type' and \
            val < len(NL_ATTR_TYPES) else val
    return entry


def get_policy(g, name='secnet'):
    """The family's policies by CTRL_CMD_GETPOLICY: (ops, policies), ops
    {cmd: {"do": idx, "dump": idx}}, policies {idx: {attr: entry}}."""
    g.send(GENL_ID_CTRL, CTRL_CMD_GETPOLICY,
           nla(CTRL_ATTR_FAMILY_NAME, name.encode() + b'\0'),
           NLM_F_DUMP | NLM_F_ACK)
    ops, policies = {}, {}
    while True:
        for mtype, _, payload in g.recv():
            if mtype in (NLMSG_ERROR, NLMSG_DONE):
                err = -struct.unpack_from('=i', payload)[0]
                if err:
                    raise OSError(err, 'CTRL_CMD_GETPOLICY: ' +
                                  os.strerror(err))
                return ops, policies
            for t, v in parse_attrs(payload[4:]):
                if t == CTRL_ATTR_OP_POLICY:
                    for cmd, pv in parse_attrs(v):
                        which = {CTRL_ATTR_POLICY_DO: 'do',
                                 CTRL_ATTR_POLICY_DUMP: 'dump'}
                        ops[cmd] = {which[k]: struct.unpack('=I', iv)[0]
                                    for k, iv in parse_attrs(pv)
                                    if k in which}
                elif t == CTRL_ATTR_POLICY:
                    for idx, pv in parse_attrs(v):
                        pol = policies.setdefault(idx, {})
                        for attr, ev in parse_attrs(pv):
                            pol[attr] = parse_policy_entry(ev)


def decode_error(payload, mflags, body, result, echoed=16):
    """An NLMSG_ERROR (echoing our request's header, as CAP_ACK asks) or an
    NLMSG_DONE (echoing nothing), with its extack TLVs."""
    err = struct.unpack_from('=i', payload)[0]
    result['errno'] = -err
    if not mflags & NLM_F_ACK_TLVS:
        return
    tlvs = payload[4 + echoed:]
    for t, v in parse_attrs(tlvs):
        if t == NLMSGERR_ATTR_MSG:
            result['msg'] = v.rstrip(b'\0').decode()
        elif t == NLMSGERR_ATTR_OFFS:
            result['attr'] = attr_at_offset(body[4:],
                                            struct.unpack('=I', v)[0])
        elif t == NLMSGERR_ATTR_MISS_TYPE:
            result['missing'] = struct.unpack('=I', v)[0]


def reply_attrs(payload):
    out = {}
    for t, v in parse_attrs(payload[4:]):
        nest = attr_name('', t)
        out[nest] = {attr_name(nest, it): iv.hex() for it, iv in
                     parse_attrs(v)}
    return out


def cmd_send(args, g=None):
    g = g or Genl()
    cmd = CMDS['SECNET_CMD_' + args.cmd]
    flags = NLM_F_ACK | (NLM_F_DUMP if args.dump else 0)
    body = g.send(g.family, cmd, build_attrs(args.attrs), flags)
    result = {'errno': None, 'replies': []}
    while result['errno'] is None:
        for mtype, mflags, payload in g.recv():
            if mtype == NLMSG_ERROR:
                decode_error(payload, mflags, body, result)
            elif mtype == NLMSG_DONE:
                decode_error(payload, mflags, body, result, echoed=0)
            else:
                result['replies'].append(reply_attrs(payload))
    print(json.dumps(result))
    return 0 if result['errno'] == 0 else 1


def cmd_slowdump(args):
    # A socket that never offered a large buffer gets the dump in small
    # parts, queued one ahead of the reader.
    g = Genl(recvsize=8192, family=Genl().family)
    g.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    cmd = CMDS['SECNET_CMD_' + args.cmd]
    g.send(g.family, cmd, b'', NLM_F_DUMP | NLM_F_ACK)
    result = {'messages': 0, 'intr': False, 'errno': None, 'ran': None}
    while result['errno'] is None:
        for mtype, mflags, payload in g.recv():
            if mflags & NLM_F_DUMP_INTR:
                result['intr'] = True
            if mtype == NLMSG_DONE or mtype == NLMSG_ERROR:
                result['errno'] = -struct.unpack_from('=i', payload)[0]
                break
            result['messages'] += 1
        if result['ran'] is None and result['messages'] >= args.pause_after:
            result['ran'] = subprocess.call(args.run, shell=True)
    print(json.dumps(result))
    return 0


def cmd_policy(_):
    g = Genl()
    ops, policies = get_policy(g)
    names = {v: k[len('SECNET_CMD_'):] for k, v in CMDS.items()}
    print(json.dumps({'ops': {names.get(c, str(c)): o
                              for c, o in sorted(ops.items())},
                      'policies': policies}, sort_keys=True))
    return 0


def add_send_args(parser):
    parser.add_argument('cmd')
    parser.add_argument('attrs', nargs='*')
    parser.add_argument('--dump', action='store_true')


def cmd_batch(_):
    g = Genl()
    parser = argparse.ArgumentParser(prog='nl.py batch')
    add_send_args(parser)
    for line in sys.stdin:
        if line.strip():
            cmd_send(parser.parse_args(shlex.split(line)), g)
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    sub = ap.add_subparsers(dest='op', required=True)
    add_send_args(sub.add_parser('send'))
    sub.add_parser('batch')
    d = sub.add_parser('slowdump')
    d.add_argument('cmd')
    d.add_argument('--pause-after', type=int, default=1)
    d.add_argument('--run', required=True)
    sub.add_parser('policy')
    args = ap.parse_args()
    return {'send': cmd_send, 'batch': cmd_batch, 'slowdump': cmd_slowdump,
            'policy': cmd_policy}[args.op](args)


if __name__ == '__main__':
    sys.exit(main())
