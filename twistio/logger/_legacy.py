"""Bridging to and from the legacy ``twisted.python.log`` event format."""

from __future__ import annotations

import logging as stdlibLogging
from collections.abc import Callable
from typing import Any

from zope.interface import implementer

from twistio.logger._format import formatEvent
from twistio.logger._interfaces import ILogObserver, LogEvent
from twistio.logger._levels import LogLevel

__name__ = "twisted.logger._legacy"

__all__ = [
    "LegacyLogObserverWrapper",
    "publishToNewObserver",
    "StringifiableFromEvent",
    "fromStdlibLogLevelMapping",
    "toStdlibLogLevelMapping",
]

#: ``LogLevel`` to the standard library's ``logging`` levels.
toStdlibLogLevelMapping = {
    LogLevel.debug: stdlibLogging.DEBUG,
    LogLevel.info: stdlibLogging.INFO,
    LogLevel.warn: stdlibLogging.WARNING,
    LogLevel.error: stdlibLogging.ERROR,
    LogLevel.critical: stdlibLogging.CRITICAL,
}

#: The standard library's ``logging`` levels to ``LogLevel``.
fromStdlibLogLevelMapping = {value: key for key, value in toStdlibLogLevelMapping.items()}


class StringifiableFromEvent:
    """An object whose ``str()`` is the formatted text of an event (computed lazily)."""

    def __init__(self, event: LogEvent) -> None:
        self.event = event

    def __str__(self) -> str:
        return formatEvent(self.event)

    def __bytes__(self) -> bytes:
        return str(self).encode("utf-8")


@implementer(ILogObserver)
class LegacyLogObserverWrapper:
    """Adapts a legacy observer (which expects ``message``, ``isError``, ``format``...) to
    new-style events."""

    def __init__(self, legacyObserver: Callable[[dict[str, Any]], None]) -> None:
        self.legacyObserver = legacyObserver

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}({self.legacyObserver!r})"

    def __call__(self, event: LogEvent) -> None:
        if "message" not in event:
            event["message"] = ()
        if "time" not in event:
            event["time"] = event["log_time"]
        if "system" not in event:
            event["system"] = event.get("log_system", "-")

        # A new-style event is formatted lazily by a legacy observer through "format".
        if "format" not in event and event.get("log_format", None) is not None:
            event["format"] = "%(log_legacy)s"
            event["log_legacy"] = StringifiableFromEvent(event.copy())
            if not isinstance(event["message"], tuple):
                event["message"] = ()

        if "log_failure" in event:
            if "failure" not in event:
                event["failure"] = event["log_failure"]
            if "isError" not in event:
                event["isError"] = 1
            if "why" not in event:
                event["why"] = formatEvent(event)
        elif "isError" not in event:
            if event["log_level"] in (LogLevel.error, LogLevel.critical):
                event["isError"] = 1
            else:
                event["isError"] = 0

        self.legacyObserver(event)


def publishToNewObserver(
    observer: ILogObserver,
    eventDict: dict[str, Any],
    textFromEventDict: Callable[[dict[str, Any]], str | None],
) -> None:
    """Turn the legacy event ``eventDict`` into a new-style one (in place) and send it to
    ``observer``."""
    if "log_time" not in eventDict:
        eventDict["log_time"] = eventDict["time"]

    if "log_format" not in eventDict:
        text = textFromEventDict(eventDict)
        if text is not None:
            eventDict["log_text"] = text
            eventDict["log_format"] = "{log_text}"

    if "log_level" not in eventDict:
        level: Any
        if "logLevel" in eventDict:
            stdlibLevel = eventDict["logLevel"]
            if isinstance(stdlibLevel, str):
                # Level names ("WARNING") are accepted as the logging module accepts them.
                stdlibLevel = stdlibLogging.getLevelNamesMapping().get(stdlibLevel)
            level = fromStdlibLogLevelMapping.get(stdlibLevel)
        elif "isError" in eventDict:
            level = LogLevel.critical if eventDict["isError"] else LogLevel.info
        else:
            level = LogLevel.info
        if level is not None:
            eventDict["log_level"] = level

    if "log_namespace" not in eventDict:
        eventDict["log_namespace"] = "log_legacy"

    if "log_system" not in eventDict and "system" in eventDict:
        eventDict["log_system"] = eventDict["system"]

    observer(eventDict)
