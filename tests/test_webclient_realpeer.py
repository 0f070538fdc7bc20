"""The web client against servers that are not ours: Python's http.server and an aiohttp app.

Each client program is an unchanged Twisted program run with ``twistio run`` (on the loop
under test, from TWISTIO_LOOP); the servers run in threads of the test process on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import gzip
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.realpeer


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _send(self, code: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(code)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        if self.path == "/redirect":
            self._send(302, b"", {"Location": "/final"})
        elif self.path == "/gzip":
            self._send(200, gzip.compress(b"unzipped body" * 100), {"Content-Encoding": "gzip"})
        elif self.path == "/chunked":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for part in (b"first,", b"second,", b"third"):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
            self.wfile.write(b"0\r\n\r\n")
        elif self.path == "/missing":
            self._send(404, b"no such page")
        elif self.path == "/cookie":
            self._send(200, b"set", {"Set-Cookie": "flavour=oat; Path=/"})
        elif self.path == "/echo-cookie":
            self._send(200, self.headers.get("Cookie", "none").encode())
        else:
            # The client's port tells the test whether a connection was reused.
            self._send(200, f"{self.path} from port {self.client_address[1]}".encode())

    def do_POST(self) -> None:
        if self.headers.get("Transfer-Encoding") == "chunked":
            body = b""
            while True:
                size = int(self.rfile.readline().strip(), 16)
                if not size:
                    self.rfile.readline()
                    break
                body += self.rfile.read(size)
                self.rfile.readline()
        else:
            body = self.rfile.read(int(self.headers["Content-Length"]))
        self._send(200, b"got " + body)


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # The client closing idle pooled connections is not an error worth printing.
        pass


@pytest.fixture
def stdlib_server() -> Iterator[int]:
    server = _QuietServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


@pytest.fixture
def aiohttp_server() -> Iterator[int]:
    from aiohttp import web

    async def hello(request: web.Request) -> web.StreamResponse:
        peer = request.transport.get_extra_info("peername")[1] if request.transport else 0
        return web.Response(body=f"aiohttp {request.path} from port {peer}".encode())

    async def stream(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse()
        response.enable_chunked_encoding()
        await response.prepare(request)
        for i in range(5):
            await response.write(b"part%d;" % i)
        await response.write_eof()
        return response

    async def compressed(request: web.Request) -> web.StreamResponse:
        response = web.Response(body=b"squeezed " * 200)
        response.enable_compression(web.ContentCoding.gzip)
        return response

    loop = asyncio.new_event_loop()
    ready = threading.Event()
    state: dict[str, Any] = {}

    async def start() -> None:
        app = web.Application()
        app.router.add_get("/stream", stream)
        app.router.add_get("/compressed", compressed)
        app.router.add_get("/{tail:.*}", hello)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        state["runner"] = runner
        state["port"] = runner.addresses[0][1]
        ready.set()

    def run() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(start())
        loop.run_forever()
        loop.run_until_complete(state["runner"].cleanup())
        loop.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert ready.wait(30)
    try:
        yield state["port"]
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(30)


def run_program(tmp_path: Path, source: str, *args: str) -> list[str]:
    """Run a Twisted program with ``twistio run``; return its output lines."""
    script = tmp_path / "client.py"
    script.write_text(source)
    proc = subprocess.run(
        [sys.executable, "-W", "ignore::DeprecationWarning", "-m", "twistio", "run", str(script),
         *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ),
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout.splitlines()


AGENT_PROGRAM = """
import sys
from http.cookiejar import CookieJar
from io import BytesIO

from twisted.internet import reactor
from twisted.internet.defer import inlineCallbacks
from twisted.internet.endpoints import TCP4ClientEndpoint
from twisted.web.client import (
    Agent, ContentDecoderAgent, CookieAgent, FileBodyProducer, GzipDecoder,
    HTTPConnectionPool, ProxyAgent, RedirectAgent, readBody,
)
from twisted.web.http_headers import Headers

base = b"http://127.0.0.1:" + sys.argv[1].encode()

@inlineCallbacks
def main():
    try:
        pool = HTTPConnectionPool(reactor)
        agent = Agent(reactor, pool=pool)
        for _ in range(3):
            response = yield agent.request(b"GET", base + b"/same")
            print(response.code, (yield readBody(response)).decode())
        response = yield agent.request(b"GET", base + b"/chunked")
        print("chunked", response.length, (yield readBody(response)).decode())
        response = yield agent.request(
            b"POST", base + b"/post", Headers({b"x-test": [b"1"]}),
            FileBodyProducer(BytesIO(b"a known length")))
        print((yield readBody(response)).decode())
        class Unsized(BytesIO):
            seek = property()
        response = yield agent.request(
            b"POST", base + b"/post", None, FileBodyProducer(Unsized(b"no length")))
        print((yield readBody(response)).decode())
        response = yield RedirectAgent(agent).request(b"GET", base + b"/redirect")
        print("redirected", response.code, response.previousResponse.code,
              (yield readBody(response)).decode().split(" from")[0])
        decoder = ContentDecoderAgent(agent, [(b"gzip", GzipDecoder)])
        response = yield decoder.request(b"GET", base + b"/gzip")
        body = yield readBody(response)
        print("gzip", len(body), body[:13].decode(),
              response.headers.hasHeader(b"content-encoding"))
        response = yield agent.request(b"GET", base + b"/missing")
        print(response.code, response.phrase.decode(), (yield readBody(response)).decode())
        jar = CookieJar()
        cookies = CookieAgent(agent, jar)
        yield readBody((yield cookies.request(b"GET", base + b"/cookie")))
        response = yield cookies.request(b"GET", base + b"/echo-cookie")
        print("cookie", (yield readBody(response)).decode())
        proxy = ProxyAgent(TCP4ClientEndpoint(reactor, "127.0.0.1", int(sys.argv[1])))
        response = yield proxy.request(b"GET", b"http://example.invalid/through-proxy")
        print("proxy", (yield readBody(response)).decode().split(" from")[0])
        yield pool.closeCachedConnections()
    finally:
        reactor.stop()

reactor.callWhenRunning(main)
reactor.run()
"""


def test_agent_against_stdlib_server(tmp_path: Path, stdlib_server: int) -> None:
    """Keep-alive reuse, chunked bodies both ways, redirects, gzip, errors, cookies, proxy."""
    lines = run_program(tmp_path, AGENT_PROGRAM, str(stdlib_server))
    ports = {line.rsplit(" ", 1)[1] for line in lines[:3]}
    assert [line.rsplit(" ", 1)[0] for line in lines[:3]] == ["200 /same from port"] * 3
    assert len(ports) == 1, "the pooled connection was not reused"
    assert lines[3:] == [
        "chunked UNKNOWN_LENGTH first,second,third".replace(
            "UNKNOWN_LENGTH", "twisted.web.iweb.UNKNOWN_LENGTH"
        ),
        "got a known length",
        "got no length",
        "redirected 200 302 /final",
        "gzip 1300 unzipped body False",
        "404 Not Found no such page",
        "cookie flavour=oat",
        "proxy http://example.invalid/through-proxy",
    ]


AIOHTTP_PROGRAM = """
import sys

from twisted.internet import reactor
from twisted.internet.defer import inlineCallbacks
from twisted.web.client import (
    Agent, ContentDecoderAgent, GzipDecoder, HTTPConnectionPool, readBody,
)

base = b"http://127.0.0.1:" + sys.argv[1].encode()

@inlineCallbacks
def main():
    try:
        pool = HTTPConnectionPool(reactor)
        agent = Agent(reactor, pool=pool)
        for path in (b"/a", b"/b"):
            response = yield agent.request(b"GET", base + path)
            print((yield readBody(response)).decode())
        response = yield agent.request(b"GET", base + b"/stream")
        print((yield readBody(response)).decode())
        decoder = ContentDecoderAgent(agent, [(b"gzip", GzipDecoder)])
        response = yield decoder.request(b"GET", base + b"/compressed")
        print(len((yield readBody(response))))
        response = yield agent.request(b"HEAD", base + b"/head")
        print("head", response.code, (yield readBody(response)))
        yield pool.closeCachedConnections()
    finally:
        reactor.stop()

reactor.callWhenRunning(main)
reactor.run()
"""


def test_agent_against_aiohttp(tmp_path: Path, aiohttp_server: int) -> None:
    """aiohttp's keep-alive, chunked streaming, gzip and HEAD responses."""
    lines = run_program(tmp_path, AIOHTTP_PROGRAM, str(aiohttp_server))
    first, second = (line.rsplit(" ", 1) for line in lines[:2])
    assert first[0] == "aiohttp /a from port"
    assert second[0] == "aiohttp /b from port"
    assert first[1] == second[1], "the pooled connection was not reused"
    assert lines[2:] == ["part0;part1;part2;part3;part4;", str(len(b"squeezed " * 200)),
                         "head 200 b''"]  # fmt: skip


GETPAGE_PROGRAM = """
import sys

from twisted.internet import reactor
from twisted.web.client import downloadPage, getPage

url = "http://127.0.0.1:%s/classic" % sys.argv[1]

def printPage(page):
    print(page.decode())
    return downloadPage(url.encode(), sys.argv[2])

def downloaded(ignored):
    with open(sys.argv[2]) as f:
        print("file:", f.read())
    return getPage(("http://127.0.0.1:%s/missing" % sys.argv[1]).encode())

def printError(failure):
    print("error:", failure.value.status.decode(), failure.value.response.decode())

d = getPage(url.encode())
d.addCallback(printPage)
d.addCallback(downloaded)
d.addErrback(printError)
d.addBoth(lambda ignored: reactor.stop())
reactor.run()
"""


def test_classic_getpage_and_downloadpage(tmp_path: Path, stdlib_server: int) -> None:
    """The pre-22.1 helpers still run classic programs."""
    lines = run_program(tmp_path, GETPAGE_PROGRAM, str(stdlib_server), str(tmp_path / "page.txt"))
    assert [line.rsplit(" ", 1)[0] for line in lines[:2]] == [
        "/classic from port",
        "file: /classic from port",
    ]
    assert lines[2:] == ["error: 404 no such page"]


def test_agent_program_matches_real_twisted(tmp_path: Path, stdlib_server: int) -> None:
    """The same client program prints the same lines on real Twisted (ports aside)."""
    from compat_tests import cache

    def normalise(lines: list[str]) -> list[str]:
        return [line.rsplit(" ", 1)[0] if " from port " in line else line for line in lines]

    ours = run_program(tmp_path, AGENT_PROGRAM, str(stdlib_server))
    script = tmp_path / "client.py"
    real = subprocess.run(
        [str(cache.twisted_python()), "-W", "ignore", str(script), str(stdlib_server)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert real.returncode == 0, real.stderr
    assert normalise(ours) == normalise(real.stdout.splitlines())
