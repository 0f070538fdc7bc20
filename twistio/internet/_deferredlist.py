"""Waiting for several Deferreds: DeferredList, gatherResults, race.

- ``DeferredList(ds)`` fires with ``[(success, result), ...]`` in the order of ``ds`` once
  all fired; with ``fireOnOneCallback`` it fires with ``(result, index)`` on the first
  success, with ``fireOnOneErrback`` it fails with :class:`FirstError` on the first failure.
  ``consumeErrors`` stops failures from travelling further down each input's chain.
  Cancelling it cancels every input (once it has not fired yet).
- ``gatherResults(ds)`` fires with the list of results or fails with the first FirstError.
- ``race(ds)`` fires with ``(index, result)`` of the first success and cancels the others;
  if all fail it fails with :class:`FailureGroup`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from twistio.internet._deferred import Deferred, _log
from twistio.python.failure import Failure

__name__ = "twisted.internet.defer"

_T = TypeVar("_T")
_SelfResultT = TypeVar("_SelfResultT")

#: Markers for the first element of each DeferredList result pair.
SUCCESS = True
FAILURE = False

_DeferredListSingleResultT = tuple[_SelfResultT, int]
_DeferredListResultItemT = tuple[bool, _SelfResultT]
_DeferredListResultListT = list[_DeferredListResultItemT[_SelfResultT]]


class FirstError(Exception):
    """The first failure among several Deferreds: ``subFailure`` and its ``index``."""

    def __init__(self, failure: Failure, index: int) -> None:
        Exception.__init__(self, failure, index)
        self.subFailure = failure
        self.index = index

    def __repr__(self) -> str:
        return f"FirstError[#{self.index}, {self.subFailure.value!r}]"

    def __str__(self) -> str:
        return f"FirstError[#{self.index}, {self.subFailure}]"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FirstError):
            return NotImplemented
        return bool((self.subFailure, self.index) == (other.subFailure, other.index))

    def __ne__(self, other: object) -> bool:
        if not isinstance(other, FirstError):
            return NotImplemented
        return not self.__eq__(other)

    def __hash__(self) -> int:
        return hash((FirstError, self.index))


class FailureGroup(Exception):
    """Every input of :func:`race` failed; ``failures`` lists their Failures."""

    def __init__(self, failures: Sequence[Failure]) -> None:
        super().__init__()
        self.failures = failures


class DeferredList(Deferred[Any]):
    """A Deferred that fires with the results of several Deferreds (see the module doc)."""

    fireOnOneCallback = False
    fireOnOneErrback = False

    def __init__(
        self,
        deferredList: Iterable[Deferred[Any]],
        fireOnOneCallback: bool = False,
        fireOnOneErrback: bool = False,
        consumeErrors: bool = False,
    ) -> None:
        self._deferredList = list(deferredList)
        self.resultList: list[Any] = [None] * len(self._deferredList)
        Deferred.__init__(self)
        if not self._deferredList and not fireOnOneCallback:
            self.callback(self.resultList)
        self.fireOnOneCallback = fireOnOneCallback
        self.fireOnOneErrback = fireOnOneErrback
        self.consumeErrors = consumeErrors
        self.finishedCount = 0
        cb = self._cbDeferred
        for index, deferred in enumerate(self._deferredList):
            deferred.addCallbacks(
                cb, cb, callbackArgs=(index, SUCCESS), errbackArgs=(index, FAILURE)
            )

    def _cbDeferred(self, result: Any, index: int, succeeded: bool) -> Any:
        self.resultList[index] = (succeeded, result)
        self.finishedCount += 1
        if not self.called:
            if succeeded == SUCCESS and self.fireOnOneCallback:
                self.callback((result, index))
            elif succeeded == FAILURE and self.fireOnOneErrback:
                self.errback(Failure(FirstError(result, index)))
            elif self.finishedCount == len(self.resultList):
                self.callback(self.resultList)
        if succeeded == FAILURE and self.consumeErrors:
            return None
        return result

    def cancel(self) -> None:
        """Cancel every input Deferred, unless this list already fired."""
        if not self.called:
            for deferred in self._deferredList:
                try:
                    deferred.cancel()
                except BaseException:
                    _log.failure("Exception raised from user supplied canceller")


def _parseDeferredListResult(
    resultList: list[tuple[bool, _T]], fireOnOneErrback: bool = False
) -> list[_T]:
    return [x[1] for x in resultList]


def gatherResults(
    deferredList: Iterable[Deferred[_T]], consumeErrors: bool = False
) -> Deferred[list[_T]]:
    """A Deferred with the list of results of ``deferredList``, or the first failure wrapped
    in :class:`FirstError`; cancelling it cancels every input."""
    d = DeferredList(deferredList, fireOnOneErrback=True, consumeErrors=consumeErrors)
    d.addCallback(_parseDeferredListResult)
    return d


def race(ds: Sequence[Deferred[_T]]) -> Deferred[tuple[int, _T]]:
    """The first of ``ds`` to succeed wins: ``(index, result)``, the others are cancelled.
    If all fail, fail with :class:`FailureGroup`.  Cancelling it cancels all of ``ds``."""
    ds = list(ds)
    failures: list[Failure] = []
    state = {"won": False}

    def cancelAll(result: object) -> None:
        for d in ds:
            d.cancel()

    final: Deferred[tuple[int, _T]] = Deferred(cancelAll)

    def succeeded(result: _T, index: int) -> None:
        if state["won"] or final.called:
            return None
        state["won"] = True
        final.callback((index, result))
        for i, other in enumerate(ds):
            if i != index:
                other.cancel()
        return None

    def failed(failure: Failure, index: int) -> None:
        failures.append(failure)
        if len(failures) == len(ds) and not final.called:
            final.errback(FailureGroup(failures))
        return None

    for index, d in enumerate(ds):
        d.addCallbacks(succeeded, failed, callbackArgs=(index,), errbackArgs=(index,))
    return final
