"""Fake channels and requests for testing resources without a network
(``DummyChannel``, ``DummyRequest``; klein and Twisted's own web tests use them)."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from zope.interface import implementer

from twistio.internet.address import IPv4Address, IPv6Address
from twistio.internet.defer import Deferred
from twistio.internet.interfaces import IAddress, ISSLTransport
from twistio.internet.task import Clock
from twistio.python.deprecate import deprecated
from twistio.python.versions import Version
from twistio.web._responses import FOUND
from twistio.web.http_headers import Headers
from twistio.web.resource import Resource
from twistio.web.server import NOT_DONE_YET, Session, Site

__name__ = "twisted.web.test.requesthelper"

__all__ = ["DummyChannel", "DummyRequest"]

#: Header values with each kind of line break, and what Headers turns them into.
textLinearWhitespaceComponents = [f"Foo{lw}bar" for lw in ["\r", "\n", "\r\n"]]
sanitizedText = "Foo bar"
bytesLinearWhitespaceComponents = [c.encode("ascii") for c in textLinearWhitespaceComponents]
sanitizedBytes = sanitizedText.encode("ascii")


@implementer(IAddress)
class NullAddress:
    """An address that is no address (a request without a client)."""


class _FakeTCP:
    """A transport recording what is written to it."""

    port = 80
    disconnected = False

    def __init__(self, peer: Any = None) -> None:
        self._peer = peer if peer is not None else IPv4Address("TCP", "192.168.1.1", 12344)
        self.written = BytesIO()
        self.producers: list[tuple[Any, bool]] = []

    def getPeer(self) -> Any:
        return self._peer

    def getHost(self) -> Any:
        return IPv4Address("TCP", "10.0.0.1", self.port)

    def write(self, data: bytes) -> None:
        if not isinstance(data, bytes):
            raise TypeError(f"Can only write bytes to a transport, not {data!r}")
        self.written.write(data)

    def writeSequence(self, iovec: Any) -> None:
        for piece in iovec:
            self.write(piece)

    def registerProducer(self, producer: Any, streaming: bool) -> None:
        self.producers.append((producer, streaming))

    def unregisterProducer(self) -> None:
        pass

    def loseConnection(self) -> None:
        self.disconnected = True


@implementer(ISSLTransport)
class _FakeSSL(_FakeTCP):
    """The same, claiming to be TLS."""

    def abortConnection(self) -> None:
        pass

    def getTcpKeepAlive(self) -> None:
        pass

    def getTcpNoDelay(self) -> None:
        pass

    def loseWriteConnection(self) -> None:
        pass

    def setTcpKeepAlive(self, enabled: Any) -> None:
        pass

    def setTcpNoDelay(self, enabled: Any) -> None:
        pass

    def getPeerCertificate(self) -> None:
        pass


class DummyChannel:
    """Enough of an HTTPChannel for a Request: writes go to ``transport.written``."""

    TCP = _FakeTCP
    SSL = _FakeSSL

    site = Site(Resource())

    def __init__(self, peer: Any = None) -> None:
        self.transport: Any = self.TCP(peer)

    def requestDone(self, request: Any) -> None:
        pass

    def writeHeaders(self, version: bytes, code: bytes, reason: bytes, headers: Any) -> None:
        if isinstance(headers, Headers):
            headers = [(k, v) for k, vs in headers.getAllRawHeaders() for v in vs]
        lines = [version + b" " + code + b" " + reason + b"\r\n"]
        lines.extend(name + b": " + value + b"\r\n" for name, value in headers)
        lines.append(b"\r\n")
        self.transport.writeSequence(lines)

    def getPeer(self) -> Any:
        return self.transport.getPeer()

    def getHost(self) -> Any:
        return self.transport.getHost()

    def registerProducer(self, producer: Any, streaming: bool) -> None:
        self.transport.registerProducer(producer, streaming)

    def unregisterProducer(self) -> None:
        self.transport.unregisterProducer()

    def write(self, data: bytes) -> None:
        self.transport.write(data)

    def writeSequence(self, iovec: Any) -> None:
        self.transport.writeSequence(iovec)

    def loseConnection(self) -> None:
        self.transport.loseConnection()

    def endRequest(self) -> None:
        pass

    def isSecure(self) -> bool:
        return isinstance(self.transport, self.SSL)

    def abortConnection(self) -> None:
        pass

    def getTcpKeepAlive(self) -> None:
        pass

    def getTcpNoDelay(self) -> None:
        pass

    def loseWriteConnection(self) -> None:
        pass

    def setTcpKeepAlive(self) -> None:
        pass

    def setTcpNoDelay(self) -> None:
        pass

    def getPeerCertificate(self) -> None:
        pass


class DummyRequest:
    """A stand-in request recording what a resource does with it.

    ``written`` holds the body pieces, ``responseCode`` the status set, ``finished`` how
    many times ``finish`` was called.  ``render`` renders a resource that returns bytes or
    NOT_DONE_YET, nothing more (no HEAD or error handling).
    """

    uri = b"http://dummy/"
    method = b"GET"
    client: Any = None
    _forceSSL: Any = 0

    def __init__(self, postpath: list[bytes], session: Any = None, client: Any = None) -> None:
        self.sitepath: list[bytes] = []
        self.written: list[bytes] = []
        self.finished = 0
        self.postpath = postpath
        self.prepath: list[bytes] = []
        self.session: Any = None
        self.protoSession = session or Session(site=None, uid=b"0", reactor=Clock())
        self.args: dict[bytes, list[bytes]] = {}
        self.requestHeaders = Headers()
        self.responseHeaders = Headers()
        self.responseCode: int | None = None
        self._finishedDeferreds: list[Deferred[None]] | None = []
        self._serverName = b"dummy"
        self.clientproto = b"HTTP/1.0"
        if client is not None:
            self.client = client

    def registerProducer(self, prod: Any, s: Any) -> None:
        """Drive a pull producer until it unregisters."""
        self.go = 1
        while self.go:
            prod.resumeProducing()

    def unregisterProducer(self) -> None:
        self.go = 0

    def getAllHeaders(self) -> dict[bytes, bytes]:
        return {k.lower(): v[-1] for k, v in self.requestHeaders.getAllRawHeaders()}

    def getHeader(self, name: bytes) -> Any:
        return self.requestHeaders.getRawHeaders(name.lower(), [None])[0]

    def setHeader(self, name: bytes, value: bytes) -> None:
        self.responseHeaders.addRawHeader(name, value)

    def getSession(self, sessionInterface: Any = None) -> Any:
        if self.session:
            return self.session
        assert not self.written, "Session cannot be requested after data has been written."
        self.session = self.protoSession
        return self.session

    def render(self, resource: Any) -> None:
        result = resource.render(self)
        if result is NOT_DONE_YET:
            return
        self.write(result)
        self.finish()

    def write(self, data: bytes) -> None:
        if not isinstance(data, bytes):
            raise TypeError("write() only accepts bytes")
        self.written.append(data)

    def notifyFinish(self) -> Deferred[None]:
        d: Deferred[None] = Deferred()
        assert self._finishedDeferreds is not None
        self._finishedDeferreds.append(d)
        return d

    def finish(self) -> None:
        self.finished = self.finished + 1
        if self._finishedDeferreds is not None:
            waiting, self._finishedDeferreds = self._finishedDeferreds, None
            for d in waiting:
                d.callback(None)

    def processingFailed(self, reason: Any) -> None:
        if self._finishedDeferreds is not None:
            waiting, self._finishedDeferreds = self._finishedDeferreds, None
            for d in waiting:
                d.errback(reason)

    def addArg(self, name: bytes, value: bytes) -> None:
        self.args[name] = [value]

    def _writtenText(self) -> str:
        return "@@@@".join(w.decode("latin-1") for w in self.written)

    def setResponseCode(self, code: int, message: bytes | None = None) -> None:
        assert not self.written, (
            f"Response code cannot be set after data has been written: {self._writtenText()}."
        )
        self.responseCode = code
        self.responseMessage = message

    def setLastModified(self, when: float) -> None:
        assert not self.written, (
            f"Last-Modified cannot be set after data has been written: {self._writtenText()}."
        )

    def setETag(self, tag: bytes) -> None:
        assert not self.written, (
            f"ETag cannot be set after data has been written: {self._writtenText()}."
        )

    @deprecated(Version("Twisted", 18, 4, 0), replacement="getClientAddress")
    def getClientIP(self) -> str | None:
        if isinstance(self.client, (IPv4Address, IPv6Address)):
            return str(self.client.host)
        return None

    def getClientAddress(self) -> Any:
        if self.client is None:
            return NullAddress()
        return self.client

    def getRequestHostname(self) -> bytes:
        return self._serverName

    def getHost(self) -> Any:
        return IPv4Address("TCP", "127.0.0.1", 80)

    def isSecure(self) -> bool:
        return bool(self._forceSSL)

    def setHost(self, host: bytes, port: int, ssl: Any = 0) -> None:
        self._forceSSL = ssl
        default = 443 if self.isSecure() else 80
        hostHeader = host if port == default else b"%b:%d" % (host, port)
        self.requestHeaders.addRawHeader(b"host", hostHeader)

    def redirect(self, url: bytes) -> None:
        self.setResponseCode(FOUND)
        self.setHeader(b"location", url)
