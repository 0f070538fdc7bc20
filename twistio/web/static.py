"""twisted.web.static: serving files (File, with directory listings, ranges and
conditional requests) and in-memory data (Data)."""

from __future__ import annotations

import errno
import mimetypes
import os
import time
import warnings
from collections.abc import Callable, Sequence
from typing import IO, Any

from twistio.python import components, filepath, log
from twistio.python.deprecate import deprecated
from twistio.python.runtime import platformType
from twistio.python.versions import Version
from twistio.web import http, resource, server
from twistio.web._static_listing import DirectoryLister, formatFileSize, getTypeAndEncoding
from twistio.web._static_producers import (
    MultipleRangeStaticProducer,
    NoRangeStaticProducer,
    SingleRangeStaticProducer,
    StaticProducer,
)
from twistio.web.util import redirectTo

__name__ = "twisted.web.static"

__all__ = [
    "ASISProcessor",
    "Data",
    "DirectoryLister",
    "File",
    "MultipleRangeStaticProducer",
    "NoRangeStaticProducer",
    "Redirect",
    "Registry",
    "SingleRangeStaticProducer",
    "StaticProducer",
    "addSlash",
    "formatFileSize",
    "getTypeAndEncoding",
    "isDangerous",
    "loadMimeTypes",
]

from twistio.web.util import Redirect  # noqa: E402  (Twisted re-exports it here)

dangerousPathError = resource._noResource("Invalid request URL.")


def isDangerous(path: bytes) -> bool:
    """Whether a path segment could escape its directory."""
    return path == b".." or b"/" in path or os.sep.encode() in path


class Data(resource.Resource):
    """A leaf serving fixed bytes with a content type."""

    def __init__(self, data: bytes, type: str | bytes) -> None:
        resource.Resource.__init__(self)
        self.data = data
        self.type = type

    def render_GET(self, request: Any) -> bytes:
        ctype = self.type.encode("ascii") if isinstance(self.type, str) else self.type
        request.setHeader(b"content-type", ctype)
        request.setHeader(b"content-length", b"%d" % (len(self.data),))
        if request.method == b"HEAD":
            return b""
        return self.data

    render_HEAD = render_GET


def _addSlash(request: Any) -> bytes:
    """The request's URI with a slash appended to its path (query and fragment kept)."""
    uri = bytes(request.uri)
    ends = [i for i in (uri.find(b"?"), uri.find(b"#")) if i >= 0]
    cut = min(ends) if ends else len(uri)
    return uri[:cut] + b"/" + uri[cut:]


@deprecated(Version("Twisted", 16, 0, 0))
def addSlash(request: Any) -> bytes:
    """The request's absolute URL with a slash appended to its path."""
    return _addSlash(request)


class Registry(components.Componentized):
    """Shared state of the File resources of one site (cached script resources)."""

    def __init__(self) -> None:
        components.Componentized.__init__(self)
        self._pathCache: dict[str, Any] = {}

    def cachePath(self, path: str, rsrc: Any) -> None:
        self._pathCache[path] = rsrc

    def getCachedPath(self, path: str) -> Any:
        return self._pathCache.get(path)


def loadMimeTypes(
    mimetype_locations: Sequence[str] | None = None, init: Callable[..., None] = mimetypes.init
) -> dict[str, str]:
    """File extension -> content type, from the system tables plus a few Twisted adds."""
    init(mimetype_locations)
    contentTypes = dict(mimetypes.types_map)
    contentTypes.update(
        {
            ".conf": "text/plain",
            ".diff": "text/plain",
            ".flac": "audio/x-flac",
            ".java": "text/plain",
            ".oz": "text/x-oz",
            ".swf": "application/x-shockwave-flash",
            ".wml": "text/vnd.wap.wml",
            ".xul": "application/vnd.mozilla.xul+xml",
            ".patch": "text/plain",
        }
    )
    return contentTypes


class File(resource.Resource, filepath.FilePath[str]):  # type: ignore[misc]
    """Serves a file or a directory tree.

    A directory serves its first existing ``indexNames`` entry, else a listing; children
    that would leave the tree (``..``, slashes) are refused with 404.  Files are streamed
    with Last-Modified/If-Modified-Since, Accept-Ranges and single or multiple byte
    ranges; ``processors`` map extensions to resource factories (e.g. ``.rpy``).
    """

    contentTypes = loadMimeTypes()
    contentEncodings = {".gz": "gzip", ".bz2": "bzip2"}
    processors: dict[str, Any] = {}
    indexNames = ["index", "index.html", "index.htm", "index.rpy"]
    type: str | None = None
    encoding: str | None = None
    #: Rendered for missing children and unreadable files; subclasses may replace them.
    childNotFound: Any = resource._noResource("File not found.")
    forbidden: Any = resource._forbiddenResource()

    def __init__(
        self,
        path: str,
        defaultType: str = "text/html",
        ignoredExts: Sequence[str] = (),
        registry: Registry | None = None,
        allowExt: int = 0,
    ) -> None:
        resource.Resource.__init__(self)
        filepath.FilePath.__init__(self, path)
        self.defaultType = defaultType
        if ignoredExts in (0, 1) or allowExt:  # type: ignore[comparison-overlap]
            warnings.warn("ignoredExts should receive a list, not a boolean", stacklevel=2)
            if ignoredExts or allowExt:
                self.ignoredExts = ["*"]
            else:
                self.ignoredExts = []
        else:
            self.ignoredExts = list(ignoredExts)
        self.registry = registry or Registry()

    def ignoreExt(self, ext: str) -> None:
        """Also find ``name`` when ``name + ext`` exists."""
        self.ignoredExts.append(ext)

    def directoryListing(self) -> DirectoryLister:
        """The listing resource for this directory."""
        return DirectoryLister(
            self.path, self.listNames(), self.contentTypes, self.contentEncodings,
            self.defaultType,
        )  # fmt: skip

    def getChild(self, path: bytes, request: Any) -> Any:
        """The child file ``path``: index files for b"", 404 for anything outside."""
        self.restat(reraise=False)
        if not self.isdir():
            return self.childNotFound
        fpath: filepath.FilePath[Any] | None
        if path:
            try:
                name = path.decode("utf-8") if isinstance(path, bytes) else path
            except UnicodeDecodeError:
                log.err(None, f"Could not decode path segment as utf-8: {path!r}")
                return self.childNotFound
            try:
                fpath = self.child(name)
            except filepath.InsecurePath:
                return self.childNotFound
        else:
            fpath = self.childSearchPreauth(*self.indexNames)
            if fpath is None:
                return self.directoryListing()
        if not fpath.exists():
            found = fpath.siblingExtensionSearch(*self.ignoredExts)
            if found is None:
                return self.childNotFound
            fpath = found
        extension = fpath.splitext()[1]
        if platformType == "win32":
            extension = extension.lower()
        processor = self.processors.get(extension)
        if processor:
            return resource.IResource(processor(fpath.path, self.registry))
        return self.createSimilarFile(fpath.path)

    # -- ranges ---------------------------------------------------------------------------
    def openForReading(self) -> IO[bytes]:
        return self.open()

    def getFileSize(self) -> int:
        return int(self.getsize())

    def _parseRangeHeader(self, range: bytes) -> list[tuple[int | None, int | None]]:
        """Parse ``bytes=a-b,c-,-d``; ValueError if malformed or not bytes."""
        try:
            kind, value = range.split(b"=", 1)
        except ValueError:
            raise ValueError("Missing '=' separator") from None
        kind = kind.strip()
        if kind != b"bytes":
            raise ValueError(f"Unsupported Bytes-Unit: {kind!r}")
        unparsedRanges = [r for r in (v.strip() for v in value.split(b",")) if r]
        parsedRanges: list[tuple[int | None, int | None]] = []
        for byteRange in unparsedRanges:
            try:
                startText, endText = byteRange.split(b"-", 1)
            except ValueError:
                raise ValueError(f"Invalid Byte-Range: {byteRange!r}") from None
            start: int | None = None
            end: int | None = None
            if startText:
                try:
                    start = int(startText)
                except ValueError:
                    raise ValueError(f"Invalid Byte-Range: {startText!r}") from None
            if endText:
                try:
                    end = int(endText)
                except ValueError:
                    raise ValueError(f"Invalid Byte-Range: {endText!r}") from None
            if start is not None:
                if end is not None and start > end:
                    raise ValueError(f"Invalid Byte-Range: {byteRange!r}")
            elif end is None:
                raise ValueError(f"Invalid Byte-Range: {byteRange!r}")
            parsedRanges.append((start, end))
        return parsedRanges

    def _rangeToOffsetAndSize(self, start: int | None, end: int | None) -> tuple[int, int]:
        """(offset, size) of a parsed range within the file; (0, 0) if unsatisfiable."""
        size = self.getFileSize()
        if start is None:
            assert end is not None
            start = size - end
            end = size
        elif end is None:
            end = size
        elif end < size:
            end += 1
        elif end > size:
            end = size
        if start >= size:
            start = end = 0
        return start, (end - start)

    def _contentRange(self, offset: int, size: int) -> bytes:
        return b"bytes %d-%d/%d" % (offset, offset + size - 1, self.getFileSize())

    def _doSingleRangeRequest(
        self, request: Any, startAndEnd: tuple[int | None, int | None]
    ) -> tuple[int, int]:
        start, end = startAndEnd
        offset, size = self._rangeToOffsetAndSize(start, end)
        if offset == size == 0:
            request.setResponseCode(http.REQUESTED_RANGE_NOT_SATISFIABLE)
            request.setHeader(b"content-range", b"bytes */%d" % (self.getFileSize(),))
        else:
            request.setResponseCode(http.PARTIAL_CONTENT)
            request.setHeader(b"content-range", self._contentRange(offset, size))
        return offset, size

    def _doMultipleRangeRequest(
        self, request: Any, byteRanges: list[tuple[int | None, int | None]]
    ) -> list[tuple[bytes, int, int]]:
        matchingRangeFound = False
        rangeInfo: list[tuple[bytes, int, int]] = []
        contentLength = 0
        boundary = b"%x%x" % (int(time.time() * 1000000), os.getpid())
        contentType = self.type if self.type else "bytes"
        for start, end in byteRanges:
            partOffset, partSize = self._rangeToOffsetAndSize(start, end)
            if partOffset == partSize == 0:
                continue
            contentLength += partSize
            matchingRangeFound = True
            partContentRange = self._contentRange(partOffset, partSize)
            partSeparator = (
                "\r\n--{}\r\nContent-type: {}\r\nContent-range: {}\r\n\r\n".format(
                    boundary.decode("ascii"), contentType, partContentRange.decode("ascii")
                )
            ).encode("ascii")
            contentLength += len(partSeparator)
            rangeInfo.append((partSeparator, partOffset, partSize))
        if not matchingRangeFound:
            request.setResponseCode(http.REQUESTED_RANGE_NOT_SATISFIABLE)
            request.setHeader(b"content-length", b"0")
            request.setHeader(b"content-range", b"bytes */%d" % (self.getFileSize(),))
            return []
        finalBoundary = b"\r\n--" + boundary + b"--\r\n"
        rangeInfo.append((finalBoundary, 0, 0))
        request.setResponseCode(http.PARTIAL_CONTENT)
        request.setHeader(
            b"content-type", b'multipart/byteranges; boundary="' + boundary + b'"'
        )
        request.setHeader(b"content-length", b"%d" % (contentLength + len(finalBoundary),))
        return rangeInfo

    def _setContentHeaders(self, request: Any, size: int | None = None) -> None:
        if size is None:
            size = self.getFileSize()
        request.setHeader(b"content-length", b"%d" % (size,))
        if self.type:
            request.setHeader(b"content-type", self.type.encode("ascii"))
        if self.encoding:
            request.setHeader(b"content-encoding", self.encoding.encode("ascii"))

    def makeProducer(self, request: Any, fileForReading: IO[bytes]) -> StaticProducer:
        """The producer for the response: whole file, one range or several."""
        byteRange = request.getHeader(b"range")
        if byteRange is None:
            self._setContentHeaders(request)
            request.setResponseCode(http.OK)
            return NoRangeStaticProducer(request, fileForReading)
        try:
            parsedRanges = self._parseRangeHeader(byteRange)
        except ValueError:
            log.msg(f"Ignoring malformed Range header {byteRange.decode('latin-1')!r}")
            self._setContentHeaders(request)
            request.setResponseCode(http.OK)
            return NoRangeStaticProducer(request, fileForReading)
        if len(parsedRanges) == 1:
            offset, size = self._doSingleRangeRequest(request, parsedRanges[0])
            self._setContentHeaders(request, size)
            return SingleRangeStaticProducer(request, fileForReading, offset, size)
        rangeInfo = self._doMultipleRangeRequest(request, parsedRanges)
        return MultipleRangeStaticProducer(request, fileForReading, rangeInfo)

    # -- rendering ------------------------------------------------------------------------
    def render_GET(self, request: Any) -> Any:
        """Stream the file (404 if missing, redirect to add a slash for directories)."""
        self.restat(False)
        if self.type is None:
            self.type, self.encoding = getTypeAndEncoding(
                self.basename(), self.contentTypes, self.contentEncodings, self.defaultType
            )
        if not self.exists():
            return self.childNotFound.render(request)
        if self.isdir():
            return self.redirect(request)
        request.setHeader(b"accept-ranges", b"bytes")
        try:
            fileForReading = self.openForReading()
        except OSError as e:
            if e.errno == errno.EACCES:
                return self.forbidden.render(request)
            raise
        if request.setLastModified(self.getModificationTime()) is http.CACHED:
            fileForReading.close()
            return b""
        producer = self.makeProducer(request, fileForReading)
        if request.method == b"HEAD":
            fileForReading.close()
            return b""
        producer.start()
        # The producer finishes the request.
        return server.NOT_DONE_YET

    render_HEAD = render_GET

    def redirect(self, request: Any) -> bytes:
        return redirectTo(_addSlash(request), request)

    def listNames(self) -> list[str]:  # type: ignore[override]
        if not self.isdir():
            return []
        directory = self.listdir()
        directory.sort()
        return directory

    def listEntities(self) -> list[tuple[Any, Any]]:  # type: ignore[override]
        return [(name, self.createSimilarFile(os.path.join(self.path, name)))
                for name in self.listNames()]  # fmt: skip

    def createSimilarFile(self, path: str) -> File:
        """A File for ``path`` configured like this one."""
        f = self.__class__(path, self.defaultType, self.ignoredExts, self.registry)
        f.processors = self.processors
        f.indexNames = self.indexNames[:]
        f.childNotFound = self.childNotFound
        return f


class ASISProcessor(resource.Resource):
    """Serves a file "as is": the file holds the whole HTTP response head and body."""

    def __init__(self, path: str, registry: Registry | None = None) -> None:
        resource.Resource.__init__(self)
        self.path = path
        self.registry = registry or Registry()

    def render(self, request: Any) -> Any:
        request.startedWriting = 1
        res = File(self.path, registry=self.registry)
        return res.render(request)
