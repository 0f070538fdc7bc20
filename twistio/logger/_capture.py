"""Capturing the events published globally while some code runs."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from twistio.logger._global import globalLogPublisher
from twistio.logger._interfaces import ILogObserver, LogEvent

__name__ = "twisted.logger._capture"

__all__ = ["capturedLogs"]


@contextmanager
def capturedLogs() -> Iterator[Sequence[LogEvent]]:
    """A context manager giving the list of events published to the global publisher
    while it is active."""
    events: list[LogEvent] = []
    observer: ILogObserver = events.append  # type: ignore[assignment]
    globalLogPublisher.addObserver(observer)
    try:
        yield events
    finally:
        globalLogPublisher.removeObserver(observer)
