"""Agents wrapping other agents: redirects and cookies (twisted.web.client)."""

from __future__ import annotations

import importlib
import urllib.request
from email.message import Message
from typing import Any
from urllib.parse import urldefrag, urljoin

from zope.interface import implementer

from twistio.internet.defer import Deferred
from twistio.python.failure import Failure
from twistio.web._client_agent import URI
from twistio.web._newclient_errors import ResponseFailed
from twistio.web.http_headers import Headers
from twistio.web.iweb import IAgent

__name__ = "twisted.web.client"

_defaultSensitiveHeaders = frozenset(
    [b"authorization", b"cookie", b"cookie2", b"proxy-authorization", b"www-authenticate"]
)


def _urljoin(base: bytes, url: bytes) -> bytes:
    """Resolve ``url`` against ``base``; keep ``base``'s fragment if ``url`` has none."""
    base, baseFrag = urldefrag(base)
    url, urlFrag = urldefrag(urljoin(base, url))
    return urljoin(url, b"#" + (urlFrag or baseFrag))


def _webError() -> Any:
    return importlib.import_module("twistio.web.error")


@implementer(IAgent)
class RedirectAgent:
    """Follow redirects: 301, 302, 307 and 308 for GET and HEAD; 303 turns into GET.

    A redirect the agent may not follow fails with ``ResponseFailed`` holding a
    ``twisted.web.error.PageRedirect``; more than ``redirectLimit`` redirects with
    ``InfiniteRedirection``; no Location header with ``RedirectWithNoLocation``.  Sensitive
    headers (Authorization, Cookie...) are dropped when the redirect leaves the origin.
    """

    _redirectResponses = [301, 302, 307, 308]
    _seeOtherResponses = [303]

    def __init__(self, agent: Any, redirectLimit: int = 20, sensitiveHeaderNames: Any = ()) -> None:
        self._agent = agent
        self._redirectLimit = redirectLimit
        self._sensitiveHeaderNames = _defaultSensitiveHeaders | frozenset(
            name.lower() for name in sensitiveHeaderNames
        )

    def request(
        self, method: bytes, uri: bytes, headers: Any = None, bodyProducer: Any = None
    ) -> Deferred[Any]:
        """Send the request, following redirects as described above."""
        deferred = self._agent.request(method, uri, headers, bodyProducer)
        return deferred.addCallback(  # type: ignore[no-any-return]
            self._handleResponse, method, uri, headers, 0
        )

    def _handleRedirect(
        self, response: Any, method: bytes, uri: bytes, headers: Any, redirectCount: int
    ) -> Deferred[Any]:
        error = _webError()
        if redirectCount >= self._redirectLimit:
            err = error.InfiniteRedirection(
                response.code, b"Infinite redirection detected", location=uri
            )
            raise ResponseFailed([Failure(err)], response)
        locationHeaders = response.headers.getRawHeaders(b"location", [])
        if not locationHeaders:
            err = error.RedirectWithNoLocation(response.code, b"No location header field", uri)
            raise ResponseFailed([Failure(err)], response)
        location = _urljoin(uri, locationHeaders[0])
        oldURI, newURI = URI.fromBytes(uri), URI.fromBytes(location)
        if headers is not None and (oldURI.scheme, oldURI.host, oldURI.port) != (
            newURI.scheme,
            newURI.host,
            newURI.port,
        ):
            headers = Headers(
                {
                    name: values
                    for name, values in headers.getAllRawHeaders()
                    if name.lower() not in self._sensitiveHeaderNames
                }
            )
        deferred = self._agent.request(method, location, headers)

        def chain(newResponse: Any) -> Any:
            newResponse.setPreviousResponse(response)
            return newResponse

        deferred.addCallback(chain)
        # As Twisted does, later redirects are judged (and reported) against the URI first
        # requested.
        return deferred.addCallback(  # type: ignore[no-any-return]
            self._handleResponse, method, uri, headers, redirectCount + 1
        )

    def _handleResponse(
        self, response: Any, method: bytes, uri: bytes, headers: Any, redirectCount: int
    ) -> Any:
        if response.code in self._redirectResponses:
            if method not in (b"GET", b"HEAD"):
                err = _webError().PageRedirect(response.code, location=uri)
                raise ResponseFailed([Failure(err)], response)
            return self._handleRedirect(response, method, uri, headers, redirectCount)
        if response.code in self._seeOtherResponses:
            return self._handleRedirect(response, b"GET", uri, headers, redirectCount)
        return response


class BrowserLikeRedirectAgent(RedirectAgent):
    """Redirect as browsers do: 301, 302 and 303 become GET for any method; 307/308 keep it."""

    _redirectResponses = [307, 308]
    _seeOtherResponses = [301, 302, 303]


class _FakeStdlibRequest(urllib.request.Request):
    """A request for ``http.cookiejar``, made from the URI (bytes) being requested.

    Headers the jar adds (Cookie) are also collected in ``_twistedHeaders``.
    """

    def __init__(self, uri: bytes) -> None:
        super().__init__(uri.decode("ascii"))
        self._twistedHeaders = Headers()

    def add_unredirected_header(self, key: str, val: str) -> None:
        super().add_unredirected_header(key, val)
        self._twistedHeaders.addRawHeader(key.encode("ascii"), val.encode("latin-1"))


class _FakeStdlibResponse:
    """What ``http.cookiejar`` wants of a response: ``info().get_all(name, default)``."""

    def __init__(self, response: Any) -> None:
        self.response = response

    def info(self) -> Message:
        message = Message()
        for name, values in self.response.headers.getAllRawHeaders():
            for value in values:
                message[name.decode("latin-1")] = value.decode("latin-1")
        return message


@implementer(IAgent)
class CookieAgent:
    """Send the cookies of ``cookieJar`` (an ``http.cookiejar.CookieJar``) with each request
    and store the cookies each response sets."""

    def __init__(self, agent: Any, cookieJar: Any) -> None:
        self._agent = agent
        self.cookieJar = cookieJar

    def request(
        self, method: bytes, uri: bytes, headers: Any = None, bodyProducer: Any = None
    ) -> Deferred[Any]:
        """Send the request with a Cookie header unless one was given."""
        if headers is None:
            headers = Headers()
        lastRequest = _FakeStdlibRequest(uri)
        if not headers.hasHeader(b"cookie"):
            self.cookieJar.add_cookie_header(lastRequest)
            cookieHeader = lastRequest.get_header("Cookie", None)
            if cookieHeader is not None:
                headers = headers.copy()
                headers.addRawHeader(b"cookie", cookieHeader.encode("latin-1"))
        d = self._agent.request(method, uri, headers, bodyProducer)

        def extract(response: Any) -> Any:
            self.cookieJar.extract_cookies(_FakeStdlibResponse(response), lastRequest)
            return response

        return d.addCallback(extract)  # type: ignore[no-any-return]
