"""twisted.python.log to stdout: msg, err with a reason, errors raised inside protocols."""

import sys

from _show import ProgramFramesOnly, say
from twisted.internet import defer, protocol, reactor
from twisted.python import log

log.startLogging(ProgramFramesOnly(), setStdout=False)
log.msg("plain message", "with two parts")
log.msg(format="formatted %(count)d items", count=3)
log.msg("with a system", system="custom-system")
try:
    ratio = 1 / 0
except ZeroDivisionError:
    log.err(None, "while dividing")
log.err(ValueError("an error value"), "passed an exception")


class Faulty(protocol.Protocol):
    def dataReceived(self, data):
        raise RuntimeError("protocol blew up on " + repr(data))

    def connectionLost(self, reason):
        log.msg("server connection lost: " + reason.type.__name__)


class Sender(protocol.Protocol):
    def connectionMade(self):
        self.transport.write(b"boom")

    def connectionLost(self, reason):
        log.msg("client connection lost: " + reason.type.__name__)
        reactor.callLater(0.05, children)


class Child(protocol.ProcessProtocol):
    def processExited(self, reason):
        raise KeyError("processExited raised")

    def processEnded(self, reason):
        log.msg("child ended: " + reason.type.__name__)
        reactor.callLater(0, finish)


def children():
    reactor.spawnProcess(Child(), sys.executable, [sys.executable, "-c", "pass"], env=None)


def finish():
    d = defer.Deferred()
    d.addCallback(lambda _: log.msg("callback ran"))
    d.callback(None)
    log.msg("stopping")
    reactor.stop()


factory = protocol.Factory.forProtocol(Faulty)
factory.noisy = False
port = reactor.listenTCP(0, factory, interface="127.0.0.1")
client = protocol.ClientCreator(reactor, Sender)
client.connectTCP("127.0.0.1", port.getHost().port)
reactor.callLater(10, reactor.stop)
reactor.run()
say("done")
