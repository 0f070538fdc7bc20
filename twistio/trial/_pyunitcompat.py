"""Adapting a standard library ``unittest`` result (or pytest's) to trial's reporter calls."""

from __future__ import annotations

import sys
import types
from typing import Any

from zope.interface import implementer

from twistio.trial import itrial

__name__ = "twisted.trial.unittest"


def _excInfo(err: Any) -> Any:
    """An exc_info tuple with a real traceback object: standard library results and pytest
    walk ``tb_next``/``tb_frame``, which a Failure's stand-in traceback does not fully offer."""
    from twistio.trial.util import excInfoOrFailureToExcInfo

    excType, value, tb = excInfoOrFailureToExcInfo(err)
    if tb is None or isinstance(tb, types.TracebackType) or not isinstance(value, BaseException):
        return excType, value, tb
    real = value.__traceback__
    if real is None:
        try:
            raise value
        except BaseException:
            real = sys.exc_info()[2]
    return excType, value, real


@implementer(itrial.IReporter)
class PyUnitResultAdapter:
    """Wraps a ``unittest.TestResult`` so trial's test cases can report to it: Failures
    become exc_info tuples, and outcomes the result lacks fall back to what it has."""

    def __init__(self, original: Any) -> None:
        self.original = original

    def __getattr__(self, name: str) -> Any:
        return getattr(self.original, name)

    def startTest(self, method: Any) -> None:
        self.original.startTest(method)

    def stopTest(self, method: Any) -> None:
        self.original.stopTest(method)

    def addFailure(self, test: Any, fail: Any) -> None:
        self.original.addFailure(test, _excInfo(fail))

    def addError(self, test: Any, error: Any) -> None:
        self.original.addError(test, _excInfo(error))

    def addExpectedFailure(self, test: Any, failure: Any, todo: Any = None) -> None:
        addExpectedFailure = getattr(self.original, "addExpectedFailure", None)
        if addExpectedFailure is None:
            self.original.addSuccess(test)
        else:
            addExpectedFailure(test, _excInfo(failure))

    def addUnexpectedSuccess(self, test: Any, todo: Any = None) -> None:
        addUnexpectedSuccess = getattr(self.original, "addUnexpectedSuccess", None)
        if addUnexpectedSuccess is None:
            try:
                raise AssertionError(f"Unexpected success: {todo.reason if todo else ''}")
            except AssertionError:
                import sys

                self.original.addFailure(test, sys.exc_info())
        else:
            addUnexpectedSuccess(test)

    def addSkip(self, test: Any, reason: Any) -> None:
        addSkip = getattr(self.original, "addSkip", None)
        if addSkip is None:
            self.original.addSuccess(test)
        else:
            addSkip(test, reason)

    def addSuccess(self, test: Any) -> None:
        self.original.addSuccess(test)

    def wasSuccessful(self) -> bool:
        return bool(self.original.wasSuccessful())

    def done(self) -> None:
        pass
