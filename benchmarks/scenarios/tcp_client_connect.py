"""TCP client connections/s: connectTCP, one 100 B round trip, close; 10 at a time.

The server is a raw uvloop echo server in another process (scenarios/_echo_target.py), the
same for every implementation, so what differs is the client's cost of setting up, using
once and tearing down a connection.  The result line also carries ``cpu_us``, this process's
CPU time per connection, steadier than the rate on a shared machine.
"""

import os
import sys

from _bench import args, choose_reactor, start_target, timed_in_flight

choose_reactor()

from twisted.internet import protocol, reactor  # noqa: E402
from twisted.internet.defer import Deferred, inlineCallbacks  # noqa: E402

opts = args(5_000, concurrency=10, size=100)
target, info = start_target(
    "_echo_target.py", os.environ.get("BENCH_TARGET_PYTHON", sys.executable)
)
port = info["port"]
PAYLOAD = b"x" * opts.size


class Once(protocol.Protocol):
    def connectionMade(self):
        self.got = 0
        self.transport.write(PAYLOAD)

    def dataReceived(self, data):
        self.got += len(data)
        if self.got >= opts.size:
            self.transport.loseConnection()


class Factory(protocol.ClientFactory):
    protocol = Once
    noisy = False

    def clientConnectionLost(self, connector, reason):
        self.done.callback(None)

    def clientConnectionFailed(self, connector, reason):
        self.done.errback(reason)


def one():
    factory = Factory()
    factory.done = Deferred()
    reactor.connectTCP("127.0.0.1", port, factory)
    return factory.done


@inlineCallbacks
def main():
    try:
        yield timed_in_flight(one, opts.n, opts.concurrency, cpu=True)
    finally:
        target.terminate()
        target.wait()
        reactor.stop()


reactor.callWhenRunning(main)
reactor.run()
