# SPDX-License-Identifier: GPL-2.0
"""synprobe.py CL SV ADDR PORT: the well-behaved side of a SYN flood, for
the SYN-flood test and benchmark.  An echo server listens on ADDR:PORT in
namespace SV; from namespace CL, one connection made before the flood
(the established one) sends a line every 0.1 s and times its echo, and a
new connection is tried every 0.1 s: connect, one line, its echo, close,
within 3 s or failed.

Commands on stdin, one a line: "start" begins (answer "started"), "stop"
ends and answers one JSON object:
  new: tried, ok, p50_ms, p90_ms, max_ms   (the new connections)
  est: sent, ok, p50_ms, max_ms, alive     (the established one: ok are
       the echoes back within 1 s; alive, whether it still works)"""

import json
import socket
import sys
import threading
import time

from netns import enter

INTERVAL = 0.1
NEW_TIMEOUT = 3.0
EST_OK = 1.0


def serve(listener):
    def echo(c):
        with c:
            while True:
                data = c.recv(4096)
                if not data:
                    return
                c.sendall(data)
    while True:
        c, _ = listener.accept()
        threading.Thread(target=echo, args=(c,), daemon=True).start()


def percentile(values, p):
    if not values:
        return None
    values = sorted(values)
    return round(values[min(len(values) - 1, int(len(values) * p))] * 1000, 1)


def summary(lat, tried):
    return {"tried": tried, "ok": len(lat), "p50_ms": percentile(lat, 0.5),
            "p90_ms": percentile(lat, 0.9), "max_ms": percentile(lat, 1.0)}


class Probe:
    def __init__(self, addr, port):
        self.dst = (addr, port)
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.new_lat, self.new_tried = [], 0
        self.est_lat, self.est_sent, self.alive = [], 0, True
        self.threads = []

    def one_new(self):
        t = time.monotonic()
        try:
            with socket.create_connection(self.dst, timeout=NEW_TIMEOUT) as c:
                c.sendall(b"new\n")
                got = b""
                while not got.endswith(b"\n"):
                    part = c.recv(64)
                    if not part:
                        return
                    got += part
        except OSError:
            return
        took = time.monotonic() - t
        if took <= NEW_TIMEOUT:
            with self.lock:
                self.new_lat.append(took)

    def new_loop(self):
        while not self.stop.wait(INTERVAL):
            th = threading.Thread(target=self.one_new, daemon=True)
            th.start()
            self.threads.append(th)
            self.new_tried += 1

    def est_loop(self, c):
        f = c.makefile("rb")
        while not self.stop.wait(INTERVAL):
            self.est_sent += 1
            t = time.monotonic()
            try:
                c.sendall(b"%d\n" % self.est_sent)
                line = f.readline()
            except OSError:
                line = b""
            if line != b"%d\n" % self.est_sent:
                self.alive = False
                return
            took = time.monotonic() - t
            if took <= EST_OK:
                self.est_lat.append(took)

    def start(self):
        est = socket.create_connection(self.dst, timeout=10)
        for fn, args in ((self.new_loop, ()), (self.est_loop, (est,))):
            th = threading.Thread(target=fn, args=args, daemon=True)
            th.start()
            self.threads.append(th)
        return "started"

    def finish(self):
        self.stop.set()
        for th in self.threads:
            th.join(NEW_TIMEOUT + 11)
        est = summary(self.est_lat, self.est_sent)
        est["sent"] = est.pop("tried")
        del est["p90_ms"]
        est["alive"] = self.alive
        return json.dumps({"new": summary(self.new_lat, self.new_tried),
                           "est": est})


def main():
    cl, sv, addr, port = sys.argv[1:5]
    enter(sv)
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((addr, int(port)))
    listener.listen(1024)
    threading.Thread(target=serve, args=(listener,), daemon=True).start()
    enter(cl)
    probe = Probe(addr, int(port))
    print("ready", flush=True)
    for line in sys.stdin:
        what = line.strip()
        if what == "start":
            print(probe.start(), flush=True)
        elif what == "stop":
            print(probe.finish(), flush=True)
            return


if __name__ == "__main__":
    main()
