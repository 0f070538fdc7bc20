"""TCP edge cases through the asyncio adapter: pausing early, resets, half-close, handles."""

from __future__ import annotations

import errno
from typing import Any

import pytest
from reactor_run import run
from zope.interface import implementer

from twistio._aio.reactor import AsyncioReactor
from twistio.internet import error, interfaces, main, protocol
from twistio.python.failure import Failure


@pytest.fixture
def reactor(fresh_reactor: AsyncioReactor) -> AsyncioReactor:
    return fresh_reactor


def listen(reactor: AsyncioReactor, proto: protocol.Protocol) -> Any:
    factory = protocol.ServerFactory()
    factory.buildProtocol = lambda addr: proto  # type: ignore[method-assign]
    return reactor.listenTCP(0, factory, interface="127.0.0.1")


def connect(reactor: AsyncioReactor, port: Any, proto: protocol.Protocol) -> None:
    protocol.ClientCreator(reactor, lambda: proto).connectTCP("127.0.0.1", port.getHost().port)


def test_pause_in_connectionMade_holds_data_until_resumed(reactor: AsyncioReactor) -> None:
    """pauseProducing from connectionMade stops delivery (uvloop starts reading afterwards)."""
    events: list[str] = []

    class Paused(protocol.Protocol):
        got = b""

        def connectionMade(self) -> None:
            self.transport.pauseProducing()
            # The client's data is sent at once; resume only after it has had time to arrive.
            reactor.callLater(0.3, self.resume)

        def resume(self) -> None:
            events.append(f"resume with {len(self.got)} bytes")
            self.transport.resumeProducing()

        def dataReceived(self, data: bytes) -> None:
            self.got += data
            if self.got == b"hello world":
                events.append("all data")
                self.transport.loseConnection()

        def connectionLost(self, reason: Failure = protocol.connectionDone) -> None:
            reactor.stop()

    class Sender(protocol.Protocol):
        def connectionMade(self) -> None:
            self.transport.write(b"hello ")
            self.transport.write(b"world")

    port = listen(reactor, Paused())
    connect(reactor, port, Sender())
    run(reactor)
    assert events == ["resume with 0 bytes", "all data"]


def test_abortConnection_resets_the_peer(reactor: AsyncioReactor) -> None:
    """The peer of an aborted connection sees ConnectionLost (a reset), not ConnectionDone."""
    reasons: dict[str, Failure] = {}

    class Aborter(protocol.Protocol):
        def connectionMade(self) -> None:
            self.transport.abortConnection()

        def connectionLost(self, reason: Failure = protocol.connectionDone) -> None:
            reasons["aborter"] = reason

    class Peer(protocol.Protocol):
        def connectionLost(self, reason: Failure = protocol.connectionDone) -> None:
            reasons["peer"] = reason
            reactor.stop()

    port = listen(reactor, Aborter())
    connect(reactor, port, Peer())
    run(reactor)
    assert reasons["aborter"].check(error.ConnectionAborted)
    assert reasons["peer"].check(error.ConnectionLost)
    assert not reasons["peer"].check(error.ConnectionAborted)


@implementer(interfaces.IHalfCloseableProtocol)
class HalfCloser(protocol.Protocol):
    """Shuts its write side on connection; records the half-close notifications."""

    def __init__(self, name: str, events: list[str], closeFirst: bool) -> None:
        self.name = name
        self.events = events
        self.closeFirst = closeFirst

    def connectionMade(self) -> None:
        if self.closeFirst:
            self.transport.loseWriteConnection()

    def readConnectionLost(self) -> None:
        self.events.append(f"{self.name} read lost")
        if not self.closeFirst:
            self.transport.loseWriteConnection()

    def writeConnectionLost(self) -> None:
        self.events.append(f"{self.name} write lost")

    def connectionLost(self, reason: Failure = protocol.connectionDone) -> None:
        self.events.append(f"{self.name} lost {reason.getErrorMessage()}")


def test_both_halves_closed_is_quiet_until_loseConnection(reactor: AsyncioReactor) -> None:
    """With both halves shut there is no connectionLost (as in Twisted) and no reader left;
    a later loseConnection reports ConnectionDone("Connection done")."""
    events: list[str] = []
    client = HalfCloser("client", events, closeFirst=True)
    server = HalfCloser("server", events, closeFirst=False)
    port = listen(reactor, server)
    connect(reactor, port, client)

    def check() -> None:
        if "client read lost" not in events or "server write lost" not in events:
            reactor.callLater(0.01, check)
            return
        # Leave a moment for any (wrong) connectionLost to show up.
        reactor.callLater(0.1, finish)

    def finish() -> None:
        events.append("readers: " + str(reactor.getReaders() == [port]))
        client.transport.loseConnection()
        reactor.callLater(0.1, reactor.stop)

    reactor.callLater(0, check)
    run(reactor)
    # Within each pair, which comes first depends on the loop's scheduling: the peer may read
    # the FIN before the writer's own writeConnectionLost callback has run.
    assert sorted(events[:2]) == ["client write lost", "server read lost"]
    assert sorted(events[2:4]) == ["client read lost", "server write lost"]
    assert events[4:] == [
        "readers: True",
        "client lost Connection was closed cleanly: Connection done.",
    ]


def test_getHandle_sends_and_fails_with_EBADF_once_closed(reactor: AsyncioReactor) -> None:
    """getHandle() supports send(); after the connection is closed it raises EBADF."""
    outcome: dict[str, Any] = {}

    class Receiver(protocol.Protocol):
        def dataReceived(self, data: bytes) -> None:
            outcome["received"] = data
            self.transport.loseConnection()

    class HandleUser(protocol.Protocol):
        def connectionMade(self) -> None:
            self.handle = self.transport.getHandle()
            outcome["sent"] = self.handle.send(b"raw")

        def connectionLost(self, reason: Failure = protocol.connectionDone) -> None:
            # The loop closes the socket right after connection_lost returns.
            reactor.callLater(0, self.afterClose)

        def afterClose(self) -> None:
            try:
                self.handle.send(b"more")
            except OSError as e:
                outcome["errno"] = e.args[0]
            reactor.stop()

    port = listen(reactor, Receiver())
    connect(reactor, port, HandleUser())
    run(reactor)
    assert outcome == {"sent": 3, "received": b"raw", "errno": errno.EBADF}


def test_bind_address_in_use_is_ConnectBindError(reactor: AsyncioReactor) -> None:
    """connectTCP with a bindAddress already bound fails with ConnectBindError."""
    port = listen(reactor, protocol.Protocol())
    taken = port.getHost().port
    failures: list[Failure] = []

    class Factory(protocol.ClientFactory):
        def clientConnectionFailed(self, connector: Any, reason: Failure) -> None:
            failures.append(reason)
            reactor.stop()

    reactor.connectTCP("127.0.0.1", taken, Factory(), bindAddress=("127.0.0.1", taken))
    run(reactor)
    assert len(failures) == 1 and failures[0].check(error.ConnectBindError)
    assert str(failures[0].value) == "Couldn't bind: 98: Address already in use."


def test_main_connection_reasons_are_exceptions() -> None:
    """main.CONNECTION_DONE/LOST are exception instances (protocol.connectionDone is the
    Failure), worded as in Twisted."""
    assert isinstance(main.CONNECTION_DONE, error.ConnectionDone)
    assert isinstance(main.CONNECTION_LOST, error.ConnectionLost)
    assert main.CONNECTION_DONE.args == ("Connection done",)
    assert str(main.CONNECTION_LOST) == (
        "Connection to the other side was lost in a non-clean fashion: Connection lost."
    )
    assert isinstance(protocol.connectionDone, Failure)
