"""A ring buffer of events: :class:`LimitedHistoryLogObserver`."""

from __future__ import annotations

from collections import deque

from zope.interface import implementer

from twistio.logger._interfaces import ILogObserver, LogEvent

__name__ = "twisted.logger._buffer"

__all__ = ["LimitedHistoryLogObserver"]

_DEFAULT_BUFFER_MAXIMUM = 64 * 1024


@implementer(ILogObserver)
class LimitedHistoryLogObserver:
    """Keeps the last ``size`` events it observed, for replay with :meth:`replayTo`."""

    def __init__(self, size: int = _DEFAULT_BUFFER_MAXIMUM) -> None:
        self._buffer: deque[LogEvent] = deque(maxlen=size)

    def __call__(self, event: LogEvent) -> None:
        self._buffer.append(event)

    def replayTo(self, otherObserver: ILogObserver) -> None:
        """Send the kept events, oldest first, to ``otherObserver``."""
        for event in self._buffer:
            otherObserver(event)
