"""Endpoint descriptions against real peers: Python's ssl client reaches ``ssl:`` and
``tls:`` servers made by serverFromString; a ``tls:`` client from clientFromString talks to
a Python ssl server (and refuses one whose certificate names another host); a child process
started with systemd's socket-activation variables serves on the socket it inherited.
"""

from __future__ import annotations

import os
import socket
import ssl
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.test_tls_realpeer import make_certificate
from twistio._aio.reactor import AsyncioReactor
from twistio.internet import endpoints, error, protocol
from twistio.python.failure import Failure

pytestmark = pytest.mark.realpeer

ROOT = Path(__file__).resolve().parents[1]
SAFETY_TIMEOUT = 20.0


def quote(path: Path) -> str:
    return endpoints.quoteStringArgument(str(path))


class Echo(protocol.Protocol):
    def dataReceived(self, data: bytes) -> None:
        self.transport.write(data)


def run_until(reactor: AsyncioReactor, start: Callable[[], Any]) -> None:
    """Run ``reactor`` from ``start()`` until something stops it (or a generous timeout,
    which only guards against a hang; no assertion depends on it)."""
    reactor.callWhenRunning(start)
    reactor.callLater(SAFETY_TIMEOUT, reactor.stop)
    reactor.run(installSignalHandlers=False)


def stdlib_tls_exchange(port: int, cafile: Path, serverName: str, payload: bytes) -> dict[str, Any]:
    """Connect with Python's ssl module, send ``payload``, read it back (blocking)."""
    context = ssl.create_default_context(cafile=str(cafile))
    with socket.create_connection(("127.0.0.1", port), timeout=SAFETY_TIMEOUT) as raw:
        with context.wrap_socket(raw, server_hostname=serverName) as tls:
            tls.sendall(payload)
            got = b""
            while len(got) < len(payload):
                chunk = tls.recv(65536)
                if not chunk:
                    break
                got += chunk
            cert = tls.getpeercert()
    return {"echo": got, "subject": dict(x[0] for x in cert["subject"]) if cert else {}}


def serve_and_call_stdlib(
    reactor: AsyncioReactor, description: str, client: Callable[[int], dict[str, Any]]
) -> dict[str, Any]:
    """Listen on ``description`` with an echo server, run ``client(port)`` in a thread."""
    results: dict[str, Any] = {}

    def start() -> None:
        d = endpoints.serverFromString(reactor, description).listen(
            protocol.Factory.forProtocol(Echo)
        )

        def listening(port: Any) -> None:
            def work() -> None:
                try:
                    results.update(client(port.getHost().port))
                except BaseException as e:
                    results["error"] = e
                reactor.callFromThread(reactor.stop)

            threading.Thread(target=work, daemon=True).start()

        d.addCallback(listening)
        d.addErrback(lambda f: (results.setdefault("error", f), reactor.stop()))

    run_until(reactor, start)
    return results


def test_ssl_server_description_reached_by_python_ssl(
    fresh_reactor: AsyncioReactor, tmp_path: Path
) -> None:
    """serverFromString('ssl:0:privateKey=..:certKey=..') serves TLS that Python's ssl
    client verifies (certificate for localhost) and echoes through."""
    cert, key = make_certificate(tmp_path)
    description = f"ssl:0:privateKey={quote(key)}:certKey={quote(cert)}:interface=127.0.0.1"
    payload = b"hello over ssl:" * 1000
    results = serve_and_call_stdlib(
        fresh_reactor,
        description,
        lambda port: stdlib_tls_exchange(port, cert, "localhost", payload),
    )
    assert "error" not in results, results.get("error")
    assert results["echo"] == payload
    assert results["subject"]["commonName"] == "localhost"


def test_tls_server_description_picks_certificate_by_sni(
    fresh_reactor: AsyncioReactor, tmp_path: Path
) -> None:
    """serverFromString('tls:<dir>:0') serves each host name's certificate from
    ``<name>.pem`` files (certificate and key together), chosen by the client's SNI."""
    certDir = tmp_path / "certs"
    certDir.mkdir()
    for name in ("alpha.example", "beta.example"):
        work = tmp_path / name
        work.mkdir()
        cert, key = make_certificate(work, name)
        (certDir / f"{name}.pem").write_bytes(cert.read_bytes() + key.read_bytes())
    description = f"tls:{quote(certDir)}:0:interface=127.0.0.1"

    def client(port: int) -> dict[str, Any]:
        beta = stdlib_tls_exchange(
            port, tmp_path / "beta.example" / "cert.pem", "beta.example", b"b"
        )
        alpha = stdlib_tls_exchange(
            port, tmp_path / "alpha.example" / "cert.pem", "alpha.example", b"a"
        )
        return {"beta": beta, "alpha": alpha}

    results = serve_and_call_stdlib(fresh_reactor, description, client)
    assert "error" not in results, results.get("error")
    assert results["beta"]["subject"]["commonName"] == "beta.example"
    assert results["alpha"]["subject"]["commonName"] == "alpha.example"
    assert (results["alpha"]["echo"], results["beta"]["echo"]) == (b"a", b"b")


class StdlibTLSServer:
    """A one-connection Python ssl server on 127.0.0.1 that answers one line, uppercased."""

    def __init__(self, cert: Path, key: Path) -> None:
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(str(cert), str(key))
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(SAFETY_TIMEOUT)
        self.port = self.listener.getsockname()[1]
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        try:
            conn, _ = self.listener.accept()
            conn.settimeout(SAFETY_TIMEOUT)
            with self.context.wrap_socket(conn, server_side=True) as tls:
                line = b""
                while not line.endswith(b"\n"):
                    chunk = tls.recv(1024)
                    if not chunk:
                        break
                    line += chunk
                tls.sendall(line.upper())
                # Wait for the client to hang up, so its close is what ends the exchange.
                while tls.recv(1024):
                    pass
        except (OSError, ssl.SSLError) as e:
            self.error = e
        finally:
            self.listener.close()

    def join(self) -> None:
        self.thread.join(SAFETY_TIMEOUT)


class LineClient(protocol.Protocol):
    def __init__(self, reactor: AsyncioReactor) -> None:
        self.reactor = reactor
        self.got = b""
        self.reason: Failure | None = None

    def connectionMade(self) -> None:
        self.transport.write(b"hello from twistio\n")

    def dataReceived(self, data: bytes) -> None:
        self.got += data
        if self.got.endswith(b"\n"):
            self.transport.loseConnection()

    def connectionLost(self, reason: Failure = protocol.connectionDone) -> None:
        self.reason = reason
        if self.reactor.running:
            self.reactor.stop()


def connect_tls_client(
    reactor: AsyncioReactor, description: str
) -> tuple[LineClient, dict[str, Any]]:
    proto = LineClient(reactor)
    results: dict[str, Any] = {}

    def start() -> None:
        endpoint = endpoints.clientFromString(reactor, description)
        d = endpoints.connectProtocol(endpoint, proto)
        d.addErrback(lambda f: (results.setdefault("error", f), reactor.stop()))

    run_until(reactor, start)
    return proto, results


def test_tls_client_description_talks_to_python_ssl_server(
    fresh_reactor: AsyncioReactor, tmp_path: Path
) -> None:
    """clientFromString('tls:localhost:PORT:trustRoots=DIR') verifies the Python server's
    certificate against the PEM files of DIR and exchanges data with it."""
    cert, key = make_certificate(tmp_path)
    server = StdlibTLSServer(cert, key)
    description = f"tls:localhost:{server.port}:trustRoots={quote(tmp_path)}"
    proto, results = connect_tls_client(fresh_reactor, description)
    server.join()
    assert "error" not in results, results.get("error")
    assert server.error is None, server.error
    assert proto.got == b"HELLO FROM TWISTIO\n"
    assert proto.reason is not None and proto.reason.check(error.ConnectionDone)


def test_tls_client_description_refuses_wrong_hostname(
    fresh_reactor: AsyncioReactor, tmp_path: Path
) -> None:
    """A tls: client for 'localhost' refuses a server whose (trusted) certificate names
    another host: nothing is exchanged and the connection ends with an error."""
    cert, key = make_certificate(tmp_path, "elsewhere.example")
    server = StdlibTLSServer(cert, key)
    description = f"tls:localhost:{server.port}:trustRoots={quote(tmp_path)}"
    proto, results = connect_tls_client(fresh_reactor, description)
    server.join()
    assert proto.got == b""
    assert "error" in results or proto.reason is not None
    if proto.reason is not None:
        assert not proto.reason.check(error.ConnectionDone)


CHILD = """
import sys
import twistio
twistio.install()
from twisted.internet import endpoints, protocol, reactor


class EchoOnce(protocol.Protocol):
    def dataReceived(self, data):
        self.transport.write(b"child:" + data)
        self.transport.loseConnection()

    def connectionLost(self, reason):
        reactor.stop()


def listening(port):
    host = port.getHost()
    print("listening", getattr(host, "port", None) or host.name.decode(), flush=True)


d = endpoints.serverFromString(reactor, sys.argv[1]).listen(
    protocol.Factory.forProtocol(EchoOnce)
)
d.addCallbacks(listening, lambda f: (print("failed", f.getErrorMessage(), flush=True), reactor.stop()))
reactor.run()
"""


@pytest.mark.parametrize(
    ("domain", "selector"), [("INET", "index=0"), ("INET", "name=web"), ("UNIX", "index=0")]
)
def test_systemd_socket_activation_in_child(tmp_path: Path, domain: str, selector: str) -> None:
    """A child started like systemd does it (the listening socket as descriptor 3,
    LISTEN_PID/LISTEN_FDS/LISTEN_FDNAMES set) serves through
    serverFromString('systemd:domain=...') on the TCP or UNIX socket it inherited."""
    address: Any
    if domain == "UNIX":
        address = str(tmp_path / "activated.sock")
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(address)
        listener.listen(5)
        expected = address
    else:
        listener = socket.create_server(("127.0.0.1", 0))
        address = ("127.0.0.1", listener.getsockname()[1])
        expected = str(address[1])
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    env = dict(os.environ, LISTEN_FDS="1", LISTEN_FDNAMES="web")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    # The launcher puts the socket on descriptor 3 and sets LISTEN_PID to its own pid,
    # which exec hands to the program: exactly what systemd arranges for a service.
    launcher = (
        "import os, sys; os.dup2(int(sys.argv[1]), 3); "
        "os.environ['LISTEN_PID'] = str(os.getpid()); "
        "os.execv(sys.executable, [sys.executable] + sys.argv[2:])"
    )
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            launcher,
            str(listener.fileno()),
            str(script),
            f"systemd:domain={domain}:{selector}",
        ],
        env=env,
        pass_fds=(listener.fileno(),),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    listener.close()
    try:
        assert child.stdout is not None
        first = child.stdout.readline().decode()
        if not first:
            _, err = child.communicate(timeout=SAFETY_TIMEOUT)
            pytest.fail(f"child exited early: {err.decode()}")
        assert first.split()[:2] == ["listening", expected], first
        family = socket.AF_UNIX if domain == "UNIX" else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as conn:
            conn.settimeout(SAFETY_TIMEOUT)
            conn.connect(address)
            conn.sendall(b"ping")
            got = b""
            while True:
                chunk = conn.recv(1024)
                if not chunk:
                    break
                got += chunk
        assert got == b"child:ping"
        out, err = child.communicate(timeout=SAFETY_TIMEOUT)
        assert child.returncode == 0, err.decode()
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


def test_unix_abstract_namespace_server(fresh_reactor: AsyncioReactor) -> None:
    """A unix: server on a Linux abstract-namespace name (leading NUL: no file, no chmod)
    echoes to a plain-socket client."""
    if not sys.platform.startswith("linux"):
        pytest.skip("the abstract namespace is Linux-only")
    name = f"\0twistio-endpoints-{os.getpid()}-{id(fresh_reactor)}"

    def client(_port: int) -> dict[str, Any]:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.settimeout(SAFETY_TIMEOUT)
            conn.connect(name)
            conn.sendall(b"abstract")
            return {"echo": conn.recv(1024)}

    results: dict[str, Any] = {}

    def start() -> None:
        d = endpoints.serverFromString(fresh_reactor, f"unix:{name}:lockfile=0").listen(
            protocol.Factory.forProtocol(Echo)
        )

        def listening(port: Any) -> None:
            results["host"] = port.getHost()

            def work() -> None:
                try:
                    results.update(client(0))
                except BaseException as e:
                    results["error"] = e
                fresh_reactor.callFromThread(fresh_reactor.stop)

            threading.Thread(target=work, daemon=True).start()

        d.addCallback(listening)
        d.addErrback(lambda f: (results.setdefault("error", f), fresh_reactor.stop()))

    run_until(fresh_reactor, start)
    assert "error" not in results, results.get("error")
    assert results["echo"] == b"abstract"


class Upper(protocol.Protocol):
    def __init__(self) -> None:
        self.got = b""
        self.reason: Failure | None = None

    def connectionMade(self) -> None:
        self.transport.write(b"through a child ")
        self.transport.writeSequence([b"process", b"\n"])
        self.transport.closeStdin()

    def dataReceived(self, data: bytes) -> None:
        self.got += data

    def connectionLost(self, reason: Failure = protocol.connectionDone) -> None:
        self.reason = reason


@pytest.mark.parametrize(("status", "clean"), [(0, True), (3, False)])
def test_process_endpoint_with_real_child(
    fresh_reactor: AsyncioReactor, status: int, clean: bool
) -> None:
    """ProcessEndpoint runs a child: writes reach its stdin, its stdout is the protocol's
    data, stderr is not; exit 0 ends the connection cleanly, another status does not."""
    program = (
        "import sys; data = sys.stdin.buffer.read(); "
        "sys.stderr.write('noise'); sys.stdout.buffer.write(data.upper()); "
        f"sys.exit({status})"
    )
    proto = Upper()
    results: dict[str, Any] = {}

    def start() -> None:
        ep = endpoints.ProcessEndpoint(
            fresh_reactor, sys.executable, [sys.executable, "-c", program], env=os.environ
        )
        d = endpoints.connectProtocol(ep, proto)
        d.addErrback(lambda f: (results.setdefault("error", f), fresh_reactor.stop()))

    def check() -> None:
        if proto.reason is not None:
            fresh_reactor.stop()
        else:
            fresh_reactor.callLater(0.05, check)

    fresh_reactor.callWhenRunning(check)
    run_until(fresh_reactor, start)
    assert "error" not in results, results.get("error")
    assert proto.got == b"THROUGH A CHILD PROCESS\n"
    assert proto.reason is not None
    assert bool(proto.reason.check(error.ConnectionDone)) is clean
    if not clean:
        assert proto.reason.check(error.ProcessTerminated)
        assert proto.reason.value.exitCode == status


def test_ssl_client_description_talks_to_python_ssl_server(
    fresh_reactor: AsyncioReactor, tmp_path: Path
) -> None:
    """clientFromString('ssl:host=..:port=..:caCertsDir=DIR') verifies the Python server's
    certificate against DIR's PEM files (connectSSL) and exchanges data with it."""
    cert, key = make_certificate(tmp_path)
    server = StdlibTLSServer(cert, key)
    description = f"ssl:host=127.0.0.1:port={server.port}:caCertsDir={quote(tmp_path)}"
    proto, results = connect_tls_client(fresh_reactor, description)
    server.join()
    assert "error" not in results, results.get("error")
    assert server.error is None, server.error
    assert proto.got == b"HELLO FROM TWISTIO\n"


STDIO_CHILD = """
import twistio
twistio.install()
from twisted.internet import endpoints, protocol, reactor


class Shout(protocol.Protocol):
    def dataReceived(self, data):
        self.transport.write(data.upper())

    def connectionLost(self, reason):
        reactor.stop()


endpoints.serverFromString(reactor, "stdio:").listen(protocol.Factory.forProtocol(Shout))
reactor.run()
"""


def test_stdio_description_in_child(tmp_path: Path) -> None:
    """A child serving serverFromString('stdio:') answers on its standard output what
    arrives on its standard input, and ends when its input closes."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-c", STDIO_CHILD],
        input=b"whisper\n",
        env=env,
        capture_output=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout == b"WHISPER\n"


def test_hostname_endpoint_with_binding(fresh_reactor: AsyncioReactor) -> None:
    """HostnameEndpoint binds its connection as a tcp.makeBinding asks (address, reuse
    flags) and connects to a plain-socket listener."""
    from twistio.internet.tcp import makeBinding

    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(SAFETY_TIMEOUT)
    results: dict[str, Any] = {}

    def accept() -> None:
        try:
            conn, peer = listener.accept()
            results["peer"] = peer
            conn.close()
        except OSError as e:
            results["error"] = e
        finally:
            listener.close()

    server = threading.Thread(target=accept, daemon=True)
    server.start()

    def start() -> None:
        ep = endpoints.HostnameEndpoint(
            fresh_reactor,
            "127.0.0.1",
            listener.getsockname()[1],
            bindAddress=makeBinding("127.0.0.1", 0, reuseAddress=True),
        )
        d = ep.connect(protocol.Factory.forProtocol(protocol.Protocol))

        def connected(proto: Any) -> None:
            results["host"] = proto.transport.getHost()
            proto.transport.loseConnection()
            fresh_reactor.stop()

        d.addCallback(connected)
        d.addErrback(lambda f: (results.setdefault("error", f), fresh_reactor.stop()))

    run_until(fresh_reactor, start)
    server.join(SAFETY_TIMEOUT)
    assert "error" not in results, results.get("error")
    assert results["host"].host == "127.0.0.1"
    assert results["peer"][1] == results["host"].port
