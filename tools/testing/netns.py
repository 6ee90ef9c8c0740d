# SPDX-License-Identifier: GPL-2.0
"""What the tests' and benchmarks' python ends share: doing something in a
network namespace that `ip netns add` named, from one process that holds
sockets in several."""

import ctypes
import os

CLONE_NEWNET = 0x40000000
_libc = ctypes.CDLL(None, use_errno=True)
# The namespace the process started in, to come back to.
_HOME = os.open("/proc/thread-self/ns/net", os.O_RDONLY)


def in_ns(ns, fn):
    """Returns fn() called in namespace NS: a socket it makes stays there."""
    fd = os.open("/run/netns/" + ns, os.O_RDONLY)
    try:
        if _libc.setns(fd, CLONE_NEWNET):
            raise OSError(ctypes.get_errno(), "setns " + ns)
        return fn()
    finally:
        _libc.setns(_HOME, CLONE_NEWNET)
        os.close(fd)
