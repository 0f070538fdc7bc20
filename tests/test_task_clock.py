"""task.Clock, LoopingCall, deferLater, Cooperator and react, on deterministic clocks."""

from __future__ import annotations

from typing import Any

import pytest

from twistio.internet import defer, error, task
from twistio.internet.base import DelayedCall
from twistio.python.failure import Failure


def test_clock_runs_calls_in_time_then_schedule_order() -> None:
    """advance() runs due calls by time, ties in scheduling order; cancel prevents a run."""
    clock = task.Clock()
    seen: list[str] = []
    clock.callLater(2, seen.append, "b")
    clock.callLater(1, seen.append, "a")
    clock.callLater(2, seen.append, "c")
    dropped = clock.callLater(1.5, seen.append, "dropped")
    dropped.cancel()
    clock.advance(1)
    assert seen == ["a"]
    clock.advance(1)
    assert seen == ["a", "b", "c"]
    assert clock.seconds() == 2.0
    assert clock.getDelayedCalls() == []


def test_clock_reset_and_delay() -> None:
    """reset() and delay() move a call; getTime() tells where to."""
    clock = task.Clock()
    seen: list[float] = []
    call = clock.callLater(5, lambda: seen.append(clock.seconds()))
    call.reset(1)
    assert call.getTime() == 1
    call.delay(2)
    assert call.getTime() == 3
    clock.advance(2.5)
    assert seen == []
    clock.advance(0.5)
    assert seen == [3.0]
    with pytest.raises(error.AlreadyCalled):
        call.reset(1)


def test_clock_pump_and_calls_added_while_advancing() -> None:
    """A call scheduled for 'now' during advance() runs in the same advance."""
    clock = task.Clock()
    seen: list[str] = []
    clock.callLater(1, lambda: clock.callLater(0, seen.append, "inner"))
    clock.pump([0.5, 0.5])
    assert seen == ["inner"]


def test_delayedcall_repr_like_twisted() -> None:
    """The repr names the remaining time, state and the call."""
    call = DelayedCall(12, max, (3,), {"A": 5}, lambda c: None, lambda c: None, lambda: 1.5)
    assert repr(call) == f"<DelayedCall 0x{id(call):x} [10.5s] called=0 cancelled=0 max(3, A=5)>"


def test_loopingcall_keeps_alignment_and_stops() -> None:
    """Calls stay on interval boundaries; stop() fires the start() Deferred with the loop."""
    clock = task.Clock()
    calls: list[float] = []
    loop = task.LoopingCall(lambda: calls.append(clock.seconds()))
    loop.clock = clock
    d = loop.start(1.0)
    clock.pump([0.5, 0.7, 0.3, 1.5])
    assert calls == [0.0, 1.2, 3.0]  # late calls fire late; missed boundaries are skipped
    loop.stop()
    result: list[Any] = []
    d.addCallback(result.append)
    assert result == [loop]
    assert repr(loop).startswith("LoopingCall<1.0>(test_loopingcall_keeps_alignment_and_stops.")


def test_loopingcall_withCount_reports_skipped_intervals() -> None:
    """withCount passes how many intervals passed since the previous call."""
    clock = task.Clock()
    counts: list[int] = []
    loop = task.LoopingCall.withCount(counts.append)
    loop.clock = clock
    loop.start(1.0)
    clock.advance(3.5)
    clock.advance(0.5)
    assert counts == [1, 3, 1]


def test_loopingcall_failure_stops_and_errbacks() -> None:
    """An exception from the function fails the start() Deferred and stops the loop."""
    clock = task.Clock()
    loop = task.LoopingCall(lambda: 1 / 0)
    loop.clock = clock
    failures: list[Failure] = []
    loop.start(1.0).addErrback(failures.append)
    assert failures and failures[0].check(ZeroDivisionError)
    assert not loop.running


def test_deferLater_and_cancel() -> None:
    """deferLater fires with the result later; cancelling it unschedules the call."""
    clock = task.Clock()
    results: list[Any] = []
    task.deferLater(clock, 2, lambda x: x * 2, 21).addCallback(results.append)
    clock.advance(2)
    assert results == [42]
    d = task.deferLater(clock, 1, results.append, "never")
    d.addErrback(lambda f: f.trap(defer.CancelledError))
    d.cancel()
    assert clock.getDelayedCalls() == []


def test_cooperator_interleaves_and_waits_for_deferreds() -> None:
    """Tasks step in turn; a yielded Deferred pauses its task until it fires."""
    steps: list[str] = []
    scheduled: list[Any] = []
    coop = task.Cooperator(
        terminationPredicateFactory=lambda: lambda: False,
        scheduler=lambda f: scheduled.append(f) or _Stub(),
    )
    gate: defer.Deferred[None] = defer.Deferred()

    def first() -> Any:
        steps.append("a1")
        yield gate
        steps.append("a2")

    def second() -> Any:
        steps.append("b1")
        yield None
        steps.append("b2")

    done = coop.coiterate(first())
    coop.coiterate(second())
    while scheduled:
        scheduled.pop(0)()
    assert steps == ["a1", "b1", "b2"]
    gate.callback(None)
    while scheduled:
        scheduled.pop(0)()
    assert steps[-1] == "a2"
    fired: list[Any] = []
    done.addCallback(fired.append)
    assert len(fired) == 1


class _Stub:
    def cancel(self) -> None:
        pass


def test_cooperative_task_stop_and_errors() -> None:
    """stop() fails whenDone with TaskStopped; resume() without pause raises NotPaused."""
    coop = task.Cooperator(scheduler=lambda f: _Stub())
    t = coop.cooperate(iter(range(3)))
    failures: list[Failure] = []
    t.whenDone().addErrback(failures.append)
    with pytest.raises(task.NotPaused):
        t.resume()
    t.stop()
    assert failures[0].check(task.TaskStopped)
    with pytest.raises(task.TaskStopped):
        t.pause()


def test_react_exit_codes() -> None:
    """react exits 0 on success and 1 on failure, with a fake reactor."""

    class FakeReactor:
        def __init__(self) -> None:
            self.running = False
            self.triggers: list[Any] = []
            self.whenRunning: list[Any] = []

        def addSystemEventTrigger(self, phase: str, event: str, f: Any, *a: Any) -> None:
            self.triggers.append((f, a))

        def callWhenRunning(self, f: Any, *a: Any) -> None:
            self.whenRunning.append((f, a))

        def run(self) -> None:
            self.running = True
            for f, a in self.whenRunning:
                f(*a)

        def stop(self) -> None:
            if not self.running:
                raise error.ReactorNotRunning()
            self.running = False
            for f, a in self.triggers:
                f(*a)

    with pytest.raises(SystemExit) as ok:
        task.react(lambda r: defer.succeed(None), _reactor=FakeReactor())
    assert ok.value.code == 0
    with pytest.raises(SystemExit) as bad:
        task.react(lambda r: defer.fail(ValueError("x")), _reactor=FakeReactor())
    assert bad.value.code == 1
