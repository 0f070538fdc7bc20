"""The HTTP/1.x wire core, sans-IO: used by the server channel and the client alike.

Parsing (bytes in, events out) is done by httptools (llhttp).  A parser is fed with
``feed(data)`` and returns the list of events the bytes completed, in order:

- ``RequestHead`` / ``ResponseHead``: a message's start line and headers;
- ``Data``: a piece of the message body (already de-chunked);
- ``EndOfMessage``: the body is complete (``trailers`` holds chunked trailers).

Pipelined messages simply produce several heads in one list; the caller decides when to
act on them.  Malformed input raises ``HTTPParseError`` (a ``RemoteProtocolError``) and
nothing else; its ``status`` says which response a server should answer with (400 bad
syntax, 413 body too large, 414 request line too long, 431 header section too large),
and its ``events`` are the events the same ``feed`` completed before the error (a good
request pipelined ahead of a bad one in one read is not lost).  After an error the
parser is dead: every later ``feed`` raises an error with the same message and status
(and no events).

Serializing heads and chunks is done by plain functions; they raise
``LocalProtocolError`` when asked to put CR/LF or NUL in a header (response splitting).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Union

import httptools

from twistio._sansio._common import LocalProtocolError, RemoteProtocolError

__all__ = [
    "LAST_CHUNK",
    "Data",
    "EndOfMessage",
    "Event",
    "HTTPParseError",
    "RequestHead",
    "RequestParser",
    "ResponseHead",
    "ResponseParser",
    "encode_chunk",
    "keep_alive",
    "serialize_request_head",
    "serialize_response_head",
]

Headers = list[tuple[bytes, bytes]]

#: The terminating chunk of a chunked body without trailers.
LAST_CHUNK = b"0\r\n\r\n"

#: Default limits (the same numbers Twisted's channel uses).
MAX_LINE = 16384
MAX_HEADERS_SIZE = 16384
MAX_HEADER_COUNT = 500


class HTTPParseError(RemoteProtocolError):
    """The peer's bytes are not an acceptable HTTP/1.x message.

    ``status`` is the response code a server should send before closing; ``events``
    are the events completed by the failing ``feed`` call before the bad bytes, in order
    (the caller should act on them first).
    """

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status
        self.events: list[Event] = []

    def _again(self) -> HTTPParseError:
        """The error a dead parser raises on later feeds: same text and status."""
        return HTTPParseError(str(self), self.status)


@dataclass
class RequestHead:
    """A request line and its header section, as received."""

    method: bytes
    target: bytes
    #: e.g. ``b"HTTP/1.1"``
    version: bytes
    headers: Headers
    #: May the connection be reused after this message (version and Connection header)?
    keep_alive: bool
    #: Did the client send ``Expect: 100-continue``?
    expect_continue: bool
    chunked: bool
    #: ``Content-Length`` when one was sent (``None`` for chunked or no body).
    content_length: int | None


@dataclass
class ResponseHead:
    """A status line and its header section, as received."""

    version: bytes
    status: int
    reason: bytes
    headers: Headers
    keep_alive: bool
    chunked: bool
    content_length: int | None


@dataclass
class Data:
    """A piece of a message body."""

    data: bytes


@dataclass
class EndOfMessage:
    """The current message's body is complete."""

    trailers: Headers = field(default_factory=list)


Event = Union[RequestHead, ResponseHead, Data, EndOfMessage]


def _header_info(headers: Headers) -> tuple[bool, int | None, bool]:
    """Return (chunked, content_length, expect_continue); ValueError for a bad length."""
    chunked = False
    length: int | None = None
    expect = False
    for name, value in headers:
        lname = name.lower()
        if lname == b"transfer-encoding":
            codings = [c.strip().lower() for c in value.split(b",")]
            chunked = bool(codings) and codings[-1] == b"chunked"
        elif lname == b"content-length":
            length = int(value.strip())
        elif lname == b"expect" and value.strip().lower() == b"100-continue":
            expect = True
    if length is not None and length < 0:
        raise ValueError(length)
    if chunked:
        length = None
    return chunked, length, expect


def keep_alive(version: bytes, headers: Iterable[tuple[bytes, bytes]]) -> bool:
    """Whether a message with this version and headers allows a persistent connection.

    HTTP/1.1 is persistent unless ``Connection: close``; HTTP/1.0 only with
    ``Connection: keep-alive``.
    """
    tokens: set[bytes] = set()
    for name, value in headers:
        if name.lower() == b"connection":
            tokens.update(t.strip().lower() for t in value.split(b","))
    if b"close" in tokens:
        return False
    if version == b"HTTP/1.1":
        return True
    return b"keep-alive" in tokens


class _BaseParser:
    def __init__(
        self,
        max_line: int = MAX_LINE,
        max_headers_size: int = MAX_HEADERS_SIZE,
        max_header_count: int = MAX_HEADER_COUNT,
    ) -> None:
        self.max_line = max_line
        self.max_headers_size = max_headers_size
        self.max_header_count = max_header_count
        self._events: list[Event] = []
        self._error: HTTPParseError | None = None
        self._in_head = False
        self._in_trailers = False
        self._head_size = 0
        self._raw_head = 0
        self._target = b""
        self._reason = b""
        self._headers: Headers = []
        self._trailers: Headers = []
        self._parser = self._make()

    def _make(self) -> httptools.HttpRequestParser | httptools.HttpResponseParser:
        raise NotImplementedError

    # -- httptools callbacks (the parser is its own callback target: no indirection) --
    def on_message_begin(self) -> None:
        self._begin()

    def on_status(self, status: bytes) -> None:
        self._reason += status

    def on_body(self, body: bytes) -> None:
        if body:
            self._events.append(Data(body))

    def on_message_complete(self) -> None:
        self._message_complete()

    # -- callbacks -------------------------------------------------------------------
    def _begin(self) -> None:
        self._in_head = True
        self._in_trailers = False
        self._head_size = 0
        self._target = b""
        self._reason = b""
        self._headers = []
        self._trailers = []

    def on_url(self, url: bytes) -> None:
        self._target += url
        if len(self._target) > self.max_line:
            raise HTTPParseError("request line too long", 414)
        # The request line counts towards the head's size limit too.
        self._head_size += len(url)
        if self._head_size > self.max_headers_size:
            raise HTTPParseError("request head too large", 431)

    def on_header(self, name: bytes, value: bytes) -> None:
        size = len(name) + len(value) + 4
        if len(name) + len(value) + 2 > self.max_line:
            raise HTTPParseError("header line too long", 431)
        self._head_size += size
        if self._head_size > self.max_headers_size:
            raise HTTPParseError("header section too large", 431)
        if not self._in_head:
            self._trailers.append((name, value))
            return
        if len(self._headers) >= self.max_header_count:
            raise HTTPParseError("too many headers", 431)
        self._headers.append((name, value))

    def on_headers_complete(self) -> None:
        self._in_head = False
        self._head_size = 0
        self._raw_head = 0
        self._events.append(self._head())

    def _head(self) -> Event:
        raise NotImplementedError

    def _message_complete(self) -> None:
        self._events.append(EndOfMessage(self._trailers))
        self._trailers = []

    # -- feeding ---------------------------------------------------------------------
    def _fail(self, error: HTTPParseError) -> HTTPParseError:
        self._error = error
        return error

    def _feed(self, data: bytes) -> None:
        while True:
            try:
                self._parser.feed_data(data)
            except httptools.HttpParserUpgrade as e:
                data = self._afterUpgrade(e, data)
                if data:
                    continue
            except httptools.HttpParserError as e:
                raise self._failWith(e) from None
            return

    def _feedFailed(
        self, error: httptools.HttpParserError | httptools.HttpParserUpgrade, data: bytes
    ) -> None:
        """What _feed does when feeding ``data`` raised ``error``: go on after an
        upgrade, else raise the HTTPParseError for it."""
        if isinstance(error, httptools.HttpParserUpgrade):
            rest = self._afterUpgrade(error, data)
            if rest:
                self._feed(rest)
            return
        raise self._failWith(error) from None

    def _afterUpgrade(self, upgrade: httptools.HttpParserUpgrade, data: bytes) -> bytes:
        """Upgrades are not supported: the message ended; what follows it in ``data`` (the
        bytes returned) is parsed as the next message, as a plain HTTP/1.1 peer would."""
        offset = int(upgrade.args[0]) if upgrade.args else len(data)
        self._parser = self._make()
        return data[offset:]

    def _failWith(self, error: httptools.HttpParserError) -> HTTPParseError:
        """The parser's death by ``error``: an error a callback raised is the cause."""
        if isinstance(error, httptools.HttpParserCallbackError):
            cause = error.__context__
            if isinstance(cause, HTTPParseError):
                return self._fail(cause)
            return self._fail(HTTPParseError(f"bad message: {cause!r}"))
        return self._fail(HTTPParseError(f"malformed message: {error}"))

    def feed(self, data: bytes) -> list[Event]:
        """Parse ``data``; return the events it completes.

        Raises ``HTTPParseError`` whose ``events`` hold what ``data`` completed before
        the error.
        """
        if self._error is not None:
            raise self._error._again()
        try:
            # _feed's usual case inlined (once per read): one feed_data, no exception.
            try:
                self._parser.feed_data(data)
            except (httptools.HttpParserError, httptools.HttpParserUpgrade) as e:
                self._feedFailed(e, data)
        except HTTPParseError as e:
            e.events = self._events
            self._events = []
            raise
        events = self._events
        self._events = []
        # llhttp buffers a header line until it ends: bound the bytes of an unfinished
        # head ourselves, so a never-ending header line cannot grow memory forever.
        if self._in_head:
            self._raw_head += len(data)
            if self._raw_head > self.max_headers_size:
                error = self._fail(HTTPParseError("header section too large", 431))
                error.events = events
                raise error
        return events


_TOKEN_CHARS = frozenset(
    b"!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
)
_knownMethods: dict[bytes, bool] = {}
#: A request line that passes every check of ``RequestParser._checkRequestLine`` (a token,
#: then two space-free parts, single spaces); anything else takes the detailed path.
_PLAIN_REQUEST_LINE = re.compile(rb"([!#$%&'*+\-.^_`|~0-9A-Za-z]+) [^ \r\n]+ [^ \r\n]+\r?\n")


def _llhttpKnows(method: bytes) -> bool:
    """Whether llhttp accepts ``method`` (it only knows a fixed list of methods)."""
    known = _knownMethods.get(method)
    if known is None:
        probe = httptools.HttpRequestParser(_NullTarget())
        try:
            probe.feed_data(method + b" / HTTP/1.1\r\n")
            known = True
        except httptools.HttpParserError:
            known = False
        if len(_knownMethods) < 256:
            _knownMethods[method] = known
    return known


class _NullTarget:
    """An httptools callback target that ignores everything."""


class RequestParser(_BaseParser):
    """Server side: parse requests (pipelined ones too).

    Between messages the request line is held until complete and checked here: llhttp
    accepts HTTP/0.9 lines and extra spaces, which are refused, and knows only a fixed
    list of methods, while HTTP allows any token: such a request is parsed as GET and
    reported with its own method, so the server can answer 501 as Twisted does.  (These
    checks apply to the first request of each feed; one pipelined behind another in the
    same bytes gets llhttp's own checks.)
    """

    _idle = True
    _pendingStart = b""
    _methodOverride: bytes | None = None

    def _make(self) -> httptools.HttpRequestParser:
        parser = httptools.HttpRequestParser(self)
        # Bytes after a request that closes the connection are not an error here: the
        # server decides what to do with them (it closes after its response).
        parser.set_dangerous_leniencies(lenient_keep_alive=True)
        return parser

    def _begin(self) -> None:
        super()._begin()
        self._idle = False

    def _message_complete(self) -> None:
        super()._message_complete()
        self._idle = True

    # Once per request each: _begin and _message_complete inlined.
    def on_message_begin(self) -> None:
        self._in_head = True
        self._in_trailers = False
        self._head_size = 0
        self._target = b""
        self._headers = []
        self._trailers = []
        self._idle = False

    def on_message_complete(self) -> None:
        self._events.append(EndOfMessage(self._trailers))
        self._trailers = []
        self._idle = True

    def feed(self, data: bytes) -> list[Event]:
        if self._idle and self._error is None:
            if self._pendingStart:
                data = self._pendingStart + data
                self._pendingStart = b""
            fast = _PLAIN_REQUEST_LINE.match(data)
            if fast is None or not _knownMethods.get(fast.group(1)):
                data = self._checkRequestLine(data)
                if not data:
                    return []
        return super().feed(data)

    def _checkRequestLine(self, data: bytes) -> bytes:
        """Between messages: hold bytes until the request line is whole, then check it
        (three single-space-separated parts; llhttp would accept an HTTP/0.9 line or
        extra spaces) and let methods llhttp does not know through as GET."""
        fast = _PLAIN_REQUEST_LINE.match(data)
        if fast is not None:
            # The common case, proven acceptable by one regular expression.
            method = fast.group(1)
            known = _knownMethods.get(method)
            if known is None:
                known = _llhttpKnows(method)
            if not known:
                self._methodOverride = method
                data = b"GET" + data[len(method) :]
            return data
        end = data.find(b"\n")
        if end == -1:
            if len(data) > self.max_line:
                raise self._fail(HTTPParseError("request line too long", 414))
            self._pendingStart = data
            return b""
        line = data[:end].rstrip(b"\r")
        if not line:
            # Blank lines between requests: llhttp skips them.
            return data
        parts = line.split(b" ")
        if len(parts) != 3 or not all(parts):
            raise self._fail(HTTPParseError(f"malformed request line {line[:100]!r}"))
        method = parts[0]
        if not all(c in _TOKEN_CHARS for c in method):
            raise self._fail(HTTPParseError(f"invalid method {method[:100]!r}"))
        if not _llhttpKnows(method):
            self._methodOverride = method
            data = b"GET" + data[len(method) :]
        return data

    def _head(self) -> Event:
        p = self._parser
        assert isinstance(p, httptools.HttpRequestParser)
        version = _VERSIONS.get(p.get_http_version())
        if version is None:
            version = b"HTTP/" + p.get_http_version().encode("ascii")
        headers = self._headers
        for name, _ in headers:
            if len(name) in _FRAMING_NAME_LENGTHS:
                # A header that may matter here: the detailed path.
                chunked, length, expect = _info_or_fail(headers)
                if chunked:
                    _check_request_codings(headers)
                alive = keep_alive(version, headers)
                break
        else:
            # No Connection, Content-Length, Transfer-Encoding or Expect header.
            chunked, length, expect = False, None, False
            alive = version == b"HTTP/1.1"
        method = p.get_method()
        if self._methodOverride is not None:
            method, self._methodOverride = self._methodOverride, None
        return RequestHead(
            method,
            self._target,
            version,
            headers,
            alive,
            expect and version == b"HTTP/1.1",
            chunked,
            length,
        )


#: Versions as llhttp reports them, and as start lines spell them.
_VERSIONS = {"1.1": b"HTTP/1.1", "1.0": b"HTTP/1.0"}
#: Lengths of the names _header_info and keep_alive look at (connection, content-length,
#: transfer-encoding, expect): a header of another length cannot be one of them.
_FRAMING_NAME_LENGTHS = frozenset(
    len(n) for n in (b"connection", b"content-length", b"transfer-encoding", b"expect")
)


def _check_request_codings(headers: Headers) -> None:
    """A request body may only be chunked, as on Twisted: each ``Transfer-Encoding``
    header must say ``chunked`` (once in all) or ``identity``.  llhttp only checks that
    ``chunked`` comes last, which would hand a gzip-coded body on as if it were plain."""
    chunked = 0
    for name, value in headers:
        if len(name) == 17 and name.lower() == b"transfer-encoding":
            coding = value.strip(b" \t").lower()
            if coding == b"chunked":
                chunked += 1
            elif coding != b"identity":
                raise HTTPParseError(f"unsupported transfer coding {value[:100]!r}")
    if chunked > 1:
        raise HTTPParseError("Transfer-Encoding: chunked given more than once")


def _info_or_fail(headers: Headers) -> tuple[bool, int | None, bool]:
    try:
        return _header_info(headers)
    except ValueError:
        raise HTTPParseError("invalid Content-Length") from None


class ResponseParser(_BaseParser):
    """Client side: parse responses.

    Call ``expect_no_body()`` before the bytes of a response to a HEAD request arrive
    (1xx, 204 and 304 responses are recognised as bodiless on their own), and
    ``feed_eof()`` when the connection closes: it ends a body delimited by the close or
    raises ``HTTPParseError`` if a message was cut short.
    """

    def __init__(
        self,
        max_line: int = MAX_LINE,
        max_headers_size: int = MAX_HEADERS_SIZE,
        max_header_count: int = MAX_HEADER_COUNT,
    ) -> None:
        super().__init__(max_line, max_headers_size, max_header_count)
        self._no_body = 0
        self._buffer = b""
        self._until_close = False
        self._in_message = False

    def _make(self) -> httptools.HttpResponseParser:
        return httptools.HttpResponseParser(self)

    def _begin(self) -> None:
        super()._begin()
        self._in_message = True
        self._until_close = False

    def _message_complete(self) -> None:
        super()._message_complete()
        self._in_message = False

    def _head(self) -> Event:
        p = self._parser
        assert isinstance(p, httptools.HttpResponseParser)
        version = b"HTTP/" + p.get_http_version().encode("ascii")
        status = p.get_status_code()
        chunked, length, _ = _info_or_fail(self._headers)
        self._until_close = not chunked and length is None and status >= 200
        return ResponseHead(
            version=version,
            status=status,
            reason=self._reason,
            headers=self._headers,
            keep_alive=keep_alive(version, self._headers) and not self._until_close,
            chunked=chunked,
            content_length=length,
        )

    def expect_no_body(self) -> None:
        """The next final response (after any 1xx) answers a HEAD request."""
        self._no_body += 1

    def feed(self, data: bytes) -> list[Event]:
        if self._error is not None:
            raise self._error._again()
        if not self._no_body or self._in_message:
            return super().feed(data)
        out: list[Event] = []
        try:
            self._feed_bodiless(data, out)
        except HTTPParseError as e:
            # Responses completed before the error are still the caller's.
            e.events = out + e.events
            raise
        return out

    def _feed_bodiless(self, data: bytes, out: list[Event]) -> None:
        """A HEAD response: its head alone is the message.  Feed exactly the head to a
        parser, then report the message complete ourselves (events go to ``out``)."""
        self._buffer += data
        while self._no_body and not self._in_message:
            end = self._buffer.find(b"\r\n\r\n")
            if end < 0:
                if len(self._buffer) > self.max_headers_size + self.max_line:
                    raise self._fail(HTTPParseError("header section too large", 431))
                return
            head, self._buffer = self._buffer[: end + 4], self._buffer[end + 4 :]
            self._parser = self._make()
            events = super().feed(head)
            self._parser = self._make()
            self._in_message = False
            for ev in events:
                if isinstance(ev, ResponseHead):
                    out.append(ev)
                    if ev.status >= 200:
                        self._no_body -= 1
                    out.append(EndOfMessage())
                    ev.keep_alive = keep_alive(ev.version, ev.headers)
        rest, self._buffer = self._buffer, b""
        if rest:
            out.extend(super().feed(rest))

    def feed_eof(self) -> list[Event]:
        """The peer closed the connection; return the events this completes."""
        if self._error is not None:
            raise self._error._again()
        if self._in_message:
            if self._until_close:
                self._in_message = False
                return [EndOfMessage()]
            raise self._fail(HTTPParseError("connection closed before the message ended"))
        if self._buffer:
            raise self._fail(HTTPParseError("connection closed inside a response head"))
        return []


# -- serializing -------------------------------------------------------------------------

_TOKEN = re.compile(rb"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")
_BAD_VALUE = re.compile(rb"[\r\n\x00]")


def _check_header(name: bytes, value: bytes) -> None:
    if not _TOKEN.match(name):
        raise LocalProtocolError(f"invalid header name {name!r}")
    if _BAD_VALUE.search(value):
        raise LocalProtocolError(f"invalid header value {value!r}")


def _serialize_headers(headers: Sequence[tuple[bytes, bytes]]) -> list[bytes]:
    parts = []
    for name, value in headers:
        _check_header(name, value)
        parts.append(b"%s: %s\r\n" % (name, value))
    parts.append(b"\r\n")
    return parts


def serialize_request_head(
    method: bytes,
    target: bytes,
    headers: Sequence[tuple[bytes, bytes]],
    version: bytes = b"HTTP/1.1",
) -> bytes:
    """The bytes of a request line and header section."""
    if not _TOKEN.match(method):
        raise LocalProtocolError(f"invalid method {method!r}")
    if not target or re.search(rb"[\s\x00-\x1f\x7f]", target):
        raise LocalProtocolError(f"invalid request target {target!r}")
    return b"".join([b"%s %s %s\r\n" % (method, target, version), *_serialize_headers(headers)])


def serialize_response_head(
    version: bytes,
    code: int,
    reason: bytes,
    headers: Sequence[tuple[bytes, bytes]],
) -> bytes:
    """The bytes of a status line and header section."""
    if _BAD_VALUE.search(reason):
        raise LocalProtocolError(f"invalid reason phrase {reason!r}")
    return b"".join([b"%s %d %s\r\n" % (version, code, reason), *_serialize_headers(headers)])


def encode_chunk(data: bytes) -> bytes:
    """One chunk of a chunked body (empty data gives nothing: it would end the body)."""
    if not data:
        return b""
    return b"%x\r\n%s\r\n" % (len(data), data)


def encode_last_chunk(trailers: Sequence[tuple[bytes, bytes]] = ()) -> bytes:
    """The terminating chunk, with optional trailers."""
    if not trailers:
        return LAST_CHUNK
    return b"".join([b"0\r\n", *_serialize_headers(trailers)])
