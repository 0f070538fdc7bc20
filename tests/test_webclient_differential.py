"""HTTP11ClientProtocol against real Twisted: the same response bytes, the same outcome.

One script (below) feeds canned responses to ``HTTP11ClientProtocol`` over a
``StringTransport`` (whole, and one byte at a time; with and without a body reader; with and
without the connection closing afterwards) and prints what a caller can observe: the
response head or the failure (with its wrapped reasons), body events, the quiescent
callback, the state, whether the transport is closing, how many events were logged.  It runs
on real Twisted and, through the alias, on twistio; the outputs must be equal.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.realpeer

SCRIPT = r"""
import json, sys
if sys.argv[1] == "twistio":
    import twistio
    twistio.install()
from twisted.internet.error import ConnectionDone
from twisted.internet.protocol import Protocol
from twisted.internet.testing import StringTransport
from twisted.logger import globalLogPublisher
from twisted.python.failure import Failure
from twisted.web._newclient import HTTP11ClientProtocol, Request
from twisted.web.http_headers import Headers

logged = []
globalLogPublisher.addObserver(lambda event: logged.append(event.get("log_format")))


def describe(failure):
    value = failure.value
    text = type(value).__name__
    if hasattr(value, "reasons"):
        inner = [describe(r) if isinstance(r, Failure) else repr(r) for r in value.reasons]
        text += "[" + ",".join(inner) + "]"
    return text


class Reader(Protocol):
    def __init__(self, seen):
        self.seen = seen

    def dataReceived(self, data):
        self.seen.append(["data", data.decode("latin-1")])

    def connectionLost(self, reason):
        self.seen.append(["end", describe(reason)])


def exchange(method, data, persistent, split, close, read):
    seen = []
    del logged[:]
    transport = StringTransport()
    protocol = HTTP11ClientProtocol(lambda p: seen.append(["quiescent", p.state]))
    protocol.makeConnection(transport)
    request = Request(method, b"/", Headers({b"host": [b"example.com"]}), None, persistent)

    def got(response):
        headers = sorted(
            [k.decode("latin-1").lower(), [v.decode("latin-1") for v in vs]]
            for k, vs in response.headers.getAllRawHeaders()
        )
        seen.append(["response", response.code, response.phrase.decode("latin-1"),
                     list(response.version[1:]), headers, str(response.length)])
        if read:
            response.deliverBody(Reader(seen))

    protocol.request(request).addCallbacks(got, lambda f: seen.append(["failed", describe(f)]))
    pieces = [data] if not split else [data[i:i + 1] for i in range(len(data))]
    for piece in pieces:
        protocol.dataReceived(piece)
    seen.append(["state", protocol.state, bool(transport.disconnecting)])
    if close:
        protocol.connectionLost(Failure(ConnectionDone()))
        seen.append(["closed", protocol.state])
    seen.append(["logged", len([f for f in logged if f])])
    return seen


results = {}
for number, (method, data, persistent) in enumerate(json.loads(sys.stdin.read())):
    for split in (False, True):
        for close in (False, True):
            for read in (True, False):
                key = f"{number}:{split}:{close}:{read}"
                results[key] = exchange(
                    method.encode(), data.encode("latin-1"), persistent, split, close, read
                )
print(json.dumps(results))
"""

CL0 = "Content-Length: 0\r\n\r\n"
SCENARIOS: list[tuple[str, str, bool]] = [
    ("GET", "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc", True),
    ("GET", "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabcEXTRA", True),
    ("GET", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nabc", True),
    ("GET", "HTTP/1.1 200 OK\r\n\r\nabc", True),
    ("GET", "HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nabc", True),
    ("GET", "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 3\r\n\r\nabc", True),
    ("GET", "HTTP/1.1 200 OK\r\nConnection: Close\r\n" + CL0, True),
    ("GET", "HTTP/1.1 200 OK\r\nConnection: x\r\nConnection: close\r\n" + CL0, True),
    ("GET", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", True),
    ("GET", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n", True),
    ("GET", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", True),
    ("GET", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nabc", True),
    ("GET", "HTTP/1.1 204 No Content\r\n\r\n", True),
    ("GET", "HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n", True),
    ("HEAD", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n", True),
    ("GET", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx", True),
    ("GET", "HTTP/1.1 103 Hints\r\nLink: a\r\n\r\nHTTP/1.1 200 OK\r\n" + CL0, True),
    ("GET", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n", True),
    ("GET", "garbage\r\n", True),
    ("GET", "HTTP/1.1 abc OK\r\n", True),
    ("GET", "HTTP/x.y 200 OK\r\n\r\n", True),
    ("GET", "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", True),
    ("GET", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", True),
    ("GET", "HTTP/1.1 200 OK\r\nBadHeader\r\n\r\n", True),
    ("GET", "HTTP/1.1 200 OK\r\nX: a\r\n  b\r\n" + CL0, True),
    ("GET", "HTTP/1.1 200\r\n" + CL0, True),
    ("GET", "HTTP/1.1 200 OK\nContent-Length: 2\n\nab", True),
    ("GET", "HTTP/1.1 200 OK\r\n" + CL0, False),
    ("GET", "HTTP/1.1 200 OK\r\nX-Long: " + "a" * 17000 + "\r\n\r\n", True),
    (
        "GET",
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n"
        "1\r\na\r\n0\r\n\r\n",
        True,
    ),
    ("GET", "HTTP/1.1 200 OK\r\nContent-Length: 1,1\r\n\r\na", True),
    (
        "GET",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        "3;ext=1\r\nabc\r\n0\r\nTrailer: x\r\n\r\n",
        True,
    ),
    ("GET", "HTTP/1.1 999 Weird\r\n" + CL0, True),
    ("GET", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\nHTTP/1.1 200 OK\r\n", True),
    ("GET", "HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n" + CL0, True),
    ("GET", "HTTP/1.1 200 OK\r\nKeep-Alive: timeout=5\r\n" + CL0, True),
    ("GET", "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n", True),
    ("GET", "", True),
    ("GET", "HTTP/1.1 2", True),
]


def _run(python: str, mode: str, tmp_path: Path) -> dict[str, object]:
    script = tmp_path / "exchange.py"
    script.write_text(SCRIPT)
    done = subprocess.run(
        [python, "-W", "ignore", str(script), mode],
        input=json.dumps(SCENARIOS),
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_responses_handled_as_on_real_twisted(tmp_path: Path) -> None:
    from compat_tests import cache

    real = _run(str(cache.twisted_python()), "twisted", tmp_path)
    ours = _run(sys.executable, "twistio", tmp_path)
    assert len(real) == len(SCENARIOS) * 8
    differing = {key: (real[key], ours[key]) for key in real if real[key] != ours[key]}
    assert differing == {}
