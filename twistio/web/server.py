"""twisted.web.server: Site, the resource-rendering Request, sessions."""

from __future__ import annotations

import copy
import os
import zlib
from binascii import hexlify
from html import escape
from typing import Any
from urllib.parse import quote as _quote
from urllib.parse import unquote_to_bytes

from zope.interface import implementer

from twistio.logger import Logger
from twistio.python import components, failure, reflect
from twistio.web import iweb, resource
from twistio.web._http_channel import HTTPFactory
from twistio.web._http_request import Request as _HTTPRequest
from twistio.web._http_util import datetimeToString
from twistio.web._responses import (
    INTERNAL_SERVER_ERROR,
    NO_CONTENT,
    NOT_ALLOWED,
    NOT_IMPLEMENTED,
    NOT_MODIFIED,
    OK,
)
from twistio.web.error import UnsupportedMethod
from twistio.web.http_headers import Headers

__name__ = "twisted.web.server"

__all__ = ["NOT_DONE_YET", "GzipEncoderFactory", "Request", "Session", "Site", "version"]

#: Returned by render() when the response will be finished later.
NOT_DONE_YET = 1

version = b"TwistedWeb/26.10.0"

#: Methods for which a resource lacking them answers 405 (others get 501).
supportedMethods = (b"GET", b"HEAD", b"POST")


def _PRE(text: str) -> str:
    return f"<pre>{escape(text)}</pre>"


_setHeader = _HTTPRequest.setHeader


@implementer(iweb.IRequest)
class Request(_HTTPRequest, components.Componentized):
    """A request answered by rendering the resource the Site finds for it."""

    defaultContentType: bytes | None = b"text/html"
    site: Any = None
    appRootURL: bytes | None = None
    prepath: list[bytes] | None = None
    postpath: list[bytes] | None = None
    _inFakeHead = False
    _encoder: Any = None
    _log = Logger()

    _secureSession: Any = None
    _insecureSession: Any = None

    def __init__(self, *args: Any, **kw: Any) -> None:
        _HTTPRequest.__init__(self, *args, **kw)
        components.Componentized.__init__(self)

    @property
    def session(self) -> Any:
        """The session of this request if getSession made one, else None."""
        return self._secureSession if self.isSecure() else self._insecureSession

    def process(self) -> None:
        """Find the resource for the path and render it (errors become a 500 page)."""
        self.site = self.channel.site
        self._secureWhileProcessing = self.isSecure()
        headers = self.responseHeaders
        date = datetimeToString()
        if (
            type(headers) is Headers
            and type(self).setHeader is _setHeader
            and type(version) is bytes
            and type(date) is bytes
            and version.find(b"\n") < 0  # bytes.find: cheaper than "in" on bytes
            and version.find(b"\r") < 0
            and date.find(b"\n") < 0
            and date.find(b"\r") < 0
        ):
            # What setHeader does with plain bytes values (the usual case), without
            # the two calls.
            raw = headers._rawHeaders
            raw[b"Server"] = [version]
            raw[b"Date"] = [date]
        else:
            self.setHeader(b"Server", version)
            self.setHeader(b"Date", date)
        self.prepath = []
        assert self.path is not None
        if self.path == b"*":
            self._handleStar()
            return
        segments = self.path[1:].split(b"/")
        # Most paths have no %-escapes: then every segment is already unquoted.
        self.postpath = (
            [unquote_to_bytes(p) for p in segments] if self.path.find(b"%") >= 0 else segments
        )
        try:
            resrc = self.site.getResourceFor(self)
            if resource._IEncodingResource.providedBy(resrc):
                encoder = resrc.getEncoder(self)
                if encoder is not None:
                    self._encoder = encoder
            self.render(resrc)
        except BaseException:
            self.processingFailed(failure.Failure())

    def _handleStar(self) -> None:
        """``OPTIONS *`` gets an empty 200; any other method on ``*`` a 405."""
        if self.method == b"OPTIONS":
            self.setResponseCode(OK)
        else:
            self.setResponseCode(NOT_ALLOWED)
            self.setHeader(b"Allow", b"OPTIONS")
        self.setHeader(b"Content-Length", b"0")
        self.finish()

    def write(self, data: bytes) -> None:
        """Write body data; the first write sets the default Content-Type."""
        if not self.startedWriting:
            # Before headers go out, so HEAD faking can still set Content-Length.
            if self._inFakeHead:
                return
            if self.defaultContentType is not None and self.code not in (
                NOT_MODIFIED,
                NO_CONTENT,
            ):
                headers = self.responseHeaders
                if type(headers) is Headers:
                    # Look in the dict itself: the usual Headers, no calls.
                    raw = headers._rawHeaders
                    needed = b"Content-Type" not in raw and raw.get(b"Content-Length") != [b"0"]
                else:
                    needed = headers.getRawHeaders(
                        b"content-length"
                    ) != [b"0"] and not headers.hasHeader(b"content-type")
                if needed:
                    headers.setRawHeaders(b"content-type", [self.defaultContentType])
        if self._inFakeHead:
            return
        if self._encoder is not None and data:
            data = self._encoder.encode(data)
        _HTTPRequest.write(self, data)

    def finish(self) -> None:
        if self._encoder is not None and not self._disconnected and not self.finished:
            data = self._encoder.finish()
            if data:
                _HTTPRequest.write(self, data)
        return _HTTPRequest.finish(self)

    def render(self, resrc: Any) -> None:
        """Render ``resrc``; answer 405/501 for unsupported methods, HEAD as GET."""
        try:
            body = resrc.render(self)
        except UnsupportedMethod as e:
            allowedMethods = e.allowedMethods
            if self.method == b"HEAD" and b"GET" in allowedMethods:
                self._log.info("Using GET to fake a HEAD request for {resrc}", resrc=resrc)
                self.method = b"GET"
                self._inFakeHead = True
                body = resrc.render(self)
                if body is NOT_DONE_YET:
                    self._log.info(
                        "Tried to fake a HEAD request for {resrc}, but it got away from me.",
                        resrc=resrc,
                    )
                else:
                    self.setHeader(b"content-length", b"%d" % (len(body),))
                self._inFakeHead = False
                self.method = b"HEAD"
                self.write(b"")
                self.finish()
                return
            if self.method in supportedMethods:
                self.setHeader(b"Allow", b", ".join(allowedMethods))
                s = (
                    "Your browser approached me (at {uri}) with the method \"{method}\".  "
                    "I only allow the method{plural} {allowed} here."
                ).format(
                    uri=escape(self.uri.decode("charmap")),
                    method=self.method.decode("charmap"),
                    plural=(len(allowedMethods) > 1) and "s" or "",
                    allowed=", ".join(m.decode("charmap") for m in allowedMethods),
                )
                body = resource._errorPage(NOT_ALLOWED, "Method Not Allowed", s).render(self)
            else:
                body = resource._errorPage(
                    NOT_IMPLEMENTED,
                    "Huh?",
                    f"I don't know how to treat a {escape(self.method.decode('charmap'))} request.",
                ).render(self)
        if body is NOT_DONE_YET:
            return
        if not isinstance(body, bytes):
            body = resource._errorPage(
                INTERNAL_SERVER_ERROR,
                "Request did not return bytes",
                "Request: "
                + _PRE(reflect.safe_repr(self))
                + "<br />Resource: "
                + _PRE(reflect.safe_repr(resrc))
                + "<br />Value: "
                + _PRE(reflect.safe_repr(body)),
            ).render(self)
        if self.method == b"HEAD":
            if len(body) > 0:
                self._log.info(
                    "Warning: HEAD request {slf} for resource {resrc} is returning a "
                    "message body. I think I'll eat it.",
                    slf=self,
                    resrc=resrc,
                )
                self.setHeader(b"content-length", b"%d" % (len(body),))
            self.write(b"")
        else:
            self.setHeader(b"content-length", b"%d" % (len(body),))
            self.write(body)
        self.finish()

    def processingFailed(self, reason: failure.Failure) -> failure.Failure:
        """Log the failure and answer 500 (with the traceback if the site shows them)."""
        self._log.failure("", failure=reason)
        if self.site is not None and self.site.displayTracebacks:
            from twistio.web.util import formatFailure

            body = (
                b"<html><head><title>web.Server Traceback (most recent call last)</title>"
                b"</head><body><b>web.Server Traceback (most recent call last):</b>\n\n"
                + formatFailure(reason)
                + b"\n\n</body></html>\n"
            )
        else:
            body = (
                b"<html><head><title>Processing Failed</title></head><body>"
                b"<b>Processing Failed</b></body></html>"
            )
        self.setResponseCode(INTERNAL_SERVER_ERROR)
        self.setHeader(b"content-type", b"text/html")
        self.setHeader(b"content-length", b"%d" % (len(body),))
        self.write(body)
        self.finish()
        return reason

    def view_write(self, issuer: Any, data: bytes) -> None:
        self.write(data)

    def view_finish(self, issuer: Any) -> None:
        self.finish()

    def view_addCookie(self, issuer: Any, k: bytes, v: bytes, **kwargs: Any) -> None:
        self.addCookie(k, v, **kwargs)

    def view_setHeader(self, issuer: Any, k: bytes, v: bytes) -> None:
        self.setHeader(k, v)

    def view_setLastModified(self, issuer: Any, when: float) -> None:
        self.setLastModified(when)

    def view_setETag(self, issuer: Any, tag: bytes) -> None:
        self.setETag(tag)

    def view_setResponseCode(self, issuer: Any, code: int, message: bytes | None = None) -> None:
        self.setResponseCode(code, message)

    # -- sessions -------------------------------------------------------------------------
    def getSession(self, sessionInterface: Any = None, forceNotSecure: bool = False) -> Any:
        """The request's session (made, with its cookie, when there is none yet)."""
        secure = self.isSecure() and not forceNotSecure
        cookieString = b"TWISTED_SECURE_SESSION" if secure else b"TWISTED_SESSION"
        sessionAttribute = "_secureSession" if secure else "_insecureSession"
        session = getattr(self, sessionAttribute, None)
        if session is not None:
            try:
                session.touch()
            except (AttributeError, KeyError):
                session = None
            else:
                if self.site.sessions.get(session.uid) is not session:
                    session = None
        if session is None:
            cookie = self.getCookie(cookieString)
            if cookie:
                try:
                    session = self.site.getSession(cookie)
                except KeyError:
                    session = None
            if session is None:
                session = self.site.makeSession()
                self.addCookie(cookieString, session.uid, path=b"/", secure=secure)
            setattr(self, sessionAttribute, session)
        session.touch()
        if sessionInterface:
            return session.getComponent(sessionInterface)
        return session

    # -- URLs -----------------------------------------------------------------------------
    _secureWhileProcessing: bool | None = None

    def _urlIsSecure(self) -> bool:
        # URLs stay right after finish(), which drops the channel isSecure() asks.
        if self.channel is None and self._secureWhileProcessing is not None:
            return self._secureWhileProcessing
        return self.isSecure()

    def _prePathURL(self, prepath: list[bytes]) -> bytes:
        port = self.getHost().port
        secure = self._urlIsSecure()
        if secure:
            default = 443
        else:
            default = 80
        hostport = "" if port == default else f":{port}"
        prefix = "http{}://{}{}/".format(
            "s" if secure else "",
            self.getRequestHostname().decode("ascii", "replace"),
            hostport,
        ).encode("ascii")
        path = b"/".join(_quote(segment, safe="").encode("ascii") for segment in prepath)
        return prefix + path

    def prePathURL(self) -> bytes:
        """The absolute URL of the path traversed so far."""
        assert self.prepath is not None
        return self._prePathURL(self.prepath)

    def URLPath(self) -> Any:
        import importlib

        # twisted.python.urlpath is not part of twistio yet: fail plainly if missing.
        urlpath = importlib.import_module("twistio.python.urlpath")
        return urlpath.URLPath.fromRequest(self)

    def rememberRootURL(self) -> None:
        assert self.prepath is not None
        self.appRootURL = self._prePathURL(self.prepath[:-1])

    def getRootURL(self) -> bytes | None:
        return self.appRootURL

    def sibLink(self, name: bytes) -> bytes:
        assert self.postpath is not None and self.prepath is not None
        if self.postpath:
            return (len(self.postpath) * b"../") + name
        return name

    def childLink(self, name: bytes) -> bytes:
        assert self.postpath is not None and self.prepath is not None
        lpp = len(self.postpath)
        if lpp > 1:
            return ((lpp - 1) * b"../") + name
        if lpp == 1:
            return name
        if self.prepath and self.prepath[-1]:
            return self.prepath[-1] + b"/" + name
        return name


@implementer(iweb._IRequestEncoder)
class _GzipEncoder:
    """Compresses a response body with gzip as it is written."""

    _zlibCompressor: Any

    def __init__(self, compressLevel: int, request: Any) -> None:
        self._zlibCompressor = zlib.compressobj(compressLevel, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
        self._request = request

    def encode(self, data: bytes) -> bytes:
        if not self._request.startedWriting:
            self._request.responseHeaders.removeHeader(b"content-length")
        return bytes(self._zlibCompressor.compress(data))

    def finish(self) -> bytes:
        if not self._request.startedWriting:
            self._request.responseHeaders.removeHeader(b"content-length")
        remain = bytes(self._zlibCompressor.flush())
        self._zlibCompressor = None
        return remain


@implementer(iweb._IRequestEncoderFactory)
class GzipEncoderFactory:
    """Makes gzip encoders for requests that accept gzip (EncodingResourceWrapper)."""

    _gzipCheckRegex = __import__("re").compile(rb"(:?^|[\s,])gzip(:?$|[\s,])")
    compressLevel = 9

    def encoderForRequest(self, request: Any) -> _GzipEncoder | None:
        acceptHeaders = b",".join(request.requestHeaders.getRawHeaders(b"accept-encoding", []))
        if self._gzipCheckRegex.search(acceptHeaders):
            encoding = request.responseHeaders.getRawHeaders(b"content-encoding")
            if encoding:
                encoding = b",".join(encoding + [b"gzip"])
            else:
                encoding = b"gzip"
            request.responseHeaders.setRawHeaders(b"content-encoding", [encoding])
            return _GzipEncoder(self.compressLevel, request)
        return None


class Session(components.Componentized):
    """A user session kept by a Site, expiring after ``sessionTimeout`` idle seconds."""

    sessionTimeout = 900
    _expireCall: Any = None

    def __init__(self, site: Any, uid: bytes, reactor: Any = None) -> None:
        super().__init__()
        if reactor is None:
            reactor = getattr(site, "reactor", None)
        if reactor is None:
            from twistio.internet import reactor as _reactor

            reactor = _reactor
        self._reactor = reactor
        self.site = site
        self.uid = uid
        self.expireCallbacks: list[Any] = []
        self.touch()
        self.sessionNamespaces: dict[Any, Any] = {}

    def startCheckingExpiration(self) -> None:
        """Start the expiry timer."""
        self._expireCall = self._reactor.callLater(self.sessionTimeout, self.expire)

    def notifyOnExpire(self, callback: Any) -> None:
        """Call ``callback()`` when the session expires."""
        self.expireCallbacks.append(callback)

    def expire(self) -> None:
        """Forget the session now and run the expiry callbacks."""
        if self.site.sessions.get(self.uid) is self:
            del self.site.sessions[self.uid]
        for c in self.expireCallbacks:
            c()
        self.expireCallbacks = []
        if self._expireCall is not None and self._expireCall.active():
            self._expireCall.cancel()
        # Expired (or expiring now): touch() must not reset a spent timer.
        self._expireCall = None

    def touch(self) -> None:
        """The session was used: restart its expiry timer."""
        self.lastModified = self._reactor.seconds()
        if self._expireCall is not None:
            self._expireCall.reset(self.sessionTimeout)


@implementer(resource.IResource)
class Site(HTTPFactory):
    """An HTTP factory serving a resource tree."""

    counter = 0
    requestFactory: Any = Request
    displayTracebacks = False
    sessionFactory = Session
    sessionCheckTime = 1800
    isLeaf = 0
    _entropy = staticmethod(os.urandom)

    def __init__(
        self,
        resource: Any,
        requestFactory: Any = None,
        *args: Any,
        parsePOSTFormSubmission: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._parsePOSTFormSubmission = parsePOSTFormSubmission
        self.sessions: dict[bytes, Session] = {}
        self.resource = resource
        if requestFactory is not None:
            self.requestFactory = requestFactory

    def _openLogFile(self, path: str) -> Any:
        from twistio.python import logfile

        return logfile.LogFile(os.path.basename(path), os.path.dirname(path))

    def __getstate__(self) -> dict[str, Any]:
        d = self.__dict__.copy()
        d["sessions"] = {}
        return d

    def _mkuid(self) -> bytes:
        return hexlify(self._entropy(32))

    def makeSession(self) -> Session:
        """A new session, remembered by uid."""
        # Kept for compatibility: some code reads it; uids no longer use it.
        self.counter = self.counter + 1
        uid = self._mkuid()
        session = self.sessions[uid] = self.sessionFactory(self, uid)
        session.startCheckingExpiration()
        return session

    def getSession(self, uid: bytes) -> Session:
        """The session ``uid``; KeyError if unknown."""
        return self.sessions[uid]

    def buildProtocol(self, addr: Any) -> Any:
        channel = super().buildProtocol(addr)
        channel.requestFactory = self.requestFactory
        channel.site = self
        return channel

    def render(self, request: Any) -> None:
        """A Site used as a resource redirects to itself with a trailing slash."""
        request.redirect(request.prePathURL() + b"/")
        request.finish()

    def getChildWithDefault(self, pathEl: bytes, request: Any) -> Any:
        request.site = self
        return self.resource.getChildWithDefault(pathEl, request)

    def getResourceFor(self, request: Any) -> Any:
        """The resource that answers ``request`` (walks its path)."""
        request.site = self
        prepath = request.prepath
        request.sitepath = prepath[:] if type(prepath) is list else copy.copy(prepath)
        return resource.getChildForRequest(self.resource, request)

    def putChild(self, path: bytes, child: Any) -> None:
        raise NotImplementedError("a Site has no children; put them on its resource")

    @property
    def acceptableProtocols(self) -> list[bytes]:
        return [b"http/1.1"]
