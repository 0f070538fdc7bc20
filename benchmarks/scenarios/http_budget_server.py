"""A Twisted-API HTTP responder that spends a fixed CPU time per request, for http_budget.

A plain ``Protocol`` (no twisted.web) answers each request head (``\\r\\n\\r\\n``) with one
canned keep-alive response, after busy-waiting ``BENCH_SPIN_US`` (environment) microseconds of
Python: it stands for a web layer that costs exactly that much.  Prints {"port": P} once listening on
127.0.0.1; stops after --max-seconds.
"""

import os
import time

from _bench import args, choose_reactor, serve

choose_reactor()

from twisted.internet import protocol  # noqa: E402

BODY = b"Hello, world!"
RESPONSE = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n%s" % (
    len(BODY),
    BODY,
)

opts = args(0, max_seconds=60.0)
spin = float(os.environ.get("BENCH_SPIN_US", "0")) * 1e-6
clock = time.perf_counter


class Responder(protocol.Protocol):
    pending = b""

    def dataReceived(self, data):
        data = self.pending + data
        heads = data.count(b"\r\n\r\n")  # wrk sends bodiless GETs, one at a time
        self.pending = data[data.rfind(b"\r\n\r\n") + 4 :] if heads else data
        for _ in range(heads):
            until = clock() + spin
            while clock() < until:
                pass
            self.transport.write(RESPONSE)


factory = protocol.Factory.forProtocol(Responder)
serve(factory, opts.max_seconds)
