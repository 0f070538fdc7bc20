"""Name resolution: getaddrinfo in a thread pool, and adapters between the simple
(IResolverSimple: name -> one IPv4 string) and complex (IHostnameResolver) resolver styles."""

from __future__ import annotations

import socket
from collections.abc import Callable, Sequence
from typing import Any

from zope.interface import implementer

from twistio.internet.address import IPv4Address, IPv6Address
from twistio.internet.error import DNSLookupError
from twistio.internet.interfaces import (
    IHostnameResolver,
    IHostResolution,
    IResolutionReceiver,
    IResolverSimple,
)
from twistio.logger import Logger

__name__ = "twisted.internet._resolver"

_log = Logger()


@implementer(IHostResolution)
class HostResolution:
    """One resolution in progress, of ``name``."""

    def __init__(self, name: str) -> None:
        self.name = name

    def cancel(self) -> None:
        raise NotImplementedError()


_typesToAF = {
    frozenset([IPv4Address]): socket.AF_INET,
    frozenset([IPv6Address]): socket.AF_INET6,
    frozenset([IPv4Address, IPv6Address]): socket.AF_UNSPEC,
}
_afToType: dict[int, type[IPv4Address] | type[IPv6Address]] = {
    socket.AF_INET: IPv4Address,
    socket.AF_INET6: IPv6Address,
}
_transportToSocket = {"TCP": socket.SOCK_STREAM, "UDP": socket.SOCK_DGRAM}
_socktypeToType = {socket.SOCK_STREAM: "TCP", socket.SOCK_DGRAM: "UDP"}


@implementer(IHostnameResolver)
class GAIResolver:
    """IHostnameResolver on ``socket.getaddrinfo`` run in the reactor's thread pool."""

    def __init__(
        self,
        reactor: Any,
        getThreadPool: Callable[[], Any] | None = None,
        getaddrinfo: Callable[..., Any] = socket.getaddrinfo,
    ) -> None:
        self._reactor = reactor
        self._getThreadPool = reactor.getThreadPool if getThreadPool is None else getThreadPool
        self._getaddrinfo = getaddrinfo

    def resolveHostName(
        self,
        resolutionReceiver: Any,
        hostName: str,
        portNumber: int = 0,
        addressTypes: Sequence[type] | None = None,
        transportSemantics: str = "TCP",
    ) -> Any:
        from twistio.internet.threads import deferToThreadPool

        pool = self._getThreadPool()
        family = _typesToAF[
            frozenset(addressTypes) if addressTypes else frozenset([IPv4Address, IPv6Address])
        ]
        socket_type = _transportToSocket[transportSemantics]

        def get() -> list[Any]:
            try:
                return list(self._getaddrinfo(hostName, portNumber, family, socket_type))
            except socket.gaierror:
                return []

        d = deferToThreadPool(self._reactor, pool, get)
        resolution = HostResolution(hostName)
        resolutionReceiver.resolutionBegan(resolution)

        def deliver(result: list[Any]) -> HostResolution:
            for fam, socktype, _proto, _canon, sockaddr in result:
                kind: Any = _afToType[fam]
                resolutionReceiver.addressResolved(
                    kind(_socktypeToType.get(socktype, "TCP"), *sockaddr)
                )
            resolutionReceiver.resolutionComplete()
            return resolution

        d.addCallback(deliver)
        return resolution


@implementer(IHostnameResolver)
class SimpleResolverComplexifier:
    """Presents an IResolverSimple as an IHostnameResolver (IPv4 results only)."""

    def __init__(self, simpleResolver: Any) -> None:
        self._simpleResolver = simpleResolver

    def resolveHostName(
        self,
        resolutionReceiver: Any,
        hostName: str,
        portNumber: int = 0,
        addressTypes: Sequence[type] | None = None,
        transportSemantics: str = "TCP",
    ) -> Any:
        try:
            hostName = hostName.encode("idna").decode("ascii")
        except UnicodeError:
            pass
        resolution = HostResolution(hostName)
        resolutionReceiver.resolutionBegan(resolution)
        d = self._simpleResolver.getHostByName(hostName)

        def found(address: str) -> None:
            resolutionReceiver.addressResolved(IPv4Address("TCP", address, portNumber))

        def failed(reason: Any) -> None:
            if reason.check(DNSLookupError):
                return
            _log.failure(
                "while looking up {name} with {resolver}",
                reason,
                name=hostName,
                resolver=self._simpleResolver,
            )

        d.addCallbacks(found, failed)
        d.addCallback(lambda ignored: resolutionReceiver.resolutionComplete())
        return resolution


@implementer(IResolutionReceiver)
class FirstOneWins:
    """Fires ``deferred`` with the host of the first address resolved, or DNSLookupError."""

    def __init__(self, deferred: Any) -> None:
        self._deferred = deferred
        self._resolution: Any = None

    def resolutionBegan(self, resolution: Any) -> None:
        self._resolution = resolution

    def addressResolved(self, address: Any) -> None:
        if self._deferred is None:
            return
        self._deferred.callback(address.host)
        self._deferred = None

    def resolutionComplete(self) -> None:
        if self._deferred is None:
            return
        self._deferred.errback(DNSLookupError(self._resolution.name))


@implementer(IResolverSimple)
class ComplexResolverSimplifier:
    """Presents an IHostnameResolver as an IResolverSimple (first IPv4 address wins)."""

    def __init__(self, nameResolver: Any) -> None:
        self._nameResolver = nameResolver

    def getHostByName(self, name: str, timeouts: Sequence[int] = ()) -> Any:
        from twistio.internet.defer import Deferred

        result: Any = Deferred()
        self._nameResolver.resolveHostName(FirstOneWins(result), name, 0, [IPv4Address])
        return result
