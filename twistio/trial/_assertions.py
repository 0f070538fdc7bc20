"""The assertion methods shared by trial's test cases (part of twisted.trial._synctest).

Contract: every assertion raises ``self.failureException`` (trial's ``FailTest``) with the
message Twisted's trial gives, returns what Twisted's returns (``assertRaises`` the exception,
``successResultOf`` the result, ``assertIn`` its container...) and is reachable under each of
Twisted's alias names (``failUnlessEqual``, ``assertEquals``, ``assertIdentical``...).
"""

from __future__ import annotations

import inspect
import unittest as pyunit
import warnings
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import Any, NoReturn, cast
from unittest.util import safe_repr

from twistio.python import failure, reflect

__name__ = "twisted.trial._synctest"


class FailTest(AssertionError):
    """Raised by a test (``fail`` and every failed assertion) to mark it as failed."""


FailTest.__module__ = "twisted.trial.unittest"


class _Warning:
    """One warning seen while a test ran: message text, category, source file and line."""

    def __init__(self, message: str, category: type[Warning], filename: str, lineno: int) -> None:
        self.message = message
        self.category = category
        self.filename = filename
        self.lineno = lineno


def _setWarningRegistryToNone(modules: dict[Any, Any]) -> None:
    """Reset every module's ``__warningregistry__`` so repeated warnings are seen again.

    ``modules`` may change size while we walk it (lazy modules import on setattr), so we walk
    a snapshot and ignore objects that refuse the attribute.
    """
    for value in list(modules.values()):
        if value is None:
            continue
        try:
            value.__warningregistry__ = None
        except Exception:
            pass


def _collectWarnings(
    observeWarning: Callable[[_Warning], object],
    f: Callable[..., Any],
    *args: Any,
    **kwargs: Any,
) -> Any:
    """Call ``f(*args, **kwargs)``, handing each warning it emits to ``observeWarning``.

    The warnings are not shown; every warning is collected (the "once per location" caches
    and the active filters do not hide any), and the warning state is restored afterwards.
    """

    def showWarning(
        message: Warning | str,
        category: type[Warning],
        filename: str,
        lineno: int,
        file: Any = None,
        line: str | None = None,
    ) -> None:
        assert isinstance(message, Warning)
        observeWarning(_Warning(str(message), category, filename, lineno))

    import sys

    _setWarningRegistryToNone(sys.modules)
    origFilters = warnings.filters[:]
    origShow = warnings.showwarning
    warnings.simplefilter("always")
    try:
        warnings.showwarning = showWarning
        return f(*args, **kwargs)
    finally:
        warnings.filters[:] = origFilters  # type: ignore[index]
        warnings.showwarning = origShow


class _AssertRaisesContext:
    """What ``assertRaises(exc)`` returns without a callable: a context manager checking the
    block raises ``exc``; the exception caught is on its ``exception`` attribute."""

    def __init__(self, testCase: Any, expected: Any) -> None:
        self._testCase = testCase
        self._expected = expected
        self._returnValue: Any = None
        self.exception: BaseException | None = None

    def _handle(self, obj: Callable[[], Any]) -> BaseException:
        with self:
            self._returnValue = obj()
        assert self.exception is not None
        return self.exception

    def __enter__(self) -> _AssertRaisesContext:
        return self

    def __exit__(
        self,
        excType: type[BaseException] | None,
        excValue: BaseException | None,
        tb: TracebackType | None,
    ) -> bool:
        expectedName = getattr(self._expected, "__name__", None) or str(self._expected)
        if excType is None:
            raise self._testCase.failureException(
                f"{expectedName} not raised ({self._returnValue!r} returned)"
            )
        if not issubclass(excType, self._expected):
            assert excValue is not None
            tbText = failure.Failure(excValue, excType, tb).getTraceback()
            raise self._testCase.failureException(
                f"{reflect.qual(excType)} raised instead of {expectedName}:\n {tbText}"
            )
        self.exception = excValue
        return True


def _asDeferred(d: Any) -> Any:
    """A coroutine is run (up to its first wait) as a Deferred; anything else is as given."""
    if inspect.iscoroutine(d):
        from twistio.internet.defer import Deferred

        return Deferred.fromCoroutine(d)
    return d


def _qualTypes(types: Iterable[type]) -> str:
    return " or ".join(reflect.qual(t) for t in types)


class _Assertions(pyunit.TestCase):
    """Trial's assertion methods on top of the standard library's."""

    failureException: type[BaseException] = FailTest

    def fail(self, msg: object = None) -> NoReturn:
        """Fail the test now with ``msg``."""
        raise self.failureException(msg)

    def assertTrue(self, condition: object, msg: object = None) -> Any:  # type: ignore[override]
        """Fail unless ``condition`` is true; returns it."""
        if not condition:
            raise self.failureException(
                self._formatMessage(cast("str | None", msg), f"{safe_repr(condition)} is not true")
            )
        return condition

    def assertFalse(self, condition: object, msg: object = None) -> Any:  # type: ignore[override]
        """Fail if ``condition`` is true; returns it."""
        if condition:
            raise self.failureException(
                self._formatMessage(cast("str | None", msg), f"{safe_repr(condition)} is not false")
            )
        return condition

    def assertRaises(  # type: ignore[override]
        self, exception: Any, f: Callable[..., Any] | None = None, *args: Any, **kwargs: Any
    ) -> Any:
        """Fail unless ``f(*args, **kwargs)`` raises ``exception``; returns the exception.

        Without ``f``, returns a context manager checking its block instead.
        """
        context = _AssertRaisesContext(self, exception)
        if f is None:
            return context
        return context._handle(lambda: f(*args, **kwargs))

    def assertEqual(self, first: Any, second: Any, msg: Any = None) -> Any:
        """Fail unless ``first == second`` (standard library messages); returns ``first``."""
        super().assertEqual(first, second, msg)
        return first

    def assertIs(self, first: Any, second: Any, msg: Any = None) -> Any:
        """Fail unless ``first is second``; returns ``first``."""
        if first is not second:
            raise self.failureException(msg or f"{first!r} is not {second!r}")
        return first

    def assertIsNot(self, first: Any, second: Any, msg: Any = None) -> Any:
        """Fail if ``first is second``; returns ``first``."""
        if first is second:
            raise self.failureException(msg or f"{first!r} is {second!r}")
        return first

    def assertNotEqual(self, first: Any, second: Any, msg: Any = None) -> Any:
        """Fail if ``first == second``; returns ``first``."""
        if not first != second:
            raise self.failureException(msg or f"{first!r} == {second!r}")
        return first

    def assertIn(self, containee: Any, container: Any, msg: Any = None) -> Any:
        """Fail unless ``containee in container``; returns ``containee``."""
        if containee not in container:
            raise self.failureException(msg or f"{containee!r} not in {container!r}")
        return containee

    def assertNotIn(self, containee: Any, container: Any, msg: Any = None) -> Any:
        """Fail if ``containee in container``; returns ``containee``."""
        if containee in container:
            raise self.failureException(msg or f"{containee!r} in {container!r}")
        return containee

    def assertNotAlmostEqual(  # type: ignore[override]
        self, first: Any, second: Any, places: int = 7, msg: Any = None
    ) -> Any:
        """Fail if ``first`` and ``second`` agree to ``places`` decimal places."""
        if round(second - first, places) == 0:
            raise self.failureException(msg or f"{first!r} == {second!r} within {places!r} places")
        return first

    def assertAlmostEqual(  # type: ignore[override]
        self, first: Any, second: Any, places: int = 7, msg: Any = None
    ) -> Any:
        """Fail unless ``first`` and ``second`` agree to ``places`` decimal places."""
        if round(second - first, places) != 0:
            raise self.failureException(msg or f"{first!r} != {second!r} within {places!r} places")
        return first

    def assertApproximates(self, first: Any, second: Any, tolerance: Any, msg: Any = None) -> Any:
        """Fail unless ``abs(first - second) <= tolerance``; returns ``first``."""
        if abs(first - second) > tolerance:
            raise self.failureException(msg or f"{first} ~== {second}")
        return first

    def assertSubstring(self, substring: Any, astring: Any, msg: Any = None) -> Any:
        """Fail unless ``substring`` occurs in ``astring``; returns ``substring``."""
        return self.assertIn(substring, astring, msg)

    def assertNotSubstring(self, substring: Any, astring: Any, msg: Any = None) -> Any:
        """Fail if ``substring`` occurs in ``astring``; returns ``substring``."""
        return self.assertNotIn(substring, astring, msg)

    def assertIsInstance(self, instance: Any, classOrTuple: Any, message: Any = None) -> None:  # type: ignore[override]
        """Fail unless ``isinstance(instance, classOrTuple)``."""
        if not isinstance(instance, classOrTuple):
            suffix = f": {message}" if message is not None else ""
            raise self.failureException(
                f"{instance!r} is not an instance of {classOrTuple}{suffix}"
            )

    def assertNotIsInstance(self, instance: Any, classOrTuple: Any, msg: Any = None) -> None:  # type: ignore[override]
        """Fail if ``isinstance(instance, classOrTuple)``."""
        if isinstance(instance, classOrTuple):
            suffix = f": {msg}" if msg is not None else ""
            raise self.failureException(f"{instance!r} is an instance of {classOrTuple}{suffix}")

    def assertWarns(  # type: ignore[override]
        self,
        category: type[Warning],
        message: str,
        filename: str,
        f: Callable[..., Any],
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        """Fail unless ``f(*args, **kwargs)`` warns ``category`` with ``message`` attributed to
        ``filename``; returns what ``f`` returned."""
        warningsShown: list[_Warning] = []
        result = _collectWarnings(warningsShown.append, f, *args, **kwargs)
        if not warningsShown:
            self.fail("No warnings emitted")
        first = warningsShown[0]
        for other in warningsShown[1:]:
            if (other.message, other.category) != (first.message, first.category):
                self.fail("Can't handle different warnings")
        self.assertEqual(first.message, message)
        self.assertIdentical(first.category, category)
        # A compiled file's name may be given for its source.
        self.assertTrue(
            filename.startswith(first.filename),
            f"Warning in {first.filename!r}, expected {filename!r}",
        )
        return result

    def assertNoResult(self, deferred: Any) -> None:
        """Fail if ``deferred`` has a result; a failure result is consumed (not left unhandled)."""
        deferred = _asDeferred(deferred)
        results: list[Any] = []

        def grab(r: Any) -> Any:
            results.append(r)
            return r

        deferred.addBoth(grab)
        if results:
            result = results[0]
            # Keep the Deferred's failure from being reported as unhandled.
            deferred.addErrback(lambda _: None)
            self.fail(f"No result expected on {deferred!r}, found {result!r} instead")

    def successResultOf(self, deferred: Any) -> Any:
        """Return the success result ``deferred`` (or coroutine) already has, or fail."""
        deferred = _asDeferred(deferred)
        results: list[Any] = []
        deferred.addBoth(results.append)
        if not results:
            self.fail(f"Success result expected on {deferred!r}, found no result instead")
        result = results[0]
        if isinstance(result, failure.Failure):
            self.fail(
                f"Success result expected on {deferred!r}, found failure result instead:\n"
                f"{result.getTraceback()}"
            )
        return result

    def failureResultOf(self, deferred: Any, *expectedExceptionTypes: type) -> failure.Failure:
        """Return the Failure ``deferred`` (or coroutine) already has (of one of the given
        types), or fail."""
        deferred = _asDeferred(deferred)
        results: list[Any] = []
        deferred.addBoth(results.append)
        if not results:
            self.fail(f"Failure result expected on {deferred!r}, found no result instead")
        result = results[0]
        if not isinstance(result, failure.Failure):
            self.fail(
                f"Failure result expected on {deferred!r}, found success result ({result!r}) "
                "instead"
            )
        if expectedExceptionTypes and not result.check(*expectedExceptionTypes):
            self.fail(
                f"Failure of type ({_qualTypes(expectedExceptionTypes)}) expected on "
                f"{deferred!r}, found type {result.type!r} instead: {result.getTraceback()}"
            )
        return result

    # Twisted's alias names.
    failUnlessEqual = failUnlessEquals = assertEquals = assertEqual  # type: ignore[assignment]
    failIfEqual = failIfEquals = assertNotEquals = assertNotEqual  # type: ignore[assignment]
    assertIdentical = failUnlessIdentical = assertIs
    assertNotIdentical = failIfIdentical = assertIsNot
    failUnlessIn = assertIn
    failIfIn = assertNotIn
    failUnlessAlmostEqual = failUnlessAlmostEquals = assertAlmostEquals = assertAlmostEqual  # type: ignore[assignment]
    failIfAlmostEqual = failIfAlmostEquals = assertNotAlmostEquals = assertNotAlmostEqual  # type: ignore[assignment]
    failUnlessApproximates = assertApproximates
    failUnlessSubstring = assertSubstring
    failIfSubstring = assertNotSubstring
    failUnlessIsInstance = assertIsInstance
    failIfIsInstance = assertNotIsInstance
    failUnlessRaises = assertRaises  # type: ignore[assignment]
    failUnlessWarns = assertWarns
    assertNot = failIf = failUnlessFalse = assertFalse  # type: ignore[assignment]
    assert_ = failUnless = failUnlessTrue = assertTrue  # type: ignore[assignment]
