"""A file-like object that logs what is written to it: :class:`LoggingFile`."""

from __future__ import annotations

import sys
import warnings
from collections.abc import Iterable
from typing import Any, NoReturn

from twistio.logger._levels import LogLevel
from twistio.logger._logger import Logger

__name__ = "twisted.logger._io"

__all__ = ["LoggingFile"]


class LoggingFile:
    """A write-only text file; each complete line written becomes an event with the line
    in ``log_io`` (format ``"{log_io}"``) at ``level`` through ``logger``."""

    _softspace = 0

    def __init__(self, logger: Logger, level: Any = LogLevel.info, encoding: str | None = None) -> None:
        self.level = level
        self.log = logger
        self._encoding: str = sys.getdefaultencoding() if encoding is None else encoding
        self._buffer = ""
        self._closed = False

    @property
    def softspace(self) -> int:
        warnings.warn(
            "twisted.logger._io.LoggingFile.softspace was deprecated in Twisted 21.2.0",
            DeprecationWarning,
            stacklevel=2,
        )
        return self._softspace

    @softspace.setter
    def softspace(self, value: int) -> None:
        warnings.warn(
            "twisted.logger._io.LoggingFile.softspace was deprecated in Twisted 21.2.0",
            DeprecationWarning,
            stacklevel=2,
        )
        self._softspace = value

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def encoding(self) -> str:
        return self._encoding

    @property
    def mode(self) -> str:
        return "w"

    @property
    def newlines(self) -> None:
        return None

    @property
    def name(self) -> str:
        return f"<{self.__class__.__name__} {self.log.namespace}#{self.level.name}>"

    def close(self) -> None:
        self._closed = True

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def write(self, message: str | bytes) -> None:
        """Log each complete line of ``message`` (bytes are decoded); keep the rest."""
        if self._closed:
            raise ValueError("I/O operation on closed file")
        if isinstance(message, bytes):
            text = message.decode(self._encoding)
        else:
            text = message
        if text and not self._buffer and text.find("\n") == len(text) - 1:
            # One whole line (what an access log writes): no splitting needed.
            self.log.emit(self.level, format="{log_io}", log_io=text[:-1])
            return
        lines = (self._buffer + text).split("\n")
        self._buffer = lines[-1]
        for line in lines[:-1]:
            self.log.emit(self.level, format="{log_io}", log_io=line)

    def writelines(self, lines: Iterable[str | bytes]) -> None:
        for line in lines:
            self.write(line)

    def _unsupported(self, *args: object) -> NoReturn:
        raise OSError("unsupported operation")

    read = _unsupported
    next = _unsupported
    readline = _unsupported
    readlines = _unsupported
    xreadlines = _unsupported
    seek = _unsupported
    tell = _unsupported
    truncate = _unsupported
    fileno = _unsupported
