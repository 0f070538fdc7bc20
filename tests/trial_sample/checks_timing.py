"""Clock-driven and Deferred-returning tests (one deliberate failure among them)."""

from __future__ import annotations

from typing import Any

from twisted.internet import defer, reactor, task
from twisted.trial import unittest

from trial_sample.greeter import Ticker, slowDouble


class ClockTests(unittest.TestCase):
    def test_ticker_counts(self) -> None:
        clock = task.Clock()
        ticker = Ticker(clock, 2.0)
        done = ticker.start()
        clock.advance(2.0)
        clock.advance(2.0)
        self.assertEqual(ticker.ticks, 2)
        ticker.stop()
        self.successResultOf(done)

    def test_slow_double(self) -> None:
        clock = task.Clock()
        d = slowDouble(clock, 21, delay=3.0)
        self.assertNoResult(d)
        clock.advance(3.0)
        self.assertEqual(self.successResultOf(d), 42)


class DeferredTests(unittest.TestCase):
    def test_returns_deferred(self) -> defer.Deferred[Any]:
        d: defer.Deferred[int] = defer.Deferred()
        reactor.callLater(0, d.callback, 5)
        return d.addCallback(self.assertEqual, 5)

    def test_assert_failure(self) -> defer.Deferred[Any]:
        d: defer.Deferred[None] = defer.Deferred()
        reactor.callLater(0, d.errback, ValueError("boom"))
        return self.assertFailure(d, ValueError)

    @defer.inlineCallbacks
    def test_inline_callbacks(self) -> Any:
        value = yield slowDouble(reactor, 4, delay=0)
        self.assertEqual(value, 8)

    def test_deliberate_late_failure(self) -> defer.Deferred[Any]:
        d: defer.Deferred[int] = defer.Deferred()
        reactor.callLater(0, d.callback, 1)
        return d.addCallback(self.assertEqual, 2)

    def test_cleanup_deferred(self) -> None:
        log: list[str] = []

        def cleanup() -> defer.Deferred[None]:
            d: defer.Deferred[None] = defer.Deferred()
            reactor.callLater(0, d.callback, None)
            return d.addCallback(lambda _: log.append("cleaned"))

        self.addCleanup(cleanup)
