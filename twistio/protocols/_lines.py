"""Line protocols of ``twisted.protocols.basic``: LineReceiver, LineOnlyReceiver.

The splitting rules live in :mod:`twistio._sansio.lines`; this module adds Twisted's delivery
rules around them: pausing, mode switches from inside callbacks (the rest of the buffer is
parsed under the new mode), re-entrant ``dataReceived``, the return value of a callback
stopping delivery, and a closing transport stopping it.

LineReceiver cuts each received buffer with one ``bytes.split`` and delivers the lines from a
list.  The lines not delivered yet are only turned back into bytes when something needs the
buffer as bytes (a mode switch, a pause, ``clearLineBuffer``, an exception), so the common
case costs one split and one call per line.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from twistio._sansio.lines import first_overlong, tail_overlong
from twistio.internet import protocol

__name__ = "twisted.protocols.basic"


class _PauseableMixin:
    """Pausing a protocol also pauses its transport's reading, and stops line delivery."""

    paused = False
    transport: Any

    def pauseProducing(self) -> None:
        self.paused = True
        self.transport.pauseProducing()

    def resumeProducing(self) -> None:
        self.paused = False
        self.transport.resumeProducing()
        # Deliver what was buffered while paused.
        self.dataReceived(b"")  # type: ignore[attr-defined]

    def stopProducing(self) -> None:
        self.paused = True
        self.transport.stopProducing()


class LineOnlyReceiver(protocol.Protocol):
    """Receives lines only (no raw mode), cut at ``delimiter``.

    A line (or unfinished line) longer than ``MAX_LENGTH`` is passed to
    :meth:`lineLengthExceeded`, which drops the connection by default.  Delivery stops when
    the transport starts disconnecting.
    """

    _buffer = b""
    delimiter = b"\r\n"
    MAX_LENGTH = 16384

    def dataReceived(self, data: bytes) -> Any:
        lines = (self._buffer + data).split(self.delimiter)
        self._buffer = lines.pop()
        maxLength = self.MAX_LENGTH
        for line in lines:
            if self.transport.disconnecting:
                # The connection is closing: the remaining lines would be answered into it.
                return None
            if len(line) > maxLength:
                return self.lineLengthExceeded(line)
            self.lineReceived(line)
        if tail_overlong(self._buffer, maxLength, self.delimiter, strict=True):
            return self.lineLengthExceeded(self._buffer)
        return None

    def lineReceived(self, line: bytes) -> Any:
        """Override: called with each line, without its delimiter."""
        raise NotImplementedError

    def sendLine(self, line: bytes) -> Any:
        """Write ``line`` followed by the delimiter."""
        return self.transport.writeSequence((line, self.delimiter))

    def lineLengthExceeded(self, line: bytes) -> Any:
        """Called with an overlong line; drops the connection by default."""
        return self.transport.loseConnection()


def _rejoin(delimiter: bytes, pending: Iterator[bytes], tail: bytes) -> bytes:
    """Undelivered lines back into bytes, followed by the unsplit tail."""
    rest = list(pending)
    if not rest:
        return tail
    rest.append(tail)
    return delimiter.join(rest)


class LineReceiver(protocol.Protocol, _PauseableMixin):
    """Receives lines, or raw data after :meth:`setRawMode`.

    ``delimiter`` cuts lines; a line longer than ``MAX_LENGTH`` (or an unfinished one that can
    no longer fit) goes to :meth:`lineLengthExceeded` with the rest of the buffer, which drops
    the connection by default.  Switching modes from a callback makes the rest of the buffer
    parse under the new mode.  A callback returning a true value stops delivery and
    ``dataReceived`` returns that value; so does the transport starting to disconnect.
    """

    line_mode = 1
    _buffer = b""
    _busyReceiving = False
    # While lines cut from one buffer are being delivered: the ones not delivered yet.
    _pending: Iterator[bytes] | None = None
    delimiter = b"\r\n"
    MAX_LENGTH = 16384

    def clearLineBuffer(self) -> bytes:
        """Drop and return everything buffered (usable from inside a callback)."""
        pending = self._pending
        if pending is not None:
            buffered = _rejoin(self.delimiter, pending, self._buffer)
        else:
            buffered = self._buffer
        self._buffer = b""
        return buffered

    def dataReceived(self, data: bytes) -> Any:
        """Buffer ``data`` and deliver the lines or raw data it completes."""
        if self._busyReceiving:
            # Called from inside a callback: the running delivery loop will see it.
            self._buffer += data
            return None
        self._busyReceiving = True
        try:
            self._buffer += data
            while self._buffer and not self.paused:
                if self.line_mode:
                    more, why = self._deliverLines()
                    if not more:
                        return why
                else:
                    raw = self._buffer
                    self._buffer = b""
                    why = self.rawDataReceived(raw)
                    if why:
                        return why
            return None
        finally:
            self._busyReceiving = False

    def _deliverLines(self) -> tuple[bool, Any]:
        """Deliver the complete lines in the buffer.

        Returns ``(more, why)``: ``more`` when the buffer must be looked at again (the mode
        changed, or bytes arrived from inside a callback); otherwise ``why`` is what
        ``dataReceived`` returns.
        """
        delimiter = self.delimiter
        maxLength = self.MAX_LENGTH
        buffer = self._buffer
        lines = buffer.split(delimiter)
        self._buffer = tail = lines.pop()
        if lines:
            # Only a buffer longer than the limit can hold an overlong line.
            checkLength = len(buffer) > maxLength and first_overlong(lines, maxLength) >= 0
            transport = self.transport
            pending = self._pending = iter(lines)
            try:
                for line in pending:
                    if checkLength and len(line) > maxLength:
                        exceeded = delimiter.join([line, *pending, self._buffer])
                        self._buffer = b""
                        return False, self.lineLengthExceeded(exceeded)
                    why = self.lineReceived(line)
                    if why or (transport is not None and transport.disconnecting):
                        self._buffer = _rejoin(delimiter, pending, self._buffer)
                        return False, why
                    if self.paused or not self.line_mode or self.delimiter is not delimiter:
                        # The outer loop stops (paused), hands the rest over as raw data,
                        # or cuts it again at the new delimiter.
                        self._buffer = _rejoin(delimiter, pending, self._buffer)
                        return True, None
            except BaseException:
                # Keep what was not delivered, as if the lines had been cut one at a time.
                self._buffer = _rejoin(delimiter, pending, self._buffer)
                raise
            finally:
                self._pending = None
            if self._buffer is not tail:
                # Bytes arrived from inside a callback (or the buffer was cleared): look
                # at the buffer again.
                return True, None
        if tail_overlong(tail, maxLength, delimiter):
            self._buffer = b""
            return False, self.lineLengthExceeded(tail)
        return False, None

    def setLineMode(self, extra: bytes = b"") -> Any:
        """Parse lines again; ``extra`` is received as if it had just arrived."""
        self.line_mode = 1
        if extra:
            return self.dataReceived(extra)
        return None

    def setRawMode(self) -> None:
        """Hand the rest of the buffer and later data to :meth:`rawDataReceived`."""
        self.line_mode = 0

    def rawDataReceived(self, data: bytes) -> Any:
        """Override: called with data received in raw mode."""
        raise NotImplementedError

    def lineReceived(self, line: bytes) -> Any:
        """Override: called with each line, without its delimiter."""
        raise NotImplementedError

    def sendLine(self, line: bytes) -> Any:
        """Write ``line`` followed by the delimiter."""
        return self.transport.write(line + self.delimiter)

    def lineLengthExceeded(self, line: bytes) -> Any:
        """Called with an overlong line and the rest of the buffer; drops the connection."""
        return self.transport.loseConnection()
