"""twisted.runner.procmon.ProcessMonitor with real children on a real reactor."""

from __future__ import annotations

import shutil
from typing import Any

import pytest

from twistio._aio.reactor import AsyncioReactor
from twistio.logger import globalLogPublisher
from twistio.runner.procmon import ProcessMonitor

pytestmark = pytest.mark.realpeer

SH = shutil.which("sh") or "/bin/sh"
DEADLINE = 60


def test_restarts_and_logs_lines(fresh_reactor: AsyncioReactor) -> None:
    """A program that exits is started again; each output line is logged with its tag and
    stream; stopService stops it for good (TERM) and leaves nothing running."""
    reactor = fresh_reactor
    events: list[dict[str, Any]] = []
    pm = ProcessMonitor(reactor=reactor)
    pm.minRestartDelay = 0
    pm.maxRestartDelay = 0

    def observe(event: dict[str, Any]) -> None:
        if event.get("log_namespace") != "twisted.runner.procmon.ProcessMonitor":
            return
        events.append(event)
        lines = [e["line"] for e in events if e.get("stream") == "stdout"]
        if lines.count("hello") == 2 and pm.running:
            pm.stopService()
            reactor.callLater(0, waitForStop)

    def waitForStop() -> None:
        if pm.protocols:
            reactor.callLater(0.05, waitForStop)
        else:
            reactor.stop()

    globalLogPublisher.addObserver(observe)
    try:
        pm.addProcess("greeter", [SH, "-c", "echo hello; echo oops >&2; printf tail"])
        pm.startService()
        timedOut: list[bool] = []

        def giveUp() -> None:
            timedOut.append(True)
            reactor.stop()

        call = reactor.callLater(DEADLINE, giveUp)
        reactor.run(installSignalHandlers=False)
        if call.active():
            call.cancel()
    finally:
        globalLogPublisher.removeObserver(observe)
        if pm.running:
            pm.stopService()
    assert not timedOut
    assert {e["tag"] for e in events if "stream" in e} == {"greeter"}
    stdout = [e["line"] for e in events if e.get("stream") == "stdout"]
    stderr = [e["line"] for e in events if e.get("stream") == "stderr"]
    # The first run: the unterminated "tail" is logged at the exit, and (as on Twisted) a
    # stream that had output gets one more, empty, line then.  The second run is stopped.
    assert stdout[:3] == ["hello", "tail", "hello"]
    assert stderr[:2] == ["oops", ""]
    assert pm.protocols == {}
    assert not [c for c in pm.restart.values() if c.active()]
