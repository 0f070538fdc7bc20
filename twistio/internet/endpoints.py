"""twisted.internet.endpoints: TCP server and client endpoints, HostnameEndpoint,
connectProtocol, and the ``serverFromString``/``clientFromString`` description parsers.

Supported description types: ``tcp`` and ``tcp6`` (servers and clients).  Other types raise
``ValueError("Unknown endpoint type: ...")`` as Twisted does for types it has no parser for.
"""

from __future__ import annotations

from typing import Any

from zope.interface import directlyProvides, implementer, providedBy

from twistio.internet import defer, error, interfaces
from twistio.internet.abstract import isIPv6Address
from twistio.internet.address import IPv4Address, IPv6Address
from twistio.internet.interfaces import (
    IFileDescriptorReceiver,
    IHalfCloseableProtocol,
    IHandshakeListener,
    ILoggingContext,
    IStreamClientEndpoint,
    IStreamServerEndpoint,
)
from twistio.internet.protocol import ClientFactory, Factory, Protocol, connectionDone
from twistio.python.failure import Failure

__name__ = "twisted.internet.endpoints"


class _WrappingProtocol(Protocol):
    """Connects the user's protocol, then fires the endpoint's Deferred with it."""

    def __init__(self, connectedDeferred: Any, wrappedProtocol: Any) -> None:
        self._connectedDeferred = connectedDeferred
        self._wrappedProtocol = wrappedProtocol
        for iface in (IHalfCloseableProtocol, IFileDescriptorReceiver, IHandshakeListener):
            if iface.providedBy(wrappedProtocol):
                directlyProvides(self, providedBy(self), iface)

    def logPrefix(self) -> str:
        if ILoggingContext.providedBy(self._wrappedProtocol):
            return str(self._wrappedProtocol.logPrefix())
        return str(self._wrappedProtocol.__class__.__name__)

    def connectionMade(self) -> None:
        transport = self.transport
        self._wrappedProtocol.makeConnection(transport)
        from twistio._aio.tcp import Connection

        if isinstance(transport, Connection) and transport.protocol is self:
            # Hand the connection to the user's protocol directly: no per-event hop.
            transport.protocol = self._wrappedProtocol
        self._connectedDeferred.callback(self._wrappedProtocol)

    def dataReceived(self, data: bytes) -> None:
        self._wrappedProtocol.dataReceived(data)

    def fileDescriptorReceived(self, descriptor: int) -> None:
        self._wrappedProtocol.fileDescriptorReceived(descriptor)

    def connectionLost(self, reason: Failure = connectionDone) -> None:
        self._wrappedProtocol.connectionLost(reason)

    def readConnectionLost(self) -> None:
        self._wrappedProtocol.readConnectionLost()

    def writeConnectionLost(self) -> None:
        self._wrappedProtocol.writeConnectionLost()

    def handshakeCompleted(self) -> None:
        self._wrappedProtocol.handshakeCompleted()


class _WrappingFactory(ClientFactory[Any]):
    """Wraps a client factory so that connecting fires a Deferred (cancellable)."""

    protocol = _WrappingProtocol  # type: ignore[assignment]

    def __init__(self, wrappedFactory: Any) -> None:
        self._wrappedFactory = wrappedFactory
        self._connector: Any = None
        self._onConnection: Any = defer.Deferred(canceller=self._canceller)

    def startedConnecting(self, connector: Any) -> None:
        self._connector = connector

    def _canceller(self, d: Any) -> None:
        d.errback(error.ConnectingCancelledError(self._connector.getDestination()))
        self._connector.stopConnecting()

    def doStart(self) -> None:
        self._wrappedFactory.doStart()

    def doStop(self) -> None:
        self._wrappedFactory.doStop()

    def buildProtocol(self, addr: Any) -> Any:
        try:
            proto = self._wrappedFactory.buildProtocol(addr)
            if proto is None:
                raise error.NoProtocol()
        except BaseException:
            self._onConnection.errback()
            return None
        return self.protocol(self._onConnection, proto)

    def clientConnectionFailed(self, connector: Any, reason: Failure) -> None:
        if not self._onConnection.called:
            self._onConnection.errback(reason)


@implementer(IStreamServerEndpoint)
class _TCPServerEndpoint:
    def __init__(self, reactor: Any, port: int, backlog: int, interface: str) -> None:
        self._reactor = reactor
        self._port = port
        self._backlog = backlog
        self._interface = interface

    def listen(self, protocolFactory: Any) -> Any:
        """A Deferred firing with the IListeningPort."""
        return defer.execute(
            self._reactor.listenTCP,
            self._port,
            protocolFactory,
            backlog=self._backlog,
            interface=self._interface,
        )


class TCP4ServerEndpoint(_TCPServerEndpoint):
    """Listens on an IPv4 TCP port."""

    def __init__(self, reactor: Any, port: int, backlog: int = 50, interface: str = "") -> None:
        _TCPServerEndpoint.__init__(self, reactor, port, backlog, interface)


class TCP6ServerEndpoint(_TCPServerEndpoint):
    """Listens on an IPv6 TCP port."""

    def __init__(self, reactor: Any, port: int, backlog: int = 50, interface: str = "::") -> None:
        _TCPServerEndpoint.__init__(self, reactor, port, backlog, interface)


@implementer(IStreamClientEndpoint)
class TCP4ClientEndpoint:
    """Connects to an IPv4 host (or a name the reactor resolves) over TCP."""

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


class TCP6ClientEndpoint(TCP4ClientEndpoint):
    """Connects to an IPv6 host over TCP (names are resolved to IPv6 addresses)."""

    def connect(self, protocolFactory: Any) -> Any:
        if isIPv6Address(self._host):
            return TCP4ClientEndpoint.connect(self, protocolFactory)
        d = _resolve(self._reactor, self._host, self._port, [IPv6Address])

        def connect(addresses: list[Any]) -> Any:
            return TCP4ClientEndpoint(
                self._reactor, addresses[0].host, self._port, self._timeout, self._bindAddress
            ).connect(protocolFactory)

        return d.addCallback(connect)


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


def _resolve(reactor: Any, host: str, port: int, types: list[Any] | None) -> Any:
    """A Deferred firing with the addresses the reactor's name resolver finds."""
    d: Any = defer.Deferred()
    found: list[Any] = []

    @implementer(interfaces.IResolutionReceiver)
    class Receiver:
        def resolutionBegan(self, resolution: Any) -> None:
            pass

        def addressResolved(self, address: Any) -> None:
            found.append(address)

        def resolutionComplete(self) -> None:
            if found:
                d.callback(found)
            else:
                d.errback(error.DNSLookupError(f"no results for hostname lookup: {host}"))

    reactor.nameResolver.resolveHostName(Receiver(), host, port, types)
    return d


@implementer(IStreamClientEndpoint)
class HostnameEndpoint:
    """Resolves a host name and connects to its addresses in turn until one answers."""

    def __init__(
        self,
        reactor: Any,
        host: str | bytes,
        port: int,
        timeout: float = 30,
        bindAddress: Any = None,
        attemptDelay: float | None = None,
    ) -> None:
        self._reactor = reactor
        if isinstance(host, bytes):
            host = host.decode("idna")
        self._hostText = host
        self._port = port
        self._timeout = timeout
        self._bindAddress = bindAddress
        self._attemptDelay = 0.3 if attemptDelay is None else attemptDelay

    def __repr__(self) -> str:
        host = f"[{self._hostText}]" if isIPv6Address(self._hostText) else self._hostText
        return f"<HostnameEndpoint {host}:{self._port}>"

    def connect(self, protocolFactory: Any) -> Any:
        """A Deferred firing with the protocol connected to the first address that works."""
        if isIPv6Address(self._hostText) or _isIPv4(self._hostText):
            kind = IPv6Address if isIPv6Address(self._hostText) else IPv4Address
            resolved: Any = defer.succeed([kind("TCP", self._hostText, self._port)])
        else:
            resolved = _resolve(self._reactor, self._hostText, self._port, None)

        def attempt(addresses: list[Any]) -> Any:
            remaining = list(addresses)
            result: Any = defer.Deferred()

            def tryNext(reason: Failure | None = None) -> None:
                if not remaining:
                    result.errback(reason if reason is not None else Failure(error.ConnectError()))
                    return
                address = remaining.pop(0)
                d = TCP4ClientEndpoint(
                    self._reactor, address.host, self._port, self._timeout, self._bindAddress
                ).connect(protocolFactory)
                d.addCallbacks(result.callback, tryNext)

            tryNext()
            return result

        def noAddresses(reason: Failure) -> Failure:
            reason.trap(error.DNSLookupError)
            return Failure(
                error.DNSLookupError(f"no results for hostname lookup: {self._hostText}")
            )

        return resolved.addErrback(noAddresses).addCallback(attempt)


def _isIPv4(host: str) -> bool:
    from twistio.internet.abstract import isIPAddress

    return isIPAddress(host)


def connectProtocol(endpoint: Any, protocol: Any) -> Any:
    """Connect ``protocol`` (an instance) through ``endpoint``; a Deferred of it."""

    class OneShotFactory(Factory[Any]):
        def buildProtocol(self, addr: Any) -> Any:
            return protocol

    return endpoint.connect(OneShotFactory())


def quoteStringArgument(argument: str) -> str:
    """Escape ``\\`` and ``:`` so ``argument`` survives endpoint description parsing."""
    backslash = "\\"
    return argument.replace(backslash, backslash * 2).replace(":", backslash + ":")


def _tokenize(description: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    current: list[str] = []
    i = 0
    while i < len(description):
        ch = description[i]
        if ch == "\\" and i + 1 < len(description):
            current.append(description[i + 1])
            i += 2
            continue
        if ch == ":":
            tokens.append(("arg", "".join(current)))
            current = []
        elif ch == "=":
            # Unescaped "=" separates a keyword from its value (marked, split in _parse).
            current.append("\x00")
        else:
            current.append(ch)
        i += 1
    tokens.append(("arg", "".join(current)))
    return tokens


def _parse(description: str) -> tuple[list[str], dict[str, str]]:
    """Split an endpoint description into positional arguments and keyword arguments."""
    args: list[str] = []
    kw: dict[str, str] = {}
    for _, token in _tokenize(description):
        if "\x00" in token:
            key, _, value = token.partition("\x00")
            kw[key] = value.replace("\x00", "=")
        else:
            args.append(token)
    return args, kw


def _serverTCP(
    reactor: Any, kind: str, port: str, backlog: str = "50", interface: str | None = None
) -> Any:
    if kind == "tcp6":
        return TCP6ServerEndpoint(reactor, int(port), int(backlog), interface or "::")
    return TCP4ServerEndpoint(reactor, int(port), int(backlog), interface or "")


def _serverUNIX(
    reactor: Any,
    kind: str,
    address: str,
    backlog: str = "50",
    mode: str = "666",
    lockfile: str = "1",
) -> Any:
    return UNIXServerEndpoint(reactor, address, int(backlog), int(mode, 8), bool(int(lockfile)))


def _clientUNIX(
    reactor: Any,
    path: str,
    timeout: str = "30",
    lockfile: str | None = None,
    checkPID: str | None = None,
) -> Any:
    if lockfile is not None:
        check: Any = bool(int(lockfile))
    else:
        check = int(checkPID) if checkPID is not None else 0
    return UNIXClientEndpoint(reactor, path, int(timeout), check)


def _plugin(interface: Any, kind: str) -> Any:
    """The endpoint parser plugin whose prefix is ``kind`` (None when there is none)."""
    # Lazy: twisted.plugin scans the plugin packages, which is slow and rarely needed.
    from twistio import plugins
    from twistio.plugin import getPlugins

    for parser in getPlugins(interface, plugins):
        if parser.prefix == kind:
            return parser
    return None


def serverFromString(reactor: Any, description: str) -> Any:
    """A server endpoint from a description such as ``"tcp:8080:interface=127.0.0.1"``.

    Built in: ``tcp``, ``tcp6``, ``unix``; other prefixes are looked up among the
    ``IStreamServerEndpointStringParser`` plugins.
    """
    args, kw = _parse(description)
    kind = args[0] if args else ""
    if kind in ("tcp", "tcp6"):
        return _serverTCP(reactor, kind, *args[1:], **kw)
    if kind == "unix":
        return _serverUNIX(reactor, kind, *args[1:], **kw)
    parser = _plugin(interfaces.IStreamServerEndpointStringParser, kind)
    if parser is None:
        raise ValueError(f"Unknown endpoint type: '{kind}'")
    return parser.parseStreamServer(reactor, *args[1:], **kw)


def clientFromString(reactor: Any, description: str) -> Any:
    """A client endpoint from a description such as ``"tcp:host=example.com:port=80"``.

    Built in: ``tcp``, ``tcp6``, ``unix``; other prefixes are looked up among the
    ``IStreamClientEndpointStringParserWithReactor`` plugins.
    """
    args, kw = _parse(description)
    kind = args[0] if args else ""
    if kind == "unix":
        return _clientUNIX(reactor, *args[1:], **kw)
    if kind not in ("tcp", "tcp6"):
        parser = _plugin(interfaces.IStreamClientEndpointStringParserWithReactor, kind)
        if parser is None:
            raise ValueError(f"Unknown endpoint type: '{kind}'")
        return parser.parseStreamClient(reactor, *args[1:], **kw)
    positional = args[1:]
    host = kw.pop("host", None) or (positional.pop(0) if positional else None)
    port = kw.pop("port", None) or (positional.pop(0) if positional else None)
    if host is None or port is None:
        raise ValueError(f"{kind} client endpoints need a host and a port")
    timeout = int(kw.pop("timeout", "30"))
    bind = kw.pop("bindAddress", None)
    bindAddress = (bind, 0) if bind else None
    endpointClass = TCP6ClientEndpoint if kind == "tcp6" else TCP4ClientEndpoint
    return endpointClass(reactor, host, int(port), timeout, bindAddress)


__all__ = [
    "TCP4ServerEndpoint",
    "TCP6ServerEndpoint",
    "TCP4ClientEndpoint",
    "TCP6ClientEndpoint",
    "HostnameEndpoint",
    "UNIXServerEndpoint",
    "UNIXClientEndpoint",
    "connectProtocol",
    "serverFromString",
    "clientFromString",
    "quoteStringArgument",
]
