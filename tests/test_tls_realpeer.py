"""TLS against real peers: openssl s_client and Python's ssl module, both directions.

A twistio program (run with ``twistio run`` in a child process) serves an echo protocol over
listenSSL and a line protocol that upgrades with STARTTLS; stdlib and openssl clients talk to
it.  A twistio client refuses a Python ssl server whose certificate names another host.
"""

from __future__ import annotations

import datetime
import os
import shutil
import socket
import ssl
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.realpeer

ROOT = Path(__file__).resolve().parents[1]


def make_certificate(directory: Path, name: str = "localhost") -> tuple[Path, Path]:
    """A self-signed certificate (its own CA) for ``name``: (cert.pem, key.pem)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    certPath, keyPath = directory / "cert.pem", directory / "key.pem"
    certPath.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    keyPath.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return certPath, keyPath


SERVER = """
import sys
from twisted.internet import protocol, reactor, ssl
from twisted.protocols.basic import LineReceiver

certPEM = open(sys.argv[1], "rb").read()
keyPEM = open(sys.argv[2], "rb").read()
options = ssl.PrivateCertificate.loadPEM(keyPEM + certPEM).options()


class Echo(protocol.Protocol):
    def dataReceived(self, data):
        self.transport.write(data)


class Upgrading(LineReceiver):
    secure = False

    def lineReceived(self, line):
        if line == b"STARTTLS" and not self.secure:
            self.sendLine(b"OK")
            self.transport.startTLS(options)
            self.secure = True
        else:
            self.sendLine((b"tls:" if self.secure else b"plain:") + line)


echo = reactor.listenSSL(0, protocol.Factory.forProtocol(Echo), options, interface="127.0.0.1")
lines = reactor.listenTCP(0, protocol.Factory.forProtocol(Upgrading), interface="127.0.0.1")
print(echo.getHost().port, lines.getHost().port, flush=True)
reactor.run()
"""


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return make_certificate(tmp_path_factory.mktemp("tls"))


def _twistio_run(program: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "twistio", "run", str(program), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=program.parent,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


@pytest.fixture
def server(tmp_path: Path, certificate: tuple[Path, Path]) -> Iterator[tuple[int, int]]:
    program = tmp_path / "tlsserver.py"
    program.write_text(SERVER)
    proc = _twistio_run(program, str(certificate[0]), str(certificate[1]))
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().decode()
        assert line, proc.communicate(timeout=30)[1].decode()
        echoPort, linePort = map(int, line.split())
        yield echoPort, linePort
    finally:
        proc.terminate()
        proc.wait(30)


def _client_context(certPath: Path) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(certPath))


def _recv_until(sock: socket.socket | ssl.SSLSocket, marker: bytes) -> bytes:
    data = b""
    while marker not in data:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


def test_python_ssl_client_echo(server: tuple[int, int], certificate: tuple[Path, Path]) -> None:
    """Python's ssl client verifies the twistio server's certificate and gets its bytes
    echoed, including a payload bigger than one TLS record."""
    payload = os.urandom(200_000).hex().encode() + b"END"
    with socket.create_connection(("127.0.0.1", server[0]), timeout=30) as raw:
        with _client_context(certificate[0]).wrap_socket(raw, server_hostname="localhost") as s:
            assert s.version() in ("TLSv1.2", "TLSv1.3")
            s.sendall(payload)
            assert _recv_until(s, b"END") == payload


@pytest.mark.skipif(shutil.which("openssl") is None, reason="the openssl CLI is not installed")
def test_openssl_s_client(server: tuple[int, int], certificate: tuple[Path, Path]) -> None:
    """``openssl s_client`` completes a verified handshake and gets its line echoed."""
    proc = subprocess.Popen(
        [
            "openssl",
            "s_client",
            "-connect",
            f"127.0.0.1:{server[0]}",
            "-servername",
            "localhost",
            "-verify_hostname",
            "localhost",
            "-CAfile",
            str(certificate[0]),
            "-verify_return_error",
            "-quiet",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    watchdog = threading.Timer(60, proc.kill)
    watchdog.start()
    try:
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(b"hello from s_client\n")
        proc.stdin.flush()
        assert proc.stdout.readline() == b"hello from s_client\n"
    finally:
        watchdog.cancel()
        proc.kill()
        _, err = proc.communicate(timeout=30)
    assert b"verify return:1" in err or b"Verification: OK" in err or b"verify error" not in err


def test_garbage_handshake_closes_only_that_connection(
    server: tuple[int, int], certificate: tuple[Path, Path]
) -> None:
    """Garbage where a ClientHello belongs ends that connection; the server keeps serving."""
    good = socket.create_connection(("127.0.0.1", server[0]), timeout=30)
    tls = _client_context(certificate[0]).wrap_socket(good, server_hostname="localhost")
    with socket.create_connection(("127.0.0.1", server[0]), timeout=30) as bad:
        bad.sendall(b"GET / HTTP/1.0\r\n\r\n" + b"\x00garbage" * 100)
        try:
            rest = _recv_until(bad, b"\x00never")
        except ConnectionResetError:
            rest = b""
        # Whatever alert the server sent, it is never our garbage echoed back.
        assert b"garbage" not in rest
    with tls:
        tls.sendall(b"still here")
        assert _recv_until(tls, b"here") == b"still here"
    with socket.create_connection(("127.0.0.1", server[0]), timeout=30) as raw:
        with _client_context(certificate[0]).wrap_socket(raw, server_hostname="localhost") as s:
            s.sendall(b"new one")
            assert _recv_until(s, b"one") == b"new one"


def test_starttls_upgrades_line_protocol(
    server: tuple[int, int], certificate: tuple[Path, Path]
) -> None:
    """A LineReceiver answers in clear text, then startTLS and the same protocol goes on
    inside TLS."""
    with socket.create_connection(("127.0.0.1", server[1]), timeout=30) as raw:
        raw.sendall(b"before\r\n")
        assert _recv_until(raw, b"\r\n") == b"plain:before\r\n"
        raw.sendall(b"STARTTLS\r\n")
        assert _recv_until(raw, b"\r\n") == b"OK\r\n"
        with _client_context(certificate[0]).wrap_socket(raw, server_hostname="localhost") as s:
            s.sendall(b"after\r\n")
            assert _recv_until(s, b"\r\n") == b"tls:after\r\n"


CLIENT = """
import sys
from twisted.internet import protocol, reactor, ssl

port, hostname = int(sys.argv[1]), sys.argv[2]
trust = ssl.Certificate.loadPEM(open(sys.argv[3], "rb").read())


class Probe(protocol.Protocol):
    def connectionMade(self):
        self.transport.write(b"ping")

    def dataReceived(self, data):
        print("DATA", data.decode(), flush=True)
        self.transport.loseConnection()

    def connectionLost(self, reason):
        print("LOST", reason.type.__module__ + "." + reason.type.__qualname__, flush=True)
        reactor.stop()


factory = protocol.ClientFactory.forProtocol(Probe)
reactor.connectSSL(
    "127.0.0.1", port, factory, ssl.optionsForClientTLS(hostname, trustRoot=trust)
)
reactor.run()
"""


@pytest.fixture
def python_tls_server(certificate: tuple[Path, Path]) -> Iterator[int]:
    """A Python ssl echo server (one reply per connection) for 'localhost'."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certificate)
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(60)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            try:
                with context.wrap_socket(conn, server_side=True) as s:
                    s.sendall(s.recv(100))
            except (OSError, ssl.SSLError):
                pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        # Wake the accept() so the thread sees the stop flag (closing does not, on Linux).
        with socket.create_connection(listener.getsockname(), timeout=30):
            pass
        thread.join(30)
        listener.close()


@pytest.mark.parametrize(
    ("hostname", "expected"),
    [
        ("localhost", ["DATA ping", "LOST twisted.internet.error.ConnectionDone"]),
        ("wrong.example.com", ["LOST twisted.internet.ssl.VerificationError"]),
    ],
)
def test_client_verifies_hostname(
    tmp_path: Path,
    certificate: tuple[Path, Path],
    python_tls_server: int,
    hostname: str,
    expected: list[str],
) -> None:
    """optionsForClientTLS checks the name: the right one talks, a wrong one is refused with
    Twisted's VerificationError before any data reaches the protocol."""
    program = tmp_path / "tlsclient.py"
    program.write_text(CLIENT)
    proc = _twistio_run(program, str(python_tls_server), hostname, str(certificate[0]))
    out, err = proc.communicate(timeout=120)
    assert out.decode().splitlines() == expected, err.decode()


STARTTLS_CLIENT = """
import sys
from twisted.internet import protocol, reactor, ssl
from twisted.protocols.basic import LineReceiver

port = int(sys.argv[1])
trust = ssl.Certificate.loadPEM(open(sys.argv[2], "rb").read())


class Upgrader(LineReceiver):
    def connectionMade(self):
        self.sendLine(b"STARTTLS")

    def lineReceived(self, line):
        if line == b"GO":
            self.transport.startTLS(ssl.optionsForClientTLS("localhost", trustRoot=trust))
            self.sendLine(b"secret")
        else:
            peer = ssl.Certificate.peerFromTransport(self.transport)
            print("GOT", line.decode(), peer.getSubject().commonName.decode(), flush=True)
            self.transport.loseConnection()

    def connectionLost(self, reason):
        reactor.stop()


reactor.connectTCP("127.0.0.1", port, protocol.ClientFactory.forProtocol(Upgrader))
reactor.run()
"""


def test_client_starttls_against_python_server(
    tmp_path: Path, certificate: tuple[Path, Path]
) -> None:
    """A twistio client upgrades a live TCP connection with startTLS (client role) when a
    Python server says so, verifies it and reads the peer certificate."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certificate)
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(60)
    seen: list[bytes] = []

    def serve() -> None:
        conn, _ = listener.accept()
        with conn:
            conn.settimeout(60)
            seen.append(_recv_until(conn, b"\r\n"))
            conn.sendall(b"GO\r\n")
            with context.wrap_socket(conn, server_side=True) as s:
                line = _recv_until(s, b"\r\n")
                seen.append(line)
                s.sendall(b"echo:" + line)
                try:
                    s.recv(10)
                except (OSError, ssl.SSLError):
                    pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    program = tmp_path / "starttlsclient.py"
    program.write_text(STARTTLS_CLIENT)
    proc = _twistio_run(program, str(listener.getsockname()[1]), str(certificate[0]))
    try:
        out, err = proc.communicate(timeout=120)
    finally:
        listener.close()
        thread.join(30)
    assert seen == [b"STARTTLS\r\n", b"secret\r\n"], err.decode()
    assert out.decode().splitlines() == ["GOT echo:secret localhost"], err.decode()


CLASSIC = """
import sys
from twisted.internet import protocol, reactor, ssl
from twisted.internet.interfaces import ISSLTransport

server = ssl.DefaultOpenSSLContextFactory(sys.argv[2], sys.argv[1])
try:
    server.getContext().set_verify(1, lambda *a: True)
except AttributeError as e:
    print("HINT", "verify_mode" in str(e), flush=True)


class Echo(protocol.Protocol):
    def dataReceived(self, data):
        self.transport.write(data.upper())


class Client(protocol.Protocol):
    def connectionMade(self):
        print("SSL", ISSLTransport.providedBy(self.transport), flush=True)
        self.transport.write(b"classic")

    def dataReceived(self, data):
        print("GOT", data.decode(), flush=True)
        self.transport.loseConnection()

    def connectionLost(self, reason):
        reactor.stop()


port = reactor.listenSSL(0, protocol.Factory.forProtocol(Echo), server, interface="127.0.0.1")
reactor.connectSSL(
    "127.0.0.1", port.getHost().port, protocol.ClientFactory.forProtocol(Client),
    ssl.ClientContextFactory(),
)
reactor.run()
"""


def test_classic_context_factories(tmp_path: Path, certificate: tuple[Path, Path]) -> None:
    """Classic code: listenSSL with DefaultOpenSSLContextFactory(key, cert), connectSSL with
    ClientContextFactory(); calling a pyOpenSSL-only method on the context explains itself."""
    program = tmp_path / "classic.py"
    program.write_text(CLASSIC)
    proc = _twistio_run(program, str(certificate[0]), str(certificate[1]))
    out, err = proc.communicate(timeout=120)
    assert out.decode().splitlines() == ["HINT True", "SSL True", "GOT CLASSIC"], err.decode()
