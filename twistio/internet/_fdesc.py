"""abstract.FileDescriptor: the classic base for selectables driven through IReactorFDSet.

twistio's own TCP connections do not use it (they ride asyncio transports); it is here for
programs and libraries that build their own selectables and hand them to addReader/addWriter.
Writes are buffered and flushed by :meth:`FileDescriptor.doWrite` as the reactor reports the
descriptor writable; registered producers are paused when the buffer passes ``bufferSize``
and resumed when it drains.
"""

from __future__ import annotations

from typing import Any

from zope.interface import implementer

from twistio.internet import error
from twistio.internet.interfaces import (
    IConsumer,
    IHalfCloseableDescriptor,
    ILoggingContext,
    IPushProducer,
    IReadWriteDescriptor,
    ITransport,
)
from twistio.python import failure

__name__ = "twisted.internet.abstract"


def _dataMustBeBytes(obj: object) -> None:
    if not isinstance(obj, bytes):
        raise TypeError("Data must be bytes")


@implementer(
    IPushProducer,
    IReadWriteDescriptor,
    IConsumer,
    ITransport,
    ILoggingContext,
    IHalfCloseableDescriptor,
)
class FileDescriptor:
    """A buffered, producer-aware selectable; subclasses supply fileno, doRead and
    writeSomeData."""

    connected = 0
    disconnected = 0
    disconnecting = 0
    _writeDisconnecting = False
    _writeDisconnected = False
    dataBuffer = b""
    offset = 0
    SEND_LIMIT = 128 * 1024
    producer: Any = None
    streamingProducer = False
    producerPaused = False
    bufferSize = 2**16

    def __init__(self, reactor: Any = None) -> None:
        if reactor is None:
            from twistio.internet import reactor as _reactor

            reactor = _reactor
        self.reactor = reactor
        self._tempDataBuffer: list[bytes] = []
        self._tempDataLen = 0

    def connectionLost(self, reason: Any) -> None:
        """The descriptor is closed: stop the producer and stop watching it."""
        self.disconnected = 1
        self.connected = 0
        if self.producer is not None:
            self.producer.stopProducing()
            self.producer = None
        self.stopReading()
        self.stopWriting()

    def writeSomeData(self, data: bytes) -> int | BaseException:
        """Write as much of ``data`` as possible; the count written (or an error)."""
        raise NotImplementedError(f"{self.__class__} does not implement writeSomeData")

    def doRead(self) -> Any:
        raise NotImplementedError(f"{self.__class__} does not implement doRead")

    def doWrite(self) -> Any:
        """Flush what the OS accepts; resume the producer or finish closing once empty."""
        if len(self.dataBuffer) - self.offset < self.SEND_LIMIT:
            # Fold queued writes into the buffer, in one join.
            self.dataBuffer = self.dataBuffer[self.offset :] + b"".join(self._tempDataBuffer)
            self.offset = 0
            self._tempDataBuffer = []
            self._tempDataLen = 0
        if self.offset:
            written = self.writeSomeData(memoryview(self.dataBuffer)[self.offset :])  # type: ignore[arg-type]
        else:
            written = self.writeSomeData(self.dataBuffer)
        if isinstance(written, BaseException) or written < 0:
            return written
        self.offset += written
        if self.offset == len(self.dataBuffer) and not self._tempDataLen:
            self.dataBuffer = b""
            self.offset = 0
            self.stopWriting()
            if self.producer is not None and ((not self.streamingProducer) or self.producerPaused):
                self.producerPaused = False
                self.producer.resumeProducing()
            elif self.disconnecting:
                return self._postLoseConnection()
            elif self._writeDisconnecting:
                self._writeDisconnected = True
                return self._closeWriteConnection()
        return None

    def _postLoseConnection(self) -> Any:
        """What doWrite returns once a requested close can complete."""
        return error.ConnectionDone()

    def _closeWriteConnection(self) -> Any:
        """Shut down the writing side (override)."""
        return None

    def writeConnectionLost(self, reason: Any) -> None:
        self.connectionLost(reason)

    def readConnectionLost(self, reason: Any) -> None:
        self.connectionLost(reason)

    def _isSendBufferFull(self) -> bool:
        return len(self.dataBuffer) + self._tempDataLen > self.bufferSize

    def _maybePauseProducer(self) -> None:
        if self.producer is not None and self.streamingProducer:
            if self._isSendBufferFull():
                self.producerPaused = True
                self.producer.pauseProducing()

    def write(self, data: bytes) -> None:
        """Queue ``data`` (bytes only); ignored when not connected."""
        _dataMustBeBytes(data)
        if not self.connected or self._writeDisconnected:
            return
        if data:
            self._tempDataBuffer.append(data)
            self._tempDataLen += len(data)
            self._maybePauseProducer()
            self.startWriting()

    def writeSequence(self, iovec: Any) -> None:
        """Queue each bytes item of ``iovec``."""
        iovec = list(iovec)
        for item in iovec:
            _dataMustBeBytes(item)
        if not self.connected or not iovec or self._writeDisconnected:
            return
        self._tempDataBuffer.extend(iovec)
        for item in iovec:
            self._tempDataLen += len(item)
        self._maybePauseProducer()
        self.startWriting()

    def loseConnection(self, _connDone: Any = None) -> None:
        """Close once the buffer is flushed (and any producer unregistered)."""
        if _connDone is None:
            _connDone = failure.Failure(error.ConnectionDone())
        if self.connected and not self.disconnecting:
            if self._writeDisconnected:
                self.stopReading()
                self.stopWriting()
                self.connectionLost(_connDone)
            else:
                self.stopReading()
                self.startWriting()
                self.disconnecting = 1

    def loseWriteConnection(self) -> None:
        self._writeDisconnecting = True
        self.startWriting()

    def stopReading(self) -> None:
        self.reactor.removeReader(self)

    def stopWriting(self) -> None:
        self.reactor.removeWriter(self)

    def startReading(self) -> None:
        self.reactor.addReader(self)

    def startWriting(self) -> None:
        self.reactor.addWriter(self)

    def registerProducer(self, producer: Any, streaming: bool) -> None:
        """Register a producer (a pull producer is asked for data at once)."""
        if self.producer is not None:
            raise RuntimeError(
                f"Cannot register producer {producer}, because producer {self.producer} "
                "was never unregistered."
            )
        if self.disconnected:
            producer.stopProducing()
        else:
            self.producer = producer
            self.streamingProducer = streaming
            if not streaming:
                producer.resumeProducing()

    def unregisterProducer(self) -> None:
        self.producer = None
        if self.connected and self.disconnecting:
            self.startWriting()

    def stopConsuming(self) -> None:
        self.unregisterProducer()
        self.loseConnection()

    def resumeProducing(self) -> None:
        if self.connected and not self.disconnecting:
            self.startReading()

    def pauseProducing(self) -> None:
        self.stopReading()

    def stopProducing(self) -> None:
        self.loseConnection()

    def fileno(self) -> int:
        """The descriptor number (-1: none)."""
        return -1

    def logPrefix(self) -> str:
        return "-"

    def getPeer(self) -> Any:
        raise NotImplementedError()

    def getHost(self) -> Any:
        raise NotImplementedError()
