"""TLS echo round trips/s as a client: connectSSL + optionsForClientTLS, 10 connections.

The target is a plain asyncio TLS echo server in another process (scenarios/_tls_target.py),
so the client is the only thing that differs between implementations.  ``--size`` bytes per
round trip.  Real Twisted needs pyOpenSSL (and service_identity) for this scenario.
"""

import time

from _bench import args, choose_reactor, report, start_target

choose_reactor()

from twisted.internet import protocol, reactor, ssl  # noqa: E402
from twisted.internet.defer import Deferred, DeferredList, inlineCallbacks  # noqa: E402

opts = args(20_000, concurrency=10, size=16384)
target, info = start_target("_tls_target.py")
with open(info["cert"], "rb") as f:
    trust = ssl.Certificate.loadPEM(f.read())
options = ssl.optionsForClientTLS("localhost", trustRoot=trust)
PAYLOAD = b"x" * opts.size


class Pinger(protocol.Protocol):
    def connectionMade(self):
        self.factory.connected.callback(self)

    def go(self, count):
        self.left, self.got, self.done = count, 0, Deferred()
        self.transport.write(PAYLOAD)
        return self.done

    def dataReceived(self, data):
        self.got += len(data)
        if self.got >= opts.size:
            self.got -= opts.size
            self.left -= 1
            if self.left:
                self.transport.write(PAYLOAD)
            else:
                self.done.callback(None)


def connect():
    factory = protocol.ClientFactory.forProtocol(Pinger)
    factory.connected = Deferred()
    reactor.connectSSL("127.0.0.1", info["port"], factory, options)
    return factory.connected


@inlineCallbacks
def main():
    try:
        conns = yield DeferredList([connect() for _ in range(opts.concurrency)])
        conns = [c for _, c in conns]
        per = max(1, opts.n // opts.concurrency)
        yield DeferredList([c.go(max(1, per // 10)) for c in conns])
        start = time.perf_counter()
        yield DeferredList([c.go(per) for c in conns])
        seconds = time.perf_counter() - start
        report(per * opts.concurrency, seconds)
        for c in conns:
            c.transport.loseConnection()
    finally:
        target.terminate()
        target.wait()
        reactor.stop()


reactor.callWhenRunning(main)
reactor.run()
