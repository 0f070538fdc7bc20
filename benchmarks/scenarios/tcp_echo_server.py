"""TCP echo server (Twisted API) for the tcp_echo scenario; prints {"port": P} once listening.

Listens on 127.0.0.1 only and stops by itself after --max-seconds.
"""

from _bench import args, choose_reactor, serve

choose_reactor()

from twisted.internet import protocol  # noqa: E402


class Echo(protocol.Protocol):
    def dataReceived(self, data):
        self.transport.write(data)


opts = args(0, max_seconds=60.0)
factory = protocol.Factory.forProtocol(Echo)
serve(factory, opts.max_seconds)
