"""twisted.web.proxy: a forward HTTP proxy (Proxy, ProxyRequest) and a reverse proxy
(ReverseProxyResource), both relaying through the line-based ProxyClient."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote as urlquote
from urllib.parse import urlparse, urlunparse

from twistio.internet.protocol import ClientFactory
from twistio.web._http_channel import HTTPChannel
from twistio.web._http_client import HTTPClient
from twistio.web._http_request import _QUEUED_SENTINEL, Request
from twistio.web.resource import Resource
from twistio.web.server import NOT_DONE_YET

__name__ = "twisted.web.proxy"

__all__ = [
    "Proxy",
    "ProxyClient",
    "ProxyClientFactory",
    "ProxyRequest",
    "ReverseProxy",
    "ReverseProxyRequest",
    "ReverseProxyResource",
]


def _defaultReactor() -> Any:
    from twistio.internet import reactor

    return reactor


class ProxyClient(HTTPClient):
    """Sends the request upstream and copies the response into ``father`` (the
    request being answered).  The upstream connection is always closed afterwards."""

    _finished = False

    def __init__(
        self,
        command: bytes,
        rest: bytes,
        version: bytes,
        headers: dict[bytes, bytes],
        data: bytes,
        father: Any,
    ) -> None:
        self.father = father
        self.command = command
        self.rest = rest
        headers.pop(b"proxy-connection", None)
        headers[b"connection"] = b"close"
        headers.pop(b"keep-alive", None)
        self.headers = headers
        self.data = data

    def connectionMade(self) -> None:
        self.sendCommand(self.command, self.rest)
        for header, value in self.headers.items():
            self.sendHeader(header, value)
        self.endHeaders()
        self.transport.write(self.data)

    def handleStatus(self, version: bytes, code: bytes, message: bytes) -> None:
        self.father.setResponseCode(int(code), message)

    def handleHeader(self, key: bytes, value: bytes) -> None:
        # These the proxy's own server may have set already: upstream's replace them.
        if key.lower() in (b"server", b"date", b"content-type"):
            self.father.responseHeaders.setRawHeaders(key, [value])
        else:
            self.father.responseHeaders.addRawHeader(key, value)

    def handleResponsePart(self, buffer: bytes) -> None:
        self.father.write(buffer)

    def handleResponseEnd(self) -> None:
        # Called on the end of the body and again when the connection closes.
        if not self._finished:
            self._finished = True
            self.father.finish()
            self.transport.loseConnection()


class ProxyClientFactory(ClientFactory):  # type: ignore[type-arg]
    """Makes the ProxyClient of one proxied request; answers 501 if it cannot connect."""

    protocol = ProxyClient  # type: ignore[assignment]

    def __init__(
        self,
        command: bytes,
        rest: bytes,
        version: bytes,
        headers: dict[bytes, bytes],
        data: bytes,
        father: Any,
    ) -> None:
        self.father = father
        self.command = command
        self.rest = rest
        self.headers = headers
        self.data = data
        self.version = version

    def buildProtocol(self, addr: Any) -> Any:
        return self.protocol(  # type: ignore[call-arg]
            self.command, self.rest, self.version, self.headers, self.data, self.father
        )

    def clientConnectionFailed(self, connector: Any, reason: Any) -> None:
        self.father.setResponseCode(501, b"Gateway error")
        self.father.responseHeaders.addRawHeader(b"Content-Type", b"text/html")
        self.father.write(b"<H1>Could not connect</H1>")
        self.father.finish()


class ProxyRequest(Request):
    """A request to a forward proxy: the target is an absolute http:// URL."""

    protocols: dict[bytes, Any] = {b"http": ProxyClientFactory}
    ports = {b"http": 80}

    def __init__(self, channel: Any, queued: object = _QUEUED_SENTINEL, reactor: Any = None) -> None:
        Request.__init__(self, channel, queued)
        self.reactor = reactor if reactor is not None else _defaultReactor()

    def process(self) -> None:
        parsed = urlparse(self.uri)
        protocol = parsed[0]
        host = parsed[1].decode("ascii")
        port = self.ports[protocol]
        if ":" in host:
            host, portText = host.split(":")
            port = int(portText)
        rest = urlunparse((b"", b"", *parsed[2:]))
        if not rest:
            rest = rest + b"/"
        class_ = self.protocols[protocol]
        headers = self.getAllHeaders().copy()
        if b"host" not in headers:
            headers[b"host"] = host.encode("ascii")
        assert self.content is not None
        self.content.seek(0, 0)
        s = self.content.read()
        clientFactory = class_(self.method, rest, self.clientproto, headers, s, self)
        self.reactor.connectTCP(host, port, clientFactory)


class Proxy(HTTPChannel):
    """A forward HTTP proxy channel: ``factory = HTTPFactory(); factory.protocol = Proxy``."""

    requestFactory = ProxyRequest


class ReverseProxyRequest(Request):
    """A request relayed as is to ``factory.host:factory.port``."""

    proxyClientFactoryClass = ProxyClientFactory

    def __init__(self, channel: Any, queued: object = _QUEUED_SENTINEL, reactor: Any = None) -> None:
        Request.__init__(self, channel, queued)
        self.reactor = reactor if reactor is not None else _defaultReactor()
        #: Where to relay: anything with ``host`` and ``port`` (the channel's factory).
        self.factory: Any = getattr(channel, "factory", None)

    def process(self) -> None:
        factory = self.factory
        self.requestHeaders.setRawHeaders(b"host", [factory.host.encode("ascii")])
        assert self.content is not None
        clientFactory = self.proxyClientFactoryClass(
            self.method, self.uri, self.clientproto, self.getAllHeaders(),
            self.content.read(), self,
        )  # fmt: skip
        self.reactor.connectTCP(factory.host, factory.port, clientFactory)


class ReverseProxy(HTTPChannel):
    """A reverse proxy channel (its factory has ``host`` and ``port``)."""

    requestFactory = ReverseProxyRequest


class ReverseProxyResource(Resource):
    """Relays requests under this resource to ``host:port`` under ``path``."""

    proxyClientFactoryClass = ProxyClientFactory

    def __init__(self, host: str, port: int, path: bytes, reactor: Any = None) -> None:
        Resource.__init__(self)
        self.host = host
        self.port = port
        self.path = path
        self.reactor = reactor if reactor is not None else _defaultReactor()

    def getChild(self, path: bytes, request: Any) -> ReverseProxyResource:
        return ReverseProxyResource(
            self.host, self.port, self.path + b"/" + urlquote(path, safe=b"").encode("utf-8"),
            self.reactor,
        )  # fmt: skip

    def render(self, request: Any) -> int:
        if self.port == 80:
            host = self.host
        else:
            host = f"{self.host}:{self.port}"
        request.requestHeaders.setRawHeaders(b"host", [host.encode("ascii")])
        request.content.seek(0, 0)
        qs = urlparse(request.uri)[4]
        rest = self.path + b"?" + qs if qs else self.path
        clientFactory = self.proxyClientFactoryClass(
            request.method, rest, request.clientproto, request.getAllHeaders(),
            request.content.read(), request,
        )  # fmt: skip
        self.reactor.connectTCP(self.host, self.port, clientFactory)
        return NOT_DONE_YET
