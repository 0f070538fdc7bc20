"""HTTPAuthSessionWrapper: guards a resource tree with HTTP authentication and a cred
portal; UnauthorizedResource: the 401 answer with its challenges."""

from __future__ import annotations

from typing import Any

from zope.interface import implementer

from twistio.cred import error
from twistio.cred.credentials import Anonymous
from twistio.logger import Logger
from twistio.python.components import proxyForInterface
from twistio.web import util
from twistio.web.resource import IResource, _errorPage

__name__ = "twisted.web._auth.wrapper"


def _bytes(value: bytes | str) -> bytes:
    return value.encode("utf-8") if isinstance(value, str) else value


def _quoted(value: bytes) -> bytes:
    return b'"' + value.replace(b"\\", b"\\\\").replace(b'"', b'\\"') + b'"'


@implementer(IResource)
class UnauthorizedResource:
    """Answers 401 with one WWW-Authenticate challenge per credential factory."""

    isLeaf = True

    def __init__(self, factories: list[Any]) -> None:
        self._credentialFactories = factories

    def render(self, request: Any) -> bytes:
        request.setResponseCode(401)
        for factory in self._credentialFactories:
            challenge = factory.getChallenge(request)
            params = b", ".join(
                _bytes(k) + b"=" + _quoted(_bytes(v)) for k, v in challenge.items()
            )
            request.responseHeaders.addRawHeader(
                b"www-authenticate", b" ".join([factory.scheme, params])
            )
        if request.method == b"HEAD":
            return b""
        return b"Unauthorized"

    def getChildWithDefault(self, path: bytes, request: Any) -> UnauthorizedResource:
        """Every child of an unauthorized resource is unauthorized."""
        return self

    def putChild(self, path: bytes, child: Any) -> None:
        raise NotImplementedError()


@implementer(IResource)
class HTTPAuthSessionWrapper:
    """Authenticates each request with the credential factories and logs in through
    ``portal`` for an IResource avatar, which then handles the request.

    No Authorization header logs in anonymously (401 if the portal refuses); a header
    that no factory accepts, or refused credentials, get 401; unexpected errors 500.
    """

    isLeaf = False
    _log = Logger()

    def __init__(self, portal: Any, credentialFactories: list[Any]) -> None:
        self._portal = portal
        self._credentialFactories = credentialFactories

    def _authorizedResource(self, request: Any) -> Any:
        header = request.getHeader(b"authorization")
        if not header:
            return util.DeferredResource(self._login(Anonymous()))
        factory, response = self._selectParseHeader(header)
        if factory is None:
            return UnauthorizedResource(self._credentialFactories)
        try:
            creds = factory.decode(response, request)
        except error.LoginFailed:
            return UnauthorizedResource(self._credentialFactories)
        except BaseException:
            self._log.failure("Unexpected failure from credentials factory")
            return _errorPage(500, None, None)  # type: ignore[arg-type]
        return util.DeferredResource(self._login(creds))

    def render(self, request: Any) -> Any:
        return self._authorizedResource(request).render(request)

    def getChildWithDefault(self, path: bytes, request: Any) -> Any:
        # The avatar is the real root: give it back the segment traversal consumed.
        request.postpath.insert(0, request.prepath.pop())
        return self._authorizedResource(request)

    def putChild(self, path: bytes, child: Any) -> None:
        raise NotImplementedError()

    def _login(self, credentials: Any) -> Any:
        d = self._portal.login(credentials, None, IResource)
        d.addCallbacks(self._loginSucceeded, self._loginFailed)
        return d

    def _loginSucceeded(self, args: tuple[Any, Any, Any]) -> Any:
        interface, avatar, logout = args

        class ResourceWrapper(proxyForInterface(IResource, "resource")):  # type: ignore[misc]
            """The avatar, logging out once the request is finished."""

            def getChildWithDefault(self, name: bytes, request: Any) -> Any:
                request.notifyFinish().addBoth(lambda ignored: logout())
                return super().getChildWithDefault(name, request)

            def render(self, request: Any) -> Any:
                request.notifyFinish().addBoth(lambda ignored: logout())
                return super().render(request)

        return ResourceWrapper(avatar)

    def _loginFailed(self, result: Any) -> Any:
        if result.check(error.Unauthorized, error.LoginFailed):
            return UnauthorizedResource(self._credentialFactories)
        self._log.failure(
            "HTTPAuthSessionWrapper.getChildWithDefault encountered unexpected error",
            failure=result,
        )
        return _errorPage(500, None, None)  # type: ignore[arg-type]

    def _selectParseHeader(self, header: bytes) -> tuple[Any, Any]:
        """The factory for the header's scheme and the rest of the header, or (None, None)."""
        elements = header.split(b" ")
        scheme = elements[0].lower()
        for factory in self._credentialFactories:
            if factory.scheme == scheme:
                return factory, b" ".join(elements[1:])
        return None, None
