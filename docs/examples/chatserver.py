"""A line-based chat server, in the classic Twisted style.

Run it (the port defaults to 8123):

    twistio run docs/examples/chatserver.py 8123

and talk to it from two terminals with ``nc 127.0.0.1 8123`` or ``telnet 127.0.0.1 8123``.
Each connection is first asked for a name; after that every line it sends is broadcast to the
other users as ``<name> text``.  The same file runs unchanged on real Twisted
(``python docs/examples/chatserver.py``).
"""

import sys

from twisted.internet import reactor
from twisted.internet.protocol import Factory
from twisted.protocols.basic import LineReceiver


class Chat(LineReceiver):
    """One user's connection: a two-state machine, GETNAME then CHAT."""

    def __init__(self, users):
        self.users = users
        self.name = None
        self.state = "GETNAME"

    def connectionMade(self):
        self.sendLine(b"What's your name?")

    def connectionLost(self, reason):
        if self.name in self.users:
            del self.users[self.name]
            self.broadcast(b"* %s has left" % (self.name,))

    def lineReceived(self, line):
        if self.state == "GETNAME":
            self.handle_GETNAME(line.strip())
        else:
            self.handle_CHAT(line)

    def handle_GETNAME(self, name):
        if not name:
            self.sendLine(b"Names cannot be empty, choose another.")
            return
        if name in self.users:
            self.sendLine(b"Name taken, please choose another.")
            return
        self.sendLine(b"Welcome, %s!" % (name,))
        self.name = name
        self.users[name] = self
        self.state = "CHAT"
        self.broadcast(b"* %s has joined" % (name,))

    def handle_CHAT(self, message):
        self.broadcast(b"<%s> %s" % (self.name, message))

    def broadcast(self, message):
        for protocol in self.users.values():
            if protocol is not self:
                protocol.sendLine(message)


class ChatFactory(Factory):
    """Holds the users of all connections, by name."""

    def __init__(self):
        self.users = {}

    def buildProtocol(self, addr):
        return Chat(self.users)


def main(argv):
    port = int(argv[1]) if len(argv) > 1 else 8123
    listening = reactor.listenTCP(port, ChatFactory())
    print(f"Chat server listening on port {listening.getHost().port}", flush=True)
    reactor.run()


if __name__ == "__main__":
    main(sys.argv)
