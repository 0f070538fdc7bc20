"""twisted.internet.endpoints over the asyncio reactor (loopback TCP)."""

from __future__ import annotations

from typing import Any

import pytest

from twistio._aio.reactor import AsyncioReactor
from twistio.internet import endpoints, error, protocol
from twistio.internet.testing import MemoryReactorClock
from twistio.python.failure import Failure


@pytest.fixture
def reactor(fresh_reactor: AsyncioReactor) -> AsyncioReactor:
    return fresh_reactor


class Echo(protocol.Protocol):
    def dataReceived(self, data: bytes) -> None:
        self.transport.write(data)


class Client(protocol.Protocol):
    def __init__(self) -> None:
        self.got = b""

    def dataReceived(self, data: bytes) -> None:
        self.got += data
        if self.got == b"ping":
            self.transport.loseConnection()


def test_string_endpoints_roundtrip(reactor: AsyncioReactor) -> None:
    """serverFromString/clientFromString/connectProtocol make a working connection, and the
    user's protocol becomes the transport's protocol."""
    results: dict[str, Any] = {}
    server = endpoints.serverFromString(reactor, "tcp:0:interface=127.0.0.1")

    def listening(port: Any) -> Any:
        client = endpoints.clientFromString(reactor, f"tcp:127.0.0.1:{port.getHost().port}")
        proto = Client()
        results["proto"] = proto
        return endpoints.connectProtocol(client, proto)

    def connected(proto: Client) -> None:
        results["same"] = proto.transport.protocol is proto
        proto.transport.write(b"ping")

    d = server.listen(protocol.Factory.forProtocol(Echo))
    d.addCallback(listening).addCallback(connected)
    d.addErrback(lambda f: results.setdefault("error", f))
    reactor.callLater(0.5, reactor.stop)
    reactor.run(installSignalHandlers=False)
    assert "error" not in results, results.get("error")
    assert results["proto"].got == b"ping"
    assert results["same"] is True


def test_refused_connection_fails_the_deferred(reactor: AsyncioReactor) -> None:
    """A refused connection fails connect()'s Deferred with ConnectionRefusedError."""
    port = reactor.listenTCP(0, protocol.Factory.forProtocol(Echo), interface="127.0.0.1")
    number = port.getHost().port
    port.stopListening()
    failures: list[Failure] = []
    ep = endpoints.TCP4ClientEndpoint(reactor, "127.0.0.1", number)
    ep.connect(protocol.Factory.forProtocol(Client)).addErrback(failures.append)
    reactor.callLater(0.3, reactor.stop)
    reactor.run(installSignalHandlers=False)
    assert failures and failures[0].check(error.ConnectionRefusedError)


def test_cancel_connecting() -> None:
    """Cancelling connect() stops the connector and fails with ConnectingCancelledError."""
    reactor = MemoryReactorClock()
    ep = endpoints.TCP4ClientEndpoint(reactor, "example.com", 80)
    d = ep.connect(protocol.Factory.forProtocol(Client))
    failures: list[Failure] = []
    d.addErrback(failures.append)
    d.cancel()
    assert failures[0].check(error.ConnectingCancelledError)
    assert reactor.connectors[0].stoppedConnecting


def test_parse_descriptions() -> None:
    """Descriptions accept escapes; unknown types raise ValueError like Twisted's."""
    assert endpoints._parse(r"tcp:host=a\:b:port=80") == (["tcp"], {"host": "a:b", "port": "80"})
    assert endpoints.quoteStringArgument("a:b\\c") == "a\\:b\\\\c"
    with pytest.raises(ValueError, match="Unknown endpoint type: 'bogus'"):
        endpoints.serverFromString(MemoryReactorClock(), "bogus:1")
    ep = endpoints.serverFromString(MemoryReactorClock(), "tcp:8080:backlog=7")
    assert (ep._port, ep._backlog) == (8080, 7)


def test_udp_roundtrip_and_connected_refusal(reactor: AsyncioReactor) -> None:
    """listenUDP delivers datagrams with (host, port); hostnames are refused by write()."""
    from twistio.internet.address import IPv4Address

    got: list[Any] = []

    class Server(protocol.DatagramProtocol):
        def datagramReceived(self, data: bytes, addr: Any) -> None:
            got.append(("server", data, addr))
            self.transport.write(b"back", addr)

    class ClientProto(protocol.DatagramProtocol):
        def startProtocol(self) -> None:
            self.transport.connect("127.0.0.1", server.getHost().port)
            self.transport.write(b"hi")

        def datagramReceived(self, data: bytes, addr: Any) -> None:
            got.append(("client", data, addr))
            reactor.stop()

    server = reactor.listenUDP(0, Server(), interface="127.0.0.1")
    assert isinstance(server.getHost(), IPv4Address) and server.getHost().type == "UDP"
    client = reactor.listenUDP(0, ClientProto(), interface="127.0.0.1")
    with pytest.raises(error.InvalidAddressError):
        server.write(b"x", ("localhost", 1))
    reactor.callLater(5, reactor.stop)
    reactor.run(installSignalHandlers=False)
    assert got[0] == ("server", b"hi", ("127.0.0.1", client.getHost().port))
    assert got[1] == ("client", b"back", ("127.0.0.1", server.getHost().port))
