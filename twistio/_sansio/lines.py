"""Line framing: a byte stream cut at a delimiter, with a length limit and a raw mode.

Rules (the ones ``twisted.protocols.basic.LineReceiver`` follows):

- A *line* is the bytes before a delimiter; the delimiter belongs to no line.
- A complete line longer than ``max_length`` is *overlong*.  What is reported for it is the
  line, its delimiter and everything buffered after it (the stream cannot be trusted past it),
  and the buffer is emptied.
- An unfinished tail (no delimiter yet) is overlong once it holds at least
  ``max_length + len(delimiter)`` bytes: a legal line plus a delimiter that is still arriving
  is shorter than that.  ``LineOnlyReceiver`` is stricter: its tail may not exceed
  ``max_length`` (see :func:`tail_overlong`).
- In *raw* mode the splitter hands out whatever is buffered, as one chunk, until line mode is
  set again.  Mode switches take effect between events, so bytes already buffered are parsed
  under the new mode.

Two ways in: the functions (:func:`split_lines`, :func:`first_overlong`,
:func:`tail_overlong`), which the Twisted surface uses on its hot path to cut a whole buffer in
one C-level ``bytes.split``; and :class:`LineSplitter`, an h11-style object
(``receive_data`` / ``next_event``) for code that wants events one at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from ._common import NEED_DATA, _Sentinel

__all__ = [
    "NEED_DATA",
    "Line",
    "LineSplitter",
    "LineTooLong",
    "RawData",
    "first_overlong",
    "split_lines",
    "tail_overlong",
]


def split_lines(buffer: bytes, delimiter: bytes) -> tuple[list[bytes], bytes]:
    """Cut ``buffer`` into its complete lines and the unfinished tail (possibly empty)."""
    lines = buffer.split(delimiter)
    tail = lines.pop()
    return lines, tail


def first_overlong(lines: list[bytes], max_length: int) -> int:
    """Index of the first line longer than ``max_length``, or ``-1`` if there is none.

    The common case (no long line) costs one C-level pass over the lengths.
    """
    if not lines or max(map(len, lines)) <= max_length:
        return -1
    for index, line in enumerate(lines):
        if len(line) > max_length:
            return index
    raise AssertionError("unreachable")  # pragma: no cover


def tail_overlong(tail: bytes, max_length: int, delimiter: bytes, strict: bool = False) -> bool:
    """Whether an unfinished line can no longer become a legal one.

    With ``strict`` (``LineOnlyReceiver``'s rule) any tail longer than ``max_length`` is
    overlong; otherwise a tail may still be a legal line followed by the start of a delimiter.
    """
    if strict:
        return len(tail) > max_length
    return len(tail) >= max_length + len(delimiter)


@dataclass(frozen=True, slots=True)
class Line:
    """A complete line, without its delimiter."""

    data: bytes


@dataclass(frozen=True, slots=True)
class RawData:
    """Bytes handed out whole while the splitter is in raw mode."""

    data: bytes


@dataclass(frozen=True, slots=True)
class LineTooLong:
    """An overlong line: ``data`` is everything that was dropped with it."""

    data: bytes


Event = Union[Line, RawData, LineTooLong, _Sentinel]


class LineSplitter:
    """Line framing, one event at a time.

    ``receive_data(bytes)`` buffers; ``next_event()`` returns :class:`Line`, :class:`RawData`,
    :class:`LineTooLong` or :data:`NEED_DATA`.  ``set_raw_mode()`` / ``set_line_mode()``
    switch between events; ``clear()`` takes the unparsed bytes back.
    """

    __slots__ = ("delimiter", "max_length", "line_mode", "_buffer", "_pos")

    def __init__(self, delimiter: bytes = b"\r\n", max_length: int = 16384) -> None:
        if not delimiter:
            raise ValueError("the delimiter must not be empty")
        self.delimiter = delimiter
        self.max_length = max_length
        self.line_mode = True
        self._buffer = b""
        self._pos = 0

    def receive_data(self, data: bytes) -> None:
        """Append ``data`` to the bytes waiting to be parsed."""
        if self._pos:
            self._buffer = self._buffer[self._pos :]
            self._pos = 0
        self._buffer += data

    @property
    def buffered(self) -> bytes:
        """The bytes received and not yet handed out."""
        return self._buffer[self._pos :]

    def clear(self) -> bytes:
        """Drop and return the unparsed bytes."""
        rest = self.buffered
        self._buffer = b""
        self._pos = 0
        return rest

    def set_raw_mode(self) -> None:
        self.line_mode = False

    def set_line_mode(self) -> None:
        self.line_mode = True

    def next_event(self) -> Event:
        """The next event the buffered bytes make, or :data:`NEED_DATA`."""
        buffer, pos = self._buffer, self._pos
        if pos >= len(buffer):
            return NEED_DATA
        if not self.line_mode:
            return RawData(self.clear())
        end = buffer.find(self.delimiter, pos)
        if end < 0:
            if tail_overlong(buffer[pos:], self.max_length, self.delimiter):
                return LineTooLong(self.clear())
            return NEED_DATA
        if end - pos > self.max_length:
            return LineTooLong(self.clear())
        self._pos = end + len(self.delimiter)
        return Line(buffer[pos:end])
