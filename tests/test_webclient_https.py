"""Agent over HTTPS against Python's ssl-wrapped http.server: certificates are verified.

Needs twistio's TLS support (the "tls" engineer's twistio._aio.tls); until it is in the tree the
module is skipped with that reason.
"""

from __future__ import annotations

import datetime
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.test_webclient_realpeer import _Handler, _QuietServer, run_program

pytest.importorskip("twistio._aio.tls", reason="twistio's TLS support has not landed yet")

pytestmark = pytest.mark.realpeer


def _selfSigned(directory: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
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


@pytest.fixture
def https_server(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    certPath, keyPath = _selfSigned(tmp_path)
    server = _QuietServer(("127.0.0.1", 0), _Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certPath, keyPath)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], certPath
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


HTTPS_PROGRAM = """
import sys
from twisted.internet import reactor
from twisted.internet.defer import inlineCallbacks
from twisted.internet.ssl import Certificate, trustRootFromCertificates
from twisted.web.client import Agent, BrowserLikePolicyForHTTPS, readBody

port = sys.argv[1].encode()
cert = Certificate.loadPEM(open(sys.argv[2], "rb").read())

@inlineCallbacks
def main():
    try:
        trusting = Agent(reactor, BrowserLikePolicyForHTTPS(trustRootFromCertificates([cert])))
        response = yield trusting.request(b"GET", b"https://localhost:" + port + b"/secure")
        print("trusted", response.code, (yield readBody(response)).decode().split(" from")[0])
        for label, agent, host in [("default-policy", Agent(reactor), b"localhost"),
                                   ("wrong-host", trusting, b"127.0.0.1")]:
            try:
                yield agent.request(b"GET", b"https://" + host + b":" + port + b"/")
            except Exception as e:
                print(label, type(e).__name__, len(e.reasons))
            else:
                print(label, "connected without verification!")
    finally:
        reactor.stop()

reactor.callWhenRunning(main)
reactor.run()
"""


def test_https_verifies_certificates(tmp_path: Path, https_server: tuple[int, Path]) -> None:
    """A trusted certificate for the right name works; an unknown CA or a wrong name fails."""
    port, certPath = https_server
    lines = run_program(tmp_path, HTTPS_PROGRAM, str(port), str(certPath))
    assert lines == [
        "trusted 200 /secure",
        "default-policy ResponseNeverReceived 1",
        "wrong-host ResponseNeverReceived 1",
    ]
