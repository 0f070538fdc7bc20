"""ReconnectingClientFactory against a server that drops the first two connections."""

from _show import say
from twisted.internet import protocol, reactor


class Dropper(protocol.Protocol):
    def connectionMade(self):
        self.factory.seen += 1
        say("server: connection", self.factory.seen)
        if self.factory.seen <= 2:
            self.transport.loseConnection()
        else:
            self.transport.write(b"welcome")


class DropperFactory(protocol.Factory):
    protocol = Dropper
    noisy = False
    seen = 0


class Client(protocol.Protocol):
    def connectionMade(self):
        say("client: connected")
        self.factory.resetDelay()

    def dataReceived(self, data):
        say("client: got", data)
        self.factory.stopTrying()
        self.transport.loseConnection()

    def connectionLost(self, reason):
        say("client: lost,", reason.type.__name__)


class Reconnecting(protocol.ReconnectingClientFactory):
    protocol = Client
    noisy = False
    initialDelay = 0.01
    maxDelay = 0.05
    factor = 2.0
    jitter = 0

    def startedConnecting(self, connector):
        say(f"factory: connecting (retries={self.retries})")

    def clientConnectionLost(self, connector, reason):
        say("factory: connection lost:", reason.getErrorMessage())
        protocol.ReconnectingClientFactory.clientConnectionLost(self, connector, reason)
        say(
            f"factory: retries={self.retries} delay={self.delay:.3f} continue={self.continueTrying}"
        )
        if not self.continueTrying:
            reactor.callLater(0, reactor.stop)

    def clientConnectionFailed(self, connector, reason):
        say("factory: connection failed:", reason.getErrorMessage())
        protocol.ReconnectingClientFactory.clientConnectionFailed(self, connector, reason)


class Refused(Reconnecting):
    """Phase 1: nobody listens; give up after maxRetries, then start phase 2."""

    maxRetries = 2

    def clientConnectionFailed(self, connector, reason):
        Reconnecting.clientConnectionFailed(self, connector, reason)
        say(f"factory: retries={self.retries} continue={self.continueTrying}")
        if self.retries > self.maxRetries:  # retry() gave up
            say("== phase 2: a server that drops the first two connections")
            reactor.connectTCP("127.0.0.1", port.getHost().port, Reconnecting())


closed = reactor.listenTCP(0, DropperFactory(), interface="127.0.0.1")
closed_port = closed.getHost().port
server = DropperFactory()
port = reactor.listenTCP(0, server, interface="127.0.0.1")


def start():
    say("== phase 1: connection refused")
    reactor.connectTCP("127.0.0.1", closed_port, Refused())


closed.stopListening().addCallback(lambda _: start())
reactor.callLater(10, reactor.stop)
reactor.run()
say("done after", server.seen, "server connections")
