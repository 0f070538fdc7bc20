"""Endpoints with deterministic doubles: the HostnameEndpoint race on a Clock, the
ssl:/tls: description parsers (which Twisted's own tests skip without pyOpenSSL), the
systemd and process endpoints, and the description grammar."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest
from zope.interface import implementer
from zope.interface.verify import verifyObject

from tests.test_tls_realpeer import make_certificate
from twistio.internet import endpoints, error, interfaces, protocol
from twistio.internet.address import HostnameAddress, IPv4Address, IPv6Address
from twistio.internet.tcp import makeBinding
from twistio.internet.testing import MemoryReactorClock
from twistio.python.failure import Failure
from twistio.python.systemd import ListenFDs


@implementer(interfaces.IHostnameResolver)
class FixedResolver:
    """Resolves every name to ``addresses`` at once."""

    def __init__(self, *addresses: str) -> None:
        self.addresses = addresses
        self.names: list[str] = []

    def resolveHostName(
        self,
        receiver: Any,
        hostName: str,
        portNumber: int = 0,
        addressTypes: Any = None,
        transportSemantics: str = "TCP",
    ) -> Any:
        self.names.append(hostName)
        receiver.resolutionBegan(None)
        for address in self.addresses:
            kind = IPv6Address if ":" in address else IPv4Address
            receiver.addressResolved(kind("TCP", address, portNumber))
        receiver.resolutionComplete()


def racing_reactor(*addresses: str) -> MemoryReactorClock:
    reactor = MemoryReactorClock()
    reactor.installNameResolver(FixedResolver(*addresses))
    return reactor


def test_hostname_race_staggers_attempts_and_first_success_wins() -> None:
    """Attempts start attemptDelay apart (a failure does not hurry the next one); the
    first to connect wins, the others are stopped and no timer is left behind."""
    reactor = racing_reactor("10.0.0.1", "fe80::1", "10.0.0.2")
    ep = endpoints.HostnameEndpoint(reactor, "example.com", 443, attemptDelay=2.0)
    d = ep.connect(protocol.Factory.forProtocol(protocol.Protocol))
    assert [c[0] for c in reactor.tcpClients] == ["10.0.0.1"]
    reactor.tcpClients[0][2].clientConnectionFailed(None, Failure(error.ConnectionRefusedError()))
    reactor.advance(1.9)
    assert len(reactor.tcpClients) == 1
    reactor.advance(0.1)
    assert [c[0] for c in reactor.tcpClients] == ["10.0.0.1", "fe80::1"]
    reactor.advance(2.0)
    assert [c[0] for c in reactor.tcpClients] == ["10.0.0.1", "fe80::1", "10.0.0.2"]
    winner = reactor.tcpClients[2][2].buildProtocol(None)
    winner.makeConnection(object())
    result: list[Any] = []
    d.addCallback(result.append)
    assert result and isinstance(result[0], protocol.Protocol)
    assert reactor.tcpClients[1][2]._connector.stoppedConnecting
    assert reactor.getDelayedCalls() == []


def test_hostname_race_all_fail_reports_last_failure() -> None:
    reactor = racing_reactor("10.0.0.1", "10.0.0.2")
    ep = endpoints.HostnameEndpoint(reactor, b"example.com", 80)
    d = ep.connect(protocol.Factory.forProtocol(protocol.Protocol))
    reactor.tcpClients[0][2].clientConnectionFailed(None, Failure(error.ConnectionRefusedError()))
    reactor.advance(ep._DEFAULT_ATTEMPT_DELAY)
    reactor.tcpClients[1][2].clientConnectionFailed(None, Failure(error.TimeoutError()))
    failures: list[Failure] = []
    d.addErrback(failures.append)
    assert failures[0].check(error.TimeoutError)
    assert reactor.getDelayedCalls() == []


def test_hostname_no_addresses_and_cancel() -> None:
    """No address: DNSLookupError naming the host.  Cancelling: ConnectingCancelledError
    with the HostnameAddress, every attempt stopped."""
    failures: list[Failure] = []
    empty = endpoints.HostnameEndpoint(racing_reactor(), "nowhere.example", 80)
    empty.connect(protocol.Factory()).addErrback(failures.append)
    assert failures[0].check(error.DNSLookupError)
    assert "nowhere.example" in str(failures[0].value)

    reactor = racing_reactor("10.0.0.1")
    d = endpoints.HostnameEndpoint(reactor, "example.com", 80).connect(protocol.Factory())
    d.addErrback(failures.append)
    d.cancel()
    assert failures[1].check(error.ConnectingCancelledError)
    assert failures[1].value.address == HostnameAddress(b"example.com", 80)
    assert reactor.connectors[0].stoppedConnecting


def test_hostname_idna_repr_and_bind_addresses() -> None:
    reactor = racing_reactor("127.0.0.1")
    ep = endpoints.HostnameEndpoint(reactor, "b\xfccher.ch", 443, bindAddress=b"10.0.0.9")
    assert (ep._hostBytes, ep._hostText) == (b"xn--bcher-kva.ch", "b\xfccher.ch")
    assert repr(ep) == "<HostnameEndpoint xn--bcher-kva.ch:443>"
    assert ep._bindAddress == ("10.0.0.9", 0)
    binding = makeBinding("1.2.3.4", 5)
    assert endpoints.HostnameEndpoint(reactor, "h", 1, bindAddress=binding)._bindAddress == binding
    bad = endpoints.HostnameEndpoint(reactor, b"\xff-bad", 80)
    failures: list[Failure] = []
    bad.connect(protocol.Factory()).addErrback(failures.append)
    assert failures[0].check(ValueError) and "\\xff-bad" in str(failures[0].value)
    # The resolver is asked for the name as text, as Twisted asks.
    endpoints.HostnameEndpoint(reactor, "b\xfccher.ch", 443).connect(protocol.Factory())
    assert reactor.nameResolver.names[-1] == "b\xfccher.ch"


def test_description_grammar() -> None:
    assert endpoints._parse("a:b\\:c:d=e=f:g\\=h=i") == (["a", "b:c"], {"d": "e=f", "g=h": "i"})
    assert endpoints._parseServer(r"tcp:80:interface=\:\:1:backlog=3", "F") == (
        "TCP",
        (80, "F"),
        {"interface": "::1", "backlog": 3},
    )
    with pytest.raises(ValueError, match="Unknown endpoint type: 'ftl'"):
        endpoints.clientFromString(None, "ftl:x")
    tcp6 = endpoints.serverFromString(None, r"tcp6:8080:interface=\:\:1")
    assert isinstance(tcp6, endpoints.TCP6ServerEndpoint) and tcp6._interface == "::1"


def test_ssl_server_description(tmp_path: Path) -> None:
    """ssl: servers load privateKey/certKey, extraCertChain (which must hold certificates)
    and dhParameters into CertificateOptions for listenSSL."""
    cert, key = make_certificate(tmp_path)
    chainDir = tmp_path / "chain"
    chainDir.mkdir()
    chainCert, _ = make_certificate(chainDir, "intermediate.example")
    reactor = MemoryReactorClock()
    q = endpoints.quoteStringArgument
    server = endpoints.serverFromString(
        reactor,
        f"ssl:4433:privateKey={q(str(key))}:certKey={q(str(cert))}"
        f":extraCertChain={q(str(chainCert))}:dhParameters=dh.pem:backlog=9",
    )
    assert isinstance(server, endpoints.SSL4ServerEndpoint)
    options = server._sslContextFactory
    assert len(options.extraCertChain) == 1
    assert options.dhParameters._dhFile.basename() == "dh.pem"
    server.listen(protocol.Factory())
    port, _, contextFactory, backlog, interface = reactor.sslServers[0]
    assert (port, contextFactory, backlog, interface) == (4433, options, 9, "")
    empty = tmp_path / "empty.pem"
    empty.write_bytes(b"")
    with pytest.raises(ValueError, match="doesn't contain any valid certificates"):
        endpoints.serverFromString(
            reactor,
            f"ssl:1:privateKey={q(str(key))}:certKey={q(str(cert))}:extraCertChain={q(str(empty))}",
        )


def test_tls_client_description_hostnames() -> None:
    """tls: clients wrap a HostnameEndpoint for the IDNA form of the host, and verify the
    certificate against the Unicode name."""
    ep = endpoints.clientFromString(
        MemoryReactorClock(), b"tls:\xc3\xa9xample.example.com:443:timeout=7:bindAddress=127.0.0.1"
    )
    inner = ep._wrappedEndpoint
    assert isinstance(inner, endpoints.HostnameEndpoint)
    assert inner._hostBytes == b"xn--xample-9ua.example.com"
    assert (inner._port, inner._timeout, inner._bindAddress) == (443, 7, ("127.0.0.1", 0))
    tlsFactory = ep._wrapperFactory(protocol.Factory())
    assert tlsFactory._contextFactory._hostname == "\xe9xample.example.com"
    with pytest.raises(TypeError):
        endpoints.clientFromString(MemoryReactorClock(), "tls:h:1:bogus=1")


def test_systemd_parser_and_adopted_endpoint() -> None:
    parser = endpoints._SystemdParser()
    assert verifyObject(interfaces.IStreamServerEndpointStringParser, parser)
    parser._sddaemon = ListenFDs([3, 4], ["a", "web"])
    ep = parser.parseStreamServer(object(), domain="INET6", name="web")
    assert (ep.fileno, ep.addressFamily) == (4, socket.AF_INET6)
    with pytest.raises(ValueError):
        parser.parseStreamServer(object(), domain="INET", index="0", name="web")
    reactor = MemoryReactorClock()
    adopted = endpoints.AdoptedStreamServerEndpoint(reactor, 4, socket.AF_INET)
    events: list[Any] = []
    adopted._setNonBlocking = lambda fd: events.append(("nonblocking", fd))
    adopted._close = lambda fd: events.append(("close", fd, len(reactor.adoptedPorts)))
    adopted.listen(protocol.Factory())
    failures: list[Failure] = []
    adopted.listen(protocol.Factory()).addErrback(failures.append)
    assert events == [("nonblocking", 4), ("close", 4, 1)]
    assert failures[0].check(error.AlreadyListened)


def test_process_endpoint_maps_output_and_exit() -> None:
    """stdout is the protocol's data; exit status 0 is a clean close, anything else is the
    process's own failure."""
    spawned: list[Any] = []

    class Reactor:
        def spawnProcess(self, pp: Any, *args: Any) -> Any:
            spawned.append((pp, args))
            return None

    class Recorder(protocol.Protocol):
        def __init__(self) -> None:
            self.data = b""
            self.reasons: list[Failure] = []

        def dataReceived(self, data: bytes) -> None:
            self.data += data

        def connectionLost(self, reason: Failure = protocol.connectionDone) -> None:
            self.reasons.append(reason)

    ep = endpoints.ProcessEndpoint(Reactor(), b"/bin/true", [b"true"])
    result: list[Any] = []
    ep.connect(protocol.Factory.forProtocol(Recorder)).addCallback(result.append)
    wrapper, args = spawned[0]
    assert args[:2] == (b"/bin/true", [b"true"])
    wrapper.childDataReceived(1, b"out")
    wrapper.childDataReceived(2, b"err")  # logged, not delivered
    wrapper.processEnded(Failure(error.ProcessDone(0)))
    wrapper.processEnded(Failure(error.ProcessTerminated(exitCode=3)))
    proto = result[0]
    assert proto.data == b"out"
    assert proto.reasons[0].check(error.ConnectionDone)
    assert proto.reasons[1].check(error.ProcessTerminated)


def test_tls_server_description_defaults(tmp_path: Path) -> None:
    """tls:<dir> listens on port 443 of '::' by default, with TLS from the directory."""
    cert, key = make_certificate(tmp_path)
    certDir = tmp_path / "certs"
    certDir.mkdir()
    (certDir / "localhost.pem").write_bytes(cert.read_bytes() + key.read_bytes())
    reactor = MemoryReactorClock()
    server = endpoints.serverFromString(
        reactor, f"tls:{endpoints.quoteStringArgument(str(certDir))}"
    )
    assert isinstance(server, endpoints._TLSServerEndpoint)
    assert isinstance(server.endpoint, endpoints.TCP6ServerEndpoint)
    assert (server.endpoint._port, server.endpoint._interface) == (443, "::")
    server.listen(protocol.Factory())
    port, factory, _, _ = reactor.tcpServers[0]
    assert port == 443 and factory.wrappedFactory.__class__ is protocol.Factory
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValueError, match="no certificates"):
        endpoints.serverFromString(
            reactor, f"tls:{endpoints.quoteStringArgument(str(tmp_path / 'empty'))}"
        )


THIRD_PARTY_PLUGIN = """
from zope.interface import implementer
from twisted.plugin import IPlugin
from twisted.internet.interfaces import (
    IStreamClientEndpointStringParserWithReactor,
    IStreamServerEndpointStringParser,
)


@implementer(IPlugin, IStreamServerEndpointStringParser)
class Server:
    prefix = "thirdparty"

    def parseStreamServer(self, reactor, *args, **kwargs):
        return ("server", args, kwargs)


@implementer(IPlugin, IStreamClientEndpointStringParserWithReactor)
class Client:
    prefix = "thirdparty"

    def parseStreamClient(self, reactor, *args, **kwargs):
        return ("client", args, kwargs)


server = Server()
client = Client()
"""

THIRD_PARTY_PROGRAM = """
import twistio
twistio.install()
from twisted.internet import endpoints
print(endpoints.serverFromString(None, "thirdparty:a:b=c"))
print(endpoints.clientFromString(None, "thirdparty:x:y=z"))
"""


def test_third_party_parser_plugins_from_sys_path(tmp_path: Path) -> None:
    """A parser plugin shipped by another distribution in its own twisted/plugins
    directory on sys.path (no __init__.py there) serves its prefix in both functions."""
    import os
    import subprocess
    import sys

    plugins = tmp_path / "site" / "twisted" / "plugins"
    plugins.mkdir(parents=True)
    (plugins / "thirdparty_endpoints.py").write_text(THIRD_PARTY_PLUGIN)
    root = Path(__file__).resolve().parents[1]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(root), str(tmp_path / "site"), env.get("PYTHONPATH")])
    )
    done = subprocess.run(
        [sys.executable, "-c", THIRD_PARTY_PROGRAM],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "('server', ('a',), {'b': 'c'})",
        "('client', ('x',), {'y': 'z'})",
    ]
