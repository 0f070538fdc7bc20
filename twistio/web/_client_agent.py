"""Agent, its connection pool, URI parsing and the HTTPS policy of twisted.web.client."""

from __future__ import annotations

import importlib
import warnings
from typing import Any
from urllib.parse import urlparse, urlunparse

from zope.interface import implementer

from twistio.internet import defer
from twistio.internet.defer import Deferred, fail
from twistio.internet.interfaces import IOpenSSLContextFactory, IStreamClientEndpoint
from twistio.internet.protocol import Factory
from twistio.logger import Logger
from twistio.python.failure import Failure
from twistio.web._newclient import HTTP11ClientProtocol, Request, Response
from twistio.web._newclient_errors import (
    RequestNotSent,
    RequestTransmissionFailed,
    ResponseNeverReceived,
    _WrapperException,
)
from twistio.web._newclient_request import _ensureValidMethod, _ensureValidURI
from twistio.web.http_headers import Headers
from twistio.web.iweb import IAgent, IAgentEndpointFactory, IPolicyForHTTPS

__name__ = "twisted.web.client"

_log = Logger()

_IDEMPOTENT = frozenset({b"GET", b"HEAD", b"OPTIONS", b"TRACE", b"DELETE"})


class URI:
    """A parsed absolute URI: scheme, netloc, host, port, path, params, query, fragment."""

    def __init__(
        self,
        scheme: bytes,
        netloc: bytes,
        host: bytes,
        port: int,
        path: bytes,
        params: bytes,
        query: bytes,
        fragment: bytes,
    ) -> None:
        self.scheme = scheme
        self.netloc = netloc
        self.host = host.strip(b"[]")
        self.port = port
        self.path = path
        self.params = params
        self.query = query
        self.fragment = fragment

    @classmethod
    def fromBytes(cls, uri: bytes, defaultPort: int | None = None) -> URI:
        """Parse ``uri``; the port defaults to ``defaultPort`` or the scheme's (80/443)."""
        if type(uri) is not bytes:
            # Only immutable bytes are worth keeping (and certain to be hashable).
            return cls(*_parseURI(uri, defaultPort))
        key = (uri, defaultPort)
        parts = _parsedURIs.get(key)
        if parts is None:
            parts = _parseURI(uri, defaultPort)
            if len(_parsedURIs) >= _PARSED_URIS_KEPT:
                _parsedURIs.clear()
            _parsedURIs[key] = parts
        return cls(*parts)

    def toBytes(self) -> bytes:
        """The URI as bytes."""
        return urlunparse(  # type: ignore[no-any-return]
            (self.scheme, self.netloc, self.path, self.params, self.query, self.fragment)
        )

    @property
    def originForm(self) -> bytes:
        """The request target for this URI: path, params and query."""
        key = (self.path, self.params, self.query)
        target = _originForms.get(key)
        if target is None:
            target = urlunparse((b"", b"", self.path or b"/", self.params, self.query, b""))
            if len(_originForms) >= _PARSED_URIS_KEPT:
                _originForms.clear()
            _originForms[key] = target
        return target  # type: ignore[no-any-return]


_URIParts = tuple[bytes, bytes, bytes, int, bytes, bytes, bytes, bytes]

# Agents ask for the same few URIs again and again; parsing is a pure function of the
# bytes, so the parts (immutable) are kept, a bounded number of them.
_PARSED_URIS_KEPT = 256
_parsedURIs: dict[tuple[bytes, int | None], _URIParts] = {}
_originForms: dict[tuple[bytes, bytes, bytes], bytes] = {}


def _parseURI(uri: bytes, defaultPort: int | None) -> _URIParts:
    uri = uri.strip()
    scheme, netloc, path, params, query, fragment = urlparse(uri)
    if defaultPort is None:
        defaultPort = 443 if scheme == b"https" else 80
    host: bytes = netloc
    port = defaultPort
    if b":" in netloc:
        head, _, tail = netloc.rpartition(b":")
        if tail.isdigit() and (not head.startswith(b"[") or head.endswith(b"]")):
            host, port = head, int(tail)
    return (scheme, netloc, host, port, path, params, query, fragment)


_endpointsModule: Any = None


def _endpoints() -> Any:
    """twisted.internet.endpoints, imported on first use (it is not needed to import this
    module) and kept: looking it up again on every request costs an import-system call."""
    global _endpointsModule
    if _endpointsModule is None:
        _endpointsModule = importlib.import_module("twistio.internet.endpoints")
    return _endpointsModule


def _requireSSL() -> Any:
    """Import the TLS support, which is optional."""
    return importlib.import_module("twistio.internet.ssl")


@implementer(IPolicyForHTTPS)
class BrowserLikePolicyForHTTPS:
    """Verify servers as a browser does: the system's trusted CAs and the URL's host name."""

    def __init__(self, trustRoot: Any = None) -> None:
        self._trustRoot = trustRoot

    def creatorForNetloc(self, hostname: bytes, port: int) -> Any:
        """A TLS connection creator for ``hostname`` (checked against its certificate)."""
        ssl = _requireSSL()
        return ssl.optionsForClientTLS(hostname.decode("ascii"), trustRoot=self._trustRoot)


class WebClientContextFactory:
    """Deprecated since Twisted 14.0: a client TLS context trusting the platform's CAs (it
    does not check the host name).

    Use :class:`BrowserLikePolicyForHTTPS`.
    """

    def _getCertificateOptions(self, hostname: bytes, port: int) -> Any:
        ssl = _requireSSL()
        return ssl.CertificateOptions(trustRoot=ssl.platformTrust())

    def getContext(self, hostname: bytes, port: int) -> Any:
        """A client TLS context; NotImplementedError when TLS support is missing."""
        try:
            options = self._getCertificateOptions(hostname, port)
        except ImportError:
            raise NotImplementedError("SSL support unavailable") from None
        return options.getContext()


@implementer(IOpenSSLContextFactory)
class _ContextFactoryWithContext:
    """A context factory handing out one context made beforehand."""

    def __init__(self, context: Any) -> None:
        self._context = context

    def getContext(self) -> Any:
        """The context."""
        return self._context


@implementer(IPolicyForHTTPS)
class _DeprecatedToCurrentPolicyForHTTPS:
    """An old-style web context factory (``getContext(hostname, port)``) as an HTTPS policy."""

    def __init__(self, webContextFactory: Any) -> None:
        self._webContextFactory = webContextFactory

    def creatorForNetloc(self, hostname: bytes, port: int) -> _ContextFactoryWithContext:
        """A context factory with the wrapped factory's context for ``hostname:port``."""
        return _ContextFactoryWithContext(self._webContextFactory.getContext(hostname, port))


@implementer(IPolicyForHTTPS)
class HostnameCachingHTTPSPolicy:
    """Wrap another policy, reusing its creators per host name (at most ``cacheSize``)."""

    def __init__(self, policyforHTTPS: Any, cacheSize: int = 20) -> None:
        self._policyForHTTPS = policyforHTTPS
        # Keyed by the host name as text (the port does not matter); insertion order is
        # the order of last use, so the first key is the one to evict.
        self._cache: dict[str, Any] = {}
        self._cacheSize = cacheSize

    def creatorForNetloc(self, hostname: bytes, port: int) -> Any:
        """The wrapped policy's creator for ``hostname``, made once per host name."""
        host = hostname.decode("ascii")
        creator = self._cache.pop(host, None)
        if creator is None:
            creator = self._policyForHTTPS.creatorForNetloc(hostname, port)
        self._cache[host] = creator
        while len(self._cache) > self._cacheSize:
            self._cache.pop(next(iter(self._cache)))
        return creator


class _HTTP11ClientFactory(Factory[HTTP11ClientProtocol]):
    """Builds the protocol of one pooled connection."""

    def __init__(self, quiescentCallback: Any, metadata: Any) -> None:
        self._quiescentCallback = quiescentCallback
        self._metadata = metadata

    def __repr__(self) -> str:
        return f"_HTTP11ClientFactory({self._quiescentCallback}, {self._metadata})"

    def buildProtocol(self, addr: Any) -> HTTP11ClientProtocol:
        return HTTP11ClientProtocol(self._quiescentCallback)


class _RetryingHTTP11ClientProtocol:
    """A cached connection: a request that fails because it went stale is retried once."""

    def __init__(self, clientProtocol: HTTP11ClientProtocol, newConnection: Any) -> None:
        self._clientProtocol = clientProtocol
        self._newConnection = newConnection

    def _shouldRetry(self, method: bytes, exception: BaseException, bodyProducer: Any) -> bool:
        """Retry idempotent, bodiless requests that the server never answered (not cancels)."""
        if method not in _IDEMPOTENT:
            return False
        if not isinstance(
            exception, (RequestNotSent, RequestTransmissionFailed, ResponseNeverReceived)
        ):
            return False
        if isinstance(exception, _WrapperException):
            if any(reason.check(defer.CancelledError) for reason in exception.reasons):
                return False
        # A body producer may not be able to start over.
        return bodyProducer is None

    def request(self, request: Request) -> Deferred[Response]:
        d = self._clientProtocol.request(request)

        def failed(reason: Failure) -> Any:
            if self._shouldRetry(request.method, reason.value, request.bodyProducer):
                return self._newConnection().addCallback(lambda conn: conn.request(request))
            return reason

        d.addErrback(failed)
        return d


class HTTPConnectionPool:
    """Connections per (scheme, host, port) key, kept open between requests when persistent.

    At most ``maxPersistentPerHost`` idle connections per key are kept, each closed after
    ``cachedConnectionTimeout`` seconds unused.  With ``retryAutomatically``, a request on a
    cached connection that turns out to be closed is retried once on a new one (idempotent
    methods without a body only).
    """

    _factory = _HTTP11ClientFactory
    maxPersistentPerHost = 2
    cachedConnectionTimeout = 240
    retryAutomatically = True

    def __init__(self, reactor: Any, persistent: bool = True) -> None:
        self._reactor = reactor
        self.persistent = persistent
        self._connections: dict[Any, list[HTTP11ClientProtocol]] = {}
        self._timeouts: dict[HTTP11ClientProtocol, Any] = {}

    def getConnection(self, key: Any, endpoint: Any) -> Deferred[Any]:
        """A Deferred firing with a protocol for ``key``: a cached idle one, or a new one."""
        connections = self._connections.get(key)
        while connections:
            connection = connections.pop(0)
            self._timeouts.pop(connection).cancel()
            if connection.state == "QUIESCENT":
                if self.retryAutomatically:
                    newConnection = lambda: self._newConnection(key, endpoint)  # noqa: E731
                    return defer.succeed(_RetryingHTTP11ClientProtocol(connection, newConnection))
                return defer.succeed(connection)
        return self._newConnection(key, endpoint)

    def _newConnection(self, key: Any, endpoint: Any) -> Deferred[Any]:
        def quiescentCallback(protocol: HTTP11ClientProtocol) -> None:
            self._putConnection(key, protocol)

        factory = self._factory(quiescentCallback, repr(endpoint))
        return endpoint.connect(factory)  # type: ignore[no-any-return]

    def _removeConnection(self, key: Any, connection: HTTP11ClientProtocol) -> None:
        connection.transport.loseConnection()
        self._connections[key].remove(connection)
        del self._timeouts[connection]

    def _putConnection(self, key: Any, connection: HTTP11ClientProtocol) -> None:
        if connection.state != "QUIESCENT":
            try:
                raise RuntimeError("BUG: Non-quiescent protocol added to connection pool.")
            except RuntimeError:
                _log.failure("BUG: Non-quiescent protocol added to connection pool.")
            return
        connections = self._connections.setdefault(key, [])
        if len(connections) == self.maxPersistentPerHost:
            dropped = connections.pop(0)
            dropped.transport.loseConnection()
            self._timeouts.pop(dropped).cancel()
        connections.append(connection)
        self._timeouts[connection] = self._reactor.callLater(
            self.cachedConnectionTimeout, self._removeConnection, key, connection
        )

    def closeCachedConnections(self) -> Deferred[Any]:
        """Close every idle connection; the Deferred fires when they are all closed."""
        results = []
        for connections in self._connections.values():
            for connection in connections:
                self._timeouts.pop(connection).cancel()
                results.append(connection.abort())
        self._connections = {}
        return defer.gatherResults(results).addCallback(lambda ign: None)


@implementer(IStreamClientEndpoint)
class _TLSClientEndpoint:
    """HTTPS without ``endpoints.wrapClientTLS``: the reactor's ``connectSSL`` with a creator."""

    def __init__(
        self, reactor: Any, host: str, port: int, creator: Any, timeout: float, bindAddress: Any
    ) -> None:
        self._reactor = reactor
        self._host = host
        self._port = port
        self._creator = creator
        self._timeout = timeout
        self._bindAddress = bindAddress

    def connect(self, protocolFactory: Any) -> Deferred[Any]:
        endpoints = _endpoints()
        try:
            wrapped = endpoints._WrappingFactory(protocolFactory)
            self._reactor.connectSSL(
                self._host,
                self._port,
                wrapped,
                self._creator,
                timeout=self._timeout,
                bindAddress=self._bindAddress,
            )
        except Exception:
            return fail()
        return wrapped._onConnection  # type: ignore[no-any-return]


@implementer(IAgentEndpointFactory)
class _StandardEndpointFactory:
    """Endpoints for http (TCP) and https (TLS over TCP) URIs."""

    def __init__(
        self, reactor: Any, contextFactory: Any, connectTimeout: float | None, bindAddress: Any
    ) -> None:
        self._reactor = reactor
        self._policyForHTTPS = contextFactory
        self._connectTimeout = connectTimeout
        self._bindAddress = bindAddress

    def endpointForURI(self, uri: URI) -> Any:
        endpoints = _endpoints()
        kwargs: dict[str, Any] = {}
        if self._connectTimeout is not None:
            kwargs["timeout"] = self._connectTimeout
        bindAddress = self._bindAddress
        if isinstance(bindAddress, str):
            bindAddress = (bindAddress, 0)
        kwargs["bindAddress"] = bindAddress
        try:
            host = uri.host.decode("ascii")
        except UnicodeDecodeError:
            raise ValueError(
                f"The host of the provided URI ({uri.host!r}) contains non-ASCII octets, "
                "it should be ASCII decodable."
            ) from None
        endpoint = endpoints.HostnameEndpoint(self._reactor, host, uri.port, **kwargs)
        if uri.scheme == b"http":
            return endpoint
        if uri.scheme == b"https":
            creator = self._policyForHTTPS.creatorForNetloc(uri.host, uri.port)
            wrapClientTLS = getattr(endpoints, "wrapClientTLS", None)
            if wrapClientTLS is not None:
                return wrapClientTLS(creator, endpoint)
            return _TLSClientEndpoint(
                self._reactor, host, uri.port, creator, kwargs.get("timeout", 30), bindAddress
            )
        error = importlib.import_module("twistio.web.error")
        raise error.SchemeNotSupported(f"Unsupported scheme: {uri.scheme!r}")


class _AgentBase:
    """What Agent and ProxyAgent share: the pool and the request-sending step."""

    def __init__(self, reactor: Any, pool: HTTPConnectionPool) -> None:
        self._reactor = reactor
        self._pool = pool

    @staticmethod
    def _computeHostValue(scheme: bytes, host: bytes, port: int) -> bytes:
        if b":" in host:
            host = b"[" + host + b"]"
        if (scheme, port) in ((b"http", 80), (b"https", 443)):
            return host
        return b"%s:%d" % (host, port)

    def _requestWithEndpoint(
        self,
        key: Any,
        endpoint: Any,
        method: bytes,
        parsedURI: URI,
        headers: Headers | None,
        bodyProducer: Any,
        requestPath: bytes,
    ) -> Deferred[Response]:
        _ensureValidMethod(method)
        _ensureValidURI(requestPath)
        if headers is None:
            headers = Headers()
        if not headers.hasHeader(b"host"):
            headers = headers.copy()
            headers.addRawHeader(
                b"host",
                self._computeHostValue(parsedURI.scheme, parsedURI.host, parsedURI.port),
            )
        d = self._pool.getConnection(key, endpoint)

        def send(proto: Any) -> Deferred[Response]:
            return proto.request(  # type: ignore[no-any-return]
                Request._construct(
                    method,
                    requestPath,
                    headers,
                    bodyProducer,
                    persistent=self._pool.persistent,
                    parsedURI=parsedURI,
                )
            )

        return d.addCallback(send)


@implementer(IAgent)
class Agent(_AgentBase):
    """Makes HTTP and HTTPS requests; HTTPS servers are verified with ``contextFactory``.

    ``request(method, uri, headers=None, bodyProducer=None)`` returns a Deferred firing with
    an ``IResponse`` once the response head has arrived.
    """

    def __init__(
        self,
        reactor: Any,
        contextFactory: Any = None,
        connectTimeout: float | None = None,
        bindAddress: Any = None,
        pool: HTTPConnectionPool | None = None,
    ) -> None:
        if contextFactory is None:
            contextFactory = BrowserLikePolicyForHTTPS()
        elif not IPolicyForHTTPS.providedBy(contextFactory):
            warnings.warn(
                f"{contextFactory!r} was passed as the HTTPS policy for an Agent, but it does"
                " not provide IPolicyForHTTPS.  Since Twisted 14.0, you must pass a provider"
                " of IPolicyForHTTPS.",
                stacklevel=2,
                category=DeprecationWarning,
            )
            contextFactory = _DeprecatedToCurrentPolicyForHTTPS(contextFactory)
        endpointFactory = _StandardEndpointFactory(
            reactor, contextFactory, connectTimeout, bindAddress
        )
        self._init(reactor, endpointFactory, pool)

    @classmethod
    def usingEndpointFactory(
        cls, reactor: Any, endpointFactory: Any, pool: HTTPConnectionPool | None = None
    ) -> Agent:
        """An Agent that asks ``endpointFactory.endpointForURI(uri)`` how to connect."""
        agent = cls.__new__(cls)
        agent._init(reactor, endpointFactory, pool)
        return agent

    def _init(self, reactor: Any, endpointFactory: Any, pool: HTTPConnectionPool | None) -> None:
        if pool is None:
            pool = HTTPConnectionPool(reactor, False)
        _AgentBase.__init__(self, reactor, pool)
        self._endpointFactory = endpointFactory

    def _getEndpoint(self, uri: URI) -> Any:
        return self._endpointFactory.endpointForURI(uri)

    def request(
        self,
        method: bytes,
        uri: bytes,
        headers: Headers | None = None,
        bodyProducer: Any = None,
    ) -> Deferred[Response]:
        """Send a request for ``uri``; see the class documentation."""
        uri = _ensureValidURI(uri.strip())
        parsedURI = URI.fromBytes(uri)
        try:
            endpoint = self._getEndpoint(parsedURI)
        except Exception:
            return fail()
        key = (parsedURI.scheme, parsedURI.host, parsedURI.port)
        return self._requestWithEndpoint(
            key, endpoint, method, parsedURI, headers, bodyProducer, parsedURI.originForm
        )


@implementer(IAgent)
class ProxyAgent(_AgentBase):
    """Sends every request, with its absolute URI, to the HTTP proxy at ``endpoint``."""

    def __init__(self, endpoint: Any, reactor: Any = None, pool: HTTPConnectionPool | None = None):
        if reactor is None:
            from twistio.internet import reactor as defaultReactor

            reactor = defaultReactor
        _AgentBase.__init__(self, reactor, pool or HTTPConnectionPool(reactor, False))
        self._proxyEndpoint = endpoint

    def request(
        self,
        method: bytes,
        uri: bytes,
        headers: Headers | None = None,
        bodyProducer: Any = None,
    ) -> Deferred[Response]:
        """Send a request for ``uri`` through the proxy."""
        key = ("http-proxy", self._proxyEndpoint)
        parsedURI = URI.fromBytes(uri)
        return self._requestWithEndpoint(
            key, self._proxyEndpoint, method, parsedURI, headers, bodyProducer, uri
        )
