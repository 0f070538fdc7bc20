"""twisted.python.failure.Failure: construction, matching, tracebacks, cleaning, pickling."""

from __future__ import annotations

import pickle
import sys
import traceback
from collections.abc import Generator
from typing import Any

import pytest

import twistio
from twistio.python import failure, reflect
from twistio.python.failure import Failure, NoCurrentExceptionError


def divide() -> Failure:
    try:
        _ = 1 / 0
    except ZeroDivisionError:
        return Failure()
    raise AssertionError("unreachable")


def test_is_base_exception_subclass() -> None:
    """Failure subclasses BaseException (as Twisted >= 25) and can be raised."""
    f = divide()
    assert isinstance(f, BaseException)
    with pytest.raises(Failure) as info:
        raise f
    assert info.value is f


def test_no_current_exception() -> None:
    """Failure() outside an except block raises NoCurrentExceptionError."""
    with pytest.raises(NoCurrentExceptionError):
        Failure()


def test_current_exception_captured() -> None:
    """value, type and tb come from the exception being handled."""
    try:
        raise KeyError("k")
    except KeyError as e:
        f = Failure()
        assert f.value is e
        assert f.type is KeyError
        assert f.tb is sys.exc_info()[2]


def test_from_exception_uses_its_traceback() -> None:
    """Failure(exc) takes the traceback from exc.__traceback__; none means no frames."""
    try:
        _ = 1 / 0
    except ZeroDivisionError as e:
        exc = e
    f = Failure(exc)
    assert f.tb is exc.__traceback__
    assert Failure(ValueError("x")).frames == []
    assert Failure(ValueError("x")).getTracebackObject() is None


def test_failure_of_failure_is_a_copy() -> None:
    """Failure(f) and a raised-then-caught f copy f, count included."""
    f = divide()
    g = Failure(f)
    assert g.value is f.value and g.count == f.count and g.tb is f.tb
    try:
        raise f
    except BaseException:
        h = Failure()
    assert h.value is f.value and h.count == f.count


def test_repr_and_str() -> None:
    """repr and str look like Twisted's."""
    f = divide()
    assert repr(f) == (
        "<twisted.python.failure.Failure builtins.ZeroDivisionError: division by zero>"
    )
    assert str(f).startswith(
        "[Failure instance: Traceback: <class 'ZeroDivisionError'>: division by zero\n"
    )
    assert str(f).endswith(":divide\n]")


def test_trap_and_check() -> None:
    """check matches classes (and qualified names) along the MRO; trap re-raises the
    original exception when nothing matches."""
    f = divide()
    assert f.check(ValueError, ArithmeticError) is ArithmeticError
    assert f.check("builtins.ZeroDivisionError") == "builtins.ZeroDivisionError"
    assert f.check("ZeroDivisionError") is None
    assert f.trap(KeyError, ZeroDivisionError) is ZeroDivisionError
    with pytest.raises(ZeroDivisionError) as info:
        f.trap(KeyError)
    assert info.value is f.value


def test_default_traceback_format() -> None:
    """getTraceback() looks like Python's, ending with the qualified type and message."""
    f = divide()
    text = f.getTraceback()
    assert text.startswith("Traceback (most recent call last):\n")
    assert '  File "' in text and ", in divide\n    _ = 1 / 0\n" in text
    assert text.endswith("builtins.ZeroDivisionError: division by zero\n")


def test_traceback_without_frames() -> None:
    """Failures without frames say so in every detail level."""
    f = Failure(ValueError("x"))
    assert f.getTraceback() == "Traceback (most recent call last):\nFailure: builtins.ValueError: x\n"
    assert f.getBriefTraceback() == "Traceback (failure with no frames): <class 'ValueError'>: x\n"
    assert f.getTraceback(detail="verbose") == (
        f"*--- Failure #{f.count} ---\nFailure: builtins.ValueError: x\n"
        f"*--- End of Failure #{f.count} ---\n"
    )


def test_verbose_with_and_without_vars() -> None:
    """Verbose tracebacks list captured variables, or say they were not captured."""

    def inner(captureVars: bool) -> Failure:
        localThing = "xyz"  # noqa: F841 - shown by the verbose traceback
        try:
            _ = 1 / 0
        except ZeroDivisionError:
            return Failure(captureVars=captureVars)
        raise AssertionError("unreachable")

    withVars = inner(True).getTraceback(detail="verbose")
    assert "  localThing : 'xyz'\n" in withVars
    assert " [ Locals ]\n" in withVars
    without = inner(False).getTraceback(detail="verbose")
    assert " [Capture of Locals and Globals disabled (use captureVars=True)]\n" in without
    assert "localThing" not in without


def test_invalid_detail() -> None:
    with pytest.raises(ValueError):
        divide().getTraceback(detail="bogus")
    with pytest.raises(ValueError):
        failure.format_frames([], lambda s: None, detail="bogus")


def test_clean_failure_keeps_a_printable_summary() -> None:
    """cleanFailure drops live frames but traceback.extract_tb still works on the rebuilt
    traceback object, and the failure is then marked pickled."""
    f = divide()
    expected = traceback.extract_tb(f.getTracebackObject())
    f.cleanFailure()
    assert f.tb is None
    assert f.value.__traceback__ is None
    assert traceback.extract_tb(f.getTracebackObject()) == expected
    assert f.pickled == 1
    assert "(pickled)" in f.getTraceback(detail="verbose")


def test_stack_is_deprecated() -> None:
    f = divide()
    with pytest.warns(DeprecationWarning, match="Failure.stack was deprecated in Twisted 24.10.0"):
        assert f.stack == []


def test_without_traceback_matches_constructor() -> None:
    exc = ValueError("v")
    a = Failure(exc).__dict__.copy()
    b = Failure._withoutTraceback(exc).__dict__.copy()
    assert a.pop("count") + 1 == b.pop("count")
    assert a == b


@pytest.fixture
def alias() -> Any:
    """Pickles name classes by their Twisted module, which needs the alias."""
    twistio.install()
    yield


def test_pickling_round_trip(alias: Any) -> None:
    f = divide()
    g = pickle.loads(pickle.dumps(f))
    assert isinstance(g, Failure)
    assert g.tb is None and g.pickled == 1
    assert g.frames == f.frames
    assert g.parents == [reflect.qual(c) for c in ZeroDivisionError.__mro__]
    assert g.getTraceback() == f.getTraceback()


def test_throw_into_generator() -> None:
    """The exception thrown into a generator carries the failure's traceback."""
    seen: list[Any] = []

    def gen() -> Generator[None, None, None]:
        try:
            yield
        except ZeroDivisionError:
            seen.append(Failure())

    g = gen()
    next(g)
    f = divide()
    with pytest.raises(StopIteration):
        f.throwExceptionIntoGenerator(g)
    [inner] = seen
    assert inner.value is f.value
    names = [frame[0] for frame in inner.frames]
    assert names == ["gen", "divide"]


def test_raise_exception_keeps_traceback() -> None:
    f = divide()
    with pytest.raises(ZeroDivisionError) as info:
        f.raiseException()
    assert traceback.extract_tb(info.value.__traceback__)[-1].line == "_ = 1 / 0"
