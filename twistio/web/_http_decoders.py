"""The incremental body decoders of twisted.web.http (identity and chunked).

Both take ``dataCallback(bytes)`` for body bytes and ``finishCallback(extra)``, called once
with the bytes that followed the body.  ``noMoreData()`` says the connection ended: it
raises ``_DataLoss`` (or ``PotentialDataLoss`` for a body delimited by the close) when the
body was cut short.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from twistio.web._client_errors import PotentialDataLoss, _DataLoss

__name__ = "twisted.web.http"

#: The longest chunk-size line (size and extensions) accepted.
maxChunkSizeLineLength = 1024

# Characters allowed in chunk extensions: visible ASCII but "\" and DEL, plus tab/space.
_chunkExtChars = (
    b"\t !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`"
    b"abcdefghijklmnopqrstuvwxyz{|}~"
)
_HEX = frozenset(b"0123456789abcdefABCDEF")


class _MalformedChunkedDataError(Exception):
    """The chunked body is malformed."""


class _IdentityTransferDecoder:
    """A body of ``contentLength`` bytes (``None``: until the connection closes)."""

    def __init__(
        self,
        contentLength: int | None,
        dataCallback: Callable[[bytes], Any],
        finishCallback: Callable[[bytes], Any],
    ) -> None:
        self.contentLength = contentLength
        self.dataCallback: Callable[[bytes], Any] | None = dataCallback
        self.finishCallback: Callable[[bytes], Any] | None = finishCallback

    def dataReceived(self, data: bytes) -> None:
        if self.dataCallback is None:
            raise RuntimeError("_IdentityTransferDecoder cannot decode data after finishing")
        if self.contentLength is None:
            self.dataCallback(data)
        elif len(data) < self.contentLength:
            self.contentLength -= len(data)
            self.dataCallback(data)
        else:
            dataCallback, finishCallback = self.dataCallback, self.finishCallback
            assert finishCallback is not None
            length = self.contentLength
            self.dataCallback = self.finishCallback = None
            self.contentLength = 0
            dataCallback(data[:length])
            finishCallback(data[length:])

    def noMoreData(self) -> None:
        finishCallback = self.finishCallback
        self.dataCallback = self.finishCallback = None
        if self.contentLength is None:
            assert finishCallback is not None
            finishCallback(b"")
            raise PotentialDataLoss()
        if self.contentLength != 0:
            raise _DataLoss()


class _ChunkedTransferDecoder:
    """A chunked body.  ``_trailerHeaders`` collects the raw trailer lines."""

    state = "CHUNK_LENGTH"
    _maxTrailerHeadersSize = 2**16

    def __init__(
        self,
        dataCallback: Callable[[bytes], Any] | None,
        finishCallback: Callable[[bytes], Any] | None,
    ) -> None:
        self.dataCallback = dataCallback
        self.finishCallback = finishCallback
        self._buffer = bytearray()
        self._start = 0
        self._trailerHeaders: list[bytes] = []
        self._trailerHeadersSize = 0
        self.length = 0

    def _line(self, limit: int) -> bytes | None:
        """The next CRLF-terminated line from the buffer, or None if incomplete."""
        eol = self._buffer.find(b"\r\n", self._start)
        if eol == -1:
            if len(self._buffer) - self._start > limit:
                raise _MalformedChunkedDataError("line too long")
            return None
        line = bytes(self._buffer[self._start : eol])
        self._start = eol + 2
        return line

    def _dataState(self) -> bool:
        available = len(self._buffer) - self._start
        if available == 0:
            return False
        take = min(available, self.length)
        if take:
            data = bytes(self._buffer[self._start : self._start + take])
            self._start += take
            self.length -= take
            assert self.dataCallback is not None
            self.dataCallback(data)
        if self.length == 0:
            self.state = "CRLF"
            return True
        return False

    def dataReceived(self, data: bytes) -> None:
        if self.state == "FINISHED" and data:
            raise RuntimeError("_ChunkedTransferDecoder.dataReceived called after last chunk was processed")
        self._buffer += data
        more = True
        while more:
            more = getattr(self, "_state_" + self.state)()
        # Drop what was consumed.
        del self._buffer[: self._start]
        self._start = 0

    def _state_CHUNK_LENGTH(self) -> bool:
        line = self._line(maxChunkSizeLineLength)
        if line is None:
            return False
        if len(line) > maxChunkSizeLineLength:
            raise _MalformedChunkedDataError("Chunk size line too long")
        size, _, extensions = line.partition(b";")
        if extensions.translate(None, _chunkExtChars):
            raise _MalformedChunkedDataError("Invalid characters in chunk extensions")
        size = size.strip(b" \t")
        if not size or not all(c in _HEX for c in size):
            raise _MalformedChunkedDataError(f"Chunk-size must be a hex number: {size!r}")
        self.length = int(size, 16)
        self.state = "TRAILER" if self.length == 0 else "BODY"
        return True

    def _state_BODY(self) -> bool:
        return self._dataState()

    def _state_CRLF(self) -> bool:
        if len(self._buffer) - self._start < 2:
            return False
        if self._buffer[self._start : self._start + 2] != b"\r\n":
            raise _MalformedChunkedDataError("Chunk did not end with CRLF")
        self._start += 2
        self.state = "CHUNK_LENGTH"
        return True

    def _state_TRAILER(self) -> bool:
        limit = self._maxTrailerHeadersSize - self._trailerHeadersSize
        eol = self._buffer.find(b"\r\n", self._start)
        if eol == -1:
            if len(self._buffer) - self._start >= limit:
                raise _MalformedChunkedDataError("Trailer headers data is too long.")
            return False
        line = bytes(self._buffer[self._start : eol])
        self._start = eol + 2
        if line:
            self._trailerHeadersSize += len(line) + 2
            if self._trailerHeadersSize > self._maxTrailerHeadersSize:
                raise _MalformedChunkedDataError("Trailer headers data is too long.")
            self._trailerHeaders.append(line)
            return True
        self.state = "FINISHED"
        rest = bytes(self._buffer[self._start :])
        self._start = len(self._buffer)
        assert self.finishCallback is not None
        self.finishCallback(rest)
        return False

    def _state_FINISHED(self) -> bool:
        return False

    def noMoreData(self) -> None:
        """The connection ended: complain unless the last chunk was seen."""
        if self.state != "FINISHED":
            raise _DataLoss(
                f"Chunked decoder in {self.state!r} state, still expecting more data to get "
                "to 'FINISHED' state."
            )
