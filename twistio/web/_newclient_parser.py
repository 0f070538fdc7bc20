"""The line-level HTTP response parsers of twisted.web._newclient.

``HTTP11ClientProtocol`` parses each response with a :class:`HTTPClientParser`: the client
then accepts and refuses exactly what Twisted's does (folded headers, bare LF line ends,
repeated equal ``Content-Length`` values, ``Content-Length`` beside chunked, which wins), a
difference that a stricter parser (llhttp, the server's) would make visible to callers.

:class:`HTTPParser` is a :class:`LineReceiver` (``\\n`` delimited, a trailing ``\\r`` is
dropped) walking three states:

- ``STATUS``: the next line is the status line, given to :meth:`HTTPParser.statusReceived`;
- ``HEADER``: header lines, unfolded (a line starting with a space or a tab continues the
  previous one), each given whole to :meth:`HTTPParser.headerReceived`; the empty line calls
  :meth:`HTTPParser.allHeadersReceived`;
- ``BODY``: raw bytes, given to the body decoder installed by
  :meth:`HTTPParser.switchToBodyMode`.

:class:`HTTPClientParser` adds ``DONE`` (the response ended; the bytes after it went to the
``finisher``), builds the :class:`Response`, and fires ``_responseDeferred`` with it once its
head is in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from twistio.internet.defer import Deferred
from twistio.logger import Logger
from twistio.protocols.basic import LineReceiver
from twistio.python.failure import Failure
from twistio.web._client_errors import PotentialDataLoss, _DataLoss
from twistio.web._http_decoders import _ChunkedTransferDecoder, _IdentityTransferDecoder
from twistio.web._newclient_errors import (
    BadResponseVersion,
    ParseError,
    ResponseFailed,
    ResponseNeverReceived,
)
from twistio.web._newclient_request import Response
from twistio.web.http_headers import Headers

__name__ = "twisted.web._newclient"

STATUS = "STATUS"
HEADER = "HEADER"
BODY = "BODY"
DONE = "DONE"

# Errors met while finishing a body are logged under the module's namespace.
_moduleLog = Logger(namespace="twisted.web._newclient")

_DIGITS = frozenset(b"0123456789")


class HTTPParser(LineReceiver):
    """Splits an HTTP message head into its status line and headers, then hands on the body.

    ``headers`` collects the end-to-end headers and ``connHeaders`` the connection control
    ones (see :meth:`isConnectionControlHeader`).  Subclasses override
    :meth:`statusReceived` and usually :meth:`allHeadersReceived`.
    """

    CONNECTION_CONTROL_HEADERS: ClassVar[set[bytes]] = {
        b"content-length",
        b"connection",
        b"keep-alive",
        b"te",
        b"trailers",
        b"transfer-encoding",
        b"upgrade",
        b"proxy-connection",
    }

    delimiter = b"\n"
    bodyDecoder: Any = None
    headers: Headers
    connHeaders: Headers
    state: str
    _partialHeader: list[bytes] | None

    def connectionMade(self) -> None:
        """Start expecting a status line, with no headers yet."""
        self.headers = Headers()
        self.connHeaders = Headers()
        self.state = STATUS
        self._partialHeader = None

    def switchToBodyMode(self, decoder: Any) -> None:
        """Send the rest of the bytes to ``decoder``; ``RuntimeError`` if one is already set."""
        if self.bodyDecoder is not None:
            raise RuntimeError("already in body mode")
        self.bodyDecoder = decoder
        self.setRawMode()

    def lineReceived(self, line: bytes) -> None:
        """Handle one line of the head according to the state."""
        if line[-1:] == b"\r":
            line = line[:-1]
        if self.state == STATUS:
            self.statusReceived(line)
            self.state = HEADER
        elif self.state == HEADER:
            if line and line[0] in b" \t":
                # A folded continuation: kept as it is, so the value is joined verbatim.
                partial = self._partialHeader
                if partial is None:
                    raise ParseError("continuation line without a header", line)
                partial.append(line)
                return
            partial = self._partialHeader
            if partial is not None:
                # The previous header is complete now that a non-continuation line came.
                name, value = b"".join(partial).split(b":", 1)
                self.headerReceived(name, value.strip())
            if line:
                self._partialHeader = [line]
            else:
                self.allHeadersReceived()

    def rawDataReceived(self, data: bytes) -> None:
        """Body bytes: to the body decoder."""
        self.bodyDecoder.dataReceived(data)

    def isConnectionControlHeader(self, name: bytes) -> bool:
        """Whether the lower-cased header ``name`` concerns this connection only."""
        return name in self.CONNECTION_CONTROL_HEADERS

    def statusReceived(self, status: bytes) -> None:
        """Override: called with the status line (without its line ending)."""

    def headerReceived(self, name: bytes, value: bytes) -> None:
        """Store one header in ``connHeaders`` or ``headers``; ``value`` is stripped."""
        if self.isConnectionControlHeader(name.lower()):
            self.connHeaders.addRawHeader(name, value)
        else:
            self.headers.addRawHeader(name, value)

    def allHeadersReceived(self) -> None:
        """The head is complete: switch to body mode (no decoder here)."""
        self.switchToBodyMode(None)
        self.state = BODY

    def connectionLost(self, reason: Failure | None = None) -> None:  # type: ignore[override]
        """Nothing to clean up at this level."""


def _contentLength(values: list[bytes]) -> int:
    """The one length the ``Content-Length`` values agree on, or ``ValueError``."""
    if len(values) == 1 and values[0].isdigit():
        # The usual case: one plain number (bytes.isdigit is ASCII digits only).
        return int(values[0])
    lengths = set()
    for value in b",".join(values).split(b","):
        digits = value.strip()
        if not digits or not _DIGITS.issuperset(digits):
            raise ValueError(f"Value contains non-decimal digits: {digits!r}")
        lengths.add(int(digits))
    if len(lengths) != 1:
        raise ValueError(
            "Invalid response: conflicting Content-Length headers: " + repr(b",".join(values))
        )
    return lengths.pop()


class HTTPClientParser(HTTPParser):
    """Parses one response to ``request``; ``finisher(extra)`` is called when it has ended.

    ``_responseDeferred`` fires with the :class:`Response` once the head is in (after the
    body's end, for a response that has no body), or fails with
    :class:`ResponseNeverReceived` / :class:`ResponseFailed` if the connection ends first.
    ``1xx`` responses are logged and skipped.
    """

    NO_BODY_CODES: ClassVar[set[int]] = {204, 304}
    _transferDecoders: ClassVar[dict[bytes, Any]] = {b"chunked": _ChunkedTransferDecoder}
    _log = Logger()
    response: Any = None

    def __init__(self, request: Any, finisher: Callable[[bytes], object] | None) -> None:
        self.request = request
        self.finisher = finisher
        self._responseDeferred: Deferred[Response] = Deferred()
        self._everReceivedData = False

    def dataReceived(self, data: bytes) -> Any:
        """Note that something arrived (for the kind of failure), then parse it."""
        self._everReceivedData = True
        return HTTPParser.dataReceived(self, data)

    def parseVersion(self, strversion: bytes) -> tuple[bytes, int, int]:
        """``b"HTTP/1.1"`` -> ``(b"HTTP", 1, 1)``; :class:`BadResponseVersion` otherwise."""
        try:
            proto, numbers = strversion.split(b"/")
            major, minor = numbers.split(b".")
            version = (proto, int(major), int(minor))
        except ValueError as e:
            raise BadResponseVersion(str(e), strversion) from None
        if version[1] < 0 or version[2] < 0:
            raise BadResponseVersion("version may not be negative", strversion)
        return version

    def statusReceived(self, status: bytes) -> None:
        """Parse the status line into a new :class:`Response` (:class:`ParseError` if bad)."""
        parts = status.split(b" ", 2)
        if len(parts) == 2:
            version, code = parts
            phrase = b""
        elif len(parts) == 3:
            version, code, phrase = parts
        else:
            raise ParseError("wrong number of parts", status)
        try:
            statusCode = int(code)
        except ValueError:
            raise ParseError("non-integer status code", status) from None
        self.response = Response._construct(
            self.parseVersion(version),
            statusCode,
            phrase,
            self.headers,
            self.transport,
            self.request,
        )

    def _finished(self, rest: bytes) -> None:
        """The response ended; ``rest`` is what followed it."""
        self.state = DONE
        assert self.finisher is not None
        self.finisher(rest)

    def isConnectionControlHeader(self, name: bytes) -> bool:
        """As :meth:`HTTPParser.isConnectionControlHeader`, except that the
        ``Content-Length`` of a response to ``HEAD`` describes the entity."""
        if name not in self.CONNECTION_CONTROL_HEADERS:
            return False
        return name != b"content-length" or self.request.method != b"HEAD"

    def allHeadersReceived(self) -> None:
        """Pick how the body ends, then hand out the response."""
        response = self.response
        if 100 <= response.code < 200:
            # An interim answer (100 Continue, 103 Early Hints): wait for the real one.
            self._log.info("Ignoring unexpected {code} response", code=response.code)
            self.connectionMade()
            del self.response
            return
        if self.request.method == b"HEAD" or response.code in self.NO_BODY_CODES:
            self._noBody()
        else:
            transferEncoding = self.connHeaders.getRawHeaders(b"transfer-encoding")
            if transferEncoding:
                decoderFactory = self._transferDecoders[transferEncoding[0].lower()]
                decoder = decoderFactory(response._bodyDataReceived, self._finished)
            else:
                lengths = self.connHeaders.getRawHeaders(b"content-length")
                if lengths is None:
                    length = None
                else:
                    length = _contentLength(lengths)
                    response.length = length
                if length == 0:
                    self._noBody()
                    decoder = None
                else:
                    decoder = _IdentityTransferDecoder(
                        length, response._bodyDataReceived, self._finished
                    )
            if decoder is not None:
                # Reading waits until someone asks for the body (Response.deliverBody).
                self.transport.pauseProducing()
                self.switchToBodyMode(decoder)
                self.state = BODY
        finished = self._responseDeferred
        del self._responseDeferred
        finished.callback(response)

    def _noBody(self) -> None:
        self.response.length = 0
        self._finished(self.clearLineBuffer())
        self.response._bodyDataFinished()

    def connectionLost(self, reason: Failure | None = None) -> None:  # type: ignore[override]
        """End the body (with the right reason) or fail the response Deferred."""
        if self.bodyDecoder is not None:
            try:
                try:
                    self.bodyDecoder.noMoreData()
                except PotentialDataLoss:
                    self.response._bodyDataFinished(Failure())
                except _DataLoss:
                    self.response._bodyDataFinished(
                        Failure(ResponseFailed([reason, Failure()], self.response))
                    )
                else:
                    self.response._bodyDataFinished()
            except BaseException:
                _moduleLog.failure("while interacting with body decoder:")
        elif self.state != DONE:
            failure: ResponseFailed
            if self._everReceivedData:
                failure = ResponseFailed([reason])
            else:
                failure = ResponseNeverReceived([reason])
            finished = self._responseDeferred
            del self._responseDeferred
            finished.errback(Failure(failure))
