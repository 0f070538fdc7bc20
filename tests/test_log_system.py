"""Legacy log events made inside protocol callbacks carry the transport's logPrefix as
``system``, as Twisted tags them (values observed on real Twisted 26.10)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from twistio._aio.reactor import AsyncioReactor
from twistio.internet import protocol
from twistio.logger import Logger
from twistio.python import _logsystem, log


@pytest.fixture
def reactor(fresh_reactor: AsyncioReactor) -> AsyncioReactor:
    return fresh_reactor


@pytest.fixture
def events() -> Iterator[list[tuple[str, str]]]:
    seen: list[tuple[str, str]] = []

    def observer(event: dict[str, Any]) -> None:
        text = log.textFromEventDict(event)
        if text is not None:
            seen.append((event["system"], text))

    log.addObserver(observer)
    yield seen
    log.removeObserver(observer)


def run(reactor: AsyncioReactor) -> None:
    guard = reactor.callLater(5, reactor.stop)
    reactor.run(installSignalHandlers=False)
    assert guard.active(), "reactor timed out"
    guard.cancel()


class Server(protocol.Protocol):
    def connectionMade(self) -> None:
        log.msg("server made")
        Logger().info("new-style event")  # not a legacy event: no system added

    def dataReceived(self, data: bytes) -> None:
        log.msg("server data")
        seenInThread: list[str] = []

        def inThread() -> None:
            # Another thread logging while the reactor thread is in a callback: not tagged.
            seenInThread.append(_logsystem.system() or "-")

        t = threading.Thread(target=inThread)
        t.start()
        t.join()
        log.msg("thread saw " + seenInThread[0])
        raise RuntimeError("boom")

    def connectionLost(self, reason: Any) -> None:
        log.msg("server lost")


class Client(protocol.Protocol):
    def connectionMade(self) -> None:
        log.msg("client made")
        self.transport.write(b"x")

    def connectionLost(self, reason: Any) -> None:
        log.msg("client lost")
        self.factory.reactor.callLater(0, self.factory.reactor.stop)


def test_tcp_callbacks_are_tagged(reactor: AsyncioReactor, events: list[tuple[str, str]]) -> None:
    factory = protocol.Factory.forProtocol(Server)
    factory.noisy = False
    port = reactor.listenTCP(0, factory, interface="127.0.0.1")
    clientFactory = protocol.ClientFactory.forProtocol(Client)
    clientFactory.noisy = False
    clientFactory.reactor = reactor  # type: ignore[attr-defined]
    reactor.connectTCP("127.0.0.1", port.getHost().port, clientFactory)
    run(reactor)
    port.stopListening()
    mine = [
        (system, text)
        for system, text in events
        if text.split()[0] in ("server", "client", "thread", "Unhandled", "new-style")
        or "Closed" in text
    ]
    assert ("twisted.internet.protocol.Factory", "server made") in mine
    assert ("-", "new-style event") in mine
    assert ("Uninitialized", "client made") in mine
    assert ("Server,0,127.0.0.1", "server data") in mine
    assert ("Server,0,127.0.0.1", "thread saw -") in mine
    assert any(s == "Server,0,127.0.0.1" and t.startswith("Unhandled Error") for s, t in mine)
    assert ("Server,0,127.0.0.1", "server lost") in mine
    assert ("Client,client", "client lost") in mine
    closed = [(s, t) for s, t in mine if "Closed" in t]
    assert [s for s, t in closed] == ["twisted.internet.protocol.Factory"]
    # Outside callbacks nothing is tagged.
    log.msg("outside")
    assert events[-1] == ("-", "outside")


def test_explicit_context_wins(reactor: AsyncioReactor, events: list[tuple[str, str]]) -> None:
    class Tagged(protocol.Protocol):
        def dataReceived(self, data: bytes) -> None:
            log.callWithContext({"system": "mine"}, log.msg, "inner")
            log.msg("explicit", system="given")
            reactor.stop()

    factory = protocol.Factory.forProtocol(Tagged)
    port = reactor.listenTCP(0, factory, interface="127.0.0.1")
    with socket.create_connection(("127.0.0.1", port.getHost().port)) as s:
        s.sendall(b"x")
        run(reactor)
    port.stopListening()
    assert ("mine", "inner") in events
    assert ("given", "explicit") in events


def test_udp_datagrams_are_tagged(reactor: AsyncioReactor, events: list[tuple[str, str]]) -> None:
    class Echo(protocol.DatagramProtocol):
        def datagramReceived(self, data: bytes, addr: Any) -> None:
            log.msg("datagram")
            reactor.stop()

    port = reactor.listenUDP(0, Echo(), interface="127.0.0.1")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.sendto(b"x", ("127.0.0.1", port.getHost().port))
        run(reactor)
    port.stopListening()
    assert ("Echo (UDP)", "datagram") in events


def test_buggy_log_prefix() -> None:
    class Buggy:
        _ownerThread = threading.get_ident()

        def logPrefix(self) -> str:
            raise ValueError("no prefix")

    _logsystem.current[0] = Buggy()
    try:
        assert _logsystem.system() == "(buggy logPrefix method)"
    finally:
        _logsystem.current[0] = None
