"""Template loaders (XMLString, XMLFile, TagLoader), the ``tags`` factory and renderElement."""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable
from io import StringIO
from typing import IO, Any
from xml.sax import handler, make_parser
from xml.sax.xmlreader import AttributesNSImpl, Locator

from zope.interface import implementer

from twistio.internet.defer import Deferred
from twistio.logger import Logger
from twistio.python.failure import Failure
from twistio.python.filepath import FilePath
from twistio.web._flatten import Flattenable, flatten
from twistio.web._stan import CDATA, Comment, Tag, slot
from twistio.web.iweb import ITemplateLoader

__name__ = "twisted.web._template_util"

#: The XML namespace of template directives (``t:render``, ``t:slot``, ``t:attr``...).
TEMPLATE_NAMESPACE = "http://twistedmatrix.com/ns/twisted.web.template/0.1"

_moduleLog = Logger()

# Equal to twisted.web.server.NOT_DONE_YET; spelled out so templates need not import the server.
_NOT_DONE_YET = 1

#: The tag names ``tags`` offers (HTML 4 and 5; ``xmp`` is deliberately absent).
VALID_HTML_TAG_NAMES = {
    "a", "abbr", "acronym", "address", "applet", "area", "article", "aside", "audio", "b",
    "base", "basefont", "bdi", "bdo", "big", "blockquote", "body", "br", "button", "canvas",
    "caption", "center", "cite", "code", "col", "colgroup", "command", "datalist", "dd", "del",
    "details", "dfn", "dir", "div", "dl", "dt", "em", "embed", "fieldset", "figcaption",
    "figure", "font", "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6",
    "head", "header", "hgroup", "hr", "html", "i", "iframe", "img", "input", "ins", "isindex",
    "kbd", "keygen", "label", "legend", "li", "link", "map", "mark", "menu", "meta", "meter",
    "nav", "noframes", "noscript", "object", "ol", "optgroup", "option", "output", "p", "param",
    "pre", "progress", "q", "rp", "rt", "ruby", "s", "samp", "script", "section", "select",
    "small", "source", "span", "strike", "strong", "style", "sub", "summary", "sup", "table",
    "tbody", "td", "textarea", "tfoot", "th", "thead", "time", "title", "tr", "tt", "u", "ul",
    "var", "video", "wbr",
}  # fmt: skip


class _ToStan(handler.ContentHandler, handler.EntityResolver):
    """A SAX handler building a list of :class:`Tag`/:class:`slot`/text from a template.

    Namespace prefixes are kept as written (``x:a``), ``xmlns`` declarations become ordinary
    attributes after the element's own, and the template namespace turns into directives.
    """

    def __init__(self, sourceFilename: str | None) -> None:
        super().__init__()
        self.sourceFilename = sourceFilename
        self.locator: Locator | None = None
        self.document: list[Any] = []
        self.current: list[Any] = self.document
        self.stack: list[list[Any]] = []
        self.elements: list[Tag | slot] = []
        self.prefixes: list[dict[str, str]] = [{}]
        self.newPrefixes: list[tuple[str | None, str]] = []
        self.inCDATA = False

    def setDocumentLocator(self, locator: Locator) -> None:
        self.locator = locator

    def _where(self) -> tuple[int | None, int | None]:
        if self.locator is None:
            return None, None
        return self.locator.getLineNumber(), self.locator.getColumnNumber()

    def startPrefixMapping(self, prefix: str | None, uri: str) -> None:
        self.newPrefixes.append((prefix, uri))

    def endPrefixMapping(self, prefix: str | None) -> None:
        pass

    def _qualified(self, uri: str | None, local: str) -> str:
        if uri is None:
            return local
        prefix = self.prefixes[-1].get(uri)
        return f"{prefix}:{local}" if prefix else local

    def startElementNS(
        self, name: tuple[str | None, str], qname: str | None, attrs: AttributesNSImpl
    ) -> None:
        context = dict(self.prefixes[-1])
        declared: dict[str, str] = {}
        for prefix, prefixURI in self.newPrefixes:
            context[prefixURI] = prefix or ""
            if prefixURI != TEMPLATE_NAMESPACE:
                declared["xmlns:" + prefix if prefix else "xmlns"] = prefixURI
        self.newPrefixes = []
        self.prefixes.append(context)
        line, column = self._where()
        uri, local = name
        values: dict[tuple[str | None, str], str] = dict(attrs.items())
        element: Tag | slot
        if uri == TEMPLATE_NAMESPACE:
            if local == "slot":
                element = slot(
                    values[(None, "name")],
                    default=values.get((None, "default")),
                    filename=self.sourceFilename,
                    lineNumber=line,
                    columnNumber=column,
                )
                self.current.append(element)
                self._push(element, element.children)
                return
            if local == "attr":
                assert self.elements, f"<{{{TEMPLATE_NAMESPACE}}}attr> usage not valid at top level"
                assert (None, "name") in values, (
                    f"<{{{TEMPLATE_NAMESPACE}}}attr> requires a name attribute"
                )
                element = Tag(
                    "",
                    filename=self.sourceFilename,
                    lineNumber=line,
                    columnNumber=column,
                )
                parent = self.elements[-1]
                if isinstance(parent, Tag):
                    parent.attributes[values[(None, "name")]] = element
                self._push(element, element.children)
                return
            # t:transparent, and any other directive element, renders only its children.
            local = ""
        render = None
        attributes: dict[str | bytes, Flattenable] = {}
        for (attrURI, attrLocal), value in values.items():
            if attrURI == TEMPLATE_NAMESPACE:
                if attrLocal == "render":
                    render = value
                continue
            attributes[self._qualified(attrURI, attrLocal)] = value
        attributes.update(declared)
        tag = Tag(
            self._qualified(uri, local) if local else "",
            attributes=attributes,
            render=render,
            filename=self.sourceFilename,
            lineNumber=line,
            columnNumber=column,
        )
        self.current.append(tag)
        self._push(tag, tag.children)

    def _push(self, element: Tag | slot, children: list[Any]) -> None:
        self.elements.append(element)
        self.stack.append(self.current)
        self.current = children

    def endElementNS(self, name: tuple[str | None, str], qname: str | None) -> None:
        self.prefixes.pop()
        self.elements.pop()
        self.current = self.stack.pop()

    def characters(self, content: str) -> None:
        if self.inCDATA:
            self.current[-1].data += content
        else:
            self.current.append(content)

    def ignorableWhitespace(self, whitespace: str) -> None:
        self.characters(whitespace)

    def processingInstruction(self, target: str, data: str) -> None:
        pass

    # Lexical handler (comments and CDATA sections), registered as a parser property.
    def comment(self, content: str) -> None:
        self.current.append(Comment(content))

    def startCDATA(self) -> None:
        self.inCDATA = True
        self.current.append(CDATA(""))

    def endCDATA(self) -> None:
        self.inCDATA = False

    def startDTD(self, name: str, publicId: str | None, systemId: str | None) -> None:
        pass

    def endDTD(self) -> None:
        pass

    def startEntity(self, name: str) -> None:
        pass

    def endEntity(self, name: str) -> None:
        pass


def _flatsaxParse(fl: str | IO[Any], sourceFilename: str | None = None) -> list[Any]:
    """Parse the XML template in file name or file object ``fl`` into a document list."""
    parser = make_parser()
    parser.setFeature(handler.feature_validation, False)
    parser.setFeature(handler.feature_namespaces, True)
    parser.setFeature(handler.feature_external_ges, False)
    parser.setFeature(handler.feature_external_pes, False)
    stan = _ToStan(sourceFilename)
    parser.setContentHandler(stan)
    parser.setEntityResolver(stan)
    parser.setProperty(handler.property_lexical_handler, stan)
    parser.parse(fl)
    return stan.document


@implementer(ITemplateLoader)
class TagLoader:
    """A loader whose template is an existing tag."""

    def __init__(self, tag: Flattenable) -> None:
        self.tag = tag

    def load(self) -> list[Flattenable]:
        """Return ``[tag]``."""
        return [self.tag]


@implementer(ITemplateLoader)
class XMLString:
    """A loader for a template in a string (parsed at once, so errors show at construction)."""

    def __init__(self, s: str | bytes) -> None:
        if isinstance(s, bytes):
            s = s.decode("utf-8")
        self._loadedTemplate: list[Flattenable] = _flatsaxParse(StringIO(s))

    def load(self) -> list[Flattenable]:
        """Return the parsed template (the same objects each time)."""
        return self._loadedTemplate


@implementer(ITemplateLoader)
class XMLFile:
    """A loader for a template in a file, read on the first :meth:`load`.

    Give a :class:`FilePath`; a file name or a file object still works but warns.
    """

    def __init__(self, path: FilePath[Any]) -> None:
        if not isinstance(path, FilePath):
            warnings.warn(
                "Passing filenames or file objects to XMLFile is deprecated "
                "since Twisted 12.1.  Pass a FilePath instead.",
                category=DeprecationWarning,
                stacklevel=2,
            )
        self._loadedTemplate: list[Flattenable] | None = None
        self._path: Any = path

    def _loadDoc(self) -> list[Flattenable]:
        path = self._path
        if isinstance(path, FilePath):
            with path.open("r") as f:
                return _flatsaxParse(f, path.path)
        if isinstance(path, str):
            with open(path, "rb") as f:
                return _flatsaxParse(f, path)
        return _flatsaxParse(path, getattr(path, "name", None))

    def __repr__(self) -> str:
        return f"<XMLFile of {self._path!r}>"

    def load(self) -> list[Flattenable]:
        """Return the parsed template (the same objects each time)."""
        if self._loadedTemplate is None:
            self._loadedTemplate = self._loadDoc()
        return self._loadedTemplate


class _TagFactory:
    """``tags.div`` is a new ``Tag("div")``; ``tags.transparent`` is ``Tag("")``.

    A trailing underscore is dropped (``tags.del_``); names that are not HTML tags raise
    :class:`AttributeError`.
    """

    def __getattr__(self, tagName: str) -> Tag:
        if tagName == "transparent":
            return Tag("")
        tagName = tagName.rstrip("_")
        if tagName not in VALID_HTML_TAG_NAMES:
            raise AttributeError(f"unknown tag {tagName!r}")
        return Tag(tagName)


tags = _TagFactory()


def renderElement(
    request: Any,
    element: Any,
    doctype: bytes | None = b"<!DOCTYPE html>",
    _failElement: Callable[[Failure], Any] | None = None,
) -> object:
    """Write ``doctype`` and the flattened ``element`` to ``request``, then finish it.

    Returns ``NOT_DONE_YET`` (to be returned from a ``render_*`` method).  A failure is logged;
    the page then ends with the rendered ``_failElement(failure)`` (by default
    ``twisted.web.util.FailureElement``) if the site displays tracebacks, and with a short error
    message otherwise.
    """
    if doctype is not None:
        request.write(doctype)
        request.write(b"\n")

    def failed(failure: Failure) -> Deferred[None] | None:
        _moduleLog.failure("An error occurred while rendering the response.", failure=failure)
        site = getattr(request, "site", None)
        if site is not None and site.displayTracebacks:
            failElement = _failElement
            if failElement is None:
                # twisted.web.util imports the server; only a failing page needs it.
                util = importlib.import_module("twistio.web.util")
                failElement = util.FailureElement
            return flatten(request, failElement(failure), request.write)
        request.write(
            b'<div style="font-size:800%;'
            b"background-color:#FFF;"
            b"color:#F00"
            b'">An error occurred while rendering the response.</div>'
        )
        return None

    def finish(result: object) -> object:
        request.finish()
        return result

    d = flatten(request, element, request.write)
    d.addErrback(failed)
    d.addBoth(finish)
    return _NOT_DONE_YET
