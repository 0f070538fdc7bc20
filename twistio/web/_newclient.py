"""twisted.web._newclient: the HTTP/1.1 client protocol under ``Agent``.

One ``HTTP11ClientProtocol`` sends one request at a time over its connection and parses the
response with the sans-IO core (``twistio._sansio.http.ResponseParser``).  Its states:

- ``QUIESCENT``: idle, a request may be sent;
- ``TRANSMITTING``: a request is being written (its response may already be arriving);
- ``WAITING``: the request is written, the response (head or body) is still arriving;
- ``CONNECTION_LOST``: the connection is gone; every later request fails with RequestNotSent.

When a response ends, the connection goes back to ``QUIESCENT`` (and ``quiescentCallback`` is
called, so a pool can reuse it) if both sides allow keep-alive and the request body has been
sent; otherwise it is closed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from twistio._sansio.http import (
    Data,
    EndOfMessage,
    HTTPParseError,
    ResponseHead,
    ResponseParser,
)
from twistio.internet.defer import CancelledError, Deferred, fail, maybeDeferred
from twistio.internet.error import ConnectionDone
from twistio.internet.protocol import Protocol
from twistio.logger import Logger
from twistio.python.failure import Failure
from twistio.web._client_errors import PotentialDataLoss, _DataLoss
from twistio.web._newclient_errors import (
    BadHeaders,
    BadResponseVersion,
    ConnectionAborted,
    ExcessWrite,
    ParseError,
    RequestGenerationFailed,
    RequestNotSent,
    RequestTransmissionFailed,
    ResponseDone,
    ResponseFailed,
    ResponseNeverReceived,
    WrongBodyLength,
    _WrapperException,
)
from twistio.web._newclient_parser import (
    BODY,
    DONE,
    HEADER,
    STATUS,
    HTTPClientParser,
    HTTPParser,
)
from twistio.web._newclient_request import (
    ChunkedEncoder,
    LengthEnforcingConsumer,
    Request,
    Response,
    TransportProxyProducer,
    _ensureValidMethod,
    _ensureValidURI,
)
from twistio.web.http_headers import Headers
from twistio.web.iweb import UNKNOWN_LENGTH

__name__ = "twisted.web._newclient"

__all__ = [
    "STATUS",
    "HEADER",
    "BODY",
    "DONE",
    "UNKNOWN_LENGTH",
    "BadHeaders",
    "BadResponseVersion",
    "ChunkedEncoder",
    "ConnectionAborted",
    "ExcessWrite",
    "HTTP11ClientProtocol",
    "HTTPClientParser",
    "HTTPParser",
    "LengthEnforcingConsumer",
    "ParseError",
    "PotentialDataLoss",
    "Request",
    "RequestGenerationFailed",
    "RequestNotSent",
    "RequestTransmissionFailed",
    "Response",
    "ResponseDone",
    "ResponseFailed",
    "ResponseNeverReceived",
    "TransportProxyProducer",
    "WrongBodyLength",
    "makeStatefulDispatcher",
    "_DataLoss",
    "_WrapperException",
    "_ensureValidMethod",
    "_ensureValidURI",
]

# Parser states, kept as names for code that refers to them.
NO_CONTENT = 204
NOT_MODIFIED = 304


_moduleLog = Logger()

# Hop-by-hop and framing headers: the sans-IO core has dealt with them, the response's
# headers do not repeat them.
_CONNECTION_CONTROL = frozenset(
    {
        b"content-length",
        b"connection",
        b"keep-alive",
        b"te",
        b"trailers",
        b"transfer-encoding",
        b"upgrade",
        b"proxy-connection",
    }
)


def makeStatefulDispatcher(name: str, template: Callable[..., Any]) -> Callable[..., Any]:
    """Make a method that calls ``self._<name>_<self._state>`` (``RuntimeError`` if missing)."""

    def dispatcher(self: Any, *args: Any, **kwargs: Any) -> Any:
        func = getattr(self, "_" + name + "_" + self._state, None)
        if func is None:
            raise RuntimeError(f"{self!r} has no {name} method in state {self._state}")
        return func(*args, **kwargs)

    dispatcher.__doc__ = template.__doc__
    return dispatcher


class _ParserView:
    """What ``HTTP11ClientProtocol._parser`` shows of the (sans-IO) response parser."""

    __slots__ = ("transport",)

    def __init__(self, transport: TransportProxyProducer | None) -> None:
        self.transport = transport


def _version(raw: bytes) -> tuple[bytes, int, int]:
    try:
        proto, _, numbers = raw.partition(b"/")
        major, _, minor = numbers.partition(b".")
        return (proto, int(major), int(minor))
    except ValueError:
        raise BadResponseVersion("Bad HTTP version", raw) from None


class HTTP11ClientProtocol(Protocol):
    """Sends requests and receives their responses over one connection, one at a time."""

    _state = "QUIESCENT"

    def __init__(
        self, quiescentCallback: Callable[[HTTP11ClientProtocol], object] = lambda c: None
    ) -> None:
        self._quiescentCallback = quiescentCallback
        self._abortDeferreds: list[Deferred[None]] = []
        self._core: ResponseParser | None = None
        self._finishedRequest: Deferred[Response] | None = None
        self._currentRequest: Request | None = None
        self._transportProxy: TransportProxyProducer | None = None
        self._response: Response | None = None
        self._lastResponse: Response | None = None
        self._cancelled = False
        self._aborting = False
        self._receivedData = False
        self._writing: Deferred[None] | None = None
        self._responseKeepAlive = False
        self._responseDone = False
        self._requestWritten = False
        self._bodyEndsWithClose = False

    @property
    def _parser(self) -> _ParserView | None:
        # Twisted's name for the response parser; what code looks at on it is its transport.
        if self._core is None:
            return None
        return _ParserView(self._transportProxy)

    @property
    def _responseDeferred(self) -> Deferred[Response] | None:
        # Twisted's name for the Deferred waiting for the response head.
        return self._finishedRequest

    @property
    def state(self) -> str:
        """The connection's state (see the module documentation)."""
        return self._state

    def request(self, request: Request) -> Deferred[Response]:
        """Send ``request``; the Deferred fires with the :class:`Response` once its head is in.

        Fails with :class:`RequestNotSent` if the connection is busy or gone,
        :class:`RequestGenerationFailed` if the request could not be written,
        :class:`ResponseNeverReceived` / :class:`ResponseFailed` if the connection failed.
        Cancelling it aborts the connection.
        """
        if self._state != "QUIESCENT":
            return fail(RequestNotSent())
        self._state = "TRANSMITTING"
        self._currentRequest = request
        self._response = None
        self._responseDone = False
        self._requestWritten = False
        self._bodyEndsWithClose = False
        self._core = ResponseParser()
        if getattr(request, "method", None) == b"HEAD":
            self._core.expect_no_body()
        self._transportProxy = TransportProxyProducer(self.transport)

        def cancelRequest(d: Deferred[Response]) -> None:
            # The failure says how far the exchange had got; the aborted connection must not
            # fail the Deferred a second time.
            self._finishedRequest = None
            self._cancelled = True
            self.transport.abortConnection()
            reason = Failure(CancelledError())
            if not self._requestWritten and self._writing is not None:
                self._writing.cancel()
                d.errback(RequestGenerationFailed([reason]))
            elif self._receivedData:
                d.errback(ResponseFailed([reason]))
            else:
                d.errback(ResponseNeverReceived([reason]))

        self._cancelled = False
        self._receivedData = False
        self._writing = None
        finished: Deferred[Response] = Deferred(cancelRequest)
        self._finishedRequest = finished
        written = maybeDeferred(request.writeTo, self.transport)
        if not written.called:
            self._writing = written
        written.addCallbacks(self._requestWriteDone, self._requestWriteFailed)
        return finished

    def _requestWriteDone(self, ignored: object) -> None:
        self._writing = None
        self._requestWritten = True
        if self._state == "TRANSMITTING":
            self._state = "WAITING"
        if self._responseDone:
            self._finishResponse()

    def _requestWriteFailed(self, reason: Failure) -> None:
        self._writing = None
        if self._cancelled:
            return
        if self._state == "CONNECTION_LOST":
            # Nobody is waiting for this request any more; do not lose the error.
            _moduleLog.failure(
                "Error writing request, but not in valid state to finalize request: {state}",
                failure=reason,
                state=self._state,
            )
            return
        self._state = "GENERATION_FAILED"
        finished, self._finishedRequest = self._finishedRequest, None
        if reason.check(WrongBodyLength, ExcessWrite, BadHeaders) or self._response is None:
            # The peer saw a broken request: the connection cannot be reused.
            self.transport.loseConnection()
        if finished is not None:
            finished.errback(RequestGenerationFailed([reason]))
        else:
            _moduleLog.failure("Error writing request, but not in valid state", reason)

    def dataReceived(self, data: bytes) -> None:
        parser = self._core
        if parser is None or self._responseDone:
            # Bytes with no request outstanding: nothing can use them.
            return
        self._receivedData = True
        try:
            events = parser.feed(data)
        except HTTPParseError as e:
            if e.status == 431:
                # As Twisted's line parser does with an over-long line: just hang up; the
                # request then fails with the connection's end.
                self.transport.loseConnection()
                return
            line = data.split(b"\n", 1)[0].rstrip(b"\r")
            self._giveUp(Failure(ParseError(str(e), line)))
            return
        self._handleEvents(events)

    def _handleEvents(self, events: list[Any]) -> None:
        for i, event in enumerate(events):
            if self._responseDone:
                return
            if isinstance(event, ResponseHead):
                if event.status < 200:
                    continue
                # A body that is already complete is settled (and the connection put back or
                # closed) before the response is handed out.
                emptyBody = i + 1 < len(events) and isinstance(events[i + 1], EndOfMessage)
                finished = self._responseHead(event, fire=not emptyBody)
                if emptyBody and finished is not None:
                    self._responseBodyEnded(None)
                    finished.callback(self._lastResponse)
                    return
            elif isinstance(event, Data):
                if self._response is not None:
                    self._response._bodyDataReceived(event.data)
            elif isinstance(event, EndOfMessage):
                self._responseBodyEnded(None)

    def _responseHead(self, head: ResponseHead, fire: bool = True) -> Deferred[Response] | None:
        """Make the Response; fire the request's Deferred with it, or return that Deferred."""
        try:
            version = _version(head.version)
        except BadResponseVersion:
            self._giveUp(Failure())
            return None
        headers = Headers()
        for name, value in head.headers:
            if name.lower() not in _CONNECTION_CONTROL:
                headers.addRawHeader(name, value)
        assert self._transportProxy is not None
        response = Response._construct(
            version, head.status, head.reason, headers, self._transportProxy, self._currentRequest
        )
        bodyless = head.status in (204, 304) or (
            self._currentRequest is not None and self._currentRequest.method == b"HEAD"
        )
        if bodyless:
            response.length = 0
        elif head.content_length is not None:
            response.length = head.content_length
        self._bodyEndsWithClose = not bodyless and not head.chunked and head.content_length is None
        self._responseKeepAlive = head.keep_alive
        self._response = self._lastResponse = response
        finished, self._finishedRequest = self._finishedRequest, None
        if self._state == "TRANSMITTING":
            # An early answer (say, an error before the whole body was sent).
            self._state = "TRANSMITTING_AFTER_RECEIVING_RESPONSE"
        if not fire:
            return finished
        if finished is not None:
            finished.callback(response)
        return None

    def _responseBodyEnded(self, reason: Failure | None) -> None:
        response = self._response
        self._responseDone = True
        if reason is None and self._bodyEndsWithClose:
            reason = Failure(PotentialDataLoss())
        if response is not None:
            response._transport._stopProxying()
        # The connection goes back to its pool before the body's reader hears of the end, so
        # that a request made from that reader can reuse it.
        if self._requestWritten or self._state == "TRANSMITTING_AFTER_RECEIVING_RESPONSE":
            self._finishResponse()
        if response is not None:
            response._bodyDataFinished(reason)

    def _finishResponse(self) -> None:
        if self._state == "CONNECTION_LOST":
            return
        request = self._currentRequest
        reusable = (
            request is not None
            and request.persistent
            and self._responseKeepAlive
            and self._requestWritten
            and not self._bodyEndsWithClose
        )
        if self._state == "TRANSMITTING_AFTER_RECEIVING_RESPONSE":
            # The server answered before we finished sending: the connection cannot carry
            # another request.  Closing it stops the request's writing (in connectionLost).
            self._core = None
            self._response = None
            self.transport.loseConnection()
            return
        self._currentRequest = None
        self._core = None
        self._response = None
        self._transportProxy = None
        if reusable:
            self._state = "QUIESCENT"
            try:
                self._quiescentCallback(self)
            except Exception:
                # A broken pool must not break the response; drop the connection instead.
                _moduleLog.failure("quiescentCallback failed")
                self.transport.loseConnection()
        else:
            # Nothing more will be sent on this connection; it is closing.
            self._state = "QUIESCENT"
            self.transport.loseConnection()

    def _giveUp(self, reason: Failure) -> None:
        """The response cannot be parsed: fail what is outstanding and drop the connection."""
        self._disconnectParser(reason)
        self.transport.loseConnection()

    def _disconnectParser(self, reason: Failure) -> None:
        self._core = None
        if self._transportProxy is not None:
            # The response's body protocol can no longer reach the connection.
            self._transportProxy._stopProxying()
        finished, self._finishedRequest = self._finishedRequest, None
        response = self._response
        if finished is not None:
            finished.errback(ResponseFailed([reason]))
        elif response is not None and not self._responseDone:
            self._responseDone = True
            response._bodyDataFinished(Failure(ResponseFailed([reason], response)))
        self._responseDone = True

    def connectionLost(self, reason: Failure = Failure(ConnectionDone())) -> None:  # noqa: B008
        state, self._state = self._state, "CONNECTION_LOST"
        if self._aborting:
            reason = Failure(ConnectionAborted())
        parser = self._core
        cutShort = False
        if parser is not None and not self._responseDone and self._response is not None:
            try:
                events = parser.feed_eof()
            except HTTPParseError:
                # The framing promised more than arrived.
                cutShort = True
                events = []
            if events:
                self._state = state
                self._handleEvents(events)
                self._state = "CONNECTION_LOST"
        request = self._currentRequest
        if request is not None and not self._requestWritten and state.startswith("TRANSMITTING"):
            request.stopWriting()
        if not self._responseDone:
            finished, self._finishedRequest = self._finishedRequest, None
            if finished is not None:
                if state == "TRANSMITTING" and not reason.check(CancelledError):
                    finished.errback(RequestTransmissionFailed([reason]))
                elif self._receivedData:
                    # Part of a response head had arrived.
                    finished.errback(ResponseFailed([reason]))
                else:
                    finished.errback(ResponseNeverReceived([reason]))
            elif self._response is not None:
                self._responseDone = True
                reasons = [reason]
                if cutShort:
                    reasons.append(Failure(_DataLoss()))
                self._response._bodyDataFinished(Failure(ResponseFailed(reasons, self._response)))
        for d in self._abortDeferreds:
            d.callback(None)
        self._abortDeferreds = []

    def abort(self) -> Deferred[None]:
        """Close the connection at once; the Deferred fires when it is closed.

        Outstanding requests fail with :class:`ConnectionAborted` among the reasons.
        """
        if self._state == "CONNECTION_LOST":
            d: Deferred[None] = Deferred()
            d.callback(None)
            return d
        self._aborting = True
        self.transport.abortConnection()
        d = Deferred()
        self._abortDeferreds.append(d)
        return d
