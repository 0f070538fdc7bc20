"""The producers that stream a file (whole, one range, several ranges) into a request."""

from __future__ import annotations

from typing import IO, Any

from zope.interface import implementer

from twistio.internet import interfaces

__name__ = "twisted.web.static"

#: Bytes read from the file per resumeProducing.
_BUFFER_SIZE = 2**16  # abstract.FileDescriptor.bufferSize


@implementer(interfaces.IPullProducer)
class StaticProducer:
    """Writes (part of) a file into a request, as its consumer asks for more."""

    bufferSize = _BUFFER_SIZE

    def __init__(self, request: Any, fileObject: IO[bytes]) -> None:
        self.request: Any = request
        self.fileObject = fileObject

    def start(self) -> None:
        raise NotImplementedError(self.start)

    def resumeProducing(self) -> None:
        raise NotImplementedError(self.resumeProducing)

    def stopProducing(self) -> None:
        """Stop: close the file and forget the request."""
        self.fileObject.close()
        self.request = None

    def _done(self) -> None:
        self.request.unregisterProducer()
        self.request.finish()
        self.stopProducing()


class NoRangeStaticProducer(StaticProducer):
    """The whole file."""

    def start(self) -> None:
        self.request.registerProducer(self, False)

    def resumeProducing(self) -> None:
        if not self.request:
            return
        data = self.fileObject.read(self.bufferSize)
        if data:
            self.request.write(data)
        else:
            self._done()


class SingleRangeStaticProducer(StaticProducer):
    """``size`` bytes from ``offset``."""

    def __init__(self, request: Any, fileObject: IO[bytes], offset: int, size: int) -> None:
        StaticProducer.__init__(self, request, fileObject)
        self.offset = offset
        self.size = size

    def start(self) -> None:
        self.fileObject.seek(self.offset)
        self.bytesWritten = 0
        self.request.registerProducer(self, 0)

    def resumeProducing(self) -> None:
        if not self.request:
            return
        data = self.fileObject.read(min(self.bufferSize, self.size - self.bytesWritten))
        if data:
            self.bytesWritten += len(data)
            self.request.write(data)
        if self.request and self.bytesWritten == self.size:
            self._done()


class MultipleRangeStaticProducer(StaticProducer):
    """Several ranges, each preceded by its multipart boundary and headers.

    ``rangeInfo`` is a list of (boundary bytes, offset, size); the last entry carries the
    closing boundary with size 0.
    """

    def __init__(self, request: Any, fileObject: IO[bytes], rangeInfo: list[Any]) -> None:
        StaticProducer.__init__(self, request, fileObject)
        self.rangeInfo = rangeInfo

    def start(self) -> None:
        self.rangeIter = iter(self.rangeInfo)
        self._nextRange()
        self.request.registerProducer(self, 0)

    def _nextRange(self) -> None:
        self.partBoundary, partOffset, self._partSize = next(self.rangeIter)
        self._partBytesWritten = 0
        self.fileObject.seek(partOffset)

    def resumeProducing(self) -> None:
        if not self.request:
            return
        data = []
        dataLength = 0
        done = False
        while dataLength < self.bufferSize:
            if self.partBoundary:
                dataLength += len(self.partBoundary)
                data.append(self.partBoundary)
                self.partBoundary = None
            p = self.fileObject.read(
                min(self.bufferSize - dataLength, self._partSize - self._partBytesWritten)
            )
            self._partBytesWritten += len(p)
            dataLength += len(p)
            data.append(p)
            if self.request and self._partBytesWritten == self._partSize:
                try:
                    self._nextRange()
                except StopIteration:
                    done = True
                    break
        self.request.write(b"".join(data))
        if done:
            self._done()
