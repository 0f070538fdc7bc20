"""Interfaces of twisted.web: requests, renderables, body producers, the client Agent."""

from __future__ import annotations

from typing import Any

from zope.interface import Attribute, Interface

from twistio.internet.interfaces import IPushProducer

__name__ = "twisted.web.iweb"

__all__ = [
    "UNKNOWN_LENGTH",
    "IAccessLogFormatter",
    "IAgent",
    "IAgentEndpointFactory",
    "IBodyProducer",
    "IClientRequest",
    "ICredentialFactory",
    "INonQueuedRequestFactory",
    "IPolicyForHTTPS",
    "IRenderable",
    "IRequest",
    "IResponse",
    "ITemplateLoader",
]


class _UnknownLength:
    """Marker for a body of unknown length (``IBodyProducer.length``)."""

    def __repr__(self) -> str:
        return "twisted.web.iweb.UNKNOWN_LENGTH"


UNKNOWN_LENGTH: Any = _UnknownLength()


class IRequest(Interface):
    """An HTTP request being answered by the server."""

    method = Attribute("The request method, bytes (b'GET').")
    uri = Attribute("The full request target, bytes.")
    path = Attribute("The path of the target, without the query, bytes.")
    args = Attribute("Query (and form body) arguments: dict of bytes to lists of bytes.")
    prepath = Attribute("Path segments already traversed.")
    postpath = Attribute("Path segments still to traverse.")
    requestHeaders = Attribute("The request's Headers.")
    responseHeaders = Attribute("The response's Headers.")
    content = Attribute("A file holding the request body.")

    def getHeader(key: Any) -> Any:
        """The last value of a request header, or None."""

    def getCookie(key: Any) -> Any:
        """A received cookie's value, or None."""

    def getAllHeaders() -> Any:
        """Request headers as a dict of lower-case names to last values."""

    def getRequestHostname() -> Any:
        """The host name the client asked for, without the port."""

    def getHost() -> Any:
        """The server's address for this connection."""

    def getClientAddress() -> Any:
        """The client's address."""

    def getClientIP() -> Any:
        """The client's IP (deprecated)."""

    def getUser() -> Any:
        """The user name from Basic authorization, or b''."""

    def getPassword() -> Any:
        """The password from Basic authorization, or b''."""

    def isSecure() -> Any:
        """Whether the request came over TLS."""

    def getSession(sessionInterface: Any = None) -> Any:
        """The session of this request, created when needed."""

    def URLPath() -> Any:
        """A URLPath for this request."""

    def prePathURL() -> Any:
        """The absolute URL of the traversed path."""

    def rememberRootURL() -> Any:
        """Remember the current URL as the site root."""

    def getRootURL() -> Any:
        """The remembered root URL."""

    def finish() -> Any:
        """The response is complete."""

    def write(data: Any) -> Any:
        """Write some of the response body."""

    def addCookie(k: Any, v: Any, expires: Any = None, domain: Any = None, path: Any = None, max_age: Any = None, comment: Any = None, secure: Any = None) -> Any:
        """Set a cookie in the response."""

    def setResponseCode(code: Any, message: Any = None) -> Any:
        """Set the response status."""

    def setHeader(name: Any, value: Any) -> Any:
        """Set a response header."""

    def redirect(url: Any) -> Any:
        """Answer with a 302 redirect to url."""

    def setLastModified(when: Any) -> Any:
        """Set Last-Modified; returns CACHED when the client's copy is current."""

    def setETag(etag: Any) -> Any:
        """Set ETag; returns CACHED when the client's copy matches."""

    def setHost(host: Any, port: Any, ssl: Any = 0) -> Any:
        """Pretend the request was made to host:port (for proxies)."""


class INonQueuedRequestFactory(Interface):
    """Makes requests for a channel."""

    def __call__(channel: Any) -> Any:
        """A new request for channel."""


class IAccessLogFormatter(Interface):
    """Formats one access log line."""

    def __call__(timestamp: Any, request: Any) -> Any:
        """The log line (str) for request, finished at timestamp."""


class ICredentialFactory(Interface):
    """Makes credentials from an HTTP Authorization header (guard)."""

    scheme = Attribute("The authentication scheme, bytes (b'basic').")

    def getChallenge(request: Any) -> Any:
        """The parameters of the WWW-Authenticate challenge, a dict."""

    def decode(response: Any, request: Any) -> Any:
        """Credentials from the Authorization response; LoginFailed if bad."""


class IBodyProducer(IPushProducer):
    """Produces a request body for the client."""

    length = Attribute("The body length in bytes, or UNKNOWN_LENGTH.")

    def startProducing(consumer: Any) -> Any:
        """Write the body to consumer; returns a Deferred fired when done."""

    def stopProducing() -> Any:
        """Stop writing the body."""


class IRenderable(Interface):
    """Something the template flattener can render."""

    def lookupRenderMethod(name: Any) -> Any:
        """The render method called name."""

    def render(request: Any) -> Any:
        """The flattenable content for request."""


class ITemplateLoader(Interface):
    """Loads a template."""

    def load() -> Any:
        """The list of flattenable objects of the template."""


class IResponse(Interface):
    """A response received by the client."""

    version = Attribute("(b'HTTP', major, minor)")
    code = Attribute("The status code, int.")
    phrase = Attribute("The reason phrase, bytes.")
    headers = Attribute("The response Headers.")
    length = Attribute("The body length, or UNKNOWN_LENGTH.")
    request = Attribute("The IClientRequest this answers.")
    previousResponse = Attribute("The response before a redirect, or None.")

    def deliverBody(protocol: Any) -> Any:
        """Deliver the body to protocol."""

    def setPreviousResponse(response: Any) -> Any:
        """Set previousResponse."""


class _IRequestEncoder(Interface):
    """Encodes a request body (content encoding)."""

    def encode(data: Any) -> Any:
        """Encoded bytes for data."""

    def finish() -> Any:
        """The last encoded bytes."""


class _IRequestEncoderFactory(Interface):
    """Makes request encoders."""

    def encoderForRequest(request: Any) -> Any:
        """An _IRequestEncoder for request, or None."""


class IClientRequest(Interface):
    """A request sent by the client."""

    method = Attribute("bytes")
    absoluteURI = Attribute("bytes or None")
    headers = Attribute("Headers")


class IAgent(Interface):
    """Makes HTTP requests."""

    def request(method: Any, uri: Any, headers: Any = None, bodyProducer: Any = None) -> Any:
        """A Deferred firing with an IResponse."""


class IPolicyForHTTPS(Interface):
    """Chooses TLS settings per host."""

    def creatorForNetloc(hostname: Any, port: Any) -> Any:
        """A client connection creator for hostname:port."""


class IAgentEndpointFactory(Interface):
    """Makes endpoints for an Agent."""

    def endpointForURI(uri: Any) -> Any:
        """An IStreamClientEndpoint for the URI."""
