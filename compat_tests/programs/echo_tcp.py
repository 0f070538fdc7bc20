"""The classic echo server and client, in one process over 127.0.0.1.

The server echoes; the client sends three messages one after another, prints each echo, then
closes; the reactor stops when the server side sees the connection go.
"""

from _show import say
from twisted.internet import protocol, reactor


class Echo(protocol.Protocol):
    def connectionMade(self):
        peer = self.transport.getPeer()
        say("server: connection from", type(peer).__name__, peer.type, peer.host)

    def dataReceived(self, data):
        say("server: echoing", data)
        self.transport.write(data)

    def connectionLost(self, reason):
        say("server: connection lost:", reason.type.__name__)
        reactor.callLater(0, reactor.stop)


class EchoFactory(protocol.Factory):
    protocol = Echo

    def startFactory(self):
        say("server factory started")

    def stopFactory(self):
        say("server factory stopped")


class EchoClient(protocol.Protocol):
    messages = [b"hello", b"twisted", b"world"]

    def connectionMade(self):
        say("client: connected to", self.transport.getPeer().host)
        self.pending = list(self.messages)
        self.buffer = b""
        self.sendNext()

    def sendNext(self):
        self.current = self.pending.pop(0)
        self.transport.write(self.current)

    def dataReceived(self, data):
        self.buffer += data
        if len(self.buffer) < len(self.current):
            return
        say("client: got echo", self.buffer)
        self.buffer = b""
        if self.pending:
            self.sendNext()
        else:
            self.transport.loseConnection()

    def connectionLost(self, reason):
        say("client: connection lost:", reason.type.__name__)


class EchoClientFactory(protocol.ClientFactory):
    protocol = EchoClient

    def clientConnectionLost(self, connector, reason):
        say("client factory: connection lost:", reason.getErrorMessage())

    def clientConnectionFailed(self, connector, reason):
        say("client factory: connection failed:", reason.getErrorMessage())
        reactor.stop()


factory = EchoFactory()
factory.noisy = False
port = reactor.listenTCP(0, factory, interface="127.0.0.1")
say("listening:", type(port.getHost()).__name__, port.getHost().host)
client_factory = EchoClientFactory()
client_factory.noisy = False
connector = reactor.connectTCP("127.0.0.1", port.getHost().port, client_factory)
say("connector state before run:", connector.state)
reactor.callLater(10, reactor.stop)  # a bound, in case something never arrives
reactor.run()
say("reactor stopped")
