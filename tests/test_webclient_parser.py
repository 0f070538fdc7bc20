"""The line-level response parsers of twisted.web._newclient (HTTPParser, HTTPClientParser)."""

from __future__ import annotations

from typing import Any

import pytest

from twistio.internet.error import ConnectionDone
from twistio.internet.testing import StringTransport
from twistio.python.failure import Failure
from twistio.web._newclient import (
    BODY,
    DONE,
    HEADER,
    STATUS,
    BadResponseVersion,
    HTTP11ClientProtocol,
    HTTPClientParser,
    HTTPParser,
    ParseError,
    Request,
    ResponseFailed,
    ResponseNeverReceived,
)
from twistio.web.http_headers import Headers
from twistio.web.iweb import UNKNOWN_LENGTH


def _parser(method: bytes = b"GET") -> tuple[HTTPClientParser, StringTransport, list[Any]]:
    events: list[Any] = []
    request = Request(method, b"/x", Headers({b"host": [b"h"]}), None)
    parser = HTTPClientParser(request, lambda rest: events.append(("finished", rest)))
    transport = StringTransport()
    parser.makeConnection(transport)
    parser._responseDeferred.addBoth(lambda r: events.append(("response", r)))
    return parser, transport, events


def _watchBody(parser: HTTPClientParser, events: list[Any]) -> None:
    parser.response._bodyDataReceived = lambda data: events.append(("body", data))
    parser.response._bodyDataFinished = lambda *reason: events.append(("end", reason))


def test_header_lines_unfolded_and_split_by_kind() -> None:
    """Folded lines are joined verbatim, values stripped; framing headers go to connHeaders."""
    received: list[tuple[bytes, bytes]] = []
    parser = HTTPParser()
    parser.headerReceived = lambda n, v: received.append((n, v))  # type: ignore[method-assign]
    parser.makeConnection(StringTransport())
    assert parser.state == STATUS
    parser.dataReceived(b"HTTP/1.0 200 OK\nX-A: one\n  two \r\n")
    assert parser.state == HEADER
    parser.dataReceived(b"\r\n")
    assert received == [(b"X-A", b"one  two")]
    assert parser.state == BODY

    plain = HTTPParser()
    plain.makeConnection(StringTransport())
    plain.dataReceived(b"S\r\nContent-Length: 3\r\nDate: today\r\n\r\n")
    assert plain.connHeaders.getRawHeaders(b"content-length") == [b"3"]
    assert plain.headers.getRawHeaders(b"date") == [b"today"]


def test_content_length_body_and_extra_bytes() -> None:
    """The response fires with its length, reading pauses, the body and then the rest follow."""
    parser, transport, events = _parser()
    parser.dataReceived(b"HTTP/1.1 200 OK\r\n")
    _watchBody(parser, events)
    parser.dataReceived(b"Content-Length: 4\r\n\r\nab")
    assert transport.producerState == "paused"
    assert parser.response.length == 4
    assert events[0][0] == "response"
    parser.dataReceived(b"cdEXTRA")
    assert events[1:] == [("body", b"ab"), ("body", b"cd"), ("finished", b"EXTRA")]
    assert parser.state == DONE


def test_bodyless_response_ends_before_it_is_handed_out() -> None:
    """A 204 finishes (finisher, then the body's end) before the response Deferred fires."""
    parser, transport, events = _parser()
    parser.dataReceived(b"HTTP/1.1 204 No Content\r\n")
    _watchBody(parser, events)
    parser.dataReceived(b"\r\nNEXT")
    assert [e[0] for e in events] == ["finished", "end", "response"]
    assert events[0] == ("finished", b"NEXT")
    assert parser.response.length == 0
    assert transport.producerState == "producing"


def test_head_content_length_is_an_entity_header() -> None:
    parser, _, _ = _parser(b"HEAD")
    parser.dataReceived(b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n")
    assert parser.response.headers.getRawHeaders(b"content-length") == [b"9"]
    assert parser.connHeaders.getRawHeaders(b"content-length") is None
    assert parser.response.length == 0


def test_chunked_body_and_unknown_length() -> None:
    parser, _, events = _parser()
    parser.dataReceived(b"HTTP/1.1 200 OK\r\n")
    _watchBody(parser, events)
    parser.dataReceived(b"Transfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n")
    assert parser.response.length is UNKNOWN_LENGTH
    assert events[1:] == [("body", b"hi"), ("finished", b"")]

    parser, _, events = _parser()
    parser.dataReceived(b"HTTP/1.1 200 OK\r\n")
    _watchBody(parser, events)
    parser.dataReceived(b"\r\nall of it")
    parser.connectionLost(Failure(ConnectionDone()))
    assert events[1:3] == [("body", b"all of it"), ("finished", b"")]
    (reason,) = events[3][1]
    assert reason.type.__name__ == "PotentialDataLoss"


@pytest.mark.parametrize("value", [b"1, 2", b"+1", b"-1", b"", b"1,", b"0x10"], ids=repr)
def test_bad_content_length_refused(value: bytes) -> None:
    parser, _, _ = _parser()
    with pytest.raises(ValueError):
        parser.dataReceived(b"HTTP/1.1 200 OK\r\nContent-Length: " + value + b"\r\n\r\n")


def test_equal_content_lengths_accepted() -> None:
    parser, _, _ = _parser()
    parser.dataReceived(b"HTTP/1.1 200 OK\r\nContent-Length: 2, 002\r\nContent-Length: 2\r\n\r\n")
    assert parser.response.length == 2


def test_status_line_errors() -> None:
    parser = HTTPClientParser(None, None)
    with pytest.raises(ParseError) as bad:
        parser.statusReceived(b"HTTP/1.1 abc OK")
    assert bad.value.data == b"HTTP/1.1 abc OK"
    with pytest.raises(BadResponseVersion) as version:
        parser.parseVersion(b"HTTP/1.x")
    assert version.value.data == b"HTTP/1.x"
    with pytest.raises(BadResponseVersion):
        parser.parseVersion(b"HTTP/1.-1")
    assert parser.parseVersion(b"HTTP/2.0") == (b"HTTP", 2, 0)


def test_interim_responses_skipped() -> None:
    """1xx heads are dropped (headers too); the final response is the one handed out."""
    parser, _, events = _parser()
    parser.dataReceived(b"HTTP/1.1 100 Continue\r\nX-Hint: a\r\n\r\n")
    assert parser.state == STATUS
    assert events == []
    parser.dataReceived(b"HTTP/1.1 204 Done\r\n\r\n")
    response = events[-1][1]
    assert response.code == 204
    assert response.headers.getRawHeaders(b"x-hint") is None


def test_connection_lost_before_and_during_head() -> None:
    parser, _, events = _parser()
    parser.connectionLost(Failure(ConnectionDone()))
    assert isinstance(events[0][1].value, ResponseNeverReceived)

    parser, _, events = _parser()
    parser.dataReceived(b"HTTP/1.1 200 OK\r\nX: y")
    parser.connectionLost(Failure(ConnectionDone()))
    failure = events[0][1].value
    assert isinstance(failure, ResponseFailed)
    assert not isinstance(failure, ResponseNeverReceived)


def test_switch_to_body_mode_only_once() -> None:
    parser = HTTPParser()
    parser.makeConnection(StringTransport())
    parser.switchToBodyMode(object())
    with pytest.raises(RuntimeError):
        parser.switchToBodyMode(object())


def _protocol(
    method: bytes = b"GET", persistent: bool = True
) -> tuple[HTTP11ClientProtocol, StringTransport, list[Any]]:
    events: list[Any] = []
    transport = StringTransport()
    protocol = HTTP11ClientProtocol(lambda p: events.append("quiescent"))
    protocol.makeConnection(transport)
    request = Request(method, b"/", Headers({b"host": [b"h"]}), None, persistent)
    protocol.request(request).addCallbacks(
        lambda r: events.append(("response", r.code)),
        lambda f: events.append(("failed", f.value)),
    )
    return protocol, transport, events


def test_interim_and_final_response_in_one_segment() -> None:
    """A 100 and a 103 before the answer, all in one read: only the answer comes out."""
    protocol, transport, events = _protocol()
    protocol.dataReceived(
        b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
        b"HTTP/1.1 204 No Content\r\n\r\n"
    )
    assert events == ["quiescent", ("response", 204)]
    assert not transport.disconnecting


@pytest.mark.parametrize(
    ("head", "reused"),
    [
        (b"HTTP/1.0 200 OK\r\n", True),
        (b"HTTP/1.1 200 OK\r\nConnection: close\r\n", False),
        (b"HTTP/1.1 200 OK\r\nConnection: keep-alive\r\n", True),
    ],
    ids=["http10", "close", "keep-alive"],
)
def test_reuse_follows_the_connection_header(head: bytes, reused: bool) -> None:
    """Only ``Connection: close`` (not the version) keeps a persistent request's
    connection from going back to the pool."""
    protocol, transport, events = _protocol()
    protocol.dataReceived(head + b"Content-Length: 0\r\n\r\n")
    assert ("quiescent" in events) is reused
    assert transport.disconnecting is not reused
    assert protocol.state == "QUIESCENT"


def test_stray_bytes_after_the_response() -> None:
    """Bytes after the body in the same read are dropped; bytes in a later read, when no
    response is expected, close the connection."""
    protocol, transport, events = _protocol()
    protocol.dataReceived(b"HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nxJUNK")
    assert "quiescent" in events
    assert not transport.disconnecting
    protocol.dataReceived(b"MORE")
    assert transport.disconnecting


def test_lenient_heads_accepted() -> None:
    """Folded header lines and bare LF line ends parse as on Twisted."""
    protocol, transport, events = _protocol()
    protocol.dataReceived(b"HTTP/1.1 200 OK\nX: a\n  b\nContent-Length: 0\n\n")
    assert events == ["quiescent", ("response", 200)]


def test_bad_chunk_fails_the_body_after_the_head() -> None:
    """A malformed chunk size after the head fails the body, not the response Deferred."""
    protocol, transport, events = _protocol()
    protocol.dataReceived(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
    assert events == [("response", 200)]
    assert transport.disconnecting
