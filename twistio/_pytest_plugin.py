"""pytest plugin for twistio (registered through the ``pytest11`` entry point).

What it adds to a pytest run:

- A test function that returns a :class:`~twisted.internet.defer.Deferred`, or an ``async def``
  test function that pytest-asyncio does not take (no ``asyncio`` marker, e.g. its strict mode),
  runs on twistio's reactor: the reactor runs until the Deferred (or the coroutine, wrapped
  with ``Deferred.fromCoroutine``) has a result, and a failure fails the test with the
  original exception.  A test that does not finish within ``twisted.trial.util``'s
  ``DEFAULT_TIMEOUT_DURATION`` (120 s; the ``twistio_timeout(seconds)`` marker changes it)
  fails with ``twisted.internet.defer.TimeoutError``.
- Fixtures: ``reactor`` (twistio's global reactor, on the asyncio loop of the run; inside a
  pytest-asyncio test the reactor follows the test's running loop when it first listens or
  connects), ``clock`` (a fresh :class:`twisted.internet.task.Clock`), ``memory_reactor``
  (:class:`twisted.internet.testing.MemoryReactorClock`) and ``string_transport``
  (:class:`twisted.internet.testing.StringTransport`).

Trial ``TestCase`` classes collected by pytest run through ``unittest``'s protocol, and their
Deferreds run on the same global reactor, so both kinds of test share one loop.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Iterator
from typing import Any

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "twistio_timeout(seconds): how long a Deferred-returning or async test may run on"
        " twistio's reactor",
    )


def _globalReactor() -> Any:
    from twistio.internet import reactor

    return reactor


def _timeout(item: pytest.Function) -> float:
    marker = item.get_closest_marker("twistio_timeout")
    if marker is not None and marker.args:
        return float(marker.args[0])
    from twistio.trial import util

    return float(util.DEFAULT_TIMEOUT_DURATION)


def runUntilFired(d: Any, timeout: float) -> Any:
    """Run the global reactor until ``d`` fires; return its result or raise its failure.

    After ``timeout`` seconds ``d`` is cancelled and a ``TimeoutError`` is raised instead.
    """
    from twistio.internet import defer
    from twistio.python import failure

    reactor = _globalReactor()
    outcome: list[Any] = []
    timedOut: list[bool] = []

    def record(result: object) -> None:
        outcome.append(result)
        if reactor.running:
            reactor.crash()

    d.addBoth(record)
    if not outcome:

        def onTimeout() -> None:
            timedOut.append(True)
            d.cancel()
            if not outcome:
                reactor.crash()

        call = reactor.callLater(timeout, onTimeout)
        try:
            while not outcome and not timedOut:
                reactor.run(installSignalHandlers=False)
        finally:
            if call.active():
                call.cancel()
    if timedOut:
        raise defer.TimeoutError(f"test still running after {timeout} seconds")
    result = outcome[0]
    if isinstance(result, failure.Failure):
        result.raiseException()
    return result


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """A reactor that followed a pytest-asyncio test's loop, closed since, gets a new loop."""
    if item.get_closest_marker("asyncio") is not None:
        return
    if "twistio.internet.reactor" in sys.modules:
        replace = getattr(_globalReactor(), "_replaceClosedLoop", None)
        if replace is not None:
            replace()


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run Deferred-returning and (unclaimed) ``async def`` tests on twistio's reactor."""
    if pyfuncitem.get_closest_marker("asyncio") is not None:
        return None  # pytest-asyncio runs it, on its loop.
    function = pyfuncitem.obj
    if inspect.isgeneratorfunction(function) or inspect.isasyncgenfunction(function):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    kwargs = {name: pyfuncitem.funcargs[name] for name in names}
    from twistio.internet import defer

    if inspect.iscoroutinefunction(function):
        runUntilFired(defer.Deferred.fromCoroutine(function(**kwargs)), _timeout(pyfuncitem))
        return True
    result = function(**kwargs)
    if isinstance(result, defer.Deferred):
        runUntilFired(result, _timeout(pyfuncitem))
    return True


@pytest.fixture
def reactor() -> Any:
    """twistio's global reactor (``twisted.internet.reactor``)."""
    return _globalReactor()


@pytest.fixture
def clock() -> Any:
    """A fresh deterministic clock (``twisted.internet.task.Clock``)."""
    from twistio.internet.task import Clock

    return Clock()


@pytest.fixture
def memory_reactor() -> Any:
    """A fresh ``MemoryReactorClock``: records listens and connects, with a fake clock."""
    from twistio.internet.testing import MemoryReactorClock

    return MemoryReactorClock()


@pytest.fixture
def string_transport() -> Iterator[Any]:
    """A fresh ``StringTransport`` (collects what a protocol writes)."""
    from twistio.internet.testing import StringTransport

    yield StringTransport()
