"""twisted.web.http.HTTPClient: the old line-based HTTP/1.0 client protocol (deprecated
since Twisted 24.7; use twisted.web.client.Agent)."""

from __future__ import annotations

import re
from typing import Any

from twistio.protocols import basic
from twistio.python.failure import Failure

__name__ = "twisted.web.http"

_LINEAR_WS = re.compile(rb"\r\n|\r|\n")


class HTTPClient(basic.LineReceiver):
    """Sends a request with ``sendCommand``/``sendHeader``/``endHeaders`` and parses the
    response into ``handleStatus``, ``handleHeader``, ``handleEndHeaders``,
    ``handleResponsePart`` and ``handleResponseEnd`` calls."""

    length: int | None = None
    firstLine = True
    __buffer: list[bytes] | None = None
    _header = b""

    def sendCommand(self, command: bytes, path: bytes) -> None:
        self.transport.writeSequence([command, b" ", path, b" HTTP/1.0\r\n"])

    def sendHeader(self, name: bytes | str, value: Any) -> None:
        if not isinstance(value, bytes):
            value = str(value).encode("ascii")
        if isinstance(name, str):
            name = name.encode("ascii")
        name = _LINEAR_WS.sub(b" ", name)
        value = _LINEAR_WS.sub(b" ", value)
        self.transport.writeSequence([name, b": ", value, b"\r\n"])

    def endHeaders(self) -> None:
        self.transport.write(b"\r\n")

    def extractHeader(self, header: bytes) -> None:
        key, val = header.split(b":", 1)
        val = val.lstrip()
        self.handleHeader(key, val)
        if key.lower() == b"content-length":
            self.length = int(val)

    def lineReceived(self, line: bytes) -> None:
        if self.firstLine:
            self.firstLine = False
            parts = line.split(None, 2)
            if len(parts) < 2 or not parts[0].startswith(b"HTTP/"):
                self.transport.loseConnection()
                return
            version, status = parts[0], parts[1]
            message = parts[2] if len(parts) == 3 else b""
            self.handleStatus(version, status, message)
            return
        if not line:
            if self._header != b"":
                self.extractHeader(self._header)
            self._header = b""
            self.__buffer = []
            self.handleEndHeaders()
            self.setRawMode()
            return
        if line.startswith(b"\t") or line.startswith(b" "):
            self._header = self._header + line
        elif self._header:
            self.extractHeader(self._header)
            self._header = line
        else:
            self._header = line

    def connectionLost(self, reason: Failure | None = None) -> None:
        self.handleResponseEnd()

    def handleResponseEnd(self) -> None:
        if self.__buffer is not None:
            b = b"".join(self.__buffer)
            self.__buffer = None
            self.handleResponse(b)

    def handleResponsePart(self, data: bytes) -> None:
        assert self.__buffer is not None
        self.__buffer.append(data)

    def connectionMade(self) -> None:
        pass

    def handleStatus(self, version: bytes, status: bytes, message: bytes) -> None:
        pass

    def handleHeader(self, key: bytes, val: bytes) -> None:
        pass

    def handleEndHeaders(self) -> None:
        pass

    def handleResponse(self, response: bytes) -> None:
        pass

    def rawDataReceived(self, data: bytes) -> None:
        if self.length is not None:
            data, rest = data[: self.length], data[self.length :]
            self.length -= len(data)
        else:
            rest = b""
        self.handleResponsePart(data)
        if self.length == 0:
            self.handleResponseEnd()
            self.setLineMode(rest)
