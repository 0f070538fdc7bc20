"""Suites and decorators for trial's tests: TestSuite, TestDecorator, decorate, and the
garbage-collecting decorator behind ``trial --force-gc``."""

from __future__ import annotations

import doctest
import gc
import unittest as pyunit
from collections.abc import Callable, Iterator
from typing import Any

from zope.interface import implementer

from twistio.python import components
from twistio.trial import itrial

__name__ = "twisted.trial._asyncrunner"

__all__ = ["TestSuite", "TestDecorator", "decorate"]


class TestSuite(pyunit.TestSuite):
    """A suite that runs its tests in order with trial's reporters (no class/module
    fixtures of the standard library's suite)."""

    def run(self, result: Any, debug: bool = False) -> Any:  # type: ignore[override]
        for test in self._tests:
            if result.shouldStop:
                break
            test(result)
        return result

    def __call__(self, result: Any, debug: bool = False) -> Any:  # type: ignore[override]
        return self.run(result)


TestSuite.__module__ = "twisted.trial.unittest"


@implementer(itrial.ITestCase)
class TestDecorator(components.proxyForInterface(itrial.ITestCase, "_originalTest")):  # type: ignore[misc]
    """Wraps a test; the wrapper passes everything on to the original (subclasses add)."""

    def __call__(self, result: Any) -> Any:
        return self.run(result)

    def run(self, result: Any) -> Any:
        """Run the original test; the reporter hears about this decorator, not the original."""
        from twistio.trial.reporter import _AdaptedReporter

        adapted = _AdaptedReporter(reporterAdapter(result), lambda test: self)
        return self._originalTest.run(adapted)


TestDecorator.__module__ = "twisted.trial.unittest"


def reporterAdapter(result: Any) -> Any:
    from twistio.trial._pyunitcompat import PyUnitResultAdapter

    if itrial.IReporter.providedBy(result):
        return result
    return PyUnitResultAdapter(result)


def _clearSuite(suite: pyunit.TestSuite) -> None:
    """Empty ``suite``."""
    suite._tests = []  # type: ignore[attr-defined]


def decorate(test: Any, decorator: Callable[[Any], Any]) -> Any:
    """Wrap every test in ``test`` (a test or a suite, nested) with ``decorator``."""
    try:
        tests = iter(test)
    except TypeError:
        return decorator(test)
    suite = test
    _clearSuite(suite)
    for case in tests:
        suite.addTest(decorate(case, decorator))
    return suite


decorate.__module__ = "twisted.trial.unittest"


class _PyUnitTestCaseAdapter(TestDecorator):
    """Adapts a standard library test case to ITestCase."""


class _BrokenIDTestCaseAdapter(_PyUnitTestCaseAdapter):
    """Adapts doctests, whose ``id()`` is not dotted like other tests'."""

    def id(self) -> str:
        testID = self._originalTest.shortDescription()
        if testID is not None:
            return str(testID)
        return str(self._originalTest.id())


class _ForceGarbageCollectionDecorator(TestDecorator):
    """Collects garbage before and after the test; errors logged meanwhile fail it."""

    def run(self, result: Any) -> Any:
        from twistio.python import log

        errors: list[Any] = []

        def observer(event: dict[str, Any]) -> None:
            if event.get("isError") and event.get("failure") is not None:
                errors.append(event["failure"])

        gc.collect()
        TestDecorator.run(self, result)
        log.addObserver(observer)
        try:
            gc.collect()
        finally:
            log.removeObserver(observer)
        for error in errors:
            result.addError(self, error)


components.registerAdapter(_PyUnitTestCaseAdapter, pyunit.TestCase, itrial.ITestCase)
components.registerAdapter(_BrokenIDTestCaseAdapter, doctest.DocTestCase, itrial.ITestCase)


def _iterateTests(testSuiteOrCase: Any) -> Iterator[Any]:
    """Every test case in a (nested) suite, or the case itself."""
    try:
        suite = iter(testSuiteOrCase)
    except TypeError:
        yield testSuiteOrCase
    else:
        for test in suite:
            yield from _iterateTests(test)
