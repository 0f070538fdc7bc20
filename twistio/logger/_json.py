"""Saving events as JSON and reading them back."""

from __future__ import annotations

from collections.abc import Iterable
from json import dumps, loads
from typing import IO, Any, cast
from uuid import UUID

from twistio.logger._file import FileLogObserver
from twistio.logger._flatten import flattenEvent
from twistio.logger._interfaces import LogEvent
from twistio.logger._levels import LogLevel, NamedConstant
from twistio.logger._logger import Logger
from twistio.python.failure import Failure

__name__ = "twisted.logger._json"

__all__ = ["eventAsJSON", "eventFromJSON", "jsonFileLogObserver", "eventsFromJSONLogFile"]

log = Logger()

# The class identifiers Twisted writes, so that log files are interchangeable.
_FAILURE_UUID = UUID("E76887E2-20ED-49BF-A8F8-BA25CC586F2D")
_LEVEL_UUID = UUID("02E59486-F24D-46AD-8224-3ACDF2A5732A")


def failureAsJSON(failure: Failure) -> dict[str, Any]:
    """The JSON-able form of ``failure`` (its pickle state, with the type by name)."""
    return dict(
        failure.__getstate__(),
        type=dict(__module__=failure.type.__module__, __name__=failure.type.__name__),  # type: ignore[union-attr]
    )


class _LoadedType:
    """Stands for the class of a failure read back from JSON (the class itself is not
    imported)."""


def failureFromJSON(failureDict: dict[str, Any]) -> Failure:
    """A Failure rebuilt from :func:`failureAsJSON`'s output."""
    f = Failure.__new__(Failure)
    typeInfo = failureDict["type"]
    failureDict["type"] = type(
        str(typeInfo["__name__"]), (_LoadedType,), {"__module__": typeInfo["__module__"]}
    )
    f.__setstate__(failureDict)
    return f


def _levelFromJSON(levelDict: dict[str, Any]) -> NamedConstant | None:
    try:
        level: NamedConstant = LogLevel.lookupByName(levelDict["name"])
    except ValueError:
        return None
    return level


def _objectSaveHook(pythonObject: object) -> Any:
    if isinstance(pythonObject, NamedConstant) and pythonObject in LogLevel.iterconstants():
        return dict(name=pythonObject.name, __class_uuid__=str(_LEVEL_UUID))
    if isinstance(pythonObject, Failure):
        return dict(failureAsJSON(pythonObject), __class_uuid__=str(_FAILURE_UUID))
    if isinstance(pythonObject, bytes):
        return pythonObject.decode("charmap")
    return {"unpersistable": True}


def _objectLoadHook(aDict: dict[str, Any]) -> Any:
    if "__class_uuid__" in aDict:
        uuid = UUID(aDict.pop("__class_uuid__"))
        if uuid == _LEVEL_UUID:
            return _levelFromJSON(aDict)
        if uuid == _FAILURE_UUID:
            return failureFromJSON(aDict)
    return aDict


def eventAsJSON(event: LogEvent) -> str:
    """``event`` as one line of JSON text.

    The event is flattened first, so its format fields survive as text; values JSON cannot
    hold become ``{"unpersistable": true}``; bytes are saved as Latin-1 text.
    """

    def default(unencodable: object) -> Any:
        return _objectSaveHook(unencodable)

    flattenEvent(event)
    return dumps(event, default=default, skipkeys=True)


def eventFromJSON(eventText: str) -> LogEvent:
    """The event saved as ``eventText`` by :func:`eventAsJSON`."""
    return cast(LogEvent, loads(eventText, object_hook=_objectLoadHook))


def jsonFileLogObserver(outFile: IO[Any], recordSeparator: str = "\x1e") -> FileLogObserver:
    """An observer writing each event to ``outFile`` as ``recordSeparator``, JSON text and
    a newline."""
    return FileLogObserver(
        outFile, lambda event: f"{recordSeparator}{eventAsJSON(event)}\n"
    )


def eventsFromJSONLogFile(
    inFile: IO[Any], recordSeparator: str | None = None, bufferSize: int = 4096
) -> Iterable[LogEvent]:
    """The events read from a file written by :func:`jsonFileLogObserver`.

    Without ``recordSeparator`` it is detected: ``"\\x1e"`` if the file starts with it,
    else records are lines.  Records that cannot be read are logged and skipped.
    """

    def asBytes(s: str | bytes) -> bytes:
        if isinstance(s, bytes):
            return s
        return s.encode("utf-8")

    def eventFromBytearray(record: bytearray) -> LogEvent | None:
        try:
            text = bytes(record).decode("utf-8")
        except UnicodeDecodeError:
            log.error(
                "Unable to decode UTF-8 for JSON record: {record!r}", record=bytes(record)
            )
            return None
        try:
            return eventFromJSON(text)
        except ValueError:
            log.error("Unable to read JSON record: {record!r}", record=bytes(record))
            return None

    if recordSeparator is None:
        first = asBytes(inFile.read(1))
        if first == b"\x1e":
            separator = first
        else:
            separator = b""
    else:
        separator = asBytes(recordSeparator)
        first = b""

    if separator == b"":
        separator = b"\n"
        # Records are newline-terminated lines.
        eventFromRecord = eventFromBytearray
    else:

        def eventFromRecord(record: bytearray) -> LogEvent | None:
            if record[-1] == ord("\n"):
                return eventFromBytearray(record)
            log.error("Unable to read truncated JSON record: {record!r}", record=bytes(record))
            return None

    buffer = bytearray(first)

    while True:
        newData = inFile.read(bufferSize)
        if not newData:
            if len(buffer) > 0:
                event = eventFromRecord(buffer)
                if event is not None:
                    yield event
            break
        buffer += asBytes(newData)
        records = buffer.split(separator)
        for record in records[:-1]:
            if len(record) > 0:
                event = eventFromRecord(record)
                if event is not None:
                    yield event
        buffer = records[-1]
