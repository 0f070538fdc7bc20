"""Passing file descriptors over UNIX stream connections (SCM_RIGHTS).

Why this module exists: asyncio transports (uvloop's and the stdlib loop's) move bytes only;
they read with ``recv`` and write with ``send``, and offer no way to attach or collect
ancillary data.  A descriptor sent to a socket that is read with plain ``recv`` is closed by
the kernel.  So a UNIX connection that passes descriptors steps around its transport for
exactly that part, on a ``dup()`` of the transport's socket (never the transport's own
descriptor: the loop keeps that one registered):

- receiving: when the connection's protocol provides ``IFileDescriptorReceiver`` (decided
  once, when the protocol is connected), the loop transport's reading is paused for good and
  the connection reads with ``recvmsg`` from ``loop.add_reader`` on the duplicate.  Each
  descriptor is handed to ``fileDescriptorReceived`` before the ``dataReceived`` of the bytes
  it came with.  End of file and read errors end the connection through the transport's
  normal close path (``ConnectionDone``/``ConnectionLost``).  Other protocols keep the loop's
  own reading, and a descriptor sent to them is closed by the kernel without a log line
  (Twisted closes it and logs; see docs/differences.md).
- sending: ``sendFileDescriptor(fd)`` queues ``fd``; from then until the queue is empty,
  writes are held here in order.  On the next pass of the loop, once the transport's own
  write buffer is empty, each queued descriptor goes out with ``sendmsg`` carrying one byte
  of the held data (as Twisted sends them), and the rest of the bytes through
  ``transport.write``.  More descriptors than held bytes at that point is a misuse: the
  connection is lost with ``FileDescriptorOverrun``, nothing of it sent.  With
  ``MAX_QUEUED_FDS`` descriptors queued (the socket is full), producers are paused until
  the queue empties.

:class:`FDTransport` stands in for the connection's asyncio transport (``conn._tr``) from
the moment either side is needed, so the shared connection adapter keeps working unchanged
through it.  :class:`_SendmsgMixin` is the receiving step on its own, for code that drives
it over a plain socket (``doRead``).
"""

from __future__ import annotations

import os
import socket
import struct
from collections.abc import Callable
from typing import Any

from twistio.internet import error
from twistio.internet.interfaces import IFileDescriptorReceiver
from twistio.python import _logsystem, log
from twistio.python import sendmsg as _sendmsg
from twistio.python.failure import Failure

__name__ = "twisted.internet.unix"

#: Descriptors queued at which a registered producer is paused (the fd queue is "full").
MAX_QUEUED_FDS = 64
#: Bytes read per ``recvmsg``.
READ_SIZE = 65536
#: Room for the most descriptors one Linux message can carry (SCM_MAX_FD).
_ANCILLARY_SPACE = socket.CMSG_SPACE(253 * struct.calcsize("i"))
_INT = struct.calcsize("i")
_CALLBACK_LOGGER = _logsystem.current

_UNSUPPORTED = (
    "%(protocolName)s (on %(hostAddress)r) received unsupported ancillary data "
    "(level=%(cmsgLevel)r, type=%(cmsgType)r) from %(peerAddress)r."
)
_NOT_A_RECEIVER = (
    "%(protocolName)s (on %(hostAddress)r) does not provide IFileDescriptorReceiver; "
    "closing file descriptor received (from %(peerAddress)r)."
)


def deliverAncillary(
    protocol: Any,
    ancillary: list[tuple[int, int, bytes]],
    host: Callable[[], Any],
    peer: Callable[[], Any],
    protocolName: Callable[[], str],
) -> None:
    """Hand each descriptor of ``ancillary``'s ``SCM_RIGHTS`` messages, in order, to
    ``protocol.fileDescriptorReceived``.

    A protocol that does not provide ``IFileDescriptorReceiver`` gets none: each descriptor
    is closed and the fact logged.  Other control messages are logged and dropped.  If
    ``fileDescriptorReceived`` raises, the descriptors not yet handed over are closed and
    the exception propagates.  ``host``, ``peer`` and ``protocolName`` are asked only to
    write a log line.
    """
    fds: list[int] = []
    for level, kind, payload in ancillary:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            count = len(payload) // _INT
            fds.extend(struct.unpack(f"{count}i", payload[: count * _INT]))
        else:
            log.msg(
                format=_UNSUPPORTED,
                hostAddress=host(),
                peerAddress=peer(),
                protocolName=protocolName(),
                cmsgLevel=level,
                cmsgType=kind,
            )
    if not fds:
        return
    if not IFileDescriptorReceiver.providedBy(protocol):
        for fd in fds:
            os.close(fd)
            log.msg(
                format=_NOT_A_RECEIVER,
                hostAddress=host(),
                peerAddress=peer(),
                protocolName=protocolName(),
            )
        return
    for index, fd in enumerate(fds):
        try:
            protocol.fileDescriptorReceived(fd)
        except BaseException:
            for rest in fds[index + 1 :]:
                os.close(rest)
            raise


class _SendmsgMixin:
    """The receiving step of a descriptor-passing UNIX connection, over ``self.socket``.

    Users supply ``socket``, ``protocol``, ``bufferSize``, ``_dataReceived(data)``,
    ``getHost()``, ``getPeer()`` and ``_getLogPrefix(protocol)``.  ``doRead`` reads once
    with ``twisted.python.sendmsg.recvmsg`` (looked up at each call), delivers descriptors
    as :func:`deliverAncillary` does, then answers what ``_dataReceived`` answers.
    """

    socket: Any
    protocol: Any
    bufferSize: int

    def doRead(self) -> Any:
        try:
            message = _sendmsg.recvmsg(self.socket, self.bufferSize)
        except (BlockingIOError, InterruptedError):
            return None
        except OSError as e:
            return error.ConnectionLost(str(e))
        deliverAncillary(
            self.protocol,
            message.ancillary,
            self.getHost,  # type: ignore[attr-defined]
            self.getPeer,  # type: ignore[attr-defined]
            lambda: self._getLogPrefix(self.protocol),  # type: ignore[attr-defined]
        )
        return self._dataReceived(message.data)  # type: ignore[attr-defined]


class FDTransport:
    """A UNIX connection's asyncio transport, plus descriptor passing (see the module
    docstring).  Everything not about descriptors is the wrapped transport's."""

    def __init__(self, conn: Any, real: Any, loop: Any) -> None:
        self._conn = conn
        self._real = real
        self._loop = loop
        view = real.get_extra_info("socket")
        # A socket object of our own on a duplicate: the loop's socket view refuses I/O.
        self._sock = socket.socket(fileno=os.dup(view.fileno()))
        #: Whether ``real`` is an OwnedStream (the loop's transport was let go).
        self.owned = isinstance(real, OwnedStream)
        self._sock.setblocking(False)
        self._fd = self._sock.fileno()
        #: Descriptors queued, oldest first.
        self._fds: list[int] = []
        #: Bytes written since descriptors were queued; the first ones carry them.
        self._held = bytearray()
        self._flushScheduled = False
        self._writerOn = False
        self._closeAfter = False
        self._eofAfter = False
        self._pausedProducer = False
        self._receiving = False
        self._readerOn = False
        self._done = False

    # -- receiving -------------------------------------------------------------------------

    def startReceiving(self, reading: bool) -> None:
        """Read with ``recvmsg`` from now on (from now if ``reading``, else once resumed)."""
        self._receiving = True
        if reading:
            self.resume_reading()

    def is_reading(self) -> bool:
        return self._readerOn if self._receiving else bool(self._real.is_reading())

    def pause_reading(self) -> None:
        if not self._receiving:
            self._real.pause_reading()
        elif self._readerOn:
            self._readerOn = False
            self._loop.remove_reader(self._fd)

    def resume_reading(self) -> None:
        if not self._receiving:
            self._real.resume_reading()
        elif not self._readerOn and not self._done:
            self._readerOn = True
            self._loop.add_reader(self._fd, self._readable)

    def _readable(self) -> None:
        conn = self._conn
        try:
            data, ancillary, _flags, _ = self._sock.recvmsg(READ_SIZE, _ANCILLARY_SPACE)
        except (BlockingIOError, InterruptedError):
            return
        except OSError as e:
            self.pause_reading()
            if conn._lostReason is None:
                conn._lostReason = Failure(error.ConnectionLost(str(e)))
            self.abort()
            return
        if ancillary:
            current = _CALLBACK_LOGGER
            previous, current[0] = current[0], conn
            try:
                deliverAncillary(
                    conn._protocol, ancillary, conn.getHost, conn.getPeer, conn.logPrefix
                )
            except BaseException:
                conn._protocolFailed()
                return
            finally:
                current[0] = previous
        if data:
            conn.data_received(data)
            return
        # End of file: as the loop transport would, ask the connection, then close.
        self.pause_reading()
        if not conn.eof_received():
            self.close()

    # -- sending ---------------------------------------------------------------------------

    def sendFileDescriptor(self, fd: int) -> None:
        """Queue ``fd`` to go with the next byte of data to be sent."""
        self._fds.append(fd)
        self._checkFull()
        if not self._flushScheduled and not self._writerOn:
            self._flushScheduled = True
            self._loop.call_soon(self._flush)

    def _busy(self) -> bool:
        return bool(self._fds or self._held)

    def write(self, data: bytes) -> None:
        if self._fds or self._held:
            self._held += data
            self._checkFull()
        else:
            self._real.write(data)

    def writelines(self, items: Any) -> None:
        self.write(b"".join(items))

    def _checkFull(self) -> None:
        if self._pausedProducer:
            return
        if len(self._fds) >= MAX_QUEUED_FDS or len(self._held) > self._conn.bufferSize:
            self._pausedProducer = True
            self._conn.pause_writing()

    def _flush(self) -> None:
        self._flushScheduled = False
        if self._done or self._writerOn:
            return
        real = self._real
        if real.get_write_buffer_size():
            # Bytes written before the descriptors are still queued in the loop's
            # transport: they go first.
            self._waitWritable()
            return
        fds, held = self._fds, self._held
        if len(fds) > len(held):
            self._lose(Failure(error.FileDescriptorOverrun()))
            return
        sent = 0
        try:
            while sent < len(fds):
                ancillary = [(socket.SOL_SOCKET, socket.SCM_RIGHTS, struct.pack("i", fds[sent]))]
                self._sock.sendmsg([held[sent : sent + 1]], ancillary)
                sent += 1
        except (BlockingIOError, InterruptedError):
            pass
        except OSError as e:
            self._lose(Failure(error.ConnectionLost(str(e))))
            return
        except Exception:
            # Not a descriptor at all (Twisted fails the same way, when it writes).
            reason = Failure()
            log.err(reason)
            self._lose(reason)
            return
        del fds[:sent]
        del held[:sent]
        if fds:
            self._waitWritable()
            return
        if held:
            real.write(bytes(held))
            held.clear()
        if self._closeAfter:
            real.close()
        elif self._eofAfter:
            real.write_eof()
        self._unpause()

    def _unpause(self) -> None:
        if self._pausedProducer:
            self._pausedProducer = False
            real = self._real
            if real.get_write_buffer_size() <= real.get_write_buffer_limits()[1]:
                self._conn.resume_writing()

    def _waitWritable(self) -> None:
        if not self._writerOn:
            self._writerOn = True
            self._loop.add_writer(self._fd, self._writable)

    def _writable(self) -> None:
        self._writerOn = False
        self._loop.remove_writer(self._fd)
        self._flush()

    def _lose(self, reason: Failure) -> None:
        conn = self._conn
        if conn._lostReason is None:
            conn._lostReason = reason
        self.abort()

    # -- the rest of the transport ---------------------------------------------------------

    def get_write_buffer_size(self) -> int:
        return int(self._real.get_write_buffer_size()) + len(self._held)

    def get_write_buffer_limits(self) -> Any:
        return self._real.get_write_buffer_limits()

    def set_write_buffer_limits(self, high: Any = None, low: Any = None) -> None:
        self._real.set_write_buffer_limits(high, low)

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return self._real.get_extra_info(name, default)

    def is_closing(self) -> bool:
        return self._closeAfter or bool(self._real.is_closing())

    def can_write_eof(self) -> bool:
        return bool(self._real.can_write_eof())

    def write_eof(self) -> None:
        if self._busy():
            self._eofAfter = True
        else:
            self._real.write_eof()

    def close(self) -> None:
        """Close once the queued descriptors and held bytes are sent."""
        if self._busy() and not self._done:
            self._closeAfter = True
        else:
            self._real.close()

    def abort(self) -> None:
        """Close at once; what is queued here is dropped."""
        self.release()
        self._real.abort()

    def release(self) -> None:
        """Stop watching the duplicate and close it (the connection is over)."""
        if self._done:
            return
        self._done = True
        self._fds.clear()
        self._held.clear()
        loop = self._loop
        if self._readerOn:
            self._readerOn = False
            loop.remove_reader(self._fd)
        if self._writerOn:
            self._writerOn = False
            loop.remove_writer(self._fd)
        self._sock.close()


class OwnedStream:
    """The byte stream of a receiving connection, on its own duplicate of the socket.

    A receiving connection lets go of the loop's transport inside ``connection_made``
    (aborting it there keeps uvloop from ever starting to read, which it otherwise does
    right after ``connection_made`` returns, taking bytes whose descriptors the kernel then
    closes); the duplicates keep the socket open.  This class does what the transport did
    for writing: a buffer sent as the socket takes it, write flow control
    (``pause_writing``/``resume_writing`` past the water marks), ``close`` after the buffer,
    ``abort``, ``write_eof``; then it calls the connection's ``connection_lost``.
    """

    def __init__(self, conn: Any, loop: Any, sock: socket.socket, extra: dict[str, Any]) -> None:
        self._conn = conn
        self._loop = loop
        self._sock = socket.socket(fileno=os.dup(sock.fileno()))
        self._sock.setblocking(False)
        self._fd = self._sock.fileno()
        self._extra = {**extra, "socket": self._sock}
        self._buffer = bytearray()
        self._writerOn = False
        self._closing = False
        self._eofPending = False
        self._done = False
        self._paused = False
        self._high = 65536
        self._low = 16384

    def write(self, data: bytes) -> None:
        if self._closing or self._done or not data:
            return
        if not self._buffer:
            try:
                sent = self._sock.send(data)
            except (BlockingIOError, InterruptedError):
                sent = 0
            except OSError as e:
                self._fatal(e)
                return
            data = data[sent:]
            if not data:
                return
            self._writerOn = True
            self._loop.add_writer(self._fd, self._writable)
        self._buffer += data
        if not self._paused and len(self._buffer) > self._high:
            self._paused = True
            self._conn.pause_writing()

    def _writable(self) -> None:
        try:
            sent = self._sock.send(self._buffer)
        except (BlockingIOError, InterruptedError):
            return
        except OSError as e:
            self._fatal(e)
            return
        del self._buffer[:sent]
        if self._paused and len(self._buffer) <= self._low:
            self._paused = False
            self._conn.resume_writing()
        if self._buffer:
            return
        self._writerOn = False
        self._loop.remove_writer(self._fd)
        if self._closing:
            self._finish(None)
        elif self._eofPending:
            self._shutdown()

    def _shutdown(self) -> None:
        try:
            self._sock.shutdown(socket.SHUT_WR)
        except OSError as e:
            self._fatal(e)

    def _fatal(self, exc: BaseException) -> None:
        self._buffer.clear()
        self._closing = True
        self._loop.call_soon(self._finish, exc)

    def _finish(self, exc: BaseException | None) -> None:
        if self._done:
            return
        self._done = True
        if self._writerOn:
            self._writerOn = False
            self._loop.remove_writer(self._fd)
        self._sock.close()
        self._conn._connectionLostFromOwned(exc)

    def get_write_buffer_size(self) -> int:
        return len(self._buffer)

    def get_write_buffer_limits(self) -> tuple[int, int]:
        return (self._low, self._high)

    def set_write_buffer_limits(self, high: int | None = None, low: int | None = None) -> None:
        if high is None:
            high = 65536 if low is None else 4 * low
        if low is None:
            low = high // 4
        self._high, self._low = high, low

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return self._extra.get(name, default)

    def is_closing(self) -> bool:
        return self._closing

    def is_reading(self) -> bool:
        return False

    def pause_reading(self) -> None:
        """Reading is the FDTransport's."""

    def resume_reading(self) -> None:
        """Reading is the FDTransport's."""

    def can_write_eof(self) -> bool:
        return True

    def write_eof(self) -> None:
        if self._closing or self._eofPending:
            return
        self._eofPending = True
        if not self._buffer:
            self._shutdown()

    def close(self) -> None:
        if self._closing:
            return
        self._closing = True
        if not self._buffer:
            self._loop.call_soon(self._finish, None)

    def abort(self) -> None:
        self._buffer.clear()
        self._closing = True
        self._loop.call_soon(self._finish, None)
