"""twisted.web.client: the HTTP client.

``Agent`` makes requests (``HTTPConnectionPool`` keeps connections open between them);
``readBody`` reads a response body; ``FileBodyProducer`` sends one; wrappers add redirects
(``RedirectAgent``, ``BrowserLikeRedirectAgent``), decoding (``ContentDecoderAgent`` with
``GzipDecoder``), cookies (``CookieAgent``), and ``ProxyAgent`` goes through an HTTP proxy.
``getPage``/``downloadPage`` are the classic (deprecated) one-call helpers.
"""

from __future__ import annotations

from twistio.python.deprecate import deprecatedModuleAttribute
from twistio.python.versions import Version
from twistio.web._client_agent import (
    URI,
    Agent,
    BrowserLikePolicyForHTTPS,
    HostnameCachingHTTPSPolicy,
    HTTPConnectionPool,
    ProxyAgent,
    WebClientContextFactory,
    _AgentBase,
    _HTTP11ClientFactory,
    _RetryingHTTP11ClientProtocol,
    _StandardEndpointFactory,
)
from twistio.web._client_body import (
    ContentDecoderAgent,
    FileBodyProducer,
    GzipDecoder,
    PartialDownloadError,
    _GzipProtocol,
    _ReadBodyProtocol,
    readBody,
)
from twistio.web._client_errors import PotentialDataLoss
from twistio.web._client_getpage import downloadPage, getPage
from twistio.web._client_redirect import (
    BrowserLikeRedirectAgent,
    CookieAgent,
    RedirectAgent,
    _defaultSensitiveHeaders,
    _FakeStdlibRequest,
    _FakeStdlibResponse,
    _urljoin,
)
from twistio.web._newclient import (
    HTTP11ClientProtocol,
    Request,
    RequestGenerationFailed,
    RequestNotSent,
    RequestTransmissionFailed,
    Response,
    ResponseDone,
    ResponseFailed,
    ResponseNeverReceived,
    _WrapperException,
)
from twistio.web.http_headers import Headers
from twistio.web.iweb import UNKNOWN_LENGTH

__name__ = "twisted.web.client"

__all__ = [
    "Agent",
    "BrowserLikePolicyForHTTPS",
    "BrowserLikeRedirectAgent",
    "ContentDecoderAgent",
    "CookieAgent",
    "GzipDecoder",
    "HTTPConnectionPool",
    "PartialDownloadError",
    "ProxyAgent",
    "readBody",
    "RedirectAgent",
    "RequestGenerationFailed",
    "RequestTransmissionFailed",
    "Response",
    "ResponseDone",
    "ResponseFailed",
    "ResponseNeverReceived",
    "URI",
]

deprecatedModuleAttribute(
    Version("Twisted", 14, 0, 0),
    "please use twisted.web.client.BrowserLikePolicyForHTTPS instead",
    "twisted.web.client",
    "WebClientContextFactory",
)

_private = (
    Headers,
    HostnameCachingHTTPSPolicy,
    HTTP11ClientProtocol,
    PotentialDataLoss,
    Request,
    RequestNotSent,
    UNKNOWN_LENGTH,
    FileBodyProducer,
    _AgentBase,
    _HTTP11ClientFactory,
    _RetryingHTTP11ClientProtocol,
    _StandardEndpointFactory,
    _GzipProtocol,
    _ReadBodyProtocol,
    _WrapperException,
    _defaultSensitiveHeaders,
    _FakeStdlibRequest,
    _FakeStdlibResponse,
    _urljoin,
    getPage,
    downloadPage,
    WebClientContextFactory,
)
