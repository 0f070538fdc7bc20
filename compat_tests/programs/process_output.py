"""Child processes the classic way: utils.getProcessOutput* and a ProcessProtocol."""

import sys

from _show import say
from twisted.internet import defer, error, protocol, reactor, utils

PY = sys.executable
CHILD = (
    "import sys\n"
    "sys.stdout.write('out:' + sys.stdin.read().upper())\n"
    "sys.stdout.flush()\n"
    "sys.stderr.write('err line\\n')\n"
    "sys.exit(int(sys.argv[1]))\n"
)

NO_STDIN = "import sys; print('to out'); sys.stderr.write('to err'); sys.exit(int(sys.argv[1]))"


class Collect(protocol.ProcessProtocol):
    def __init__(self, done):
        self.done = done
        self.out = b""
        self.err = b""
        self.events = []

    def connectionMade(self):
        self.events.append("connectionMade")
        self.transport.write(b"hello child\n")
        self.transport.closeStdin()

    def outReceived(self, data):
        self.out += data

    def errReceived(self, data):
        self.err += data

    def inConnectionLost(self):
        self.events.append("inConnectionLost")

    def processExited(self, reason):
        self.events.append("processExited " + type(reason.value).__name__)

    def processEnded(self, reason):
        self.events.append("processEnded " + type(reason.value).__name__)
        self.done.callback(reason.value)


@defer.inlineCallbacks
def main():
    out = yield utils.getProcessOutput(PY, ["-c", "print('hi from child')"])
    say("getProcessOutput:", out)
    out, err, code = yield utils.getProcessOutputAndValue(PY, ["-c", NO_STDIN, "3"])
    say("getProcessOutputAndValue:", out, err, code)
    code = yield utils.getProcessValue(PY, ["-c", "raise SystemExit(5)"])
    say("getProcessValue:", code)
    try:
        yield utils.getProcessOutput(PY, ["-c", "import sys; sys.stderr.write('oops')"])
    except Exception as e:
        say("stderr output makes getProcessOutput fail with:", type(e).__name__)
    for status in (0, 2):
        done = defer.Deferred()
        proto = Collect(done)
        reactor.spawnProcess(proto, PY, [PY, "-c", CHILD, str(status)], env=None)
        ended = yield done
        say("spawnProcess exit", status, "->", type(ended).__name__)
        say("  exitCode:", ended.exitCode, "signal:", ended.signal)
        say("  out:", proto.out, "err:", proto.err)
        say("  events:", sorted(set(proto.events)))
        say("  is ProcessDone:", isinstance(ended, error.ProcessDone))
    reactor.stop()


reactor.callWhenRunning(main)
reactor.run()
