"""Running a test's reactor to completion, with a guard so that a test never hangs."""

from __future__ import annotations

import pytest

from twistio._aio.reactor import AsyncioReactor


def run(reactor: AsyncioReactor, timeout: float = 10) -> None:
    """Run ``reactor`` until the test stops it; fail the test if that takes over ``timeout``
    seconds (the guard stops the reactor, so the test ends instead of hanging)."""
    guard = reactor.callLater(timeout, reactor.stop)
    reactor.run(installSignalHandlers=False)
    if guard.active():
        guard.cancel()
    else:
        pytest.fail("reactor timed out")
