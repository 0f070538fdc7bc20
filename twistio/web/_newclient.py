"""twisted.web._newclient: the HTTP/1.1 client protocol under ``Agent``.

One ``HTTP11ClientProtocol`` sends one request at a time over its connection and parses the
response with an :class:`HTTPClientParser` (twisted.web._newclient's own line parser, whose
leniency and errors are Twisted's: folded headers, bare LF line ends, repeated equal
``Content-Length`` values, 1xx heads skipped).  Its states:

- ``QUIESCENT``: idle, a request may be sent;
- ``TRANSMITTING``: a request is being written (no response head yet);
- ``TRANSMITTING_AFTER_RECEIVING_RESPONSE``: a response head arrived before the request was
  completely written; the connection is closed once that response ends;
- ``WAITING``: the request is written, the response (head or body) is still arriving;
- ``GENERATION_FAILED``: writing the request failed;
- ``CONNECTION_LOST``: the connection is gone; every later request fails with RequestNotSent.

When a response ends, the connection goes back to ``QUIESCENT`` and ``quiescentCallback`` is
called (so that a pool can reuse it) before the body's reader hears of the end, if the
request was persistent and the response did not say ``Connection: close``; otherwise it is
closed.  Bytes that arrive while no response is expected close the connection.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from twistio.internet.defer import CancelledError, Deferred, fail, maybeDeferred
from twistio.internet.error import ConnectionDone
from twistio.internet.protocol import Protocol
from twistio.logger import Logger
from twistio.python.failure import Failure
from twistio.web._client_errors import PotentialDataLoss, _DataLoss
from twistio.web._http_decoders import _ChunkedTransferDecoder, _IdentityTransferDecoder
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
    "_ChunkedTransferDecoder",
    "_DataLoss",
    "_IdentityTransferDecoder",
    "_WrapperException",
    "_ensureValidMethod",
    "_ensureValidURI",
]


# Status codes whose responses have no body (twisted.web.http's names, also found here).
NO_CONTENT = 204
NOT_MODIFIED = 304

_moduleLog = Logger()

# What a finished response's parser is told when it is detached: its body is complete, so
# this reason is never delivered; one shared instance spares a Failure per response.
_RESPONSE_FINISHED = Failure(ConnectionDone("response finished"))


def makeStatefulDispatcher(name: str, template: Callable[..., Any]) -> Callable[..., Any]:
    """Make a method that calls ``self._<name>_<self._state>`` (``RuntimeError`` if missing)."""

    def dispatcher(self: Any, *args: Any, **kwargs: Any) -> Any:
        func = getattr(self, "_" + name + "_" + self._state, None)
        if func is None:
            raise RuntimeError(f"{self!r} has no {name} method in state {self._state}")
        return func(*args, **kwargs)

    dispatcher.__doc__ = template.__doc__
    return dispatcher


class HTTP11ClientProtocol(Protocol):
    """Sends requests and receives their responses over one connection, one at a time."""

    _state = "QUIESCENT"

    def __init__(
        self, quiescentCallback: Callable[[HTTP11ClientProtocol], object] = lambda c: None
    ) -> None:
        self._quiescentCallback = quiescentCallback
        self._abortDeferreds: list[Deferred[None]] = []
        self._parser: HTTPClientParser | None = None
        self._responseDeferred: Deferred[Response] | None = None
        self._finishedRequest: Deferred[Response] | None = None
        self._currentRequest: Any = None
        self._transportProxy: TransportProxyProducer | None = None
        self._cancelled = False
        self._aborting = False
        self._writing: Deferred[None] | None = None
        self._requestWritten = False
        self._responseReceived = False

    @property
    def state(self) -> str:
        """The connection's state (see the module documentation)."""
        return self._state

    def request(self, request: Any) -> Deferred[Response]:
        """Send ``request``; the Deferred fires with the :class:`Response` once its head is in.

        Fails with :class:`RequestNotSent` if the connection is busy or gone,
        :class:`RequestGenerationFailed` if the request could not be written,
        :class:`RequestTransmissionFailed` if the connection failed while it was written,
        :class:`ResponseNeverReceived` / :class:`ResponseFailed` if the connection failed
        before the response head was complete.  Cancelling it aborts the connection.
        """
        if self._state != "QUIESCENT":
            return fail(RequestNotSent())
        self._state = "TRANSMITTING"
        self._currentRequest = request
        self._requestWritten = False
        self._responseReceived = False
        self._cancelled = False
        self._writing = None
        proxy = self._transportProxy = TransportProxyProducer(self.transport)
        parser = self._parser = HTTPClientParser(request, self._finishResponse)
        parser.makeConnection(proxy)
        self._responseDeferred = parser._responseDeferred

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
            elif parser._everReceivedData:
                d.errback(ResponseFailed([reason]))
            else:
                d.errback(ResponseNeverReceived([reason]))

        finished: Deferred[Response] = Deferred(cancelRequest)
        self._finishedRequest = finished

        def deliver(response: Response) -> None:
            if self._parser is parser:
                self._responseReceived = True
                if self._state == "TRANSMITTING":
                    # An early answer (say, an error before the whole body was sent).
                    self._state = "TRANSMITTING_AFTER_RECEIVING_RESPONSE"
            if self._finishedRequest is finished:
                self._finishedRequest = None
            if not finished.called:
                finished.callback(response)

        def failed(reason: Failure) -> None:
            if self._finishedRequest is finished:
                self._finishedRequest = None
            # Already failed otherwise (cancelled, or the request could not be sent).
            if not finished.called:
                finished.errback(reason)

        parser._responseDeferred.addCallbacks(deliver, failed)
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
        if reason.check(WrongBodyLength, ExcessWrite, BadHeaders) or not self._responseReceived:
            # The peer saw a broken request: the connection cannot be reused.
            self.transport.loseConnection()
        if finished is not None:
            finished.errback(RequestGenerationFailed([reason]))
        else:
            _moduleLog.failure("Error writing request, but not in valid state", reason)

    def dataReceived(self, data: bytes) -> None:
        parser = self._parser
        if parser is None:
            # Bytes nobody asked for: the connection cannot be trusted any more.
            self.transport.loseConnection()
            return
        try:
            parser.dataReceived(data)
        except BaseException:
            self._giveUp(Failure())

    def _finishResponse(self, rest: bytes) -> None:
        """The parser's finisher: the response ended (``rest`` followed it and is dropped)."""
        parser, proxy = self._parser, self._transportProxy
        request = self._currentRequest
        state = self._state
        if state == "TRANSMITTING":
            self._state = "TRANSMITTING_AFTER_RECEIVING_RESPONSE"
        if state != "WAITING":
            # The server answered before we finished sending: the connection cannot carry
            # another request.  Closing it stops the request's writing (in connectionLost).
            self._parser = None
            self._transportProxy = None
            self._responseDeferred = None
            self.transport.loseConnection()
            self._endBody(parser, proxy)
            return
        assert parser is not None
        reusable = request.persistent and b"close" not in (
            parser.connHeaders.getRawHeaders(b"connection") or ()
        )
        self._parser = None
        self._currentRequest = None
        self._transportProxy = None
        self._responseDeferred = None
        self._finishedRequest = None
        self._state = "QUIESCENT"
        if reusable:
            # Reading may be paused while the body waited for a reader; an idle pooled
            # connection must keep reading (to notice the server closing it).
            self.transport.resumeProducing()
            try:
                self._quiescentCallback(self)
            except BaseException:
                # A broken pool must not break the response; drop the connection instead.
                _moduleLog.failure("")
                self.transport.loseConnection()
        else:
            self.transport.loseConnection()
        # The connection is back in its pool before the body's reader hears of the end, so
        # that a request made from that reader can reuse it.
        self._endBody(parser, proxy)

    @staticmethod
    def _endBody(parser: HTTPClientParser | None, proxy: TransportProxyProducer | None) -> None:
        """Detach a finished response from the connection and end its body."""
        if proxy is not None:
            proxy._stopProxying()
        if parser is not None:
            parser.connectionLost(_RESPONSE_FINISHED)

    def _disconnectParser(self, reason: Failure) -> None:
        """The exchange failed with ``reason``: the parser fails the response (or its body)."""
        parser, self._parser = self._parser, None
        if self._transportProxy is not None:
            # The response's body protocol can no longer reach the connection.
            self._transportProxy._stopProxying()
            self._transportProxy = None
        self._responseDeferred = None
        if parser is not None:
            parser.connectionLost(reason)

    def _giveUp(self, reason: Failure) -> None:
        """The response cannot be parsed: fail what is outstanding and drop the connection."""
        self.transport.loseConnection()
        self._disconnectParser(reason)

    def connectionLost(self, reason: Failure = Failure(ConnectionDone())) -> None:  # noqa: B008
        state, self._state = self._state, "CONNECTION_LOST"
        if self._aborting:
            reason = Failure(ConnectionAborted())
        request = self._currentRequest
        if (
            request is not None
            and not self._requestWritten
            and state in ("TRANSMITTING", "TRANSMITTING_AFTER_RECEIVING_RESPONSE")
        ):
            request.stopWriting()
        if state == "TRANSMITTING":
            finished, self._finishedRequest = self._finishedRequest, None
            if finished is not None and not finished.called:
                finished.errback(RequestTransmissionFailed([reason]))
        self._disconnectParser(reason)
        self._currentRequest = None
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
