"""twisted.web.wsgi: run a WSGI (PEP 3333) application as a resource.

The application runs in a thread pool; its writes and the end of the response are
handed to the reactor thread (``blockingCallFromThread``/``callFromThread``), which alone
touches the request.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator, Sequence
from sys import exc_info
from typing import IO, Any

from zope.interface import implementer

from twistio.internet.threads import blockingCallFromThread
from twistio.logger import Logger
from twistio.python import log
from twistio.python.failure import Failure
from twistio.web.http import INTERNAL_SERVER_ERROR
from twistio.web.resource import IResource
from twistio.web.server import NOT_DONE_YET

__name__ = "twisted.web.wsgi"

__all__ = ["WSGIResource"]


def _wsgiString(string: bytes | str) -> str:
    """A WSGI "native string": text whose code points are the ISO-8859-1 bytes."""
    if isinstance(string, str):
        return string.encode("iso-8859-1").decode("iso-8859-1")
    return string.decode("iso-8859-1")


def _wsgiStringToBytes(string: str) -> bytes:
    return string.encode("iso-8859-1")


class _ErrorStream:
    """``wsgi.errors``: text written to it goes to the log as errors."""

    def write(self, data: str) -> None:
        if not isinstance(data, str):
            raise TypeError(
                f"write() argument must be str, not {data!r} ({type(data).__name__})"
            )
        # A legacy-log error event, as Twisted emits (message=(data,), system="wsgi").
        log.msg(data, system="wsgi", isError=True)

    def writelines(self, iovec: Iterable[str]) -> None:
        self.write("".join(iovec))

    def flush(self) -> None:
        pass


class _InputStream:
    """``wsgi.input``: the request body (negative sizes mean "all", as PEP 3333 asks)."""

    def __init__(self, input: IO[bytes]) -> None:
        self._wrapped = input

    def read(self, size: int | None = None) -> bytes:
        if size is None or size < 0:
            return self._wrapped.read()
        return self._wrapped.read(size)

    def readline(self, size: int | None = None) -> bytes:
        if size is not None and size < 0:
            size = None
        if size is None:
            return self._wrapped.readline()
        return self._wrapped.readline(size)

    def readlines(self, hint: int | None = None) -> list[bytes]:
        if hint is None or hint < 0:
            return self._wrapped.readlines()
        return self._wrapped.readlines(hint)

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._wrapped)


class _WSGIResponse:
    """One call of the application for one request."""

    _requestFinished = False
    _log = Logger()

    def __init__(self, reactor: Any, threadpool: Any, application: Any, request: Any) -> None:
        self.started = False
        self.reactor = reactor
        self.threadpool = threadpool
        self.application = application
        self.request = request
        # The application chooses its own Content-Type; the server must not add one.
        self.request.defaultContentType = None
        self.request.notifyFinish().addBoth(self._finished)

        scriptName = b"/" + b"/".join(request.prepath) if request.prepath else b""
        pathInfo = b"/" + b"/".join(request.postpath) if request.postpath else b""
        parts = request.uri.split(b"?", 1)
        queryString = b"" if len(parts) == 1 else parts[1]
        client = request.getClientAddress()
        remote = getattr(client, "host", None)
        self.environ: dict[str, Any] = {
            "REQUEST_METHOD": _wsgiString(request.method),
            "REMOTE_ADDR": _wsgiString(remote) if remote is not None else "",
            "SCRIPT_NAME": _wsgiString(scriptName),
            "PATH_INFO": _wsgiString(pathInfo),
            "QUERY_STRING": _wsgiString(queryString),
            "CONTENT_TYPE": _wsgiString(request.getHeader(b"content-type") or ""),
            "CONTENT_LENGTH": _wsgiString(request.getHeader(b"content-length") or ""),
            "SERVER_NAME": _wsgiString(request.getRequestHostname()),
            "SERVER_PORT": _wsgiString(str(request.getHost().port)),
            "SERVER_PROTOCOL": _wsgiString(request.clientproto),
        }
        port = getattr(client, "port", None)
        if port is not None:
            self.environ["REMOTE_PORT"] = str(port)
        for name, values in request.requestHeaders.getAllRawHeaders():
            key = "HTTP_" + _wsgiString(name).upper().replace("-", "_")
            self.environ[key] = ",".join(_wsgiString(v) for v in values)
        self.environ.update(
            {
                "wsgi.version": (1, 0),
                "wsgi.url_scheme": "https" if request.isSecure() else "http",
                "wsgi.run_once": False,
                "wsgi.multithread": True,
                "wsgi.multiprocess": False,
                "wsgi.errors": _ErrorStream(),
                "wsgi.input": _InputStream(request.content),
            }
        )

    def _finished(self, ignored: Any) -> None:
        self._requestFinished = True

    def startResponse(self, status: str, headers: Any, excInfo: Any = None) -> Any:
        """The application's ``start_response``: check and remember status and headers."""
        if self.started and excInfo is not None:
            raise excInfo[1].with_traceback(excInfo[2])
        if not isinstance(status, str):
            raise TypeError(f"status must be str, not {status!r} ({type(status).__name__})")
        if isinstance(headers, list):
            pass
        elif isinstance(headers, Sequence):
            # PEP 3333 says list; other sequences are accepted with a warning.
            warnings.warn(
                f"headers should be a list, not {headers!r} ({type(headers).__name__})",
                category=RuntimeWarning,
                stacklevel=2,
            )
        else:
            raise TypeError(f"headers must be a list, not {headers!r} ({type(headers).__name__})")
        for header in headers:
            if isinstance(header, tuple):
                pass
            elif isinstance(header, list):
                warnings.warn(
                    f"header should be a (str, str) tuple, not {header!r} "
                    f"({type(header).__name__})",
                    category=RuntimeWarning,
                    stacklevel=2,
                )
            else:
                raise TypeError(
                    f"header must be a (str, str) tuple, not {header!r} ({type(header).__name__})"
                )
            if len(header) != 2:
                raise TypeError(f"header must be a (str, str) tuple, not {tuple(header)!r}")
            for elem in header:
                if not isinstance(elem, str):
                    raise TypeError(f"header must be (str, str) tuple, not {tuple(header)!r}")
        self.status = status
        self.headers = headers
        return self.write

    def write(self, data: bytes) -> None:
        """The ``write`` callable: send ``data`` from the application thread."""

        def wsgiWrite(started: bool) -> None:
            if not started:
                self._sendResponseHeaders()
            self.request.write(data)

        try:
            return blockingCallFromThread(self.reactor, wsgiWrite, self.started)  # type: ignore[no-any-return]
        finally:
            self.started = True

    def _sendResponseHeaders(self) -> None:
        code, message = self.status.split(None, 1)
        self.request.setResponseCode(int(code), _wsgiStringToBytes(message))
        for name, value in self.headers:
            # The server sets its own Server and Date headers.
            if name.lower() not in ("server", "date"):
                self.request.responseHeaders.addRawHeader(
                    _wsgiStringToBytes(name), _wsgiStringToBytes(value)
                )

    def start(self) -> None:
        """Run the application in the thread pool."""
        self.threadpool.callInThread(self.run)

    def run(self) -> None:
        """Call the application and send what it returns (in a pool thread)."""
        try:
            appIterator = self.application(self.environ, self.startResponse)
            for elem in appIterator:
                if elem:
                    self.write(elem)
                if self._requestFinished:
                    break
            close = getattr(appIterator, "close", None)
            if close is not None:
                close()
        except BaseException:

            def wsgiError(started: bool, type: Any, value: Any, traceback: Any) -> None:
                self._log.failure(
                    "WSGI application error", failure=Failure(value, type, traceback)
                )
                if started:
                    self.request.loseConnection()
                else:
                    self.request.setResponseCode(INTERNAL_SERVER_ERROR)
                    self.request.finish()

            self.reactor.callFromThread(wsgiError, self.started, *exc_info())
        else:

            def wsgiFinish(started: bool) -> None:
                if not self._requestFinished:
                    if not started:
                        self._sendResponseHeaders()
                    self.request.finish()

            self.reactor.callFromThread(wsgiFinish, self.started)
        self.started = True


@implementer(IResource)
class WSGIResource:
    """A leaf resource running ``application`` for every request, in ``threadpool``."""

    isLeaf = True

    def __init__(self, reactor: Any, threadpool: Any, application: Any) -> None:
        self._reactor = reactor
        self._threadpool = threadpool
        self._application = application

    def render(self, request: Any) -> int:
        response = _WSGIResponse(self._reactor, self._threadpool, self._application, request)
        response.start()
        return NOT_DONE_YET

    def getChildWithDefault(self, name: bytes, request: Any) -> Any:
        raise RuntimeError("Cannot get IResource children from WSGIResource")

    def putChild(self, path: bytes, child: Any) -> None:
        raise RuntimeError("Cannot put IResource children under WSGIResource")
