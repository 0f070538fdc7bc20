"""twisted.protocols.policies, loopback, wire and portforward with deterministic doubles."""

from __future__ import annotations

from io import StringIO
from typing import Any

from twistio.internet import address, protocol, task
from twistio.internet.testing import (
    MemoryReactor,
    StringTransport,
    StringTransportWithDisconnection,
)
from twistio.protocols import loopback, policies, portforward, wire

ADDR = address.IPv4Address("TCP", "127.0.0.1", 1234)


class Echo(protocol.Protocol):
    lost: Any = None

    def dataReceived(self, data: bytes) -> None:
        self.transport.write(data)  # type: ignore[union-attr]

    def connectionLost(self, reason: Any = None) -> None:
        self.lost = reason


def echo_factory() -> protocol.ServerFactory[Any]:
    f: protocol.ServerFactory[Any] = protocol.ServerFactory()
    f.protocol = Echo
    return f


def connect(p: Any) -> StringTransportWithDisconnection:
    t = StringTransportWithDisconnection()
    t.protocol = p
    p.makeConnection(t)
    return t


def test_wrapper_forwards_both_ways_and_breaks_the_cycle() -> None:
    wf = policies.WrappingFactory(echo_factory())
    p = wf.buildProtocol(ADDR)
    t = connect(p)
    assert p.wrappedProtocol.transport is p
    assert wf.protocols == {p: 1}
    p.dataReceived(b"ping")
    assert t.value() == b"ping"
    assert p.getPeer() == t.getPeer()
    wrapped = p.wrappedProtocol
    t.loseConnection()
    assert wrapped.lost is not None
    assert p.wrappedProtocol is None
    assert wf.protocols == {}
    assert wf.logPrefix() == "ServerFactory (WrappingFactory)"


class Clocked(policies.ThrottlingFactory):
    def __init__(self, clock: task.Clock, *args: Any, **kw: Any) -> None:
        policies.ThrottlingFactory.__init__(self, *args, **kw)
        self.clock = clock

    def callLater(self, period: float, func: Any) -> Any:
        return self.clock.callLater(period, func)


def test_throttling_reads_pause_for_the_excess() -> None:
    """30 bytes read against a limit of 10/s: reading pauses for 2 seconds."""
    clock = task.Clock()
    tf = Clocked(clock, echo_factory(), maxConnectionCount=1, readLimit=10)
    p = tf.buildProtocol(ADDR)
    assert tf.buildProtocol(ADDR) is None
    t = connect(p)
    p.dataReceived(b"x" * 30)
    clock.advance(1)
    assert t.producerState == "paused"
    clock.advance(1.9)
    assert t.producerState == "paused"
    clock.advance(0.2)
    assert t.producerState == "producing"
    t.loseConnection()
    assert tf.connectionCount == 0
    assert clock.getDelayedCalls() == []


def test_limit_total_connections() -> None:
    f = policies.LimitTotalConnectionsFactory()
    f.protocol = protocol.Protocol
    f.connectionLimit = 1
    p1 = f.buildProtocol(ADDR)
    assert f.buildProtocol(ADDR) is None
    p1.connectionLost(None)
    assert f.connectionCount == 0


class Idle(protocol.Protocol, policies.TimeoutMixin):
    timedOut = False

    def __init__(self, clock: task.Clock) -> None:
        self.clock = clock

    def callLater(self, period: float, func: Any) -> Any:
        return self.clock.callLater(period, func)

    def timeoutConnection(self) -> None:
        self.timedOut = True


def test_timeout_mixin() -> None:
    clock = task.Clock()
    p = Idle(clock)
    assert p.setTimeout(3) is None
    clock.advance(2)
    p.resetTimeout()
    clock.advance(2)
    assert not p.timedOut
    clock.advance(1)
    assert p.timedOut
    assert p.setTimeout(None) == 3
    # Setting None after an external cancel is harmless.
    p.setTimeout(5)
    clock.getDelayedCalls()[0].cancel()
    p.setTimeout(None)
    assert p.timeOut is None


class ClockedTimeout(policies.TimeoutFactory):
    def __init__(self, clock: task.Clock, *args: Any) -> None:
        policies.TimeoutFactory.__init__(self, *args)
        self.clock = clock

    def callLater(self, period: float, func: Any) -> Any:
        return self.clock.callLater(period, func)


def test_timeout_factory_drops_idle_connections() -> None:
    clock = task.Clock()
    f = ClockedTimeout(clock, echo_factory(), 3)
    p = f.buildProtocol(ADDR)
    t = connect(p)
    wrapped = p.wrappedProtocol
    clock.advance(2)
    p.dataReceived(b"traffic")
    clock.advance(2)
    assert wrapped.lost is None
    clock.advance(1.5)
    assert wrapped.lost is not None
    assert t.value() == b"traffic"


def test_traffic_logging_with_length_limit() -> None:
    files: list[StringIO] = []

    class Logging(policies.TrafficLoggingFactory):
        def open(self, name: str) -> StringIO:
            files.append(StringIO())
            return files[-1]

    f = Logging(echo_factory(), "log", lengthLimit=15)
    p = f.buildProtocol(ADDR)
    t = connect(p)
    p.dataReceived(b"x" * 40)
    t.loseConnection()
    lines = files[0].getvalue().splitlines()
    assert lines[0] == "*"
    assert lines[1] == "C 1: b'xxx<... elided>'"
    assert lines[2] == "S 1: b'xxx<... elided>'"
    assert "ConnectionDone" in lines[3]


def test_wire_services() -> None:
    for cls, expected in [(wire.QOTD, b"An apple a day keeps the doctor away.\r\n"), (wire.Who, b"root\r\n")]:  # fmt: skip
        t = StringTransport()
        cls().makeConnection(t)
        assert t.value() == expected and t.disconnecting
    t = StringTransport()
    wire.Daytime().makeConnection(t)
    assert t.value().endswith(b"\r\n") and t.disconnecting
    t = StringTransport()
    wire.Time().makeConnection(t)
    assert len(t.value()) == 4
    t = StringTransport()
    c = wire.Chargen()
    c.makeConnection(t)
    assert t.producer is c and not t.streaming
    c.resumeProducing()
    assert t.value() == wire.Chargen.noise


def test_loopback_async_delivers_from_the_reactor_then_closes_both(monkeypatch: Any) -> None:
    clock = task.Clock()
    from twistio.internet import reactor

    monkeypatch.setattr(reactor, "callLater", clock.callLater)
    events: list[Any] = []

    class P(protocol.Protocol):
        def __init__(self, name: str) -> None:
            self.name = name

        def dataReceived(self, data: bytes) -> None:
            events.append((self.name, data))

        def connectionLost(self, reason: Any = None) -> None:
            events.append((self.name, "lost", type(reason.value).__name__))

    s, c = P("s"), P("c")
    d = loopback.loopbackAsync(s, c)
    s.transport.write(b"s1")  # type: ignore[union-attr]
    c.transport.write(b"c1")  # type: ignore[union-attr]
    c.transport.loseConnection()  # type: ignore[union-attr]
    s.transport.write(b"s2")  # type: ignore[union-attr]
    assert events == []
    done: list[Any] = []
    d.addCallback(done.append)
    clock.advance(0)
    assert events == [
        ("c", b"s1"),
        ("c", b"s2"),
        ("s", b"c1"),
        ("s", "lost", "ConnectionDone"),
        ("c", "lost", "ConnectionDone"),
    ]
    assert done == [None]


def test_portforward_joins_producers() -> None:
    server = portforward.ProxyFactory("127.0.0.1", 9).buildProtocol(ADDR)
    reactor = MemoryReactor()
    server.reactor = reactor
    st = StringTransport()
    server.makeConnection(st)
    assert st.producerState == "paused"
    host, port, clientFactory, _, _ = reactor.tcpClients[0]
    assert (host, port) == ("127.0.0.1", 9)
    client = clientFactory.buildProtocol(ADDR)
    ct = StringTransport()
    client.makeConnection(ct)
    assert ct.producer is st and st.producer is ct
    assert st.producerState == "producing"
    server.dataReceived(b"up")
    client.dataReceived(b"down")
    assert ct.value() == b"up" and st.value() == b"down"
