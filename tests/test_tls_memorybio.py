"""twisted.protocols.tls: TLS as a protocol wrapper, pumped in memory (no sockets)."""

from __future__ import annotations

from typing import Any

import pytest
from zope.interface import implementer

from twistio.internet import interfaces
from twistio.internet import ssl as tssl
from twistio.internet.error import ConnectionDone
from twistio.internet.protocol import Factory, Protocol
from twistio.protocols.tls import TLSMemoryBIOFactory, TLSMemoryBIOProtocol
from twistio.python.failure import Failure
from twistio.test.iosim import connectedServerAndClient


@pytest.fixture(scope="module")
def serverCert() -> tssl.PrivateCertificate:
    return tssl.KeyPair.generate(size=2048).selfSignedCert(1, commonName="example.com")


@implementer(interfaces.IHandshakeListener)
class Recorder(Protocol):
    def __init__(self, greeting: bytes = b"") -> None:
        self.greeting = greeting
        self.received = b""
        self.handshakes = 0
        self.lost: Failure | None = None

    def connectionMade(self) -> None:
        if self.greeting:
            self.transport.write(self.greeting)

    def handshakeCompleted(self) -> None:
        self.handshakes += 1

    def dataReceived(self, data: bytes) -> None:
        self.received += data

    def connectionLost(self, reason: Any = None) -> None:
        self.lost = reason


def _pair(
    serverCert: tssl.PrivateCertificate, hostname: str, clientGreeting: bytes = b""
) -> tuple[Recorder, Recorder, Any, Any, Any]:
    client, server = Recorder(clientGreeting), Recorder(b"welcome")
    clientFactory = TLSMemoryBIOFactory(
        tssl.optionsForClientTLS(hostname, trustRoot=serverCert),
        True,
        Factory.forProtocol(lambda: client),
    )
    serverFactory = TLSMemoryBIOFactory(
        serverCert.options(), False, Factory.forProtocol(lambda: server)
    )
    cTLS, sTLS, pump = connectedServerAndClient(
        lambda: serverFactory.buildProtocol(None),
        lambda: clientFactory.buildProtocol(None),
    )
    return client, server, cTLS, sTLS, pump


def test_handshake_and_data_both_ways(serverCert: tssl.PrivateCertificate) -> None:
    """Writes made in connectionMade arrive after the handshake, in both directions; both
    sides hear handshakeCompleted once; the client sees the server's certificate."""
    client, server, cTLS, sTLS, pump = _pair(serverCert, "example.com", b"hello")
    pump.flush()
    assert isinstance(cTLS, TLSMemoryBIOProtocol)
    assert server.received == b"hello"
    assert client.received == b"welcome"
    assert (client.handshakes, server.handshakes) == (1, 1)
    peer = tssl.Certificate(cTLS.getPeerCertificate())
    assert peer.getSubject().commonName == b"example.com"
    big = b"z" * 200_000
    server.transport.write(big)
    pump.flush()
    assert client.received == b"welcome" + big


def test_clean_close(serverCert: tssl.PrivateCertificate) -> None:
    """loseConnection sends close_notify; both wrapped protocols see ConnectionDone."""
    client, server, _, _, pump = _pair(serverCert, "example.com")
    pump.flush()
    client.transport.loseConnection()
    pump.flush()
    assert client.lost is not None and client.lost.check(ConnectionDone)
    assert server.lost is not None and server.lost.check(ConnectionDone)


def test_wrong_hostname_is_verification_error(serverCert: tssl.PrivateCertificate) -> None:
    """A certificate for another name fails the client with VerificationError and nothing is
    delivered to either wrapped protocol."""
    client, server, _, _, pump = _pair(serverCert, "other.example", b"secret")
    pump.flush()
    assert client.lost is not None
    assert client.lost.check(tssl.VerificationError)
    assert server.received == b"" and client.received == b""
    assert server.lost is not None


def test_garbage_fails_with_ssl_error(serverCert: tssl.PrivateCertificate) -> None:
    """Garbage instead of a ClientHello ends the connection with an ssl.SSLError reason."""
    import ssl

    from twistio.internet.testing import StringTransport

    server = Recorder()
    factory = TLSMemoryBIOFactory(serverCert.options(), False, Factory.forProtocol(lambda: server))
    proto = factory.buildProtocol(None)
    transport = StringTransport()
    proto.makeConnection(transport)
    proto.dataReceived(b"GET / HTTP/1.1\r\n\r\n" * 10)
    assert transport.disconnecting
    proto.connectionLost(Failure(ConnectionDone()))
    assert server.lost is not None and server.lost.check(ssl.SSLError)


def test_factory_log_prefix_and_pyopenssl_refusal() -> None:
    """The factory names itself after the wrapped factory, and refuses non-stdlib contexts."""

    class Wrapped(Factory):  # type: ignore[type-arg]
        pass

    factory = TLSMemoryBIOFactory(tssl.ClientContextFactory(), True, Wrapped())
    assert factory.logPrefix() == "Wrapped (TLS)"

    class PyOpenSSLish:
        def getContext(self) -> object:
            return object()

    with pytest.raises(TypeError, match="pyOpenSSL"):
        TLSMemoryBIOFactory(PyOpenSSLish(), True, Wrapped())


def test_client_certificates_required_by_server(serverCert: tssl.PrivateCertificate) -> None:
    """A server whose options name a client CA requires a client certificate signed by it:
    with one the handshake succeeds and the server sees it, without one it fails."""
    clientCert = tssl.KeyPair.generate(size=2048).selfSignedCert(2, commonName="client")

    def run(withCert: bool) -> tuple[Recorder, Recorder, Any]:
        client, server = Recorder(b"hi"), Recorder()
        creator = tssl.optionsForClientTLS(
            "example.com",
            trustRoot=serverCert,
            clientCertificate=clientCert if withCert else None,
        )
        clientFactory = TLSMemoryBIOFactory(creator, True, Factory.forProtocol(lambda: client))
        serverFactory = TLSMemoryBIOFactory(
            serverCert.options(tssl.Certificate(clientCert.original)),
            False,
            Factory.forProtocol(lambda: server),
        )
        _, sTLS, pump = connectedServerAndClient(
            lambda: serverFactory.buildProtocol(None),
            lambda: clientFactory.buildProtocol(None),
        )
        pump.flush()
        return client, server, sTLS

    client, server, sTLS = run(True)
    assert server.received == b"hi"
    assert tssl.Certificate(sTLS.getPeerCertificate()).getSubject().commonName == b"client"
    client, server, _ = run(False)
    assert server.received == b""
    assert server.lost is not None
