"""spawnProcess and twisted.internet.utils over the asyncio reactor (real child processes)."""

from __future__ import annotations

import sys
from typing import Any

import pytest

from twistio._aio.reactor import AsyncioReactor
from twistio.internet import error, protocol, utils
from twistio.python.failure import Failure


@pytest.fixture
def reactor(fresh_reactor: AsyncioReactor) -> AsyncioReactor:
    return fresh_reactor


def test_spawnProcess_io_and_exit(reactor: AsyncioReactor) -> None:
    """stdin/stdout/stderr flow; the exit code arrives as ProcessTerminated, after the pipes
    close, in Twisted's callback order."""
    events: list[Any] = []

    class P(protocol.ProcessProtocol):
        def connectionMade(self) -> None:
            self.transport.write(b"abc")
            self.transport.closeStdin()

        def outReceived(self, data: bytes) -> None:
            events.append(("out", data))

        def errReceived(self, data: bytes) -> None:
            events.append(("err", data))

        def processExited(self, reason: Failure) -> None:
            events.append(("exited", reason.value.exitCode))  # type: ignore[union-attr]

        def processEnded(self, reason: Failure) -> None:
            events.append(("ended", type(reason.value)))
            reactor.stop()

    code = (
        "import sys, os; d = sys.stdin.read(); sys.stdout.write(d.upper()); "
        "sys.stdout.flush(); sys.stderr.write(os.environ.get('FOO', '-')); sys.exit(3)"
    )
    proc = reactor.spawnProcess(P(), sys.executable, [sys.executable, "-c", code], env={"FOO": "x"})
    assert proc.pid > 0
    reactor.callLater(20, reactor.stop)
    reactor.run(installSignalHandlers=False)
    assert ("out", b"ABC") in events
    assert ("err", b"x") in events
    assert events[-2:] == [("exited", 3), ("ended", error.ProcessTerminated)]
    with pytest.raises(error.ProcessExitedAlready):
        proc.signalProcess("TERM")


def test_utils_output_value_and_signal(reactor: AsyncioReactor) -> None:
    """getProcessOutput, getProcessValue and getProcessOutputAndValue (signal -> errback)."""
    results: dict[str, Any] = {}
    exe = sys.executable
    utils.getProcessOutput(exe, ["-c", "print('hi')"], reactor=reactor).addCallback(
        lambda out: results.__setitem__("out", out)
    )
    utils.getProcessValue(exe, ["-c", "raise SystemExit(7)"], reactor=reactor).addCallback(
        lambda code: results.__setitem__("value", code)
    )
    d = utils.getProcessOutputAndValue(
        exe, ["-c", "import os; os.kill(os.getpid(), 9)"], reactor=reactor
    )
    d.addErrback(lambda f: results.__setitem__("signal", f.value))

    def check() -> None:
        if len(results) == 3:
            reactor.stop()
        else:
            reactor.callLater(0.05, check)

    reactor.callLater(0, check)
    reactor.callLater(20, reactor.stop)
    reactor.run(installSignalHandlers=False)
    assert results == {"out": b"hi\n", "value": 7, "signal": (b"", b"", 9)}
