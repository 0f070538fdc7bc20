"""Turning log events into text."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC
from datetime import datetime as DateTime
from string import Formatter
from typing import Any

from twistio.logger._flatten import flatFormat
from twistio.logger._interfaces import LogEvent
from twistio.python.failure import Failure
from twistio.python.reflect import safe_repr

__name__ = "twisted.logger._format"

__all__ = [
    "formatEvent",
    "formatUnformattableEvent",
    "formatTime",
    "formatEventAsClassicLogText",
    "formatWithCall",
    "eventAsText",
    "timeFormatRFC3339",
]

#: ``strftime`` format of RFC 3339 time stamps, as Twisted's logs show them.
timeFormatRFC3339 = "%Y-%m-%dT%H:%M:%S%z"


class _CallingFormatter(Formatter):
    """``str.format`` where a field name ending in ``()`` means "call it first"."""

    def get_field(self, field_name: str, args: Any, kwargs: Any) -> Any:
        if field_name.endswith("()"):
            obj, used = super().get_field(field_name[:-2], args, kwargs)
            return obj(), used
        return super().get_field(field_name, args, kwargs)


aFormatter = _CallingFormatter()


def formatEvent(event: LogEvent) -> str:
    """The text of ``event``: its ``log_format`` filled in with its fields.

    Never raises: an event that cannot be formatted gives text saying so.
    """
    return _formatEvent(event)


def _formatEvent(event: LogEvent) -> str:
    try:
        if "log_flattened" in event:
            return flatFormat(event)
        format = event.get("log_format", None)
        if format is None:
            return ""
        if isinstance(format, bytes):
            format = format.decode("utf-8")
        elif not isinstance(format, str):
            raise TypeError(f"Log format must be str, not {format!r}")
        return formatWithCall(format, event)
    except BaseException as e:
        return formatUnformattableEvent(event, e)


def formatUnformattableEvent(event: LogEvent, error: BaseException) -> str:
    """Text describing an event that could not be formatted, and why."""
    try:
        return f"Unable to format event {event!r}: {error}"
    except BaseException:
        # Even the event's repr fails: salvage what can be shown key by key.
        failure = Failure()
        text = ", ".join(
            " = ".join((safe_repr(key), safe_repr(value))) for key, value in event.items()
        )
        return (
            f"MESSAGE LOST: unformattable object logged: {safe_repr(error)}\n"
            f"Recoverable data: {text}\n"
            f"Exception during formatting:\n{failure}"
        )


def formatTime(
    when: float | None, timeFormat: str | None = timeFormatRFC3339, default: str = "-"
) -> str:
    """Format the POSIX time ``when`` in local time with ``timeFormat`` (``default`` when
    either is ``None``)."""
    if timeFormat is None or when is None:
        return default
    local = DateTime.fromtimestamp(when, UTC).astimezone()
    return str(local.strftime(timeFormat))


def formatEventAsClassicLogText(
    event: LogEvent, formatTime: Callable[[float | None], str] = formatTime
) -> str | None:
    """``"<time> [<system>] <text>\\n"``, continuation lines indented by a tab; ``None`` for
    events with nothing to say."""
    eventText = eventAsText(event, formatTime=formatTime)
    if not eventText:
        return None
    eventText = eventText.replace("\n", "\n\t")
    return eventText + "\n"


def _formatSystem(event: LogEvent) -> str:
    system = event.get("log_system", None)
    if system is None:
        level = event.get("log_level", None)
        levelName = "-" if level is None else level.name
        return "{namespace}#{level}".format(
            namespace=event.get("log_namespace", "-"), level=levelName
        )
    try:
        return str(system)
    except Exception:
        return "UNFORMATTABLE"


def _formatTraceback(failure: Any) -> str:
    try:
        return str(failure.getTraceback())
    except BaseException as e:
        return "(UNABLE TO OBTAIN TRACEBACK FROM EVENT):" + str(e)


def eventAsText(
    event: LogEvent,
    includeTraceback: bool = True,
    includeTimestamp: bool = True,
    includeSystem: bool = True,
    formatTime: Callable[[float | None], str] = formatTime,
) -> str:
    """The text of ``event``, optionally with its failure's traceback, a time stamp and
    ``[system]``; empty if the event has neither text nor traceback."""
    eventText = _formatEvent(event)
    if includeTraceback and "log_failure" in event:
        traceback = _formatTraceback(event["log_failure"])
        eventText = "\n".join((eventText, traceback))
    if not eventText:
        return eventText
    timeStamp = ""
    if includeTimestamp:
        timeStamp = formatTime(event.get("log_time", None)) + " "
    system = ""
    if includeSystem:
        system = "[" + _formatSystem(event) + "] "
    return f"{timeStamp}{system}{eventText}"


def formatWithCall(formatString: str, mapping: Mapping[str, Any]) -> str:
    """``formatString.format(**mapping)``, where ``{name()}`` calls ``mapping["name"]``."""
    return str(aFormatter.vformat(formatString, (), mapping))

