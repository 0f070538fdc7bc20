"""Our ends of a child process's pipes: ``ProcessReader`` and ``ProcessWriter``.

Both are classic selectables (``abstract.FileDescriptor``) watched through the reactor's
``addReader``/``addWriter``, so they show up in ``getReaders()``/``getWriters()`` as on
Twisted.  Each reports to its process with ``childDataReceived(name, data)`` and, once, with
``childConnectionLost(name, reason)`` after closing its descriptor.
"""

from __future__ import annotations

import errno
import os
from typing import Any

from twistio.internet import abstract, error
from twistio.python.failure import Failure

__name__ = "twisted.internet.process"

#: Bytes read per wakeup: large, so a child writing megabytes costs few callbacks.
_READ_SIZE = 65536


class _ChildPipe(abstract.FileDescriptor):
    """What both pipe ends share: the descriptor, its owner and the one-time report."""

    def __init__(self, reactor: Any, proc: Any, name: int, fileno: int) -> None:
        abstract.FileDescriptor.__init__(self, reactor)
        self.proc = proc
        self.name = name
        self.fd = fileno
        self.connected = 1

    def fileno(self) -> int:
        return self.fd

    def connectionLost(self, reason: Any) -> None:
        """Close the descriptor and tell the process this child descriptor is gone."""
        if self.disconnected:
            return
        abstract.FileDescriptor.connectionLost(self, reason)
        try:
            os.close(self.fd)
        except OSError:
            pass
        self.proc.childConnectionLost(self.name, reason)


class ProcessReader(_ChildPipe):
    """Reads what the child writes on descriptor ``name``; starts reading at once."""

    def __init__(self, reactor: Any, proc: Any, name: int, fileno: int) -> None:
        _ChildPipe.__init__(self, reactor, proc, name, fileno)
        self.startReading()

    def writeSomeData(self, data: bytes) -> int | BaseException:
        """Nothing is written to a descriptor the child writes to."""
        raise RuntimeError("a ProcessReader cannot be written to")

    def doRead(self) -> Any:
        """Hand over what is there; end of input (or a read error) closes this end."""
        try:
            data = os.read(self.fd, _READ_SIZE)
        except OSError as e:
            if e.errno in (errno.EAGAIN, errno.EINTR):
                return None
            return error.ConnectionLost()
        if not data:
            return error.ConnectionDone()
        self.proc.childDataReceived(self.name, data)
        return None

    def loseConnection(self, _connDone: Any = None) -> None:
        """Stop reading and close this end; the process hears about it from the loop."""
        if self.connected and not self.disconnecting:
            self.disconnecting = 1
            self.stopReading()
            self.reactor.callLater(0, self.connectionLost, Failure(error.ConnectionDone()))


class ProcessWriter(_ChildPipe):
    """Writes to the child's descriptor ``name``, buffered and flushed by the reactor.

    It also watches its descriptor for readability: the write end of a pipe only polls
    readable once the child's end is closed, which is how a child closing its stdin (or
    exiting) is noticed even when nothing is being written.  ``forceReadHack`` is accepted
    for signature compatibility; the watching is always on.
    """

    def __init__(
        self, reactor: Any, proc: Any, name: int, fileno: int, forceReadHack: bool = False
    ) -> None:
        _ChildPipe.__init__(self, reactor, proc, name, fileno)
        self.startReading()

    def writeSomeData(self, data: bytes) -> int | BaseException:
        """Write what the pipe accepts now; a pipe whose reader is gone is lost."""
        try:
            return os.write(self.fd, data)
        except OSError as e:
            if e.errno in (errno.EAGAIN, errno.EINTR):
                return 0
            return error.ConnectionLost()

    def write(self, data: bytes) -> None:
        """Queue ``data`` for the child; ignored once this end is closing or closed."""
        abstract._dataMustBeBytes(data)
        if self.disconnecting:
            return
        abstract.FileDescriptor.write(self, data)

    def doRead(self) -> Any:
        """Our write end polled readable: the child's end is closed, drop what is pending."""
        self.dataBuffer = b""
        self._tempDataBuffer = []
        self._tempDataLen = 0
        return error.ConnectionLost()
