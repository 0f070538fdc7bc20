"""Client requests and responses: writing a request, delivering a response body.

``Request.writeTo`` serialises the head with the sans-IO HTTP core and streams the body from an
``IBodyProducer`` (with ``Content-Length`` when the length is known, chunked otherwise).
``Response`` buffers body bytes until ``deliverBody`` gives it a protocol, then hands them on and
ends with ``connectionLost(ResponseDone | PotentialDataLoss | ResponseFailed)``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from zope.interface import implementer

from twistio._sansio.http import (
    LAST_CHUNK,
    encode_chunk,
    serialize_request_head,
)
from twistio.internet.defer import Deferred, succeed
from twistio.internet.interfaces import IConsumer, IPushProducer
from twistio.logger import Logger
from twistio.python.failure import Failure
from twistio.python.reflect import fullyQualifiedName
from twistio.web._newclient_errors import (
    BadHeaders,
    ExcessWrite,
    ResponseDone,
    WrongBodyLength,
)
from twistio.web.iweb import UNKNOWN_LENGTH, IClientRequest, IResponse

__name__ = "twisted.web._newclient"

_moduleLog = Logger()

# Methods whose requests say "Content-Length: 0" when they carry no body.
_METHODS_EXPECTING_BODY = frozenset({b"PATCH", b"POST", b"PUT"})


_TOKEN = re.compile(rb"\A[!#$%&'*+\-.^_`|~0-9A-Za-z]+\Z")
_VALID_URI = re.compile(rb"\A[\x21-\x7e]+\Z")


def _ensureValidMethod(method: bytes) -> bytes:
    """Return ``method`` if it is an HTTP token; else raise ValueError (no header injection).

    A method that is not bytes raises TypeError.
    """
    if not isinstance(method, bytes):
        raise TypeError(f"method must be bytes, not {type(method).__name__}")
    if _TOKEN.match(method) is None:
        raise ValueError(f"Invalid method {method!r}")
    return method


def _ensureValidURI(uri: bytes) -> bytes:
    """Return ``uri`` if it is printable ASCII without spaces; else raise ValueError."""
    if _VALID_URI.match(uri) is None:
        raise ValueError(f"Invalid URI {uri!r}")
    return uri


@implementer(IPushProducer)
class TransportProxyProducer:
    """A producer standing in front of the connection, until ``_stopProxying`` cuts it off.

    A response body's protocol gets this as its transport: it can pause, resume or stop the
    connection while its body arrives, and nothing once the connection has moved on.
    """

    disconnecting = False

    def __init__(self, producer: Any) -> None:
        self._producer = producer

    def stopProxying(self) -> None:
        self._producer = None

    _stopProxying = stopProxying

    def stopProducing(self) -> None:
        if self._producer is not None:
            self._producer.stopProducing()

    def pauseProducing(self) -> None:
        if self._producer is not None:
            self._producer.pauseProducing()

    def resumeProducing(self) -> None:
        if self._producer is not None:
            self._producer.resumeProducing()

    def loseConnection(self) -> None:
        if self._producer is not None:
            self._producer.loseConnection()

    def abortConnection(self) -> None:
        if self._producer is not None:
            abort = getattr(self._producer, "abortConnection", None)
            if abort is not None:
                abort()
            else:
                self._producer.loseConnection()

    def getPeer(self) -> Any:
        return None if self._producer is None else self._producer.getPeer()

    def getHost(self) -> Any:
        return None if self._producer is None else self._producer.getHost()


@implementer(IConsumer)
class ChunkedEncoder:
    """A consumer writing what it is given to ``transport`` as HTTP chunks."""

    def __init__(self, transport: Any) -> None:
        self.transport = transport

    def _allowNoMoreWrites(self) -> None:
        self.transport = None

    def registerProducer(self, producer: Any, streaming: bool) -> None:
        self.transport.registerProducer(producer, streaming)

    def write(self, data: bytes) -> None:
        if self.transport is None:
            raise ExcessWrite()
        if data:
            self.transport.write(encode_chunk(data))

    def unregisterProducer(self) -> None:
        self.transport.unregisterProducer()
        self.transport.write(LAST_CHUNK)
        self._allowNoMoreWrites()


@implementer(IConsumer)
def _callAppFunction(function: Callable[[], object]) -> None:
    """Call ``function``, logging (not raising) whatever it raises: application code must
    not break the connection's bookkeeping."""
    try:
        function()
    except BaseException:
        _moduleLog.failure("Unexpected exception from {name}", name=fullyQualifiedName(function))


class LengthEnforcingConsumer:
    """A consumer passing writes to ``consumer`` that refuses more than ``producer.length`` bytes.

    Writing too much stops ``producer`` and fails ``finished`` with :class:`WrongBodyLength`;
    :meth:`_noMoreWritesExpected` raises it when too little was written.  Once either has
    happened, ``_finished`` is ``None`` and every further write raises :class:`ExcessWrite`.
    """

    def __init__(self, producer: Any, consumer: Any, finished: Deferred[None]) -> None:
        self._length = producer.length
        self._producer = producer
        self._consumer = consumer
        self._finished: Deferred[None] | None = finished

    def _allowNoMoreWrites(self) -> None:
        self._finished = None

    def registerProducer(self, producer: Any, streaming: bool) -> None:
        self._consumer.registerProducer(producer, streaming)

    def unregisterProducer(self) -> None:
        self._consumer.unregisterProducer()

    def write(self, data: bytes) -> None:
        finished = self._finished
        if finished is None:
            self._producer.stopProducing()
            raise ExcessWrite()
        if len(data) <= self._length:
            self._length -= len(data)
            self._consumer.write(data)
            return
        # Too much: the request fails whatever stopping the producer does.
        _callAppFunction(self._producer.stopProducing)
        self._allowNoMoreWrites()
        finished.errback(WrongBodyLength("too many bytes written"))

    def _noMoreWritesExpected(self) -> None:
        if self._finished is not None:
            self._allowNoMoreWrites()
            if self._length:
                raise WrongBodyLength("too few bytes written")


@implementer(IClientRequest)
class Request:
    """An HTTP request to send: method, request target, headers and an optional body producer.

    ``persistent`` false adds ``Connection: close``.  ``headers`` must hold exactly one Host.
    """

    _log = Logger()

    def __init__(
        self,
        method: bytes,
        uri: bytes,
        headers: Any,
        bodyProducer: Any,
        persistent: bool = False,
    ) -> None:
        self.method = _ensureValidMethod(method)
        self.uri = _ensureValidURI(uri)
        self.headers = headers
        self.bodyProducer = bodyProducer
        self.persistent = persistent
        self._parsedURI: Any = None

    @classmethod
    def _construct(
        cls,
        method: bytes,
        uri: bytes,
        headers: Any,
        bodyProducer: Any,
        persistent: bool = False,
        parsedURI: Any = None,
    ) -> Request:
        request = cls(method, uri, headers, bodyProducer, persistent)
        request._parsedURI = parsedURI
        return request

    @property
    def absoluteURI(self) -> bytes | None:
        """The full URI this request is for, if known."""
        parsed = self._parsedURI
        return None if parsed is None else parsed.toBytes()  # type: ignore[no-any-return]

    def _head(self, framing: list[tuple[bytes, bytes]]) -> bytes:
        # Checked again: the attributes may have been changed since construction.
        _ensureValidMethod(self.method)
        _ensureValidURI(self.uri)
        headers: list[tuple[bytes, bytes]] = []
        if not self.persistent:
            headers.append((b"Connection", b"close"))
        headers.extend(framing)
        hosts = 0
        for name, values in self.headers.getAllRawHeaders():
            if name.lower() == b"host":
                hosts += len(values)
            headers.extend((name, value) for value in values)
        if hosts != 1:
            raise BadHeaders("Exactly one Host header required")
        return serialize_request_head(self.method, self.uri, headers)

    def writeTo(self, transport: Any) -> Deferred[None]:
        """Write this request to ``transport``; the Deferred fires once the body is sent."""
        producer = self.bodyProducer
        if producer is None:
            framing = []
            if self.method in _METHODS_EXPECTING_BODY:
                framing.append((b"Content-Length", b"0"))
            transport.write(self._head(framing))
            return succeed(None)
        if producer.length is UNKNOWN_LENGTH:
            transport.write(self._head([(b"Transfer-Encoding", b"chunked")]))
            encoder = ChunkedEncoder(transport)
            transport.registerProducer(producer, True)
            produced = producer.startProducing(encoder)

            def chunkedDone(result: object) -> object:
                encoder.unregisterProducer()
                return None

            def chunkedFailed(reason: Failure) -> Failure:
                encoder._allowNoMoreWrites()
                transport.unregisterProducer()
                return reason

            return produced.addCallbacks(chunkedDone, chunkedFailed)  # type: ignore[no-any-return]

        transport.write(self._head([(b"Content-Length", b"%d" % (producer.length,))]))
        return self._writeToBodyProducerContentLength(transport, producer)

    def _writeToBodyProducerContentLength(self, transport: Any, producer: Any) -> Deferred[None]:
        # Two things can end the body: the producer's Deferred (done or failed) and the
        # consumer seeing too many bytes.  The first to happen decides the result.
        producing: list[Deferred[None]] = []
        # Cancelling the request's writing cancels the producer's Deferred.
        result: Deferred[None] = Deferred(lambda _: producing[0].cancel() if producing else None)
        finishedConsuming: Deferred[None] = Deferred()
        consumer = LengthEnforcingConsumer(producer, transport, finishedConsuming)
        transport.registerProducer(producer, True)
        finishedProducing = producer.startProducing(consumer)
        producing.append(finishedProducing)
        decided = [False]

        def cbProducing(ignored: object) -> None:
            if decided[0]:
                # Too many bytes were written already; the request failed for that.
                return
            decided[0] = True
            try:
                consumer._noMoreWritesExpected()
            except WrongBodyLength:
                result.errback()
            else:
                result.callback(None)

        def ebProducing(reason: Failure) -> None:
            if decided[0]:
                self._log.failure("Producer is buggy", failure=reason)
                return
            decided[0] = True
            consumer._allowNoMoreWrites()
            result.errback(reason)

        def ebConsuming(reason: Failure) -> None:
            if decided[0]:
                # Nothing should fire the consumer's Deferred after the request is decided.
                self._log.failure(
                    "Buggy state machine in {request}/[{state}]: ebConsuming called",
                    failure=reason,
                    request=repr(self),
                    state="decided",
                )
                return
            decided[0] = True
            result.errback(reason)

        finishedProducing.addCallbacks(cbProducing, ebProducing)
        finishedConsuming.addErrback(ebConsuming)

        def unregister(outcome: object) -> object:
            transport.unregisterProducer()
            return outcome

        return result.addBoth(unregister)

    def stopWriting(self) -> None:
        """Stop the body producer (the connection is going away)."""
        producer = self.bodyProducer
        if producer is not None:
            try:
                producer.stopProducing()
            except Exception:
                _moduleLog.failure("stopProducing() failed while the request was stopped")


@implementer(IResponse)
class Response:
    """A response head, and the body as it arrives (see :meth:`deliverBody`)."""

    def __init__(
        self,
        version: tuple[bytes, int, int],
        code: int,
        phrase: bytes,
        headers: Any,
        _transport: Any,
        request: Any = None,
    ) -> None:
        self.version = version
        self.code = code
        self.phrase = phrase
        self.headers = headers
        self.length: Any = UNKNOWN_LENGTH
        self.request = request
        self.previousResponse: Any = None
        self._transport = _transport
        # INITIAL: no protocol yet, body bytes buffered; CONNECTED: bytes go to the protocol;
        # DEFERRED_CLOSE: the body ended before a protocol came; FINISHED: all delivered.
        self._state = "INITIAL"
        self._bodyBuffer: list[bytes] | None = []
        self._bodyProtocol: Any = None
        self._bodyFinished: Failure | None = None

    @classmethod
    def _construct(
        cls,
        version: tuple[bytes, int, int],
        code: int,
        phrase: bytes,
        headers: Any,
        transport: Any,
        request: Any,
    ) -> Response:
        return cls(version, code, phrase, headers, transport, request)

    def setPreviousResponse(self, previousResponse: Any) -> None:
        """Record the response that redirected to this one."""
        self.previousResponse = previousResponse

    def deliverBody(self, protocol: Any) -> None:
        """Connect ``protocol`` to the body: data it missed first, then the rest as it comes.

        The protocol's ``connectionLost`` gets ``ResponseDone`` for a complete body,
        ``PotentialDataLoss`` when the body ended with the connection, or ``ResponseFailed``.
        A second call raises :class:`RuntimeError`.
        """
        if self._state not in ("INITIAL", "DEFERRED_CLOSE"):
            raise RuntimeError(f"Response already has protocol {self._bodyProtocol!r}")
        self._bodyProtocol = protocol
        protocol.makeConnection(self._transport)
        buffered, self._bodyBuffer = self._bodyBuffer or [], None
        if self._state == "INITIAL":
            self._state = "CONNECTED"
            # Reading may have been paused while nobody wanted the body.
            self._transport.resumeProducing()
            for data in buffered:
                protocol.dataReceived(data)
            return
        for data in buffered:
            protocol.dataReceived(data)
        self._state = "FINISHED"
        reason, self._bodyFinished = self._bodyFinished, None
        self._bodyProtocol = None
        assert reason is not None
        protocol.connectionLost(reason)

    def _bodyDataReceived(self, data: bytes) -> None:
        if self._state == "INITIAL":
            assert self._bodyBuffer is not None
            self._bodyBuffer.append(data)
        elif self._state == "CONNECTED":
            self._bodyProtocol.dataReceived(data)
        else:
            raise RuntimeError("Cannot receive body data after _bodyDataFinished")

    def _bodyDataFinished(self, reason: Failure | None = None) -> None:
        if reason is None:
            reason = Failure(ResponseDone("Response body fully received"))
        if self._state == "INITIAL":
            self._state = "DEFERRED_CLOSE"
            self._bodyFinished = reason
        elif self._state == "CONNECTED":
            self._state = "FINISHED"
            stopProxying = getattr(self._transport, "_stopProxying", None)
            if stopProxying is not None:
                stopProxying()
            protocol, self._bodyProtocol = self._bodyProtocol, None
            protocol.connectionLost(reason)
        else:
            raise RuntimeError("Cannot finish body data more than once")
