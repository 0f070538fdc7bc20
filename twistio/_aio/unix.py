"""UNIX stream sockets: the TCP adapter's connection, port and connector over AF_UNIX."""

from __future__ import annotations

import asyncio
import os
import socket
import stat
from typing import Any

from twistio._aio.tcp import Client, Server
from twistio._aio.tcp import Connector as _TCPConnector
from twistio._aio.tcp import Port as _TCPPort
from twistio.internet import error
from twistio.internet.address import UNIXAddress
from twistio.python import lockfile
from twistio.python.failure import Failure

__name__ = "twisted.internet.unix"


def _unixAddress(name: Any) -> UNIXAddress:
    return UNIXAddress(name or None)


class UNIXServer(Server):
    """An accepted UNIX-socket connection."""

    def _addresses(self, transport: Any) -> None:
        self._host = _unixAddress(transport.get_extra_info("sockname"))
        self._peer = _unixAddress(transport.get_extra_info("peername"))

    def __repr__(self) -> str:
        return f"<{self._protocol.__class__.__name__} #{self.sessionno} on None>"


class UNIXClient(Client):
    """An outgoing UNIX-socket connection."""

    def _addresses(self, transport: Any) -> None:
        self._host = _unixAddress(transport.get_extra_info("sockname"))
        self._peer = _unixAddress(transport.get_extra_info("peername"))

    async def _open(self, loop: asyncio.AbstractEventLoop) -> None:
        path = os.fsdecode(self.connector.address)  # type: ignore[attr-defined]
        self.addr = path  # type: ignore[assignment]
        if self.connector.checkPID and not lockfile.isLocked(path + ".lock"):  # type: ignore[attr-defined]
            # The server that made this socket is gone (it held its lock while alive).
            raise error.BadFileError(path)
        await loop.create_unix_connection(self._self, path)

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
        self.fileName = os.fsdecode(fileName)
        self.mode = mode
        self.wantPID = wantPID
        self.lockFile: lockfile.FilesystemLock | None = None

    def __repr__(self) -> str:
        factoryName = f"{self.factory.__class__.__module__}.{self.factory.__class__.__name__}"
        if self._realPortNumber is not None:
            return f"<{factoryName} on {self._realPortNumber!r}>"
        return f"<{factoryName} (not listening)>"

    def _bindSocket(self) -> Any:
        if self.wantPID:
            self._takeLock()
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            try:
                sock.bind(self.fileName)
            except OSError as e:
                if not _stale(self.fileName):
                    raise
                # Nobody is listening there any more: reuse the path.
                os.unlink(self.fileName)
                sock.bind(self.fileName)
                del e
            if self.mode is not None:
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
        if isinstance(path, str):
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
