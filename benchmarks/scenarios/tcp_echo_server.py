"""TCP echo server (Twisted API) for the tcp_echo scenario; prints {"port": P} once listening.

Listens on 127.0.0.1 only and stops by itself after --max-seconds.
"""

import json
import sys

from _bench import args, choose_reactor

choose_reactor()

from twisted.internet import protocol, reactor  # noqa: E402


class Echo(protocol.Protocol):
    def dataReceived(self, data):
        self.transport.write(data)


opts = args(0, max_seconds=60.0)
factory = protocol.Factory.forProtocol(Echo)
factory.noisy = False
port = reactor.listenTCP(0, factory, interface="127.0.0.1")
print(json.dumps({"port": port.getHost().port}))
sys.stdout.flush()
reactor.callLater(opts.max_seconds, reactor.stop)
reactor.run()
