"""UNIX stream sockets: the TCP adapter's connection, port and connector over AF_UNIX."""

from __future__ import annotations

import asyncio
import errno
import os
import socket
import stat
from typing import Any

from zope.interface import implementer

from twistio._aio._tcpconn import _handOver
from twistio._aio._unixfds import FDTransport, OwnedStream
from twistio._aio.tcp import Client, Connection, Server
from twistio._aio.tcp import Connector as _TCPConnector
from twistio._aio.tcp import Port as _TCPPort
from twistio._aio.udp import Port as _UDPPort
from twistio.internet import error
from twistio.internet.address import UNIXAddress
from twistio.internet.interfaces import IFileDescriptorReceiver, IUNIXTransport
from twistio.python import lockfile, log
from twistio.python.failure import Failure

__name__ = "twisted.internet.unix"


def _abstract(path: str | bytes) -> bool:
    """Whether ``path`` names a socket in Linux's abstract namespace (no file to chmod,
    lock or remove)."""
    return path[:1] in ("\0", b"\0")


def _unixAddress(name: Any) -> UNIXAddress:
    return UNIXAddress(name or None)


class _NoNagle:
    """TCP_NODELAY means nothing on a UNIX socket (the kernel rejects it): as on Twisted,
    it reads as false (0) and setting it does nothing."""

    def getTcpNoDelay(self) -> bool:
        return False

    def setTcpNoDelay(self, enabled: bool) -> None:
        pass


class _FDPassing:
    """Descriptor passing for a UNIX connection (IUNIXTransport), by way of
    twistio._aio._unixfds.FDTransport, which takes the asyncio transport's place (``_tr``)
    when a descriptor is first sent or the protocol receives descriptors."""

    _tr: Any
    _fdTransport: FDTransport | None = None

    def _descriptorTransport(self) -> FDTransport | None:
        fdt = self._fdTransport
        if fdt is None:
            tr = self._tr
            if tr is None or tr.get_extra_info("socket") is None:
                return None
            fdt = self._fdTransport = FDTransport(self, tr, self.reactor._asyncioEventloop)  # type: ignore[attr-defined]
            self._tr = fdt
        return fdt

    def _startProtocol(self, proto: Any, logger: Any) -> None:
        Connection._startProtocol(self, proto, logger)  # type: ignore[arg-type]
        conn: Any = self
        tr = self._tr
        if (
            conn.connected
            and not conn.disconnecting
            and self._fdTransport is None
            and tr is not None
            and IFileDescriptorReceiver.providedBy(conn._protocol)
        ):
            sock = tr.get_extra_info("socket")
            if sock is None:
                return
            extra = {name: tr.get_extra_info(name) for name in ("peername", "sockname")}
            owned = OwnedStream(self, self.reactor._asyncioEventloop, sock, extra)  # type: ignore[attr-defined]
            fdt = self._fdTransport = FDTransport(self, owned, self.reactor._asyncioEventloop)  # type: ignore[attr-defined]
            self._tr = fdt
            # Still inside connection_made: the loop's transport never starts reading (its
            # connection_lost is ignored below); the duplicates keep the socket open.
            tr.abort()
            fdt.startReceiving(conn._reading)

    def sendFileDescriptor(self, descriptor: int) -> None:
        """Queue ``descriptor`` to be sent (a duplicate arrives at the peer) with the next
        byte written; see twistio._aio._unixfds for the rules."""
        conn: Any = self
        if conn.disconnected or self._tr is None:
            return
        fdt = self._descriptorTransport()
        if fdt is not None:
            fdt.sendFileDescriptor(descriptor)

    def connection_lost(self, exc: BaseException | None) -> None:
        fdt = self._fdTransport
        if fdt is not None:
            if fdt.owned:
                # The loop's transport, let go of when receiving started: not this
                # connection's end.
                return
            fdt.release()
        Connection.connection_lost(self, exc)  # type: ignore[arg-type]

    def _connectionLostFromOwned(self, exc: BaseException | None) -> None:
        fdt = self._fdTransport
        if fdt is not None:
            fdt.release()
        Connection.connection_lost(self, exc)  # type: ignore[arg-type]


@implementer(IUNIXTransport)
class UNIXServer(_FDPassing, _NoNagle, Server):
    """An accepted UNIX-socket connection."""

    def _addresses(self, transport: Any) -> None:
        self._host = _unixAddress(transport.get_extra_info("sockname"))
        self._peer = _unixAddress(transport.get_extra_info("peername"))

    #: The socket's own path when adopted (adoptStreamConnection), else None: Twisted names
    #: an adopted UNIX connection by it (repr and logstr), a listenUNIX one by nothing.
    _adoptedName: str | None = None

    def __repr__(self) -> str:
        return f"<{self._protocol.__class__.__name__} #{self.sessionno} on {self._adoptedName}>"

    def _logHost(self) -> str:
        return self._adoptedName or ""


@implementer(IUNIXTransport)
class UNIXClient(_FDPassing, _NoNagle, Client):
    """An outgoing UNIX-socket connection."""

    def _addresses(self, transport: Any) -> None:
        self._host = _unixAddress(transport.get_extra_info("sockname"))
        self._peer = _unixAddress(transport.get_extra_info("peername"))

    #: The socket made when connect() was called, until the loop takes it over.
    _presock: socket.socket | None = None

    def _start(self) -> None:
        # As in Twisted, the socket is made now, so a process that runs out of descriptors
        # later (EMFILE) still connects; failing to make it fails the attempt on the loop.
        try:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        except OSError as e:
            self.reactor._asyncioEventloop.call_soon(
                self.failIfNotConnected, error.ConnectBindError(e.errno, e.strerror)
            )
            return
        sock.setblocking(False)
        self._presock = sock
        Client._start(self)

    def failIfNotConnected(self, err: Any) -> None:
        Client.failIfNotConnected(self, err)
        task = self._task
        if task is None or task.done():
            # No attempt is running to close it (a running one does, as it is cancelled).
            sock, self._presock = self._presock, None
            if sock is not None:
                sock.close()

    async def _open(self, loop: asyncio.AbstractEventLoop) -> None:
        path = os.fsdecode(self.connector.address)  # type: ignore[attr-defined]
        self.addr = path  # type: ignore[assignment]
        if self.connector.checkPID and not lockfile.isLocked(path + ".lock"):  # type: ignore[attr-defined]
            # The server that made this socket is gone (it held its lock while alive).
            raise error.BadFileError(path)
        sock = self._presock
        assert sock is not None
        try:
            await loop.sock_connect(sock, path)
            # A receiving protocol lets the transport go inside connection_made: on uvloop,
            # _handOver keeps ``sock`` from closing that descriptor number a second time.
            await _handOver(loop, sock, loop.create_unix_connection(self._self, sock=sock))
        except BaseException:
            sock.close()
            raise
        finally:
            self._presock = None

    def __repr__(self) -> str:
        return f"<twisted.internet.unix.Client object at 0x{id(self):x}>"


class Port(_TCPPort):
    """A listening UNIX socket (the file is removed when the port closes)."""

    _type = "UNIX"
    _connectionClass = UNIXServer

    def __init__(
        self,
        fileName: str | bytes,
        factory: Any,
        backlog: int = 50,
        mode: int = 0o666,
        reactor: Any = None,
        wantPID: int = 0,
    ) -> None:
        _TCPPort.__init__(self, 0, factory, backlog, "", reactor)
        self.addressFamily = socket.AF_UNIX
        self.fileName = os.fsdecode(fileName)
        self.mode = mode
        self.wantPID = wantPID
        self.lockFile: lockfile.FilesystemLock | None = None

    def __repr__(self) -> str:
        factoryName = f"{self.factory.__class__.__module__}.{self.factory.__class__.__name__}"
        if self._realPortNumber is not None:
            return f"<{factoryName} on {self._realPortNumber!r}>"
        return f"<{factoryName} (not listening)>"

    @classmethod
    def _adopt(cls, sock: Any, factory: Any, reactor: Any) -> Port:  # type: ignore[override]
        """A port over ``sock``, a listening UNIX socket the reactor now owns (a duplicate).

        As with ``listenUNIX``, the socket's file is removed when the port stops.
        """
        port = cls(os.fsdecode(sock.getsockname()), factory, 50, 0o666, reactor)
        port._adopted = sock
        return port

    def _bindSocket(self) -> Any:
        if self._adopted is not None:
            sock, self._adopted = self._adopted, None
            self._realPortNumber = self.fileName  # type: ignore[assignment]
            self._lastHost = UNIXAddress(self.fileName)
            return sock
        if self.wantPID and not _abstract(self.fileName):
            self._takeLock()
        try:
            sock = self.createInternetSocket()
        except OSError as le:
            self._releaseLock()
            raise error.CannotListenError(None, self.fileName, le) from None  # type: ignore[arg-type]
        try:
            try:
                sock.bind(self.fileName)
            except OSError as e:
                if _abstract(self.fileName) or not _stale(self.fileName):
                    raise
                # Nobody is listening there any more: reuse the path.
                os.unlink(self.fileName)
                sock.bind(self.fileName)
                del e
            if self.mode is not None and not _abstract(self.fileName):
                os.chmod(self.fileName, self.mode)
            sock.listen(self.backlog)
        except OSError as le:
            sock.close()
            self._releaseLock()
            raise error.CannotListenError(None, self.fileName, le) from None  # type: ignore[arg-type]
        self._realPortNumber = self.fileName  # type: ignore[assignment]
        self._lastHost = UNIXAddress(self.fileName)
        return sock

    def _takeLock(self) -> None:
        """Hold ``<fileName>.lock`` while listening; a stale socket left by a dead holder goes."""
        lock = lockfile.FilesystemLock(self.fileName + ".lock")
        if not lock.lock():
            raise error.CannotListenError(None, self.fileName, "Cannot acquire lock")  # type: ignore[arg-type]
        if not lock.clean:
            # The previous holder died without cleaning up: its socket file is stale.
            try:
                if stat.S_ISSOCK(os.stat(self.fileName).st_mode):
                    os.remove(self.fileName)
            except OSError:
                pass
        self.lockFile = lock

    def _releaseLock(self) -> None:
        lock, self.lockFile = self.lockFile, None
        if lock is not None:
            lock.unlock()

    def getHost(self) -> Any:
        return self._lastHost

    def connectionLost(self, reason: Failure) -> None:
        # The file and the lock go before stopListening's Deferred fires.
        path = self._realPortNumber
        if isinstance(path, str) and not _abstract(path):
            try:
                os.unlink(path)
            except OSError:
                pass
        self._releaseLock()
        _TCPPort.connectionLost(self, reason)


def _stale(path: str) -> bool:
    """Whether ``path`` is a UNIX socket file nobody accepts connections on."""
    if not os.path.exists(path):
        return False
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        probe.connect(path)
    except OSError:
        return True
    finally:
        probe.close()
    return False


class Connector(_TCPConnector):
    """Connects (and reconnects) to a UNIX socket for a client factory."""

    _transportClass = UNIXClient

    def __init__(
        self,
        address: str | bytes,
        factory: Any,
        timeout: float | None = 30,
        reactor: Any = None,
        checkPID: int = 0,
    ) -> None:
        _TCPConnector.__init__(self, "", 0, factory, timeout, None, reactor)
        self.address = address
        self.checkPID = checkPID

    def getDestination(self) -> Any:
        return UNIXAddress(self.address)


def _qualifiedName(obj: Any) -> str:
    cls = obj.__class__
    return f"{cls.__module__}.{cls.__name__}"


class DatagramPort(_UDPPort):
    """A UNIX datagram socket bound to a path, delivering ``(data, senderPath)``.

    The socket file stays when the port closes, as on Twisted.
    """

    addressFamily = socket.AF_UNIX

    def __init__(
        self,
        addr: str | bytes,
        proto: Any,
        maxPacketSize: int = 8192,
        mode: int = 0o666,
        reactor: Any = None,
    ) -> None:
        _UDPPort.__init__(self, 0, proto, "", maxPacketSize, reactor)
        self.addressFamily = socket.AF_UNIX
        self.port = addr  # type: ignore[assignment]
        self._path: Any = addr
        self.mode = mode

    def __repr__(self) -> str:
        if self._realPortNumber is not None:
            return f"<{_qualifiedName(self.protocol)} on {self._realPortNumber!r}>"
        return f"<{_qualifiedName(self.protocol)} (not listening)>"

    def _bindSocket(self) -> Any:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        try:
            if self._path:
                sock.bind(self._path)
                if self.mode is not None and not _abstract(self._path):
                    os.chmod(self._path, self.mode)
        except OSError as le:
            sock.close()
            raise error.CannotListenError(None, self._path, le) from None  # type: ignore[arg-type]
        return sock

    def startListening(self) -> None:
        """Bind now (CannotListenError on failure), then start the protocol."""
        sock = self._bindSocket()
        sock.setblocking(False)
        self.socket = sock
        self._realPortNumber = self._path or None  # type: ignore[assignment]
        self._lastHost = UNIXAddress(self._path or "")
        self._connectSocket()
        log.msg(f"{self.logPrefix()} starting on {self._realPortNumber!r}")
        self.connected = 1
        self.disconnected = 0
        self.protocol.makeConnection(self)
        if self.socket is not None:
            self.reactor._asyncioEventloop.add_reader(sock.fileno(), self._doRead)
            self.reactor._selectables.add(self)

    def _connectSocket(self) -> None:
        """Hook: connect the bound socket to its peer."""

    def _doRead(self) -> None:
        budget = self.maxThroughput
        sock = self.socket
        while sock is not None and budget > 0:
            try:
                data, addr = sock.recvfrom(self.maxPacketSize)
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                log.err()
                return
            budget -= len(data)
            try:
                self._deliver(data, addr)
            except BaseException:
                log.err()
            sock = self.socket

    def _deliver(self, data: bytes, addr: Any) -> None:
        self.protocol.datagramReceived(data, addr)

    def write(self, datagram: bytes, addr: Any = None) -> None:
        """Send one datagram to the socket at path ``addr``."""
        try:
            self.socket.sendto(datagram, addr)
        except (BlockingIOError, InterruptedError):
            # The receiver's queue is full: the datagram is dropped, as UDP may.
            return
        except OSError as e:
            if e.errno == errno.EMSGSIZE:
                raise error.MessageLengthError("message too long") from None
            raise

    def connect(self, host: str, port: int) -> None:
        raise NotImplementedError("use connectUNIXDatagram")

    def getHost(self) -> Any:
        """The bound path as a UNIXAddress."""
        return self._lastHost

    def setLogStr(self) -> None:
        """Nothing to do: the log prefix is the protocol's."""


class ConnectedDatagramPort(DatagramPort):
    """A UNIX datagram socket talking to one peer path (optionally bound to its own)."""

    def __init__(
        self,
        addr: str | bytes,
        proto: Any,
        maxPacketSize: int = 8192,
        mode: int = 0o666,
        bindAddress: str | bytes | None = None,
        reactor: Any = None,
    ) -> None:
        DatagramPort.__init__(self, bindAddress or "", proto, maxPacketSize, mode, reactor)
        self.remoteaddr = addr

    def __repr__(self) -> str:
        bound = self._realPortNumber if self.connected else None
        if self.connected or self.disconnected == 0:
            return f"<{_qualifiedName(self.protocol)} on {bound!r}>"
        return f"<{_qualifiedName(self.protocol)} (not listening)>"

    def _connectSocket(self) -> None:
        try:
            self.socket.connect(self.remoteaddr)
        except OSError as e:
            sock, self.socket = self.socket, None
            sock.close()
            self.protocol.connectionFailed(Failure(error.ConnectError(string=str(e))))
            raise error.ConnectError(string=str(e)) from None

    def startListening(self) -> None:
        try:
            DatagramPort.startListening(self)
        except error.ConnectError:
            self.disconnected = 1

    def _deliver(self, data: bytes, addr: Any) -> None:
        self.protocol.datagramReceived(data)

    def write(self, datagram: bytes, addr: Any = None) -> None:
        """Send one datagram to the peer."""
        try:
            self.socket.send(datagram)
        except (BlockingIOError, InterruptedError):
            return
        except ConnectionRefusedError:
            self.protocol.connectionRefused()
        except OSError as e:
            if e.errno == errno.EMSGSIZE:
                raise error.MessageLengthError("message too long") from None
            raise

    def getPeer(self) -> Any:
        """The peer's path as a UNIXAddress."""
        return UNIXAddress(self.remoteaddr)
