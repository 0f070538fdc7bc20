"""``HostnameEndpoint``: resolve a host name, then race connections to its addresses
("happy eyeballs", RFC 8305 in spirit): the first address is tried at once, each further
one ``attemptDelay`` seconds after the previous attempt started; the first connection to
succeed wins and every other attempt is cancelled.
"""

from __future__ import annotations

import socket
import warnings
from collections.abc import Callable
from typing import Any
from unicodedata import normalize

from zope.interface import implementer

from twistio.internet import defer, error
from twistio.internet._endpoints_simple import TCP4ClientEndpoint
from twistio.internet._resolver import HostResolution
from twistio.internet.abstract import isIPAddress, isIPv6Address
from twistio.internet.address import HostnameAddress, IPv4Address, IPv6Address
from twistio.internet.interfaces import (
    IHostnameResolver,
    IReactorPluggableNameResolver,
    IResolutionReceiver,
    IStreamClientEndpoint,
)
from twistio.logger import Logger
from twistio.python.failure import Failure

__name__ = "twisted.internet.endpoints"


@implementer(IHostnameResolver)
class _SimpleHostnameResolver:
    """An ``IHostnameResolver`` over a callable ``nameResolution(host, port)`` returning a
    Deferred of ``getaddrinfo``-style tuples.  A failure is logged and reported to the
    receiver as a resolution with no addresses."""

    _log = Logger()

    def __init__(self, nameResolution: Callable[[str, int], Any]) -> None:
        self._nameResolution = nameResolution

    def resolveHostName(
        self,
        resolutionReceiver: Any,
        hostName: str,
        portNumber: int = 0,
        addressTypes: Any = None,
        transportSemantics: str = "TCP",
    ) -> Any:
        """Resolve ``hostName``; deliver its addresses to ``resolutionReceiver``."""
        resolution = HostResolution(hostName)
        resolutionReceiver.resolutionBegan(resolution)
        d = self._nameResolution(hostName, portNumber)

        def delivered(results: list[Any]) -> None:
            for family, _socktype, _proto, _canonname, sockaddr in results:
                kind = IPv6Address if family == socket.AF_INET6 else IPv4Address
                resolutionReceiver.addressResolved(kind("TCP", sockaddr[0], sockaddr[1]))

        def failed(reason: Failure) -> None:
            self._log.failure(
                "while looking up {name} with {callable}",
                reason,
                name=hostName,
                callable=self._nameResolution,
            )

        d.addCallbacks(delivered, failed)
        d.addBoth(lambda _: resolutionReceiver.resolutionComplete())
        return resolution


def _hostForms(host: str | bytes) -> tuple[bool, bytes, str]:
    """``(bad, hostBytes, hostText)`` for a host name given as text or IDNA bytes.

    A name that cannot be converted is kept in backslash-escaped form (for repr and error
    messages) and flagged bad, so that ``connect`` (not the constructor) reports it.
    """
    from twistio.internet._idna import _idnaBytes, _idnaText

    if isinstance(host, bytes):
        if isIPAddress(host.decode("latin-1")) or isIPv6Address(host.decode("latin-1")):
            return False, host, host.decode("ascii")
        try:
            return False, host, _idnaText(host)
        except UnicodeError:
            escaped = host.decode("ascii", "backslashreplace")
            return True, escaped.encode("ascii"), escaped
    text = normalize("NFC", host)
    if isIPAddress(text) or isIPv6Address(text):
        return False, text.encode("ascii"), text
    try:
        return False, _idnaBytes(text), text
    except UnicodeError:
        escaped = text.encode("ascii", "backslashreplace").decode("ascii")
        return True, escaped.encode("ascii"), escaped


def _bindingFor(bindAddress: Any) -> Any:
    """``bindAddress`` as ``connectTCP`` takes it: a host alone gets port 0; bytes become
    text; a Binding (from ``makeBinding``) is kept as it is."""
    if bindAddress is None:
        return None
    if isinstance(bindAddress, bytes):
        return (bindAddress.decode("ascii"), 0)
    if isinstance(bindAddress, str):
        return (bindAddress, 0)
    if isinstance(bindAddress, tuple):
        host, port = bindAddress
        if isinstance(host, bytes):
            host = host.decode("ascii")
        return (host, port)
    return bindAddress


@implementer(IStreamClientEndpoint)
class HostnameEndpoint:
    """Connects over TCP to a host name, trying its IPv4 and IPv6 addresses concurrently,
    each ``attemptDelay`` (0.3 s by default) after the previous one.

    Names are resolved by the reactor's ``nameResolver``; a reactor that has none is
    deprecated and gets ``getaddrinfo`` in a thread.
    """

    _DEFAULT_ATTEMPT_DELAY = 0.3

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
        self._badHostname, self._hostBytes, self._hostText = _hostForms(host)
        self._port = port
        self._timeout = timeout
        self._bindAddress = _bindingFor(bindAddress)
        self._attemptDelay = self._DEFAULT_ATTEMPT_DELAY if attemptDelay is None else attemptDelay
        self._nameResolver = self._resolverFor(reactor)

    def _resolverFor(self, reactor: Any) -> Any:
        if IReactorPluggableNameResolver.providedBy(reactor):
            return None  # reactor.nameResolver, looked up at connect time
        cls = type(reactor)
        warnings.warn(
            "Passing HostnameEndpoint a reactor that does not provide"
            " IReactorPluggableNameResolver"
            f" ({cls.__module__}.{cls.__qualname__})"
            " was deprecated in Twisted 17.5.0;"
            " please use a reactor that provides"
            " IReactorPluggableNameResolver instead",
            DeprecationWarning,
            stacklevel=3,
        )
        return _SimpleHostnameResolver(self._fallbackNameResolution)

    def __repr__(self) -> str:
        if isIPv6Address(self._hostText):
            host = f"[{self._hostText}]"
        else:
            host = self._hostBytes.decode("ascii")
        return f"<HostnameEndpoint {host}:{self._port}>"

    def _fallbackNameResolution(self, host: str, port: int) -> Any:
        """``getaddrinfo(host, port)`` for stream sockets, in a thread; a Deferred."""
        from twistio.internet.threads import deferToThread

        return deferToThread(socket.getaddrinfo, host, port, 0, socket.SOCK_STREAM)

    def _resolve(self) -> Any:
        """A Deferred firing with the resolved IPv4/IPv6 addresses (possibly none)."""
        d: Any = defer.Deferred()
        found: list[Any] = []

        @implementer(IResolutionReceiver)
        class Receiver:
            def resolutionBegan(self, resolution: Any) -> None:
                pass

            def addressResolved(self, address: Any) -> None:
                found.append(address)

            def resolutionComplete(self) -> None:
                d.callback(found)

        resolver = self._nameResolver or self._reactor.nameResolver
        resolver.resolveHostName(Receiver(), self._hostText, portNumber=self._port)
        return d

    def connect(self, protocolFactory: Any) -> Any:
        """A Deferred firing with the protocol of the first connection to succeed.

        Fails with ``ValueError`` for a host name that cannot be encoded, with
        ``DNSLookupError`` when the name has no address, and otherwise with the last
        attempt's failure; cancelling it cancels every attempt in flight.
        """
        if self._badHostname:
            return defer.fail(ValueError(f"invalid hostname: {self._hostText}"))
        race = _AttemptRace(self, protocolFactory)
        try:
            self._resolve().addCallback(race.start)
        except BaseException:
            return defer.fail()
        return race.result


class _AttemptRace:
    """One ``HostnameEndpoint.connect``: the staggered connection attempts and their
    outcome (``result``)."""

    def __init__(self, endpoint: HostnameEndpoint, protocolFactory: Any) -> None:
        self._endpoint = endpoint
        self._factory = protocolFactory
        self._pending: list[Any] = []
        self._inFlight: list[Any] = []
        self._timer: Any = None
        self._lastFailure: Failure | None = None
        self._done = False
        self.result: Any = defer.Deferred(canceller=self._cancel)

    def start(self, addresses: list[Any]) -> None:
        """Begin racing connections to ``addresses`` (called once they are resolved)."""
        if self._done:
            return
        self._pending = [a for a in addresses if isinstance(a, (IPv4Address, IPv6Address))]
        if not self._pending:
            self._finish(
                Failure(
                    error.DNSLookupError(
                        f"no results for hostname lookup: {self._endpoint._hostText}"
                    )
                )
            )
            return
        self._attemptNext()

    def _attemptNext(self) -> None:
        self._timer = None
        address = self._pending.pop(0)
        ep = self._endpoint
        if self._pending:
            # Scheduled before the attempt, so a synchronous failure does not hurry it.
            self._timer = ep._reactor.callLater(ep._attemptDelay, self._attemptNext)
        attempt = TCP4ClientEndpoint(
            ep._reactor, address.host, ep._port, ep._timeout, ep._bindAddress
        ).connect(self._factory)
        self._inFlight.append(attempt)
        attempt.addCallbacks(
            self._succeeded, self._failed, callbackArgs=(attempt,), errbackArgs=(attempt,)
        )

    def _succeeded(self, protocol: Any, attempt: Any) -> None:
        self._inFlight.remove(attempt)
        if self._done:
            return
        self._finish(protocol)

    def _failed(self, reason: Failure, attempt: Any) -> None:
        self._inFlight.remove(attempt)
        if self._done:
            return
        self._lastFailure = reason
        if not self._inFlight and not self._pending:
            self._finish(reason)

    def _stopOthers(self) -> None:
        self._done = True
        if self._timer is not None and self._timer.active():
            self._timer.cancel()
        self._timer = None
        self._pending = []
        for attempt in list(self._inFlight):
            attempt.cancel()

    def _finish(self, outcome: Any) -> None:
        self._stopOthers()
        if isinstance(outcome, Failure):
            self.result.errback(outcome)
        else:
            self.result.callback(outcome)

    def _cancel(self, d: Any) -> None:
        self._stopOthers()
        ep = self._endpoint
        d.errback(error.ConnectingCancelledError(HostnameAddress(ep._hostBytes, ep._port)))
