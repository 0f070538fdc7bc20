"""The classic ``getPage`` and ``downloadPage`` (removed from Twisted in 22.1), on Agent.

They are kept so that programs and book examples written for older Twisted still run; each
call warns with a DeprecationWarning pointing at ``Agent`` and ``readBody``.
"""

from __future__ import annotations

import importlib
import warnings
from io import BytesIO
from typing import IO, Any

from twistio.internet.defer import Deferred
from twistio.web._client_agent import Agent
from twistio.web._client_body import FileBodyProducer, _ReadBodyProtocol
from twistio.web._client_redirect import BrowserLikeRedirectAgent
from twistio.web.http_headers import Headers

__name__ = "twisted.web.client"

_DEPRECATION = (
    "twisted.web.client.{} was removed from Twisted in 22.1; twistio keeps it for old "
    "programs. Use twisted.web.client.Agent and readBody instead."
)


def _request(
    url: bytes | str,
    contextFactory: Any,
    method: bytes | str,
    postdata: bytes | None,
    headers: dict[Any, Any] | None,
    agent: bytes | str,
    followRedirect: bool,
    redirectLimit: int,
    timeout: float,
) -> Deferred[Any]:
    from twistio.internet import reactor as _reactor

    reactor: Any = _reactor
    if isinstance(url, str):
        url = url.encode("ascii")
    if isinstance(method, str):
        method = method.encode("ascii")
    if isinstance(agent, str):
        agent = agent.encode("latin-1")
    client = Agent(reactor, contextFactory, connectTimeout=timeout or None)
    requester: Any = client
    if followRedirect:
        requester = BrowserLikeRedirectAgent(client, redirectLimit)
    requestHeaders = Headers({b"user-agent": [agent]})
    for name, value in (headers or {}).items():
        requestHeaders.addRawHeader(name, value)
    body = None if postdata is None else FileBodyProducer(BytesIO(postdata))
    d = requester.request(method, url, requestHeaders, body)
    if timeout:
        call = reactor.callLater(timeout, d.cancel)

        def cancelTimeout(result: object) -> object:
            if call.active():
                call.cancel()
            return result

        d.addBoth(cancelTimeout)
    return d  # type: ignore[no-any-return]


def _checkStatus(response: Any, body: bytes) -> bytes:
    if response.code >= 400:
        error = importlib.import_module("twistio.web.error")
        raise error.Error(b"%d" % (response.code,), response.phrase, body)
    return body


def getPage(
    url: bytes | str,
    contextFactory: Any = None,
    method: bytes | str = b"GET",
    postdata: bytes | None = None,
    headers: dict[Any, Any] | None = None,
    agent: bytes | str = b"Twisted PageGetter",
    timeout: float = 0,
    cookies: Any = None,
    followRedirect: bool = True,
    redirectLimit: int = 20,
    **kwargs: Any,
) -> Deferred[bytes]:
    """Fetch ``url``; the Deferred fires with the body (``twisted.web.error.Error`` for 4xx/5xx).

    Deprecated: use ``Agent`` and ``readBody``.
    """
    warnings.warn(_DEPRECATION.format("getPage"), DeprecationWarning, stacklevel=2)
    d = _request(
        url, contextFactory, method, postdata, headers, agent, followRedirect, redirectLimit,
        timeout,
    )  # fmt: skip

    def gotResponse(response: Any) -> Deferred[bytes]:
        done: Deferred[bytes] = Deferred()
        response.deliverBody(_ReadBodyProtocol(response.code, response.phrase, done))
        return done.addCallback(lambda body: _checkStatus(response, body))

    return d.addCallback(gotResponse)


class _FileWriter(_ReadBodyProtocol):
    """Write body bytes to a file as they come."""

    def __init__(self, response: Any, file: IO[bytes], deferred: Deferred[bytes]) -> None:
        super().__init__(response.code, response.phrase, deferred)
        self._file = file

    def dataReceived(self, data: bytes) -> None:
        if self.status < 400:
            self._file.write(data)
        else:
            self.dataBuffer.append(data)


def downloadPage(
    url: bytes | str,
    file: str | IO[bytes],
    contextFactory: Any = None,
    method: bytes | str = b"GET",
    postdata: bytes | None = None,
    headers: dict[Any, Any] | None = None,
    agent: bytes | str = b"Twisted client",
    timeout: float = 0,
    followRedirect: bool = True,
    redirectLimit: int = 20,
    **kwargs: Any,
) -> Deferred[None]:
    """Fetch ``url`` into ``file`` (a file name or a binary file object).

    The Deferred fires with ``None`` when the body has been written (the file is closed), or
    fails with ``twisted.web.error.Error`` for 4xx/5xx.  Deprecated: use ``Agent``.
    """
    warnings.warn(_DEPRECATION.format("downloadPage"), DeprecationWarning, stacklevel=2)
    d = _request(
        url, contextFactory, method, postdata, headers, agent, followRedirect, redirectLimit,
        timeout,
    )  # fmt: skip

    def gotResponse(response: Any) -> Deferred[None]:
        out: IO[bytes] = open(file, "wb") if isinstance(file, str) else file  # noqa: SIM115
        done: Deferred[bytes] = Deferred()
        response.deliverBody(_FileWriter(response, out, done))

        def finished(result: object) -> object:
            out.close()
            return result

        done.addBoth(finished)
        return done.addCallback(lambda body: _checkStatus(response, body)).addCallback(
            lambda _: None
        )

    return d.addCallback(gotResponse)
