"""A reporter for results that arrive from several workers at once: each test's calls are held
until the test stops, then passed on together, so tests' outputs do not interleave."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from zope.interface import implementer

from twistio.python.components import proxyForInterface
from twistio.trial.itrial import IReporter

__name__ = "twisted.trial._dist.distreporter"

_Call = tuple[Callable[..., Any], tuple[Any, ...]]


@implementer(IReporter)
class DistReporter(proxyForInterface(IReporter)):  # type: ignore[misc]
    """Wraps ``original``; ``running`` maps each started test's id to its held calls."""

    def __init__(self, original: Any) -> None:
        super().__init__(original)
        self.running: dict[str, list[_Call]] = {}

    def _hold(self, test: Any, method: Callable[..., Any], *args: Any) -> None:
        self.running.setdefault(test.id(), []).append((method, (test, *args)))

    def startTest(self, test: Any) -> None:
        self.running[test.id()] = []
        self._hold(test, self.original.startTest)

    def addFailure(self, test: Any, fail: Any) -> None:
        self._hold(test, self.original.addFailure, fail)

    def addError(self, test: Any, error: Any) -> None:
        self._hold(test, self.original.addError, error)

    def addSkip(self, test: Any, reason: Any) -> None:
        self._hold(test, self.original.addSkip, reason)

    def addUnexpectedSuccess(self, test: Any, todo: Any = None) -> None:
        self._hold(test, self.original.addUnexpectedSuccess, todo)

    def addExpectedFailure(self, test: Any, error: Any, todo: Any = None) -> None:
        self._hold(test, self.original.addExpectedFailure, error, todo)

    def addSuccess(self, test: Any) -> None:
        self._hold(test, self.original.addSuccess)

    def stopTest(self, test: Any) -> None:
        """Pass on everything held for ``test``, then its stop."""
        self._hold(test, self.original.stopTest)
        for method, args in self.running.pop(test.id()):
            method(*args)
