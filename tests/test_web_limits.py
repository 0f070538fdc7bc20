"""Limits and bad input on a real twistio web server, from raw sockets on 127.0.0.1.

Each malformed request gets its status (400, or 408 for a body that stops coming) or a
closed connection, is logged exactly once, and the server goes on serving: every test
ends by asking a second connection for a normal page.  Where the answer differs from
Twisted's (400 where Twisted closes silently or waits, 408, the log line), the rows of
docs/differences.md say so.  The server runs ``twistio run``
with a short idle timeout and prints every log event on one stdout line.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.realpeer

#: The Site's idle timeout (seconds): short, so timeouts can be watched in a test.
TIMEOUT = 1.0

SERVER = textwrap.dedent(
    """
    import sys
    from twisted.internet import reactor
    from twisted.logger import formatEvent, globalLogBeginner
    from twisted.web import resource, server

    class Hello(resource.Resource):
        isLeaf = True
        def render_GET(self, request):
            return b"hello, " + request.uri

    class Echo(resource.Resource):
        isLeaf = True
        def render_POST(self, request):
            return b"got " + request.content.read()

    class Later(resource.Resource):
        isLeaf = True
        def render_GET(self, request):
            def answer():
                request.write(b"later, " + request.uri)
                request.finish()
            reactor.callLater(0.2, answer)
            return server.NOT_DONE_YET

    def show(event):
        text = formatEvent(event).replace("\\n", "\\\\n")
        print("LOG", event.get("log_format"), "|", text, flush=True)

    globalLogBeginner.beginLoggingTo([show], redirectStandardIO=False)
    root = resource.Resource()
    root.putChild(b"hello", Hello())
    root.putChild(b"echo", Echo())
    root.putChild(b"later", Later())
    site = server.Site(root, timeout=float(sys.argv[1]))
    port = reactor.listenTCP(0, site, interface="127.0.0.1")
    print("listening", port.getHost().port, flush=True)
    reactor.run()
    """
)


class ServerLog:
    """The server's log lines, read by a thread as they come."""

    def __init__(self, stream: object) -> None:
        self._lines: list[str] = []
        self._cond = threading.Condition()
        self._thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._thread.start()

    def _read(self, stream: object) -> None:
        for raw in iter(stream.readline, b""):  # type: ignore[attr-defined]
            with self._cond:
                self._lines.append(raw.decode("utf-8", "replace").rstrip("\n"))
                self._cond.notify_all()

    def mark(self) -> int:
        with self._cond:
            return len(self._lines)

    def since(self, mark: int) -> list[str]:
        with self._cond:
            return self._lines[mark:]

    def wait_for(self, predicate: Callable[[str], bool], since: int, timeout: float = 5) -> None:
        deadline = time.monotonic() + timeout
        with self._cond:
            while not any(predicate(line) for line in self._lines[since:]):
                left = deadline - time.monotonic()
                assert left > 0, f"no such log line; got {self._lines[since:]!r}"
                self._cond.wait(left)


class Server:
    def __init__(self, port: int, log: ServerLog) -> None:
        self.port = port
        self.log = log


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    script: Path = tmp_path_factory.mktemp("limits") / "server.py"
    script.write_text(SERVER)
    proc = subprocess.Popen(
        [sys.executable, "-m", "twistio", "run", str(script), str(TIMEOUT)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ},
    )
    try:
        assert proc.stdout is not None
        port = None
        while port is None:
            line = proc.stdout.readline().decode()
            assert line, "server exited"
            if line.startswith("listening "):
                port = int(line.split()[1])
        yield Server(port, ServerLog(proc.stdout))
    finally:
        proc.terminate()
        proc.wait(10)


def read_to_close(sock: socket.socket, wait: float) -> tuple[bytes, bool]:
    """Read until the server closes (True) or ``wait`` seconds pass (False)."""
    sock.settimeout(wait)
    chunks = []
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                return b"".join(chunks), True
            chunks.append(chunk)
    except TimeoutError:
        return b"".join(chunks), False
    except ConnectionResetError:
        # The server closed with our bytes unread (it stopped reading at the error).
        return b"".join(chunks), True


def exchange(port: int, data: bytes, wait: float = 5) -> bytes:
    """Send ``data`` on a new connection; what came back before the server closed."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(data)
        out, closed = read_to_close(sock, wait)
    assert closed, f"the server kept the connection open; got {out!r}"
    return out


def statuses(out: bytes) -> list[int]:
    # Responses follow bodies directly: no line start to anchor on (our bodies never
    # hold a status line).
    return [int(s) for s in re.findall(rb"HTTP/1\.1 (\d{3}) ", out)]


def serves_others(srv: Server, since: int) -> None:
    """A new connection is answered normally, and its access-log line has been read
    (so every line logged before it has too)."""
    path = f"/hello/after-{time.monotonic_ns()}"
    out = exchange(
        srv.port, f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode()
    )
    assert statuses(out) == [200]
    assert out.endswith(f"hello, {path}".encode())
    srv.log.wait_for(lambda line: f"GET {path} HTTP/1.1" in line, since)


def assert_clean(srv: Server, since: int) -> None:
    lines = srv.log.since(since)
    assert not [line for line in lines if "Traceback" in line or "Unhandled" in line], lines


def count(srv: Server, since: int, text: str) -> int:
    return sum(text in line for line in srv.log.since(since))


BAD_REQUEST = b"HTTP/1.1 400 Bad Request\r\n\r\n"
POST = b"POST /echo HTTP/1.1\r\nHost: x\r\n"
CHUNKED = POST + b"Transfer-Encoding: chunked\r\n\r\n"
HEADERS = b"GET /hello HTTP/1.1\r\nHost: x\r\n"

BAD_INPUT = {
    "no-version": b"GET /\r\n\r\n",
    "not-http": b"GARBAGE\r\n\r\n",
    "extra-space": b"GET  / HTTP/1.1\r\n\r\n",
    "nul-in-target": b"GET /a\x00b HTTP/1.1\r\n\r\n",
    "request-line-over-16k": b"GET /" + b"a" * 17000 + b" HTTP/1.1\r\n\r\n",
    "request-line-over-16k-unfinished": b"GET /" + b"a" * 17000,
    "header-line-over-16k": HEADERS + b"X: " + b"y" * 17000 + b"\r\n\r\n",
    "header-section-over-16k": HEADERS
    + b"".join(b"X-%d: %s\r\n" % (i, b"y" * 1000) for i in range(20))
    + b"\r\n",
    "over-500-headers": HEADERS + b"".join(b"X-%d: y\r\n" % i for i in range(600)) + b"\r\n",
    "header-without-colon": HEADERS + b"NoColon\r\n\r\n",
    "space-before-colon": HEADERS + b"X : y\r\n\r\n",
    "folded-header": HEADERS + b"X: a\r\n b\r\n\r\n",
    "bad-chunk-size": CHUNKED + b"zz\r\nabc\r\n0\r\n\r\n",
    "negative-chunk-size": CHUNKED + b"-3\r\nabc\r\n0\r\n\r\n",
    "chunk-size-overflow": CHUNKED + b"fffffffffffffffffffff\r\nabc\r\n0\r\n\r\n",
    "chunk-extension-garbage": CHUNKED + b"3;\x01\x02garbage\r\nabc\r\n0\r\n\r\n",
    "chunk-longer-than-size": CHUNKED + b"3\r\nabcX\r\n0\r\n\r\n",
    "invalid-trailer": CHUNKED + b"3\r\nabc\r\n0\r\nbad trailer\r\n\r\n",
    "last-chunk-bare-lf": CHUNKED + b"3\r\nabc\r\n0\r\n\n",
    "content-length-not-a-number": POST + b"Content-Length: abc\r\n\r\n",
    "content-length-negative": POST + b"Content-Length: -1\r\n\r\n",
    "content-length-overflow": POST + b"Content-Length: 99999999999999999999999\r\n\r\n",
    "two-content-lengths": POST + b"Content-Length: 1\r\nContent-Length: 2\r\n\r\nab",
    "content-length-and-chunked": POST
    + b"Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
    "gzip-then-chunked": POST + b"Transfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
    "identity-then-chunked": POST
    + b"Transfer-Encoding: identity, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
    "two-chunked-headers": POST
    + b"Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
    "unsupported-version": b"GET / HTTP/9.9\r\n\r\n",
    # Twisted ignores identity (docs/differences.md); llhttp refuses it on a request.
    "transfer-encoding-identity": POST + b"Transfer-Encoding: identity\r\n\r\n",
}


@pytest.mark.parametrize("name", sorted(BAD_INPUT))
def test_bad_input_gets_400_logged_once(server: Server, name: str) -> None:
    """400 Bad Request and close; one "Malformed HTTP request" log line; next client served."""
    mark = server.log.mark()
    out = exchange(server.port, BAD_INPUT[name])
    assert out == BAD_REQUEST
    serves_others(server, mark)
    assert count(server, mark, "Malformed HTTP request") == 1
    assert_clean(server, mark)


@pytest.mark.parametrize(
    "data,body",
    [
        (CHUNKED + b"3;name=value\r\nabc\r\n0\r\n\r\n", b"got abc"),
        (POST + b"Transfer-Encoding: Chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", b"got abc"),
        (POST + b"Content-Length: 3\r\n\r\nabc", b"got abc"),
        (CHUNKED + b"3\r\nabc\r\n0\r\nX-Trailer: 1\r\n\r\n", b"got abc"),
    ],
    ids=["chunk-extension", "Chunked", "content-length", "trailer"],
)
def test_good_framing_is_served(server: Server, data: bytes, body: bytes) -> None:
    """The well-formed neighbours of the bad inputs are answered (nothing logged as bad)."""
    mark = server.log.mark()
    out = exchange(server.port, data.replace(b"Host: x\r\n", b"Host: x\r\nConnection: close\r\n"))
    assert statuses(out) == [200]
    assert out.endswith(b"\r\n\r\n" + body)
    serves_others(server, mark)
    assert count(server, mark, "Malformed HTTP request") == 0


def test_pipelined_good_then_bad(server: Server) -> None:
    """A good request and a bad one in one send: the good one is answered, then 400."""
    mark = server.log.mark()
    out = exchange(server.port, b"GET /hello/first HTTP/1.1\r\nHost: x\r\n\r\nGARBAGE\r\n\r\n")
    assert statuses(out) == [200, 400]
    assert out.endswith(b"hello, /hello/first" + BAD_REQUEST)
    serves_others(server, mark)
    assert count(server, mark, "GET /hello/first HTTP/1.1") == 1
    assert count(server, mark, "Malformed HTTP request") == 1
    assert_clean(server, mark)


def test_pipelined_slow_good_then_bad_chunk(server: Server) -> None:
    """The 400 waits for a pipelined request answered later (0.2 s) ahead of it."""
    mark = server.log.mark()
    data = b"GET /later/x HTTP/1.1\r\nHost: x\r\n\r\n" + CHUNKED + b"zz\r\n"
    out = exchange(server.port, data)
    assert statuses(out) == [200, 400]
    assert out.endswith(b"f\r\nlater, /later/x\r\n0\r\n\r\n" + BAD_REQUEST)
    serves_others(server, mark)
    assert count(server, mark, "Malformed HTTP request") == 1
    assert_clean(server, mark)


def timed_out_once(srv: Server, since: int, sock_port: int) -> None:
    """One "Timing out client" line, naming the client's address object, as Twisted."""
    peer = f"IPv4Address(type='TCP', host='127.0.0.1', port={sock_port})"
    srv.log.wait_for(lambda line: "Timing out client" in line, since)
    assert count(srv, since, f"Timing out client: {peer}") == 1
    assert count(srv, since, "Timing out client") == 1
    assert count(srv, since, "Forcibly timing out") == 0


def test_slow_headers_time_out(server: Server) -> None:
    """Headers that stop coming: closed without a response after the idle timeout,
    while another client is served meanwhile."""
    mark = server.log.mark()
    with socket.create_connection(("127.0.0.1", server.port)) as sock:
        start = time.monotonic()
        sock.sendall(HEADERS)
        serves_others(server, mark)
        assert time.monotonic() - start < TIMEOUT
        out, closed = read_to_close(sock, TIMEOUT + 5)
        elapsed = time.monotonic() - start
        port = sock.getsockname()[1]
    assert closed and out == b""
    assert TIMEOUT * 0.8 <= elapsed < TIMEOUT + 3
    timed_out_once(server, mark, port)
    serves_others(server, mark)
    assert count(server, mark, "Malformed HTTP request") == 0
    assert_clean(server, mark)


@pytest.mark.parametrize(
    "data",
    [POST + b"Content-Length: 10\r\n\r\nabc", CHUNKED + b"3\r\nabc\r\n"],
    ids=["content-length", "chunked"],
)
def test_stalled_body_gets_408(server: Server, data: bytes) -> None:
    """A body that stops coming: 408 after the idle timeout, then close."""
    mark = server.log.mark()
    with socket.create_connection(("127.0.0.1", server.port)) as sock:
        start = time.monotonic()
        sock.sendall(data)
        out, closed = read_to_close(sock, TIMEOUT + 5)
        elapsed = time.monotonic() - start
        port = sock.getsockname()[1]
    assert closed
    assert out == b"HTTP/1.1 408 Request Time-out\r\n\r\n"
    assert TIMEOUT * 0.8 <= elapsed < TIMEOUT + 3
    timed_out_once(server, mark, port)
    serves_others(server, mark)
    assert_clean(server, mark)


def request_on(sock: socket.socket, path: str) -> bytes:
    """Send one keep-alive GET on ``sock`` and read its (content-length) response."""
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    sock.settimeout(5)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, f"closed early: {data!r}"
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    match = re.search(rb"(?i)^content-length: (\d+)", head, re.MULTILINE)
    if match is None:
        # Chunked (an answer finished later): read to the last chunk.
        while not body.endswith(b"0\r\n\r\n"):
            body += sock.recv(65536)
    else:
        while len(body) < int(match.group(1)):
            body += sock.recv(65536)
    assert head.startswith(b"HTTP/1.1 200 OK\r\n"), head
    return body


@pytest.mark.parametrize("path", ["/hello/", "/later/"], ids=["at-once", "answered-later"])
def test_idle_timeout_applies_after_every_request(server: Server, path: str) -> None:
    """A keep-alive connection is closed after the idle timeout that follows its last
    request, not just its first: each request restarts the clock."""
    mark = server.log.mark()
    with socket.create_connection(("127.0.0.1", server.port)) as sock:
        start = time.monotonic()
        for i in range(3):
            assert f"{path}{i}".encode() in request_on(sock, f"{path}{i}")
            time.sleep(TIMEOUT * 0.6)
        last = time.monotonic() - TIMEOUT * 0.6
        out, closed = read_to_close(sock, TIMEOUT + 5)
        now = time.monotonic()
        port = sock.getsockname()[1]
    assert closed and out == b""
    # Open for longer than one timeout in all (requests kept it alive), closed one
    # timeout after the last request.
    assert now - start > 2 * TIMEOUT
    assert TIMEOUT * 0.8 <= now - last < TIMEOUT + 3
    timed_out_once(server, mark, port)
    serves_others(server, mark)
    assert_clean(server, mark)
