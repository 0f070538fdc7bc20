"""twisted.web.http.Request: one HTTP request and the writing of its response."""

from __future__ import annotations

import base64
import binascii
import math
import tempfile
import warnings
from collections.abc import Iterable, Sequence
from io import BytesIO
from typing import IO, Any

from zope.interface import Attribute, Interface, implementer

from twistio.internet import address, interfaces
from twistio.internet.defer import Deferred
from twistio.logger import Logger
from twistio.python.failure import Failure
from twistio.web._http_util import (
    _parseRequestArgs,
    datetimeToString,
    stringToDatetime,
    toChunk,
)
from twistio.web._responses import (
    FOUND,
    NOT_MODIFIED,
    PRECONDITION_FAILED,
    RESPONSES,
)
from twistio.web.http_headers import Headers, _canonicalCache
from twistio.web.iweb import IRequest

__name__ = "twisted.web.http"

#: Returned by setLastModified/setETag when the client's cached copy is current.
CACHED = """Magic constant returned by http.Request methods to set cache
validation headers when the request is conditional and the value fails
the condition."""

#: Response codes that must not carry a body.
NO_BODY_CODES = (204, 304)

_QUEUED_SENTINEL = object()

#: Bodies above this many bytes are spooled to a temporary file.
_MAX_MEMORY_BODY = 100_000


def _getContentFile(length: int | None) -> IO[bytes]:
    """A file for a request body of ``length`` bytes (``None``: unknown)."""
    if length is not None and length < _MAX_MEMORY_BODY:
        return BytesIO()
    return tempfile.TemporaryFile()


def _bytesOf(value: bytes | str) -> bytes:
    return value.encode("utf-8") if isinstance(value, str) else value


def _sanitizeCookie(value: bytes | str) -> bytes:
    # A cookie attribute must not end the header line or start another attribute.
    return _bytesOf(value).replace(b"\r", b" ").replace(b"\n", b" ").replace(b";", b" ")


class _IDeprecatedHTTPChannelToRequestInterface(Interface):
    """What an HTTPChannel uses of the requests it makes (all it may rely on)."""

    requestHeaders = Attribute("The request's Headers, filled by the channel.")
    responseHeaders = Attribute("The response's Headers.")

    def connectionLost(reason: Any) -> None:
        """The connection went away before the response was finished."""

    def gotLength(length: int | None) -> None:
        """The body will have ``length`` bytes (None: chunked)."""

    def handleContentChunk(data: bytes) -> None:
        """Some body bytes arrived."""

    def parseCookies() -> None:
        """Parse the Cookie headers."""

    def requestReceived(command: bytes, path: bytes, version: bytes) -> None:
        """The whole request has arrived."""

    def __eq__(other: object) -> bool:
        """Requests compare by identity."""

    def __ne__(other: object) -> bool:
        """Requests compare by identity."""

    def __hash__() -> int:
        """Requests hash by identity."""


@implementer(interfaces.IConsumer, IRequest, _IDeprecatedHTTPChannelToRequestInterface)
class Request:  # type: ignore[misc]
    """An HTTP request received by an ``HTTPChannel``.

    The channel feeds it with ``gotLength``, ``handleContentChunk`` and finally
    ``requestReceived``, which calls ``process``: subclasses override ``process`` to answer,
    using ``setResponseCode``/``setHeader``/``write`` and ``finish``.
    """

    producer: Any = None
    finished = 0
    code = 200
    code_message = b"OK"
    method = b"(no method yet)"
    clientproto = b"(no clientproto yet)"
    uri = b"(no uri yet)"
    startedWriting = 0
    chunked = 0
    sentLength = 0
    etag: bytes | None = None
    lastModified: int | None = None
    args: dict[bytes, list[bytes]] | None = None
    path: bytes | None = None
    content: IO[bytes] | None = None
    _forceSSL = 0
    _disconnected = False
    _log: Any = Logger()

    _parsePOSTFormSubmission = True

    def __init__(
        self,
        channel: Any,
        queued: object = _QUEUED_SENTINEL,
        parsePOSTFormSubmission: bool | None = None,
    ) -> None:
        self.notifications: list[Deferred[None]] = []
        self.channel = channel
        self.requestHeaders = Headers()
        self.received_cookies: dict[bytes, bytes] = {}
        self.responseHeaders = Headers()
        self.cookies: list[bytes] = []
        self.transport = getattr(channel, "transport", None)
        self.client: Any = None
        getPeer = getattr(channel, "getPeer", None)
        if getPeer is not None:
            self.client = getPeer()
        host = getattr(channel, "getHost", None)
        self.host: Any = host() if host is not None else None
        # ``queued`` is accepted and ignored, silently, as Twisted does now.
        del queued
        if parsePOSTFormSubmission is None:
            site = getattr(channel, "site", None)
            parsePOSTFormSubmission = getattr(site, "_parsePOSTFormSubmission", True)
        self._parsePOSTFormSubmission = bool(parsePOSTFormSubmission)

    def __repr__(self) -> str:
        return "<{} at 0x{:x} method={} uri={} clientproto={}>".format(
            self.__class__.__name__,
            id(self),
            self.method.decode("ascii", "replace"),
            self.uri.decode("ascii", "replace"),
            self.clientproto.decode("ascii", "replace"),
        )

    # -- receiving ------------------------------------------------------------------------
    def gotLength(self, length: int | None) -> None:
        """The body will have ``length`` bytes (``None``: unknown, chunked).

        A site with a ``getContentFile(length)`` method supplies the file.
        """
        siteGetContentFile = getattr(getattr(self.channel, "site", None), "getContentFile", None)
        if siteGetContentFile is not None:
            self.content = siteGetContentFile(length)
        else:
            self.content = _getContentFile(length)

    def handleContentChunk(self, data: bytes) -> None:
        """A piece of the request body arrived."""
        assert self.content is not None
        self.content.write(data)

    def parseCookies(self) -> None:
        """Fill ``received_cookies`` from the Cookie headers."""
        requestHeaders = self.requestHeaders
        if type(requestHeaders) is Headers and b"Cookie" not in requestHeaders._rawHeaders:
            # Most requests carry no cookie: one dict lookup instead of getRawHeaders.
            return
        cookieHeaders = requestHeaders.getRawHeaders(b"cookie")
        if cookieHeaders is None:
            return
        for cookietxt in cookieHeaders:
            for cook in cookietxt.split(b";"):
                cook = cook.lstrip()
                try:
                    k, v = cook.split(b"=", 1)
                except ValueError:
                    continue
                self.received_cookies[k] = v

    def requestReceived(self, command: bytes, path: bytes, version: bytes) -> None:
        """The whole request (head and body) has arrived: parse it and ``process``."""
        if self.content is None:
            self.gotLength(0)
        assert self.content is not None
        self.content.seek(0, 0)
        self.args = {}
        self.method, self.uri = command, path
        self.clientproto = version
        x = self.uri.split(b"?", 1)
        if len(x) == 1:
            self.path = self.uri
        else:
            self.path, argstring = x
            self.args = _parseRequestArgs(argstring)
        self.client = self.channel.getPeer()
        if self.method == b"POST" and self._parsePOSTFormSubmission:
            ctype = self.requestHeaders.getRawHeaders(b"content-type")
            if ctype is not None:
                self._parseFormBody(ctype[0])
        self.parseCookies()
        self.process()

    def _parseFormBody(self, ctype: bytes) -> None:
        from twistio.web._http_form import parseFormBody

        assert self.content is not None and self.args is not None
        ok = parseFormBody(ctype, self.content, self.args)
        if not ok:
            self.channel._respondToBadRequestAndDisconnect()
            raise _BadForm()
        self.content.seek(0, 0)

    def process(self) -> None:
        """Answer the request; the base class does nothing."""

    # -- headers --------------------------------------------------------------------------
    def getHeader(self, key: bytes | str) -> Any:
        """The last value of request header ``key``, or ``None``."""
        value = self.requestHeaders.getRawHeaders(key)  # type: ignore[call-overload]
        if value is not None:
            return value[-1]
        return None

    def getAllHeaders(self) -> dict[bytes, bytes]:
        """Request headers: lower-case name -> last value."""
        headers = {}
        for k, v in self.requestHeaders.getAllRawHeaders():
            headers[k.lower()] = v[-1]
        return headers

    def getCookie(self, key: bytes) -> bytes | None:
        return self.received_cookies.get(key)

    def setHeader(self, name: bytes | str, value: bytes | str) -> None:
        """Set response header ``name`` to the single ``value``."""
        headers = self.responseHeaders
        if (
            type(headers) is Headers
            and type(value) is bytes
            and value.find(b"\n") < 0  # find, not "in": see _headReceived
            and value.find(b"\r") < 0
        ):
            # The common case, without the general path's calls: a known name, a
            # bytes value needing no cleaning.
            canonical = _canonicalCache.get(name)
            if canonical is not None:
                headers._rawHeaders[canonical] = [value]
                return
        headers.setRawHeaders(name, [value])

    def setResponseCode(self, code: int, message: bytes | None = None) -> None:
        """Set the response status (and reason; the standard one by default)."""
        if not isinstance(code, int):
            raise TypeError("HTTP response code must be int or long")
        self.code = code
        if message is not None:
            if not isinstance(message, bytes):
                raise TypeError("HTTP response status message must be bytes")
            self.code_message = message
        else:
            self.code_message = RESPONSES.get(code, b"Unknown Status")

    def redirect(self, url: bytes) -> None:
        """Answer 302 Found with ``Location: url``."""
        self.setResponseCode(FOUND)
        self.setHeader(b"location", url)

    def addCookie(
        self,
        k: bytes | str,
        v: bytes | str,
        expires: bytes | str | None = None,
        domain: bytes | str | None = None,
        path: bytes | str | None = None,
        max_age: bytes | str | int | None = None,
        comment: bytes | str | None = None,
        secure: bool | None = None,
        httpOnly: bool = False,
        sameSite: str | bytes | None = None,
    ) -> None:
        """Add a Set-Cookie header to the response."""
        cookie = _sanitizeCookie(k) + b"=" + _sanitizeCookie(v)
        if expires is not None:
            cookie += b"; Expires=" + _sanitizeCookie(expires)
        if domain is not None:
            cookie += b"; Domain=" + _sanitizeCookie(domain)
        if path is not None:
            cookie += b"; Path=" + _sanitizeCookie(path)
        if max_age is not None:
            cookie += b"; Max-Age=" + _sanitizeCookie(str(max_age) if isinstance(max_age, int) else max_age)
        if comment is not None:
            cookie += b"; Comment=" + _sanitizeCookie(comment)
        if secure:
            cookie += b"; Secure"
        if httpOnly:
            cookie += b"; HttpOnly"
        if sameSite:
            site = sameSite.encode("ascii") if isinstance(sameSite, str) else sameSite
            site = site.lower()
            if site not in (b"lax", b"strict", b"none"):
                raise ValueError(f"Invalid value for sameSite: {site!r}")
            if site == b"none" and not secure:
                raise ValueError(
                    f'Invalid value for sameSite: {site!r}. Missing the "secure" attribute'
                )
            cookie += b"; SameSite=" + site
        self.cookies.append(cookie)

    def setLastModified(self, when: float) -> object:
        """Set Last-Modified; return ``CACHED`` (and 304) if If-Modified-Since is newer."""
        when = int(math.ceil(when))
        if (not self.lastModified) or (self.lastModified < when):
            self.lastModified = when
        modifiedSince = self.getHeader(b"if-modified-since")
        if modifiedSince:
            firstPart = modifiedSince.split(b";", 1)[0]
            try:
                since = stringToDatetime(firstPart)
            except (ValueError, IndexError):
                return None
            if since >= self.lastModified:
                self.setResponseCode(NOT_MODIFIED)
                return CACHED
        return None

    def setETag(self, etag: bytes) -> object:
        """Set ETag; return ``CACHED`` (304 or 412) when If-None-Match matches."""
        if etag:
            self.etag = etag
        tags = self.getHeader(b"if-none-match")
        if tags:
            tagList = tags.split()
            if (etag in tagList) or (b"*" in tagList):
                self.setResponseCode(
                    NOT_MODIFIED if self.method in (b"HEAD", b"GET") else PRECONDITION_FAILED
                )
                return CACHED
        return None

    # -- addresses ------------------------------------------------------------------------
    def getRequestHostname(self) -> bytes:
        """The Host header's name (without port), else the server's address."""
        host = self.getHeader(b"host")
        if host is not None:
            if host.startswith(b"[") and b"]" in host:
                return bytes(host[1 : host.index(b"]")])
            return bytes(host.rsplit(b":", 1)[0]) if host.count(b":") == 1 else bytes(host)
        return str(self.getHost().host).encode("ascii")

    def getHost(self) -> Any:
        return self.host

    def setHost(self, host: bytes, port: int, ssl: int = 0) -> None:
        """Make the request look as if it was made to ``host:port``."""
        self._forceSSL = ssl
        if isinstance(host, str):
            host = host.encode("ascii")
        default = 443 if self.isSecure() else 80
        hostHeader = host if port == default else host + b":" + str(port).encode("ascii")
        self.requestHeaders.setRawHeaders(b"host", [hostHeader])
        self.host = address.IPv4Address("TCP", host.decode("ascii"), port)

    def getClientAddress(self) -> Any:
        return self.client

    def getClientIP(self) -> str | None:
        """The client's IP address (deprecated: use getClientAddress)."""
        warnings.warn(
            "twisted.web.http.Request.getClientIP was deprecated in Twisted 18.4.0; "
            "please use getClientAddress instead",
            DeprecationWarning,
            stacklevel=2,
        )
        if isinstance(self.client, (address.IPv4Address, address.IPv6Address)):
            return str(self.client.host)
        return None

    def isSecure(self) -> bool:
        """Whether the request came over TLS (or setHost said so)."""
        if self._forceSSL:
            return True
        channel = getattr(self, "channel", None)
        if channel is None:
            return False
        return bool(channel.isSecure())

    def _authorize(self) -> None:
        try:
            authh = self.getHeader(b"Authorization")
            if not authh:
                self.user = self.password = b""
                return
            bas, upw = authh.split()
            if bas.lower() != b"basic":
                raise ValueError()
            upw = base64.b64decode(upw)
            self.user, self.password = upw.split(b":", 1)
        except (binascii.Error, ValueError):
            self.user = self.password = b""
        except BaseException:
            self._log.failure("")
            self.user = self.password = b""

    def getUser(self) -> bytes:
        """The user name from Basic authorization (b'' if none)."""
        try:
            return self.user
        except AttributeError:
            self._authorize()
            return self.user

    def getPassword(self) -> bytes:
        """The password from Basic authorization (b'' if none)."""
        try:
            return self.password
        except AttributeError:
            self._authorize()
            return self.password

    # -- writing --------------------------------------------------------------------------
    def write(self, data: bytes) -> None:
        """Write ``data`` as part of the body, sending the head first if needed."""
        if self.finished:
            raise RuntimeError(
                "Request.write called on a request after Request.finish was called."
            )
        if self._disconnected:
            return
        if not self.startedWriting:
            self.startedWriting = 1
            self._writeHead()
        if self.method == b"HEAD" or self.code in NO_BODY_CODES:
            # These responses never carry a body; what the resource wrote is dropped.
            return
        if data:
            self.sentLength += len(data)
            if self.chunked:
                self.channel.writeSequence(toChunk(data))
            else:
                self.channel.write(data)

    def _writeHead(self) -> None:
        version = self.clientproto
        code = b"%d" % (self.code,)
        reason = self.code_message
        responseHeaders = self.responseHeaders
        if type(responseHeaders) is Headers:
            # The usual Headers: look in its dict (canonical names) without a call.
            noLength = b"Content-Length" not in responseHeaders._rawHeaders
        else:
            noLength = responseHeaders.getRawHeaders(b"content-length") is None
        if (
            version == b"HTTP/1.1"
            and noLength
            and self.method != b"HEAD"
            and self.code not in NO_BODY_CODES
        ):
            responseHeaders.addRawHeader(b"Transfer-Encoding", b"chunked")
            self.chunked = 1
            headers = self._responseHeaderList()
            responseHeaders.removeHeader(b"Transfer-Encoding")
        elif type(responseHeaders) is Headers:
            # _responseHeaderList inlined (once per response).
            headers = [(n, v) for n, values in responseHeaders._rawHeaders.items() for v in values]
        else:
            headers = self._responseHeaderList()
        if self.lastModified is not None:
            if responseHeaders.hasHeader(b"last-modified"):
                self._log.info(
                    "Warning: last-modified specified both in"
                    " header list and lastModified attribute."
                )
            else:
                headers.append((b"Last-Modified", datetimeToString(self.lastModified)))
        if self.etag is not None:
            headers.append((b"ETag", self.etag))
        for cookie in self.cookies:
            headers.append((b"Set-Cookie", cookie))
        if hasattr(self.channel, "_holdNextHead"):
            # An HTTPChannel: let it send the head together with the first body bytes.
            self.channel._holdNextHead = True
        self.channel.writeHeaders(version, code, reason, headers)

    def _responseHeaderList(self) -> list[tuple[bytes, bytes]]:
        responseHeaders = self.responseHeaders
        items: Iterable[tuple[bytes, Sequence[bytes]]]
        if type(responseHeaders) is Headers:
            # Read the dict itself rather than through getAllRawHeaders' copy.
            items = responseHeaders._rawHeaders.items()
        else:
            items = responseHeaders.getAllRawHeaders()
        return [(name, v) for name, values in items for v in values]

    def finish(self) -> None:
        """The response is complete."""
        if self._disconnected:
            raise RuntimeError(
                "Request.finish called on a request after its connection was lost; "
                "use Request.notifyFinish to keep track of this."
            )
        if self.finished:
            warnings.warn("Warning! request.finish called twice.", stacklevel=2)
            return
        if not self.startedWriting:
            self.write(b"")
        if self.chunked:
            self.channel.write(b"0\r\n\r\n")
        factory = getattr(self.channel, "factory", None)
        log = getattr(factory, "log", None)
        if log is not None:
            log(self)
        self.finished = 1
        self._cleanup()

    def _cleanup(self) -> None:
        """Tell the channel, then whoever waits on notifyFinish."""
        if self.producer:
            self._log.failure(
                "",
                Failure(RuntimeError(f"Producer was not unregistered for {self.uri!r}")),
            )
            self.unregisterProducer()
        self.channel.requestDone(self)
        # Drop the channel (garbage collection; a finished request is not secure).
        self.channel = None
        if self.content is not None:
            try:
                self.content.close()
            except OSError:
                pass
            del self.content
        for d in self.notifications:
            d.callback(None)
        self.notifications = []

    def notifyFinish(self) -> Deferred[None]:
        """A Deferred firing with None when the response is finished, or failing with
        the reason if the connection is lost first."""
        self.notifications.append(Deferred())
        return self.notifications[-1]

    def connectionLost(self, reason: Failure) -> None:
        """The connection went away before ``finish``."""
        self._disconnected = True
        self.channel = None
        if self.content is not None and not getattr(self.content, "closed", True):
            self.content.close()
        for d in self.notifications:
            d.errback(reason)
        self.notifications = []

    def loseConnection(self) -> None:
        """Close the connection (the response is abandoned)."""
        self.channel.loseConnection()

    def registerProducer(self, producer: Any, streaming: bool) -> None:
        """Register a producer for the response body (see IConsumer)."""
        if self.producer:
            raise ValueError(
                f"registering producer {producer} before previous one ({self.producer}) "
                "was unregistered"
            )
        self.streamingProducer = streaming
        self.producer = producer
        self.channel.registerProducer(producer, streaming)

    def unregisterProducer(self) -> None:
        self.channel.unregisterProducer()
        self.producer = None

    def noLongerQueued(self) -> None:
        """Deprecated no-op (requests are no longer queued)."""
        warnings.warn(
            "twisted.web.http.Request.noLongerQueued was deprecated in Twisted 16.3.0",
            DeprecationWarning,
            stacklevel=2,
        )


class _BadForm(Exception):
    """A form body could not be parsed; the channel has answered 400."""
