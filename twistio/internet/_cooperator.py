"""task.Cooperator: run many iterators a little at a time without starving the reactor.

Each tick runs one step of each task in turn until the termination predicate (by default:
10 ms elapsed) says to yield; a step that produces a Deferred pauses its task until the
Deferred fires.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from twistio.python.failure import Failure

__name__ = "twisted.internet.task"


class SchedulerError(Exception):
    """A task or cooperator was used in a state that does not allow it."""


class SchedulerStopped(SchedulerError):
    """The cooperator was stopped while the task was running."""


class TaskFinished(SchedulerError):
    """The task has finished (see the subclasses for how)."""


class TaskDone(TaskFinished):
    """The task's iterator is exhausted."""


class TaskStopped(TaskFinished):
    """The task was stopped."""


class TaskFailed(TaskFinished):
    """The task's iterator raised."""


class NotPaused(SchedulerError):
    """resume() was called on a task that was not paused."""


class _Timer:
    """The default termination predicate: true once MAX_SLICE seconds have passed."""

    MAX_SLICE = 0.01

    def __init__(self) -> None:
        self.end = time.time() + self.MAX_SLICE

    def __call__(self) -> bool:
        return time.time() >= self.end


_EPSILON = 0.00000001


def _defaultScheduler(callable: Callable[[], None]) -> Any:
    from twistio.internet import reactor

    return reactor.callLater(_EPSILON, callable)  # type: ignore[attr-defined]


class CooperativeTask:
    """One iterator being run by a :class:`Cooperator`; pause, resume, stop or wait for it."""

    def __init__(self, iterator: Iterator[Any], cooperator: Cooperator) -> None:
        self._iterator = iterator
        self._cooperator = cooperator
        self._deferreds: list[Any] = []
        self._pauseCount = 0
        self._completionState: SchedulerError | None = None
        self._completionResult: Any = None
        cooperator._addTask(self)

    def whenDone(self) -> Any:
        """A Deferred firing with the iterator when it is exhausted (or failing)."""
        from twistio.internet.defer import Deferred

        d: Any = Deferred()
        if self._completionState is None:
            self._deferreds.append(d)
        else:
            _fire(d, self._completionResult)
        return d

    def pause(self) -> None:
        """Stop running until as many resume() calls as pause() calls."""
        self._checkFinish()
        self._pauseCount += 1
        if self._pauseCount == 1:
            self._cooperator._removeTask(self)

    def resume(self) -> None:
        """Undo one pause() (NotPaused if not paused)."""
        if self._pauseCount == 0:
            raise NotPaused()
        self._pauseCount -= 1
        if self._pauseCount == 0 and self._completionState is None:
            self._cooperator._addTask(self)

    def _completeWith(self, completionState: SchedulerError, deferredResult: Any) -> None:
        self._completionState = completionState
        self._completionResult = deferredResult
        if not self._pauseCount:
            self._cooperator._removeTask(self)
        deferreds, self._deferreds = self._deferreds, []
        for d in deferreds:
            _fire(d, deferredResult)

    def stop(self) -> None:
        """Stop the task for good: whenDone() Deferreds fail with TaskStopped."""
        self._checkFinish()
        self._completeWith(TaskStopped(), Failure(TaskStopped()))

    def _checkFinish(self) -> None:
        if self._completionState is not None:
            raise self._completionState

    def _oneWorkUnit(self) -> None:
        from twistio.internet.defer import Deferred

        try:
            result = next(self._iterator)
        except StopIteration:
            self._completeWith(TaskDone(), self._iterator)
        except BaseException:
            self._completeWith(TaskFailed(), Failure())
        else:
            if isinstance(result, Deferred):
                self.pause()

                def failLater(reason: Failure) -> None:
                    self._completeWith(TaskFailed(), reason)

                result.addCallbacks(lambda ignored: self.resume(), failLater)


def _fire(d: Any, result: Any) -> None:
    if isinstance(result, Failure):
        d.errback(result)
    else:
        d.callback(result)


class Cooperator:
    """Schedules :class:`CooperativeTask` steps with ``scheduler`` (the reactor by default)."""

    _mustScheduleOnStart = False

    def __init__(
        self,
        terminationPredicateFactory: Callable[[], Callable[[], bool]] = _Timer,
        scheduler: Callable[[Callable[[], None]], Any] = _defaultScheduler,
        started: bool = True,
    ) -> None:
        self._tasks: list[CooperativeTask] = []
        self._metarator: Iterator[CooperativeTask] = iter(())
        self._terminationPredicateFactory = terminationPredicateFactory
        self._scheduler = scheduler
        self._delayedCall: Any = None
        self._stopped = False
        self._started = started

    def coiterate(self, iterator: Iterator[Any], doneDeferred: Any = None) -> Any:
        """Run ``iterator``; the Deferred fires with it when exhausted."""
        from twistio.internet.defer import Deferred

        if doneDeferred is None:
            doneDeferred = Deferred()
        CooperativeTask(iterator, self).whenDone().chainDeferred(doneDeferred)
        return doneDeferred

    def cooperate(self, iterator: Iterator[Any]) -> CooperativeTask:
        """Run ``iterator``; returns its CooperativeTask."""
        return CooperativeTask(iterator, self)

    def _addTask(self, task: CooperativeTask) -> None:
        self._tasks.append(task)
        if self._stopped:
            task._completeWith(SchedulerStopped(), Failure(SchedulerStopped()))
        else:
            self._reschedule()

    def _removeTask(self, task: CooperativeTask) -> None:
        self._tasks.remove(task)
        if not self._tasks and self._delayedCall is not None:
            self._delayedCall.cancel()
            self._delayedCall = None

    def _tasksWhileNotStopped(self) -> Iterable[CooperativeTask]:
        terminator = self._terminationPredicateFactory()
        while self._tasks:
            for task in self._metarator:
                yield task
                if terminator():
                    return
            self._metarator = iter(self._tasks)

    def _tick(self) -> None:
        self._delayedCall = None
        for task in self._tasksWhileNotStopped():
            task._oneWorkUnit()
        self._reschedule()

    def _reschedule(self) -> None:
        if not self._started:
            self._mustScheduleOnStart = True
            return
        if self._delayedCall is None and self._tasks:
            self._delayedCall = self._scheduler(self._tick)

    def start(self) -> None:
        """Begin running tasks (for a Cooperator made with ``started=False``)."""
        self._stopped = False
        self._started = True
        if self._mustScheduleOnStart:
            self._mustScheduleOnStart = False
            self._reschedule()

    def stop(self) -> None:
        """Stop every task: their whenDone() Deferreds fail with SchedulerStopped."""
        self._stopped = True
        for task in self._tasks:
            task._completeWith(SchedulerStopped(), Failure(SchedulerStopped()))
        self._tasks = []
        if self._delayedCall is not None:
            self._delayedCall.cancel()
            self._delayedCall = None

    @property
    def running(self) -> bool:
        """Whether started and not stopped."""
        return self._started and not self._stopped


_theCooperator = Cooperator()


def cooperate(iterator: Iterator[Any]) -> CooperativeTask:
    """Run ``iterator`` on the global cooperator; returns its CooperativeTask."""
    return _theCooperator.cooperate(iterator)


def coiterate(iterator: Iterator[Any]) -> Any:
    """Run ``iterator`` on the global cooperator; the Deferred fires when it is exhausted."""
    return _theCooperator.coiterate(iterator)
