"""twisted.internet.testing doubles and twisted.test.iosim."""

from __future__ import annotations

import warnings
from typing import Any

import pytest
from zope.interface.verify import verifyObject

from twistio.internet import error, interfaces, protocol
from twistio.internet.address import IPv4Address, UNIXAddress
from twistio.internet.testing import (
    AccumulatingProtocol,
    EventLoggingObserver,
    MemoryReactor,
    MemoryReactorClock,
    NonStreamingProducer,
    RaisingMemoryReactor,
    StringTransport,
    StringTransportWithDisconnection,
)
from twistio.python.failure import Failure


def test_stringtransport_records_and_checks_state() -> None:
    """StringTransport keeps writes, rejects non-bytes and tracks producer state."""
    t = StringTransport()
    assert verifyObject(interfaces.ITransport, t)
    t.write(b"ab")
    t.writeSequence([b"c", b"d"])
    assert t.value() == b"abcd"
    with pytest.raises(TypeError):
        t.write("text")  # type: ignore[arg-type]
    t.pauseProducing()
    assert t.producerState == "paused"
    t.loseConnection()
    assert t.disconnecting
    with pytest.raises(RuntimeError):
        t.resumeProducing()
    assert t.getPeer() == IPv4Address("TCP", "192.168.1.1", 54321)


def test_stringtransport_with_disconnection_tells_protocol() -> None:
    """loseConnection delivers ConnectionDone to the protocol once."""
    proto = AccumulatingProtocol()
    t = StringTransportWithDisconnection()
    t.protocol = proto
    proto.makeConnection(t)
    t.loseConnection()
    t.loseConnection()
    assert proto.closed == 1
    assert proto.closedReason is not None and proto.closedReason.check(error.ConnectionDone)


def test_memoryreactor_records_requests() -> None:
    """Ports and connectors are recorded, with Twisted-like addresses."""
    r = MemoryReactor()
    for iface in (interfaces.IReactorTCP, interfaces.IReactorSSL, interfaces.IReactorUNIX):
        assert verifyObject(iface, r)
    factory = protocol.Factory()
    port = r.listenTCP(8080, factory)
    assert port.getHost() == IPv4Address("TCP", "0.0.0.0", 8080)
    started: list[Any] = []

    class CF(protocol.ClientFactory):
        def startedConnecting(self, connector: Any) -> None:
            started.append(connector)

    connector = r.connectTCP("example.com", 80, CF())
    assert started == [connector]
    assert r.tcpClients[0][:2] == ("example.com", 80)
    assert r.connectUNIX(b"/s", CF()).getDestination() == UNIXAddress(b"/s")
    called: list[int] = []
    r.callWhenRunning(called.append, 1)
    r.run()
    r.callWhenRunning(called.append, 2)
    assert called == [1, 2]
    assert r.hasRun and r.hasStopped


def test_memoryreactorclock_and_raising_reactor() -> None:
    """MemoryReactorClock has a Clock; RaisingMemoryReactor raises what it was given."""
    r = MemoryReactorClock()
    seen: list[int] = []
    r.callLater(1, seen.append, 1)
    r.advance(1)
    assert seen == [1]
    raising = RaisingMemoryReactor(listenException=error.CannotListenError("", 1, "busy"))
    with pytest.raises(error.CannotListenError):
        raising.listenTCP(1, protocol.Factory())


def test_nonstreamingproducer_ten_writes() -> None:
    """NonStreamingProducer writes b'0'..b'9' then unregisters itself."""
    t = StringTransport()
    producer = NonStreamingProducer(t)
    t.registerProducer(producer, False)
    for _ in range(10):
        producer.resumeProducing()
    assert t.value() == b"0123456789"
    assert t.producer is None


def test_event_logging_observer() -> None:
    """EventLoggingObserver collects events as a sequence."""
    obs = EventLoggingObserver()
    obs({"log_format": "x"})
    assert len(obs) == 1 and obs[0]["log_format"] == "x"


def test_proto_helpers_warns_and_reexports() -> None:
    """twisted.test.proto_helpers names are the testing ones.  As on Twisted, importing one
    from the module warns (DeprecationWarning) but reading it off the module as its package
    holds it does not."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        from twistio.test.proto_helpers import StringTransport as st
    assert st is StringTransport
    assert [w.category for w in caught] == [DeprecationWarning]
    assert "twisted.internet.testing.StringTransport" in str(caught[0].message)
    assert caught[0].filename == __file__

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        from twistio.test import proto_helpers

        assert proto_helpers.MemoryReactor is MemoryReactor
    assert caught == []


def test_iosim_connected_pair() -> None:
    """connectedServerAndClient moves bytes on pump() and reports disconnection."""
    import twistio.test.iosim as iosim

    class Greeter(protocol.Protocol):
        def connectionMade(self) -> None:
            self.transport.write(b"hello")

    lost: list[Failure] = []

    class Listener(AccumulatingProtocol):
        def connectionLost(self, reason: Failure | None = None) -> None:  # type: ignore[override]
            lost.append(reason)  # type: ignore[arg-type]

    client, server, pump = iosim.connectedServerAndClient(Listener, Greeter)
    assert server.data == b"hello"
    client.transport.write(b" again")
    assert pump.pump()
    assert server.data == b"hello again"
    client.transport.loseConnection()
    pump.flush()
    assert lost and lost[0].check(error.ConnectionDone)
