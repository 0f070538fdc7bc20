"""twisted.web on the wire: raw requests over sockets, raw responses printed byte for byte.

Resources, error pages (404/405/501/500), HEAD, OPTIONS *, redirects, cookies, static.File
(directory listing, Range, If-Modified-Since, traversal), chunked and 100-continue uploads,
HTTP/1.0, bad requests, and the access log lines.  Only values that differ between any two
runs (dates, ports, multipart boundaries) are masked.
"""

import os
import re
import shutil
import socket
import tempfile

from _show import ProgramFramesOnly, say
from twisted.internet import defer, reactor, threads
from twisted.python import log
from twisted.web import resource, server, static, util


class Hello(resource.Resource):
    isLeaf = True

    def render_GET(self, request):
        request.setHeader(b"content-type", b"text/plain")
        return b"Hello, " + b",".join(request.args.get(b"name", [b"world"])) + b"!"

    def render_POST(self, request):
        body = request.content.read()
        args = sorted(request.args.items())
        return b"posted %d bytes: %r %r" % (len(body), body[:40], args)


class Cookies(resource.Resource):
    isLeaf = True

    def render_GET(self, request):
        request.addCookie(b"plain", b"1")
        request.addCookie(
            "full",
            "2",
            path="/",
            domain="example.com",
            max_age="60",
            secure=True,
            httpOnly=True,
            sameSite="lax",
        )
        request.setResponseCode(299, b"Custom")
        return repr(sorted(request.received_cookies.items())).encode()


class Broken(resource.Resource):
    isLeaf = True

    def render_GET(self, request):
        raise ValueError("render failed")


class NotBytes(resource.Resource):
    isLeaf = True

    def render_GET(self, request):
        return "text, not bytes"


class Later(resource.Resource):
    isLeaf = True

    def render_GET(self, request):
        request.setHeader(b"content-type", b"text/plain")
        request.write(b"one ")
        reactor.callLater(0.01, lambda: (request.write(b"two"), request.finish()))
        return server.NOT_DONE_YET


docroot = tempfile.mkdtemp()
os.mkdir(os.path.join(docroot, "sub"))
for name, data in [
    ("a.txt", b"0123456789abcdefghij"),
    ("index.html", b"<p>home</p>"),
    ("sub/b.css", b"body{}"),
    ("sub/a & b <c>.txt", b"odd name"),
    ("sub/page.tar.gz", b"not really gzip"),
    ("sub/unknown.zzq", b"?"),
    ("sub/café.html", b"<p>accent</p>"),
    ("data.bin", bytes(range(256))),
]:
    with open(os.path.join(docroot, name), "wb") as f:
        f.write(data)
listed = os.path.join(docroot, "sub")
logpath = os.path.join(docroot, "..", os.path.basename(docroot) + ".access.log")

root = resource.Resource()
root.putChild(b"hello", Hello())
root.putChild(b"cookies", Cookies())
root.putChild(b"broken", Broken())
root.putChild(b"notbytes", NotBytes())
root.putChild(b"later", Later())
root.putChild(b"static", static.File(docroot))
root.putChild(b"go", util.Redirect(b"/hello"))
root.putChild(b"forbidden", resource.ForbiddenResource())  # deprecated, still classic


class Logged(ProgramFramesOnly):
    """Log lines, less twistio's one line per malformed request: real Twisted logs none
    (a deliberate difference, docs/differences.md); the 400s themselves are compared."""

    def write(self, text):
        if "Malformed HTTP request from" not in text:
            super().write(text.replace(docroot, "<DOCROOT>"))


log.startLogging(Logged(), setStdout=False)  # render failures and the like
site = server.Site(root, logPath=logpath)
site.noisy = False
port = reactor.listenTCP(0, site, interface="127.0.0.1")

_MASKS = [
    (re.compile(rb"^(Date|Last-Modified|Expires): .*$", re.M | re.I), rb"\1: <DATE>"),
    (re.compile(rb"\b[0-9a-f]{16,}\b"), b"<BOUNDARY>"),
    (re.compile(rb"\[\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}\]"), b"[<DATE>]"),
]


def exchange(raw, pieces=()):
    """Send ``raw`` (then each of ``pieces`` after the server's first bytes); read to EOF."""
    s = socket.create_connection(("127.0.0.1", port.getHost().port), timeout=3)
    s.sendall(raw)
    got = b""
    for piece in pieces:
        got += s.recv(65536)
        s.sendall(piece)
    try:
        while True:
            data = s.recv(65536)
            if not data:
                got += b"[closed]"
                break
            got += data
    except TimeoutError:
        got += b"[still open]"
    s.close()
    for pattern, replacement in _MASKS:
        got = pattern.sub(replacement, got)
    return got


def req(line, *headers, body=b"", close=True):
    head = [line] + list(headers) + ([b"Connection: close"] if close else [])
    return b"\r\n".join(head) + b"\r\n\r\n" + body


CASES = [
    ("GET", req(b"GET /hello?name=a&name=b HTTP/1.1", b"Host: x")),
    ("HEAD", req(b"HEAD /hello HTTP/1.1", b"Host: x")),
    ("404", req(b"GET /missing HTTP/1.1", b"Host: x")),
    ("405", req(b"DELETE /hello HTTP/1.1", b"Host: x")),
    ("501", req(b"BREW /hello HTTP/1.1", b"Host: x")),
    ("500", req(b"GET /broken HTTP/1.1", b"Host: x")),
    ("not bytes", req(b"GET /notbytes HTTP/1.1", b"Host: x")),
    ("403", req(b"GET /forbidden HTTP/1.1", b"Host: x")),
    ("OPTIONS *", req(b"OPTIONS * HTTP/1.1", b"Host: x")),
    ("redirect", req(b"GET /go HTTP/1.1", b"Host: x")),
    ("cookies", req(b"GET /cookies HTTP/1.1", b"Host: x", b"Cookie: a=1; b=two")),
    ("later", req(b"GET /later HTTP/1.1", b"Host: x")),
    (
        "form POST",
        req(
            b"POST /hello?q=1 HTTP/1.1",
            b"Host: x",
            b"Content-Length: 7",
            b"Content-Type: application/x-www-form-urlencoded",
            body=b"a=1&b=2",
        ),
    ),
    (
        "chunked POST",
        req(
            b"POST /hello HTTP/1.1",
            b"Host: x",
            b"Transfer-Encoding: chunked",
            body=b"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
        ),
    ),
    (
        "100-continue",
        req(b"POST /hello HTTP/1.1", b"Host: x", b"Content-Length: 4", b"Expect: 100-continue"),
        [b"body"],
    ),
    ("static file", req(b"GET /static/a.txt HTTP/1.1", b"Host: x")),
    ("static index", req(b"GET /static/ HTTP/1.1", b"Host: x")),
    ("static dir no slash", req(b"GET /static/sub HTTP/1.1", b"Host: x")),
    ("static listing", req(b"GET /static/sub/ HTTP/1.1", b"Host: x")),
    ("static dir redirect keeps query", req(b"GET /static/sub?x=1 HTTP/1.1", b"Host: x")),
    ("static gz", req(b"GET /static/sub/page.tar.gz HTTP/1.1", b"Host: x")),
    ("static unknown type", req(b"GET /static/sub/unknown.zzq HTTP/1.1", b"Host: x")),
    ("static odd name", req(b"GET /static/sub/a%20%26%20b%20%3Cc%3E.txt HTTP/1.1", b"Host: x")),
    ("static HEAD dir", req(b"HEAD /static/sub/ HTTP/1.1", b"Host: x")),
    ("static POST", req(b"POST /static/a.txt HTTP/1.1", b"Host: x", b"Content-Length: 0")),
    ("static missing", req(b"GET /static/nope.txt HTTP/1.1", b"Host: x")),
    ("range past end", req(b"GET /static/a.txt HTTP/1.1", b"Host: x", b"Range: bytes=15-99")),
    ("malformed range", req(b"GET /static/a.txt HTTP/1.1", b"Host: x", b"Range: lines=1-2")),
    ("range", req(b"GET /static/a.txt HTTP/1.1", b"Host: x", b"Range: bytes=2-5")),
    ("suffix range", req(b"GET /static/a.txt HTTP/1.1", b"Host: x", b"Range: bytes=-3")),
    ("multi range", req(b"GET /static/a.txt HTTP/1.1", b"Host: x", b"Range: bytes=0-1,4-5")),
    ("bad range", req(b"GET /static/a.txt HTTP/1.1", b"Host: x", b"Range: bytes=50-60")),
    (
        "if-modified-since",
        req(
            b"GET /static/a.txt HTTP/1.1",
            b"Host: x",
            b"If-Modified-Since: Fri, 01 Jan 2100 00:00:00 GMT",
        ),
    ),
    ("traversal", req(b"GET /static/../../etc/passwd HTTP/1.1", b"Host: x")),
    ("encoded traversal", req(b"GET /static/%2e%2e/%2e%2e/etc/passwd HTTP/1.1", b"Host: x")),
    ("HEAD static", req(b"HEAD /static/data.bin HTTP/1.1", b"Host: x")),
    ("HTTP/1.0", req(b"GET /hello HTTP/1.0", close=False)),
    (
        "pipelined",
        req(b"GET /hello?name=1 HTTP/1.1", b"Host: x", close=False)
        + req(b"GET /hello?name=2 HTTP/1.1", b"Host: x"),
    ),
    ("bad request line", b"GET /hello\r\n\r\n"),
    ("bad version", b"GET /hello HTTP/2.7\r\nHost: x\r\n\r\n"),
    (
        "bad chunk",
        req(
            b"POST /hello HTTP/1.1",
            b"Host: x",
            b"Transfer-Encoding: chunked",
            body=b"zz\r\nhello\r\n0\r\n\r\n",
        ),
    ),
    (
        "two lengths",
        req(
            b"POST /hello HTTP/1.1",
            b"Host: x",
            b"Content-Length: 3",
            b"Content-Length: 4",
            body=b"abcd",
        ),
    ),
    ("bad header", req(b"GET /hello HTTP/1.1", b"Host: x", b"no colon here")),
]


@defer.inlineCallbacks
def main():
    for case in CASES:
        name, raw = case[0], case[1]
        pieces = case[2] if len(case) > 2 else ()
        got = yield threads.deferToThread(exchange, raw, pieces)
        say("==", name)
        for line in got.split(b"\r\n"):
            say("  ", line)
    port.stopListening()
    site.doStop()
    with open(logpath, "rb") as f:
        say("== access log")
        for line in f.read().splitlines():
            for pattern, replacement in _MASKS:
                line = pattern.sub(replacement, line)
            say("  ", line)
    os.remove(logpath)
    shutil.rmtree(docroot)
    reactor.stop()


reactor.callWhenRunning(main)
reactor.run()
