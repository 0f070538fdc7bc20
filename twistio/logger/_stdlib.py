"""Sending events to the standard library's :mod:`logging`: :class:`STDLibLogObserver`."""

from __future__ import annotations

import logging as stdlibLogging
from typing import Any

from zope.interface import implementer

from twistio.logger._interfaces import ILogObserver, LogEvent
from twistio.logger._legacy import (
    StringifiableFromEvent,
    fromStdlibLogLevelMapping,
    toStdlibLogLevelMapping,
)
from twistio.logger._levels import LogLevel

__name__ = "twisted.logger._stdlib"

__all__ = ["STDLibLogObserver", "fromStdlibLogLevelMapping", "toStdlibLogLevelMapping"]


@implementer(ILogObserver)
class STDLibLogObserver:
    """Logs each event to the :mod:`logging` logger ``name``, at the matching level, with
    the event's failure (if any) as ``exc_info``.

    ``stackDepth`` is how many frames up the record's caller information is taken from.
    """

    defaultStackDepth = 4

    def __init__(self, name: str = "twisted", stackDepth: int = defaultStackDepth) -> None:
        self.logger = stdlibLogging.getLogger(name)
        self.stackDepth = stackDepth
        self.logger.findCaller = self._findCaller  # type: ignore[method-assign]

    def _findCaller(
        self, stack_info: bool = False, stacklevel: int = 1
    ) -> tuple[str, int, str, str | None]:
        import sys

        f: Any = sys._getframe(self.stackDepth)
        if f is None:
            return ("(unknown file)", 0, "(unknown function)", None)
        co = f.f_code
        return (co.co_filename, f.f_lineno, co.co_name, None)

    def __call__(self, event: LogEvent) -> None:
        level = event.get("log_level", LogLevel.info)
        failure = event.get("log_failure")
        if failure is None:
            excInfo = None
        else:
            excInfo = (failure.type, failure.value, failure.getTracebackObject())
        stdlibLevel = toStdlibLogLevelMapping.get(level, stdlibLogging.INFO)
        self.logger.log(stdlibLevel, StringifiableFromEvent(event), exc_info=excInfo)


