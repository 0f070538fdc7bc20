"""twisted.web.util: redirects, DeferredResource, and HTML rendering of Failures."""

from __future__ import annotations

import linecache
from html import escape
from typing import Any

from twistio.python import reflect
from twistio.python.failure import Failure
from twistio.web import resource
from twistio.web.template import Element, TagLoader, XMLString, flattenString, renderer

__name__ = "twisted.web.util"

__all__ = [
    "ChildRedirector",
    "DeferredResource",
    "FailureElement",
    "ParentRedirect",
    "Redirect",
    "formatFailure",
    "htmlIndent",
    "redirectTo",
]

_REDIRECT_PAGE = """
<html>
    <head>
        <meta http-equiv=\"refresh\" content=\"0;URL={url}\">
    </head>
    <body bgcolor=\"#FFFFFF\" text=\"#000000\">
    <a href=\"{url}\">click here</a>
    </body>
</html>
"""


def _PRE(text: str) -> str:
    """``text`` HTML-escaped inside a <pre> element."""
    return f"<pre>{escape(text)}</pre>"


def htmlIndent(snippetLine: str) -> str:
    """A source line with its indentation kept in HTML (no-break spaces)."""
    return escape(snippetLine).replace("  ", "&nbsp;&nbsp;").replace("\t", "&nbsp;" * 8)


def redirectTo(URL: bytes, request: Any) -> bytes:
    """Answer ``request`` with a 302 to ``URL`` and return a small HTML page linking
    there (the URL HTML-escaped)."""
    if not isinstance(URL, bytes):
        raise TypeError("URL must be bytes")
    request.setHeader(b"Content-Type", b"text/html; charset=utf-8")
    request.redirect(URL)
    page = _REDIRECT_PAGE.format(url=escape(URL.decode("utf-8", "surrogateescape")))
    return page.encode("utf-8", "surrogateescape")


class Redirect(resource.Resource):
    """A leaf that redirects every request to ``url``."""

    isLeaf = True

    def __init__(self, url: bytes) -> None:
        resource.Resource.__init__(self)
        self.url = url

    def render(self, request: Any) -> bytes:
        return redirectTo(self.url, request)

    def getChild(self, name: bytes, request: Any) -> Any:
        return self


class ChildRedirector(Redirect):
    """Redirects to ``url``, appending the child name asked for."""

    isLeaf = False

    def __init__(self, url: bytes) -> None:
        if url.find(b"://") == -1 and _loopsToItself(url):
            raise ValueError(
                f"It seems you've given me a redirect ({url!r}) that is a child of myself! "
                "That's not good, it'll cause an infinite redirect."
            )
        Redirect.__init__(self, url)

    def getChild(self, name: bytes, request: Any) -> Any:
        newUrl = self.url
        if not newUrl.endswith(b"/"):
            newUrl += b"/"
        newUrl += name
        return ChildRedirector(newUrl)


def _loopsToItself(url: bytes) -> bool:
    # A relative redirect that does not go up would loop forever.
    return not url.startswith(b"/") and not url.startswith(b"..")


class ParentRedirect(resource.Resource):
    """Redirects to the parent "directory" of the requested URL (query dropped)."""

    isLeaf = 1

    def render(self, request: Any) -> bytes:
        url = request.prePathURL()
        return redirectTo(url[: url.rindex(b"/") + 1], request)

    def getChild(self, request: Any) -> Any:  # type: ignore[override]
        return self


class DeferredResource(resource.Resource):
    """A resource standing for the one a Deferred will give; rendering waits for it."""

    isLeaf = 1

    def __init__(self, d: Any) -> None:
        resource.Resource.__init__(self)
        self.d = d

    def getChild(self, name: bytes, request: Any) -> Any:
        return self

    def render(self, request: Any) -> int:
        from twistio.web.server import NOT_DONE_YET

        self.d.addCallback(self._cbChild, request).addErrback(self._ebChild, request)
        return NOT_DONE_YET

    def _cbChild(self, child: Any, request: Any) -> None:
        request.render(resource.getChildForRequest(child, request))

    def _ebChild(self, reason: Failure, request: Any) -> None:
        request.processingFailed(reason)


def _nbsp(line: str) -> str:
    return line.replace("  ", " \N{NO-BREAK SPACE}")


class _SourceLineElement(Element):
    """One numbered line of source."""

    def __init__(self, loader: Any, number: int, source: str) -> None:
        Element.__init__(self, loader)
        self.number = number
        self.source = source

    @renderer
    def sourceLine(self, request: Any, tag: Any) -> Any:
        return tag(_nbsp(self.source))

    @renderer
    def lineNumber(self, request: Any, tag: Any) -> Any:
        return tag(str(self.number))


class _SourceFragmentElement(Element):
    """The lines around a frame's current line, that line highlighted."""

    def __init__(self, loader: Any, frame: Any) -> None:
        Element.__init__(self, loader)
        self.frame = frame

    def _getSourceLines(self) -> list[tuple[int, str]]:
        filename, lineNumber = self.frame[1], self.frame[2]
        return [
            (n, linecache.getline(filename, n).rstrip())
            for n in range(lineNumber - 1, lineNumber + 2)
        ]

    @renderer
    def sourceLines(self, request: Any, tag: Any) -> Any:
        for number, sourceLine in self._getSourceLines():
            newTag = tag.clone()
            newTag.attributes["class"] = (
                "snippetHighlightLine" if number == self.frame[2] else "snippetLine"
            )
            yield _SourceLineElement(TagLoader(newTag), number, sourceLine)


class _FrameElement(Element):
    """One frame of a traceback: file, line, function and source."""

    def __init__(self, loader: Any, frame: Any) -> None:
        Element.__init__(self, loader)
        self.frame = frame

    @renderer
    def filename(self, request: Any, tag: Any) -> Any:
        return tag(self.frame[1])

    @renderer
    def lineNumber(self, request: Any, tag: Any) -> Any:
        return tag(str(self.frame[2]))

    @renderer
    def function(self, request: Any, tag: Any) -> Any:
        return tag(self.frame[0])

    @renderer
    def source(self, request: Any, tag: Any) -> Any:
        return _SourceFragmentElement(TagLoader(tag), self.frame)


class _StackElement(Element):
    """A list of frames."""

    def __init__(self, loader: Any, stackFrames: Any) -> None:
        Element.__init__(self, loader)
        self.stackFrames = stackFrames

    @renderer
    def frames(self, request: Any, tag: Any) -> Any:
        return [_FrameElement(TagLoader(tag.clone()), frame) for frame in self.stackFrames]


_FAILURE_TEMPLATE = """\
<div xmlns:t="http://twistedmatrix.com/ns/twisted.web.template/0.1">
  <style type="text/css">
    div.error {
      color: red;
      font-family: Verdana, Arial, helvetica, sans-serif;
      font-weight: bold;
    }
    div.stackTrace { }
    div.frame { padding: 1em; background: white; border-bottom: thin black dashed; }
    div.snippetHighlightLine { color: red; }
    span.code { font-family: "Courier New", courier, monotype; }
  </style>
  <div class="error">
    <span t:render="type" />: <span t:render="value" />
  </div>
  <div class="stackTrace" t:render="traceback">
    <div class="frame" t:render="frames">
      <div class="location">
        <span t:render="filename" />:<span t:render="lineNumber" /> in
        <span class="function" t:render="function" />
      </div>
      <div class="snippet" t:render="source">
        <div t:render="sourceLines">
          <span class="lineno" t:render="lineNumber" />
          <code class="code" t:render="sourceLine" />
        </div>
      </div>
    </div>
  </div>
  <div class="error">
    <span t:render="type" />: <span t:render="value" />
  </div>
</div>
"""


class FailureElement(Element):
    """Renders a Failure as HTML: type, value and every frame with its source."""

    def __init__(self, failure: Failure, loader: Any = None) -> None:
        if loader is None:
            loader = XMLString(_FAILURE_TEMPLATE)
        Element.__init__(self, loader)
        self.failure = failure

    @renderer
    def type(self, request: Any, tag: Any) -> Any:
        return tag(reflect.fullyQualifiedName(self.failure.type))

    @renderer
    def value(self, request: Any, tag: Any) -> Any:
        return tag(str(self.failure.value))

    @renderer
    def traceback(self, request: Any, tag: Any) -> Any:
        return _StackElement(TagLoader(tag), self.failure.frames)


def formatFailure(myFailure: Failure) -> bytes:
    """HTML (ASCII, with character references) describing ``myFailure``."""
    result: list[Any] = []
    flattenString(None, FailureElement(myFailure)).addBoth(result.append)
    if isinstance(result[0], bytes):
        return result[0].decode("utf-8").encode("ascii", "xmlcharrefreplace")
    result[0].raiseException()
    raise AssertionError("unreachable")
