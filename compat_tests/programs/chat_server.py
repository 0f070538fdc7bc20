"""The classic chat server: a LineReceiver with a GETNAME -> CHAT state machine.

Two scripted clients in the same process talk to it over 127.0.0.1; every print is on one
causal chain (each step is triggered by the line before), so the output order is fixed.
"""

from _show import say
from twisted.internet import protocol, reactor
from twisted.protocols.basic import LineReceiver


class Chat(LineReceiver):
    def __init__(self, users):
        self.users = users
        self.name = None
        self.state = "GETNAME"

    def connectionMade(self):
        self.sendLine(b"What's your name?")

    def connectionLost(self, reason):
        if self.name in self.users:
            del self.users[self.name]
            say(f"server: {self.name} left ({reason.type.__name__})")
            for user in self.users.values():
                user.sendLine(f"* {self.name} left".encode())
        if not self.users:
            reactor.callLater(0, reactor.stop)

    def lineReceived(self, line):
        say(f"server: [{self.state}] {line!r}")
        if self.state == "GETNAME":
            self.handle_GETNAME(line.decode("utf-8"))
        else:
            self.handle_CHAT(line)

    def handle_GETNAME(self, name):
        if name in self.users:
            self.sendLine(b"Name taken, please choose another.")
            return
        self.sendLine(f"Welcome, {name}!".encode())
        self.name = name
        self.users[name] = self
        self.state = "CHAT"

    def handle_CHAT(self, message):
        message = b"<" + self.name.encode() + b"> " + message
        for protocol_ in self.users.values():
            if protocol_ != self:
                protocol_.sendLine(message)


class ChatFactory(protocol.Factory):
    noisy = False

    def __init__(self):
        self.users = {}

    def buildProtocol(self, addr):
        return Chat(self.users)


class Scripted(LineReceiver):
    """Answers each expected line with the next scripted action."""

    def __init__(self, name, script):
        self.name = name
        self.script = dict(script)

    def lineReceived(self, line):
        say(f"{self.name} got: {line.decode()}")
        action = self.script.get(line.decode())
        if action is not None:
            action(self)


def connect(name, script):
    reactor.connectTCP(
        "127.0.0.1",
        port.getHost().port,
        protocol.ClientFactory.forProtocol(lambda: Scripted(name, script)),
    )


alice_script = {
    "What's your name?": lambda p: p.sendLine(b"alice"),
    "Welcome, alice!": lambda p: connect("bob-client", bob_script),
    "<bob> hello alice": lambda p: p.sendLine(b"hi bob, bye now"),
}
bob_tries = iter([b"alice", b"bob"])
bob_script = {
    "What's your name?": lambda p: p.sendLine(next(bob_tries)),
    "Name taken, please choose another.": lambda p: p.sendLine(next(bob_tries)),
    "Welcome, bob!": lambda p: p.sendLine(b"hello alice"),
    "<alice> hi bob, bye now": lambda p: alice.transport.loseConnection(),
    "* alice left": lambda p: p.transport.loseConnection(),
}


class AliceFactory(protocol.ClientFactory):
    noisy = False

    def buildProtocol(self, addr):
        global alice
        alice = Scripted("alice-client", alice_script)
        alice.factory = self
        return alice


port = reactor.listenTCP(0, ChatFactory(), interface="127.0.0.1")
reactor.connectTCP("127.0.0.1", port.getHost().port, AliceFactory())
reactor.callLater(10, reactor.stop)
reactor.run()
say("chat over")
