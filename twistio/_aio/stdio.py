"""stdio.StandardIO: a protocol connected to this process's stdin and stdout.

Pipes and terminals are watched with ``loop.add_reader``/``add_writer``; regular files (which
epoll refuses to watch) are read and written directly, a chunk per loop pass.  When stdin
ends, a half-closeable protocol gets ``readConnectionLost``; any other protocol's connection
is closed once pending output is written.
"""

from __future__ import annotations

import os
import stat
from typing import Any

from zope.interface import implementer

from twistio.internet import error
from twistio.internet.interfaces import (
    IAddress,
    IConsumer,
    IHalfCloseableProtocol,
    IPushProducer,
    ITransport,
)
from twistio.python import log
from twistio.python.failure import Failure

__name__ = "twisted.internet._posixstdio"


@implementer(IAddress)
class PipeAddress:
    """The address of either end of a stdio connection."""


@implementer(ITransport, IPushProducer, IConsumer)
class StandardIO:
    """Connects ``proto`` to file descriptors ``stdin`` and ``stdout``."""

    disconnecting = False
    disconnected = False
    producer: Any = None
    streamingProducer = False
    _paused = False

    def __init__(self, proto: Any, stdin: int = 0, stdout: int = 1, reactor: Any = None) -> None:
        if reactor is None:
            from twistio.internet import reactor as _reactor

            reactor = _reactor
        self.reactor = reactor
        self._loop = reactor._asyncioEventloop
        self.protocol = proto
        self._reader: int | None = stdin
        self._writer: int | None = stdout
        self._buffer: list[bytes] = []
        self._watchingWrite = False
        self._readPolled = False
        self._closeWriterWhenFlushed = False
        for fd in (stdin, stdout):
            try:
                os.set_blocking(fd, False)
            except OSError:
                pass
        self._watchingWriterEnd = False
        self._watchWriterEnd()
        self.startReading()
        try:
            proto.makeConnection(self)
        except BaseException:
            log.err()
            self.loseConnection()

    # -- reading -----------------------------------------------------------------------

    def startReading(self) -> None:
        fd = self._reader
        if fd is None:
            return
        try:
            self._loop.add_reader(fd, self._doRead)
        except (PermissionError, OSError):
            # A regular file: always readable, so read a chunk per pass.
            self._readPolled = True
            self._loop.call_soon(self._pollRead)

    def stopReading(self) -> None:
        fd = self._reader
        if fd is None:
            return
        if self._readPolled:
            self._readPolled = False
        else:
            self._loop.remove_reader(fd)

    def _pollRead(self) -> None:
        if self._readPolled and self._reader is not None:
            if self._doRead() is None and self._readPolled:
                self._loop.call_soon(self._pollRead)

    def _doRead(self) -> Any:
        fd = self._reader
        if fd is None:
            return False
        try:
            data = os.read(fd, 65536)
        except BlockingIOError:
            return None
        except OSError:
            data = b""
        if not data:
            self.stopReading()
            self._reader = None
            self._readConnectionLost()
            return False
        try:
            self.protocol.dataReceived(data)
        except BaseException:
            failure = Failure()
            log.err(failure)
            self._lose(failure)
            return False
        return None

    def _readConnectionLost(self) -> None:
        if IHalfCloseableProtocol.providedBy(self.protocol):
            try:
                self.protocol.readConnectionLost()
            except BaseException:
                log.err()
                self.loseConnection()
        else:
            self.loseConnection()

    # -- writing -----------------------------------------------------------------------

    def _watchWriterEnd(self) -> None:
        """Notice when the reader of our stdout pipe goes away, even while we are idle.

        The write end of a pipe polls readable (an error) once the other end is closed; only
        pipes are watched, since a terminal's stdout is readable whenever someone types.
        """
        fd = self._writer
        if fd is None or fd == self._reader:
            return
        try:
            if not stat.S_ISFIFO(os.fstat(fd).st_mode):
                return
            self._loop.add_reader(fd, self._writerEndClosed)
        except (OSError, ValueError):
            return
        self._watchingWriterEnd = True

    def _unwatchWriterEnd(self) -> None:
        if self._watchingWriterEnd and self._writer is not None:
            self._watchingWriterEnd = False
            self._loop.remove_reader(self._writer)

    def _writerEndClosed(self) -> None:
        fd = self._writer
        self._unwatchWriterEnd()
        if fd is None:
            return
        if self._watchingWrite:
            self._watchingWrite = False
            self._loop.remove_writer(fd)
        self._buffer = []
        self._writer = None
        self._closeWriterWhenFlushed = False
        if self.disconnecting or not IHalfCloseableProtocol.providedBy(self.protocol):
            self._lose(Failure(error.ConnectionLost()))
            return
        try:
            self.protocol.writeConnectionLost()
        except BaseException:
            log.err()
            self._lose(Failure(error.ConnectionLost()))
            return
        if self._reader is None:
            self._lose(Failure(error.ConnectionDone()))

    def write(self, data: bytes) -> None:
        if not isinstance(data, bytes):
            raise TypeError("Data must be bytes")
        if self._writer is None or self._closeWriterWhenFlushed or not data:
            return
        self._buffer.append(data)
        self._flush()

    def writeSequence(self, data: Any) -> None:
        self.write(b"".join(data))

    def _flush(self) -> None:
        fd = self._writer
        if fd is None:
            return
        while self._buffer:
            chunk = self._buffer[0]
            try:
                n = os.write(fd, chunk)
            except BlockingIOError:
                break
            except OSError:
                self._unwatchWriterEnd()
                self._buffer = []
                self._writer = None
                self._lose(Failure(error.ConnectionLost()))
                return
            if n < len(chunk):
                self._buffer[0] = chunk[n:]
                break
            self._buffer.pop(0)
        if self._buffer:
            if not self._watchingWrite:
                self._watchingWrite = True
                self._loop.add_writer(fd, self._flush)
            if self.producer is not None and self.streamingProducer and not self._paused:
                self._paused = True
                self.producer.pauseProducing()
            return
        if self._watchingWrite:
            self._watchingWrite = False
            self._loop.remove_writer(fd)
        if self.producer is not None and self.streamingProducer and self._paused:
            self._paused = False
            self.producer.resumeProducing()
        elif self.producer is not None and not self.streamingProducer:
            # A pull producer writes one chunk per resumeProducing: ask for the next once
            # this one is out (on a later pass, as a writable descriptor would).
            self._askPullProducer()
        if self._closeWriterWhenFlushed:
            self._closeWriterWhenFlushed = False
            self._unwatchWriterEnd()
            self._writer = None
            if self.disconnecting:
                self._lose(Failure(error.ConnectionDone()))
            elif IHalfCloseableProtocol.providedBy(self.protocol):
                self.protocol.writeConnectionLost()

    def loseWriteConnection(self) -> None:
        self._closeWriterWhenFlushed = True
        self.reactor.callLater(0, self._flush)

    def loseConnection(self) -> None:
        """Stop reading, write what is pending, then report ConnectionDone."""
        if self.disconnecting or self.disconnected:
            return
        self.disconnecting = True
        self.stopReading()
        self._reader = None
        if self._writer is None:
            self.reactor.callLater(0, self._lose, Failure(error.ConnectionDone()))
            return
        self._closeWriterWhenFlushed = True
        self.reactor.callLater(0, self._flush)

    def _lose(self, reason: Failure) -> None:
        if self.disconnected:
            return
        self.disconnected = True
        self.stopReading()
        self._reader = None
        if self._watchingWrite and self._writer is not None:
            self._loop.remove_writer(self._writer)
            self._watchingWrite = False
        self._unwatchWriterEnd()
        if self.producer is not None:
            producer, self.producer = self.producer, None
            producer.stopProducing()
        try:
            self.protocol.connectionLost(reason)
        except BaseException:
            log.err()

    def connectionLost(self, reason: Any) -> None:
        self._lose(reason if isinstance(reason, Failure) else Failure(error.ConnectionDone()))

    def getPeer(self) -> PipeAddress:
        return PipeAddress()

    def getHost(self) -> PipeAddress:
        return PipeAddress()

    # -- producer/consumer -------------------------------------------------------------

    def registerProducer(self, producer: Any, streaming: bool) -> None:
        if self.producer is not None:
            raise RuntimeError(
                f"Cannot register producer {producer}, because producer {self.producer} "
                "was never unregistered."
            )
        self.producer = producer
        self.streamingProducer = streaming
        if not streaming:
            producer.resumeProducing()

    def unregisterProducer(self) -> None:
        self.producer = None

    _pullScheduled = False

    def _askPullProducer(self) -> None:
        if not self._pullScheduled:
            self._pullScheduled = True
            self._loop.call_soon(self._pull)

    def _pull(self) -> None:
        self._pullScheduled = False
        producer = self.producer
        if producer is None or self.streamingProducer or self.disconnected or self._buffer:
            return
        try:
            producer.resumeProducing()
        except BaseException:
            failure = Failure()
            log.err(failure)
            self._lose(failure)

    def stopProducing(self) -> None:
        self.loseConnection()

    def pauseProducing(self) -> None:
        self.stopReading()

    def resumeProducing(self) -> None:
        if not self.disconnecting:
            self.startReading()
