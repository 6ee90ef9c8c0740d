# SPDX-License-Identifier: GPL-2.0
"""What the tests' and benchmarks' python ends share: doing something in a
network namespace that `ip netns add` named, from one process that holds
sockets in several."""

import ctypes
import fcntl
import os
import socket
import struct

CLONE_NEWNET = 0x40000000
_libc = ctypes.CDLL(None, use_errno=True)
# The namespace the process started in, to come back to.
_HOME = os.open("/proc/thread-self/ns/net", os.O_RDONLY)


def enter(ns):
    """Moves the process into namespace NS, for the sockets it makes next."""
    fd = os.open("/run/netns/" + ns, os.O_RDONLY)
    try:
        if _libc.setns(fd, CLONE_NEWNET):
            raise OSError(ctypes.get_errno(), "setns " + ns)
    finally:
        os.close(fd)


def in_ns(ns, fn):
    """Returns fn() called in namespace NS: a socket it makes stays there."""
    enter(ns)
    try:
        return fn()
    finally:
        _libc.setns(_HOME, CLONE_NEWNET)


_SOCKS = {}


def ethtool_stats(ns, dev):
    """`ethtool -S DEV` in namespace NS as {name: value}, through
    SIOCETHTOOL: ETHTOOL_GSSET_INFO for ETH_SS_STATS, then GSTRINGS and
    GSTATS."""
    if ns not in _SOCKS:
        _SOCKS[ns] = in_ns(ns, lambda: socket.socket(socket.AF_INET,
                                                     socket.SOCK_DGRAM))
    s = _SOCKS[ns]

    def call(buf):
        fcntl.ioctl(s.fileno(), 0x8946,  # SIOCETHTOOL
                    struct.pack("16sQ16x", dev.encode(), ctypes.addressof(buf)))
    b = ctypes.create_string_buffer(struct.pack("IIQI", 0x37, 0, 2, 0))
    call(b)
    n = struct.unpack_from("I", b, 16)[0]
    b = ctypes.create_string_buffer(struct.pack("III", 0x1b, 1, n) + bytes(32 * n))
    call(b)
    names = [b.raw[12 + 32 * i:44 + 32 * i].split(b"\0")[0].decode()
             for i in range(n)]
    b = ctypes.create_string_buffer(struct.pack("II", 0x1d, n) + bytes(8 * n))
    call(b)
    return dict(zip(names, struct.unpack_from("%dQ" % n, b, 8)))
