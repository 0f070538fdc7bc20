"""Netstrings (D. J. Bernstein): ``<decimal length>:<payload>,``.

Rules:

- The length is ``0`` or a decimal number without leading zeros, followed by ``:``.
- The length may not exceed ``max_length``; an unfinished length already greater than
  ``max_length`` is refused at once (more digits can only make it greater).
- The payload is followed by exactly one ``,``.
- Any violation is a :class:`NetstringError` (a ``RemoteProtocolError``); after one the stream
  cannot be resynchronised and the decoder refuses further input.

:func:`parse_length` and :func:`format_netstring` are what the Twisted surface builds on;
:class:`NetstringDecoder` is the h11-style whole (``receive_data`` / ``next_event``).
"""

from __future__ import annotations

from ._common import NEED_DATA, RemoteProtocolError, _Sentinel

__all__ = [
    "NEED_DATA",
    "NetstringDecoder",
    "NetstringError",
    "NetstringIncomplete",
    "format_netstring",
    "parse_length",
]

_DIGITS = frozenset(b"0123456789")


class NetstringError(RemoteProtocolError):
    """The peer's bytes are not a netstring (or one longer than allowed)."""


class NetstringIncomplete(Exception):
    """Not enough bytes yet to finish the part being parsed."""


def _check_digits(digits: bytes, max_length: int) -> int:
    if not digits:
        raise NetstringError("netstring does not start with a length")
    if not _DIGITS.issuperset(digits):
        raise NetstringError("netstring length is not a decimal number")
    if len(digits) > 1 and digits[0] == 0x30:
        raise NetstringError("netstring length has a leading zero")
    length = int(digits)
    if length > max_length:
        raise NetstringError(f"netstring longer than the maximum of {max_length} bytes")
    return length


def parse_length(data: bytes, max_length: int) -> tuple[int, int]:
    """Parse the length prefix at the start of ``data``.

    Returns ``(length, consumed)``: the declared payload length and how many bytes the prefix
    with its colon took.  Raises :class:`NetstringIncomplete` when the colon has not arrived
    yet (after checking that what did arrive can still be legal) and :class:`NetstringError`
    when it cannot.
    """
    colon = data.find(b":")
    if colon < 0:
        # No colon yet: the digits so far must already be a legal, small enough length.
        if data:
            _check_digits(data, max_length)
        raise NetstringIncomplete()
    return _check_digits(data[:colon], max_length), colon + 1


def format_netstring(payload: bytes) -> bytes:
    """``payload`` framed as a netstring."""
    return b"%d:%b," % (len(payload), payload)


class NetstringDecoder:
    """Netstrings, one payload at a time: ``next_event()`` returns ``bytes`` or NEED_DATA."""

    __slots__ = ("max_length", "_buffer", "_expected", "broken")

    def __init__(self, max_length: int = 99999) -> None:
        self.max_length = max_length
        self._buffer = b""
        self._expected = -1  # payload length once the prefix is parsed
        self.broken = False

    def receive_data(self, data: bytes) -> None:
        if self.broken:
            raise NetstringError("the netstring stream is already broken")
        self._buffer += data

    def next_event(self) -> bytes | _Sentinel:
        if self.broken:
            raise NetstringError("the netstring stream is already broken")
        try:
            if self._expected < 0:
                try:
                    self._expected, used = parse_length(self._buffer, self.max_length)
                except NetstringIncomplete:
                    return NEED_DATA
                self._buffer = self._buffer[used:]
            size = self._expected
            if len(self._buffer) <= size:
                return NEED_DATA
            if self._buffer[size] != 0x2C:
                raise NetstringError("netstring is not terminated by a comma")
        except NetstringError:
            self.broken = True
            raise
        payload = self._buffer[:size]
        self._buffer = self._buffer[size + 1 :]
        self._expected = -1
        return payload
