"""HTTPChannel on an in-memory transport: slow clients, bad requests logged once,
pipelined requests answered in order."""

from __future__ import annotations

from typing import Any

from twistio.internet.task import Clock
from twistio.internet.testing import StringTransport
from twistio.logger import capturedLogs
from twistio.web import http


class Hello(http.Request):
    def process(self) -> None:
        self.setHeader(b"content-length", b"%d" % (len(self.uri),))
        self.write(self.uri)
        self.finish()


def connect(clock: Clock) -> tuple[Any, StringTransport]:
    factory = http.HTTPFactory(reactor=clock)
    channel = factory.buildProtocol(None)
    channel.requestFactory = Hello
    transport = StringTransport()
    channel.makeConnection(transport)
    return channel, transport


def test_slow_client_gets_408() -> None:
    clock = Clock()
    channel, transport = connect(clock)
    channel.dataReceived(b"POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc")
    clock.advance(59)
    assert not transport.disconnecting
    clock.advance(1)
    assert transport.value().startswith(b"HTTP/1.1 408 Request Time-out\r\n")
    assert transport.disconnecting
    channel.connectionLost(None)


def test_idle_connection_closed_without_response() -> None:
    clock = Clock()
    channel, transport = connect(clock)
    clock.advance(60)
    assert transport.value() == b""
    assert transport.disconnecting
    channel.connectionLost(None)


def test_bad_request_logged_once() -> None:
    with capturedLogs() as events:
        channel, transport = connect(Clock())
        channel.dataReceived(b"GET / HTTP/1.1\r\nContent-Length: nope\r\n\r\n")
        channel.dataReceived(b"more garbage after the error\r\n\r\n")
    assert transport.value() == b"HTTP/1.1 400 Bad Request\r\n\r\n"
    assert transport.disconnecting
    bad = [e for e in events if "Malformed HTTP request" in e.get("log_format", "")]
    assert len(bad) == 1
    channel.connectionLost(None)


def test_pipelined_requests_in_order_in_one_feed() -> None:
    channel, transport = connect(Clock())
    channel.dataReceived(
        b"GET /1 HTTP/1.1\r\n\r\nGET /22 HTTP/1.1\r\n\r\nGET /333 HTTP/1.1\r\nConnection: close\r\n\r\n"
    )
    out = transport.value()
    assert out.count(b"HTTP/1.1 200 OK\r\n") == 3
    assert out.index(b"/1") < out.index(b"/22") < out.index(b"/333")
    assert transport.disconnecting
    channel.connectionLost(None)


class Later(http.Request):
    """Answers only when the test calls ``answer()``."""

    pending: list[Later] = []

    def process(self) -> None:
        Later.pending.append(self)

    def answer(self) -> None:
        self.setHeader(b"content-length", b"%d" % (len(self.uri),))
        self.write(self.uri)
        self.finish()


def test_good_request_before_bad_one_in_one_feed_is_answered() -> None:
    """A good request pipelined ahead of a malformed one in the same read gets its
    answer, then 400 and close; the error is logged once."""
    with capturedLogs() as events:
        channel, transport = connect(Clock())
        channel.dataReceived(b"GET /good HTTP/1.1\r\n\r\nGARBAGE\r\n\r\n")
        channel.dataReceived(b"GET /ignored HTTP/1.1\r\n\r\n")
    out = transport.value()
    assert out.startswith(b"HTTP/1.1 200 OK\r\n")
    assert out.endswith(b"/goodHTTP/1.1 400 Bad Request\r\n\r\n")
    assert b"/ignored" not in out
    assert transport.disconnecting
    bad = [e for e in events if "Malformed HTTP request" in e.get("log_format", "")]
    assert len(bad) == 1
    channel.connectionLost(None)


def test_bad_request_waits_for_the_answer_in_progress() -> None:
    """The 400 for a malformed pipelined request goes out after the answer to the
    request before it, even when that answer comes later."""
    clock = Clock()
    channel, transport = connect(clock)
    channel.requestFactory = Later
    Later.pending = []
    channel.dataReceived(b"GET /slow HTTP/1.1\r\n\r\nPOST / HTTP/1.1\r\nContent-Length: x\r\n\r\n")
    assert transport.value() == b""
    assert not transport.disconnecting
    Later.pending.pop().answer()
    out = transport.value()
    assert out.startswith(b"HTTP/1.1 200 OK\r\n")
    assert out.endswith(b"/slowHTTP/1.1 400 Bad Request\r\n\r\n")
    assert transport.disconnecting
    channel.connectionLost(None)


def test_timeout_log_names_the_peer_address() -> None:
    """ "Timing out client" carries the text of transport.getPeer(), as on Twisted."""
    with capturedLogs() as events:
        clock = Clock()
        channel, transport = connect(clock)
        clock.advance(60)
    timing = [e for e in events if e.get("log_format") == "Timing out client: {peer}"]
    assert [e["peer"] for e in timing] == [str(transport.getPeer())]
    assert "IPv4Address(" in timing[0]["peer"]
    channel.connectionLost(None)


def test_access_log_line_names_referrer_and_agent() -> None:
    """The access log line carries the last Referer and User-Agent values (or ``-``), the
    status and the body length, read the same way for requests with and without them."""
    import io

    clock = Clock()
    clock.advance(86400 * 365)
    factory = http.HTTPFactory(reactor=clock)
    factory.startFactory()
    factory.logFile = io.StringIO()
    channel = factory.buildProtocol(None)
    channel.requestFactory = Hello
    transport = StringTransport()
    channel.makeConnection(transport)
    channel.dataReceived(
        b"GET /a HTTP/1.1\r\nReferer: http://x/\r\nUser-Agent: one\r\nUser-Agent: two\r\n\r\n"
        b'GET /b?q="1" HTTP/1.1\r\n\r\n'
    )
    lines = factory.logFile.getvalue().splitlines()
    assert lines == [
        '"192.168.1.1" - - [01/Jan/1971:00:00:00 +0000] "GET /a HTTP/1.1" 200 2 "http://x/" "two"',
        '"192.168.1.1" - - [01/Jan/1971:00:00:00 +0000] "GET /b?q=\\"1\\" HTTP/1.1" 200 8 "-" "-"',
    ]
    channel.connectionLost(None)


def test_access_log_file_has_each_line_as_soon_as_it_is_answered(tmp_path: Any) -> None:
    """With a ``logPath``, each access line reaches the file when its request is answered
    (line-buffered, as Twisted opens it), not when the factory stops: ``tail -f`` sees it
    and a killed server loses none."""
    path = tmp_path / "access.log"
    factory = http.HTTPFactory(logPath=str(path), reactor=Clock())
    factory.startFactory()
    channel = factory.buildProtocol(None)
    channel.requestFactory = Hello
    channel.makeConnection(StringTransport())
    channel.dataReceived(b"GET /first HTTP/1.1\r\n\r\n")
    assert path.read_text().count('"GET /first HTTP/1.1" 200 6') == 1
    channel.dataReceived(b"GET /second HTTP/1.1\r\n\r\n")
    assert len(path.read_text().splitlines()) == 2
    channel.connectionLost(None)
    factory.stopFactory()
