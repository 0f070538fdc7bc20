"""The classic echo client: sends a line, prints what comes back, then hangs up.

    twistio run docs/examples/echoclient.py [host] [port]    (default 127.0.0.1 8000)

Start echoserv.py first.
"""

import sys

from twisted.internet import reactor
from twisted.internet.protocol import ClientFactory
from twisted.protocols.basic import LineReceiver


class EchoClient(LineReceiver):
    end = b"Bye-bye!"

    def connectionMade(self):
        self.sendLine(b"Hello, world!")
        self.sendLine(b"What a fine day it is.")
        self.sendLine(self.end)

    def lineReceived(self, line):
        print("receive:", line.decode("utf-8"))
        if line == self.end:
            self.transport.loseConnection()


class EchoClientFactory(ClientFactory):
    protocol = EchoClient

    def clientConnectionFailed(self, connector, reason):
        print("connection failed:", reason.getErrorMessage())
        reactor.stop()

    def clientConnectionLost(self, connector, reason):
        print("connection lost:", reason.getErrorMessage())
        reactor.stop()


def main(argv):
    host = argv[1] if len(argv) > 1 else "127.0.0.1"
    port = int(argv[2]) if len(argv) > 2 else 8000
    reactor.connectTCP(host, port, EchoClientFactory())
    reactor.run()


if __name__ == "__main__":
    main(sys.argv)
