"""The sans-IO HTTP/1.x core: parsing events, limits, errors, serializing."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from twistio._sansio._common import LocalProtocolError
from twistio._sansio.http import (
    LAST_CHUNK,
    Data,
    EndOfMessage,
    Event,
    HTTPParseError,
    RequestHead,
    RequestParser,
    ResponseHead,
    ResponseParser,
    encode_chunk,
    encode_last_chunk,
    keep_alive,
    serialize_request_head,
    serialize_response_head,
)

PIPELINE = (
    b"POST /upload?x=1 HTTP/1.1\r\nHost: example\r\nTransfer-Encoding: chunked\r\n"
    b"Expect: 100-continue\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\nX-T: 1\r\n\r\n"
    b"GET /b HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"
    b"PUT /c HTTP/1.1\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc"
)


def merged(events: list[Event]) -> list[Event]:
    """Join adjacent Data events, so different chunkings compare equal."""
    out: list[Event] = []
    for ev in events:
        if isinstance(ev, Data) and out and isinstance(out[-1], Data):
            out[-1] = Data(out[-1].data + ev.data)
        else:
            out.append(ev)
    return out


def test_pipelined_requests() -> None:
    events = merged(RequestParser().feed(PIPELINE))
    assert [type(e).__name__ for e in events] == [
        "RequestHead",
        "Data",
        "EndOfMessage",
        "RequestHead",
        "EndOfMessage",
        "RequestHead",
        "Data",
        "EndOfMessage",
    ]
    first = events[0]
    assert isinstance(first, RequestHead)
    assert (first.method, first.target, first.version) == (b"POST", b"/upload?x=1", b"HTTP/1.1")
    assert first.chunked and first.expect_continue and first.keep_alive
    assert first.content_length is None
    assert events[1] == Data(b"hello world")
    assert events[2] == EndOfMessage([(b"X-T", b"1")])
    second = events[3]
    assert isinstance(second, RequestHead) and second.keep_alive and not second.expect_continue
    third = events[5]
    assert isinstance(third, RequestHead)
    assert third.content_length == 3 and not third.keep_alive


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=len(PIPELINE)), max_size=20))
def test_any_chunking_same_events(cuts: list[int]) -> None:
    points = sorted(set(cuts))
    pieces = [PIPELINE[a:b] for a, b in zip([0, *points], [*points, len(PIPELINE)], strict=True)]
    parser = RequestParser()
    events: list[Event] = []
    for piece in pieces:
        events.extend(parser.feed(piece))
    assert merged(events) == merged(RequestParser().feed(PIPELINE))


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=300), st.booleans())
def test_any_bytes_only_protocol_error(data: bytes, prefix: bool) -> None:
    if prefix:
        data = b"GET / HTTP/1.1\r\n" + data
    for parser in (RequestParser(max_line=64, max_headers_size=128), ResponseParser()):
        try:
            parser.feed(data)
            if isinstance(parser, ResponseParser):
                parser.feed_eof()
        except HTTPParseError as e:
            assert e.status in (400, 413, 414, 431)


@pytest.mark.parametrize(
    "data,status",
    [
        (b"GET\r\n\r\n", 400),
        (b"GET / HTTP/1.1\r\nContent-Length: x\r\n\r\n", 400),
        (b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400),
        (b"GET /" + b"a" * 200 + b" HTTP/1.1\r\n\r\n", 414),
        (b"GET / HTTP/1.1\r\n" + b"X: y\r\n" * 20 + b"\r\n", 431),
        (b"GET / HTTP/1.1\r\nX: " + b"y" * 300 + b"\r\n\r\n", 431),
        (b"GET / HTTP/1.1\r\nX: " + b"y" * 1000, 431),
    ],
)
def test_errors(data: bytes, status: int) -> None:
    parser = RequestParser(max_line=100, max_headers_size=200, max_header_count=10)
    with pytest.raises(HTTPParseError) as info:
        parser.feed(data)
    assert info.value.status == status
    # The parser stays dead.
    with pytest.raises(HTTPParseError):
        parser.feed(b"GET / HTTP/1.1\r\n\r\n")


def test_responses() -> None:
    p = ResponseParser()
    events = p.feed(
        b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi"
        b"HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n"
        b"HTTP/1.0 200 OK\r\n\r\nrest"
    )
    heads = [e for e in events if isinstance(e, ResponseHead)]
    assert [h.status for h in heads] == [100, 200, 304, 200]
    assert heads[1].reason == b"OK" and heads[1].content_length == 2
    assert not heads[3].keep_alive
    assert Data(b"hi") in events
    assert p.feed_eof() == [EndOfMessage()]


def test_head_response_has_no_body() -> None:
    p = ResponseParser()
    p.expect_no_body()
    events = p.feed(
        b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nz"
    )
    assert [type(e).__name__ for e in events] == [
        "ResponseHead",
        "EndOfMessage",
        "ResponseHead",
        "Data",
        "EndOfMessage",
    ]


def test_truncated_response_is_error() -> None:
    p = ResponseParser()
    p.feed(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")
    with pytest.raises(HTTPParseError):
        p.feed_eof()


def test_keep_alive() -> None:
    assert keep_alive(b"HTTP/1.1", [])
    assert not keep_alive(b"HTTP/1.1", [(b"Connection", b"Close")])
    assert not keep_alive(b"HTTP/1.0", [])
    assert keep_alive(b"HTTP/1.0", [(b"connection", b"keep-alive")])


def test_serialize() -> None:
    head = serialize_request_head(b"GET", b"/x", [(b"Host", b"a")])
    assert head == b"GET /x HTTP/1.1\r\nHost: a\r\n\r\n"
    events = RequestParser().feed(head)
    assert isinstance(events[0], RequestHead) and events[0].headers == [(b"Host", b"a")]
    resp = serialize_response_head(b"HTTP/1.1", 200, b"OK", [(b"Transfer-Encoding", b"chunked")])
    body = encode_chunk(b"abc") + encode_chunk(b"") + encode_last_chunk([(b"T", b"v")])
    events = merged(ResponseParser().feed(resp + body))
    assert events[1:] == [Data(b"abc"), EndOfMessage([(b"T", b"v")])]
    assert encode_last_chunk() == LAST_CHUNK
    with pytest.raises(LocalProtocolError):
        serialize_response_head(b"HTTP/1.1", 200, b"OK", [(b"X", b"a\r\nInjected: 1")])
    with pytest.raises(LocalProtocolError):
        serialize_request_head(b"GET", b"/a b", [])


def test_methods_unknown_to_llhttp() -> None:
    """Any token is a method: reported as sent, even split across feeds."""
    parser = RequestParser()
    events = parser.feed(b"FOO /x HTTP/1.1\r\nContent-Length: 2\r\n\r\nab")
    assert isinstance(events[0], RequestHead) and events[0].method == b"FOO"
    assert events[1:] == [Data(b"ab"), EndOfMessage()]
    assert parser.feed(b"BR") == []
    events = parser.feed(b"EW / HTTP/1.1\r\n\r\n")
    assert isinstance(events[0], RequestHead) and events[0].method == b"BREW"


#: PIPELINE's requests, all keeping the connection open (so bytes after them are parsed
#: as a next request, which is where a bad one goes).
KEEP_ALIVE = PIPELINE.replace(b"Connection: close\r\n", b"")

#: Pieces that make up fuzzed request streams: good and bad start lines, headers, bodies.
FRAGMENTS = [
    b"GET / HTTP/1.1\r\n",
    b"POST /p HTTP/1.1\r\n",
    b"BREW /x HTTP/1.0\r\n",
    b"GET  / HTTP/1.1\r\n",
    b"GET /\r\n",
    b"GARBAGE\r\n",
    b"Host: a\r\n",
    b"Content-Length: 3\r\n",
    b"Content-Length: -1\r\n",
    b"Content-Length: 99999999999999999999\r\n",
    b"Transfer-Encoding: chunked\r\n",
    b"Transfer-Encoding: gzip, chunked\r\n",
    b"Transfer-Encoding: identity\r\n",
    b"Connection: close\r\n",
    b"Expect: 100-continue\r\n",
    b" folded\r\n",
    b"X: " + b"v" * 70 + b"\r\n",
    b"\r\n",
    b"\n",
    b"abc",
    b"3\r\nabc\r\n",
    b"3;ext=1\r\nabc\r\n",
    b"zz\r\n",
    b"fffffffffffffffffff\r\n",
    b"0\r\n\r\n",
    b"0\r\nT: 1\r\n\r\n",
    b"\x00",
    b"\xff",
]


def pieces_of(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(data) + 1) for c in cuts})
    return [data[a:b] for a, b in zip([0, *points], [*points, len(data)], strict=True)]


def feed_all(
    parser: RequestParser, pieces: list[bytes]
) -> tuple[list[Event], HTTPParseError | None]:
    """Feed ``pieces`` one by one: the events (including an error's) and the error."""
    events: list[Event] = []
    for piece in pieces:
        try:
            events.extend(parser.feed(piece))
        except HTTPParseError as e:
            events.extend(e.events)
            return events, e
    return events, None


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(FRAGMENTS) | st.binary(max_size=8), max_size=25),
    st.lists(st.integers(min_value=0), max_size=12),
)
def test_fragments_split_anywhere_only_protocol_error(
    fragments: list[bytes], cuts: list[int]
) -> None:
    """Streams of good and bad request pieces, cut at any points: the parser raises
    nothing but HTTPParseError, reports only whole events, and stays dead after it."""
    data = b"".join(fragments)
    parser = RequestParser(max_line=100, max_headers_size=300, max_header_count=6)
    events, error = feed_all(parser, pieces_of(data, cuts))
    assert all(isinstance(e, (RequestHead, Data, EndOfMessage)) for e in events)
    if error is not None:
        assert error.status in (400, 413, 414, 431)
        with pytest.raises(HTTPParseError) as again:
            parser.feed(b"GET / HTTP/1.1\r\n\r\n")
        assert again.value.events == []
        assert str(again.value) == str(error) and again.value.status == error.status


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(FRAGMENTS[3:6]) | st.binary(min_size=1, max_size=40),
    st.lists(st.integers(min_value=0), max_size=12),
)
def test_nothing_before_an_error_is_lost(tail: bytes, cuts: list[int]) -> None:
    """Good pipelined requests followed by anything, cut at any points: every event of
    the good requests is reported, whether or not (and wherever) the tail breaks."""
    want = merged(RequestParser().feed(KEEP_ALIVE))
    events, _ = feed_all(RequestParser(), pieces_of(KEEP_ALIVE + tail, cuts))
    got = merged(events)
    assert got[: len(want)] == want


def test_error_keeps_events_of_the_same_feed() -> None:
    """A good request and a bad one in one feed: the error carries the good one."""
    parser = RequestParser()
    with pytest.raises(HTTPParseError) as info:
        parser.feed(b"GET /a HTTP/1.1\r\n\r\nGARBAGE\r\n\r\n")
    assert [type(e) for e in info.value.events] == [RequestHead, EndOfMessage]
    head = info.value.events[0]
    assert isinstance(head, RequestHead) and head.target == b"/a"


@pytest.mark.parametrize(
    "codings,ok",
    [
        ([b"chunked"], True),
        ([b" Chunked "], True),
        ([b"identity", b"chunked"], True),
        ([b"gzip, chunked"], False),
        ([b"identity, chunked"], False),
        ([b"chunked", b"chunked"], False),
        ([b"gzip", b"chunked"], False),
        ([b", chunked"], False),
    ],
)
def test_request_transfer_codings(codings: list[bytes], ok: bool) -> None:
    """A request body may only be chunked (Transfer-Encoding values as on Twisted)."""
    data = b"POST / HTTP/1.1\r\n"
    data += b"".join(b"Transfer-Encoding: %s\r\n" % c for c in codings)
    data += b"\r\n3\r\nabc\r\n0\r\n\r\n"
    parser = RequestParser()
    if ok:
        assert merged(parser.feed(data))[1:] == [Data(b"abc"), EndOfMessage()]
    else:
        with pytest.raises(HTTPParseError) as info:
            parser.feed(data)
        assert info.value.status == 400


def test_response_codings_are_not_checked() -> None:
    """The client side keeps llhttp's rule (chunked last): a server's gzip, chunked body
    is de-chunked and handed on."""
    data = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
    assert merged(ResponseParser().feed(data))[1:] == [Data(b"abc"), EndOfMessage()]


def test_upgrade_request_ends_and_the_next_one_is_parsed() -> None:
    """An Upgrade request is an ordinary message here: requests after it, in the same
    bytes or a later feed, are parsed as usual; garbage after it is still an error."""
    parser = RequestParser()
    events = parser.feed(
        b"GET /a HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n"
        b"GET /b HTTP/1.1\r\n\r\n"
    )
    assert [type(e) for e in events] == [RequestHead, EndOfMessage, RequestHead, EndOfMessage]
    assert [e.target for e in events if isinstance(e, RequestHead)] == [b"/a", b"/b"]
    events = parser.feed(b"GET /c HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: x\r\n\r\n")
    assert [type(e) for e in events] == [RequestHead, EndOfMessage]
    events = parser.feed(b"GET /d HTTP/1.1\r\n\r\n")
    assert [e.target for e in events if isinstance(e, RequestHead)] == [b"/d"]
    with pytest.raises(HTTPParseError):
        parser.feed(b"\x00\x01 nonsense\r\n\r\n")
