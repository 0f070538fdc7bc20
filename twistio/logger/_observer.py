"""Fanning events out: :class:`LogPublisher`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from zope.interface import implementer

from twistio.logger._interfaces import ILogObserver, LogEvent
from twistio.python.failure import Failure

if TYPE_CHECKING:
    from twistio.logger._logger import Logger

__name__ = "twisted.logger._observer"

__all__ = ["LogPublisher", "bitbucketLogObserver", "OBSERVER_DISABLED"]

OBSERVER_DISABLED = "Temporarily disabling observer {observer} due to exception"


@implementer(ILogObserver)
def bitbucketLogObserver(event: LogEvent) -> None:
    """An observer that throws events away."""


@implementer(ILogObserver)
class LogPublisher:
    """An observer that forwards each event to its own observers, in the order added.

    An observer that raises does not stop the others; its error is logged (as a critical
    event with ``log_failure``) to every observer except the one that raised.
    """

    def __init__(self, *observers: ILogObserver) -> None:
        self._observers: list[ILogObserver] = list(observers)
        from twistio.logger._logger import Logger

        self.log: Logger = Logger(observer=self)

    def addObserver(self, observer: ILogObserver) -> None:
        """Add ``observer`` (once); ``TypeError`` if it is not callable."""
        if not callable(observer):
            raise TypeError(f"Observer is not callable: {observer!r}")
        if observer not in self._observers:
            self._observers.append(observer)

    def removeObserver(self, observer: ILogObserver) -> None:
        """Remove ``observer``; nothing happens if it was not added."""
        try:
            self._observers.remove(observer)
        except ValueError:
            pass

    def __call__(self, event: LogEvent) -> None:
        trace: list[tuple[Any, Any]] | None = event.get("log_trace")
        brokenObservers: list[tuple[ILogObserver, Failure]] = []

        for observer in list(self._observers):
            if trace is not None:
                trace.append((self, observer))
            try:
                observer(event)
            except Exception:
                brokenObservers.append((observer, Failure()))

        if brokenObservers:
            self._reportBroken(brokenObservers)

    def _reportBroken(self, brokenObservers: list[tuple[ILogObserver, Failure]]) -> None:
        # The observers that raised are left out while their own errors are reported, so a
        # consistently failing observer cannot recurse forever.
        for brokenObserver, _failure in brokenObservers:
            self.removeObserver(brokenObserver)
        try:
            for brokenObserver, failure in brokenObservers:
                try:
                    self.log.failure(OBSERVER_DISABLED, failure=failure, observer=brokenObserver)
                except BaseException:
                    pass
        finally:
            for brokenObserver, _failure in brokenObservers:
                self.addObserver(brokenObserver)


