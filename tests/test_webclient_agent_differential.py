"""Agent and its wrappers against a real server, on real Twisted and on twistio: same output.

The program below starts Python's http.server in a thread and sends requests through Agent,
RedirectAgent, BrowserLikeRedirectAgent, ContentDecoderAgent and CookieAgent: redirects of
every code and method, relative/fragment/query locations, loops and missing locations,
gzip/unknown encodings, bodies ended by the close or cut short, 204 and HEAD, cookies by
path.  It prints each outcome; both implementations must print the same lines.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.realpeer

PROGRAM = r"""
import sys, threading, gzip
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
if sys.argv[1] == "twistio":
    import twistio; twistio.install()

class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass
    def send(self, code, body=b"", headers=()):
        self.send_response(code)
        for k, v in headers: self.send_header(k, v)
        if code not in (204, 304): self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD": self.wfile.write(body)
    def route(self):
        n = self.headers.get("Content-Length")
        body = self.rfile.read(int(n)) if n else b""
        p = self.path
        info = f"{self.command} {p} body={body!r} cookie={self.headers.get('Cookie')} ae={self.headers.get('Accept-Encoding')}".encode()
        if p.startswith("/r/"):
            code, target = p[3:].split("/", 1)
            self.send(int(code), b"redir", [("Location", target.replace("~", "/"))])
        elif p == "/noloc": self.send(302, b"x")
        elif p == "/loop": self.send(302, b"", [("Location", "/loop")])
        elif p == "/gz": self.send(200, gzip.compress(b"zipped", mtime=0), [("Content-Encoding", "gzip")])
        elif p == "/gzid": self.send(200, gzip.compress(b"zipped", mtime=0), [("Content-Encoding", "gzip, identity")])
        elif p == "/br": self.send(200, b"raw", [("Content-Encoding", "br")])
        elif p == "/close":
            self.send_response(200); self.send_header("Connection", "close"); self.end_headers(); self.wfile.write(b"until close"); self.close_connection = True
        elif p == "/short":
            self.send_response(200); self.send_header("Content-Length", "100"); self.send_header("Connection", "close"); self.end_headers(); self.wfile.write(b"short"); self.close_connection = True
        elif p == "/setc": self.send(200, b"c", [("Set-Cookie", "a=1; Path=/"), ("Set-Cookie", "b=2; Path=/other")])
        elif p == "/204": self.send(204)
        else: self.send(200, info)
    do_GET = do_POST = do_PUT = do_HEAD = do_DELETE = route

srv = ThreadingHTTPServer(("127.0.0.1", 0), H); srv.daemon_threads = True
threading.Thread(target=srv.serve_forever, daemon=True).start()
base = b"http://127.0.0.1:%d" % srv.server_address[1]

from http.cookiejar import CookieJar
from io import BytesIO
from twisted.internet import reactor
from twisted.internet.defer import inlineCallbacks
from twisted.web.client import (Agent, RedirectAgent, BrowserLikeRedirectAgent, ContentDecoderAgent,
    GzipDecoder, CookieAgent, readBody, FileBodyProducer, HTTPConnectionPool)

def norm(s):
    return s.replace(str(srv.server_address[1]), "PORT")

@inlineCallbacks
def main():
    pool = HTTPConnectionPool(reactor)
    agent = Agent(reactor, pool=pool)
    cases = [
        ("R", b"GET", b"/r/301/~echo"), ("R", b"POST", b"/r/301/~echo"), ("R", b"POST", b"/r/302/~echo"),
        ("R", b"POST", b"/r/303/~echo"), ("R", b"POST", b"/r/307/~echo"), ("R", b"POST", b"/r/308/~echo"),
        ("B", b"POST", b"/r/301/~echo"), ("B", b"POST", b"/r/302/~echo"), ("B", b"POST", b"/r/303/~echo"),
        ("B", b"POST", b"/r/307/~echo"), ("B", b"HEAD", b"/r/302/~echo"), ("B", b"PUT", b"/r/303/~echo"),
        ("R", b"GET", b"/r/302/echo2"), ("R", b"GET", b"/r/302/..~x~y"), ("R", b"GET", b"/r/302/~a#frag"),
        ("R", b"GET", b"/r/302/~~127.0.0.1:1~x"), ("R", b"GET", b"/r/302/~q?x=1"), ("R", b"GET", b"/noloc"), ("R", b"GET", b"/loop"),
        ("R", b"GET", b"/r/300/~echo"), ("R", b"GET", b"/r/304/~echo"),
        ("D", b"GET", b"/gz"), ("D", b"GET", b"/gzid"), ("D", b"GET", b"/br"), ("D", b"HEAD", b"/gz"),
        ("A", b"GET", b"/close"), ("A", b"GET", b"/short"), ("A", b"GET", b"/204"), ("A", b"HEAD", b"/echo"),
        ("C", b"GET", b"/setc"), ("C", b"GET", b"/echo"), ("C", b"GET", b"/other"),
    ]
    jar = CookieJar()
    for kind, method, path in cases:
        a = {"R": RedirectAgent(agent), "B": BrowserLikeRedirectAgent(agent),
             "D": ContentDecoderAgent(agent, [(b"gzip", GzipDecoder)]), "A": agent,
             "C": CookieAgent(agent, jar)}[kind]
        body = FileBodyProducer(BytesIO(b"payload")) if method in (b"POST", b"PUT") else None
        try:
            r = yield a.request(method, base + path, None, body)
            prev = r.previousResponse
            chain = []
            while prev is not None:
                chain.append(prev.code); prev = prev.previousResponse
            try:
                b = yield readBody(r)
                b = b.decode("latin-1")
            except Exception as e:
                b = "readBody failed: %s %s" % (type(e).__name__, getattr(e, "response", None) is not None)
            hs = sorted((k.decode().lower(), v) for k, v in r.headers.getAllRawHeaders() if k.lower() not in (b"date", b"server"))
            print(kind, method.decode(), path.decode(), "->", r.code, chain, r.request.method if hasattr(r, "request") and r.request else None, norm(repr(r.request.absoluteURI)) if r.request else None, repr(b), norm(repr(hs)))
        except Exception as e:
            print(kind, method.decode(), path.decode(), "-> error", type(e).__name__, norm(str(e))[:120])
    yield pool.closeCachedConnections()
    reactor.stop()

reactor.callWhenRunning(main)
reactor.run()
"""


def _run(python: str, mode: str, tmp_path: Path) -> list[str]:
    script = tmp_path / "agents.py"
    script.write_text(PROGRAM)
    done = subprocess.run(
        [python, "-W", "ignore", str(script), mode],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_agents_behave_as_on_real_twisted(tmp_path: Path) -> None:
    from compat_tests import cache

    real = _run(str(cache.twisted_python()), "twisted", tmp_path)
    ours = _run(sys.executable, "twistio", tmp_path)
    assert len(real) == 32
    assert ours == real
