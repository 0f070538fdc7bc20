"""Endpoints over one reactor call each: TCP (IPv4 and IPv6), SSL, UNIX sockets, adopted
listening sockets, standard I/O and child processes.
"""

from __future__ import annotations

import os
import socket
from typing import Any

from zope.interface import implementer

from twistio.internet import defer, error, fdesc
from twistio.internet._endpoints_wrap import _WrappingFactory
from twistio.internet.abstract import isIPv6Address
from twistio.internet.address import _ProcessAddress
from twistio.internet.interfaces import (
    IConsumer,
    IProcessTransport,
    IPushProducer,
    IStreamClientEndpoint,
    IStreamServerEndpoint,
    ITransport,
)
from twistio.internet.protocol import ProcessProtocol
from twistio.python import log
from twistio.python._constants import NamedConstant, Names
from twistio.python.components import proxyForInterface
from twistio.python.failure import Failure

__name__ = "twisted.internet.endpoints"


@implementer(IStreamServerEndpoint)
class _TCPServerEndpoint:
    """Listens with ``reactor.listenTCP``."""

    def __init__(self, reactor: Any, port: int, backlog: int, interface: str) -> None:
        self._reactor = reactor
        self._port = port
        self._backlog = backlog
        self._interface = interface

    def listen(self, protocolFactory: Any) -> Any:
        """A Deferred firing with the IListeningPort (or failing with why it could not)."""
        return defer.execute(
            self._reactor.listenTCP,
            self._port,
            protocolFactory,
            backlog=self._backlog,
            interface=self._interface,
        )


class TCP4ServerEndpoint(_TCPServerEndpoint):
    """Listens on an IPv4 TCP port (all interfaces unless ``interface`` is given)."""

    def __init__(self, reactor: Any, port: int, backlog: int = 50, interface: str = "") -> None:
        _TCPServerEndpoint.__init__(self, reactor, port, backlog, interface)


class TCP6ServerEndpoint(_TCPServerEndpoint):
    """Listens on an IPv6 TCP port (``::`` unless ``interface`` is given)."""

    def __init__(self, reactor: Any, port: int, backlog: int = 50, interface: str = "::") -> None:
        _TCPServerEndpoint.__init__(self, reactor, port, backlog, interface)


@implementer(IStreamClientEndpoint)
class TCP4ClientEndpoint:
    """Connects over TCP with ``reactor.connectTCP`` to an IPv4 host (or a name the reactor
    resolves to one)."""

    def __init__(
        self, reactor: Any, host: str, port: int, timeout: float = 30, bindAddress: Any = None
    ) -> None:
        self._reactor = reactor
        self._host = host
        self._port = port
        self._timeout = timeout
        self._bindAddress = bindAddress

    def connect(self, protocolFactory: Any) -> Any:
        """A Deferred firing with the connected protocol (cancellable while connecting)."""
        try:
            wrapped = _WrappingFactory(protocolFactory)
            self._reactor.connectTCP(
                self._host,
                self._port,
                wrapped,
                timeout=self._timeout,
                bindAddress=self._bindAddress,
            )
            return wrapped._onConnection
        except BaseException:
            return defer.fail()


@implementer(IStreamClientEndpoint)
class TCP6ClientEndpoint:
    """Connects over TCP to an IPv6 address; a host name is first resolved (in a thread,
    with ``getaddrinfo`` restricted to IPv6) and its first address used."""

    _getaddrinfo = staticmethod(socket.getaddrinfo)

    def __init__(
        self, reactor: Any, host: str, port: int, timeout: float = 30, bindAddress: Any = None
    ) -> None:
        from twistio.internet import threads

        self._reactor = reactor
        self._host = host
        self._port = port
        self._timeout = timeout
        self._bindAddress = bindAddress
        self._deferToThread = threads.deferToThread

    def connect(self, protocolFactory: Any) -> Any:
        """A Deferred firing with the connected protocol (cancellable while connecting)."""
        if isIPv6Address(self._host):
            return self._connectTo(self._host, protocolFactory)
        d = self._nameResolution(self._host)
        return d.addCallback(lambda found: self._connectTo(found[0][4][0], protocolFactory))

    def _nameResolution(self, host: str) -> Any:
        """A Deferred firing with ``getaddrinfo``'s IPv6 results for ``host``."""
        return self._deferToThread(self._getaddrinfo, host, 0, socket.AF_INET6)

    def _connectTo(self, address: str, protocolFactory: Any) -> Any:
        try:
            wrapped = _WrappingFactory(protocolFactory)
            self._reactor.connectTCP(
                address,
                self._port,
                wrapped,
                timeout=self._timeout,
                bindAddress=self._bindAddress,
            )
            return wrapped._onConnection
        except BaseException:
            return defer.fail()


@implementer(IStreamServerEndpoint)
class SSL4ServerEndpoint:
    """Listens for TLS connections with ``reactor.listenSSL``."""

    def __init__(
        self,
        reactor: Any,
        port: int,
        sslContextFactory: Any,
        backlog: int = 50,
        interface: str = "",
    ) -> None:
        self._reactor = reactor
        self._port = port
        self._sslContextFactory = sslContextFactory
        self._backlog = backlog
        self._interface = interface

    def listen(self, protocolFactory: Any) -> Any:
        """A Deferred firing with the IListeningPort."""
        return defer.execute(
            self._reactor.listenSSL,
            self._port,
            protocolFactory,
            contextFactory=self._sslContextFactory,
            backlog=self._backlog,
            interface=self._interface,
        )


@implementer(IStreamClientEndpoint)
class SSL4ClientEndpoint:
    """Connects over TLS with ``reactor.connectSSL``."""

    def __init__(
        self,
        reactor: Any,
        host: str,
        port: int,
        sslContextFactory: Any,
        timeout: float = 30,
        bindAddress: Any = None,
    ) -> None:
        self._reactor = reactor
        self._host = host
        self._port = port
        self._sslContextFactory = sslContextFactory
        self._timeout = timeout
        self._bindAddress = bindAddress

    def connect(self, protocolFactory: Any) -> Any:
        """A Deferred firing with the connected protocol (cancellable while connecting)."""
        try:
            wrapped = _WrappingFactory(protocolFactory)
            self._reactor.connectSSL(
                self._host,
                self._port,
                wrapped,
                self._sslContextFactory,
                timeout=self._timeout,
                bindAddress=self._bindAddress,
            )
            return wrapped._onConnection
        except BaseException:
            return defer.fail()


@implementer(IStreamServerEndpoint)
class UNIXServerEndpoint:
    """Listens on a UNIX socket path."""

    def __init__(
        self,
        reactor: Any,
        address: str | bytes,
        backlog: int = 50,
        mode: int = 0o666,
        wantPID: int = 0,
    ) -> None:
        self._reactor = reactor
        self._address = address
        self._backlog = backlog
        self._mode = mode
        self._wantPID = wantPID

    def listen(self, protocolFactory: Any) -> Any:
        """A Deferred firing with the IListeningPort."""
        return defer.execute(
            self._reactor.listenUNIX,
            self._address,
            protocolFactory,
            backlog=self._backlog,
            mode=self._mode,
            wantPID=self._wantPID,
        )


@implementer(IStreamClientEndpoint)
class UNIXClientEndpoint:
    """Connects to a UNIX socket path."""

    def __init__(
        self, reactor: Any, path: str | bytes, timeout: float = 30, checkPID: int = 0
    ) -> None:
        self._reactor = reactor
        self._path = path
        self._timeout = timeout
        self._checkPID = checkPID

    def connect(self, protocolFactory: Any) -> Any:
        """A Deferred firing with the connected protocol (cancellable while connecting)."""
        try:
            wrapped = _WrappingFactory(protocolFactory)
            self._reactor.connectUNIX(
                self._path, wrapped, timeout=self._timeout, checkPID=self._checkPID
            )
            return wrapped._onConnection
        except BaseException:
            return defer.fail()


@implementer(IStreamServerEndpoint)
class AdoptedStreamServerEndpoint:
    """Listens on an already-listening socket given by descriptor (for example one
    inherited from systemd).  Usable once: the descriptor is handed to the reactor, which
    keeps its own copy, and then closed; a second ``listen`` fails with
    ``AlreadyListened``."""

    _close = staticmethod(os.close)
    _setNonBlocking = staticmethod(fdesc.setNonBlocking)

    def __init__(self, reactor: Any, fileno: int, addressFamily: int) -> None:
        self.reactor = reactor
        self.fileno = fileno
        self.addressFamily = addressFamily
        self._used = False

    def listen(self, factory: Any) -> Any:
        """A Deferred firing with the IListeningPort built on the adopted socket."""
        if self._used:
            return defer.fail(error.AlreadyListened())
        self._used = True
        try:
            self._setNonBlocking(self.fileno)
            port = self.reactor.adoptStreamPort(self.fileno, self.addressFamily, factory)
            self._close(self.fileno)
        except BaseException:
            return defer.fail()
        return defer.succeed(port)


@implementer(IStreamServerEndpoint)
class StandardIOEndpoint:
    """'Listens' on this process's standard input and output: one connection, at once."""

    def __init__(self, reactor: Any) -> None:
        from twistio.internet import stdio

        self._reactor = reactor
        self._stdio: Any = stdio.StandardIO

    def listen(self, stdioProtocolFactory: Any) -> Any:
        """A Deferred firing with the StandardIO transport connected to a new protocol."""
        from twistio.internet.stdio import PipeAddress

        return defer.execute(
            self._stdio,
            stdioProtocolFactory.buildProtocol(PipeAddress()),
            reactor=self._reactor,
        )


class StandardErrorBehavior(Names):
    """What a ``ProcessEndpoint`` does with its child's standard error: ``LOG`` it (the
    default) or ``DROP`` it."""

    LOG = NamedConstant()
    DROP = NamedConstant()


class _IProcessTransportWithConsumerAndProducer(IProcessTransport, IConsumer, IPushProducer):
    """The process transport, consumer and producer methods a process endpoint exposes."""


_ProcessProxy = proxyForInterface(_IProcessTransportWithConsumerAndProducer, "_process")


class _ProcessEndpointTransport(_ProcessProxy):  # type: ignore[misc,valid-type]
    """The child process as the connected protocol sees it: writes go to its standard
    input; only the transport/consumer/producer methods are visible (platform-specific
    attributes of the process transport are hidden on purpose)."""


# ITransport is part of IProcessTransport; declared again for readers and verifyObject.
implementer(ITransport)(_ProcessEndpointTransport)


class _WrapIProtocol(ProcessProtocol):
    """Runs a stream protocol over a child process: standard output is its incoming data,
    standard error is logged or dropped, and the process's end is its connection's end
    (exit status 0 is a clean close)."""

    def __init__(self, proto: Any, executable: Any, errFlag: Any) -> None:
        self.protocol = proto
        self.executable = executable
        self.errFlag = errFlag

    def makeConnection(self, process: Any) -> None:
        """Connect the stream protocol to a view of ``process`` as a transport."""
        self.transport = _ProcessEndpointTransport(process)
        self.protocol.makeConnection(self.transport)

    def childDataReceived(self, childFD: int, data: bytes) -> None:
        if childFD == 1:
            self.protocol.dataReceived(data)
        elif childFD == 2 and self.errFlag == StandardErrorBehavior.LOG:
            log.msg(
                format="Process %(executable)r wrote stderr unhandled by %(protocol)s: %(data)s",
                executable=self.executable,
                data=data,
                protocol=self.protocol,
            )

    def processEnded(self, reason: Failure) -> None:
        if reason.check(error.ProcessDone) and reason.value.status == 0:
            self.protocol.connectionLost(Failure(error.ConnectionDone()))
        else:
            self.protocol.connectionLost(reason)


@implementer(IStreamClientEndpoint)
class ProcessEndpoint:
    """'Connects' by spawning a child process: the protocol talks to its standard input and
    output.  The arguments are those of ``reactor.spawnProcess``; ``errFlag`` says what to
    do with the child's standard error."""

    def __init__(
        self,
        reactor: Any,
        executable: Any,
        args: Any = (),
        env: Any = {},  # noqa: B006 -- the same default object as Twisted's signature
        path: Any = None,
        uid: int | None = None,
        gid: int | None = None,
        usePTY: Any = 0,
        childFDs: Any = None,
        errFlag: Any = StandardErrorBehavior.LOG,
    ) -> None:
        self._reactor = reactor
        self._executable = executable
        self._args = args
        self._env = env
        self._path = path
        self._uid = uid
        self._gid = gid
        self._usePTY = usePTY
        self._childFDs = childFDs
        self._errFlag = errFlag
        self._spawnProcess: Any = getattr(reactor, "spawnProcess", None)

    def connect(self, protocolFactory: Any) -> Any:
        """A Deferred firing with the protocol once the child is spawned."""
        proto = protocolFactory.buildProtocol(_ProcessAddress())
        try:
            self._spawnProcess(
                _WrapIProtocol(proto, self._executable, self._errFlag),
                self._executable,
                self._args,
                self._env,
                self._path,
                self._uid,
                self._gid,
                self._usePTY,
                self._childFDs,
            )
        except BaseException:
            return defer.fail()
        return defer.succeed(proto)
