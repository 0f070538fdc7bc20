"""Request and response bodies for the client: FileBodyProducer, readBody, gzip decoding."""

from __future__ import annotations

import os
import warnings
import zlib
from typing import Any

from zope.interface import implementer

from twistio.internet import task
from twistio.internet.defer import Deferred
from twistio.internet.protocol import Protocol
from twistio.python.components import proxyForInterface
from twistio.python.failure import Failure
from twistio.web._client_errors import PotentialDataLoss
from twistio.web._newclient_errors import ResponseDone, ResponseFailed
from twistio.web.error import Error
from twistio.web.iweb import UNKNOWN_LENGTH, IAgent, IBodyProducer, IResponse

__name__ = "twisted.web.client"


class PartialDownloadError(Error):
    """The body ended with the connection, so it may be incomplete.

    ``status`` and ``message`` are the response's; ``response`` holds the bytes that arrived.
    """


@implementer(IBodyProducer)
class FileBodyProducer:
    """Produce a request body from a file object, ``readSize`` bytes at a time.

    ``length`` is what remains from the file's current position when it can seek, else
    ``UNKNOWN_LENGTH`` (the body is then sent chunked).  ``cooperator`` schedules the reads.
    """

    def __init__(self, inputFile: Any, cooperator: Any = task, readSize: int = 2**16) -> None:
        self._inputFile = inputFile
        self._cooperate = cooperator.cooperate
        self._readSize = readSize
        self.length: Any = self._determineLength(inputFile)

    def _determineLength(self, fObj: Any) -> Any:
        try:
            seek = fObj.seek
            tell = fObj.tell
        except AttributeError:
            return UNKNOWN_LENGTH
        originalPosition = tell()
        seek(0, os.SEEK_END)
        end = tell()
        seek(originalPosition, os.SEEK_SET)
        return end - originalPosition

    def stopProducing(self) -> None:
        """Stop reading and close the file; the Deferred from startProducing never fires."""
        self._inputFile.close()
        try:
            self._task.stop()
        except (AttributeError, task.TaskStopped, task.TaskDone):
            pass

    def startProducing(self, consumer: Any) -> Deferred[None]:
        """Write the file to ``consumer``; the Deferred fires when it has all been written.

        Cancelling it stops producing (and closes the file); it then never fires.
        """
        self._task = self._cooperate(self._writeloop(consumer))
        # Cancelling stops the task, which settles this Deferred, so it is not failed with
        # CancelledError on top.
        d: Deferred[Any] = Deferred(lambda _: self.stopProducing())
        self._task.whenDone().addCallbacks(d.callback, d.errback)

        def maybeStopped(reason: Failure) -> Any:
            # Stopped by stopProducing: the body will never be complete; say nothing.
            reason.trap(task.TaskStopped)
            return Deferred()

        # The file is closed by the loop at its end, or by stopProducing.
        d.addCallbacks(lambda ignored: None, maybeStopped)
        return d

    def _writeloop(self, consumer: Any) -> Any:
        while True:
            data = self._inputFile.read(self._readSize)
            if not data:
                self._inputFile.close()
                break
            consumer.write(data)
            yield None

    def pauseProducing(self) -> None:
        self._task.pause()

    def resumeProducing(self) -> None:
        self._task.resume()


class _ReadBodyProtocol(Protocol):
    """Collect a body and fire ``deferred`` with it (or with the failure) at the end."""

    def __init__(self, status: int, message: bytes, deferred: Deferred[bytes]) -> None:
        self.deferred = deferred
        self.status = status
        self.message = message
        self.dataBuffer: list[bytes] = []

    def dataReceived(self, data: bytes) -> None:
        self.dataBuffer.append(data)

    def connectionLost(self, reason: Failure = Failure(ResponseDone())) -> None:  # noqa: B008
        if self.deferred.called:
            return
        if reason.check(ResponseDone):
            self.deferred.callback(b"".join(self.dataBuffer))
        elif reason.check(PotentialDataLoss):
            self.deferred.errback(
                PartialDownloadError(self.status, self.message, b"".join(self.dataBuffer))
            )
        else:
            self.deferred.errback(reason)


def readBody(response: Any) -> Deferred[bytes]:
    """Read the whole body of ``response``; the Deferred fires with it as bytes.

    A body that ended with the connection fails with :class:`PartialDownloadError` (its
    ``response`` attribute holds what arrived).  Cancelling aborts the connection.
    """

    def cancel(deferred: Deferred[bytes]) -> None:
        abort = getattr(protocol.transport, "abortConnection", None)
        if abort is not None:
            abort()

    d: Deferred[bytes] = Deferred(cancel)
    protocol = _ReadBodyProtocol(response.code, response.phrase, d)
    response.deliverBody(protocol)
    transport = getattr(protocol, "transport", None)
    if transport is not None and getattr(transport, "abortConnection", None) is None:
        warnings.warn(
            "Using readBody with a transport that does not have an abortConnection method",
            category=DeprecationWarning,
            stacklevel=2,
        )
    return d


class _GzipProtocol(Protocol):
    """Decompress body bytes on their way to ``protocol``."""

    def __init__(self, protocol: Any, response: Any) -> None:
        self._protocol = protocol
        self._response = response
        self._zlibDecompress = zlib.decompressobj(16 + zlib.MAX_WBITS)

    def makeConnection(self, transport: Any) -> None:
        self.transport = transport
        self._protocol.makeConnection(transport)

    def dataReceived(self, data: bytes) -> None:
        try:
            rawData = self._zlibDecompress.decompress(data)
        except zlib.error:
            raise ResponseFailed([Failure()], self._response) from None
        if rawData:
            self._protocol.dataReceived(rawData)

    def connectionLost(self, reason: Failure = Failure(ResponseDone())) -> None:  # noqa: B008
        try:
            rawData = self._zlibDecompress.flush()
        except zlib.error:
            # As Twisted does: the error goes to whoever ended the body.
            raise ResponseFailed([reason, Failure()], self._response) from None
        if rawData:
            self._protocol.dataReceived(rawData)
        self._protocol.connectionLost(reason)


class GzipDecoder(proxyForInterface(IResponse)):  # type: ignore[misc]
    """A response whose body is gunzipped as it is delivered (length becomes unknown)."""

    def __init__(self, response: Any) -> None:
        self.original = response
        self.length = UNKNOWN_LENGTH

    def deliverBody(self, protocol: Any) -> None:
        self.original.deliverBody(_GzipProtocol(protocol, self.original))


@implementer(IAgent)
class ContentDecoderAgent:
    """Ask for encoded bodies (``Accept-Encoding``) and decode what comes back.

    ``decoders`` is a list of ``(name, decoderFactory)`` such as ``[(b"gzip", GzipDecoder)]``.
    """

    def __init__(self, agent: Any, decoders: list[tuple[bytes, Any]]) -> None:
        self._agent = agent
        self._decoders = dict(decoders)
        self._supported = b",".join([name for name, _ in decoders])

    def request(
        self, method: bytes, uri: bytes, headers: Any = None, bodyProducer: Any = None
    ) -> Deferred[Any]:
        from twistio.web.http_headers import Headers

        headers = Headers() if headers is None else headers.copy()
        headers.addRawHeader(b"accept-encoding", self._supported)
        d = self._agent.request(method, uri, headers, bodyProducer)
        return d.addCallback(self._handleResponse)  # type: ignore[no-any-return]

    def _handleResponse(self, response: Any) -> Any:
        contentEncodingHeaders = response.headers.getRawHeaders(b"content-encoding", [])
        encodings = [
            e.strip().lower() for header in contentEncodingHeaders for e in header.split(b",")
        ]
        encodings = [e for e in encodings if e]
        # Decode from the outermost encoding inwards; stop at one we cannot decode.
        while encodings:
            decoder = self._decoders.get(encodings[-1])
            if decoder is None:
                break
            encodings.pop()
            response = decoder(response)
        if encodings:
            response.headers.setRawHeaders(b"content-encoding", [b",".join(encodings)])
        else:
            response.headers.removeHeader(b"content-encoding")
        return response
