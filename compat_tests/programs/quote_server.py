"""The book's quote server and client (chapter 2), ported to Python 3, in one process.

Each client sends its quote and prints the one it gets back; the server answers with the quote
it was given last, counting active connections. Clients run one after another so the output
order is fixed.
"""

from _show import say
from twisted.internet import defer, protocol, reactor


class QuoteProtocol(protocol.Protocol):
    def __init__(self, factory):
        self.factory = factory

    def connectionMade(self):
        self.factory.numConnections += 1

    def dataReceived(self, data):
        say("Number of active connections:", self.factory.numConnections)
        say(">>> Received:", data.decode(), "\n<<< Sending:", self.getQuote().decode())
        self.transport.write(self.getQuote())
        self.updateQuote(data)

    def connectionLost(self, reason):
        self.factory.numConnections -= 1

    def getQuote(self):
        return self.factory.quote

    def updateQuote(self, quote):
        self.factory.quote = quote


class QuoteFactory(protocol.Factory):
    numConnections = 0

    def __init__(self, quote=None):
        self.quote = quote or b"An apple a day keeps the doctor away"

    def buildProtocol(self, addr):
        return QuoteProtocol(self)


class QuoteClientProtocol(protocol.Protocol):
    def __init__(self, factory):
        self.factory = factory

    def connectionMade(self):
        self.transport.write(self.factory.quote)

    def dataReceived(self, data):
        say("Received quote:", data.decode())
        self.transport.loseConnection()


class QuoteClientFactory(protocol.ClientFactory):
    def __init__(self, quote):
        self.quote = quote
        self.done = defer.Deferred()

    def buildProtocol(self, addr):
        return QuoteClientProtocol(self)

    def clientConnectionFailed(self, connector, reason):
        say("connection failed:", reason.getErrorMessage())
        self.done.errback(reason)

    def clientConnectionLost(self, connector, reason):
        say("connection lost:", reason.getErrorMessage())
        self.done.callback(None)


quotes = [
    b"You snooze you lose",
    b"The early bird gets the worm",
    b"Carpe diem",
]
server = QuoteFactory()
server.noisy = False
port = reactor.listenTCP(0, server, interface="127.0.0.1")


@defer.inlineCallbacks
def main():
    for quote in quotes:
        factory = QuoteClientFactory(quote)
        factory.noisy = False
        reactor.connectTCP("127.0.0.1", port.getHost().port, factory)
        yield factory.done
    number = port.getHost().port
    try:
        refused = QuoteClientFactory(b"nobody listens")
        refused.noisy = False
        yield port.stopListening()
        reactor.connectTCP("127.0.0.1", number, refused)
        yield refused.done
    except Exception as e:
        say("refused:", type(e).__name__)
    reactor.stop()


reactor.callWhenRunning(main)
reactor.run()
