"""Flattening: storing an event's formatted fields in the event itself.

A flattened event carries, under ``log_flattened``, the value of every field its format
string uses, both as text (under ``"name!s:spec"``/``"name!r:spec"``) and as the raw value
(``"name!:spec"``).  It can then be formatted after being serialised (say to JSON), when the
original objects are gone.
"""

from __future__ import annotations

from collections import defaultdict
from string import Formatter
from typing import Any

from twistio.logger._interfaces import LogEvent

__name__ = "twisted.logger._flatten"

__all__ = ["KeyFlattener", "aFormatter", "flattenEvent", "extractField", "flatFormat"]

aFormatter = Formatter()


class KeyFlattener:
    """Makes the ``log_flattened`` keys of the fields of one format string.

    The same field used several times gets distinct keys (``"x!:"``, ``"x!:/2"``...).
    """

    def __init__(self) -> None:
        self.keys: dict[str, int] = defaultdict(lambda: 0)

    def flatKey(self, fieldName: str, formatSpec: str | None, conversion: str | None) -> str:
        """The key of the field ``fieldName``, with its format spec and conversion."""
        result = "{}!{}:{}".format(fieldName, conversion or "", formatSpec or "")
        self.keys[result] += 1
        n = self.keys[result]
        if n != 1:
            result += "/" + str(n)
        return result


def flattenEvent(event: LogEvent) -> None:
    """Store in ``event["log_flattened"]`` the fields its ``log_format`` uses (in place)."""
    format = event.get("log_format")
    if format is None:
        return
    if "log_flattened" in event:
        fields = event["log_flattened"]
    else:
        fields = {}
    keyFlattener = KeyFlattener()
    for _literalText, fieldName, formatSpec, conversion in aFormatter.parse(format):
        if fieldName is None:
            continue
        if conversion != "r":
            conversion = "s"
        flattenedKey = keyFlattener.flatKey(fieldName, formatSpec, conversion)
        structuredKey = keyFlattener.flatKey(fieldName, formatSpec, "")
        if flattenedKey in fields:
            # Already flattened: keep the value rendered the first time.
            continue
        if fieldName.endswith("()"):
            fieldName = fieldName[:-2]
            callit = True
        else:
            callit = False
        fieldValue = aFormatter.get_field(fieldName, (), event)[0]
        if callit:
            fieldValue = fieldValue()
        flattenedValue = repr(fieldValue) if conversion == "r" else str(fieldValue)
        fields[flattenedKey] = flattenedValue
        fields[structuredKey] = fieldValue
    if fields:
        event["log_flattened"] = fields


def extractField(field: str, event: LogEvent) -> Any:
    """The value of the format field ``field`` (``"a.b"``, ``"a!s"``...) in ``event``.

    The event is flattened first if it is not already.
    """
    keyFlattener = KeyFlattener()
    [[_literalText, fieldName, formatSpec, conversion]] = aFormatter.parse("{" + field + "}")
    assert fieldName is not None
    key = keyFlattener.flatKey(fieldName, formatSpec, conversion)
    if "log_flattened" not in event:
        flattenEvent(event)
    return event["log_flattened"][key]


def flatFormat(event: LogEvent) -> str:
    """Format a flattened event from the text stored in ``log_flattened``."""
    fieldValues = event["log_flattened"]
    keyFlattener = KeyFlattener()
    s = []
    for literalText, fieldName, formatSpec, conversion in aFormatter.parse(event["log_format"]):
        s.append(literalText)
        if fieldName is not None:
            key = keyFlattener.flatKey(fieldName, formatSpec, conversion or "s")
            s.append(str(fieldValues[key]))
    return "".join(s)
