"""The asyncio reactor's timed-call table (twistio._aio._timed) on a controlled clock.

``reactor.seconds`` is replaced by a counter the test moves, so several calls can share one
exact time; ``_runTimed`` is what the loop timer runs, called here directly so that no real
time passes.  The behaviours are Twisted's: time order, scheduling order for equal times,
changes made by a running call honoured by the rest of its batch.
"""

from __future__ import annotations

import pytest

from twistio._aio.reactor import AsyncioReactor


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def reactor(fresh_reactor: AsyncioReactor) -> AsyncioReactor:
    fresh_reactor.seconds = _Clock()  # type: ignore[method-assign]
    return fresh_reactor


def _advance(reactor: AsyncioReactor, by: float) -> None:
    reactor.seconds.now += by  # type: ignore[attr-defined]
    reactor._runTimed()


def test_equal_times_run_in_scheduling_order(reactor: AsyncioReactor) -> None:
    """Calls for the same instant run in the order they were scheduled, after earlier ones."""
    seen: list[str] = []
    for name in "abcde":
        reactor.callLater(1, seen.append, name)
    reactor.callLater(0.5, seen.append, "first")
    reactor.callLater(2, seen.append, "later")
    _advance(reactor, 1)
    assert seen == ["first", "a", "b", "c", "d", "e"]
    _advance(reactor, 1)
    assert seen[-1] == "later"
    assert reactor.getDelayedCalls() == []


def test_a_running_call_cancels_and_moves_the_rest_of_its_batch(
    reactor: AsyncioReactor,
) -> None:
    """Within one same-time batch, a call may cancel, postpone or pull in the later ones."""
    seen: list[str] = []
    calls = {}

    def first() -> None:
        seen.append("first")
        calls["cancelled"].cancel()
        calls["postponed"].delay(1)
        calls["reset"].reset(0)  # same instant: goes after what is already due
        assert calls["plain"] in reactor.getDelayedCalls()
        assert calls["cancelled"] not in reactor.getDelayedCalls()

    calls["first"] = reactor.callLater(1, first)
    for name in ("cancelled", "postponed", "reset", "plain"):
        calls[name] = reactor.callLater(1, seen.append, name)
    _advance(reactor, 1)
    assert seen == ["first", "plain", "reset"]
    assert reactor.getDelayedCalls() == [calls["postponed"]]
    _advance(reactor, 1)
    assert seen == ["first", "plain", "reset", "postponed"]


def test_reset_earlier_joins_the_end_of_a_same_time_group(reactor: AsyncioReactor) -> None:
    """A call moved to a time others already have runs after them, as if newly scheduled."""
    seen: list[str] = []
    reactor.callLater(1, seen.append, "a")
    moved = reactor.callLater(5, seen.append, "moved")
    reactor.callLater(1, seen.append, "b")
    moved.reset(1)
    assert moved.getTime() == reactor.seconds() + 1
    _advance(reactor, 1)
    assert seen == ["a", "b", "moved"]


def test_postponed_call_keeps_order_with_others(reactor: AsyncioReactor) -> None:
    """reset() to later and delay() defer a call past calls it used to precede."""
    seen: list[str] = []
    late = reactor.callLater(1, seen.append, "was-first")
    reactor.callLater(2, seen.append, "second")
    late.reset(3)
    _advance(reactor, 1)
    assert seen == []
    _advance(reactor, 1)
    assert seen == ["second"]
    assert late.getTime() == reactor.seconds() + 1
    _advance(reactor, 1)
    assert seen == ["second", "was-first"]


def test_cancelled_times_do_not_pile_up(reactor: AsyncioReactor) -> None:
    """Cancelling most of many calls keeps the heap near the live size; the rest still run."""
    seen: list[int] = []
    calls = [reactor.callLater(1 + i / 1000, seen.append, i) for i in range(1000)]
    for i, call in enumerate(calls):
        if i % 10:
            call.cancel()
    assert len(reactor._timed) <= 2 * len(reactor.getDelayedCalls()) + 64
    _advance(reactor, 2)
    assert seen == list(range(0, 1000, 10))
    assert reactor.getDelayedCalls() == []


def test_calls_run_by_the_loop_in_time_order(fresh_reactor: AsyncioReactor) -> None:
    """On the real clock the loop timer runs due calls in order and re-arms for the rest."""
    seen: list[int] = []
    for i in (5, 1, 4, 2, 3):
        fresh_reactor.callLater(i / 100, seen.append, i)
    fresh_reactor.callLater(0.08, fresh_reactor.stop)
    fresh_reactor.run(installSignalHandlers=False)
    assert seen == [1, 2, 3, 4, 5]
