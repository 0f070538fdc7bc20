"""Length-prefixed strings: an unsigned big-endian integer of 1, 2 or 4 bytes, then the payload.

Rules:

- The prefix is a ``struct`` format (``"!B"``, ``"!H"``, ``"!I"``); the payload follows.
- A prefix announcing more than ``max_length`` bytes is refused (:class:`LengthLimitExceeded`
  event from the decoder: the surface decides what to do, Twisted drops the connection).
- Sending a payload the prefix cannot describe is a :class:`StringTooLong`
  (a ``LocalProtocolError``).

:func:`next_frame` (parse one frame at an offset without copying the buffer) and
:func:`frame` are what the Twisted surface builds on; :class:`PrefixedDecoder` is the
h11-style whole.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Union

from ._common import NEED_DATA, LocalProtocolError, _Sentinel

__all__ = [
    "NEED_DATA",
    "LengthLimitExceeded",
    "PrefixedDecoder",
    "StringTooLong",
    "frame",
    "next_frame",
]


class StringTooLong(LocalProtocolError):
    """The payload is too long for the prefix format."""


@dataclass(frozen=True, slots=True)
class LengthLimitExceeded:
    """The peer announced a payload of ``length`` bytes, more than allowed."""

    length: int


def frame(payload: bytes, prefix: struct.Struct) -> bytes:
    """``payload`` with its length prefix; :class:`StringTooLong` if it cannot be described."""
    limit = 1 << (8 * prefix.size)
    if len(payload) >= limit:
        raise StringTooLong(
            f"a payload of {len(payload)} bytes does not fit a {prefix.size}-byte prefix "
            f"(at most {limit - 1} bytes)"
        )
    return prefix.pack(len(payload)) + payload


def next_frame(
    buffer: bytes, offset: int, prefix: struct.Struct, max_length: int
) -> tuple[bytes, int] | LengthLimitExceeded | None:
    """The frame starting at ``offset``: ``(payload, next offset)``, or ``None`` if it is
    incomplete, or :class:`LengthLimitExceeded` if its prefix announces too much."""
    start = offset + prefix.size
    if len(buffer) < start:
        return None
    (length,) = prefix.unpack_from(buffer, offset)
    if length > max_length:
        return LengthLimitExceeded(length)
    end = start + length
    if len(buffer) < end:
        return None
    return buffer[start:end], end


Event = Union[bytes, LengthLimitExceeded, _Sentinel]


class PrefixedDecoder:
    """Length-prefixed strings, one at a time."""

    __slots__ = ("prefix", "max_length", "_buffer", "_offset")

    def __init__(self, fmt: str = "!I", max_length: int = 99999) -> None:
        self.prefix = struct.Struct(fmt)
        self.max_length = max_length
        self._buffer = b""
        self._offset = 0

    def receive_data(self, data: bytes) -> None:
        self._buffer = self._buffer[self._offset :] + data
        self._offset = 0

    def next_event(self) -> Event:
        """A payload, :class:`LengthLimitExceeded` (the stream stays put) or NEED_DATA."""
        result = next_frame(self._buffer, self._offset, self.prefix, self.max_length)
        if result is None:
            return NEED_DATA
        if isinstance(result, LengthLimitExceeded):
            return result
        payload, self._offset = result
        return payload

    def send(self, payload: bytes) -> bytes:
        return frame(payload, self.prefix)
