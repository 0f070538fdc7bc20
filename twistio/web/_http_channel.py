"""twisted.web.http.HTTPChannel and HTTPFactory: the server side of HTTP/1.x.

The channel feeds received bytes to the sans-IO core (``twistio._sansio.http``) and turns
its events into calls on ``Request`` objects.  Requests are answered one at a time, in
order: while one is being processed, the events of pipelined requests wait in a queue
and the transport is paused, so a client cannot make the server buffer without bound.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable
from typing import Any

from zope.interface import implementer, provider

from twistio._sansio import http as _core
from twistio.internet import interfaces, protocol
from twistio.logger import Logger
from twistio.protocols import policies
from twistio.python import log as _legacyLog
from twistio.python.failure import Failure
from twistio.web._http_request import Request, _BadForm
from twistio.web._http_util import datetimeToLogString
from twistio.web.http_headers import (
    Headers,
    InvalidHeaderName,
    _canonicalCache,
    _encodeValue,
    _nameEncoder,
)
from twistio.web.iweb import IAccessLogFormatter

__name__ = "twisted.web.http"

#: Default idle timeout of a channel, seconds.
_REQUEST_TIMEOUT = 60

_LINEAR_WS = re.compile(rb"\r\n|\r|\n")
_BAD_REQUEST = b"HTTP/1.1 400 Bad Request\r\n\r\n"
_TIMED_OUT = b"HTTP/1.1 408 Request Time-out\r\n\r\n"


@implementer(interfaces.IPushProducer)
class _PullToPush:
    """Drives a pull producer like a push producer: a cooperative task calls its
    ``resumeProducing`` repeatedly, paused and resumed with the channel."""

    _coopTask: Any = None

    def __init__(self, pullProducer: Any, consumer: Any) -> None:
        self._producer = pullProducer
        self._consumer = consumer

    def _pull(self) -> Any:
        while True:
            self._producer.resumeProducing()
            yield None

    def startStreaming(self) -> None:
        from twistio.internet.task import cooperate

        self._coopTask = cooperate(self._pull())

    def stopStreaming(self) -> None:
        if self._coopTask is None:
            return
        task, self._coopTask = self._coopTask, None
        try:
            task.stop()
        except Exception:
            # Already finished or stopped.
            pass

    def pauseProducing(self) -> None:
        if self._coopTask is not None:
            self._coopTask.pause()

    def resumeProducing(self) -> None:
        if self._coopTask is not None:
            self._coopTask.resume()

    def stopProducing(self) -> None:
        self.stopStreaming()
        self._producer.stopProducing()


_RequestHead = _core.RequestHead
_EndOfMessage = _core.EndOfMessage


class _ParseFailed:
    """Queued after the events of the bytes before a parse error: answer 400 there."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason


@implementer(interfaces.IPushProducer)
class HTTPChannel(protocol.Protocol, policies.TimeoutMixin):
    """A server connection speaking HTTP/1.0 and 1.1 (keep-alive, pipelining,
    chunked and fixed-length bodies, ``Expect: 100-continue``).

    A malformed request, too many or too large headers get ``400 Bad Request`` and the
    connection is closed (one log line); an idle connection is closed after ``timeOut``
    seconds, forcibly ``abortTimeout`` seconds later if the peer does not go away.
    """

    maxHeaders = 500
    totalHeadersSize = 16384
    abortTimeout: float | None = 15
    #: Idle timeout; HTTPFactory.buildProtocol sets it (a bare channel has none).
    timeOut: float | None = None
    persistent = 1
    length = 0
    requestFactory: Callable[..., Request] = Request
    factory: Any = None
    site: Any = None
    _log = Logger()

    #: While a request is answered, read at most this many further bytes before
    #: pausing the transport.
    _optimisticEagerReadSize = 0x4000
    _requestProducer: Any = None
    _requestProducerStreaming: bool | None = None
    #: The transport asked us (its producer) to stop writing.
    _waitingForTransport = False
    #: A request is being answered inside _allContentReceived, idle timer still armed.
    _timeoutHeld = False
    #: dataReceived restarted the idle timer and has not returned yet.
    _timerJustReset = False
    #: The idle timeout to restore once a request answered later is done.
    _savedTimeOut: float | None = None

    def __init__(self) -> None:
        self.requests: list[Request] = []
        self._eagerBytes = 0
        self._parser: _core.RequestParser | None = None
        self._queue: deque[_core.Event | _ParseFailed] = deque()
        self._receiving: Request | None = None
        self._head: _core.RequestHead | None = None
        self._handling = False
        self._paused = False
        self._abortingCall: Any = None
        self._dead = False
        #: The parser raised: a _ParseFailed ends the queue, later bytes are ignored.
        self._parseFailed = False

    @property
    def _channel(self) -> HTTPChannel:
        # Twisted's factory builds a wrapper whose ``_channel`` is the HTTP/1.x channel;
        # here the channel is its own wrapper.
        return self

    def connectionMade(self) -> None:
        self.setTimeout(self.timeOut)
        # Responses go out in a few writes (head, body, last chunk); without NODELAY,
        # Nagle's algorithm and the peer's delayed ACK hold the later ones ~40 ms.
        setNoDelay = getattr(self.transport, "setTcpNoDelay", None)
        if setNoDelay is not None:
            try:
                setNoDelay(True)
            except OSError:
                pass
        register = getattr(self.transport, "registerProducer", None)
        if register is not None:
            # The transport tells us when its write buffer is full (pauseProducing)
            # and drained (resumeProducing); we pass that on to the request's producer.
            register(self, True)
        self._parser = _core.RequestParser(
            max_line=16384,
            max_headers_size=self.totalHeadersSize,
            max_header_count=self.maxHeaders,
        )

    # -- receiving ------------------------------------------------------------------------
    _negotiatedProtocol: bytes | None = None
    #: Twisted's per-request body decoder; bodies are decoded by the sans-IO core
    #: here, so there is never one in progress when a request is processed.
    _transferDecoder: Any = None

    def _checkNegotiatedProtocol(self) -> None:
        """TLS may have negotiated a protocol (ALPN): only HTTP/1.1 is spoken here."""
        proto = getattr(self.transport, "negotiatedProtocol", None) or b"http/1.1"
        if proto == b"h2":
            raise ValueError("Negotiated HTTP/2 without support.")
        if proto != b"http/1.1":
            raise AssertionError(f"Unknown protocol {proto!r}")
        self._negotiatedProtocol = proto

    def dataReceived(self, data: bytes) -> None:
        if self._negotiatedProtocol is None:
            self._checkNegotiatedProtocol()
        self.resetTimeout()
        if self._dead:
            return
        # Requests answered during this call need not restart the timer again.
        self._timerJustReset = True
        try:
            self._dataReceived(data)
        finally:
            self._timerJustReset = False

    def _dataReceived(self, data: bytes) -> None:
        if self._parser is None:
            self.connectionMade()
        assert self._parser is not None
        # The limits may be changed on the channel after it is connected.
        self._parser.max_headers_size = self.totalHeadersSize
        self._parser.max_header_count = self.maxHeaders
        if self._parseFailed:
            # The peer already broke the protocol: its 400 is queued behind the
            # requests it sent before; later bytes mean nothing.
            return
        try:
            events = self._parser.feed(data)
        except _core.HTTPParseError as e:
            # Requests completed before the bad bytes are answered first, in order;
            # then 400 and close (as Twisted does with a good request pipelined ahead
            # of a bad one).
            self._parseFailed = True
            self._queue.extend(e.events)
            self._queue.append(_ParseFailed(str(e)))
        else:
            self._queue.extend(events)
        self._drive()
        if self._handling:
            # A request is being answered: keep reading (pipelined requests queue up)
            # only up to _optimisticEagerReadSize bytes, then let TCP push back.
            self._eagerBytes += len(data)
            if self._eagerBytes > self._optimisticEagerReadSize and not self._paused:
                self._pauseReading()

    _driving = False

    def _drive(self) -> None:
        """Apply queued events until a request is being answered.

        Not re-entrant: a request answered synchronously calls requestDone from inside
        this loop, which then just lets the loop go on (no recursion per pipelined
        request).
        """
        if self._driving:
            return
        self._driving = True
        queue = self._queue
        try:
            # The event loop itself (once per read: kept in this frame, no extra call).
            while queue and not self._handling and not self._dead:
                event = queue.popleft()
                kind = type(event)
                if kind is _RequestHead or isinstance(event, _core.RequestHead):
                    self._headReceived(event)  # type: ignore[arg-type]
                elif kind is _EndOfMessage or isinstance(event, _core.EndOfMessage):
                    self._allContentReceived()
                elif isinstance(event, _core.Data):
                    if self._receiving is not None:
                        self._receiving.handleContentChunk(event.data)
                elif isinstance(event, _ParseFailed):
                    self._badRequest(event.reason)
        finally:
            self._driving = False
        if not self._handling and self._paused and not self._waitingForTransport:
            self._resumeReading()

    def _headReceived(self, head: _core.RequestHead) -> None:
        if head.version not in (b"HTTP/1.0", b"HTTP/1.1"):
            self._badRequest("unsupported HTTP version")
            return
        req = self.requestFactory(self)
        requestHeaders = req.requestHeaders
        try:
            if type(requestHeaders) is Headers:
                # Fill the usual Headers' dict directly (what addRawHeader does).
                raw = requestHeaders._rawHeaders
                for name, value in head.headers:
                    canonical = _canonicalCache.get(name)
                    if canonical is None:
                        canonical = _nameEncoder.encode(name)
                    # (bytes.find, not "in": "in" on bytes first tries the needle as an
                    # int and builds a TypeError for it, several times dearer.)
                    if value.find(b"\r") >= 0 or value.find(b"\n") >= 0:
                        value = _encodeValue(value)
                    values = raw.get(canonical)
                    if values is None:
                        raw[canonical] = [value]
                    else:
                        values.append(value)
            else:
                for name, value in head.headers:
                    requestHeaders.addRawHeader(name, value)
        except InvalidHeaderName:
            self._badRequest("invalid header name")
            return
        if type(requestHeaders) is Headers:
            # The dict just filled: canonical names, no call.
            lengths = requestHeaders._rawHeaders.get(b"Content-Length")
        else:
            lengths = requestHeaders.getRawHeaders(b"content-length")
        if lengths is not None and (len(lengths) > 1 or head.chunked):
            self._badRequest("conflicting body lengths")
            return
        self.requests.append(req)
        self._receiving = req
        self._head = head
        self.persistent = self.checkPersistence(req, head.version)
        if head.expect_continue:
            self.transport.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        self.length = head.content_length or 0
        req.gotLength(None if head.chunked else self.length)

    def _allContentReceived(self) -> None:
        req, head = self._receiving, self._head
        if req is None or head is None:
            return
        self._receiving = None
        self._head = None
        self._handling = True
        # No idle timeout while the application works on the request.  Most requests are
        # answered before requestReceived returns: the timer is only taken down (and put
        # back by requestDone) when the answer is still pending then, which saves a
        # cancel and a new callLater per request.
        self._timeoutHeld = True
        try:
            req.requestReceived(head.method, head.target, head.version)
        except _BadForm:
            pass
        if self._timeoutHeld:
            self._timeoutHeld = False
            if self._handling:
                self._savedTimeOut = self.setTimeout(None)

    def checkPersistence(self, request: Request, version: bytes) -> bool:
        """Whether the connection stays open after ``request``; HTTP/1.1 unless
        ``Connection: close`` (which is echoed in the response)."""
        requestHeaders = request.requestHeaders
        if type(requestHeaders) is Headers:
            connection = requestHeaders._rawHeaders.get(b"Connection")
        else:
            connection = requestHeaders.getRawHeaders(b"connection")
        tokens = set()
        if connection:
            tokens = {t.strip().lower() for v in connection for t in v.split(b",")}
        if version == b"HTTP/1.1":
            if b"close" in tokens:
                request.responseHeaders.setRawHeaders(b"connection", [b"close"])
                return False
            return True
        return False

    def requestDone(self, request: Request) -> None:
        """``request`` has been answered: close, or go on with the next one."""
        self._flushHead()
        # The channel may hold a proxy of the request: drop the one being answered.
        if self.requests:
            del self.requests[0]
        if not self._handling:
            return
        self._handling = False
        if not self.persistent:
            self._dead = True
            self.loseConnection()
            return
        if self._timeoutHeld:
            # Answered at once: the idle timer was never taken down; restart it (unless
            # dataReceived did so a moment ago).
            self._timeoutHeld = False
            if not self._timerJustReset:
                self.resetTimeout()
        else:
            self.setTimeout(self._savedTimeOut)
        self._eagerBytes = 0
        if not self._driving:
            # (Answered from inside _drive's loop, the usual case: it goes on by itself.)
            self._drive()

    def _pauseReading(self) -> None:
        pause = getattr(self.transport, "pauseProducing", None)
        if pause is not None:
            self._paused = True
            pause()

    def _resumeReading(self) -> None:
        self._paused = False
        resume = getattr(self.transport, "resumeProducing", None)
        if resume is not None:
            resume()

    def _badRequest(self, reason: str) -> None:
        self._log.info(
            "Malformed HTTP request from {peer}: {reason}", peer=self._peerText(), reason=reason
        )
        self._respondToBadRequestAndDisconnect()

    def _respondToBadRequestAndDisconnect(self) -> None:
        """Answer 400 and close the connection."""
        self._dead = True
        self._queue.clear()
        self.transport.write(_BAD_REQUEST)
        self.loseConnection()

    def _peerText(self) -> str:
        # Twisted's timeout messages carry the text of the peer's address object
        # ("IPv4Address(type='TCP', host=..., port=...)").
        try:
            return str(self.transport.getPeer())
        except Exception:
            return "?"

    # -- timeouts -------------------------------------------------------------------------
    def timeoutConnection(self) -> None:
        """Idle too long: drop the connection (408 if a request was half received)."""
        self._log.info("Timing out client: {peer}", peer=self._peerText())
        if self._receiving is not None and not self._handling:
            self.transport.write(_TIMED_OUT)
        self._dead = True
        self._unregisterFromTransport()
        self.transport.loseConnection()
        if self.abortTimeout is not None:
            self._abortingCall = self.callLater(self.abortTimeout, self.forceAbortClient)

    def forceAbortClient(self) -> None:
        """The client did not close after the timeout: abort."""
        self._log.info("Forcibly timing out client: {peer}", peer=self._peerText())
        self._abortingCall = None
        abort = getattr(self.transport, "abortConnection", None)
        if abort is not None:
            abort()

    def connectionLost(self, reason: Failure = protocol.connectionDone) -> None:  # type: ignore[assignment]
        self.setTimeout(None)
        self._dead = True
        if self._abortingCall is not None and self._abortingCall.active():
            self._abortingCall.cancel()
            self._abortingCall = None
        for request in self.requests:
            request.connectionLost(reason)
        self.requests = []
        self._receiving = None

    # -- writing --------------------------------------------------------------------------
    def writeHeaders(self, version: bytes, code: bytes, reason: bytes, headers: Any) -> None:
        """Write a status line and headers (line breaks in them become spaces)."""
        if type(headers) is not list and hasattr(headers, "getAllRawHeaders"):
            headers = [(n, v) for n, vs in headers.getAllRawHeaders() for v in vs]
        lines = [b"%s %s %s" % (version, code, reason)]
        lines += [b"%s: %s" % (name, value) for name, value in headers]
        lines.append(b"\r\n")
        head = b"\r\n".join(lines)
        if head.count(b"\n") != len(lines) or head.count(b"\r") != len(lines):
            # Some part holds a line break (rare: Headers already replaced them).
            fixed = [_LINEAR_WS.sub(b" ", line) for line in lines[1:-1]]
            head = b"\r\n".join([lines[0], *fixed, b"\r\n"])
        if self._holdNextHead:
            # Our Request asked: keep the head until the first body bytes, so that head
            # and body leave in one send.
            self._holdNextHead = False
            self._pendingHead = head
        else:
            self.transport.write(head)

    _pendingHead: bytes | None = None
    _holdNextHead = False

    def _flushHead(self) -> None:
        head, self._pendingHead = self._pendingHead, None
        if head is not None:
            self.transport.write(head)

    def write(self, data: bytes) -> None:
        head, self._pendingHead = self._pendingHead, None
        if head is not None:
            data = head + data
        if data:
            self.transport.write(data)

    def writeSequence(self, iovec: Any) -> None:
        head, self._pendingHead = self._pendingHead, None
        pieces = [d for d in iovec if d]
        if head is not None:
            pieces.insert(0, head)
        self.transport.write(b"".join(pieces))

    def getPeer(self) -> Any:
        return self.transport.getPeer()

    def getHost(self) -> Any:
        return self.transport.getHost()

    def isSecure(self) -> bool:
        return interfaces.ISSLTransport(self.transport, None) is not None

    def _unregisterFromTransport(self) -> None:
        if getattr(self.transport, "producer", self) is self:
            unregister = getattr(self.transport, "unregisterProducer", None)
            if unregister is not None:
                unregister()

    def loseConnection(self) -> None:
        self._flushHead()
        self._unregisterFromTransport()
        self.transport.loseConnection()

    def registerProducer(self, producer: Any, streaming: bool) -> None:
        """A request's producer: driven by the transport's back-pressure through us."""
        self._flushHead()
        if self._requestProducer is not None:
            raise RuntimeError(
                f"Cannot register producer {producer}, because producer "
                f"{self._requestProducer} was never unregistered."
            )
        if not streaming:
            producer = _PullToPush(producer, self)
        self._requestProducer = producer
        self._requestProducerStreaming = streaming
        if not streaming:
            producer.startStreaming()
        if self._waitingForTransport:
            producer.pauseProducing()

    def unregisterProducer(self) -> None:
        if self._requestProducer is None:
            return
        if not self._requestProducerStreaming:
            self._requestProducer.stopStreaming()
        self._requestProducer = None
        self._requestProducerStreaming = None

    def stopProducing(self) -> None:
        """The transport is going away: stop the request's producer."""
        if self._requestProducer is not None:
            self._requestProducer.stopProducing()

    def pauseProducing(self) -> None:
        """The transport's buffer is full: pause the response producer, or reading."""
        self._waitingForTransport = True
        if self._requestProducer is not None:
            self._requestProducer.pauseProducing()
        elif not self._paused:
            self._pauseReading()

    def resumeProducing(self) -> None:
        """The transport's buffer drained."""
        self._waitingForTransport = False
        if self._requestProducer is not None:
            self._requestProducer.resumeProducing()
        elif self._paused and not self._handling:
            self._resumeReading()


#: Text an access log line shows as it is: printable ASCII without ``"`` and ``\\``.
_PLAIN_LOG_TEXT = re.compile(r"[ !#-\[\]-~]*\Z")
_PLAIN_LOG_BYTES = re.compile(rb"[ !#-\[\]-~]*\Z")


def _escape(s: str | bytes) -> str:
    """Escape a value for an access log line (quotes, control characters)."""
    if isinstance(s, bytes):
        s = s.decode("latin-1")
    if _PLAIN_LOG_TEXT.match(s) is not None:
        # Nothing to escape (the common case): what repr() would give inside its quotes.
        return str(s)
    r = repr(str(s))
    if r[0] == "'":
        r = r[1:-1].replace('"', '\\"').replace("\\'", "'")
    else:
        r = r[1:-1]
    return str(r)


_getHeader = Request.getHeader


@provider(IAccessLogFormatter)
def combinedLogFormatter(timestamp: str, request: Any) -> str:
    """An access log line in the NCSA combined format."""
    referrer: Any
    agent: Any
    plain = getattr(type(request), "getHeader", None) is _getHeader
    headers = request.requestHeaders if plain else None
    if type(headers) is Headers:
        # What getHeader answers (the last value), read from the dict without calls.
        raw = headers._rawHeaders
        referrers = raw.get(b"Referer")
        agents = raw.get(b"User-Agent")
        referrer = (referrers[-1] if referrers is not None else None) or b"-"
        agent = (agents[-1] if agents is not None else None) or b"-"
    else:
        referrer = request.getHeader(b"referer") or b"-"
        agent = request.getHeader(b"user-agent") or b"-"
    client = request.getClientAddress()
    ip = getattr(client, "host", None) or "-"
    method, uri, proto = request.method, request.uri, request.clientproto
    if (
        type(ip) is str
        and type(method) is bytes
        and type(uri) is bytes
        and type(proto) is bytes
        and type(referrer) is bytes
        and type(agent) is bytes
        and _PLAIN_LOG_TEXT.match(ip) is not None
        and _PLAIN_LOG_BYTES.match(method + uri + proto + referrer + agent) is not None
    ):
        # The usual case, every field plain text (one check for all): nothing to escape.
        method = method.decode("latin-1")
        uri = uri.decode("latin-1")
        proto = proto.decode("latin-1")
        referrer = referrer.decode("latin-1")
        agent = agent.decode("latin-1")
    else:
        ip, method, uri, proto = _escape(ip), _escape(method), _escape(uri), _escape(proto)
        referrer, agent = _escape(referrer), _escape(agent)
    return (
        f'"{ip}" - - {timestamp} "{method} {uri} {proto}" '
        f'{request.code} {request.sentLength or "-"} "{referrer}" "{agent}"'
    )


class _XForwardedForAddress:
    def __init__(self, host: str) -> None:
        self.host = host


class _XForwardedForRequest:
    """A view of a request whose client is the first X-Forwarded-For address."""

    def __init__(self, request: Any) -> None:
        self._request = request

    def __getattr__(self, name: str) -> Any:
        return getattr(self._request, name)

    def getClientAddress(self) -> _XForwardedForAddress:
        forwarded = self._request.getHeader(b"x-forwarded-for") or b"-"
        return _XForwardedForAddress(forwarded.split(b",")[0].strip().decode("ascii", "replace"))


@provider(IAccessLogFormatter)
def proxiedLogFormatter(timestamp: str, request: Any) -> str:
    """Like combinedLogFormatter, with the client from X-Forwarded-For."""
    return str(combinedLogFormatter(timestamp, _XForwardedForRequest(request)))


class _LegacyLogFile:
    """Where access lines go without a logPath: the legacy log."""

    def write(self, line: str) -> None:
        _legacyLog.msg(line.rstrip("\n"))

    def close(self) -> None:
        pass


class _GenericHTTPChannelProtocol(HTTPChannel):
    """What ``HTTPFactory`` builds by default.

    Twisted's is a wrapper around an ``HTTPChannel`` that could switch to HTTP/2; twistio
    speaks HTTP/1.x only, so it is the channel itself (its ``_channel`` is itself).  The
    subclass exists for its name: connections log as ``_GenericHTTPChannelProtocol,N,host``
    on Twisted, and operators' log filters expect that.
    """


def _genericHTTPChannelProtocolFactory(self: Any = None) -> HTTPChannel:
    """A new channel (the protocol factory of HTTPFactory)."""
    return _GenericHTTPChannelProtocol()


#: (second, its Common Log Format date) for HTTPFactory._logDateTime.
_logDateCache: list[object] = [None, ""]


class HTTPFactory(protocol.ServerFactory[Any]):
    """Builds ``HTTPChannel`` protocols and writes the access log."""

    protocol = _GenericHTTPChannelProtocol  # type: ignore[assignment]
    logPath: str | None = None
    timeOut: float | None = _REQUEST_TIMEOUT

    def __init__(
        self,
        logPath: str | None = None,
        timeout: float | None = _REQUEST_TIMEOUT,
        logFormatter: Callable[[str, Any], str] | None = None,
        reactor: Any = None,
    ) -> None:
        if reactor is None:
            from twistio.internet import reactor as _reactor

            reactor = _reactor
        self.reactor = reactor
        if logPath is not None:
            import os

            logPath = os.path.abspath(logPath)
        self.logPath = logPath
        self.timeOut = timeout
        self._logFormatter = logFormatter if logFormatter is not None else combinedLogFormatter
        self._logDateTimeOverride: str | None = None
        self._logFile: Any = None

    @property
    def logFile(self) -> Any:
        """Where access lines go (text); only once the factory has started."""
        if self._logFile is None:
            raise AttributeError("logFile")
        return self._logFile

    @logFile.setter
    def logFile(self, value: Any) -> None:
        import io

        if isinstance(value, io.BufferedIOBase) or isinstance(value, io.BytesIO):
            # Byte streams get a text layer, as on Twisted.
            value = io.TextIOWrapper(value, encoding="utf-8", write_through=True)  # type: ignore[arg-type]
        self._logFile = value

    @property
    def _logDateTime(self) -> str:
        if self._logDateTimeOverride is not None:
            return self._logDateTimeOverride
        # Every access line asks: format each second once.
        now = int(self.reactor.seconds())
        cache = _logDateCache
        if cache[0] != now:
            cache[1] = datetimeToLogString(now)
            cache[0] = now
        return str(cache[1])

    @_logDateTime.setter
    def _logDateTime(self, value: str) -> None:
        self._logDateTimeOverride = value

    def buildProtocol(self, addr: Any) -> Any:
        p = protocol.ServerFactory.buildProtocol(self, addr)
        assert p is not None
        p.callLater = self.reactor.callLater  # type: ignore[attr-defined]
        p.timeOut = self.timeOut  # type: ignore[attr-defined]
        return p

    def startFactory(self) -> None:
        if self.logPath:
            self._logFile = self._openLogFile(self.logPath)
        else:
            self._logFile = _legacyLog.logfile

    def _openLogFile(self, path: str) -> Any:
        # Line-buffered, as Twisted opens it: each access line is in the file once its
        # request is answered (tail -f sees it; a killed server loses none).
        return open(path, "a", 1, encoding="utf-8", newline="\n")  # noqa: SIM115 - closed in stopFactory

    def stopFactory(self) -> None:
        if self._logFile is not None:
            if self._logFile is not _legacyLog.logfile:
                self._logFile.close()
            self._logFile = None

    def log(self, request: Any) -> None:
        """Write the access log line of a finished request."""
        try:
            logFile = self._logFile
        except AttributeError:
            return
        if logFile is None:
            return
        line = self._logFormatter(self._logDateTime, request) + "\n"
        logFile.write(line)
