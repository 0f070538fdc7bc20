"""DirectoryLister: the HTML listing static.File shows for a directory without index."""

from __future__ import annotations

import os
from html import escape
from typing import Any
from urllib.parse import quote, unquote

from twistio.python import filepath
from twistio.web import resource

__name__ = "twisted.web.static"


def formatFileSize(size: int) -> str:
    """A human-readable size: 5B, 4K, 4M, 4G."""
    if size < 1024:
        return f"{size}B"
    if size < 1024**2:
        return f"{size // 1024}K"
    if size < 1024**3:
        return f"{size // 1024**2}M"
    return f"{size // 1024**3}G"


def getTypeAndEncoding(
    filename: str, types: dict[str, str], encodings: dict[str, str], defaultType: str
) -> tuple[str, str | None]:
    """The (content type, content encoding) of a file name: ``a.tar.gz`` is an
    ``application/x-tar`` file in ``gzip`` encoding."""
    p, ext = os.path.splitext(filename)
    ext = ext.lower()
    enc: str | None
    if ext in encodings:
        enc = encodings[ext]
        ext = os.path.splitext(p)[1].lower()
    else:
        enc = None
    return types.get(ext, defaultType), enc


_LISTING_TEMPLATE = """<html>
<head>
<title>%(header)s</title>
<style>
.even-dir { background-color: #efe0ef }
.even { background-color: #eee }
.odd-dir {background-color: #f0d0ef }
.odd { background-color: #dedede }
.icon { text-align: center }
.listing {
    margin-left: auto;
    margin-right: auto;
    width: 50%%;
    padding: 0.1em;
    }

body { border: 0; padding: 0; margin: 0; background-color: #efefef; }
h1 {padding: 0.1em; background-color: #777; color: white; border-bottom: thin white dashed;}

</style>
</head>

<body>
<h1>%(header)s</h1>

<table>
    <thead>
        <tr>
            <th>Filename</th>
            <th>Size</th>
            <th>Content type</th>
            <th>Content encoding</th>
        </tr>
    </thead>
    <tbody>
%(tableContent)s
    </tbody>
</table>

</body>
</html>
"""

_LINE_PATTERN = """<tr class="%(class)s">
    <td><a href="%(href)s">%(text)s</a></td>
    <td>%(size)s</td>
    <td>%(type)s</td>
    <td>%(encoding)s</td>
</tr>
"""


class DirectoryLister(resource.Resource):
    """Lists the files of ``pathname`` (or only ``dirs`` if given) as an HTML table,
    directories first, with sizes, types and encodings."""

    template = _LISTING_TEMPLATE
    linePattern = _LINE_PATTERN

    def __init__(
        self,
        pathname: str | None,
        dirs: list[str] | None = None,
        contentTypes: dict[str, str] | None = None,
        contentEncodings: dict[str, str] | None = None,
        defaultType: str = "text/html",
    ) -> None:
        resource.Resource.__init__(self)
        if contentTypes is None:
            from twistio.web.static import File

            contentTypes = File.contentTypes
        if contentEncodings is None:
            contentEncodings = {".gz": "gzip", ".bz2": "bzip2"}
        self.contentTypes = contentTypes
        self.contentEncodings = contentEncodings
        self.defaultType = defaultType
        self.dirs = dirs
        self.path = pathname

    def _getFilesAndDirectories(
        self, directory: list[str]
    ) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
        """Rows for the listing: (directories, files); broken links are left out."""
        files = []
        dirs = []
        assert self.path is not None
        for path in directory:
            if isinstance(path, bytes):
                path = path.decode("utf8")
            url = quote(path, "/")
            escapedPath = escape(path)
            childPath = filepath.FilePath(self.path).child(path)
            if childPath.isdir():
                dirs.append(
                    {"text": escapedPath + "/", "href": url + "/", "size": "",
                     "type": "[Directory]", "encoding": ""}
                )  # fmt: skip
            else:
                mimetype, encoding = getTypeAndEncoding(
                    path, self.contentTypes, self.contentEncodings, self.defaultType
                )
                try:
                    size = childPath.getsize()
                except OSError:
                    continue
                files.append(
                    {
                        "text": escapedPath,
                        "href": url,
                        "type": f"[{mimetype}]",
                        "encoding": (f"[{encoding}]" if encoding else ""),
                        "size": formatFileSize(size),
                    }
                )
        return dirs, files

    def _buildTableContent(self, elements: list[dict[str, str]]) -> list[str]:
        """One table row per element, alternating odd/even classes."""
        tableContent = []
        rowClasses = ["odd", "even"]
        for n, row in enumerate(elements):
            row = dict(row)
            row["class"] = rowClasses[n % 2]
            tableContent.append(self.linePattern % row)
        return tableContent

    def render(self, request: Any) -> bytes:
        """The listing page for this directory."""
        request.setHeader(b"content-type", b"text/html; charset=utf-8")
        if self.dirs is None:
            assert self.path is not None
            directory = os.listdir(self.path)
            directory.sort()
        else:
            directory = self.dirs
        dirs, files = self._getFilesAndDirectories(directory)
        tableContent = "".join(self._buildTableContent(dirs + files))
        header = "Directory listing for {}".format(
            escape(unquote(request.uri.decode("ascii", "replace")))
        )
        done = self.template % {"header": header, "tableContent": tableContent}
        return done.encode("utf8")

    def __repr__(self) -> str:
        return f"<DirectoryLister of {self.path!r}>"

    __str__ = __repr__
