"""twisted.web.xmlrpc: XML-RPC servers (XMLRPC resources) and clients (Proxy)."""

from __future__ import annotations

import base64
import xmlrpc.client as xmlrpclib
from typing import Any
from urllib.parse import urlparse

from twistio.internet import defer, error, protocol
from twistio.logger import Logger
from twistio.python import failure, reflect
from twistio.web import resource, server
from twistio.web._http_client import HTTPClient

__name__ = "twisted.web.xmlrpc"

__all__ = [
    "XMLRPC",
    "Binary",
    "Boolean",
    "DateTime",
    "Fault",
    "Handler",
    "NoSuchFunction",
    "Proxy",
    "QueryFactory",
    "QueryProtocol",
    "addIntrospection",
    "withRequest",
]

# Error codes for Twisted, if they conflict with yours then modify them at runtime.
NOT_FOUND = 8001
FAILURE = 8002

Fault = xmlrpclib.Fault
Binary = xmlrpclib.Binary
Boolean = xmlrpclib.Boolean
DateTime = xmlrpclib.DateTime


def withRequest(f: Any) -> Any:
    """Decorate an ``xmlrpc_*`` method to be called with the request first."""
    f.withRequest = True
    return f


class NoSuchFunction(Fault):
    """There is no function by the given name."""


class Handler:
    """Handles one XML-RPC call asynchronously: subclasses implement ``run(*args)`` and
    fire ``self.result``."""

    def __init__(self, resource: Any, *args: Any) -> None:
        self.resource = resource
        self.result: defer.Deferred[Any] = defer.Deferred()
        self.run(*args)

    def run(self, *args: Any) -> None:
        self.result.errback(NotImplementedError("Implement run() in subclasses"))


class XMLRPC(resource.Resource):
    """An XML-RPC server resource: POSTed calls go to its ``xmlrpc_<name>`` methods
    (``prefix.name`` to sub-handlers); results may be Deferreds; errors become Faults."""

    separator = "."
    isLeaf = 1
    NOT_FOUND = NOT_FOUND
    FAILURE = FAILURE
    _log = Logger()

    def __init__(self, allowNone: bool = False, useDateTime: bool = False) -> None:
        resource.Resource.__init__(self)
        self.subHandlers: dict[str, Any] = {}
        self.allowNone = allowNone
        self.useDateTime = useDateTime

    def __setattr__(self, name: str, value: Any) -> None:
        self.__dict__[name] = value

    def putSubHandler(self, prefix: str, handler: Any) -> None:
        self.subHandlers[prefix] = handler

    def getSubHandler(self, prefix: str) -> Any:
        return self.subHandlers.get(prefix, None)

    def getSubHandlerPrefixes(self) -> list[str]:
        return list(self.subHandlers.keys())

    def render_POST(self, request: Any) -> int:
        request.content.seek(0, 0)
        request.setHeader(b"content-type", b"text/xml; charset=utf-8")
        try:
            args, functionPath = xmlrpclib.loads(
                request.content.read(), use_datetime=self.useDateTime
            )
        except Exception as e:
            f = Fault(self.FAILURE, f"Can't deserialize input: {e}")
            self._cbRender(f, request)
        else:
            try:
                function = self.lookupProcedure(functionPath or "")
            except Fault as f:
                self._cbRender(f, request)
            else:
                # The client may go away before we answer: then write nothing.
                responseFailed: list[Any] = []
                request.notifyFinish().addErrback(responseFailed.append)
                if getattr(function, "withRequest", False):
                    d = defer.maybeDeferred(function, request, *args)
                else:
                    d = defer.maybeDeferred(function, *args)
                d.addErrback(self._ebRender)
                d.addCallback(self._cbRender, request, responseFailed)
        return server.NOT_DONE_YET

    def _cbRender(self, result: Any, request: Any, responseFailed: Any = None) -> None:
        if responseFailed:
            return
        if isinstance(result, Handler):
            result = result.result
        if not isinstance(result, Fault):
            result = (result,)
        try:
            try:
                content = xmlrpclib.dumps(result, methodresponse=True, allow_none=self.allowNone)
            except Exception as e:
                f = Fault(self.FAILURE, f"Can't serialize output: {e}")
                content = xmlrpclib.dumps(f, methodresponse=True, allow_none=self.allowNone)
            body = content.encode("utf8") if isinstance(content, str) else content
            request.setHeader(b"content-length", b"%d" % (len(body),))
            request.write(body)
        except Exception:
            self._log.failure("")
        request.finish()

    def _ebRender(self, failure: failure.Failure) -> Any:
        if isinstance(failure.value, Fault):
            return failure.value
        self._log.failure("", failure)
        return Fault(self.FAILURE, "error")

    def lookupProcedure(self, procedurePath: str) -> Any:
        """The function for ``procedurePath``; NoSuchFunction if there is none."""
        if procedurePath.find(self.separator) != -1:
            prefix, procedurePath = procedurePath.split(self.separator, 1)
            handler = self.getSubHandler(prefix)
            if handler is None:
                raise NoSuchFunction(self.NOT_FOUND, f"no such subHandler {prefix}")
            return handler.lookupProcedure(procedurePath)
        f = getattr(self, f"xmlrpc_{procedurePath}", None)
        if not f:
            raise NoSuchFunction(self.NOT_FOUND, f"procedure {procedurePath} not found")
        if not callable(f):
            raise NoSuchFunction(self.NOT_FOUND, f"procedure {procedurePath} not callable")
        return f

    def listProcedures(self) -> list[str]:
        """The names of this resource's procedures (not its sub-handlers')."""
        return reflect.prefixedMethodNames(self.__class__, "xmlrpc_")


class XMLRPCIntrospection(XMLRPC):
    """The ``system.*`` introspection procedures of another XMLRPC resource."""

    def __init__(self, parent: XMLRPC) -> None:
        XMLRPC.__init__(self)
        self._xmlrpc_parent = parent

    def xmlrpc_listMethods(self) -> list[str]:
        """Return a list of the method names implemented by this server."""
        functions = []
        todo = [(self._xmlrpc_parent, "")]
        while todo:
            obj, prefix = todo.pop(0)
            functions.extend([prefix + name for name in obj.listProcedures()])
            todo.extend(
                (obj.getSubHandler(name), prefix + name + obj.separator)
                for name in obj.getSubHandlerPrefixes()
            )
        return functions

    xmlrpc_listMethods.signature = [["array"]]  # type: ignore[attr-defined]

    def xmlrpc_methodHelp(self, method: str) -> str:
        """Return a documentation string describing the use of the given method."""
        function = self._xmlrpc_parent.lookupProcedure(method)
        return getattr(function, "help", None) or getattr(function, "__doc__", None) or ""

    xmlrpc_methodHelp.signature = [["string", "string"]]  # type: ignore[attr-defined]

    def xmlrpc_methodSignature(self, method: str) -> Any:
        """Return a list of type signatures for the given method."""
        function = self._xmlrpc_parent.lookupProcedure(method)
        return getattr(function, "signature", None) or ""

    xmlrpc_methodSignature.signature = [  # type: ignore[attr-defined]
        ["array", "string"],
        ["string", "string"],
    ]


def addIntrospection(xmlrpc: XMLRPC) -> None:
    """Add the ``system.listMethods/methodHelp/methodSignature`` procedures."""
    xmlrpc.putSubHandler("system", XMLRPCIntrospection(xmlrpc))


class QueryProtocol(HTTPClient):
    """Sends one XML-RPC call and hands the answer to its factory."""

    def connectionMade(self) -> None:
        self._response = None
        self.sendCommand(b"POST", self.factory.path)
        self.sendHeader(b"User-Agent", b"Twisted/XMLRPClib")
        self.sendHeader(b"Host", self.factory.host)
        self.sendHeader(b"Content-type", b"text/xml; charset=utf-8")
        payload = self.factory.payload
        self.sendHeader(b"Content-length", b"%d" % (len(payload),))
        if self.factory.user:
            auth = b":".join([self.factory.user, self.factory.password])
            self.sendHeader(b"Authorization", b"Basic " + base64.b64encode(auth))
        self.endHeaders()
        self.transport.write(payload)

    def handleStatus(self, version: bytes, status: bytes, message: bytes) -> None:
        if status != b"200":
            self.factory.badStatus(status, message)

    _response: bytes | None = None

    def handleResponse(self, contents: bytes) -> None:
        # The body is whole: close, and give the result once the connection is closed.
        if self.factory.deferred is not None:
            self._response = contents
        self.transport.loseConnection()

    def connectionLost(self, reason: Any = None) -> None:
        HTTPClient.connectionLost(self, reason)
        if self._response is not None:
            response, self._response = self._response, None
            self.factory.parseResponse(response)
        elif reason is not None and not reason.check(error.ConnectionDone, error.ConnectionLost):
            self.factory.clientConnectionLost(None, reason)


payloadTemplate = """<?xml version="1.0"?>
<methodCall>
<methodName>%s</methodName>
%s
</methodCall>
"""


class QueryFactory(protocol.ClientFactory):  # type: ignore[type-arg]
    """Makes the QueryProtocol of one call; ``deferred`` fires with the result."""

    deferred: Any = None
    protocol = QueryProtocol  # type: ignore[assignment]

    def __init__(
        self,
        path: bytes,
        host: bytes,
        method: str,
        user: bytes | None = None,
        password: bytes | None = None,
        allowNone: bool = False,
        args: tuple[Any, ...] = (),
        canceller: Any = None,
        useDateTime: bool = False,
    ) -> None:
        self.path, self.host = path, host
        self.user, self.password = user, password
        payload = payloadTemplate % (method, xmlrpclib.dumps(args, allow_none=allowNone))
        self.payload = payload.encode("utf8")
        self.deferred = defer.Deferred(canceller)
        self.useDateTime = useDateTime

    def parseResponse(self, contents: bytes) -> None:
        if not self.deferred:
            return
        try:
            response = xmlrpclib.loads(contents, use_datetime=self.useDateTime)[0][0]
        except BaseException:
            deferred, self.deferred = self.deferred, None
            deferred.errback(failure.Failure())
        else:
            deferred, self.deferred = self.deferred, None
            deferred.callback(response)

    def clientConnectionLost(self, _: Any, reason: Any) -> None:
        if self.deferred is not None:
            deferred, self.deferred = self.deferred, None
            deferred.errback(reason)

    clientConnectionFailed = clientConnectionLost  # type: ignore[assignment]

    def badStatus(self, status: bytes, message: bytes) -> None:
        deferred, self.deferred = self.deferred, None
        deferred.errback(ValueError(status, message))


class Proxy:
    """An XML-RPC client for ``url`` (http or https; user:password@ allowed):
    ``callRemote(method, *args)`` returns a Deferred with the result or a Fault."""

    queryFactory = QueryFactory

    def __init__(
        self,
        url: bytes,
        user: bytes | None = None,
        password: bytes | None = None,
        allowNone: bool = False,
        useDateTime: bool = False,
        connectTimeout: float = 30.0,
        reactor: Any = None,
    ) -> None:
        if reactor is None:
            from twistio.internet import reactor as _reactor

            reactor = _reactor
        scheme, netloc, path, params, query, fragment = urlparse(url)
        netlocParts = netloc.split(b"@")
        self.user: bytes | None
        self.password: bytes | None
        if len(netlocParts) == 2:
            userpass = netlocParts.pop(0).split(b":")
            self.user = userpass.pop(0)
            self.password = userpass.pop(0) if userpass else None
        else:
            self.user = self.password = None
        hostport = netlocParts[0].split(b":")
        self.host = hostport.pop(0)
        try:
            self.port: int | None = int(hostport.pop(0))
        except (IndexError, ValueError):
            self.port = None
        self.path = path
        if self.path in [b"", None]:
            self.path = b"/"
        self.secure = scheme == b"https"
        if user is not None:
            self.user = user
        if password is not None:
            self.password = password
        self.allowNone = allowNone
        self.useDateTime = useDateTime
        self.connectTimeout = connectTimeout
        self._reactor = reactor

    def callRemote(self, method: str, *args: Any) -> Any:
        """Call ``method`` with ``args``; a Deferred firing with the result."""

        def cancel(d: Any) -> None:
            factory.deferred = None
            connector.disconnect()

        factory = self.queryFactory(
            self.path, self.host, method, self.user, self.password, self.allowNone,
            args, cancel, self.useDateTime,
        )  # fmt: skip
        host = self.host.decode("ascii") if isinstance(self.host, bytes) else self.host
        if self.secure:
            from twistio.internet import ssl

            contextFactory = ssl.optionsForClientTLS(hostname=host)
            connector = self._reactor.connectSSL(
                host, self.port or 443, factory, contextFactory, timeout=self.connectTimeout
            )
        else:
            connector = self._reactor.connectTCP(
                host, self.port or 80, factory, timeout=self.connectTimeout
            )
        return factory.deferred
