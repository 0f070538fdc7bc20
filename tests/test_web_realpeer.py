"""twisted.web served by twistio, talked to by real clients over 127.0.0.1: curl and
Python's http.client (keep-alive, chunked upload, HEAD, pipelining, malformed input)."""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.realpeer

SERVER = textwrap.dedent(
    """
    import sys
    from twisted.internet import reactor
    from twisted.web import resource, server

    class Hello(resource.Resource):
        isLeaf = True
        def render_GET(self, request):
            return b"hello, " + request.uri

    class Echo(resource.Resource):
        isLeaf = True
        def render_POST(self, request):
            body = request.content.read()
            request.setHeader(b"x-received", b"%d" % len(body))
            return body

    root = resource.Resource()
    root.putChild(b"hello", Hello())
    root.putChild(b"echo", Echo())
    port = reactor.listenTCP(0, server.Site(root), interface="127.0.0.1")
    print("listening", port.getHost().port, flush=True)
    reactor.run()
    """
)


@pytest.fixture
def web_port(tmp_path: Path) -> Iterator[int]:
    script = tmp_path / "webserver.py"
    script.write_text(SERVER)
    proc = subprocess.Popen(
        [sys.executable, "-m", "twistio", "run", str(script)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ},
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().decode()
        assert line.startswith("listening "), (line, proc.stderr.read() if proc.stderr else "")
        yield int(line.split()[1])
    finally:
        proc.terminate()
        proc.wait(10)


def raw_exchange(port: int, data: bytes) -> bytes:
    """Send ``data`` then read until the server closes the connection."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(data)
        chunks = []
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)


def test_http_client_keep_alive(web_port: int) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", web_port, timeout=10)
    conn.request("GET", "/hello/a")
    first = conn.getresponse()
    assert first.status == 200
    assert first.read() == b"hello, /hello/a"
    sock = conn.sock
    conn.request("POST", "/echo", body=b"x" * 100_000)
    second = conn.getresponse()
    assert second.status == 200
    assert second.getheader("x-received") == "100000"
    assert second.read() == b"x" * 100_000
    # The same TCP connection served both.
    assert conn.sock is sock
    conn.request("GET", "/missing")
    third = conn.getresponse()
    assert third.status == 404
    assert b"No Such Resource" in third.read()
    conn.close()


def test_http_client_chunked_upload_and_head(web_port: int) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", web_port, timeout=10)
    conn.request("POST", "/echo", body=iter([b"abc", b"defg"]), encode_chunked=True,
                 headers={"Transfer-Encoding": "chunked"})  # fmt: skip
    resp = conn.getresponse()
    assert resp.read() == b"abcdefg"
    conn.request("HEAD", "/hello/x")
    head = conn.getresponse()
    assert head.status == 200
    assert head.getheader("content-length") == str(len(b"hello, /hello/x"))
    assert head.read() == b""
    conn.request("PUT", "/echo")
    put = conn.getresponse()
    assert put.status == 501
    put.read()
    # A method llhttp does not know still reaches the resource: 501 as on Twisted.
    conn.request("BREW", "/echo")
    brew = conn.getresponse()
    assert brew.status == 501
    assert b"I don't know how to treat a BREW request." in brew.read()
    conn.request("GET", "/echo")
    get = conn.getresponse()
    assert get.status == 405
    # Twisted lists HEAD too: every Resource can render it.
    assert get.getheader("allow") == "HEAD, POST"
    get.read()
    conn.close()


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_curl(web_port: int, tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{web_port}"
    body = tmp_path / "body.bin"
    body.write_bytes(bytes(range(256)) * 1000)
    out = subprocess.run(
        ["curl", "-sS", "-H", "Transfer-Encoding: chunked", "--data-binary", f"@{body}",
         f"{url}/echo"],
        capture_output=True, check=True, timeout=60,
    ).stdout  # fmt: skip
    assert out == body.read_bytes()
    # Two URLs on one curl invocation reuse the connection.
    result = subprocess.run(
        ["curl", "-sS", "-v", f"{url}/hello/1", f"{url}/hello/2"],
        capture_output=True, check=True, timeout=60,
    )  # fmt: skip
    assert result.stdout == b"hello, /hello/1hello, /hello/2"
    assert b"Re-using existing connection" in result.stderr or b"Reusing existing" in result.stderr
    head = subprocess.run(
        ["curl", "-sS", "-I", f"{url}/hello/h"], capture_output=True, check=True, timeout=60
    ).stdout
    assert head.startswith(b"HTTP/1.1 200 OK\r\n")
    assert b"Content-Length: 15\r\n" in head


def test_pipelining_answers_in_order(web_port: int) -> None:
    data = b"".join(
        b"GET /hello/%d HTTP/1.1\r\nHost: x\r\n\r\n" % i for i in range(5)
    ) + b"GET /hello/last HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    out = raw_exchange(web_port, data)
    assert out.count(b"HTTP/1.1 200 OK") == 6
    names = [b"/hello/%d" % i for i in range(5)] + [b"/hello/last"]
    positions = [out.index(b"hello, " + name) for name in names]
    assert positions == sorted(positions)


@pytest.mark.parametrize(
    "bad",
    [
        b"GARBAGE\r\n\r\n",
        b"GET / HTTP/1.1\r\nContent-Length: nope\r\n\r\n",
        b"POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        b"GET / HTTP/1.1\r\n" + b"X-Many: y\r\n" * 600 + b"\r\n",
        b"GET / HTTP/1.1\r\nX-Big: " + b"y" * 40_000 + b"\r\n\r\n",
    ],
)
def test_malformed_gets_400_and_server_keeps_serving(web_port: int, bad: bytes) -> None:
    out = raw_exchange(web_port, bad)
    assert out.startswith(b"HTTP/1.1 400 Bad Request\r\n"), out[:100]
    conn = http.client.HTTPConnection("127.0.0.1", web_port, timeout=10)
    conn.request("GET", "/hello/ok")
    assert conn.getresponse().read() == b"hello, /hello/ok"
    conn.close()
