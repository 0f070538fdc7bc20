"""twisted.web.twcgi: CGI scripts as resources (CGIScript, CGIDirectory, FilteredScript
and the process protocol that turns a script's output into the response)."""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import unquote_to_bytes

from twistio.internet import protocol
from twistio.logger import Logger
from twistio.python import filepath
from twistio.web import http, resource, server, static

__name__ = "twisted.web.twcgi"

__all__ = ["CGIDirectory", "CGIProcessProtocol", "CGIScript", "FilteredScript", "PHPScript",
           "PHP3Script"]  # fmt: skip


def _defaultReactor() -> Any:
    from twistio.internet import reactor

    return reactor


class CGIDirectory(resource.Resource, filepath.FilePath[str]):  # type: ignore[misc]
    """A directory whose files are CGI scripts (subdirectories likewise)."""

    def __init__(self, pathname: str) -> None:
        resource.Resource.__init__(self)
        filepath.FilePath.__init__(self, pathname)

    def getChild(self, path: bytes, request: Any) -> Any:
        name = path.decode("utf-8") if isinstance(path, bytes) else path
        fnp = filepath.FilePath(self.path).child(name)
        if not fnp.exists():
            return static.File.childNotFound
        if fnp.isdir():
            return CGIDirectory(fnp.path)
        return CGIScript(fnp.path)

    def render(self, request: Any) -> bytes:
        notFound = resource._noResource("CGI directories do not support directory listing.")
        return notFound.render(request)


class CGIScript(resource.Resource):
    """Runs ``filename`` as a CGI/1.1 script for every request (a leaf: the rest of the
    path becomes PATH_INFO)."""

    isLeaf = True

    def __init__(self, filename: str, registry: Any = None, reactor: Any = None) -> None:
        resource.Resource.__init__(self)
        self.filename = filename
        self._reactor = reactor if reactor is not None else _defaultReactor()

    def render(self, request: Any) -> int:
        scriptName = b"/" + b"/".join(request.prepath)
        serverName = request.getRequestHostname().split(b":")[0]
        env: dict[Any, Any] = {
            "SERVER_SOFTWARE": server.version,
            "SERVER_NAME": serverName,
            "GATEWAY_INTERFACE": "CGI/1.1",
            "SERVER_PROTOCOL": request.clientproto,
            "SERVER_PORT": str(request.getHost().port),
            "REQUEST_METHOD": request.method,
            "SCRIPT_NAME": scriptName,
            "SCRIPT_FILENAME": self.filename,
            "REQUEST_URI": request.uri,
        }
        ip = getattr(request.getClientAddress(), "host", None)
        if ip is not None:
            env["REMOTE_ADDR"] = ip
        if request.postpath:
            env["PATH_INFO"] = "/" + "/".join(
                p.decode("utf-8", "surrogateescape") if isinstance(p, bytes) else p
                for p in request.postpath
            )
        if getattr(request, "content", None) is not None:
            request.content.seek(0, 2)
            length = request.content.tell()
            request.content.seek(0, 0)
            env["CONTENT_LENGTH"] = str(length)
        qargs: list[bytes] = []
        qindex = request.uri.find(b"?")
        if qindex == -1:
            env["QUERY_STRING"] = ""
        else:
            qs = env["QUERY_STRING"] = request.uri[qindex + 1 :]
            # An "isindex" query (no "=") becomes the script's arguments.
            if b"=" not in qs:
                qargs = [unquote_to_bytes(x) for x in qs.split(b"+")]
        for title, header in request.getAllHeaders().items():
            envname = title.replace(b"-", b"_").upper()
            if title not in (b"content-type", b"content-length", b"proxy"):
                envname = b"HTTP_" + envname
            env[envname] = header
        for key, value in os.environ.items():
            if key not in env:
                env[key] = value
        self.runProcess(env, request, qargs)
        return server.NOT_DONE_YET

    def runProcess(self, env: dict[Any, Any], request: Any, qargs: list[bytes] = []) -> None:  # noqa: B006
        """Spawn the script with ``env`` (override to run something else)."""
        p = CGIProcessProtocol(request)
        self._reactor.spawnProcess(
            p, self.filename, [self.filename, *qargs], env, os.path.dirname(self.filename)
        )


class FilteredScript(CGIScript):
    """A script run through an interpreter: ``filter filename``."""

    filter = "/usr/bin/cat"

    def runProcess(self, env: dict[Any, Any], request: Any, qargs: list[bytes] = []) -> None:  # noqa: B006
        p = CGIProcessProtocol(request)
        self._reactor.spawnProcess(
            p, self.filter, [self.filter, self.filename, *qargs], env,
            os.path.dirname(self.filename),
        )  # fmt: skip


class PHP3Script(FilteredScript):
    """A PHP 3 script (via /usr/bin/php3)."""

    filter = "/usr/bin/php3"


class PHPScript(FilteredScript):
    """A PHP script (via /usr/bin/php4-cgi)."""

    filter = "/usr/bin/php4-cgi"


class CGIProcessProtocol(protocol.ProcessProtocol):
    """Feeds the request body to the script and turns its output (CGI headers, blank
    line, body) into the response."""

    handling = 1
    headersSent = 0
    headertext = b""
    errortext = b""
    _log = Logger()
    _requestFinished = False

    def __init__(self, request: Any) -> None:
        self.request = request
        self.request.notifyFinish().addBoth(self._finished)

    def _finished(self, ignored: Any) -> None:
        self._requestFinished = True

    def resumeProducing(self) -> None:
        self.transport.resumeProducing()

    def pauseProducing(self) -> None:
        self.transport.pauseProducing()

    def stopProducing(self) -> None:
        self.transport.loseConnection()

    def view_resumeProducing(self, issuer: Any) -> None:
        self.resumeProducing()

    def view_pauseProducing(self, issuer: Any) -> None:
        self.pauseProducing()

    def view_stopProducing(self, issuer: Any) -> None:
        self.stopProducing()

    def connectionMade(self) -> None:
        self.request.registerProducer(self, 1)
        self.request.content.seek(0, 0)
        content = self.request.content.read()
        if content:
            self.transport.write(content)
        self.transport.closeStdin()

    def errReceived(self, error: bytes) -> None:
        self.errortext = self.errortext + error

    def outReceived(self, output: bytes) -> None:
        if self.handling:
            self.headertext = self.headertext + output
            found = []
            for delimiter in (b"\n\n", b"\r\n\r\n", b"\r\r", b"\n\r\n"):
                at = self.headertext.find(delimiter)
                if at != -1:
                    found.append((at, delimiter))
            if not found:
                return
            found.sort()
            headerend, delimiter = found[0]
            linebreak = delimiter[: len(delimiter) // 2]
            for header in self.headertext[:headerend].split(linebreak):
                br = header.find(b": ")
                if br == -1:
                    self._log.error("ignoring malformed CGI header: {header!r}", header=header)
                    continue
                headerName = header[:br].lower()
                headerText = header[br + 2 :]
                if headerName == b"location":
                    self.request.setResponseCode(http.FOUND)
                if headerName == b"status":
                    try:
                        statusNum = int(headerText[:3])
                    except ValueError:
                        self._log.error("invalid status code {status!r}", status=headerText)
                    else:
                        self.request.setResponseCode(statusNum)
                elif headerName not in (b"server", b"date"):
                    # Every other header is passed on, Location included; the server's
                    # own Server and Date stand.
                    self.request.responseHeaders.addRawHeader(headerName, headerText)
            output = self.headertext[headerend + len(delimiter) :]
            self.handling = 0
        if self.handling == 0 and output:
            self.request.write(output)

    def processEnded(self, reason: Any) -> None:
        exitCode = getattr(reason.value, "exitCode", 0)
        if exitCode != 0:
            self._log.error(
                "CGI {uri} exited with exit code {exitCode}",
                uri=self.request.uri, exitCode=exitCode,
            )  # fmt: skip
        if self.errortext:
            self._log.error(
                "Errors from CGI {uri}: {errorText}",
                uri=self.request.uri, errorText=self.errortext,
            )  # fmt: skip
        if self._requestFinished:
            return
        if self.handling:
            self._log.error(
                "Premature end of script headers; errors follow:\n{errorText}",
                errorText=self.errortext,
            )
            self.request.setResponseCode(http.INTERNAL_SERVER_ERROR)
            self.request.write(
                resource._errorPage(
                    http.INTERNAL_SERVER_ERROR, "CGI Script Error",
                    "Premature end of script headers.",
                ).render(self.request)
            )  # fmt: skip
        self.request.unregisterProducer()
        self.request.finish()
