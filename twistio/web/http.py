"""twisted.web.http: HTTP/1.x server protocol (HTTPChannel, HTTPFactory, Request).

The wire format lives in ``twistio._sansio.http``; this module and its private parts
(``_http_request``, ``_http_channel``, ``_http_util``, ``_http_form``) give it Twisted's
API.
"""

from __future__ import annotations

from typing import Any

from twistio.python.deprecate import deprecatedModuleAttribute
from twistio.python.versions import Version
from twistio.web._client_errors import PotentialDataLoss as PotentialDataLoss
from twistio.web._client_errors import _DataLoss as _DataLoss
from twistio.web._http_channel import (
    _REQUEST_TIMEOUT,
    HTTPChannel,
    HTTPFactory,
    _escape,
    _GenericHTTPChannelProtocol,
    _genericHTTPChannelProtocolFactory,
    _XForwardedForAddress,
    _XForwardedForRequest,
    combinedLogFormatter,
    proxiedLogFormatter,
)
from twistio.web._http_client import HTTPClient
from twistio.web._http_decoders import (
    _ChunkedTransferDecoder,
    _chunkExtChars,
    _IdentityTransferDecoder,
    _MalformedChunkedDataError,
    maxChunkSizeLineLength,
)
from twistio.web._http_form import _parseContentType
from twistio.web._http_request import (
    _QUEUED_SENTINEL,
    CACHED,
    NO_BODY_CODES,
    Request,
    _getContentFile,
    _IDeprecatedHTTPChannelToRequestInterface,
)
from twistio.web._http_util import (
    _hexint,
    _ishexdigits,
    datetimeToLogString,
    datetimeToString,
    fromChunk,
    monthname,
    monthname_lower,
    parse_qs,
    parseContentRange,
    stringToDatetime,
    timegm,
    toChunk,
    urlparse,
    weekdayname,
    weekdayname_lower,
)
from twistio.web._responses import *  # noqa: F403
from twistio.web._responses import RESPONSES
from twistio.web.http_headers import Headers, InvalidHeaderName, _nameEncoder

__name__ = "twisted.web.http"

class StringTransport:
    """A write-only transport into memory (``getvalue()``), for tests."""

    def __init__(self) -> None:
        from io import BytesIO

        self.s = BytesIO()

    def writeSequence(self, seq: Any) -> None:
        self.s.write(b"".join(seq))

    def __getattr__(self, attr: str) -> Any:
        return getattr(self.__dict__["s"], attr)


deprecatedModuleAttribute(
    Version("Twisted", 24, 7, 0),
    "Use twisted.web.client.Agent instead.",
    "twisted.web.http",
    "HTTPClient",
)

#: Twisted's old lower-case alias of RESPONSES.
responses = RESPONSES

protocol_version = "HTTP/1.1"

#: HTTP/2 needs the h2 package, which twistio does not support.
H2_ENABLED = False

__all__ = [
    "CACHED",
    "H2_ENABLED",
    "NO_BODY_CODES",
    "RESPONSES",
    "HTTPChannel",
    "HTTPFactory",
    "Headers",
    "InvalidHeaderName",
    "Request",
    "combinedLogFormatter",
    "datetimeToLogString",
    "datetimeToString",
    "fromChunk",
    "parseContentRange",
    "parse_qs",
    "proxiedLogFormatter",
    "responses",
    "stringToDatetime",
    "timegm",
    "toChunk",
    "urlparse",
]

_unused = (
    _REQUEST_TIMEOUT, _escape, _XForwardedForAddress, _XForwardedForRequest, _parseContentType,
    _QUEUED_SENTINEL, _getContentFile, _hexint, _ishexdigits, monthname, monthname_lower,
    weekdayname, weekdayname_lower, _nameEncoder, PotentialDataLoss, _DataLoss,
    _ChunkedTransferDecoder, _chunkExtChars, _IdentityTransferDecoder,
    _MalformedChunkedDataError, maxChunkSizeLineLength, _genericHTTPChannelProtocolFactory,
    _GenericHTTPChannelProtocol, _IDeprecatedHTTPChannelToRequestInterface, HTTPClient,
)  # fmt: skip
