"""UNIX endpoints and their string descriptions, over a real socket."""

from __future__ import annotations

import os
import tempfile
from typing import Any

import pytest

from twistio._aio.reactor import AsyncioReactor
from twistio.internet import endpoints, protocol
from twistio.python.failure import Failure


@pytest.fixture
def reactor(fresh_reactor: AsyncioReactor) -> AsyncioReactor:
    return fresh_reactor


def test_unix_descriptions_parse_like_twisted() -> None:
    server = endpoints.serverFromString(None, "unix:/tmp/x:backlog=7:mode=0640:lockfile=0")
    assert isinstance(server, endpoints.UNIXServerEndpoint)
    assert (server._address, server._backlog, server._mode, server._wantPID) == (
        "/tmp/x",
        7,
        0o640,
        False,
    )
    default = endpoints.serverFromString(None, "unix:/tmp/x")
    assert (default._mode, default._wantPID) == (0o666, True)
    client = endpoints.clientFromString(None, "unix:path=/tmp/x:lockfile=1:timeout=9")
    assert isinstance(client, endpoints.UNIXClientEndpoint)
    assert (client._path, client._timeout, client._checkPID) == ("/tmp/x", 9, True)


def test_unknown_description_type() -> None:
    with pytest.raises(ValueError, match="Unknown endpoint type: 'nosuchkind'"):
        endpoints.serverFromString(None, "nosuchkind:1")
    with pytest.raises(ValueError, match="Unknown endpoint type: 'nosuchkind'"):
        endpoints.clientFromString(None, "nosuchkind:1")


def test_unix_endpoints_connect(reactor: AsyncioReactor) -> None:
    """A server and a client made from descriptions exchange bytes over the socket file."""
    with tempfile.TemporaryDirectory(prefix="tw-ep-") as d:
        path = os.path.join(d, "sock")
        got: list[bytes] = []

        class Echo(protocol.Protocol):
            def dataReceived(self, data: bytes) -> None:
                self.transport.write(data)

        class Client(protocol.Protocol):
            def connectionMade(self) -> None:
                self.transport.write(b"ping")

            def dataReceived(self, data: bytes) -> None:
                got.append(data)
                self.transport.loseConnection()

            def connectionLost(self, reason: Failure = protocol.connectionDone) -> None:
                reactor.stop()

        ports: list[Any] = []
        server = endpoints.serverFromString(reactor, f"unix:{path}:lockfile=0")
        server.listen(protocol.Factory.forProtocol(Echo)).addCallback(ports.append)
        assert ports and os.path.exists(path)
        client = endpoints.clientFromString(reactor, f"unix:path={path}")
        failures: list[Failure] = []
        client.connect(protocol.Factory.forProtocol(Client)).addErrback(failures.append)
        reactor.callLater(60, reactor.stop)
        reactor.run(installSignalHandlers=False)
        ports[0].stopListening()
        assert not failures
        assert b"".join(got) == b"ping"
