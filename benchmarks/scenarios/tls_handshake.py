"""TLS handshakes/s as a client: connectSSL, handshake, one 100 B echo, close; 10 at a time.

The target is a plain asyncio TLS echo server in another process (scenarios/_tls_target.py).
Real Twisted needs pyOpenSSL (and service_identity) for this scenario.
"""

from _bench import args, choose_reactor, start_target, timed_in_flight

choose_reactor()

from twisted.internet import protocol, reactor, ssl  # noqa: E402
from twisted.internet.defer import Deferred, inlineCallbacks  # noqa: E402

opts = args(1_000, concurrency=10)
target, info = start_target("_tls_target.py")
with open(info["cert"], "rb") as f:
    trust = ssl.Certificate.loadPEM(f.read())
options = ssl.optionsForClientTLS("localhost", trustRoot=trust)


class Once(protocol.Protocol):
    def connectionMade(self):
        self.transport.write(b"x" * 100)
        self.got = 0

    def dataReceived(self, data):
        self.got += len(data)
        if self.got >= 100:
            self.transport.loseConnection()

    def connectionLost(self, reason):
        self.factory.done.callback(None)


def one():
    factory = protocol.ClientFactory.forProtocol(Once)
    factory.done = Deferred()
    reactor.connectSSL("127.0.0.1", info["port"], factory, options)
    return factory.done


@inlineCallbacks
def main():
    try:
        yield timed_in_flight(one, opts.n, opts.concurrency)
    finally:
        target.terminate()
        target.wait()
        reactor.stop()


reactor.callWhenRunning(main)
reactor.run()
