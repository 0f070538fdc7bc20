"""What the TCP adapter does per connection, lazily: Nagle turned back on, the host address.

Twisted leaves Nagle's algorithm on (TCP_NODELAY 0) where asyncio turns it off; twistio turns
it back on only when it can matter (a second write, a large first one, or anyone looking at
the socket), and builds the host address on the first getHost().  These tests pin that the
laziness is invisible: the option reads as Twisted's, and is really set on the socket before
the writes that Nagle would affect.
"""

from __future__ import annotations

import socket
from typing import Any

import pytest

from twistio._aio.reactor import AsyncioReactor
from twistio.internet import protocol
from twistio.internet.address import IPv4Address


@pytest.fixture
def reactor(fresh_reactor: AsyncioReactor) -> AsyncioReactor:
    return fresh_reactor


def _rawNoDelay(transport: Any) -> int:
    """The option as the kernel has it, read beside the adapter (which would restore it)."""
    sock = transport._tr.get_extra_info("socket")
    return int(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))


class _Writer(protocol.Protocol):
    """Writes ``writes`` on connect, records the kernel's TCP_NODELAY after each, closes."""

    writes: list[bytes] = []
    setNoDelay: bool | None = None
    readNoDelay = False

    def connectionMade(self) -> None:
        self.factory.seen = []
        self.factory.read = None
        if self.readNoDelay:
            self.factory.read = self.transport.getTcpNoDelay()
        if self.setNoDelay is not None:
            self.transport.setTcpNoDelay(self.setNoDelay)
        for chunk in self.writes:
            self.transport.write(chunk)
            self.factory.seen.append(_rawNoDelay(self.transport))
        self.factory.host = self.transport.getHost()
        self.transport.loseConnection()


def _serve(reactor: AsyncioReactor, proto: type[_Writer]) -> Any:
    """Accept one connection with ``proto``; returns its factory once the client saw EOF."""
    factory = protocol.ServerFactory.forProtocol(proto)
    port = reactor.listenTCP(0, factory, interface="127.0.0.1")

    class Client(protocol.Protocol):
        def connectionLost(self, reason: Any = None) -> None:
            reactor.stop()

    protocol.ClientCreator(reactor, Client).connectTCP("127.0.0.1", port.getHost().port)
    guard = reactor.callLater(5, reactor.stop)
    reactor.run(installSignalHandlers=False)
    assert guard.active(), "timed out"
    guard.cancel()
    port.stopListening()
    return factory


def test_second_write_goes_out_with_nagle_on(reactor: AsyncioReactor) -> None:
    """Whatever the first small write saw, Nagle is on from the second write."""

    class P(_Writer):
        writes = [b"a", b"b", b"c"]

    seen = _serve(reactor, P).seen
    assert seen[1:] == [0, 0]


def test_large_first_write_goes_out_with_nagle_on(reactor: AsyncioReactor) -> None:
    """A first write bigger than one minimal segment already sees Nagle on."""

    class P(_Writer):
        writes = [b"x" * 4000]

    assert _serve(reactor, P).seen == [0]


def test_getTcpNoDelay_reads_as_twisted(reactor: AsyncioReactor) -> None:
    """getTcpNoDelay() is false from connectionMade on, as on Twisted."""

    class P(_Writer):
        readNoDelay = True
        writes = [b"a"]

    factory = _serve(reactor, P)
    assert factory.read is False
    assert factory.seen == [0]


def test_setTcpNoDelay_is_not_undone_by_later_writes(reactor: AsyncioReactor) -> None:
    """A program that turns Nagle off keeps it off through its writes."""

    class P(_Writer):
        setNoDelay = True
        writes = [b"a", b"b", b"x" * 4000]

    assert _serve(reactor, P).seen == [1, 1, 1]


def test_host_address_built_on_demand(reactor: AsyncioReactor) -> None:
    """getHost() gives the local IPv4Address, also when first asked late."""

    class P(_Writer):
        writes = [b"a"]

    host = _serve(reactor, P).host
    assert isinstance(host, IPv4Address)
    assert host.type == "TCP" and host.host == "127.0.0.1" and host.port > 0


def test_setTcpNoDelay_before_any_write_reads_back(reactor: AsyncioReactor) -> None:
    """Turning Nagle off in connectionMade reads back as on (1), also after writes."""

    class P(_Writer):
        setNoDelay = True
        readNoDelay = False
        writes = [b"x" * 4000, b"y"]

        def connectionMade(self) -> None:
            super().connectionMade()
            self.factory.readAfter = self.transport.getTcpNoDelay()

    factory = _serve(reactor, P)
    assert factory.seen == [1, 1]
    assert factory.readAfter is True


def test_setTcpNoDelay_false_first_sets_nagle(reactor: AsyncioReactor) -> None:
    """setTcpNoDelay(False) before any write puts Nagle on right away."""

    class P(_Writer):
        setNoDelay = False
        writes = [b"a"]

    assert _serve(reactor, P).seen == [0]

