"""The twistio pytest plugin: Deferred-returning and async tests on the reactor, fixtures,
and trial TestCases under plain pytest (each run in a child pytest via ``pytester``)."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

SAMPLE = """
import asyncio

import pytest

from twisted.internet import defer, protocol, task
from twisted.internet.testing import MemoryReactorClock, StringTransport
from twisted.trial import unittest


def test_deferred_passes(reactor):
    d = defer.Deferred()
    reactor.callLater(0, d.callback, 3)

    def check(n):
        assert n == 3

    return d.addCallback(check)


def test_deferred_assertion_fails(reactor):
    d = defer.Deferred()
    reactor.callLater(0, d.callback, 2)

    def check(n):
        assert n == 3, "deliberate"

    return d.addCallback(check)


def test_deferred_errback_errors(reactor):
    d = defer.Deferred()
    reactor.callLater(0, d.errback, ValueError("deliberate"))
    return d


async def test_async_awaits_deferred(reactor):
    d = defer.Deferred()
    reactor.callLater(0, d.callback, "done")
    assert await d == "done"


@pytest.mark.twistio_timeout(0.2)
def test_never_fires_times_out():
    return defer.Deferred()


@pytest.mark.asyncio
async def test_pytest_asyncio_shares_the_loop(reactor):
    d = defer.Deferred()
    reactor.callLater(0, d.callback, asyncio.get_running_loop())
    loop = await d
    assert loop is asyncio.get_running_loop()


def test_fixtures(clock, memory_reactor, string_transport):
    assert isinstance(clock, task.Clock)
    assert isinstance(memory_reactor, MemoryReactorClock)
    assert isinstance(string_transport, StringTransport)
    calls = []
    clock.callLater(5, calls.append, 1)
    clock.advance(5)
    assert calls == [1]
    proto = protocol.Protocol()
    proto.makeConnection(string_transport)
    proto.transport.write(b"hi")
    assert string_transport.value() == b"hi"


class TrialStyle(unittest.TestCase):
    def test_deferred(self):
        from twisted.internet import reactor
        d = defer.Deferred()
        reactor.callLater(0, d.callback, None)
        return d

    def test_fails(self):
        self.assertEqual(1, 2)
"""


def test_plugin_outcomes(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each kind of test passes or fails as it should on the reactor."""
    monkeypatch.setenv("TWISTIO_ALIAS", "1")
    pytester.makepyfile(test_sample=SAMPLE)
    result = pytester.runpytest_subprocess("-v", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=5, failed=4)
    result.stdout.fnmatch_lines(["*test_deferred_passes PASSED*"])
    result.stdout.fnmatch_lines(["*test_deferred_assertion_fails FAILED*"])
    result.stdout.fnmatch_lines(["*test_deferred_errback_errors FAILED*"])
    result.stdout.fnmatch_lines(["*test_async_awaits_deferred PASSED*"])
    result.stdout.fnmatch_lines(["*test_never_fires_times_out FAILED*"])
    result.stdout.fnmatch_lines(["*test_pytest_asyncio_shares_the_loop PASSED*"])
    result.stdout.fnmatch_lines(["*test_fixtures PASSED*"])
    result.stdout.fnmatch_lines(["*TrialStyle::test_deferred PASSED*"])
    result.stdout.fnmatch_lines(["*TrialStyle::test_fails FAILED*"])
    result.stdout.fnmatch_lines(["*AssertionError: deliberate*"])
    result.stdout.fnmatch_lines(["*ValueError: deliberate*"])
    result.stdout.fnmatch_lines(["*TimeoutError*"])
